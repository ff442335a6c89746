"""The shared register's queries, each served by an index: register entities by UEN,
SSIC titles, live companies by SSIC codes or prefixes (partial text_pattern_ops
indexes) and SSIC codes whose titles or activities mention given terms (trigram
indexes). The mapping stage's candidate queries are in ``icp_assets.mapping.queries``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from icp_assets.reference.register_rows import LIVE_STATUSES, RegisterCandidate

#: The register columns a ``RegisterCandidate`` is read from, for queries aliasing the
#: register as ``c``.
CANDIDATE_COLUMNS = """
    c.uen, c.entity_name, c.normalized_name, c.entity_type_description,
    c.entity_status_description, c.primary_ssic_code, c.primary_ssic_description,
    c.secondary_ssic_code, c.secondary_ssic_description, c.registration_incorporation_date
"""
# Candidates selected by something other than a seed's key.
_SELECT_CANDIDATES = f"SELECT NULL AS key, {CANDIDATE_COLUMNS} FROM staging_acra_companies c"

CANDIDATES_BY_UEN = text(f"{_SELECT_CANDIDATES} WHERE c.uen = ANY(CAST(:uens AS text[]))")


def candidate_from_row(row: Any) -> RegisterCandidate:
    """A ``RegisterCandidate`` from a row of ``CANDIDATE_COLUMNS``."""
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
        registration_date=row.registration_incorporation_date,
    )


def candidates_by_uen(conn: Connection, uens: Sequence[str]) -> dict[str, RegisterCandidate]:
    rows = conn.execute(CANDIDATES_BY_UEN, {"uens": sorted(set(uens))})
    return {row.uen: candidate_from_row(row) for row in rows}


def count_register_entities(conn: Connection, uens: Sequence[str]) -> int:
    """How many of ``uens`` the register holds."""
    statement = text(
        "SELECT count(*) FROM staging_acra_companies WHERE uen = ANY(CAST(:uens AS text[]))"
    )
    return conn.execute(statement, {"uens": sorted(set(uens))}).scalar_one()


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


# The live statuses are bound as a parameter: the planner still matches the partial
# indexes (``WHERE entity_status_description IN (...)``), which name the same statuses.
_LIVE = "c.entity_status_description = ANY(CAST(:live_statuses AS text[]))"


def _ssic_condition(
    column: str, ssic: SsicFilter, name: str | None = None
) -> tuple[str, dict[str, str | list[str]]]:
    """An indexable condition on ``column`` and its parameters (placeholders only);
    ``name`` keeps two conditions on one column apart."""
    name = name or column
    parts = [f"c.{column} = ANY(CAST(:{name}_codes AS text[]))"]
    params: dict[str, str | list[str]] = {f"{name}_codes": list(ssic.codes)}
    for index, prefix in enumerate(ssic.prefixes):
        parts.append(f"c.{column} LIKE :{name}_p{index}")
        params[f"{name}_p{index}"] = prefix + "%"
    return "(" + " OR ".join(parts) + ")", params


_LIVE_PARAMS = {"live_statuses": sorted(LIVE_STATUSES)}


def _live_by_ssic(ssic: SsicFilter) -> tuple[str, dict]:
    primary, params = _ssic_condition("primary_ssic_code", ssic)
    secondary, more = _ssic_condition("secondary_ssic_code", ssic)
    return f"{_LIVE} AND ({primary} OR {secondary})", {**params, **more, **_LIVE_PARAMS}


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
    return [candidate_from_row(row) for row in rows]


@dataclass(frozen=True)
class Segment:
    """Live register companies of a segment: its SSIC codes or prefixes, less what the
    tenant's negative ICP and exclusions leave out and its own seeds and lost customers."""

    ssic: SsicFilter
    exclude_ssic: SsicFilter = SsicFilter()
    exclude_entity_types: tuple[str, ...] = ()
    exclude_uens: tuple[str, ...] = ()
    #: Normalized names of companies the tenant excluded by name.
    exclude_names: tuple[str, ...] = ()


def _segment_condition(segment: Segment, column: str) -> tuple[str, dict[str, Any]]:
    """Live, in the segment by ``column``, and none of what it leaves out."""
    matches, params = _ssic_condition(column, segment.ssic)
    parts = [_LIVE, matches]
    params = {
        **params,
        **_LIVE_PARAMS,
        "exclude_uens": list(segment.exclude_uens),
        "exclude_names": list(segment.exclude_names),
        "exclude_types": list(segment.exclude_entity_types),
    }
    if segment.exclude_ssic:
        excluded, more = _ssic_condition("primary_ssic_code", segment.exclude_ssic, "excluded")
        parts.append(f"NOT coalesce({excluded}, false)")
        params.update(more)
    parts += [
        "NOT (c.uen = ANY(CAST(:exclude_uens AS text[])))",
        "NOT (c.normalized_name = ANY(CAST(:exclude_names AS text[])))",
        "NOT coalesce(c.entity_type_description = ANY(CAST(:exclude_types AS text[])), false)",
    ]
    return " AND ".join(parts), params


def segment_rows(conn: Connection, segment: Segment, columns: str) -> list[tuple]:
    """``columns`` (SQL over the register aliased ``c``) of every live company in the
    segment by its primary or else its secondary code, less what the segment leaves out,
    as plain tuples (a segment can hold a hundred thousand companies)."""
    if not segment.ssic:
        return []
    primary, params = _segment_condition(segment, "primary_ssic_code")
    secondary, more = _segment_condition(segment, "secondary_ssic_code")
    in_primary, primary_params = _ssic_condition("primary_ssic_code", segment.ssic, "also")
    statement = text(
        f"SELECT {columns} FROM staging_acra_companies c WHERE {primary} "
        f"UNION ALL SELECT {columns} FROM staging_acra_companies c WHERE {secondary} "
        f"AND NOT coalesce({in_primary}, false)"
    ).bindparams(**{**params, **more, **primary_params})
    compiled = statement.compile(dialect=conn.dialect)
    with conn.connection.driver_connection.cursor() as cursor:
        cursor.execute(str(compiled), compiled.params)
        return cursor.fetchall()


@dataclass(frozen=True)
class SegmentCount:
    #: Live companies whose primary code is in the segment.
    primary: int
    #: Live companies in it only by their secondary code, reported apart.
    secondary_only: int


def count_segment(conn: Connection, segment: Segment) -> SegmentCount:
    """How many live register companies the segment holds, by primary code, and how
    many more only by their secondary code."""
    if not segment.ssic:
        return SegmentCount(0, 0)
    primary, params = _segment_condition(segment, "primary_ssic_code")
    secondary, more = _segment_condition(segment, "secondary_ssic_code")
    in_primary, primary_params = _ssic_condition("primary_ssic_code", segment.ssic, "also")
    statement = text(
        f"""
        SELECT (SELECT count(*) FROM staging_acra_companies c WHERE {primary}) AS primary_count,
               (SELECT count(*) FROM staging_acra_companies c
                WHERE {secondary} AND NOT coalesce({in_primary}, false)) AS secondary_count
        """
    )
    row = conn.execute(statement, {**params, **more, **primary_params}).one()
    return SegmentCount(row.primary_count, row.secondary_count)


@dataclass(frozen=True)
class Likeness:
    """What a tenant's best customers look like in the register: their entity types and
    the years they were registered in."""

    entity_types: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    @property
    def median_year(self) -> int | None:
        ordered = sorted(self.years)
        return ordered[len(ordered) // 2] if ordered else None


SEEDS_LIKENESS = text(
    """
    SELECT c.entity_type_description, extract(year FROM c.registration_incorporation_date)::int
        AS year
    FROM staging_acra_companies c WHERE c.uen = ANY(CAST(:uens AS text[]))
    """
)


def likeness_of(conn: Connection, uens: Sequence[str]) -> Likeness:
    rows = conn.execute(SEEDS_LIKENESS, {"uens": sorted(set(uens))}).all()
    return Likeness(
        tuple(sorted({r.entity_type_description for r in rows if r.entity_type_description})),
        tuple(r.year for r in rows if r.year is not None),
    )


def likely_companies(
    conn: Connection, segment: Segment, likeness: Likeness, limit: int = 10
) -> list[RegisterCandidate]:
    """Up to ``limit`` live companies of the segment (by primary code) that look most
    like the seeds: the seeds' entity types first, then registered nearest the seeds'
    median year; a sole proprietorship last when the seeds are companies."""
    if not segment.ssic:
        return []
    condition, params = _segment_condition(segment, "primary_ssic_code")
    statement = text(
        f"""
        {_SELECT_CANDIDATES}
        WHERE {condition}
        ORDER BY (c.entity_type_description = ANY(CAST(:seed_types AS text[]))) DESC NULLS LAST,
                 abs(extract(year FROM c.registration_incorporation_date) - :median_year)
                     NULLS LAST,
                 c.uen
        LIMIT :limit
        """
    )
    rows = conn.execute(
        statement,
        {
            **params,
            "seed_types": list(likeness.entity_types),
            "median_year": likeness.median_year or 2000,
            "limit": limit,
        },
    )
    return [candidate_from_row(row) for row in rows]


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
