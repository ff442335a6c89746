"""Which domains a tenant's crawl covers, and what a domain's crawl leaves stored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    domains: int
    ok: int
    outcomes: dict[str, int]
    pages_fetched: int
    not_modified: int
    requests: int

    @property
    def ok_rate(self) -> float:
        return self.ok / self.domains if self.domains else 0.0


def summarize_outcomes(
    outcomes: Sequence[str], pages_fetched: int, not_modified: int, requests: int
) -> CrawlSummary:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return CrawlSummary(
        domains=len(outcomes),
        ok=sum(1 for outcome in outcomes if outcome in OK_OUTCOMES),
        outcomes=dict(sorted(counts.items())),
        pages_fetched=pages_fetched,
        not_modified=not_modified,
        requests=requests,
    )
