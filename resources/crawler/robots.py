"""robots.txt (RFC 9309): fetched once per host and crawl, parsed with protego, obeyed
for every URL. Redirects are followed, to any host, up to ``ROBOTS_MAX_REDIRECTS``, and
the file found applies; a chain longer than that, or to a bad URL, is "unavailable".
A file that answers 4xx (or is unavailable) allows everything; 429, 5xx or no answer
disallows everything; a ``Crawl-delay`` raises the host's politeness delay. A UTF-8
byte-order mark before the first line is dropped."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

import httpx
from protego import Protego

from resources.crawler.address_guard import url_port
from resources.crawler.config import CrawlerConfig
from resources.crawler.exchange import Fetch, HttpExchanges
from resources.crawler.model import DomainRun

logger = logging.getLogger(__name__)

#: RFC 9309 2.3.1.2: follow at least five consecutive redirects, even across hosts.
ROBOTS_MAX_REDIRECTS = 5
#: Chains that end without reaching a file: robots.txt is unavailable, as a 4xx.
UNAVAILABLE_OUTCOMES = frozenset({"too_many_redirects", "bad_redirect"})


@dataclass(frozen=True)
class Robots:
    """One host's rules. ``down`` is the fetch of a robots.txt that could not be
    reached at all (the site is down); ``note`` says why everything is disallowed."""

    parser: Protego | None = None
    disallow_all: bool = False
    down: Fetch | None = None
    note: str = ""

    def allows(self, url: str, token: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, token)

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


class _Fetcher(Protocol):
    """What loading robots.txt needs of the crawl's fetcher."""

    config: CrawlerConfig
    exchanges: HttpExchanges
    token: str

    async def fetch(
        self,
        run: DomainRun,
        url: str,
        *,
        check_robots: bool,
        max_bytes: int,
        truncate: bool,
        follow_offsite: bool,
        max_redirects: int | None,
    ) -> Fetch: ...


class RobotsCache:
    """The robots.txt rules of each host of one crawl, fetched once a host."""

    def __init__(self, fetcher: _Fetcher) -> None:
        self._fetcher = fetcher
        self._rules: dict[str, asyncio.Future[Robots]] = {}

    async def rules_for(self, run: DomainRun, url: httpx.URL) -> Robots:
        """The robots.txt rules of ``url``'s host."""
        key = f"{url.scheme}://{url.host.lower()}:{url_port(url)}"
        pending = self._rules.get(key)
        if pending is None:
            robots_url = str(url.copy_with(raw_path=b"/robots.txt"))
            pending = asyncio.ensure_future(self._load(run, robots_url, url.host.lower()))
            self._rules[key] = pending
        return await pending

    async def _load(self, run: DomainRun, robots_url: str, host: str) -> Robots:
        fetcher = self._fetcher
        fetched = await fetcher.fetch(
            run,
            robots_url,
            check_robots=False,
            max_bytes=fetcher.config.max_robots_bytes,
            truncate=True,
            follow_offsite=True,
            max_redirects=ROBOTS_MAX_REDIRECTS,
        )
        status = fetched.exchange.status
        if fetched.failure and status == 0 and fetched.final_url == fetched.url:
            # No answer at all from the host itself: the site is down (or refused).
            return Robots(disallow_all=True, down=fetched, note=" (unreachable)")
        if fetched.outcome in UNAVAILABLE_OUTCOMES:
            return Robots()  # unavailable, as a 4xx: no rules
        if fetched.failure or status == 429 or status >= 500:
            # Unreachable (RFC 9309 2.3.1.4): assume everything is disallowed.
            return Robots(disallow_all=True, note=f" (it answered {status or fetched.failure})")
        if not 200 <= status <= 299 or fetched.exchange.body is None:
            return Robots()  # 4xx, or redirected away: no rules, everything allowed
        # "utf-8-sig": a byte-order mark would otherwise glue itself to the first line.
        text = fetched.exchange.body.decode("utf-8-sig", errors="replace")
        try:
            parser = Protego.parse(text)
        except Exception:  # a third-party parser on hostile input: treat as no rules
            logger.warning("crawl: robots.txt of %s could not be parsed", host, exc_info=True)
            return Robots()
        delay = parser.crawl_delay(fetcher.token)
        if delay:
            gate = fetcher.exchanges.gate(host)
            gate.delay = max(gate.delay, min(float(delay), fetcher.config.max_crawl_delay_s))
        return Robots(parser=parser)
