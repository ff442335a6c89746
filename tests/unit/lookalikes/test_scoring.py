"""The fit score on small candidate tables: each signal's points, the closest seed, the
evidence points and a deterministic order."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from icp_assets.lookalikes.scoring import (
    ACTIVITY_TEXT_POINTS,
    AGE_POINTS,
    AGE_SPAN_YEARS,
    BAND_POINTS,
    CARD_SSIC_POINTS,
    COMPANY_TYPE_POINTS,
    ENTITY_TYPE_POINTS,
    LOCATION_POINTS,
    MAX_POINTS,
    SECONDARY_SHARE,
    SEED_SSIC_POINTS,
    TOOL_POINTS,
    CardTarget,
    SeedProfile,
    reasons,
    score_candidates,
    text_similarity,
)

WAREHOUSE = SeedProfile(
    1,
    "Harbourline Logistics",
    "52101",
    None,
    "Local Company",
    2010,
    "62",
    "GENERAL WAREHOUSING AND DISTRIBUTION",
)
CAFE = SeedProfile(
    2, "Kopi Loft", "56112", None, "Local Company", 2019, "23", "CAFE AND COFFEE ROASTING"
)


def candidate(uen: str, **values) -> dict:
    row = {
        "uen": uen,
        "entity_name": f"COMPANY {uen}",
        "entity_type": "Local Company",
        "company_type": None,
        "primary_ssic_code": "99999",
        "secondary_ssic_code": None,
        "year": None,
        "postal_sector": None,
        "activity_text": "",
    }
    return {**row, **values}


def scored(*rows: dict, seeds=(WAREHOUSE,), card=None) -> pd.DataFrame:
    return score_candidates(pd.DataFrame(rows), list(seeds), card or CardTarget()).set_index("uen")


IN_52 = CardTarget(codes=("52",))


@pytest.mark.parametrize(
    ("code", "points"),
    [
        ("52101", CARD_SSIC_POINTS + SEED_SSIC_POINTS[5]),
        ("52109", CARD_SSIC_POINTS + SEED_SSIC_POINTS[4]),
        ("52111", CARD_SSIC_POINTS + SEED_SSIC_POINTS[3]),
        ("52201", CARD_SSIC_POINTS),
        ("47101", 0),
    ],
)
def test_ssic_points_for_the_cards_industry_and_the_level_shared_with_the_seed(code, points):
    frame = scored(candidate("A", primary_ssic_code=code), card=IN_52)
    assert frame.loc["A", "points_ssic"] == points


def test_a_secondary_code_in_the_card_earns_half_of_what_the_primary_would():
    frame = scored(
        candidate("P", primary_ssic_code="52201"),
        candidate("S", primary_ssic_code="47101", secondary_ssic_code="52101"),
        card=IN_52,
    )
    assert frame.loc["P", "points_ssic"] == CARD_SSIC_POINTS
    assert frame.loc["S", "points_ssic"] == CARD_SSIC_POINTS * SECONDARY_SHARE
    assert "by its secondary code" in reasons(frame.loc["S"], WAREHOUSE)
    exact = scored(candidate("X", primary_ssic_code="52101"), card=IN_52).loc["X"]
    assert "by its primary code, the same SSIC sub-class as Harbourline Logistics" in reasons(
        exact, WAREHOUSE
    )


def test_entity_type_age_and_location_points():
    frame = scored(
        candidate("SAME", year=2010, postal_sector="62"),
        candidate("OTHER", entity_type="Sole Proprietorship/ Partnership", year=2016),
        candidate("PUBLIC", entity_type="Public Company", year=2010 + AGE_SPAN_YEARS + 3),
    )
    assert frame.loc["SAME", "points_entity_type"] == ENTITY_TYPE_POINTS
    assert frame.loc["SAME", "points_age"] == AGE_POINTS
    assert frame.loc["SAME", "points_location"] == LOCATION_POINTS
    assert frame.loc["OTHER", "points_entity_type"] == 0
    assert frame.loc["OTHER", "points_age"] == pytest.approx(
        AGE_POINTS * (1 - 6 / AGE_SPAN_YEARS), abs=0.01
    )
    assert frame.loc["PUBLIC", "points_entity_type"] == ENTITY_TYPE_POINTS / 2
    assert frame.loc["PUBLIC", "points_age"] == 0
    assert frame.loc["OTHER", "points_location"] == 0


def test_a_listed_seed_earns_public_companies_the_company_type_points():
    listed = SeedProfile(9, "Venture Corporation", "26201", None, "Local Company", 1984,
                         company_type="Public Company Limited by Shares")  # fmt: skip
    frame = scored(
        candidate("PUBLIC", company_type="Public Company Limited by Shares"),
        candidate("PRIVATE", company_type="Exempt Private Company Limited by Shares"),
        seeds=(listed,),
    )
    assert frame.loc["PUBLIC", "points_entity_type"] == ENTITY_TYPE_POINTS + COMPANY_TYPE_POINTS
    assert frame.loc["PRIVATE", "points_entity_type"] == ENTITY_TYPE_POINTS


def test_activity_text_rewards_the_seeds_own_words_not_the_words_every_company_uses():
    frame = scored(
        candidate("WORDS", activity_text="WAREHOUSING AND DISTRIBUTION SERVICES"),
        candidate("GENERIC", activity_text="GENERAL SERVICES"),
        candidate("BLANK", activity_text=""),
        *(candidate(f"F{i}", activity_text="GENERAL TRADING SERVICES") for i in range(20)),
    )
    assert frame.loc["WORDS", "points_activity_text"] > 0.5 * ACTIVITY_TEXT_POINTS
    assert (
        frame.loc["WORDS", "points_activity_text"]
        > 3 * frame.loc["GENERIC", "points_activity_text"]
    )
    assert frame.loc["BLANK", "points_activity_text"] == 0


def test_text_similarity_is_zero_when_the_seeds_say_nothing():
    assert text_similarity(["CAFE"], [""]).tolist() == [[0.0]]


def test_the_closest_seed_is_the_one_sharing_most_points():
    frame = scored(
        candidate("CAFE", primary_ssic_code="56112", year=2019, postal_sector="23"),
        candidate("STORE", primary_ssic_code="52102", year=2011),
        seeds=(WAREHOUSE, CAFE),
    )
    assert frame.loc["CAFE", "closest_seed"] == 1
    assert frame.loc["STORE", "closest_seed"] == 0
    # The score is the closest seed's points, not a sum over seeds.
    cafe = frame.loc["CAFE"]
    expected = CARD_SSIC_POINTS + SEED_SSIC_POINTS[5] + ENTITY_TYPE_POINTS + AGE_POINTS
    expected += LOCATION_POINTS
    assert cafe["score"] == pytest.approx(100 * expected / MAX_POINTS, abs=0.1)


def test_crawled_evidence_earns_points_for_the_cards_tools_and_band():
    frame = scored(
        candidate("CRAWLED", tools=["xero", "shopify", "stripe"], band="51-200"),
        candidate("ONE", tools=["xero"], band="11-50"),
        candidate("NONE", tools=None, band=None),
        card=CardTarget((), frozenset({"xero", "shopify", "stripe"}), "51-200"),
    )
    assert frame.loc["CRAWLED", "points_tools"] == 2 * TOOL_POINTS  # capped
    assert frame.loc["CRAWLED", "points_band"] == BAND_POINTS
    assert frame.loc["ONE", "points_tools"] == TOOL_POINTS
    assert frame.loc["ONE", "points_band"] == 0
    assert frame.loc["NONE", "points_tools"] == 0


def test_ties_are_ordered_by_uen_and_scores_stay_within_0_to_100():
    rows = [candidate(uen, primary_ssic_code="52101") for uen in ("C3", "A1", "B2")]
    ranked = score_candidates(pd.DataFrame(rows), [WAREHOUSE])
    assert ranked["uen"].tolist() == ["A1", "B2", "C3"]
    best = score_candidates(
        pd.DataFrame(
            [
                candidate(
                    "TOP",
                    company_type="Private Company Limited by Shares",
                    primary_ssic_code="52101",
                    year=2010,
                    postal_sector="62",
                    activity_text=WAREHOUSE.text,
                    tools=["a", "b"],
                    band="51-200",
                )
            ]
        ),
        [dataclasses.replace(WAREHOUSE, company_type="Private Company Limited by Shares")],
        CardTarget((), frozenset({"a", "b"}), "51-200"),
    )
    assert best["score"].iloc[0] == pytest.approx(100.0, abs=0.1)


def test_no_candidates_or_no_seeds_rank_nothing():
    assert score_candidates(pd.DataFrame([candidate("A")]), []).empty
    empty = pd.DataFrame(columns=list(candidate("A")))
    assert score_candidates(empty, [WAREHOUSE]).empty
