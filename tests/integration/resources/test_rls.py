"""Row-level security: a tenant's transaction sees and writes only its own rows."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy.exc
from sqlalchemy import text

from icp_assets.intake.storage import save_intake
from resources.database import APP_ROLE

# A table is protected when RLS is enabled and forced and its tenant policy exists.
PROTECTION_GAPS = """
SELECT c.relname,
       c.relrowsecurity AS enabled,
       c.relforcerowsecurity AS forced,
       EXISTS (SELECT 1 FROM pg_policies p
               WHERE p.tablename = c.relname AND p.policyname = 'tenant_isolation'
                 AND p.qual LIKE '%app_current_tenant()%'
                 AND p.with_check LIKE '%app_current_tenant()%') AS has_policy
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
WHERE c.relkind = 'r'
"""


def protection_gaps(conn: psycopg.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute(PROTECTION_GAPS).fetchall()
        if not (row[1] and row[2] and row[3])
    ]


def test_every_table_with_a_tenant_id_is_under_forced_row_level_security(owner_conn):
    tables = [row[0] for row in owner_conn.execute(PROTECTION_GAPS).fetchall()]
    assert len(tables) >= 12
    assert protection_gaps(owner_conn) == []


def test_dropping_a_policy_is_detected(owner_conn):
    owner_conn.execute("DROP POLICY tenant_isolation ON icp_evidence")
    try:
        assert protection_gaps(owner_conn) == ["icp_evidence"]
    finally:
        owner_conn.rollback()


def test_the_application_role_owns_nothing_and_cannot_bypass_rls(owner_conn):
    role = owner_conn.execute(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", (APP_ROLE,)
    ).fetchone()
    assert role == (False, False)
    owned = owner_conn.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = %s",
        (APP_ROLE,),
    ).fetchone()[0]
    assert owned == 0


@pytest.fixture
def two_tenants(warehouse, sample_intake):
    first = save_intake(warehouse, 1, "ops@one", sample_intake)
    second = save_intake(warehouse, 2, "ops@two", sample_intake)
    return first, second


def test_a_tenant_reads_only_its_own_rows(warehouse, two_tenants):
    for tenant in (1, 2):
        with warehouse.tenant_transaction(tenant) as conn:
            intake_tenants = (
                conn.execute(text("SELECT DISTINCT tenant_id FROM icp_intake_responses"))
                .scalars()
                .all()
            )
            seed_tenants = (
                conn.execute(text("SELECT DISTINCT tenant_id FROM customer_seeds")).scalars().all()
            )
        assert intake_tenants == [tenant]
        assert seed_tenants == [tenant]


def test_a_tenant_cannot_read_another_tenants_row_by_id(warehouse, two_tenants):
    _, second = two_tenants
    with warehouse.tenant_transaction(1) as conn:
        row = conn.execute(
            text("SELECT * FROM icp_intake_responses WHERE id = :id"), {"id": second.response_id}
        ).first()
    assert row is None


def test_a_tenant_cannot_insert_rows_for_another_tenant(warehouse):
    with pytest.raises(sqlalchemy.exc.ProgrammingError, match="row-level security"):  # noqa: SIM117
        with warehouse.tenant_transaction(1) as conn:
            conn.execute(
                text(
                    "INSERT INTO companies (tenant_id, name, normalized_name) "
                    "VALUES (2, 'Intruder', 'intruder')"
                )
            )


def test_a_tenant_cannot_update_or_delete_another_tenants_rows(warehouse, two_tenants):
    with warehouse.tenant_transaction(1) as conn:
        updated = conn.execute(
            text("UPDATE customer_seeds SET name = 'hijacked' WHERE tenant_id = 2")
        ).rowcount
        deleted = conn.execute(
            text("DELETE FROM icp_intake_responses WHERE tenant_id = 2")
        ).rowcount
        moved = conn.execute(text("UPDATE customer_seeds SET name = name")).rowcount
    assert (updated, deleted) == (0, 0)
    assert moved == 8  # its own seeds only
    with warehouse.tenant_transaction(2) as conn:
        names = conn.execute(text("SELECT name FROM customer_seeds")).scalars().all()
    assert "hijacked" not in names and len(names) == 8


def test_moving_a_row_to_another_tenant_is_refused(warehouse, two_tenants):
    with pytest.raises(sqlalchemy.exc.ProgrammingError, match="row-level security"):  # noqa: SIM117
        with warehouse.tenant_transaction(1) as conn:
            conn.execute(text("UPDATE customer_seeds SET tenant_id = 2"))


def test_without_a_tenant_the_application_role_sees_nothing(warehouse, two_tenants):
    with warehouse.app_engine.begin() as conn:
        count = conn.execute(text("SELECT count(*) FROM icp_intake_responses")).scalar_one()
    assert count == 0


def test_the_tenant_setting_ends_with_its_transaction(warehouse, two_tenants):
    with warehouse.app_engine.connect() as conn:
        with conn.begin():
            conn.execute(text("SELECT set_config('app.tenant_id', '1', true)"))
            inside = conn.execute(text("SELECT count(*) FROM icp_intake_responses")).scalar_one()
        with conn.begin():
            after = conn.execute(text("SELECT count(*) FROM icp_intake_responses")).scalar_one()
    assert (inside, after) == (1, 0)


def test_the_system_connection_reads_across_tenants(warehouse, two_tenants):
    with warehouse.system_transaction() as conn:
        tenants = (
            conn.execute(text("SELECT DISTINCT tenant_id FROM icp_intake_responses ORDER BY 1"))
            .scalars()
            .all()
        )
    assert tenants == [1, 2]


def test_the_application_role_cannot_write_the_shared_register(warehouse):
    with pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"):  # noqa: SIM117
        with warehouse.tenant_transaction(1) as conn:
            conn.execute(
                text(
                    "INSERT INTO staging_acra_companies (uen, entity_name, normalized_name) "
                    "VALUES ('X1', 'X', 'x')"
                )
            )
