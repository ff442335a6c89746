"""Migrations: applied in order, once, recorded, under a lock."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from resources.migrations import (
    MigrationError,
    discover_migrations,
    is_current,
    upgrade,
)


@pytest.fixture
def empty_database(server_url: str) -> Iterator[str]:
    name = f"icp_mig_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {r[0] for r in rows}


def test_upgrade_on_an_empty_database_creates_every_table_and_records_it(empty_database):
    applied = upgrade(empty_database)

    assert applied == [m.path.name for m in discover_migrations()]
    assert {
        "icp_intake_responses",
        "customer_seeds",
        "seeds",
        "companies",
        "staging_acra_companies",
        "ssic_ref",
        "ssic_activities",
        "icp_evidence",
        "icp_patterns",
        "icp_rules",
        "acra_matches",
        "crawled_pages",
        "icp_suggestions",
        "audit_log",
        "background_jobs",
        "icp_exclusions",
        "site_register_matches",
        "schema_migrations",
    } <= _tables(empty_database)
    assert is_current(empty_database)


def test_upgrade_twice_applies_nothing_the_second_time(empty_database):
    upgrade(empty_database)
    assert upgrade(empty_database) == []
    with psycopg.connect(empty_database) as conn:
        count = conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert count == len(discover_migrations())


def test_concurrent_upgrades_apply_each_migration_once(empty_database):
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(upgrade(empty_database))
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    applied = sorted(name for result in results for name in result)
    assert applied == sorted(m.path.name for m in discover_migrations())


def test_an_applied_migration_edited_afterwards_is_refused(empty_database, tmp_path: Path):
    for migration in discover_migrations():
        (tmp_path / migration.path.name).write_bytes(migration.path.read_bytes())
    upgrade(empty_database, directory=tmp_path)
    first = sorted(tmp_path.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")

    with pytest.raises(MigrationError, match="changed after it was applied"):
        upgrade(empty_database, directory=tmp_path)


def test_a_failing_migration_leaves_nothing_behind(empty_database, tmp_path: Path):
    for migration in discover_migrations():
        (tmp_path / migration.path.name).write_bytes(migration.path.read_bytes())
    (tmp_path / "9999_broken.sql").write_text(
        "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n"
    )

    with pytest.raises(MigrationError, match="9999_broken.sql failed"):
        upgrade(empty_database, directory=tmp_path)

    assert "half_done" not in _tables(empty_database)
    with psycopg.connect(empty_database) as conn:
        versions = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
    assert "9999" not in versions
