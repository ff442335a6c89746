"""The shapes of the suggestions stage: what building cards reads, and the cards,
negative-ICP themes and targeting packs it produces; and ``stored_card``, which reads a
card stored in an older shape into today's. Pure data, no SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icp_assets.pattern_mining.mining import Pattern
from icp_assets.signals import Signal


@dataclass(frozen=True)
class SeedEvidence:
    """One ``icp_evidence`` row of a seed (register or web), for citations."""

    evidence_id: int
    seed_id: int
    seed_kind: str  # "best" | "lost"
    signal_key: str
    value: str
    confidence: float
    url: str | None = None
    snippet: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    #: The ``companies`` row the evidence is about (its page's company).
    company_id: int | None = None


@dataclass(frozen=True)
class LostCustomer:
    seed_id: int
    name: str
    reason: str
    #: The lost customer's register SSIC codes and web evidence values, when known.
    ssic_codes: tuple[str, ...] = ()
    headcount_band: str | None = None


@dataclass(frozen=True)
class IntakeAnswers:
    """The intake answers that may fill in where evidence is thin."""

    employee_band: str | None = None
    geos: tuple[str, ...] = ()
    integrations_required: tuple[str, ...] = ()
    champion_titles: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    acv_usd: float | None = None
    price_floor_usd: float | None = None
    #: Free-text anti-ICP answers from the advanced sections, if any.
    anti_icp: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuggestionInputs:
    tenant_id: int
    best_seed_ids: tuple[int, ...]
    patterns: Sequence[Pattern]
    evidence: Sequence[SeedEvidence]
    lost_customers: Sequence[LostCustomer]
    answers: IntakeAnswers
    #: SSIC code or prefix -> title, for every level.
    ssic_titles: Mapping[str, str]
    reduced_evidence: bool = False
    #: The previous generation's cards (for stable ids and comparison), newest first.
    previous_cards: Sequence[Mapping[str, Any]] = ()
    #: SSIC codes or prefixes the tenant excluded (adopting a card, ``icp exclude``, its
    #: Anti-ICP answers): no segment inside them is suggested.
    excluded_ssic: tuple[str, ...] = ()
    #: Best seeds by id: their names, for the cards' lists of covered customers.
    seed_names: Mapping[int, str] = field(default_factory=dict)
    #: The division of each 2-digit SSIC prefix's section ("41" -> "F").
    ssic_sections: Mapping[str, str] = field(default_factory=dict)
    #: The evidence of the tenant's own site (``seed_id`` 0): whom it says it is not for
    #: (``not_for``), the buyers its case studies and testimonials name (``buyer_title``),
    #: the tools its product integrates with (``integration``).
    tenant_evidence: Sequence[SeedEvidence] = ()

    @property
    def stated_exclusions(self) -> list[SeedEvidence]:
        """Whom the tenant's own site says its product is not for."""
        return [row for row in self.tenant_evidence if row.signal_key == Signal.NOT_FOR]


@dataclass(frozen=True)
class TargetingPack:
    ssic_filters: tuple[str, ...]  # codes or prefixes, as `icp registry size --ssic` takes
    technographic_filters: tuple[str, ...]  # tool keys
    pitch: str
    #: What the negative ICP and the tenant's exclusions leave out of the segment.
    exclude_ssic: tuple[str, ...] = ()
    exclude_entity_types: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "ssic_filters": list(self.ssic_filters),
            "technographic_filters": list(self.technographic_filters),
            "pitch": self.pitch,
            "exclude_ssic": list(self.exclude_ssic),
            "exclude_entity_types": list(self.exclude_entity_types),
        }


@dataclass(frozen=True)
class NegativeTheme:
    """A theme of the negative ICP, where it comes from, how many lost customers it
    rests on, and the filter it puts on cards and sizing."""

    theme: str
    source: str  # e.g. "lost_reason:Pasir Panjang Print Shop", "answer:price_floor_usd"
    kind: str = "reason"  # "industry" | "reason" | "price_floor" | "stated"
    count: int = 0
    exclude_ssic: tuple[str, ...] = ()
    exclude_entity_types: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "source": self.source,
            "kind": self.kind,
            "lost_customers": self.count,
            "filter": {
                "exclude_ssic": list(self.exclude_ssic),
                "exclude_entity_types": list(self.exclude_entity_types),
            },
        }


@dataclass(frozen=True)
class SuggestionCard:
    """A micro-ICP segment. ``acra_total`` and ``acra_samples`` are filled in by the
    asset from the register after the pure builder returns (sizing needs SQL)."""

    id: str
    title: str
    #: The segment's SSIC codes or prefixes; their titles are in ``ssic_titles``.
    ssic_cluster: tuple[str, ...]
    headcount_band: str | None
    integrations: tuple[str, ...]
    champions: tuple[str, ...]
    evidence_ids: tuple[int, ...]
    seeds_covered: str  # "4/5"
    rationale: str
    confidence: float
    negative_flags: tuple[str, ...]
    targeting_pack: TargetingPack
    reduced_evidence: bool = False
    #: Card fields filled from intake answers because evidence was thin.
    from_answers: tuple[str, ...] = ()
    score: float = 0.0
    score_parts: Mapping[str, float] = field(default_factory=dict)
    #: The best customers the segment covers: ``{"id", "name"}``.
    covered_seeds: tuple[dict[str, Any], ...] = ()
    #: "ssic" or "technographic", and the level: "subclass" ... "section", "technographic".
    segment_kind: str = "ssic"
    segment_level: str = "division"
    #: How many lost customers fall in the segment.
    lost_in_segment: int = 0
    #: What the card claims (its industry, band, each integration, each champion), each
    #: with where it comes from and the ids of the distinct facts behind it.
    claims: tuple[dict[str, Any], ...] = ()
    acra_total: int | None = None
    #: Live companies that match only by their secondary code, reported apart.
    acra_secondary: int | None = None
    acra_samples: tuple[dict[str, Any], ...] = ()
    #: The title of each code of ``ssic_cluster``.
    ssic_titles: Mapping[str, str] = field(default_factory=dict)
    #: The name of each tool of ``integrations`` ("sap-business-one" -> "SAP Business One").
    integration_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def evidence_count(self) -> int:
        return len(self.evidence_ids)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "ssic_cluster": list(self.ssic_cluster),
            "ssic_titles": {code: self.ssic_titles.get(code, "") for code in self.ssic_cluster},
            "headcount_band": self.headcount_band,
            "integrations": list(self.integrations),
            "integration_names": {
                key: self.integration_names.get(key, key) for key in self.integrations
            },
            "champions": list(self.champions),
            "evidence_count": self.evidence_count,
            "evidence_ids": list(self.evidence_ids),
            "seeds_covered": self.seeds_covered,
            "rationale": self.rationale,
            "confidence": self.confidence,
            "negative_flags": list(self.negative_flags),
            "reduced_evidence": self.reduced_evidence,
            "from_answers": list(self.from_answers),
            "score": self.score,
            "score_parts": dict(self.score_parts),
            "covered_seeds": list(self.covered_seeds),
            "segment_kind": self.segment_kind,
            "segment_level": self.segment_level,
            "lost_in_segment": self.lost_in_segment,
            "claims": list(self.claims),
            "acra_total": self.acra_total,
            "acra_secondary": self.acra_secondary,
            "acra_samples": list(self.acra_samples),
            "targeting_pack": self.targeting_pack.as_json(),
        }


def stored_card(card: Mapping[str, Any]) -> dict[str, Any]:
    """A stored card (``SuggestionCard.as_json()``) in today's shape: ``ssic_cluster`` the
    list of codes, their titles in ``ssic_titles``. Cards stored when the cluster was a
    list of ``{"code", "title"}`` are read into it; a card in today's shape is returned
    as it is (copied)."""
    titles = {str(code): str(title) for code, title in (card.get("ssic_titles") or {}).items()}
    codes: list[str] = []
    for entry in card.get("ssic_cluster") or ():
        if isinstance(entry, Mapping):
            code = str(entry.get("code") or "").strip()
            if code and entry.get("title") and code not in titles:
                titles[code] = str(entry["title"])
        else:
            code = str(entry).strip()
        if code:
            codes.append(code)
    return {**card, "ssic_cluster": codes, "ssic_titles": titles}
