"""Stage `lookalikes`: for every card of the latest generation, the live register
companies most like its best customers, ranked by fit score, each with its closest seed
and the points each signal earned."""

import time

import dagster as dg

from icp_assets.lookalikes.storage import (
    LOOKALIKES_PER_CARD,
    delete_lists,
    rank_card,
    tenant_exclusions,
    write_list,
)
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from icp_assets.suggestions.assets import suggestions
from icp_assets.suggestions.generations import latest_generation
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
    previews, counts = [], {}
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        generation = latest_generation(conn, tenant_id)
        delete_lists(conn, tenant_id)
        exclusions = tenant_exclusions(conn, tenant_id)
        for card in generation.cards if generation else ():
            card_started = time.perf_counter()
            ranked, seeds = rank_card(conn, tenant_id, card, exclusions)
            counts[card["id"]] = write_list(
                conn, tenant_id, generation.generation_id, card["id"], ranked, seeds
            )
            context.log.info(
                f"lookalikes tenant={tenant_id} card={card['id']} companies={counts[card['id']]} "
                f"elapsed_s={time.perf_counter() - card_started:.2f}"
            )
            top = ranked.head(PREVIEW_ROWS)
            rows = [
                (
                    rank,
                    r.uen,
                    r.entity_name,
                    r.primary_ssic_code,
                    f"{r.score:.1f}",
                    seeds[r.closest_seed].name,
                )
                for rank, r in enumerate(top.itertuples(), 1)
            ]
            previews.append(
                f"### {card['title']}\n\n"
                + markdown_table(["rank", "UEN", "name", "SSIC", "score", "closest seed"], rows)
            )
    return dg.MaterializeResult(
        metadata={
            "generation_id": generation.generation_id if generation else None,
            "cards": len(counts),
            "companies": sum(counts.values()),
            "elapsed_s": round(time.perf_counter() - started, 3),
            "top_10_per_card": dg.MetadataValue.md("\n\n".join(previews) or "_no cards_"),
        }
    )
