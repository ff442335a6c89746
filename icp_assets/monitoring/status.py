"""Gathering a tenant's flow facts from the warehouse and the Dagster instance."""

from __future__ import annotations

from typing import Any

import dagster as dg
from sqlalchemy import Connection, text

from icp_assets.intake.storage import latest_intake
from icp_assets.monitoring.flow_state import (
    STAGE_OF_ASSET,
    EvidenceState,
    FailedStep,
    FlowFacts,
    FlowState,
    derive_flow_state,
)
from icp_assets.partitions import tenants
from resources.warehouse import Warehouse


def root_error_message(error: Any) -> str:
    """The first line of the innermost cause of a step's error: the asset's own
    exception, not Dagster's wrapper around it."""
    if error is None:
        return "step failed"
    while error.cause is not None:
        error = error.cause
    lines = error.message.strip().splitlines()
    return lines[0] if lines else "step failed"


RUN_FAILED_BEFORE_STEPS = ("run", "the run failed before any step")


def last_step_failure(
    instance: dg.DagsterInstance, run_id: str
) -> tuple[str | None, str, float] | None:
    """The run's last failed step: its key, the root error message and when it failed;
    None when no step failed (the run failed before any)."""
    failures = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    if not failures:
        return None
    event = failures[-1]
    error = root_error_message(event.dagster_event.step_failure_data.error)
    return event.dagster_event.step_key, error, event.timestamp


def _last_failure(instance: dg.DagsterInstance, partition_key: str) -> FailedStep | None:
    runs = instance.get_runs(
        filters=dg.RunsFilter(tags={"dagster/partition": partition_key}), limit=1
    )
    if not runs or runs[0].status != dg.DagsterRunStatus.FAILURE:
        return None
    run = runs[0]
    failure = last_step_failure(instance, run.run_id)
    if failure is not None:
        step_key, error, at = failure
        return FailedStep(run.run_id, step_key or "?", error, at)
    record = instance.get_run_record_by_id(run.run_id)
    at = record.end_time if record and record.end_time else 0.0
    return FailedStep(run.run_id, *RUN_FAILED_BEFORE_STEPS, at)


EVIDENCE_STATE = text(
    "SELECT reduced_evidence, stale_evidence, evidence_as_of, sites_crawled, sites_reached "
    "FROM evidence_summary WHERE tenant_id = :tenant_id"
)


def evidence_state(conn: Connection, tenant_id: int) -> EvidenceState | None:
    """What the tenant's latest evidence rests on; None before its first evidence run."""
    row = conn.execute(EVIDENCE_STATE, {"tenant_id": tenant_id}).one_or_none()
    if row is None:
        return None
    return EvidenceState(
        reduced=row.reduced_evidence,
        stale=row.stale_evidence,
        as_of=row.evidence_as_of,
        sites_crawled=row.sites_crawled,
        sites_reached=row.sites_reached,
    )


def tenant_flow_state(
    warehouse: Warehouse, instance: dg.DagsterInstance, tenant_id: int
) -> FlowState:
    with warehouse.tenant_transaction(tenant_id) as conn:
        intake = latest_intake(conn, tenant_id)
        evidence = evidence_state(conn, tenant_id)
    key = str(tenant_id)
    materialized: dict[str, float] = {}
    last_failure = None
    if instance.has_dynamic_partition(tenants.name, key):
        for asset, _ in STAGE_OF_ASSET:
            records = instance.fetch_materializations(
                dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset), asset_partitions=[key]),
                limit=1,
            ).records
            if records:
                materialized[asset] = records[0].timestamp
        last_failure = _last_failure(instance, key)
    return derive_flow_state(
        FlowFacts(
            tenant_id=tenant_id,
            latest_intake_id=intake.intake_id if intake else None,
            latest_intake_at=intake.submitted_at if intake else None,
            materialized_at=materialized,
            last_failure=last_failure,
            evidence=evidence,
        )
    )
