"""What a card claims, and the facts it cites for each claim: who buys, what the seeds
run, the band, distinct facts, and the words of the card for every count."""

from __future__ import annotations

import pytest

from icp_assets.suggestions.building import build_suggestions
from icp_assets.suggestions.claims import (
    band_claim,
    champion_claims,
    distinct_facts,
    integration_claims,
    tenant_tools,
)
from icp_assets.suggestions.model import IntakeAnswers, SeedEvidence, SuggestionInputs

SEEDS = {1: "Harbourline Logistics", 2: "Merlion Freight", 3: "Kopi Corner"}


def row(evidence_id, seed_id, signal, value, company_id=None, confidence=0.8, **details):
    return SeedEvidence(
        evidence_id,
        seed_id,
        "self" if seed_id == 0 else "best",
        signal,
        value,
        confidence,
        f"https://site{seed_id}.example/page{evidence_id}",
        details.pop("snippet", None),
        details,
        company_id if company_id is not None else 100 + seed_id,
    )


def tenant_buyer(evidence_id, title, value, at, source="case_study"):
    return row(evidence_id, 0, "buyer_title", value, 100, title=title, source=source, at=at)


# --- who buys -----------------------------------------------------------------------------


def test_the_tenants_case_studies_name_the_buyer_at_the_segments_customers():
    tenant = [
        tenant_buyer(1, "Head of Finance", "finance leadership", "Harbourline Logistics"),
        tenant_buyer(2, "Chief Financial Officer", "finance leadership", "Merlion Freight & Co"),
        tenant_buyer(3, "Operations Director", "operations leadership", "Tanjong Cold Chain"),
    ]
    [claim] = champion_claims({1, 2}, SEEDS, tenant, (), {}, (), limit=2)
    assert claim.label == "Chief Financial Officer or Head of Finance"
    assert claim.source == "your case studies"
    assert claim.seeds == {1, 2}
    assert [r.evidence_id for r in claim.evidence] == [1, 2]
    # One customer's operations director weighs less than half of two finance buyers.


def test_a_seeds_own_customers_testimonial_and_its_job_ads_never_name_the_buyer():
    seed_titles = {
        1: [
            row(10, 1, "buyer_title", "operations leadership", title="Operations Director",
                source="testimonial", at="Kopi Corner"),
            row(11, 1, "buyer_title", "operations manager", title="Warehouse Supervisor",
                source="careers"),
        ]
    }  # fmt: skip
    assert champion_claims({1}, SEEDS, (), (), seed_titles, ("Xero",), limit=2) == []


def test_a_seed_page_counts_only_where_the_role_uses_a_tool_the_tenant_works_with():
    seed_titles = {
        1: [
            row(12, 1, "buyer_title", "finance manager", title="Finance Manager",
                source="team", snippet="Our Finance Manager closes the month in Xero."),
            row(13, 1, "buyer_title", "supply chain leadership", title="Head of Supply Chain",
                source="team", snippet="Our Head of Supply Chain runs 3 warehouses."),
        ]
    }  # fmt: skip
    [claim] = champion_claims({1}, SEEDS, (), (), seed_titles, ("Xero",), limit=2)
    assert (claim.label, claim.source, claim.seeds) == ("Finance Manager", "their own sites", {1})


def test_the_answers_name_the_buyer_when_nothing_else_does_and_say_so():
    [claim] = champion_claims({1}, SEEDS, (), ("Head of Finance",), {}, (), limit=2)
    assert (claim.value, claim.label, claim.source) == (
        "finance leadership",
        "Head of Finance",
        "your answers",
    )
    assert claim.evidence == ()


# --- what they run ------------------------------------------------------------------------


def test_cards_claim_what_seeds_run_not_what_they_offer_their_clients():
    integrations = {
        1: [
            row(20, 1, "integration", "integrates:sap-business-one", tool="SAP Business One"),
            row(21, 1, "integration", "runs:xero", category="accounting", context="runs_phrase"),
            row(22, 1, "integration", "runs:google-analytics", category="analytics"),
        ],
        2: [
            row(23, 2, "integration", "integrates:sap-business-one", tool="SAP Business One"),
            row(24, 2, "integration", "runs:xero", category="accounting", context="runs_phrase"),
        ],
    }
    claims = integration_claims({1, 2}, integrations, {"xero"}, {"xero": "Xero"}, limit=3)
    assert [(c.value, c.label, c.details["tenant_integrates"]) for c in claims] == [
        ("xero", "Xero", True)
    ]
    assert [r.evidence_id for r in claims[0].evidence] == [21, 24]


def test_a_tool_a_page_only_mentions_is_no_claim_that_the_seed_runs_it():
    integrations = {
        seed: [row(40 + seed, seed, "integration", "runs:xero", category="accounting", context=how)]
        for seed, how in ((1, "mention"), (2, "mention"), (3, "fingerprint"))
    }
    assert integration_claims({1, 2}, integrations, set(), {}, limit=3) == []
    claims = integration_claims({1, 3}, integrations, set(), {}, limit=3)
    assert claims == [] or claims[0].seeds == {3}
    assert [c.seeds for c in integration_claims({3}, integrations, set(), {}, limit=3)] == [{3}]


def test_the_tenants_integrations_are_its_sites_listing_and_its_must_haves():
    tenant = [
        row(30, 0, "integration", "integrates:xero", 100),
        row(31, 0, "integration", "runs:google-tag-manager", 100),
    ]
    assert tenant_tools(tenant, ["SAP Business One"]) == {"xero", "sap-business-one"}


# --- bands --------------------------------------------------------------------------------


def headcounts(*bands):
    return {
        seed: [row(40 + seed, seed, "headcount_hint", band, kind="employees")]
        for seed, band in enumerate(bands, 1)
        if band
    }


def test_the_band_is_the_median_seeds_and_the_unknown_are_counted():
    claim = band_claim([1, 2, 3, 4], headcounts("51-200", "51-200", "201-500", None))
    assert claim.label == "51-200"
    assert claim.details == {"seeds_in_band": 2, "known": 3, "unknown": 1, "range": False}


def test_seeds_that_straddle_two_bands_give_a_range_not_the_smaller_band():
    claim = band_claim([1, 2, 3, 4], headcounts("51-200", "51-200", "201-500", "201-500"))
    assert claim.label == "51-500"
    assert claim.details["seeds_in_band"] == 4 and claim.details["range"]
    assert band_claim([1, 2], {}) is None


# --- distinct facts -----------------------------------------------------------------------


def test_a_fact_repeated_on_every_page_is_one_fact():
    repeats = [
        row(50 + page, 1, "integration", "runs:shopify", confidence=0.85) for page in range(12)
    ]
    other_company = row(70, 2, "integration", "runs:shopify")
    facts = distinct_facts([*repeats, other_company])
    assert [r.evidence_id for r in facts] == [50, 70]
    # A buyer named on the tenant's site is a fact about the customer it names.
    named = [
        tenant_buyer(80, "Head of Finance", "finance leadership", "Harbourline Logistics"),
        tenant_buyer(81, "Head of Finance", "finance leadership", "Harbourline Logistics Pte"),
        tenant_buyer(82, "Head of Finance", "finance leadership", "Orchid Retail"),
    ]
    assert [r.evidence_id for r in distinct_facts(named)] == [80, 82]


# --- cards: their words for every count ---------------------------------------------------


def inputs_for(seeds: dict[int, tuple[str, str | None, list[str]]], **answers) -> SuggestionInputs:
    evidence, next_id = [], 1
    for seed, (code, band, tools) in seeds.items():
        evidence.append(row(next_id, seed, "ssic", code, confidence=0.95, rank="primary"))
        next_id += 1
        if band:
            evidence.append(row(next_id, seed, "headcount_hint", band, kind="employees"))
            next_id += 1
        for tool in tools:
            evidence.append(
                row(next_id, seed, "integration", f"runs:{tool}", tool=tool.title(),
                    category="accounting", context="fingerprint")
            )  # fmt: skip
            next_id += 1
    tenant = [row(900, 0, "integration", "integrates:xero", 100, tool="Xero")]
    return SuggestionInputs(
        tenant_id=1,
        best_seed_ids=tuple(seeds),
        patterns=(),
        evidence=evidence,
        lost_customers=(),
        answers=IntakeAnswers(**answers),
        ssic_titles={"52": "WAREHOUSING AND SUPPORT ACTIVITIES", "52101": "General warehousing"},
        seed_names={seed: f"Customer {seed}" for seed in seeds},
        tenant_evidence=tenant,
    )


@pytest.mark.parametrize(
    ("seeds", "rationale"),
    [
        (
            {1: ("52101", "51-200", ["xero"]), 2: ("52101", "51-200", ["xero"])},
            "2 of 2 best customers are in general warehousing (SSIC 52101). "
            "2 of them run Xero and 2 have 51-200 staff.",
        ),
        (
            {
                1: ("52101", "51-200", ["xero"]),
                2: ("52101", "201-500", ["xero"]),
                3: ("52101", None, []),
            },
            "3 of 3 best customers are in general warehousing (SSIC 52101). "
            "2 of them run Xero and 2 have 51-500 staff (1 unknown).",
        ),
        (
            {1: ("52101", "51-200", ["xero"]), 2: ("52101", None, []), 3: ("52101", None, [])},
            "3 of 3 best customers are in general warehousing (SSIC 52101). "
            "1 of them has 51-200 staff (2 unknown).",
        ),
    ],
)
def test_the_rationale_counts_each_part_in_singular_and_plural(seeds, rationale):
    [card] = build_suggestions(inputs_for(seeds)).cards[:1]
    assert card.rationale == rationale


def test_one_seed_and_the_answers_read_as_a_person_would_write_them():
    inputs = inputs_for(
        {1: ("52101", None, [])}, employee_band="51-200", champion_titles=("Head of Finance",)
    )
    [card, *_] = build_suggestions(inputs).cards
    assert card.rationale == (
        "1 of 1 best customer is in general warehousing (SSIC 52101). "
        "Your answers name the Head of Finance as the buyer. "
        "From your answers: the headcount band and the champions."
    )
    assert card.targeting_pack.pitch == (
        "Pitch the Head of Finance at general warehousing firms with 51-200 staff."
    )


def test_the_pitch_leads_only_with_an_integration_the_tenant_has():
    seeds = {1: ("52101", "51-200", ["netsuite"]), 2: ("52101", "51-200", ["netsuite"])}
    [card] = build_suggestions(inputs_for(seeds)).cards[:1]
    assert card.integrations == ("netsuite",)
    assert "Lead with" not in card.targeting_pack.pitch
    [claim] = [c for c in card.claims if c["kind"] == "integration"]
    assert claim["tenant_integrates"] is False
    xero = build_suggestions(
        inputs_for({1: ("52101", None, ["xero"]), 2: ("52101", None, ["xero"])})
    )
    assert xero.cards[0].targeting_pack.pitch.endswith(
        "Lead with your Xero integration: 2 of your best customers there run it."
    )


def test_each_claim_cites_its_own_distinct_facts_and_the_count_is_theirs():
    seeds = {1: ("52101", "51-200", ["xero"]), 2: ("52101", "51-200", ["xero"])}
    inputs = inputs_for(seeds)
    repeated = row(500, 1, "integration", "runs:xero", tool="Xero", category="accounting")
    inputs = SuggestionInputs(**{**inputs.__dict__, "evidence": [*inputs.evidence, repeated]})
    card = build_suggestions(inputs).cards[0]
    kinds = {claim["kind"]: claim["evidence_ids"] for claim in card.claims}
    assert set(kinds) == {"industry", "band", "integration"}
    assert sorted(i for ids in kinds.values() for i in ids) == sorted(card.evidence_ids)
    assert card.evidence_count == len(card.evidence_ids) == 6  # 2 seeds x 3 facts
