"""Stage `pattern_mining`: what the tenant's best customers have in common
(`icp_patterns`), and the cross-tenant view of every tenant's patterns."""

import time
from collections import Counter
from collections.abc import Sequence

import dagster as dg

from icp_assets.evidence.assets import icp_evidence
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from icp_assets.pattern_mining.mining import Pattern
from icp_assets.pattern_mining.storage import mine_tenant_patterns
from resources.warehouse import WarehouseResource


def _patterns_table(patterns: Sequence[Pattern]) -> str:
    return markdown_table(
        ["pattern", "value", "title", "support", "share"],
        (
            (p.pattern_key, p.value, p.details.get("title") or "", p.support, f"{p.share:.0%}")
            for p in patterns
        ),
        limit=40,
    )


@dg.asset(
    partitions_def=tenants,
    group_name="pattern_mining",
    kinds={"postgres"},
    deps=[icp_evidence],
    description=(
        "What the tenant's best customers share: SSIC codes and their clusters up the "
        "hierarchy (class, group, division), integrations, headcount bands and median, "
        "buyer titles, countries and industries served; each with its support across "
        "best seeds and the evidence ids behind it. Replaces the tenant's slice."
    ),
)
def icp_patterns(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    started = time.perf_counter()
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        mined = mine_tenant_patterns(conn, tenant_id)
    patterns = mined.patterns

    by_key = Counter(p.pattern_key for p in patterns)
    context.log.info(
        f"pattern_mining tenant={tenant_id} best_seeds={mined.best_seeds} "
        f"evidence={mined.evidence_read} patterns={len(patterns)} {dict(sorted(by_key.items()))}"
    )
    top_ssic = next((p for p in patterns if p.pattern_key == "ssic"), None)
    return dg.MaterializeResult(
        metadata={
            "best_seeds": mined.best_seeds,
            "evidence_read": mined.evidence_read,
            "patterns": len(patterns),
            "patterns_by_key": dg.MetadataValue.json(dict(sorted(by_key.items()))),
            "top_ssic": f"{top_ssic.value} ({top_ssic.support}/{mined.best_seeds})"
            if top_ssic
            else "",
            "elapsed_s": round(time.perf_counter() - started, 3),
            "preview": dg.MetadataValue.md(_patterns_table(patterns)),
        }
    )
