"""What a tenant excludes from its cards and sizing without adopting a card: SSIC codes
or prefixes and named companies. Viewers may read them; ops and admins change them, and
every change is audited as the token's subject.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field

from icp_api.context import AUTH_RESPONSES, Caller, Context, Writer
from icp_api.schemas import ErrorBody
from icp_assets.suggestions.exclusions import (
    MAX_EXCLUSIONS_PER_CALL,
    MAX_TEXT_CHARS,
    ExclusionError,
    add_exclusions,
    list_exclusions,
    parse_exclusions,
    remove_exclusion,
)

router = APIRouter(prefix="/icp", tags=["exclusions"], responses=AUTH_RESPONSES)


class ExclusionBody(BaseModel):
    id: int
    kind: str = Field(description="ssic or company")
    value: str = Field(description="The SSIC code or prefix; a company's UEN or normalized name.")
    label: str | None = None
    reason: str | None = None
    created_by: str
    created_at: str


class ExclusionsBody(BaseModel):
    tenant_id: int
    exclusions: list[ExclusionBody]


class ExclusionsRequest(BaseModel):
    """SSIC codes or prefixes and companies (by name or UEN) to exclude."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"ssic": ["56", "47"], "companies": ["Kopi Corner F&B"], "reason": "anti-ICP"}
            ]
        },
    )

    ssic: list[Annotated[str, Field(max_length=5)]] = Field(
        default=[], max_length=MAX_EXCLUSIONS_PER_CALL
    )
    companies: list[Annotated[str, Field(max_length=MAX_TEXT_CHARS)]] = Field(
        default=[], max_length=MAX_EXCLUSIONS_PER_CALL
    )
    reason: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)


class ExclusionsChangedBody(ExclusionsBody):
    added: list[dict[str, str]]


@router.get("/exclusions", response_model=ExclusionsBody)
def exclusions(context: Context, caller: Caller) -> dict[str, Any]:
    """The tenant's exclusions: the next run leaves these codes and companies out of its
    cards and sizing."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        current = list_exclusions(conn, caller.tenant_id)
    return {"tenant_id": caller.tenant_id, "exclusions": current}


@router.post(
    "/exclusions",
    response_model=ExclusionsChangedBody,
    responses={422: {"model": ErrorBody, "description": "A value that is not an SSIC code."}},
)
def add(body: ExclusionsRequest, context: Context, caller: Writer) -> dict[str, Any]:
    """Exclude SSIC codes or prefixes and named companies (audited); those already
    excluded are kept as they are. Run ``icp_patterns`` and ``suggestions`` again to see
    the cards without them."""
    try:
        wanted = parse_exclusions(body.ssic, body.companies)
    except ExclusionError as error:
        raise HTTPException(422, str(error)) from None
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        added = add_exclusions(conn, caller.tenant_id, wanted, caller.subject, body.reason)
        current = list_exclusions(conn, caller.tenant_id)
    return {
        "tenant_id": caller.tenant_id,
        "added": [e.as_json() for e in added],
        "exclusions": current,
    }


@router.delete(
    "/exclusions/{exclusion_id}",
    response_model=ExclusionsBody,
    responses={404: {"model": ErrorBody, "description": "No such exclusion for this tenant."}},
)
def remove(
    exclusion_id: Annotated[int, Path(ge=1, le=2**63 - 1)], context: Context, caller: Writer
) -> dict[str, Any]:
    """Remove one exclusion (audited)."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        if not remove_exclusion(conn, caller.tenant_id, exclusion_id, caller.subject):
            raise HTTPException(404, f"no exclusion {exclusion_id} for this tenant")
        current = list_exclusions(conn, caller.tenant_id)
    return {"tenant_id": caller.tenant_id, "exclusions": current}
