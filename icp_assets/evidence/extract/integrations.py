"""`integration`: the tools a site integrates with, and the tools it runs itself.

Value scheme: ``"<relation>:<tool key>"``, for example ``"integrates:xero"`` (the site offers
an integration with Xero) or ``"runs:google-tag-manager"`` (the site itself runs Google Tag
Manager), so the two stay apart wherever values are compared.

The catalogue (``data/integrations.json``) is ``{"version": 1, "tools": [entry, ...]}``; each
entry has these fields:

- ``key``: a unique lower-case slug (``"xero"``, ``"google-tag-manager"``);
- ``name``: the display name; ``category``: one of :data:`CATEGORIES`;
- ``aliases``: the names matched in text, at least one, each starting with a letter or digit,
  unique across the whole catalogue (compared case-insensitively);
- ``script_hosts``: hosts of ``<script src>`` that mean the site runs the tool; a host also
  matches its subdomains (``"chimpstatic.com"`` matches ``"cdn.chimpstatic.com"``);
- ``link_hosts``: hosts of outbound links that mean the site uses the tool (a help centre on
  ``acme.zendesk.com``, a job board on ``jobs.lever.co``), never the vendor's own home page. A
  plain host matches itself and its subdomains; ``"*.zendesk.com"`` matches subdomains only,
  except the vendor's own ones in :data:`VENDOR_SUBDOMAINS` (``www``, ``support``, ``docs``...);
- ``meta_generators``: prefixes of ``<meta name="generator">`` (``"WordPress"`` matches
  ``"WordPress 6.4.2"``), compared case-insensitively and ending at a word boundary;
- ``marketplace_hosts`` (optional): the tool's app marketplace; a link there means the site
  lists an integration (``integrates``, not ``runs``);
- ``domains`` (optional): the vendor's own registrable domains; on those sites the tool is
  never reported, since its own pages name it everywhere;
- ``case_sensitive`` (optional, default false): aliases match only as written, for names that
  are also ordinary words in lower case ("Square", "Slack", "Sage");
- ``text_requires_context`` (optional, default false): a mention in text counts only in
  context (an integrations page, an integration phrase, "powered by"/"we use", or a list one
  of those introduces), never as a bare mention ("Zoom", "Notion", "Segment", "Wave").

Relations and confidences:

- ``integrates``: named on an integrations listing (an ``integrations`` page, text and logo
  alt texts, unless the page is about partners: a shop's partners page names what the shop
  uses), or after "integrates with", "connects to", "syncs with", "plugs into", "works with",
  "bank feeds from"... or before "integration", "connector", "plugin", "app store", or as
  "via the X API" (0.9); every tool of a list such a phrase introduces ("Integrates with Xero,
  QuickBooks and Shopify") gets the same; a link to the tool's app marketplace (0.85).
- ``runs``: a fingerprint, a script host, link host or meta generator (0.85); "powered by X",
  "we use X", "built on X", "hosted on X", "we sell on X", "our books are kept in X",
  "invoices are issued from X", "payments by X" (0.7); a bare mention anywhere else
  (0.3), since a tool a page names without context is weak evidence, kept with low confidence
  so that patterns can count it and scoring can discount it.

When phrases of both kinds precede a tool, the nearer one decides. Phrases are looked for in
the tool's own sentence, within a few words of it (filler such as "your existing accounting
software, such as" does not count).

A customers page (a case study, a client story) tells what the *client* runs: tools named in
its text are never read as the site's own stack (its fingerprints still are).

One item per (tool, relation) per page: the most confident, the first one found among equals.
``details`` holds ``tool`` (name), ``category``, ``relation``, ``matched`` (``"text"``,
``"image_alt"`` for logo alt texts on integrations pages, ``"script_host"``, ``"link_host"`` or
``"meta_generator"``), ``alias`` (the alias, host or generator matched) and ``context`` (which
rule decided the relation). Snippets of text matches are cut from the page's main text; those
of fingerprints describe them (``script src host js.stripe.com``) and never quote HTML.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import redact_contacts
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS, EvidenceItem
from icp_assets.evidence.extract.text import snippet_around
from icp_assets.normalize import collapse_whitespace
from icp_assets.signals import Signal

EXTRACTOR = "integrations.catalogue"
DEFAULT_CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "data" / "integrations.json"

CATEGORIES = (
    "crm",
    "ecommerce",
    "payments",
    "banking",
    "accounting",
    "erp",
    "marketing",
    "support",
    "analytics",
    "cloud",
    "hr",
    "communication",
    "productivity",
    "cms",
    "logistics",
)
RELATIONS = ("integrates", "runs")

CONFIDENCE = {
    "integrations_page": 0.9,
    "integration_phrase": 0.9,
    "marketplace_link": 0.85,
    "fingerprint": 0.85,
    "runs_phrase": 0.7,
    "mention": 0.3,
}

#: Subdomains a vendor keeps for itself: a link to ``support.zendesk.com`` is a mention of
#: Zendesk, a link to ``acme.zendesk.com`` is a help centre run on it.
VENDOR_SUBDOMAINS = frozenset(
    {
        "www",
        "app",
        "api",
        "apps",
        "blog",
        "community",
        "developer",
        "developers",
        "docs",
        "help",
        "info",
        "marketplace",
        "news",
        "partners",
        "status",
        "support",
    }
)

_ENTRY_FIELDS = frozenset(
    {
        "key",
        "name",
        "category",
        "aliases",
        "script_hosts",
        "link_hosts",
        "meta_generators",
        "marketplace_hosts",
        "domains",
        "case_sensitive",
        "text_requires_context",
    }
)
_REQUIRED_FIELDS = ("key", "name", "category", "aliases")
_KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}")

# How far back (characters) a phrase may sit before the tool it introduces.
_CONTEXT_WINDOW = 240
# Words between a phrase and the tool that are not list or filler words, at most.
_MAX_INTEGRATION_GAP_WORDS = 4
_MAX_RUNS_GAP_WORDS = 2
_SNIPPET_VALUE_CHARS = 120


class IntegrationCatalogueError(ValueError):
    """The catalogue file is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class IntegrationTool:
    key: str
    name: str
    category: str
    aliases: tuple[str, ...]
    script_hosts: tuple[str, ...] = ()
    link_hosts: tuple[str, ...] = ()
    meta_generators: tuple[str, ...] = ()
    marketplace_hosts: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    case_sensitive: bool = False
    text_requires_context: bool = False

    def is_vendor_site(self, domain: str) -> bool:
        """Whether ``domain`` (a page's registrable domain) is one of the vendor's own."""
        domain = domain.lower().rstrip(".")
        return any(
            domain == own or domain.endswith("." + own) or own.endswith("." + domain)
            for own in self.domains
        )


class AliasHit(NamedTuple):
    """A tool named in text, and the alias that named it."""

    tool: IntegrationTool
    alias: str


@dataclass(frozen=True, eq=False)
class IntegrationCatalogue:
    """The tools, with matchers compiled once: one alternation (a character trie) for the
    case-insensitive aliases, run on the lower-cased text, one for the case-sensitive ones,
    run on the text as written, and host indexes."""

    tools: tuple[IntegrationTool, ...]
    by_key: Mapping[str, IntegrationTool]
    any_case_pattern: re.Pattern[str] | None
    exact_case_pattern: re.Pattern[str] | None
    aliases_any_case: Mapping[str, AliasHit]
    aliases_exact_case: Mapping[str, AliasHit]
    script_hosts: Mapping[str, IntegrationTool]
    link_hosts: Mapping[str, IntegrationTool]
    link_host_wildcards: Mapping[str, IntegrationTool]
    marketplace_hosts: Mapping[str, IntegrationTool]
    meta_generators: tuple[tuple[str, IntegrationTool], ...]

    def find_aliases(
        self, text: str, lowered: str | None = None
    ) -> list[tuple[int, int, AliasHit]]:
        """Non-overlapping alias matches in ``text``, in order; at each position the longest.
        The words of a many-word alias may be separated by any whitespace, line breaks too.

        ``lowered`` is ``text`` lower-cased offset for offset, when the caller has it.
        """
        searches: list[tuple[re.Pattern[str], str, Mapping[str, AliasHit]]] = []
        if self.any_case_pattern is not None:
            lowered = lower_keeping_offsets(text) if lowered is None else lowered
            searches.append((self.any_case_pattern, lowered, self.aliases_any_case))
        if self.exact_case_pattern is not None:
            searches.append((self.exact_case_pattern, text, self.aliases_exact_case))
        found = [
            (match.start(), match.end(), names[" ".join(match.group().split())])
            for pattern, searched, names in searches
            for match in pattern.finditer(searched)
        ]
        found.sort(key=lambda item: (item[0], item[0] - item[1]))
        accepted: list[tuple[int, int, AliasHit]] = []
        for start, end, hit in found:
            if not accepted or start >= accepted[-1][1]:
                accepted.append((start, end, hit))
        return accepted


def load_integration_catalogue(path: Path | None = None) -> IntegrationCatalogue:
    """The catalogue at ``path``, or the project's own (read once and cached) when None.

    Raises:
        IntegrationCatalogueError: when the file is not valid JSON or an entry is malformed.
    """
    if path is None:
        return _load_default_catalogue()
    return _read_catalogue(path)


@lru_cache(maxsize=1)
def _load_default_catalogue() -> IntegrationCatalogue:
    return _read_catalogue(DEFAULT_CATALOGUE_PATH)


def _read_catalogue(path: Path) -> IntegrationCatalogue:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise IntegrationCatalogueError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("tools"), list):
        raise IntegrationCatalogueError(f"{path}: expected an object with a 'tools' list")
    tools = tuple(_parse_entry(path, index, entry) for index, entry in enumerate(document["tools"]))
    return build_integration_catalogue(tools, source=str(path))


def _parse_entry(path: Path, index: int, entry: Any) -> IntegrationTool:
    label = f"{path}: tools[{index}]"
    if not isinstance(entry, dict):
        raise IntegrationCatalogueError(f"{label}: expected an object, got {type(entry).__name__}")
    key = entry.get("key")
    if isinstance(key, str):
        label = f"{label} ({key!r})"

    def fail(field: str, problem: str) -> IntegrationCatalogueError:
        return IntegrationCatalogueError(f"{label}, field {field!r}: {problem}")

    unknown = sorted(set(entry) - _ENTRY_FIELDS)
    if unknown:
        raise fail(unknown[0], "unknown field")
    for field in _REQUIRED_FIELDS:
        if field not in entry:
            raise fail(field, "missing")
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise fail("key", f"{key!r} is not a lower-case slug")
    name = entry["name"]
    if not isinstance(name, str) or not name.strip():
        raise fail("name", "must be a non-empty string")
    if entry["category"] not in CATEGORIES:
        raise fail("category", f"{entry['category']!r} is not one of {', '.join(CATEGORIES)}")

    def strings(field: str, *, required: bool = False) -> tuple[str, ...]:
        values = entry.get(field, [])
        if not isinstance(values, list) or not all(
            isinstance(value, str) and value.strip() for value in values
        ):
            raise fail(field, "must be a list of non-empty strings")
        if required and not values:
            raise fail(field, "must not be empty")
        return tuple(values)

    def hosts(field: str, *, wildcards: bool = False) -> tuple[str, ...]:
        values = strings(field)
        for value in values:
            host = value[2:] if wildcards and value.startswith("*.") else value
            if not _HOST_RE.fullmatch(host):
                raise fail(field, f"{value!r} is not a lower-case host name")
        return values

    aliases = strings("aliases", required=True)
    for alias in aliases:
        if not alias[0].isalnum():
            raise fail("aliases", f"{alias!r} must start with a letter or a digit")
    flags = {}
    for field in ("case_sensitive", "text_requires_context"):
        flags[field] = entry.get(field, False)
        if not isinstance(flags[field], bool):
            raise fail(field, "must be true or false")
    return IntegrationTool(
        key=key,
        name=name,
        category=entry["category"],
        aliases=aliases,
        script_hosts=hosts("script_hosts"),
        link_hosts=hosts("link_hosts", wildcards=True),
        meta_generators=strings("meta_generators"),
        marketplace_hosts=hosts("marketplace_hosts"),
        domains=hosts("domains"),
        **flags,
    )


def build_integration_catalogue(
    tools: Iterable[IntegrationTool], *, source: str = "catalogue"
) -> IntegrationCatalogue:
    """Index ``tools`` and compile their matchers.

    Raises:
        IntegrationCatalogueError: on a repeated key, alias or host.
    """
    tools = tuple(tools)
    by_key: dict[str, IntegrationTool] = {}
    any_case: dict[str, AliasHit] = {}
    exact_case: dict[str, AliasHit] = {}
    seen_aliases: dict[str, str] = {}
    for tool in tools:
        if tool.key in by_key:
            raise IntegrationCatalogueError(f"{source}: key {tool.key!r} appears twice")
        by_key[tool.key] = tool
        for alias in tool.aliases:
            written = " ".join(alias.split())
            folded = written.lower()
            if folded in seen_aliases:
                raise IntegrationCatalogueError(
                    f"{source}: tool {tool.key!r}, field 'aliases': {alias!r} is already "
                    f"an alias of {seen_aliases[folded]!r}"
                )
            seen_aliases[folded] = tool.key
            if tool.case_sensitive:
                exact_case[written] = AliasHit(tool, alias)
            else:
                any_case[folded] = AliasHit(tool, alias)

    def index(
        field: str, hosts_of: Callable[[IntegrationTool], Iterable[str]]
    ) -> dict[str, IntegrationTool]:
        indexed: dict[str, IntegrationTool] = {}
        for tool in tools:
            for host in hosts_of(tool):
                if host in indexed:
                    raise IntegrationCatalogueError(
                        f"{source}: tool {tool.key!r}, field {field!r}: {host!r} is already "
                        f"listed for {indexed[host].key!r}"
                    )
                indexed[host] = tool
        return indexed

    return IntegrationCatalogue(
        tools=tools,
        by_key=by_key,
        any_case_pattern=re.compile(_alias_pattern(any_case)) if any_case else None,
        exact_case_pattern=re.compile(_alias_pattern(exact_case)) if exact_case else None,
        aliases_any_case=any_case,
        aliases_exact_case=exact_case,
        script_hosts=index("script_hosts", lambda tool: tool.script_hosts),
        link_hosts=index(
            "link_hosts", lambda tool: [h for h in tool.link_hosts if not h.startswith("*.")]
        ),
        link_host_wildcards=index(
            "link_hosts", lambda tool: [h[2:] for h in tool.link_hosts if h.startswith("*.")]
        ),
        marketplace_hosts=index("marketplace_hosts", lambda tool: tool.marketplace_hosts),
        meta_generators=tuple(
            (prefix.lower(), tool) for tool in tools for prefix in tool.meta_generators
        ),
    )


def lower_keeping_offsets(text: str) -> str:
    """``text`` lower-cased, each character in place (a few characters lower-case to two;
    those stay as they are), so offsets into the result are offsets into ``text``."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def _alias_pattern(aliases: Iterable[str]) -> str:
    """One alternation over ``aliases`` shaped as a character trie, so the engine tries each
    position against shared prefixes once instead of against every alias in turn; at each
    position the longest alias wins. Word boundaries on both sides."""
    trie: dict[str, Any] = {}
    for alias in aliases:
        node = trie
        for char in " ".join(alias.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return r"(?<!\w)" + _trie_regex(trie) + r"(?!\w)"


def _trie_regex(node: Mapping[str, Any]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


# --- text context -------------------------------------------------------------------------

# Phrases are matched on the lower-cased text: case-sensitive alternations run several times
# faster in Python's engine than case-insensitive ones.
_INTEGRATION_BEFORE_RE = re.compile(
    r"\b(?:"
    r"integrat(?:es?|ed|ing|ions?)\s+(?:\w+\s+){0,3}(?:with|into|for|to)"
    r"|integrations?\s*:"
    r"|connect(?:s|ed|ing|ions?)?\s+(?:\w+\s+){0,3}(?:to|with)"
    r"|connectors?\s+(?:for|to|with)"
    r"|sync(?:s|ed|ing|hroni[sz](?:es|ed|ing))?\s+(?:\w+\s+){0,3}(?:with|to|from)"
    r"|plugs?\s+(?:\w+\s+){0,3}into"
    r"|works?\s+(?:\w+\s+)?with"
    r"|compatible\s+with"
    r"|(?:bank|direct)\s+feeds?\s+(?:from|for|with)"
    r"|imports?\s+(?:\w+\s+){0,3}from"
    r"|exports?\s+(?:\w+\s+){0,3}to"
    r")(?!\w)(?!\s+(?:us|me|you)\b)"
)
_INTEGRATION_AFTER_RE = re.compile(
    r"(?:['\u2019]s)?[\s-]{0,2}(?:"
    r"integrations?|connectors?|plug-?ins?|add-?ons?|app\s+store|app\s+marketplace"
    r"|marketplace|appexchange|two-way\s+sync|sync|certified\s+(?:app|partner)"
    r")\b"
)
_VIA_BEFORE_RE = re.compile(r"\b(?:via|through)\s+(?:the\s+|their\s+|its\s+)?$")
_API_AFTER_RE = re.compile(r"(?:['\u2019]s)?\s+(?:open\s+|public\s+|rest\s+)?api\b")
_RUNS_BEFORE_RE = re.compile(
    r"\b(?:"
    r"powered\s+by|(?:built|build|builds)\s+(?:on|with|using)|runs?\s+on|running\s+on"
    r"|hosted\s+(?:on|by|with|in)|we(?:\s+also)?\s+use|we['\u2019]re\s+using|we\s+are\s+using"
    r"|we\s+rely\s+on|we\s+run|our\s+(?:team|company|stack|business)\s+uses"
    r"|we(?:\s+also)?\s+sell\s+(?:on|through|via)"
    r"|processed\s+(?:by|through)|(?:secured|protected)\s+by"
    r"|(?:is|are)\s+(?:kept|issued|managed|handled|done|sent|booked|recorded)\s+"
    r"(?:in|on|from|with|through|via|by)"
    r"|payments?\s+(?:by|via|through|with)|(?:e-?mails?|newsletters?)\s+(?:by|via|through)"
    r")(?!\w)"
)
_LISTING_WORDS_RE = re.compile(
    r"integrat|connector|plug-?ins?\b|add-?ons?\b|\bapps?\b|app-?store|marketplace"
)
_PARTNER_WORDS_RE = re.compile(r"partner")
# Candidate sentence ends; _sentence_start drops "e.g." / "i.e." / "etc." and line breaks
# after ":" or "," (a list introduced on the line above continues below it).
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s)|\n\s*")
_ABBREVIATIONS = ("e.g", "i.e", "etc")
_LIST_GAP_RE = re.compile(
    r"(?:\s|[,;/&+|*\u2022\u00b7\u2013\u2014-]|\b(?:and|or|plus|as\s+well\s+as|etc)\b\.?)*"
)
_GAP_WORD_RE = re.compile(r"[\w'\u2019.&+-]+")
# Words that may sit between a phrase and the tools it introduces without breaking the link:
# "integrates with your existing accounting software, such as Xero".
_FILLER_TEXT = """
    a all an and any as both directly e.g. easily eg either etc existing favorite favourite
    from i.e. including into its leading like major many more most natively other others our
    plus popular seamlessly such the their to top well with your
    tool tools app apps platform platforms system systems software solution solutions service
    services account accounts provider providers gateway gateways marketplace marketplaces
    bank banks accounting crm crms erp erps ecommerce e-commerce payment payments payroll hr
    analytics marketing email help desk helpdesk shipping logistics"""
_FILLER_WORDS = frozenset(_FILLER_TEXT.split())


@dataclass(frozen=True)
class _TextContext:
    relation: str
    confidence: float
    context: str
    #: Whether the context can carry over to the next tool of a list.
    carries: bool


class _MentionScanner:
    """Decides, for each tool named in a text, whether the text says the site integrates with
    it, runs it, or only names it. Looks only at a short window around each name."""

    def __init__(
        self,
        lowered: str,
        matches: Sequence[tuple[int, int, AliasHit]],
        on_integrations_page: bool,
    ) -> None:
        self.text = lowered
        self.spans = [(start, end) for start, end, _ in matches]
        self.span_starts = [start for start, _ in self.spans]
        self.on_integrations_page = on_integrations_page
        self.previous: tuple[int, _TextContext] | None = None

    def classify(self, start: int, end: int) -> _TextContext | None:
        """The context of the name at ``text[start:end]``; call in text order."""
        context = self._classify(start, end)
        self.previous = (end, context) if context is not None else None
        return context

    def _classify(self, start: int, end: int) -> _TextContext | None:
        text = self.text
        sentence_start = self._sentence_start(start)
        integration_end = self._phrase_end(_INTEGRATION_BEFORE_RE, sentence_start, start)
        if integration_end is not None and (
            self._gap_words(integration_end, start) > _MAX_INTEGRATION_GAP_WORDS
        ):
            integration_end = None
        runs_end = self._phrase_end(_RUNS_BEFORE_RE, sentence_start, start)
        if runs_end is not None and self._gap_words(runs_end, start) > _MAX_RUNS_GAP_WORDS:
            runs_end = None
        integration_after = bool(_INTEGRATION_AFTER_RE.match(text, end)) or bool(
            _VIA_BEFORE_RE.search(text, max(start - 20, sentence_start), start)
            and _API_AFTER_RE.match(text, end)
        )
        runs_is_nearer = runs_end is not None and (
            integration_end is None or runs_end > integration_end
        )
        if runs_is_nearer and not integration_after:
            return _TextContext("runs", CONFIDENCE["runs_phrase"], "runs_phrase", carries=True)
        if integration_end is not None or integration_after:
            confidence = CONFIDENCE["integration_phrase"]
            return _TextContext("integrates", confidence, "integration_phrase", carries=True)
        if self.previous is not None:
            previous_end, previous_context = self.previous
            if previous_context.carries and _LIST_GAP_RE.fullmatch(text, previous_end, start):
                return previous_context
        if self.on_integrations_page:
            confidence = CONFIDENCE["integrations_page"]
            return _TextContext("integrates", confidence, "integrations_page", carries=False)
        return None

    def _sentence_start(self, position: int) -> int:
        text = self.text
        start = max(position - _CONTEXT_WINDOW, 0)
        for match in _SENTENCE_END_RE.finditer(text, start, position):
            if text[match.start()] == "\n":
                before = match.start() - 1
                while before > 0 and text[before] in " \t":
                    before -= 1
                if before >= 0 and text[before] in ":,":
                    continue
            elif text[max(match.start() - 3, 0) : match.start()] in _ABBREVIATIONS:
                continue
            start = match.end()
        return start

    def _phrase_end(self, pattern: re.Pattern[str], start: int, end: int) -> int | None:
        last = None
        for match in pattern.finditer(self.text, start, end):
            last = match.end()
        return last

    def _gap_words(self, start: int, end: int) -> int:
        """How many words of ``text[start:end]`` are neither filler nor another tool's name."""
        pieces = []
        cursor = start
        first = max(bisect.bisect_left(self.span_starts, start) - 1, 0)
        for span_start, span_end in self.spans[first:]:
            if span_start >= end:
                break
            if span_end <= start:
                continue
            pieces.append(self.text[cursor:span_start])
            cursor = max(cursor, span_end)
        pieces.append(self.text[cursor:end])
        words = _GAP_WORD_RE.findall(" ".join(pieces))
        return sum(word not in _FILLER_WORDS for word in words)


# --- extraction ---------------------------------------------------------------------------


class _Candidate(NamedTuple):
    tool: IntegrationTool
    relation: str
    confidence: float
    matched: str
    alias: str
    context: str
    #: A fingerprint's description, or None for a text match, whose snippet is cut from the
    #: page's main text around ``span`` only if the candidate is kept.
    snippet: str | None
    span: tuple[int, int] = (0, 0)


def extract_integrations(page: PageContent, catalogue: IntegrationCatalogue) -> list[EvidenceItem]:
    """``integration`` evidence from one page: what the site integrates with and what it runs.

    Pure and deterministic: one item per (tool, relation), ordered by confidence, then value.
    """
    best: dict[tuple[str, str], _Candidate] = {}
    for candidate in _candidates(page, catalogue):
        if candidate.tool.is_vendor_site(page.domain):
            continue
        slot = (candidate.tool.key, candidate.relation)
        if slot not in best or candidate.confidence > best[slot].confidence:
            best[slot] = candidate
    items = [
        EvidenceItem(
            signal_key=Signal.INTEGRATION,
            value=f"{candidate.relation}:{candidate.tool.key}",
            url=page.url,
            snippet=(
                candidate.snippet
                if candidate.snippet is not None
                else snippet_around(page.main_text, *candidate.span)
            ),
            confidence=candidate.confidence,
            extractor=EXTRACTOR,
            details={
                "tool": candidate.tool.name,
                "category": candidate.tool.category,
                "relation": candidate.relation,
                "matched": candidate.matched,
                "alias": candidate.alias,
                "context": candidate.context,
            },
        )
        for candidate in best.values()
    ]
    items.sort(key=lambda item: (-item.confidence, item.value))
    return items


def is_integrations_listing(page: PageContent) -> bool:
    """Whether the page lists what the product integrates with: an ``integrations`` page,
    unless its address or title says it is about partners and not integrations. A partners
    page of a shop or a factory names the tools the company uses, not integrations."""
    if page.page_type != "integrations":
        return False
    about = f"{urlsplit(page.url).path} {page.title}".lower()
    return bool(_LISTING_WORDS_RE.search(about)) or not _PARTNER_WORDS_RE.search(about)


def _candidates(page: PageContent, catalogue: IntegrationCatalogue) -> Iterator[_Candidate]:
    yield from _text_candidates(page, catalogue)
    if is_integrations_listing(page):
        yield from _image_alt_candidates(page, catalogue)
    yield from _fingerprint_candidates(page, catalogue)


def _text_candidates(page: PageContent, catalogue: IntegrationCatalogue) -> Iterator[_Candidate]:
    lowered = lower_keeping_offsets(page.main_text)
    matches = catalogue.find_aliases(page.main_text, lowered)
    scanner = _MentionScanner(lowered, matches, is_integrations_listing(page))
    about_clients = page.page_type == "customers"
    for start, end, hit in matches:
        context = scanner.classify(start, end)
        if context is None:
            if hit.tool.text_requires_context:
                continue
            context = _TextContext("runs", CONFIDENCE["mention"], "mention", carries=False)
        if about_clients and context.relation == "runs":
            continue
        yield _Candidate(
            tool=hit.tool,
            relation=context.relation,
            confidence=context.confidence,
            matched="text",
            alias=hit.alias,
            context=context.context,
            snippet=None,
            span=(start, end),
        )


def _image_alt_candidates(
    page: PageContent, catalogue: IntegrationCatalogue
) -> Iterator[_Candidate]:
    """Integrations pages are often a grid of logos whose names exist only as ``alt`` text."""
    for alt in page.image_alts:
        for _, _, hit in catalogue.find_aliases(alt):
            yield _Candidate(
                tool=hit.tool,
                relation="integrates",
                confidence=CONFIDENCE["integrations_page"],
                matched="image_alt",
                alias=hit.alias,
                context="integrations_page",
                snippet=_describe("image alt", alt),
            )


def _fingerprint_candidates(
    page: PageContent, catalogue: IntegrationCatalogue
) -> Iterator[_Candidate]:
    fingerprint = CONFIDENCE["fingerprint"]
    for host in page.script_hosts:
        tool = _lookup_host(catalogue.script_hosts, host)
        if tool is not None:
            snippet = _fingerprint_snippet(f"script src host {host}")
            yield _Candidate(tool, "runs", fingerprint, "script_host", host, "fingerprint", snippet)
    for host in page.link_hosts:
        tool = _lookup_host(catalogue.marketplace_hosts, host)
        if tool is not None:
            snippet = _fingerprint_snippet(f"link host {host} (app marketplace)")
            confidence = CONFIDENCE["marketplace_link"]
            yield _Candidate(
                tool, "integrates", confidence, "link_host", host, "marketplace_link", snippet
            )
            continue
        tool = _lookup_host(catalogue.link_hosts, host) or _lookup_wildcard_host(
            catalogue.link_host_wildcards, host
        )
        if tool is not None:
            snippet = _fingerprint_snippet(f"link host {host}")
            yield _Candidate(tool, "runs", fingerprint, "link_host", host, "fingerprint", snippet)
    generator = collapse_whitespace(page.meta.get("generator", ""))
    if generator:
        folded = generator.lower()
        for prefix, tool in catalogue.meta_generators:
            if folded.startswith(prefix) and not folded[len(prefix) : len(prefix) + 1].isalnum():
                snippet = _describe("meta generator", generator)
                yield _Candidate(
                    tool, "runs", fingerprint, "meta_generator", generator, "fingerprint", snippet
                )


def _lookup_host(index: Mapping[str, IntegrationTool], host: str) -> IntegrationTool | None:
    """The tool of ``host`` or of its nearest listed parent domain."""
    labels = host.lower().rstrip(".").split(".")
    for position in range(len(labels) - 1):
        tool = index.get(".".join(labels[position:]))
        if tool is not None:
            return tool
    return None


def _lookup_wildcard_host(
    index: Mapping[str, IntegrationTool], host: str
) -> IntegrationTool | None:
    """The tool of a ``*.base`` pattern ``host`` falls under, unless the label just below
    ``base`` is one the vendor keeps for itself (``www``, ``support``...)."""
    labels = host.lower().rstrip(".").split(".")
    for position in range(1, len(labels) - 1):
        tool = index.get(".".join(labels[position:]))
        if tool is not None:
            return None if labels[position - 1] in VENDOR_SUBDOMAINS else tool
    return None


def _fingerprint_snippet(description: str) -> str:
    return description[:SNIPPET_MAX_CHARS]


def _describe(kind: str, value: str) -> str:
    value = collapse_whitespace(redact_contacts(value))
    if len(value) > _SNIPPET_VALUE_CHARS:
        value = value[: _SNIPPET_VALUE_CHARS - 1].rstrip() + "\u2026"
    return f'{kind} "{value}"'
