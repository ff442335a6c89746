"""The intake sensor: a run of the tenant's assets for every new intake row."""

import dagster as dg
from sqlalchemy import text

from icp_assets.intake_cursor import IntakeCursor, IntakeRow, advance
from icp_assets.jobs import tenant_pipeline
from icp_assets.partitions import tenants
from resources.warehouse import WarehouseResource

# One statement, so the rows and the xmin come from the same snapshot.
VISIBLE_INTAKES = text(
    """
    WITH snapshot AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
    SELECT snapshot.xmin::text AS snapshot_xmin, r.id, r.tenant_id, r.created_xid::text AS xid
    FROM snapshot
    LEFT JOIN icp_intake_responses r ON r.created_xid >= CAST(:horizon AS xid8)
    ORDER BY r.id
    """
)


def read_visible_intakes(
    warehouse: WarehouseResource, horizon_xid: int
) -> tuple[list[IntakeRow], int]:
    """The intake rows at or above ``horizon_xid`` and the snapshot's xmin."""
    with warehouse.get_warehouse().system_transaction() as conn:
        result = conn.execute(VISIBLE_INTAKES, {"horizon": str(horizon_xid)}).all()
    snapshot_xmin = int(result[0].snapshot_xmin)
    rows = [IntakeRow(r.id, r.tenant_id, int(r.xid)) for r in result if r.id is not None]
    return rows, snapshot_xmin


@dg.sensor(
    job=tenant_pipeline,
    minimum_interval_seconds=15,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Adds the tenant's partition and requests a run of its assets for every new "
        "intake; the intake id is the run key."
    ),
)
def intake_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource
) -> dg.SensorResult | dg.SkipReason:
    cursor = IntakeCursor.parse(context.cursor)
    visible, snapshot_xmin = read_visible_intakes(warehouse, cursor.horizon_xid)
    new_rows, next_cursor = advance(cursor, visible, snapshot_xmin)
    if not new_rows:
        if next_cursor != cursor:
            return dg.SensorResult(cursor=next_cursor.serialize())
        return dg.SkipReason("no new intake")
    keys = sorted({str(row.tenant_id) for row in new_rows}, key=int)
    new_keys = [k for k in keys if not context.instance.has_dynamic_partition(tenants.name, k)]
    context.log.info(
        "icp_intake new intakes %s for tenants %s",
        [row.intake_id for row in new_rows],
        keys,
    )
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                partition_key=str(row.tenant_id),
                run_key=f"intake-{row.intake_id}",
                tags={"icp/intake_id": str(row.intake_id), "icp/trigger": "intake"},
            )
            for row in new_rows
        ],
        dynamic_partitions_requests=[tenants.build_add_request(new_keys)] if new_keys else [],
        cursor=next_cursor.serialize(),
    )
