"""Stage `icp_intake`: the tenant's seeds, normalized and de-duplicated."""

import dagster as dg
from sqlalchemy import text

from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from icp_assets.seed_selection import IntakeSeed, select_seeds
from resources.warehouse import WarehouseResource, replace_tenant_rows

LATEST_INTAKE_SEEDS = text(
    """
    SELECT s.id, s.kind, s.name, s.domain, s.normalized_name, s.reason, s.intake_id
    FROM customer_seeds s
    WHERE s.intake_id = (
        SELECT id FROM icp_intake_responses WHERE tenant_id = :tenant_id
        ORDER BY id DESC LIMIT 1
    )
    ORDER BY s.kind, s.position
    """
)
DELETE_SEEDS = text("DELETE FROM seeds WHERE tenant_id = :tenant_id")
INSERT_SEED = text(
    """
    INSERT INTO seeds (seed_id, tenant_id, intake_id, kind, name, domain, normalized_name,
                       reason, merged_seed_ids)
    VALUES (:seed_id, :tenant_id, :intake_id, :kind, :name, :domain, :normalized_name,
            :reason, :merged_seed_ids)
    """
)


class NoIntakeError(RuntimeError):
    """The tenant has no intake to take seeds from."""


@dg.asset(
    partitions_def=tenants,
    group_name="icp_intake",
    kinds={"postgres"},
    description=(
        "The tenant's seeds from its latest intake: best and lost customers, domains and "
        "names normalized, the same company named twice merged into one."
    ),
)
def seeds(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        rows = conn.execute(LATEST_INTAKE_SEEDS, {"tenant_id": tenant_id}).all()
        if not rows:
            raise NoIntakeError(f"tenant {tenant_id} has no intake: submit one first")
        intake_id = rows[0].intake_id
        selection = select_seeds(
            [IntakeSeed(r.id, r.kind, r.name, r.domain, r.normalized_name, r.reason) for r in rows]
        )
        replace_tenant_rows(
            conn,
            DELETE_SEEDS,
            INSERT_SEED,
            tenant_id,
            [
                {
                    "seed_id": s.seed.seed_id,
                    "tenant_id": tenant_id,
                    "intake_id": intake_id,
                    "kind": s.seed.kind,
                    "name": s.seed.name,
                    "domain": s.seed.domain,
                    "normalized_name": s.seed.normalized_name,
                    "reason": s.seed.reason,
                    "merged_seed_ids": list(s.merged_seed_ids),
                }
                for s in selection.seeds
            ],
        )
    for warning in selection.warnings:
        context.log.warning(f"icp_intake tenant={tenant_id} {warning}")
    context.log.info(
        f"icp_intake tenant={tenant_id} intake_id={intake_id} best={selection.count('best')} "
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
