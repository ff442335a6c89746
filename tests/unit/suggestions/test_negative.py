"""The negative ICP: lost customers rolled up into themes a person would say, each with
the filter cards and sizing honour, and none invented."""

from __future__ import annotations

import pytest

from icp_assets.pattern_mining.industries import SeedIndustry
from icp_assets.suggestions.model import IntakeAnswers, LostCustomer
from icp_assets.suggestions.negative import (
    SOLE_PROPRIETORSHIP,
    StatedExclusion,
    negative_icp,
    reason_class,
)

TITLES = {"56": "FOOD AND BEVERAGE SERVICE ACTIVITIES", "18": "PRINTING"}


def _lost(*rows: tuple[int, str, str]) -> list[LostCustomer]:
    return [LostCustomer(seed_id, name, reason) for seed_id, name, reason in rows]


def _industries(codes: dict[int, str]) -> dict[int, SeedIndustry]:
    return {
        seed: SeedIndustry(seed, code, "register_primary", 1.0, seed)
        for seed, code in codes.items()
    }


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("budget too small", "budget"),
        ("Budget under $5k a year", "budget"),
        ("too expensive for a team our size", "budget"),
        ("one-person firm, too small to need it", "size"),
        ("needed on-prem deployment only", "deployment"),
        ("wanted it self-hosted", "deployment"),
        ("stuck in procurement for nine months", "procurement"),
        ("no Microsoft Dynamics integration", "integration"),
        ("lacked multi-entity consolidation", "feature gap"),
        ("switched to a competitor", "competitor"),
        ("owner retired", None),
    ],
)
def test_each_lost_reason_is_read_into_its_class(reason: str, expected: str | None) -> None:
    assert reason_class(reason) == expected


def test_lost_customers_in_one_industry_become_one_industry_theme_with_its_filter() -> None:
    lost = _lost((1, "Kopi A", "budget"), (2, "Kopi B", "budget"), (3, "Kopi C", "price"))
    negative = negative_icp(
        lost, _industries({1: "56111", 2: "56112", 3: "56111"}), IntakeAnswers(), [], TITLES
    )
    industry = negative.themes[0]
    assert industry.theme == "food & beverage: 3 of 3 lost customers"
    assert industry.kind == "industry" and industry.count == 3
    assert negative.exclude_ssic == ("56",)
    # Three budget reasons are one theme, not three, and not a headcount theme.
    budget = [t for t in negative.themes if t.theme.startswith("budget")]
    assert len(budget) == 1 and budget[0].count == 3
    assert not any(t.theme.startswith("size") for t in negative.themes)


def test_lost_customers_in_different_industries_name_no_industry() -> None:
    lost = _lost((1, "Print", "budget"), (2, "Clinic", "on-prem only"))
    negative = negative_icp(lost, _industries({1: "18111", 2: "86201"}), IntakeAnswers(), [], {})
    assert not any(t.kind == "industry" for t in negative.themes)
    assert negative.exclude_ssic == ()


def test_a_holding_code_is_no_lost_industry() -> None:
    lost = _lost((1, "Group A", "budget"), (2, "Group B", "budget"))
    negative = negative_icp(lost, _industries({1: "64202", 2: "64202"}), IntakeAnswers(), [], {})
    assert not any(t.kind == "industry" for t in negative.themes)


def test_three_distinct_signals_give_three_themes_and_none_is_invented() -> None:
    lost = _lost((1, "A", "budget too small"), (2, "B", "needed it on-prem"), (3, "C", "solo"))
    negative = negative_icp(lost, {}, IntakeAnswers(), [], {})
    assert sorted(t.theme.split(":")[0] for t in negative.themes) == [
        "budget",
        "deployment",
        "size",
    ]
    size = next(t for t in negative.themes if t.theme.startswith("size"))
    assert size.exclude_entity_types == (SOLE_PROPRIETORSHIP,)
    assert negative_icp([], {}, IntakeAnswers(), [], {}).themes == ()


def test_the_price_floor_site_exclusions_and_anti_icp_answers_are_themes_with_filters() -> None:
    answers = IntakeAnswers(price_floor_usd=6000, anti_icp=("No government agencies",))
    stated = [StatedExclusion("retail", ("47",), 77, "Not for retail shops.")]
    negative = negative_icp([], {}, answers, stated, {})
    themes = {t.theme: t for t in negative.themes}
    assert themes["deals under your price floor of US$6,000 a year"].kind == "price_floor"
    assert themes["retail: your site says it is not for them"].exclude_ssic == ("47",)
    assert themes["public sector: excluded in your answers"].exclude_ssic == ("84",)
    assert set(negative.exclude_ssic) == {"47", "84"}
