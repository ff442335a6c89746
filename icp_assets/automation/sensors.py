"""The sensors that start a tenant's pipeline: one run for every new intake row, and
one for every seed a person resolved."""

from collections.abc import Callable

import dagster as dg
from sqlalchemy import TextClause, text

from icp_assets.automation.cursor import (
    IntakeRow,
    ResolutionRow,
    RowT,
    XidCursor,
    advance,
)
from icp_assets.automation.jobs import tenant_pipeline
from icp_assets.intake.storage import intake_run_key
from icp_assets.mapping.resolution import rerun_run_key
from icp_assets.partitions import tenants
from resources.warehouse import WarehouseResource


def _visible_rows(table: str) -> TextClause:
    """The rows of ``table`` inserted by transactions at or above a horizon, and the
    xmin of the snapshot that sees them. One statement, so both come from the same
    snapshot; with no rows, one row of NULLs still carries the xmin."""
    return text(
        f"""
        WITH snapshot AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
        SELECT snapshot.xmin::text AS snapshot_xmin, r.id, r.tenant_id,
               r.created_xid::text AS xid
        FROM snapshot
        LEFT JOIN {table} r ON r.created_xid >= CAST(:horizon AS xid8)
        ORDER BY r.id
        """
    )


VISIBLE_INTAKES = _visible_rows("icp_intake_responses")
VISIBLE_RESOLUTIONS = _visible_rows("seed_resolutions")


def read_visible_rows(
    warehouse: WarehouseResource, query: TextClause, row_type: type[RowT], horizon_xid: int
) -> tuple[list[RowT], int]:
    """The rows ``query`` (a ``_visible_rows`` query) finds at or above ``horizon_xid``,
    as ``row_type``, and the snapshot's xmin. Read as the owner, across tenants."""
    with warehouse.get_warehouse().system_transaction() as conn:
        result = conn.execute(query, {"horizon": str(horizon_xid)}).all()
    snapshot_xmin = int(result[0].snapshot_xmin)
    rows = [row_type(r.id, r.tenant_id, int(r.xid)) for r in result if r.id is not None]
    return rows, snapshot_xmin


INTAKE_ID_TAG = "icp/intake_id"
# A run of these has taken its intake (or is taking it); a failed or canceled one has not.
_RUN_TOOK_INTAKE = [
    status
    for status in dg.DagsterRunStatus
    if status
    not in (
        dg.DagsterRunStatus.FAILURE,
        dg.DagsterRunStatus.CANCELED,
        dg.DagsterRunStatus.CANCELING,
    )
]


def intake_run_tags(intake_id: int, trigger: str) -> dict[str, str]:
    """The tags of a run that takes intake ``intake_id``, whoever starts it: the sensor,
    ``icp run`` or ``icp demo``."""
    return {INTAKE_ID_TAG: str(intake_id), "icp/trigger": trigger}


def intake_already_run(instance: dg.DagsterInstance, intake_id: int) -> str | None:
    """The id of a run that took the intake already, or is taking it; None if none did."""
    records = instance.get_run_records(
        filters=dg.RunsFilter(tags={INTAKE_ID_TAG: str(intake_id)}, statuses=_RUN_TOOK_INTAKE),
        limit=1,
    )
    return records[0].dagster_run.run_id if records else None


def _tenants_to_add(context: dg.SensorEvaluationContext, rows: list[RowT]) -> list[str]:
    """The partition keys of the rows' tenants that the instance does not have yet."""
    keys = sorted({str(row.tenant_id) for row in rows}, key=int)
    return [k for k in keys if not context.instance.has_dynamic_partition(tenants.name, k)]


def _tenant_runs_for_new_rows(
    context: dg.SensorEvaluationContext,
    warehouse: WarehouseResource,
    query: TextClause,
    row_type: type[RowT],
    run_request: Callable[[RowT], dg.RunRequest],
    stage: str,
    nothing_new: str,
    run_already: Callable[[RowT], str | None] = lambda row: None,
) -> dg.SensorResult | dg.SkipReason:
    """One tick of a sensor over a table's new rows: a run request per row that no run
    has taken yet (``run_already`` names the run that did), adding the partitions of
    tenants the instance lacks so a request never names an unknown key, and the advanced
    cursor."""
    cursor = XidCursor.parse(context.cursor)
    visible, snapshot_xmin = read_visible_rows(warehouse, query, row_type, cursor.horizon_xid)
    unseen_rows, next_cursor = advance(cursor, visible, snapshot_xmin)
    new_rows = []
    for row in unseen_rows:
        run_id = run_already(row)
        if run_id is None:
            new_rows.append(row)
        else:
            context.log.info("%s row %s was taken by run %s already", stage, row.row_id, run_id)
    if not new_rows:
        if next_cursor != cursor:
            skipped = f"{nothing_new}: rows {[row.row_id for row in unseen_rows]} already run"
            return dg.SensorResult(
                cursor=next_cursor.serialize(), skip_reason=skipped if unseen_rows else None
            )
        return dg.SkipReason(nothing_new)
    new_keys = _tenants_to_add(context, new_rows)
    requests = [run_request(row) for row in new_rows]
    context.log.info(
        "%s run requests %s for tenants %s",
        stage,
        [request.run_key for request in requests],
        sorted({row.tenant_id for row in new_rows}),
    )
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[tenants.build_add_request(new_keys)] if new_keys else [],
        cursor=next_cursor.serialize(),
    )


@dg.sensor(
    job=tenant_pipeline,
    minimum_interval_seconds=15,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Adds the tenant's partition and requests a run of its assets for every new "
        "intake that no run has taken yet (icp run and icp demo tag theirs with the "
        "intake); the intake id is the run key."
    ),
)
def intake_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource
) -> dg.SensorResult | dg.SkipReason:
    return _tenant_runs_for_new_rows(
        context,
        warehouse,
        VISIBLE_INTAKES,
        IntakeRow,
        lambda row: dg.RunRequest(
            partition_key=str(row.tenant_id),
            run_key=intake_run_key(row.intake_id),
            tags=intake_run_tags(row.intake_id, "intake"),
        ),
        "intake",
        "no new intake",
        run_already=lambda row: intake_already_run(context.instance, row.intake_id),
    )


@dg.sensor(
    job=tenant_pipeline,
    minimum_interval_seconds=15,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Requests a run of the tenant's assets for every seed a person resolved in the "
        "resolver, so the mapping takes the chosen UEN; run key resolve-<resolution id>."
    ),
)
def resolution_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource
) -> dg.SensorResult | dg.SkipReason:
    return _tenant_runs_for_new_rows(
        context,
        warehouse,
        VISIBLE_RESOLUTIONS,
        ResolutionRow,
        lambda row: dg.RunRequest(
            partition_key=str(row.tenant_id),
            run_key=rerun_run_key(row.resolution_id),
            tags={"icp/trigger": "resolver", "icp/resolution_id": str(row.resolution_id)},
        ),
        "icp_resolver",
        "no new seed resolution",
    )
