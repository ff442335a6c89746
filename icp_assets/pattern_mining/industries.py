"""Which industry each seed is in, for forming segments. Pure: no Dagster, no SQL.

A matched seed's register entry is the authority: its *primary* SSIC code is its
industry, its secondary code weaker evidence. Codes that describe corporate structure
rather than a market (``HOLDING_CODES``: holding companies, head offices) say nothing
about the segment: listed groups carry them as a matter of form. A seed whose register
code is one of them takes its other register code, else what its own website says it
does; the holding code stands only when it is all there is. A seed the register does
not know is in the industry its website reads as, when that reading is strong enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from icp_assets.reference.ssic import HOLDING_CODES
from icp_assets.signals import Signal

#: The weight of each source of a seed's industry: the register's primary code, then its
#: secondary code, then what the seed's site says it does (times the hint's confidence).
SOURCE_WEIGHTS = {"register_primary": 1.0, "register_secondary": 0.6, "website": 0.6}
#: A website reading weaker than this does not place a seed the register does not know.
MIN_WEBSITE_CONFIDENCE = 0.3
SSIC_CODE_LENGTH = 5


class EvidenceLike(Protocol):
    evidence_id: int
    seed_id: int
    signal_key: str
    value: str
    confidence: float
    details: Mapping[str, Any]


@dataclass(frozen=True)
class SeedIndustry:
    """A seed's industry: its SSIC code, where it comes from, how much it weighs, and
    the evidence row behind it."""

    seed_id: int
    code: str
    source: str  # "register_primary" | "register_secondary" | "website"
    weight: float
    evidence_id: int

    @property
    def is_holding(self) -> bool:
        return self.code in HOLDING_CODES


def _candidates(rows: Iterable[EvidenceLike]) -> dict[int, list[SeedIndustry]]:
    found: dict[int, list[SeedIndustry]] = {}
    for row in rows:
        if len(row.value) != SSIC_CODE_LENGTH or not row.value.isdigit():
            continue
        if row.signal_key == Signal.SSIC:
            rank = row.details.get("rank", "primary")
            source = "register_secondary" if rank == "secondary" else "register_primary"
            weight = SOURCE_WEIGHTS[source]
        elif row.signal_key == Signal.SSIC_HINT:
            if row.confidence < MIN_WEBSITE_CONFIDENCE:
                continue
            source, weight = "website", SOURCE_WEIGHTS["website"] * row.confidence
        else:
            continue
        found.setdefault(row.seed_id, []).append(
            SeedIndustry(row.seed_id, row.value, source, round(weight, 4), row.evidence_id)
        )
    return found


_SOURCE_ORDER = ("register_primary", "register_secondary", "website")


def _order(industry: SeedIndustry) -> tuple:
    return (
        industry.is_holding,
        _SOURCE_ORDER.index(industry.source),
        -industry.weight,
        industry.code,
        industry.evidence_id,
    )


def seed_industries(rows: Iterable[EvidenceLike]) -> dict[int, SeedIndustry]:
    """Each seed's one industry for segmenting (see the module docstring); seeds with no
    register code and no strong enough website reading have none."""
    return {
        seed_id: min(candidates, key=_order) for seed_id, candidates in _candidates(rows).items()
    }
