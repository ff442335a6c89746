"""Every fixture site by domain, with its kind and the crawl outcome it should end in."""

from __future__ import annotations

from types import MappingProxyType

from icp_assets.demo.fixture_sites.hostile_sites import hostile_sites
from icp_assets.demo.fixture_sites.lumen_ledger_site import lumen_ledger
from icp_assets.demo.fixture_sites.other_sites import OTHER_SITES
from icp_assets.demo.fixture_sites.seed_sites import SEED_SITES
from icp_assets.demo.fixture_sites.site_model import CRAWL_OUTCOMES, CompanySite, FixtureSite

#: A domain no fixture serves and the host map does not list: a crawler resolving it
#: should end in ``dns_error`` (``.invalid`` never resolves, RFC 6761).
UNRESOLVABLE_DOMAIN = "no-such-company.invalid"


def _all_sites() -> dict[str, FixtureSite]:
    sites: list[FixtureSite] = [lumen_ledger()]
    sites += [build() for build in (*SEED_SITES, *OTHER_SITES)]
    sites += hostile_sites()
    by_domain: dict[str, FixtureSite] = {}
    for site in sites:
        if site.domain in by_domain:
            raise ValueError(f"two fixture sites for {site.domain}")
        if site.expected_outcome not in CRAWL_OUTCOMES:
            raise ValueError(f"{site.domain}: unknown outcome {site.expected_outcome!r}")
        by_domain[site.domain] = site
    return by_domain


#: Every fixture site by its bare domain ("lumenledger.sg").
SITES: MappingProxyType[str, FixtureSite] = MappingProxyType(_all_sites())

REALISTIC_DOMAINS: tuple[str, ...] = tuple(d for d, s in SITES.items() if s.kind == "realistic")
HOSTILE_DOMAINS: tuple[str, ...] = tuple(d for d, s in SITES.items() if s.kind == "hostile")

#: The realistic company sites, for tests that walk their pages.
COMPANY_SITES: tuple[CompanySite, ...] = tuple(
    s for s in SITES.values() if isinstance(s, CompanySite) and s.kind == "realistic"
)


def expected_outcome(domain: str) -> str:
    """The outcome a polite, safe crawl of ``domain`` should end in."""
    if domain == UNRESOLVABLE_DOMAIN:
        return "dns_error"
    return SITES[domain].expected_outcome


def site_for_host(host: str) -> FixtureSite | None:
    """The site a ``Host`` header names: port stripped, case ignored, ``www.`` accepted."""
    name = host.strip().lower()
    if name.startswith("["):  # an IPv6 literal never names a fixture site
        return None
    name = name.rsplit(":", 1)[0] if ":" in name else name
    name = name.rstrip(".")
    return SITES.get(name) or SITES.get(name.removeprefix("www."))
