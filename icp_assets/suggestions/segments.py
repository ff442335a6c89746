"""Candidate segments of a tenant's best customers, their scores, and the choice of
cards. Pure: no Dagster, no SQL.

- **Candidates** come from each best seed's one industry (``pattern_mining.industries``:
  the register's primary code first, holding codes set aside) at every SSIC level, from
  sub-class to division. Sibling divisions of one section merge when together they
  cover more seeds than any of them alone: construction 41, 42 and 43 become one
  segment. Technographic segments (a tool several seeds run or integrate) are built
  too, for tenants whose customers share a stack more than an industry.
- **Lost customers** in a segment lower its score in proportion: a segment that as many
  lost customers share as best ones is no segment to sell into, and is dropped.
- **Score** = the weighted parts in ``SCORE_WEIGHTS``: support (the weighted share of
  best seeds covered), weight of evidence, specificity (deeper levels target better),
  less the lost-customer share. It does not depend on which other cards are chosen, so
  cards are ordered by it.
- **Choice**: best score first; a segment whose seeds are all in a card already chosen
  (or whose codes nest in one's with the same seeds) is not a card of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from icp_assets.pattern_mining.industries import SeedIndustry

SCORE_WEIGHTS = {
    "support": 0.6,
    "evidence_weight": 0.2,
    "specificity": 0.15,
    "lost_customers": -0.6,
}
#: Sum of confidences at which the weight of evidence reaches one half.
EVIDENCE_HALF_WEIGHT = 5.0
#: How specific each kind of segment is (a sub-class targets best, a section least).
SPECIFICITY = {
    "subclass": 1.0,
    "class": 0.8,
    "group": 0.6,
    "division": 0.45,
    "section": 0.25,
    "technographic": 0.0,
}
LEVEL_OF_DIGITS = {5: "subclass", 4: "class", 3: "group", 2: "division"}
#: A segment is something several best customers share.
MIN_SEEDS_FOR_A_SEGMENT = 2
#: Sections whose divisions are one trade to a buyer: construction, transport and
#: storage, accommodation and food, finance, real estate, health. Divisions of another
#: section (manufacturing makes anything) merge only when one of them alone is shared.
ONE_TRADE_SECTIONS = frozenset({"F", "H", "I", "K", "L", "Q"})
#: A seed's weight in a technographic segment: a shared tool is weaker evidence of a
#: segment than a shared industry.
TOOL_WEIGHT = 0.3
#: What each negative-ICP theme touching a segment takes off its score.
NEGATIVE_FLAG_PENALTY = 0.05
#: What orders the cards, for a person reading them: the one figure shown beside rank.
RANKED_BY = (
    "Cards are ranked by score: "
    f"{SCORE_WEIGHTS['support']:g} × the share of your best customers in the segment "
    f"+ {SCORE_WEIGHTS['evidence_weight']:g} × the weight of its evidence "
    f"+ {SCORE_WEIGHTS['specificity']:g} × how specific its SSIC level is "
    f"− {-SCORE_WEIGHTS['lost_customers']:g} × the share of lost customers in it "
    f"− {NEGATIVE_FLAG_PENALTY:g} per negative-ICP theme it touches."
)


@dataclass(frozen=True)
class Segment:
    """A candidate card before scoring: its SSIC cluster (codes or prefixes; for a
    technographic segment, the tool), the best seeds it covers with their weights, and
    the lost customers inside it."""

    kind: str  # "ssic" | "technographic"
    level: str
    codes: tuple[str, ...]
    seeds: frozenset[int]
    lost: frozenset[int] = frozenset()
    weights: Mapping[int, float] = field(default_factory=dict)
    #: The tool of a technographic segment, the section of a merged one.
    anchor: str | None = None

    @property
    def identity(self) -> tuple[str, ...]:
        """What makes two cards the same segment: the SSIC cluster, else the tool."""
        return (f"tool:{self.anchor}",) if self.kind == "technographic" else self.codes

    def covers_code(self, code: str) -> bool:
        return self.kind == "ssic" and any(code.startswith(prefix) for prefix in self.codes)

    @property
    def lost_dominated(self) -> bool:
        """As many lost customers as best ones: not a segment to sell into."""
        return len(self.lost) >= len(self.seeds)


def _covered(industries: Mapping[int, SeedIndustry], codes: Sequence[str]) -> frozenset[int]:
    return frozenset(
        seed
        for seed, industry in industries.items()
        if any(industry.code.startswith(prefix) for prefix in codes)
    )


def ssic_segments(
    best: Mapping[int, SeedIndustry],
    lost: Mapping[int, SeedIndustry],
    section_of: Mapping[str, str],
    min_seeds: int = MIN_SEEDS_FOR_A_SEGMENT,
) -> list[Segment]:
    """Every SSIC segment of at least ``min_seeds`` best seeds: each level of each seed's
    industry (holding codes aside), and merged sibling divisions of a section."""
    placed = {seed: industry for seed, industry in best.items() if not industry.is_holding}
    lost_placed = {seed: industry for seed, industry in lost.items() if not industry.is_holding}
    prefixes: dict[str, set[int]] = defaultdict(set)
    for seed, industry in placed.items():
        for digits in LEVEL_OF_DIGITS:
            prefixes[industry.code[:digits]].add(seed)

    def segment(level: str, codes: tuple[str, ...], anchor: str | None = None) -> Segment:
        seeds = _covered(placed, codes)
        return Segment(
            "ssic",
            level,
            codes,
            seeds,
            _covered(lost_placed, codes),
            {seed: placed[seed].weight for seed in seeds},
            anchor,
        )

    segments = [
        segment(LEVEL_OF_DIGITS[len(prefix)], (prefix,))
        for prefix, seeds in sorted(prefixes.items())
        if len(seeds) >= min_seeds
    ]
    divisions_by_section: dict[str, list[str]] = defaultdict(list)
    for prefix in sorted(prefixes):
        if len(prefix) == 2 and prefix in section_of:
            divisions_by_section[section_of[prefix]].append(prefix)
    for section, divisions in sorted(divisions_by_section.items()):
        if len(divisions) < 2:
            continue
        if section not in ONE_TRADE_SECTIONS and max(len(prefixes[d]) for d in divisions) < 2:
            continue
        merged = segment("section", tuple(divisions), anchor=section)
        widest = max(len(prefixes[d]) for d in divisions)
        if len(merged.seeds) > widest and len(merged.seeds) >= min_seeds:
            segments.append(merged)
    return segments


def technographic_segments(
    tools_by_seed: Mapping[int, Iterable[str]],
    lost_tools: Mapping[int, Iterable[str]],
    codes_by_seed: Mapping[int, str],
    min_seeds: int = MIN_SEEDS_FOR_A_SEGMENT,
) -> list[Segment]:
    """A segment per tool that at least ``min_seeds`` best seeds run or integrate; its
    cluster is the seeds' own codes."""
    seeds_of: dict[str, set[int]] = defaultdict(set)
    for seed, tools in tools_by_seed.items():
        for tool in tools:
            seeds_of[tool].add(seed)
    lost_of: dict[str, set[int]] = defaultdict(set)
    for seed, tools in lost_tools.items():
        for tool in tools:
            lost_of[tool].add(seed)
    segments = []
    for tool, seeds in sorted(seeds_of.items()):
        if len(seeds) < min_seeds:
            continue
        codes = tuple(sorted({codes_by_seed[s] for s in seeds if s in codes_by_seed}))
        segments.append(
            Segment(
                "technographic",
                "technographic",
                codes,
                frozenset(seeds),
                frozenset(lost_of.get(tool, ())),
                {seed: TOOL_WEIGHT for seed in seeds},
                tool,
            )
        )
    return segments


@dataclass(frozen=True)
class Scored:
    segment: Segment
    parts: dict[str, float]

    @property
    def score(self) -> float:
        return round(sum(self.parts.values()), 4)


def score_segment(
    segment: Segment, evidence_confidence: float, best_seeds: int, negative_flags: int = 0
) -> Scored:
    """The segment's weighted score parts (see the module docstring); each negative-ICP
    theme touching it takes ``NEGATIVE_FLAG_PENALTY`` off."""
    support = sum(segment.weights.values()) / best_seeds if best_seeds else 0.0
    covered = len(segment.seeds) + len(segment.lost)
    raw = {
        "support": support,
        "evidence_weight": evidence_confidence / (evidence_confidence + EVIDENCE_HALF_WEIGHT),
        "specificity": SPECIFICITY[segment.level],
        "lost_customers": len(segment.lost) / covered if covered else 0.0,
    }
    parts = {name: round(SCORE_WEIGHTS[name] * raw[name], 4) for name in raw}
    parts["negative_flags"] = round(-NEGATIVE_FLAG_PENALTY * negative_flags, 4)
    return Scored(segment, parts)


def _nested(a: Segment, b: Segment) -> bool:
    """One SSIC segment is a narrower or wider version of the other: nested codes and
    seeds in common ("wholesale of a variety of goods" inside "wholesale trade")."""
    if a.kind != "ssic" or b.kind != "ssic" or not a.seeds & b.seeds:
        return False
    return all(b.covers_code(code) for code in a.codes) or all(
        a.covers_code(code) for code in b.codes
    )


def choose_segments(
    scored: Sequence[Scored], limit: int, already: Sequence[Scored] = ()
) -> list[Scored]:
    """Up to ``limit`` more segments, best score first; one is left out when its seeds
    are all in a card chosen before it (or in ``already``), when it nests in one, or
    when lost customers dominate it."""
    chosen: list[Scored] = []
    before = list(already)
    ordered = sorted(scored, key=lambda s: (-s.score, -len(s.segment.seeds), s.segment.identity))
    for candidate in ordered:
        if len(chosen) >= limit:
            break
        segment = candidate.segment
        if segment.lost_dominated or not segment.seeds:
            continue
        if any(
            segment.identity == c.segment.identity
            or segment.seeds <= c.segment.seeds
            or _nested(segment, c.segment)
            for c in (*before, *chosen)
        ):
            continue
        chosen.append(candidate)
    return chosen


def uncovered_groups(
    best: Mapping[int, SeedIndustry], chosen: Sequence[Scored]
) -> list[tuple[str, frozenset[int]]]:
    """Divisions that at least two best seeds share (holding codes aside) and that no
    chosen card covers: segments a person would name that got no card."""
    by_division: dict[str, set[int]] = defaultdict(set)
    for seed, industry in best.items():
        if not industry.is_holding:
            by_division[industry.code[:2]].add(seed)
    missing = []
    for division, seeds in sorted(by_division.items()):
        if len(seeds) < MIN_SEEDS_FOR_A_SEGMENT:
            continue
        covered = any(
            c.segment.kind == "ssic"
            and any(division.startswith(p) or p.startswith(division) for p in c.segment.codes)
            and len(c.segment.seeds & seeds) >= MIN_SEEDS_FOR_A_SEGMENT
            for c in chosen
        )
        if not covered:
            missing.append((division, frozenset(seeds)))
    return missing
