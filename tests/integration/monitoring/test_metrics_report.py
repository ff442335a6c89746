"""Metrics: the pure computations, and `icp metrics` on a tenant the pipeline ran for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ICP = str(Path(sys.executable).with_name("icp"))


def icp(*args: str, env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([ICP, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_icp_metrics_reports_a_tenant_after_its_pipeline_ran_and_a_failed_run(
    cli_env, warehouse, sample_register, sample_intake
):
    from icp_assets.intake.storage import save_intake

    # Tenant ids no other test uses: the session's tests share one Dagster run storage.
    sample_intake |= {"geos": ["SG"], "champion_titles": ["Finance Director"]}
    save_intake(warehouse, 461, "ops@x", sample_intake)
    ran = icp("run", "--tenant", "461", "--fixture-sites", env=cli_env)
    assert ran.returncode == 0, ran.stderr
    # A tenant without an intake: its run fails at the seeds step.
    assert icp("run", "--tenant", "462", env=cli_env).returncode == 1

    one = icp("metrics", "--tenant", "461", "--json", env=cli_env)
    assert one.returncode == 0, one.stderr
    report = json.loads(one.stdout)
    assert set(report) == {"generated_at", "tenants", "totals"}
    (tenant,) = report["tenants"]
    assert tenant["tenant_id"] == 461
    assert tenant["intake"]["intakes"] == 1
    assert tenant["intake"]["completion_rate"] == pytest.approx(3 / 7, abs=1e-4)
    assert tenant["seed_mapping"]["best_seeds"] == 5
    assert tenant["seed_mapping"]["mapped"] >= 4
    assert tenant["evidence"]["items"] > 0 and tenant["evidence"]["per_company"] > 0
    assert tenant["patterns"]["by_key"].get("ssic", 0) > 0
    assert tenant["suggestions"]["cards"] > 0
    assert tenant["sla"]["source"] == "check" and tenant["sla"]["breached"] is False
    assert {"acra_matches", "crawled_pages", "icp_evidence", "suggestions"} <= set(
        tenant["asset_durations_s"]
    )
    (run,) = tenant["runs"]["recent"]
    assert run["job"] == "tenant_pipeline" and run["status"] == "SUCCESS"
    assert run["duration_s"] > 0
    assert tenant["runs"]["failures_24h"] == 0

    every = icp("metrics", env=cli_env)
    assert every.returncode == 0, every.stderr
    assert "tenant 461\n" in every.stdout and "tenant 462\n" in every.stdout
    assert "failed at seeds: icp_assets.intake.storage.NoIntakeError: tenant 462 has no intake" in (
        every.stdout
    )
    assert every.stdout.splitlines()[-1].startswith("totals: ")
    # Totals span every tenant of the shared Dagster storage, so read this test's two.
    everyone = json.loads(icp("metrics", "--json", env=cli_env).stdout)
    by_id = {t["tenant_id"]: t for t in everyone["tenants"]}
    assert by_id[461]["runs"]["failures_24h"] == 0
    assert by_id[462]["runs"]["failures_24h"] == 1
    assert by_id[462]["runs"]["recent"][0]["failed_step"] == "seeds"
    assert everyone["totals"]["run_failures_24h"] >= 1
