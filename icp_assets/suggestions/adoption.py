"""Adopting a suggestion: the card's normalized rule in ``icp_rules``, an audit entry,
and enrichment of the matching register companies queued in ``background_jobs``.

``normalize_rule``, ``card_from_fields`` and ``next_nightly_run`` are pure; the rest
reads and writes the warehouse, always inside one tenant transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from croniter import croniter
from sqlalchemy import Connection, text

from icp_assets.reference.queries import SsicFilter, count_live_companies
from icp_assets.settings import get_settings
from icp_assets.suggestions.generations import latest_generation
from icp_assets.suggestions.model import stored_card
from resources.warehouse import Warehouse

log = logging.getLogger(__name__)

#: At most this many companies are queued for the nightly run per accept.
NIGHTLY_QUEUE_CAP = 5_000
ENRICH_NOW = "enrich_now"
ENRICH_NIGHTLY = "enrich_nightly"
ENRICHMENT_KINDS = (ENRICH_NOW, ENRICH_NIGHTLY)
_SSIC_VALUE = re.compile(r"[0-9]{1,5}")


class SuggestionNotFoundError(LookupError):
    """A suggestion id that is not in the tenant's latest generation."""

    def __init__(self, tenant_id: int, suggestion_id: str, available: Sequence[str]) -> None:
        self.tenant_id = tenant_id
        self.suggestion_id = suggestion_id
        self.available = tuple(available)
        if available:
            message = (
                f"suggestion {suggestion_id!r} is not in tenant {tenant_id}'s latest "
                f"generation; its suggestions are: {', '.join(available)}"
            )
        else:
            message = (
                f"suggestion {suggestion_id!r} not found: tenant {tenant_id} has no "
                "suggestions yet (run the pipeline first)"
            )
        super().__init__(message)


# -- the rule --------------------------------------------------------------------------


def _ssic_values(values: Sequence[str], what: str) -> list[str]:
    cleaned = []
    for value in values:
        value = str(value).strip()
        if not _SSIC_VALUE.fullmatch(value):
            raise ValueError(f"{what}: {value!r} is not an SSIC code or prefix (1 to 5 digits)")
        cleaned.append(value)
    return sorted(set(cleaned))


def _card_ssic_filters(card: Mapping[str, Any]) -> list[str]:
    pack = card.get("targeting_pack") or {}
    filters = pack.get("ssic_filters")
    if filters:
        return list(filters)
    return stored_card(card)["ssic_cluster"]


#: The id of a suggestion given by its fields that is no card of the latest generation:
#: this prefix and a hash of its SSIC filters, so giving it again updates the same rule.
GIVEN_ID_PREFIX = "given-"


def _given_filters(given: Mapping[str, Any]) -> list[str]:
    pack = given.get("targeting_pack") or {}
    filters = given.get("ssic_filters") or pack.get("ssic_filters")
    return [str(f) for f in filters] if filters else stored_card(given)["ssic_cluster"]


def card_from_fields(
    given: Mapping[str, Any], stored_cards: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """A card for a suggestion given by its fields rather than its id: the plan's
    ``{"ssic_cluster", "integrations", "champions"}``, a whole card, or a normalized
    rule as ``icp_rules`` stores it (``ssic_filters``, ``technographic_filters``, ...).

    What was given decides the rule: the SSIC filters (``ssic_filters``, else the
    pack's, else ``ssic_cluster``'s codes), the tools (``technographic_filters``, else the
    pack's, else ``integrations``), the band and champions. The card of ``stored_cards``
    with the given id (``id`` or ``suggestion_id``), else with the same SSIC codes,
    lends its id and whatever else was not given (its title, the seeds it covers). With
    neither, the id is :data:`GIVEN_ID_PREFIX` and a hash of the filters.

    Raises:
        ValueError: no SSIC code was given, and no id of a stored card.
    """
    card = stored_card(given)
    filters = _given_filters(given)
    given_id = str(given.get("id") or given.get("suggestion_id") or "").strip()
    if not given_id and not filters:
        raise ValueError(
            "the suggestion needs its SSIC codes (ssic_cluster or ssic_filters) or its id"
        )
    stored = [stored_card(c) for c in stored_cards]
    match = next((c for c in stored if given_id and c.get("id") == given_id), None)
    if match is None and not given_id:
        wanted = sorted(set(filters))
        match = next(
            (
                c
                for c in stored
                if wanted
                in (sorted(set(_card_ssic_filters(c))), sorted(set(c.get("ssic_cluster") or ())))
            ),
            None,
        )
    if match is None and not filters:
        raise ValueError(
            f"no suggestion {given_id!r} in the latest generation, and no SSIC codes given"
        )
    base = match or {}
    pack = {**(base.get("targeting_pack") or {}), **(given.get("targeting_pack") or {})}
    if filters:
        pack["ssic_filters"] = filters
    tools = given.get("technographic_filters") or (given.get("targeting_pack") or {}).get(
        "technographic_filters"
    )
    if tools or "integrations" in given:
        pack["technographic_filters"] = list(tools or given.get("integrations") or ())
    signature = json.dumps(sorted(set(filters)))
    suggestion_id = (
        given_id
        or base.get("id")
        or GIVEN_ID_PREFIX + hashlib.sha256(signature.encode()).hexdigest()[:12]
    )
    kept = {*given, "ssic_titles"} if "ssic_cluster" in given else set(given)
    merged = {**base, **{k: v for k, v in card.items() if k in kept}}
    if not merged.get("ssic_cluster"):
        merged["ssic_cluster"] = filters
    return {
        **merged,
        "id": suggestion_id,
        "title": str(merged.get("title") or "SSIC " + ", ".join(filters)),
        "targeting_pack": pack,
    }


def normalize_rule(
    card: Mapping[str, Any],
    exclude_ssic: Sequence[str] = (),
    min_headcount: int | None = None,
) -> dict[str, Any]:
    """The rule written to ``icp_rules.rule`` for ``card``.

    A filter covered by an excluded code or prefix is dropped; an excluded code under
    a filter that stays (``52101`` under ``521``) is kept in ``exclude_ssic`` so the
    companies coded with it are left out. Lists are sorted and deduplicated.

    Raises:
        ValueError: an SSIC value that is not 1 to 5 digits (named), a ``min_headcount``
            (no headcount source covers register companies yet), or exclusions that
            leave no SSIC filter.
    """
    suggestion_id = str(card.get("id") or "").strip()
    if not suggestion_id:
        raise ValueError("the suggestion card has no id")
    filters = _ssic_values(_card_ssic_filters(card), "ssic_filters")
    excluded = _ssic_values(exclude_ssic, "exclude_ssic")
    if min_headcount is not None:
        raise ValueError(
            "min_headcount cannot be applied: no headcount source covers register companies "
            "(the register has none, and only crawled companies have a headcount), so the "
            "filter would do nothing; leave it out, the list is ranked by the card's band "
            "where evidence has one"
        )
    kept = [f for f in filters if not any(f.startswith(e) for e in excluded)]
    if not kept:
        raise ValueError(
            f"excluding {', '.join(excluded)} leaves suggestion {suggestion_id} "
            f"with no SSIC filter (its filters: {', '.join(filters) or 'none'})"
        )
    pack = card.get("targeting_pack") or {}
    technographics = pack.get("technographic_filters") or card.get("integrations") or ()
    return {
        "suggestion_id": suggestion_id,
        "title": str(card.get("title") or suggestion_id),
        "ssic_filters": kept,
        "exclude_ssic": excluded,
        "technographic_filters": sorted({str(t) for t in technographics}),
        "headcount_band": card.get("headcount_band"),
        "min_headcount": min_headcount,
        "champions": sorted({str(c) for c in card.get("champions") or ()}),
    }


def rule_changes(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> dict:
    """The fields whose value differs, as ``{field: {"from": old, "to": new}}``."""
    if previous is None:
        return {}
    return {
        key: {"from": previous.get(key), "to": current.get(key)}
        for key in sorted(set(previous) | set(current))
        if previous.get(key) != current.get(key)
    }


def is_excluded(ssic_codes: Sequence[str | None], exclude_ssic: Sequence[str]) -> bool:
    """Whether a company with these (primary, secondary) codes is excluded: either code
    is an excluded code or lies under an excluded prefix."""
    return any(code and code.startswith(tuple(exclude_ssic)) for code in ssic_codes)


def next_nightly_run(now: datetime, cron: str, timezone: str) -> datetime:
    """The nightly refresh's next run strictly after ``now`` (an aware datetime), in UTC:
    the first time ``cron`` names in ``timezone`` (the schedule's ``ICP_NIGHTLY_CRON`` and
    ``ICP_NIGHTLY_TIMEZONE``)."""
    local = now.astimezone(ZoneInfo(timezone))
    return croniter(cron, local).get_next(datetime).astimezone(UTC)


# -- accept ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptResult:
    rule_id: int
    #: True when the rule is new, False when an existing rule was kept or updated.
    created: bool
    queued_now: int
    queued_nightly: int
    #: Fields of the rule that this accept changed (empty when created or unchanged).
    changed: Mapping[str, Any]
    #: Live register companies matching the rule's SSIC filters (before exclusions).
    register_matches: int
    #: True when more companies matched than the nightly queue takes.
    nightly_capped: bool
    nightly_cap: int
    #: Still-queued jobs of this rule dropped because the rule no longer matches them.
    dequeued: int = 0
    #: Why the register's matches that were not queued were not, so the counts add up:
    #: the tenant's own customers or exclusions, the tool filter, the nightly cap, and
    #: companies already queued by an earlier accept.
    not_queued: Mapping[str, int] = field(default_factory=dict)
    #: Ranked companies the technographic filter could not judge (no crawled stack):
    #: queued all the same.
    technographic_unjudged: int = 0
    #: Ranked companies left out because their crawled stack runs none of the tools.
    technographic_dropped: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "rule_id": self.rule_id,
            "created": self.created,
            "queued_now": self.queued_now,
            "queued_nightly": self.queued_nightly,
            "changed": dict(self.changed),
            "register_matches": self.register_matches,
            "nightly_capped": self.nightly_capped,
            "nightly_cap": self.nightly_cap,
            "dequeued": self.dequeued,
            "not_queued": dict(self.not_queued),
            "technographic_unjudged": self.technographic_unjudged,
            "technographic_dropped": self.technographic_dropped,
        }


_EXISTING_RULE = text(
    "SELECT id, rule FROM icp_rules "
    "WHERE tenant_id = :tenant_id AND suggestion_id = :suggestion_id FOR UPDATE"
)
_UPSERT_RULE = text(
    """
    INSERT INTO icp_rules (tenant_id, suggestion_id, name, rule, created_by)
    VALUES (:tenant_id, :suggestion_id, :name, CAST(:rule AS jsonb), :actor)
    ON CONFLICT (tenant_id, suggestion_id) DO UPDATE
    SET name = EXCLUDED.name,
        rule = EXCLUDED.rule,
        updated_at = CASE WHEN icp_rules.rule IS DISTINCT FROM EXCLUDED.rule
                          THEN now() ELSE icp_rules.updated_at END
    RETURNING id, (xmax = 0) AS inserted
    """
)
_AUDIT = text(
    """
    INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, details)
    VALUES (:tenant_id, :actor, 'accept_suggestion', 'icp_rule', :entity_id,
            CAST(:details AS jsonb))
    """
)
# A UEN already queued for enrichment, now or nightly, is not queued again.
_QUEUE = text(
    """
    INSERT INTO background_jobs (tenant_id, kind, dedupe_key, payload, run_after)
    SELECT CAST(:tenant_id AS integer), CAST(:kind AS text), job.uen, jsonb_build_object(
               'uen', job.uen, 'entity_name', job.entity_name,
               'rule_id', CAST(:rule_id AS bigint),
               'suggestion_id', CAST(:suggestion_id AS text),
               'min_headcount', CAST(:min_headcount AS integer)),
           CAST(:run_after AS timestamptz)
    FROM unnest(CAST(:uens AS text[]), CAST(:names AS text[])) AS job(uen, entity_name)
    WHERE NOT EXISTS (
        SELECT 1 FROM background_jobs b
        WHERE b.tenant_id = :tenant_id AND b.dedupe_key = job.uen
          AND b.kind IN ('enrich_now', 'enrich_nightly'))
    ON CONFLICT (tenant_id, kind, dedupe_key) DO NOTHING
    """
)
_DEQUEUE = text(
    """
    DELETE FROM background_jobs
    WHERE tenant_id = :tenant_id AND status = 'queued'
      AND kind IN ('enrich_now', 'enrich_nightly')
      AND payload->>'rule_id' = :rule_id
      AND NOT (dedupe_key = ANY(CAST(:uens AS text[])))
    """
)


@dataclass(frozen=True)
class _Targets:
    """The companies an adopted rule queues, best lookalikes first."""

    uens: list[str]
    names: list[str]
    capped: bool
    technographic_unjudged: int
    technographic_dropped: int
    #: The segment's live companies that may be queued: not the tenant's own customers,
    #: not excluded (before the tool filter and the cap).
    eligible: int
    #: Eligible companies beyond ``limit``.
    over_cap: int


NOT_QUEUED_WORDS = {
    "yours_or_excluded": "your own customers or exclusions",
    "tool_filter": "running none of the rule's tools",
    "over_the_cap": "over the nightly cap",
    "already_queued": "queued already",
}


def not_queued_sentence(not_queued: Mapping[str, int]) -> str:
    """Why matches were not queued, as a person says it ("not queued: 3 (your own
    customers or exclusions)"); empty when every match was queued."""
    parts = [f"{count:,} ({NOT_QUEUED_WORDS[k]})" for k, count in not_queued.items() if count]
    return f"not queued: {', '.join(parts)}" if parts else ""


def _ranked_targets(
    conn: Connection, tenant_id: int, card: Mapping[str, Any], rule: Mapping[str, Any], limit: int
) -> _Targets:
    """Up to ``limit`` companies for the rule, in the card's lookalike order: live,
    in the rule's SSIC filters less its exclusions, not the tenant's own, and running one
    of its tools where crawled evidence can tell."""
    from icp_assets.lookalikes.scoring import filter_by_tools
    from icp_assets.lookalikes.storage import rank_card, tenant_exclusions

    ranked = rank_card(
        conn,
        tenant_id,
        card,
        tenant_exclusions(conn, tenant_id),
        limit=None,
        ssic_filters=rule["ssic_filters"],
        exclude_ssic=rule["exclude_ssic"],
    )
    filtered = filter_by_tools(ranked.ranked, rule["technographic_filters"])
    kept = filtered.kept.head(limit + 1)
    chosen = kept.head(limit)
    return _Targets(
        chosen["uen"].tolist() if not chosen.empty else [],
        chosen["entity_name"].tolist() if not chosen.empty else [],
        len(kept) > limit,
        filtered.unjudged,
        filtered.dropped,
        len(ranked.ranked),
        max(0, len(filtered.kept) - limit),
    )


def accept_suggestion(
    warehouse: Warehouse,
    tenant_id: int,
    suggestion_id: str | None,
    actor: str,
    exclude_ssic: Sequence[str] = (),
    min_headcount: int | None = None,
    run_now_limit: int | None = None,
    *,
    card: Mapping[str, Any] | None = None,
    nightly_cap: int = NIGHTLY_QUEUE_CAP,
    now: datetime | None = None,
) -> AcceptResult:
    """Adopt a card of the tenant's latest generation by ``suggestion_id``, or a
    suggestion given by its fields as ``card`` (a card edited outside the pipeline, the
    plan's ``{"ssic_cluster", "integrations", "champions"}``, a normalized rule: see
    ``card_from_fields``; with ``suggestion_id`` too, its id must be that), in one tenant
    transaction. A given rule's own ``exclude_ssic`` and ``min_headcount`` count as if
    passed here.

    Upserts the normalized rule (one per suggestion), writes an ``audit_log`` entry,
    and queues enrichment of the matching live register companies that are not the
    tenant's own seeds or lost customers: the first ``run_now_limit`` (the
    ``RUN_NOW_LIMIT`` setting by default) as ``enrich_now``, up to
    ``nightly_cap`` more as ``enrich_nightly`` at the next 02:00 Singapore time.
    A company already queued is not queued again, so accepting twice queues nothing.

    Raises:
        SuggestionNotFoundError: the id is not in the latest generation.
        ValueError: an invalid exclusion or minimum headcount (see ``normalize_rule``).
    """
    settings = get_settings()
    if run_now_limit is None:
        run_now_limit = settings.run_now_limit
    if run_now_limit < 0:
        raise ValueError(f"run_now_limit must be 0 or more, not {run_now_limit!r}")
    now = now or datetime.now(UTC)
    with warehouse.tenant_transaction(tenant_id) as conn:
        generation = latest_generation(conn, tenant_id)
        adopted_as_given = card is not None
        if card is None:
            if suggestion_id is None:
                raise ValueError("give the suggestion's id or its fields")
            card = generation.card(suggestion_id) if generation else None
            if card is None:
                available = generation.suggestion_ids if generation else []
                raise SuggestionNotFoundError(tenant_id, suggestion_id, available)
        else:
            given = card
            card = card_from_fields(given, generation.cards if generation else ())
            if suggestion_id is not None and card["id"] != suggestion_id:
                raise ValueError(f"the card's id {card['id']!r} is not {suggestion_id!r}")
            suggestion_id = card["id"]
            exclude_ssic = [*exclude_ssic, *(given.get("exclude_ssic") or ())]
            if min_headcount is None:
                min_headcount = given.get("min_headcount")
        rule = normalize_rule(card, exclude_ssic, min_headcount)

        existing = conn.execute(
            _EXISTING_RULE, {"tenant_id": tenant_id, "suggestion_id": suggestion_id}
        ).first()
        changed = rule_changes(existing.rule if existing else None, rule)
        saved = conn.execute(
            _UPSERT_RULE,
            {
                "tenant_id": tenant_id,
                "suggestion_id": suggestion_id,
                "name": rule["title"],
                "rule": json.dumps(rule),
                "actor": actor,
            },
        ).one()

        targets = _ranked_targets(conn, tenant_id, card, rule, run_now_limit + nightly_cap)
        queued = {}
        nightly = next_nightly_run(now, settings.nightly_cron, settings.nightly_timezone)
        for kind, batch, run_after in (
            (ENRICH_NOW, slice(0, run_now_limit), now),
            (ENRICH_NIGHTLY, slice(run_now_limit, None), nightly),
        ):
            queued[kind] = conn.execute(
                _QUEUE,
                {
                    "tenant_id": tenant_id,
                    "kind": kind,
                    "uens": targets.uens[batch],
                    "names": targets.names[batch],
                    "rule_id": saved.id,
                    "suggestion_id": suggestion_id,
                    "min_headcount": min_headcount,
                    "run_after": run_after,
                },
            ).rowcount
        dequeued = 0
        if changed:
            dequeued = conn.execute(
                _DEQUEUE,
                {
                    "tenant_id": tenant_id,
                    "rule_id": str(saved.id),
                    "uens": targets.uens,
                },
            ).rowcount
        result = AcceptResult(
            rule_id=saved.id,
            created=bool(saved.inserted),
            queued_now=queued[ENRICH_NOW],
            queued_nightly=queued[ENRICH_NIGHTLY],
            changed=changed,
            register_matches=(
                matches := count_live_companies(conn, SsicFilter.parse(rule["ssic_filters"]))
            ),
            not_queued={
                "yours_or_excluded": max(0, matches - targets.eligible),
                "tool_filter": targets.technographic_dropped,
                "over_the_cap": targets.over_cap,
                "already_queued": len(targets.uens) - queued[ENRICH_NOW] - queued[ENRICH_NIGHTLY],
            },
            nightly_capped=targets.capped,
            nightly_cap=nightly_cap,
            dequeued=dequeued,
            technographic_unjudged=targets.technographic_unjudged,
            technographic_dropped=targets.technographic_dropped,
        )
        conn.execute(
            _AUDIT,
            {
                "tenant_id": tenant_id,
                "actor": actor,
                "entity_id": str(saved.id),
                "details": json.dumps(
                    {
                        "suggestion_id": suggestion_id,
                        "generation_id": generation.generation_id if generation else None,
                        "card_given": adopted_as_given,
                        "created": result.created,
                        "rule": rule,
                        "changed": changed,
                        "queued_now": result.queued_now,
                        "queued_nightly": result.queued_nightly,
                        "dequeued": dequeued,
                        "nightly_capped": result.nightly_capped,
                    }
                ),
            },
        )
    log.info(
        "accept tenant=%s suggestion=%s rule=%s created=%s now=%s nightly=%s",
        tenant_id,
        suggestion_id,
        result.rule_id,
        result.created,
        result.queued_now,
        result.queued_nightly,
    )
    return result
