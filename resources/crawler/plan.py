"""What to crawl on a website, and in which order: page types, priority, link discovery
and sitemap parsing. Pure functions over URLs, HTML and XML; no network."""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

#: The page types the crawler assigns and extractors key on, in fetch order: the pages
#: that name the ICP most directly come first.
#: Customer and case-study pages name who buys; industry pages say which segments are
#: served; integration pages give the technographics; pricing gives deal size; careers
#: and about pages give headcount, titles and locations; contact pages locations.
PAGE_TYPES = (
    "home",
    "customers",
    "industries",
    "integrations",
    "pricing",
    "careers",
    "about",
    "contact",
    "other",
)

# Words (hyphen-joined) that mark a page type in a URL path segment or an anchor text.
# Types are tried in this order within one segment, so "customer-integrations" is an
# integrations page only if no customers word matches first.
PAGE_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "customers",
        (
            "customers",
            "customer",
            "case-studies",
            "case-study",
            "testimonials",
            "testimonial",
            "success-stories",
            "success-story",
            "clients",
        ),
    ),
    (
        "industries",
        (
            "industries",
            "industry",
            "solutions",
            "solution",
            "sectors",
            "sector",
            "use-cases",
            "use-case",
        ),
    ),
    (
        "integrations",
        (
            "integrations",
            "integration",
            "partners",
            "partner",
            "apps",
            "marketplace",
            "ecosystem",
        ),
    ),
    ("pricing", ("pricing", "plans", "prices")),
    (
        "careers",
        ("careers", "career", "jobs", "job", "join-us", "hiring", "vacancies", "vacancy"),
    ),
    (
        "about",
        (
            "about",
            "about-us",
            "team",
            "our-team",
            "company",
            "our-story",
            "leadership",
            "who-we-are",
        ),
    ),
    ("contact", ("contact", "contact-us", "locations", "location", "offices", "office")),
)

HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home"})

#: Link targets that are never HTML pages.
BINARY_EXTENSIONS = frozenset(
    {
        "7z", "avi", "bmp", "css", "csv", "dmg", "doc", "docx", "eot", "epub", "exe", "gif",
        "gz", "ico", "jpeg", "jpg", "js", "json", "m4a", "mov", "mp3", "mp4", "mpeg", "msi",
        "odp", "ods", "odt", "ogg", "otf", "pdf", "png", "ppt", "pptx", "rar", "rss", "svg",
        "tar", "tgz", "tif", "tiff", "ttf", "wav", "webm", "webp", "woff", "woff2", "xls",
        "xlsx", "xml", "zip",
    }
)  # fmt: skip

MAX_SITEMAP_BYTES = 10_000_000

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> list[str]:
    return [word for word in _WORD_SPLIT.split(text.lower()) if word]


def _contains_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


_PHRASES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = tuple(
    (page_type, tuple(tuple(word.split("-")) for word in words))
    for page_type, words in PAGE_TYPE_WORDS
)


def _type_of_words(words: list[str], *, whole: bool = False) -> str | None:
    for page_type, phrases in _PHRASES:
        if whole and any(tuple(words) == phrase for phrase in phrases):
            return page_type
        if not whole and any(_contains_phrase(words, phrase) for phrase in phrases):
            return page_type
    return None


def classify_page(url: str, anchor_text: str = "") -> str:
    """The page type (one of ``PAGE_TYPES``) of ``url``, from its path and, when the path
    says nothing, the text of the link that led to it.

    A path segment that is a type's word decides, the last one first (``/about/careers``
    is careers, ``/jobs/customer-success-manager`` too); then a segment that contains
    one (``/customer-stories``); the site root without a query is ``home``.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.lower() in HOME_PATHS and not parts.query:
        return "home"
    segments = [segment for segment in path.split("/") if segment]
    stems = [_words(segment.rsplit(".", 1)[0]) for segment in reversed(segments)]
    for whole in (True, False):
        for words in stems:
            page_type = _type_of_words(words, whole=whole)
            if page_type is not None:
                return page_type
    return _type_of_words(_words(anchor_text)) or "other"


def path_depth(url: str) -> int:
    """How many non-empty segments the URL's path has (``/`` is 0)."""
    return len([segment for segment in urlsplit(url).path.split("/") if segment])


def url_key(url: str) -> str:
    """``url`` without scheme and fragment, for telling pages apart: ``http://`` and
    ``https://`` of one path, ``/a`` and ``/a/``, ``www.`` and the bare domain are the
    same page."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower().removeprefix('www.')}{path}{query}"


@dataclass(frozen=True)
class Link:
    url: str
    anchor_text: str = ""


@dataclass(frozen=True, order=True)
class Candidate:
    """A page waiting to be fetched; candidates order by (type rank, depth, url)."""

    rank: int
    depth: int
    url: str
    page_type: str


def make_candidate(url: str, anchor_text: str = "") -> Candidate:
    kind = classify_page(url, anchor_text)
    return Candidate(PAGE_TYPES.index(kind), path_depth(url), url, kind)


class CrawlQueue:
    """The pages of one site still to fetch, best first, each page at most once.

    Home first, then ICP-signal pages in ``PAGE_TYPES`` order, then the rest;
    shallower paths first within a type; the URL breaks ties, so the order does not
    depend on the order of discovery.
    """

    def __init__(self) -> None:
        self._heap: list[Candidate] = []
        self._seen: set[str] = set()

    def add(self, url: str, anchor_text: str = "") -> bool:
        """Queue ``url`` unless it was queued or marked seen before; True if queued."""
        key = url_key(url)
        if key in self._seen:
            return False
        self._seen.add(key)
        heapq.heappush(self._heap, make_candidate(url, anchor_text))
        return True

    def mark_seen(self, url: str) -> None:
        """Never queue ``url`` (a page reached already, e.g. as a redirect target)."""
        self._seen.add(url_key(url))

    def pop(self) -> Candidate | None:
        return heapq.heappop(self._heap) if self._heap else None

    def __len__(self) -> int:
        return len(self._heap)


def site_hosts(domain: str) -> frozenset[str]:
    """The hosts that count as one site: the domain and its ``www.`` form."""
    base = domain.lower().rstrip(".").removeprefix("www.")
    return frozenset({base, f"www.{base}"})


def is_same_site(url: str, hosts: Collection[str]) -> bool:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host is not None and host.rstrip(".") in hosts


def has_binary_extension(url: str) -> bool:
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[-1].lower() in BINARY_EXTENSIONS


def normalize_link(href: str, base_url: str, hosts: Collection[str]) -> str | None:
    """``href`` as an absolute page URL on the site, or None when it is not one: other
    sites, non-http schemes (mailto, tel, javascript), binary files, malformed URLs.
    The fragment is dropped."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        absolute = urljoin(base_url, href)
        parts = urlsplit(absolute)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.hostname.rstrip(".") not in hosts or parts.username or parts.password:
        return None
    url = urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
    return None if has_binary_extension(url) else url


def on_host(url: str, host: str) -> str:
    """``url`` with its host replaced by ``host``: a site's pages are stored under the
    one name its home page answered on, ``www.`` or bare, whichever form a link used."""
    parts = urlsplit(url)
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def extract_links(html: str, base_url: str, hosts: Collection[str]) -> list[Link]:
    """Same-site page links of an HTML document, in document order, each URL once (with
    the first non-empty anchor text found for it)."""
    if not html.strip():
        return []
    try:
        document = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = base_url
    for element in document.iter("base"):
        href = element.get("href")
        if href:
            try:
                base = urljoin(base_url, href.strip())
            except ValueError:  # a malformed <base href>, e.g. "http://[": ignored
                base = base_url
        break
    found: dict[str, str] = {}
    for anchor in document.iter("a", "area"):
        url = normalize_link(anchor.get("href") or "", base, hosts)
        if url is None:
            continue
        text = " ".join(anchor.text_content().split()) if anchor.tag == "a" else ""
        text = text or anchor.get("title") or anchor.get("alt") or ""
        if not found.get(url):
            found[url] = text[:200]
    return [Link(url, text) for url, text in found.items()]


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: ``kind`` is "urlset", "index" or "invalid"; ``urls`` are page
    URLs (urlset) or child sitemap URLs (index)."""

    kind: str
    urls: tuple[str, ...] = ()


def _sitemap_parser() -> lxml.etree.XMLParser:
    # No DTD loading, no entity expansion, no network: a sitemap is plain data.
    return lxml.etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_sitemap(document: bytes, max_urls: int = 500) -> Sitemap:
    """The URLs of a sitemap or sitemap index (at most ``max_urls``).

    Parsed without resolving entities or loading anything, and refused (kind "invalid")
    when larger than ``MAX_SITEMAP_BYTES`` or not XML; a ``<loc>`` that holds an entity
    reference is skipped rather than expanded.
    """
    if len(document) > MAX_SITEMAP_BYTES:
        return Sitemap("invalid")
    try:
        root = lxml.etree.fromstring(document, _sitemap_parser())
    except lxml.etree.XMLSyntaxError:
        return Sitemap("invalid")
    if root is None or not isinstance(root.tag, str):
        return Sitemap("invalid")
    name = lxml.etree.QName(root).localname
    kind = {"urlset": "urlset", "sitemapindex": "index"}.get(name)
    if kind is None:
        return Sitemap("invalid")
    urls: list[str] = []
    for loc in root.iter("{*}loc"):
        if len(urls) >= max_urls:
            break
        if len(loc) or not loc.text:  # children here are unexpanded entity references
            continue
        url = loc.text.strip()
        if url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    return Sitemap(kind, tuple(urls))


def sitemap_page_links(urls: Iterable[str], hosts: Collection[str]) -> list[str]:
    """The sitemap's page URLs that are same-site HTML pages, fragments dropped."""
    links: list[str] = []
    for url in urls:
        normalized = normalize_link(url, url, hosts)
        if normalized is not None:
            links.append(normalized)
    return links
