"""Shared reference data: the SSIC 2020 code list and activity index."""

import dagster as dg
from sqlalchemy import text

from icp_assets.ssic import read_ssic_activities, read_ssic_codes
from resources.warehouse import Warehouse, WarehouseResource

UPSERT_SSIC_CODE = text(
    """
    INSERT INTO ssic_ref (code, title, level, parent, section, definition)
    VALUES (:code, :title, :level, :parent, :section, :definition)
    ON CONFLICT (code) DO UPDATE SET
        title = EXCLUDED.title, level = EXCLUDED.level, parent = EXCLUDED.parent,
        section = EXCLUDED.section, definition = EXCLUDED.definition
    """
)
INSERT_SSIC_ACTIVITY = text(
    """
    INSERT INTO ssic_activities (code, activity) VALUES (:code, :activity)
    ON CONFLICT DO NOTHING
    """
)


def load_ssic_reference(warehouse: Warehouse) -> dict[str, int]:
    """Upsert the SSIC 2020 codes and activities; safe to repeat."""
    codes = read_ssic_codes()
    activities = read_ssic_activities()
    with warehouse.system_transaction() as conn:
        conn.execute(UPSERT_SSIC_CODE, [vars(code) for code in codes])
        conn.execute(INSERT_SSIC_ACTIVITY, [{"code": c, "activity": a} for c, a in activities])
    return {"codes": len(codes), "activities": len(activities)}


@dg.asset(
    group_name="reference",
    kinds={"postgres"},
    description="SSIC 2020: sections to sub-classes, definitions and the activity index.",
)
def ssic_codes(warehouse: WarehouseResource) -> dg.MaterializeResult:
    counts = load_ssic_reference(warehouse.get_warehouse())
    return dg.MaterializeResult(
        metadata={name: dg.MetadataValue.int(count) for name, count in counts.items()}
    )
