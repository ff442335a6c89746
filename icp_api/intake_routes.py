"""Intake routes: submit an intake, parse chat-typed customers, the wizard's fields."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, HTTPException, Request

from icp_api.context import AUTH_RESPONSES, Caller, Context, Writer, intake_enabled
from icp_api.schemas import (
    INTAKE_EXAMPLES,
    ChatIntake,
    ErrorBody,
    IntakeAccepted,
    LatestIntake,
    ParseRequest,
    ParseResponse,
    WizardField,
    WizardFields,
)
from icp_assets.bounded_json import JsonBoundsError, loads_bounded
from icp_assets.intake.chat_text import parse_intake_text
from icp_assets.intake.model import (
    AdvancedSection,
    FieldError,
    IntakePayload,
    IntakeValidationError,
    ReadIntake,
    read_intake,
)
from icp_assets.intake.storage import latest_intake, save_intake

router = APIRouter(
    prefix="/icp/intake",
    tags=["intake"],
    dependencies=[Depends(intake_enabled)],
    responses={**AUTH_RESPONSES, 404: {"description": "Intake is turned off on this server."}},
)

FAST_START_FIELDS = (
    ("website", "Your company's website", True),
    ("best_customers", "Best customers (name and website), 5 to 15", True),
    ("lost_customers", "Lost or churned customers, with a one-line reason", False),
)
OPTIONAL_FIELDS = (
    ("employee_band", "Your own size (employees)"),
    ("geos", "Countries you sell into"),
    ("languages", "Languages you sell in"),
    ("timezones", "Time zones you support"),
    ("integrations_required", "Must-have integrations"),
    ("deal", "Typical ACV, sales cycle and price floor"),
    ("champion_titles", "Titles of your champions"),
    ("triggers", "What triggers a purchase"),
)
ADVANCED_SECTIONS: tuple[str, ...] = get_args(AdvancedSection)


class IntakeRefused(Exception):
    """An intake refused whole, with the fields at fault (answered as 422)."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors


def _validated(data: Any, fast_start_only: bool) -> ReadIntake:
    intake = read_intake(data)
    if fast_start_only and intake.payload.advanced:
        field = intake.sent_path("advanced")
        raise IntakeValidationError(
            [FieldError(field, "the advanced sections A-H are turned off on this server")]
        )
    return intake


async def raw_body(request: Request) -> bytes:
    """The request's body as sent, read on the event loop, so that the route that needs
    it can be a plain function: FastAPI runs those in its thread pool, and their
    database work does not hold up other requests."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


@router.post(
    "",
    status_code=202,
    response_model=IntakeAccepted,
    responses={
        422: {"model": ErrorBody, "description": "The intake is refused whole."},
        429: {"model": ErrorBody, "description": "Too many intakes for this tenant."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/IntakePayload"},
                            {"$ref": "#/components/schemas/ChatIntake"},
                        ]
                    },
                    "examples": INTAKE_EXAMPLES,
                }
            },
        }
    },
)
def submit_intake(context: Context, caller: Writer, body: RawBody) -> IntakeAccepted:
    """Store an intake (the form, or the chat's ``{answers, seeds}``; in this API's
    names or the plan's) for the caller's tenant, with what was sent beside it. The
    answer says ``queued``: the intake sensor requests the tenant's pipeline run under
    ``queued_job_id`` on its next tick. Nothing is stored when anything in it is
    invalid."""
    decision = context.intake_rate.hit("intake", caller.tenant_id)
    if not decision.allowed:
        raise HTTPException(
            429,
            f"tenant {caller.tenant_id} sent more than {context.intake_rate.rate} intakes",
            headers={"Retry-After": str(decision.retry_after_s)},
        )
    try:
        data = loads_bounded(body)
    except JsonBoundsError as error:  # too deep, a number too long, NaN and the like
        raise IntakeRefused([FieldError("body", str(error))]) from None
    except ValueError as error:  # not JSON, not UTF-8
        raise IntakeRefused([FieldError("body", f"not valid JSON: {error}")]) from None
    try:
        intake = _validated(data, context.settings.wizard_fast_start_only)
        receipt = save_intake(context.warehouse, caller.tenant_id, caller.subject, intake)
    except IntakeValidationError as error:
        raise IntakeRefused(error.errors) from None
    return IntakeAccepted.model_validate(receipt.as_json())


@router.get(
    "/latest",
    response_model=LatestIntake,
    responses={
        404: {
            "model": ErrorBody,
            "description": "The tenant has no intake yet, or intake is turned off.",
        }
    },
)
def latest_submitted_intake(context: Context, caller: Caller) -> LatestIntake:
    """The caller's tenant's latest intake as it was sent (any role may read it), with
    its id and when it was stored."""
    with context.warehouse.tenant_transaction(caller.tenant_id) as conn:
        intake = latest_intake(conn, caller.tenant_id)
    if intake is None:
        raise HTTPException(404, f"tenant {caller.tenant_id} has no intake yet: submit one first")
    return LatestIntake(
        response_id=intake.intake_id,
        saved_at=datetime.fromtimestamp(intake.submitted_at, UTC),
        intake=intake.submitted_payload,
    )


@router.post("/parse", response_model=ParseResponse)
def parse_customers(body: ParseRequest, caller: Writer) -> dict[str, Any]:
    """Turn customers typed in the chat ("Acme — acme.com; Globex — globex.sg (budget <
    $10k)") into best and lost customers, and say what could not be read."""
    return parse_intake_text(body.text, body.kind).as_json()


@router.get("/fields", response_model=WizardFields)
def wizard_fields(context: Context, caller: Caller) -> WizardFields:
    """The intake form's fields as this server offers them (any role may read them): with
    ``ICP_WIZARD_FAST_START_ONLY`` the advanced sections A-H are left out."""
    fast_only = context.settings.wizard_fast_start_only
    fields = [
        WizardField(name=name, label=label, required=required, section="fast_start")
        for name, label, required in FAST_START_FIELDS
    ] + [
        WizardField(name=name, label=label, required=False, section="optional")
        for name, label in OPTIONAL_FIELDS
    ]
    return WizardFields(
        fast_start_only=fast_only,
        fields=fields,
        advanced_sections=[] if fast_only else list(ADVANCED_SECTIONS),
    )


# Registered on the app so the request body's schemas are in components.
INTAKE_SCHEMAS = (IntakePayload, ChatIntake)
