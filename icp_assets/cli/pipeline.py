"""`icp run`, `icp status`, `icp dev`: a tenant's pipeline, and the Dagster UI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import nullcontext, redirect_stderr
from pathlib import Path
from typing import Annotated, TextIO

import dagster as dg
import typer

from icp_assets.cli.common import JsonOption, TenantOption, emit, fail, instance, warehouse
from icp_assets.cli.db import upgrade_database
from icp_assets.monitoring.flow_state import FlowState
from icp_assets.settings import PROJECT_ROOT, get_settings
from resources.crawler import CrawlerResource

HOST_MAP_ENV = "ICP_CRAWL_HOST_MAP"


def run_tenant(
    tenant: int,
    select: list[str] | None = None,
    crawler: CrawlerResource | None = None,
    run_log: TextIO | None = None,
) -> bool:
    """Run the tenant's pipeline in-process, recorded on the Dagster instance; with
    ``crawler``, the crawl uses that resource instead of the code location's; with
    ``run_log``, the run's console lines go there instead of stderr (the failed steps
    are still printed on stderr). The run is tagged with the tenant's latest intake, so
    the intake sensor does not run it again."""
    from icp_assets.automation.jobs import TENANT_ASSETS
    from icp_assets.automation.run_recovery import process_tags, release_orphaned_runs
    from icp_assets.automation.sensors import intake_run_tags
    from icp_assets.definitions import defs
    from icp_assets.intake.storage import latest_intake
    from icp_assets.partitions import tenants

    names = [a.key.to_user_string() for a in TENANT_ASSETS]
    unknown = sorted(set(select or []) - set(names))
    if unknown:
        raise fail(
            f"unknown asset {', '.join(unknown)}; the tenant's assets: {', '.join(names)}", 2
        )
    dagster_instance = instance()
    key = str(tenant)
    if not dagster_instance.has_dynamic_partition(tenants.name, key):
        dagster_instance.add_dynamic_partitions(tenants.name, [key])
    for run_id in release_orphaned_runs(dagster_instance, key):
        typer.echo(f"    run {run_id} of tenant {tenant} had died; marked failed, its slots freed")
    with warehouse().tenant_transaction(tenant) as conn:
        intake = latest_intake(conn, tenant)
    # Only a run of every asset takes the intake; a selection leaves it to the sensor.
    trigger_tags = (
        intake_run_tags(intake.intake_id, "cli")
        if intake is not None and not select
        else {"icp/trigger": "cli"}
    )
    # Dagster's console logger writes to whatever sys.stderr is when it logs.
    with redirect_stderr(run_log) if run_log is not None else nullcontext():
        result = defs.resolve_job_def("tenant_pipeline").execute_in_process(
            partition_key=key,
            instance=dagster_instance,
            asset_selection=[dg.AssetKey(name) for name in select] if select else None,
            raise_on_error=False,
            tags={**trigger_tags, **process_tags()},
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            resources={"crawler": crawler} if crawler is not None else None,
        )
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        typer.secho(
            f"step {event.step_key} failed: {error.message.strip() if error else ''}",
            err=True,
            fg=typer.colors.RED,
        )
    return result.success


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
    compare: Annotated[
        bool,
        typer.Option(
            "--compare", help="After the run, show what changed in the tenant's suggestions."
        ),
    ] = False,
) -> None:
    """Materialize a tenant's assets now (adding its partition if it is new)."""
    from icp_assets.cli.suggestions import compare_latest
    from icp_assets.demo.runner import fixture_site_crawler

    selection = [s.strip() for s in select.split(",") if s.strip()] if select else None
    with fixture_site_crawler() if with_fixture_sites else nullcontext() as served:
        if served is not None:
            typer.echo(f"    fixture websites on {served[1].origin}")
        succeeded = run_tenant(tenant, selection, served[0] if served else None)
    if not succeeded:
        raise typer.Exit(1)
    typer.echo(f"tenant {tenant}: materialized {', '.join(selection or ['all assets'])}")
    if compare:
        typer.echo("\n".join(compare_latest(tenant)[1]))


def tenant_status(tenant: int) -> FlowState:
    from icp_assets.monitoring.status import tenant_flow_state

    return tenant_flow_state(warehouse(), instance(), tenant)


def status(tenant: TenantOption, as_json: JsonOption = False) -> None:
    """A tenant's flow state: intake_saved → mapping → crawl → pattern_mining →
    suggestions_ready, or failed with the step."""
    state = tenant_status(tenant)
    text = f"tenant {tenant}: {state.state}"
    if state.failed_step:
        text += f" at {state.failed_step}: {state.error}"
    if state.evidence and state.evidence.note:
        text += f"\n{state.evidence.note}"
    emit(state.as_json(), as_json, text)


def _run_until_exit(args: list[str], env: dict[str, str]) -> int:
    """Run ``args`` to its end. Ctrl-C reaches the child from the terminal, which shuts
    down in its own time; a SIGTERM sent to this process is passed on to it."""
    child = subprocess.Popen(args, cwd=PROJECT_ROOT, env=env)
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


def dev(
    port: Annotated[int, typer.Option(help="Port of the Dagster UI.")] = 3000,
    host: Annotated[str, typer.Option(help="Address of the Dagster UI.")] = "127.0.0.1",
) -> None:
    """The Dagster UI and daemon on this project's instance and warehouse. On the home
    `icp demo` leaves, the fixture websites are served too, so the demo tenant's runs
    crawl them as the demo did."""
    from icp_assets.demo.runner import demo_home_sites, merged_host_map
    from icp_assets.instance import prepare_dagster_environment

    upgrade_database()
    settings = get_settings()
    prepare_dagster_environment(settings, warehouse().urls)
    dagster = Path(sys.executable).with_name("dagster")
    args = [str(dagster), "dev", "-w", str(PROJECT_ROOT / "workspace.yaml")]
    env = dict(os.environ)
    with demo_home_sites(settings.home) as sites:
        if sites is not None:
            env[HOST_MAP_ENV] = merged_host_map(sites, env.get(HOST_MAP_ENV, ""))
            typer.echo(
                f"the demo's fixture websites on {sites.origin}: the demo tenant's crawls "
                "reach them"
            )
        raise typer.Exit(_run_until_exit([*args, "-h", host, "-p", str(port)], env))
