"""What every command group shares: options, errors, output, and the process's
warehouse and Dagster instance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import dagster as dg
import typer

from icp_assets.settings import get_settings
from resources.warehouse import Warehouse, warehouse_from_settings

TenantOption = Annotated[int, typer.Option("--tenant", "-t", help="Tenant id.", min=1)]


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` in red on stderr; the exit to raise, with ``code``."""
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def emit(data: Any, as_json: bool, text: str) -> None:
    """``data`` as JSON with ``--json``, else ``text``."""
    typer.echo(json.dumps(data, indent=2, default=str) if as_json else text)


def warehouse() -> Warehouse:
    """The settings' warehouse. Cached: the URLs are resolved (and the embedded server
    started) once a process."""
    return warehouse_from_settings()


def instance() -> dg.DagsterInstance:
    """This project's Dagster instance, on the warehouse's server."""
    from icp_assets.instance import dagster_instance

    return dagster_instance(get_settings(), warehouse().urls)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise fail(f"{path}: not valid JSON: {error}", 2) from None
    except OSError as error:
        raise fail(f"{path}: {error.strerror}", 2) from None
