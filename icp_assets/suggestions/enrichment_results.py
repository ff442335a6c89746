"""What an enrichment job finds and records, without SQL or Dagster: which website a
queued register company has, what its crawl and extraction say, and the job's result.

A job's result (``background_jobs.payload.result``) holds the register's facts about the
UEN, the website crawled (or why none was) and, for a crawled site, its outcome and the
evidence recorded. ``icp_assets.suggestions.enrichment`` reads and writes the warehouse
around these functions.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from icp_assets.crawl.content import PageContent, parse_html
from icp_assets.crawl.targets import keeps_previous_pages
from icp_assets.evidence.extract.model import EvidenceItem
from icp_assets.reference.register_rows import RegisterCandidate
from resources.crawler import DomainCrawl

#: ``icp_evidence.source`` of what an enrichment read on a company's website.
ENRICHMENT_SOURCE = "enrichment"
#: ``last_error`` of a job whose UEN the register does not hold.
UEN_NOT_IN_REGISTER = "UEN not found in the register"


def no_website_note(tenant_id: int, uen: str) -> str:
    """Why a job crawled nothing, with the command that gives the company a website."""
    return (
        "no website known for this company: give one with "
        f"icp enrich --tenant {tenant_id} --uen {uen} --domain example.sg"
    )


def register_result(candidate: RegisterCandidate, now: datetime) -> dict[str, Any]:
    """The register's facts about a job's UEN."""
    return {
        "entity_name": candidate.entity_name,
        "entity_status": candidate.status,
        "live": candidate.is_live,
        "primary_ssic_code": candidate.primary_ssic_code,
        "primary_ssic_description": candidate.primary_ssic_description,
        "secondary_ssic_code": candidate.secondary_ssic_code,
        "enriched_at": now.isoformat(timespec="seconds"),
    }


# -- which website ------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownCompany:
    """A ``companies`` row of the tenant that may be the job's company."""

    id: int
    name: str
    domain: str | None
    uen: str | None
    #: The tenant's own company or a seed's: its UEN is the mapping's to set, not ours.
    mapped: bool = False


WebsiteAction = Literal["use", "set_uen", "create", "none", "conflict"]


@dataclass(frozen=True)
class WebsiteChoice:
    """Which website a job crawls and how its company row is found.

    ``use``: an existing row (the company's by its UEN, or the one holding the requested
    domain with the same UEN); ``set_uen``: the row holding the requested domain has no
    UEN and is no seed's, so it takes this one; ``create``: a new row for the requested
    domain; ``none``: no website is known; ``conflict``: the requested domain is another
    company's, so nothing is crawled.
    """

    action: WebsiteAction
    domain: str | None = None
    company_id: int | None = None
    #: ``company`` (a ``companies`` row with the UEN) or ``request`` (the job's domain).
    website_from: str | None = None
    note: str | None = None


def choose_website(
    tenant_id: int,
    uen: str,
    requested_domain: str | None,
    by_uen: KnownCompany | None,
    by_domain: KnownCompany | None,
) -> WebsiteChoice:
    """The website of the job for ``uen``: the domain the job names (``requested_domain``,
    already normalized; ``by_domain`` is the tenant's company holding it, if any), else the
    domain of the tenant's company with that UEN (``by_uen``), else none."""
    if requested_domain:
        if by_domain is None:
            return WebsiteChoice("create", requested_domain, None, "request")
        if by_domain.uen == uen:
            return WebsiteChoice("use", requested_domain, by_domain.id, "request")
        if by_domain.uen is None and not by_domain.mapped:
            return WebsiteChoice("set_uen", requested_domain, by_domain.id, "request")
        owner = (
            f"UEN {by_domain.uen}"
            if by_domain.uen
            else "the tenant's own or a customer seed's company, whose UEN the mapping decides"
        )
        return WebsiteChoice(
            "conflict",
            note=(
                f"{requested_domain} is already the website of company {by_domain.id} "
                f"({by_domain.name}, {owner}); not crawled for UEN {uen}"
            ),
        )
    if by_uen is not None and by_uen.domain:
        return WebsiteChoice("use", by_uen.domain, by_uen.id, "company")
    return WebsiteChoice("none", note=no_website_note(tenant_id, uen))


# -- the crawl and its evidence ---------------------------------------------------------------


def pages_to_extract(crawl: DomainCrawl) -> list[PageContent]:
    """The crawl's fetched HTML pages as extraction reads them (personal data removed)."""
    return [
        parse_html(page.html, url=page.url, domain=crawl.domain, page_type=page.page_type).content
        for page in crawl.pages
        if page.outcome == "ok" and page.html is not None
    ]


def evidence_rows(
    tenant_id: int,
    company_id: int,
    domain: str,
    uen: str,
    job_id: int,
    items: Iterable[EvidenceItem],
) -> list[dict[str, Any]]:
    """``icp_evidence`` rows of a company's enrichment: the tenant's, no seed's."""
    return [
        {
            "tenant_id": tenant_id,
            "company_id": company_id,
            "seed_id": None,
            "signal_key": item.signal_key,
            "value": item.value,
            "details": json.dumps(
                {**item.details, "domain": domain, "uen": uen, "enrichment_job_id": job_id}
            ),
            "source": ENRICHMENT_SOURCE,
            "url": item.url,
            "snippet": item.snippet,
            "confidence": round(item.confidence, 4),
            "extractor": item.extractor,
        }
        for item in items
    ]


def replaces_evidence(outcome: str) -> bool:
    """Whether a crawl with this outcome replaces the company's enrichment evidence: a
    site that failed tonight keeps what its last good crawl found."""
    return not keeps_previous_pages(outcome)


def crawl_result(
    crawl: DomainCrawl, items: Sequence[EvidenceItem], kept_previous: int
) -> dict[str, Any]:
    """The crawl's outcome and the evidence it left, for the job's result."""
    replaced = replaces_evidence(crawl.outcome)
    return {
        "crawl": {
            "outcome": crawl.outcome,
            "detail": crawl.detail,
            "pages_fetched": sum(1 for page in crawl.pages if page.outcome == "ok"),
            "requests": crawl.requests,
            "elapsed_s": round(crawl.elapsed_s, 3),
        },
        "evidence": {
            "items": len(items) if replaced else kept_previous,
            "by_signal": dict(sorted(Counter(item.signal_key for item in items).items())),
            "kept_previous": not replaced,
        },
    }


# -- a run's counts -------------------------------------------------------------------------


@dataclass
class EnrichmentCounts:
    """What one pass over the due jobs did."""

    #: Jobs finished ``done`` and ``failed``.
    done: int = 0
    failed: int = 0
    #: Done jobs whose company's website was crawled, and how many of those crawls failed.
    crawled: int = 0
    site_failed: int = 0
    #: Done jobs with no website known (or the requested one another company's).
    without_website: int = 0
    #: Evidence rows written.
    evidence_items: int = 0
    #: Claimed jobs handed back to the queue, unstarted, when the time budget ran out.
    deferred: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        return self.done + self.failed

    def count_crawl(self, outcome: str) -> None:
        self.crawled += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        if outcome != "ok":
            self.site_failed += 1

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "outcomes": dict(sorted(self.outcomes.items()))}

    def summary(self) -> str:
        """One line for a sensor tick or a log."""
        text = (
            f"{self.finished} enrichment job(s) finished: {self.done} done "
            f"({self.crawled} website(s) crawled, {self.site_failed} of them failed; "
            f"{self.without_website} without a website), {self.failed} failed, "
            f"{self.evidence_items} evidence item(s)"
        )
        if self.deferred:
            text += f"; {self.deferred} left for the next pass (time budget)"
        return text
