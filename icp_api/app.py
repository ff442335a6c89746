"""The ICP Finder API: FastAPI app factory, error answers and health probes.

``create_app()`` reads the settings from the environment; tests pass their own
settings, warehouse and Dagster instance.
"""

from __future__ import annotations

import logging
from typing import Any

import dagster as dg
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema
from sqlalchemy import text

from icp_api import (
    exclusion_routes,
    intake_routes,
    lookalike_routes,
    resolver_routes,
    suggestion_routes,
    web,
)
from icp_api.auth import AuthError, verification_key
from icp_api.context import ApiContext, Context
from icp_api.intake_routes import INTAKE_SCHEMAS, IntakeRefused
from icp_api.limits import BodySizeLimit, JsonBodyBounds, TenantRateLimit
from icp_api.schemas import HealthBody
from icp_assets.error_copy import error_sentence
from icp_assets.settings import Settings, get_settings
from resources.migrations import is_current
from resources.warehouse import Warehouse, warehouse_from_settings

log = logging.getLogger("icp.api")

API_DESCRIPTION = """\
Submit intakes, read micro-ICP suggestions with the evidence behind them, and adopt
them. Every route but the probes takes `Authorization: Bearer <JWT>`; the token's
`tenant_id` claim is the tenant, its `roles` claim says what the caller may do
(`viewer` reads, `ops` and `admin` also submit and adopt).
"""

health = APIRouter(tags=["health"])


@health.get("/healthz", response_model=HealthBody)
def healthz() -> dict[str, Any]:
    """The process is up."""
    return {"status": "ok", "checks": {}}


@health.get(
    "/readyz",
    response_model=HealthBody,
    responses={503: {"model": HealthBody, "description": "Not ready: see the checks."}},
)
def readyz(context: Context) -> Any:
    """Ready to serve: the database answers and every migration is applied."""
    checks: dict[str, str] = {}
    try:
        with context.warehouse.app_engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current = is_current(context.warehouse.urls.libpq("owner"))
        checks["migrations"] = "current" if current else "pending: run `icp db upgrade`"
    except Exception as error:  # any failure to reach the database means not ready
        log.warning("readiness check failed: %s", error)
        checks.setdefault("database", f"unreachable: {type(error).__name__}")
    ready = checks.get("database") == "ok" and checks.get("migrations") == "current"
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return body if ready else JSONResponse(body, status_code=503)


def _field_errors(error: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for item in error.errors():
        if item.get("type") == "json_invalid":
            # FastAPI locates a JSON syntax error as ("body", <character offset>).
            position = item.get("loc", ("body", "?"))[-1]
            reason = item.get("ctx", {}).get("error", "JSON decode error")
            errors.append(
                {"field": "body", "message": f"not valid JSON: {reason} (char {position})"}
            )
            continue
        location = [str(p) for p in item.get("loc", ()) if p != "body"]
        message = error_sentence(
            item.get("type", ""), item.get("loc", ()), item.get("ctx"), item.get("msg", "")
        )
        errors.append({"field": ".".join(location) or "body", "message": message})
    return errors


def _install_error_answers(app: FastAPI) -> None:
    @app.exception_handler(AuthError)
    async def _auth(request: Request, error: AuthError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return JSONResponse({"detail": error.message}, status_code=error.status, headers=headers)

    @app.exception_handler(IntakeRefused)
    async def _intake(request: Request, error: IntakeRefused) -> JSONResponse:
        return JSONResponse(
            {"detail": [{"field": e.field, "message": e.message} for e in error.errors]},
            status_code=422,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _field_errors(error)}, status_code=422)


def _install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        _, definitions = models_json_schema(
            [(model, "validation") for model in INTAKE_SCHEMAS],
            ref_template="#/components/schemas/{model}",
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in definitions.get("$defs", {}).items():
            components.setdefault(name, definition)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: Settings | None = None,
    *,
    warehouse: Warehouse | None = None,
    instance: dg.DagsterInstance | None = None,
) -> FastAPI:
    """The API app. Fails at once, naming the variable, when no token key is set.

    Raises:
        AuthConfigError: no secret or public key for the configured algorithm.
        ValueError: an unreadable ``ICP_API_INTAKE_RATE_LIMIT``.
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="ICP Finder API",
        version="0.1.0",
        description=API_DESCRIPTION,
        openapi_tags=[
            {"name": "intake", "description": "What a tenant tells us about its customers."},
            {"name": "suggestions", "description": "Segments, their evidence, adoption."},
            {"name": "health", "description": "Probes for the load balancer."},
        ],
    )
    app.state.icp = ApiContext(
        settings=settings,
        warehouse=warehouse or warehouse_from_settings(settings),
        verification_key=verification_key(settings),
        intake_rate=TenantRateLimit(
            settings.api_intake_rate_limit, settings.api_rate_limit_storage
        ),
        instance_override=instance,
    )
    # The last added runs first: the size cap, then the JSON bounds on a capped body.
    app.add_middleware(JsonBodyBounds)
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    _install_error_answers(app)
    app.include_router(health)
    app.include_router(intake_routes.router)
    app.include_router(suggestion_routes.router)
    app.include_router(lookalike_routes.router)
    app.include_router(resolver_routes.router)
    app.include_router(exclusion_routes.router)
    app.include_router(web.router)
    app.mount(web.STATIC_PATH, StaticFiles(directory=web.STATIC_DIR), name="ui-static")
    _install_openapi(app)
    return app
