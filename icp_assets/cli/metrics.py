"""`icp metrics`: the plan's metrics."""

from __future__ import annotations

from typing import Annotated

import typer

from icp_assets.cli.common import JsonOption, emit, instance, warehouse
from icp_assets.mapping.matching import SLA_MAX_SECONDS, SLA_MIN_RATE
from icp_assets.monitoring.metrics import OPTIONAL_SECTIONS
from resources.warehouse import MAX_TENANT_ID

HELP = (
    "The plan's metrics per tenant: intake completion rate (the mean share of the "
    f"{len(OPTIONAL_SECTIONS)} optional sections answered: {', '.join(OPTIONAL_SECTIONS)}), "
    "best seeds mapped to the register, web and LLM evidence per company and by signal, "
    "patterns by key, suggestion cards in the latest generation, reduced evidence, the "
    f"seed-mapping SLA (under {SLA_MIN_RATE:.0%} mapped or over {SLA_MAX_SECONDS:.0f} s), "
    "asset durations, recent runs with their failed step, failures in 24 h, and the "
    "enrichment queue: per kind of job (enrich_now, enrich_nightly), how many are queued, "
    "due, running, done and failed, and the oldest queued job's age."
)


def metrics(
    tenant: Annotated[
        int | None,
        typer.Option(
            "--tenant", "-t", help="Tenant id; all tenants if omitted.", min=1, max=MAX_TENANT_ID
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from icp_assets.monitoring.metrics import collect_metrics, metrics_text

    report = collect_metrics(warehouse(), instance(), tenant)
    emit(report, as_json, metrics_text(report))
