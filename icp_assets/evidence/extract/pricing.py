"""`pricing`: published prices, free plans and trials, and "contact sales".

Value scheme:

- a price: ``"<CURRENCY>:<amount>:<period>"`` (``"SGD:49:month"``, ``"USD:99:month"``,
  ``"SGD:1200:year"``), or ``"<CURRENCY>:<amount>"`` when no period is given; amounts
  without trailing zeros (``"SGD:49.9:month"``). ``details`` = {"plan", "amount",
  "currency", "period", "per" (``"user"``, ``"outlet"``... or None), "from" (a
  "from $29" floor), "currency_assumed"};
- ``"free_plan"``, ``"free_trial"`` (``details["days"]`` when stated), ``"contact_sales"``.

A bare ``$`` is SGD on a Singapore site (a ``.sg`` domain, or "Singapore" in the page)
and USD elsewhere, with ``details["currency_assumed"] = True``. Outside pricing pages an
amount counts only with a period or a "from / starting at" cue, so "we saved S$200,000"
is not a price.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.model import EvidenceItem, is_beaten, keep_best
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.signals import Signal

# Currency symbol or code as written -> ISO 4217.
CURRENCY_TOKENS: dict[str, str] = {
    "S$": "SGD",
    "SG$": "SGD",
    "SGD": "SGD",
    "US$": "USD",
    "USD": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "AUD": "AUD",
    "NZ$": "NZD",
    "NZD": "NZD",
    "HK$": "HKD",
    "HKD": "HKD",
    "RM": "MYR",
    "MYR": "MYR",
    "Rp": "IDR",
    "IDR": "IDR",
    "₱": "PHP",
    "PHP": "PHP",
    "฿": "THB",
    "THB": "THB",
    "₫": "VND",
    "VND": "VND",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "₹": "INR",
    "INR": "INR",
    "¥": "JPY",
    "JPY": "JPY",
    "$": "$",
}
_CURRENCY = "|".join(re.escape(t) for t in sorted(CURRENCY_TOKENS, key=len, reverse=True))
_CODES = "|".join(sorted({c for c in CURRENCY_TOKENS.values() if c != "$"}))
_AMOUNT = r"\d{1,3}(?:,\d{3}){1,3}(?:\.\d{1,2})?|\d{1,9}(?:\.\d{1,2})?"

PERIODS: dict[str, str] = {
    "month": "month",
    "mo": "month",
    "mth": "month",
    "monthly": "month",
    "year": "year",
    "yr": "year",
    "annum": "year",
    "annually": "year",
    "yearly": "year",
    "annual": "year",
    "week": "week",
    "wk": "week",
    "weekly": "week",
    "day": "day",
    "daily": "day",
    "hour": "hour",
    "hr": "hour",
    "hourly": "hour",
    "once": "one-time",
    "one-time": "one-time",
    "one time": "one-time",
}
_PERIOD = "|".join(re.escape(p) for p in sorted(PERIODS, key=len, reverse=True))
_UNITS = (
    r"user|seat|member|employee|staff|agent|outlet|location|branch|store|site|device|"
    r"terminal|vehicle|driver|entity|company|account|license|licence"
)
_PER = r"\s*(?:/|per|a|an|each|every)\s*"
_PRICE_RE = re.compile(
    rf"(?:(?P<from>from|starting (?:at|from)|starts at|only)\s+)?"
    rf"(?:(?<![A-Za-z])(?P<currency>{_CURRENCY})\s?(?P<amount>{_AMOUNT})(?:\s?(?P<code_after>{_CODES}))?"
    rf"|(?<![\w.,])(?P<amount2>{_AMOUNT})\s?(?P<code2>{_CODES})\b)"
    rf"(?![\d.,]*\s?(?:k|m|mil|million|bn|billion|b)\b)"
    rf"(?:{_PER}(?P<unit>{_UNITS})s?)?"
    rf"(?:(?:{_PER}|\s+|\s*,\s*)(?:billed\s+)?(?P<period>{_PERIOD})\b)?"
    rf"(?:{_PER}(?P<unit_after>{_UNITS})s?\b)?",
    re.IGNORECASE,
)
PLAN_NAMES = (
    "Free",
    "Starter",
    "Basic",
    "Lite",
    "Standard",
    "Essential",
    "Essentials",
    "Growth",
    "Pro",
    "Professional",
    "Plus",
    "Premium",
    "Business",
    "Team",
    "Teams",
    "Enterprise",
    "Scale",
    "Advanced",
    "Ultimate",
    "Elite",
    "Unlimited",
    "Small Business",
    "Startup",
    "Solo",
    "Personal",
    "Individual",
    "Corporate",
    "Premier",
)
_PLAN_ALTERNATIVES = "|".join(re.escape(p) for p in sorted(PLAN_NAMES, key=len, reverse=True))
_PLAN_RE = re.compile(rf"\b({_PLAN_ALTERNATIVES})\b")
_PLAN_AFTER_RE = re.compile(
    rf"\s*(?:on|for|with|in)\s+(?:the|our)\s+({_PLAN_ALTERNATIVES})\s+(?:plan|tier)\b"
)
_PLAN_LOOKBACK_CHARS = 120
_CONTACT_SALES_RE = re.compile(
    r"\b(?:contact (?:our |the )?sales|talk to (?:our |a |the )?sales|speak (?:to|with) "
    r"(?:our |a |the )?sales|chat with (?:our |the )?sales|request (?:a |for )?(?:custom )?"
    r"(?:quote|quotation|pricing|proposal)|get (?:a |your )?(?:custom )?(?:quote|quotation)|"
    r"custom pricing|contact us for (?:a )?(?:pricing|quote|quotation)|"
    r"call (?:us )?for (?:pricing|a quote)|price on request|pricing on request)\b",
    re.IGNORECASE,
)
_FREE_TRIAL_RE = re.compile(
    r"\b(?:(?P<days>\d{1,3})[- ]day(?:s)? (?:free )?trial|free (?:for )?(?P<days2>\d{1,3})"
    r" days|(?P<days3>\d{1,3}) days? free|free trial|try (?:it )?(?:for )?free)\b",
    re.IGNORECASE,
)
_FREE_PLAN_RE = re.compile(
    r"\b(?:free plan|free tier|free forever|forever free|free version|free edition|"
    r"free for (?:up to|small)|free (?:starter|basic) plan)\b",
    re.IGNORECASE,
)
_SINGAPORE_RE = re.compile(r"\bSingapore\b|\bS\$|\bSGD\b")
# A real price is rarely larger; bigger numbers are revenue, funding or savings.
MAX_PLAUSIBLE_PRICE = 1_000_000


def _currency(token: str, page: PageContent) -> tuple[str, bool]:
    currency = CURRENCY_TOKENS.get(token) or CURRENCY_TOKENS.get(token.upper(), token.upper())
    if currency != "$":
        return currency, False
    singapore = page.domain.endswith(".sg") or bool(_SINGAPORE_RE.search(page.main_text))
    return ("SGD" if singapore else "USD"), True


def format_amount(amount: float) -> str:
    """49.0 -> "49", 49.9 -> "49.9", 1200.5 -> "1200.5"."""
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def price_value(currency: str, amount: float, period: str | None) -> str:
    parts = [currency, format_amount(amount)]
    if period:
        parts.append(period)
    return ":".join(parts)


def _plan_of(text: str, start: int, end: int) -> str | None:
    """The plan a price belongs to: named right after it ("for the Pro plan") or the
    closest before it."""
    if after := _PLAN_AFTER_RE.match(text, end):
        return after.group(1)
    return _plan_before(text, start)


def _plan_before(text: str, start: int) -> str | None:
    """The plan named closest before a price, within a few lines."""
    window_start = max(start - _PLAN_LOOKBACK_CHARS, 0)
    window = text[window_start:start]
    # Do not reach past a previous price: its plan is not this one's.
    if previous_prices := [*_PRICE_RE.finditer(window)]:
        window = window[previous_prices[-1].end() :]
    plans = _PLAN_RE.findall(window)
    return plans[-1] if plans else None


def _item(
    page: PageContent, value: str, *, snippet: str, confidence: float, method: str, **details: Any
) -> EvidenceItem:
    return EvidenceItem(
        signal_key=Signal.PRICING,
        value=value,
        url=page.url,
        snippet=snippet,
        confidence=confidence,
        extractor=f"pricing.{method}",
        details=details,
    )


def _price_items(page: PageContent, best: Mapping[str, EvidenceItem]) -> Iterator[EvidenceItem]:
    text = page.main_text
    on_pricing_page = page.page_type == "pricing"
    for match in _PRICE_RE.finditer(text):
        token = match["currency"] or match["code2"]
        raw_amount = match["amount"] or match["amount2"]
        if match["code_after"]:
            token = match["code_after"]
        amount = float(raw_amount.replace(",", ""))
        if amount > MAX_PLAUSIBLE_PRICE:
            continue
        period = PERIODS.get((match["period"] or "").lower())
        has_cue = bool(match["from"])
        if not on_pricing_page and not (period or has_cue):
            continue
        currency, assumed = _currency(token, page)
        value = "free_plan" if amount == 0 else price_value(currency, amount, period)
        confidence = (0.8 if amount == 0 else 0.85) if on_pricing_page else 0.6
        if is_beaten(best, value, confidence):
            continue
        details: dict[str, Any] = {"plan": _plan_of(text, match.start(), match.end())}
        if amount:
            unit = match["unit"] or match["unit_after"]
            details |= {
                "amount": amount,
                "currency": currency,
                "period": period,
                "per": unit.lower() if unit else None,
                "from": has_cue,
                "currency_assumed": assumed,
            }
        yield _item(
            page,
            value,
            snippet=snippet_around(text, match.start(), match.end()),
            confidence=confidence,
            method="price",
            **details,
            raw=match.group(0).strip(),
        )


# Phrase -> value (also the extractor's method), with its confidence on a pricing page
# and elsewhere.
_PHRASES = (
    (_CONTACT_SALES_RE, "contact_sales", 0.75, 0.5),
    (_FREE_TRIAL_RE, "free_trial", 0.8, 0.65),
    (_FREE_PLAN_RE, "free_plan", 0.8, 0.65),
)


def _phrase_details(value: str, match: re.Match[str], text: str) -> dict[str, Any]:
    if value == "contact_sales":
        return {"plan": _plan_before(text, match.start())}
    if value == "free_trial":
        days = match["days"] or match["days2"] or match["days3"]
        return {"days": int(days) if days else None}
    return {"plan": None}


def _phrase_items(page: PageContent, best: Mapping[str, EvidenceItem]) -> Iterator[EvidenceItem]:
    """The first match of each phrase: a later one, at the same confidence, never wins."""
    text = page.main_text
    on_pricing_page = page.page_type == "pricing"
    for regex, value, pricing_confidence, other_confidence in _PHRASES:
        confidence = pricing_confidence if on_pricing_page else other_confidence
        match = regex.search(text)
        if match is None or is_beaten(best, value, confidence):
            continue
        yield _item(
            page,
            value,
            snippet=snippet_around(text, match.start(), match.end()),
            confidence=confidence,
            method=value,
            raw=match.group(0),
            **_phrase_details(value, match, text),
        )


def extract_pricing(page: PageContent) -> list[EvidenceItem]:
    """`pricing` items of one page, one per value (the most confident)."""
    best: dict[str, EvidenceItem] = {}
    for item in itertools.chain(_price_items(page, best), _phrase_items(page, best)):
        keep_best(best, item)
    return list(best.values())
