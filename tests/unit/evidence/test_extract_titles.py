"""`buyer_title`: titles normalized to function and level, from careers pages,
testimonials and case studies, never with the holder's name."""

from __future__ import annotations

import re

import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS
from icp_assets.evidence.extract.titles import classify_title, extract_buyer_titles

PERSONAL = re.compile(r"Jane|Tan\b|Ahmad|Ismail|Lim Wei|Priya|@|\+65|6123")


def _page(page_type: str, text: str = "", **fields) -> PageContent:
    return PageContent(
        url=f"https://ledgerly.sg/{page_type}",
        domain="ledgerly.sg",
        page_type=page_type,
        main_text=text,
        **fields,
    )


def _assert_no_personal_data(items) -> None:
    for item in items:
        for text in (item.value, item.snippet or "", repr(dict(item.details))):
            assert not PERSONAL.search(text), text
        assert item.snippet is None or len(item.snippet) <= SNIPPET_MAX_CHARS


@pytest.mark.parametrize(
    ("title", "value", "c_level"),
    [
        ("VP Sales", "sales leadership", False),
        ("Head of Sales", "sales leadership", False),
        ("Sales Director", "sales leadership", False),
        ("Chief Revenue Officer", "sales leadership", True),
        ("Finance Manager", "finance manager", False),
        ("Chief Financial Officer", "finance leadership", True),
        ("CFO", "finance leadership", True),
        ("Financial Controller", "finance manager", False),
        ("Senior Accountant", "finance individual", False),
        ("CEO", "general management executive", True),
        ("Co-founder", "general management executive", False),
        ("Managing Director", "general management executive", False),
        ("General Manager", "general management leadership", False),
        ("Head of Supply Chain", "supply chain leadership", False),
        ("Warehouse Supervisor", "supply chain manager", False),
        ("Operations Manager", "operations manager", False),
        ("Outlet Manager", "operations manager", False),
        ("Director of Marketing", "marketing leadership", False),
        ("HR Executive", "people individual", False),
        ("Head of People", "people leadership", False),
        ("Software Engineer", "technology individual", False),
        ("CTO", "technology leadership", True),
        ("Customer Success Manager", "customer success manager", False),
        ("Procurement Executive", "procurement individual", False),
        ("Legal Counsel", "legal individual", False),
        ("General Counsel", "legal leadership", False),
        ("Head of Product", "product leadership", False),
    ],
)
def test_titles_normalize_to_function_and_level(title: str, value: str, c_level: bool) -> None:
    found = classify_title(title)
    assert found is not None
    assert (found.value, found.c_level) == (value, c_level)


@pytest.mark.parametrize("title", ["Associate", "Barista", "Executive", "Our Story", ""])
def test_titles_without_a_known_function_are_not_classified(title: str) -> None:
    assert classify_title(title) is None


def test_a_testimonial_attribution_gives_the_buyer_title_without_the_name() -> None:
    page = _page(
        "home",
        "Trusted by finance teams.\n"
        "“Month-end close went from 8 days to 3.”\n"
        "— Jane Tan, Head of Finance, Harbourline Logistics\n"
        "“We finally see margins per outlet.” Ahmad bin Ismail\n"
        "Operations Manager, Kopi Corner\n"
        "Meet our Head of Sales at the expo. Write to jane.tan@ledgerly.sg or +65 6123 4567.",
    )
    items = extract_buyer_titles(page)
    assert [(i.value, i.details["title"], i.details["source"]) for i in items] == [
        ("finance leadership", "Head of Finance", "testimonial"),
        ("operations manager", "Operations Manager", "testimonial"),
    ]
    assert {i.extractor for i in items} == {"titles.testimonial"}
    assert all(i.confidence == 0.75 and i.url == page.url for i in items)
    assert "[name], Head of Finance" in items[0].snippet
    # The company each person is at: on a seller's site, its customer.
    assert [i.details["at"] for i in items] == ["Harbourline Logistics", "Kopi Corner"]
    _assert_no_personal_data(items)


def test_case_study_titles_are_buyers_with_higher_confidence() -> None:
    page = _page(
        "customers",
        "How Kopi Corner cut month-end close by 5 days\n"
        "“Ledgerly gave us our evenings back,” says Jane Tan, Finance Director at Kopi Corner.",
    )
    [item] = extract_buyer_titles(page)
    assert (item.value, item.details["source"], item.extractor) == (
        "finance leadership",
        "case_study",
        "titles.case_study",
    )
    assert item.confidence > 0.75
    assert item.details["at"] == "Kopi Corner"
    _assert_no_personal_data([item])


def test_careers_pages_give_hired_roles_at_low_confidence() -> None:
    page = _page(
        "careers",
        "Join Harbourline\nWe're hiring for 3 roles.\n"
        "Senior Accountant\nFull-time · Singapore\n"
        "Warehouse Supervisor\nShift work · Tuas\n",
        json_ld=(
            {"@type": "JobPosting", "title": "Senior Accountant (Full-time) - Singapore"},
            {"@type": "JobPosting", "title": "Head of Sales, SEA"},
        ),
        headings=("Careers", "Open roles", "Customer Success Manager"),
    )
    items = {i.value: i for i in extract_buyer_titles(page)}
    assert set(items) == {
        "finance individual",
        "sales leadership",
        "supply chain manager",
        "customer success manager",
    }
    assert all(i.details["source"] == "careers" for i in items.values())
    assert items["sales leadership"].extractor == "titles.json_ld"
    assert items["sales leadership"].confidence == 0.45
    assert items["supply chain manager"].confidence == 0.4
    assert all(i.confidence < 0.5 for i in items.values())


def test_titles_in_running_prose_are_not_attributed() -> None:
    page = _page(
        "other",
        "Every Finance Manager knows the pain of month-end. Ask your Head of Sales too.",
    )
    assert extract_buyer_titles(page) == []


def test_about_pages_are_the_company_itself_and_give_no_buyer_titles() -> None:
    page = _page("about", "Our team\nJane Tan\nChief Executive Officer\n")
    assert extract_buyer_titles(page) == []


def test_one_item_per_value_is_kept_per_page() -> None:
    text = "\n".join(f"“Great.” — Jane Tan, Head of Finance, Client {n}" for n in range(50))
    items = extract_buyer_titles(_page("home", text))
    assert [i.value for i in items] == ["finance leadership"]


@pytest.mark.parametrize(
    "text", ["", "\u200b\u00a0", "财务总监 — 陈伟明", "Ü" * 10_000, "— , ,\n\n(|)"]
)
def test_empty_and_odd_pages_give_nothing_and_do_not_fail(text: str) -> None:
    assert extract_buyer_titles(_page("home", text)) == []


def test_a_large_page_is_handled_in_linear_time() -> None:
    text = "“Great.” — Jane Tan, Head of Finance, Harbourline Logistics. Lorem ipsum.\n" * 5_000
    items = extract_buyer_titles(_page("home", text))
    assert [i.value for i in items] == ["finance leadership"]
    _assert_no_personal_data(items)


def test_snippets_stay_within_the_limit_when_short_names_become_placeholders() -> None:
    # "[name]" is longer than "Bo Li": redaction after cutting must not overflow the limit.
    text = "“Great.” — Bo Li, CFO, Acme. Dr Li, CTO. " * 40
    [finance, technology] = extract_buyer_titles(_page("home", text))
    assert (finance.value, technology.value) == ("finance leadership", "technology leadership")
    assert "Bo Li" not in finance.snippet and len(finance.snippet) <= SNIPPET_MAX_CHARS
