"""Intake values PostgreSQL would refuse are refused at validation, naming the field,
through ``save_intake`` and ``POST /icp/intake`` alike: nothing reaches the database,
nothing answers 500."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import dagster as dg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from icp_api.app import create_app
from icp_api.auth import issue_token
from icp_assets.intake.model import IntakeValidationError
from icp_assets.intake.storage import save_intake

TENANT = 731
SECRET = "unstorable-values-secret-0123456789abcdef"
NUL = "\x00"


def _stored(warehouse, tenant: int) -> tuple[int, int]:
    with warehouse.tenant_transaction(tenant) as conn:
        return (
            conn.execute(text("SELECT count(*) FROM icp_intake_responses")).scalar_one(),
            conn.execute(text("SELECT count(*) FROM customer_seeds")).scalar_one(),
        )


def _with_nul(sample: dict[str, Any]) -> dict[str, Any]:
    """The sample intake with a NUL in every kind of string it has."""
    data = copy.deepcopy(sample)
    data["website"] = f"lumenledger.sg/a{NUL}b"
    data["best_customers"][0]["name"] = f"Harbour{NUL}line"
    data["best_customers"][1]["website"] = f"kopicorner.com.sg/{NUL}"
    data["lost_customers"][0]["reason"] = f"budget{NUL}"
    data["geos"] = [f"SG{NUL}"]
    data["champion_titles"] = [f"CFO{NUL}"]
    data["advanced"] = {"C": {f"who{NUL}": "finance", "how": f"remote{NUL}"}}
    return data


NUL_FIELDS = {
    "website",
    "best_customers[0].name",
    "best_customers[1].website",
    "lost_customers[0].reason",
    "geos[0]",
    "champion_titles[0]",
    "advanced.C.who\\u0000",
    "advanced.C.how",
}


def test_nul_characters_are_refused_by_field_before_the_database(warehouse, sample_intake):
    with pytest.raises(IntakeValidationError) as refused:
        save_intake(warehouse, TENANT, "ops@acme", _with_nul(sample_intake))
    assert {error.field for error in refused.value.errors} == NUL_FIELDS
    assert _stored(warehouse, TENANT) == (0, 0)


def test_text_tied_to_no_section_with_a_nul_is_refused_not_stored_as_sent(warehouse, sample_intake):
    with pytest.raises(IntakeValidationError) as refused:
        save_intake(
            warehouse, TENANT, "ops@acme", {**sample_intake, "advanced": {"A_to_H": f"x{NUL}"}}
        )
    assert [error.field for error in refused.value.errors] == ["advanced.A_to_H"]
    assert _stored(warehouse, TENANT) == (0, 0)


@pytest.fixture
def client(test_settings, warehouse) -> Iterator[TestClient]:
    settings = test_settings.model_copy(
        update={"jwt_secret": SECRET, "api_intake_rate_limit": "1000/minute"}
    )
    token = issue_token(settings, subject="ops@acme.sg", tenant_id=TENANT, roles=["ops"])
    with dg.instance_for_test() as instance:
        app = create_app(settings, warehouse=warehouse, instance=instance)
        with TestClient(app, raise_server_exceptions=False) as client:
            client.headers["Authorization"] = f"Bearer {token}"
            yield client


def _refused(response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {item["field"]: item["message"] for item in response.json()["detail"]}


def test_the_api_answers_422_naming_each_field_with_a_nul(client, warehouse, sample_intake):
    errors = _refused(client.post("/icp/intake", json=_with_nul(sample_intake)))
    assert set(errors) == NUL_FIELDS
    assert all("NUL" in message for message in errors.values())
    assert _stored(warehouse, TENANT) == (0, 0)


def test_the_chat_form_with_a_nul_or_an_invisible_name_is_422(client, warehouse):
    chat = {
        "answers": {"website": "lumenledger.sg", "optional": {"acv": True}},
        "seeds": [
            {"seed_name": f"Ac{NUL}me", "domain": "acme.com"},
            {"name": "\u200b\u200d", "website": "beta.sg"},
            {"name": "Globex", "kind": "lost", "reason": f"budget{NUL}"},
        ],
    }
    errors = _refused(client.post("/icp/intake", json=chat))
    assert set(errors) == {
        "seeds[0].seed_name",
        "seeds[1].name",
        "seeds[2].reason",
        "answers.optional.acv",
    }
    assert "invisible" in errors["seeds[1].name"]
    assert "number" in errors["answers.optional.acv"]
    assert _stored(warehouse, TENANT) == (0, 0)


def test_a_boolean_annual_contract_value_is_422_not_stored_as_one(client, warehouse, sample_intake):
    errors = _refused(client.post("/icp/intake", json={**sample_intake, "deal": {"acv_usd": True}}))
    assert set(errors) == {"deal.acv_usd"}
    assert _stored(warehouse, TENANT) == (0, 0)


def test_parse_reports_an_entry_with_a_nul_as_unreadable(client):
    response = client.post("/icp/intake/parse", json={"text": f"Acme — acme.com; Be{NUL}ta"})
    assert response.status_code == 200
    body = response.json()
    assert [c["name"] for c in body["best_customers"]] == ["Acme"]
    assert [u["text"] for u in body["unparsed"]] == [f"Be{NUL}ta"]
