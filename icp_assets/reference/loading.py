"""Loading the shared reference data: ACRA register files into `staging_acra_companies`
and the SSIC 2020 code list into `ssic_ref` and `ssic_activities`.

Register files

are streamed with COPY into a temporary table, then upserted by UEN in one
transaction: a later file (or a later row) updates an earlier one, a changed name is
kept in `staging_acra_name_history`, and a failed load changes nothing. Into an empty
table the primary key and indexes are dropped first and rebuilt after, which is
several times faster than maintaining a trigram index row by row, and the rows go in
one pass that leaves out the earlier rows of a repeated UEN (no sort of whole rows).
Large files are parsed by worker processes while COPY streams.
"""

import csv
import io
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from psycopg import sql
from sqlalchemy import Connection, text
from tqdm import tqdm

from icp_assets.reference.register_rows import (
    ACTIVITY_TEXT_COLUMNS,
    STORED_COLUMNS,
    BadRow,
    ColumnPlan,
    RegisterFileError,
    copy_text_line,
    register_row,
    without_unstorable,
)
from icp_assets.reference.ssic import read_ssic_activities, read_ssic_codes
from resources.warehouse import Warehouse

_COLUMNS = ", ".join(STORED_COLUMNS)
_UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in STORED_COLUMNS if c != "uen")

CREATE_INCOMING = text(
    """
    CREATE TEMP TABLE register_incoming ON COMMIT DROP AS
    SELECT *, 0::bigint AS seq FROM staging_acra_companies WITH NO DATA
    """
)
# The latest row of each UEN: later files and later lines win.
_LATEST_ROWS = f"""
    SELECT DISTINCT ON (uen) {_COLUMNS}, source_file
    FROM register_incoming ORDER BY uen, seq DESC
"""
LATEST_INCOMING = text(f"CREATE TEMP TABLE register_latest ON COMMIT DROP AS {_LATEST_ROWS}")
RECORD_RENAMES = text(
    """
    INSERT INTO staging_acra_name_history (uen, entity_name, source_file)
    SELECT t.uen, t.entity_name, i.source_file
    FROM staging_acra_companies t JOIN register_latest i USING (uen)
    WHERE t.entity_name IS DISTINCT FROM i.entity_name
    """
)
UPSERT = text(
    f"""
    WITH written AS (
        INSERT INTO staging_acra_companies AS t ({_COLUMNS}, source_file, loaded_at)
        SELECT {_COLUMNS}, source_file, now() FROM register_latest
        ON CONFLICT (uen) DO UPDATE SET {_UPDATES}, source_file = EXCLUDED.source_file,
            loaded_at = now()
        WHERE ({", ".join(f"t.{c}" for c in STORED_COLUMNS)})
              IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in STORED_COLUMNS)})
        RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted) AS inserted,
           count(*) FILTER (WHERE NOT inserted) AS updated
    FROM written
    """
)
# Into an empty register: the UENs that come more than once and the seq of their latest
# row (a hash aggregate on one column), then every row in one pass but the earlier rows
# of those UENs; no sort of the whole rows as DISTINCT ON would need. The rows are
# stored by primary SSIC code: a segment's companies then sit on neighbouring pages, and
# ranking a card's lookalikes reads its part of the table, not the whole of it.
REPEATED_UENS = text(
    """
    CREATE TEMP TABLE register_repeated ON COMMIT DROP AS
    SELECT uen, max(seq) AS seq FROM register_incoming GROUP BY uen HAVING count(*) > 1
    """
)
BULK_INSERT = text(
    f"""
    INSERT INTO staging_acra_companies ({_COLUMNS}, source_file)
    SELECT {_COLUMNS}, source_file FROM register_incoming i
    WHERE NOT EXISTS (SELECT FROM register_repeated r WHERE r.uen = i.uen AND r.seq <> i.seq)
    ORDER BY primary_ssic_code
    """
)
DROP_PRIMARY_KEY = text(
    "ALTER TABLE staging_acra_companies DROP CONSTRAINT staging_acra_companies_pkey"
)
ADD_PRIMARY_KEY = text(
    "ALTER TABLE staging_acra_companies "
    "ADD CONSTRAINT staging_acra_companies_pkey PRIMARY KEY (uen)"
)
SECONDARY_INDEXES = text(
    """
    SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = 'staging_acra_companies'
      AND indexname <> 'staging_acra_companies_pkey'
    """
)


UPSERT_SSIC_CODE = text(
    """
    INSERT INTO ssic_ref (code, title, level, parent, section, definition)
    VALUES (:code, :title, :level, :parent, :section, :definition)
    ON CONFLICT (code) DO UPDATE SET
        title = EXCLUDED.title, level = EXCLUDED.level, parent = EXCLUDED.parent,
        section = EXCLUDED.section, definition = EXCLUDED.definition
    """
)
INSERT_SSIC_ACTIVITY = text(
    """
    INSERT INTO ssic_activities (code, activity) VALUES (:code, :activity)
    ON CONFLICT DO NOTHING
    """
)


def load_ssic_reference(warehouse: Warehouse) -> dict[str, int]:
    """Upsert the SSIC 2020 codes and activities; safe to repeat."""
    codes = read_ssic_codes()
    activities = read_ssic_activities()
    with warehouse.system_transaction() as conn:
        conn.execute(UPSERT_SSIC_CODE, [vars(code) for code in codes])
        conn.execute(INSERT_SSIC_ACTIVITY, [{"code": c, "activity": a} for c, a in activities])
    return {"codes": len(codes), "activities": len(activities)}


@dataclass
class RegisterLoadReport:
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    #: Of the rows read, how many carry each activity text column (a file without the
    #: columns adds none).
    activity_text_rows: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(ACTIVITY_TEXT_COLUMNS, 0)
    )

    @property
    def activity_text_share(self) -> dict[str, float]:
        """Each activity text column's share of the rows read (0.0 when none were read)."""
        return {
            column: rows / self.rows_read if self.rows_read else 0.0
            for column, rows in self.activity_text_rows.items()
        }

    @property
    def rejected(self) -> int:
        return sum(1 for b in self.bad_rows if b.action == "rejected")

    @property
    def blanked(self) -> int:
        return len(self.bad_rows) - self.rejected

    def as_json(self) -> dict:
        return {
            "files": self.files,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "blanked": self.blanked,
            "bad_rows": [
                {"file": b.source, "line": b.line, "action": b.action, "reason": b.reason}
                for b in self.bad_rows
            ],
            "file_errors": self.file_errors,
            "activity_text_rows": self.activity_text_rows,
            "activity_text_share": {k: round(v, 4) for k, v in self.activity_text_share.items()},
            "seconds": round(self.seconds, 2),
            "phases": {k: round(v, 2) for k, v in self.phases.items()},
        }


# Files above this size are parsed by worker processes while this one streams COPY.
_PARALLEL_BYTES = 16_000_000
_CHUNK_BYTES = 4_000_000
_WORKERS = 2
_COPY_INCOMING = sql.SQL("COPY register_incoming ({}) FROM STDIN").format(
    sql.SQL(", ").join(map(sql.Identifier, (*STORED_COLUMNS, "source_file", "seq")))
)


@dataclass(frozen=True)
class Chunk:
    """Whole CSV records of one file, as bytes, and the line the first one starts on."""

    data: bytes
    first_line: int
    plan: ColumnPlan
    file_index: int


_ACTIVITY_SLOTS = tuple(STORED_COLUMNS.index(c) for c in ACTIVITY_TEXT_COLUMNS)


class FormattedChunk(NamedTuple):
    copy_text: str
    bad_rows: list[BadRow]
    rows: int
    activity_text_rows: tuple[int, ...]  # by ACTIVITY_TEXT_COLUMNS


def format_chunk(chunk: Chunk) -> FormattedChunk:
    """COPY text of a chunk's good rows, its bad rows, how many rows it holds and how
    many of them carry each activity text.

    Each row's ``seq`` is its file's index and its line, so later files and lines win."""
    try:
        data = chunk.data.decode("utf-8")
        unstorable = ["\x00"] if b"\x00" in chunk.data else []
    except UnicodeDecodeError:
        data = chunk.data.decode("utf-8", errors="replace")
        unstorable = ["\x00", "\ufffd"] if b"\x00" in chunk.data else ["\ufffd"]
    reader = csv.reader(io.StringIO(data, newline=""))
    plan, offset = chunk.plan, chunk.first_line - 1
    base = (chunk.file_index << 32) + offset
    # Without a backslash, tab or carriage return anywhere, only a record that spans lines
    # has a character COPY must escape (a line break in a quoted field).
    plain = not any(special in data or special in plan.source for special in "\\\t\r")
    source = f"\t{plan.source}\t"
    text_rows, bad_rows = [], []
    activity = [0] * len(_ACTIVITY_SLOTS)
    present = {slot for slot, _, _ in plan.optional}
    slots = tuple((i, slot) for i, slot in enumerate(_ACTIVITY_SLOTS) if slot in present)
    last_line = 0
    for record in reader:
        first_line, last_line = last_line + 1, reader.line_num
        if not record:
            continue
        for character in unstorable:
            if record is not None and any(character in field for field in record):
                record, problems = without_unstorable(record, offset + last_line, plan, character)
                bad_rows.extend(problems)
        if record is None:
            continue
        row, problems = register_row(record, offset + last_line, plan)
        bad_rows.extend(problems)
        if row is not None:
            if plain and first_line == last_line:
                values = "\t".join(["\\N" if v is None else v for v in row])
                text_rows.append(f"{values}{source}{base + last_line}\n")
            else:
                text_rows.append(copy_text_line((*row, plan.source, base + last_line)))
            for i, slot in slots:
                if row[slot] is not None:
                    activity[i] += 1
    return FormattedChunk("".join(text_rows), bad_rows, len(text_rows), tuple(activity))


def _chunks(path: Path, file_index: int, progress: bool) -> Iterator[Chunk]:
    """The file's records in chunks of about ``_CHUNK_BYTES``, cut only between records:
    at a line end with an even number of quotes before it, so a quoted field holding a
    line break is never split."""
    with (
        path.open("rb") as raw,
        tqdm.wrapattr(
            raw,
            "read",
            total=path.stat().st_size,
            desc=path.name,
            unit="B",
            unit_scale=True,
            disable=not progress,
            file=sys.stderr,
        ) as tracked,
    ):
        header = tracked.readline()
        while header.count(b'"') % 2:  # a header field with a line break in it
            more = tracked.readline()
            if not more:
                break
            header += more
        names = next(csv.reader([header.decode("utf-8-sig", errors="replace")]), None)
        plan = ColumnPlan.from_header(names, path.name)
        line = header.count(b"\n")  # lines before the chunk
        pending = b""
        while block := tracked.read(_CHUNK_BYTES):
            pending += block
            cut = len(pending)
            while True:
                cut = pending.rfind(b"\n", 0, cut)
                if cut < 0 or pending.count(b'"', 0, cut + 1) % 2 == 0:
                    break
            if cut < 0:
                continue
            data, pending = pending[: cut + 1], pending[cut + 1 :]
            yield Chunk(data, line + 1, plan, file_index)
            line += data.count(b"\n")
        if pending:
            yield Chunk(pending, line + 1, plan, file_index)


def _copy_file(
    conn: Connection,
    path: Path,
    file_index: int,
    report: RegisterLoadReport,
    progress: bool,
    pool: ProcessPoolExecutor | None,
) -> tuple[int, list[int]]:
    """COPY one file's good rows into register_incoming; returns how many, and how many
    of them carry each activity text."""
    rows, activity = 0, [0] * len(ACTIVITY_TEXT_COLUMNS)

    def take(result: FormattedChunk) -> None:
        nonlocal rows
        copy.write(result.copy_text)
        report.bad_rows.extend(result.bad_rows)
        rows += result.rows
        for i, count in enumerate(result.activity_text_rows):
            activity[i] += count

    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(_COPY_INCOMING) as copy:
        if pool is None or path.stat().st_size < _PARALLEL_BYTES:
            for task in _chunks(path, file_index, progress):
                take(format_chunk(task))
        else:
            pending: deque[Future] = deque()
            for task in _chunks(path, file_index, progress):
                pending.append(pool.submit(format_chunk, task))
                if len(pending) > 2 * _WORKERS:
                    take(pending.popleft().result())
            while pending:
                take(pending.popleft().result())
    return rows, activity


@contextmanager
def _worker_pool(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    if not wanted:
        yield None
        return
    # fork: workers need no re-import of the caller's main module, and they only parse
    # (they leave the parent's database connection alone and exit without finalizers).
    with ProcessPoolExecutor(_WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def load_register_files(
    warehouse: Warehouse, paths: Sequence[Path], *, progress: bool = False
) -> RegisterLoadReport:
    """Load ACRA register CSV files, in order, into the shared register.

    A file that cannot be read is reported and skipped; the others still load.
    """
    started = time.perf_counter()
    report = RegisterLoadReport(files=[str(p) for p in paths])
    clock = started

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.phases[name] = now - clock
        clock = now

    with warehouse.system_transaction() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        conn.execute(text("SET LOCAL work_mem = '256MB'"))
        conn.execute(CREATE_INCOMING)
        large = any(p.is_file() and p.stat().st_size >= _PARALLEL_BYTES for p in paths)
        with _worker_pool(large) as pool:
            for file_index, path in enumerate(paths):
                bad_rows_before = len(report.bad_rows)
                try:
                    with conn.begin_nested():  # a file failing midway leaves none of its rows
                        rows, activity = _copy_file(conn, path, file_index, report, progress, pool)
                    report.rows_read += rows
                    for column, count in zip(ACTIVITY_TEXT_COLUMNS, activity, strict=True):
                        report.activity_text_rows[column] += count
                except (RegisterFileError, OSError) as error:
                    del report.bad_rows[bad_rows_before:]
                    report.file_errors.append(str(error))
        phase("read_and_copy")

        empty = conn.execute(text("SELECT NOT EXISTS (SELECT FROM staging_acra_companies)"))
        if empty.scalar_one():
            # Into an empty register: no history to keep, and indexes built once at the
            # end instead of row by row.
            indexes = conn.execute(SECONDARY_INDEXES).all()
            for index in indexes:
                conn.execute(text(f'DROP INDEX "{index.indexname}"'))
            conn.execute(DROP_PRIMARY_KEY)
            conn.execute(REPEATED_UENS)
            phase("repeated_uens")
            inserted = conn.execute(BULK_INSERT).rowcount
            report.inserted, report.updated, report.unchanged = inserted, 0, 0
            phase("insert")
            conn.execute(text("SET LOCAL max_parallel_maintenance_workers = 2"))
            conn.execute(ADD_PRIMARY_KEY)
            phase("index staging_acra_companies_pkey")
            for index in indexes:
                conn.execute(text(index.indexdef))
                phase(f"index {index.indexname}")
        else:
            conn.execute(LATEST_INCOMING)
            conn.execute(RECORD_RENAMES)
            phase("dedupe_and_history")
            counts = conn.execute(UPSERT).one()
            distinct = conn.execute(text("SELECT count(*) FROM register_latest")).scalar_one()
            report.inserted, report.updated = counts.inserted, counts.updated
            report.unchanged = distinct - counts.inserted - counts.updated
            phase("upsert")
    phase("commit")
    with warehouse.owner_engine.connect() as conn:
        conn.execute(text("ANALYZE staging_acra_companies"))
        conn.commit()
    phase("analyze")
    report.seconds = time.perf_counter() - started
    return report
