"""Dagster's own commands work in a fresh checkout with nothing set: no ``ICP_*``, no
``DAGSTER_HOME``. Dagster then reads the checkout's ``dagster.yaml``, whose storage
resolves the project's settings and starts the embedded server under ``./.icp``: the
instance the ``icp`` command uses.

The checkout is a folder of links to this one's files (so nothing of this checkout's own
``.icp`` is read or started), and each command runs as a data engineer types it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from icp_assets.settings import PROJECT_ROOT
from resources.database import EMBEDDED_WAREHOUSE_DB, embedded_data_dir, stop_embedded_server

BIN = Path(sys.executable).parent
# What a clone has besides what git ignores (the virtual environment, .icp, caches).
SKIPPED = {"test-results", "build", "dist", "test-output"}


@pytest.fixture(scope="module")
def fresh_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("checkout")
    for entry in PROJECT_ROOT.iterdir():
        if entry.name.startswith(".") or entry.name.endswith(".egg-info"):
            continue
        if entry.name not in SKIPPED:
            (root / entry.name).symlink_to(entry)
    yield root
    stop_embedded_server(root / ".icp")


@pytest.fixture(scope="module")
def clean_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Only PATH (the virtual environment's commands first) and a HOME of its own."""
    home = tmp_path_factory.mktemp("home")
    return {"PATH": os.pathsep.join([str(BIN), "/usr/bin", "/bin"]), "HOME": str(home)}


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _tables(home: Path, database: str) -> set[str]:
    """The tables of ``database`` on the embedded server under ``home``."""
    # postmaster.pid's fifth line is the server's socket directory.
    socket_dir = (embedded_data_dir(home) / "postmaster.pid").read_text().splitlines()[4]
    with psycopg.connect(f"postgresql://postgres@/{database}?host={socket_dir}") as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row[0] for row in rows.fetchall()}


def test_dagster_definitions_validate_passes_in_a_fresh_checkout_with_nothing_set(
    fresh_checkout: Path, clean_env: dict[str, str]
):
    result = run(
        ["dagster", "definitions", "validate", "-w", "workspace.yaml"], fresh_checkout, clean_env
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "All code locations passed validation" in output
    # The instance is the project's: dagster-postgres on the embedded server in ./.icp.
    dagster_tables = _tables(fresh_checkout / ".icp", f"{EMBEDDED_WAREHOUSE_DB}_dagster")
    assert {"runs", "event_logs", "instigators"} <= dagster_tables


def test_dg_check_defs_passes_in_a_fresh_checkout_with_nothing_set(
    fresh_checkout: Path, clean_env: dict[str, str]
):
    result = run(["dg", "check", "defs"], fresh_checkout, clean_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All definitions loaded successfully." in result.stdout


def test_dg_list_defs_lists_the_code_location_of_workspace_yaml(
    fresh_checkout: Path, clean_env: dict[str, str]
):
    result = run(["dg", "list", "defs", "--json"], fresh_checkout, clean_env)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = json.loads(result.stdout)
    assert {"seeds", "suggestions"} <= {asset["asset_key"] for asset in listed["assets"]}
    assert "tenant_pipeline" in {job["name"] for job in listed["jobs"]}
    assert "intake_sensor" in {sensor["name"] for sensor in listed["sensors"]}


def test_the_code_location_brings_the_embedded_warehouse_up_to_date_on_first_use(
    fresh_checkout: Path, clean_env: dict[str, str]
):
    # What the sensors of a `dagster dev` on a fresh clone do first: no `icp db upgrade`.
    code = "from resources.warehouse import WarehouseResource; WarehouseResource().get_warehouse()"
    result = run(["python", "-c", code], fresh_checkout, clean_env)
    assert result.returncode == 0, result.stdout + result.stderr
    tables = _tables(fresh_checkout / ".icp", EMBEDDED_WAREHOUSE_DB)
    assert {"schema_migrations", "icp_intake_responses", "background_jobs"} <= tables
