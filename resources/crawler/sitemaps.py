"""A site's pages from its sitemaps: robots ``Sitemap:`` lines and ``/sitemap.xml``, an
index followed one level, gzipped sitemaps inflated up to the byte cap."""

from __future__ import annotations

import zlib
from urllib.parse import urlsplit, urlunsplit

from resources.crawler.exchange import Inflater
from resources.crawler.model import DomainRun
from resources.crawler.plan import is_same_site, parse_sitemap, sitemap_page_links
from resources.crawler.redirects import Fetcher
from resources.crawler.robots import Robots


async def sitemap_pages(
    fetcher: Fetcher, run: DomainRun, robots: Robots, home_url: str
) -> list[str]:
    """Page URLs from robots ``Sitemap:`` lines and ``/sitemap.xml``, an index followed
    one level, same-site only, at most ``max_sitemap_urls``."""
    config = fetcher.config
    home = urlsplit(home_url)
    sources = [u for u in robots.sitemaps if is_same_site(u, run.hosts)]
    sources.append(urlunsplit((home.scheme, home.netloc, "/sitemap.xml", "", "")))
    pending = [(url, 0) for url in dict.fromkeys(sources)]
    seen = {url for url, _ in pending}
    pages: list[str] = []
    fetched = 0
    while pending and fetched < config.max_sitemaps and len(pages) < config.max_sitemap_urls:
        url, level = pending.pop(0)
        fetched += 1
        result = await fetcher.fetch(run, url, max_bytes=config.max_sitemap_bytes)
        body = result.exchange.body
        if result.failure or body is None or result.exchange.status != 200:
            continue
        if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz, inflated up to the cap
            try:
                body, _ = Inflater("gzip").inflate(body, config.max_sitemap_bytes)
            except zlib.error:
                continue
        sitemap = parse_sitemap(body, config.max_sitemap_urls - len(pages))
        if sitemap.kind == "urlset":
            pages.extend(sitemap_page_links(sitemap.urls, run.hosts))
        elif sitemap.kind == "index" and level == 0:
            for child in sitemap.urls:
                if is_same_site(child, run.hosts) and child not in seen:
                    seen.add(child)
                    pending.append((child, 1))
    return pages
