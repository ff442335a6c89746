"""Whether a tenant's web evidence is complete enough, or reduced (plan Journey 3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from icp_assets.crawl.targets import OK_OUTCOMES

# Below this share of best-customer sites with any web evidence, the tenant's evidence
# is reduced even when no site blocked the crawler.
MIN_BEST_SITES_WITH_EVIDENCE = 0.5


@dataclass(frozen=True)
class DomainCoverage:
    domain: str
    role: str
    outcome: str
    detail: str
    stored_pages: int
    web_items: int
    kept_fetched_at: datetime | None = None

    @property
    def reached(self) -> bool:
        return self.outcome in OK_OUTCOMES

    @property
    def stale(self) -> bool:
        """Its latest crawl failed, and pages of an earlier one stand in for it."""
        return not self.reached and self.stored_pages > 0


@dataclass(frozen=True)
class Coverage:
    """Reduced: too little evidence to go on. Stale: some of it rests on pages kept from
    an earlier crawl of a site the latest crawl did not reach, the oldest fetched at
    ``evidence_as_of``."""

    reduced_evidence: bool
    reasons: list[dict[str, str]] = field(default_factory=list)
    stale_evidence: bool = False
    evidence_as_of: datetime | None = None
    sites_crawled: int = 0
    sites_reached: int = 0


def _stale_reason(domain: DomainCoverage) -> dict[str, str]:
    fetched = domain.kept_fetched_at
    since = f" fetched on {fetched:%Y-%m-%d}" if fetched else ""
    return {
        "domain": domain.domain,
        "role": domain.role,
        "reason": "stale_pages",
        "detail": (
            f"the crawl of {domain.domain} ended in {domain.outcome}; its "
            f"{domain.stored_pages} earlier pages{since} are kept"
        ),
        "fetched_at": fetched.isoformat() if fetched else "",
    }


def assess_coverage(domains: Sequence[DomainCoverage], best_seeds_without_site: int) -> Coverage:
    """Reduced when the tenant's own site or a best customer's site gave no pages (blocked,
    down, refused), when best customers have no website, when too few best-customer
    sites yielded evidence, or when the crawl reached no site at all. Lost customers'
    sites never reduce it. Stale when the own or a best customer's site failed and its
    earlier pages are kept."""
    reasons = [
        {
            "domain": d.domain,
            "role": d.role,
            "reason": d.outcome,
            "detail": d.detail or f"the crawl of {d.domain} ended in {d.outcome}",
        }
        for d in domains
        if d.role in ("self", "best") and d.stored_pages == 0
    ]
    if best_seeds_without_site:
        reasons.append(
            {
                "domain": "",
                "role": "best",
                "reason": "no_website",
                "detail": f"{best_seeds_without_site} best customer(s) have no website",
            }
        )
    best = [d for d in domains if d.role == "best"]
    with_evidence = sum(1 for d in best if d.web_items > 0)
    if best and with_evidence / len(best) < MIN_BEST_SITES_WITH_EVIDENCE:
        reasons.append(
            {
                "domain": "",
                "role": "best",
                "reason": "thin_web_evidence",
                "detail": (
                    f"only {with_evidence} of {len(best)} best-customer sites gave web evidence"
                ),
            }
        )
    reached = sum(1 for d in domains if d.reached)
    if domains and not reached:
        reasons.append(
            {
                "domain": "",
                "role": "",
                "reason": "crawl_reached_no_site",
                "detail": f"the crawl reached none of the {len(domains)} sites",
            }
        )
    stale = [d for d in domains if d.role in ("self", "best") and d.stale]
    kept_at = [d.kept_fetched_at for d in stale if d.kept_fetched_at]
    return Coverage(
        reduced_evidence=bool(reasons),
        reasons=reasons + [_stale_reason(d) for d in stale],
        stale_evidence=bool(stale),
        evidence_as_of=min(kept_at, default=None),
        sites_crawled=len(domains),
        sites_reached=reached,
    )
