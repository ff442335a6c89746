"""Two `icp run` of one tenant at once leave the rows one run leaves: every slice
replacement waits for the other writer of its (tenant, table) and then replaces its rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg

from tests.integration.conftest import TENANT_TABLES_QUERY

ICP = str(Path(sys.executable).with_name("icp"))
TWICE, ONCE = 31, 32
# Every run adds a generation of suggestions (history, not a slice): two runs add two.
GENERATION_TABLES = ("suggestion_generations", "icp_suggestions", "suggestion_evidence")


def _icp(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [ICP, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _rows_per_table(owner_url: str, tenant_id: int) -> dict[str, int]:
    with psycopg.connect(owner_url) as conn:
        tables = [row[0] for row in conn.execute(TENANT_TABLES_QUERY).fetchall()]
        return {
            table: conn.execute(
                f"SELECT count(*) FROM {table} WHERE tenant_id = %s", (tenant_id,)
            ).fetchone()[0]
            for table in tables
        }


def test_two_runs_of_one_tenant_at_once_leave_the_rows_of_one_run(
    cli_env, warehouse, sample_intake, tmp_path: Path
):
    assert subprocess.run([ICP, "db", "upgrade"], env=cli_env, timeout=120).returncode == 0
    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps(sample_intake))
    for tenant in (TWICE, ONCE):
        submit = ["intake", "submit", str(intake), "--tenant", str(tenant), "--user", "ops@x"]
        submitted = subprocess.run(
            [ICP, *submit], env=cli_env, capture_output=True, text=True, timeout=120
        )
        assert submitted.returncode == 0, submitted.stderr

    # The tenant run twice and the tenant run once, all three at the same time.
    runs = [
        _icp("run", "--tenant", str(tenant), "--fixture-sites", env=cli_env)
        for tenant in (TWICE, TWICE, ONCE)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=150)
        assert run.returncode == 0, stderr[-3000:]

    owner_url = warehouse.urls.libpq("owner")
    twice = _rows_per_table(owner_url, TWICE)
    once = _rows_per_table(owner_url, ONCE)
    assert once["crawled_pages"] > 0 and once["icp_evidence"] > 0
    expected = {t: n * 2 if t in GENERATION_TABLES else n for t, n in once.items()}
    differing = {t: (twice[t], expected[t]) for t in once if twice[t] != expected[t]}
    assert differing == {}
