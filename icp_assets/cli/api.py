"""`icp serve`, `icp token`: the HTTP API."""

from __future__ import annotations

from typing import Annotated

import typer

from icp_assets.cli.common import TenantOption, fail, user_option
from icp_assets.cli.db import upgrade_database
from icp_assets.settings import get_settings


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """The intake and suggestions API (OpenAPI docs at /docs). Tokens are verified with
    ICP_JWT_SECRET (HS256) or ICP_JWT_PUBLIC_KEY (RS256/ES256)."""
    import uvicorn

    from icp_api.app import create_app
    from icp_api.auth import AuthConfigError

    upgrade_database()
    try:
        api = create_app()
    except (AuthConfigError, ValueError) as error:
        raise fail(str(error), 2) from None
    typer.echo(f"ICP Finder API on http://{host}:{port} (docs: /docs)")
    uvicorn.run(api, host=host, port=port, proxy_headers=False, server_header=False)


def token(
    tenant: TenantOption,
    role: Annotated[
        list[str], typer.Option("--role", "-r", help="viewer, ops or admin; repeatable.")
    ],
    user: Annotated[str, user_option("The token's subject.")] = "local",
    grant: Annotated[
        list[int] | None,
        typer.Option("--grant", help="Another tenant the token may select; repeatable."),
    ] = None,
    ttl: Annotated[
        int | None,
        typer.Option(help="Lifetime in seconds; 8 hours, or ICP_JWT_MAX_TTL_S if shorter.", min=1),
    ] = None,
) -> None:
    """Print a signed API token for local use (with ICP_JWT_SECRET, or
    ICP_JWT_PRIVATE_KEY for RS256/ES256)."""
    from icp_api.auth import AuthConfigError, issue_token

    try:
        typer.echo(
            issue_token(
                get_settings(),
                subject=user,
                tenant_id=tenant,
                roles=role,
                tenants=grant or (),
                ttl_s=ttl,
            )
        )
    except (AuthConfigError, ValueError) as error:
        raise fail(str(error), 2) from None
