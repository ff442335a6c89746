"""Stage `register`: loading ACRA register files into `staging_acra_companies`.

Files are streamed with COPY into a temporary table, then upserted by UEN in one
transaction: a later file (or a later row) updates an earlier one, a changed name is
kept in `staging_acra_name_history`, and a failed load changes nothing. Into an empty
table the secondary indexes are dropped first and rebuilt after, which is several
times faster than maintaining a trigram index row by row.
"""

import io
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from sqlalchemy import Connection, text
from tqdm import tqdm

from icp_assets.register_rows import (
    STORED_COLUMNS,
    BadRow,
    RegisterFileError,
    read_register_rows,
)
from icp_assets.settings import get_settings
from resources.warehouse import Warehouse, WarehouseResource, copy_rows

_COLUMNS = ", ".join(STORED_COLUMNS)
_UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in STORED_COLUMNS if c != "uen")

CREATE_INCOMING = text(
    """
    CREATE TEMP TABLE register_incoming ON COMMIT DROP AS
    SELECT *, 0::bigint AS seq FROM staging_acra_companies WITH NO DATA
    """
)
# The latest row of each UEN: later files and later lines win.
LATEST_INCOMING = text(
    f"""
    CREATE TEMP TABLE register_latest ON COMMIT DROP AS
    SELECT DISTINCT ON (uen) {_COLUMNS}, source_file
    FROM register_incoming ORDER BY uen, seq DESC
    """
)
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
SECONDARY_INDEXES = text(
    """
    SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = 'staging_acra_companies'
      AND indexname <> 'staging_acra_companies_pkey'
    """
)


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

    @property
    def rejected(self) -> int:
        return sum(1 for b in self.bad_rows if b.action == "rejected")

    def as_json(self) -> dict:
        return {
            "files": self.files,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "blanked": len(self.bad_rows) - self.rejected,
            "bad_rows": [
                {"file": b.source, "line": b.line, "action": b.action, "reason": b.reason}
                for b in self.bad_rows
            ],
            "file_errors": self.file_errors,
            "seconds": round(self.seconds, 2),
        }


def _copy_file(
    conn: Connection, path: Path, seq_start: int, report: RegisterLoadReport, progress: bool
) -> int:
    """COPY one file's good rows into register_incoming; returns the next sequence number."""
    seq = seq_start
    source = path.name

    def rows():
        nonlocal seq
        with (
            path.open("rb") as raw,
            tqdm.wrapattr(
                raw,
                "read",
                total=path.stat().st_size,
                desc=source,
                unit="B",
                unit_scale=True,
                disable=not progress,
                file=sys.stderr,
            ) as tracked,
        ):
            handle = io.TextIOWrapper(tracked, encoding="utf-8-sig", errors="replace", newline="")
            for item in read_register_rows(handle, source):
                if isinstance(item, BadRow):  # a blanked row still comes after its report
                    report.bad_rows.append(item)
                    continue
                seq += 1
                yield (*item, source, seq)

    copy_rows(conn, "register_incoming", (*STORED_COLUMNS, "source_file", "seq"), rows())
    return seq


def load_register_files(
    warehouse: Warehouse, paths: Sequence[Path], *, progress: bool = False
) -> RegisterLoadReport:
    """Load ACRA register CSV files, in order, into the shared register.

    A file that cannot be read is reported and skipped; the others still load.
    """
    started = time.perf_counter()
    report = RegisterLoadReport(files=[str(p) for p in paths])
    with warehouse.system_transaction() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        conn.execute(text("SET LOCAL work_mem = '128MB'"))
        conn.execute(CREATE_INCOMING)
        seq = 0
        for path in paths:
            bad_rows_before = len(report.bad_rows)
            try:
                with conn.begin_nested():  # a file that fails midway leaves none of its rows
                    seq = _copy_file(conn, path, seq, report, progress)
            except (RegisterFileError, OSError) as error:
                del report.bad_rows[bad_rows_before:]
                report.file_errors.append(str(error))
        report.rows_read = seq
        conn.execute(LATEST_INCOMING)
        conn.execute(RECORD_RENAMES)

        empty = conn.execute(text("SELECT NOT EXISTS (SELECT FROM staging_acra_companies)"))
        indexes = conn.execute(SECONDARY_INDEXES).all() if empty.scalar_one() else []
        for index in indexes:
            conn.execute(text(f'DROP INDEX "{index.indexname}"'))
        counts = conn.execute(UPSERT).one()
        for index in indexes:
            conn.execute(text(index.indexdef))
        distinct = conn.execute(text("SELECT count(*) FROM register_latest")).scalar_one()
    with warehouse.owner_engine.connect() as conn:
        conn.execute(text("ANALYZE staging_acra_companies"))
        conn.commit()
    report.inserted, report.updated = counts.inserted, counts.updated
    report.unchanged = distinct - counts.inserted - counts.updated
    report.seconds = time.perf_counter() - started
    return report


class RegisterFilesConfig(dg.Config):
    paths: list[str] = []


def register_files(config: RegisterFilesConfig) -> list[Path]:
    """The configured files, or every CSV file in ``ICP_HOME/register``."""
    if config.paths:
        return [Path(p) for p in config.paths]
    return sorted((get_settings().home / "register").glob("*.csv"))


@dg.asset(
    group_name="reference",
    kinds={"postgres"},
    description=(
        "The national company register (ACRA Information on Corporate Entities), upserted "
        "by UEN from CSV files; bad rows reported by file and line."
    ),
)
def acra_register(
    context: dg.AssetExecutionContext, config: RegisterFilesConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    paths = register_files(config)
    if not paths:
        raise RegisterFileError(
            "no register files: configure paths or put CSV files in "
            f"{get_settings().home / 'register'}"
        )
    report = load_register_files(warehouse.get_warehouse(), paths)
    for problem in report.file_errors:
        context.log.error(f"register {problem}")
    for bad in report.bad_rows[:100]:
        context.log.warning(f"register {bad}")
    return dg.MaterializeResult(
        metadata={
            "rows_read": report.rows_read,
            "inserted": report.inserted,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "blanked": len(report.bad_rows) - report.rejected,
            "file_errors": dg.MetadataValue.json(report.file_errors),
            "seconds": round(report.seconds, 2),
        }
    )
