"""A card's ranked lookalikes, as JSON or as the CSV a CRM imports. Viewers may read.

The list is read in a tenant transaction for the caller's tenant, under row-level
security: another tenant's card is not found (404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query
from fastapi.responses import Response

from icp_api.context import AUTH_RESPONSES, Caller, Context
from icp_api.schemas import ErrorBody, LookalikesBody
from icp_assets.lookalikes.export import to_csv
from icp_assets.lookalikes.storage import LookalikesUnavailableError, card_lookalikes

router = APIRouter(prefix="/icp", tags=["lookalikes"], responses=AUTH_RESPONSES)

CSV_TYPE = "text/csv"


@router.get(
    "/lookalikes",
    response_model=LookalikesBody,
    responses={
        200: {"content": {CSV_TYPE: {}}, "description": "JSON, or CSV with Accept: text/csv."},
        404: {"model": ErrorBody, "description": "No such card, or no list stored for it."},
    },
)
def lookalikes(
    context: Context,
    caller: Caller,
    suggestion_id: Annotated[
        str | None, Query(description="The card's id; the top card when left out.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="How many companies.")] = 100,
    accept: Annotated[str | None, Header()] = None,
) -> Any:
    """The live register companies most like a card's best customers, best first, each
    with its 0-100 fit score, its points by signal, its closest seed and the reasons."""
    try:
        with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
            found = card_lookalikes(conn, caller.tenant_id, suggestion_id, limit)
    except LookalikesUnavailableError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    if accept and CSV_TYPE in accept:
        return Response(
            to_csv(found.records),
            media_type=f"{CSV_TYPE}; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="lookalikes-{found.card["id"]}.csv"'
            },
        )
    return {
        "tenant_id": caller.tenant_id,
        "suggestion_id": found.card["id"],
        "title": found.card["title"],
        "generation_id": found.generation_id,
        "candidates": found.candidates,
        "note": found.empty_note if not found.records else None,
        "lookalikes": found.records,
    }
