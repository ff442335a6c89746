"""What a tenant's best customers have in common: their industries (one a seed: the
register's primary code first, see ``industries``) and their clusters up the hierarchy,
integrations, headcount, buyer titles, locations and industries served, each with its
support across seeds and the evidence behind it. Pure: no Dagster, no SQL.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icp_assets.evidence.extract.headcount import headcount_band
from icp_assets.pattern_mining.industries import seed_industries
from icp_assets.reference.ssic import HOLDING_CODES
from icp_assets.signals import Signal

# Evidence ids kept per pattern: enough for a card to cite, small enough for metadata.
MAX_EVIDENCE_IDS = 25
# A cluster up the SSIC hierarchy is a pattern only when it joins at least two seeds.
MIN_CLUSTER_SUPPORT = 2
CLUSTER_LEVELS = (("class", 4), ("group", 3), ("division", 2))
COUNTRY_CODE_LENGTH = 2


@dataclass(frozen=True)
class EvidenceFact:
    """One evidence row, as mining needs it."""

    evidence_id: int
    seed_id: int
    signal_key: str
    value: str
    confidence: float
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pattern:
    pattern_key: str
    value: str
    support: int
    share: float
    details: dict[str, Any]


@dataclass
class _Tally:
    seeds: set[int] = field(default_factory=set)
    evidence_ids: list[int] = field(default_factory=list)

    def add(self, fact: EvidenceFact) -> None:
        self.seeds.add(fact.seed_id)
        if len(self.evidence_ids) < MAX_EVIDENCE_IDS:
            self.evidence_ids.append(fact.evidence_id)


def _tallies(facts: Iterable[EvidenceFact], key_of) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for fact in facts:
        if (value := key_of(fact)) is not None:
            tallies[value].add(fact)
    return tallies


def _patterns(
    pattern_key: str,
    tallies: Mapping[str, _Tally],
    best_seeds: int,
    details_of=lambda value: {},
    min_support: int = 1,
) -> list[Pattern]:
    patterns = [
        Pattern(
            pattern_key,
            value,
            support=len(tally.seeds),
            share=round(len(tally.seeds) / best_seeds, 4),
            details={
                **details_of(value),
                "seed_ids": sorted(tally.seeds),
                "evidence_ids": tally.evidence_ids,
            },
        )
        for value, tally in tallies.items()
        if len(tally.seeds) >= min_support
    ]
    return sorted(patterns, key=lambda p: (-p.support, p.value))


def _industry_facts(facts: Sequence[EvidenceFact]) -> list[EvidenceFact]:
    """Each seed's one industry (``industries.seed_industries``: the register's primary
    code first, holding codes set aside) as the evidence row behind it."""
    by_id = {fact.evidence_id: fact for fact in facts}
    return [by_id[industry.evidence_id] for industry in seed_industries(facts).values()]


def _integration(fact: EvidenceFact) -> str | None:
    if fact.signal_key != Signal.INTEGRATION:
        return None
    return fact.value.split(":", 1)[-1]


def _ssic_clusters(
    industry_facts: Sequence[EvidenceFact], titles: Mapping[str, str], best_seeds: int
) -> list[Pattern]:
    patterns: list[Pattern] = []
    for level, digits in CLUSTER_LEVELS:
        tallies = _tallies(industry_facts, lambda f, d=digits: f.value[:d])
        patterns.extend(
            _patterns(
                "ssic_cluster",
                tallies,
                best_seeds,
                lambda prefix, level=level: {"level": level, "title": titles.get(prefix)},
                min_support=MIN_CLUSTER_SUPPORT,
            )
        )
    return patterns


def _headcount_bands(facts: Sequence[EvidenceFact], best_seeds: int) -> list[Pattern]:
    """One band per seed (its most confident employee count), the distribution of bands,
    and the band of the median count."""
    best_fact: dict[int, EvidenceFact] = {}
    for fact in facts:
        if fact.signal_key != Signal.HEADCOUNT_HINT or fact.details.get("kind") == "openings":
            continue
        if fact.value.startswith("openings:"):
            continue
        known = best_fact.get(fact.seed_id)
        if known is None or fact.confidence > known.confidence:
            best_fact[fact.seed_id] = fact
    chosen = sorted(best_fact.values(), key=lambda f: f.seed_id)
    patterns = _patterns("headcount_band", _tallies(chosen, lambda f: f.value), best_seeds)
    counts = [_midpoint(fact) for fact in chosen]
    counts = [count for count in counts if count is not None]
    if counts:
        median = statistics.median(counts)
        patterns.append(
            Pattern(
                "headcount_median",
                headcount_band(int(median)),
                support=len(counts),
                share=round(len(counts) / best_seeds, 4),
                details={
                    "median": median,
                    "seed_ids": sorted(f.seed_id for f in chosen),
                    "evidence_ids": [f.evidence_id for f in chosen][:MAX_EVIDENCE_IDS],
                },
            )
        )
    return patterns


def _midpoint(fact: EvidenceFact) -> float | None:
    low, high = fact.details.get("min"), fact.details.get("max")
    if isinstance(low, int | float) and isinstance(high, int | float):
        return (low + high) / 2
    if isinstance(low, int | float):
        return float(low)
    return None


def mine_patterns(
    facts: Sequence[EvidenceFact],
    best_seed_ids: Iterable[int],
    ssic_titles: Mapping[str, str],
) -> list[Pattern]:
    """The tenant's patterns over its best-customer seeds.

    ``facts`` are evidence rows of any seed; only those of ``best_seed_ids`` count.
    ``support`` is how many best seeds show the value, ``share`` that over all best
    seeds (a seed whose site gave nothing still counts in the denominator).
    ``ssic_titles`` maps codes and prefixes (classes, groups, divisions) to titles.
    """
    best = set(best_seed_ids)
    if not best:
        return []
    facts = [fact for fact in facts if fact.seed_id in best]
    n = len(best)
    relations: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for fact in facts:
        if fact.signal_key == Signal.INTEGRATION and ":" in fact.value:
            relation, tool = fact.value.split(":", 1)
            relations[tool][relation].add(fact.seed_id)
    industry_facts = _industry_facts(facts)
    return [
        *_patterns(
            "ssic",
            _tallies(industry_facts, lambda f: f.value),
            n,
            lambda code: {"title": ssic_titles.get(code), "holding": code in HOLDING_CODES},
        ),
        *_ssic_clusters(industry_facts, ssic_titles, n),
        *_patterns(
            "integration",
            _tallies(facts, _integration),
            n,
            # How many seeds integrate with the tool and how many merely run it.
            lambda tool: {"relations": {r: len(s) for r, s in sorted(relations[tool].items())}},
        ),
        *_headcount_bands(facts, n),
        *_patterns(
            "buyer_title",
            _tallies(facts, lambda f: f.value if f.signal_key == Signal.BUYER_TITLE else None),
            n,
        ),
        *_patterns(
            "location",
            _tallies(
                facts,
                lambda f: (
                    f.value
                    if f.signal_key == Signal.LOCATION and len(f.value) == COUNTRY_CODE_LENGTH
                    else None
                ),
            ),
            n,
        ),
        *_patterns(
            "industry_served",
            _tallies(facts, lambda f: f.value if f.signal_key == Signal.INDUSTRY_LABEL else None),
            n,
        ),
    ]


#: The plan's summary of a tenant's patterns: each list and the pattern key it holds.
PATTERN_SUMMARY_KEYS: Mapping[str, str] = {
    "top_ssics": "ssic",
    "common_integrations": "integration",
    "frequent_buyer_titles": "buyer_title",
}
#: Values in each list of the summary.
PATTERN_SUMMARY_SIZE = 10


def pattern_summary(patterns: Iterable[Pattern]) -> dict[str, list[str]]:
    """The plan's summary of the patterns: the values of each of
    :data:`PATTERN_SUMMARY_KEYS`, most support first (then by value), at most
    :data:`PATTERN_SUMMARY_SIZE` a list."""
    by_key: dict[str, list[Pattern]] = defaultdict(list)
    for pattern in patterns:
        by_key[pattern.pattern_key].append(pattern)
    return {
        name: [
            p.value
            for p in sorted(by_key[key], key=lambda p: (-p.support, p.value))[:PATTERN_SUMMARY_SIZE]
        ]
        for name, key in PATTERN_SUMMARY_KEYS.items()
    }
