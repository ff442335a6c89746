"""The plan's metrics per tenant: intake completion, seed mapping, evidence, patterns,
suggestions, job durations and errors, the seed-mapping SLA and the enrichment queue.

The pure functions at the top turn plain rows into metrics; ``collect_metrics`` below
reads those rows from the warehouse and the Dagster instance.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import dagster as dg
from sqlalchemy import text
from sqlalchemy.engine import Connection

from icp_assets.mapping.matching import SLA_MAX_SECONDS, SLA_MIN_RATE
from icp_assets.monitoring.status import RUN_FAILED_BEFORE_STEPS, last_step_failure
from icp_assets.partitions import tenants
from icp_assets.suggestions.adoption import ENRICHMENT_KINDS
from resources.warehouse import Warehouse

# The intake's optional sections; an intake's completion is the share of them answered.
OPTIONAL_SECTIONS = (
    "employee_band",
    "geos",
    "integrations_required",
    "deal",
    "champion_titles",
    "triggers",
    "lost_customers",
)
SLA_CHECK = "seed_mapping_sla"
RECENT_RUNS = 5
DAY_S = 24 * 3600.0
#: What the enrichment queue counts per kind of job (``due``: queued and its time has come).
ENRICHMENT_COUNTS = ("queued", "due", "running", "done", "failed")


# -- pure ------------------------------------------------------------------------------


def _answered(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(_answered(v) for v in value.values())
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return len(value) > 0
    return value is not None


def intake_completion(payload: Mapping[str, Any]) -> float:
    """The share of the seven optional sections an intake answered (0..1); a ``deal``
    counts when any of its figures is given."""
    return sum(1 for s in OPTIONAL_SECTIONS if _answered(payload.get(s))) / len(OPTIONAL_SECTIONS)


def intake_metrics(payloads: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Intakes in submission order: how many, the completion rate (the mean share of
    optional sections answered), how many answered all of them, and what the latest one
    left out."""
    if not payloads:
        return {"intakes": 0, "completion_rate": 0.0, "complete_intakes": 0, "latest": None}
    shares = [intake_completion(p) for p in payloads]
    latest = payloads[-1]
    return {
        "intakes": len(payloads),
        "completion_rate": round(sum(shares) / len(shares), 4),
        "complete_intakes": sum(1 for share in shares if share == 1.0),
        "latest": {
            "completion": round(shares[-1], 4),
            "unanswered": [s for s in OPTIONAL_SECTIONS if not _answered(latest.get(s))],
        },
    }


def seed_mapping_metrics(best_seeds: int, mapped: int) -> dict[str, Any]:
    """Best-customer seeds with a register match, of all best seeds."""
    return {
        "best_seeds": best_seeds,
        "mapped": mapped,
        "mapped_rate": round(mapped / best_seeds, 4) if best_seeds else 0.0,
    }


def evidence_metrics(items_by_signal: Mapping[str, int], companies: int) -> dict[str, Any]:
    """Web and LLM evidence: items, companies with any, items per such company, by signal."""
    items = sum(items_by_signal.values())
    return {
        "items": items,
        "companies_with_evidence": companies,
        "per_company": round(items / companies, 2) if companies else 0.0,
        "by_signal": dict(sorted(items_by_signal.items())),
    }


@dataclass(frozen=True)
class RunFacts:
    """One Dagster run of a tenant's partition, as the instance records it."""

    run_id: str
    job_name: str
    status: str
    created_at: float
    start_time: float | None
    end_time: float | None
    failed_step: str | None = None
    error: str | None = None


def run_metrics(runs: Sequence[RunFacts], now: float) -> dict[str, Any]:
    """The most recent runs (newest first) with their durations, and failures in the
    24 hours before ``now``."""
    ordered = sorted(runs, key=lambda r: r.created_at, reverse=True)
    return {
        "recent": [
            {
                "run_id": r.run_id,
                "job": r.job_name,
                "status": r.status,
                "started_at": _iso(r.start_time),
                "duration_s": round(r.end_time - r.start_time, 3)
                if r.start_time is not None and r.end_time is not None
                else None,
                "failed_step": r.failed_step,
                "error": r.error,
            }
            for r in ordered[:RECENT_RUNS]
        ],
        "failures_24h": sum(
            1 for r in runs if r.status == "FAILURE" and r.created_at >= now - DAY_S
        ),
    }


def sla_status(
    rate: float | None,
    elapsed_s: float | None,
    check_passed: bool | None = None,
    source: str = "data",
) -> dict[str, Any]:
    """The seed-mapping SLA: breached when fewer than ``SLA_MIN_RATE`` of best seeds are
    mapped or mapping took over ``SLA_MAX_SECONDS``. A recorded check result decides when
    there is one."""
    reasons = []
    if rate is not None and rate < SLA_MIN_RATE:
        reasons.append(f"mapping rate {rate:.2f} under {SLA_MIN_RATE:.2f}")
    if elapsed_s is not None and elapsed_s > SLA_MAX_SECONDS:
        reasons.append(f"mapping took {elapsed_s:.1f} s, over {SLA_MAX_SECONDS:.0f} s")
    breached = (not check_passed) if check_passed is not None else bool(reasons)
    if breached and not reasons:
        reasons.append(f"{SLA_CHECK} check failed")
    return {
        "breached": breached,
        "source": source,
        "rate": rate,
        "elapsed_s": elapsed_s,
        "reasons": reasons,
    }


def enrichment_queue_metrics(
    by_kind: Mapping[str, Mapping[str, Any]],
) -> dict[str, dict[str, Any]]:
    """Per enrichment kind (every kind, zeros when it has no job): how many jobs are
    queued, due (queued and their time has come), running, done and failed, and the age
    in seconds of the oldest queued job (None when none is queued)."""
    queue = {}
    for kind in ENRICHMENT_KINDS:
        row = by_kind.get(kind, {})
        age = row.get("oldest_queued_age_s")
        queue[kind] = {
            **{count: int(row.get(count) or 0) for count in ENRICHMENT_COUNTS},
            "oldest_queued_age_s": None if age is None else round(float(age), 1),
        }
    return queue


def enrichment_queue_totals(
    queues: Sequence[Mapping[str, Mapping[str, Any]]],
) -> dict[str, dict[str, Any]]:
    """The enrichment queues of several tenants summed per kind, with the oldest queued
    job of them all."""
    total = enrichment_queue_metrics({})
    for queue in queues:
        for kind, counts in queue.items():
            if kind not in total:
                continue
            for count in ENRICHMENT_COUNTS:
                total[kind][count] += counts.get(count, 0)
            age = counts.get("oldest_queued_age_s")
            oldest = total[kind]["oldest_queued_age_s"]
            if age is not None and (oldest is None or age > oldest):
                total[kind]["oldest_queued_age_s"] = age
    return total


def readable_age(seconds: float) -> str:
    """``seconds`` as a person reads an age: 45 s, 12 min, 5.0 h, 2.0 d."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 36 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / DAY_S:.1f} d"


def enrichment_queue_text(queue: Mapping[str, Mapping[str, Any]]) -> str:
    """The enrichment queue on one line, kind by kind."""
    parts = []
    for kind, counts in queue.items():
        age = counts.get("oldest_queued_age_s")
        oldest = f", oldest {readable_age(age)}" if age is not None else ""
        parts.append(
            f"{kind}: {counts['queued']} queued ({counts['due']} due{oldest}), "
            f"{counts['running']} running, {counts['done']} done, {counts['failed']} failed"
        )
    return "; ".join(parts)


def totals(tenant_metrics: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Sums over tenants, and the overall rates weighted by their denominators."""
    best = sum(t["seed_mapping"]["best_seeds"] for t in tenant_metrics)
    mapped = sum(t["seed_mapping"]["mapped"] for t in tenant_metrics)
    items = sum(t["evidence"]["items"] for t in tenant_metrics)
    companies = sum(t["evidence"]["companies_with_evidence"] for t in tenant_metrics)
    intakes = sum(t["intake"]["intakes"] for t in tenant_metrics)
    completion = sum(
        t["intake"]["completion_rate"] * t["intake"]["intakes"] for t in tenant_metrics
    )
    return {
        "tenants": len(tenant_metrics),
        "intakes": intakes,
        "intake_completion_rate": round(completion / intakes, 4) if intakes else 0.0,
        **seed_mapping_metrics(best, mapped),
        "evidence_items": items,
        "evidence_per_company": round(items / companies, 2) if companies else 0.0,
        "patterns": sum(t["patterns"]["total"] for t in tenant_metrics),
        "suggestions": sum(t["suggestions"]["cards"] for t in tenant_metrics),
        "reduced_evidence_tenants": sum(
            1 for t in tenant_metrics if t["suggestions"]["reduced_evidence"]
        ),
        "sla_breaches": sum(1 for t in tenant_metrics if t["sla"]["breached"]),
        "run_failures_24h": sum(t["runs"]["failures_24h"] for t in tenant_metrics),
        "enrichment_queue": enrichment_queue_totals(
            [t["enrichment_queue"] for t in tenant_metrics if "enrichment_queue" in t]
        ),
    }


def tenant_lines(metrics: Mapping[str, Any]) -> list[str]:
    """One tenant's metrics as a compact readable block."""
    intake, mapping, evidence = metrics["intake"], metrics["seed_mapping"], metrics["evidence"]
    patterns, cards, sla = metrics["patterns"], metrics["suggestions"], metrics["sla"]
    latest = intake["latest"]
    lines = [
        f"tenant {metrics['tenant_id']}",
        f"  intake       {intake['intakes']} intakes, completion {intake['completion_rate']:.0%}"
        + (
            f" (latest {latest['completion']:.0%}, unanswered: "
            f"{', '.join(latest['unanswered']) or '-'})"
            if latest
            else ""
        ),
        f"  mapping      {mapping['mapped']}/{mapping['best_seeds']} best seeds mapped "
        f"({mapping['mapped_rate']:.0%})",
        f"  evidence     {evidence['items']} items on {evidence['companies_with_evidence']} "
        f"companies ({evidence['per_company']:.2f} each); "
        + (", ".join(f"{k}={v}" for k, v in evidence["by_signal"].items() if v) or "-"),
        f"  patterns     {patterns['total']} "
        + (", ".join(f"{k}={v}" for k, v in patterns["by_key"].items()) or ""),
        f"  suggestions  {cards['cards']} cards in generation {cards['generation_id'] or '-'}"
        + (", reduced evidence" if cards["reduced_evidence"] else ""),
        "  sla          "
        + ("BREACHED: " + "; ".join(sla["reasons"]) if sla["breached"] else "ok")
        + f" (from {sla['source']})",
    ]
    durations = metrics["asset_durations_s"]
    if durations:
        lines.append("  durations    " + ", ".join(f"{a}={s:.2f}s" for a, s in durations.items()))
    runs = metrics["runs"]
    lines.append(f"  runs         {runs['failures_24h']} failed in the last 24 h")
    for run in runs["recent"]:
        duration = "-" if run["duration_s"] is None else f"{run['duration_s']:.1f}s"
        line = f"    {run['run_id'][:8]}  {run['job']:<22} {run['status']:<9} {duration}"
        if run["failed_step"]:
            line += f"  failed at {run['failed_step']}: {run['error']}"
        lines.append(line)
    enrichment = metrics.get("enrichment_queue") or {}
    if any(counts[count] for counts in enrichment.values() for count in ENRICHMENT_COUNTS):
        lines.append("  enrichment   " + enrichment_queue_text(enrichment))
    # Other kinds of background job, by status (the enrichment kinds are the line above).
    jobs = {k: v for k, v in metrics["background_jobs"].items() if k not in enrichment}
    if jobs:
        lines.append(
            "  queue        "
            + "; ".join(
                f"{kind} " + ", ".join(f"{s}={n}" for s, n in by_status.items())
                for kind, by_status in jobs.items()
            )
        )
    return lines


def _iso(timestamp: float | None) -> str | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC).isoformat()


# -- gathering -------------------------------------------------------------------------

_TENANTS = "tenant_id = ANY(CAST(:tenants AS integer[]))"
KNOWN_TENANTS = text("SELECT DISTINCT tenant_id FROM icp_intake_responses ORDER BY tenant_id")
INTAKES = text(f"SELECT tenant_id, payload FROM icp_intake_responses WHERE {_TENANTS} ORDER BY id")
BEST_SEED_MAPPING = text(
    f"""
    SELECT tenant_id, count(*) AS best_seeds, count(uen) AS mapped FROM acra_matches
    WHERE {_TENANTS} AND seed_kind = 'best' GROUP BY tenant_id
    """
)
EVIDENCE_BY_SIGNAL = text(
    f"""
    SELECT tenant_id, signal_key, count(*) AS items FROM icp_evidence
    WHERE {_TENANTS} AND source IN ('web', 'llm') GROUP BY tenant_id, signal_key
    """
)
EVIDENCE_COMPANIES = text(
    f"""
    SELECT tenant_id, count(DISTINCT company_id) AS companies FROM icp_evidence
    WHERE {_TENANTS} AND source IN ('web', 'llm') GROUP BY tenant_id
    """
)
PATTERNS_BY_KEY = text(
    f"""
    SELECT tenant_id, pattern_key, count(*) AS patterns FROM icp_patterns
    WHERE {_TENANTS} GROUP BY tenant_id, pattern_key
    """
)
LATEST_GENERATIONS = text(
    f"""
    SELECT DISTINCT ON (g.tenant_id) g.tenant_id, g.generation_id, g.reduced_evidence,
           (SELECT count(*) FROM icp_suggestions s
            WHERE s.tenant_id = g.tenant_id AND s.generation_id = g.generation_id) AS cards
    FROM suggestion_generations g WHERE g.{_TENANTS}
    ORDER BY g.tenant_id, g.generation_id DESC
    """
)
EVIDENCE_REDUCED = text(
    f"SELECT tenant_id, reduced_evidence FROM evidence_summary WHERE {_TENANTS}"
)
BACKGROUND_JOBS = text(
    f"""
    SELECT tenant_id, kind, status, count(*) AS jobs FROM background_jobs
    WHERE {_TENANTS} GROUP BY tenant_id, kind, status ORDER BY kind, status
    """
)
# A queued job's age runs from when it was queued: its creation, or the `icp enrich` that
# queued it again (payload.queued_at).
ENRICHMENT_QUEUE = text(
    f"""
    SELECT tenant_id, kind,
           count(*) FILTER (WHERE status = 'queued') AS queued,
           count(*) FILTER (WHERE status = 'queued' AND run_after <= now()) AS due,
           count(*) FILTER (WHERE status = 'running') AS running,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           extract(epoch FROM now() - min(
               coalesce(CAST(payload->>'queued_at' AS timestamptz), created_at)
           ) FILTER (WHERE status = 'queued')) AS oldest_queued_age_s
    FROM background_jobs
    WHERE {_TENANTS} AND kind = ANY(CAST(:kinds AS text[]))
    GROUP BY tenant_id, kind
    """
)


@dataclass
class _WarehouseFacts:
    payloads: dict[int, list[Mapping[str, Any]]]
    mapping: dict[int, tuple[int, int]]
    evidence: dict[int, dict[str, int]]
    companies: dict[int, int]
    patterns: dict[int, dict[str, int]]
    generations: dict[int, Any]
    reduced: dict[int, bool]
    jobs: dict[int, dict[str, dict[str, int]]]
    enrichment: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict)


def _read_warehouse(conn: Connection, tenant_ids: list[int]) -> _WarehouseFacts:
    params = {"tenants": tenant_ids}
    facts = _WarehouseFacts({}, {}, {}, {}, {}, {}, {}, {})
    for row in conn.execute(INTAKES, params):
        facts.payloads.setdefault(row.tenant_id, []).append(row.payload)
    for row in conn.execute(BEST_SEED_MAPPING, params):
        facts.mapping[row.tenant_id] = (row.best_seeds, row.mapped)
    for row in conn.execute(EVIDENCE_BY_SIGNAL, params):
        facts.evidence.setdefault(row.tenant_id, {})[row.signal_key] = row.items
    for row in conn.execute(EVIDENCE_COMPANIES, params):
        facts.companies[row.tenant_id] = row.companies
    for row in conn.execute(PATTERNS_BY_KEY, params):
        facts.patterns.setdefault(row.tenant_id, {})[row.pattern_key] = row.patterns
    for row in conn.execute(LATEST_GENERATIONS, params):
        facts.generations[row.tenant_id] = row
    for row in conn.execute(EVIDENCE_REDUCED, params):
        facts.reduced[row.tenant_id] = row.reduced_evidence
    for row in conn.execute(BACKGROUND_JOBS, params):
        facts.jobs.setdefault(row.tenant_id, {}).setdefault(row.kind, {})[row.status] = row.jobs
    for row in conn.execute(ENRICHMENT_QUEUE, {**params, "kinds": list(ENRICHMENT_KINDS)}):
        facts.enrichment.setdefault(row.tenant_id, {})[row.kind] = row._asdict()
    return facts


def _metadata_value(metadata: Mapping[str, Any], key: str) -> Any:
    entry = metadata.get(key)
    return getattr(entry, "value", entry)


def _run_facts(instance: dg.DagsterInstance, partition_key: str, since: float) -> list[RunFacts]:
    """The partition's latest runs plus every run of it in the last day (for failures)."""
    partition = {"dagster/partition": partition_key}
    records = {
        r.dagster_run.run_id: r
        for r in [
            *instance.get_run_records(dg.RunsFilter(tags=partition), limit=RECENT_RUNS),
            *instance.get_run_records(
                dg.RunsFilter(
                    tags=partition,
                    statuses=[dg.DagsterRunStatus.FAILURE],
                    created_after=datetime.fromtimestamp(since, UTC),
                )
            ),
        ]
    }
    facts = []
    for record in records.values():
        run = record.dagster_run
        failed_step = error = None
        if run.status == dg.DagsterRunStatus.FAILURE:
            failure = last_step_failure(instance, run.run_id)
            failed_step, error = failure[:2] if failure else RUN_FAILED_BEFORE_STEPS
        facts.append(
            RunFacts(
                run_id=run.run_id,
                job_name=run.job_name,
                status=run.status.value,
                created_at=record.create_timestamp.timestamp(),
                start_time=record.start_time,
                end_time=record.end_time,
                failed_step=failed_step,
                error=error,
            )
        )
    return facts


@dataclass(frozen=True)
class _InstanceFacts:
    runs: list[RunFacts]
    durations: dict[str, float]
    sla_check: dict[str, Any] | None


def _read_instance(instance: dg.DagsterInstance, tenant_id: int, now: float) -> _InstanceFacts:
    key = str(tenant_id)
    if not instance.has_dynamic_partition(tenants.name, key):
        return _InstanceFacts([], {}, None)
    # Here, not at the top: the assets pull in every stage, which `icp`'s start-up (every
    # command imports this module for its help) does not need.
    from icp_assets.automation.jobs import TENANT_ASSETS

    durations: dict[str, float] = {}
    sla_check = None
    for asset in TENANT_ASSETS:
        records = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=asset.key, asset_partitions=[key]), limit=1
        ).records
        if not records:
            continue
        materialization = records[0].asset_materialization
        elapsed = _metadata_value(materialization.metadata if materialization else {}, "elapsed_s")
        if isinstance(elapsed, int | float):
            durations[asset.key.to_user_string()] = float(elapsed)
        if asset.key.to_user_string() == "acra_matches":
            sla_check = _sla_check_result(instance, records[0].run_id)
    return _InstanceFacts(_run_facts(instance, key, now - DAY_S), durations, sla_check)


def _sla_check_result(instance: dg.DagsterInstance, run_id: str) -> dict[str, Any] | None:
    """The ``seed_mapping_sla`` result the run of the latest mapping recorded."""
    events = instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    for event in reversed(events):
        evaluation = event.dagster_event.event_specific_data
        if evaluation.check_name == SLA_CHECK:
            metadata = evaluation.metadata
            return {
                "passed": evaluation.passed,
                "rate": _metadata_value(metadata, "rate"),
                "elapsed_s": _metadata_value(metadata, "elapsed_s"),
            }
    return None


def known_tenants(warehouse: Warehouse, instance: dg.DagsterInstance) -> list[int]:
    """Every tenant with an intake or a partition."""
    with warehouse.system_transaction() as conn:
        ids = {row.tenant_id for row in conn.execute(KNOWN_TENANTS)}
    ids |= {int(k) for k in instance.get_dynamic_partitions(tenants.name) if k.isdigit()}
    return sorted(ids)


def tenant_metrics(
    tenant_id: int, facts: _WarehouseFacts, instance_facts: _InstanceFacts, now: float
) -> dict[str, Any]:
    """One tenant's metrics from what was read about it."""
    mapping = seed_mapping_metrics(*facts.mapping.get(tenant_id, (0, 0)))
    generation = facts.generations.get(tenant_id)
    patterns = facts.patterns.get(tenant_id, {})
    check = instance_facts.sla_check
    if check is not None:
        sla = sla_status(check["rate"], check["elapsed_s"], check["passed"], "check")
    else:
        sla = sla_status(
            mapping["mapped_rate"] if mapping["best_seeds"] else None,
            instance_facts.durations.get("acra_matches"),
        )
    return {
        "tenant_id": tenant_id,
        "intake": intake_metrics(facts.payloads.get(tenant_id, [])),
        "seed_mapping": mapping,
        "evidence": evidence_metrics(
            facts.evidence.get(tenant_id, {}), facts.companies.get(tenant_id, 0)
        ),
        "patterns": {"total": sum(patterns.values()), "by_key": dict(sorted(patterns.items()))},
        "suggestions": {
            "generation_id": generation.generation_id if generation else None,
            "cards": generation.cards if generation else 0,
            "reduced_evidence": bool(
                (generation and generation.reduced_evidence) or facts.reduced.get(tenant_id)
            ),
        },
        "sla": sla,
        "asset_durations_s": instance_facts.durations,
        "runs": run_metrics(instance_facts.runs, now),
        "background_jobs": facts.jobs.get(tenant_id, {}),
        "enrichment_queue": enrichment_queue_metrics(facts.enrichment.get(tenant_id, {})),
    }


def collect_metrics(
    warehouse: Warehouse, instance: dg.DagsterInstance, tenant_id: int | None = None
) -> dict[str, Any]:
    """Every metric for one tenant (read in its tenant transaction) or for all tenants
    (read across tenants in the system transaction)."""
    now = time.time()
    if tenant_id is None:
        tenant_ids = known_tenants(warehouse, instance)
        with warehouse.system_transaction() as conn:
            facts = _read_warehouse(conn, tenant_ids)
    else:
        tenant_ids = [tenant_id]
        with warehouse.tenant_transaction(tenant_id) as conn:
            facts = _read_warehouse(conn, tenant_ids)
    per_tenant = [
        tenant_metrics(t, facts, _read_instance(instance, t, now), now) for t in tenant_ids
    ]
    return {
        "generated_at": datetime.fromtimestamp(now, UTC).isoformat(),
        "tenants": per_tenant,
        "totals": totals(per_tenant),
    }


def metrics_text(report: Mapping[str, Any]) -> str:
    """The whole report, readable: one block per tenant, then the totals."""
    lines: list[str] = []
    for tenant in report["tenants"]:
        lines += [*tenant_lines(tenant), ""]
    t = report["totals"]
    queue = t.get("enrichment_queue") or {}
    if any(counts[count] for counts in queue.values() for count in ENRICHMENT_COUNTS):
        lines.append(f"enrichment, all tenants: {enrichment_queue_text(queue)}")
    lines.append(
        f"totals: {t['tenants']} tenants, intake completion {t['intake_completion_rate']:.0%}, "
        f"{t['mapped']}/{t['best_seeds']} best seeds mapped ({t['mapped_rate']:.0%}), "
        f"{t['evidence_per_company']:.2f} evidence per company, {t['patterns']} patterns, "
        f"{t['suggestions']} suggestions, {t['sla_breaches']} SLA breaches, "
        f"{t['run_failures_24h']} failed runs in 24 h"
    )
    return "\n".join(lines)
