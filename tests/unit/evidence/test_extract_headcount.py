"""`headcount_hint`: employee counts as fixed bands, opening counts apart, and numbers
that are not about people ignored."""

from __future__ import annotations

import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.headcount import (
    HEADCOUNT_BANDS,
    extract_headcount_hints,
    headcount_band,
    parse_employee_count,
)


def _page(text: str = "", page_type: str = "about", **fields) -> PageContent:
    return PageContent(
        url=f"https://harbourline.sg/{page_type}",
        domain="harbourline.sg",
        page_type=page_type,
        main_text=text,
        **fields,
    )


def _values(page: PageContent) -> list[tuple[str, str, object, object]]:
    return [
        (i.value, i.details["kind"], i.details["min"], i.details["max"])
        for i in extract_headcount_hints(page)
    ]


@pytest.mark.parametrize(
    ("low", "high", "band"),
    [
        (1, None, "1-10"),
        (10, None, "1-10"),
        (11, None, "11-50"),
        (50, 100, "51-200"),
        (200, None, "51-200"),
        (201, None, "201-500"),
        (1200, None, "1001-5000"),
        (5001, None, "5001+"),
        (90_000, None, "5001+"),
    ],
)
def test_counts_fall_into_the_fixed_bands(low: int, high: int | None, band: str) -> None:
    assert headcount_band(low, high) == band
    assert band in {b for b, _, _ in HEADCOUNT_BANDS}


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (35, (35, 35)),
        ("50-100", (50, 100)),
        ("200+", (200, None)),
        ("1,200", (1200, 1200)),
        ({"@type": "QuantitativeValue", "value": 75}, (75, 75)),
        ({"@type": "QuantitativeValue", "minValue": 11, "maxValue": 50}, (11, 50)),
        ({"@type": "QuantitativeValue", "minValue": "501"}, (501, None)),
        ("about a dozen", None),
        (True, None),
        (0, None),
        (None, None),
    ],
)
def test_json_ld_employee_counts_parse_in_all_their_shapes(value, parsed) -> None:
    assert parse_employee_count(value) == parsed


def test_json_ld_number_of_employees_is_the_strongest_signal() -> None:
    page = _page(
        json_ld=(
            {
                "@type": "Organization",
                "name": "Harbourline Logistics",
                "numberOfEmployees": {
                    "@type": "QuantitativeValue",
                    "minValue": 51,
                    "maxValue": 200,
                },
            },
        )
    )
    [item] = extract_headcount_hints(page)
    assert (item.value, item.extractor, item.confidence) == ("51-200", "headcount.json_ld", 0.9)
    assert dict(item.details) == {
        "kind": "employees",
        "min": 51,
        "max": 200,
        "raw": '{"@type": "QuantitativeValue", "minValue": 51, "maxValue": 200}',
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are a team of 50+ engineers and operators.", ("11-50", "employees", 50, None)),
        ("A team of 50+ keeps your goods moving.", ("11-50", "employees", 50, None)),
        ("Over 200 employees across Asia.", ("201-500", "employees", 201, None)),
        ("Today 1,200 staff work from our Tuas hub.", ("1001-5000", "employees", 1200, 1200)),
        ("We have 50–100 people in Singapore.", ("51-200", "employees", 50, 100)),
        ("Our 40-strong team of CPAs.", ("11-50", "employees", 40, 40)),
        ("a workforce of about 350", ("201-500", "employees", 350, 350)),
        ("We're hiring for 6 roles in Singapore.", ("openings:6", "openings", 6, 6)),
    ],
)
def test_employee_and_opening_counts_in_text(text: str, expected: tuple) -> None:
    assert _values(_page(text)) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "200 customers in 50 countries since 2015.",
        "We have trained 10,000 people in food safety.",
        "Serving 3,000 people every day at 12 outlets.",
        "S$200 per employee per month.",
        "Founded in 1998. 24 hours, 7 days. 99.9% uptime.",
        "We listed 6 open roles in the industry report.",
    ],
)
def test_numbers_not_about_the_companys_people_are_ignored(text: str) -> None:
    assert extract_headcount_hints(_page(text)) == []


def test_a_case_studys_numbers_are_its_clients_not_the_sites() -> None:
    story = "Harbourline's Tuas warehouse: a kopi pantry for 200 staff, and a team of 40 drivers."
    assert _values(_page(story, page_type="customers")) == []
    assert _values(_page(story, page_type="about"))


@pytest.mark.parametrize(
    "text",
    [
        "The Grand Marina's kitchen of 300 staff drinks our house blend.",
        "From condominiums to MRT stations: contractors with crews of 500 staff rely on us.",
    ],
)
def test_another_organisations_people_are_not_the_sites(text: str) -> None:
    assert _values(_page(text, page_type="other")) == []


def test_a_countrys_possessive_does_not_hide_the_companys_own_count() -> None:
    text = "One of Singapore's leading hauliers, with 300 staff."
    assert _values(_page(text))[0][0] == "201-500"


def test_job_postings_on_a_careers_page_count_the_openings() -> None:
    page = _page(
        "Life at Harbourline.",
        page_type="careers",
        json_ld=(
            {"@type": "JobPosting", "title": "Warehouse Supervisor"},
            {"@type": "JobPosting", "title": "Senior Accountant"},
            {"@type": "JobPosting", "title": "Driver (Class 4)"},
        ),
    )
    [item] = extract_headcount_hints(page)
    assert (item.value, item.details["kind"], item.extractor) == (
        "openings:3",
        "openings",
        "headcount.json_ld",
    )


def test_job_title_headings_count_the_openings_when_there_is_no_json_ld() -> None:
    page = _page(
        "Join us.",
        page_type="careers",
        headings=("Careers", "Warehouse Supervisor", "Senior Accountant", "Why join us"),
    )
    assert _values(page) == [("openings:2", "openings", 2, 2)]


def test_employees_and_openings_are_separate_signals_on_one_page() -> None:
    page = _page("A team of 120 people. 4 open positions right now.", page_type="careers")
    assert _values(page) == [("51-200", "employees", 120, 120), ("openings:4", "openings", 4, 4)]


@pytest.mark.parametrize("text", ["", "\u200b", "一百名员工", "team of", "9" * 5000 + " staff"])
def test_empty_and_odd_pages_give_nothing(text: str) -> None:
    assert extract_headcount_hints(_page(text)) == []


def test_a_large_page_keeps_one_item_per_band() -> None:
    page = _page("Over 200 employees. " * 20_000)
    assert _values(page) == [("201-500", "employees", 201, None)]


def test_no_personal_name_email_or_phone_reaches_values_details_or_snippets() -> None:
    page = _page(
        "Meet Jane Tan, our Head of People: “We are a team of 80 people.” "
        "Write to jane.tan@harbourline.sg or call +65 6123 4567. We're hiring for 3 roles.",
        page_type="careers",
    )
    items = extract_headcount_hints(page)
    assert sorted(i.value for i in items) == ["51-200", "openings:3"]
    for item in items:
        for field in (item.value, item.snippet or "", repr(dict(item.details))):
            assert not any(s in field for s in ("Jane", "Tan", "@", "6123")), field
