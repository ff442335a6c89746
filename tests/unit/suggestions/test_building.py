"""Suggestion building (pure): cards from segments of the seeds' industries, their words,
evidence and ids, exclusions, answers, and the comparison of generations."""

from __future__ import annotations

import dataclasses
import json

from icp_assets.pattern_mining.mining import EvidenceFact, Pattern, mine_patterns
from icp_assets.reference.queries import SsicFilter
from icp_assets.suggestions.building import (
    build_suggestions,
    card_id,
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
    "64202": "Other holding companies",
    "41": "CONSTRUCTION OF BUILDINGS",
    "41001": "General contractors (building construction including major upgrading works)",
    "42": "CIVIL ENGINEERING",
    "42101": "Construction of roads and railways",
    "43": "SPECIALISED CONSTRUCTION ACTIVITIES",
    "43301": "Renovation contractors",
    "F": "CONSTRUCTION",
}
SECTIONS = {"41": "F", "42": "F", "43": "F", "52": "H", "56": "I", "10": "C", "64": "K"}

# Seed id -> (SSIC code, headcount band or None, integration values, buyer titles on the
# seed's own site as (value, source)). "runs:" is the seed's stack; "integrates:" what it
# offers its own clients; its titles are job ads and its own customers' testimonials.
BEST_SEEDS = {
    101: (
        "52101",
        "51-200",
        ["runs:xero", "runs:google-analytics", "integrates:sap-business-one"],
        [("operations leadership", "testimonial")],
    ),
    102: ("52102", "51-200", ["runs:xero", "integrates:sap-business-one"], []),
    103: ("52101", "51-200", ["runs:xero"], [("operations manager", "careers")]),
    104: ("52101", "11-50", ["runs:cargowise"], [("operations manager", "careers")]),
    105: ("56111", "11-50", ["runs:storehub"], [("operations manager", "testimonial")]),
    106: ("56112", "11-50", ["runs:storehub"], []),
    107: ("10711", None, [], []),
    108: ("10200", None, [], []),
}
TOOL_NAMES = {
    "xero": "Xero",
    "storehub": "StoreHub",
    "cargowise": "CargoWise",
    "sap-business-one": "SAP Business One",
}
# The tenant's own site: the buyers its case studies name at its customers, and the
# tools its product integrates with.
TENANT_BUYERS = (
    ("Head of Finance", "finance leadership", "Customer 101"),
    ("Chief Financial Officer", "finance leadership", "Customer 103"),
    ("Finance Manager", "finance manager", "Customer 105"),
)
TENANT_TOOLS = ("xero", "storehub")


def tenant_evidence(first_id: int) -> list[SeedEvidence]:
    rows = [
        SeedEvidence(
            first_id + i,
            0,
            "self",
            "buyer_title",
            value,
            0.8,
            f"https://tenant.example/customers/{i}",
            f"— [name], {title}, {at}",
            {"title": title, "source": "case_study", "at": at},
            company_id=1,
        )
        for i, (title, value, at) in enumerate(TENANT_BUYERS)
    ]
    rows += [
        SeedEvidence(
            first_id + 50 + i,
            0,
            "self",
            "integration",
            f"integrates:{tool}",
            0.9,
            "https://tenant.example/integrations",
            f"Syncs with {TOOL_NAMES[tool]}",
            {"tool": TOOL_NAMES[tool], "category": "accounting"},
            company_id=1,
        )
        for i, tool in enumerate(TENANT_TOOLS)
    ]
    return rows


XERO_RUN = {"tool": "Xero", "context": "runs_phrase"}

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
                context="fingerprint" if value.startswith("runs:") else "integration_phrase",
            )
        for title, source in titles:
            add(seed_id, "best", "buyer_title", title, 0.7, source=source)
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
        "ssic_sections": SECTIONS,
        "seed_names": {seed: f"Customer {seed}" for seed in best_ids},
        "tenant_evidence": tenant_evidence(first_id + 900),
    }
    values.update(overrides)
    return SuggestionInputs(**values)


def cluster_codes(card) -> tuple[str, ...]:
    return card.ssic_cluster


def test_eight_seeds_give_a_card_per_shared_industry_citing_existing_evidence():
    inputs = make_inputs()
    built = build_suggestions(inputs)
    known = {row.evidence_id for row in (*inputs.evidence, *inputs.tenant_evidence)}
    assert [cluster_codes(card) for card in built.cards] == [("5210",), ("5611",), ("10",)]
    for card in built.cards:
        assert card.evidence_count == len(card.evidence_ids) >= 1
        assert set(card.evidence_ids) <= known
        assert not card.reduced_evidence
        assert card.seeds_covered.endswith("/8")
    assert built.cards[0].seeds_covered == "4/8"
    assert built.uncovered == ()


def test_cards_are_ordered_by_their_score_whose_parts_add_up():
    cards = build_suggestions(make_inputs()).cards
    scores = [card.score for card in cards]
    assert scores == sorted(scores, reverse=True)
    for card in cards:
        assert abs(sum(card.score_parts.values()) - card.score) < 1e-9
        assert {"support", "evidence_weight", "specificity", "lost_customers"} <= set(
            card.score_parts
        )
        assert 0.0 < card.confidence <= 1.0


def test_a_card_names_the_customers_it_covers():
    card = build_suggestions(make_inputs()).cards[0]
    assert card.covered_seeds == tuple(
        {"id": seed, "name": f"Customer {seed}"} for seed in (101, 102, 103, 104)
    )


def test_the_leading_card_reads_like_the_evidence_behind_it():
    card = build_suggestions(make_inputs()).cards[0]
    assert card.title == "Warehousing and storage firms, 51-200 staff, on Xero"
    assert card.ssic_cluster == ("5210",)
    assert card.ssic_titles == {"5210": "Warehousing and storage"}
    assert card.headcount_band == "51-200"
    assert card.integrations[0] == "xero"
    # A site running Google Analytics says nothing about fit; what a seed offers its own
    # clients (an integration with SAP Business One) is not its stack.
    assert "google-analytics" not in card.integrations
    assert "sap-business-one" not in card.integrations
    assert card.rationale == (
        "4 of 8 best customers are in warehousing and storage (SSIC 5210). "
        "3 of them run Xero and 3 have 51-200 staff. Your case studies name the "
        "Chief Financial Officer or Head of Finance as the buyer. "
        "1 lost customer is in it too."
    )
    cited = {
        row.evidence_id: row
        for row in make_inputs().evidence
        if row.evidence_id in card.evidence_ids
    }
    assert {row.seed_id for row in cited.values()} == {101, 102, 103, 104}
    assert {row.signal_key for row in cited.values()} == {"ssic", "headcount_hint", "integration"}
    assert not any(row.value.startswith("openings:") for row in cited.values())
    # The buyers are cited from the tenant's own case studies, at 101 and 103.
    champion = next(claim for claim in card.claims if claim["kind"] == "champion")
    tenant = {row.evidence_id: row for row in make_inputs().tenant_evidence}
    assert [tenant[i].details["at"] for i in champion["evidence_ids"]] == [
        "Customer 101",
        "Customer 103",
    ]


def test_no_card_repeats_the_seeds_of_a_higher_card():
    cards = build_suggestions(make_inputs()).cards
    for rank, card in enumerate(cards):
        seeds = {seed["id"] for seed in card.covered_seeds}
        for higher in cards[:rank]:
            assert not seeds <= {seed["id"] for seed in higher.covered_seeds}
    assert len({card.id for card in cards}) == len(cards)


def test_a_holding_code_never_forms_a_segment():
    seeds = {
        301: ("64202", None, [], []),
        302: ("64202", None, [], []),
        303: ("64202", None, [], []),
        304: ("52101", None, [], []),
        305: ("52102", None, [], []),
    }
    cards = build_suggestions(make_inputs(seeds)).cards
    assert cards and all(not code.startswith("64") for c in cards for code in cluster_codes(c))


def test_a_listed_groups_holding_code_gives_way_to_what_its_site_says():
    seeds = {301: ("64202", None, [], []), 302: ("52101", None, [], [])}
    rows = seed_evidence(seeds)
    rows.append(SeedEvidence(999, 301, "best", "ssic_hint", "52102", 0.6, None, None, {"rank": 1}))
    inputs = make_inputs(seeds, evidence=rows)
    card = build_suggestions(inputs).cards[0]
    assert cluster_codes(card) == ("5210",)
    assert card.seeds_covered == "2/2"


def test_sibling_divisions_of_a_trade_merge_into_one_card():
    seeds = {
        401: ("41001", None, [], []),
        402: ("41001", None, [], []),
        403: ("42101", None, [], []),
        404: ("43301", None, [], []),
        405: ("52101", None, [], []),
        406: ("52101", None, [], []),
    }
    cards = build_suggestions(make_inputs(seeds)).cards
    construction = cards[0]
    assert cluster_codes(construction) == ("41", "42", "43")
    assert construction.title.startswith("Construction firms")
    assert construction.seeds_covered == "4/6"
    assert construction.segment_level == "section"
    # The narrower construction segment is in it already: not a card of its own.
    assert ("41001",) not in [cluster_codes(card) for card in cards]


def test_a_segment_the_lost_customers_share_is_down_weighted_and_dropped_when_they_dominate():
    lost = (
        LostCustomer(211, "Lost Cafe One", "budget", ("56111",)),
        LostCustomer(212, "Lost Cafe Two", "budget", ("56112",)),
        LostCustomer(213, "Lost Warehouse", "budget", ("52101",)),
    )
    inputs = make_inputs(lost_customers=lost)
    inputs = dataclasses.replace(inputs, evidence=[*inputs.evidence, *lost_rows(lost)])
    cards = {cluster_codes(card): card for card in build_suggestions(inputs).cards}
    # Two lost cafés against two best ones: no segment to sell into.
    assert ("5611",) not in cards and ("56",) not in cards
    warehousing = cards[("5210",)]
    assert warehousing.score_parts["lost_customers"] < 0
    assert warehousing.lost_in_segment == 1
    assert "1 lost customer in this segment" in warehousing.negative_flags


def lost_rows(lost) -> list[SeedEvidence]:
    return [
        SeedEvidence(800 + i, c.seed_id, "lost", "ssic", code, 0.9, None, None, {"rank": "primary"})
        for i, c in enumerate(lost)
        for code in c.ssic_codes
    ]


def test_the_lost_customers_industry_is_excluded_from_the_cards():
    lost = tuple(LostCustomer(200 + i, f"Lost Factory {i}", "budget", ("10711",)) for i in range(3))
    inputs = make_inputs(lost_customers=lost)
    inputs = dataclasses.replace(inputs, evidence=[*inputs.evidence, *lost_rows(lost)])
    built = build_suggestions(inputs)
    assert ("10",) not in [cluster_codes(card) for card in built.cards]
    theme = built.negative_icp[0]
    assert theme.theme == "food manufacturing: 3 of 3 lost customers"
    assert theme.exclude_ssic == ("10",)


def test_fewer_than_five_seeds_give_at_least_two_reduced_cards():
    seeds = {seed: BEST_SEEDS[seed] for seed in (101, 102, 105)}
    built = build_suggestions(make_inputs(seeds))
    assert len(built.cards) >= 2
    assert all(card.reduced_evidence for card in built.cards)
    assert all(card.seeds_covered.endswith("/3") for card in built.cards)
    full = build_suggestions(make_inputs()).cards[0].confidence
    assert all(card.confidence < full for card in built.cards)


def test_seeds_without_a_shared_industry_get_a_card_around_a_shared_tool():
    rows = [
        SeedEvidence(1, 301, "best", "integration", "runs:xero", 0.9, details=XERO_RUN),
        SeedEvidence(2, 302, "best", "integration", "runs:xero", 0.9, details=XERO_RUN),
        SeedEvidence(3, 301, "best", "ssic", "52101", 0.95, details={"rank": "primary"}),
        SeedEvidence(4, 302, "best", "ssic", "56111", 0.95, details={"rank": "primary"}),
    ]
    inputs = make_inputs({}, best_seed_ids=(301, 302, 303), evidence=rows)
    cards = build_suggestions(inputs).cards
    assert cards[0].title == "Firms on Xero"
    assert cards[0].segment_kind == "technographic"
    tenant_ids = {row.evidence_id for row in inputs.tenant_evidence}
    assert set(cards[0].evidence_ids) <= {1, 2, 3, 4} | tenant_ids
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
    seeds[104] = ("52101", "51-200", ["runs:cargowise"], [])
    seeds[101] = ("52101", "201-500", ["runs:xero"], [])
    seeds[102] = ("52102", "201-500", ["runs:xero"], [])
    seeds[103] = ("52101", "201-500", ["runs:xero"], [])
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
    assert food.as_json()["integration_names"] == {"sap-business-one": "SAP Business One"}
    # The tenant's case studies name finance buyers at other customers; the answers add
    # their own, weighed next.
    assert food.champions == (
        "Chief Financial Officer or Head of Finance",
        "supply chain leadership",
    )
    assert food.from_answers == ("headcount_band", "integrations")
    assert "From your answers: the headcount band and the integrations." in food.rationale
    assert " on " not in food.title  # a must-have is no claim that these firms run it
    warehousing = cards[("5210",)]  # evidence wins where there is some
    assert warehousing.title.endswith(", on Xero")
    assert warehousing.from_answers == ()
    assert warehousing.integrations[0] == "xero"
    assert warehousing.champions[0] == "Chief Financial Officer or Head of Finance"


def test_targeting_pack_has_parseable_filters_tools_a_pitch_and_its_exclusions():
    answers = IntakeAnswers(anti_icp=("Not for SSIC 52102 cold stores",))
    for card in build_suggestions(make_inputs(answers=answers)).cards:
        pack = card.targeting_pack
        assert pack.ssic_filters == cluster_codes(card)
        assert SsicFilter.parse(pack.ssic_filters)
        assert pack.technographic_filters == card.integrations
        assert pack.pitch
    cards = {cluster_codes(c): c for c in build_suggestions(make_inputs(answers=answers)).cards}
    warehousing = cards[("5210",)]
    assert warehousing.targeting_pack.exclude_ssic == ("52102",)
    # The theme it touches lowers its score.
    assert warehousing.score_parts["negative_flags"] < 0
    lead = build_suggestions(make_inputs()).cards[0].targeting_pack
    assert lead.pitch == (
        "Pitch the Chief Financial Officer or Head of Finance at warehousing and storage firms "
        "with 51-200 staff. Lead with your Xero integration: 3 of your best customers there "
        "run it."
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
    seeds[109] = ("52101", "51-200", ["runs:xero"], [])
    seeds[110] = ("52102", "51-200", ["runs:xero"], [])
    current_inputs = make_inputs(seeds, first_id=900, previous_cards=previous)
    current = [card.as_json() for card in build_suggestions(current_inputs).cards]
    diff = compare_generations(previous, current)
    old_ids = {card["id"] for card in previous}
    new_ids = {card["id"] for card in current}
    manufacturers = next(c["id"] for c in previous if c["ssic_cluster"][0] == "10")
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
