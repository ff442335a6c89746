"""A card's ranked list as people and CRMs read it: records, a CSV a CRM import takes,
and a fixed-width table. Pure: no Dagster, no SQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: The CSV's columns, in order: what a CRM account import expects first (identifier,
#: name, status, industry, address), then why the company is on the list.
CSV_COLUMNS = (
    ("rank", "Rank"),
    ("uen", "UEN"),
    ("name", "Name"),
    ("status", "Status"),
    ("entity_type", "Entity type"),
    ("primary_ssic_code", "Primary SSIC"),
    ("primary_ssic_title", "Primary SSIC title"),
    ("secondary_ssic_code", "Secondary SSIC"),
    ("secondary_ssic_title", "Secondary SSIC title"),
    ("matched_by", "Matched by"),
    ("address", "Address"),
    ("incorporation_date", "Incorporation date"),
    ("score", "Score"),
    ("closest_seed", "Closest seed"),
    ("reasons", "Reasons"),
)


def matched_code(row: Any, filters: Sequence[str]) -> tuple[str | None, str | None]:
    """The company's code that put it in the card's segment, and which one it is: its
    primary code, else its secondary one (a photographer on a warehousing card is there
    by a secondary code, and says so)."""
    for code, rank in ((row.primary_ssic_code, "primary"), (row.secondary_ssic_code, "secondary")):
        if code and any(code.startswith(f) for f in filters):
            return code, rank
    return None, None


def lookalike_record(row: Any, filters: Sequence[str] = ()) -> dict[str, Any]:
    """One stored list row (joined to the register) as a record; ``filters`` are the
    card's SSIC filters, to say which code matched."""
    code, rank = matched_code(row, filters)
    return {
        "rank": row.rank,
        "uen": row.uen,
        "name": row.entity_name,
        "status": row.status,
        "entity_type": row.entity_type,
        "primary_ssic_code": row.primary_ssic_code,
        "primary_ssic_title": row.primary_ssic_description,
        "secondary_ssic_code": row.secondary_ssic_code,
        "secondary_ssic_title": row.secondary_ssic_description,
        "matched_ssic_code": code,
        "matched_by": rank,
        "address": row.address or None,
        "incorporation_date": row.incorporated.isoformat() if row.incorporated else None,
        "score": round(float(row.score), 1),
        "closest_seed": row.closest_seed,
        "closest_seed_id": row.closest_seed_id,
        "points": dict(row.points),
        "reasons": row.reasons,
    }


def to_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """The records as CSV with ``CSV_COLUMNS``' headers (CRLF line ends, as RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header for _, header in CSV_COLUMNS])
    for record in records:
        writer.writerow(["" if record.get(k) is None else record[k] for k, _ in CSV_COLUMNS])
    return out.getvalue()


def to_table(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Fixed-width lines: rank, score, UEN, name, primary SSIC, closest seed."""
    header = ("rank", "score", "uen", "name", "ssic", "closest seed")
    rows = [
        (
            str(r["rank"]),
            f"{r['score']:.1f}",
            str(r["uen"]),
            str(r["name"] or "")[:48],
            str(r["primary_ssic_code"] or "-"),
            str(r["closest_seed"] or "-"),
        )
        for r in records
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
