"""Stage `pattern_mining`: what the tenant's best customers have in common
(`icp_patterns`), and the cross-tenant view of every tenant's patterns."""

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import dagster as dg
from sqlalchemy import Connection, text

from icp_assets.evidence import icp_evidence
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from icp_assets.pattern_mining import EvidenceFact, Pattern, mine_patterns
from resources.warehouse import WarehouseResource, replace_tenant_rows

BEST_SEEDS = text(
    "SELECT seed_id FROM seeds WHERE tenant_id = :tenant_id AND kind = 'best' ORDER BY seed_id"
)
SEED_EVIDENCE = text(
    """
    SELECT id, seed_id, signal_key, value, confidence, details FROM icp_evidence
    WHERE tenant_id = :tenant_id AND seed_id IS NOT NULL
    ORDER BY id
    """
)
SSIC_TITLES = text("SELECT code, title FROM ssic_ref")
REPLACE_PATTERNS = (
    text("DELETE FROM icp_patterns WHERE tenant_id = :tenant_id"),
    text(
        """
        INSERT INTO icp_patterns (tenant_id, pattern_key, value, support, share, details)
        VALUES (:tenant_id, :pattern_key, :value, :support, :share, CAST(:details AS jsonb))
        """
    ),
)
REFRESH_CROSS_TENANT_VIEW = text("REFRESH MATERIALIZED VIEW CONCURRENTLY icp_patterns_all_tenants")


def refresh_cross_tenant_patterns(conn: Connection) -> None:
    """Refresh ``icp_patterns_all_tenants`` without blocking its readers; run as the
    owner (the nightly refresh does, after every tenant's patterns)."""
    conn.execute(REFRESH_CROSS_TENANT_VIEW)


def _patterns_table(patterns: Sequence[Pattern]) -> str:
    return markdown_table(
        ["pattern", "value", "title", "support", "share"],
        (
            (p.pattern_key, p.value, p.details.get("title") or "", p.support, f"{p.share:.0%}")
            for p in patterns
        ),
        limit=40,
    )


@dataclass(frozen=True)
class MinedPatterns:
    best_seeds: int
    evidence_read: int
    patterns: list[Pattern]


def mine_tenant_patterns(conn: Connection, tenant_id: int) -> MinedPatterns:
    """Mine the tenant's patterns and replace its slice, inside the caller's tenant
    transaction."""
    params = {"tenant_id": tenant_id}
    best_seed_ids = conn.execute(BEST_SEEDS, params).scalars().all()
    facts = [
        EvidenceFact(r.id, r.seed_id, r.signal_key, r.value, r.confidence, r.details)
        for r in conn.execute(SEED_EVIDENCE, params)
    ]
    titles = {r.code: r.title for r in conn.execute(SSIC_TITLES)}
    patterns = mine_patterns(facts, best_seed_ids, titles)
    rows: list[dict[str, Any]] = [
        {
            "tenant_id": tenant_id,
            "pattern_key": p.pattern_key,
            "value": p.value,
            "support": p.support,
            "share": p.share,
            "details": json.dumps(p.details),
        }
        for p in patterns
    ]
    replace_tenant_rows(conn, *REPLACE_PATTERNS, tenant_id, rows)
    return MinedPatterns(len(best_seed_ids), len(facts), patterns)


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
