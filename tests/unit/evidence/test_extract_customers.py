"""`customer_logo`: customers named in case-study headings, logo alts and "trusted by"
lists, normalized like the register's names; the site itself, generic alts and tools
skipped."""

from __future__ import annotations

import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.customers import (
    extract_customer_logos,
    name_from_alt,
    name_from_case_study_heading,
)


def _page(page_type: str = "customers", text: str = "", **fields) -> PageContent:
    return PageContent(
        url=f"https://ledgerly.sg/{page_type}",
        domain="ledgerly.sg",
        page_type=page_type,
        main_text=text,
        **fields,
    )


@pytest.mark.parametrize(
    ("alt", "name"),
    [
        ("Harbourline Logistics logo", "Harbourline Logistics"),
        ("Logo of Lim & Tan LLP", "Lim & Tan LLP"),
        ("Kopi Corner's logo", "Kopi Corner"),
        ("Meridian Precision - client logo", "Meridian Precision"),
        ("logo", None),
        ("customer-logo-03.png", None),
        ("", None),
    ],
)
def test_logo_alts_are_cut_to_the_company_name(alt: str, name: str | None) -> None:
    assert name_from_alt(alt) == name


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("How Kopi Corner cut month-end close by 5 days", "Kopi Corner"),
        ("Case study: Harbourline Logistics", "Harbourline Logistics"),
        ("Meridian Precision: from spreadsheets to real-time costing", "Meridian Precision"),
        ("Straits Law LLP case study", "Straits Law LLP"),
        ("How We Helped Tan & Sons grow", None),
        ("How it works", None),
        ("Our customers", None),
    ],
)
def test_case_study_headings_name_the_customer(heading: str, name: str | None) -> None:
    assert name_from_case_study_heading(heading) == name


def test_a_customers_page_gives_each_customer_once_with_the_register_key() -> None:
    page = _page(
        text=(
            "Trusted by Harbourline Logistics, Kopi Corner, Sunrise Bakery and 200+ other "
            "businesses.\nOur clients include Straits Law LLP & Meridian Precision."
        ),
        headings=("Our customers", "How Kopi Corner cut month-end close by 5 days"),
        image_alts=(
            "Harbourline Logistics logo",
            "Customer logo",
            "Xero logo",
            "Ledgerly logo",
            "Warehouse staff loading pallets",
            "Meridian Precision Engineering Pte. Ltd.",
        ),
    )
    items = {i.value: i for i in extract_customer_logos(page)}
    assert list(items) == [
        "kopi corner",
        "harbourline logistics",
        "meridian precision engineering",
        "sunrise bakery",
        "straits law",
        "meridian precision",
    ]
    assert items["kopi corner"].details == {"name": "Kopi Corner", "source": "case_study"}
    assert items["kopi corner"].extractor == "customers.case_study"
    assert items["kopi corner"].confidence == 0.85
    assert items["harbourline logistics"].extractor == "customers.logo_alt"
    assert items["sunrise bakery"].extractor == "customers.customer_list"
    assert items["meridian precision engineering"].details["name"] == (
        "Meridian Precision Engineering Pte. Ltd."
    )
    assert all(len(i.snippet) <= 280 for i in items.values())


def test_the_site_itself_and_json_ld_people_are_not_customers() -> None:
    page = _page(
        "home",
        "Trusted by Ledgerly Pte Ltd, Jane Tan and Kopi Corner.",
        json_ld=(
            {"@type": "Organization", "name": "Ledgerly Pte. Ltd."},
            {"@type": "Person", "name": "Jane Tan"},
        ),
    )
    assert [i.value for i in extract_customer_logos(page)] == ["kopi corner"]


def test_logo_alts_outside_customer_pages_need_a_logo_word_and_a_customer_cue() -> None:
    alts = ("Harbourline Logistics logo", "Kopi Corner storefront")
    without_cue = _page("home", "Accounting for cafés.", image_alts=alts)
    assert extract_customer_logos(without_cue) == []
    with_cue = _page("home", "Trusted by 500+ businesses.", image_alts=alts)
    [item] = extract_customer_logos(with_cue)
    assert (item.value, item.confidence) == ("harbourline logistics", 0.55)


@pytest.mark.parametrize(
    "text",
    [
        "Trusted by 500+ businesses across Singapore.",
        "Used by leading brands and many more.",
        "Our customers include cafés, clinics and law firms.",
        "Trusted by Xero, Stripe and Shopify partners.",
    ],
)
def test_lists_of_kinds_numbers_or_tools_name_no_customer(text: str) -> None:
    assert extract_customer_logos(_page("home", text)) == []


@pytest.mark.parametrize("text", ["", "\u200b", "深受客户信赖", "Trusted by", "Trusted by ,,, and"])
def test_empty_and_odd_pages_give_nothing(text: str) -> None:
    assert extract_customer_logos(_page(text=text)) == []


def test_a_large_page_keeps_one_item_per_customer() -> None:
    page = _page(text="Trusted by Kopi Corner and Sunrise Bakery. " * 10_000)
    assert [i.value for i in extract_customer_logos(page)] == ["kopi corner", "sunrise bakery"]


def test_no_personal_name_email_or_phone_reaches_values_details_or_snippets() -> None:
    page = _page(
        text=(
            "“Ledgerly paid for itself.” — Jane Tan, Head of Finance, Kopi Corner. "
            "Trusted by Kopi Corner and Sunrise Bakery. Contact jane@kopicorner.sg, +65 6123 4567."
        ),
        headings=("How Kopi Corner cut month-end close by 5 days",),
    )
    items = extract_customer_logos(page)
    assert [i.value for i in items] == ["kopi corner", "sunrise bakery"]
    for item in items:
        for field in (item.value, item.snippet or "", repr(dict(item.details))):
            assert not any(s in field for s in ("Jane", "Tan", "@", "6123")), field


def test_logos_on_integrations_pages_are_tools_not_customers() -> None:
    page = _page(
        "integrations",
        "Trusted by finance teams. Bank feeds from DBS and OCBC.",
        image_alts=("DBS Bank logo", "OCBC Bank logo"),
    )
    assert extract_customer_logos(page) == []


def test_a_logo_wall_of_countries_and_cities_names_no_customer() -> None:
    alts = ("Malaysia logo", "Singapore flag logo", "Jakarta logo", "Harbourline Logistics logo")
    page = _page("customers", "Our customers across the region.", image_alts=alts)
    assert [item.value for item in extract_customer_logos(page)] == ["harbourline logistics"]
