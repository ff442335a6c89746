"""What every request handler reaches through FastAPI's dependencies: the server's
settings and warehouse, the caller, and the role and feature checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any

import dagster as dg
from fastapi import Depends, Header, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from icp_api.auth import AuthError, Principal, decode_token, principal_from_claims
from icp_api.limits import TenantRateLimit
from icp_assets.settings import Settings
from resources.warehouse import Warehouse

#: Answers every route may give besides its own, for the OpenAPI schema.
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No token, or a token that does not verify."},
    403: {"description": "The token's roles or tenants do not allow this."},
    413: {"description": "The request body is over the size limit."},
    422: {"description": "A malformed request, with the fields at fault."},
}


@dataclass
class ApiContext:
    settings: Settings
    warehouse: Warehouse
    verification_key: str
    intake_rate: TenantRateLimit
    #: Built on first use; tests pass their own.
    instance_override: dg.DagsterInstance | None = field(default=None)

    @cached_property
    def instance(self) -> dg.DagsterInstance:
        if self.instance_override is not None:
            return self.instance_override
        from icp_assets.instance import dagster_instance

        return dagster_instance(self.settings, self.warehouse.urls)


def api_context(request: Request) -> ApiContext:
    return request.app.state.icp


_bearer = HTTPBearer(
    auto_error=False,
    description="A JWT with 'sub', 'tenant_id', 'roles' and 'exp' (see `icp token`).",
)


def current_principal(
    context: Annotated[ApiContext, Depends(api_context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    x_tenant_id: Annotated[
        str | None,
        Header(description="Act for another tenant; only one the token's 'tenants' claim grants."),
    ] = None,
) -> Principal:
    if credentials is None or not credentials.credentials:
        raise AuthError(401, "an 'Authorization: Bearer <token>' header is required")
    claims = decode_token(credentials.credentials, context.settings, key=context.verification_key)
    return principal_from_claims(claims, x_tenant_id)


def writer(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    """The caller, when one of its roles may write (ops or admin)."""
    if not principal.can_write:
        raise AuthError(
            403,
            f"role {', '.join(sorted(principal.roles))} may read but not write; ops or admin may",
        )
    return principal


def intake_enabled(context: Annotated[ApiContext, Depends(api_context)]) -> None:
    if not context.settings.enable_intake:
        raise HTTPException(404, "intake is turned off on this server (ENABLE_ICP_INTAKE=false)")


Context = Annotated[ApiContext, Depends(api_context)]
Caller = Annotated[Principal, Depends(current_principal)]
Writer = Annotated[Principal, Depends(writer)]
