"""Request and response bodies of the API, with the examples its OpenAPI schema shows."""

from __future__ import annotations

import json
from datetime import datetime
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
# The plan's spellings, which the API reads beside its own.
SAMPLE_PLAN_INTAKE: dict[str, Any] = {
    "website": "https://www.lumenledger.sg",
    "best_customers": [
        {"name": "Harbourline Logistics Pte. Ltd.", "website": "harbourline-logistics.sg"},
        {"name": "Merlion Freight", "website": "merlionfreight.sg"},
    ],
    "lost_or_churned": [
        {"name": "Pasir Panjang Print Shop", "website": "ppprint.sg", "reason": "budget"}
    ],
    "geo_language_tz": {"geo": "SG", "language": "en", "tz": "SGT"},
    "must_have_integrations": ["Xero"],
    "deal": {"acv_usd": 18000, "cycle_days": 45, "price_floor_usd": 6000},
    "employee_band": "50–200",
    "champion_titles": ["Head of Finance"],
    "triggers": ["moving off spreadsheets"],
    "advanced": {"A_to_H": "..."},
}
SAMPLE_FAST_START: dict[str, Any] = {
    "website": "https://www.lumenledger.sg",
    "best_customers": [
        {"name": "Harbourline Logistics Pte. Ltd.", "website": "harbourline-logistics.sg"}
    ],
}
SAMPLE_PLAN_CHAT_INTAKE: dict[str, Any] = {
    "answers": {
        "website": "https://www.lumenledger.sg",
        "lost": [{"name": "Globex", "url": "https://globex.sg", "reason": "budget < $10k"}],
        "optional": {
            "geos": ["SG"],
            "integrations": ["Xero"],
            "acv": 18000,
            "cycle": 45,
            "price_floor": 6000,
            "champions": ["Head of Finance"],
            "triggers": ["moving off spreadsheets"],
        },
    },
    "seeds": [
        {"seed_name": "Acme", "domain": "acme.com"},
        {"seed_name": "Beta Logistics", "domain": "betalogistics.sg"},
    ],
}
#: The request examples of ``POST /icp/intake``.
INTAKE_EXAMPLES: dict[str, dict[str, Any]] = {
    "intake": {"summary": "The intake form", "value": SAMPLE_INTAKE},
    "plan_intake": {"summary": "The intake form in the plan's names", "value": SAMPLE_PLAN_INTAKE},
    "fast_start": {
        "summary": "Fast start: the website and best customers",
        "value": SAMPLE_FAST_START,
    },
    "chat": {"summary": "Composed in the chat", "value": SAMPLE_CHAT_INTAKE},
    "plan_chat": {
        "summary": "Composed in the chat, in the plan's names",
        "value": SAMPLE_PLAN_CHAT_INTAKE,
    },
}
SAMPLE_CARD: dict[str, Any] = {
    "id": "s-52-3f9a1c",
    "title": "Warehousing and support activities for transportation",
    "ssic_cluster": ["52"],
    "ssic_titles": {"52": "Warehousing and support activities for transportation"},
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
        "technographic_filters": ["xero", "hubspot"],
        "pitch": "Close the month faster across depots: Xero-native reconciliation.",
    },
}
#: A normalized rule, as ``icp_rules`` stores an adopted card's.
SAMPLE_RULE: dict[str, Any] = {
    "title": "Software firms, 51-200 staff, on Xero",
    "ssic_filters": ["62012", "62019"],
    "exclude_ssic": [],
    "technographic_filters": ["xero"],
    "headcount_band": "51-200",
    "min_headcount": None,
    "champions": ["Head of Finance"],
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
    """A customer as the chat assistant composes it: best unless ``kind`` says lost. The
    plan's ``seed_name`` and ``domain`` (or ``url``) are read as ``name`` and
    ``website``: give one spelling of each."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    seed_name: str | None = Field(None, description="The plan's name for name.")
    website: str | None = None
    domain: str | None = Field(None, description="The plan's name for website.")
    url: str | None = Field(None, description="Another name for website.")
    kind: Literal["best", "lost"] = "best"
    reason: str | None = None


class ChatIntake(BaseModel):
    """The chat-composed intake: the answers, and the seeds as one list."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [SAMPLE_CHAT_INTAKE]})

    answers: dict[str, Any] = Field(
        description="The intake's fields (website, geos, deal, ...; lost customers too, as "
        "lost), and the plan's optional: {geos, integrations, acv, cycle, price_floor, "
        "champions, triggers}."
    )
    seeds: Annotated[list[ChatSeed], Field(max_length=MAX_BEST_CUSTOMERS + MAX_LOST_CUSTOMERS)]


class LatestIntake(BaseModel):
    response_id: int = Field(description="The stored intake's id.")
    saved_at: datetime = Field(description="When the intake was stored.")
    intake: dict[str, Any] = Field(
        description="The intake as its client sent it: the form or the chat's "
        "{answers, seeds}, in this API's names or the plan's."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "response_id": 42,
                    "saved_at": "2026-05-04T09:30:00Z",
                    "intake": SAMPLE_FAST_START,
                }
            ]
        }
    )


class IntakeAccepted(BaseModel):
    status: Literal["queued"] = Field(
        description="Stored, and queued for the intake sensor, which requests the "
        "tenant's pipeline run under queued_job_id on its next tick."
    )
    response_id: int = Field(description="The stored intake's id.")
    queued_job_id: str = Field(
        description="The run key under which the intake sensor runs the tenant's pipeline."
    )
    warnings: list[str]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "queued",
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
    """A code with its title, as cards gave their cluster before ``ssic_titles``."""

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
    ssic_cluster: list[str] = Field(description="The segment's SSIC codes or prefixes.")
    ssic_titles: dict[str, str] = Field(
        default_factory=dict, description="The title of each code of ssic_cluster."
    )
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


SsicCode = Annotated[str, Field(max_length=5)]


class GivenSuggestion(BaseModel):
    """A suggestion given by its fields rather than its id: the plan's ``{"ssic_cluster",
    "integrations", "champions"}``, a whole card as ``GET /icp/suggestions`` gives it, or
    the normalized rule as ``icp_rules`` stores it. Its SSIC codes (``ssic_filters``, the
    pack's, else ``ssic_cluster``) and tools (``technographic_filters``, the pack's, else
    ``integrations``) make the rule; the latest generation's card with its id, or else
    with the same codes, lends its id and what was not given."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "ssic_cluster": ["62012", "62019"],
                    "integrations": ["xero", "hubspot"],
                    "champions": ["Head of Finance"],
                },
                SAMPLE_RULE,
            ]
        },
    )

    id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    suggestion_id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    title: Annotated[str, Field(max_length=300)] | None = None
    ssic_cluster: Annotated[list[SsicCode | SsicEntry], Field(max_length=50)] | None = None
    ssic_filters: Annotated[list[SsicCode], Field(max_length=50)] | None = None
    exclude_ssic: Annotated[list[SsicCode], Field(max_length=50)] | None = None
    integrations: Annotated[list[str], Field(max_length=50)] | None = None
    technographic_filters: Annotated[list[str], Field(max_length=50)] | None = None
    champions: Annotated[list[str], Field(max_length=50)] | None = None
    headcount_band: str | None = None
    min_headcount: int | None = Field(
        None, description="Refused for now, as the request's min_headcount."
    )
    targeting_pack: dict[str, Any] | None = None


class AcceptRequest(BaseModel):
    """Adopt a card of the latest generation by id, or a suggestion given by its fields
    (``suggestion``, the plan's journey form; ``suggestion_payload``, a whole card or a
    normalized rule; the two take the same fields)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"suggestion_id": "s-52-3f9a1c"},
                {"suggestion_id": "s-52-3f9a1c", "exclude_ssic": ["52291"]},
                {
                    "suggestion": {
                        "ssic_cluster": ["62012", "62019"],
                        "integrations": ["xero", "hubspot"],
                        "champions": ["Head of Finance"],
                    }
                },
                {"suggestion_payload": SAMPLE_RULE},
                {"suggestion_payload": SAMPLE_CARD},
            ]
        },
    )

    suggestion_id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    suggestion: GivenSuggestion | None = None
    suggestion_payload: GivenSuggestion | None = None
    exclude_ssic: Annotated[list[SsicCode], Field(max_length=50)] = []
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
    not_queued: dict[str, int] = Field(
        default_factory=dict,
        description="Why the register's matches that were not queued were not: "
        "yours_or_excluded, tool_filter, over_the_cap, already_queued.",
    )
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


class PatternSummaryBody(BaseModel):
    """The plan's summary: values only, most support first."""

    top_ssics: list[str] = Field(description="The best customers' SSIC codes.")
    common_integrations: list[str] = Field(description="Tool keys.")
    frequent_buyer_titles: list[str] = Field(description="Function and level of buyers.")


class PatternsBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "tenant_id": 1,
                    "patterns": {
                        "top_ssics": ["52101", "62012"],
                        "common_integrations": ["xero"],
                        "frequent_buyer_titles": ["finance leadership"],
                    },
                    "all_patterns": [
                        {
                            "pattern_key": "ssic",
                            "value": "52101",
                            "support": 3,
                            "share": 0.6,
                            "details": {"title": "General warehousing", "seed_ids": [1, 2, 4]},
                        }
                    ],
                }
            ]
        }
    )

    tenant_id: int
    patterns: PatternSummaryBody
    all_patterns: list[PatternBody] = Field(
        description="Every pattern with its support, share and, for ops and admin, details."
    )


class EvidenceStateBody(BaseModel):
    """What the tenant's latest evidence rests on."""

    reduced: bool = Field(description="Too little evidence to go on (see the reasons).")
    stale: bool = Field(
        description="The latest crawl did not reach the tenant's own or a best customer's "
        "site, and pages kept from an earlier crawl stand in for it."
    )
    as_of: str | None = Field(description="When the oldest of the kept pages was fetched.")
    sites_crawled: int
    sites_reached: int
    note: str = Field(description="One line for a person; empty when complete and fresh.")


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
    evidence: EvidenceStateBody | None = Field(
        default=None, description="None before the tenant's first evidence run."
    )
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
    matched_ssic_code: str | None = Field(
        None, description="The code that put it in the card's segment."
    )
    matched_by: str | None = Field(None, description="primary or secondary")
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
