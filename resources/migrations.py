"""Numbered SQL migrations from ``sql/migrations``, applied in order, once, under a lock."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from resources.database import (
    APP_ROLE,
    APP_ROLE_ATTRIBUTES,
    SYSTEM_ROLE,
    SYSTEM_ROLE_ATTRIBUTES,
    create_role_if_missing,
)

logger = logging.getLogger("icp.migrations")

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "sql" / "migrations"
_MIGRATION_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any constant works; it only has to be the same in every process that migrates.
_ADVISORY_LOCK_KEY = 0x1C9F1DE5


class MigrationError(RuntimeError):
    """A migration file is malformed, was edited after it was applied, or failed."""


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files of ``directory`` in version order."""
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_FILE.match(path.name)
        if not match:
            raise MigrationError(f"migration file name must look like 0001_name.sql: {path.name}")
        migrations.append(Migration(version=match[1], name=match[2], path=path))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version in {directory}")
    return migrations


def ensure_roles(conn: psycopg.Connection, app_password: str | None) -> None:
    """Create the application and system roles if they are missing.

    ``icp_app`` logs in, owns nothing and cannot bypass row-level security;
    ``icp_system`` cannot log in and is granted to the migrating (owner) role, which
    makes the owner's cross-tenant reads explicit in the policies. An owner that is
    already a member (the embedded ``icp_owner``, granted it by ``bootstrap_owner``) is
    not granted it again, which would need the right to administer it.
    """
    create_role_if_missing(conn, APP_ROLE, APP_ROLE_ATTRIBUTES)
    create_role_if_missing(conn, SYSTEM_ROLE, SYSTEM_ROLE_ATTRIBUTES)
    if app_password:
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(APP_ROLE), sql.Literal(app_password)
            )
        )
    member = conn.execute(
        "SELECT pg_has_role(CURRENT_USER, %s, 'MEMBER')", (SYSTEM_ROLE,)
    ).fetchone()
    if not (member and member[0]):
        conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(SYSTEM_ROLE)))


def applied_versions(conn: psycopg.Connection) -> dict[str, str]:
    """Version → checksum of every migration recorded in the database."""
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return {}
    rows = conn.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    return dict(rows)


def pending_migrations(conn: psycopg.Connection, migrations: list[Migration]) -> list[Migration]:
    """The migrations not yet applied; raises if an applied one was edited since."""
    applied = applied_versions(conn)
    for migration in migrations:
        recorded = applied.get(migration.version)
        if recorded is not None and recorded != migration.checksum:
            raise MigrationError(
                f"migration {migration.path.name} changed after it was applied; "
                "add a new migration instead of editing an applied one"
            )
    return [m for m in migrations if m.version not in applied]


def upgrade(
    owner_url: str, *, app_password: str | None = None, directory: Path = MIGRATIONS_DIR
) -> list[str]:
    """Apply every pending migration to the database at ``owner_url``.

    Each migration runs in its own transaction together with its record, so a failed
    one leaves nothing behind. A session-level advisory lock makes concurrent
    upgraders wait for each other; the second finds nothing left to do.

    Returns:
        The file names of the migrations applied by this call.
    """
    migrations = discover_migrations(directory)
    applied_now: list[str] = []
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_ADVISORY_LOCK_KEY,))
        try:
            ensure_roles(conn, app_password)
            conn.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     text PRIMARY KEY,
                    name        text NOT NULL,
                    checksum    text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """
            )
            for migration in pending_migrations(conn, migrations):
                try:
                    with conn.transaction():
                        conn.execute(migration.sql)
                        conn.execute(
                            "INSERT INTO schema_migrations (version, name, checksum) "
                            "VALUES (%s, %s, %s)",
                            (migration.version, migration.name, migration.checksum),
                        )
                except psycopg.Error as error:
                    raise MigrationError(f"{migration.path.name} failed: {error}") from error
                logger.info("applied migration %s", migration.path.name)
                applied_now.append(migration.path.name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_ADVISORY_LOCK_KEY,))
    return applied_now


def is_current(owner_url: str) -> bool:
    """Whether every migration file has been applied (for readiness probes)."""
    with psycopg.connect(owner_url) as conn:
        return not pending_migrations(conn, discover_migrations())
