"""The intake a tenant submits: its validation, its warnings and the seeds it names.

Pure: no database, no Dagster. ``read_intake`` reads the form or the chat's
``{"answers", "seeds"}``, in the model's names or the plan's
(``icp_assets.intake.spellings``), and refuses an invalid payload whole, with one message
per bad field, each field named as it was sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from icp_assets.error_copy import error_sentence, field_in_words, location_of
from icp_assets.intake.errors import FieldError, IntakeValidationError
from icp_assets.intake.spellings import (
    ALL_SECTIONS,
    CUSTOMER_LISTS,
    MAX_ADVANCED_CHARS,
    MAX_BAND_CHARS,
    IntakeReader,
    iana_time_zone,
    nearest_employee_band,
)
from icp_assets.intake.text import intake_text, is_invisible, refuse_nul
from icp_assets.normalize import InvalidDomainError, normalize_company_name, normalize_domain

MAX_BEST_CUSTOMERS = 50
MAX_LOST_CUSTOMERS = 20
RECOMMENDED_BEST_CUSTOMERS = 5
RECOMMENDED_LOST_CUSTOMERS = 3
MAX_NAME_CHARS = 200
MAX_WEBSITE_CHARS = 300
MAX_REASON_CHARS = 280
#: An advanced answer: its text, or a list's items together.
MAX_ANSWER_CHARS = 2_000

MAX_LIST_ITEMS = 30

ShortText = intake_text(MAX_NAME_CHARS)
Reason = intake_text(MAX_REASON_CHARS)
WebsiteText = intake_text(MAX_WEBSITE_CHARS, required=False)
AnswerText = intake_text(MAX_ANSWER_CHARS, required=False)
AnswerList = Annotated[list[ShortText], Field(max_length=MAX_LIST_ITEMS)]
AdvancedSection = Literal["A", "B", "C", "D", "E", "F", "G", "H"]


def answer_chars(value: Any) -> int:
    """How many characters of text an advanced answer holds: a text's, or a list's
    texts together; a number, true/false or null holds none."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(len(item) for item in value if isinstance(item, str))
    return 0


def _capped_answer(value: Any) -> Any:
    """An advanced answer within ``MAX_ANSWER_CHARS``, with no NUL in its texts; checked
    before the union of answer types so that the refusal is one message."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for text in texts:
        if isinstance(text, str):
            refuse_nul(text)
    chars = answer_chars(value)
    if chars > MAX_ANSWER_CHARS:
        together = " together" if isinstance(value, list) else ""
        raise ValueError(
            f"the answer is {chars:,} characters{together}: at most {MAX_ANSWER_CHARS:,}"
        )
    return value


AnswerValue = Annotated[
    AnswerText
    | int
    | float
    | bool
    | Annotated[list[AnswerText], Field(max_length=MAX_LIST_ITEMS)]
    | None,
    BeforeValidator(_capped_answer),
]
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
    website: WebsiteText | None = None

    @field_validator("website")
    @classmethod
    def _customer_website(cls, value: str | None) -> str | None:
        return _website(value)


class LostCustomer(Customer):
    """A lost or churned customer and the one-line reason it was lost."""

    reason: Reason


def _document_cycle_days(schema: dict[str, Any]) -> None:
    properties = schema.setdefault("properties", {})
    properties["cycle_days"] = {
        **properties["sales_cycle_days"],
        "title": "Cycle Days",
        "description": "The plan's name for sales_cycle_days; give one of the two.",
    }


class Deal(_Strict):
    model_config = ConfigDict(json_schema_extra=_document_cycle_days)

    # Strict: true/false and text ("18000") are refused, not read as numbers.
    acv_usd: float | None = Field(default=None, ge=0, le=100_000_000, strict=True)
    sales_cycle_days: int | None = Field(default=None, ge=0, le=3650, strict=True)
    price_floor_usd: float | None = Field(default=None, ge=0, le=100_000_000, strict=True)


def _band_schema(schema: dict[str, Any]) -> None:
    schema.pop("anyOf", None)
    schema.update(
        {
            "anyOf": [{"type": "string", "maxLength": MAX_BAND_CHARS}, {"type": "null"}],
            "description": "Your own size: a standard band ("
            + ", ".join(get_args(EmployeeBand))
            + "), or a range read to the nearest one: 50–200, 50-200 or 51 to 200 are "
            "51-200.",
            "examples": ["51-200", "50–200"],
        }
    )


_ANSWERS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _document_plan_spellings(schema: dict[str, Any]) -> None:
    """The plan's names beside the model's in the intake's JSON schema (either may be
    given, not both)."""
    properties = schema.setdefault("properties", {})
    properties["lost_or_churned"] = {
        **properties["lost_customers"],
        "title": "Lost Or Churned",
        "description": "The plan's name for lost_customers.",
    }
    properties["must_have_integrations"] = {
        **properties["integrations_required"],
        "title": "Must Have Integrations",
        "description": "The plan's name for integrations_required.",
    }
    properties["geo_language_tz"] = {
        "title": "Geo Language Tz",
        "type": "object",
        "description": "The plan's form of geos, languages and timezones: each a value or a "
        'list; a time zone may be an abbreviation ("SGT" is Asia/Singapore).',
        "properties": {"geo": _ANSWERS, "language": _ANSWERS, "tz": _ANSWERS},
        "additionalProperties": False,
        "examples": [{"geo": "SG", "language": "en", "tz": "SGT"}],
    }
    advanced = properties["advanced"]
    advanced["description"] = (
        "Answers by section A to H: {question: answer}, or text. The plan's "
        f'{{"{ALL_SECTIONS}": ...}} holds sections, or text that is kept but not read.'
    )
    advanced["additionalProperties"] = {
        "anyOf": [advanced["additionalProperties"], {"type": "string"}]
    }
    advanced["propertyNames"] = {"enum": [*get_args(AdvancedSection), ALL_SECTIONS]}
    advanced["properties"] = {
        ALL_SECTIONS: {"anyOf": [{"type": "object"}, {"type": "string"}, {"type": "null"}]}
    }


class IntakePayload(_Strict):
    """What a tenant tells us about itself and its customers, in the model's names (the
    plan's are read into them: see ``icp_assets.intake.spellings``)."""

    model_config = ConfigDict(json_schema_extra=_document_plan_spellings)

    website: WebsiteText
    best_customers: Annotated[list[Customer], Field(min_length=1, max_length=MAX_BEST_CUSTOMERS)]
    lost_customers: Annotated[
        list[LostCustomer], Field(default_factory=list, max_length=MAX_LOST_CUSTOMERS)
    ]
    employee_band: EmployeeBand | None = Field(default=None, json_schema_extra=_band_schema)
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

    @field_validator("advanced")
    @classmethod
    def _advanced_within_cap(
        cls, sections: dict[str, dict[str, AnswerValue]]
    ) -> dict[str, dict[str, AnswerValue]]:
        chars = sum(
            len(question) + answer_chars(answer)
            for answers in sections.values()
            for question, answer in answers.items()
        )
        if chars > MAX_ADVANCED_CHARS:
            raise ValueError(
                f"the advanced answers are {chars:,} characters together (questions and "
                f"answers): at most {MAX_ADVANCED_CHARS:,}"
            )
        return sections

    @field_validator("employee_band", mode="before")
    @classmethod
    def _nearest_band(cls, value: Any) -> Any:
        if isinstance(value, str):
            return nearest_employee_band(value, get_args(EmployeeBand))
        return value

    @field_validator("timezones")
    @classmethod
    def _known_timezones(cls, values: list[str]) -> list[str]:
        return [iana_time_zone(value) for value in values]


# -- reading an intake -------------------------------------------------------------------


@dataclass(frozen=True)
class ReadIntake:
    """An intake as read: the payload in the model's names, the JSON as it was sent,
    and notes on what was accepted but is not read."""

    payload: IntakePayload
    submitted: Any
    notes: tuple[str, ...] = ()
    #: A field of the payload (``advanced``) as it was sent (``answers.advanced``).
    sent_path: Callable[[str], str] = str


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        if part == "[key]":  # pydantic's marker for a bad dictionary key
            continue
        # A bad dictionary key is part of the path: written so that a NUL or an invisible
        # character in it shows.
        name = "".join(
            f"\\u{ord(c):04x}" if c != " " and (c == "\x00" or is_invisible(c)) else c
            for c in str(part)
        )
        path += f"[{part}]" if isinstance(part, int) else (f".{name}" if path else name)
    return path or "payload"


def _message(item: Any) -> str:
    """Pydantic's error as a sentence that names the field in words and says what to do
    (``icp_assets.error_copy``); the field's path as sent goes beside it."""
    location = tuple(item["loc"])
    field = field_in_words(location)
    field = field[:1].upper() + field[1:]
    if item["type"] == "extra_forbidden" and location[:1] + location[-1:] == (
        "best_customers",
        "reason",
    ):
        customer = field_in_words(location[:-1])
        return (
            f"{customer[:1].upper()}{customer[1:]} has a reason, which only lost customers "
            "have: leave it out, or make it a lost customer."
        )
    if item["type"] in ("float_type", "int_type"):
        number = "a whole number" if item["type"] == "int_type" else "a number"
        shown = repr(item["input"])
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        return f"{field} must be {number} written as digits, without quotes; got {shown}."
    return error_sentence(item["type"], location, item.get("ctx"), str(item["msg"]))


def _named(error: FieldError) -> FieldError:
    """A reader's error, which says only what is wrong, led by its field in words."""
    field = field_in_words(location_of(error.field))
    return FieldError(error.field, f"{field[:1].upper()}{field[1:]}: {error.message}")


def _validated(reader: IntakeReader, submitted: Any) -> ReadIntake:
    errors = [_named(error) for error in reader.errors]
    try:
        payload = IntakePayload.model_validate(reader.form)
    except ValidationError as error:
        named = {e.field for e in errors}
        for item in error.errors():
            field = reader.sent_path(_field_path(item["loc"]))
            if field not in named:
                errors.append(FieldError(field, _message(item)))
    else:
        if not errors:
            return ReadIntake(payload, submitted, tuple(reader.notes), reader.sent_path)
    raise IntakeValidationError(errors)


def parse_intake(data: Any) -> IntakePayload:
    """Validate a decoded JSON intake form, in the model's names or the plan's.

    Raises:
        IntakeValidationError: with every bad field, when anything is wrong.
    """
    return _read_form(data).payload


def _read_form(data: Any) -> ReadIntake:
    if not isinstance(data, dict):
        raise IntakeValidationError([FieldError("payload", "must be a JSON object")])
    reader = IntakeReader()
    reader.read_fields(data)
    return _validated(reader, data)


CHAT_KEYS = ("answers", "seeds")


def is_chat_form(data: Any) -> bool:
    """Whether a decoded intake is in the chat's form: ``answers`` or ``seeds`` in it."""
    return isinstance(data, dict) and any(key in data for key in CHAT_KEYS)


def read_intake(data: Any) -> ReadIntake:
    """Read an intake sent as the form or in the chat's form, in either spelling.

    Raises:
        IntakeValidationError: with every bad field, named as sent, when anything is
            wrong.
    """
    return _read_chat(data) if is_chat_form(data) else _read_form(data)


def parse_chat_intake(data: Any) -> IntakePayload:
    """Validate the chat-composed form ``{"answers": {...}, "seeds": [...]}``: the
    answers are the intake's fields (lost customers too, as ``lost``), and each seed is a
    best customer unless its ``kind`` is ``"lost"``. The intake's fields may also sit
    beside ``seeds`` (``{"website": ..., "seeds": [...]}``). Errors name the fields as
    sent (``seeds[3].domain``, ``answers.optional.acv``).

    Raises:
        IntakeValidationError: with every bad field, when anything is wrong.
    """
    return _read_chat(data).payload


def _read_chat(data: Any) -> ReadIntake:
    if not isinstance(data, dict):
        raise IntakeValidationError([FieldError("payload", "must be a JSON object")])
    answers, seeds = data.get("answers", {}), data.get("seeds", [])
    if not isinstance(answers, dict):
        raise IntakeValidationError([FieldError("answers", "must be a JSON object")])
    if not isinstance(seeds, list):
        raise IntakeValidationError([FieldError("seeds", "must be a list of customers")])
    at = "answers." if "answers" in data else ""

    def unsent(field: str) -> str:
        if field.startswith(CUSTOMER_LISTS) and "seeds" in data:
            return "seeds"
        return field if field == "payload" else f"{at}{field}"

    reader = IntakeReader(unsent)
    for index, seed in enumerate(seeds):
        if not isinstance(seed, dict):
            reader.errors.append(FieldError(f"seeds[{index}]", "must be a JSON object"))
            continue
        kind = seed.get("kind", "best")
        if kind not in ("best", "lost"):
            reader.errors.append(FieldError(f"seeds[{index}].kind", "must be 'best' or 'lost'"))
            continue
        customer = {key: value for key, value in seed.items() if key != "kind"}
        reader.add_customer(f"{kind}_customers", customer, f"seeds[{index}]")
    reader.read_fields({k: v for k, v in data.items() if k not in CHAT_KEYS})
    reader.read_fields(answers, at="answers.")
    return _validated(reader, data)


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
