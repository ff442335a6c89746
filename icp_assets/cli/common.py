"""What every command group shares: options, errors, output, and the process's
warehouse and Dagster instance."""

from __future__ import annotations

import codecs
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


def _named_user(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise fail("--user is empty: give who does this, such as ops@example.sg", 2)
    return value.strip() if value is not None else None


def user_option(help: str) -> Any:
    """The ``--user``/``-u`` option: who does what the command does, stripped; an empty
    or blank one exits 2 with one line."""
    return typer.Option("--user", "-u", help=help, callback=_named_user)


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


#: Byte order marks and the encoding each starts; UTF-32's before UTF-16's, which
#: begins it.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
)


def decoded_text(path: Path, data: bytes) -> str:
    """A text file's bytes as text: in the encoding its byte order mark names (UTF-8,
    UTF-16 or UTF-32), else UTF-8. Exit 2 naming the encoding when they are not in it."""
    for mark, codec, name in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(codec)
            except UnicodeDecodeError as error:
                raise fail(
                    f"{path}: starts with a {name} byte order mark but is not {name}: "
                    f"{error.reason} at byte {len(mark) + error.start}",
                    2,
                ) from None
    if b"\x00" in data:
        raise fail(
            f"{path}: not UTF-8: it has zero bytes, as UTF-16 or UTF-32 without a byte order "
            "mark has; save it as UTF-8",
            2,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(
            f"{path}: not UTF-8 ({error.reason} at byte {error.start}), perhaps Latin-1 or "
            "Windows-1252; save it as UTF-8",
            2,
        ) from None


def read_json(path: Path) -> Any:
    """The JSON file at ``path`` (see ``decoded_text``), read within ``loads_bounded``'s
    bounds; exit 2 naming the problem otherwise."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise fail(f"{path}: {error.strerror}", 2) from None
    try:
        return loads_bounded(decoded_text(path, data))
    except JsonBoundsError as error:
        raise fail(f"{path}: {error}", 2) from None
    except json.JSONDecodeError as error:
        raise fail(f"{path}: not valid JSON: {error}", 2) from None
