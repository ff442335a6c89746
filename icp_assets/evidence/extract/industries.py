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
the about page, meta and JSON-LD descriptions), matched against the subclass titles and
the activity index through :class:`SsicIndex`: each entry is reduced to word stems and
indexed by them, so a sentence is matched by looking up its own stems, not by scanning
every entry.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import redact_contacts, redact_person_names
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem, is_beaten, keep_best
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.normalize import collapse_whitespace
from icp_assets.reference.ssic import read_ssic_activities, read_ssic_codes
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


def extract_industry_labels(page: PageContent) -> list[EvidenceItem]:
    """`industry_label` items of one page, one per label (the most confident)."""
    best: dict[str, EvidenceItem] = {}
    for item in itertools.chain(_heading_labels(page), _text_labels(page, best)):
        keep_best(best, item)
    return list(best.values())


# --------------------------------------------------------------------------------------
# SSIC hints
# --------------------------------------------------------------------------------------

_STOPWORD_TEXT = """
    a an and or of the for to in on by with from at as its their our we us is are be
    other others n e c nec eg e.g including include excluding except mainly etc related
    service services activity activities general type types various than not also
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Stems too common in ordinary prose to match an entry on their own.
_AMBIGUOUS_SINGLE_STEMS = frozenset(
    {
        "library",
        "logg",
        "archiv",
        "polic",
        "trust",
        "pub",
        "mov",
        "opera",
        "circus",
        "parliament",
        "prison",
        "choir",
        "orchestra",
        "trad",
    }
)
_SUFFIXES = (
    ("ations", ""),
    ("ation", ""),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ers", ""),
    ("er", ""),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
)
_WORD_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Parentheses that only widen or narrow an entry ("(except games)", "(e.g. lorries)") are
# dropped; the ones that qualify it ("(shipping line)", "(with mainly rental income)") stay.
_LOOSE_PARENTHESES_RE = re.compile(
    r"\((?:except|excluding|e\.g\.|eg|i\.e\.|including|not|other than)\b[^)]*\)", re.IGNORECASE
)
# How far apart an entry's words may lie in a sentence: its own length plus this.
_MAX_EXTRA_SPAN = 4
MIN_PARTIAL_STEMS = 2
MIN_PARTIAL_COVERAGE = 0.6


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A crude, consistent stem: the same on both sides is what matching needs."""
    word = word.removesuffix("'s")
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_stems(text: str) -> list[str]:
    """The stems of the content words of ``text``, in order."""
    words = _WORD_RE.findall(_fold(text).replace("e-commerce", "ecommerce"))
    return [stem(w) for w in words if w not in _STOPWORDS and not w.isdigit()]


@dataclass(frozen=True)
class SsicEntry:
    code: str
    title: str
    phrase: str
    via: str
    stems: tuple[str, ...]
    words: tuple[str, ...] = ()

    @functools.cached_property
    def distinct_stems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.stems))


@dataclass(frozen=True)
class SsicMatch:
    entry: SsicEntry
    matched_stems: int
    coverage: float
    start: int
    end: int


class SsicIndex:
    """5-digit SSIC codes by the word stems of their titles and activities."""

    def __init__(self, entries: Iterable[SsicEntry]) -> None:
        self.entries: list[SsicEntry] = []
        self._by_stem: dict[str, list[int]] = defaultdict(list)
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for entry in entries:
            if not entry.stems or (entry.code, entry.words) in seen:
                continue
            seen.add((entry.code, entry.words))
            index = len(self.entries)
            self.entries.append(entry)
            for entry_stem in set(entry.stems):
                self._by_stem[entry_stem].append(index)

    @classmethod
    def from_reference(cls) -> SsicIndex:
        codes = read_ssic_codes()
        titles = {c.code: c.title for c in codes if c.level == "subclass"}
        entries = [
            SsicEntry(code, title, title, "title", tuple(_entry_stems(title)), _entry_words(title))
            for code, title in titles.items()
        ]
        entries.extend(
            SsicEntry(
                code,
                titles[code],
                activity,
                "activity_index",
                tuple(_entry_stems(activity)),
                _entry_words(activity),
            )
            for code, activity in read_ssic_activities()
            if code in titles
        )
        return cls(entries)

    def match(self, text: str) -> list[SsicMatch]:
        """Entries whose words all occur close together in ``text`` (or, for entries of
        three words or more, at least 60 % of them), best first."""
        all_words = list(_WORD_RE.finditer(_fold(text).replace("e-commerce", "ecommerce")))
        word_stems = " " + " ".join(stem(m.group(0)) for m in all_words) + " "
        tokens = [
            (stem(m.group(0)), m.start(), m.end())
            for m in all_words
            if m.group(0) not in _STOPWORDS and not m.group(0).isdigit()
        ]
        positions: dict[str, list[int]] = defaultdict(list)
        for position, (token_stem, _, _) in enumerate(tokens):
            positions[token_stem].append(position)
        hits: dict[int, int] = defaultdict(int)
        for token_stem in positions:
            for index in self._by_stem.get(token_stem, ()):
                hits[index] += 1
        matches: list[SsicMatch] = []
        for index, found_count in hits.items():
            entry = self.entries[index]
            total = len(entry.distinct_stems)
            if found_count < total and (
                total < 3
                or found_count < MIN_PARTIAL_STEMS
                or found_count / total < MIN_PARTIAL_COVERAGE
            ):
                continue
            if total == 1:
                # One content word ("Cafes", "Accounting service"): the whole phrase must be
                # there as written, so "accounting software" is not "accounting service".
                phrase = " " + " ".join(entry.words) + " "
                if entry.stems[0] in _AMBIGUOUS_SINGLE_STEMS or phrase not in word_stems:
                    continue
            found = [s for s in entry.distinct_stems if s in positions]
            span = _closest_span([positions[s] for s in found])
            if span is None or span[1] - span[0] + 1 > len(found) + _MAX_EXTRA_SPAN:
                continue
            matches.append(
                SsicMatch(
                    entry,
                    len(found),
                    len(found) / total,
                    tokens[span[0]][1],
                    tokens[span[1]][2],
                )
            )
        matches.sort(key=lambda m: (-m.coverage, -m.matched_stems, m.entry.via != "title"))
        return _most_specific(matches)


def _most_specific(matches: list[SsicMatch]) -> list[SsicMatch]:
    """Full matches when there are any (else the partial ones), catch-all "n.e.c."
    entries only when nothing more specific matched."""
    full = [m for m in matches if m.coverage == 1.0]
    kept = full or matches
    specific = [m for m in kept if "n.e.c" not in m.entry.phrase.lower()]
    return specific or kept


def _entry_stems(phrase: str) -> list[str]:
    return content_stems(_LOOSE_PARENTHESES_RE.sub(" ", phrase))


def _entry_words(phrase: str) -> tuple[str, ...]:
    """Every word's stem, stopwords included: the exact phrase single-word entries need."""
    text = _fold(_LOOSE_PARENTHESES_RE.sub(" ", phrase)).replace("e-commerce", "ecommerce")
    return tuple(stem(w) for w in _WORD_RE.findall(text))


def _closest_span(position_lists: list[list[int]]) -> tuple[int, int] | None:
    """The narrowest (first, last) token positions covering one position of each list."""
    if not position_lists:
        return None
    best: tuple[int, int] | None = None
    for anchor in position_lists[0]:
        low = high = anchor
        for positions in position_lists[1:]:
            nearest = min(positions, key=lambda p: abs(p - anchor))
            low, high = min(low, nearest), max(high, nearest)
        if best is None or high - low < best[1] - best[0]:
            best = (low, high)
    return best


@functools.lru_cache(maxsize=1)
def ssic_index() -> SsicIndex:
    """The index over the project's SSIC 2020 files, built once per process."""
    return SsicIndex.from_reference()


# Where a sentence turns to whom the company serves, not what it does.
_OWN_ACTIVITY_SKIP_RE = re.compile(
    r"\b(?:serv(?:e|es|ing)|clients?|customers?|industries|sectors?|trusted by|helps?|"
    r"helping|built for|designed for|made for|solutions? for|partners?|integrat\w*)\b",
    re.IGNORECASE,
)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|\n+")
HOME_OPENING_CHARS = 1500
ABOUT_TEXT_CHARS = 20_000
_ORGANISATION_TYPES = frozenset(
    {"Organization", "Corporation", "LocalBusiness", "ProfessionalService", "Restaurant"}
)

SSIC_CONFIDENCE = {"json_ld": 0.7, "meta": 0.65, "about": 0.65, "home": 0.6}


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


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for part in _SENTENCE_SPLIT_RE.split(text):
        start = text.find(part, position)
        position = start + len(part)
        if part.strip():
            yield start, part


def extract_ssic_hints(page: PageContent, index: SsicIndex | None = None) -> list[EvidenceItem]:
    """`ssic_hint` items of one page: one per 5-digit code (the most confident)."""
    index = index or ssic_index()
    best: dict[str, EvidenceItem] = {}
    seen_descriptions: set[str] = set()
    for description, method, is_page_text in _self_descriptions(page):
        if description in seen_descriptions:
            continue
        seen_descriptions.add(description)
        for sentence_start, sentence in _sentences(description):
            if serving := _OWN_ACTIVITY_SKIP_RE.search(sentence):
                # What follows "we serve" / "for ... customers" is the customers' industry.
                sentence = sentence[: serving.start()]
            codes_in_sentence: set[str] = set()
            for found in index.match(sentence):
                entry = found.entry
                if entry.code in codes_in_sentence:
                    continue
                codes_in_sentence.add(entry.code)
                confidence = SSIC_CONFIDENCE[method] * (0.6 + 0.4 * found.coverage)
                if is_page_text:
                    start = sentence_start + found.start
                    snippet = snippet_around(page.main_text, start, sentence_start + found.end)
                else:
                    snippet = f"{method} description: {collapse_whitespace(sentence)}"
                item = EvidenceItem(
                    signal_key=Signal.SSIC_HINT,
                    value=entry.code,
                    url=page.url,
                    snippet=redact_person_names(redact_contacts(snippet))[:SNIPPET_MAX_CHARS],
                    confidence=round(confidence, 3),
                    extractor=f"industries.ssic_{method}",
                    details={
                        "title": entry.title,
                        "matched": entry.phrase,
                        "via": entry.via,
                        "coverage": round(found.coverage, 3),
                    },
                )
                keep_best(best, item)
    return list(best.values())
