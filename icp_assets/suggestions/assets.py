"""Stage `suggestions`: micro-ICP cards with their evidence, a negative ICP and a
targeting pack per card, sized against the register; a new generation each run."""

import dataclasses
import time
from collections.abc import Collection, Sequence

import dagster as dg

from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenant_check_spec, tenants
from icp_assets.pattern_mining.assets import icp_patterns
from icp_assets.suggestions.building import (
    FULL_EVIDENCE_SEEDS,
    MIN_CARDS_FULL_EVIDENCE,
    MIN_NEGATIVE_THEMES,
    SuggestionSet,
)
from icp_assets.suggestions.model import SuggestionCard, SuggestionInputs
from icp_assets.suggestions.negative import distinct_signals
from icp_assets.suggestions.segments import RANKED_BY
from icp_assets.suggestions.storage import WrittenGeneration, suggest_for_tenant
from resources.warehouse import WarehouseResource


def _cards_table(cards: Sequence[SuggestionCard]) -> str:
    return (
        markdown_table(
            ["rank", "score", "id", "title", "ssic", "seeds", "evidence", "register"],
            (
                (
                    rank,
                    f"{c.score:.3f}",
                    c.id,
                    c.title,
                    ", ".join(c.ssic_cluster),
                    c.seeds_covered,
                    c.evidence_count,
                    c.acra_total,
                )
                for rank, c in enumerate(cards, 1)
            ),
        )
        + f"\n\n{RANKED_BY}"
    )


# How many failing card ids and missing evidence ids a check result lists.
LISTED_AT_MOST = 20


@dataclasses.dataclass(frozen=True)
class EvidenceCitations:
    """How a generation's cards cite the tenant's evidence (check ``cards_cite_evidence``).

    Attributes:
        cards: The cards of the generation.
        cards_citing: Cards citing at least one evidence row that exists.
        cited_items: Distinct existing evidence rows the cards cite.
        uncited_card_ids: Cards citing no existing evidence row, in rank order.
        missing_evidence_ids: Cited evidence ids with no row, ascending.
    """

    cards: int
    cards_citing: int
    cited_items: int
    uncited_card_ids: tuple[str, ...]
    missing_evidence_ids: tuple[int, ...]

    @property
    def passed(self) -> bool:
        """At least one card, every card cites existing evidence, and no id is missing."""
        return self.cards > 0 and not self.uncited_card_ids and not self.missing_evidence_ids

    @property
    def share(self) -> float:
        """The share of cards citing existing evidence (0.0 with no card)."""
        return self.cards_citing / self.cards if self.cards else 0.0

    def metadata(self) -> dict[str, int | float | list[str] | list[int]]:
        """The check result's metadata: counts and the share to plot, and the first
        failing card ids and missing evidence ids to read."""
        return {
            "cards": self.cards,
            "cards_citing": self.cards_citing,
            "uncited_cards": len(self.uncited_card_ids),
            "cited_items": self.cited_items,
            "missing_items": len(self.missing_evidence_ids),
            "share": round(self.share, 4),
            "uncited_card_ids": list(self.uncited_card_ids[:LISTED_AT_MOST]),
            "missing_evidence_ids": list(self.missing_evidence_ids[:LISTED_AT_MOST]),
        }


def evidence_citations(
    cards: Sequence[SuggestionCard], existing: Collection[int]
) -> EvidenceCitations:
    """Count the cards citing existing evidence, the rows they cite and the ids missing."""
    live = set(existing)
    cited = {i for card in cards for i in card.evidence_ids}
    uncited = tuple(card.id for card in cards if live.isdisjoint(card.evidence_ids))
    return EvidenceCitations(
        cards=len(cards),
        cards_citing=len(cards) - len(uncited),
        cited_items=len(cited & live),
        uncited_card_ids=uncited,
        missing_evidence_ids=tuple(sorted(cited - live)),
    )


def _checks(
    built: SuggestionSet, inputs: SuggestionInputs, existing: set[int]
) -> list[dg.AssetCheckResult]:
    seeds = len(inputs.best_seed_ids)
    cards = built.cards
    signals = distinct_signals(inputs)
    citations = evidence_citations(cards, existing)
    uncovered = [division for division, _ in built.uncovered]
    return [
        dg.AssetCheckResult(
            check_name="enough_cards",
            # Fewer cards are honest when no other group of best customers shares an
            # industry: a card is never made of one customer, or of a higher card's.
            passed=seeds < FULL_EVIDENCE_SEEDS
            or len(cards) >= MIN_CARDS_FULL_EVIDENCE
            or (bool(cards) and not uncovered),
            metadata={
                "cards": len(cards),
                "best_seeds": seeds,
                "uncovered": len(uncovered),
                "uncovered_divisions": dg.MetadataValue.json(uncovered),
            },
        ),
        dg.AssetCheckResult(
            check_name="cards_cite_evidence",
            passed=citations.passed,
            metadata=citations.metadata(),
        ),
        dg.AssetCheckResult(
            check_name="negative_icp",
            passed=len(built.negative_icp) >= min(MIN_NEGATIVE_THEMES, signals),
            metadata={"themes": len(built.negative_icp), "distinct_signals": signals},
        ),
    ]


def generation_checks(generation: WrittenGeneration) -> list[dg.AssetCheckResult]:
    """The ``suggestions`` checks of a generation just written."""
    return _checks(
        dataclasses.replace(generation.built, cards=tuple(generation.cards)),
        generation.inputs,
        generation.existing_evidence,
    )


def generation_check_evaluations(
    generation: WrittenGeneration, tenant_id: int
) -> list[dg.AssetCheckEvaluation]:
    """The same checks as events for the tenant's partition, for a job that writes a
    generation outside the asset (the nightly batch)."""
    return [
        dg.AssetCheckEvaluation(
            asset_key=dg.AssetKey("suggestions"),
            check_name=result.check_name or "",
            passed=result.passed,
            metadata=result.metadata,
            partition=str(tenant_id),
        )
        for result in generation_checks(generation)
    ]


@dg.asset(
    partitions_def=tenants,
    group_name="suggestions",
    kinds={"postgres"},
    deps=[icp_patterns],
    check_specs=[
        tenant_check_spec(
            "enough_cards",
            asset="suggestions",
            description=(
                "At least 3 cards when the tenant has at least 5 best-customer seeds, unless "
                "every industry two or more of them share has a card."
            ),
        ),
        tenant_check_spec(
            "cards_cite_evidence",
            asset="suggestions",
            description=(
                "Every card cites at least one evidence id, and every id exists. Plots the "
                "cards, the cards citing, the uncited cards, the evidence rows cited and "
                "the share of cards citing."
            ),
        ),
        tenant_check_spec(
            "negative_icp",
            asset="suggestions",
            description=(
                "At least 3 negative-ICP themes whenever the inputs carry 3 distinct signals "
                "(a shared lost industry, reason classes, the price floor, stated exclusions)."
            ),
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
        check_results=generation_checks(generation),
    )
