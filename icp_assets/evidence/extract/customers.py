"""`customer_logo`: the customers a site names.

Sources, most trusted first: case-study headings on customer pages ("How Kopi Corner
cut month-end close by 5 days"), logo-wall image alt texts ("Harbourline Logistics
logo"), and "Trusted by X, Y and Z" / "Our clients include ..." lists on any page.
``value`` is :func:`~icp_assets.normalize.normalize_company_name` of the name, so it
compares with the register's names; ``details["name"]`` keeps the name as written.

The site's own name, generic alts ("logo", "partner"), well-known tools (an integration
wall is not a customer list) and anything that reads like a person's name are skipped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import (
    NAME_PLACEHOLDER,
    person_names_from_json_ld,
    redact_person_names,
)
from icp_assets.evidence.extract.locations import CITY_COUNTRIES, COUNTRY_NAMES
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem, is_beaten, keep_best
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.normalize import collapse_whitespace, legal_form, normalize_company_name
from icp_assets.signals import Signal

CONFIDENCE = {
    "case_study": 0.85,
    "logo_alt": 0.8,
    "customer_list": 0.7,
    "logo_alt_elsewhere": 0.55,
}
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60
MAX_LIST_CHARS = 400

# Alt texts that name no one.
GENERIC_ALTS = frozenset(
    {
        "logo",
        "logos",
        "customer",
        "customers",
        "customer logo",
        "client",
        "clients",
        "client logo",
        "partner",
        "partners",
        "partner logo",
        "brand",
        "brands",
        "image",
        "img",
        "photo",
        "picture",
        "icon",
        "banner",
        "hero",
        "hero image",
        "background",
        "team",
        "our team",
        "award",
        "badge",
        "avatar",
        "placeholder",
        "screenshot",
        "illustration",
        "arrow",
        "menu",
        "close",
        "search",
        "home",
        "quote",
        "testimonial",
        "case study",
        "map",
    }
)
# Tools that sit on integration and partner walls; not customers even on a logo wall.
WELL_KNOWN_TOOLS = frozenset(
    {
        "salesforce",
        "hubspot",
        "xero",
        "quickbooks",
        "myob",
        "sage",
        "netsuite",
        "sap",
        "oracle",
        "shopify",
        "woocommerce",
        "magento",
        "stripe",
        "paypal",
        "grabpay",
        "paynow",
        "google",
        "google workspace",
        "gmail",
        "microsoft",
        "microsoft 365",
        "office 365",
        "aws",
        "amazon web services",
        "azure",
        "slack",
        "zoom",
        "zendesk",
        "intercom",
        "freshdesk",
        "mailchimp",
        "whatsapp",
        "facebook",
        "instagram",
        "linkedin",
        "twitter",
        "x",
        "youtube",
        "tiktok",
        "apple",
        "app store",
        "google play",
        "zapier",
        "dropbox",
        "notion",
        "asana",
        "trello",
        "jira",
        "atlassian",
        "github",
        "docusign",
    }
)
_ALT_PREFIX_RE = re.compile(
    r"^(?:(?:the\s+)?logo\s+(?:of|for)|logo\s*[:\-–]|client\s*[:\-–]|customer\s*[:\-–])\s*",
    re.IGNORECASE,
)
_ALT_SUFFIX_RE = re.compile(
    r"(?:['’]s)?\s*(?:[-–|:]\s*)?(?:(?:company|brand|client|customer|partner)\s+)?"
    r"(?:logo(?:type)?|icon|image|brand\s*mark|wordmark)(?:\s*\.(?:png|jpe?g|svg|webp))?\s*$",
    re.IGNORECASE,
)
_FILE_NAME_RE = re.compile(r"\.(?:png|jpe?g|svg|webp|gif)$|[_/\\]|\d{3,}x\d{3,}", re.IGNORECASE)
# Words a company name may contain in lower case.
_NAME_CONNECTORS = frozenset({"and", "&", "of", "the", "de", "by", "for", "+", "-", "x"})
# Headings that start with these are about the site, not a customer ("How We Helped ...").
_PRONOUNS = frozenset({"we", "our", "you", "your", "it", "this", "they", "i", "my", "us"})
_CASE_STUDY_HEADING_RES = (
    # "How Kopi Corner cut month-end close by 5 days"
    re.compile(r"^How\s+(?P<name>.+?)\s+(?=[a-z])\w+", re.UNICODE),
    # "Case study: Kopi Corner", "Customer story — Kopi Corner"
    re.compile(
        r"^(?:case study|customer story|success story|client story)\s*[:\-–—|]\s*(?P<name>.+?)"
        r"(?:\s*[:\-–—|].*)?$",
        re.IGNORECASE,
    ),
    # "Kopi Corner: from spreadsheets to ..." / "Kopi Corner case study"
    re.compile(r"^(?P<name>[^:|–—]+?)\s*(?::|\||–|—)\s+\S"),
    re.compile(r"^(?P<name>.+?)\s+(?:case study|customer story|success story)$", re.IGNORECASE),
)
_LIST_CUE_RE = re.compile(
    r"\b(?:trusted by|used by|loved by|relied on by|chosen by|"
    r"(?:our|happy|proud to serve)\s+(?:clients|customers)\s+(?:include|including|like)|"
    r"(?:clients|customers)\s+(?:include|including|such as|like)|"
    r"(?:we|proudly)\s+(?:work|worked|partner|partnered)\s+with|"
    r"brands\s+(?:like|such as|including)|companies\s+(?:like|such as|including)|"
    r"businesses\s+(?:like|such as|including))\s*:?\s*",
    re.IGNORECASE,
)
# "&" stays inside a name ("Lim & Tan LLP") unless a legal form ends the name before it.
_LIST_SPLIT_RE = re.compile(r"\s*(?:,|;|·|•|\||\band\b)\s*")
_LIST_END_RE = re.compile(r"[.!?](?:\s|$)|\n")
_LIST_FILLERS_RE = re.compile(
    r"^(?:and\s+)?(?:many\s+)?(?:more|others|other[s]?\b.*|\d[\d,+]*\s+\w+.*|leading\b.*|"
    r"some\b.*|hundreds\b.*|thousands\b.*)$",
    re.IGNORECASE,
)


#: Countries and cities: a logo wall's flags and maps name where a company works, not a
#: customer ("Malaysia", "Jakarta").
PLACE_NAMES = frozenset(name.lower() for name in (*COUNTRY_NAMES, *CITY_COUNTRIES))


def _clean_name(text: str) -> str:
    # A trailing period stays: it is part of "Pte. Ltd." more often than an ending.
    return collapse_whitespace(text).strip(" \"'“”‘’,;:!?()[]")


def is_company_like(name: str) -> bool:
    """Whether ``name`` reads like a company name: short, starting with a capital or a
    digit, its words capitalized except the usual connectors."""
    if not name or len(name) > MAX_NAME_CHARS or NAME_PLACEHOLDER in name:
        return False
    words = name.split()
    if len(words) > MAX_NAME_WORDS or not (name[0].isupper() or name[0].isdigit()):
        return False
    if words[0].lower() in _PRONOUNS:
        return False
    lower_words = [w for w in words if w[0].islower() and w.lower() not in _NAME_CONNECTORS]
    return not lower_words


def _site_names(page: PageContent) -> set[str]:
    """Normalized names the site uses for itself: its domain label and JSON-LD names."""
    label = page.domain.lower().split(".")[0] if page.domain else ""
    names = {label} if label else set()
    for block in page.json_ld:
        kind = block.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(k in ("Organization", "Corporation", "LocalBusiness", "WebSite") for k in kinds):
            name = block.get("name")
            if isinstance(name, str):
                names.add(normalize_company_name(name).replace(" ", ""))
    return {n for n in names if n}


def _is_site_itself(value: str, site_names: set[str]) -> bool:
    compact = value.replace(" ", "")
    return any(compact == n or compact.startswith(n) or n.startswith(compact) for n in site_names)


def _accepted(name: str, site_names: set[str], person_names: set[str]) -> str | None:
    """The normalized value of a customer name, or None when it is to be skipped."""
    if not is_company_like(name) or name.lower() in GENERIC_ALTS:
        return None
    if name.lower() in WELL_KNOWN_TOOLS or name.lower() in PLACE_NAMES:
        return None  # a tool's logo, or a map or flag of where the company works
    if name in person_names:
        return None
    value = normalize_company_name(name)
    if not value or _is_site_itself(value, site_names):
        return None
    return value


def _item(
    page: PageContent, value: str, name: str, *, snippet: str, confidence: float, source: str
) -> EvidenceItem:
    return EvidenceItem(
        signal_key=Signal.CUSTOMER_LOGO,
        value=value,
        url=page.url,
        snippet=snippet[:SNIPPET_MAX_CHARS],
        confidence=confidence,
        extractor=f"customers.{source}",
        details={"name": name, "source": source},
    )


def name_from_alt(alt: str) -> str | None:
    """The company an image alt names ("Harbourline Logistics logo" → "Harbourline
    Logistics"), or None for file names and empty alts."""
    text = collapse_whitespace(alt)
    if not text or _FILE_NAME_RE.search(text):
        return None
    text = _ALT_SUFFIX_RE.sub("", _ALT_PREFIX_RE.sub("", text))
    return _clean_name(text) or None


def name_from_case_study_heading(heading: str) -> str | None:
    """The customer a case-study heading is about, or None."""
    text = collapse_whitespace(heading)
    for pattern in _CASE_STUDY_HEADING_RES:
        if match := pattern.match(text):
            name = _clean_name(match.group("name"))
            if is_company_like(name):
                return name
    return None


def _alt_items(
    page: PageContent, site_names: set[str], person_names: set[str]
) -> Iterator[EvidenceItem]:
    if page.page_type == "integrations":
        # Logos there are tools and partners (banks, platforms), not customers.
        return
    on_customers_page = page.page_type == "customers"
    has_cue = on_customers_page or bool(_LIST_CUE_RE.search(page.main_text))
    for alt in page.image_alts:
        explicit_logo = bool(re.search(r"\blogo\b", alt, re.IGNORECASE))
        if not on_customers_page and not (explicit_logo and has_cue):
            continue
        name = name_from_alt(alt)
        if name is None or (value := _accepted(name, site_names, person_names)) is None:
            continue
        yield _item(
            page,
            value,
            name,
            snippet=f"Logo on the {page.page_type} page, alt text: {name}",
            confidence=CONFIDENCE["logo_alt" if on_customers_page else "logo_alt_elsewhere"],
            source="logo_alt",
        )


def _heading_items(
    page: PageContent, site_names: set[str], person_names: set[str]
) -> Iterator[EvidenceItem]:
    if page.page_type != "customers":
        return
    text = page.main_text
    for heading in page.headings:
        name = name_from_case_study_heading(heading)
        if name is None or (value := _accepted(name, site_names, person_names)) is None:
            continue
        position = text.find(heading)
        snippet = (
            snippet_around(text, position, position + len(heading))
            if position >= 0
            else collapse_whitespace(heading)
        )
        yield _item(
            page,
            value,
            name,
            snippet=redact_person_names(snippet),
            confidence=CONFIDENCE["case_study"],
            source="case_study",
        )


def _list_parts(listed: str) -> Iterator[str]:
    for part in _LIST_SPLIT_RE.split(listed):
        left, ampersand, right = part.partition(" & ")
        if ampersand and legal_form(left) is not None:
            yield left
            yield right
        else:
            yield part


def _list_items(
    page: PageContent,
    site_names: set[str],
    person_names: set[str],
    best: Mapping[str, EvidenceItem],
) -> Iterator[EvidenceItem]:
    text = page.main_text
    for cue in _LIST_CUE_RE.finditer(text):
        tail = text[cue.end() : cue.end() + MAX_LIST_CHARS]
        end = _LIST_END_RE.search(tail)
        listed = tail[: end.start()] if end else tail
        for part in _list_parts(listed):
            name = _clean_name(part)
            if not name or _LIST_FILLERS_RE.match(name):
                continue
            value = _accepted(name, site_names, person_names)
            if value is None or is_beaten(best, value, CONFIDENCE["customer_list"]):
                continue
            start = cue.end() + listed.find(part)
            yield _item(
                page,
                value,
                name,
                snippet=snippet_around(text, start, start + len(part)),
                confidence=CONFIDENCE["customer_list"],
                source="customer_list",
            )


def extract_customer_logos(page: PageContent) -> list[EvidenceItem]:
    """`customer_logo` items of one page, one per normalized name (the most confident)."""
    site_names = _site_names(page)
    person_names = person_names_from_json_ld(page.json_ld)
    best: dict[str, EvidenceItem] = {}
    for item in itertools.chain(
        _heading_items(page, site_names, person_names),
        _alt_items(page, site_names, person_names),
        _list_items(page, site_names, person_names, best),
    ):
        keep_best(best, item)
    return list(best.values())
