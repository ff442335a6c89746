"""Benchmark: the nightly refresh of 1,000 tenants in batch runs, against one run per tenant.

Creates its own database (on an embedded PostgreSQL in a temporary folder, or on
``--server-url``) and generates the tenants the way ``benchmarks/patterns.py`` does (its
functions are reused): one intake each, 50 seeds a tenant, register matches and about
20 evidence rows a seed; then queues one due ``enrich_nightly`` job per tenant for a
register company.

On a temporary Dagster instance it then measures:

- the ``nightly_refresh`` schedule's evaluation over N tenant partitions, and the number
  of run requests it yields;
- every batch run, executed in-process one after the other, with the crawl and the
  evidence re-extraction LEFT OUT (they need the tenants' websites; the crawl is bounded
  by the ``crawl`` pool and sends conditional GETs): patterns and suggestions for every
  tenant; then ``nightly_cross_tenant`` (the view refresh and the enrichment jobs);
- the baseline, one run per tenant: ``icp_patterns`` + ``suggestions`` materialized
  in-process for a sample of tenants, one run each, with the same work timed outside
  Dagster, so the per-run overhead is measured; the baseline for N tenants is
  EXTRAPOLATED from that sample;
- the peak memory of this process.

    .venv/bin/python benchmarks/nightly.py                  # 1,000 tenants, embedded
    .venv/bin/python benchmarks/nightly.py --tenants 50     # quick check
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import psycopg
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import load_reference_data, scratch_warehouse  # noqa: E402
from benchmarks.patterns import (  # noqa: E402
    generate_tenants,
    prepare_generation,
    run_tenant,
    spread,
)
from icp_assets.automation.nightly import (  # noqa: E402
    nightly_cross_tenant,
    nightly_refresh,
    nightly_tenant_batch,
)
from icp_assets.partitions import tenants as tenant_partitions  # noqa: E402
from icp_assets.pattern_mining.assets import icp_patterns  # noqa: E402
from icp_assets.settings import get_settings  # noqa: E402
from icp_assets.suggestions.assets import suggestions  # noqa: E402
from resources.crawler import CrawlerResource  # noqa: E402
from resources.llm import LlmResource  # noqa: E402
from resources.warehouse import Warehouse, WarehouseResource  # noqa: E402

BASELINE_SAMPLE = 10
QUEUE_ENRICHMENT = """
    INSERT INTO background_jobs (tenant_id, kind, dedupe_key, payload, run_after)
    SELECT t, 'enrich_nightly', c.uen, jsonb_build_object('uen', c.uen),
           now() - interval '1 hour'
    FROM generate_series(1, %(tenants)s) AS t
    JOIN LATERAL (
        SELECT uen FROM staging_acra_companies ORDER BY uen OFFSET t LIMIT 1
    ) c ON true
"""
JOB_STATUSES = text(
    "SELECT status, count(*) FROM background_jobs WHERE kind = 'enrich_nightly' GROUP BY status"
)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=1000, help="tenants to generate (1000)")
    parser.add_argument("--seeds-per-tenant", type=int, default=50, help="seeds a tenant (50)")
    parser.add_argument("--batch-size", type=int, default=200, help="tenants a run (200)")
    parser.add_argument("--server-url", help="a PostgreSQL server instead of an embedded one")
    args = parser.parse_args()
    if args.tenants < BASELINE_SAMPLE:
        parser.error(f"--tenants must be at least {BASELINE_SAMPLE}")
    return args


def benchmark(args: argparse.Namespace, warehouse: Warehouse, admin_url: str) -> None:
    started = time.perf_counter()
    load_reference_data(warehouse)
    count = args.tenants
    with psycopg.connect(admin_url, autocommit=True) as admin:
        prepare_generation(admin)
        generate_tenants(admin, 1, count, args.seeds_per_tenant)
        admin.execute(QUEUE_ENRICHMENT, {"tenants": count})
    print(
        f"setup: {count:,} tenants, {args.seeds_per_tenant} seeds each, {count:,} due "
        f"enrich_nightly jobs in {time.perf_counter() - started:.1f} s"
    )

    resources = {
        "warehouse": WarehouseResource(database_url=admin_url),
        # Never called: the crawl is left out of the measured runs.
        "crawler": CrawlerResource(),
        "llm": LlmResource(model=""),
    }
    with dg.instance_for_test() as instance:
        keys = [str(t) for t in range(1, count + 1)]
        instance.add_dynamic_partitions(tenant_partitions.name, keys)

        # Baseline first, on a sample: each tenant's work outside Dagster, then as its
        # own run (the run repeats the work; both write a new generation).
        sample = spread(1, count, BASELINE_SAMPLE)
        run_tenant(warehouse, sample[0])  # warm-up, not counted
        work_s = statistics.median(run_tenant(warehouse, t).total_s for t in sample)
        run_times = []
        for tenant in sample:
            run_started = time.perf_counter()
            result = dg.materialize(
                [icp_patterns, suggestions],
                partition_key=str(tenant),
                instance=instance,
                resources=resources,
            )
            run_times.append(time.perf_counter() - run_started)
            assert result.success
        per_run_s = statistics.median(run_times)
        overhead_s = per_run_s - work_s

        nightly_started = time.perf_counter()
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        os.environ["ICP_NIGHTLY_BATCH_SIZE"] = str(args.batch_size)
        get_settings.cache_clear()
        context = dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=datetime.now(ZoneInfo(get_settings().nightly_timezone)),
        )
        requests = list(nightly_refresh.evaluate_tick(context).run_requests or [])
        evaluation_s = time.perf_counter() - nightly_started
        batch_times = []
        for request in requests:
            run_config = {
                "ops": {
                    **request.run_config["ops"],
                    "nightly_recrawl": {"config": {"enabled": False}},
                    "nightly_reextract": {"config": {"enabled": False}},
                }
            }
            batch_started = time.perf_counter()
            result = nightly_tenant_batch.execute_in_process(
                run_config=run_config, instance=instance, resources=resources, tags=request.tags
            )
            batch_times.append(time.perf_counter() - batch_started)
            assert result.success
        finish_started = time.perf_counter()
        assert nightly_cross_tenant.execute_in_process(
            instance=instance, resources=resources
        ).success
        finish_s = time.perf_counter() - finish_started
        nightly_s = time.perf_counter() - nightly_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with warehouse.system_transaction() as conn:
        statuses = dict(conn.execute(JOB_STATUSES).all())

    runs = len(requests) + 1
    print(
        f"schedule evaluation: {len(requests)} run requests for {count:,} tenants "
        f"(batches of {args.batch_size}) in {evaluation_s * 1000:.0f} ms"
    )
    print(
        f"batched nightly refresh (crawl and evidence re-extraction LEFT OUT; patterns + "
        f"suggestions for every tenant, then view refresh + enrichment): {runs} runs "
        f"launched in-process, one after the other, in {nightly_s:.1f} s "
        f"(batches {', '.join(f'{s:.1f}' for s in batch_times)} s; cross-tenant run "
        f"{finish_s:.1f} s; enrichment jobs {statuses})"
    )
    print(
        f"peak memory of this process: {peak_mb:.0f} MB ({peak_before / 1024:.0f} MB "
        "before the nightly runs; the server's is not included)"
    )
    baseline_s = count * per_run_s + finish_s
    print(
        f"baseline, one run per tenant: measured on {len(sample)} tenants: "
        f"{per_run_s * 1000:.0f} ms a run against {work_s * 1000:.0f} ms of the same work "
        f"outside Dagster, {overhead_s * 1000:.0f} ms of run overhead a tenant; "
        f"{count:,} runs + 1 = {baseline_s:.1f} s (EXTRAPOLATED, not measured) against "
        f"{nightly_s:.1f} s measured for {runs} runs: {baseline_s / nightly_s:.2f}x"
    )


def main() -> int:
    args = _arguments()
    with scratch_warehouse(args) as (warehouse, database_url):
        benchmark(args, warehouse, database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
