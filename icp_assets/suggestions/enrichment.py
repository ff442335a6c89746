"""Enrichment of the register companies an adopted card queued: each due job's UEN
looked up in the register, and the company's status and SSIC codes recorded on the job
(``done``), or the reason it could not be (``failed``)."""

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text

from icp_assets.reference.queries import candidates_by_uen
from icp_assets.reference.register_rows import RegisterCandidate
from resources.warehouse import Warehouse

DUE_ENRICHMENT = text(
    """
    SELECT id, tenant_id, dedupe_key, payload->>'uen' AS uen FROM background_jobs
    WHERE kind = 'enrich_nightly' AND status = 'queued' AND run_after <= now()
    ORDER BY tenant_id, id
    """
)
FINISH_JOB = text(
    """
    UPDATE background_jobs SET status = :status, attempts = attempts + 1,
        payload = payload || CAST(:result AS jsonb), last_error = :error, updated_at = now()
    WHERE id = :id AND tenant_id = :tenant_id AND status = 'queued'
    """
)


def _enrichment_result(
    candidate: RegisterCandidate | None,
) -> tuple[str, dict[str, Any], str | None]:
    if candidate is None:
        return "failed", {}, "UEN not found in the register"
    result = {
        "entity_name": candidate.entity_name,
        "entity_status": candidate.status,
        "live": candidate.is_live,
        "primary_ssic_code": candidate.primary_ssic_code,
        "primary_ssic_description": candidate.primary_ssic_description,
        "secondary_ssic_code": candidate.secondary_ssic_code,
        "enriched_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    return "done", {"result": result}, None


def process_enrichment_jobs(store: Warehouse) -> dict[str, int]:
    """Enrich every queued ``enrich_nightly`` job that is due: look its UEN up in the
    register and record the company's live status and SSIC codes in the job's payload
    (``done``), or mark it ``failed`` with the reason. Each tenant's jobs are finished in
    that tenant's transaction."""
    with store.system_transaction() as conn:
        due = conn.execute(DUE_ENRICHMENT).all()
    by_tenant: dict[int, list[Any]] = {}
    for job in due:
        by_tenant.setdefault(job.tenant_id, []).append(job)
    counts = {"done": 0, "failed": 0}
    for tenant_id, jobs in by_tenant.items():
        with store.tenant_transaction(tenant_id) as conn:
            found = candidates_by_uen(conn, [job.uen or job.dedupe_key for job in jobs])
            for job in jobs:
                status, result, error = _enrichment_result(found.get(job.uen or job.dedupe_key))
                updated = conn.execute(
                    FINISH_JOB,
                    {
                        "id": job.id,
                        "tenant_id": tenant_id,
                        "status": status,
                        "result": json.dumps(result),
                        "error": error,
                    },
                ).rowcount
                counts[status] += updated
    return counts
