"""The mapping stage's register queries: candidates for seed names, by exact normalized
name (btree), then trigram word similarity (`<%`) and similarity (`%`) on the bare
`normalized_name` column (GIN, gin_trgm_ops)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, TextClause, text

from icp_assets.mapping.matching import lenient_key
from icp_assets.reference.queries import CANDIDATE_COLUMNS, candidate_from_row
from icp_assets.reference.register_rows import RegisterCandidate

CANDIDATE_LIMIT = 10
WORD_SIMILARITY_THRESHOLD = 0.7
SIMILARITY_THRESHOLD = 0.45
EXACT_CANDIDATES = text(
    f"""
    SELECT c.normalized_name AS key, {CANDIDATE_COLUMNS}
    FROM staging_acra_companies c
    WHERE c.normalized_name = ANY(CAST(:keys AS text[]))
    """
)


def _fuzzy_candidates(condition: str, order: str) -> TextClause:
    """One round trip for every key; the condition's operator on the bare
    `normalized_name` column is what lets the GIN trigram index serve it."""
    return text(
        f"""
        SELECT q.key, {CANDIDATE_COLUMNS}
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
        by_exact.setdefault(row.key, []).append(candidate_from_row(row))
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
            by_query[row.key].append(candidate_from_row(row))
        for key, query_key in unmatched.items():
            for candidate in by_query[query_key]:
                found[key].setdefault(candidate.uen, candidate)
        unmatched = {key: query_key for key, query_key in unmatched.items() if not found[key]}
    return {key: list(candidates.values()) for key, candidates in found.items()}


def candidates_by_name(conn: Connection, keys: Sequence[str]) -> dict[str, list[RegisterCandidate]]:
    """The register entities of each exact normalized name."""
    found: dict[str, list[RegisterCandidate]] = {key: [] for key in keys}
    for row in conn.execute(EXACT_CANDIDATES, {"keys": sorted(set(keys))}):
        found.setdefault(row.key, []).append(candidate_from_row(row))
    return found
