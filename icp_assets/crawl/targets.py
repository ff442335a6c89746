"""Which domains a tenant's crawl covers, and what a domain's crawl leaves stored."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# A domain shared by several roles is crawled once, under the strongest role.
ROLE_ORDER = ("self", "best", "lost")
OK_OUTCOMES = frozenset({"ok"})


@dataclass(frozen=True)
class SeedSite:
    seed_id: int
    kind: str
    domain: str
    company_id: int


@dataclass(frozen=True)
class CrawlTarget:
    domain: str
    company_id: int
    role: str
    seed_ids: tuple[int, ...] = ()


def crawl_targets(
    self_domain: str | None, self_company_id: int | None, seeds: Iterable[SeedSite]
) -> list[CrawlTarget]:
    """One target per distinct domain: the tenant's own site first, then the seeds'
    sites in the order given; a domain keeps its strongest role and all its seeds."""
    targets: dict[str, CrawlTarget] = {}
    if self_domain and self_company_id is not None:
        targets[self_domain] = CrawlTarget(self_domain, self_company_id, "self")
    for seed in seeds:
        known = targets.get(seed.domain)
        if known is None:
            targets[seed.domain] = CrawlTarget(
                seed.domain, seed.company_id, seed.kind, (seed.seed_id,)
            )
            continue
        role = min(known.role, seed.kind, key=ROLE_ORDER.index)
        targets[seed.domain] = CrawlTarget(
            known.domain, known.company_id, role, (*known.seed_ids, seed.seed_id)
        )
    return list(targets.values())


def keeps_previous_pages(outcome: str) -> bool:
    """A crawl that failed as a whole keeps the domain's earlier pages: a site that is
    down tonight still has yesterday's evidence."""
    return outcome not in OK_OUTCOMES


@dataclass(frozen=True)
class CrawlSummary:
    """A tenant's crawl as a whole: how many sites it reached, and which failed sites
    left their earlier pages standing in for them."""

    domains: int
    ok: int
    outcomes: dict[str, int]
    pages_fetched: int
    not_modified: int
    requests: int
    pages_kept: int = 0
    stale_domains: tuple[str, ...] = ()
    kept_pages_fetched_at: datetime | None = None

    @property
    def ok_rate(self) -> float:
        return self.ok / self.domains if self.domains else 0.0

    @property
    def reached_no_site(self) -> bool:
        return self.domains > 0 and self.ok == 0


def summarize_crawl(domain_rows: Sequence[Mapping[str, Any]]) -> CrawlSummary:
    """The summary of a crawl's ``crawled_domains`` rows. A failed domain with pages
    kept from an earlier crawl is stale; ``kept_pages_fetched_at`` is the oldest of
    those pages' fetch times."""
    outcomes = Counter(row["outcome"] for row in domain_rows)
    stale = [
        row for row in domain_rows if keeps_previous_pages(row["outcome"]) and row["pages_kept"]
    ]
    kept_at = [row["pages_kept_fetched_at"] for row in stale if row.get("pages_kept_fetched_at")]
    return CrawlSummary(
        domains=len(domain_rows),
        ok=sum(count for outcome, count in outcomes.items() if outcome in OK_OUTCOMES),
        outcomes=dict(sorted(outcomes.items())),
        pages_fetched=sum(row["pages_fetched"] for row in domain_rows),
        not_modified=sum(row["not_modified"] for row in domain_rows),
        requests=sum(row["requests"] for row in domain_rows),
        pages_kept=sum(row["pages_kept"] for row in stale),
        stale_domains=tuple(row["domain"] for row in stale),
        kept_pages_fetched_at=min(kept_at, default=None),
    )


def stale_pages_note(summary: CrawlSummary) -> str:
    """What a crawl that failed on some sites leaves the evidence on, for a person."""
    fetched = summary.kept_pages_fetched_at
    since = f" fetched on {fetched:%Y-%m-%d}" if fetched else ""
    reached = (
        "reached no site"
        if summary.reached_no_site
        else f"reached {summary.ok} of {summary.domains} sites"
    )
    return (
        f"the crawl {reached}; {summary.pages_kept} earlier pages{since} of "
        f"{len(summary.stale_domains)} failed sites stand in for them"
    )
