"""The suggestions stage's tables: what building cards reads, register sizing, and a new
generation written (`suggestion_generations`, `icp_suggestions`)."""

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from icp_assets.intake.model import parse_intake
from icp_assets.intake.storage import latest_intake
from icp_assets.mapping.resolution import is_uen
from icp_assets.pattern_mining.storage import all_ssic_titles, best_seed_ids, tenant_patterns
from icp_assets.reference.queries import (
    Likeness,
    SsicFilter,
    count_segment,
    likely_companies,
    likeness_of,
)
from icp_assets.reference.queries import Segment as RegisterSegment
from icp_assets.reference.register_rows import RegisterCandidate
from icp_assets.signals import Signal
from icp_assets.suggestions.building import SuggestionSet, build_suggestions, is_reduced_evidence
from icp_assets.suggestions.generations import snapshot_cited_evidence
from icp_assets.suggestions.model import (
    IntakeAnswers,
    LostCustomer,
    SeedEvidence,
    SuggestionCard,
    SuggestionInputs,
    stored_card,
)

ACRA_SAMPLES = 10
#: The intake's Anti-ICP section: every answer in it describes customers to avoid.
ANTI_ICP_SECTION = "C"
# Answers of other sections whose key says they describe customers to avoid.
ANTI_ICP_KEY_WORDS = ("anti", "avoid", "exclude", "not_a_fit", "bad_fit")

SEED_EVIDENCE = text(
    """
    SELECT e.id, e.seed_id, s.kind, e.signal_key, e.value, e.confidence, e.url, e.snippet,
           e.details, e.company_id
    FROM icp_evidence e JOIN seeds s ON s.seed_id = e.seed_id
    WHERE e.tenant_id = :tenant_id
    ORDER BY e.id
    """
)
LOST_CUSTOMERS = text(
    """
    SELECT s.seed_id, s.name, s.reason, m.primary_ssic_code
    FROM seeds s LEFT JOIN seed_register_matches m ON m.seed_id = s.seed_id
    WHERE s.tenant_id = :tenant_id AND s.kind = 'lost'
    ORDER BY s.seed_id
    """
)
BEST_SEED_NAMES = text(
    "SELECT seed_id, name FROM seeds WHERE tenant_id = :tenant_id AND kind = 'best'"
)
SSIC_SECTIONS = text("SELECT code, section FROM ssic_ref WHERE level = 'division'")
# What the tenant's own site says of whom it is not for, who buys, what it integrates.
TENANT_EVIDENCE = text(
    """
    SELECT e.id, e.signal_key, e.value, e.confidence, e.url, e.snippet, e.details, e.company_id
    FROM icp_evidence e JOIN companies c ON c.id = e.company_id
    WHERE e.tenant_id = :tenant_id AND c.is_self AND e.signal_key = ANY(:signal_keys)
    ORDER BY e.id
    """
)
TENANT_SIGNALS = [Signal.NOT_FOR, Signal.BUYER_TITLE, Signal.INTEGRATION]
EXCLUSIONS = text(
    "SELECT kind, value FROM icp_exclusions WHERE tenant_id = :tenant_id ORDER BY kind, value"
)
REDUCED_EVIDENCE = text(
    "SELECT reduced_evidence FROM evidence_summary WHERE tenant_id = :tenant_id"
)
PREVIOUS_CARDS = text(
    """
    SELECT card FROM icp_suggestions
    WHERE tenant_id = :tenant_id AND generation_id = (
        SELECT max(generation_id) FROM suggestion_generations WHERE tenant_id = :tenant_id)
    ORDER BY rank
    """
)
# The tenant's own seeds and lost customers in the register: never in its sizing.
TENANT_UENS = text("SELECT uen FROM seed_register_matches WHERE tenant_id = :tenant_id")
EXISTING_EVIDENCE = text(
    "SELECT id FROM icp_evidence WHERE tenant_id = :tenant_id AND id = ANY(CAST(:ids AS bigint[]))"
)
EXCLUDED_SSIC = text(
    "SELECT DISTINCT jsonb_array_elements_text(rule->'exclude_ssic') AS code FROM icp_rules "
    "WHERE tenant_id = :tenant_id ORDER BY code"
)
NEW_GENERATION = text("SELECT nextval('suggestion_generation_seq')")
INSERT_GENERATION = text(
    """
    INSERT INTO suggestion_generations (tenant_id, generation_id, negative_icp,
        reduced_evidence, best_seeds)
    VALUES (:tenant_id, :generation_id, CAST(:negative_icp AS jsonb), :reduced_evidence,
        :best_seeds)
    """
)
INSERT_CARD = text(
    """
    INSERT INTO icp_suggestions (tenant_id, generation_id, suggestion_id, rank, card)
    VALUES (:tenant_id, :generation_id, :suggestion_id, :rank, CAST(:card AS jsonb))
    """
)


def _answers(payload: Any) -> IntakeAnswers:
    intake = parse_intake(payload)
    anti_icp = tuple(
        str(value)
        for name, section in intake.advanced.items()
        for key, value in section.items()
        if value
        and (name == ANTI_ICP_SECTION or any(word in key.lower() for word in ANTI_ICP_KEY_WORDS))
    )
    deal = intake.deal
    return IntakeAnswers(
        employee_band=intake.employee_band,
        geos=tuple(intake.geos),
        integrations_required=tuple(intake.integrations_required),
        champion_titles=tuple(intake.champion_titles),
        triggers=tuple(intake.triggers),
        acv_usd=deal.acv_usd if deal else None,
        price_floor_usd=deal.price_floor_usd if deal else None,
        anti_icp=anti_icp,
    )


def load_suggestion_inputs(conn: Connection, tenant_id: int) -> SuggestionInputs:
    """Everything the card builder reads, from the tenant's slice of the warehouse."""
    params = {"tenant_id": tenant_id}
    intake = latest_intake(conn, tenant_id)
    reduced = conn.execute(REDUCED_EVIDENCE, params).scalar_one_or_none()
    exclusions = conn.execute(EXCLUSIONS, params).all()
    return SuggestionInputs(
        tenant_id=tenant_id,
        best_seed_ids=tuple(best_seed_ids(conn, tenant_id)),
        patterns=tenant_patterns(conn, tenant_id),
        evidence=[
            SeedEvidence(
                r.id,
                r.seed_id,
                r.kind,
                r.signal_key,
                r.value,
                r.confidence,
                r.url,
                r.snippet,
                r.details,
                r.company_id,
            )
            for r in conn.execute(SEED_EVIDENCE, params)
        ],
        lost_customers=[
            LostCustomer(
                r.seed_id,
                r.name,
                r.reason or "",
                (r.primary_ssic_code,) if r.primary_ssic_code else (),
            )
            for r in conn.execute(LOST_CUSTOMERS, params)
        ],
        answers=_answers(intake.payload) if intake is not None else IntakeAnswers(),
        ssic_titles=all_ssic_titles(conn),
        reduced_evidence=bool(reduced),
        previous_cards=[stored_card(r.card) for r in conn.execute(PREVIOUS_CARDS, params)],
        excluded_ssic=tuple(
            sorted(
                {
                    *conn.execute(EXCLUDED_SSIC, params).scalars(),
                    *(r.value for r in exclusions if r.kind == "ssic"),
                }
            )
        ),
        seed_names={r.seed_id: r.name for r in conn.execute(BEST_SEED_NAMES, params)},
        ssic_sections={r.code: r.section for r in conn.execute(SSIC_SECTIONS)},
        tenant_evidence=[
            SeedEvidence(
                r.id,
                0,
                "self",
                r.signal_key,
                r.value,
                r.confidence,
                r.url,
                r.snippet,
                r.details,
                r.company_id,
            )
            for r in conn.execute(
                TENANT_EVIDENCE, {**params, "signal_keys": [str(k) for k in TENANT_SIGNALS]}
            )
        ],
    )


def _sample(company: RegisterCandidate) -> dict[str, Any]:
    return {
        "uen": company.uen,
        "entity_name": company.entity_name,
        "entity_type": company.entity_type,
        "registration_date": company.registration_date.isoformat()
        if company.registration_date
        else None,
        "primary_ssic_code": company.primary_ssic_code,
        "primary_ssic_description": company.primary_ssic_description,
        "secondary_ssic_code": company.secondary_ssic_code,
    }


@dataclass(frozen=True)
class Sizing:
    """What sizing leaves out of every card: the tenant's own seeds and lost customers,
    the companies it excluded, and what its seeds look like in the register."""

    exclude_uens: tuple[str, ...]
    exclude_names: tuple[str, ...]
    likeness: Likeness


def sizing_of(conn: Connection, tenant_id: int) -> Sizing:
    params = {"tenant_id": tenant_id}
    own = tuple(sorted(set(conn.execute(TENANT_UENS, params).scalars())))
    companies = [r.value for r in conn.execute(EXCLUSIONS, params) if r.kind == "company"]
    uens = tuple(v for v in companies if is_uen(v))
    names = tuple(v for v in companies if not is_uen(v))
    return Sizing(tuple(sorted({*own, *uens})), names, likeness_of(conn, own))


def size_card(conn: Connection, card: SuggestionCard, sizing: Sizing) -> SuggestionCard:
    """The card with the live register companies its segment holds (by primary code;
    by secondary code only, apart) and the ten that look most like the seeds, its
    exclusions and the tenant's own seeds and lost customers left out."""
    pack = card.targeting_pack
    segment = RegisterSegment(
        ssic=SsicFilter.parse(pack.ssic_filters),
        exclude_ssic=SsicFilter.parse(pack.exclude_ssic),
        exclude_entity_types=pack.exclude_entity_types,
        exclude_uens=sizing.exclude_uens,
        exclude_names=sizing.exclude_names,
    )
    count = count_segment(conn, segment)
    samples = likely_companies(conn, segment, sizing.likeness, ACRA_SAMPLES)
    return dataclasses.replace(
        card,
        acra_total=count.primary,
        acra_secondary=count.secondary_only,
        acra_samples=tuple(_sample(c) for c in samples),
    )


@dataclass(frozen=True)
class WrittenGeneration:
    generation_id: int
    cards: list[SuggestionCard]
    built: SuggestionSet
    inputs: SuggestionInputs
    existing_evidence: set[int]


def suggest_for_tenant(conn: Connection, tenant_id: int) -> WrittenGeneration:
    """Build, size and write a new generation of the tenant's suggestions, inside the
    caller's tenant transaction."""
    inputs = load_suggestion_inputs(conn, tenant_id)
    built = build_suggestions(inputs)
    sizing = sizing_of(conn, tenant_id)
    cards = [size_card(conn, card, sizing) for card in built.cards]
    cited = sorted({i for card in cards for i in card.evidence_ids})
    existing = set(
        conn.execute(EXISTING_EVIDENCE, {"tenant_id": tenant_id, "ids": cited}).scalars()
    )
    generation_id = conn.execute(NEW_GENERATION).scalar_one()
    conn.execute(
        INSERT_GENERATION,
        {
            "tenant_id": tenant_id,
            "generation_id": generation_id,
            "negative_icp": json.dumps([t.as_json() for t in built.negative_icp]),
            "reduced_evidence": is_reduced_evidence(inputs),
            "best_seeds": len(inputs.best_seed_ids),
        },
    )
    snapshot_cited_evidence(conn, tenant_id, generation_id, cited)
    if cards:
        conn.execute(
            INSERT_CARD,
            [
                {
                    "tenant_id": tenant_id,
                    "generation_id": generation_id,
                    "suggestion_id": card.id,
                    "rank": rank,
                    "card": json.dumps(card.as_json()),
                }
                for rank, card in enumerate(cards, 1)
            ],
        )
    return WrittenGeneration(generation_id, cards, built, inputs, existing)
