"""`icp intake`: tenant intakes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from icp_assets.cli.common import (
    JsonOption,
    TenantOption,
    emit,
    fail,
    read_json,
    user_option,
    warehouse,
)

intake_app = typer.Typer(help="Tenant intakes.", no_args_is_help=True)


@intake_app.command("submit")
def intake_submit(
    file: Annotated[Path, typer.Argument(help="The intake as a JSON file.")],
    tenant: TenantOption,
    user: Annotated[str, user_option("Who submits it.")],
    as_json: JsonOption = False,
) -> None:
    """Validate and save an intake; the sensor (or `icp run`) takes it from there."""
    from icp_assets.intake.model import IntakeValidationError
    from icp_assets.intake.storage import save_intake

    data = read_json(file)
    try:
        receipt = save_intake(warehouse(), tenant, user, data)
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
        raise fail(str(error), 2) from None
    lines = [f"saved intake {receipt.response_id} for tenant {tenant} ({receipt.seeds} seeds)"]
    lines += [f"warning: {w}" for w in receipt.warnings]
    emit(receipt.as_json(), as_json, "\n".join(lines))
