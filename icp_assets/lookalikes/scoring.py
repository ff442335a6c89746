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
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

# Points per signal. Together they make 100.
#: In the card's industry: its primary code under one of the card's SSIC filters ...
CARD_SSIC_POINTS = 30.0
#: ... or only its secondary code (a side line, not its business).
SECONDARY_SHARE = 0.5
#: The deepest level its primary code shares with its closest seed's codes, below the
#: card's: the same sub-class is the same business, a group only a neighbour.
SEED_SSIC_POINTS = {5: 5.0, 4: 3.5, 3: 2.0, 2: 0.0}
#: The same entity type as the seed (a local company like the seed); another kind of
#: company half; a sole proprietorship or partnership when the seed is a company none ...
ENTITY_TYPE_POINTS = 5.0
#: ... and the same company type (public or private limited): a listed group buys unlike
#: a two-person private company.
COMPANY_TYPE_POINTS = 5.0
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
    CARD_SSIC_POINTS
    + SEED_SSIC_POINTS[5]
    + ENTITY_TYPE_POINTS
    + COMPANY_TYPE_POINTS
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
    "company_type",
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
    company_type: str | None = None


@dataclass(frozen=True)
class CardTarget:
    """What a card says about its segment beyond its seeds: its SSIC filters (codes and
    prefixes; none means every candidate is in), its tools and its band."""

    codes: tuple[str, ...] = ()
    tools: frozenset[str] = frozenset()
    band: str | None = None


class _Prefixes:
    """A code column's leading digits, compared on its distinct codes (a register holds
    about a thousand) and spread back to the rows."""

    def __init__(self, column: pd.Series) -> None:
        self.rows, distinct = pd.factorize(column.fillna("").astype(str))
        self.size = len(column)
        self.by_digits = {d: np.array([code[:d] for code in distinct]) for d in (2, 3, 4, 5)}

    def matches(self, code: str) -> np.ndarray:
        return self._spread(self.by_digits[min(len(code), 5)] == code[:5])

    def shared_level(self, code: str | None) -> np.ndarray:
        """Leading digits (2 to 5) shared with ``code``, else 0."""
        level = np.zeros(len(self.by_digits[2]), dtype=np.int8)
        if code:
            for digits in (2, 3, 4, 5):
                level = np.where(self.by_digits[digits] == code[:digits], digits, level)
        return self._spread(level)

    def _spread(self, per_code: np.ndarray) -> np.ndarray:
        if not len(per_code):
            return np.zeros(self.size, dtype=per_code.dtype)
        return per_code[self.rows]


def _card_points(primary: _Prefixes, secondary: _Prefixes, codes: Sequence[str]) -> np.ndarray:
    """Positive when the primary code is in the card's filters, negative when only the
    secondary code is (the magnitude is the points)."""
    size = primary.size
    if not codes:
        return np.full(size, CARD_SSIC_POINTS)
    by_primary = np.zeros(size, dtype=bool)
    by_secondary = np.zeros(size, dtype=bool)
    for code in codes:
        by_primary |= primary.matches(code)
        by_secondary |= secondary.matches(code)
    return np.where(
        by_primary, CARD_SSIC_POINTS, np.where(by_secondary, -CARD_SSIC_POINTS * SECONDARY_SHARE, 0)
    )


_SEED_POINTS_BY_LEVEL = np.array([0.0, 0.0, *(SEED_SSIC_POINTS[d] for d in (2, 3, 4, 5))])


def _seed_ssic_points(primary: _Prefixes, seed: SeedProfile) -> tuple[np.ndarray, np.ndarray]:
    """The points for the level the primary code shares with the seed's codes, and it."""
    level = np.maximum(
        primary.shared_level(seed.primary_ssic_code), primary.shared_level(seed.secondary_ssic_code)
    )
    return _SEED_POINTS_BY_LEVEL[level], level


def company_class(company_type: str | None) -> str:
    """ "public" or "private" limited, from the register's company type; "" otherwise."""
    lowered = (company_type or "").lower()
    return "public" if "public" in lowered else "private" if "private" in lowered else ""


def _entity_points(frame: pd.DataFrame, seed: SeedProfile) -> np.ndarray:
    points = np.zeros(len(frame))
    if seed.entity_type:
        rows, kinds = pd.factorize(frame["entity_type"].fillna(""))
        same = np.array([kind == seed.entity_type for kind in kinds], dtype=bool)
        companies = np.array([kind in COMPANY_TYPES for kind in kinds], dtype=bool)
        per_kind = np.where(
            same,
            ENTITY_TYPE_POINTS,
            np.where(companies & (seed.entity_type in COMPANY_TYPES), ENTITY_TYPE_POINTS / 2, 0),
        )
        points += per_kind[rows] if len(kinds) else 0
    wanted = company_class(seed.company_type)
    if wanted and "company_type" in frame:
        rows, types = pd.factorize(frame["company_type"].fillna(""))
        same_class = np.array([company_class(t) == wanted for t in types], dtype=bool)
        points += np.where(same_class, COMPANY_TYPE_POINTS, 0)[rows] if len(types) else 0
    return points


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
    register text says, weigh little). Each distinct text is read once: register texts
    repeat ("GENERAL WHOLESALE TRADE")."""
    if not len(candidates) or not any(s.strip() for s in seeds):
        return np.zeros((len(seeds), len(candidates)))
    rows, distinct = pd.factorize(pd.Series(candidates, dtype=object))
    counts = _VECTORIZER.transform(list(distinct)).tocsr()
    copies = np.bincount(rows, minlength=len(distinct))
    present = (counts > 0).astype(np.float64)
    frequency = np.asarray(present.T @ copies).ravel()
    idf = np.log((1 + len(candidates)) / (1 + frequency)) + 1.0
    weights = sparse.diags(idf)
    documents = normalize(counts @ weights)
    queries = normalize(_VECTORIZER.transform(seeds) @ weights)
    return (queries @ documents.T).toarray()[:, rows]


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
    candidates: pd.DataFrame,
    seeds: Sequence[SeedProfile],
    card: CardTarget = CardTarget(),
    limit: int | None = None,
) -> pd.DataFrame:
    """The candidates with their points by signal against their closest seed, its
    ``closest_seed`` (an index into ``seeds``) and ``score`` (0-100), best first, the
    first ``limit`` only when given; ties ordered by UEN, so the order is the same on
    every run."""
    frame = (
        candidates
        if candidates.index.equals(pd.RangeIndex(len(candidates)))
        else (candidates.reset_index(drop=True))
    )
    if frame.empty or not seeds:
        return frame.iloc[0:0].assign(
            score=pd.Series(dtype=float), closest_seed=pd.Series(dtype=int)
        )
    similarity = text_similarity(
        frame["activity_text"].fillna("").tolist(), [seed.text for seed in seeds]
    )
    primary = _Prefixes(frame["primary_ssic_code"])
    card_points = _card_points(primary, _Prefixes(frame["secondary_ssic_code"]), card.codes)
    ssic = [_seed_ssic_points(primary, seed) for seed in seeds]
    per_signal = np.stack(
        [
            np.stack(
                [
                    np.abs(card_points) + ssic[index][0],
                    _entity_points(frame, seed),
                    _age_points(frame, seed),
                    _location_points(frame, seed),
                    ACTIVITY_TEXT_POINTS * similarity[index],
                ]
            )
            for index, seed in enumerate(seeds)
        ]
    )  # seeds x signals x candidates
    # The closest seed: most points shared; among equals, the first seed.
    closest = per_signal.sum(axis=1).argmax(axis=0)
    everyone = np.arange(len(frame))
    tools, band = _evidence_points(frame, card)
    points = np.column_stack([per_signal[closest, :, everyone], tools, band]).round(2)
    score = np.clip(100 * points.sum(axis=1) / MAX_POINTS, 0, 100).round(1)
    chosen = _best(score, frame["uen"].to_numpy(), limit)
    levels = np.stack([level for _, level in ssic])[closest[chosen], chosen]
    columns = {f"points_{signal}": points[chosen, i] for i, signal in enumerate(SIGNALS)}
    return (
        frame.iloc[chosen]
        .reset_index(drop=True)
        .assign(
            **columns,
            score=score[chosen],
            closest_seed=closest[chosen],
            ssic_level=levels,
            by_secondary=card_points[chosen] < 0,
        )
    )


def _best(score: np.ndarray, uens: np.ndarray, limit: int | None) -> np.ndarray:
    """Row positions by score, best first, then UEN; only the first ``limit`` sorted
    when given (a partition picks them: a segment can hold 150,000 companies)."""
    if limit is not None and limit < len(score):
        threshold = np.partition(score, len(score) - limit)[len(score) - limit]
        pool = np.flatnonzero(score >= threshold)
    else:
        pool = np.arange(len(score))
    order = np.lexsort((uens[pool], -score[pool]))
    return pool[order][:limit]


_LEVEL_NAMES = {5: "sub-class", 4: "class", 3: "group"}


def reasons(row: Mapping[str, object], seed: SeedProfile) -> str:
    """Why a company ranks: its points by signal, as a person reads them."""
    parts = []
    level = int(row["ssic_level"])
    if row["points_ssic"]:
        by = "secondary" if row["by_secondary"] else "primary"
        same = f", the same SSIC {_LEVEL_NAMES[level]} as {seed.name}" if level >= 3 else ""
        parts.append(f"in the card's industry by its {by} code{same} ({row['points_ssic']:g})")
    if row["points_entity_type"]:
        parts.append(f"entity and company type ({row['points_entity_type']:g})")
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
