"""Personal data out of page text, before anything is stored or quoted: e-mail
addresses and phone numbers, and personal names.

Names are found in the positions where sites
put them of people in the positions where sites
put them (testimonial attributions, team pages, "Meet ...", honorifics) and replaced by a
placeholder.

Each rule is one regular expression applied in one pass, so redaction stays linear in
the text. A match is rejected when it looks like an organisation ("Harbourline
Logistics, a 3PL") or starts with an ordinary word ("Our Head of Sales").

Known misses, accepted to keep ordinary prose intact:
- a bare name in running text with no cue ("we asked Jane Tan about ...");
- a title written before the name ("Head of Finance Jane Tan");
- all-lower-case names, and names written in non-Latin scripts;
- the second name of a pair after a cue ("Meet Jane Tan and Ahmad Ismail").
``known_names`` (from JSON-LD Person nodes) removes those names exactly wherever they occur.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

# Characters that hide an address from a plain pattern without changing how it reads:
# zero-width spaces and joiners, the word joiner, the byte-order mark, the soft hyphen.
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")

# Possessive, and starting only where a local part can start: linear on long dotted runs.
EMAIL_RE = re.compile(r"(?<![\w.+'-])[\w.+'-]++(?:@|%40)[\w-]++(?:\.[\w-]++)++", re.UNICODE)
# Addresses written the way people hide them: "jane [at] acme [dot] com", "jane(at)acme.com",
# "jane {at} acme . com", "jane [@] acme.com", "jane/at/acme.com", "jane at acme dot com",
# "jane AT acme DOT com". Only the whole shape counts (a local part, an at-word, one or more
# domain labels joined by dot-words, a last label that is a known top-level domain), so "we
# are at Jurong" and "dot matrix printers" stay. A bare spaced "at" needs spelled-out dots
# ("find us at acme.com" is a web address, not a mailbox).
_OBFUSCATED_TLDS = (
    "com|net|org|edu|gov|mil|int|biz|info|name|pro|asia|sg|my|id|th|ph|vn|kh|mm|bn|la|hk|mo"
    "|tw|cn|jp|kr|in|au|nz|uk|us|ca|de|fr|nl|ch|se|no|dk|fi|ie|es|it|ae|io|ai|co|me|app|dev"
    "|tech|xyz|online|site|email|mail|cc|tv"
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TLD_RE = re.compile(rf"(?:{_OBFUSCATED_TLDS})", re.IGNORECASE)
_LOCAL = r"(?<![\w.+'-])\w[\w.+'-]*+"
_BRACKETED_AT = r"[ \t]*[\[({<][ \t]*(?:at|@)[ \t]*[\])}>][ \t]*|[ \t]*/at/[ \t]*"
_SPELLED_AT = r"[ \t]+at[ \t]+"
_BRACKETED_DOT = r"[ \t]*[\[({<][ \t]*(?:dot|\.)[ \t]*[\])}>][ \t]*|[ \t]*/dot/[ \t]*"
_SPELLED_DOT = rf"[ \t]+dot[ \t]+|{_BRACKETED_DOT}"
_ANY_DOT = rf"{_SPELLED_DOT}|[ \t]?\.[ \t]?"
# Possessive repetitions: the labels are taken as far as they go and never retried, so
# redaction stays linear; which label is the top-level domain is decided afterwards.
OBFUSCATED_EMAIL_RE = re.compile(
    rf"{_LOCAL}(?:"
    rf"(?:{_BRACKETED_AT})(?P<bracketed>{_LABEL}(?:(?:{_ANY_DOT}){_LABEL})++)"
    rf"|(?:{_SPELLED_AT})(?P<spelled>{_LABEL}(?:(?:{_SPELLED_DOT}){_LABEL})++))(?![\w-])",
    re.IGNORECASE,
)
_ANY_DOT_RE = re.compile(rf"({_ANY_DOT})", re.IGNORECASE)
_SPELLED_DOT_RE = re.compile(rf"({_SPELLED_DOT})", re.IGNORECASE)
# The spelled-out words must be written in one case ("at"/"AT", "dot"/"DOT"): "At" and
# "Dot" open sentences and names.
_SPELLED_WORD_RE = re.compile(r"(?<![a-z])(?:at|dot)(?![a-z])", re.IGNORECASE)

# International or local numbers of 8+ digits, with the usual separators: "+65 6123 4567",
# "(65) 6123-4567", "+1 (415) 555-0132". Years and postal codes (4–6 digits) do not match.
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{3,4}(?:[\s.-]?\d{3,4}){1,3}(?!\w)"
)
# A number with an international prefix ("+65", "(+65)", "+65 (0)") is a phone whatever
# its grouping: "+65 6 1 2 3 4 5 1 1", "+65 61 23 45 12", "+65/6123/4567", "+65–6123–4567".
_PHONE_SEPARATOR = r"[ \t\u00a0.\-\u2010-\u2015/_·•]{0,3}"
INTERNATIONAL_PHONE_RE = re.compile(
    rf"(?<![\w+])(?:\(\+[ \t]?\d{{1,3}}\)|\+[ \t]?\d{{1,3}})"
    rf"(?:[ \t]?\(0\))?(?:{_PHONE_SEPARATOR}\d){{6,14}}(?!\w)"
)
_PHONE_MIN_DIGITS = 8

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"


def normalize_text(text: str) -> str:
    """``text`` in Unicode NFKC form (full-width "＠" and "．" become "@" and ".") without
    invisible characters, as redaction reads it."""
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text))


def _redact_obfuscated_email(match: re.Match[str]) -> str:
    """``[email]`` up to the domain's last top-level-domain label ("com" in "jane at acme
    dot com dot matrix"), or the match unchanged when no label after the first is one."""
    whole = match.group(0)
    spelled = match.group("spelled") is not None
    group = "spelled" if spelled else "bracketed"
    pieces = (_SPELLED_DOT_RE if spelled else _ANY_DOT_RE).split(match.group(group))
    # pieces: label, separator, label, separator, ..., label
    end = None
    for index in range(len(pieces) - 1, 1, -2):
        if _TLD_RE.fullmatch(pieces[index]):
            end = index
            break
    if end is None:
        return whole
    address = whole[: match.start(group) - match.start()] + "".join(pieces[: end + 1])
    for word in _SPELLED_WORD_RE.findall(address):
        if word not in (word.lower(), word.upper()):
            return whole
    return EMAIL_PLACEHOLDER + whole[len(address) :]


def _redact_phone(match: re.Match[str]) -> str:
    digits = sum(char.isdigit() for char in match.group(0))
    return PHONE_PLACEHOLDER if digits >= _PHONE_MIN_DIGITS else match.group(0)


def redact_emails(text: str) -> str:
    """``text`` (normalized) with e-mail addresses, plain and hidden, replaced."""
    text = EMAIL_RE.sub(EMAIL_PLACEHOLDER, normalize_text(text))
    return OBFUSCATED_EMAIL_RE.sub(_redact_obfuscated_email, text)


def redact_contacts(text: str) -> str:
    """``text`` (normalized) with e-mail addresses and phone numbers replaced by
    placeholders."""
    text = INTERNATIONAL_PHONE_RE.sub(_redact_phone, redact_emails(text))
    return PHONE_RE.sub(_redact_phone, text)


def _redact_url_part(part: str, *, phones: bool) -> str:
    """One path segment, query value or fragment of a URL: decoded and redacted; the
    original (still encoded) text when nothing in it is personal."""
    decoded = unquote(part)
    redacted = redact_emails(decoded)
    if phones:
        redacted = INTERNATIONAL_PHONE_RE.sub(_redact_phone, redacted)
    return part if redacted == normalize_text(decoded) else quote(redacted, safe="[]@:+,;=-._~")


def _redact_query(query: str) -> str:
    pairs = []
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        pairs.append(
            f"{_redact_url_part(key, phones=False)}{sep}{_redact_url_part(value, phones=True)}"
        )
    return "&".join(pairs)


def redact_url(url: str | None) -> str | None:
    """``url`` as it may be stored: a path segment, query value or fragment holding an
    e-mail address (``/team/jane.tan@gmail.com``, ``?email=jane%40acme.com``) or an
    international phone number has it replaced by its placeholder, and user
    information before the host is dropped. Nothing else in the URL changes."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_contacts(url)
    netloc = parts.netloc.rpartition("@")[2]
    path = "/".join(_redact_url_part(segment, phones=False) for segment in parts.path.split("/"))
    query = _redact_query(parts.query) if parts.query else ""
    fragment = _redact_url_part(parts.fragment, phones=True) if parts.fragment else ""
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def redact_stored_value(value: Any) -> Any:
    """``value`` (a string, or lists and mappings of them, as JSON holds them) with
    contacts redacted in every string: the last pass over whatever is written to a
    table."""
    if isinstance(value, str):
        return redact_contacts(value)
    if isinstance(value, list | tuple):
        return [redact_stored_value(item) for item in value]
    if isinstance(value, Mapping):
        return {key: redact_stored_value(item) for key, item in value.items()}
    return value


NAME_PLACEHOLDER = "[name]"

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# Capitalized word with the usual name shapes: "Tan", "O'Brien", "McDonald", "Jean-Luc",
# "Nurul"; or an all-caps surname ("TAN Wei Ming"); or an initial ("J.").
_NAME_WORD = (
    rf"(?:(?:[{_UPPER}][’'])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?"
    rf"(?:[-’'][{_UPPER}]?[{_LOWER}]+)*|[{_UPPER}]{{2,12}}|[{_UPPER}]\.)"
)
# Malay, Indian and Western particles written between the parts of a name.
_NAME_PARTICLE = r"(?:bin|binti|binte|bte|bt|s/o|d/o|a/l|a/p|van|von|de|da|del|di|dos|la|al|ibni)"
_GAP = r"[ \t\u00a0]+"
# 2–4 name words (particles in between do not count); one line only.
NAME = rf"{_NAME_WORD}(?:{_GAP}(?:{_NAME_PARTICLE}{_GAP})?{_NAME_WORD}){{1,3}}"
_NAME_1_TO_4 = rf"{_NAME_WORD}(?:{_GAP}(?:{_NAME_PARTICLE}{_GAP})?{_NAME_WORD}){{0,3}}"

HONORIFICS = (
    "Mr",
    "Mrs",
    "Ms",
    "Mdm",
    "Miss",
    "Dr",
    "Prof",
    "Mx",
    "Madam",
    "Dato",
    "Dato'",
    "Datuk",
    "Datin",
    "Tan Sri",
    "Puan",
    "Encik",
    "Cik",
    "Tuan",
)
_HONORIFIC = "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))

# The nouns that make a phrase a job title ("Head of Finance", "Senior Accountant").
ROLE_NOUNS = (
    "Chief",
    "Head",
    "Director",
    "Manager",
    "Vice President",
    "VP",
    "SVP",
    "EVP",
    "President",
    "Founder",
    "Co-founder",
    "Co-Founder",
    "Cofounder",
    "Owner",
    "Partner",
    "Officer",
    "Executive",
    "Lead",
    "Principal",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "CEO",
    "CFO",
    "COO",
    "CTO",
    "CIO",
    "CMO",
    "CRO",
    "CHRO",
    "CPO",
    "MD",
    "GM",
    "Accountant",
    "Controller",
    "Engineer",
    "Counsel",
    "Consultant",
    "Analyst",
    "Specialist",
    "Supervisor",
    "Coordinator",
    "Associate",
    "Administrator",
    "Advocate",
    "Solicitor",
    "Lawyer",
)
_ROLE_NOUN = "|".join(re.escape(w) for w in sorted(ROLE_NOUNS, key=len, reverse=True))
# A title ahead: up to four capitalized title words (or "of", "and", "&") before a role noun.
_TITLE_AHEAD = (
    rf"(?:(?:our|the|a|an){_GAP})?"
    rf"(?:(?:[A-Z&][\w&/-]*|of|and|for){_GAP}){{0,4}}(?:{_ROLE_NOUN})\b"
)
# A team-page title line: short, holding a role noun.
_TITLE_LINE_AHEAD = rf"[ \t]*[^\n]{{0,50}}\b(?:{_ROLE_NOUN})\b[^\n]{{0,50}}$"

# Words that make a capitalized run an organisation, a place or a heading, not a person.
_NON_PERSON_WORDS = """
    logistics pte ltd limited llp llc inc corp co company group holdings solutions services
    service engineering technologies technology tech systems consulting consultancy partners
    capital studio studios labs lab foods food kitchen kitchens cafe café coffee bakery bank
    trading enterprise enterprises industries industrial manufacturing international global
    asia pacific singapore malaysia indonesia law chambers associates legal advisory agency
    store stores shop mart supply supplies freight transport warehousing marine academy school
    university hospital clinic medical health care healthcare foundation network networks
    digital media software cloud finance financial accounting insurance realty properties
    property hotel hotels restaurant restaurants bar precision metal metals electronics
    motors automotive construction builders design architects express courier cargo shipping
    team teams customers customer clients client partner office offices department
    operations sales marketing success support procurement purchasing human resources
    product products accounts admin it hr storage cold chain retail wholesale distribution
    kuala lumpur jakarta bangkok manila hanoi saigon penang johor bahru batam cebu yangon
    phnom penh hong kong macau taipei tokyo osaka seoul shanghai beijing shenzhen mumbai
    delhi sydney melbourne perth auckland london dubai jurong tuas changi tampines
    woodlands bedok pasir panjang raffles orchard marina tanjong pagar paya lebar vietnam
    thailand philippines myanmar cambodia brunei china india japan korea australia remote
    line lines hotline helpline helpdesk desk enquiries enquiry general main reception fax
    tel telephone mobile whatsapp toll
"""
NON_PERSON_WORDS = frozenset(_NON_PERSON_WORDS.split())
# Ordinary capitalized words that begin sentences, headings and UI labels.
_NON_NAME_WORDS = """
    the our your their his her its my we you they this that these those a an and or but if
    in on at for with from to by of as about after before into over under meet contact
    dear hi hello thanks thank read more see view learn get start book call email phone
    written posted author said says say told according quote testimonial case study story
    head chief director manager founder owner president partner senior lead executive
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december new all every each some any
    why how what when where who which welcome home about us join apply careers jobs job
    privacy terms cookie cookies login sign free trial pricing plans plan features
"""
NON_NAME_WORDS = frozenset(_NON_NAME_WORDS.split())

_HONORIFIC_RE = re.compile(rf"\b(?:{_HONORIFIC})\.?{_GAP}(?P<name>{_NAME_1_TO_4})")
_BEFORE_TITLE_RE = re.compile(
    rf"(?P<name>{NAME})(?=[ \t]*(?:,|\(|\||[ \t][-–—][ \t]|[-–—])[ \t]*{_TITLE_AHEAD})"
)
# "— Jane Tan" after a quote or a sentence; at the start of a line only with an em dash,
# since en dashes and hyphens there are list bullets.
_AFTER_QUOTE_DASH_RE = re.compile(
    rf"(?:(?:[\"”’»]|[.!?])[ \t]*(?:[—–―]|--|~)|^[ \t]*[—―])[ \t]*(?P<name>{NAME})"
    rf"(?=[ \t]*(?:,|\(|\||$))",
    re.MULTILINE,
)
_AFTER_CUE_RE = re.compile(
    rf"\b(?:Meet|Contact(?:{_GAP}person)?:|Contact{_GAP}(?=[{_UPPER}][{_LOWER}]+{_GAP}[{_UPPER}])"
    rf"|Attn:?|Attention:|Written{_GAP}by|Posted{_GAP}by|Author:|By:|Founded{_GAP}by|"
    rf"Led{_GAP}by|Hosted{_GAP}by|Presented{_GAP}by|Speak{_GAP}to|Ask{_GAP}for)"
    rf"{_GAP}(?P<name>{NAME})"
)
# A name just before a contact placeholder: "Jane Tan: [phone]", "Jane Tan (+65 ...)" once
# redacted, "call Jane Tan on [phone]", "Jane Tan at [email]".
_BEFORE_CONTACT_RE = re.compile(
    rf"(?P<name>{NAME})(?=[ \t]*(?:[:,|/(–—-]|(?:at|on|via|tel\.?|mobile|hp|phone|email)\b)?"
    rf"[ \t]*:?[ \t]*\(?(?:{re.escape(EMAIL_PLACEHOLDER)}|{re.escape(PHONE_PLACEHOLDER)}))"
)
# A name alone on its line (or after a closing quote) above a title line.
_TEAM_LINE_RE = re.compile(
    rf"(?:^|[\"”’»][ \t]*)(?P<name>{NAME})[ \t]*\n(?={_TITLE_LINE_AHEAD})",
    re.MULTILINE,
)


_PARTICLE_RE = re.compile(_NAME_PARTICLE)
_HAS_LOWER_RE = re.compile(f"[{_LOWER}]")


def _split_name_words(name: str) -> list[str]:
    return name.replace("\u00a0", " ").split()


def _redact_candidate(
    match: re.Match[str], *, min_words: int, found: set[str] | None = None
) -> str:
    """The match with its name group replaced, or unchanged when the group does not
    look like a person's name. Leading ordinary words ("Says", "Our") and everything up
    to an organisation word ("Harbourline Logistics Jane Tan") stay as written."""
    whole = match.group(0)
    words = _split_name_words(match.group("name"))
    start = 0
    for index, word in enumerate(words):
        if word.lower().strip(".,'’") in NON_PERSON_WORDS:
            start = index + 1
    while start < len(words) and words[start].lower().strip(".") in NON_NAME_WORDS:
        start += 1
    kept, name = words[:start], words[start:]
    name_words = [w for w in name if not _PARTICLE_RE.fullmatch(w)]
    if len(name_words) < min_words or not any(_HAS_LOWER_RE.search(w) for w in name_words):
        # Too short, or capitals and initials only: an acronym run ("ACME IT"), not a name.
        return whole
    if found is not None:
        found.add(" ".join(name))
    name_start, name_end = match.span("name")
    offset = match.start()
    replacement = " ".join([*kept, NAME_PLACEHOLDER])
    return whole[: name_start - offset] + replacement + whole[name_end - offset :]


def _known_names_re(known_names: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted(
        {" ".join(n.split()) for n in known_names if isinstance(n, str) and len(n.strip()) >= 3},
        key=len,
        reverse=True,
    )
    if not names:
        return None
    alternatives = "|".join(r"[ \t\u00a0]+".join(map(re.escape, n.split())) for n in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _redact_by_position(text: str, found: set[str] | None = None) -> str:
    text = _HONORIFIC_RE.sub(lambda m: _redact_candidate(m, min_words=1, found=found), text)
    for pattern in (
        _AFTER_CUE_RE,
        _BEFORE_TITLE_RE,
        _AFTER_QUOTE_DASH_RE,
        _TEAM_LINE_RE,
        _BEFORE_CONTACT_RE,
    ):
        text = pattern.sub(lambda m: _redact_candidate(m, min_words=2, found=found), text)
    return text


def redact_person_names(text: str, known_names: Iterable[str] = ()) -> str:
    """``text`` with personal names replaced by ``[name]`` where their position gives
    them away, and every occurrence of ``known_names`` replaced exactly."""
    if not text:
        return text
    if known := _known_names_re(known_names):
        text = known.sub(NAME_PLACEHOLDER, text)
    return _redact_by_position(text)


def person_names_in(text: str) -> set[str]:
    """The names ``redact_person_names`` would remove from ``text`` by their position, so
    the same names can be removed where nothing gives them away (an image's alt text,
    a heading of their own)."""
    found: set[str] = set()
    if text:
        _redact_by_position(text, found)
    return found


def _is_person(node: Mapping[str, Any]) -> bool:
    kind = node.get("@type")
    return kind == "Person" or (isinstance(kind, list) and "Person" in kind)


def person_names_from_json_ld(json_ld: Iterable[Any]) -> set[str]:
    """The ``name`` of every schema.org Person anywhere in the given JSON-LD blocks
    (authors, founders, employees, reviewers...)."""
    names: set[str] = set()
    stack: list[Any] = list(json_ld)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            if _is_person(node):
                for key in ("name", "alternateName"):
                    value = node.get(key)
                    if isinstance(value, str) and value.strip():
                        names.add(" ".join(value.split()))
                given, family = node.get("givenName"), node.get("familyName")
                if isinstance(given, str) and isinstance(family, str):
                    names.add(" ".join(f"{given} {family}".split()))
            stack.extend(v for v in node.values() if isinstance(v, list | Mapping))
    return names


def redact_personal_data(text: str, known_names: Iterable[str] = ()) -> str:
    """``text`` without e-mail addresses, phone numbers and personal names."""
    return redact_person_names(redact_contacts(text), known_names=known_names)
