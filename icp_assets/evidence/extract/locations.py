"""`location`: the countries a company is in or serves, and its Singapore addresses.

Two kinds of value:

- a country, as its ISO 3166-1 alpha-2 code (``"SG"``, ``"MY"``), from JSON-LD
  ``addressCountry``, Singapore postal codes, country names and major cities in the text
  ("offices in Kuala Lumpur" → ``"MY"``, ``details["city"] = "Kuala Lumpur"``);
- a Singapore postal sector, ``"SG-postal-<2 digits>"`` (``"SG-postal-09"`` for
  098632), with ``details["postal_code"]`` and ``details["address"]``: the address line,
  names and contacts redacted. The sector, not the full code, is the value so addresses
  in the same district compare equal; the full code stays in the details.

A country named with a presence cue ("offices in", "serving customers across") weighs
more than one named in passing; contact and about pages more than a blog post.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import redact_contacts, redact_person_names
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem, is_beaten, keep_best
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.normalize import collapse_whitespace
from icp_assets.signals import Signal

# Country name or alias -> ISO 3166-1 alpha-2. Names are matched case-sensitively, as
# written in prose ("China", never "china").
COUNTRY_NAMES: dict[str, str] = {
    "Singapore": "SG",
    "Malaysia": "MY",
    "Indonesia": "ID",
    "Vietnam": "VN",
    "Viet Nam": "VN",
    "Thailand": "TH",
    "Philippines": "PH",
    "the Philippines": "PH",
    "Myanmar": "MM",
    "Cambodia": "KH",
    "Laos": "LA",
    "Lao PDR": "LA",
    "Brunei": "BN",
    "Hong Kong": "HK",
    "Macau": "MO",
    "China": "CN",
    "Mainland China": "CN",
    "Taiwan": "TW",
    "Japan": "JP",
    "South Korea": "KR",
    "Korea": "KR",
    "India": "IN",
    "Sri Lanka": "LK",
    "Bangladesh": "BD",
    "Pakistan": "PK",
    "Australia": "AU",
    "New Zealand": "NZ",
    "United States": "US",
    "United States of America": "US",
    "USA": "US",
    "U.S.": "US",
    "Canada": "CA",
    "Mexico": "MX",
    "Brazil": "BR",
    "United Kingdom": "GB",
    "UK": "GB",
    "England": "GB",
    "Ireland": "IE",
    "Germany": "DE",
    "France": "FR",
    "Netherlands": "NL",
    "the Netherlands": "NL",
    "Switzerland": "CH",
    "Spain": "ES",
    "Italy": "IT",
    "Sweden": "SE",
    "Denmark": "DK",
    "Norway": "NO",
    "Finland": "FI",
    "Poland": "PL",
    "United Arab Emirates": "AE",
    "UAE": "AE",
    "Saudi Arabia": "SA",
    "Qatar": "QA",
    "Israel": "IL",
    "South Africa": "ZA",
    "Nigeria": "NG",
    "Kenya": "KE",
    "Egypt": "EG",
}
# Major cities -> country. Cities that share their name with other places ("Perth") are
# kept only where the regional reading is by far the common one on these sites.
CITY_COUNTRIES: dict[str, str] = {
    "Kuala Lumpur": "MY",
    "KL": "MY",
    "Penang": "MY",
    "Johor Bahru": "MY",
    "Petaling Jaya": "MY",
    "Kota Kinabalu": "MY",
    "Kuching": "MY",
    "Jakarta": "ID",
    "Surabaya": "ID",
    "Bandung": "ID",
    "Batam": "ID",
    "Bali": "ID",
    "Medan": "ID",
    "Ho Chi Minh City": "VN",
    "Saigon": "VN",
    "Hanoi": "VN",
    "Da Nang": "VN",
    "Bangkok": "TH",
    "Chiang Mai": "TH",
    "Phuket": "TH",
    "Manila": "PH",
    "Metro Manila": "PH",
    "Makati": "PH",
    "Cebu": "PH",
    "Yangon": "MM",
    "Phnom Penh": "KH",
    "Vientiane": "LA",
    "Bandar Seri Begawan": "BN",
    "Shanghai": "CN",
    "Beijing": "CN",
    "Shenzhen": "CN",
    "Guangzhou": "CN",
    "Taipei": "TW",
    "Tokyo": "JP",
    "Osaka": "JP",
    "Seoul": "KR",
    "Mumbai": "IN",
    "Bangalore": "IN",
    "Bengaluru": "IN",
    "New Delhi": "IN",
    "Delhi": "IN",
    "Chennai": "IN",
    "Hyderabad": "IN",
    "Pune": "IN",
    "Sydney": "AU",
    "Melbourne": "AU",
    "Brisbane": "AU",
    "Perth": "AU",
    "Auckland": "NZ",
    "London": "GB",
    "Dublin": "IE",
    "Berlin": "DE",
    "Munich": "DE",
    "Paris": "FR",
    "Amsterdam": "NL",
    "Zurich": "CH",
    "New York": "US",
    "San Francisco": "US",
    "Silicon Valley": "US",
    "Toronto": "CA",
    "Vancouver": "CA",
    "Dubai": "AE",
    "Abu Dhabi": "AE",
}
ISO_CODES = frozenset(COUNTRY_NAMES.values())
_COUNTRY_OF_NAME = {**COUNTRY_NAMES, **CITY_COUNTRIES}
# Lower-case lookup for JSON-LD values ("singapore", "SG", "Singapore").
_COUNTRY_LOOKUP = {name.lower(): code for name, code in COUNTRY_NAMES.items()} | {
    code.lower(): code for code in ISO_CODES
}
_PLACE_RE = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(name) for name in sorted(_COUNTRY_OF_NAME, key=len, reverse=True))
    + r")(?![\w])"
)
_PRESENCE_CUE_RE = re.compile(
    r"\b(?:offices?|headquarter(?:s|ed)?|HQ|based|located|presence|operations?|operate|"
    r"branch(?:es)?|serv(?:e|es|ing|ed)|customers|clients|across|throughout|facilit(?:y|ies)|"
    r"warehouses?|outlets?|stores?|plants?|factor(?:y|ies)|subsidiar(?:y|ies)|registered|"
    r"incorporated|address|ships? to|deliver(?:s|y)? to|markets?)\b",
    re.IGNORECASE,
)
# "Singapore 098632", "S(098632)", "S 098632", "Singapore, 098632", "SG 098632".
_SG_POSTAL_RE = re.compile(
    r"(?:\bSingapore,?[ \t]*|\bS[ \t]?\([ \t]?|\bS[ \t]?|\bSG[ \t]?)(?P<code>\d{6})\b\)?"
)
# Singapore's postal sectors run 01–82; 74 is not assigned.
_VALID_SECTORS = frozenset(f"{n:02d}" for n in range(1, 83)) - {"74"}
_ATTENTION_RE = re.compile(r"^(?:attn|attention|c/o|care of)\b[^,]*,\s*", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?]\s|\n")
_MAX_SENTENCE_CHARS = 300

CONFIDENCE = {
    "json_ld": 0.9,
    "postal_code": 0.85,
    "presence": 0.7,
    "contact_page": 0.6,
    "passing": 0.35,
}


def sg_postal_sector(postal_code: str) -> str | None:
    """The 2-digit postal sector of a Singapore postal code, or None when invalid."""
    if not re.fullmatch(r"\d{6}", postal_code):
        return None
    sector = postal_code[:2]
    return sector if sector in _VALID_SECTORS else None


def country_code(value: Any) -> str | None:
    """ISO code of a JSON-LD ``addressCountry`` (a code, a name or a Country node)."""
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("identifier")
    if not isinstance(value, str):
        return None
    return _COUNTRY_LOOKUP.get(collapse_whitespace(value).lower().removeprefix("the "))


def _country_item(
    page: PageContent, code: str, *, snippet: str, confidence: float, method: str, **details: Any
) -> EvidenceItem:
    return EvidenceItem(
        signal_key=Signal.LOCATION,
        value=code,
        url=page.url,
        snippet=snippet,
        confidence=confidence,
        extractor=f"locations.{method}",
        details={"kind": "country", **details},
    )


def _postal_item(
    page: PageContent, postal_code: str, address: str, *, snippet: str, method: str
) -> EvidenceItem | None:
    sector = sg_postal_sector(postal_code)
    if sector is None:
        return None
    return EvidenceItem(
        signal_key=Signal.LOCATION,
        value=f"SG-postal-{sector}",
        url=page.url,
        snippet=snippet,
        confidence=CONFIDENCE["postal_code"],
        extractor=f"locations.{method}",
        details={
            "kind": "sg_postal_sector",
            "postal_code": postal_code,
            "sector": sector,
            "address": address,
        },
    )


def _clean_address(text: str) -> str:
    address = collapse_whitespace(redact_person_names(redact_contacts(text)))
    return _ATTENTION_RE.sub("", address)[:200]


def _postal_addresses(json_ld: tuple[Mapping[str, Any], ...]) -> Iterator[Mapping[str, Any]]:
    stack: list[Any] = list(json_ld)
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            kind = node.get("@type")
            if kind == "PostalAddress" or (isinstance(kind, list) and "PostalAddress" in kind):
                yield node
            stack.extend(v for v in node.values() if isinstance(v, list | Mapping))


def _json_ld_items(page: PageContent) -> Iterator[EvidenceItem]:
    for address in _postal_addresses(page.json_ld):
        code = country_code(address.get("addressCountry"))
        parts = [
            address.get(key)
            for key in ("streetAddress", "addressLocality", "addressRegion", "postalCode")
        ]
        line = _clean_address(", ".join(p for p in parts if isinstance(p, str) and p.strip()))
        postal = address.get("postalCode")
        postal = str(postal).strip() if isinstance(postal, str | int) else ""
        if code is None and postal and sg_postal_sector(postal) and "singapore" in line.lower():
            code = "SG"
        if code is not None:
            yield _country_item(
                page,
                code,
                snippet=f"JSON-LD PostalAddress: {line or code}"[:SNIPPET_MAX_CHARS],
                confidence=CONFIDENCE["json_ld"],
                method="json_ld",
                raw=str(address.get("addressCountry"))[:100],
            )
        if code == "SG" and postal:
            item = _postal_item(
                page,
                postal,
                line,
                snippet=f"JSON-LD PostalAddress: {line}"[:SNIPPET_MAX_CHARS],
                method="json_ld",
            )
            if item is not None:
                yield item


def _sentence(text: str, start: int, end: int) -> str:
    window_start = max(start - _MAX_SENTENCE_CHARS // 2, 0)
    before = text[window_start:start]
    ends = list(_SENTENCE_END_RE.finditer(before))
    sentence_start = window_start + ends[-1].end() if ends else window_start
    after = text[end : end + _MAX_SENTENCE_CHARS // 2]
    stop = _SENTENCE_END_RE.search(after)
    return text[sentence_start : end + (stop.start() if stop else len(after))]


def _address_line(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    # An address is usually one line; keep at most 120 characters before the code.
    line_start = max(line_start, start - 120)
    return _clean_address(text[line_start:end])


def _text_items(page: PageContent, best: Mapping[str, EvidenceItem]) -> Iterator[EvidenceItem]:
    text = page.main_text
    for match in _SG_POSTAL_RE.finditer(text):
        postal = match["code"]
        if sg_postal_sector(postal) is None:
            continue
        snippet = snippet_around(text, match.start(), match.end())
        yield _country_item(
            page,
            "SG",
            snippet=snippet,
            confidence=CONFIDENCE["postal_code"],
            method="postal_code",
            raw=match.group(0),
        )
        item = _postal_item(
            page,
            postal,
            _address_line(text, match.start(), match.end()),
            snippet=snippet,
            method="postal_code",
        )
        if item is not None:
            yield item
    for match in _PLACE_RE.finditer(text):
        place = match.group(1)
        code = _COUNTRY_OF_NAME[place]
        if place == "KL" and not _PRESENCE_CUE_RE.search(_sentence(text, *match.span())):
            continue
        if _PRESENCE_CUE_RE.search(_sentence(text, match.start(), match.end())):
            confidence = CONFIDENCE["presence"]
        elif page.page_type in ("contact", "about"):
            confidence = CONFIDENCE["contact_page"]
        else:
            confidence = CONFIDENCE["passing"]
        if is_beaten(best, code, confidence):
            continue
        details: dict[str, Any] = {"raw": place}
        if place in CITY_COUNTRIES:
            details["city"] = place
        yield _country_item(
            page,
            code,
            snippet=snippet_around(text, match.start(), match.end()),
            confidence=confidence,
            method="text",
            **details,
        )


def extract_locations(page: PageContent) -> list[EvidenceItem]:
    """`location` items of one page, one per value (the most confident)."""
    best: dict[str, EvidenceItem] = {}
    for item in itertools.chain(_json_ld_items(page), _text_items(page, best)):
        keep_best(best, item)
    return list(best.values())
