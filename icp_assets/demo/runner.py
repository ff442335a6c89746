"""The demo's steps that touch the warehouse: its register, its intake, the fixture
websites its crawl reaches, and the facts its report prints."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, text

from icp_assets.demo import (
    DEMO_INTAKE,
    DEMO_REGISTER,
    DEMO_REGISTER_ROWS,
    DEMO_TENANT,
    DEMO_USER,
)
from icp_assets.demo.fixture_sites import FixtureWebServer
from icp_assets.demo.register_synth import write_register_csv
from icp_assets.intake.model import canonical_json, parse_intake
from icp_assets.intake.storage import IntakeReceipt, latest_intake, save_intake
from icp_assets.reference.loading import RegisterLoadReport, load_register_files
from icp_assets.reference.queries import count_register_entities
from resources.crawler import CrawlerResource
from resources.crawler.config import format_host_map, parse_host_map
from resources.warehouse import Warehouse


def ensure_demo_register(warehouse: Warehouse, home: Path) -> RegisterLoadReport | None:
    """Load a synthetic register plus the demo's own entities, unless they are loaded
    already (None then)."""
    with DEMO_REGISTER.open(encoding="utf-8", newline="") as handle:
        demo_uens = [row["uen"] for row in csv.DictReader(handle)]
    with warehouse.system_transaction() as conn:
        present = count_register_entities(conn, demo_uens)
    if present == len(demo_uens):
        return None
    synthetic = home / "register" / "synthetic.csv"
    if not synthetic.exists():
        synthetic.parent.mkdir(parents=True, exist_ok=True)
        write_register_csv(synthetic, DEMO_REGISTER_ROWS, seed=2020)
    return load_register_files(warehouse, [synthetic, DEMO_REGISTER])


@dataclass(frozen=True)
class DemoIntake:
    intake_id: int
    reused: bool
    warnings: tuple[str, ...] = ()


def ensure_demo_intake(warehouse: Warehouse, tenant: int) -> DemoIntake:
    """The demo's sample intake for ``tenant``: the latest one when it is the same
    payload, else a new one."""
    data = json.loads(DEMO_INTAKE.read_text(encoding="utf-8"))
    sha256 = hashlib.sha256(canonical_json(parse_intake(data)).encode()).hexdigest()
    with warehouse.tenant_transaction(tenant) as conn:
        latest = latest_intake(conn, tenant)
    if latest is not None and latest.payload_sha256 == sha256:
        return DemoIntake(latest.intake_id, reused=True)
    receipt: IntakeReceipt = save_intake(warehouse, tenant, DEMO_USER, data)
    return DemoIntake(receipt.response_id, reused=False, warnings=tuple(receipt.warnings))


@contextmanager
def fixture_site_crawler(**knobs: Any) -> Iterator[tuple[CrawlerResource, FixtureWebServer]]:
    """While open, the bundled fixture websites are served on loopback, and the crawler
    resource yielded reaches them (its host map sends their domains there)."""
    with FixtureWebServer() as server:
        yield CrawlerResource(host_map=server.host_map(), **knobs), server


#: In ``ICP_HOME``: the home holds the demo's result, whose crawls need the fixture sites.
DEMO_HOME_MARKER = "demo-home.json"


def mark_demo_home(home: Path) -> None:
    """Record that ``home`` holds the demo's result, so a Dagster UI opened on it serves
    the fixture websites the demo tenant's crawls reach, as the demo did."""
    home.mkdir(parents=True, exist_ok=True)
    marker = {"tenant": DEMO_TENANT, "fixture_sites": True}
    (home / DEMO_HOME_MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")


@contextmanager
def demo_home_sites(home: Path) -> Iterator[FixtureWebServer | None]:
    """While open, the fixture websites on loopback when ``home`` holds the demo's
    result; None when it does not."""
    if not (home / DEMO_HOME_MARKER).is_file():
        yield None
        return
    with FixtureWebServer() as server:
        yield server


def merged_host_map(server: FixtureWebServer, configured_host_map: str) -> str:
    """The fixture sites' host map with an operator's ``ICP_CRAWL_HOST_MAP`` over it."""
    return format_host_map(
        {**parse_host_map(server.host_map()), **parse_host_map(configured_host_map)}
    )


MAPPING_REPORT = text(
    """
    SELECT seed_kind, seed_name, method, ambiguous, score, uen, matched_name,
           entity_status, primary_ssic_code
    FROM acra_matches WHERE tenant_id = :t ORDER BY seed_kind, seed_id
    """
)
CRAWL_REPORT = text(
    """
    SELECT d.domain, d.role, d.outcome, d.pages_fetched, d.not_modified,
           count(e.id) AS items
    FROM crawled_domains d
    LEFT JOIN icp_evidence e
      ON e.company_id = d.company_id AND e.source IN ('web', 'llm')
    WHERE d.tenant_id = :t
    GROUP BY d.domain, d.role, d.outcome, d.pages_fetched, d.not_modified
    ORDER BY d.role DESC, d.domain
    """
)
EVIDENCE_SAMPLES = text(
    """
    SELECT DISTINCT ON (signal_key) signal_key, value, url, snippet
    FROM icp_evidence WHERE tenant_id = :t AND source = 'web'
    ORDER BY signal_key, confidence DESC, id
    """
)
EVIDENCE_SUMMARY = text("SELECT * FROM evidence_summary WHERE tenant_id = :t")


def mapping_report(warehouse: Warehouse, tenant: int) -> list[Row]:
    """Each seed with its register match, as the demo prints it."""
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(MAPPING_REPORT, {"t": tenant}).all()


@dataclass(frozen=True)
class CrawlReport:
    domains: list[Row]
    samples: list[Row]
    summary: Row


def crawl_report(warehouse: Warehouse, tenant: int) -> CrawlReport:
    """Each crawled site's outcome and evidence count, the strongest web item of each
    signal, and the tenant's evidence summary."""
    with warehouse.tenant_transaction(tenant) as conn:
        return CrawlReport(
            domains=conn.execute(CRAWL_REPORT, {"t": tenant}).all(),
            samples=conn.execute(EVIDENCE_SAMPLES, {"t": tenant}).all(),
            summary=conn.execute(EVIDENCE_SUMMARY, {"t": tenant}).one(),
        )
