"""Saving an intake: the response and its seeds, in one tenant transaction."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from icp_assets.intake_model import canonical_json, intake_warnings, parse_intake, seed_rows
from resources.warehouse import Warehouse, check_tenant_id

logger = logging.getLogger("icp.icp_intake")

INSERT_RESPONSE = text(
    """
    INSERT INTO icp_intake_responses (tenant_id, submitted_by, payload, payload_sha256, warnings)
    VALUES (:tenant_id, :submitted_by, CAST(:payload AS jsonb), :sha256, CAST(:warnings AS jsonb))
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


def intake_run_key(intake_id: int) -> str:
    """The run key of the pipeline run the intake sensor requests for intake ``intake_id``."""
    return f"intake-{intake_id}"


@dataclass(frozen=True)
class IntakeReceipt:
    response_id: int
    tenant_id: int
    warnings: list[str] = field(default_factory=list)
    seeds: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"status": "saved", "response_id": self.response_id, "warnings": self.warnings}


def save_intake(
    warehouse: Warehouse, tenant_id: int | str, submitted_by: str, data: Any
) -> IntakeReceipt:
    """Validate and store an intake with its seeds.

    Nothing is written unless the whole payload is valid and every row is stored.

    Raises:
        IntakeValidationError: the payload is invalid; names every bad field.
        ValueError: the tenant id or the submitting user is unusable.
    """
    tenant = check_tenant_id(tenant_id)
    if not submitted_by or not submitted_by.strip():
        raise ValueError("the submitting user is required")
    payload = parse_intake(data)
    warnings = intake_warnings(payload)
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
