"""`icp enrich`: queue one register company for enrichment now, optionally at a website."""

from __future__ import annotations

from typing import Annotated

import typer

from icp_assets.cli.common import JsonOption, TenantOption, emit, fail, user_option, warehouse


def enrich(
    tenant: TenantOption,
    uen: Annotated[str, typer.Option("--uen", help="The company's UEN in the register.")],
    domain: Annotated[
        str | None,
        typer.Option(
            "--domain",
            help="The company's website (example.sg); kept from an earlier request if omitted.",
        ),
    ] = None,
    user: Annotated[str, user_option("Who asks for it.")] = "cli",
    as_json: JsonOption = False,
) -> None:
    """Queue (or queue again) one enrich_now job: the register row and, when a website is
    known or given, a polite crawl of it and its evidence. The enrichment sensor of
    `icp dev` runs it within a minute; the nightly refresh runs what is left."""
    from icp_assets.mapping.resolution import InvalidUenError, UenNotInRegisterError
    from icp_assets.normalize import InvalidDomainError
    from icp_assets.suggestions.enrichment import request_enrichment

    try:
        request = request_enrichment(warehouse(), tenant, uen, user, domain)
    except (InvalidUenError, UenNotInRegisterError, InvalidDomainError) as error:
        raise fail(str(error), 2) from None
    website = f" at {request.domain}" if request.domain else " (no website given)"
    verb = {
        "queued": "queued",
        "requeued": "queued again",
        "promoted": "moved from the nightly queue to now",
    }[request.action]
    emit(
        request.as_json(),
        as_json,
        f"{verb}: job {request.job_id}, enrich_now {request.uen} "
        f"({request.entity_name}){website} for tenant {tenant}",
    )
