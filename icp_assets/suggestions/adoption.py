"""Adopting a suggestion: the card's normalized rule in ``icp_rules``, an audit entry,
and enrichment of the matching register companies queued in ``background_jobs``.

``normalize_rule`` and ``next_nightly_run`` are pure; the rest reads and writes the
warehouse, always inside one tenant transaction.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from croniter import croniter
from sqlalchemy import Connection, text

from icp_assets.reference.queries import SsicFilter, count_live_companies, sample_live_companies
from icp_assets.settings import get_settings
from icp_assets.suggestions.generations import latest_generation
from resources.warehouse import Warehouse

log = logging.getLogger(__name__)

#: At most this many companies are queued for the nightly run per accept.
NIGHTLY_QUEUE_CAP = 5_000
ENRICH_NOW = "enrich_now"
ENRICH_NIGHTLY = "enrich_nightly"
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
    return [entry["code"] for entry in card.get("ssic_cluster") or ()]


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
            below 1, or exclusions that leave no SSIC filter.
    """
    suggestion_id = str(card.get("id") or "").strip()
    if not suggestion_id:
        raise ValueError("the suggestion card has no id")
    filters = _ssic_values(_card_ssic_filters(card), "ssic_filters")
    excluded = _ssic_values(exclude_ssic, "exclude_ssic")
    if min_headcount is not None and (
        isinstance(min_headcount, bool) or not isinstance(min_headcount, int) or min_headcount < 1
    ):
        raise ValueError(
            f"min_headcount must be a whole number of at least 1, not {min_headcount!r}"
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
_OWN_UENS = text(
    "SELECT DISTINCT uen FROM acra_matches WHERE tenant_id = :tenant_id AND uen IS NOT NULL"
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


def _matching_companies(
    conn: Connection, rule: Mapping[str, Any], exclude_uens: Sequence[str], limit: int
) -> tuple[list, bool]:
    """Up to ``limit`` live companies matching the rule, newest registrations first,
    exclusions and ``exclude_uens`` left out; and whether more than ``limit`` match."""
    ssic = SsicFilter.parse(rule["ssic_filters"])
    excluded = rule["exclude_ssic"]
    # Exclusions are applied to the rows read, so read enough rows to cover them.
    spare = count_live_companies(conn, SsicFilter.parse(excluded)) if excluded else 0
    candidates = sample_live_companies(
        conn, ssic, limit=limit + 1 + spare, exclude_uens=exclude_uens
    )
    kept = [
        c
        for c in candidates
        if not is_excluded((c.primary_ssic_code, c.secondary_ssic_code), excluded)
    ]
    return kept[:limit], len(kept) > limit


def accept_suggestion(
    warehouse: Warehouse,
    tenant_id: int,
    suggestion_id: str,
    actor: str,
    exclude_ssic: Sequence[str] = (),
    min_headcount: int | None = None,
    run_now_limit: int | None = None,
    *,
    card: Mapping[str, Any] | None = None,
    nightly_cap: int = NIGHTLY_QUEUE_CAP,
    now: datetime | None = None,
) -> AcceptResult:
    """Adopt a card of the tenant's latest generation, or ``card`` as given (a card
    edited outside the pipeline, whose id must be ``suggestion_id``), in one tenant
    transaction.

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
            card = generation.card(suggestion_id) if generation else None
            if card is None:
                available = generation.suggestion_ids if generation else []
                raise SuggestionNotFoundError(tenant_id, suggestion_id, available)
        elif str(card.get("id") or "").strip() != suggestion_id:
            raise ValueError(f"the card's id {card.get('id')!r} is not {suggestion_id!r}")
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

        own_uens = sorted(conn.execute(_OWN_UENS, {"tenant_id": tenant_id}).scalars())
        companies, capped = _matching_companies(conn, rule, own_uens, run_now_limit + nightly_cap)
        queued = {}
        for kind, batch, run_after in (
            (ENRICH_NOW, companies[:run_now_limit], now),
            (
                ENRICH_NIGHTLY,
                companies[run_now_limit:],
                next_nightly_run(now, settings.nightly_cron, settings.nightly_timezone),
            ),
        ):
            queued[kind] = conn.execute(
                _QUEUE,
                {
                    "tenant_id": tenant_id,
                    "kind": kind,
                    "uens": [c.uen for c in batch],
                    "names": [c.entity_name for c in batch],
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
                    "uens": [c.uen for c in companies],
                },
            ).rowcount
        result = AcceptResult(
            rule_id=saved.id,
            created=bool(saved.inserted),
            queued_now=queued[ENRICH_NOW],
            queued_nightly=queued[ENRICH_NIGHTLY],
            changed=changed,
            register_matches=count_live_companies(conn, SsicFilter.parse(rule["ssic_filters"])),
            nightly_capped=capped,
            nightly_cap=nightly_cap,
            dequeued=dequeued,
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
