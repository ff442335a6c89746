"""The lookalikes stage's SQL: a card's seeds as the register and their sites describe
them, the live companies of its segment (indexed SSIC conditions narrow them before any
scoring), the tenant's crawled evidence about them, and the stored ranked lists."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from icp_assets.lookalikes.export import lookalike_record
from icp_assets.lookalikes.scoring import (
    CANDIDATE_COLUMNS,
    SIGNALS,
    CardTarget,
    SeedProfile,
    reasons,
    score_candidates,
)
from icp_assets.mapping.resolution import is_uen
from icp_assets.normalize import normalize_company_name
from icp_assets.reference.queries import Segment, SsicFilter, segment_rows
from icp_assets.suggestions.claims import RUN_CONTEXTS
from icp_assets.suggestions.generations import latest_generation
from resources.warehouse import lock_tenant_slices

#: How many companies each card's stored list keeps.
LOOKALIKES_PER_CARD = 1000

_CANDIDATE_SQL = """
    c.uen, c.entity_name, c.entity_type_description AS entity_type,
    c.company_type_description AS company_type, c.primary_ssic_code,
    c.secondary_ssic_code,
    extract(year FROM c.registration_incorporation_date)::int AS year,
    left(c.postal_code, 2) AS postal_sector,
    concat_ws(' ', c.primary_user_described_activity, c.secondary_user_described_activity)
        AS activity_text
"""
SEED_PROFILES = text(
    """
    SELECT s.seed_id, s.name, c.primary_ssic_code, c.secondary_ssic_code,
           c.entity_type_description AS entity_type,
           c.company_type_description AS company_type,
           extract(year FROM c.registration_incorporation_date)::int AS year,
           left(c.postal_code, 2) AS postal_sector,
           concat_ws(' ', c.primary_user_described_activity,
                     c.secondary_user_described_activity) AS register_text,
           (SELECT string_agg(e.snippet, ' ' ORDER BY e.confidence DESC)
            FROM icp_evidence e
            WHERE e.tenant_id = s.tenant_id AND e.seed_id = s.seed_id
              AND e.signal_key = 'ssic_hint') AS site_text,
           (SELECT e.value FROM icp_evidence e
            WHERE e.tenant_id = s.tenant_id AND e.seed_id = s.seed_id
              AND e.signal_key = 'ssic_hint'
            ORDER BY e.confidence DESC, e.id LIMIT 1) AS site_code
    FROM seeds s
    LEFT JOIN seed_register_matches m ON m.seed_id = s.seed_id AND m.tenant_id = s.tenant_id
    LEFT JOIN staging_acra_companies c ON c.uen = m.uen
    WHERE s.tenant_id = :tenant_id AND s.seed_id = ANY(CAST(:seed_ids AS bigint[]))
    ORDER BY s.seed_id
    """
)
# Everything of the tenant's own that no list may hold: its seeds and lost customers
# (by UEN and by name), and the companies it excluded.
OWN_UENS = text("SELECT uen FROM seed_register_matches WHERE tenant_id = :tenant_id")
BEST_SEEDS = text(
    "SELECT seed_id FROM seeds WHERE tenant_id = :tenant_id AND kind = 'best' ORDER BY seed_id"
)
OWN_NAMES = text("SELECT normalized_name FROM seeds WHERE tenant_id = :tenant_id")
EXCLUDED_COMPANIES = text(
    "SELECT value FROM icp_exclusions WHERE tenant_id = :tenant_id AND kind = 'company'"
)
CRAWLED_EVIDENCE = text(
    """
    SELECT c.uen,
           array_agg(DISTINCT split_part(e.value, ':', 2)) FILTER (
               WHERE e.signal_key = 'integration' AND e.value LIKE 'runs:%'
                 AND e.details->>'context' = ANY(CAST(:run_contexts AS text[]))) AS tools,
           (array_agg(e.value ORDER BY e.confidence DESC) FILTER (
               WHERE e.signal_key = 'headcount_hint'
                 AND e.details->>'kind' = 'employees'))[1] AS band
    FROM companies c JOIN icp_evidence e ON e.company_id = c.id AND e.tenant_id = c.tenant_id
    WHERE c.tenant_id = :tenant_id AND c.uen IS NOT NULL
    GROUP BY c.uen
    """
)
DELETE_LISTS = text("DELETE FROM lookalikes WHERE tenant_id = :tenant_id")
INSERT_LIST = text(
    """
    INSERT INTO lookalikes (tenant_id, generation_id, suggestion_id, rank, uen, score,
        closest_seed_id, closest_seed, points, reasons)
    SELECT :tenant_id, :generation_id, :suggestion_id, row.rank, row.uen, row.score,
           row.seed_id, row.seed, CAST(row.points AS jsonb), row.reasons
    FROM unnest(CAST(:ranks AS integer[]), CAST(:uens AS text[]), CAST(:scores AS real[]),
                CAST(:seed_ids AS bigint[]), CAST(:seeds AS text[]), CAST(:points AS text[]),
                CAST(:reasons AS text[]))
         AS row(rank, uen, score, seed_id, seed, points, reasons)
    """
)
READ_LIST = text(
    """
    SELECT l.rank, l.uen, c.entity_name, c.entity_status_description AS status,
           c.entity_type_description AS entity_type,
           c.primary_ssic_code, c.primary_ssic_description,
           c.secondary_ssic_code, c.secondary_ssic_description,
           concat_ws(', ', nullif(c.street_name, ''), nullif(c.building_name, ''),
                     CASE WHEN c.postal_code IS NOT NULL THEN 'Singapore ' || c.postal_code END)
               AS address,
           c.registration_incorporation_date AS incorporated, l.score, l.closest_seed_id,
           l.closest_seed, l.points, l.reasons, l.suggestion_id, l.generation_id
    FROM lookalikes l LEFT JOIN staging_acra_companies c ON c.uen = l.uen
    WHERE l.tenant_id = :tenant_id AND l.suggestion_id = :suggestion_id
    ORDER BY l.rank
    LIMIT :limit
    """
)
LIST_RECORD = text(
    "SELECT generation_id, candidates, ranked FROM lookalike_lists "
    "WHERE tenant_id = :tenant_id AND suggestion_id = :suggestion_id"
)
INSERT_LIST_RECORD = text(
    "INSERT INTO lookalike_lists (tenant_id, generation_id, suggestion_id, candidates, ranked) "
    "VALUES (:tenant_id, :generation_id, :suggestion_id, :candidates, :ranked)"
)
DELETE_LIST_RECORDS = text("DELETE FROM lookalike_lists WHERE tenant_id = :tenant_id")


@dataclass(frozen=True)
class TenantExclusions:
    """What no list of the tenant may hold."""

    uens: tuple[str, ...]
    names: tuple[str, ...]


def tenant_exclusions(conn: Connection, tenant_id: int) -> TenantExclusions:
    params = {"tenant_id": tenant_id}
    excluded = list(conn.execute(EXCLUDED_COMPANIES, params).scalars())
    uens = {*conn.execute(OWN_UENS, params).scalars(), *(v for v in excluded if is_uen(v))}
    names = {*conn.execute(OWN_NAMES, params).scalars()}
    names |= {normalize_company_name(v) for v in excluded if not is_uen(v)}
    return TenantExclusions(tuple(sorted(uens)), tuple(sorted(n for n in names if n)))


def seed_profiles(conn: Connection, tenant_id: int, seed_ids: Sequence[int]) -> list[SeedProfile]:
    """The card's seeds: their register row where one is matched, else the industry
    their own site states, and their own words either way."""
    rows = conn.execute(SEED_PROFILES, {"tenant_id": tenant_id, "seed_ids": list(seed_ids)})
    return [
        SeedProfile(
            seed_id=row.seed_id,
            name=row.name,
            primary_ssic_code=row.primary_ssic_code or row.site_code,
            secondary_ssic_code=row.secondary_ssic_code,
            entity_type=row.entity_type,
            company_type=row.company_type,
            year=row.year,
            postal_sector=row.postal_sector,
            text=" ".join(t for t in (row.register_text, row.site_text) if t),
        )
        for row in rows
    ]


def industry_profiles(ssic: SsicFilter) -> list[SeedProfile]:
    """With no seed to compare with (a card given without them, a tenant whose seeds
    are unmatched), each of the card's codes stands in for one."""
    return [SeedProfile(None, f"SSIC {code}", code) for code in (*ssic.codes, *ssic.prefixes)]


def card_segment(card: Mapping[str, Any], exclusions: TenantExclusions, **extra: Any) -> Segment:
    """The register companies a card's list is drawn from: its SSIC filters less its
    exclusions, the negative ICP's entity types and the tenant's own companies."""
    pack = card.get("targeting_pack") or {}
    return Segment(
        ssic=SsicFilter.parse(extra.get("ssic_filters", pack.get("ssic_filters") or ())),
        exclude_ssic=SsicFilter.parse(extra.get("exclude_ssic", pack.get("exclude_ssic") or ())),
        exclude_entity_types=tuple(pack.get("exclude_entity_types") or ()),
        exclude_uens=exclusions.uens,
        exclude_names=exclusions.names,
    )


def candidates(conn: Connection, tenant_id: int, segment: Segment) -> pd.DataFrame:
    """The live companies of the segment, with the tenant's crawled evidence about them."""
    frame = pd.DataFrame.from_records(
        segment_rows(conn, segment, _CANDIDATE_SQL), columns=CANDIDATE_COLUMNS
    )
    excluded = (*segment.exclude_ssic.codes, *segment.exclude_ssic.prefixes)
    if excluded and not frame.empty:
        # The segment leaves out excluded primary codes; a list leaves out a company
        # coded with one either way.
        coded = frame["secondary_ssic_code"].fillna("").str.startswith(excluded)
        frame = frame[~coded]
    crawled = conn.execute(
        CRAWLED_EVIDENCE, {"tenant_id": tenant_id, "run_contexts": sorted(RUN_CONTEXTS)}
    ).all()
    if crawled and not frame.empty:
        evidence = pd.DataFrame(crawled, columns=["uen", "tools", "band"])
        frame = frame.merge(evidence, on="uen", how="left")
    return frame


@dataclass(frozen=True)
class RankedCard:
    ranked: pd.DataFrame
    seeds: list[SeedProfile]
    #: The live companies of the segment that were scored.
    candidates: int
    #: The card ranked, and how long it took, once ``rank_tenant`` has stored it.
    card: Mapping[str, Any] | None = None
    elapsed_s: float = 0.0


def rank_card(
    conn: Connection,
    tenant_id: int,
    card: Mapping[str, Any],
    exclusions: TenantExclusions,
    limit: int | None = LOOKALIKES_PER_CARD,
    **segment_overrides: Any,
) -> RankedCard:
    """The card's ``limit`` best lookalikes (all, with None), scored against its covered
    seeds (every best seed, for a card given without them); ``segment_overrides``
    replace the card's ``ssic_filters`` or ``exclude_ssic``."""
    covered = [int(s["id"]) for s in card.get("covered_seeds") or ()]
    if not covered:
        covered = list(conn.execute(BEST_SEEDS, {"tenant_id": tenant_id}).scalars())
    segment = card_segment(card, exclusions, **segment_overrides)
    seeds = seed_profiles(conn, tenant_id, covered) or industry_profiles(segment.ssic)
    target = CardTarget(
        (*segment.ssic.codes, *segment.ssic.prefixes),
        frozenset(card.get("integrations") or ()),
        card.get("headcount_band"),
    )
    pool = candidates(conn, tenant_id, segment)
    return RankedCard(score_candidates(pool, seeds, target, limit), seeds, len(pool))


def write_list(
    conn: Connection, tenant_id: int, generation_id: int, suggestion_id: str, card: RankedCard
) -> int:
    """Store a card's ranked list, empty or not (the caller has deleted the tenant's old
    lists)."""
    ranked, seeds = card.ranked, card.seeds
    conn.execute(
        INSERT_LIST_RECORD,
        {
            "tenant_id": tenant_id,
            "generation_id": generation_id,
            "suggestion_id": suggestion_id,
            "candidates": card.candidates,
            "ranked": len(ranked),
        },
    )
    if ranked.empty:
        return 0
    records = ranked.to_dict("records")
    closest = [seeds[int(r["closest_seed"])] for r in records]
    conn.execute(
        INSERT_LIST,
        {
            "tenant_id": tenant_id,
            "generation_id": generation_id,
            "suggestion_id": suggestion_id,
            "ranks": list(range(1, len(records) + 1)),
            "uens": [r["uen"] for r in records],
            "scores": [float(r["score"]) for r in records],
            "seed_ids": [seed.seed_id for seed in closest],
            "seeds": [seed.name for seed in closest],
            "points": [json.dumps({s: float(r[f"points_{s}"]) for s in SIGNALS}) for r in records],
            "reasons": [reasons(r, seed) for r, seed in zip(records, closest, strict=True)],
        },
    )
    return len(records)


def delete_lists(conn: Connection, tenant_id: int) -> None:
    # A concurrent ranking of the tenant waits here until this transaction ends.
    lock_tenant_slices(conn, tenant_id, "lookalikes", "lookalike_lists")
    conn.execute(DELETE_LISTS, {"tenant_id": tenant_id})
    conn.execute(DELETE_LIST_RECORDS, {"tenant_id": tenant_id})


def read_list(
    conn: Connection, tenant_id: int, suggestion_id: str, limit: int = LOOKALIKES_PER_CARD
) -> list[Any]:
    return conn.execute(
        READ_LIST, {"tenant_id": tenant_id, "suggestion_id": suggestion_id, "limit": limit}
    ).all()


class LookalikesUnavailableError(LookupError):
    """No stored list for the card asked for; the message says what to do."""


@dataclass(frozen=True)
class CardList:
    card: Mapping[str, Any]
    generation_id: int
    #: The live companies of the card's segment that were scored.
    candidates: int
    records: list[dict[str, Any]]

    @property
    def empty_note(self) -> str:
        """What an empty list means, as a person says it."""
        return (
            "no live register company in this card's segment beyond your own customers "
            "and exclusions"
        )


def card_lookalikes(
    conn: Connection, tenant_id: int, suggestion_id: str | None, limit: int
) -> CardList:
    """The card (the latest generation's, its top card when no id is given) and its
    stored list's first ``limit`` companies as records.

    Raises:
        LookalikesUnavailableError: no generation, an id not in it, or no stored list.
    """
    generation = latest_generation(conn, tenant_id)
    if generation is None or not generation.cards:
        raise LookalikesUnavailableError(f"tenant {tenant_id} has no suggestion cards yet")
    card = generation.card(suggestion_id) if suggestion_id else generation.cards[0]
    if card is None:
        raise LookalikesUnavailableError(
            f"no card {suggestion_id!r} in tenant {tenant_id}'s latest generation; its cards "
            f"are {', '.join(generation.suggestion_ids)}"
        )
    params = {"tenant_id": tenant_id, "suggestion_id": card["id"]}
    stored = conn.execute(LIST_RECORD, params).first()
    if stored is None or stored.generation_id != generation.generation_id:
        raise LookalikesUnavailableError(
            f"no lookalikes ranked for card {card['id']} of the latest generation yet: run "
            f"icp run --tenant {tenant_id} --select lookalikes"
        )
    rows = read_list(conn, tenant_id, card["id"], limit)
    filters = tuple((card.get("targeting_pack") or {}).get("ssic_filters") or ())
    return CardList(
        card,
        generation.generation_id,
        stored.candidates,
        [lookalike_record(r, filters) for r in rows],
    )


@dataclass(frozen=True)
class TenantRanking:
    generation_id: int | None
    cards: list[RankedCard]

    @property
    def companies(self) -> int:
        return sum(len(c.ranked) for c in self.cards)


def rank_tenant(conn: Connection, tenant_id: int) -> TenantRanking:
    """Every card of the latest generation ranked and stored, replacing the tenant's
    earlier lists."""
    generation = latest_generation(conn, tenant_id)
    delete_lists(conn, tenant_id)
    if generation is None:
        return TenantRanking(None, [])
    exclusions = tenant_exclusions(conn, tenant_id)
    rankings = []
    for card in generation.cards:
        started = time.perf_counter()
        ranked = rank_card(conn, tenant_id, card, exclusions)
        write_list(conn, tenant_id, generation.generation_id, card["id"], ranked)
        elapsed = time.perf_counter() - started
        rankings.append(dataclasses.replace(ranked, card=card, elapsed_s=elapsed))
    return TenantRanking(generation.generation_id, rankings)
