"""Reading routes (suggestions, their evidence, patterns, the flow state) and adoption.

Every query runs in a tenant transaction for the caller's tenant, under row-level
security: another tenant's suggestion is not found (404), never forbidden.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from icp_api.context import AUTH_RESPONSES, Caller, Context, Writer
from icp_api.schemas import (
    AcceptRequest,
    AcceptResponse,
    ErrorBody,
    EvidenceBody,
    HistoryBody,
    PatternsBody,
    StatusBody,
    SuggestionsBody,
)
from icp_assets.monitoring.flow_state import FLOW_STATES
from icp_assets.monitoring.status import tenant_flow_state
from icp_assets.pattern_mining.mining import pattern_summary
from icp_assets.pattern_mining.storage import tenant_patterns
from icp_assets.suggestions.adoption import SuggestionNotFoundError, accept_suggestion
from icp_assets.suggestions.generations import (
    cited_evidence,
    generation_by_id,
    generation_comparison,
    generation_history,
    latest_generation,
    previous_generation,
)

router = APIRouter(prefix="/icp", tags=["suggestions"], responses=AUTH_RESPONSES)

NOT_FOUND = {404: {"model": ErrorBody, "description": "No such suggestion for this tenant."}}


@router.get("/suggestions", response_model=SuggestionsBody)
def suggestions(context: Context, caller: Caller) -> dict[str, Any]:
    """The tenant's latest generation of micro-ICP cards, each with its evidence ids,
    and the negative ICP. Before the first generation: no cards, ``generation_id``
    null."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        generation = latest_generation(conn, caller.tenant_id)
    if generation is None:
        return {
            "tenant_id": caller.tenant_id,
            "generation_id": None,
            "created_at": None,
            "reduced_evidence": False,
            "suggestions": [],
            "negative_icp": [],
        }
    return {
        "tenant_id": caller.tenant_id,
        "generation_id": generation.generation_id,
        "created_at": generation.created_at.isoformat(),
        "reduced_evidence": generation.reduced_evidence,
        "suggestions": list(generation.cards),
        "negative_icp": [
            {"theme": t.get("theme", ""), "source": t.get("source", ""), **t}
            for t in generation.negative_icp
        ],
    }


@router.get("/suggestions/history", response_model=HistoryBody)
def suggestion_history(context: Context, caller: Caller) -> dict[str, Any]:
    """The tenant's last ten generations, newest first, and what changed between the
    last two (cards added, removed, changed field by field, unchanged)."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        latest = latest_generation(conn, caller.tenant_id)
        previous = previous_generation(conn, caller.tenant_id) if latest else None
        generations = generation_history(conn, caller.tenant_id)
    return {
        "tenant_id": caller.tenant_id,
        "generations": generations,
        "compare": generation_comparison(previous, latest) if latest else None,
    }


@router.get(
    "/suggestions/{suggestion_id}/evidence", response_model=EvidenceBody, responses=NOT_FOUND
)
def suggestion_evidence(
    suggestion_id: str,
    context: Context,
    caller: Caller,
    generation_id: Annotated[
        int | None,
        Query(ge=1, le=2**63 - 1, description="A stored generation; the latest if omitted."),
    ] = None,
) -> dict[str, Any]:
    """The evidence a card cites, as its generation saw it, strongest first and grouped
    by the claim each item backs: what was found, where (URL) and the snippet around it.
    Snippets are withheld from viewers."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        generation = (
            latest_generation(conn, caller.tenant_id)
            if generation_id is None
            else generation_by_id(conn, caller.tenant_id, generation_id)
        )
        card = generation.card(suggestion_id) if generation else None
        if generation is None or card is None:
            raise HTTPException(404, f"no suggestion {suggestion_id!r} for this tenant")
        rows = cited_evidence(
            conn, caller.tenant_id, generation.generation_id, card.get("evidence_ids") or ()
        )
    redact = caller.is_viewer_only
    return {
        "tenant_id": caller.tenant_id,
        "suggestion_id": suggestion_id,
        "generation_id": generation.generation_id,
        "evidence": [
            {
                **row._asdict(),
                "snippet": None if redact else row.snippet,
                "snippet_redacted": redact and row.snippet is not None,
            }
            for row in rows
        ],
        "groups": [
            {
                "kind": claim.get("kind"),
                "label": claim.get("label"),
                "source": claim.get("source"),
                "evidence_ids": claim.get("evidence_ids") or [],
            }
            for claim in card.get("claims") or ()
        ],
    }


@router.get("/patterns", response_model=PatternsBody)
def patterns(context: Context, caller: Caller) -> dict[str, Any]:
    """The tenant's mined patterns: the plan's summary in ``patterns`` (top SSICs,
    common integrations, frequent buyer titles) and every pattern in ``all_patterns``
    (SSIC codes and clusters, integrations, headcount bands, buyer titles, locations,
    themes). Viewers see the public parts: the values and their support, not the
    evidence behind them."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        patterns = tenant_patterns(conn, caller.tenant_id)
    public_only = caller.is_viewer_only
    return {
        "tenant_id": caller.tenant_id,
        "patterns": pattern_summary(patterns),
        "all_patterns": [
            {**dataclasses.asdict(p), "details": None if public_only else p.details}
            for p in patterns
        ],
    }


@router.get("/status", response_model=StatusBody)
def status(context: Context, caller: Caller) -> dict[str, Any]:
    """Where the tenant's latest intake is: ``intake_saved → mapping → crawl →
    pattern_mining → suggestions_ready``, or ``failed`` with the step and error."""
    state = tenant_flow_state(context.warehouse, context.instance, caller.tenant_id)
    return {**state.as_json(), "stages": list(FLOW_STATES)}


ACCEPT_FORMS = ("suggestion_id", "suggestion", "suggestion_payload")


@router.post(
    "/accept",
    response_model=AcceptResponse,
    responses={
        **NOT_FOUND,
        422: {
            "model": ErrorBody,
            "description": "None or more than one of the three forms, or a rule that "
            "cannot be built (no SSIC code, an exclusion that leaves no SSIC filter).",
        },
    },
)
def accept(body: AcceptRequest, context: Context, caller: Writer) -> dict[str, Any]:
    """Adopt a card: by ``suggestion_id``, or given by its fields as ``suggestion`` (the
    plan's ``{"ssic_cluster", "integrations", "champions"}``) or ``suggestion_payload``
    (a whole card, or a normalized rule). Its normalized rule is written to
    ``icp_rules`` with an audit entry, and enrichment of the matching register companies
    is queued (up to ``RUN_NOW_LIMIT`` now, the rest for the nightly run). Adopting twice
    adds nothing."""
    given = [name for name in ACCEPT_FORMS if getattr(body, name) is not None]
    if len(given) != 1:
        raise HTTPException(422, "give one of suggestion_id, suggestion or suggestion_payload")
    fields = body.suggestion or body.suggestion_payload
    card = fields.model_dump(mode="json", exclude_unset=True) if fields else None
    try:
        result = accept_suggestion(
            context.warehouse,
            caller.tenant_id,
            body.suggestion_id,
            caller.subject,
            exclude_ssic=body.exclude_ssic,
            min_headcount=body.min_headcount,
            run_now_limit=context.settings.run_now_limit,
            card=card,
        )
    except SuggestionNotFoundError as error:
        raise HTTPException(404, f"no suggestion {error.suggestion_id!r} for this tenant") from None
    except ValueError as error:
        raise HTTPException(422, str(error)) from None
    return result.as_json()
