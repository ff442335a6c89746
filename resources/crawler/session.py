"""One crawl: the domains of a tenant (or a benchmark) crawled concurrently, sharing
robots.txt, rate limits and connections.

One domain's crawl:

1. robots.txt of ``https://<domain>/``. When the bare domain does not connect (no DNS
   answer, connection refused), the crawl starts over at ``https://www.<domain>/`` if
   that host answers. A robots.txt that cannot be reached at all ends the domain with
   that failure (the site is down).
2. The home page. If robots.txt disallows it, nothing is requested and the outcome is
   ``robots_disallowed``; if it fails, the domain's outcome is its failure.
3. Candidates from the home page's links, the sitemaps and the pages stored by the
   previous crawl; fetched best first (``resources.crawler.plan``), in waves of the
   per-host concurrency, links of every fetched page joining the queue, until the page
   cap.

Every request goes through the SSRF guard (``resources.crawler.address_guard``): the
URL's scheme, port and IP literal are checked at every redirect hop, and the connection
is opened only to a resolved and checked address. Host-mapped domains (tests, the demo)
go to their local origin through a separate client that trusts only those origins.

A site's failure never raises: it becomes the page's and the domain's ``outcome``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from resources.crawler.config import CrawlerConfig
from resources.crawler.exchange import Fetch, HttpExchanges, decode_html
from resources.crawler.model import (
    FETCHED_OUTCOMES,
    NO_VALIDATORS,
    DomainCrawl,
    DomainRun,
    FetchedPage,
    PageValidators,
)
from resources.crawler.plan import CrawlQueue, extract_links, normalize_link, on_host, site_hosts
from resources.crawler.redirects import Fetcher
from resources.crawler.robots import Robots
from resources.crawler.sitemaps import sitemap_pages

logger = logging.getLogger(__name__)

#: What a page's failure makes of the domain when it is the home page.
DOMAIN_OUTCOME_OF_PAGE = {"offsite_redirect": "http_error", "bad_redirect": "http_error"}


class _CrawlSession:
    """The exchanges, fetcher and robots cache shared by the domains of one crawl."""

    def __init__(self, config: CrawlerConfig) -> None:
        self.config = config
        self.exchanges = HttpExchanges(config)
        self.fetcher = Fetcher(config, self.exchanges)

    async def aclose(self) -> None:
        await self.exchanges.aclose()

    async def fetch_page(
        self,
        run: DomainRun,
        url: str,
        page_type: str,
        validators: Mapping[str, PageValidators],
    ) -> tuple[FetchedPage, Fetch]:
        fetched = await self.fetcher.fetch(
            run,
            url,
            validators=validators,
            max_bytes=self.config.max_bytes_per_page,
            html_only=True,
        )
        exchange = fetched.exchange
        headers = exchange.headers
        etag, last_modified = headers.get("etag"), headers.get("last-modified")
        html = None
        outcome = fetched.failure
        if outcome is None and exchange.status == 304:
            outcome = "not_modified"
            stored = validators.get(fetched.final_url) or validators.get(url)
            if stored is not None:
                etag = etag or stored.etag
                last_modified = last_modified or stored.last_modified
        elif outcome is None and 200 <= exchange.status <= 299:
            outcome = "ok"
            html = decode_html(exchange.body or b"", headers.get("content-type"))
        elif outcome is None:
            outcome = "http_403" if exchange.status == 403 else "http_error"
        page = FetchedPage(
            url=url,
            final_url=fetched.final_url,
            status=exchange.status,
            page_type=page_type,
            content_type=headers.get("content-type"),
            html=html,
            etag=etag,
            last_modified=last_modified,
            fetched_at=datetime.now(UTC),
            outcome=outcome,
        )
        return page, fetched

    async def crawl_domain(
        self, domain: str, validators: Mapping[str, PageValidators]
    ) -> DomainCrawl:
        started = time.perf_counter()
        name = domain.strip().lower().rstrip(".")
        run = DomainRun(name, site_hosts(name))
        outcome, detail, pages = await self._crawl(run, validators)
        return DomainCrawl(
            domain=domain,
            outcome=outcome,
            detail=detail,
            pages=tuple(pages),
            requests=run.requests,
            elapsed_s=time.perf_counter() - started,
        )

    async def _start(self, run: DomainRun) -> tuple[str, Robots]:
        """The home URL to start from and its robots rules: the bare domain, or its
        ``www.`` host when the bare domain does not connect and ``www.`` does."""
        start = f"https://{run.domain}/"
        robots = await self.fetcher.robots.rules_for(run, httpx.URL(start))
        down = robots.down
        if down is None or run.domain.startswith("www."):
            return start, robots
        if down.failure in ("dns_error", "connect_error"):
            www_start = f"https://www.{run.domain}/"
            www_robots = await self.fetcher.robots.rules_for(run, httpx.URL(www_start))
            if www_robots.down is None:
                return www_start, www_robots
        return start, robots

    async def _crawl(
        self, run: DomainRun, validators: Mapping[str, PageValidators]
    ) -> tuple[str, str, list[FetchedPage]]:
        try:
            start, robots = await self._start(run)
        except httpx.InvalidURL:
            return "dns_error", f"{run.domain!r} is not a valid domain name.", []
        if robots.down is not None:
            down = robots.down
            return down.failure or "connect_error", f"{down.url}: {down.why}.", []
        home, fetched = await self.fetch_page(run, start, "home", validators)
        if home.outcome not in FETCHED_OUTCOMES:
            failure = DOMAIN_OUTCOME_OF_PAGE.get(home.outcome, home.outcome)
            why = fetched.why or f"answered HTTP {home.status}"
            where = start if home.final_url == start else f"{start} (at {home.final_url})"
            pages = [home] if fetched.hops else []
            return failure, f"{where} {why}.", pages

        pages = [home]
        queue = CrawlQueue()
        queue.mark_seen(start)
        queue.mark_seen(home.final_url)
        site_host = urlsplit(home.final_url).hostname or run.domain

        def enqueue(url: str, anchor_text: str = "") -> None:
            queue.add(on_host(url, site_host), anchor_text)

        if home.html:
            for link in extract_links(home.html, home.final_url, run.hosts):
                enqueue(link.url, link.anchor_text)
        for url in await sitemap_pages(self.fetcher, run, robots, home.final_url):
            enqueue(url)
        for url in validators:
            normalized = normalize_link(url, url, run.hosts)
            if normalized is not None:
                enqueue(normalized)

        cap = self.config.max_pages_per_domain
        while len(pages) < cap and len(queue):
            wave = []
            while len(wave) < min(self.config.per_host_concurrency, cap - len(pages)):
                candidate = queue.pop()
                if candidate is None:
                    break
                wave.append(candidate)
            results = await asyncio.gather(
                *(self.fetch_page(run, c.url, c.page_type, validators) for c in wave)
            )
            for page, fetched in results:
                if not fetched.hops:
                    continue  # nothing requested (robots, guard): not a fetched page
                pages.append(page)
                queue.mark_seen(page.final_url)
                if page.html:
                    for link in extract_links(page.html, page.final_url, run.hosts):
                        enqueue(link.url, link.anchor_text)
        fetched_ok = sum(1 for page in pages if page.outcome in FETCHED_OUTCOMES)
        not_modified = sum(1 for page in pages if page.outcome == "not_modified")
        detail = (
            f"{fetched_ok} of {len(pages)} pages fetched from {start} "
            f"({not_modified} not modified)."
        )
        return "ok", detail, pages


class Crawler:
    """The crawl engine: plain asyncio, no Dagster."""

    def __init__(self, config: CrawlerConfig) -> None:
        self.config = config

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[_CrawlSession]:
        session = _CrawlSession(self.config)
        try:
            yield session
        finally:
            await session.aclose()

    async def crawl_domain(
        self, domain: str, validators: Mapping[str, PageValidators] = NO_VALIDATORS
    ) -> DomainCrawl:
        """Crawl one domain; ``validators`` (by public page URL) make conditional GETs."""
        async with self._session() as session:
            return await session.crawl_domain(domain, validators)

    async def crawl_domains(
        self, domains: Sequence[str], validators: Mapping[str, PageValidators] = NO_VALIDATORS
    ) -> list[DomainCrawl]:
        """Crawl ``domains`` concurrently (at most ``global_concurrency`` at once), sharing
        robots.txt, rate limits and connections; results in the order of ``domains``."""
        async with self._session() as session:
            slots = asyncio.Semaphore(self.config.global_concurrency)

            async def crawl_one(domain: str) -> DomainCrawl:
                started = time.perf_counter()
                async with slots:
                    try:
                        return await session.crawl_domain(domain, validators)
                    except Exception as exc:
                        # A bug tripped by one site must not fail the other domains' crawl.
                        logger.exception("crawl: %s failed unexpectedly", domain)
                        return DomainCrawl(
                            domain=domain,
                            outcome="http_error",
                            detail=f"The crawl failed unexpectedly ({type(exc).__name__}).",
                            pages=(),
                            requests=0,
                            elapsed_s=time.perf_counter() - started,
                        )

            return list(await asyncio.gather(*(crawl_one(domain) for domain in domains)))


def crawl_domains_sync(
    config: CrawlerConfig,
    domains: Sequence[str],
    validators: Mapping[str, PageValidators] = NO_VALIDATORS,
) -> list[DomainCrawl]:
    """``Crawler(config).crawl_domains(...)`` for synchronous callers (assets)."""
    return asyncio.run(Crawler(config).crawl_domains(domains, validators))
