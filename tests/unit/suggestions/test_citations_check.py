"""The `cards_cite_evidence` check's counts: cards citing live evidence, the rows they
cite, the uncited cards and the missing ids, as numbers a plot can follow."""

from __future__ import annotations

from icp_assets.suggestions.assets import LISTED_AT_MOST, evidence_citations
from icp_assets.suggestions.model import SuggestionCard, TargetingPack


def _card(card_id: str, evidence_ids: tuple[int, ...]) -> SuggestionCard:
    return SuggestionCard(
        id=card_id,
        title=f"Segment {card_id}",
        ssic_cluster=("52101",),
        headcount_band=None,
        integrations=(),
        champions=(),
        evidence_ids=evidence_ids,
        seeds_covered="2/5",
        rationale="Two best customers share it.",
        confidence=0.5,
        negative_flags=(),
        targeting_pack=TargetingPack(("521",), (), "Pitch."),
    )


def test_cards_all_citing_live_evidence_pass_with_full_share_and_distinct_rows():
    cards = [_card("a", (1, 2)), _card("b", (2, 3))]
    citations = evidence_citations(cards, {1, 2, 3, 4})
    assert citations.passed
    assert citations.metadata() == {
        "cards": 2,
        "cards_citing": 2,
        "uncited_cards": 0,
        "cited_items": 3,
        "missing_items": 0,
        "share": 1.0,
        "uncited_card_ids": [],
        "missing_evidence_ids": [],
    }


def test_a_card_citing_only_missing_rows_is_uncited_and_its_ids_are_listed():
    cards = [_card("a", (1,)), _card("b", (9, 7)), _card("c", (2, 8))]
    citations = evidence_citations(cards, {1, 2})
    assert not citations.passed
    metadata = citations.metadata()
    assert (metadata["cards"], metadata["cards_citing"], metadata["uncited_cards"]) == (3, 2, 1)
    assert metadata["share"] == round(2 / 3, 4)
    assert metadata["cited_items"] == 2
    assert metadata["uncited_card_ids"] == ["b"]
    # Card c cites one live row, so it counts as citing, but its missing id fails the check.
    assert (metadata["missing_items"], metadata["missing_evidence_ids"]) == (3, [7, 8, 9])


def test_a_card_citing_nothing_fails_the_check():
    citations = evidence_citations([_card("a", (1,)), _card("empty", ())], {1})
    assert not citations.passed
    assert citations.uncited_card_ids == ("empty",)
    assert citations.metadata()["share"] == 0.5


def test_no_cards_fail_with_a_zero_share_not_a_division_error():
    citations = evidence_citations([], {1, 2})
    assert not citations.passed
    assert citations.metadata()["share"] == 0.0
    assert citations.metadata()["cards"] == 0


def test_the_lists_are_capped_but_the_counts_are_not():
    cards = [_card(f"c{i}", (1000 + i,)) for i in range(LISTED_AT_MOST + 5)]
    metadata = evidence_citations(cards, set()).metadata()
    assert metadata["uncited_cards"] == metadata["missing_items"] == LISTED_AT_MOST + 5
    assert len(metadata["uncited_card_ids"]) == len(metadata["missing_evidence_ids"])
    assert len(metadata["uncited_card_ids"]) == LISTED_AT_MOST
