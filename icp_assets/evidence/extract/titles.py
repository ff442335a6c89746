"""`buyer_title`: job titles, normalized to a function and a level.

Value scheme: ``"<function> <level>"``, for example ``"sales leadership"``.

- functions: sales, marketing, finance, operations, technology, people, customer success,
  procurement, supply chain, general management, product, legal;
- levels: ``executive`` (CEO, founder, managing director, owner, president, chairman:
  general management only), ``leadership`` (VP, head, director, and the function's own
  chief: a CFO is ``finance leadership`` with ``details["c_level"] = True``),
  ``manager`` (manager, supervisor, lead, controller), ``individual`` (everything else).

Titles from careers pages are roles the company hires (``source="careers"``, low
confidence as a buyer signal); titles in testimonials and case studies are the people
who bought (``"testimonial"`` / ``"case_study"``, higher confidence), with the company
named after the title (``details["at"]``): on a seller's site, its customer. Whose
buyer a title is depends on whose site it is on: the suggestions stage decides. The person's name
is never kept: titles are cut to their title words and snippets go through
:func:`~icp_assets.crawl.personal_data.redact_person_names`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import NAME_PLACEHOLDER, redact_person_names
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem, is_beaten, keep_best
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.normalize import collapse_whitespace
from icp_assets.signals import Signal

FUNCTIONS = (
    "sales",
    "marketing",
    "finance",
    "operations",
    "technology",
    "people",
    "customer success",
    "procurement",
    "supply chain",
    "general management",
    "product",
    "legal",
)
LEVELS = ("executive", "leadership", "manager", "individual")

CONFIDENCE = {
    "case_study": 0.8,
    "testimonial": 0.75,
    "careers_json_ld": 0.45,
    "careers": 0.4,
}
MAX_TITLE_WORDS = 8

# Function keywords, multi-word ones first; matched on the lower-case title.
_FUNCTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("customer success", "customer success"),
    ("customer service", "customer success"),
    ("customer experience", "customer success"),
    ("client services", "customer success"),
    ("supply chain", "supply chain"),
    ("business development", "sales"),
    ("account executive", "sales"),
    ("account manager", "sales"),
    ("key account", "sales"),
    ("human resources", "people"),
    ("human resource", "people"),
    ("talent acquisition", "people"),
    ("general counsel", "legal"),
    ("legal counsel", "legal"),
    ("general manager", "general management"),
    ("managing director", "general management"),
    ("managing partner", "general management"),
    ("information technology", "technology"),
    ("sales", "sales"),
    ("revenue", "sales"),
    ("commercial", "sales"),
    ("marketing", "marketing"),
    ("growth", "marketing"),
    ("brand", "marketing"),
    ("communications", "marketing"),
    ("finance", "finance"),
    ("financial", "finance"),
    ("accounting", "finance"),
    ("accountant", "finance"),
    ("accounts", "finance"),
    ("controller", "finance"),
    ("treasury", "finance"),
    ("tax", "finance"),
    ("audit", "finance"),
    ("payroll", "finance"),
    ("operations", "operations"),
    ("operating", "operations"),
    ("operation", "operations"),
    ("outlet", "operations"),
    ("restaurant", "operations"),
    ("store", "operations"),
    ("plant", "operations"),
    ("production", "operations"),
    ("quality", "operations"),
    ("facilities", "operations"),
    ("technology", "technology"),
    ("technical", "technology"),
    ("engineering", "technology"),
    ("software", "technology"),
    ("developer", "technology"),
    ("data", "technology"),
    ("it", "technology"),
    ("information", "technology"),
    ("digital", "technology"),
    ("security", "technology"),
    ("hr", "people"),
    ("people", "people"),
    ("talent", "people"),
    ("recruitment", "people"),
    ("recruiter", "people"),
    ("support", "customer success"),
    ("procurement", "procurement"),
    ("purchasing", "procurement"),
    ("sourcing", "procurement"),
    ("buyer", "procurement"),
    ("logistics", "supply chain"),
    ("warehouse", "supply chain"),
    ("inventory", "supply chain"),
    ("fleet", "supply chain"),
    ("distribution", "supply chain"),
    ("freight", "supply chain"),
    ("product", "product"),
    ("legal", "legal"),
    ("counsel", "legal"),
    ("compliance", "legal"),
    ("paralegal", "legal"),
    ("lawyer", "legal"),
    ("solicitor", "legal"),
    ("advocate", "legal"),
    ("chief executive", "general management"),
    ("ceo", "general management"),
    ("founder", "general management"),
    ("co-founder", "general management"),
    ("cofounder", "general management"),
    ("owner", "general management"),
    ("president", "general management"),
    ("chairman", "general management"),
    ("chairwoman", "general management"),
    ("chairperson", "general management"),
    ("md", "general management"),
    ("gm", "general management"),
    ("director", "general management"),
    ("partner", "general management"),
)
_FUNCTION_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k, _ in _FUNCTION_KEYWORDS) + r")(?![\w-])"
)
_FUNCTION_OF = dict(_FUNCTION_KEYWORDS)
# Every word of a keyword: "Customer" in "Customer Success Manager" is a title word.
_FUNCTION_KEYWORD_WORDS = frozenset(w for keyword, _ in _FUNCTION_KEYWORDS for w in keyword.split())
# Keywords that name the function only when nothing more specific is in the title.
_WEAK_FUNCTION_KEYWORDS = frozenset({"director", "partner", "president", "owner", "gm", "md"})

_C_LEVEL_FUNCTION = {
    "ceo": "general management",
    "cfo": "finance",
    "coo": "operations",
    "cto": "technology",
    "cio": "technology",
    "cmo": "marketing",
    "cro": "sales",
    "chro": "people",
    "cpo": "product",
    "clo": "legal",
    "cco": "customer success",
}
_CHIEF_RE = re.compile(r"\bchief\s+([a-z &-]+?)\s+officer\b")
_EXECUTIVE_RE = re.compile(
    r"\b(?:ceo|chief executive|co-?founder|founder|managing director|md|owner|president|"
    r"chairman|chairwoman|chairperson|managing partner)\b"
)
_LEADERSHIP_RE = re.compile(
    r"\b(?:vice president|vp|svp|evp|avp|head|director|general manager|gm|partner|"
    r"general counsel)\b"
)
_MANAGER_RE = re.compile(r"\b(?:manager|supervisor|lead|controller|team leader|leader)\b")

_ROLE_NOUN_RE = re.compile(
    r"\b(?:Chief|Head|Director|Manager|Vice President|VP|SVP|EVP|AVP|President|Founder|"
    r"Co-?[Ff]ounder|Owner|Partner|Officer|Executive|Lead|Leader|Chairman|Chairwoman|"
    r"Chairperson|CEO|CFO|COO|CTO|CIO|CMO|CRO|CHRO|CPO|CLO|CCO|MD|GM|Accountant|Controller|"
    r"Engineer|Counsel|Consultant|Analyst|Specialist|Supervisor|Coordinator|Associate|"
    r"Administrator|Advocate|Solicitor|Lawyer|Paralegal|Buyer|Planner|Developer|Designer|"
    r"Recruiter|Representative|Assistant|Clerk|Technician|Storekeeper|Driver|Intern|"
    r"Secretary|Treasurer|Architect|Machinist|Operator)\b"
)
# A run of title-shaped tokens on one line: capitalized words, acronyms, "of", "&"...
_TITLE_RUN_RE = re.compile(
    r"(?:[A-Z][\w&/'’.-]*|[A-Z]{2,6})(?:[ \t]+(?:[A-Z][\w&/'’.-]*|of|and|&|for|the|-))*"
)
_TITLE_CONNECTORS = frozenset({"of", "and", "&", "for", "the", "-"})
_SENIORITY_WORDS = frozenset(
    {
        "senior",
        "sr",
        "junior",
        "jr",
        "group",
        "regional",
        "global",
        "deputy",
        "assistant",
        "associate",
        "executive",
        "principal",
        "acting",
        "interim",
        "vice",
        "general",
        "managing",
        "country",
        "chief",
    }
)
# Text right before an attributed title: "[name], ", "— ", "(", "| ", "our ".
_ATTRIBUTION_BEFORE_RE = re.compile(
    rf"(?:{re.escape(NAME_PLACEHOLDER)}|[\w.’'])[ \t]*(?:,|\(|\||[-–—])[ \t]*"
    r"(?:our[ \t]+|the[ \t]+)?$"
    r"|^[ \t]*(?:[-–—―][ \t]*)?(?:our[ \t]+|the[ \t]+)?$"
)
_CAREERS_NOISE_RE = re.compile(r"\b(?:apply|join|careers?|jobs?|openings?|vacanc|hiring)\b", re.I)


@dataclass(frozen=True)
class BuyerTitle:
    """A job title as written, with its function and level."""

    title: str
    function: str
    level: str
    c_level: bool

    @property
    def value(self) -> str:
        return f"{self.function} {self.level}"


def _vocabulary_word(word: str) -> bool:
    lowered = word.lower().strip(".,")
    return (
        lowered in _SENIORITY_WORDS
        or lowered in _FUNCTION_OF
        or bool(_FUNCTION_RE.fullmatch(lowered))
        or bool(_ROLE_NOUN_RE.fullmatch(word.strip(".,")))
        or lowered in _FUNCTION_KEYWORD_WORDS
    )


def _trim_title(run: str) -> str | None:
    """The title words of a capitalized run: leading words that are no title words
    (a name, "Meet", "Our") and trailing ones (a company) cut off."""
    words = run.split()
    while words and (words[0].lower() in _TITLE_CONNECTORS or not _vocabulary_word(words[0])):
        words.pop(0)
    while words and (words[-1].lower() in _TITLE_CONNECTORS or not _vocabulary_word(words[-1])):
        # "Head of Finance" ends with a function word, "Sales Director" with a role noun;
        # a function phrase after "of" keeps its last word ("Head of Supply Chain").
        words.pop()
    if not words or len(words) > MAX_TITLE_WORDS:
        return None
    return " ".join(words)


def classify_title(title: str) -> BuyerTitle | None:
    """Function and level of a job title, or None when it names no known function."""
    text = collapse_whitespace(title)
    if not text or not _ROLE_NOUN_RE.search(text):
        return None
    lowered = text.lower()
    c_level = False
    function: str | None = None
    if chief := _CHIEF_RE.search(lowered):
        c_level = True
        function = _function_of(chief.group(1)) or "general management"
        if chief.group(1).strip() == "executive":
            function = "general management"
    else:
        for acronym, acronym_function in _C_LEVEL_FUNCTION.items():
            if re.search(rf"\b{acronym}\b", lowered):
                c_level, function = True, acronym_function
                break
    if function is None:
        function = _function_of(lowered)
    if function is None:
        return None
    if function == "general management" and (_EXECUTIVE_RE.search(lowered) or c_level):
        level = "executive"
    elif c_level or _LEADERSHIP_RE.search(lowered):
        level = "leadership"
    elif _MANAGER_RE.search(lowered):
        level = "manager"
    elif function == "general management":
        # "Executive" or "Associate" alone names no function.
        return None
    else:
        level = "individual"
    return BuyerTitle(title=text, function=function, level=level, c_level=c_level)


def _function_of(lowered: str) -> str | None:
    weak: str | None = None
    for match in _FUNCTION_RE.finditer(lowered):
        keyword = match.group(1)
        if keyword in _WEAK_FUNCTION_KEYWORDS:
            weak = weak or _FUNCTION_OF[keyword]
            continue
        return _FUNCTION_OF[keyword]
    return weak


def _title_runs(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _TITLE_RUN_RE.finditer(text):
        run = match.group(0)
        if not _ROLE_NOUN_RE.search(run):
            continue
        title = _trim_title(run)
        if title is None:
            continue
        offset = run.find(title)
        start = match.start() + max(offset, 0)
        yield start, start + len(title), title


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end == -1 else line_end


def _item(
    page: PageContent, found: BuyerTitle, source: str, method: str, snippet: str
) -> EvidenceItem:
    confidence_key = "careers_json_ld" if method == "json_ld" else source
    return EvidenceItem(
        signal_key=Signal.BUYER_TITLE,
        value=found.value,
        url=page.url,
        snippet=snippet[:SNIPPET_MAX_CHARS],
        confidence=CONFIDENCE[confidence_key],
        extractor=f"titles.{method}",
        details={
            "title": found.title,
            "function": found.function,
            "level": found.level,
            "c_level": found.c_level,
            "source": source,
        },
    )


def _job_posting_titles(json_ld: tuple[Mapping[str, Any], ...]) -> Iterator[str]:
    for block in json_ld:
        kind = block.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "JobPosting" in kinds and isinstance(block.get("title"), str):
            yield block["title"]


def _careers_items(page: PageContent, best: Mapping[str, EvidenceItem]) -> Iterator[EvidenceItem]:
    for raw in _job_posting_titles(page.json_ld):
        # JobPosting titles carry extras: "Senior Accountant (Full-time) - Singapore".
        for start, end, title in _title_runs(raw):
            if found := classify_title(title):
                snippet = snippet_around(raw, start, end)
                yield _item(
                    page, found, "careers", "json_ld", f"Job posting: {snippet}"[:SNIPPET_MAX_CHARS]
                )
                break
    text = redact_person_names(page.main_text)
    for start, end, title in _title_runs(text):
        line_start, line_end = _line_bounds(text, start, end)
        line = text[line_start:line_end]
        # A listing line is short and mostly the title ("Warehouse Supervisor · Full-time").
        if len(line.split()) > MAX_TITLE_WORDS + 6 or _CAREERS_NOISE_RE.search(title):
            continue
        found = classify_title(title)
        if found and not is_beaten(best, found.value, CONFIDENCE["careers"]):
            yield _item(page, found, "careers", "careers", snippet_around(text, start, end))
    for heading in page.headings:
        for _start, _end, title in _title_runs(heading):
            if (found := classify_title(title)) and not _CAREERS_NOISE_RE.search(title):
                yield _item(
                    page,
                    found,
                    "careers",
                    "careers",
                    redact_person_names(heading)[:SNIPPET_MAX_CHARS],
                )


# After a signed title, the company the person is at: "…, Head of Finance, Harbourline
# Logistics" or "Head of Finance at Harbourline Logistics".
_AT_COMPANY_RE = re.compile(
    r"[ \t]*(?:,|\bat\b|@|\||[-–—])[ \t]*"
    r"((?:[A-Z0-9][\w&'’.\-]*)(?:[ \t]+(?:&[ \t]+|and[ \t]+|of[ \t]+)?[A-Z0-9][\w&'’.\-]*){0,6})"
)


def _company_after(text: str, end: int) -> str | None:
    """The company named right after a signed title, if any (on the same line)."""
    line_end = text.find("\n", end)
    match = _AT_COMPANY_RE.match(text, end, len(text) if line_end == -1 else line_end)
    return collapse_whitespace(match.group(1)).rstrip(".,") if match else None


def _attributed_items(
    page: PageContent, best: Mapping[str, EvidenceItem]
) -> Iterator[EvidenceItem]:
    source = "case_study" if page.page_type == "customers" else "testimonial"
    text = redact_person_names(page.main_text)
    for start, end, title in _title_runs(text):
        line_start, _ = _line_bounds(text, start, end)
        before = text[max(line_start, start - 60) : start]
        if not _ATTRIBUTION_BEFORE_RE.search(before):
            continue
        if before.strip() == "" and line_start == start:
            # A title alone at the start of a line is attributed only under a name line.
            previous = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : line_start]
            if NAME_PLACEHOLDER not in previous:
                continue
        found = classify_title(title)
        if found and not is_beaten(best, found.value, CONFIDENCE[source]):
            item = _item(page, found, source, source, snippet_around(text, start, end))
            if at := _company_after(text, end):
                item = dataclasses.replace(item, details={**item.details, "at": at})
            yield item


def extract_buyer_titles(page: PageContent) -> list[EvidenceItem]:
    """`buyer_title` items of one page, one per normalized value (the most confident).

    About pages are skipped: their titles are the company's own team, not its buyers.
    """
    if page.page_type == "about":
        return []
    best: dict[str, EvidenceItem] = {}
    extract = _careers_items if page.page_type == "careers" else _attributed_items
    for item in extract(page, best):
        keep_best(best, item)
    return list(best.values())
