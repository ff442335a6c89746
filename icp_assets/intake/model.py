"""The intake a tenant submits: its validation, its warnings and the seeds it names.

Pure: no database, no Dagster. ``parse_intake`` refuses an invalid payload whole, with
one message per bad field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from icp_assets.normalize import InvalidDomainError, normalize_company_name, normalize_domain

MAX_BEST_CUSTOMERS = 50
MAX_LOST_CUSTOMERS = 20
RECOMMENDED_BEST_CUSTOMERS = 5
RECOMMENDED_LOST_CUSTOMERS = 3
MAX_NAME_CHARS = 200
MAX_WEBSITE_CHARS = 300
MAX_REASON_CHARS = 280

ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_CHARS)
]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_REASON_CHARS)
]
AnswerList = Annotated[list[ShortText], Field(max_length=30)]
AdvancedSection = Literal["A", "B", "C", "D", "E", "F", "G", "H"]
AnswerValue = str | int | float | bool | list[str] | None
EmployeeBand = Literal["1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001+"]


def _website(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        normalize_domain(value)
    except InvalidDomainError as error:
        raise ValueError(str(error)) from None
    return value.strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Customer(_Strict):
    """A best customer: its name and, ideally, its website."""

    name: ShortText
    website: Annotated[str | None, Field(max_length=MAX_WEBSITE_CHARS)] = None

    @field_validator("website")
    @classmethod
    def _customer_website(cls, value: str | None) -> str | None:
        return _website(value)


class LostCustomer(Customer):
    """A lost or churned customer and the one-line reason it was lost."""

    reason: Reason


class Deal(_Strict):
    acv_usd: float | None = Field(default=None, ge=0, le=100_000_000)
    sales_cycle_days: int | None = Field(default=None, ge=0, le=3650)
    price_floor_usd: float | None = Field(default=None, ge=0, le=100_000_000)


class IntakePayload(_Strict):
    """What a tenant tells us about itself and its customers."""

    website: Annotated[str, Field(max_length=MAX_WEBSITE_CHARS)]
    best_customers: Annotated[list[Customer], Field(min_length=1, max_length=MAX_BEST_CUSTOMERS)]
    lost_customers: Annotated[
        list[LostCustomer], Field(default_factory=list, max_length=MAX_LOST_CUSTOMERS)
    ]
    employee_band: EmployeeBand | None = None
    geos: AnswerList = Field(default_factory=list)
    languages: AnswerList = Field(default_factory=list)
    timezones: AnswerList = Field(default_factory=list)
    integrations_required: AnswerList = Field(default_factory=list)
    deal: Deal | None = None
    champion_titles: AnswerList = Field(default_factory=list)
    triggers: AnswerList = Field(default_factory=list)
    advanced: dict[AdvancedSection, dict[ShortText, AnswerValue]] = Field(default_factory=dict)

    @field_validator("website")
    @classmethod
    def _tenant_website(cls, value: str) -> str:
        checked = _website(value)
        if checked is None:
            raise ValueError("the tenant's website is required")
        return checked

    @field_validator("timezones")
    @classmethod
    def _known_timezones(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}") from None
        return values


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class IntakeValidationError(ValueError):
    """An intake refused whole; ``errors`` names every bad field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("invalid intake: " + "; ".join(map(str, errors)))


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        if part == "[key]":  # pydantic's marker for a bad dictionary key
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "payload"


def parse_intake(data: Any) -> IntakePayload:
    """Validate a decoded JSON intake.

    Raises:
        IntakeValidationError: with every bad field, when anything is wrong.
    """
    if not isinstance(data, dict):
        raise IntakeValidationError([FieldError("payload", "must be a JSON object")])
    try:
        return IntakePayload.model_validate(data)
    except ValidationError as error:
        raise IntakeValidationError(
            [
                FieldError(_field_path(item["loc"]), item["msg"].removeprefix("Value error, "))
                for item in error.errors()
            ]
        ) from None


CHAT_SEED_KEYS = frozenset({"name", "website", "kind", "reason"})


def _chat_seed_error(index: int, message: str) -> IntakeValidationError:
    return IntakeValidationError([FieldError(f"seeds[{index}]", message)])


def parse_chat_intake(data: Any) -> IntakePayload:
    """Validate the chat-composed form ``{"answers": {...}, "seeds": [...]}``: the
    answers are the intake's fields but the customers, and each seed is best unless its
    ``kind`` is ``"lost"``. Errors name the chat form's fields (``seeds[3].website``,
    ``answers.geos``).

    Raises:
        IntakeValidationError: with every bad field, when anything is wrong.
    """
    extra = sorted(set(data) - {"answers", "seeds"}) if isinstance(data, dict) else ["payload"]
    if extra:
        raise IntakeValidationError([FieldError(extra[0], "expected only 'answers' and 'seeds'")])
    answers, seeds = data.get("answers"), data.get("seeds")
    if not isinstance(answers, dict):
        raise IntakeValidationError([FieldError("answers", "must be a JSON object")])
    if not isinstance(seeds, list):
        raise IntakeValidationError([FieldError("seeds", "must be a list of customers")])
    for key in ("best_customers", "lost_customers"):
        if key in answers:
            raise IntakeValidationError(
                [FieldError(f"answers.{key}", "give customers in 'seeds', not in the answers")]
            )
    lists: dict[str, list[Any]] = {"best_customers": [], "lost_customers": []}
    origin: dict[str, str] = {}
    for index, seed in enumerate(seeds):
        if not isinstance(seed, dict):
            raise _chat_seed_error(index, "must be a JSON object")
        unknown = sorted(set(seed) - CHAT_SEED_KEYS)
        if unknown:
            raise _chat_seed_error(index, f"unknown field {unknown[0]!r}")
        kind = seed.get("kind", "best")
        if kind not in ("best", "lost"):
            raise IntakeValidationError(
                [FieldError(f"seeds[{index}].kind", "must be 'best' or 'lost'")]
            )
        target = "best_customers" if kind == "best" else "lost_customers"
        customer = {k: v for k, v in seed.items() if k != "kind"}
        origin[f"{target}[{len(lists[target])}]"] = f"seeds[{index}]"
        lists[target].append(customer)
    try:
        return parse_intake({**answers, **lists})
    except IntakeValidationError as error:
        raise IntakeValidationError(
            [FieldError(_chat_path(e.field, origin), e.message) for e in error.errors]
        ) from None


def _chat_path(field: str, origin: dict[str, str]) -> str:
    for intake_path, chat_path in origin.items():
        if field == intake_path or field.startswith(intake_path + "."):
            return chat_path + field[len(intake_path) :]
    if field.startswith(("best_customers", "lost_customers")):
        return "seeds"
    return field if field == "payload" else f"answers.{field}"


def intake_warnings(payload: IntakePayload) -> list[str]:
    """What is accepted but weakens the result, in words for the person who submitted it."""
    warnings = []
    best = len(payload.best_customers)
    if best < RECOMMENDED_BEST_CUSTOMERS:
        warnings.append(
            f"low confidence: {best} best customer{'s' if best != 1 else ''}; "
            f"{RECOMMENDED_BEST_CUSTOMERS} to 15 give segments you can rely on"
        )
    if len(payload.lost_customers) < RECOMMENDED_LOST_CUSTOMERS:
        warnings.append(
            f"{len(payload.lost_customers)} lost customers: the negative ICP needs about "
            f"{RECOMMENDED_LOST_CUSTOMERS} with reasons"
        )
    without_site = [c.name for c in payload.best_customers if c.website is None]
    if without_site:
        warnings.append(
            "no website for " + ", ".join(without_site) + ": matched by name only, not crawled"
        )
    return warnings


@dataclass(frozen=True)
class SeedRow:
    """A seed as the intake named it, with its matching keys."""

    kind: Literal["best", "lost"]
    position: int
    name: str
    website: str | None
    domain: str | None
    normalized_name: str
    reason: str | None


def seed_rows(payload: IntakePayload) -> list[SeedRow]:
    """Every best and lost customer of the intake, in the order given."""
    customers: list[tuple[Literal["best", "lost"], Customer]] = [
        *(("best", c) for c in payload.best_customers),
        *(("lost", c) for c in payload.lost_customers),
    ]
    rows = []
    positions = {"best": 0, "lost": 0}
    for kind, customer in customers:
        positions[kind] += 1
        rows.append(
            SeedRow(
                kind=kind,
                position=positions[kind],
                name=customer.name,
                website=customer.website,
                domain=normalize_domain(customer.website) if customer.website else None,
                normalized_name=normalize_company_name(customer.name),
                reason=customer.reason if isinstance(customer, LostCustomer) else None,
            )
        )
    return rows


def canonical_json(payload: IntakePayload) -> str:
    """The payload as stored: stable key order, so equal intakes hash equally."""
    return json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
