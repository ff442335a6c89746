"""The crawler: a polite, safe async HTTP crawl of company websites, and its resource.

One module a concern: ``config`` (every knob), ``address_guard`` (SSRF), ``exchange``
(one GET: routing, politeness, retries, streaming, caps, inflation), ``redirects``,
``robots``, ``sitemaps``, ``plan`` (page types, the fetch queue, links), ``session``
(the crawl loop) and ``resource`` (the Dagster resource).
"""

from resources.crawler.config import (
    DEFAULT_USER_AGENT,
    CrawlerConfig,
    HostMapError,
    format_host_map,
    parse_host_map,
    parse_ports,
)
from resources.crawler.exchange import decode_html, parse_retry_after
from resources.crawler.model import (
    FETCHED_OUTCOMES,
    NO_VALIDATORS,
    DomainCrawl,
    FetchedPage,
    PageValidators,
)
from resources.crawler.resource import CrawlerResource
from resources.crawler.session import Crawler, crawl_domains_sync

__all__ = [
    "DEFAULT_USER_AGENT",
    "FETCHED_OUTCOMES",
    "NO_VALIDATORS",
    "Crawler",
    "CrawlerConfig",
    "CrawlerResource",
    "DomainCrawl",
    "FetchedPage",
    "HostMapError",
    "PageValidators",
    "crawl_domains_sync",
    "decode_html",
    "format_host_map",
    "parse_host_map",
    "parse_ports",
    "parse_retry_after",
]
