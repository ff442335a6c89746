"""Migrations: applied in order, once, recorded, under a lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from resources.migrations import (
    MIGRATIONS_DIR,
    MigrationError,
    discover_migrations,
)


def test_migration_files_are_numbered_and_named(tmp_path: Path):
    assert all(m.path.parent == MIGRATIONS_DIR for m in discover_migrations())
    (tmp_path / "1_bad.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="0001_name.sql"):
        discover_migrations(tmp_path)
