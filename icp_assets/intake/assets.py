"""Stage `intake`: the tenant's seeds, normalized and de-duplicated."""

import dagster as dg

from icp_assets.intake.storage import replace_seeds
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from resources.warehouse import WarehouseResource


@dg.asset(
    partitions_def=tenants,
    group_name="intake",
    kinds={"postgres"},
    description=(
        "The tenant's seeds from its latest intake: best and lost customers, domains and "
        "names normalized, the same company named twice merged into one."
    ),
)
def seeds(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        intake_id, selection = replace_seeds(conn, tenant_id)
    for warning in selection.warnings:
        context.log.warning(f"intake tenant={tenant_id} {warning}")
    context.log.info(
        f"intake tenant={tenant_id} intake_id={intake_id} best={selection.count('best')} "
        f"lost={selection.count('lost')} merged={selection.duplicates_merged}"
    )
    return dg.MaterializeResult(
        metadata={
            "intake_id": dg.MetadataValue.int(intake_id),
            "best_customers": dg.MetadataValue.int(selection.count("best")),
            "lost_customers": dg.MetadataValue.int(selection.count("lost")),
            "duplicates_merged": dg.MetadataValue.int(selection.duplicates_merged),
            "warnings": dg.MetadataValue.json(selection.warnings),
            "preview": dg.MetadataValue.md(
                markdown_table(
                    ["kind", "name", "domain", "normalized name", "reason"],
                    (
                        (
                            s.seed.kind,
                            s.seed.name,
                            s.seed.domain,
                            s.seed.normalized_name,
                            s.seed.reason,
                        )
                        for s in selection.seeds
                    ),
                )
            ),
        }
    )
