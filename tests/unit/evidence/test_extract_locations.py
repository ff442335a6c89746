"""`location`: countries as ISO codes (from names, cities, JSON-LD and postal codes) and
Singapore postal sectors with the address line, never a person's name."""

from __future__ import annotations

import re

import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.locations import country_code, extract_locations, sg_postal_sector
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS

PERSONAL = re.compile(r"Jane|Tan\b|@|6123|\+65")


def _page(text: str = "", page_type: str = "contact", **fields) -> PageContent:
    return PageContent(
        url=f"https://harbourline.sg/{page_type}",
        domain="harbourline.sg",
        page_type=page_type,
        main_text=text,
        **fields,
    )


def _by_value(page: PageContent) -> dict:
    return {item.value: item for item in extract_locations(page)}


def test_countries_and_cities_named_with_a_presence_cue_map_to_iso_codes() -> None:
    items = _by_value(
        _page(
            "We have offices in Singapore and Kuala Lumpur, serving customers across "
            "Indonesia and Ho Chi Minh City.",
            page_type="about",
        )
    )
    assert list(items) == ["SG", "MY", "ID", "VN"]
    assert all(i.confidence == 0.7 and i.extractor == "locations.text" for i in items.values())
    assert items["MY"].details["city"] == "Kuala Lumpur"
    assert items["VN"].details["city"] == "Ho Chi Minh City"
    assert "city" not in items["ID"].details


def test_a_country_named_in_passing_counts_less_than_one_named_with_a_cue() -> None:
    passing = _by_value(_page("Our founder spoke at a conference in Japan.", page_type="other"))
    assert passing["JP"].confidence == 0.35
    cued = _by_value(_page("Our warehouses in Japan.", page_type="other"))
    assert cued["JP"].confidence > passing["JP"].confidence


@pytest.mark.parametrize(
    ("text", "postal_code", "sector"),
    [
        ("10 Anson Road #12-01 International Plaza Singapore 079903", "079903", "07"),
        ("Blk 123 Ang Mo Kio Ave 3 S(560123)", "560123", "56"),
        ("8 Pandan Loop, Singapore 128233", "128233", "12"),
        ("2 Tuas South Ave 2 S 637601", "637601", "63"),
    ],
)
def test_singapore_postal_codes_give_the_country_and_the_postal_sector(
    text: str, postal_code: str, sector: str
) -> None:
    items = _by_value(_page(text))
    assert items["SG"].confidence == 0.85
    postal = items[f"SG-postal-{sector}"]
    assert postal.details["postal_code"] == postal_code
    assert postal.details["sector"] == sector
    assert postal.details["address"].endswith(postal_code + (")" if "(" in text else ""))


def test_the_address_line_drops_the_name_of_the_person_it_is_addressed_to() -> None:
    text = "Attn: Jane Tan, 10 Anson Road #12-01 Singapore 079903. Call +65 6123 4567."
    items = extract_locations(_page(text))
    postal = next(i for i in items if i.value == "SG-postal-07")
    assert postal.details["address"] == "10 Anson Road #12-01 Singapore 079903"
    for item in items:
        for field in (item.value, item.snippet or "", repr(dict(item.details))):
            assert not PERSONAL.search(field), field
        assert len(item.snippet or "") <= SNIPPET_MAX_CHARS


@pytest.mark.parametrize("code", ["740123", "990000", "000123", "12345"])
def test_invalid_singapore_postal_sectors_are_rejected(code: str) -> None:
    assert sg_postal_sector(code) is None
    assert not any(
        i.value.startswith("SG-postal") for i in extract_locations(_page(f"Singapore {code}"))
    )


def test_json_ld_postal_address_gives_country_and_sector() -> None:
    page = _page(
        json_ld=(
            {
                "@type": "Organization",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "8 Pandan Loop",
                    "postalCode": "128233",
                    "addressCountry": "SG",
                },
            },
            {
                "@type": "LocalBusiness",
                "address": [
                    {
                        "@type": "PostalAddress",
                        "addressCountry": {"@type": "Country", "name": "Malaysia"},
                    }
                ],
            },
        )
    )
    items = _by_value(page)
    assert list(items) == ["SG", "SG-postal-12", "MY"]
    assert items["SG"].extractor == "locations.json_ld"
    assert items["SG"].confidence == 0.9
    assert items["SG-postal-12"].details["address"] == "8 Pandan Loop, 128233"


@pytest.mark.parametrize(
    ("value", "code"),
    [("SG", "SG"), ("sg", "SG"), ("Singapore", "SG"), ("the Philippines", "PH"), ("Mars", None)],
)
def test_json_ld_country_values_map_to_iso_codes(value: str, code: str | None) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\u200b\u00a0",
        "china plates and indiana jones",
        "Indiana and Jordan are not on our list.",
        "新加坡 079903",
        "Order no. S1234567 shipped.",
    ],
)
def test_pages_without_places_give_nothing(text: str) -> None:
    assert extract_locations(_page(text, page_type="other")) == []


def test_a_large_page_keeps_one_item_per_value() -> None:
    page = _page("Offices in Singapore 079903 and Jakarta. " * 10_000)
    assert sorted(i.value for i in extract_locations(page)) == ["ID", "SG", "SG-postal-07"]
