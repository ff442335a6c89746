"""The seed resolver: the seeds whose register match a person should settle, and the
register entity a person chooses for one.

Every query runs in a tenant transaction for the caller's tenant, under row-level
security: another tenant's seed is not found (404), never forbidden.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field, field_validator

from icp_api.context import AUTH_RESPONSES, Caller, Context, Writer
from icp_api.schemas import ErrorBody
from icp_assets.mapping.resolution import (
    InvalidUenError,
    ResolverStatus,
    SeedNotFoundError,
    SeedNotMappedError,
    UenNotInRegisterError,
    normalize_uen,
    resolve_seed,
    resolver_seeds,
)

router = APIRouter(prefix="/icp", tags=["resolver"], responses=AUTH_RESPONSES)

SAMPLE_CANDIDATES: list[dict[str, Any]] = [
    {
        "uen": "201912345K",
        "entity_name": "HARBOURLINE LOGISTICS PTE. LTD.",
        "status": "Live Company",
        "primary_ssic_code": "52101",
        "primary_ssic_description": "General warehousing",
        "score": 1.0,
    },
    {
        "uen": "202012345M",
        "entity_name": "HARBOURLINE LOGISTICS",
        "status": "Live",
        "primary_ssic_code": "52109",
        "primary_ssic_description": "Other warehousing and storage services",
        "score": 0.99,
    },
]


class ResolverCandidateBody(BaseModel):
    """A register entity the mapping considered for a seed, best first."""

    uen: str
    entity_name: str | None
    status: str | None = Field(description="The register's entity status, e.g. Live Company.")
    primary_ssic_code: str | None
    primary_ssic_description: str | None
    score: float = Field(description="How well the entity matches the seed, 0..1.")


class ResolverCurrentBody(BaseModel):
    """The entity the seed resolves to now: a person's choice, or the one proposed for
    an ambiguous seed."""

    uen: str
    entity_name: str | None = Field(description="None when the register no longer has it.")
    score: float
    reason: str | None = Field(
        default=None, description="Why, for a seed matched by what its website states."
    )
    url: str | None = None


class ResolverSeedBody(BaseModel):
    seed_id: int
    name: str
    kind: Literal["best", "lost"]
    domain: str | None
    status: ResolverStatus = Field(
        description="ambiguous: candidates too close to call; unmatched: no entity "
        "accepted; matched_by_site: the seed's own website states its legal name or UEN; "
        "confirmed: a person chose the UEN."
    )
    current: ResolverCurrentBody | None = Field(
        description="For a confirmed seed its UEN, for one matched by its site that "
        "entity with the reason, for an ambiguous one the proposed (top) candidate, for an "
        "unmatched one none."
    )
    candidates: list[ResolverCandidateBody]


class ResolverBody(BaseModel):
    """The tenant's seeds to settle: ambiguous first, then unmatched, then confirmed."""

    tenant_id: int
    seeds: list[ResolverSeedBody]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "tenant_id": 1,
                    "seeds": [
                        {
                            "seed_id": 12,
                            "name": "Harbourline Logistics",
                            "kind": "best",
                            "domain": "harbourline.sg",
                            "status": "ambiguous",
                            "current": {
                                "uen": "201912345K",
                                "entity_name": "HARBOURLINE LOGISTICS PTE. LTD.",
                                "score": 1.0,
                            },
                            "candidates": SAMPLE_CANDIDATES,
                        }
                    ],
                }
            ]
        }
    )


class ResolveRequest(BaseModel):
    """The register entity chosen for the seed: the proposed one, another candidate,
    or any UEN the register holds."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"uen": "201912345K"}]}
    )

    uen: str = Field(
        max_length=40,
        description="9 or 10 letters and digits; case and surrounding spaces are ignored.",
        json_schema_extra={"pattern": r"^\s*[A-Za-z0-9]{9,10}\s*$"},
    )

    @field_validator("uen")
    @classmethod
    def _uen(cls, value: str) -> str:
        return normalize_uen(value)


class ResolveResponse(BaseModel):
    ok: Literal[True]
    seed_id: int
    uen: str
    entity_name: str
    rerun_job_id: str = Field(description="The run key of the tenant's re-run: resolve-<id>.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ok": True,
                    "seed_id": 12,
                    "uen": "201912345K",
                    "entity_name": "HARBOURLINE LOGISTICS PTE. LTD.",
                    "rerun_job_id": "resolve-3",
                }
            ]
        }
    )


SeedId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The seed's id.")]


@router.get("/resolver", response_model=ResolverBody)
def resolver(context: Context, caller: Caller) -> dict[str, Any]:
    """The tenant's seeds whose register match is ambiguous, missing, or confirmed by a
    person, each with the register candidates the mapping considered."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        seeds = resolver_seeds(conn, caller.tenant_id)
    return {"tenant_id": caller.tenant_id, "seeds": seeds}


@router.post(
    "/resolver/{seed_id}",
    response_model=ResolveResponse,
    responses={
        404: {"model": ErrorBody, "description": "No such seed for this tenant."},
        409: {
            "model": ErrorBody,
            "description": "The seed has no company yet: the tenant's mapping has not run.",
        },
        422: {
            "model": ErrorBody,
            "description": "Not a UEN, or a UEN the register does not hold.",
        },
    },
)
def resolve(seed_id: SeedId, body: ResolveRequest, context: Context, caller: Writer) -> Any:
    """Settle a seed's register entity: the UEN is set on the seed's company, recorded
    with an audit entry, and the tenant's pipeline re-runs (run key
    ``rerun_job_id``), after which the seed's match is that entity."""
    try:
        with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
            resolution = resolve_seed(conn, caller.tenant_id, seed_id, body.uen, caller.subject)
    except SeedNotFoundError as error:
        raise HTTPException(404, str(error)) from None
    except SeedNotMappedError as error:
        raise HTTPException(409, str(error)) from None
    except (InvalidUenError, UenNotInRegisterError) as error:
        raise HTTPException(422, str(error)) from None
    return resolution.as_json()
