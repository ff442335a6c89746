"""`icp demo`: the main job end to end on bundled sample data."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import typer

from icp_assets.cli.common import fail, warehouse
from icp_assets.cli.db import upgrade_database
from icp_assets.cli.lookalikes import OutputFormat, lookalikes
from icp_assets.cli.pipeline import run_tenant, tenant_status
from icp_assets.cli.suggestions import suggestions
from icp_assets.demo import DEMO_TENANT
from icp_assets.demo.runner import (
    crawl_report,
    ensure_demo_intake,
    ensure_demo_register,
    fixture_site_crawler,
    mapping_report,
    mark_demo_home,
)
from icp_assets.mapping.matching import SLA_MIN_RATE
from icp_assets.settings import get_settings


def _print_mapping() -> None:
    typer.echo("5/7 mapping: each seed and its register entity")
    rows = mapping_report(warehouse(), DEMO_TENANT)
    for r in rows:
        method = "ambiguous" if r.ambiguous else r.method
        found = f"{r.uen} {r.matched_name} [{r.entity_status}, SSIC {r.primary_ssic_code}]"
        typer.echo(
            f"    {r.seed_kind:<4}  {r.seed_name:<34} {method:<6} {r.score:.2f}  "
            + (found if r.uen else "not in the register")
        )
    best = [r for r in rows if r.seed_kind == "best"]
    matched = sum(1 for r in best if r.uen)
    typer.echo(
        f"    seed mapping SLA: {matched} of {len(best)} best customers in the register "
        f"({matched / len(best):.0%}, target {SLA_MIN_RATE:.0%})"
    )


def _print_evidence() -> None:
    typer.echo("6/7 crawl and evidence: each site's outcome and what it gave")
    report = crawl_report(warehouse(), DEMO_TENANT)
    for d in report.domains:
        pages = f"{d.pages_fetched} pages ({d.not_modified} unchanged)"
        typer.echo(f"    {d.role:<4}  {d.domain:<26} {d.outcome:<18} {pages:<22} {d.items} items")
    summary = report.summary
    typer.echo(f"    evidence by signal: {json.dumps(summary.items_by_signal)}")
    for item in report.samples:
        typer.echo(f"    {item.signal_key:<15} {item.value:<28} {item.url}")
        typer.echo(f'        "{item.snippet}"')
    flag = "reduced" if summary.reduced_evidence else "complete"
    if summary.stale_evidence:
        flag += f", stale (resting on pages fetched on {summary.evidence_as_of:%Y-%m-%d})"
    typer.echo(
        f"    evidence: {flag}; the crawl reached {summary.sites_reached} of "
        f"{summary.sites_crawled} sites ({summary.register_items} register items kept)"
    )


@contextmanager
def _details_in(path: Path) -> Iterator[TextIO]:
    """While open, the process's log records go to ``path`` instead of the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    terminal_handlers = root.handlers[:]
    with path.open("w", encoding="utf-8") as handle:
        to_file = logging.StreamHandler(handle)
        to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.handlers = [to_file]
        try:
            yield handle
        finally:
            root.handlers = terminal_handlers


def demo() -> None:
    """The main job end to end on bundled sample data, on the embedded default. The
    terminal gets the demo's report; the details (each request, each step's log) go to
    ``ICP_HOME/logs/demo.log``."""
    log_path = get_settings().home / "logs" / "demo.log"
    typer.echo(f"The demo's details (requests, each step's log) go to {log_path}")
    with _details_in(log_path) as details:
        _demo(details)


def _demo(details: TextIO) -> None:
    typer.echo("1/7 database: starting and migrating")
    upgrade_database()

    typer.echo("2/7 register: a synthetic ACRA register with the demo's customers in it")
    loaded = ensure_demo_register(warehouse(), get_settings().home)
    if loaded is None:
        typer.echo("    reusing the loaded register")
    else:
        typer.echo(f"    loaded {loaded.rows_read:,} register rows in {loaded.seconds:.1f} s")

    typer.echo(f"3/7 intake: the sample intake for tenant {DEMO_TENANT}")
    intake = ensure_demo_intake(warehouse(), DEMO_TENANT)
    typer.echo(f"    {'reusing' if intake.reused else 'saved'} intake {intake.intake_id}")
    for warning in intake.warnings:
        typer.echo(f"    warning: {warning}")

    typer.echo(f"4/7 pipeline: materializing tenant {DEMO_TENANT}, crawling the fixture websites")
    with fixture_site_crawler() as (crawler, server):
        typer.echo(f"    fixture websites on {server.origin}")
        succeeded = run_tenant(DEMO_TENANT, crawler=crawler, run_log=details)
    if not succeeded:
        raise fail(f"the demo run failed; see the step errors above, and {details.name}")
    mark_demo_home(get_settings().home)

    _print_mapping()
    _print_evidence()
    typer.echo("7/7 suggestions: micro-ICP cards, negative ICP and targeting packs")
    suggestions(tenant=DEMO_TENANT, as_json=False, compare=False)
    typer.echo("    the top card's best lookalikes, the companies to call:")
    lookalikes(tenant=DEMO_TENANT, suggestion=None, limit=5, output=OutputFormat.table)
    state = tenant_status(DEMO_TENANT)
    typer.echo(f"    flow state: {state.state}")
    typer.echo(f"Adopt a card with: scripts/icp accept --tenant {DEMO_TENANT} --suggestion <id>")
    typer.echo(
        f"Export a card's lookalikes with: scripts/icp lookalikes --tenant {DEMO_TENANT} "
        "--suggestion <id> --limit 1000 --format csv > lookalikes.csv"
    )
    typer.echo(
        "Open the Dagster UI on this result with: scripts/icp dev (it serves the fixture "
        "websites again, for the demo tenant's crawls)"
    )
    typer.echo(
        "Open the web UI with: export ICP_JWT_SECRET=$(openssl rand -hex 32); "
        "scripts/icp serve, then http://127.0.0.1:8000/ui/ with the token of "
        f"`scripts/icp token --tenant {DEMO_TENANT} --role ops`"
    )
