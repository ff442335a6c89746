"""Stage `suggestions`: micro-ICP cards with their evidence, a negative ICP and a
targeting pack per card, sized against the register; a new generation each run."""

import dataclasses
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import dagster as dg
from sqlalchemy import Connection, text

from icp_assets.intake_model import parse_intake
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from icp_assets.patterns import BEST_SEEDS, SSIC_TITLES, icp_patterns
from icp_assets.register_queries import SsicFilter, count_live_companies, sample_live_companies
from icp_assets.suggestion_building import (
    FULL_EVIDENCE_SEEDS,
    MIN_CARDS_FULL_EVIDENCE,
    SuggestionSet,
    build_suggestions,
    is_reduced_evidence,
)
from icp_assets.suggestion_model import (
    IntakeAnswers,
    LostCustomer,
    PatternRow,
    SeedEvidence,
    SuggestionCard,
    SuggestionInputs,
)
from resources.warehouse import WarehouseResource

MIN_NEGATIVE_THEMES = 3
ACRA_SAMPLES = 10
# Advanced-section answers whose key says they describe customers to avoid.
ANTI_ICP_KEY_WORDS = ("anti", "avoid", "exclude", "not_a_fit", "bad_fit")

PATTERNS = text(
    "SELECT pattern_key, value, support, share, details FROM icp_patterns "
    "WHERE tenant_id = :tenant_id ORDER BY pattern_key, support DESC, value"
)
SEED_EVIDENCE = text(
    """
    SELECT e.id, e.seed_id, s.kind, e.signal_key, e.value, e.confidence, e.url, e.snippet,
           e.details
    FROM icp_evidence e JOIN seeds s ON s.seed_id = e.seed_id
    WHERE e.tenant_id = :tenant_id
    ORDER BY e.id
    """
)
LOST_CUSTOMERS = text(
    """
    SELECT s.seed_id, s.name, s.reason, m.primary_ssic_code
    FROM seeds s LEFT JOIN acra_matches m ON m.seed_id = s.seed_id
    WHERE s.tenant_id = :tenant_id AND s.kind = 'lost'
    ORDER BY s.seed_id
    """
)
LATEST_INTAKE = text(
    "SELECT payload FROM icp_intake_responses WHERE tenant_id = :tenant_id ORDER BY id DESC LIMIT 1"
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
TENANT_UENS = text("SELECT uen FROM acra_matches WHERE tenant_id = :tenant_id AND uen IS NOT NULL")
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
        for section in intake.advanced.values()
        for key, value in section.items()
        if value and any(word in key.lower() for word in ANTI_ICP_KEY_WORDS)
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
    payload = conn.execute(LATEST_INTAKE, params).scalar_one_or_none()
    reduced = conn.execute(REDUCED_EVIDENCE, params).scalar_one_or_none()
    return SuggestionInputs(
        tenant_id=tenant_id,
        best_seed_ids=tuple(conn.execute(BEST_SEEDS, params).scalars()),
        patterns=[
            PatternRow(r.pattern_key, r.value, r.support, r.share, r.details)
            for r in conn.execute(PATTERNS, params)
        ],
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
        answers=_answers(payload) if payload is not None else IntakeAnswers(),
        ssic_titles={r.code: r.title for r in conn.execute(SSIC_TITLES)},
        reduced_evidence=bool(reduced),
        previous_cards=[r.card for r in conn.execute(PREVIOUS_CARDS, params)],
        excluded_ssic=tuple(conn.execute(EXCLUDED_SSIC, params).scalars()),
    )


def size_card(
    conn: Connection, card: SuggestionCard, exclude_uens: Sequence[str]
) -> SuggestionCard:
    """The card with the number of live register companies its SSIC filters match and
    up to ten of them, the tenant's own seeds and lost customers left out."""
    ssic = SsicFilter.parse(card.targeting_pack.ssic_filters)
    samples = sample_live_companies(conn, ssic, limit=ACRA_SAMPLES, exclude_uens=exclude_uens)
    return dataclasses.replace(
        card,
        acra_total=count_live_companies(conn, ssic),
        acra_samples=tuple(
            {
                "uen": c.uen,
                "entity_name": c.entity_name,
                "primary_ssic_code": c.primary_ssic_code,
                "primary_ssic_description": c.primary_ssic_description,
            }
            for c in samples
        ),
    )


@dataclass(frozen=True)
class Generation:
    generation_id: int
    cards: list[SuggestionCard]
    built: SuggestionSet
    inputs: SuggestionInputs
    existing_evidence: set[int]


def suggest_for_tenant(conn: Connection, tenant_id: int) -> Generation:
    """Build, size and write a new generation of the tenant's suggestions, inside the
    caller's tenant transaction."""
    inputs = load_suggestion_inputs(conn, tenant_id)
    built = build_suggestions(inputs)
    exclude = conn.execute(TENANT_UENS, {"tenant_id": tenant_id}).scalars().all()
    cards = [size_card(conn, card, exclude) for card in built.cards]
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
    return Generation(generation_id, cards, built, inputs, existing)


def _cards_table(cards: Sequence[SuggestionCard]) -> str:
    return markdown_table(
        ["rank", "id", "title", "ssic", "seeds", "evidence", "register", "confidence"],
        (
            (
                rank,
                c.id,
                c.title,
                ", ".join(item["code"] for item in c.ssic_cluster),
                c.seeds_covered,
                c.evidence_count,
                c.acra_total,
                c.confidence,
            )
            for rank, c in enumerate(cards, 1)
        ),
    )


def _checks(
    built: SuggestionSet, inputs: SuggestionInputs, existing: set[int]
) -> list[dg.AssetCheckResult]:
    seeds = len(inputs.best_seed_ids)
    cards = built.cards
    lost_reasons = sum(1 for lost in inputs.lost_customers if lost.reason)
    uncited = [c.id for c in cards if not any(i in existing for i in c.evidence_ids)]
    dangling = sorted({i for c in cards for i in c.evidence_ids} - existing)
    return [
        dg.AssetCheckResult(
            check_name="enough_cards",
            passed=seeds < FULL_EVIDENCE_SEEDS or len(cards) >= MIN_CARDS_FULL_EVIDENCE,
            metadata={"cards": len(cards), "best_seeds": seeds},
        ),
        dg.AssetCheckResult(
            check_name="cards_cite_evidence",
            passed=bool(cards) and not uncited and not dangling,
            metadata={"uncited_cards": uncited, "missing_evidence_ids": dangling[:20]},
        ),
        dg.AssetCheckResult(
            check_name="negative_icp",
            passed=lost_reasons < MIN_NEGATIVE_THEMES
            or len(built.negative_icp) >= MIN_NEGATIVE_THEMES,
            metadata={"themes": len(built.negative_icp), "lost_reasons": lost_reasons},
        ),
    ]


@dg.asset(
    partitions_def=tenants,
    group_name="suggestions",
    kinds={"postgres"},
    deps=[icp_patterns],
    check_specs=[
        dg.AssetCheckSpec(
            "enough_cards",
            asset="suggestions",
            description="At least 3 cards when the tenant has at least 5 best-customer seeds.",
        ),
        dg.AssetCheckSpec(
            "cards_cite_evidence",
            asset="suggestions",
            description="Every card cites at least one evidence id, and every id exists.",
        ),
        dg.AssetCheckSpec(
            "negative_icp",
            asset="suggestions",
            description="At least 3 negative-ICP themes when there are at least 3 lost reasons.",
        ),
    ],
    description=(
        "Micro-ICP suggestion cards (3 to 5; at least 2 marked reduced_evidence under 5 "
        "seeds), each citing its evidence and sized against the live register, with a "
        "targeting pack; a negative ICP from lost reasons and answers. Each run writes a "
        "new generation; the same segment keeps its id across generations."
    ),
)
def suggestions(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    started = time.perf_counter()
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        generation = suggest_for_tenant(conn, tenant_id)
    generation_id, cards, built = generation.generation_id, generation.cards, generation.built
    for rank, card in enumerate(cards, 1):
        context.log.info(
            f"suggestions tenant={tenant_id} generation={generation_id} rank={rank} "
            f"id={card.id} seeds={card.seeds_covered} evidence={card.evidence_count} "
            f"register={card.acra_total} score={card.score:.3f} title={card.title!r}"
        )
    return dg.MaterializeResult(
        metadata={
            "generation_id": generation_id,
            "cards": len(cards),
            "negative_icp_themes": len(built.negative_icp),
            "reduced_evidence": any(card.reduced_evidence for card in cards),
            "elapsed_s": round(time.perf_counter() - started, 3),
            "cards_table": dg.MetadataValue.md(_cards_table(cards)),
            "negative_icp": dg.MetadataValue.json([t.as_json() for t in built.negative_icp]),
        },
        check_results=_checks(
            dataclasses.replace(built, cards=tuple(cards)),
            generation.inputs,
            generation.existing_evidence,
        ),
    )
