"""The nightly refresh: every tenant's crawl (conditional GETs), evidence, patterns and
suggestions in a few batch runs, then the cross-tenant view and the queued enrichment
(every due job, of both kinds).

One run per tenant would cost a run launch and a partition lookup per tenant; the
schedule instead reads the tenant partitions once and requests one `nightly_tenant_batch`
run per batch of tenants. Inside a batch every tenant's work is its own tenant
transaction, so one tenant's failure leaves the others' results and row-level security
holds. Each tenant's step is recorded as a materialization of its asset partition, so the
assets' partitions show the nightly refresh in the UI. When every batch of the night has
finished, `nightly_finish_sensor` requests `nightly_cross_tenant` once.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from icp_assets.crawl.storage import crawl_tenant
from icp_assets.evidence.extract.llm import llm_extractor
from icp_assets.evidence.storage import extract_tenant_evidence
from icp_assets.lookalikes.storage import rank_tenant
from icp_assets.partitions import tenants
from icp_assets.pattern_mining.storage import mine_tenant_patterns, refresh_cross_tenant_patterns
from icp_assets.settings import get_settings
from icp_assets.suggestions.adoption import ENRICHMENT_KINDS
from icp_assets.suggestions.assets import generation_check_evaluations
from icp_assets.suggestions.enrichment import process_enrichment_jobs
from icp_assets.suggestions.storage import suggest_for_tenant
from resources.crawler import CrawlerResource
from resources.llm import LlmResource
from resources.warehouse import WarehouseResource

NIGHTLY_TAG = "icp/nightly"


def tenant_batches(keys: Sequence[str], batch_size: int) -> list[list[str]]:
    """The tenant keys in id order, cut into batches of at most ``batch_size``."""
    ordered = sorted(keys, key=int)
    return [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]


class TenantBatchConfig(dg.Config):
    """The tenants of one nightly batch run."""

    tenant_ids: list[int]


class StepConfig(dg.Config):
    """Whether a step runs; the benchmark leaves out the crawl and the extraction."""

    enabled: bool = True


@dataclass(frozen=True)
class BatchState:
    """Tenants still in the batch, and the failed ones with their step and error."""

    ok: list[int]
    failed: dict[str, str] = field(default_factory=dict)


def _for_each_tenant(
    context: dg.OpExecutionContext,
    state: BatchState,
    step: str,
    asset_key: str,
    work: Callable[[int], dict[str, Any]],
) -> BatchState:
    ok: list[int] = []
    failed = dict(state.failed)
    started = time.perf_counter()
    for tenant_id in state.ok:
        tenant_started = time.perf_counter()
        try:
            metadata = work(tenant_id)
        except Exception as error:  # one tenant's failure must not stop the batch
            failed[str(tenant_id)] = f"{step}: {type(error).__name__}: {error}"
            context.log.error(f"{step} tenant={tenant_id} failed: {error!r}")
            continue
        ok.append(tenant_id)
        context.log_event(
            dg.AssetMaterialization(
                asset_key=asset_key,
                partition=str(tenant_id),
                metadata={
                    **metadata,
                    "elapsed_s": round(time.perf_counter() - tenant_started, 3),
                    "trigger": "nightly",
                },
            )
        )
    context.add_output_metadata(
        {
            "tenants": len(state.ok),
            "succeeded": len(ok),
            "failed": len(failed) - len(state.failed),
            "elapsed_s": round(time.perf_counter() - started, 3),
        }
    )
    context.log.info(f"{step} nightly batch tenants={len(state.ok)} ok={len(ok)}")
    return BatchState(ok=ok, failed=failed)


@dg.op(description="The batch's tenants, from the run config.")
def nightly_batch_tenants(config: TenantBatchConfig) -> BatchState:
    return BatchState(ok=sorted(set(config.tenant_ids)))


@dg.op(
    pool="crawl",
    description="Re-crawl each tenant's sites with conditional GETs (crawl pool).",
)
def nightly_recrawl(
    context: dg.OpExecutionContext,
    config: StepConfig,
    state: BatchState,
    warehouse: WarehouseResource,
    crawler: CrawlerResource,
) -> BatchState:
    if not config.enabled:
        return state
    store = warehouse.get_warehouse()

    def crawl(tenant_id: int) -> dict[str, Any]:
        rows, crawl_s = crawl_tenant(store, crawler, tenant_id)
        return {
            "domains": len(rows),
            "domains_ok": sum(1 for row in rows if row["outcome"] == "ok"),
            "not_modified": sum(row["not_modified"] for row in rows),
            "crawl_s": round(crawl_s, 3),
        }

    return _for_each_tenant(context, state, "crawl", "crawled_pages", crawl)


@dg.op(description="Re-extract each tenant's evidence from its stored pages.")
def nightly_reextract(
    context: dg.OpExecutionContext,
    config: StepConfig,
    state: BatchState,
    warehouse: WarehouseResource,
    llm: LlmResource,
) -> BatchState:
    if not config.enabled:
        return state
    store = warehouse.get_warehouse()
    extractor = llm_extractor(llm.get_client())

    def extract(tenant_id: int) -> dict[str, Any]:
        extracted = extract_tenant_evidence(store, extractor, tenant_id, context.log)
        return {
            "items": len(extracted.rows),
            "reduced_evidence": extracted.coverage.reduced_evidence,
        }

    return _for_each_tenant(context, state, "evidence", "icp_evidence", extract)


@dg.op(description="Mine each tenant's patterns again.")
def nightly_patterns(
    context: dg.OpExecutionContext, state: BatchState, warehouse: WarehouseResource
) -> BatchState:
    store = warehouse.get_warehouse()

    def mine(tenant_id: int) -> dict[str, Any]:
        with store.tenant_transaction(tenant_id) as conn:
            mined = mine_tenant_patterns(conn, tenant_id)
        return {"best_seeds": mined.best_seeds, "patterns": len(mined.patterns)}

    return _for_each_tenant(context, state, "pattern_mining", "icp_patterns", mine)


@dg.op(description="A new generation of each tenant's suggestions.")
def nightly_suggestions(
    context: dg.OpExecutionContext, state: BatchState, warehouse: WarehouseResource
) -> BatchState:
    store = warehouse.get_warehouse()

    checks: list[dg.AssetCheckEvaluation] = []

    def suggest(tenant_id: int) -> dict[str, Any]:
        with store.tenant_transaction(tenant_id) as conn:
            generation = suggest_for_tenant(conn, tenant_id)
        checks.extend(generation_check_evaluations(generation, tenant_id))
        return {"generation_id": generation.generation_id, "cards": len(generation.cards)}

    done = _for_each_tenant(context, state, "suggestions", "suggestions", suggest)
    # After the materializations: a check result is of the asset's latest materialization.
    for evaluation in checks:
        context.log_event(evaluation)
    return done


@dg.op(description="Each tenant's cards' lookalike lists, ranked again for the new generation.")
def nightly_lookalikes(
    context: dg.OpExecutionContext, state: BatchState, warehouse: WarehouseResource
) -> BatchState:
    store = warehouse.get_warehouse()

    def rank(tenant_id: int) -> dict[str, Any]:
        with store.tenant_transaction(tenant_id) as conn:
            ranking = rank_tenant(conn, tenant_id)
        return {"cards": len(ranking.cards), "companies": ranking.companies}

    return _for_each_tenant(context, state, "lookalikes", "lookalikes", rank)


@dg.op(description="Fails the run, after every tenant's work, if any tenant failed.")
def nightly_batch_outcome(context: dg.OpExecutionContext, state: BatchState) -> None:
    context.add_output_metadata({"succeeded": len(state.ok), "failed": len(state.failed)})
    if state.failed:
        raise dg.Failure(
            description=f"{len(state.failed)} tenant(s) failed in the nightly batch",
            metadata={"failed": dg.MetadataValue.json(state.failed)},
        )


@dg.job(
    tags={"icp/trigger": "nightly"},
    description=(
        "The nightly refresh of a batch of tenants: crawl (conditional GETs), evidence, "
        "patterns, suggestions, lookalikes; each tenant in its own transactions."
    ),
)
def nightly_tenant_batch() -> None:
    state = nightly_batch_tenants()
    state = nightly_suggestions(nightly_patterns(nightly_reextract(nightly_recrawl(state))))
    nightly_batch_outcome(nightly_lookalikes(state))


@dg.op(
    out=dg.Out(dg.Nothing),
    description="Refresh icp_patterns_all_tenants as the owner, without blocking readers.",
)
def refresh_cross_tenant_view(context: dg.OpExecutionContext, warehouse: WarehouseResource):
    started = time.perf_counter()
    with warehouse.get_warehouse().system_transaction() as conn:
        refresh_cross_tenant_patterns(conn)
    context.add_output_metadata({"elapsed_s": round(time.perf_counter() - started, 3)})


@dg.op(
    ins={"after_view": dg.In(dg.Nothing)},
    pool="crawl",
    description=(
        "Process the due enrich_nightly jobs and any enrich_now left: the register row and, "
        "when a website is known, a crawl of it and its evidence (crawl pool)."
    ),
)
def process_nightly_enrichment(
    context: dg.OpExecutionContext, warehouse: WarehouseResource, crawler: CrawlerResource
):
    started = time.perf_counter()
    counts = process_enrichment_jobs(warehouse.get_warehouse(), crawler, ENRICHMENT_KINDS)
    context.log.info(f"enrichment nightly {counts.summary()}")
    context.add_output_metadata(
        {
            **{key: value for key, value in counts.as_dict().items() if key != "outcomes"},
            "outcomes": dg.MetadataValue.json(counts.as_dict()["outcomes"]),
            "elapsed_s": round(time.perf_counter() - started, 3),
        }
    )


@dg.job(
    tags={"icp/trigger": "nightly"},
    description="After the night's tenant batches: the cross-tenant view, then enrichment.",
)
def nightly_cross_tenant() -> None:
    process_nightly_enrichment(after_view=refresh_cross_tenant_view())


def nightly_run_requests(keys: Sequence[str], night: str, batch_size: int) -> list[dg.RunRequest]:
    """One `nightly_tenant_batch` run request per batch of tenant keys."""
    return [
        dg.RunRequest(
            run_key=f"nightly-{night}-{index}",
            run_config={
                "ops": {
                    "nightly_batch_tenants": {"config": {"tenant_ids": [int(key) for key in batch]}}
                }
            },
            tags={NIGHTLY_TAG: night, "icp/batch": str(index), "icp/tenants": str(len(batch))},
        )
        for index, batch in enumerate(tenant_batches(keys, batch_size))
    ]


_settings = get_settings()


@dg.schedule(
    job=nightly_tenant_batch,
    cron_schedule=_settings.nightly_cron,
    execution_timezone=_settings.nightly_timezone,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=(
        "Every night, every tenant's crawl, evidence, patterns and suggestions in batch "
        "runs of ICP_NIGHTLY_BATCH_SIZE tenants."
    ),
)
def nightly_refresh(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest] | dg.SkipReason:
    keys = tenants.get_partition_keys(dynamic_partitions_store=context.instance)
    if not keys:
        return dg.SkipReason("no tenants")
    night = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return nightly_run_requests(keys, night, get_settings().nightly_batch_size)


@dg.sensor(
    job=nightly_cross_tenant,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Requests nightly_cross_tenant once per night, when every batch run of the "
        "latest night has finished (succeeded, failed or canceled)."
    ),
)
def nightly_finish_sensor(context: dg.SensorEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    latest = context.instance.get_runs(
        filters=dg.RunsFilter(job_name=nightly_tenant_batch.name), limit=1
    )
    if not latest or NIGHTLY_TAG not in latest[0].tags:
        return dg.SkipReason("no nightly batch run")
    night = latest[0].tags[NIGHTLY_TAG]
    runs = context.instance.get_runs(
        filters=dg.RunsFilter(job_name=nightly_tenant_batch.name, tags={NIGHTLY_TAG: night})
    )
    unfinished = [run.run_id for run in runs if not run.is_finished]
    if unfinished:
        return dg.SkipReason(f"{len(unfinished)} batch run(s) of {night} still running")
    return dg.RunRequest(run_key=f"nightly-finish-{night}", tags={NIGHTLY_TAG: night})
