"""Seed mapping decisions (pure): companies by domain and name, register entities by
name with the tie-breakers a person would use."""

from __future__ import annotations

import pytest

from icp_assets.mapping.matching import (
    ACCEPT_SCORE,
    KnownCompany,
    MappedSeed,
    SeedToMatch,
    assign_companies,
    decide_match,
    domain_label,
    mapping_sla,
    name_similarity,
)
from icp_assets.normalize import normalize_company_name
from icp_assets.reference.register_rows import RegisterCandidate


def seed(name: str, domain: str | None = None, confirmed: str | None = None) -> SeedToMatch:
    return SeedToMatch(1, name, normalize_company_name(name), domain, confirmed)


def entity(uen: str, name: str, status: str = "Live Company", kind: str = "Local Company"):
    return RegisterCandidate(uen, name, normalize_company_name(name), kind, status)


def test_a_unique_exact_name_is_accepted_as_exact():
    decision = decide_match(seed("Acme Logistics"), [entity("A1", "ACME LOGISTICS PTE. LTD.")])
    assert (decision.method, decision.accepted, decision.score) == ("exact", True, 1.0)


def test_a_live_namesake_wins_over_a_struck_off_one():
    decision = decide_match(
        seed("Acme Logistics"),
        [
            entity("OLD", "ACME LOGISTICS PTE. LTD.", status="Struck Off"),
            entity("NEW", "ACME LOGISTICS (S) PTE. LTD."),
        ],
    )
    assert decision.accepted and decision.best.candidate.uen == "NEW"
    assert any("not live" in r for r in decision.candidates[1].reasons)


def test_two_live_namesakes_are_ambiguous_and_keep_both_candidates():
    decision = decide_match(
        seed("Acme Logistics"),
        [entity("A1", "ACME LOGISTICS PTE. LTD."), entity("A2", "ACME LOGISTICS LLP")],
    )
    assert decision.ambiguous and not decision.accepted
    assert {c.candidate.uen for c in decision.candidates} == {"A1", "A2"}


def test_the_typed_legal_form_breaks_a_tie_between_live_namesakes():
    decision = decide_match(
        seed("Acme Logistics LLP"),
        [entity("A1", "ACME LOGISTICS PTE. LTD."), entity("A2", "ACME LOGISTICS LLP")],
    )
    assert decision.accepted and decision.best.candidate.uen == "A2"


def test_a_website_that_spells_the_name_breaks_a_tie():
    candidates = [
        entity("A1", "ACME GLOBAL LOGISTICS PTE. LTD."),
        entity("A2", "ACME GLOBAL TRAVEL PTE. LTD."),
    ]
    assert decide_match(seed("Acme Global"), candidates).ambiguous
    decision = decide_match(seed("Acme Global", domain="acmeglobal-logistics.sg"), candidates)
    assert decision.accepted and decision.best.candidate.uen == "A1"


@pytest.mark.parametrize(
    ("typed", "registered"),
    [
        ("harbourlne logistics", "HARBOURLINE LOGISTICS PTE. LTD."),  # a typo
        ("Harbourline Logistics Singapore", "HARBOURLINE LOGISTICS PTE. LTD."),
        ("HarbourlineLogistics Pte.Ltd.", "HARBOURLINE LOGISTICS PTE. LTD."),
        ("tan & sons trading", "TAN AND SONS TRADING PTE. LTD."),
    ],
)
def test_the_ways_people_type_a_name_are_still_accepted(typed, registered):
    decision = decide_match(seed(typed), [entity("A1", registered)])
    assert decision.accepted, decision.candidates


@pytest.mark.parametrize(
    ("typed", "registered"),
    [
        ("Yap Worldwide Dining", "PE WORLDWIDE DINING PTE. LTD."),  # another brand
        ("Lucky Bamboo Sports", "LUCKY BAMBOO PTE LTD"),  # a word the register lacks
        ("Arun Ramasamy Jewellery", "ARUN JEWELLERY"),
    ],
)
def test_a_namesake_of_part_of_the_name_is_not_accepted(typed, registered):
    assert not decide_match(seed(typed), [entity("X", registered)]).accepted


def test_a_word_left_out_of_a_long_name_is_forgiven():
    decision = decide_match(
        seed("Harbourline Logistics"), [entity("A1", "HARBOURLINE GLOBAL LOGISTICS PTE. LTD.")]
    )
    assert decision.accepted and decision.method == "fuzzy"


def test_a_merely_similar_company_is_not_accepted():
    decision = decide_match(
        seed("Harbourline Logistics"), [entity("X", "HARBOUR LINES MARINE PTE. LTD.")]
    )
    assert decision.method == "none" and not decision.accepted
    assert decision.candidates  # still shown to a person


def test_no_candidates_means_no_match():
    decision = decide_match(seed("Nowhere Trading"), [])
    assert (decision.method, decision.best, decision.candidates) == ("none", None, [])


def test_a_confirmed_uen_wins_as_the_domain_path():
    decision = decide_match(
        seed("Acme", confirmed="A2"),
        [entity("A1", "ACME PTE. LTD."), entity("A2", "ACME HOLDINGS PTE. LTD.")],
    )
    assert (decision.method, decision.best.candidate.uen, decision.score) == ("domain", "A2", 1.0)


def test_at_most_three_candidates_are_kept_best_first():
    candidates = [entity(f"A{i}", f"ACME {'X' * i} PTE LTD") for i in range(1, 6)]
    decision = decide_match(seed("Acme X"), candidates)
    assert [c.candidate.uen for c in decision.candidates] == ["A1", "A2", "A3"]


def test_name_similarity_is_symmetric_in_spirit_and_bounded():
    assert name_similarity("acme", "acme") == 1.0
    assert 0 <= name_similarity("acme", "zzzz") < 0.5
    assert name_similarity("acme logistics", "acme global logistics") < 0.95
    assert name_similarity("acme global logistics", "acme logistics") < ACCEPT_SCORE


def test_domain_label_is_the_name_part_of_the_domain():
    assert domain_label("acme-asia.com.sg") == "acmeasia"
    assert domain_label(None) == ""


def test_companies_are_found_by_domain_then_name_else_new():
    seeds = [
        MappedSeed(1, "Acme", "acme.sg", "acme"),
        MappedSeed(2, "Beta", "beta.sg", "beta"),
        MappedSeed(3, "Gamma", None, "gamma"),
        MappedSeed(4, "Delta", "delta.sg", "delta"),
        MappedSeed(5, "Omega", "omega.sg", "omega"),
    ]
    companies = [
        KnownCompany(10, "acme old name", "acme.sg", None),
        KnownCompany(20, "beta", None, "beta.sg"),
        KnownCompany(30, "gamma", "gamma.sg", None),
        KnownCompany(40, "delta", "delta-other.sg", None),  # same name, another website
    ]
    result = {
        a.seed.seed_id: (a.company_id, a.matched_by) for a in assign_companies(seeds, companies)
    }
    assert result == {
        1: (10, "domain"),
        2: (20, "domain"),
        3: (30, "name"),
        4: (None, "new"),
        5: (None, "new"),
    }


def test_the_sla_counts_accepted_best_seeds_against_80_percent_and_300_s():
    accepted = decide_match(seed("Acme"), [entity("A1", "ACME PTE LTD")])
    missing = decide_match(seed("Nowhere"), [])
    ok = mapping_sla([accepted] * 4 + [missing], elapsed_s=1.0)
    assert (ok.total, ok.resolved, ok.rate, ok.passed) == (5, 4, 0.8, True)
    assert ok.by_method == {"exact": 4, "none": 1}
    assert ok.log_line(7) == "mapping_sla tenant=7 total=5 resolved=4 rate=0.80 elapsed_s=1.00"
    assert not mapping_sla([accepted] * 3 + [missing] * 2, elapsed_s=1.0).passed
    assert not mapping_sla([accepted] * 5, elapsed_s=301.0).passed
    assert not mapping_sla([], elapsed_s=0.0).passed


def test_a_website_naming_more_than_the_exact_namesake_leaves_it_to_a_person():
    decision = decide_match(
        seed("Nova United", domain="novaunitedventures.sg"),
        [entity("A1", "NOVA UNITED PTE. LTD."), entity("A2", "NOVA UNITED VENTURES PTE LTD")],
    )
    assert decision.ambiguous and not decision.accepted
    reasons = {c.candidate.uen: c.reasons for c in decision.candidates}
    assert any("names more than this entity" in r for r in reasons["A1"])
