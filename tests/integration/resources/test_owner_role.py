"""The warehouse owner is not a superuser, so forced row-level security holds it too:
it reads across tenants through ``system_read`` but writes no tenant row without a
tenant set. On the run's server, on a fresh embedded default, and on an embedded home
made by a version whose owner was the server's superuser.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from icp_assets.settings import Settings
from resources.database import (
    APP_ROLE,
    EMBEDDED_WAREHOUSE_DB,
    OWNER_ROLE,
    ensure_database_exists,
    resolve_database_urls,
    start_embedded_server,
    stop_embedded_server,
)
from resources.migrations import upgrade
from resources.warehouse import Warehouse

DAGSTER_DB = f"{EMBEDDED_WAREHOUSE_DB}_dagster"
INSERT_WITHOUT_TENANT = (
    "INSERT INTO companies (tenant_id, name, normalized_name) VALUES (5, 'Acme', 'acme')"
)
# Objects of the public schema the owner does not own, extension members aside.
NOT_OWNED = """
SELECT c.relname FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
WHERE c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype = 'e')
UNION ALL
SELECT p.proname FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
WHERE p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                    AND d.deptype = 'e')
"""


def assert_owner_is_held_by_rls(owner_url: str) -> None:
    """The owner is no superuser, writes no tenant row without a tenant, and writes one
    with the tenant set."""
    with psycopg.connect(owner_url) as conn:
        attributes = conn.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        assert attributes == (False, False)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(INSERT_WITHOUT_TENANT)
        conn.rollback()
        conn.execute("SELECT set_config('app.tenant_id', '5', true)")
        conn.execute(INSERT_WITHOUT_TENANT)
        conn.rollback()
        assert conn.execute(NOT_OWNED).fetchall() == []


def test_the_configured_owner_cannot_write_a_tenant_row_without_a_tenant(warehouse):
    assert_owner_is_held_by_rls(warehouse.urls.libpq("owner"))


def test_the_configured_owner_updates_no_tenant_row_without_a_tenant(
    warehouse, owner_conn, sample_intake
):
    from icp_assets.intake.storage import save_intake

    saved = save_intake(warehouse, 7, "ops@seven", sample_intake)
    updated = owner_conn.execute(
        "UPDATE icp_intake_responses SET submitted_by = 'someone else' WHERE id = %s",
        (saved.response_id,),
    ).rowcount
    deleted = owner_conn.execute("DELETE FROM customer_seeds").rowcount
    owner_conn.rollback()
    assert (updated, deleted) == (0, 0)


@pytest.fixture
def embedded_home(tmp_path: Path) -> Iterator[Path]:
    """An ``ICP_HOME`` whose embedded server is stopped at the end."""
    home = tmp_path / "home"
    yield home
    stop_embedded_server(home)


def embedded_settings(home: Path) -> Settings:
    # The run's own database variables are set in the environment: unset them here.
    return Settings(
        home=home,
        database_url=None,
        app_database_url=None,
        app_database_password=None,
        dagster_database_url=None,
    )


def test_the_embedded_default_owner_is_a_role_held_by_rls(embedded_home: Path):
    urls = resolve_database_urls(embedded_settings(embedded_home))
    assert (urls.owner.username, urls.dagster.username) == (OWNER_ROLE, OWNER_ROLE)
    upgrade(urls.libpq("owner"))

    assert_owner_is_held_by_rls(urls.libpq("owner"))
    warehouse = Warehouse(urls)
    try:
        with warehouse.tenant_transaction(5) as conn:
            conn.execute(text(INSERT_WITHOUT_TENANT))
        with warehouse.system_transaction() as conn:
            assert conn.execute(text("SELECT count(*) FROM companies")).scalar_one() == 1
    finally:
        warehouse.app_engine.dispose()
        warehouse.owner_engine.dispose()


def test_an_embedded_home_whose_owner_was_the_superuser_still_works_after_upgrade(
    embedded_home: Path, sample_intake
):
    from icp_assets.intake.storage import save_intake

    # What the previous version did: the superuser owned the warehouse and migrated it.
    superuser = make_url(start_embedded_server(embedded_home)).set(database=EMBEDDED_WAREHOUSE_DB)
    superuser_url = superuser.render_as_string(hide_password=False)
    ensure_database_exists(superuser_url, EMBEDDED_WAREHOUSE_DB)
    ensure_database_exists(superuser_url, DAGSTER_DB)
    upgrade(superuser_url)
    with psycopg.connect(superuser_url) as conn:
        conn.execute("SELECT set_config('app.tenant_id', '3', true)")
        conn.execute(
            "INSERT INTO companies (tenant_id, name, normalized_name) VALUES (3, 'Old', 'old')"
        )
    # Dagster's storage, as the superuser created it: a table with a serial id.
    with psycopg.connect(superuser.set(database=DAGSTER_DB).render_as_string()) as conn:
        conn.execute("CREATE TABLE runs (id serial PRIMARY KEY, run_id text NOT NULL)")
        conn.execute("INSERT INTO runs (run_id) VALUES ('old-run')")

    urls = resolve_database_urls(embedded_settings(embedded_home))
    assert urls.dagster.username == OWNER_ROLE
    assert upgrade(urls.libpq("owner")) == []
    assert_owner_is_held_by_rls(urls.libpq("owner"))
    with psycopg.connect(urls.libpq("dagster")) as conn:
        conn.execute("INSERT INTO runs (run_id) VALUES ('new-run')")
        assert conn.execute("SELECT run_id FROM runs ORDER BY id").fetchall() == [
            ("old-run",),
            ("new-run",),
        ]
        assert conn.execute(NOT_OWNED).fetchall() == []
    warehouse = Warehouse(urls)
    try:
        with warehouse.system_transaction() as conn:
            assert conn.execute(text("SELECT name FROM companies")).scalars().all() == ["Old"]
        with warehouse.tenant_transaction(3) as conn:
            assert conn.execute(text("SELECT name FROM companies")).scalars().all() == ["Old"]
        save_intake(warehouse, 3, "ops@three", sample_intake)
        # Bootstrapping again changes nothing and refuses nothing.
        again = resolve_database_urls(embedded_settings(embedded_home))
        assert upgrade(again.libpq("owner")) == []
    finally:
        warehouse.app_engine.dispose()
        warehouse.owner_engine.dispose()
    with psycopg.connect(urls.libpq("owner")) as conn:
        app_role = conn.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", (APP_ROLE,)
        ).fetchone()
    assert app_role == (False, False)
