"""Intake: validated whole, stored with its seeds in one transaction, or not at all."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import text

from icp_assets.intake.model import (
    IntakeValidationError,
)
from icp_assets.intake.storage import save_intake
from resources.warehouse import TenantIdError


def _counts(warehouse, tenant: int) -> tuple[int, int]:
    with warehouse.tenant_transaction(tenant) as conn:
        return (
            conn.execute(text("SELECT count(*) FROM icp_intake_responses")).scalar_one(),
            conn.execute(text("SELECT count(*) FROM customer_seeds")).scalar_one(),
        )


def test_a_valid_intake_is_stored_with_every_seed(warehouse, sample_intake):
    receipt = save_intake(warehouse, 7, "ops@acme", sample_intake)

    assert receipt.as_json() == {
        "status": "queued",
        "response_id": receipt.response_id,
        "queued_job_id": f"intake-{receipt.response_id}",
        "warnings": receipt.warnings,
    }
    with warehouse.tenant_transaction(7) as conn:
        seeds = conn.execute(
            text(
                "SELECT kind, position, name, domain, normalized_name, reason, intake_id "
                "FROM customer_seeds ORDER BY kind, position"
            )
        ).all()
        stored = conn.execute(text("SELECT submitted_by, payload FROM icp_intake_responses")).one()
    assert len(seeds) == 8
    assert {s.intake_id for s in seeds} == {receipt.response_id}
    assert seeds[0].kind == "best" and seeds[0].domain == "harbourline-logistics.sg"
    assert seeds[0].normalized_name == "harbourline logistics"
    lost = [s for s in seeds if s.kind == "lost"]
    assert [s.reason for s in lost] == ["budget", "on-prem only", "too small"]
    assert lost[-1].domain is None
    assert stored.submitted_by == "ops@acme"
    assert stored.payload["website"] == "https://www.lumenledger.sg"


def test_an_invalid_intake_names_every_bad_field_and_stores_nothing(warehouse, sample_intake):
    bad = copy.deepcopy(sample_intake)
    bad["website"] = "not a website"
    bad["best_customers"][1]["website"] = "http://10.0.0.1/admin"
    bad["best_customers"][2]["name"] = "   "
    bad["lost_customers"][0]["reason"] = ""
    bad["employee_band"] = "lots"
    bad["timezones"] = ["Mars/Olympus"]
    bad["deal"] = {"acv_usd": -5}
    bad["advanced"] = {"Z": {"x": "y"}}
    bad["surprise"] = True

    with pytest.raises(IntakeValidationError) as refused:
        save_intake(warehouse, 7, "ops@acme", bad)

    fields = {error.field for error in refused.value.errors}
    assert {
        "website",
        "best_customers[1].website",
        "best_customers[2].name",
        "lost_customers[0].reason",
        "employee_band",
        "timezones",
        "deal.acv_usd",
        "advanced.Z",
        "surprise",
    } <= fields
    assert "best_customers[1].website" in str(refused.value)
    assert _counts(warehouse, 7) == (0, 0)


def test_fewer_than_five_best_customers_is_saved_with_a_low_confidence_warning(
    warehouse, sample_intake
):
    sample_intake["best_customers"] = sample_intake["best_customers"][:2]
    receipt = save_intake(warehouse, 3, "ops@acme", sample_intake)
    assert any(w.startswith("low confidence: 2 best customers") for w in receipt.warnings)
    assert _counts(warehouse, 3) == (1, 5)


@pytest.mark.parametrize("tenant", [0, -1, "abc", "1.5", ""])
def test_a_bad_tenant_id_is_refused(warehouse, sample_intake, tenant):
    with pytest.raises(TenantIdError):
        save_intake(warehouse, tenant, "ops@acme", sample_intake)


def test_a_missing_user_is_refused(warehouse, sample_intake):
    with pytest.raises(ValueError, match="submitting user"):
        save_intake(warehouse, 1, "  ", sample_intake)
    assert _counts(warehouse, 1) == (0, 0)
