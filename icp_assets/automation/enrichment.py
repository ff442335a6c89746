"""The sensor that enriches what is queued to run now: on each tick, a batch of the due
``enrich_now`` jobs (an adopted card's first ``RUN_NOW_LIMIT`` companies, and every
``icp enrich``) processed in the sensor itself; it requests no run.

A tick stops starting new crawls after ``TICK_BUDGET_S``, well inside Dagster's default
60 s sensor timeout; what it did not reach stays queued for the next tick. The nightly
refresh processes whatever is left, of both kinds.
"""

import dagster as dg
from sqlalchemy import text

from icp_assets.suggestions.adoption import ENRICH_NOW
from icp_assets.suggestions.enrichment import process_enrichment_jobs
from resources.crawler import CrawlerResource
from resources.warehouse import WarehouseResource

#: Jobs one tick takes at most.
TICK_BATCH = 50
#: Seconds after which a tick starts no new crawl.
TICK_BUDGET_S = 40.0
TICK_INTERVAL_S = 30

# Read as the owner, across tenants: what is left of the kind's queue.
QUEUE_LEFT = text(
    """
    SELECT count(*) FILTER (WHERE status = 'queued' AND run_after <= now()) AS due,
           count(*) FILTER (WHERE status = 'queued' AND run_after > now()) AS later,
           count(*) FILTER (WHERE status = 'running') AS running
    FROM background_jobs WHERE kind = :kind
    """
)


@dg.sensor(
    minimum_interval_seconds=TICK_INTERVAL_S,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        f"Enriches up to {TICK_BATCH} due enrich_now jobs a tick (the register row and, "
        "when a website is known, a polite crawl of it and its evidence); requests no run."
    ),
)
def enrichment_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource, crawler: CrawlerResource
) -> dg.SkipReason:
    store = warehouse.get_warehouse()
    counts = process_enrichment_jobs(
        store, crawler, kinds=(ENRICH_NOW,), limit=TICK_BATCH, time_budget_s=TICK_BUDGET_S
    )
    with store.system_transaction() as conn:
        left = conn.execute(QUEUE_LEFT, {"kind": ENRICH_NOW}).one()
    queue = f"{ENRICH_NOW} queue: {left.due} due, {left.later} later, {left.running} running"
    if not counts.finished and not counts.deferred:
        return dg.SkipReason(f"no {ENRICH_NOW} job to enrich; {queue}")
    context.log.info(f"enrichment {counts.summary()}; {queue}")
    return dg.SkipReason(f"{counts.summary()}; {queue}")
