"""Reading ACRA "Information on Corporate Entities" CSV files into register rows.

Pure: no database. A row missing what identifies it (UEN, name) or with the wrong
number of fields is rejected; a bad optional value (a date, a code, a count) is
blanked and the row kept. Both are reported with the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from icp_assets.normalize import normalize_company_name

LIVE_STATUSES = frozenset({"Live Company", "Live"})
REQUIRED_COLUMNS = ("uen", "entity_name")
# The register table's columns, in the order rows are produced and copied.
STORED_COLUMNS = (
    "uen",
    "issuance_agency_id",
    "entity_name",
    "normalized_name",
    "entity_type_description",
    "business_constitution_description",
    "company_type_description",
    "entity_status_description",
    "registration_incorporation_date",
    "uen_issue_date",
    "primary_ssic_code",
    "primary_ssic_description",
    "secondary_ssic_code",
    "secondary_ssic_description",
    "street_name",
    "building_name",
    "postal_code",
    "no_of_officers",
)
_DATE_COLUMNS = frozenset({"registration_incorporation_date", "uen_issue_date"})
_SSIC_COLUMNS = frozenset({"primary_ssic_code", "secondary_ssic_code"})
_TEXT_LIMIT = 500
_UEN = re.compile(r"^[0-9A-Z]{9,10}$")
_SSIC = re.compile(r"^\d{5}$")
_POSTAL_CODE = re.compile(r"^\d{6}$")

RegisterRow = tuple[str | None, ...]


class RegisterFileError(ValueError):
    """A register file that cannot be read at all (no header, a required column missing)."""


@dataclass(frozen=True)
class BadRow:
    source: str
    line: int
    reason: str
    action: Literal["rejected", "blanked"]

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.action}: {self.reason}"


def _check_optional(column: str, value: str) -> str | None:
    """The reason ``value`` is unusable in ``column``, or None when it is fine."""
    if len(value) > _TEXT_LIMIT:
        return f"{column} longer than {_TEXT_LIMIT} characters"
    if column in _DATE_COLUMNS:
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{column} {value!r} is not a YYYY-MM-DD date"
    elif column in _SSIC_COLUMNS and not _SSIC.match(value):
        return f"{column} {value!r} is not a 5-digit SSIC code"
    elif column == "postal_code" and not _POSTAL_CODE.match(value):
        return f"postal_code {value!r} is not a 6-digit postal code"
    elif column == "no_of_officers" and not (value.isdigit() and int(value) < 100_000):
        return f"no_of_officers {value!r} is not a count"
    return None


def read_register_rows(lines: Iterable[str], source: str) -> Iterator[RegisterRow | BadRow]:
    """Register rows (in ``STORED_COLUMNS`` order) and bad rows of one CSV file.

    Header names are matched case-insensitively; unknown columns are ignored and known
    optional ones may be absent.

    Raises:
        RegisterFileError: the file has no header or lacks a required column.
    """
    reader = csv.reader(lines)
    try:
        header = [name.strip().lower().lstrip("\ufeff") for name in next(reader)]
    except StopIteration:
        raise RegisterFileError(f"{source}: empty file, expected a CSV header") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RegisterFileError(
            f"{source}: missing required column(s) {', '.join(missing)} in the header"
        )
    positions = {name: index for index, name in enumerate(header) if name in STORED_COLUMNS}
    width = len(header)
    optional = [c for c in STORED_COLUMNS if c in positions and c not in ("uen", "entity_name")]

    for record in reader:
        line = reader.line_num
        if not record:
            continue
        if len(record) != width:
            yield BadRow(source, line, f"expected {width} fields, found {len(record)}", "rejected")
            continue
        uen = record[positions["uen"]].strip().upper()
        name = " ".join(record[positions["entity_name"]].split())
        if not _UEN.match(uen):
            yield BadRow(source, line, f"uen {uen!r} is not a UEN", "rejected")
            continue
        if not name or len(name) > _TEXT_LIMIT:
            reason = "entity_name is empty" if not name else "entity_name is too long"
            yield BadRow(source, line, reason, "rejected")
            continue
        values: dict[str, str | None] = {
            "uen": uen,
            "entity_name": name,
            "normalized_name": normalize_company_name(name),
        }
        for column in optional:
            value = record[positions[column]].strip()
            if not value:
                continue
            problem = _check_optional(column, value)
            if problem:
                yield BadRow(source, line, problem, "blanked")
                continue
            values[column] = value
        yield tuple(values.get(column) for column in STORED_COLUMNS)
