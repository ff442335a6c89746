"""The plan's and the chat's spellings of an intake, read into the model's names (pure)."""

from __future__ import annotations

from typing import get_args

import pytest

from icp_assets.intake.model import (
    EmployeeBand,
    IntakeValidationError,
    parse_chat_intake,
    parse_intake,
    read_intake,
)
from icp_assets.intake.spellings import iana_time_zone, nearest_employee_band
from support import plan_examples as plan

BANDS = get_args(EmployeeBand)


@pytest.mark.parametrize(
    ("written", "band"),
    [
        ("50–200", "51-200"),
        ("50-200", "51-200"),
        ("51 to 200", "51-200"),
        ("50 — 200 employees", "51-200"),
        ("51-200", "51-200"),
        ("10-50", "11-50"),
        ("1,001-5,000", "1001-5000"),
        ("6000-10000", "5001+"),
        ("200+", "201-500"),
        ("1000+", "1001-5000"),
        ("5001+", "5001+"),
        ("120", "51-200"),
        ("7 staff", "1-10"),
    ],
)
def test_a_headcount_as_people_write_it_is_read_as_the_nearest_standard_band(written, band):
    assert nearest_employee_band(written, BANDS) == band


@pytest.mark.parametrize("written", ["a few", "200-50", "-", "51-200-500"])
def test_a_headcount_that_is_no_band_range_or_count_is_refused(written):
    with pytest.raises(ValueError, match="band|range"):
        nearest_employee_band(written, BANDS)


@pytest.mark.parametrize(
    ("written", "zone"),
    [
        ("SGT", "Asia/Singapore"),
        ("sgt", "Asia/Singapore"),
        ("Asia/Singapore", "Asia/Singapore"),
        ("MYT", "Asia/Kuala_Lumpur"),
        ("UTC+8", "Etc/GMT-8"),
        ("GMT-5", "Etc/GMT+5"),
        ("UTC", "UTC"),
    ],
)
def test_a_time_zone_abbreviation_or_offset_is_read_as_its_iana_zone(written, zone):
    assert iana_time_zone(written) == zone


@pytest.mark.parametrize("written", ["CST", "Mars/Olympus", "UTC+15", "", "Asia"])
def test_an_ambiguous_or_unknown_time_zone_is_refused(written):
    with pytest.raises(ValueError, match="unknown time zone"):
        iana_time_zone(written)


def test_the_appendix_intake_reads_into_the_models_names():
    assert parse_intake(plan.APPENDIX_INTAKE).model_dump(mode="json") == (
        plan.APPENDIX_INTAKE_NORMALIZED
    )


def test_the_normalized_form_reads_back_as_itself():
    normalized = parse_intake(plan.APPENDIX_INTAKE).model_dump(mode="json")
    assert parse_intake(normalized).model_dump(mode="json") == normalized


def test_the_chat_form_reads_seeds_lost_and_optional_answers():
    payload = parse_chat_intake(plan.CHAT_INTAKE)
    assert [c.name for c in payload.best_customers] == [
        s["seed_name"] for s in plan.CHAT_INTAKE["seeds"]
    ]
    assert [c.website for c in payload.lost_customers] == [
        "https://ppprint.sg",
        "https://changiclinic.sg",
    ]
    assert payload.deal is not None
    assert (payload.deal.acv_usd, payload.deal.sales_cycle_days, payload.deal.price_floor_usd) == (
        18000,
        45,
        6000,
    )
    assert (payload.integrations_required, payload.champion_titles) == (
        ["Xero"],
        ["Head of Finance"],
    )


def test_the_website_and_seeds_alone_are_the_chat_form():
    intake = read_intake(plan.FAST_START_SEEDS)
    assert [c.website for c in intake.payload.best_customers] == [
        "harbourline-logistics.sg",
        "merlionfreight.sg",
        "orchidretail.sg",
    ]
    assert intake.submitted is plan.FAST_START_SEEDS


def test_a_single_value_where_a_list_is_expected_is_a_list_of_one():
    payload = parse_intake({**plan.FAST_START_INTAKE, "must_have_integrations": "Xero"})
    assert payload.integrations_required == ["Xero"]


def test_a_section_given_as_text_is_its_answer_and_a_placeholder_none():
    intake = read_intake({**plan.FAST_START_INTAKE, "advanced": {"C": "agencies", "D": "…"}})
    assert intake.payload.advanced == {"C": {"answer": "agencies"}}
    assert intake.notes == ()


def test_text_for_all_sections_is_accepted_with_a_note():
    intake = read_intake({**plan.FAST_START_INTAKE, "advanced": {"A_to_H": "finance teams"}})
    assert intake.payload.advanced == {}
    assert [note.split(":")[0] for note in intake.notes] == ["advanced.A_to_H"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**plan.APPENDIX_INTAKE, "must_have_integrations": 5}, "must_have_integrations"),
        ({**plan.APPENDIX_INTAKE, "integrations_required": []}, "integrations_required"),
        ({**plan.APPENDIX_INTAKE, "geo_language_tz": "SG"}, "geo_language_tz"),
        ({**plan.APPENDIX_INTAKE, "deal": {"cycle_days": "soon"}}, "deal.cycle_days"),
        (
            {
                **plan.FAST_START_INTAKE,
                "best_customers": [{"name": "A", "seed_name": "B", "url": "a.sg"}],
            },
            "best_customers[0].seed_name",
        ),
        (
            {**plan.FAST_START_INTAKE, "best_customers": [{"name": "A", "reason": "x"}]},
            "best_customers[0].reason",
        ),
        (
            {"website": "lumenledger.sg", "seeds": [{"seed_name": "A", "kind": "x"}]},
            "seeds[0].kind",
        ),
        ({"answers": {"website": "lumenledger.sg"}, "seeds": []}, "seeds"),
    ],
)
def test_a_bad_field_is_named_as_it_was_sent(data, field):
    with pytest.raises(IntakeValidationError) as refused:
        read_intake(data)
    assert field in [error.field for error in refused.value.errors]
