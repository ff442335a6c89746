"""Request and response bodies of the API, with the examples its OpenAPI schema shows."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from icp_assets.demo import DEMO_INTAKE
from icp_assets.intake.chat_text import MAX_TEXT_CHARS
from icp_assets.intake.model import MAX_BEST_CUSTOMERS, MAX_LOST_CUSTOMERS

SAMPLE_INTAKE: dict[str, Any] = json.loads(DEMO_INTAKE.read_text(encoding="utf-8"))
SAMPLE_CHAT_INTAKE: dict[str, Any] = {
    "answers": {"website": "lumenledger.sg", "geos": ["SG"]},
    "seeds": [
        {"name": "Acme", "website": "acme.com"},
        {"name": "Beta Logistics", "website": "betalogistics.sg"},
        {"name": "Globex", "website": "globex.sg", "kind": "lost", "reason": "budget < $10k"},
    ],
}
SAMPLE_CARD: dict[str, Any] = {
    "id": "s-52-3f9a1c",
    "title": "Warehousing and support activities for transportation",
    "ssic_cluster": [
        {"code": "52", "title": "WAREHOUSING AND SUPPORT ACTIVITIES FOR TRANSPORTATION"}
    ],
    "headcount_band": "51-200",
    "integrations": ["xero", "hubspot"],
    "champions": ["Finance Director", "Operations Manager"],
    "evidence_count": 14,
    "evidence_ids": [101, 102, 117],
    "seeds_covered": "4/7",
    "rationale": "4 of 7 best customers are coded under SSIC 52; 3 of them run Xero.",
    "confidence": 0.78,
    "negative_flags": [],
    "reduced_evidence": False,
    "from_answers": [],
    "acra_total": 1081,
    "acra_samples": [{"uen": "201912345K", "entity_name": "PORTSIDE CARGO PTE. LTD."}],
    "targeting_pack": {
        "ssic_filters": ["52"],
        "technographic_filters": ["xero"],
        "pitch": "Close the month faster across depots: Xero-native reconciliation.",
    },
}


class FieldErrorBody(BaseModel):
    field: str = Field(description="Where the problem is, e.g. best_customers[2].website.")
    message: str


class ErrorBody(BaseModel):
    """Every error answer: a sentence, or one entry per bad field (422)."""

    detail: str | list[FieldErrorBody]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"detail": "the token has expired"},
                {"detail": [{"field": "best_customers", "message": "Field required"}]},
            ]
        }
    )


class ChatSeed(BaseModel):
    """A customer as the chat assistant composes it: best unless ``kind`` says lost."""

    model_config = ConfigDict(extra="forbid")

    name: str
    website: str | None = None
    kind: Literal["best", "lost"] = "best"
    reason: str | None = None


class ChatIntake(BaseModel):
    """The chat-composed intake: the answers, and the seeds as one list."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [SAMPLE_CHAT_INTAKE]})

    answers: dict[str, Any] = Field(
        description="Every intake field but the customers: website, geos, deal, ..."
    )
    seeds: Annotated[list[ChatSeed], Field(max_length=MAX_BEST_CUSTOMERS + MAX_LOST_CUSTOMERS)]


class IntakeAccepted(BaseModel):
    status: Literal["saved"]
    response_id: int = Field(description="The stored intake's id.")
    queued_job_id: str = Field(
        description="The run key under which the intake sensor runs the tenant's pipeline."
    )
    warnings: list[str]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "saved",
                    "response_id": 42,
                    "queued_job_id": "intake-42",
                    "warnings": [],
                }
            ]
        }
    )


class ParseRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "Acme — acme.com; Beta Logistics — betalogistics.sg"},
                {"text": "Globex — globex.sg (budget < $10k)", "kind": "lost"},
            ]
        },
    )

    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
    kind: Literal["best", "lost"] | None = Field(
        default=None,
        description="Force every entry to best or lost; by default an entry with a "
        "reason is a lost customer.",
    )


class ParsedCustomerBody(BaseModel):
    name: str
    website: str | None
    reason: str | None = None
    name_from_domain: bool = False


class UnparsedBody(BaseModel):
    text: str
    reason: str


class ParseResponse(BaseModel):
    best_customers: list[ParsedCustomerBody]
    lost_customers: list[ParsedCustomerBody]
    unparsed: list[UnparsedBody]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "best_customers": [
                        {"name": "Acme", "website": "acme.com", "name_from_domain": False},
                        {
                            "name": "Beta Logistics",
                            "website": "betalogistics.sg",
                            "name_from_domain": False,
                        },
                    ],
                    "lost_customers": [],
                    "unparsed": [],
                }
            ]
        }
    )


class WizardField(BaseModel):
    name: str
    label: str
    required: bool
    section: str


class WizardFields(BaseModel):
    """The intake form's fields as this server offers them."""

    fast_start_only: bool
    fields: list[WizardField]
    advanced_sections: list[str]


class SsicEntry(BaseModel):
    code: str
    title: str | None = None


class TargetingPackBody(BaseModel):
    ssic_filters: list[str]
    technographic_filters: list[str]
    pitch: str
    exclude_ssic: list[str] = []
    exclude_entity_types: list[str] = []


class ClaimBody(BaseModel):
    """One claim of a card, where it comes from and the distinct facts behind it."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(description="industry, band, integration or champion.")
    value: str
    label: str = Field(description="What the card shows: a segment, a band, a tool, a role.")
    source: str = Field(description="Where it comes from: the register, your case studies, ...")
    seeds: int = Field(description="How many of the segment's best customers it holds for.")
    evidence_ids: list[int]


class SuggestionCardBody(BaseModel):
    """A micro-ICP card as the pipeline wrote it."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [SAMPLE_CARD]})

    id: str
    title: str
    ssic_cluster: list[SsicEntry]
    headcount_band: str | None = None
    integrations: list[str]
    champions: list[str]
    evidence_count: int
    evidence_ids: list[int]
    seeds_covered: str
    rationale: str
    confidence: float
    negative_flags: list[str]
    reduced_evidence: bool = False
    from_answers: list[str] = []
    score: float = 0.0
    score_parts: dict[str, float] = {}
    covered_seeds: list[dict[str, Any]] = []
    segment_kind: str = "ssic"
    segment_level: str | None = None
    lost_in_segment: int = 0
    claims: list[ClaimBody] = []
    acra_total: int | None = None
    acra_secondary: int | None = None
    acra_samples: list[dict[str, Any]] = []
    targeting_pack: TargetingPackBody


class NegativeThemeBody(BaseModel):
    theme: str
    source: str
    kind: str | None = None
    lost_customers: int = 0
    filter: dict[str, list[str]] = {}


class SuggestionsBody(BaseModel):
    tenant_id: int
    generation_id: int | None = Field(description="None before the first generation.")
    created_at: str | None
    reduced_evidence: bool
    suggestions: list[SuggestionCardBody]
    negative_icp: list[NegativeThemeBody]


class GenerationSummary(BaseModel):
    generation_id: int
    created_at: str
    reduced_evidence: bool
    suggestion_ids: list[str]


class CardChange(BaseModel):
    id: str
    title: str | None
    fields: dict[str, dict[str, Any]] = Field(description="Each field's before and after.")


class GenerationComparison(BaseModel):
    previous_generation_id: int | None
    added: list[str]
    removed: list[str]
    changed: list[CardChange]
    unchanged: list[str]


class HistoryBody(BaseModel):
    tenant_id: int
    generations: list[GenerationSummary]
    compare: GenerationComparison | None = Field(
        description="From the previous generation to the latest; null before the first."
    )


class EvidenceItemBody(BaseModel):
    id: int
    signal_key: str
    value: str
    source: str = Field(description="acra (the register), web (a crawled page) or llm.")
    extractor: str
    confidence: float
    url: str | None
    snippet: str | None = Field(description="None when redacted for a viewer.")
    snippet_redacted: bool
    company: str | None
    domain: str | None


class EvidenceGroupBody(BaseModel):
    """The items behind one claim of the card."""

    kind: str
    label: str
    source: str
    evidence_ids: list[int]


class EvidenceBody(BaseModel):
    tenant_id: int
    suggestion_id: str
    generation_id: int
    evidence: list[EvidenceItemBody] = Field(description="Every cited item, strongest first.")
    groups: list[EvidenceGroupBody] = Field(
        description="The items by the claim they back: the industry, the band, each "
        "integration, each champion."
    )


class AcceptRequest(BaseModel):
    """Adopt a card of the latest generation by id, or a card given whole (for
    example one edited in the chat)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"suggestion_id": "s-52-3f9a1c"},
                {"suggestion_id": "s-52-3f9a1c", "exclude_ssic": ["52291"]},
                {"suggestion_payload": SAMPLE_CARD},
            ]
        },
    )

    suggestion_id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    suggestion_payload: SuggestionCardBody | None = None
    exclude_ssic: Annotated[list[Annotated[str, Field(max_length=5)]], Field(max_length=50)] = []
    min_headcount: Annotated[
        int | None,
        Field(
            description="Refused for now: no headcount source covers register companies, "
            "so the filter could not be applied."
        ),
    ] = None


class AcceptResponse(BaseModel):
    ok: Literal[True]
    rule_id: int
    created: bool
    queued_now: int
    queued_nightly: int
    register_matches: int
    changed: dict[str, Any]
    nightly_capped: bool
    nightly_cap: int
    dequeued: int
    technographic_unjudged: int = Field(
        0, description="Queued companies whose stack no crawled evidence shows yet."
    )
    technographic_dropped: int = Field(
        0, description="Companies left out because their crawled stack runs none of the tools."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ok": True,
                    "rule_id": 7,
                    "created": True,
                    "queued_now": 10,
                    "queued_nightly": 1066,
                    "register_matches": 1081,
                    "changed": {},
                    "nightly_capped": False,
                    "nightly_cap": 5000,
                    "dequeued": 0,
                }
            ]
        }
    )


class PatternBody(BaseModel):
    pattern_key: str
    value: str
    support: int
    share: float
    details: dict[str, Any] | None = Field(description="Evidence behind it; ops and admin only.")


class PatternsBody(BaseModel):
    tenant_id: int
    patterns: list[PatternBody]


class StatusBody(BaseModel):
    tenant_id: int
    state: str = Field(
        description="no_intake, intake_saved, mapping, crawl, pattern_mining, "
        "suggestions_ready or failed."
    )
    intake_id: int | None
    assets_done: list[str] = Field(description="Assets materialized since the latest intake.")
    failed_step: str | None
    error: str | None
    stages: list[str] = Field(description="The flow's states, in order.")


class HealthBody(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = {}


class LookalikeBody(BaseModel):
    """A register company on a card's list, with why it is there."""

    rank: int
    uen: str
    name: str | None
    status: str | None
    entity_type: str | None
    primary_ssic_code: str | None
    primary_ssic_title: str | None
    secondary_ssic_code: str | None
    secondary_ssic_title: str | None
    address: str | None
    incorporation_date: str | None
    score: float = Field(description="The fit score, 0-100.")
    closest_seed: str | None = Field(description="The best customer it shares most points with.")
    closest_seed_id: int | None
    points: dict[str, float] = Field(
        description="Points by signal: ssic, entity_type, age, location, activity_text, "
        "tools, band."
    )
    reasons: str


class LookalikesBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "tenant_id": 1,
                    "suggestion_id": "s-52-3f9a1c",
                    "title": "Warehousing firms, 51-200 staff, on Xero",
                    "generation_id": 12,
                    "candidates": 1081,
                    "note": None,
                    "lookalikes": [
                        {
                            "rank": 1,
                            "uen": "201612345K",
                            "name": "TUAS CARGO HUB PTE. LTD.",
                            "status": "Live Company",
                            "entity_type": "Local Company",
                            "primary_ssic_code": "52101",
                            "primary_ssic_title": "General warehousing",
                            "secondary_ssic_code": None,
                            "secondary_ssic_title": None,
                            "address": "21 Tuas Avenue 3, Singapore 639412",
                            "incorporation_date": "2016-05-02",
                            "score": 71.4,
                            "closest_seed": "Harbourline Logistics Pte. Ltd.",
                            "closest_seed_id": 3,
                            "points": {
                                "ssic": 35,
                                "entity_type": 10,
                                "age": 8.3,
                                "location": 8,
                                "activity_text": 9.1,
                                "tools": 0,
                                "band": 0,
                            },
                            "reasons": "same SSIC sub-class as Harbourline Logistics Pte. "
                            "Ltd. by its primary code (35); entity type (10); age (8.3); "
                            "same postal sector (8); activity text (9.1)",
                        }
                    ],
                }
            ]
        }
    )

    tenant_id: int
    suggestion_id: str
    title: str
    generation_id: int | None
    candidates: int = Field(description="The live companies of the card's segment scored.")
    note: str | None = Field(None, description="What an empty list means.")
    lookalikes: list[LookalikeBody]
