"""Best and lost customers typed as free text in a chat, read into intake seeds.

Pure: no database, no network. :func:`parse_intake_text` turns text such as::

    Acme — acme.com; Beta Logistics — betalogistics.sg
    Lost:
    - Globex — globex.sg (budget < $10k)

into best customers, lost customers with their reasons, and the fragments it could not read,
each with a reason in plain words.

How the text is read:

* Entries are separated by new lines, semicolons, bullets ("- ", "* ", "• ") and numbering
  ("1. ", "2) "), and by commas when the pieces are whole entries ("Acme, Beta, Gamma"). A comma
  does not split a name from its legal form ("Acme, Inc.", "Acme, Pte. Ltd."), a name from its
  website ("Acme, acme.com") or a reason that runs on ("because too small, no budget"). Any other
  comma in a name does split it: "Tan, Lim & Partners" is read as two customers.
* The website is what looks like one: a bare domain or a URL, after an em dash, en dash,
  " - ", "|", ":", "," or in parentheses ("Acme Pte Ltd (acme.com)"), or alone at the end of the
  entry ("Acme acme.com"). It is kept as written, only checked with ``normalize_domain``; an
  entry whose website is invalid is not read.
* A bare domain ("acme.com") becomes a customer named after its registrable label, title-cased
  ("Acme"), with ``name_from_domain`` set.
* The reason is what follows the website, parenthesised text that is not a website or a legal
  form ("Acme (S)" keeps its "(S)"), text after a dash when there is no website, or text after
  "because", "due to", "lost:", "churned:" or "reason:".
* A line "Lost:", "Lost customers:", "Churned:" makes the entries that follow lost ones;
  "Best:", "Best customers:", "Customers:" makes them best ones. Text after the colon is read
  as entries. Any other line that ends in a colon is a heading: read for "lost"/"churned" or
  "best"/"customers", otherwise reported as not understood.
* ``kind`` forces every entry to best or lost; without it, an entry is of its heading's kind,
  or lost when it gives a reason and best otherwise.
* Best customers carry no reason: a reason given to a best customer (by a "Best:" heading or by
  ``kind="best"``) is left out rather than refused. A lost customer without a reason is refused,
  as the intake requires one.
* Fragments without a single letter or digit ("---") are dividers and are skipped.
* A repeat of an earlier customer, by registrable domain or, for an entry without a website, by
  normalized name, is reported as a duplicate; entries over the intake's limits are reported as
  over the limit.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from icp_assets.intake.model import (
    MAX_BEST_CUSTOMERS,
    MAX_LOST_CUSTOMERS,
    MAX_NAME_CHARS,
    MAX_REASON_CHARS,
    MAX_WEBSITE_CHARS,
)
from icp_assets.intake.text import trim_invisible
from icp_assets.normalize import InvalidDomainError, normalize_company_name, normalize_domain

__all__ = [
    "MAX_TEXT_CHARS",
    "ParsedCustomer",
    "ParsedIntakeText",
    "Unparsed",
    "parse_intake_text",
]

Kind = Literal["best", "lost"]

MAX_TEXT_CHARS = 20_000
LOST_NEEDS_REASON = "a lost customer needs a reason, e.g. 'Globex — globex.sg (budget < $10k)'"
_LIMITS: dict[Kind, int] = {"best": MAX_BEST_CUSTOMERS, "lost": MAX_LOST_CUSTOMERS}


@dataclass(frozen=True)
class ParsedCustomer:
    """A customer read from the text; ``reason`` is set for lost customers only."""

    name: str
    website: str | None
    reason: str | None
    name_from_domain: bool = False

    def as_json(self) -> dict[str, Any]:
        """The customer as the API returns it; "reason" appears for lost customers only."""
        data: dict[str, Any] = {"name": self.name, "website": self.website}
        if self.reason is not None:
            data["reason"] = self.reason
        data["name_from_domain"] = self.name_from_domain
        return data


@dataclass(frozen=True)
class Unparsed:
    """A fragment of the text that is not a customer, and why, in plain words."""

    text: str
    reason: str


@dataclass(frozen=True)
class ParsedIntakeText:
    """Everything read from one text: best and lost customers in order, and the rest."""

    best_customers: tuple[ParsedCustomer, ...]
    lost_customers: tuple[ParsedCustomer, ...]
    unparsed: tuple[Unparsed, ...]

    def as_json(self) -> dict[str, Any]:
        """The result as the API returns it."""
        return {
            "best_customers": [customer.as_json() for customer in self.best_customers],
            "lost_customers": [customer.as_json() for customer in self.lost_customers],
            "unparsed": [{"text": item.text, "reason": item.reason} for item in self.unparsed],
        }


# --------------------------------------------------------------------------------------------
# Lines, headings and entries
# --------------------------------------------------------------------------------------------

_BULLET_RE = re.compile(r"(?:[-*•·‣▪◦+–—]\s+|\(?\d{1,3}[.)]\s+)")
_HEADER_RE = re.compile(
    r"(?:#+\s*)?(?:\*\*)?(?:our\s+)?"
    r"(?:(?P<lost>(?:lost|churned)(?:\s+(?:customers|clients|accounts|deals))?"
    r"|(?:former|ex-?)\s*(?:customers|clients))"
    r"|(?P<best>(?:best|top|ideal|good|current)\s+(?:customers|clients|accounts)"
    r"|best|customers|clients))"
    r"(?:\*\*)?\s*:(?:\*\*)?\s*(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_LOST_HEADING_RE = re.compile(r"\b(?:lost|churn\w*|former|ex-customers?)\b", re.IGNORECASE)
_BEST_HEADING_RE = re.compile(r"\b(?:best|top|ideal|customers?|clients?)\b", re.IGNORECASE)
_ENTRY_SEPARATORS = frozenset(";•")
_ALNUM_RE = re.compile(r"[^\W_]")

# Characters trimmed from the ends of names and reasons, and that mark a website as meant.
_SEPARATOR_CHARS = "—–-|:,;@*"
_TRAILING_SITE_PUNCTUATION = ".,!?:"
_SITE_WRAPPERS = "<>\"'`"

# Explicit reason markers: "because (of)", "due to", "lost:", "churned -", "reason:", "why:".
_REASON_MARKER_BODY = (
    r"(?:(?:lost|churned)\s*(?::|[—–]|-\s)\s*"
    r"|(?:(?:lost|churned)\s+)?(?:because(?:\s+of)?|due\s+to)\s+"
    r"|(?:reasons?|why)\s*(?::|[—–]|-\s)\s*)"
)
_REASON_MARKER_RE = re.compile(r"(?<![^\s—–|,:;-])" + _REASON_MARKER_BODY, re.IGNORECASE)
_LEADING_REASON_MARKER_RE = re.compile(_REASON_MARKER_BODY, re.IGNORECASE)
# Between a name and a reason when the entry names no website.
_DASH_RE = re.compile(r"—|–|(?<=\s)-(?=\s)|\|")
_SITE_LABEL_RE = re.compile(r"(?:web\s*site|site|url|domain|homepage)\s*[:=]\s*$", re.IGNORECASE)

_TOKEN_RE = re.compile(r"[^\s—–|,;()]+")
# "Acme:acme.com" but not "https://" or a port.
_TOKEN_COLON_RE = re.compile(r":(?!//|\d)")
_SCHEME_URL_RE = re.compile(r"[a-z][a-z0-9+.\-]*://\S*", re.IGNORECASE)
# Looks like a domain, possibly an invalid one ("acme..com"): the last label is alphabetic so that
# "v2.0" or "3.5" are not taken for websites.
_DOMAIN_SHAPE_RE = re.compile(
    r"(?:[\w.+-]+@)?[\w-]+\.(?:[\w-]*\.)*(?:[^\W\d_]{2,}|xn--[\w-]+)(?::\d+)?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
# Legal forms are short; longer text is never only legal words.
_MAX_LEGAL_WORDS_CHARS = 40
# Longer than any acceptable name, website and reason together.
_MAX_ENTRY_CHARS = 1_000


@dataclass(frozen=True)
class _Draft:
    """One entry as read, before it is checked against the intake's rules."""

    text: str
    name: str
    website: str | None
    website_error: str | None
    reasons: tuple[str, ...]
    open_reason: bool  # the reason runs to the end of the entry: a following comma continues it
    only_website: bool


def _trim(text: str) -> str:
    """``text`` without surrounding white space and separator characters."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _SEPARATOR_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _SEPARATOR_CHARS):
        end -= 1
    return text[start:end]


def _without_bullet(text: str) -> str:
    text = text.strip()
    if match := _BULLET_RE.match(text):
        return text[match.end() :]
    return text


def _paren_pairs(text: str) -> dict[int, int]:
    """Matched parentheses of ``text``: the index of each ")" -> the index of its "("."""
    openers: list[int] = []
    pairs: dict[int, int] = {}
    for index, char in enumerate(text):
        if char == "(":
            openers.append(index)
        elif char == ")" and openers:
            pairs[index] = openers.pop()
    return pairs


def _top_level(text: str, pairs: dict[int, int]) -> list[bool]:
    """For each character of ``text``, whether it is outside every matched parenthesis."""
    depth_change = [0] * (len(text) + 1)
    for close, open_ in pairs.items():
        depth_change[open_ + 1] += 1
        depth_change[close] -= 1
    outside = []
    depth = 0
    for index in range(len(text)):
        depth += depth_change[index]
        outside.append(depth == 0)
    return outside


def _top_level_groups(pairs: dict[int, int], outside: list[bool]) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the parenthesised groups not inside another, in order."""
    return sorted((open_, close + 1) for close, open_ in pairs.items() if outside[open_])


def _is_legal_words(text: str) -> bool:
    """Whether ``text`` is only legal forms or locality markers, as in "Inc." or "(S)"."""
    text = text.strip()
    if not text or len(text) > _MAX_LEGAL_WORDS_CHARS:
        return False
    return normalize_company_name(f"x {text}") == "x"


def _website_token(raw: str) -> str | None:
    """The website ``raw`` names, as written without wrapping punctuation, or None."""
    value = raw.strip(_SITE_WRAPPERS).rstrip(_TRAILING_SITE_PUNCTUATION).strip(_SITE_WRAPPERS)
    if not value:
        return None
    if _SCHEME_URL_RE.fullmatch(value):
        return value
    if _DOMAIN_SHAPE_RE.fullmatch(value) and not _is_legal_words(value):
        return value
    return None


@dataclass(frozen=True)
class _SiteCandidate:
    start: int
    end: int
    website: str
    explicit: bool  # set off by a separator or parentheses, so certainly meant as a website


def _site_candidates(text: str) -> list[_SiteCandidate]:
    pairs = _paren_pairs(text)
    outside = _top_level(text, pairs)
    candidates = []
    for start, end in _top_level_groups(pairs, outside):
        if website := _website_token(text[start + 1 : end - 1].strip()):
            candidates.append(_SiteCandidate(start, end, website, explicit=True))
    for token in _TOKEN_RE.finditer(text):
        if not outside[token.start()]:
            continue
        piece_start = token.start()
        for piece in _TOKEN_COLON_RE.split(token.group()):
            if website := _website_token(piece):
                before = piece_start - 1
                while before >= 0 and text[before].isspace():
                    before -= 1
                explicit = before >= 0 and text[before] in _SEPARATOR_CHARS + "("
                candidates.append(
                    _SiteCandidate(piece_start, piece_start + len(piece), website, explicit)
                )
            piece_start += len(piece) + 1
    candidates.sort(key=lambda candidate: candidate.start)
    return candidates


def _find_website(text: str) -> _SiteCandidate | None:
    """The website of an entry: the one set off as such, else one ending the entry.

    A domain-looking word inside a name ("Vue.js Labs — vuejs.org") is part of the name.
    """
    candidates = _site_candidates(text)
    if not candidates:
        return None
    # A website set off after a name wins over a domain-looking name ("Booking.com — booking.com").
    explicit = next((c for c in candidates if c.explicit and _trim(text[: c.start])), None)
    if explicit is not None:
        return explicit
    first, last = candidates[0], candidates[-1]
    if not _trim(text[: first.start]):
        return first
    if not _trim(text[last.end :]):
        return last
    return None


def _peel_trailing_groups(text: str) -> tuple[str, list[str]]:
    """``text`` without its trailing parenthesised groups, and their contents in order.

    A group of legal words ("Acme (S)") is part of the name and stops the peeling.
    """
    pairs = _paren_pairs(text)
    contents: list[str] = []
    end = len(text)
    while True:
        while end > 0 and (text[end - 1].isspace() or text[end - 1] in _SEPARATOR_CHARS):
            end -= 1
        if end == 0 or text[end - 1] != ")" or (end - 1) not in pairs:
            break
        start = pairs[end - 1]
        content = text[start + 1 : end - 1].strip()
        if _is_legal_words(content):
            break
        if content:
            contents.append(content)
        end = start
    contents.reverse()
    return text[:end], contents


def _clean_reason(reason: str) -> str:
    reason = _trim(reason)
    if match := _LEADING_REASON_MARKER_RE.match(reason):
        reason = _trim(reason[match.end() :])
    return reason


def _reason_marker(text: str) -> re.Match[str] | None:
    """The first reason marker outside parentheses."""
    outside = _top_level(text, _paren_pairs(text))
    return next((m for m in _REASON_MARKER_RE.finditer(text) if outside[m.start()]), None)


def _dash(text: str) -> re.Match[str] | None:
    """The first dash or bar outside parentheses."""
    outside = _top_level(text, _paren_pairs(text))
    return next((m for m in _DASH_RE.finditer(text) if outside[m.start()]), None)


def _read_entry(text: str) -> _Draft:
    """Name, website and reasons of one entry, as written."""
    text = text.strip()
    main, marker_reason = text, ""
    if marker := _reason_marker(text):
        main, marker_reason = text[: marker.start()], text[marker.end() :]

    site = _find_website(main)
    if site is not None:
        before, after = main[: site.start], main[site.end :]
    elif dash := _dash(main):
        before, after = main[: dash.start()], main[dash.end() :]
    else:
        before, after = main, ""

    if label := _SITE_LABEL_RE.search(before):
        before = before[: label.start()]
    name_part, name_reasons = _peel_trailing_groups(before)
    name = _trim(name_part)

    after = _trim(after)
    after_rest, after_groups = _peel_trailing_groups(after)
    if _trim(after_rest):
        after_reasons, after_open = [after], True
    else:
        after_reasons, after_open = after_groups, False

    reasons = [_clean_reason(r) for r in [*name_reasons, *after_reasons, marker_reason]]
    website_error = None
    if site is not None:
        try:
            normalize_domain(site.website)
        except InvalidDomainError as error:
            website_error = str(error)
    return _Draft(
        text=text,
        name=name,
        website=site.website if site else None,
        website_error=website_error,
        reasons=tuple(r for r in reasons if r),
        open_reason=after_open or bool(_trim(marker_reason)),
        only_website=site is not None and not _trim(text[: site.start] + text[site.end :]),
    )


def _comma_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between commas outside parentheses (not "$10,000")."""
    outside = _top_level(text, _paren_pairs(text))
    spans = []
    start = 0
    for index, char in enumerate(text):
        if (
            char == ","
            and outside[index]
            and not (index + 1 < len(text) and text[index + 1].isdigit())
        ):
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


def _continues(current: _Draft, piece: _Draft) -> bool:
    """Whether the comma before ``piece`` is inside ``current`` rather than between entries."""
    if not piece.name and piece.website is None:
        return True  # ", (budget)"
    if piece.only_website:
        return current.website is None and not current.reasons and bool(current.name)
    return _is_legal_words(piece.name)  # "Acme, Inc."


def _entries(fragment: str) -> Iterator[_Draft]:
    """The entries of a fragment with no semicolon or bullet, split at the commas between them."""
    groups: list[tuple[int, int]] = []
    current: _Draft | None = None
    absorbing = False  # every following piece belongs to the current entry
    for start, end in _comma_spans(fragment):
        if groups and (absorbing or not fragment[start:end].strip()):
            groups[-1] = (groups[-1][0], end)
            continue
        piece = _read_entry(fragment[start:end])
        if current is not None and _continues(current, piece):
            groups[-1] = (groups[-1][0], end)
            # Re-reading an ever longer entry at each comma would take quadratic time; one this
            # long is refused for its length anyway.
            absorbing = end - groups[-1][0] > _MAX_ENTRY_CHARS
            if not absorbing:
                current = _read_entry(fragment[groups[-1][0] : end])
                absorbing = current.open_reason
        else:
            groups.append((start, end))
            current = piece
            absorbing = piece.open_reason
    for start, end in groups:
        yield _read_entry(fragment[start:end])


def _split_outside_parens(text: str, separators: frozenset[str]) -> list[str]:
    outside = _top_level(text, _paren_pairs(text))
    parts = []
    start = 0
    for index, char in enumerate(text):
        if char in separators and outside[index]:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


@dataclass(frozen=True)
class _Heading:
    kind: Kind | None
    rest: str


def _heading(line: str) -> _Heading | None:
    """The section a line opens, and the entries after its colon; None for an entry line."""
    if match := _HEADER_RE.fullmatch(line):
        return _Heading("lost" if match["lost"] else "best", match["rest"])
    if line.endswith(":") and _find_website(line) is None:
        if _LOST_HEADING_RE.search(line):
            return _Heading("lost", "")
        if _BEST_HEADING_RE.search(line):
            return _Heading("best", "")
        return _Heading(None, "")
    return None


# --------------------------------------------------------------------------------------------
# Checking entries against the intake's rules
# --------------------------------------------------------------------------------------------


def _name_from_domain(domain: str) -> str:
    """A domain's registrable label, title-cased ("acme.com.sg" -> "Acme")."""
    label = domain.split(".", 1)[0]
    if label.startswith("xn--"):
        with contextlib.suppress(UnicodeError):
            label = label.encode("ascii").decode("idna")
    return label.title()


@dataclass
class _Collector:
    """The customers accepted so far, what was refused, and the keys that find duplicates."""

    kind: Kind | None
    best: list[ParsedCustomer] = field(default_factory=list)
    lost: list[ParsedCustomer] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    seen_domains: dict[str, ParsedCustomer] = field(default_factory=dict)
    seen_names: dict[str, ParsedCustomer] = field(default_factory=dict)

    def add(self, draft: _Draft, section: Kind | None) -> None:
        if (problem := self._accept(draft, section)) is not None:
            self.unparsed.append(Unparsed(draft.text, problem))

    def _accept(self, draft: _Draft, section: Kind | None) -> str | None:
        """Add the entry as a customer, or say in words why it cannot be one."""
        if "\x00" in draft.text:
            return "contains a NUL character (\\u0000), which cannot be stored"
        if draft.website_error is not None:
            return f"invalid website: {draft.website_error}"
        website = draft.website
        domain = normalize_domain(website) if website is not None else None
        # Trimmed as the intake model trims them, so that what is read here is accepted.
        name, from_domain = trim_invisible(draft.name), False
        if not name:
            if domain is None:
                return "no company name in this entry"
            name, from_domain = _name_from_domain(domain), True
        if len(name) > MAX_NAME_CHARS:
            return f"company name longer than {MAX_NAME_CHARS} characters"
        if website is not None and len(website) > MAX_WEBSITE_CHARS:
            return f"website longer than {MAX_WEBSITE_CHARS} characters"
        reason = trim_invisible("; ".join(draft.reasons)) or None
        kind: Kind = self.kind or section or ("lost" if reason else "best")
        if kind == "best":
            reason = None
        elif reason is None:
            return LOST_NEEDS_REASON
        elif len(reason) > MAX_REASON_CHARS:
            return f"reason longer than {MAX_REASON_CHARS} characters"

        name_key = normalize_company_name(name)
        earlier = self.seen_domains.get(domain) if domain else self.seen_names.get(name_key)
        if earlier is not None:
            shown = f"{earlier.name} ({earlier.website})" if earlier.website else earlier.name
            return f"duplicate of {shown}"
        customers = self.best if kind == "best" else self.lost
        if len(customers) >= _LIMITS[kind]:
            return f"over the limit of {_LIMITS[kind]} {kind} customers"

        customer = ParsedCustomer(name, website, reason, from_domain)
        customers.append(customer)
        if domain:
            self.seen_domains.setdefault(domain, customer)
        self.seen_names.setdefault(name_key, customer)
        return None


def parse_intake_text(text: str, kind: Literal["best", "lost"] | None = None) -> ParsedIntakeText:
    """Best and lost customers typed in a chat, and the fragments that are not customers.

    See the module's documentation for how the text is read. Never raises on text within the
    limit: whatever cannot be read is in ``unparsed``.

    Args:
        text: What the user typed; at most :data:`MAX_TEXT_CHARS` characters.
        kind: ``"best"`` or ``"lost"`` to make every entry of that kind, overriding headings;
            None to go by headings and reasons.

    Raises:
        ValueError: If the text is longer than :data:`MAX_TEXT_CHARS` or ``kind`` is unknown.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"intake text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}"
        )
    if kind not in ("best", "lost", None):
        raise ValueError(f"kind must be 'best', 'lost' or None, not {kind!r}")
    collector = _Collector(kind)
    section: Kind | None = None
    for raw_line in text.splitlines():
        line = _without_bullet(raw_line)
        if heading := _heading(line):
            if heading.kind is None:
                collector.unparsed.append(
                    Unparsed(line, "a heading that says neither best nor lost customers")
                )
            section = heading.kind or section
            line = heading.rest
        for fragment in _split_outside_parens(line, _ENTRY_SEPARATORS):
            entry_text = _without_bullet(fragment)
            if not _ALNUM_RE.search(entry_text):
                continue
            for draft in _entries(entry_text):
                if _ALNUM_RE.search(draft.text):
                    collector.add(draft, section)
    return ParsedIntakeText(
        best_customers=tuple(collector.best),
        lost_customers=tuple(collector.lost),
        unparsed=tuple(collector.unparsed),
    )
