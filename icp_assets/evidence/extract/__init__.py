"""Deterministic extraction: every extractor over a domain's pages, as one list of
cited evidence items with one item per (signal, value, page), and at most three
activity codes a company."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.customers import extract_customer_logos
from icp_assets.evidence.extract.headcount import extract_headcount_hints
from icp_assets.evidence.extract.industries import (
    extract_industry_labels,
    extract_ssic_hints,
    extract_stated_exclusions,
    keep_top_ssic_hints,
)
from icp_assets.evidence.extract.integrations import IntegrationCatalogue, extract_integrations
from icp_assets.evidence.extract.locations import extract_locations
from icp_assets.evidence.extract.model import EvidenceItem, keep_best
from icp_assets.evidence.extract.pricing import extract_pricing
from icp_assets.evidence.extract.titles import extract_buyer_titles

PAGE_EXTRACTORS = (
    extract_industry_labels,
    extract_stated_exclusions,
    extract_buyer_titles,
    extract_headcount_hints,
    extract_locations,
    extract_pricing,
    extract_customer_logos,
)


def extract_page_evidence(
    page: PageContent, catalogue: IntegrationCatalogue, company_names: Sequence[str] = ()
) -> list[EvidenceItem]:
    """Every deterministic extractor over one page; ``company_names`` (the company's own
    names) are never read as what it does."""
    items = extract_integrations(page, catalogue)
    items.extend(extract_ssic_hints(page, company_names))
    for extractor in PAGE_EXTRACTORS:
        items.extend(extractor(page))
    return items


def extract_domain_evidence(
    pages: Iterable[PageContent],
    catalogue: IntegrationCatalogue,
    company_names: Sequence[str] = (),
) -> list[EvidenceItem]:
    """Every page's evidence, keeping the most confident item per (signal, value, page),
    and the company's three strongest activity codes."""
    best: dict[tuple[str, str, str | None], EvidenceItem] = {}
    for page in pages:
        for item in extract_page_evidence(page, catalogue, company_names):
            keep_best(best, item, (item.signal_key, item.value, item.url))
    return keep_top_ssic_hints(best.values())
