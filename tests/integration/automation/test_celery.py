"""The Celery path: one tenant's partition runs its steps on a real Celery worker.

Needs RabbitMQ on 127.0.0.1:5672 (guest/guest); skipped with the reason when it is not
reachable. The launching test process and the worker share a persistent Dagster
instance whose storage is this run's Dagster database, and the run's warehouse.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import text

from icp_assets.automation.jobs import TENANT_PIPELINE_CELERY
from icp_assets.instance import DAGSTER_PG_URL_ENV
from icp_assets.intake.storage import save_intake
from icp_assets.partitions import tenants
from icp_assets.settings import PROJECT_ROOT
from resources.database import resolve_database_urls

BROKER_HOST, BROKER_PORT = "127.0.0.1", 5672
BROKER_URL = f"pyamqp://guest:guest@{BROKER_HOST}:{BROKER_PORT}//"
MAPPING_ASSETS = ["seeds", "company_map", "acra_matches"]
TENANT = 441


def tenant_pipeline_celery_job() -> dg.JobDefinition:
    """The Celery job resolved against the code location, resources bound: a target for
    ``dg.reconstructable``, so the launcher and every worker rebuild the same job."""
    from icp_assets.definitions import defs

    return defs.resolve_job_def(TENANT_PIPELINE_CELERY)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


@pytest.fixture
def celery_env(test_settings, tmp_path: Path, monkeypatch) -> dict[str, str]:
    """A persistent instance (the project's dagster.yaml on this run's Dagster database)
    and the environment both the test and the worker see."""
    if not _reachable(BROKER_HOST, BROKER_PORT):
        pytest.skip(f"RabbitMQ is not reachable on {BROKER_HOST}:{BROKER_PORT}")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    dagster_url = resolve_database_urls(test_settings).dagster
    monkeypatch.setenv(DAGSTER_PG_URL_ENV, dagster_url.render_as_string(hide_password=False))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    # The worker imports this module to rebuild the job (``dg.reconstructable``).
    test_dir = str(Path(__file__).resolve().parent)
    python_path = os.pathsep.join(p for p in (test_dir, os.environ.get("PYTHONPATH")) if p)
    return {
        **os.environ,
        "DAGSTER_CELERY_BROKER_HOST": BROKER_HOST,
        "ICP_HOME": str(test_settings.home),
        "PYTHONPATH": python_path,
    }


@pytest.fixture
def celery_worker(celery_env, tmp_path: Path) -> Iterator[tuple[subprocess.Popen, str, Path]]:
    """A Celery worker on a queue of its own (nothing else consumes it): the process,
    the queue name and its log file. One process (the solo pool) runs every task."""
    queue = f"icp_test_{uuid.uuid4().hex[:10]}"
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "dagster_celery.app",
                "-b",
                BROKER_URL,
                "worker",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=celery_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while "ready." not in log_path.read_text():
            if worker.poll() is not None:
                pytest.fail(f"the Celery worker exited:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the Celery worker was not ready in 30 s:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield worker, queue, log_path
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_celery_job_runs_a_tenants_mapping_steps_on_the_worker(
    warehouse, sample_register, sample_intake, celery_worker
):
    worker, queue, log_path = celery_worker
    save_intake(warehouse, TENANT, "ops", sample_intake)
    with dg.DagsterInstance.get() as instance:
        instance.add_dynamic_partitions(tenants.name, [str(TENANT)])
        result = dg.execute_job(
            dg.reconstructable(tenant_pipeline_celery_job),
            instance=instance,
            asset_selection=[dg.AssetKey(name) for name in MAPPING_ASSETS],
            tags={"dagster/partition": str(TENANT)},
            run_config={
                "execution": {
                    "config": {
                        "broker": BROKER_URL,
                        "backend": "rpc://",
                        "config_source": {"task_default_queue": queue},
                    }
                }
            },
        )
        assert result.success, log_path.read_text()
        run = instance.get_run_by_id(result.run_id)
        assert run.job_name == TENANT_PIPELINE_CELERY
        assert run.tags["dagster/partition"] == str(TENANT)
        step_pids = {
            event.step_key: event.pid
            for event in result.all_events
            if event.event_type == dg.DagsterEventType.STEP_SUCCESS
        }
        materialized = {
            record.asset_key.to_user_string()
            for record in instance.get_records_for_run(
                result.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
            ).records
        }

    # Every step ran in the worker's process, not in the launching one.
    assert set(step_pids) == set(MAPPING_ASSETS)
    assert set(step_pids.values()) == {worker.pid}
    assert os.getpid() != worker.pid
    assert materialized == set(MAPPING_ASSETS)
    assert "execute_plan" in log_path.read_text()

    with warehouse.tenant_transaction(TENANT) as conn:
        matches = {
            row.seed_name: row.uen
            for row in conn.execute(text("SELECT seed_name, uen FROM acra_matches"))
        }
        seeds_count = conn.execute(text("SELECT count(*) FROM seeds")).scalar_one()
    assert seeds_count == 8
    assert matches["Harbourline Logistics Pte. Ltd."] == "201912345K"
    assert matches["Kopi Corner F&B"] == "201800001M"
