"""`icp db`: the warehouse database."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from icp_assets.cli.common import JsonOption, emit, fail, warehouse
from icp_assets.settings import get_settings

db_app = typer.Typer(help="The warehouse database.", no_args_is_help=True)


def upgrade_database() -> dict[str, Any]:
    """Apply pending migrations and load the SSIC reference data."""
    from icp_assets.reference.loading import load_ssic_reference
    from resources.migrations import upgrade

    settings = get_settings()
    urls = warehouse().urls
    applied = upgrade(urls.libpq("owner"), app_password=settings.app_database_password)
    reference = load_ssic_reference(warehouse())
    return {"applied": applied, "reference": reference}


@db_app.command("upgrade")
def db_upgrade(as_json: JsonOption = False) -> None:
    """Apply pending migrations (idempotent) and load the SSIC 2020 reference data."""
    result = upgrade_database()
    applied = result["applied"]
    emit(
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
        raise fail(f"--role must be owner, app or dagster, not {role!r}", 2)
    from sqlalchemy.engine import make_url

    url = make_url(warehouse().urls.libpq(role))
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
