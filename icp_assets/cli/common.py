"""What every command group shares: options, errors, output, and the process's
warehouse and Dagster instance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import dagster as dg
import typer

from icp_assets.bounded_json import JsonBoundsError, loads_bounded
from icp_assets.settings import get_settings
from resources.warehouse import MAX_TENANT_ID, Warehouse, warehouse_from_settings

TenantOption = Annotated[
    int, typer.Option("--tenant", "-t", help="Tenant id.", min=1, max=MAX_TENANT_ID)
]


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
    """The JSON file at ``path``, read within ``loads_bounded``'s bounds; exit 2 naming
    the problem otherwise."""
    try:
        return loads_bounded(path.read_bytes())
    except JsonBoundsError as error:
        raise fail(f"{path}: {error}", 2) from None
    except json.JSONDecodeError as error:
        raise fail(f"{path}: not valid JSON: {error}", 2) from None
    except UnicodeDecodeError as error:
        raise fail(f"{path}: not UTF-8: {error.reason} at byte {error.start}", 2) from None
    except OSError as error:
        raise fail(f"{path}: {error.strerror}", 2) from None
