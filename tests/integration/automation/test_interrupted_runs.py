"""A tenant run killed mid-crawl and run again: nothing half-written, duplicated or lost.

The runs are `icp run` processes, as an operator starts them, crawling the fixture
websites on loopback and recording on one Dagster instance the test reads as well.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import psycopg
import pytest

from icp_assets.intake.storage import save_intake
from icp_assets.settings import PROJECT_ROOT

ICP = str(Path(sys.executable).with_name("icp"))
TENANT = 61
CRAWL_STEP = "crawled_pages"
# What the crawl and everything after it own; a killed crawl must leave all of it alone.
CRAWL_AND_LATER_TABLES = (
    "crawled_pages",
    "crawled_domains",
    "evidence_summary",
    "icp_patterns",
    "suggestion_generations",
    "icp_suggestions",
)


def _tenant_rows(conn: psycopg.Connection, table: str, where: str = "") -> list[str]:
    """Every row of the tenant's slice as JSON text, whole (ids and timestamps too)."""
    rows = conn.execute(
        f"SELECT to_jsonb(t)::text FROM {table} t WHERE tenant_id = %s {where} ORDER BY 1",
        (TENANT,),
    ).fetchall()
    return [row[0] for row in rows]


def whole_slices(owner_url: str) -> dict[str, list[str]]:
    """The crawl's and the later stages' rows exactly as stored (web evidence only:
    register evidence is the mapping stage's, which runs again before the crawl)."""
    with psycopg.connect(owner_url) as conn:
        slices = {table: _tenant_rows(conn, table) for table in CRAWL_AND_LATER_TABLES}
        slices["icp_evidence"] = _tenant_rows(conn, "icp_evidence", "AND source IN ('web', 'llm')")
    return slices


def comparable_rows(owner_url: str) -> dict[str, Any]:
    """The tenant's rows without surrogate ids and timestamps, as a re-run must rebuild them."""
    params = (TENANT,)
    with psycopg.connect(owner_url) as conn:
        pages = conn.execute(
            "SELECT domain, url, outcome, content_hash FROM crawled_pages WHERE tenant_id = %s",
            params,
        ).fetchall()
        domains = conn.execute(
            "SELECT domain, role, outcome, pages_fetched FROM crawled_domains WHERE tenant_id = %s",
            params,
        ).fetchall()
        evidence = conn.execute(
            "SELECT company_id, signal_key, value, url, snippet, source, extractor "
            "FROM icp_evidence WHERE tenant_id = %s",
            params,
        ).fetchall()
        patterns = conn.execute(
            "SELECT pattern_key, value, support, share FROM icp_patterns WHERE tenant_id = %s",
            params,
        ).fetchall()
        generations = conn.execute(
            "SELECT generation_id FROM suggestion_generations WHERE tenant_id = %s "
            "ORDER BY generation_id",
            params,
        ).fetchall()
        latest_cards = conn.execute(
            "SELECT rank, suggestion_id, card->>'title' FROM icp_suggestions "
            "WHERE tenant_id = %s AND generation_id = "
            "(SELECT max(generation_id) FROM suggestion_generations WHERE tenant_id = %s) "
            "ORDER BY rank",
            (TENANT, TENANT),
        ).fetchall()
    return {
        "pages": Counter(pages),
        "domains": sorted(domains),
        "evidence": Counter(evidence),
        "patterns": Counter(patterns),
        "generations": [g for (g,) in generations],
        "latest_cards": latest_cards,
    }


def icp_run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ICP, "run", "--tenant", str(TENANT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def run_env(warehouse, test_settings, fixture_web, sample_register, sample_intake, tmp_path):
    """The environment of an `icp` process: this run's databases, a Dagster home of its
    own, the fixture websites, fast failures; the tenant's intake already saved."""
    save_intake(warehouse, TENANT, "ops@example.sg", sample_intake)
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(
        ICP_DATABASE_URL=test_settings.database_url or "",
        ICP_DAGSTER_DATABASE_URL=test_settings.dagster_database_url or "",
        ICP_HOME=str(tmp_path / "home"),
        ICP_CRAWL_HOST_MAP=fixture_web.host_map(),
        ICP_CRAWL_DELAY_S="0",
        # Few pages a site keep a run short: the print shop's robots.txt asks for 1 s a page.
        ICP_CRAWL_MAX_PAGES="4",
        ICP_CRAWL_RETRIES="0",
        ICP_CRAWL_TIMEOUT_S="4",
        ICP_CRAWL_CONNECT_TIMEOUT_S="2",
        ICP_LLM_MODEL="",
    )
    return env


@pytest.fixture
def run_instance(run_env, warehouse, monkeypatch) -> Iterator[dg.DagsterInstance]:
    """The Dagster instance the `icp` processes record their runs on."""
    home = Path(run_env["ICP_HOME"]) / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_bytes((PROJECT_ROOT / "dagster.yaml").read_bytes())
    dagster_url = warehouse.urls.dagster.render_as_string(hide_password=False)
    monkeypatch.setenv("ICP_DAGSTER_PG_URL", dagster_url)
    run_env["ICP_DAGSTER_PG_URL"] = dagster_url
    instance = dg.DagsterInstance.from_config(str(home))
    yield instance
    instance.dispose()


def _crawl_step_events(instance: dg.DagsterInstance, run_id: str) -> set[str]:
    return {
        record.event_log_entry.dagster_event.event_type_value
        for record in instance.get_records_for_run(run_id).records
        if record.event_log_entry.dagster_event is not None
        and record.event_log_entry.dagster_event.step_key == CRAWL_STEP
    }


def _newest_run_id(instance: dg.DagsterInstance) -> str | None:
    runs = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/partition": str(TENANT)}))
    return runs[0].run_id if runs else None


def kill_mid_crawl(
    env: dict[str, str], instance: dg.DagsterInstance, fixture_web, first_run_id: str | None
) -> tuple[str, int]:
    """Start `icp run` with a politeness delay that makes the crawl last several seconds,
    SIGKILL its process group once the crawl step has started and pages are being
    fetched; returns the killed run's id and the number of requests it made."""
    fixture_web.clear_log()
    process = subprocess.Popen(
        [ICP, "run", "--tenant", str(TENANT)],
        env={**env, "ICP_CRAWL_DELAY_S": "1.0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        run_id = None
        while time.monotonic() < deadline:
            assert process.poll() is None, "the run ended before it could be killed"
            run_id = _newest_run_id(instance)
            if (
                run_id not in (None, first_run_id)
                and len(fixture_web.request_log) >= 5
                and "STEP_START" in _crawl_step_events(instance, run_id)
            ):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the run's crawl never got under way")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    assert run_id is not None
    return run_id, len(fixture_web.request_log)


def test_a_run_killed_mid_crawl_leaves_the_last_good_rows_and_a_rerun_duplicates_nothing(
    run_env, run_instance, warehouse, fixture_web
):
    owner_url = warehouse.urls.libpq("owner")

    fixture_web.clear_log()
    first = icp_run(run_env)
    assert first.returncode == 0, first.stderr
    first_requests = len(fixture_web.request_log)
    first_run_id = _newest_run_id(run_instance)
    before_whole = whole_slices(owner_url)
    before = comparable_rows(owner_url)
    assert before["pages"] and before["evidence"] and before["patterns"]
    assert before["latest_cards"] and len(before["generations"]) == 1

    killed_run_id, killed_requests = kill_mid_crawl(
        run_env, run_instance, fixture_web, first_run_id
    )
    # Killed mid-crawl: the step started, never finished, and fetched less than a crawl does.
    crawl_events = _crawl_step_events(run_instance, killed_run_id)
    assert "STEP_START" in crawl_events
    assert not crawl_events & {"STEP_SUCCESS", "STEP_FAILURE", "ASSET_MATERIALIZATION"}
    assert killed_requests < first_requests
    assert run_instance.get_run_by_id(killed_run_id).status == dg.DagsterRunStatus.STARTED

    assert whole_slices(owner_url) == before_whole

    rerun = icp_run(run_env)
    assert rerun.returncode == 0, rerun.stderr
    after = comparable_rows(owner_url)

    with psycopg.connect(owner_url) as conn:
        duplicate_urls = conn.execute(
            "SELECT url FROM crawled_pages WHERE tenant_id = %s GROUP BY url HAVING count(*) > 1",
            (TENANT,),
        ).fetchall()
        duplicate_web_evidence = conn.execute(
            "SELECT company_id, signal_key, value, url FROM icp_evidence "
            "WHERE tenant_id = %s AND source = 'web' "
            "GROUP BY company_id, signal_key, value, url HAVING count(*) > 1",
            (TENANT,),
        ).fetchall()
        domains_without_pages = conn.execute(
            "SELECT d.domain FROM crawled_domains d WHERE d.tenant_id = %s AND d.outcome = 'ok' "
            "AND NOT EXISTS (SELECT 1 FROM crawled_pages p "
            "WHERE p.tenant_id = d.tenant_id AND p.domain = d.domain AND p.outcome = 'ok')",
            (TENANT,),
        ).fetchall()
    assert duplicate_urls == []
    assert duplicate_web_evidence == []
    assert domains_without_pages == []
    # The fixture sites did not change, so the re-run rebuilds exactly the first run's rows.
    assert after["pages"] == before["pages"]
    assert after["domains"] == before["domains"]
    assert after["evidence"] == before["evidence"]
    assert after["patterns"] == before["patterns"]
    assert after["latest_cards"] == before["latest_cards"]
    # One new generation for the re-run, none for the killed run.
    assert len(after["generations"]) == 2 and after["generations"][0] == before["generations"][0]


def test_a_run_killed_mid_crawl_gives_back_its_crawl_pool_slot_by_the_rerun(
    run_env, run_instance, fixture_web
):
    killed_run_id, _ = kill_mid_crawl(run_env, run_instance, fixture_web, None)
    rerun = icp_run(run_env, "--select", CRAWL_STEP)
    assert rerun.returncode == 0, rerun.stderr

    crawl_pool = run_instance.event_log_storage.get_concurrency_info("crawl")
    assert killed_run_id not in [slot.run_id for slot in crawl_pool.claimed_slots]
    assert run_instance.get_run_by_id(killed_run_id).status != dg.DagsterRunStatus.STARTED
