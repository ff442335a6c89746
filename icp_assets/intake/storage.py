"""The intake stage's tables: saving an intake with its seeds in one tenant transaction,
reading a tenant's latest intake, and replacing its working set of seeds."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from icp_assets.intake.model import (
    ReadIntake,
    canonical_json,
    intake_warnings,
    read_intake,
    seed_rows,
)
from icp_assets.intake.selection import IntakeSeed, SeedSelection, select_seeds
from resources.warehouse import Warehouse, check_tenant_id, replace_tenant_rows

logger = logging.getLogger("icp.intake")

INSERT_RESPONSE = text(
    """
    INSERT INTO icp_intake_responses
        (tenant_id, submitted_by, payload, payload_sha256, warnings, submitted_payload)
    VALUES (:tenant_id, :submitted_by, CAST(:payload AS jsonb), :sha256,
            CAST(:warnings AS jsonb), CAST(:submitted AS jsonb))
    RETURNING id
    """
)
INSERT_SEED = text(
    """
    INSERT INTO customer_seeds
        (tenant_id, intake_id, position, kind, name, website, domain, normalized_name, reason)
    VALUES
        (:tenant_id, :intake_id, :position, :kind, :name, :website, :domain,
         :normalized_name, :reason)
    """
)


#: What a stored intake's receipt says: the intake sensor requests the tenant's pipeline
#: run for it on its next tick, under ``intake_run_key``.
QUEUED = "queued"


def intake_run_key(intake_id: int) -> str:
    """The run key of the pipeline run the intake sensor requests for intake ``intake_id``."""
    return f"intake-{intake_id}"


@dataclass(frozen=True)
class IntakeReceipt:
    response_id: int
    tenant_id: int
    warnings: list[str] = field(default_factory=list)
    seeds: int = 0

    @property
    def run_key(self) -> str:
        return intake_run_key(self.response_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": QUEUED,
            "response_id": self.response_id,
            "queued_job_id": self.run_key,
            "warnings": self.warnings,
        }


def save_intake(
    warehouse: Warehouse, tenant_id: int | str, submitted_by: str, data: Any
) -> IntakeReceipt:
    """Validate and store an intake with its seeds: ``data`` as sent (the form or the
    chat's, in the model's names or the plan's), or as ``read_intake`` read it. The row
    keeps the payload in the model's names and, beside it, what was sent.

    Nothing is written unless the whole payload is valid and every row is stored.

    Raises:
        IntakeValidationError: the payload is invalid; names every bad field.
        ValueError: the tenant id or the submitting user is unusable.
    """
    tenant = check_tenant_id(tenant_id)
    if not submitted_by or not submitted_by.strip():
        raise ValueError("the submitting user is required")
    intake = data if isinstance(data, ReadIntake) else read_intake(data)
    payload = intake.payload
    warnings = [*intake_warnings(payload), *intake.notes]
    body = canonical_json(payload)
    rows = seed_rows(payload)
    with warehouse.tenant_transaction(tenant) as conn:
        response_id = conn.execute(
            INSERT_RESPONSE,
            {
                "tenant_id": tenant,
                "submitted_by": submitted_by.strip(),
                "payload": body,
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "warnings": json.dumps(warnings),
                "submitted": json.dumps(intake.submitted),
            },
        ).scalar_one()
        conn.execute(
            INSERT_SEED,
            [
                {
                    "tenant_id": tenant,
                    "intake_id": response_id,
                    "position": row.position,
                    "kind": row.kind,
                    "name": row.name,
                    "website": row.website,
                    "domain": row.domain,
                    "normalized_name": row.normalized_name,
                    "reason": row.reason,
                }
                for row in rows
            ],
        )
    logger.info(
        "intake saved tenant=%s response_id=%s seeds=%s warnings=%s",
        tenant,
        response_id,
        len(rows),
        len(warnings),
    )
    return IntakeReceipt(
        response_id=response_id, tenant_id=tenant, warnings=warnings, seeds=len(rows)
    )


# -- the latest intake -------------------------------------------------------------------

LATEST_INTAKE = text(
    """
    SELECT id, payload, payload_sha256, extract(epoch FROM created_at) AS submitted_at,
           COALESCE(submitted_payload, payload) AS submitted_payload
    FROM icp_intake_responses
    WHERE tenant_id = :tenant_id
    ORDER BY id DESC LIMIT 1
    """
)


@dataclass(frozen=True)
class StoredIntake:
    """A tenant's intake as stored: its id, the canonical payload and its hash, when it
    was submitted (seconds since the epoch), and the intake as its client sent it (the
    canonical payload for intakes stored before migration 0014 kept what was sent)."""

    intake_id: int
    payload: dict[str, Any]
    payload_sha256: str
    submitted_at: float
    submitted_payload: Any


def latest_intake(conn: Connection, tenant_id: int) -> StoredIntake | None:
    """The tenant's newest intake, or None before the first; within a tenant transaction."""
    row = conn.execute(LATEST_INTAKE, {"tenant_id": tenant_id}).first()
    if row is None:
        return None
    return StoredIntake(
        row.id, row.payload, row.payload_sha256, float(row.submitted_at), row.submitted_payload
    )


# -- the working set of seeds ------------------------------------------------------------

INTAKE_SEEDS = text(
    """
    SELECT id, kind, name, domain, normalized_name, reason FROM customer_seeds
    WHERE tenant_id = :tenant_id AND intake_id = :intake_id
    ORDER BY kind, position
    """
)
REPLACE_SEEDS = (
    text("DELETE FROM seeds WHERE tenant_id = :tenant_id"),
    text(
        """
        INSERT INTO seeds (seed_id, tenant_id, intake_id, kind, name, domain,
                           normalized_name, reason, merged_seed_ids)
        VALUES (:seed_id, :tenant_id, :intake_id, :kind, :name, :domain, :normalized_name,
                :reason, :merged_seed_ids)
        """
    ),
)


class NoIntakeError(RuntimeError):
    """The tenant has no intake to take seeds from."""


def replace_seeds(conn: Connection, tenant_id: int) -> tuple[int, SeedSelection]:
    """Select the working set of seeds from the tenant's latest intake and replace its
    ``seeds`` slice, within the caller's tenant transaction; returns the intake id and
    the selection.

    Raises:
        NoIntakeError: the tenant has no intake.
    """
    intake = latest_intake(conn, tenant_id)
    rows = (
        conn.execute(INTAKE_SEEDS, {"tenant_id": tenant_id, "intake_id": intake.intake_id}).all()
        if intake
        else []
    )
    if intake is None or not rows:
        raise NoIntakeError(f"tenant {tenant_id} has no intake: submit one first")
    selection = select_seeds(
        [IntakeSeed(r.id, r.kind, r.name, r.domain, r.normalized_name, r.reason) for r in rows]
    )
    replace_tenant_rows(
        conn,
        *REPLACE_SEEDS,
        tenant_id,
        [
            {
                "seed_id": s.seed.seed_id,
                "tenant_id": tenant_id,
                "intake_id": intake.intake_id,
                "kind": s.seed.kind,
                "name": s.seed.name,
                "domain": s.seed.domain,
                "normalized_name": s.seed.normalized_name,
                "reason": s.seed.reason,
                "merged_seed_ids": list(s.merged_seed_ids),
            }
            for s in selection.seeds
        ],
    )
    return intake.intake_id, selection
