"""Reading ACRA "Information on Corporate Entities" CSV files into register rows.

Pure: no database. A row missing what identifies it (UEN, name), with the wrong
number of fields, or with a NUL byte in its UEN or name is rejected; a bad optional
value (a date, a code, a count, a text too long, a NUL byte) is blanked and the row
kept. Both are reported with the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from icp_assets.normalize import normalize_company_name

#: The register's statuses of a company that trades (the partial SSIC indexes of
#: migration 0002 hold the rows with these statuses).
LIVE_STATUSES = frozenset({"Live Company", "Live"})
REQUIRED_COLUMNS = ("uen", "entity_name")
#: What the company itself typed beside its primary and secondary SSIC codes (ACRA's
#: "user-described activity"): free text, absent from older files.
ACTIVITY_TEXT_COLUMNS = ("primary_user_described_activity", "secondary_user_described_activity")
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
    *ACTIVITY_TEXT_COLUMNS,
)
_TEXT_LIMIT = 500
# Python's csv reader stops at a field over its limit (128 KiB by default), which ends the
# whole file. Fields are read whole up to this size instead (the file's chunk is in memory
# already), and the row's own limits judge them: an over-long text is blanked, an
# over-long name rejected, each reported by line. The limit is the csv module's, for the
# whole process; raising it changes no other reader's results.
_CSV_FIELD_LIMIT = 2**31 - 1
csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
_UEN = re.compile(r"^[0-9A-Z]{9,10}$")
_SSIC = re.compile(r"^\d{5}$")
_POSTAL_CODE = re.compile(r"^\d{6}$")
_COUNT = re.compile(r"^\d{1,5}$")

RegisterRow = tuple[str | None, ...]


@dataclass(frozen=True)
class RegisterCandidate:
    """A register entity as the finder reads it: a seed's match candidate, a sizing
    sample, an enrichment lookup."""

    uen: str
    entity_name: str
    normalized_name: str
    entity_type: str | None
    status: str | None
    primary_ssic_code: str | None = None
    primary_ssic_description: str | None = None
    secondary_ssic_code: str | None = None
    secondary_ssic_description: str | None = None
    registration_date: date | None = None

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


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


def _valid_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


# What each typed optional column must look like; other columns only have a length limit.
_VALIDATORS: dict[str, tuple[Callable[[str], object], str]] = {
    "registration_incorporation_date": (_valid_date, "is not a YYYY-MM-DD date"),
    "uen_issue_date": (_valid_date, "is not a YYYY-MM-DD date"),
    "primary_ssic_code": (_SSIC.match, "is not a 5-digit SSIC code"),
    "secondary_ssic_code": (_SSIC.match, "is not a 5-digit SSIC code"),
    "postal_code": (_POSTAL_CODE.match, "is not a 6-digit postal code"),
    "no_of_officers": (_COUNT.match, "is not a count"),
}


def _problem(column: str, value: str) -> str | None:
    """Why ``value`` is unusable in ``column``, or None when it is fine."""
    if len(value) > _TEXT_LIMIT:
        return f"{column} longer than {_TEXT_LIMIT} characters"
    validator = _VALIDATORS.get(column)
    if validator and not validator[0](value):
        return f"{column} {value!r} {validator[1]}"
    return None


@dataclass(frozen=True)
class ColumnPlan:
    """Where each stored column is in a file's records, from its header."""

    source: str
    width: int
    uen_at: int
    name_at: int
    optional: tuple[tuple[int, int, str], ...]  # (output slot, input position, column)

    @classmethod
    def from_header(cls, header: list[str] | None, source: str) -> ColumnPlan:
        """Header names are matched case-insensitively; unknown columns are ignored and
        known optional ones may be absent.

        Raises:
            RegisterFileError: there is no header (None), or a required column is missing.
        """
        if header is None:
            raise RegisterFileError(f"{source}: empty file, expected a CSV header")
        names = [name.strip().lower().lstrip("\ufeff") for name in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in names]
        if missing:
            raise RegisterFileError(
                f"{source}: missing required column(s) {', '.join(missing)} in the header"
            )
        optional = tuple(
            (slot, names.index(column), column)
            for slot, column in enumerate(STORED_COLUMNS)
            if column in names and column not in ("uen", "entity_name")
        )
        return cls(source, len(names), names.index("uen"), names.index("entity_name"), optional)


_NAME_SLOT = STORED_COLUMNS.index("entity_name")
_KEY_SLOT = STORED_COLUMNS.index("normalized_name")
_EMPTY_ROW: list[str | None] = [None] * len(STORED_COLUMNS)


def register_row(
    record: list[str], line: int, plan: ColumnPlan
) -> tuple[RegisterRow | None, list[BadRow]]:
    """One CSV record as a register row (None when rejected) and what was wrong with it."""
    if len(record) != plan.width:
        reason = f"expected {plan.width} fields, found {len(record)}"
        return None, [BadRow(plan.source, line, reason, "rejected")]
    uen = record[plan.uen_at].strip().upper()
    name = " ".join(record[plan.name_at].split())
    if not _UEN.match(uen):
        return None, [BadRow(plan.source, line, f"uen {uen!r} is not a UEN", "rejected")]
    if not name or len(name) > _TEXT_LIMIT:
        reason = "entity_name is empty" if not name else "entity_name is too long"
        return None, [BadRow(plan.source, line, reason, "rejected")]
    values = _EMPTY_ROW.copy()
    values[0], values[_NAME_SLOT], values[_KEY_SLOT] = uen, name, normalize_company_name(name)
    bad: list[BadRow] = []
    for slot, position, column in plan.optional:
        value = record[position].strip()
        if not value:
            continue
        if len(value) > _TEXT_LIMIT or column in _VALIDATORS:
            problem = _problem(column, value)
            if problem:
                bad.append(BadRow(plan.source, line, problem, "blanked"))
                continue
        values[slot] = value
    return tuple(values), bad


#: Characters a stored value may not hold, and why: PostgreSQL's text cannot store a NUL
#: byte (COPY would fail the whole file); U+FFFD stands where the file's bytes were not
#: UTF-8 (``decode(errors="replace")``), and storing it would lose them silently.
UNSTORABLE = {"\x00": "holds a NUL byte", "\ufffd": "holds bytes that are not UTF-8"}


def without_unstorable(
    record: list[str], line: int, plan: ColumnPlan, character: str
) -> tuple[list[str] | None, list[BadRow]]:
    """``record`` with each optional value holding ``character`` (a key of
    ``UNSTORABLE``) blanked, None when its UEN or name holds one; and the reports. Only
    for a record that holds one: the common path skips it."""
    if len(record) != plan.width:
        return record, []  # register_row rejects it for its width
    problem = UNSTORABLE[character]
    for position, column in ((plan.uen_at, "uen"), (plan.name_at, "entity_name")):
        if character in record[position]:
            return None, [BadRow(plan.source, line, f"{column} {problem}", "rejected")]
    cleaned, bad = record, []
    for _, position, column in plan.optional:
        if character in record[position]:
            cleaned = cleaned if cleaned is not record else list(record)
            cleaned[position] = ""
            bad.append(BadRow(plan.source, line, f"{column} {problem}", "blanked"))
    return cleaned, bad


def read_register_rows(lines: Iterable[str], source: str) -> Iterator[RegisterRow | BadRow]:
    """Register rows (in ``STORED_COLUMNS`` order) and bad rows of one CSV file; a
    blanked value's report comes before its row.

    Raises:
        RegisterFileError: the file has no header or lacks a required column.
    """
    reader = csv.reader(lines)
    plan = ColumnPlan.from_header(next(reader, None), source)
    for record in reader:
        if not record:
            continue
        if any("\x00" in field for field in record):
            cleaned, nul_bad = without_unstorable(record, reader.line_num, plan, "\x00")
            yield from nul_bad
            if cleaned is None:
                continue
            record = cleaned
        row, bad = register_row(record, reader.line_num, plan)
        yield from bad
        if row is not None:
            yield row


_COPY_SPECIALS = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text_line(values: Sequence[str | int | None]) -> str:
    """A row in PostgreSQL's COPY text format (tab-separated, ``\\N`` for NULL)."""
    texts = ["" if v is None else str(v) for v in values]
    probe = "".join(texts)
    # Escaping every field costs more than the rest of the row; most rows need none.
    if "\\" in probe or "\t" in probe or "\n" in probe or "\r" in probe:
        texts = [t.translate(_COPY_SPECIALS) for t in texts]
    return "\t".join("\\N" if v is None else t for t, v in zip(texts, values, strict=True)) + "\n"
