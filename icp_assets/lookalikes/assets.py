"""Stage `lookalikes`: for every card of the latest generation, the live register
companies most like its best customers, ranked by fit score, each with its closest seed
and the points each signal earned."""

import time

import dagster as dg

from icp_assets.lookalikes.storage import LOOKALIKES_PER_CARD, TenantRanking, rank_tenant
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from icp_assets.suggestions.assets import suggestions
from resources.warehouse import WarehouseResource

PREVIEW_ROWS = 10


@dg.asset(
    partitions_def=tenants,
    group_name="lookalikes",
    kinds={"postgres", "pandas"},
    deps=[suggestions],
    description=(
        f"For each card of the latest generation, its {LOOKALIKES_PER_CARD:,} best live "
        "register companies (not the tenant's seeds, lost customers or exclusions), ranked "
        "by a 0-100 fit score: points for SSIC agreement, entity type, age, location and "
        "activity text against the closest seed, and for crawled evidence against the card."
    ),
)
def lookalikes(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    started = time.perf_counter()
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        ranking = rank_tenant(conn, tenant_id)
    for card in ranking.cards:
        context.log.info(
            f"lookalikes tenant={tenant_id} card={card.card['id']} companies={len(card.ranked)} "
            f"elapsed_s={card.elapsed_s:.2f}"
        )
    return dg.MaterializeResult(
        metadata={
            "generation_id": ranking.generation_id,
            "cards": len(ranking.cards),
            "companies": ranking.companies,
            "elapsed_s": round(time.perf_counter() - started, 3),
            "top_10_per_card": dg.MetadataValue.md(top_10_preview(ranking)),
        }
    )


def top_10_preview(ranking: TenantRanking) -> str:
    """Each card's first ten companies as a Markdown table."""
    previews = []
    for card in ranking.cards:
        rows = [
            (rank, r.uen, r.entity_name, r.primary_ssic_code, f"{r.score:.1f}",
             card.seeds[r.closest_seed].name)
            for rank, r in enumerate(card.ranked.head(PREVIEW_ROWS).itertuples(), 1)
        ]  # fmt: skip
        table = markdown_table(["rank", "UEN", "name", "SSIC", "score", "closest seed"], rows)
        previews.append(f"### {card.card['title']}\n\n{table}")
    return "\n\n".join(previews) or "_no cards_"
