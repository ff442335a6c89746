"""The register queries the finder needs, each served by an index.

- candidates for seed names: exact normalized name (btree), then trigram word
  similarity (`<%`) and similarity (`%`) on the bare `normalized_name` column (GIN,
  gin_trgm_ops);
- live companies by SSIC codes or prefixes (partial text_pattern_ops indexes);
- SSIC codes whose titles or activities mention given terms (trigram indexes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, TextClause, text

from icp_assets.matching import RegisterCandidate, lenient_key

CANDIDATE_LIMIT = 10
WORD_SIMILARITY_THRESHOLD = 0.7
SIMILARITY_THRESHOLD = 0.45
_CANDIDATE_COLUMNS = """
    c.uen, c.entity_name, c.normalized_name, c.entity_type_description,
    c.entity_status_description, c.primary_ssic_code, c.primary_ssic_description,
    c.secondary_ssic_code, c.secondary_ssic_description
"""
# Candidates selected by something other than a seed's key.
_SELECT_CANDIDATES = f"SELECT NULL AS key, {_CANDIDATE_COLUMNS} FROM staging_acra_companies c"
EXACT_CANDIDATES = text(
    f"""
    SELECT c.normalized_name AS key, {_CANDIDATE_COLUMNS}
    FROM staging_acra_companies c
    WHERE c.normalized_name = ANY(CAST(:keys AS text[]))
    """
)


def _fuzzy_candidates(condition: str, order: str) -> TextClause:
    """One round trip for every key; the condition's operator on the bare
    `normalized_name` column is what lets the GIN trigram index serve it."""
    return text(
        f"""
        SELECT q.key, {_CANDIDATE_COLUMNS}
        FROM unnest(CAST(:keys AS text[])) AS q(key)
        CROSS JOIN LATERAL (
            SELECT * FROM staging_acra_companies c
            WHERE {condition}
            ORDER BY {order}, c.uen
            LIMIT :limit
        ) c
        """
    )


# Word similarity: the key against the best-matching run of words in the name. Finds
# typos in long words and names the person shortened.
WORD_SIMILAR_CANDIDATES = _fuzzy_candidates(
    "q.key <% c.normalized_name",
    "word_similarity(q.key, c.normalized_name) DESC, similarity(q.key, c.normalized_name) DESC",
)
# Whole-name similarity, looser and slower: for the keys the first pass found nothing
# for, such as a typo in a short word.
SIMILAR_CANDIDATES = _fuzzy_candidates(
    "c.normalized_name % q.key", "similarity(q.key, c.normalized_name) DESC"
)
CANDIDATES_BY_UEN = text(f"{_SELECT_CANDIDATES} WHERE c.uen = ANY(CAST(:uens AS text[]))")


def _candidate(row) -> RegisterCandidate:
    return RegisterCandidate(
        uen=row.uen,
        entity_name=row.entity_name,
        normalized_name=row.normalized_name,
        entity_type=row.entity_type_description,
        status=row.entity_status_description,
        primary_ssic_code=row.primary_ssic_code,
        primary_ssic_description=row.primary_ssic_description,
        secondary_ssic_code=row.secondary_ssic_code,
        secondary_ssic_description=row.secondary_ssic_description,
    )


def register_candidates(
    conn: Connection, keys: Sequence[str]
) -> dict[str, list[RegisterCandidate]]:
    """Candidates for each normalized name: its exact namesakes; for a name with none,
    the ``CANDIDATE_LIMIT`` names most alike by word similarity,
    then, for a name still without any, by whole-name similarity. (An exact namesake
    outranks any fuzzy candidate, so those are not looked up for it.)"""
    found: dict[str, dict[str, RegisterCandidate]] = {key: {} for key in keys}
    lenient = {key: lenient_key(key) for key in keys}
    by_exact: dict[str, list[RegisterCandidate]] = {}
    for row in conn.execute(EXACT_CANDIDATES, {"keys": sorted({*keys, *lenient.values()})}):
        by_exact.setdefault(row.key, []).append(_candidate(row))
    for key in found:
        for candidate in by_exact.get(key) or by_exact.get(lenient[key], []):
            found[key][candidate.uen] = candidate
    unmatched = {key: lenient[key] for key, candidates in found.items() if not candidates}
    for query, setting, threshold in (
        (WORD_SIMILAR_CANDIDATES, "pg_trgm.word_similarity_threshold", WORD_SIMILARITY_THRESHOLD),
        (SIMILAR_CANDIDATES, "pg_trgm.similarity_threshold", SIMILARITY_THRESHOLD),
    ):
        if not unmatched:
            break
        conn.execute(
            text("SELECT set_config(:name, :value, true)"),
            {"name": setting, "value": str(threshold)},
        )
        queried = sorted(set(unmatched.values()))
        by_query: dict[str, list[RegisterCandidate]] = {q: [] for q in queried}
        for row in conn.execute(query, {"keys": queried, "limit": CANDIDATE_LIMIT}):
            by_query[row.key].append(_candidate(row))
        for key, query_key in unmatched.items():
            for candidate in by_query[query_key]:
                found[key].setdefault(candidate.uen, candidate)
        unmatched = {key: query_key for key, query_key in unmatched.items() if not found[key]}
    return {key: list(candidates.values()) for key, candidates in found.items()}


def candidates_by_uen(conn: Connection, uens: Sequence[str]) -> dict[str, RegisterCandidate]:
    rows = conn.execute(CANDIDATES_BY_UEN, {"uens": sorted(set(uens))})
    return {row.uen: _candidate(row) for row in rows}


def ssic_titles(conn: Connection, codes: Sequence[str]) -> dict[str, str]:
    """SSIC 2020 titles of ``codes``."""
    rows = conn.execute(
        text("SELECT code, title FROM ssic_ref WHERE code = ANY(CAST(:codes AS text[]))"),
        {"codes": sorted(set(codes))},
    )
    return {row.code: row.title for row in rows}


# -- sizing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SsicFilter:
    """SSIC codes to match exactly and prefixes to match every code under."""

    codes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.codes or self.prefixes)

    @classmethod
    def parse(cls, values: Sequence[str]) -> SsicFilter:
        """Five-digit values are codes; shorter all-digit values are prefixes."""
        codes, prefixes = [], []
        for value in values:
            value = value.strip()
            if not value.isdigit() or not 1 <= len(value) <= 5:
                raise ValueError(f"not an SSIC code or prefix: {value!r}")
            (codes if len(value) == 5 else prefixes).append(value)
        return cls(tuple(sorted(set(codes))), tuple(sorted(set(prefixes))))


_LIVE = "c.entity_status_description IN ('Live Company', 'Live')"


def _ssic_condition(column: str, ssic: SsicFilter) -> tuple[str, dict[str, str | list[str]]]:
    """An indexable condition on ``column`` and its parameters (placeholders only)."""
    parts = [f"c.{column} = ANY(CAST(:{column}_codes AS text[]))"]
    params: dict[str, str | list[str]] = {f"{column}_codes": list(ssic.codes)}
    for index, prefix in enumerate(ssic.prefixes):
        parts.append(f"c.{column} LIKE :{column}_p{index}")
        params[f"{column}_p{index}"] = prefix + "%"
    return "(" + " OR ".join(parts) + ")", params


def _live_by_ssic(ssic: SsicFilter) -> tuple[str, dict]:
    primary, params = _ssic_condition("primary_ssic_code", ssic)
    secondary, more = _ssic_condition("secondary_ssic_code", ssic)
    return f"{_LIVE} AND ({primary} OR {secondary})", {**params, **more}


def count_live_companies(conn: Connection, ssic: SsicFilter) -> int:
    """Live register companies whose primary or secondary SSIC matches."""
    if not ssic:
        return 0
    condition, params = _live_by_ssic(ssic)
    statement = text(f"SELECT count(*) FROM staging_acra_companies c WHERE {condition}")
    return conn.execute(statement, params).scalar_one()


def sample_live_companies(
    conn: Connection,
    ssic: SsicFilter,
    *,
    limit: int = 10,
    exclude_uens: Sequence[str] = (),
) -> list[RegisterCandidate]:
    """Up to ``limit`` live matching companies, newest registrations first, skipping
    ``exclude_uens`` (the tenant's own seeds and lost customers)."""
    if not ssic:
        return []
    condition, params = _live_by_ssic(ssic)
    statement = text(
        f"{_SELECT_CANDIDATES} "
        f"WHERE {condition} AND NOT (c.uen = ANY(CAST(:exclude AS text[]))) "
        "ORDER BY c.registration_incorporation_date DESC NULLS LAST, c.uen LIMIT :limit"
    )
    rows = conn.execute(statement, {**params, "exclude": list(exclude_uens), "limit": limit})
    return [_candidate(row) for row in rows]


SSIC_FOR_TERMS = text(
    """
    WITH terms AS (SELECT unnest(CAST(:terms AS text[])) AS term),
    hits AS (
        SELECT r.code, 'title' AS source, r.title AS text
        FROM ssic_ref r JOIN terms t ON r.title ILIKE '%' || t.term || '%'
        WHERE r.level = 'subclass'
        UNION ALL
        SELECT a.code, 'activity', a.activity
        FROM ssic_activities a JOIN terms t ON a.activity ILIKE '%' || t.term || '%'
    )
    SELECT h.code, r.title,
           count(*) FILTER (WHERE h.source = 'title') AS title_hits,
           count(*) FILTER (WHERE h.source = 'activity') AS activity_hits,
           (array_agg(h.text ORDER BY h.source DESC, h.text))[1:3] AS examples
    FROM hits h JOIN ssic_ref r ON r.code = h.code
    GROUP BY h.code, r.title
    ORDER BY count(*) FILTER (WHERE h.source = 'title') DESC, count(*) DESC, h.code
    LIMIT :limit
    """
)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class SsicTermMatch:
    code: str
    title: str
    title_hits: int
    activity_hits: int
    examples: tuple[str, ...]


def ssic_codes_for_terms(
    conn: Connection, terms: Sequence[str], *, limit: int = 10
) -> list[SsicTermMatch]:
    """Five-digit SSIC codes whose title or listed activities mention any of ``terms``,
    title matches first, then by number of matching activities."""
    cleaned = sorted({_escape_like(t.strip()) for t in terms if len(t.strip()) >= 3})
    if not cleaned:
        return []
    rows = conn.execute(SSIC_FOR_TERMS, {"terms": cleaned, "limit": limit})
    return [
        SsicTermMatch(r.code, r.title, r.title_hits, r.activity_hits, tuple(r.examples))
        for r in rows
    ]
