"""Intake: validated whole, stored with its seeds in one transaction, or not at all."""

from __future__ import annotations

import copy

import pytest

from icp_assets.intake.model import (
    IntakeValidationError,
    intake_warnings,
    parse_intake,
    seed_rows,
)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.update(best_customers=[]), "best_customers"),
        (lambda p: p.pop("best_customers"), "best_customers"),
        (lambda p: p.pop("website"), "website"),
        (lambda p: p["lost_customers"][1].pop("reason"), "lost_customers[1].reason"),
        (
            lambda p: p.update(best_customers=[{"name": f"Co {i}"} for i in range(51)]),
            "best_customers",
        ),
        (
            lambda p: p.update(
                lost_customers=[{"name": f"Co {i}", "reason": "x"} for i in range(21)]
            ),
            "lost_customers",
        ),
        (lambda p: p["best_customers"][0].update(name="x" * 201), "best_customers[0].name"),
        (lambda p: p["lost_customers"][0].update(reason="x" * 281), "lost_customers[0].reason"),
        (
            lambda p: p["best_customers"][0].update(website="ftp://acme.sg"),
            "best_customers[0].website",
        ),
    ],
)
def test_each_kind_of_bad_field_is_refused_by_name(sample_intake, change, field):
    payload = copy.deepcopy(sample_intake)
    change(payload)
    with pytest.raises(IntakeValidationError) as refused:
        parse_intake(payload)
    assert field in {error.field for error in refused.value.errors}


def test_a_payload_that_is_not_an_object_is_refused():
    with pytest.raises(IntakeValidationError, match="payload: must be a JSON object"):
        parse_intake(["a list"])


def test_five_best_customers_with_websites_and_three_lost_raise_no_warning(sample_intake):
    assert intake_warnings(parse_intake(sample_intake)) == []


def test_a_best_customer_without_a_website_is_accepted_with_a_warning(sample_intake):
    sample_intake["best_customers"].append({"name": "Nameonly Trading"})
    payload = parse_intake(sample_intake)
    assert any("Nameonly Trading" in w for w in intake_warnings(payload))
    assert seed_rows(payload)[5].domain is None
