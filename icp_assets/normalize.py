"""Normalization of company websites and company names into stable matching keys.

Everything here is a pure function: no I/O and no network access. Public-suffix data comes from
the snapshot bundled with ``tldextract`` and is never refreshed at run time.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

import tldextract

__all__ = [
    "InvalidDomainError",
    "legal_form",
    "normalize_company_name",
    "normalize_domain",
    "website_host",
]


class InvalidDomainError(ValueError):
    """Raised with the offending value when a string cannot be a website/domain.

    Attributes:
        value: The rejected input, unchanged.
        reason: Short human-readable explanation of why it was rejected.
    """

    def __init__(self, value: object, reason: str = "not a valid website or domain") -> None:
        super().__init__(f"{reason}: {value!r}")
        self.value = value
        self.reason = reason

    def __reduce__(self) -> tuple[type[InvalidDomainError], tuple[object, str]]:
        # The default reduce would call __init__ with the formatted message only.
        return type(self), (self.value, self.reason)


# --------------------------------------------------------------------------------------------
# Domains
# --------------------------------------------------------------------------------------------

# ICANN section of the Public Suffix List only: with the private section, platform domains such
# as github.io or blogspot.com would themselves become unregistrable. An empty URL list plus
# cache_dir=None keeps tldextract on its bundled snapshot: no HTTP, no cache files.
_EXTRACTOR = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False
)

_WHITESPACE_RE = re.compile(r"\s+")
# "host:8080" and "host:" are a host with a port, not a scheme.
_SCHEME_RE = re.compile(r"(?P<scheme>[a-z][a-z0-9+.\-]*):(?!\d+(?:[/?#\\]|$)|$)", re.IGNORECASE)
_AUTHORITY_END_RE = re.compile(r"[/?#\\]")
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_WWW_LABEL_RE = re.compile(r"www\d*")
_ALLOWED_SCHEMES = frozenset({"http", "https"})
_MAX_LABEL_LENGTH = 63
_MAX_HOST_LENGTH = 253
_MAX_PORT = 65535


def _reject_ip(host: str, value: str) -> None:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return
    raise InvalidDomainError(value, "IP address, not a domain")


def _authority(value: str) -> str:
    """Return the ``[userinfo@]host[:port]`` part of a URL or bare domain."""
    text = _WHITESPACE_RE.sub("", value)
    if not text:
        raise InvalidDomainError(value, "empty website")
    has_authority = False
    if match := _SCHEME_RE.match(text):
        scheme = match["scheme"].lower()
        if scheme not in _ALLOWED_SCHEMES:
            raise InvalidDomainError(value, f"unsupported scheme {scheme!r}")
        text = text[match.end() :].lstrip("/\\")
        has_authority = True
    elif text.startswith("//"):
        text = text.lstrip("/")
        has_authority = True
    authority = _AUTHORITY_END_RE.split(text, maxsplit=1)[0]
    if "@" in authority:
        # Without a scheme, "user@host" is an e-mail address rather than a URL with user-info.
        if not has_authority:
            raise InvalidDomainError(value, "e-mail address, not a website")
        authority = authority.rpartition("@")[2]
    return authority


def _host_without_port(authority: str, value: str) -> str:
    if authority.startswith("["):
        _reject_ip(authority[1:].partition("]")[0], value)
        raise InvalidDomainError(value, "invalid bracketed host")
    if authority.count(":") > 1:
        _reject_ip(authority, value)
        raise InvalidDomainError(value, "invalid characters in host name")
    host, _, port = authority.partition(":")
    if port and not (port.isascii() and port.isdigit() and int(port) <= _MAX_PORT):
        raise InvalidDomainError(value, "invalid port")
    return host


def _to_ascii(host: str, value: str) -> str:
    """Lower-case the host and convert internationalized labels to punycode."""
    host = host.lower()
    if not host.isascii():
        try:
            # The stdlib IDNA codec also applies nameprep (NFKC, case folding) and accepts the
            # ideographic full stops as label separators.
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InvalidDomainError(value, "invalid internationalized host name") from exc
    return host.rstrip(".")


def _check_labels(host: str, value: str) -> None:
    if len(host) > _MAX_HOST_LENGTH:
        raise InvalidDomainError(value, f"host name longer than {_MAX_HOST_LENGTH} characters")
    for label in host.split("."):
        if len(label) > _MAX_LABEL_LENGTH:
            raise InvalidDomainError(value, f"label longer than {_MAX_LABEL_LENGTH} characters")
        if not _LABEL_RE.fullmatch(label):
            raise InvalidDomainError(value, "invalid characters in host name")
        if label.startswith("xn--"):
            try:
                label[4:].encode("ascii").decode("punycode")
            except ValueError as exc:
                raise InvalidDomainError(value, "invalid punycode label") from exc


def _parse_host(value: str) -> tuple[str, str]:
    """Validate a URL or bare domain.

    Returns:
        The full host (lower-case ASCII, punycode, no trailing dot) and its registrable domain.

    Raises:
        InvalidDomainError: If the value does not name a host under a public suffix.
    """
    if not isinstance(value, str):
        raise InvalidDomainError(value, "not a string")
    host = _host_without_port(_authority(value), value)
    host = _to_ascii(host, value)
    if not host:
        raise InvalidDomainError(value, "no host name")
    _reject_ip(host, value)
    if host == "localhost" or host.endswith(".localhost"):
        raise InvalidDomainError(value, "localhost is not a public website")
    _check_labels(host, value)
    parts = _EXTRACTOR(host)
    if not parts.suffix:
        raise InvalidDomainError(value, "no public suffix")
    if not parts.domain:
        raise InvalidDomainError(value, "public suffix, not a registrable domain")
    return host, f"{parts.domain}.{parts.suffix}"


def normalize_domain(value: str) -> str:
    """URL or bare domain -> registrable domain (eTLD+1), lower-case ASCII (punycode for IDN).

    Examples:
        >>> normalize_domain("https://User:pw@WWW.Shop.Acme.com.sg:8443/about?x=1#top")
        'acme.com.sg'
        >>> normalize_domain("bücher.de")
        'xn--bcher-kva.de'

    Raises:
        InvalidDomainError: For empty values, IP addresses, localhost, e-mail addresses, schemes
            other than http/https, hosts without a public suffix, and malformed host names.
    """
    return _parse_host(value)[1]


def website_host(value: str) -> str:
    """URL or bare domain -> full host name, normalized like :func:`normalize_domain`.

    Leading ``www``/``www2``... labels are removed, other subdomains are kept; a ``www`` label that
    is itself the registrable name (``www.com``) is kept.

    Examples:
        >>> website_host("https://www.shop.acme.com.sg/")
        'shop.acme.com.sg'

    Raises:
        InvalidDomainError: In the same cases as :func:`normalize_domain`.
    """
    host, registrable = _parse_host(value)
    subdomains = host[: -len(registrable)].split(".")[:-1]
    while subdomains and _WWW_LABEL_RE.fullmatch(subdomains[0]):
        subdomains.pop(0)
    return ".".join([*subdomains, registrable])


# --------------------------------------------------------------------------------------------
# Company names
# --------------------------------------------------------------------------------------------

# Canonical legal form -> its spellings, written as they look after punctuation is turned into
# spaces ("Pte. Ltd." -> "pte ltd", "L.L.C." -> "l l c", "(Pte) Ltd" -> "pte ltd").
_LEGAL_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "pte ltd",
        (
            "pte ltd",
            "pte limited",
            "private ltd",
            "private limited",
            "pvt ltd",
            "pvt limited",
            "pte",
        ),
    ),
    ("pty ltd", ("pty ltd", "pty limited", "proprietary limited")),
    ("sdn bhd", ("sdn bhd", "sdn berhad", "sendirian berhad")),
    ("bhd", ("bhd", "berhad")),
    ("ltd", ("ltd", "limited")),
    ("llp", ("llp", "l l p")),
    ("llc", ("llc", "l l c")),
    ("lp", ("lp", "l p")),
    ("inc", ("inc", "incorporated")),
    ("corp", ("corp", "corporation")),
    ("co", ("co", "company")),
    ("plc", ("plc",)),
    ("gmbh", ("gmbh",)),
    ("ag", ("ag",)),
    ("sa", ("sa", "s a")),
    ("bv", ("bv", "b v")),
    # Singapore's variable capital companies (funds) carry it as their form.
    ("vcc", ("vcc",)),
)
# Not legal forms, but routinely written around a Singapore company's legal form:
# "Acme (S) Pte Ltd", "Acme Singapore Pte. Ltd.", "Acme S'pore".
_LOCALITY_MARKERS: tuple[str, ...] = ("s", "singapore", "spore", "sg")

_SUFFIX_CANONICAL: dict[str, str | None] = {
    **dict.fromkeys(_LOCALITY_MARKERS),
    **{spelling: canonical for canonical, spellings in _LEGAL_FORMS for spelling in spellings},
}
# Anchored at the end, the leftmost match is the longest trailing spelling ("sdn bhd", not "bhd").
_TRAILING_SUFFIX_RE = re.compile(
    r"(?:^|\s)(" + "|".join(re.escape(s) for s in _SUFFIX_CANONICAL) + r")\Z"
)
_LEADING_THE_RE = re.compile(r"^(?:the\s+)+(?=\S)")
_APOSTROPHES_RE = re.compile("['`\u2018\u2019\u02bc\u2032]")
_AND_SIGNS_RE = re.compile(r"[&+]")
_FOLD_MAX_ROUNDS = 5


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category[0] in "LN" or category in ("Mc", "Me"):
        return char
    if char.isspace() or category[0] in "PSZ":
        return " "
    # Format/control/unassigned characters (zero-width joiners, soft hyphens, ...).
    return ""


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    )
    text = _AND_SIGNS_RE.sub(" and ", _APOSTROPHES_RE.sub("", text))
    text = "".join(_fold_char(c) for c in text)
    return " ".join(unicodedata.normalize("NFKC", text).split())


_ASCII_APOSTROPHES_RE = re.compile("['`]")
_ASCII_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
# Control characters that are not white space vanish, as in the Unicode path.
_ASCII_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def _fold_ascii(text: str) -> str:
    """``_fold`` for ASCII text, without the Unicode passes: the register's names are ASCII
    and loading two million of them is dominated by this function."""
    text = _ASCII_APOSTROPHES_RE.sub("", _ASCII_CONTROL_RE.sub("", text.lower()))
    text = _AND_SIGNS_RE.sub(" and ", text)
    return " ".join(_ASCII_NON_WORD_RE.sub(" ", text).split())


def _fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free, single-spaced form of ``text``."""
    return _fold_ascii(text) if text.isascii() else _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    # NFKC, case folding and accent stripping do not commute for every code point; repeat until
    # stable so that normalization stays idempotent on arbitrary Unicode.
    for _ in range(_FOLD_MAX_ROUNDS):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


def _without_and(folded: str) -> str:
    return " ".join(word for word in folded.split() if word != "and")


# "Bank of Singapore" names a place, not a company's locality marker.
_PLACE_CONNECTORS = frozenset({"of", "in", "for", "de"})


def _trailing_suffix(key: str) -> re.Match[str] | None:
    match = _TRAILING_SUFFIX_RE.search(key)
    if match and _SUFFIX_CANONICAL[match[1]] is None:
        before = key[: match.start()].split()
        if before and before[-1] in _PLACE_CONNECTORS:
            return None
    return match


def _strip_affixes(key: str) -> str:
    while True:
        stripped = _LEADING_THE_RE.sub("", key, count=1)
        if match := _trailing_suffix(stripped):
            stripped = stripped[: match.start()]
        if stripped == key:
            return key
        key = stripped


def normalize_company_name(name: str) -> str:
    """Company name -> matching key.

    Lower-cases, strips accents and punctuation, drops "and"/"&"/"+", a leading "The" and any
    trailing legal forms or Singapore markers ("Pte. Ltd.", "(S)", "Singapore", "LLP", ...).
    A name that is nothing but such words keeps them rather than becoming empty.

    Examples:
        >>> normalize_company_name("Acme (S) Pte. Ltd.")
        'acme'
        >>> normalize_company_name("Tan & Sons Trading")
        'tan sons trading'
        >>> normalize_company_name("Limited")
        'limited'
    """
    folded = _fold(name)
    words = _without_and(folded)
    if not words:
        return folded
    return _strip_affixes(words) or _LEADING_THE_RE.sub("", words)


def legal_form(name: str) -> str | None:
    """The canonical legal form named at the end of a company name, or None.

    Equivalent spellings share one canonical form ("Private Limited" and "Pte. Ltd." are both
    ``"pte ltd"``); Singapore markers such as "(S)" or "Singapore" are skipped over.

    Examples:
        >>> legal_form("Acme Sdn. Bhd.")
        'sdn bhd'
        >>> legal_form("Acme Holdings") is None
        True
    """
    key = _without_and(_fold(name))
    while match := _trailing_suffix(key):
        canonical = _SUFFIX_CANONICAL[match[1]]
        if canonical is not None:
            return canonical
        key = key[: match.start()]
    return None


def collapse_whitespace(text: str) -> str:
    """``text`` with every run of whitespace made one space, trimmed."""
    return " ".join(text.split())
