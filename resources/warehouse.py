"""The Postgres warehouse: engines and tenant transactions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import dagster as dg
from sqlalchemy import Connection, Engine, TextClause, create_engine, text

from icp_assets.settings import Settings, get_settings
from resources.database import DatabaseUrls, resolve_database_urls


class TenantIdError(ValueError):
    """A tenant id that is not an integer from 1 to ``MAX_TENANT_ID``."""


#: The largest tenant id: every tenant_id column is a PostgreSQL ``integer``.
MAX_TENANT_ID = 2**31 - 1
_MAX_TENANT_DIGITS = len(str(MAX_TENANT_ID))


def _shown(value: object) -> str:
    """``value`` for a message, cut short (a huge integer has no repr past 4,300 digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return repr(value) if abs(value) <= MAX_TENANT_ID else "an integer past that"
    shown = repr(value)
    return shown if len(shown) <= 40 else f"{shown[:40]}..."


def check_tenant_id(value: int | str) -> int:
    """``value`` as a tenant id (1 to ``MAX_TENANT_ID``), or TenantIdError naming it."""
    problem = f"tenant id must be an integer from 1 to {MAX_TENANT_ID}, got {_shown(value)}"
    if isinstance(value, str) and len(value.strip()) > _MAX_TENANT_DIGITS:
        raise TenantIdError(problem)
    try:
        tenant_id = int(value)
    except (TypeError, ValueError, OverflowError):
        raise TenantIdError(problem) from None
    if not 0 < tenant_id <= MAX_TENANT_ID or str(tenant_id) != str(value).strip():
        raise TenantIdError(problem)
    return tenant_id


@lru_cache(maxsize=16)
def _engine(url: str) -> Engine:
    # One pool per URL and process: assets run many times in one process.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


class Warehouse:
    """Connections to the warehouse, as the application role or as the owner."""

    def __init__(self, urls: DatabaseUrls) -> None:
        self.urls = urls

    @property
    def app_engine(self) -> Engine:
        return _engine(self.urls.app.render_as_string(hide_password=False))

    @property
    def owner_engine(self) -> Engine:
        return _engine(self.urls.owner.render_as_string(hide_password=False))

    @contextmanager
    def tenant_transaction(self, tenant_id: int | str) -> Iterator[Connection]:
        """A transaction as ``icp_app`` that sees and writes only ``tenant_id``'s rows.

        The tenant is set with ``set_config(..., is_local => true)``, so it ends with the
        transaction and never leaks to the next user of the pooled connection.
        """
        tenant = check_tenant_id(tenant_id)
        with self.app_engine.begin() as conn:
            conn.execute(
                text("SELECT set_config('app.tenant_id', :tenant, true)"),
                {"tenant": str(tenant)},
            )
            yield conn

    @contextmanager
    def system_transaction(self) -> Iterator[Connection]:
        """A transaction as the owner: shared tables, and cross-tenant reads of tenant rows.

        Row-level security is forced for the owner too, which is never a superuser (the
        embedded server's is ``icp_owner``, see ``resources.database``): it reads every
        tenant's rows through the ``system_read`` policies and writes none without a
        tenant set.
        """
        with self.owner_engine.begin() as conn:
            yield conn


# A transaction-scoped advisory lock on (table, tenant): the two-key form takes the
# table's name hashed and the tenant id, both 32-bit like the tenant_id column.
LOCK_TENANT_SLICE = text("SELECT pg_advisory_xact_lock(hashtext(:slice), :tenant_id)")
_DELETE_TABLE = re.compile(r"^\s*DELETE\s+FROM\s+([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


def lock_tenant_slices(conn: Connection, tenant_id: int, *tables: str) -> None:
    """Hold the tenant's slice of each table until the caller's transaction ends.

    Two writers of one slice (two runs of a partition, or a crawl and an evidence run
    at once) would otherwise both delete the rows committed before them, neither
    seeing the other's inserts, and both commit: the slice doubled. With the lock the
    second writer waits for the first to commit; its delete then sees and removes the
    first writer's rows, and exactly one slice is left. Take it before the delete.
    Tables are locked in name order, so two writers of the same tables never wait
    for each other in a cycle.
    """
    for table in sorted(set(tables)):
        conn.execute(LOCK_TENANT_SLICE, {"slice": table, "tenant_id": tenant_id})


def deleted_table(delete: TextClause) -> str:
    """The table a ``DELETE FROM <table> ...`` statement writes."""
    match = _DELETE_TABLE.match(delete.text)
    if match is None:
        raise ValueError(f"not a DELETE FROM statement: {delete.text[:60]!r}")
    return match.group(1).lower()


def replace_tenant_rows(
    conn: Connection,
    delete: TextClause,
    insert: TextClause,
    tenant_id: int,
    rows: Sequence[dict[str, Any]],
) -> None:
    """Replace the tenant's slice of a table within the caller's transaction, so a
    failure leaves the previous slice in place, and a concurrent writer of the same
    slice waits (``lock_tenant_slices``) and then replaces this one's rows."""
    lock_tenant_slices(conn, tenant_id, deleted_table(delete))
    conn.execute(delete, {"tenant_id": tenant_id})
    if rows:
        conn.execute(insert, rows)


@lru_cache(maxsize=8)
def _warehouse(settings: Settings) -> Warehouse:
    return Warehouse(resolve_database_urls(settings))


def warehouse_from_settings(settings: Settings | None = None) -> Warehouse:
    """The warehouse these settings (the environment's by default) point at."""
    return _warehouse(settings or get_settings())


@lru_cache(maxsize=8)
def _upgrade_embedded_schema(owner_url: str, app_password: str | None) -> None:
    # Once a process: the code location's first use of an embedded warehouse.
    from resources.migrations import upgrade

    upgrade(owner_url, app_password=app_password)


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse as a Dagster resource.

    Unset fields fall back to the environment (``ICP_DATABASE_URL`` and friends); with
    nothing set anywhere, the embedded PostgreSQL under ``ICP_HOME`` is used, and its
    schema is brought up to date on first use, so that ``dagster dev`` on a fresh clone
    runs its sensors without an ``icp db upgrade`` first. An external warehouse is
    migrated by ``icp db upgrade`` only.
    """

    database_url: str | None = None
    app_database_url: str | None = None

    def get_warehouse(self) -> Warehouse:
        overrides = {
            key: value
            for key, value in (
                ("database_url", self.database_url),
                ("app_database_url", self.app_database_url),
            )
            if value
        }
        settings = get_settings().model_copy(update=overrides)
        store = warehouse_from_settings(settings)
        if settings.uses_embedded_database:
            _upgrade_embedded_schema(store.urls.libpq("owner"), settings.app_database_password)
        return store
