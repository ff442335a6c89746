"""`industry_label` (the industries a company serves) and `ssic_hint` (what the company
itself does, as SSIC 2020 codes).

Industry labels come from a curated vocabulary (:data:`INDUSTRY_LABELS`): a lower-case
label, its synonyms, and the SSIC prefixes of the businesses it covers
(``details["ssic_prefixes"]``, used for market sizing). A label counts when the page
says the company serves it: on an ``industries`` page, in a sentence with a serving
cue ("We serve ...", "Industries: ...", "solutions for ..."), or right before a word
such as "companies" ("logistics companies"). Phrases outside the vocabulary are never
turned into labels.

SSIC hints come from the text where a company describes itself (the home page's opening,
the about page, meta and JSON-LD descriptions), read by ``activities``: ranked against
SSIC 2020 with TF-IDF, boilerplate, corporate structure and the company's own name left
out, at most three codes a company.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import redact_contacts, redact_person_names
from icp_assets.evidence.extract.activities import (
    MAX_CODES,
    MAX_CONFIDENCE,
    ActivityRanker,
    read_activities,
)
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem, is_beaten, keep_best
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.normalize import collapse_whitespace
from icp_assets.signals import Signal


@dataclass(frozen=True)
class IndustryLabel:
    label: str
    synonyms: tuple[str, ...]
    ssic_prefixes: tuple[str, ...]


_MANUFACTURING_DIVISIONS = tuple(f"{n:02d}" for n in range(10, 33))

#: The industry vocabulary. Synonyms are matched case-insensitively on word boundaries;
#: each names a group of customers, so bare words that name a product or a function
#: ("software", "finance", "property") are left out.
INDUSTRY_LABELS: tuple[IndustryLabel, ...] = (
    IndustryLabel(
        "logistics",
        (
            "logistics",
            "3pl",
            "3pls",
            "third-party logistics",
            "freight",
            "freight forwarding",
            "freight forwarders",
            "warehousing",
            "warehouses",
            "courier",
            "couriers",
            "last-mile delivery",
            "transport",
            "transportation",
            "trucking",
            "haulage",
        ),
        ("4923", "521", "522", "5229", "532"),
    ),
    IndustryLabel(
        "food & beverage",
        (
            "f&b",
            "food and beverage",
            "food & beverage",
            "food and beverages",
            "restaurants",
            "restaurant",
            "cafes",
            "cafés",
            "coffee shops",
            "hawkers",
            "hawker stalls",
            "bakeries",
            "caterers",
            "catering",
            "bars",
            "cloud kitchens",
            "central kitchens",
            "food courts",
        ),
        ("56",),
    ),
    IndustryLabel(
        "retail",
        ("retail", "retailers", "retail stores", "shops", "boutiques", "supermarkets"),
        ("47",),
    ),
    IndustryLabel(
        "e-commerce",
        (
            "e-commerce",
            "ecommerce",
            "online retail",
            "online retailers",
            "online stores",
            "online sellers",
            "online shops",
            "d2c",
            "dtc",
            "direct-to-consumer",
            "marketplace sellers",
        ),
        ("47", "63201"),
    ),
    IndustryLabel(
        "manufacturing",
        ("manufacturing", "manufacturers", "factories", "industrial companies"),
        _MANUFACTURING_DIVISIONS,
    ),
    IndustryLabel(
        "precision engineering",
        (
            "precision engineering",
            "precision engineers",
            "machining",
            "cnc machining",
            "metalworking",
            "metal fabrication",
            "machine shops",
        ),
        ("2592", "2599", "28"),
    ),
    IndustryLabel(
        "electronics & semiconductors",
        ("electronics", "semiconductor", "semiconductors", "electronics manufacturers"),
        ("26",),
    ),
    IndustryLabel(
        "construction",
        ("construction", "contractors", "builders", "built environment", "renovation"),
        ("41", "42", "43"),
    ),
    IndustryLabel(
        "real estate",
        (
            "real estate",
            "property developers",
            "property management",
            "property managers",
            "landlords",
            "real estate agencies",
        ),
        ("68",),
    ),
    IndustryLabel(
        "healthcare",
        (
            "healthcare",
            "health care",
            "clinics",
            "medical clinics",
            "hospitals",
            "dental clinics",
            "medical practices",
        ),
        ("86",),
    ),
    IndustryLabel(
        "life sciences",
        (
            "life sciences",
            "pharmaceutical",
            "pharmaceuticals",
            "pharma",
            "biotech",
            "biotechnology",
            "medical devices",
        ),
        ("21", "72", "3250"),
    ),
    IndustryLabel(
        "education",
        (
            "education",
            "schools",
            "tuition centres",
            "tuition centers",
            "enrichment centres",
            "universities",
            "training providers",
            "preschools",
        ),
        ("85",),
    ),
    IndustryLabel(
        "financial services",
        (
            "financial services",
            "financial institutions",
            "banks",
            "banking",
            "fintech",
            "fintechs",
            "wealth management",
            "asset managers",
            "family offices",
        ),
        ("64", "66"),
    ),
    IndustryLabel("insurance", ("insurance", "insurers", "insurance brokers"), ("65", "662")),
    IndustryLabel(
        "professional services",
        (
            "professional services",
            "consultancies",
            "consulting firms",
            "agencies",
            "service businesses",
        ),
        ("69", "70", "71", "73", "74"),
    ),
    IndustryLabel(
        "legal services",
        ("law firms", "legal services", "legal practices", "lawyers", "legal"),
        ("6910",),
    ),
    IndustryLabel(
        "accounting",
        (
            "accounting firms",
            "accountants",
            "audit firms",
            "bookkeepers",
            "corporate secretarial firms",
        ),
        ("6920",),
    ),
    IndustryLabel(
        "technology",
        (
            "technology companies",
            "tech companies",
            "saas",
            "saas companies",
            "software companies",
            "it companies",
            "startups",
            "start-ups",
        ),
        ("62", "63"),
    ),
    IndustryLabel("telecommunications", ("telecommunications", "telcos", "telecom"), ("61",)),
    IndustryLabel(
        "hospitality",
        ("hospitality", "hotels", "hostels", "serviced apartments", "resorts"),
        ("55",),
    ),
    IndustryLabel(
        "travel & tourism", ("travel", "travel agencies", "tourism", "tour operators"), ("791",)
    ),
    IndustryLabel(
        "wholesale & distribution",
        ("wholesale", "wholesalers", "distributors", "distribution", "trading companies"),
        ("46",),
    ),
    IndustryLabel(
        "automotive",
        ("automotive", "car dealers", "car dealerships", "motor workshops"),
        ("29", "4656", "473", "9530"),
    ),
    IndustryLabel(
        "marine & offshore",
        ("marine", "maritime", "offshore", "shipyards", "shipping lines", "ship management"),
        ("50", "301", "5222"),
    ),
    IndustryLabel(
        "energy & utilities",
        ("energy", "oil and gas", "oil & gas", "utilities", "renewables", "solar"),
        ("35", "09", "19"),
    ),
    IndustryLabel(
        "agriculture", ("agriculture", "agritech", "farms", "aquaculture", "agrifood"), ("01", "03")
    ),
    IndustryLabel(
        "media & advertising",
        ("media", "advertising", "marketing agencies", "publishers", "creative agencies"),
        ("58", "59", "60", "731"),
    ),
    IndustryLabel(
        "non-profit",
        ("non-profits", "nonprofits", "non-profit organisations", "charities", "ngos"),
        ("94", "88"),
    ),
    IndustryLabel(
        "public sector",
        ("government", "public sector", "government agencies", "statutory boards"),
        ("84",),
    ),
    IndustryLabel(
        "beauty & wellness",
        ("beauty", "salons", "beauty salons", "spas", "wellness", "fitness", "gyms"),
        ("9602", "9311"),
    ),
    IndustryLabel(
        "facilities management",
        (
            "facilities management",
            "facility management",
            "cleaning companies",
            "security services",
            "security agencies",
            "pest control",
        ),
        ("81", "80"),
    ),
    IndustryLabel("chemicals", ("chemicals", "chemical", "specialty chemicals"), ("20",)),
    IndustryLabel("aerospace", ("aerospace", "aviation", "airlines", "mro"), ("51", "303")),
    IndustryLabel(
        "events",
        ("event organisers", "event organizers", "event companies", "mice", "exhibitions"),
        ("8230",),
    ),
    IndustryLabel(
        "recruitment & staffing",
        ("recruitment agencies", "staffing agencies", "staffing", "employment agencies"),
        ("78",),
    ),
    IndustryLabel(
        "architecture & engineering",
        ("architecture firms", "architects", "engineering consultancies", "engineering firms"),
        ("711",),
    ),
    IndustryLabel(
        "printing & packaging", ("printing", "printers", "packaging"), ("18", "17", "8292")
    ),
    IndustryLabel(
        "food manufacturing",
        ("food manufacturers", "food manufacturing", "food processing", "food processors"),
        ("10", "11"),
    ),
    IndustryLabel(
        "fashion & apparel",
        ("fashion", "apparel", "textiles", "fashion brands", "clothing brands"),
        ("13", "14", "4771"),
    ),
    IndustryLabel(
        "interior & furniture",
        ("interior design", "interior designers", "furniture", "furniture retailers"),
        ("31", "74191", "4753"),
    ),
)
LABELS_BY_NAME: dict[str, IndustryLabel] = {label.label: label for label in INDUSTRY_LABELS}


def label_for_codes(prefix: str) -> str | None:
    """The vocabulary's name for the businesses under an SSIC code or prefix ("56" is
    "food & beverage"): the label listing it or the longest prefix of it (of two, the
    one listing fewer prefixes: "26" is electronics before it is manufacturing), else
    the label listing most codes under it ("52": logistics)."""
    over = [
        (len(p), -len(label.ssic_prefixes), label.label)
        for label in INDUSTRY_LABELS
        for p in label.ssic_prefixes
        if prefix.startswith(p)
    ]
    if over:
        return max(over)[2]
    under = [
        (sum(p.startswith(prefix) for p in label.ssic_prefixes), label.label)
        for label in INDUSTRY_LABELS
    ]
    count, label = max(under)
    return label if count else None


def labels_in(text: str) -> list[str]:
    """The vocabulary's industry labels a text names, in order, each once."""
    return list(
        dict.fromkeys(_LABEL_OF_SYNONYM[m.group(1).lower()] for m in _SYNONYM_RE.finditer(text))
    )


_LABEL_OF_SYNONYM: dict[str, str] = {
    synonym.lower(): label.label for label in INDUSTRY_LABELS for synonym in label.synonyms
}
_SYNONYM_RE = re.compile(
    r"(?<![\w&-])("
    + "|".join(re.escape(s) for s in sorted(_LABEL_OF_SYNONYM, key=len, reverse=True))
    + r")(?![\w&-])",
    re.IGNORECASE,
)
# Words right after a synonym that make it a group of customers ("logistics companies").
_CUSTOMER_NOUN_RE = re.compile(
    r"\s+(?:\w+\s+)?(?:companies|businesses|firms|operators|brands|clients|customers|teams|"
    r"players|owners|smes|sector|industry|industries|providers|outlets|chains|groups|"
    r"organisations|organizations)\b",
    re.IGNORECASE,
)
# Sentence cues that the company serves what the sentence names.
SERVING_CUE_RE = re.compile(
    r"\b(?:we serve|serv(?:e|es|ing|ed)|industries|sectors?|verticals?|solutions? for|"
    r"built for|designed for|made for|tailored (?:for|to)|trusted by|used by|"
    r"clients? (?:in|from|across)|customers? (?:in|from|across)|we (?:work|partner) with|"
    r"we help|helps?|helping|specialis(?:e|es|ing) in serving|who we serve)\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)|\n")
_SENTENCE_WINDOW = 300

INDUSTRY_CONFIDENCE = {
    "heading": 0.85,
    "customer_noun": 0.75,
    "serving_cue": 0.7,
    "industries_page": 0.6,
}


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    window_start = max(start - _SENTENCE_WINDOW // 2, 0)
    ends = list(_SENTENCE_END_RE.finditer(text, window_start, start))
    sentence_start = ends[-1].end() if ends else window_start
    stop = _SENTENCE_END_RE.search(text, end, end + _SENTENCE_WINDOW // 2)
    sentence_end = stop.start() if stop else min(end + _SENTENCE_WINDOW // 2, len(text))
    return sentence_start, sentence_end


def _label_item(
    page: PageContent, label: str, matched: str, *, snippet: str, confidence: float, method: str
) -> EvidenceItem:
    return EvidenceItem(
        signal_key=Signal.INDUSTRY_LABEL,
        value=label,
        url=page.url,
        snippet=snippet[:SNIPPET_MAX_CHARS],
        confidence=confidence,
        extractor=f"industries.{method}",
        details={
            "matched": matched,
            "ssic_prefixes": list(LABELS_BY_NAME[label].ssic_prefixes),
        },
    )


def _heading_labels(page: PageContent) -> Iterator[EvidenceItem]:
    if page.page_type != "industries":
        return
    for heading in page.headings:
        for match in _SYNONYM_RE.finditer(heading):
            label = _LABEL_OF_SYNONYM[match.group(1).lower()]
            yield _label_item(
                page,
                label,
                match.group(1),
                snippet=redact_person_names(redact_contacts(collapse_whitespace(heading))),
                confidence=INDUSTRY_CONFIDENCE["heading"],
                method="heading",
            )


def _text_labels(page: PageContent, best: Mapping[str, EvidenceItem]) -> Iterator[EvidenceItem]:
    text = page.main_text
    on_industries_page = page.page_type == "industries"
    for match in _SYNONYM_RE.finditer(text):
        synonym = match.group(1)
        label = _LABEL_OF_SYNONYM[synonym.lower()]
        if _CUSTOMER_NOUN_RE.match(text, match.end()):
            method, confidence = "customer_noun", INDUSTRY_CONFIDENCE["customer_noun"]
        else:
            sentence_start, sentence_end = _sentence_bounds(text, match.start(), match.end())
            if SERVING_CUE_RE.search(text, sentence_start, sentence_end):
                method, confidence = "serving_cue", INDUSTRY_CONFIDENCE["serving_cue"]
            elif on_industries_page:
                method, confidence = "industries_page", INDUSTRY_CONFIDENCE["industries_page"]
            else:
                continue
        if is_beaten(best, label, confidence):
            continue
        yield _label_item(
            page,
            label,
            synonym,
            snippet=snippet_around(text, match.start(), match.end()),
            confidence=confidence,
            method=method,
        )


# Where a company says whom its product is not for.
NOT_FOR_CUE_RE = re.compile(
    r"\b(?:(?:is|are)\s+)?not\s+(?:a\s+(?:good\s+)?fit\s+|built\s+|designed\s+|made\s+|"
    r"right\s+|meant\s+|suitable\s+)?for\b|\b(?:isn't|aren't)\s+(?:a\s+fit\s+)?for\b"
    r"|\bwe\s+(?:don't|do\s+not|won't|will\s+not)\s+(?:serve|work\s+with|take\s+on|sell\s+to)\b"
    r"|\bnot\s+recommended\s+for\b|\bwho\s+(?:it|we)\s+(?:is|are)\s+not\s+for\b",
    re.IGNORECASE,
)
STATED_EXCLUSION_CONFIDENCE = 0.8


def extract_stated_exclusions(page: PageContent) -> list[EvidenceItem]:
    """`not_for` items: the industries a page says the company's product is not for
    ("Not for restaurants or retail shops"), one per label. Only the tenant's own site's
    are read (by the suggestions stage), as what it says of its own fit."""
    text = page.main_text
    found: dict[str, EvidenceItem] = {}
    for cue in NOT_FOR_CUE_RE.finditer(text):
        _, sentence_end = _sentence_bounds(text, cue.start(), cue.end())
        for match in _SYNONYM_RE.finditer(text, cue.end(), sentence_end):
            label = _LABEL_OF_SYNONYM[match.group(1).lower()]
            item = EvidenceItem(
                signal_key=Signal.NOT_FOR,
                value=label,
                url=page.url,
                snippet=snippet_around(text, cue.start(), match.end()),
                confidence=STATED_EXCLUSION_CONFIDENCE,
                extractor="industries.not_for",
                details={
                    "matched": match.group(1),
                    "ssic_prefixes": list(LABELS_BY_NAME[label].ssic_prefixes),
                },
            )
            keep_best(found, item)
    return list(found.values())


def extract_industry_labels(page: PageContent) -> list[EvidenceItem]:
    """`industry_label` items of one page, one per label (the most confident)."""
    best: dict[str, EvidenceItem] = {}
    for item in itertools.chain(_heading_labels(page), _text_labels(page, best)):
        keep_best(best, item)
    return list(best.values())


# --------------------------------------------------------------------------------------
# SSIC hints
# --------------------------------------------------------------------------------------

HOME_OPENING_CHARS = 1500
ABOUT_TEXT_CHARS = 20_000
_ORGANISATION_TYPES = frozenset(
    {"Organization", "Corporation", "LocalBusiness", "ProfessionalService", "Restaurant"}
)

SSIC_CONFIDENCE = {"json_ld": 0.7, "meta": 0.65, "about": 0.65, "home": 0.6}
#: Below this a code read from a page is too weak to keep.
MIN_HINT_CONFIDENCE = 0.15


def _is_organisation(block: Mapping[str, Any]) -> bool:
    kind = block.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(k in _ORGANISATION_TYPES for k in kinds if isinstance(k, str))


def _self_descriptions(page: PageContent) -> Iterator[tuple[str, str, bool]]:
    """(text, method, is_page_text) of where a page describes its own company."""
    for block in page.json_ld:
        description = block.get("description")
        if _is_organisation(block) and isinstance(description, str):
            yield description[:2000], "json_ld", False
    if page.page_type in ("home", "about"):
        for key in ("description", "og:description"):
            if description := page.meta.get(key):
                yield description, "meta", False
    if page.page_type == "home":
        yield page.main_text[:HOME_OPENING_CHARS], "home", True
    elif page.page_type == "about":
        yield page.main_text[:ABOUT_TEXT_CHARS], "about", True


def _organisation_names(page: PageContent) -> list[str]:
    """The names a page gives its own company: JSON-LD organisation names, og:site_name."""
    names = [
        value
        for block in page.json_ld
        if _is_organisation(block)
        for key in ("name", "legalName", "alternateName")
        if isinstance(value := block.get(key), str)
    ]
    if site_name := page.meta.get("og:site_name"):
        names.append(site_name)
    return names


def extract_ssic_hints(
    page: PageContent,
    company_names: Sequence[str] = (),
    ranker: ActivityRanker | None = None,
) -> list[EvidenceItem]:
    """`ssic_hint` items of one page: what the company says it does, as SSIC codes (see
    ``activities``), one item per code (the most confident). ``company_names`` (the
    seed's name) are left out of the text, with the names the page gives itself."""
    names = [*company_names, *_organisation_names(page)]
    best: dict[str, EvidenceItem] = {}
    seen_descriptions: set[str] = set()
    for description, method, is_page_text in _self_descriptions(page):
        if description in seen_descriptions:
            continue
        seen_descriptions.add(description)
        for found in read_activities(description, names, ranker):
            confidence = round(SSIC_CONFIDENCE[method] * found.confidence / MAX_CONFIDENCE, 3)
            if confidence < MIN_HINT_CONFIDENCE:
                continue
            start = page.main_text.find(found.words) if is_page_text else -1
            if start >= 0:
                snippet = snippet_around(page.main_text, start, start + len(found.words))
            else:
                snippet = f"{method} description: {collapse_whitespace(found.words)}"
            item = EvidenceItem(
                signal_key=Signal.SSIC_HINT,
                value=found.code,
                url=page.url,
                snippet=redact_person_names(redact_contacts(snippet))[:SNIPPET_MAX_CHARS],
                confidence=confidence,
                extractor=f"industries.ssic_{method}",
                details={"title": found.title, "matched": found.words, "rank": found.rank},
            )
            keep_best(best, item)
    return list(best.values())


def keep_top_ssic_hints(
    items: Iterable[EvidenceItem], limit: int = MAX_CODES
) -> list[EvidenceItem]:
    """A company's ``ssic_hint`` items for its ``limit`` strongest codes (summed over its
    pages), the other items untouched: a company is read as at most three activities."""
    items = list(items)
    strength: dict[str, float] = defaultdict(float)
    for item in items:
        if item.signal_key == Signal.SSIC_HINT:
            strength[item.value] += item.confidence
    kept = set(sorted(strength, key=lambda code: (-strength[code], code))[:limit])
    return [i for i in items if i.signal_key != Signal.SSIC_HINT or i.value in kept]
