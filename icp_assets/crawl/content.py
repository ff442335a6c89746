"""From a fetched HTML page to what is stored and what extraction reads: the title, the
main text (trafilatura) and the parts of the markup extractors need, with personal
data removed before anything is kept."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura

from icp_assets.crawl.personal_data import (
    person_names_from_json_ld,
    person_names_in,
    redact_contacts,
    redact_person_names,
    redact_personal_data,
)
from icp_assets.normalize import collapse_whitespace

# JSON-LD properties that hold personal contact data, dropped wherever they appear.
PERSONAL_JSON_LD_KEYS = frozenset(
    {"email", "telephone", "faxNumber", "givenName", "familyName", "additionalName"}
)
# Elements whose text is never page content (menus included: they repeat on every page
# and would open every snippet).
NON_CONTENT_TAGS = ("script", "style", "noscript", "template", "svg", "nav")
BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "address",
    "br",
    "hr",
    "form",
    "label",
)
# A main text shorter than this is topped up with the page's visible text: trafilatura
# finds little on pages that are mostly lists (logo walls, plan tables).
MIN_MAIN_TEXT_CHARS = 400
MAX_JSON_LD_BLOCKS = 20
MAX_LIST_ITEMS = 200


@dataclass(frozen=True)
class PageContent:
    """One crawled HTML page as extraction sees it.

    ``url`` is the page's public form (``https://acme.com/pricing``) even when the
    crawl reached it through a local origin. ``main_text`` is the page's main text
    (trafilatura), with personal data already redacted. The rest comes from the HTML.
    """

    url: str
    domain: str
    page_type: str
    title: str = ""
    main_text: str = ""
    #: Parsed ``application/ld+json`` blocks (each a dict; @graph lists flattened).
    json_ld: tuple[Mapping[str, Any], ...] = ()
    #: Hosts of ``<script src>`` URLs, lower-case, no port ("js.stripe.com").
    script_hosts: tuple[str, ...] = ()
    #: Hosts of outbound ``<a href>`` / ``<link href>`` / ``<iframe src>`` URLs.
    link_hosts: tuple[str, ...] = ()
    #: ``<meta name|property=... content=...>`` pairs, keys lower-case ("generator").
    meta: Mapping[str, str] = field(default_factory=dict)
    #: Text of h1–h3 headings, in document order.
    headings: tuple[str, ...] = ()
    #: ``alt`` texts of images (customer logos are often only there).
    image_alts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedPage:
    """A page ready to store: ``content`` is what extraction reads, ``content_hash``
    identifies the raw HTML."""

    content: PageContent
    content_hash: str

    def extracted(self) -> dict[str, Any]:
        """The markup-derived parts, for the ``crawled_pages.extracted`` column."""
        page = self.content
        return {
            "json_ld": list(page.json_ld),
            "script_hosts": list(page.script_hosts),
            "link_hosts": list(page.link_hosts),
            "meta": dict(page.meta),
            "headings": list(page.headings),
            "image_alts": list(page.image_alts),
        }


def page_from_stored(
    *, url: str, domain: str, page_type: str, title: str, main_text: str, extracted: Mapping
) -> PageContent:
    """The PageContent of a ``crawled_pages`` row, as ``ParsedPage.extracted`` wrote it."""
    return PageContent(
        url=url,
        domain=domain,
        page_type=page_type,
        title=title or "",
        main_text=main_text or "",
        json_ld=tuple(extracted.get("json_ld", ())),
        script_hosts=tuple(extracted.get("script_hosts", ())),
        link_hosts=tuple(extracted.get("link_hosts", ())),
        meta=dict(extracted.get("meta", {})),
        headings=tuple(extracted.get("headings", ())),
        image_alts=tuple(extracted.get("image_alts", ())),
    )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def _unique(values: Iterable[str], limit: int = MAX_LIST_ITEMS) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
            if len(seen) == limit:
                break
    return tuple(seen)


def sanitize_json_ld(value: Any) -> Any:
    """A JSON-LD value without contact properties and without the names of people."""
    if isinstance(value, list):
        return [sanitize_json_ld(item) for item in value]
    if isinstance(value, str):
        return redact_contacts(value)
    if not isinstance(value, dict):
        return value
    is_person = value.get("@type") == "Person" or (
        isinstance(value.get("@type"), list) and "Person" in value["@type"]
    )
    return {
        key: sanitize_json_ld(item)
        for key, item in value.items()
        if key not in PERSONAL_JSON_LD_KEYS and not (is_person and key in ("name", "image", "url"))
    }


def _json_ld_blocks(tree: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("@graph"), list):
                blocks.extend(node for node in item["@graph"] if isinstance(node, dict))
            elif isinstance(item, dict):
                blocks.append(item)
    return blocks[:MAX_JSON_LD_BLOCKS]


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in tree.iterfind(".//meta"):
        key = (element.get("name") or element.get("property") or "").strip().lower()
        content = element.get("content")
        if key and content and key not in meta:
            meta[key] = collapse_whitespace(content)[:500]
    return meta


def _visible_text(tree: lxml.html.HtmlElement) -> str:
    body = tree.find(".//body")
    root = body if body is not None else tree
    for element in list(root.iter(*NON_CONTENT_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    # text_content() runs blocks together ("Marcus LeeVP Sales"): end each block with a
    # line break, so names and titles stay apart and redaction can find them.
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (collapse_whitespace(line) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _main_text(html: str, tree: lxml.html.HtmlElement) -> str:
    main = (
        trafilatura.extract(
            html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False
        )
        or ""
    )
    if len(main) >= MIN_MAIN_TEXT_CHARS:
        extra = [
            collapse_whitespace(element.text_content())
            for element in tree.iter("address", "footer")
        ]
        return "\n".join([main, *(text for text in extra if text and text not in main)])
    return _visible_text(tree)


def parse_html(html: str, *, url: str, domain: str, page_type: str) -> ParsedPage:
    """Parse a fetched page. Never raises on bad markup: what cannot be read is empty."""
    content_hash = hashlib.sha256(html.encode("utf-8", "replace")).hexdigest()
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ParsedPage(PageContent(url=url, domain=domain, page_type=page_type), content_hash)

    json_ld = _json_ld_blocks(tree)
    title_element = tree.find(".//title")
    title = collapse_whitespace(title_element.text_content()) if title_element is not None else ""
    script_hosts = _unique(_host(e.get("src")) for e in tree.iterfind(".//script[@src]"))
    link_hosts = _unique(
        host
        for element in tree.iter("a", "link", "iframe")
        if (host := _host(element.get("href") or element.get("src")))
    )
    headings = _unique(
        collapse_whitespace(element.text_content()) for element in tree.iter("h1", "h2", "h3")
    )
    image_alts = _unique(collapse_whitespace(e.get("alt") or "") for e in tree.iter("img"))
    meta = _meta(tree)
    # Contacts go first (once), so that names are looked for in what is kept.
    main_text = redact_contacts(_main_text(html, tree))
    # Names found by their position in the text (a team card's "name, then title") are
    # removed everywhere else too: the card's photo alt and heading are the bare name.
    known_names = person_names_from_json_ld(json_ld) | person_names_in(main_text)

    def clean(text: str) -> str:
        return redact_personal_data(text, known_names)

    content = PageContent(
        url=url,
        domain=domain,
        page_type=page_type,
        title=clean(title)[:500],
        main_text=redact_person_names(main_text, known_names=known_names),
        json_ld=tuple(sanitize_json_ld(block) for block in json_ld),
        script_hosts=script_hosts,
        link_hosts=link_hosts,
        meta={key: clean(value) for key, value in meta.items()},
        headings=tuple(clean(heading) for heading in headings),
        image_alts=tuple(clean(alt) for alt in image_alts),
    )
    return ParsedPage(content, content_hash)
