"""The pattern-mining stage's tables: the best seeds' evidence read, the tenant's
patterns replaced (`icp_patterns`), and the owner's cross-tenant view refreshed."""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from icp_assets.pattern_mining.mining import EvidenceFact, Pattern, mine_patterns
from resources.warehouse import replace_tenant_rows

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
PATTERNS = text(
    """
    SELECT pattern_key, value, support, share, details FROM icp_patterns
    WHERE tenant_id = :tenant_id
    ORDER BY pattern_key, support DESC, value
    """
)
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


def tenant_patterns(conn: Connection, tenant_id: int) -> list[Pattern]:
    """The tenant's stored patterns, by key, most supported first."""
    return [
        Pattern(r.pattern_key, r.value, r.support, r.share, r.details)
        for r in conn.execute(PATTERNS, {"tenant_id": tenant_id})
    ]


def best_seed_ids(conn: Connection, tenant_id: int) -> list[int]:
    """The tenant's best-customer seeds, by id."""
    return list(conn.execute(BEST_SEEDS, {"tenant_id": tenant_id}).scalars())


def all_ssic_titles(conn: Connection) -> dict[str, str]:
    """Every SSIC 2020 code and prefix with its title."""
    return {r.code: r.title for r in conn.execute(SSIC_TITLES)}


@dataclass(frozen=True)
class MinedPatterns:
    best_seeds: int
    evidence_read: int
    patterns: list[Pattern]


def mine_tenant_patterns(conn: Connection, tenant_id: int) -> MinedPatterns:
    """Mine the tenant's patterns and replace its slice, inside the caller's tenant
    transaction."""
    params = {"tenant_id": tenant_id}
    best = best_seed_ids(conn, tenant_id)
    facts = [
        EvidenceFact(r.id, r.seed_id, r.signal_key, r.value, r.confidence, r.details)
        for r in conn.execute(SEED_EVIDENCE, params)
    ]
    titles = all_ssic_titles(conn)
    patterns = mine_patterns(facts, best, titles)
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
    return MinedPatterns(len(best), len(facts), patterns)
