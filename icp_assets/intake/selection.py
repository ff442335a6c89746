"""Choosing a tenant's working set of seeds from what its intake named.

Pure: no database, no Dagster. The same company named twice becomes one seed; a
company named both as a best and as a lost customer is kept as lost only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from icp_assets.intake.model import RECOMMENDED_BEST_CUSTOMERS


@dataclass(frozen=True)
class IntakeSeed:
    """A seed as stored from the intake (``customer_seeds``)."""

    seed_id: int
    kind: Literal["best", "lost"]
    name: str
    domain: str | None
    normalized_name: str
    reason: str | None = None


@dataclass(frozen=True)
class SelectedSeed:
    """A seed of the working set, with the ids of the duplicates merged into it."""

    seed: IntakeSeed
    merged_seed_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SeedSelection:
    seeds: list[SelectedSeed]
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for s in self.seeds if s.seed.kind == kind)

    @property
    def duplicates_merged(self) -> int:
        return sum(len(s.merged_seed_ids) for s in self.seeds)


def _identity(seed: IntakeSeed) -> tuple[str, str]:
    return ("domain", seed.domain) if seed.domain else ("name", seed.normalized_name)


def select_seeds(seeds: Sequence[IntakeSeed]) -> SeedSelection:
    """De-duplicate ``seeds`` in their order.

    Two seeds are the same company when they share a domain, or when one has no domain
    and both share a normalized name. The first of a group is kept; the others' ids are
    recorded as merged into it.
    """
    groups: list[list[IntakeSeed]] = []
    by_domain: dict[str, list[IntakeSeed]] = {}
    by_name: dict[str, list[IntakeSeed]] = {}
    for seed in seeds:
        group = None
        if seed.domain:
            group = by_domain.get(seed.domain)
            name_group = by_name.get(seed.normalized_name)
            if group is None and name_group is not None and not name_group[0].domain:
                group = name_group
        else:
            group = by_name.get(seed.normalized_name)
        if group is None:
            group = []
            groups.append(group)
        group.append(seed)
        if seed.domain:
            by_domain.setdefault(seed.domain, group)
        by_name.setdefault(seed.normalized_name, group)

    selected: list[SelectedSeed] = []
    warnings: list[str] = []
    for group in groups:
        kinds = {s.kind for s in group}
        keep_kind = "lost" if "lost" in kinds else "best"
        kept = next(s for s in group if s.kind == keep_kind)
        if len(kinds) > 1:
            warnings.append(
                f"{kept.name} is listed as both a best and a lost customer: kept as lost"
            )
        merged = tuple(s.seed_id for s in group if s is not kept)
        if merged and len(kinds) == 1:
            kind, value = _identity(kept)
            warnings.append(f"{kept.name} is listed {len(group)} times (same {kind} {value})")
        selected.append(SelectedSeed(seed=kept, merged_seed_ids=merged))
    best = sum(1 for s in selected if s.seed.kind == "best")
    if best < RECOMMENDED_BEST_CUSTOMERS:
        warnings.append(
            f"low confidence: {best} distinct best customers, "
            f"{RECOMMENDED_BEST_CUSTOMERS} or more give segments you can rely on"
        )
    return SeedSelection(seeds=selected, warnings=warnings)
