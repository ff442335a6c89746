"""A fetch of one URL, following same-site redirects by hand (any host's for robots.txt):
every hop is checked by the address guard and, when asked, by robots.txt before its
request is made."""

from __future__ import annotations

import ipaddress
import re
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

# RFC 3986: a scheme, and a reference whose first segment holds a colon must have one.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DNS_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


class BadRedirectError(ValueError):
    """A ``Location`` that is not a URL the crawler can request, with the reason."""

    def __init__(self, location: str, why: str) -> None:
        super().__init__(f"bad redirect target {location!r}: {why}")
        self.location = location
        self.why = why


def redirect_target(current: str, location: str) -> str:
    """The absolute URL (without fragment) a redirect from ``current`` to ``location``
    leads to. Raises BadRedirectError for a Location that is empty, holds control
    characters, is not a URI reference, or names a host that is neither a DNS name nor
    an IP address, or a port out of range."""
    stripped = location.strip(" ")
    if not stripped:
        raise BadRedirectError(location, "empty")
    if _CONTROL.search(stripped):
        raise BadRedirectError(location, "control characters")
    first = re.split(r"[/?#]", stripped, maxsplit=1)[0]
    if ":" in first and not _SCHEME.fullmatch(first.split(":", 1)[0]):
        raise BadRedirectError(location, "not a URI reference (bad scheme)")
    try:
        joined = without_fragment(urljoin(current, stripped))
        url = httpx.URL(joined)
        host = url.raw_host.decode("ascii")
        port = url.port
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:  # IDNAError is a UnicodeError
        raise BadRedirectError(location, str(exc)) from None
    if url.scheme in ("http", "https"):
        if not host:
            raise BadRedirectError(location, "no host")
        labels = host.rstrip(".").split(".")
        is_name = len(host) <= 253 and all(_DNS_LABEL.fullmatch(label) for label in labels)
        if not is_name and not _is_ip_literal(host):
            raise BadRedirectError(location, f"host {host!r} is not a DNS name or an address")
        if port is not None and not 0 < port <= 65535:
            raise BadRedirectError(location, f"port {port} is out of range")
    return joined


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


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
        follow_offsite: bool = False,
        max_redirects: int | None = None,
    ) -> Fetch:
        """GET ``url``, following same-site redirects by hand (any host's with
        ``follow_offsite``), at most ``max_redirects`` (the configured number by
        default); every hop is checked by the address guard and, when ``check_robots``,
        by robots.txt before its request."""
        limit = self.config.max_redirects if max_redirects is None else max_redirects
        current = url
        hops = 0
        for _ in range(limit + 1):
            try:
                target = httpx.URL(current)
                check_url(target, self.config.allowed_ports)
            except httpx.InvalidURL as exc:
                return Fetch(url, current, Exchange(), hops, "http_error", f"bad URL ({exc})")
            except RefusedAddressError as refused:
                return Fetch(url, current, Exchange(), hops, *failure_of(refused))
            if not follow_offsite and not is_same_site(current, run.hosts):
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
            try:
                current = redirect_target(current, location or "")
            except BadRedirectError as bad:
                reason = f"redirects to a bad URL {location or ''!r:.200} ({bad.why})"
                return Fetch(url, current, exchange, hops, "bad_redirect", reason)
        reason = f"redirects more than {limit} times"
        return Fetch(url, current, Exchange(), hops, "too_many_redirects", reason)
