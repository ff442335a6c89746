"""`headcount_hint`: how many people a company employs, and how many it is hiring.

Employee counts become one of :data:`HEADCOUNT_BANDS` (``details["kind"] =
"employees"``); opening counts become ``"openings:<n>"`` (``details["kind"] =
"openings"``), a separate signal. A range is placed in the band of its midpoint; an
open-ended count ("50+", "over 200") in the band of its lower bound. ``details`` keeps
``min``, ``max`` (None when open) and the ``raw`` text.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem, is_beaten, keep_best
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.evidence.extract.titles import classify_title
from icp_assets.signals import Signal

HEADCOUNT_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1-10", 1, 10),
    ("11-50", 11, 50),
    ("51-200", 51, 200),
    ("201-500", 201, 500),
    ("501-1000", 501, 1000),
    ("1001-5000", 1001, 5000),
    ("5001+", 5001, None),
)
MAX_PLAUSIBLE_HEADCOUNT = 3_000_000
MAX_PLAUSIBLE_OPENINGS = 5_000

# At most 7 digits: longer runs are ids or noise, and never reach int().
_NUMBER = r"(?<![\d,])(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,7})(?![\d,]\d)"
_RANGE_SEPARATOR = r"\s*(?:-|–|—|to)\s*"
_AT_LEAST = r"over|more than|at least|upwards of"
_APPROX = r"about|around|approximately|approx\.?|nearly|almost|some|~|close to"
_PEOPLE_NOUN = (
    r"employees|staff(?: members)?|team members|people|professionals|engineers|colleagues|"
    r"headcount|workers|specialists|consultants|lawyers|accountants|crew|staffers|"
    r"full-time employees|FTEs?"
)
# "a team of 50+", "over 200 employees", "1,200 staff", "50–100 people", "a 40-strong team".
_EMPLOYEES_RE = re.compile(
    rf"(?P<cue>\bteam of\s+|\b(?:{_AT_LEAST})\s+|\b(?:{_APPROX})\s*)?"
    rf"(?<![\d,.$€£])(?P<low>{_NUMBER})(?:{_RANGE_SEPARATOR}(?P<high>{_NUMBER}))?(?P<plus>\s*\+)?"
    rf"(?:"
    rf"\s+(?:(?:dedicated|talented|full[- ]time|passionate|skilled|experienced|in-house|local|"
    rf"strong|global|happy)\s+){{0,2}}(?P<noun>{_PEOPLE_NOUN})\b"
    rf"|[- ](?P<strong>strong)\s+(?:team|workforce)"
    rf")",
    re.IGNORECASE,
)
_TEAM_OF_RE = re.compile(
    rf"\bteam of\s+(?P<cue>(?:{_AT_LEAST}|{_APPROX})\s+)?(?P<low>{_NUMBER})(?P<plus>\s*\+)?"
    rf"(?!\s*(?:{_NUMBER}|years?|countries|cities|offices|outlets|locations)\b)",
    re.IGNORECASE,
)
_WORKFORCE_RE = re.compile(
    rf"\b(?:headcount|workforce|employees|staff strength)\s*(?:of|:|is|stands at)\s*"
    rf"(?P<cue>(?:{_AT_LEAST}|{_APPROX})\s+)?(?P<low>{_NUMBER})(?P<plus>\s*\+)?",
    re.IGNORECASE,
)
_OPENINGS_RE = re.compile(
    rf"(?:\bhiring\s+(?:for\s+)?|\b)(?P<count>{_NUMBER})\s+"
    r"(?:open\s+|new\s+|current\s+|available\s+)?"
    r"(?:roles|positions|job openings|openings|vacancies|jobs|opportunities)\b"
    r"(?!\s+(?:in|at)\s+(?:the\s+)?(?:industry|market))",
    re.IGNORECASE,
)
# People-nouns that are as often someone else's people ("we have trained 5,000 people"):
# counted only after a cue that the people are the company's own.
_WEAK_NOUNS = frozenset({"people", "professionals", "specialists", "consultants"})
_OWN_PEOPLE_CUE_RE = re.compile(
    r"\b(?:team|we are|we're|we have|we employ|employ\w*|headcount|workforce|company of|"
    r"strong|family of)\b",
    re.IGNORECASE,
)
_OTHER_PEOPLE_CUE_RE = re.compile(
    r"\b(?:customers?|users?|clients?|served|serve|helped|help|trained|reach\w*|visitors|"
    r"attendees|students|patients|members|subscribers|use|trust|rely)\b",
    re.IGNORECASE,
)

# Another organisation named as the owner of the people: "Harbourline's", "contractors
# with crews of".
_OTHER_OWNER_RE = re.compile(
    r"\b(?!(?:Singapore|Asia|Malaysia|Indonesia|Vietnam|Thailand)['\u2019])"
    r"[A-Z][\w&.-]*['\u2019]s\b(?!\s+(?:team|own)\b)|\b(?:contractors?|crews?|tenants?)\b",
)


def headcount_band(low: int, high: int | None = None) -> str:
    """The band of a count or of a range's midpoint."""
    point = low if high is None else (low + high) // 2
    for band, band_low, band_high in HEADCOUNT_BANDS:
        if point >= band_low and (band_high is None or point <= band_high):
            return band
    return HEADCOUNT_BANDS[0][0]


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def parse_employee_count(value: Any) -> tuple[int, int | None] | None:
    """(min, max) of a schema.org ``numberOfEmployees``: a number, a string ("50-100",
    "200+", "1,200") or a QuantitativeValue with value / minValue / maxValue."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        count = int(value)
        return (count, count) if 0 < count <= MAX_PLAUSIBLE_HEADCOUNT else None
    if isinstance(value, str):
        numbers = [_number(n) for n in re.findall(_NUMBER, value)]
        if not numbers or not all(0 < n <= MAX_PLAUSIBLE_HEADCOUNT for n in numbers):
            return None
        if len(numbers) >= 2:
            return min(numbers[:2]), max(numbers[:2])
        open_ended = "+" in value or re.search(_AT_LEAST, value, re.IGNORECASE)
        return numbers[0], None if open_ended else numbers[0]
    if isinstance(value, Mapping):
        if "value" in value:
            return parse_employee_count(value["value"])
        low = parse_employee_count(value.get("minValue"))
        high = parse_employee_count(value.get("maxValue"))
        if low and high:
            return low[0], high[1] if high[1] is not None else high[0]
        if low:
            return low[0], None
        if high:
            return 1, high[1]
    return None


def _employees_item(
    page: PageContent,
    low: int,
    high: int | None,
    *,
    raw: str,
    snippet: str,
    confidence: float,
    method: str,
) -> EvidenceItem:
    return EvidenceItem(
        signal_key=Signal.HEADCOUNT_HINT,
        value=headcount_band(low, high),
        url=page.url,
        snippet=snippet,
        confidence=confidence,
        extractor=f"headcount.{method}",
        details={"kind": "employees", "min": low, "max": high, "raw": raw},
    )


def _openings_item(
    page: PageContent, count: int, *, raw: str, snippet: str, confidence: float, method: str
) -> EvidenceItem:
    return EvidenceItem(
        signal_key=Signal.HEADCOUNT_HINT,
        value=f"openings:{count}",
        url=page.url,
        snippet=snippet,
        confidence=confidence,
        extractor=f"headcount.{method}",
        details={"kind": "openings", "min": count, "max": count, "raw": raw},
    )


def _types(block: Mapping[str, Any]) -> list[Any]:
    kind = block.get("@type")
    return kind if isinstance(kind, list) else [kind]


def _json_ld_items(page: PageContent) -> Iterator[EvidenceItem]:
    postings = 0
    for block in page.json_ld:
        if "JobPosting" in _types(block):
            postings += 1
        if "numberOfEmployees" not in block:
            continue
        parsed = parse_employee_count(block["numberOfEmployees"])
        if parsed is None:
            continue
        low, high = parsed
        raw = json.dumps(block["numberOfEmployees"], ensure_ascii=False, default=str)[:200]
        yield _employees_item(
            page,
            low,
            high,
            raw=raw,
            snippet=f"JSON-LD numberOfEmployees: {raw}"[:SNIPPET_MAX_CHARS],
            confidence=0.9,
            method="json_ld",
        )
    if postings:
        yield _openings_item(
            page,
            postings,
            raw=f"{postings} JobPosting",
            snippet=f"{postings} job postings in the page's JSON-LD",
            confidence=0.7,
            method="json_ld",
        )


def _own_people(text: str, start: int, end: int) -> bool:
    before = text[max(start - 40, 0) : start]
    return bool(_OWN_PEOPLE_CUE_RE.search(before)) and not _others_people(text, start, end)


def _others_people(text: str, start: int, end: int) -> bool:
    """Whether the words around a count make the people someone else's: "The Grand
    Marina's kitchen of 300 staff", "contractors with crews of 500 staff rely on us"."""
    before, after = text[max(start - 40, 0) : start], text[end : end + 25]
    return bool(
        _OTHER_PEOPLE_CUE_RE.search(before)
        or _OTHER_PEOPLE_CUE_RE.search(after)
        or _OTHER_OWNER_RE.search(before)
    )


def _text_items(page: PageContent, best: Mapping[str, EvidenceItem]) -> Iterator[EvidenceItem]:
    if page.page_type == "customers":
        return  # a case study's numbers are its client's ("a pantry for 200 staff")
    text = page.main_text
    for match in _EMPLOYEES_RE.finditer(text):
        low = _number(match["low"])
        high = _number(match["high"]) if match["high"] else None
        if high is not None and high < low:
            continue
        cue = (match["cue"] or "").strip().lower()
        open_ended = bool(match["plus"]) or cue in {"over", "more than", "at least", "upwards of"}
        if open_ended and high is None:
            low += 0 if match["plus"] else 1
        elif high is None:
            high = low
        if not 0 < low <= MAX_PLAUSIBLE_HEADCOUNT:
            continue
        noun = (match["noun"] or "").lower()
        team = cue == "team of" or bool(match["strong"])
        if noun in _WEAK_NOUNS and not team and not _own_people(text, match.start(), match.end()):
            continue
        if not team and _others_people(text, match.start(), match.end()):
            continue
        confidence = 0.55 if noun in _WEAK_NOUNS and not team else 0.7
        if is_beaten(best, headcount_band(low, high), confidence):
            continue
        yield _employees_item(
            page,
            low,
            high,
            raw=match.group(0).strip(),
            snippet=snippet_around(text, match.start(), match.end()),
            confidence=confidence,
            method="text",
        )
    for pattern in (_TEAM_OF_RE, _WORKFORCE_RE):
        for match in pattern.finditer(text):
            low = _number(match["low"])
            cue = (match["cue"] or "").strip().lower()
            open_ended = bool(match["plus"]) or cue in {"over", "more than", "at least"}
            if not 0 < low <= MAX_PLAUSIBLE_HEADCOUNT or is_beaten(best, headcount_band(low), 0.65):
                continue
            yield _employees_item(
                page,
                low + (1 if open_ended and not match["plus"] else 0),
                None if open_ended else low,
                raw=match.group(0).strip(),
                snippet=snippet_around(text, match.start(), match.end()),
                confidence=0.65,
                method="text",
            )
    for match in _OPENINGS_RE.finditer(text):
        count = _number(match["count"])
        if not 0 < count <= MAX_PLAUSIBLE_OPENINGS:
            continue
        is_hiring_context = page.page_type == "careers" or "hiring" in match.group(0).lower()
        if not is_hiring_context or is_beaten(best, f"openings:{count}", 0.65):
            continue
        yield _openings_item(
            page,
            count,
            raw=match.group(0).strip(),
            snippet=snippet_around(text, match.start(), match.end()),
            confidence=0.65,
            method="text",
        )


def _listed_openings(page: PageContent) -> Iterator[EvidenceItem]:
    """On a careers page, the job titles among the headings count the openings."""
    if page.page_type != "careers":
        return
    titles = [h for h in page.headings if classify_title(h) is not None]
    if titles:
        yield _openings_item(
            page,
            len(titles),
            raw="; ".join(titles)[:200],
            snippet=f"{len(titles)} job titles listed as headings on the careers page",
            confidence=0.55,
            method="listing",
        )


def extract_headcount_hints(page: PageContent) -> list[EvidenceItem]:
    """`headcount_hint` items of one page, one per value (the most confident)."""
    best: dict[str, EvidenceItem] = {}
    openings_found = False
    items = itertools.chain(_json_ld_items(page), _text_items(page, best), _listed_openings(page))
    for item in items:
        if item.details["kind"] == "openings":
            # One opening count per page: the first source in order of trust wins.
            if openings_found:
                continue
            openings_found = True
        keep_best(best, item)
    return list(best.values())
