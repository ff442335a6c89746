"""The seed resolver: seeds whose register match a person should settle, and storing
the register entity a person chose for one.

A choice is the UEN set on the seed's company (``companies.uen``), which the mapping
takes as confirmed and matches outright (method ``domain``) on its next run; each
choice is also a ``seed_resolutions`` row, which the resolution sensor turns into a
re-run of the tenant's pipeline, and an ``audit_log`` entry.

``normalize_uen``, ``resolver_entry`` and ``rerun_run_key`` are pure; the rest works
inside the caller's tenant transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, text

from icp_assets.reference.queries import candidates_by_uen

ResolverStatus = Literal["ambiguous", "unmatched", "matched_by_site", "confirmed"]

# Listed in this order: what most needs a person first.
STATUS_ORDER: tuple[ResolverStatus, ...] = (
    "ambiguous",
    "unmatched",
    "matched_by_site",
    "confirmed",
)
KIND_ORDER = ("best", "lost")
# The score the mapping gives a UEN a person confirmed (see matching.decide_match).
CONFIRMED_SCORE = 1.0
UEN_PATTERN = re.compile(r"[A-Z0-9]{9,10}")
#: The forms a UEN takes: a business (8 digits and a letter), a local company (9 digits
#: and a letter), another entity (T/S/R, 2 digits, 2 letters, 4 digits, a letter).
UEN_FORMS = r"(?:\d{8,9}[A-Z]|[TSR]\d{2}[A-Z]{2}\d{4}[A-Z])"
RERUN_PREFIX = "resolve-"

RESOLVER_SEEDS = text(
    """
    SELECT s.seed_id, s.kind, s.name, s.domain,
           a.uen AS matched_uen, a.matched_name, a.score, a.ambiguous, a.candidates,
           c.uen AS confirmed_uen, r.entity_name AS confirmed_name,
           w.uen AS site_uen, w.matched_name AS site_name, w.score AS site_score,
           w.stated AS site_stated, w.url AS site_url
    FROM seeds s
    JOIN acra_matches a ON a.seed_id = s.seed_id
    LEFT JOIN company_map m ON m.seed_id = s.seed_id
    LEFT JOIN companies c ON c.id = m.company_id
    LEFT JOIN staging_acra_companies r ON r.uen = c.uen
    LEFT JOIN site_register_matches w ON w.seed_id = s.seed_id
    WHERE s.tenant_id = :tenant_id
      AND (a.ambiguous OR a.uen IS NULL OR c.uen IS NOT NULL)
    """
)
SEED_COMPANY = text(
    """
    SELECT cs.id AS seed_id, m.company_id, a.uen AS matched_uen
    FROM customer_seeds cs
    LEFT JOIN company_map m ON m.seed_id = cs.id
    LEFT JOIN acra_matches a ON a.seed_id = cs.id
    WHERE cs.id = :seed_id AND cs.tenant_id = :tenant_id
    """
)
# Locked, so two people resolving seeds of one company record each other's choice as
# the previous UEN rather than both reading the same one.
LOCK_COMPANY_UEN = text("SELECT uen FROM companies WHERE id = :company_id FOR UPDATE")
SET_COMPANY_UEN = text("UPDATE companies SET uen = :uen, updated_at = now() WHERE id = :company_id")
INSERT_RESOLUTION = text(
    """
    INSERT INTO seed_resolutions (tenant_id, seed_id, uen, decided_by, previous_uen)
    VALUES (:tenant_id, :seed_id, :uen, :decided_by, :previous_uen)
    RETURNING id
    """
)
INSERT_AUDIT = text(
    """
    INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, details)
    VALUES (:tenant_id, :actor, 'resolve_seed', 'seed', :entity_id, CAST(:details AS jsonb))
    """
)


class InvalidUenError(ValueError):
    """Text that is not a UEN (9 or 10 letters and digits)."""


class UenNotInRegisterError(ValueError):
    """A well-formed UEN the register does not hold."""


class SeedNotFoundError(LookupError):
    """No seed with this id for the tenant (another tenant's seed is not seen at all)."""


class SeedNotMappedError(RuntimeError):
    """The seed has no company row yet: the tenant's mapping has not run for it."""


def normalize_uen(value: str) -> str:
    """``value`` as a UEN: trimmed and upper-cased, 9 or 10 letters and digits.

    Raises:
        InvalidUenError: naming what was given.
    """
    uen = value.strip().upper()
    if not UEN_PATTERN.fullmatch(uen):
        raise InvalidUenError(
            f"a UEN is 9 or 10 letters and digits, such as 201912345K; got {value!r}"
        )
    return uen


def is_uen(value: str) -> bool:
    """Whether ``value`` is written in one of the forms of a UEN (``UEN_FORMS``)."""
    return bool(re.fullmatch(UEN_FORMS, value.strip().upper()))


def rerun_run_key(resolution_id: int) -> str:
    """The run key of the pipeline run that applies resolution ``resolution_id``."""
    return f"{RERUN_PREFIX}{resolution_id}"


def _candidate_json(candidate: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uen": candidate["uen"],
        "entity_name": candidate.get("entity_name"),
        "status": candidate.get("status"),
        "primary_ssic_code": candidate.get("primary_ssic_code"),
        "primary_ssic_description": candidate.get("primary_ssic_description"),
        "score": float(candidate.get("score") or 0.0),
    }


def resolver_entry(row: Any) -> dict[str, Any]:
    """One seed as the resolver lists it, from a ``RESOLVER_SEEDS`` row.

    Status: ``confirmed`` when a person set the company's UEN (whether or not the
    mapping has re-run since), ``matched_by_site`` when its website stated its legal
    name or UEN, else ``ambiguous`` or ``unmatched`` as the mapping left it.
    ``current`` is the confirmed UEN, the entity its site states (with the reason), for
    an ambiguous seed the top candidate (the one a person would confirm), or none.
    """
    candidates = [_candidate_json(c) for c in row.candidates or ()]
    current: dict[str, Any] | None = None
    status: ResolverStatus
    if row.confirmed_uen:
        status = "confirmed"
        applied = row.matched_uen == row.confirmed_uen
        current = {
            "uen": row.confirmed_uen,
            "entity_name": row.confirmed_name or (row.matched_name if applied else None),
            "score": float(row.score) if applied else CONFIRMED_SCORE,
        }
    elif row.site_uen:
        # Settled by what the seed's own website states: shown, with that reason.
        status = "matched_by_site"
        current = {
            "uen": row.site_uen,
            "entity_name": row.site_name,
            "score": float(row.site_score),
            "reason": f"stated on its website: {row.site_stated}",
            "url": row.site_url,
        }
    elif row.ambiguous:
        status = "ambiguous"
        if candidates:
            top = candidates[0]
            current = {k: top[k] for k in ("uen", "entity_name", "score")}
    else:
        status = "unmatched"
    return {
        "seed_id": row.seed_id,
        "name": row.name,
        "kind": row.kind,
        "domain": row.domain,
        "status": status,
        "current": current,
        "candidates": candidates,
    }


def _listing_order(entry: Mapping[str, Any]) -> tuple[int, int, int]:
    return (
        STATUS_ORDER.index(entry["status"]),
        KIND_ORDER.index(entry["kind"]),
        entry["seed_id"],
    )


def resolver_seeds(conn: Connection, tenant_id: int) -> list[dict[str, Any]]:
    """The tenant's seeds a person may settle: ambiguous, unmatched or confirmed by a
    person, in that order, best customers before lost ones."""
    rows = conn.execute(RESOLVER_SEEDS, {"tenant_id": tenant_id}).all()
    return sorted((resolver_entry(row) for row in rows), key=_listing_order)


@dataclass(frozen=True)
class SeedResolution:
    """A stored choice: the seed, the register entity chosen, and what it replaced."""

    resolution_id: int
    seed_id: int
    uen: str
    entity_name: str
    previous_uen: str | None

    @property
    def rerun_job_id(self) -> str:
        return rerun_run_key(self.resolution_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "seed_id": self.seed_id,
            "uen": self.uen,
            "entity_name": self.entity_name,
            "rerun_job_id": self.rerun_job_id,
        }


def resolve_seed(
    conn: Connection, tenant_id: int, seed_id: int, uen: str, actor: str
) -> SeedResolution:
    """Store ``uen`` as the seed's register entity, within the caller's tenant
    transaction: the UEN on the seed's company, a ``seed_resolutions`` row for the
    re-run, and an audit entry with the previous and the new UEN.

    Raises:
        InvalidUenError: ``uen`` is not a UEN.
        SeedNotFoundError: no such seed for the tenant.
        SeedNotMappedError: the seed has no company row yet.
        UenNotInRegisterError: the register has no entity with this UEN.
    """
    uen = normalize_uen(uen)
    seed = conn.execute(SEED_COMPANY, {"tenant_id": tenant_id, "seed_id": seed_id}).one_or_none()
    if seed is None:
        raise SeedNotFoundError(f"no seed {seed_id} for this tenant")
    if seed.company_id is None:
        raise SeedNotMappedError(
            f"seed {seed_id} has no company yet: the tenant's mapping has not run for it"
        )
    entity = candidates_by_uen(conn, [uen]).get(uen)
    if entity is None:
        raise UenNotInRegisterError(f"UEN {uen} is not in the register")
    confirmed_uen = conn.execute(LOCK_COMPANY_UEN, {"company_id": seed.company_id}).scalar_one()
    previous_uen = confirmed_uen or seed.matched_uen
    conn.execute(SET_COMPANY_UEN, {"uen": uen, "company_id": seed.company_id})
    resolution_id = conn.execute(
        INSERT_RESOLUTION,
        {
            "tenant_id": tenant_id,
            "seed_id": seed_id,
            "uen": uen,
            "decided_by": actor,
            "previous_uen": previous_uen,
        },
    ).scalar_one()
    conn.execute(
        INSERT_AUDIT,
        {
            "tenant_id": tenant_id,
            "actor": actor,
            "entity_id": str(seed_id),
            "details": json.dumps(
                {
                    "previous_uen": previous_uen,
                    "uen": uen,
                    "entity_name": entity.entity_name,
                    "resolution_id": resolution_id,
                }
            ),
        },
    )
    return SeedResolution(resolution_id, seed_id, uen, entity.entity_name, previous_uen)
