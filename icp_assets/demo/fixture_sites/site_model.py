"""What a fixture site is: something that answers a request for one domain.

A ``CompanySite`` is a realistic company website made of ``Page`` objects, with its
robots.txt and sitemaps; hostile sites (see ``hostile_sites``) answer in their own way.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

#: Outcomes a crawl of a domain can end in; each fixture site says which one it expects.
CRAWL_OUTCOMES = (
    "ok",
    "robots_disallowed",
    "http_403",
    "timeout",
    "not_html",
    "dns_error",
    "refused_address",
    "too_large",
    "too_many_redirects",
)

HTML_TYPE = "text/html; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"

SitemapStyle = Literal["robots_line", "no_robots_line", "index"]


@dataclass(frozen=True)
class FixtureRequest:
    """The parts of an HTTP request a site looks at."""

    path: str
    query: str = ""
    user_agent: str = ""


@dataclass(frozen=True)
class FixtureResponse:
    """A site's answer. ``stream`` (chunks sent without Content-Length) replaces ``body``.

    ``cacheable`` answers get an ETag and Last-Modified and may be answered with 304.
    """

    status: int
    content_type: str = HTML_TYPE
    body: bytes = b""
    stream: Iterable[bytes] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    cacheable: bool = False


def not_found(path: str) -> FixtureResponse:
    body = "<!DOCTYPE html><html><head><title>Not found</title></head><body>"
    body += f"<h1>Page not found</h1><p>{html.escape(path)} does not exist.</p></body></html>"
    return FixtureResponse(404, body=body.encode())


def redirect(status: int, location: str) -> FixtureResponse:
    body = f'<html><body>Moved to <a href="{html.escape(location)}">here</a>.</body></html>'
    return FixtureResponse(status, body=body.encode(), headers={"Location": location})


class FixtureSite:
    """One domain of the fixture server.

    ``kind`` is "realistic" or "hostile"; ``expected_outcome`` is what a polite, safe
    crawler should record for the domain (one of ``CRAWL_OUTCOMES``); ``waits`` makes
    the server hold every answer for its ``slow_seconds``.
    """

    domain: str
    name: str
    kind: Literal["realistic", "hostile"]
    expected_outcome: str
    description: str
    waits: bool = False

    def respond(self, request: FixtureRequest) -> FixtureResponse:
        raise NotImplementedError


@dataclass(frozen=True)
class Page:
    """One HTML page of a company site; ``body`` is the HTML inside ``<main>``.

    ``page_type`` is one of the crawler's page types (``extract.model.PAGE_TYPES``; the
    tests check it, so that serving the sites does not import the extraction package).
    """

    path: str
    page_type: str
    title: str
    body: str
    description: str = ""
    json_ld: tuple[Mapping[str, Any], ...] = ()
    #: Extra ``<head>`` markup for this page only (a payment script on a pricing page).
    head_extra: str = ""
    #: Listed in the sitemap. Robots-disallowed pages (a login, a cart) are not.
    in_sitemap: bool = True
    #: The sitemap of a site whose sitemap is an index: "pages" or "posts".
    sitemap_part: str = "pages"

    def __post_init__(self) -> None:
        if not self.path.startswith("/"):
            raise ValueError(f"page path must start with '/': {self.path!r}")


def _normalize_path(path: str) -> str:
    return path.rstrip("/") or "/"


class CompanySite(FixtureSite):
    """A realistic company website: pages with navigation, robots.txt and sitemaps."""

    def __init__(
        self,
        *,
        domain: str,
        name: str,
        description: str,
        pages: Iterable[Page],
        nav: Iterable[tuple[str, str]],
        footer: str,
        disallowed_paths: Iterable[str],
        head_extra: str = "",
        sitemap_style: SitemapStyle = "robots_line",
        crawl_delay: int | None = None,
        canonical_host: str | None = None,
        robots_extra: str = "",
        robots_override: str | None = None,
        kind: Literal["realistic", "hostile"] = "realistic",
        expected_outcome: str = "ok",
        lang: str = "en-SG",
    ) -> None:
        self.domain = domain
        self.name = name
        self.description = description
        self.kind = kind
        self.expected_outcome = expected_outcome
        self.pages = tuple(pages)
        self.nav = tuple(nav)
        self.footer = footer
        self.disallowed_paths = tuple(disallowed_paths)
        self.head_extra = head_extra
        self.sitemap_style: SitemapStyle = sitemap_style
        self.crawl_delay = crawl_delay
        self.canonical_host = canonical_host or domain
        self.robots_extra = robots_extra
        self.robots_override = robots_override
        self.lang = lang
        paths = [_normalize_path(page.path) for page in self.pages]
        if len(set(paths)) != len(paths):
            raise ValueError(f"{domain}: duplicate page paths")
        if "/" not in paths:
            raise ValueError(f"{domain}: no home page")

    @property
    def public_origin(self) -> str:
        return f"https://{self.canonical_host}"

    def public_url(self, path: str) -> str:
        return self.public_origin + path

    @property
    def sitemap_pages(self) -> tuple[Page, ...]:
        return tuple(page for page in self.pages if page.in_sitemap)

    @cached_property
    def _pages_by_path(self) -> dict[str, Page]:
        return {_normalize_path(page.path): page for page in self.pages}

    @cached_property
    def rendered(self) -> dict[str, bytes]:
        """Every document of the site by path: pages, robots.txt and sitemaps."""
        documents = {
            path: self.render_page(page).encode() for path, page in self._pages_by_path.items()
        }
        documents["/robots.txt"] = self.robots_txt().encode()
        documents.update({path: text.encode() for path, text in self.sitemaps().items()})
        return documents

    def respond(self, request: FixtureRequest) -> FixtureResponse:
        path = _normalize_path(request.path)
        document = self.rendered.get(path)
        if document is None:
            return not_found(request.path)
        if path == "/robots.txt":
            content_type = TEXT_TYPE
        elif path.endswith(".xml"):
            content_type = XML_TYPE
        else:
            content_type = HTML_TYPE
        return FixtureResponse(200, content_type=content_type, body=document, cacheable=True)

    def robots_txt(self) -> str:
        if self.robots_override is not None:
            return self.robots_override
        lines = ["User-agent: *"]
        lines += [f"Disallow: {path}" for path in self.disallowed_paths]
        if self.crawl_delay is not None:
            lines.append(f"Crawl-delay: {self.crawl_delay}")
        text = "\n".join(lines) + "\n"
        if self.robots_extra:
            text += "\n" + self.robots_extra.strip() + "\n"
        if self.sitemap_style == "robots_line":
            text += f"\nSitemap: {self.public_url('/sitemap.xml')}\n"
        elif self.sitemap_style == "index":
            text += f"\nSitemap: {self.public_url('/sitemap_index.xml')}\n"
        return text

    def sitemaps(self) -> dict[str, str]:
        """Sitemap documents by path: one urlset, or an index and the two it lists."""
        if self.sitemap_style != "index":
            return {"/sitemap.xml": _urlset(self.public_url(p.path) for p in self.sitemap_pages)}
        parts = {
            "/sitemap-pages.xml": [p for p in self.sitemap_pages if p.sitemap_part == "pages"],
            "/sitemap-posts.xml": [p for p in self.sitemap_pages if p.sitemap_part == "posts"],
        }
        documents = {
            path: _urlset(self.public_url(p.path) for p in pages) for path, pages in parts.items()
        }
        index = _sitemap_index(self.public_url(path) for path in parts)
        documents["/sitemap_index.xml"] = index
        documents["/sitemap.xml"] = index
        return documents

    def render_page(self, page: Page) -> str:
        nav = "\n".join(
            f'      <li><a href="{href}">{html.escape(label)}</a></li>' for label, href in self.nav
        )
        json_ld = "".join(
            '\n  <script type="application/ld+json">' + _json(block) + "</script>"
            for block in page.json_ld
        )
        description = html.escape(page.description or f"{page.title}: {self.name}")
        return f"""<!DOCTYPE html>
<html lang="{self.lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(page.title)} | {html.escape(self.name)}</title>
  <meta name="description" content="{description}">
  <meta property="og:site_name" content="{html.escape(self.name)}">
  <meta property="og:title" content="{html.escape(page.title)}">
  <link rel="canonical" href="{self.public_url(page.path)}">
  <link rel="stylesheet" href="/assets/site.css">{self.head_extra}{page.head_extra}{json_ld}
</head>
<body>
  <header class="site-header">
    <a class="brand" href="/">{html.escape(self.name)}</a>
    <nav aria-label="Main">
    <ul>
{nav}
    </ul>
    </nav>
  </header>
  <main>
{page.body}
  </main>
  <footer class="site-footer">
{self.footer}
  </footer>
</body>
</html>
"""


def _json(block: Mapping[str, Any]) -> str:
    # "</" inside a script block would end it early.
    return json.dumps(block, ensure_ascii=False).replace("</", "<\\/")


def _urlset(urls: Iterable[str]) -> str:
    entries = "".join(
        f"  <url><loc>{html.escape(url)}</loc><lastmod>2024-06-03</lastmod></url>\n" for url in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


def _sitemap_index(urls: Iterable[str]) -> str:
    entries = "".join(
        f"  <sitemap><loc>{html.escape(url)}</loc><lastmod>2024-06-03</lastmod></sitemap>\n"
        for url in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    )
