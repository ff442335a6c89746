"""The fit score: how much a register company looks like a card's best customers.
Pure: no Dagster, no SQL; vectorized over every candidate at once (numpy, pandas and a
sparse text matrix), never a Python loop over rows.

A candidate earns points per signal against each of the card's seeds; its **closest
seed** is the one it shares most points with, and its score (0-100) is those points
plus what its own crawled evidence earns against the card. Each company keeps its
points by signal, so a reader sees why it ranks where it does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

# Points per signal. Together with the evidence points they make 100.
#: SSIC agreement by the deepest level shared with the seed's code: the sub-class is the
#: same business, the division only the same broad trade.
SSIC_POINTS = {5: 35.0, 4: 30.0, 3: 24.0, 2: 16.0}
#: Agreement only by the candidate's secondary code: a side line, not its business.
SECONDARY_SHARE = 0.5
#: The same entity type (a private limited company like the seed); a company of another
#: company type half; a sole proprietorship or partnership when the seed is a company none.
ENTITY_TYPE_POINTS = 10.0
#: Registered in the same year as the seed, falling to nothing at AGE_SPAN_YEARS apart:
#: firms of an age buy alike (a start-up and a 30-year-old group do not).
AGE_POINTS = 10.0
AGE_SPAN_YEARS = 12
#: The same postal sector (the first two digits): the same part of the island, the same
#: industrial estate.
LOCATION_POINTS = 8.0
#: The register's user-described activity text against the seed's own words (cosine of
#: TF-IDF vectors): the nearest reading of what the company actually does.
ACTIVITY_TEXT_POINTS = 20.0
#: Crawled evidence, where the company has some: each of the card's tools it runs ...
TOOL_POINTS = 6.0
MAX_TOOL_POINTS = 12.0
#: ... and a headcount in the card's band.
BAND_POINTS = 5.0
MAX_POINTS = (
    SSIC_POINTS[5]
    + ENTITY_TYPE_POINTS
    + AGE_POINTS
    + LOCATION_POINTS
    + ACTIVITY_TEXT_POINTS
    + MAX_TOOL_POINTS
    + BAND_POINTS
)

SIGNALS = ("ssic", "entity_type", "age", "location", "activity_text", "tools", "band")
#: The entity types that are companies (as the register spells them).
COMPANY_TYPES = frozenset({"Local Company", "Foreign Company", "Public Company"})
#: The columns ``score_candidates`` reads; ``tools`` and ``band`` may be absent.
CANDIDATE_COLUMNS = (
    "uen",
    "entity_name",
    "entity_type",
    "primary_ssic_code",
    "secondary_ssic_code",
    "year",
    "postal_sector",
    "activity_text",
)

_VECTORIZER = HashingVectorizer(
    n_features=2**18,
    alternate_sign=False,
    norm=None,
    lowercase=True,
    stop_words="english",
    token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]{2,}\b",
)


@dataclass(frozen=True)
class SeedProfile:
    """A best customer as the register and its own site describe it (``seed_id`` None
    for a stand-in: one of a card's codes when it has no seed to compare with)."""

    seed_id: int | None
    name: str
    primary_ssic_code: str | None
    secondary_ssic_code: str | None = None
    entity_type: str | None = None
    year: int | None = None
    postal_sector: str | None = None
    #: Its own words: the register's activity text and its site's statements.
    text: str = ""


@dataclass(frozen=True)
class CardTarget:
    """What a card says about its segment beyond its seeds."""

    tools: frozenset[str] = frozenset()
    band: str | None = None


@dataclass
class Ranked:
    """The candidates in rank order with their score, closest seed and points by signal."""

    frame: pd.DataFrame
    seeds: Sequence[SeedProfile] = field(default_factory=tuple)


def _shared_level(candidate: pd.Series, code: str | None) -> np.ndarray:
    """The number of leading digits (2 to 5) a candidate's code shares with ``code``,
    else 0."""
    level = np.zeros(len(candidate), dtype=np.int8)
    if not code:
        return level
    filled = candidate.fillna("")
    for digits in (2, 3, 4, 5):
        level = np.where(filled.str[:digits].to_numpy() == code[:digits], digits, level)
    return level


_POINTS_BY_LEVEL = np.array([0.0, 0.0, *(SSIC_POINTS[d] for d in (2, 3, 4, 5))])


def _ssic_points(frame: pd.DataFrame, seed: SeedProfile) -> tuple[np.ndarray, np.ndarray]:
    """The points and the level shared with the seed's codes (negative when only by the
    candidate's secondary code)."""
    points = np.zeros(len(frame))
    level = np.zeros(len(frame), dtype=np.int8)
    for code in (seed.primary_ssic_code, seed.secondary_ssic_code):
        for column, share, sign in (
            ("primary_ssic_code", 1.0, 1),
            ("secondary_ssic_code", SECONDARY_SHARE, -1),
        ):
            shared = _shared_level(frame[column], code)
            earned = share * _POINTS_BY_LEVEL[shared]
            better = earned > points
            points = np.where(better, earned, points)
            level = np.where(better, sign * shared, level)
    return points, level


def _entity_points(frame: pd.DataFrame, seed: SeedProfile) -> np.ndarray:
    if not seed.entity_type:
        return np.zeros(len(frame))
    kinds = frame["entity_type"].fillna("").to_numpy()
    same = kinds == seed.entity_type
    both_companies = np.isin(kinds, list(COMPANY_TYPES)) & (seed.entity_type in COMPANY_TYPES)
    return np.where(same, ENTITY_TYPE_POINTS, np.where(both_companies, ENTITY_TYPE_POINTS / 2, 0))


def _age_points(frame: pd.DataFrame, seed: SeedProfile) -> np.ndarray:
    if seed.year is None:
        return np.zeros(len(frame))
    apart = np.abs(frame["year"].to_numpy(dtype=float) - seed.year)
    return np.nan_to_num(AGE_POINTS * np.clip(1 - apart / AGE_SPAN_YEARS, 0, 1))


def _location_points(frame: pd.DataFrame, seed: SeedProfile) -> np.ndarray:
    if not seed.postal_sector:
        return np.zeros(len(frame))
    return np.where(frame["postal_sector"].to_numpy() == seed.postal_sector, LOCATION_POINTS, 0.0)


def text_similarity(candidates: Sequence[str], seeds: Sequence[str]) -> np.ndarray:
    """(seeds x candidates) cosine similarity of TF-IDF vectors, the inverse document
    frequencies taken over the candidates (so "services" and "trading", which every
    register text says, weigh little)."""
    if not len(candidates) or not any(s.strip() for s in seeds):
        return np.zeros((len(seeds), len(candidates)))
    counts = _VECTORIZER.transform(candidates)
    frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
    idf = np.log((1 + counts.shape[0]) / (1 + frequency)) + 1.0
    weights = sparse.diags(idf)
    documents = normalize(counts @ weights)
    queries = normalize(_VECTORIZER.transform(seeds) @ weights)
    return (queries @ documents.T).toarray()


def _evidence_points(frame: pd.DataFrame, card: CardTarget) -> tuple[np.ndarray, np.ndarray]:
    tools = np.zeros(len(frame))
    band = np.zeros(len(frame))
    if "tools" in frame and card.tools:
        wanted = card.tools
        shared = frame["tools"].map(lambda run: len(wanted & set(run)) if run else 0)
        tools = np.minimum(TOOL_POINTS * shared.to_numpy(dtype=float), MAX_TOOL_POINTS)
    if "band" in frame and card.band:
        band = np.where(frame["band"].to_numpy() == card.band, BAND_POINTS, 0.0)
    return tools, band


def score_candidates(
    candidates: pd.DataFrame, seeds: Sequence[SeedProfile], card: CardTarget = CardTarget()
) -> pd.DataFrame:
    """Every candidate with its points by signal against its closest seed, its
    ``closest_seed`` (an index into ``seeds``) and ``score`` (0-100), best first; ties
    ordered by UEN, so the order is the same on every run."""
    frame = candidates.reset_index(drop=True)
    if frame.empty or not seeds:
        return frame.iloc[0:0].assign(
            score=pd.Series(dtype=float), closest_seed=pd.Series(dtype=int)
        )
    similarity = text_similarity(
        frame["activity_text"].fillna("").tolist(), [seed.text for seed in seeds]
    )
    ssic = [_ssic_points(frame, seed) for seed in seeds]
    per_signal = np.stack(
        [
            np.stack(
                [
                    ssic[index][0],
                    _entity_points(frame, seed),
                    _age_points(frame, seed),
                    _location_points(frame, seed),
                    ACTIVITY_TEXT_POINTS * similarity[index],
                ]
            )
            for index, seed in enumerate(seeds)
        ]
    )  # seeds x signals x candidates
    totals = per_signal.sum(axis=1)
    # The closest seed: most points shared; among equals, the first seed.
    closest = totals.argmax(axis=0)
    chosen = per_signal[closest, :, np.arange(len(frame))]  # candidates x signals
    levels = np.stack([level for _, level in ssic])[closest, np.arange(len(frame))]
    tools, band = _evidence_points(frame, card)
    points = pd.DataFrame(
        np.column_stack([chosen, tools, band]).round(2), columns=[f"points_{s}" for s in SIGNALS]
    )
    score = (100 * points.sum(axis=1) / MAX_POINTS).clip(0, 100).round(1)
    scored = pd.concat([frame, points], axis=1).assign(
        score=score, closest_seed=closest, ssic_level=levels
    )
    return scored.sort_values(["score", "uen"], ascending=[False, True], kind="stable")


def top_candidates(
    candidates: pd.DataFrame,
    seeds: Sequence[SeedProfile],
    card: CardTarget,
    limit: int | None,
) -> pd.DataFrame:
    """The ``limit`` best candidates (all, with None), as ``score_candidates`` ranks them."""
    ranked = score_candidates(candidates, seeds, card)
    return (ranked if limit is None else ranked.head(limit)).reset_index(drop=True)


_LEVEL_NAMES = {
    5: "same SSIC sub-class",
    4: "same SSIC class",
    3: "same SSIC group",
    2: "same SSIC division",
}


def reasons(row: Mapping[str, object], seed: SeedProfile) -> str:
    """Why a company ranks: its points by signal, as a person reads them."""
    parts = []
    level = int(row["ssic_level"])
    if level:
        by = "its primary code" if level > 0 else "its secondary code"
        parts.append(f"{_LEVEL_NAMES[abs(level)]} as {seed.name} by {by} ({row['points_ssic']:g})")
    if row["points_entity_type"]:
        parts.append(f"entity type ({row['points_entity_type']:g})")
    if row["points_age"]:
        parts.append(f"age ({row['points_age']:g})")
    if row["points_location"]:
        parts.append(f"same postal sector ({row['points_location']:g})")
    if row["points_activity_text"]:
        parts.append(f"activity text ({row['points_activity_text']:g})")
    if row["points_tools"]:
        parts.append(f"runs the card's tools ({row['points_tools']:g})")
    if row["points_band"]:
        parts.append(f"headcount in band ({row['points_band']:g})")
    return "; ".join(parts)


@dataclass(frozen=True)
class TechnographicFilter:
    """A ranked list filtered by the tools a rule asks for, where evidence can judge."""

    kept: pd.DataFrame
    #: Companies with no crawled evidence of their stack: kept, since nothing says no.
    unjudged: int
    #: Companies whose crawled stack runs none of the tools: left out.
    dropped: int


def filter_by_tools(ranked: pd.DataFrame, tools: Sequence[str]) -> TechnographicFilter:
    """Keep the companies that run one of ``tools`` and those whose stack is unknown."""
    if not tools:
        return TechnographicFilter(ranked, 0, 0)
    if "tools" not in ranked:
        return TechnographicFilter(ranked, len(ranked), 0)
    wanted = set(tools)
    known = ranked["tools"].map(lambda run: isinstance(run, list | tuple) and len(run) > 0)
    runs = ranked["tools"].map(lambda run: bool(known_tools(run) & wanted))
    keep = ~known | runs
    return TechnographicFilter(ranked[keep], int((~known).sum()), int((known & ~runs).sum()))


def known_tools(run: object) -> set[str]:
    return set(run) if isinstance(run, list | tuple) else set()
