"""Local fixture websites for the crawler's tests, the demo and the crawl benchmark.

One loopback server (``FixtureWebServer``) answers for every fixture domain, picking
the site by the ``Host`` header: realistic Singapore company sites (the demo tenant
``lumenledger.sg``, its seed customers and more) and hostile sites that each end a
crawl in a known outcome (``expected_outcome``).
"""

from __future__ import annotations

from icp_assets.demo.fixture_sites.server import FixtureWebServer, RequestRecord
from icp_assets.demo.fixture_sites.site_model import CRAWL_OUTCOMES, CompanySite, FixtureSite, Page
from icp_assets.demo.fixture_sites.sites import (
    COMPANY_SITES,
    HOSTILE_DOMAINS,
    REALISTIC_DOMAINS,
    SITES,
    UNRESOLVABLE_DOMAIN,
    expected_outcome,
)

__all__ = [
    "COMPANY_SITES",
    "CRAWL_OUTCOMES",
    "HOSTILE_DOMAINS",
    "REALISTIC_DOMAINS",
    "SITES",
    "UNRESOLVABLE_DOMAIN",
    "CompanySite",
    "FixtureSite",
    "FixtureWebServer",
    "Page",
    "RequestRecord",
    "expected_outcome",
]
