"""Suggestion building (pure): cards, scoring, ids, negative ICP, targeting packs, compare."""

from __future__ import annotations

import dataclasses
import json

from icp_assets.pattern_mining.mining import EvidenceFact, Pattern, mine_patterns
from icp_assets.reference.queries import SsicFilter
from icp_assets.suggestions.building import (
    build_suggestions,
    card_id,
    classify_reason,
    sentence_case,
)
from icp_assets.suggestions.generations import compare_generations
from icp_assets.suggestions.model import (
    IntakeAnswers,
    LostCustomer,
    SeedEvidence,
    SuggestionInputs,
)

SSIC_TITLES = {
    "52": "WAREHOUSING AND SUPPORT ACTIVITIES FOR TRANSPORTATION",
    "521": "WAREHOUSING AND STORAGE",
    "5210": "Warehousing and Storage",
    "52101": "General warehousing",
    "52102": "Refrigerated warehousing and storage",
    "56": "FOOD AND BEVERAGE SERVICE ACTIVITIES",
    "561": "RESTAURANTS, CAFES, FOOD COURTS, FOOD KIOSKS AND BARS",
    "5611": "Restaurants and Cafes",
    "56111": "Restaurants",
    "56112": "Cafes",
    "10": "MANUFACTURE OF FOOD PRODUCTS",
    "107": "MANUFACTURE OF OTHER FOOD PRODUCTS",
    "1071": "Manufacture of Bakery Products",
    "10711": "Manufacture of biscuits (including wafers and cones)",
    "102": "PROCESSING AND PRESERVING OF SEAFOOD",
    "1020": "Processing and Preserving of Seafood",
    "10200": "Processing and preserving of seafood",
    "86201": "Clinics and other general medical services (Western)",
    "18111": "Printing of newspapers",
}

# Seed id -> (SSIC code, headcount band or None, integration values, buyer titles).
BEST_SEEDS = {
    101: ("52101", "51-200", ["integrates:xero", "runs:google-analytics"], ["finance leadership"]),
    102: ("52102", "51-200", ["integrates:xero"], ["operations manager"]),
    103: ("52101", "51-200", ["integrates:xero"], ["finance leadership"]),
    104: ("52101", "11-50", ["runs:cargowise"], ["operations manager"]),
    105: ("56111", "11-50", ["integrates:storehub"], ["operations manager"]),
    106: ("56112", "11-50", ["integrates:storehub"], ["operations manager"]),
    107: ("10711", None, [], []),
    108: ("10200", None, [], []),
}
TOOL_NAMES = {"xero": "Xero", "storehub": "StoreHub", "cargowise": "CargoWise"}
LOST = (
    LostCustomer(201, "Bukit Print House", "budget under $5k a year", ("18111",)),
    LostCustomer(202, "Novena Family Clinic", "needed on-prem deployment only", ("86201",)),
    LostCustomer(203, "Solo Storage", "one-person firm, too small to need it", ("52101",), "1-10"),
)


def seed_evidence(seeds=BEST_SEEDS, first_id: int = 1) -> list[SeedEvidence]:
    """Register and web evidence rows for the seeds, ids from ``first_id``."""
    rows: list[SeedEvidence] = []

    def add(seed_id, seed_kind, signal_key, value, confidence, **details):
        evidence_id = first_id + len(rows)
        url = None if signal_key == "ssic" else f"https://seed{seed_id}.example/page"
        rows.append(
            SeedEvidence(
                evidence_id, seed_id, seed_kind, signal_key, value, confidence, url, None, details
            )
        )

    for seed_id, (code, band, integrations, titles) in seeds.items():
        add(seed_id, "best", "ssic", code, 0.95, title=SSIC_TITLES[code], rank="primary")
        if band:
            add(seed_id, "best", "headcount_hint", band, 0.8, kind="employees")
        add(seed_id, "best", "headcount_hint", "openings:4", 0.6, kind="openings")
        for value in integrations:
            tool = value.split(":", 1)[1]
            category = "analytics" if tool == "google-analytics" else "accounting"
            add(
                seed_id,
                "best",
                "integration",
                value,
                0.9,
                tool=TOOL_NAMES.get(tool),
                category=category,
            )
        for title in titles:
            add(seed_id, "best", "buyer_title", title, 0.7)
    for lost in LOST:
        for code in lost.ssic_codes:
            add(lost.seed_id, "lost", "ssic", code, 0.9, title=SSIC_TITLES[code])
    return rows


def patterns_of(evidence, best_ids) -> list[Pattern]:
    facts = [
        EvidenceFact(r.evidence_id, r.seed_id, r.signal_key, r.value, r.confidence, r.details)
        for r in evidence
    ]
    return mine_patterns(facts, best_ids, SSIC_TITLES)


def make_inputs(seeds=BEST_SEEDS, first_id: int = 1, answers=None, **overrides):
    evidence = seed_evidence(seeds, first_id)
    best_ids = tuple(seeds)
    values = {
        "tenant_id": 7,
        "best_seed_ids": best_ids,
        "patterns": patterns_of(evidence, best_ids),
        "evidence": evidence,
        "lost_customers": LOST,
        "answers": answers or IntakeAnswers(),
        "ssic_titles": SSIC_TITLES,
    }
    values.update(overrides)
    return SuggestionInputs(**values)


def cluster_codes(card) -> tuple[str, ...]:
    return tuple(item["code"] for item in card.ssic_cluster)


def test_eight_seeds_give_three_to_five_cards_citing_existing_evidence():
    inputs = make_inputs()
    built = build_suggestions(inputs)
    known = {row.evidence_id for row in inputs.evidence}
    assert 3 <= len(built.cards) <= 5
    for card in built.cards:
        assert card.evidence_count == len(card.evidence_ids) >= 1
        assert set(card.evidence_ids) <= known
        assert not card.reduced_evidence
        assert card.seeds_covered.endswith("/8")
    # Best first: the warehousing segment covers four seeds and leads.
    assert cluster_codes(built.cards[0]) == ("5210",)
    assert built.cards[0].seeds_covered == "4/8"
    scores = [card.score for card in built.cards]
    assert scores == sorted(scores, reverse=True)


def test_the_leading_card_reads_like_the_evidence_behind_it():
    card = build_suggestions(make_inputs()).cards[0]
    assert card.title == "Warehousing and storage firms, 51-200 staff, on Xero"
    assert card.ssic_cluster == ({"code": "5210", "title": "Warehousing and storage"},)
    assert card.headcount_band == "51-200"
    assert card.integrations[0] == "xero"
    # A site running Google Analytics says nothing about fit.
    assert "google-analytics" not in card.integrations
    assert card.rationale == (
        "4 of 8 best customers are in warehousing and storage (SSIC 5210). "
        "3 of them use Xero, 3 have 51-200 staff and 2 list finance leadership roles."
    )
    assert card.from_answers == ()
    cited = {
        row.evidence_id: row
        for row in make_inputs().evidence
        if row.evidence_id in card.evidence_ids
    }
    assert {row.seed_id for row in cited.values()} == {101, 102, 103, 104}
    assert {"ssic", "headcount_hint", "integration", "buyer_title"} <= {
        row.signal_key for row in cited.values()
    }
    assert not any(row.value.startswith("openings:") for row in cited.values())


def test_score_parts_add_up_to_the_score_and_confidence_is_bounded():
    for card in build_suggestions(make_inputs()).cards:
        assert set(card.score_parts) == {
            "support",
            "evidence_weight",
            "distinctness",
            "specificity",
        }
        assert abs(sum(card.score_parts.values()) - card.score) < 1e-9
        assert 0.0 < card.confidence <= 1.0


def test_cards_are_distinct_segments_not_nested_copies():
    cards = build_suggestions(make_inputs()).cards
    clusters = [cluster_codes(card) for card in cards]
    assert len(set(clusters)) == len(clusters)
    assert len({card.id for card in cards}) == len(cards)
    # No card is a narrower or wider copy of another with the same seeds (521 vs 5210).
    assert ("521",) not in clusters and ("52",) not in clusters and ("52101",) not in clusters
    assert ("5611",) in clusters and ("10",) in clusters


def test_fewer_than_five_seeds_give_at_least_two_reduced_cards():
    seeds = {seed: BEST_SEEDS[seed] for seed in (101, 102, 105)}
    built = build_suggestions(make_inputs(seeds))
    assert len(built.cards) >= 2
    assert all(card.reduced_evidence for card in built.cards)
    assert all(card.seeds_covered.endswith("/3") for card in built.cards)
    full = build_suggestions(make_inputs()).cards[0].confidence
    assert all(card.confidence < full for card in built.cards)


def test_one_seed_still_gets_two_cards_by_widening_without_inventing_evidence():
    inputs = make_inputs({101: BEST_SEEDS[101]})
    cards = build_suggestions(inputs).cards
    assert len(cards) == 2
    assert len({cluster_codes(card) for card in cards}) == 2
    seed_rows = {r.evidence_id for r in inputs.evidence if r.seed_id == 101}
    assert all(card.evidence_ids and set(card.evidence_ids) <= seed_rows for card in cards)


def test_seeds_without_ssic_codes_get_cards_around_a_shared_tool_and_industry():
    rows = [
        SeedEvidence(
            1, 301, "best", "integration", "integrates:xero", 0.9, details={"tool": "Xero"}
        ),
        SeedEvidence(
            2, 302, "best", "integration", "integrates:xero", 0.9, details={"tool": "Xero"}
        ),
        SeedEvidence(3, 301, "best", "industry_label", "logistics", 0.6),
        SeedEvidence(4, 303, "best", "industry_label", "logistics", 0.6),
    ]
    inputs = make_inputs({}, best_seed_ids=(301, 302, 303), evidence=rows)
    inputs = dataclasses.replace(inputs, patterns=patterns_of(rows, (301, 302, 303)))
    cards = build_suggestions(inputs).cards
    assert [card.title for card in cards] == ["Firms on Xero", "Firms serving logistics"]
    assert cards[0].evidence_ids == (1, 2) and cards[1].evidence_ids == (3, 4)
    assert cards[0].targeting_pack.technographic_filters == ("xero",)
    assert all(card.reduced_evidence for card in cards)


def test_blocked_sites_mark_every_card_reduced():
    built = build_suggestions(make_inputs(reduced_evidence=True))
    assert len(built.cards) >= 3
    assert all(card.reduced_evidence for card in built.cards)


def test_ids_are_stable_across_builds_and_when_evidence_ids_change():
    first = build_suggestions(make_inputs())
    again = build_suggestions(make_inputs())
    renumbered = build_suggestions(make_inputs(first_id=5000))
    ids = [card.id for card in first.cards]
    assert ids == [card.id for card in again.cards]
    assert ids == [card.id for card in renumbered.cards]
    assert first.cards[0].id == card_id(["5210"], "51-200")
    assert set(first.cards[0].evidence_ids).isdisjoint(renumbered.cards[0].evidence_ids)


def test_a_segment_keeps_its_previous_id_when_its_band_changes():
    previous = [card.as_json() for card in build_suggestions(make_inputs()).cards]
    seeds = dict(BEST_SEEDS)
    seeds[104] = ("52101", "51-200", ["runs:cargowise"], ["operations manager"])
    seeds[101] = ("52101", "201-500", ["integrates:xero"], ["finance leadership"])
    seeds[102] = ("52102", "201-500", ["integrates:xero"], ["operations manager"])
    seeds[103] = ("52101", "201-500", ["integrates:xero"], ["finance leadership"])
    fresh = build_suggestions(make_inputs(seeds)).cards[0]
    kept = build_suggestions(make_inputs(seeds, previous_cards=previous)).cards[0]
    assert fresh.headcount_band == kept.headcount_band == "201-500"
    assert fresh.id != previous[0]["id"]
    assert kept.id == previous[0]["id"]


def test_card_id_depends_on_the_cluster_codes_not_their_order():
    assert card_id(["52101", "5210"], "51-200") == card_id(["5210", "52101"], "51-200")
    assert card_id(["5210"], "51-200") != card_id(["5611"], "51-200")
    assert card_id(["5210"], None) != card_id(["5210"], "51-200")


def test_answers_fill_only_the_thin_fields_and_say_so():
    answers = IntakeAnswers(
        employee_band="51-200",
        integrations_required=("SAP-Business-One",),
        champion_titles=("supply chain leadership",),
    )
    cards = {cluster_codes(c): c for c in build_suggestions(make_inputs(answers=answers)).cards}
    food = cards[("10",)]  # the manufacturers have no headcount, tool or title evidence
    assert food.headcount_band == "51-200"
    assert food.integrations == ("sap-business-one",)
    assert food.champions == ("supply chain leadership",)
    assert food.from_answers == ("headcount_band", "integrations", "champions")
    assert "intake answers" in food.rationale
    warehousing = cards[("5210",)]  # evidence wins where there is some
    assert warehousing.from_answers == ()
    assert warehousing.integrations[0] == "xero"
    assert warehousing.champions[0] == "finance leadership"


def test_negative_icp_has_a_theme_per_lost_reason_answer_and_lost_ssic_with_sources():
    answers = IntakeAnswers(price_floor_usd=5000, anti_icp=("Government agencies",))
    themes = build_suggestions(make_inputs(answers=answers)).negative_icp
    by_theme = {t.theme: t.source for t in themes}
    assert len(themes) >= 3
    assert by_theme["budget under the price floor (US$5,000 a year)"] == (
        "lost_reason:Bukit Print House; answer:price_floor_usd"
    )
    assert by_theme["needs on-prem deployment"] == "lost_reason:Novena Family Clinic"
    assert by_theme["too small (1-10 staff)"] == "lost_reason:Solo Storage"
    assert by_theme["government agencies"] == "answer:anti_icp"
    clinic = next(t for t in themes if t.theme.startswith("SSIC 86201"))
    assert clinic.theme == (
        "SSIC 86201 (clinics and other general medical services) lost: "
        "needed on-prem deployment only"
    )
    assert clinic.source == "lost_customer:Novena Family Clinic"
    assert len({t.theme for t in themes}) == len(themes)


def test_lost_reasons_are_classified_and_unknown_ones_keep_their_words():
    assert classify_reason("Budget under $5k a year") == "budget under the price floor"
    assert classify_reason("Needed ON-PREM deployment only") == "needs on-prem deployment"
    assert classify_reason("wanted it self-hosted") == "needs on-prem deployment"
    assert classify_reason("One-person firm, too small to need it") == "too small (1-10 staff)"
    assert classify_reason("No Microsoft Dynamics integration") == "missing integration"
    assert classify_reason("Owner retired.") == "owner retired"


def test_a_card_is_flagged_by_the_lost_customers_that_touch_it():
    cards = {cluster_codes(c): c for c in build_suggestions(make_inputs()).cards}
    warehousing = cards[("5210",)]
    assert any(flag.startswith("SSIC 52101") for flag in warehousing.negative_flags)
    assert cards[("5611",)].negative_flags == ()


def test_targeting_pack_has_parseable_ssic_filters_tools_and_a_pitch():
    for card in build_suggestions(make_inputs()).cards:
        pack = card.targeting_pack
        assert pack.ssic_filters == cluster_codes(card)
        assert SsicFilter.parse(pack.ssic_filters)
        assert pack.technographic_filters == card.integrations
        assert pack.pitch
    lead = build_suggestions(make_inputs()).cards[0].targeting_pack
    assert lead.technographic_filters[0] == "xero"
    assert lead.pitch == (
        "Pitch finance leadership at warehousing and storage firms with 51-200 staff. "
        "Lead with the Xero integration: 3 of your best customers there use it."
    )


def test_titles_are_sentence_case():
    assert sentence_case("WAREHOUSING AND STORAGE") == "Warehousing and storage"
    assert sentence_case("Manufacture of Bakery Products") == "Manufacture of bakery products"
    assert sentence_case("Retail sale of IT equipment") == "Retail sale of IT equipment"
    cards = {cluster_codes(c): c for c in build_suggestions(make_inputs()).cards}
    assert cards[("10",)].title.startswith("Manufacturers of food products")


def test_compare_reports_added_removed_changed_and_unchanged():
    previous = [card.as_json() for card in build_suggestions(make_inputs()).cards]
    # Two more warehousing customers arrive and the manufacturers are dropped.
    seeds = {k: v for k, v in BEST_SEEDS.items() if k not in (107, 108)}
    seeds[109] = ("52101", "51-200", ["integrates:xero"], ["finance leadership"])
    seeds[110] = ("52102", "51-200", ["integrates:xero"], ["finance leadership"])
    current_inputs = make_inputs(seeds, first_id=900, previous_cards=previous)
    current = [card.as_json() for card in build_suggestions(current_inputs).cards]
    diff = compare_generations(previous, current)
    old_ids = {card["id"] for card in previous}
    new_ids = {card["id"] for card in current}
    manufacturers = next(c["id"] for c in previous if c["ssic_cluster"][0]["code"] == "10")
    assert manufacturers in diff["removed"]
    assert set(diff["added"]) == new_ids - old_ids
    assert set(diff["removed"]) == old_ids - new_ids
    warehousing = next(c for c in diff["changed"] if c["id"] == previous[0]["id"])
    assert warehousing["fields"]["seeds_covered"] == {"before": "4/8", "after": "6/8"}
    assert "evidence_ids" not in warehousing["fields"]
    assert compare_generations(previous, previous) == {
        "added": [],
        "removed": [],
        "changed": [],
        "unchanged": [card["id"] for card in previous],
    }


def test_same_inputs_give_byte_identical_output():
    def dump(inputs):
        built = build_suggestions(inputs)
        return json.dumps(
            {
                "cards": [card.as_json() for card in built.cards],
                "negative_icp": [theme.as_json() for theme in built.negative_icp],
            },
            sort_keys=True,
        )

    inputs = make_inputs(answers=IntakeAnswers(price_floor_usd=5000))
    shuffled = dataclasses.replace(
        inputs,
        evidence=list(reversed(inputs.evidence)),
        patterns=list(reversed(inputs.patterns)),
        lost_customers=tuple(reversed(LOST)),
    )
    assert dump(inputs) == dump(inputs) == dump(shuffled)


def test_no_best_seeds_gives_no_cards_but_keeps_the_negative_icp():
    built = build_suggestions(make_inputs({}))
    assert built.cards == ()
    assert len(built.negative_icp) >= 3


def test_an_excluded_ssic_is_not_suggested_again():
    before = build_suggestions(make_inputs())
    assert cluster_codes(before.cards[0]) == ("5210",)

    after = build_suggestions(make_inputs(excluded_ssic=("521",)))

    assert after.cards, "excluding one segment left no cards"
    for card in after.cards:
        assert not all(code.startswith("521") for code in cluster_codes(card))
