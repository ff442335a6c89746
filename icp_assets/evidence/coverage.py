"""Whether a tenant's web evidence is complete enough, or reduced (plan Journey 3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Coverage:
    reduced_evidence: bool
    reasons: list[dict[str, str]] = field(default_factory=list)


def assess_coverage(domains: Sequence[DomainCoverage], best_seeds_without_site: int) -> Coverage:
    """Reduced when the tenant's own site or a best customer's site gave no pages (blocked,
    down, refused), when best customers have no website, or when too few best-customer
    sites yielded evidence. Lost customers' sites never reduce it."""
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
    return Coverage(reduced_evidence=bool(reasons), reasons=reasons)
