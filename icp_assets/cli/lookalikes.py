"""`icp lookalikes`: a card's ranked list of companies to sell to."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from icp_assets.cli.common import TenantOption, fail, warehouse


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def lookalikes(
    tenant: TenantOption,
    suggestion: Annotated[
        str | None,
        typer.Option("--suggestion", "-s", help="The card's id (default: the top card)."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=5000, help="How many companies.")
    ] = 25,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """The live register companies most like a card's best customers, best first, each
    with its score, its closest seed and why."""
    from icp_assets.lookalikes.export import to_csv, to_table
    from icp_assets.lookalikes.storage import LookalikesUnavailableError, card_lookalikes

    try:
        with warehouse().tenant_transaction(tenant) as conn:
            found = card_lookalikes(conn, tenant, suggestion, limit)
    except LookalikesUnavailableError as error:
        raise fail(str(error), 2) from None
    card, records = found.card, found.records
    if output is OutputFormat.csv:
        typer.echo(to_csv(records), nl=False)
    elif output is OutputFormat.json:
        payload = {
            "suggestion_id": card["id"],
            "title": card["title"],
            "candidates": found.candidates,
            "lookalikes": records,
        }
        typer.echo(json.dumps(payload, indent=2, default=str))
    else:
        if not records:
            typer.echo(f"{card['title']} ({card['id']}): {found.empty_note}")
            return
        typer.echo(
            f"{card['title']} ({card['id']}): the {len(records)} best of "
            f"{found.candidates:,} live companies in its segment"
        )
        for line in to_table(records):
            typer.echo(line)
