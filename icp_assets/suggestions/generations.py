"""The generations of a tenant's suggestions: reading them, the evidence a card cites,
and what changed from one generation to the next (``compare_generations`` is pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, text

from icp_assets.suggestions.model import stored_card

#: Fields compared between generations; evidence ids are replaced on every run and so
#: are compared by their count.
COMPARED_FIELDS = (
    "title",
    "ssic_cluster",
    "headcount_band",
    "integrations",
    "champions",
    "seeds_covered",
    "evidence_count",
    "confidence",
    "score",
    "negative_flags",
    "reduced_evidence",
    "from_answers",
    "acra_total",
    "targeting_pack",
)

_EVIDENCE_COLUMNS = """
    e.id, e.signal_key, e.value, e.source, e.extractor, e.confidence, e.url, e.snippet,
    c.name AS company, coalesce(c.website_domain, c.primary_domain) AS domain
"""
SNAPSHOT_CITED = text(
    f"""
    INSERT INTO suggestion_evidence (tenant_id, generation_id, evidence_id, signal_key, value,
        source, extractor, confidence, url, snippet, company, domain)
    SELECT :tenant_id, :generation_id, {_EVIDENCE_COLUMNS}
    FROM icp_evidence e JOIN companies c ON c.id = e.company_id
    WHERE e.tenant_id = :tenant_id AND e.id = ANY(CAST(:ids AS bigint[]))
    """
)
SNAPSHOTTED = text(
    """
    SELECT evidence_id AS id, signal_key, value, source, extractor, confidence, url, snippet,
           company, domain
    FROM suggestion_evidence
    WHERE tenant_id = :tenant_id AND generation_id = :generation_id
      AND evidence_id = ANY(CAST(:ids AS bigint[]))
    """
)
# Generations written before snapshots were kept: what is left of their evidence.
LIVE_EVIDENCE = text(
    f"""
    SELECT {_EVIDENCE_COLUMNS}
    FROM icp_evidence e JOIN companies c ON c.id = e.company_id
    WHERE e.tenant_id = :tenant_id AND e.id = ANY(CAST(:ids AS bigint[]))
    """
)


def snapshot_cited_evidence(
    conn: Connection, tenant_id: int, generation_id: int, evidence_ids: Sequence[int]
) -> int:
    """Keep a copy of the evidence a new generation cites, for as long as the generation
    is kept; returns how many rows were copied."""
    params = {
        "tenant_id": tenant_id,
        "generation_id": generation_id,
        "ids": sorted({int(i) for i in evidence_ids}),
    }
    return conn.execute(SNAPSHOT_CITED, params).rowcount


def cited_evidence(
    conn: Connection, tenant_id: int, generation_id: int, evidence_ids: Sequence[int]
) -> list[Row]:
    """The evidence a generation's card cites, as the generation saw it, strongest
    first, with the company each is about."""
    ids = sorted({int(i) for i in evidence_ids})
    if not ids:
        return []
    params = {"tenant_id": tenant_id, "generation_id": generation_id, "ids": ids}
    rows = list(conn.execute(SNAPSHOTTED, params))
    missing = sorted(set(ids) - {row.id for row in rows})
    if missing:
        rows += conn.execute(LIVE_EVIDENCE, {**params, "ids": missing}).all()
    return sorted(rows, key=lambda row: (-row.confidence, row.id))


@dataclass(frozen=True)
class Generation:
    generation_id: int
    created_at: datetime
    #: The cards as ``SuggestionCard.as_json()`` dicts, by rank (older shapes read into
    #: today's by ``stored_card``).
    cards: tuple[dict[str, Any], ...]
    negative_icp: tuple[dict[str, Any], ...]
    reduced_evidence: bool

    @property
    def suggestion_ids(self) -> list[str]:
        return [card["id"] for card in self.cards]

    def card(self, suggestion_id: str) -> dict[str, Any] | None:
        return next((card for card in self.cards if card["id"] == suggestion_id), None)


_GENERATIONS = text(
    """
    SELECT generation_id, created_at, negative_icp, reduced_evidence
    FROM suggestion_generations
    WHERE tenant_id = :tenant_id
      AND (CAST(:generation_id AS bigint) IS NULL OR generation_id = :generation_id)
    ORDER BY generation_id DESC
    LIMIT 1 OFFSET :offset
    """
)
_CARDS = text(
    """
    SELECT suggestion_id, card FROM icp_suggestions
    WHERE tenant_id = :tenant_id AND generation_id = :generation_id
    ORDER BY rank, suggestion_id
    """
)


def _generation(
    conn: Connection, tenant_id: int, offset: int, generation_id: int | None = None
) -> Generation | None:
    params = {"tenant_id": tenant_id, "offset": offset, "generation_id": generation_id}
    row = conn.execute(_GENERATIONS, params).first()
    if row is None:
        return None
    cards = conn.execute(_CARDS, {"tenant_id": tenant_id, "generation_id": row.generation_id}).all()
    return Generation(
        generation_id=row.generation_id,
        created_at=row.created_at,
        cards=tuple(
            stored_card({**c.card, "id": c.card.get("id", c.suggestion_id)}) for c in cards
        ),
        negative_icp=tuple(row.negative_icp or ()),
        reduced_evidence=row.reduced_evidence,
    )


def latest_generation(conn: Connection, tenant_id: int) -> Generation | None:
    """The tenant's newest generation of suggestions, or None before the first."""
    return _generation(conn, tenant_id, 0)


def generation_by_id(conn: Connection, tenant_id: int, generation_id: int) -> Generation | None:
    """One stored generation of the tenant's, or None when it has no such generation."""
    return _generation(conn, tenant_id, 0, generation_id)


def previous_generation(conn: Connection, tenant_id: int) -> Generation | None:
    """The generation before the newest, or None when there is at most one."""
    return _generation(conn, tenant_id, 1)


_GENERATION_LIST = text(
    """
    SELECT g.generation_id, g.created_at, g.reduced_evidence,
           coalesce(array_agg(s.suggestion_id ORDER BY s.rank, s.suggestion_id)
                    FILTER (WHERE s.suggestion_id IS NOT NULL), '{}') AS suggestion_ids
    FROM suggestion_generations g
    LEFT JOIN icp_suggestions s
      ON s.tenant_id = g.tenant_id AND s.generation_id = g.generation_id
    WHERE g.tenant_id = :tenant_id
    GROUP BY g.generation_id, g.created_at, g.reduced_evidence
    ORDER BY g.generation_id DESC
    LIMIT :limit
    """
)


def generation_history(conn: Connection, tenant_id: int, limit: int = 10) -> list[dict[str, Any]]:
    """The tenant's newest generations, newest first: id, time, card ids."""
    return [
        {
            "generation_id": row.generation_id,
            "created_at": row.created_at.isoformat(),
            "reduced_evidence": row.reduced_evidence,
            "suggestion_ids": list(row.suggestion_ids),
        }
        for row in conn.execute(_GENERATION_LIST, {"tenant_id": tenant_id, "limit": limit})
    ]


def generation_comparison(previous: Generation | None, latest: Generation) -> dict[str, Any]:
    """What changed from ``previous`` to ``latest`` (every card added when there is no
    previous generation), with the previous generation's id."""
    if previous is None:
        return {
            "previous_generation_id": None,
            "added": list(latest.suggestion_ids),
            "removed": [],
            "changed": [],
            "unchanged": [],
        }
    return {
        "previous_generation_id": previous.generation_id,
        **compare_generations(list(previous.cards), list(latest.cards)),
    }


def _compared_value(card: Mapping[str, Any], name: str) -> Any:
    if name == "evidence_count" and "evidence_count" not in card:
        return len(card.get("evidence_ids") or ())
    return card.get(name)


def compare_generations(
    previous: Sequence[Mapping[str, Any]], current: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """What changed between two generations of cards (``SuggestionCard.as_json()`` dicts),
    matched by id: added and removed ids, changed cards with each changed field's before
    and after, unchanged ids. Orders follow the generations' ranks."""
    before = {card["id"]: card for card in previous}
    after = {card["id"]: card for card in current}
    changed, unchanged = [], []
    for card in current:
        old = before.get(card["id"])
        if old is None:
            continue
        fields = {
            name: {"before": _compared_value(old, name), "after": _compared_value(card, name)}
            for name in COMPARED_FIELDS
            if _compared_value(old, name) != _compared_value(card, name)
        }
        if fields:
            changed.append({"id": card["id"], "title": card.get("title"), "fields": fields})
        else:
            unchanged.append(card["id"])
    return {
        "added": [card["id"] for card in current if card["id"] not in before],
        "removed": [card["id"] for card in previous if card["id"] not in after],
        "changed": changed,
        "unchanged": unchanged,
    }
