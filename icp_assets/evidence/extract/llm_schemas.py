"""What a language model is asked to read from a page, and how its answer becomes evidence.

One small Pydantic schema per page type (the model answers in JSON that fits it), the
mapping of an answer to :class:`EvidenceItem` values in the same value schemes as the
deterministic extractors, and the merge of both kinds of items.

A model may invent a quote. An item is stored with a snippet only when its
``evidence_quote`` really occurs in the page text (case, whitespace and typographic
quotes aside); otherwise, when the item's own words (a customer's name, a tool, a title,
an industry) occur in the page, the snippet is cut from the page around them and the
confidence is lowered; otherwise the item is dropped. So every stored snippet is text
of the page, never the model's.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import (
    NAME_PLACEHOLDER,
    person_names_from_json_ld,
    redact_contacts,
    redact_person_names,
)
from icp_assets.evidence.extract.activities import read_activities
from icp_assets.evidence.extract.customers import is_company_like
from icp_assets.evidence.extract.headcount import (
    MAX_PLAUSIBLE_HEADCOUNT,
    MAX_PLAUSIBLE_OPENINGS,
    headcount_band,
)
from icp_assets.evidence.extract.industries import INDUSTRY_LABELS
from icp_assets.evidence.extract.integrations import load_integration_catalogue
from icp_assets.evidence.extract.locations import country_code
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem, keep_best
from icp_assets.evidence.extract.pricing import (
    CURRENCY_TOKENS,
    MAX_PLAUSIBLE_PRICE,
    PERIODS,
    price_value,
)
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.evidence.extract.titles import classify_title
from icp_assets.normalize import collapse_whitespace, normalize_company_name
from icp_assets.signals import Signal

#: Confidence of an item whose quote was found in the page; deterministic items score higher.
CONFIDENCE_QUOTED = 0.6
#: Confidence of an item whose quote was not found but whose own words were.
CONFIDENCE_PAGE_MATCH = 0.45
MAX_LABEL_WORDS = 8
MAX_LABEL_CHARS = 80
MIN_QUOTE_CHARS = 8

_NO_PERSONAL_DATA = "Never write a person's name, an e-mail address or a phone number."
_QUOTE = (
    "One short sentence copied word for word from the page that supports this item "
    f"(at most 200 characters). {_NO_PERSONAL_DATA}"
)


class QuotedLabel(BaseModel):
    """An industry or activity, as a short lower-case label."""

    label: str = Field(
        description="Short industry or activity label, 1-5 words, e.g. 'freight forwarding'."
    )
    evidence_quote: str = Field(description=_QUOTE)


class CountryMention(BaseModel):
    country: str = Field(
        description="A country the company is based in, has offices in or serves: its "
        "ISO 3166-1 alpha-2 code ('SG', 'MY') or English name."
    )
    evidence_quote: str = Field(description=_QUOTE)


class HeadcountStatement(BaseModel):
    min_employees: int | None = Field(
        description="Lower bound of the company's own number of employees, as stated."
    )
    max_employees: int | None = Field(
        description="Upper bound of the company's own number of employees; null when open "
        "ended ('200+') and the same as min for an exact number."
    )
    evidence_quote: str = Field(description=_QUOTE)


class CompanyProfile(BaseModel):
    """What the company itself does, whom it serves, where it is and how big it is."""

    own_activity: QuotedLabel | None = Field(
        description="The company's own business activity (what it sells or does), worded "
        "like an industry classification: 'software development', 'freight forwarding', "
        "'café', 'wholesale of industrial machinery'. " + _NO_PERSONAL_DATA
    )
    industries_served: list[QuotedLabel] = Field(
        description="Industries the company's customers are in, as the page states them."
    )
    countries: list[CountryMention] = Field(
        description="Countries where the company is based, has offices, or serves customers."
    )
    headcount: HeadcountStatement | None = Field(
        description="A statement of how many people the company employs; null if none."
    )


class NamedCompany(BaseModel):
    name: str = Field(
        description="A customer company's name as written on the page. Companies only: "
        + _NO_PERSONAL_DATA
    )
    evidence_quote: str = Field(description=_QUOTE)


class JobTitle(BaseModel):
    title: str = Field(
        description="A job title only, without the person's name, e.g. 'Head of Finance'. "
        + _NO_PERSONAL_DATA
    )
    evidence_quote: str = Field(description=_QUOTE)


class CustomerPage(BaseModel):
    """Customers named on a customer, case-study or testimonial page."""

    customers: list[NamedCompany] = Field(description="Companies named as customers or clients.")
    buyer_titles: list[JobTitle] = Field(
        description="Job titles of the customers' people quoted or described (the buyers)."
    )
    customer_industries: list[QuotedLabel] = Field(
        description="Industries the named customers are in."
    )


class ToolMention(BaseModel):
    name: str = Field(description="Product name of a tool, e.g. 'Xero', 'Shopify', 'HubSpot'.")
    evidence_quote: str = Field(description=_QUOTE)


class IntegrationsPage(BaseModel):
    """Software products the company's product integrates or connects with."""

    integrations: list[ToolMention] = Field(
        description="Tools the product integrates with, connects to or syncs with."
    )


class Plan(BaseModel):
    plan_name: str = Field(description="The plan's name, e.g. 'Starter'.")
    amount: float | None = Field(
        description="Price as a number (0 for a free plan); null when not published."
    )
    currency: str | None = Field(
        description="ISO 4217 code of the price's currency, e.g. 'SGD', 'USD'."
    )
    period: Literal["month", "year", "week", "day", "hour", "one-time"] | None = Field(
        description="Billing period of the price; null when none is stated."
    )
    evidence_quote: str = Field(description=_QUOTE)


class PricingPage(BaseModel):
    """Published plans and prices, and whether prices are given only on request."""

    plans: list[Plan] = Field(description="Plans with their published prices.")
    contact_sales: bool = Field(
        description="True when the page asks visitors to contact sales or request a quote."
    )
    contact_sales_quote: str | None = Field(description=_QUOTE)


class CareersPage(BaseModel):
    """Roles the company hires for."""

    job_titles: list[JobTitle] = Field(description="Titles of the open positions.")
    open_positions: int | None = Field(
        description="Number of open positions the page states or lists; null if unknown."
    )
    open_positions_quote: str | None = Field(description=_QUOTE)


PageSchema = CompanyProfile | CustomerPage | IntegrationsPage | PricingPage | CareersPage

SCHEMA_BY_PAGE_TYPE: dict[str, type[BaseModel]] = {
    "customers": CustomerPage,
    "integrations": IntegrationsPage,
    "pricing": PricingPage,
    "careers": CareersPage,
    "industries": CompanyProfile,
    "about": CompanyProfile,
    "home": CompanyProfile,
    "contact": CompanyProfile,
    "other": CompanyProfile,
}
#: Page types in the order their pages are worth a model call; others come after.
LLM_READING_ORDER = ("customers", "industries", "integrations", "pricing", "careers", "about")


def schema_for_page(page: PageContent) -> type[BaseModel]:
    return SCHEMA_BY_PAGE_TYPE.get(page.page_type, CompanyProfile)


def page_priority(page: PageContent) -> int:
    """Sort key: customers first, then industries, integrations, pricing, careers, about,
    home, and every other type last."""
    if page.page_type in LLM_READING_ORDER:
        return LLM_READING_ORDER.index(page.page_type)
    return len(LLM_READING_ORDER) + (0 if page.page_type == "home" else 1)


# --- citations -------------------------------------------------------------------------

_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_QUOTE_EDGES = " \"'“”‘’«»…."


def _comparable(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC).casefold()
    return collapse_whitespace(folded)


def _clean_quote(quote: str) -> str:
    return collapse_whitespace(quote).strip(_QUOTE_EDGES).removesuffix("...").strip()


def _cut(text: str, max_chars: int = SNIPPET_MAX_CHARS) -> str:
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    return cut[: cut.rindex(" ")] if " " in cut else cut


def _without_personal_data(text: str, known_names: frozenset[str]) -> str:
    return collapse_whitespace(redact_person_names(redact_contacts(text), known_names))


@dataclass(frozen=True)
class Citation:
    snippet: str
    confidence: float
    method: Literal["quote", "page_match"]


class PageText:
    """A page's text as citations are checked against it."""

    def __init__(self, page: PageContent) -> None:
        self.text = page.main_text
        self.person_names = frozenset(person_names_from_json_ld(page.json_ld))
        self.comparable = _comparable(f"{page.title}\n{page.main_text}")

    def contains(self, quote: str) -> bool:
        cleaned = _comparable(_clean_quote(quote))
        return len(cleaned) >= MIN_QUOTE_CHARS and cleaned in self.comparable

    def find(self, words: str) -> re.Match[str] | None:
        """Where ``words`` occur in the main text as whole words, any case and spacing."""
        parts = [re.escape(part) for part in collapse_whitespace(words).split()]
        if not parts:
            return None
        pattern = r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"
        return re.search(pattern, self.text, re.IGNORECASE)

    def cite(
        self, quote: str | None, surface: str | None = None, *, quote_names_surface: bool = True
    ) -> Citation | None:
        """The citation for an item: its quote when the page has it (and, with
        ``quote_names_surface``, the quote contains the item's ``surface`` words), else the
        page around the surface words, else None."""
        if quote and self.contains(quote):
            cleaned = _clean_quote(quote)
            names_surface = surface is None or _comparable(surface) in _comparable(cleaned)
            if names_surface or not quote_names_surface:
                snippet = _cut(_without_personal_data(cleaned, self.person_names))
                return Citation(snippet, CONFIDENCE_QUOTED, "quote")
        if surface and (match := self.find(surface)):
            around = snippet_around(self.text, match.start(), match.end())
            snippet = _without_personal_data(around, self.person_names)
            return Citation(_cut(snippet), CONFIDENCE_PAGE_MATCH, "page_match")
        return None


# --- answer -> evidence ----------------------------------------------------------------


@dataclass
class MappedAnswer:
    """The evidence of one answer, and how many of the model's items were dropped."""

    items: list[EvidenceItem] = field(default_factory=list)
    dropped: int = 0


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("&", " and ")).strip("-")


@functools.lru_cache(maxsize=1)
def _catalogue_keys() -> dict[str, str]:
    """Catalogue key of every tool name and alias, lower-case."""
    keys: dict[str, str] = {}
    for tool in load_integration_catalogue().tools:
        for name in (tool.name, *tool.aliases):
            keys.setdefault(collapse_whitespace(name).lower(), tool.key)
    return keys


def integration_key(name: str) -> tuple[str, bool]:
    """The catalogue key of a tool the model named (``"Xero Accounting"`` -> ``"xero"``)
    and whether the catalogue knows it; an unknown tool gets a slug of its name
    (``"Acme Sync"`` -> ``"acme-sync"``)."""
    key = _catalogue_keys().get(collapse_whitespace(name).lower())
    return (key, True) if key else (_slug(name), False)


_INDUSTRY_OF_PHRASE: dict[str, str] = {
    phrase.lower(): industry.label
    for industry in INDUSTRY_LABELS
    for phrase in (industry.label, *industry.synonyms)
}
_INDUSTRY_PHRASE_RE = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(p) for p in sorted(_INDUSTRY_OF_PHRASE, key=len, reverse=True))
    + r")(?!\w)"
)
_SSIC_PREFIXES = {industry.label: list(industry.ssic_prefixes) for industry in INDUSTRY_LABELS}
#: SSIC codes kept per own-activity label: the best matches only.
MAX_SSIC_CODES_PER_ACTIVITY = 2
#: A model's activity label that reads this weakly as any code names none.
MIN_ACTIVITY_CONFIDENCE = 0.3


def vocabulary_industry(label: str) -> str | None:
    """The project's industry label for a model's label: the label itself or a synonym
    ("Food and Beverage", "cafés" -> "food & beverage"), or one named inside it
    ("logistics and freight firms" -> "logistics"); None when none is."""
    label = label.lower()
    if label in _INDUSTRY_OF_PHRASE:
        return _INDUSTRY_OF_PHRASE[label]
    found = _INDUSTRY_PHRASE_RE.search(label)
    return _INDUSTRY_OF_PHRASE[found.group(1)] if found else None


_PLACEHOLDER_RE = re.compile(
    rf"\s*(?:{re.escape(NAME_PLACEHOLDER)}|\[email\]|\[phone\])\s*[,|–—-]?\s*"
)


def _label(text: str) -> str | None:
    label = collapse_whitespace(text).strip(" .,;:!?\"'()").lower()
    if not label or len(label) > MAX_LABEL_CHARS or len(label.split()) > MAX_LABEL_WORDS:
        return None
    if redact_contacts(label) != label:
        return None
    return label


def _currency(token: str | None, page: PageContent) -> tuple[str | None, bool]:
    if not token:
        return None, False
    token = token.strip()
    currency = CURRENCY_TOKENS.get(token) or CURRENCY_TOKENS.get(token.upper())
    if currency is None:
        currency = token.upper() if re.fullmatch(r"[A-Za-z]{3}", token) else None
        return currency, False
    if currency != "$":
        return currency, False
    singapore = page.domain.endswith(".sg") or "singapore" in page.main_text.lower()
    return ("SGD" if singapore else "USD"), True


class _Mapper:
    """Turns one answer about one page into evidence items."""

    def __init__(self, page: PageContent, extractor: str, schema_name: str) -> None:
        self.page = page
        self.page_text = PageText(page)
        self.extractor = extractor
        self.schema_name = schema_name
        self.result = MappedAnswer()

    def add(
        self,
        signal_key: str,
        value: str | None,
        quote: str | None,
        surface: str | None = None,
        *,
        quote_names_surface: bool = True,
        **details: Any,
    ) -> None:
        citation = None
        if value:
            citation = self.page_text.cite(quote, surface, quote_names_surface=quote_names_surface)
        if value is None or citation is None:
            self.result.dropped += 1
            return
        self.result.items.append(
            EvidenceItem(
                signal_key=signal_key,
                value=value,
                url=self.page.url,
                snippet=citation.snippet,
                confidence=citation.confidence,
                extractor=self.extractor,
                details={
                    **details,
                    "schema": self.schema_name,
                    "citation": citation.method,
                },
            )
        )

    def industry(self, found: QuotedLabel, kind: str) -> None:
        """An industry served, in the project's vocabulary when it has the label; other
        labels are kept lower-case with ``details["in_vocabulary"] = False``."""
        label = _label(found.label)
        value = vocabulary_industry(label) if label else None
        details: dict[str, Any] = {"kind": kind, "label": label, "in_vocabulary": bool(value)}
        if value:
            details["ssic_prefixes"] = _SSIC_PREFIXES[value]
        # Labels are often the model's words for what the quote says ("food and beverage"
        # for "cafés and restaurants"): a verified quote is enough.
        self.add(
            Signal.INDUSTRY_LABEL,
            value or label,
            found.evidence_quote,
            label,
            quote_names_surface=False,
            **details,
        )

    def own_activity(self, found: QuotedLabel) -> None:
        """The company's own activity as SSIC 2020 codes, read as the deterministic
        extractor reads a company's words (``activities``)."""
        label = _label(found.label)
        codes = read_activities(label, limit=MAX_SSIC_CODES_PER_ACTIVITY) if label else []
        codes = [c for c in codes if c.confidence >= MIN_ACTIVITY_CONFIDENCE]
        if not codes:
            self.result.dropped += 1
            return
        for code in codes:
            self.add(
                Signal.SSIC_HINT,
                code.code,
                found.evidence_quote,
                label,
                quote_names_surface=False,
                title=code.title,
                matched=code.words,
                label=label,
            )

    def country(self, found: CountryMention) -> None:
        self.add(Signal.LOCATION, country_code(found.country), found.evidence_quote, kind="country")

    def headcount(self, found: HeadcountStatement) -> None:
        low, high = found.min_employees, found.max_employees
        if low is None and high is not None:
            low = 1
        plausible = low is not None and 0 < low <= MAX_PLAUSIBLE_HEADCOUNT
        if plausible and high is not None and not low <= high <= MAX_PLAUSIBLE_HEADCOUNT:
            plausible = False
        value = headcount_band(low, high) if plausible and low is not None else None
        self.add(
            Signal.HEADCOUNT_HINT, value, found.evidence_quote, kind="employees", min=low, max=high
        )

    def customer(self, found: NamedCompany) -> None:
        name = collapse_whitespace(found.name).strip(" \"'“”‘’.,;:!?()[]")
        value = None
        if is_company_like(name) and name not in self.page_text.person_names:
            value = normalize_company_name(name) or None
        if value and value.replace(" ", "") == self.page.domain.split(".")[0].lower():
            value = None  # the site naming itself
        self.add(Signal.CUSTOMER_LOGO, value, found.evidence_quote, name, name=name)

    def title(self, found: JobTitle, source: str) -> None:
        # "Jane Tan, Head of Finance" -> "Head of Finance": the name and what joins it go.
        redacted = _without_personal_data(found.title, self.page_text.person_names)
        title = _PLACEHOLDER_RE.sub(" ", redacted).strip(" ,|-–—")
        classified = classify_title(title)
        value = classified.value if classified and "[" not in title else None
        details: dict[str, Any] = {"title": title, "source": source}
        if classified:
            details |= {
                "function": classified.function,
                "level": classified.level,
                "c_level": classified.c_level,
            }
        self.add(Signal.BUYER_TITLE, value, found.evidence_quote, title, **details)

    def tool(self, found: ToolMention) -> None:
        name = collapse_whitespace(found.name)
        key, in_catalogue = (
            integration_key(name) if 0 < len(name) <= MAX_LABEL_CHARS else ("", False)
        )
        value = f"integrates:{key}" if key else None
        self.add(
            Signal.INTEGRATION,
            value,
            found.evidence_quote,
            name,
            name=name,
            in_catalogue=in_catalogue,
        )

    def plan(self, found: Plan) -> None:
        amount, period = found.amount, found.period
        currency, assumed = _currency(found.currency, self.page)
        value = None
        if amount == 0:
            value = "free_plan"
        elif amount is not None and 0 < amount <= MAX_PLAUSIBLE_PRICE and currency:
            value = price_value(currency, amount, PERIODS.get(period or "", period))
        self.add(
            Signal.PRICING,
            value,
            found.evidence_quote,
            plan=collapse_whitespace(found.plan_name) or None,
            amount=amount,
            currency=currency,
            period=period,
            currency_assumed=assumed,
        )

    def openings(self, count: int, quote: str | None) -> None:
        value = f"openings:{count}" if 0 < count <= MAX_PLAUSIBLE_OPENINGS else None
        self.add(Signal.HEADCOUNT_HINT, value, quote, kind="openings", min=count, max=count)


def _map_answer(mapper: _Mapper, answer: BaseModel) -> None:
    if isinstance(answer, CompanyProfile):
        if answer.own_activity is not None:
            mapper.own_activity(answer.own_activity)
        for served in answer.industries_served:
            mapper.industry(served, "served")
        for country in answer.countries:
            mapper.country(country)
        if answer.headcount is not None:
            mapper.headcount(answer.headcount)
    elif isinstance(answer, CustomerPage):
        for customer in answer.customers:
            mapper.customer(customer)
        for title in answer.buyer_titles:
            mapper.title(title, "case_study")
        for industry in answer.customer_industries:
            mapper.industry(industry, "customer_industry")
    elif isinstance(answer, IntegrationsPage):
        for tool in answer.integrations:
            mapper.tool(tool)
    elif isinstance(answer, PricingPage):
        for plan in answer.plans:
            mapper.plan(plan)
        if answer.contact_sales:
            mapper.add(Signal.PRICING, "contact_sales", answer.contact_sales_quote)
    elif isinstance(answer, CareersPage):
        for title in answer.job_titles:
            mapper.title(title, "careers")
        if answer.open_positions is not None:
            mapper.openings(answer.open_positions, answer.open_positions_quote)
    else:
        raise TypeError(f"no evidence mapping for {type(answer).__name__}")


def evidence_from_answer(answer: BaseModel, page: PageContent, extractor: str) -> MappedAnswer:
    """Evidence items of one structured answer about ``page``, one per (signal, value):
    values normalized, snippets verified against the page, personal data kept out."""
    mapper = _Mapper(page, extractor, type(answer).__name__)
    _map_answer(mapper, answer)
    unique: dict[tuple[str, str], EvidenceItem] = {}
    for item in mapper.result.items:
        keep_best(unique, item, (item.signal_key, item.value))
    return MappedAnswer(items=list(unique.values()), dropped=mapper.result.dropped)


def merge_evidence(
    deterministic: Sequence[EvidenceItem], llm: Sequence[EvidenceItem]
) -> list[EvidenceItem]:
    """One item per (signal_key, value, url), deterministic items first.

    A deterministic item wins over a model item with the same key whatever their
    confidences; between two items of the same kind the more confident one wins. Order is
    stable: every kept item sits where the first item of its key was.
    """
    kept: dict[tuple[str, str, str | None], tuple[bool, EvidenceItem]] = {}
    for is_deterministic, items in ((True, deterministic), (False, llm)):
        for item in items:
            key = (item.signal_key, item.value, item.url)
            if key not in kept:
                kept[key] = (is_deterministic, item)
                continue
            kept_deterministic, kept_item = kept[key]
            if kept_deterministic == is_deterministic and item.confidence > kept_item.confidence:
                kept[key] = (is_deterministic, item)
    return [item for _, item in kept.values()]
