"""A fetch of one URL, following same-site redirects by hand: every hop is checked by
the address guard and, when asked, by robots.txt before its request is made."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from resources.crawler.address_guard import RefusedAddressError, check_url
from resources.crawler.config import CrawlerConfig
from resources.crawler.exchange import Exchange, Fetch, HttpExchanges, failure_of
from resources.crawler.model import NO_VALIDATORS, DomainRun, PageValidators
from resources.crawler.plan import is_same_site
from resources.crawler.robots import RobotsCache

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _conditional_headers(stored: PageValidators | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    # A stored validator that is not ASCII (httpx decoded the site's bytes as UTF-8 or
    # Latin-1) cannot go out as a header: the GET is unconditional then.
    if stored is not None and stored.etag and stored.etag.isascii():
        headers["If-None-Match"] = stored.etag
    if stored is not None and stored.last_modified and stored.last_modified.isascii():
        headers["If-Modified-Since"] = stored.last_modified
    return headers


class Fetcher:
    """Fetches of one crawl, sharing its exchanges and its robots.txt cache."""

    def __init__(self, config: CrawlerConfig, exchanges: HttpExchanges) -> None:
        self.config = config
        self.exchanges = exchanges
        self.token = config.robots_token
        self.robots = RobotsCache(self)

    async def fetch(
        self,
        run: DomainRun,
        url: str,
        *,
        validators: Mapping[str, PageValidators] = NO_VALIDATORS,
        check_robots: bool = True,
        max_bytes: int,
        html_only: bool = False,
        truncate: bool = False,
    ) -> Fetch:
        """GET ``url``, following same-site redirects by hand; every hop is checked by
        the address guard and, when ``check_robots``, by robots.txt before its request."""
        current = url
        hops = 0
        for _ in range(self.config.max_redirects + 1):
            try:
                target = httpx.URL(current)
                check_url(target, self.config.allowed_ports)
            except httpx.InvalidURL as exc:
                return Fetch(url, current, Exchange(), hops, "http_error", f"bad URL ({exc})")
            except RefusedAddressError as refused:
                return Fetch(url, current, Exchange(), hops, *failure_of(refused))
            if not is_same_site(current, run.hosts):
                return Fetch(url, current, Exchange(), hops, "offsite_redirect", "leaves the site")
            if check_robots:
                robots = await self.robots.rules_for(run, target)
                if not robots.allows(current, self.token):
                    reason = f"is disallowed for {self.token} by robots.txt{robots.note}"
                    return Fetch(url, current, Exchange(), hops, "robots_disallowed", reason)
            exchange = await self.exchanges.request(
                run,
                target,
                _conditional_headers(validators.get(current)),
                max_bytes=max_bytes,
                html_only=html_only,
                truncate=truncate,
            )
            hops += 1
            location = exchange.headers.get("location")
            if exchange.status not in REDIRECT_STATUSES or exchange.failure:
                return Fetch(url, current, exchange, hops)
            if not location:
                return Fetch(url, current, exchange, hops, "http_error", "redirects nowhere")
            try:
                current = without_fragment(urljoin(current, location.strip()))
            except ValueError:
                return Fetch(url, current, exchange, hops, "http_error", "has a bad Location")
        reason = f"redirects more than {self.config.max_redirects} times"
        return Fetch(url, current, Exchange(), hops, "too_many_redirects", reason)
