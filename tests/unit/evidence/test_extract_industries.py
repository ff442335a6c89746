"""`industry_label` (industries served, from a curated vocabulary) and `ssic_hint` (the
company's own activity as SSIC 2020 codes, read from what it says of itself)."""

from __future__ import annotations

import time

import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract import extract_domain_evidence
from icp_assets.evidence.extract.industries import (
    INDUSTRY_LABELS,
    LABELS_BY_NAME,
    extract_industry_labels,
    extract_ssic_hints,
)
from icp_assets.evidence.extract.integrations import load_integration_catalogue
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS
from icp_assets.reference.ssic import read_ssic_codes


def _page(page_type: str, text: str = "", **fields) -> PageContent:
    return PageContent(
        url=f"https://harbourline.sg/{page_type}",
        domain="harbourline.sg",
        page_type=page_type,
        main_text=text,
        **fields,
    )


def _labels(page: PageContent) -> list[str]:
    return [item.value for item in extract_industry_labels(page)]


# ----------------------------------------------------------------------------------------
# industry_label
# ----------------------------------------------------------------------------------------


def test_the_vocabulary_has_about_forty_labels_with_real_ssic_prefixes() -> None:
    codes = {code.code for code in read_ssic_codes()}
    assert 35 <= len(INDUSTRY_LABELS) <= 50
    for label in INDUSTRY_LABELS:
        assert label.label == label.label.lower()
        assert label.synonyms and label.ssic_prefixes
        assert set(label.ssic_prefixes) <= codes, label.label


@pytest.mark.parametrize(
    ("page_type", "text", "labels"),
    [
        (
            "home",
            "We serve logistics, retail and food & beverage businesses.",
            ["logistics", "retail", "food & beverage"],
        ),
        ("home", "Industries: Manufacturing · Healthcare", ["manufacturing", "healthcare"]),
        ("other", "Cloud accounting built for F&B operators.", ["food & beverage"]),
        ("other", "Solutions for logistics companies and 3PLs.", ["logistics"]),
        ("home", "Trusted by restaurants, cafés and hawker stalls.", ["food & beverage"]),
        (
            "home",
            "We help law firms and accounting firms bill faster.",
            ["legal services", "accounting"],
        ),
        ("industries", "Precision engineering\nWe know tolerances.", ["precision engineering"]),
    ],
)
def test_industries_the_company_serves_become_vocabulary_labels(
    page_type: str, text: str, labels: list[str]
) -> None:
    assert _labels(_page(page_type, text)) == labels


@pytest.mark.parametrize(
    "text",
    [
        "We run cafés and coffee shops in Tiong Bahru.",
        "Harbourline provides warehousing and road freight transport.",
        "We serve artisanal sourdough and kombucha enthusiasts.",
        "Our software handles intellectual property portfolios.",
        "",
        "餐饮和物流行业",
    ],
)
def test_own_activity_unknown_phrases_and_non_english_give_no_label(text: str) -> None:
    assert _labels(_page("home", text)) == []


def test_industries_page_headings_are_the_strongest_label_evidence() -> None:
    page = _page(
        "industries",
        "Retail\nPOS-linked stock counts.",
        headings=("Industries we serve", "Food & beverage", "Retail"),
    )
    items = {item.value: item for item in extract_industry_labels(page)}
    assert list(items) == ["food & beverage", "retail"]
    assert items["retail"].confidence == 0.85
    assert items["retail"].extractor == "industries.heading"
    assert items["food & beverage"].details["ssic_prefixes"] == ["56"]
    assert items["food & beverage"].details["matched"] == "Food & beverage"


def test_label_items_carry_the_ssic_prefixes_used_for_sizing() -> None:
    [item] = extract_industry_labels(_page("home", "We serve 3PL and freight forwarding firms."))
    assert item.value == "logistics"
    assert item.details["ssic_prefixes"] == list(LABELS_BY_NAME["logistics"].ssic_prefixes)
    assert item.url == "https://harbourline.sg/home"
    assert "3PL" in item.snippet and len(item.snippet) <= SNIPPET_MAX_CHARS


# ----------------------------------------------------------------------------------------
# ssic_hint
# ----------------------------------------------------------------------------------------


def test_a_home_page_gives_ssic_hints_with_title_and_the_words_read() -> None:
    page = _page(
        "home",
        "Harbourline Logistics\n"
        "Harbourline provides general warehousing and road freight transport across Singapore.\n"
        "We serve retail, e-commerce and F&B brands.",
        meta={"description": "Harbourline: cold storage and general warehousing in Singapore."},
    )
    items = {item.value: item for item in extract_ssic_hints(page, ["Harbourline Logistics"])}
    assert {"52101", "49231"} <= set(items)
    road = items["49231"]
    assert road.details["title"] == "Freight transport by road"
    assert road.extractor == "industries.ssic_home"
    assert "road freight transport" in road.snippet
    # What follows "we serve" is the customers' industry, not the company's.
    assert not {code for code in items if code.startswith(("47", "56"))}


def test_serving_sentences_and_other_page_types_give_no_ssic_hint() -> None:
    assert extract_ssic_hints(_page("home", "We serve restaurants and cafés.")) == []
    pricing = _page("pricing", "General warehousing from S$12 per pallet per week.")
    assert extract_ssic_hints(pricing) == []


def test_json_ld_organization_descriptions_count_on_any_page() -> None:
    page = _page(
        "contact",
        json_ld=(
            {"@type": "Organization", "description": "Kopi Corner runs cafés in Singapore."},
            {"@type": "Article", "description": "General warehousing trends in 2025"},
        ),
    )
    [item] = extract_ssic_hints(page)
    assert (item.value, item.extractor) == ("56112", "industries.ssic_json_ld")


def test_a_company_named_after_a_flower_is_not_read_as_a_florist() -> None:
    page = _page(
        "about",
        "Orchid Retail Group runs department stores and lifestyle boutiques.",
        json_ld=({"@type": "Organization", "name": "Orchid Retail Group"},),
    )
    codes = {item.value for item in extract_ssic_hints(page)}
    assert codes and all(code.startswith("47") for code in codes)
    assert not any(code.startswith(("0119", "4776", "4652")) for code in codes)


def test_a_company_keeps_at_most_three_activity_codes_over_its_pages() -> None:
    pages = [
        _page("about", "We provide general warehousing, road freight transport and air freight."),
        _page("home", "Cafés, a bakery and a catering arm; we also publish cookbooks."),
    ]
    items = extract_domain_evidence(pages, load_integration_catalogue())
    hints = {item.value for item in items if item.signal_key == "ssic_hint"}
    assert 1 <= len(hints) <= 3


def test_reading_a_long_page_takes_a_few_milliseconds() -> None:
    page = _page(
        "about",
        (
            "Meridian Precision is a precision engineering company. We manufacture metal "
            "precision components and provide CNC machining, heat treatment and "
            "electroplating for semiconductor and aerospace customers. Founded in 1998, we "
            "run a 5,000 square metre plant in Tuas with 120 staff. "
        )
        * 10,
    )
    extract_ssic_hints(page)
    started = time.perf_counter()
    items = extract_ssic_hints(page)
    elapsed = time.perf_counter() - started
    assert "25997" in {item.value for item in items}
    assert elapsed < 0.5


@pytest.mark.parametrize("text", ["", "\u200b\u00a0", "精密工程公司", "é" * 50_000])
def test_empty_and_odd_pages_give_no_hints(text: str) -> None:
    assert extract_ssic_hints(_page("about", text)) == []
    assert extract_industry_labels(_page("industries", text)) == []


def test_no_personal_name_email_or_phone_reaches_values_details_or_snippets() -> None:
    text = (
        "Harbourline provides general warehousing. Meet Jane Tan, Head of Operations. "
        "We serve retail and F&B businesses. Write to jane.tan@harbourline.sg or call "
        "+65 6123 4567."
    )
    items = [
        *extract_industry_labels(_page("home", text)),
        *extract_ssic_hints(_page("home", text)),
    ]
    assert {i.value for i in items} == {"retail", "food & beverage", "52101"}
    for item in items:
        for field in (item.value, item.snippet or "", repr(dict(item.details))):
            assert not any(s in field for s in ("Jane", "Tan", "@", "6123")), field
