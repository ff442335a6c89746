"""The plan's own contract, on a real database: its example payloads, sent verbatim
(``support.plan_examples``), are accepted beside the API's own names, and its documented
response fields are in every answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dagster as dg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from icp_api.app import create_app
from icp_api.auth import issue_token
from resources.warehouse import Warehouse
from support import plan_examples as plan
from support.cards import add_register_companies, insert_generation, make_card

SECRET = "plan-contract-secret-0123456789abcdef-0123"
TENANT, OTHER_TENANT = 721, 722


class Api:
    def __init__(self, client: TestClient, settings: Any) -> None:
        self.client, self.settings = client, settings

    def headers(self, tenant: int = TENANT, role: str = "ops") -> dict[str, str]:
        token = issue_token(
            self.settings, subject="ops@lumenledger.sg", tenant_id=tenant, roles=[role]
        )
        return {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: Any, tenant: int = TENANT) -> Any:
        return self.client.post(path, json=body, headers=self.headers(tenant))

    def get(self, path: str, tenant: int = TENANT, role: str = "ops") -> Any:
        return self.client.get(path, headers=self.headers(tenant, role))


@pytest.fixture(scope="module")
def dagster_instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as instance:
        yield instance


@pytest.fixture
def make_api(test_settings, warehouse, dagster_instance) -> Iterator:
    clients: list[TestClient] = []

    def build(**overrides: Any) -> Api:
        settings = test_settings.model_copy(
            update={"jwt_secret": SECRET, "api_intake_rate_limit": "1000/minute", **overrides}
        )
        client = TestClient(create_app(settings, warehouse=warehouse, instance=dagster_instance))
        clients.append(client)
        return Api(client, settings)

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def api(make_api) -> Api:
    return make_api()


def stored_intake(warehouse: Warehouse, response_id: int) -> Any:
    with warehouse.tenant_transaction(TENANT) as conn:
        return conn.execute(
            text(
                "SELECT payload, submitted_payload, warnings FROM icp_intake_responses "
                "WHERE id = :id"
            ),
            {"id": response_id},
        ).one()


def stored_seeds(warehouse: Warehouse, response_id: int) -> list[tuple]:
    with warehouse.tenant_transaction(TENANT) as conn:
        return [
            tuple(row)
            for row in conn.execute(
                text(
                    "SELECT kind, name, website, reason FROM customer_seeds "
                    "WHERE intake_id = :id ORDER BY kind, position"
                ),
                {"id": response_id},
            )
        ]


def count(warehouse: Warehouse, table: str) -> int:
    with warehouse.system_transaction() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def assert_queued(response: Any) -> dict[str, Any]:
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == plan.INTAKE_RESPONSE_FIELDS["status"]
    assert set(plan.INTAKE_RESPONSE_FIELDS["fields"]) <= set(body)
    assert body["queued_job_id"] == f"intake-{body['response_id']}"
    return body


# -- intake ------------------------------------------------------------------------------


def test_the_appendix_intake_is_queued_and_stored_as_sent_beside_its_normalized_form(
    api, warehouse
):
    body = assert_queued(api.post("/icp/intake", plan.APPENDIX_INTAKE))
    row = stored_intake(warehouse, body["response_id"])
    assert row.submitted_payload == plan.APPENDIX_INTAKE
    assert row.payload == plan.APPENDIX_INTAKE_NORMALIZED
    assert body["warnings"] == row.warnings == []
    seeds = stored_seeds(warehouse, body["response_id"])
    assert [name for kind, name, _, _ in seeds if kind == "best"] == [
        c["name"] for c in plan.APPENDIX_INTAKE["best_customers"]
    ]
    assert [(name, reason) for kind, name, _, reason in seeds if kind == "lost"] == [
        (c["name"], c["reason"]) for c in plan.APPENDIX_INTAKE["lost_or_churned"]
    ]


@pytest.mark.parametrize(
    "intake",
    [plan.FAST_START_INTAKE, plan.FAST_START_SEEDS],
    ids=["website-and-best-customers", "website-and-seeds"],
)
def test_the_fast_start_journey_intake_is_queued_with_its_three_best_customers(
    api, warehouse, intake
):
    body = assert_queued(api.post("/icp/intake", intake))
    assert stored_seeds(warehouse, body["response_id"]) == [
        ("best", "Harbourline Logistics Pte. Ltd.", "harbourline-logistics.sg", None),
        ("best", "Merlion Freight", "merlionfreight.sg", None),
        ("best", "Orchid Retail Group", "orchidretail.sg", None),
    ]
    assert any(w.startswith("low confidence: 3 best customers") for w in body["warnings"])
    assert stored_intake(warehouse, body["response_id"]).submitted_payload == intake


def test_the_chat_form_reads_seed_names_domains_lost_and_the_optional_answers(api, warehouse):
    body = assert_queued(api.post("/icp/intake", plan.CHAT_INTAKE))
    row = stored_intake(warehouse, body["response_id"])
    assert row.submitted_payload == plan.CHAT_INTAKE
    payload = row.payload
    assert payload["website"] == "https://www.lumenledger.sg"
    assert [c["website"] for c in payload["best_customers"]] == [
        s["domain"] for s in plan.CHAT_INTAKE["seeds"]
    ]
    assert payload["lost_customers"] == [
        {"name": c["name"], "website": c["url"], "reason": c["reason"]}
        for c in plan.CHAT_INTAKE["answers"]["lost"]
    ]
    assert {
        key: payload[key]
        for key in ("geos", "integrations_required", "deal", "champion_titles", "triggers")
    } == {
        "geos": ["SG", "MY"],
        "integrations_required": ["Xero"],
        "deal": {"acv_usd": 18000.0, "sales_cycle_days": 45, "price_floor_usd": 6000.0},
        "champion_titles": ["Head of Finance"],
        "triggers": ["moving off spreadsheets"],
    }
    kinds = [kind for kind, *_ in stored_seeds(warehouse, body["response_id"])]
    assert kinds == ["best"] * 5 + ["lost"] * 2


def test_under_fast_start_only_the_plans_placeholder_for_sections_a_to_h_is_no_answer(
    make_api, warehouse
):
    fast = make_api(wizard_fast_start_only=True)
    assert_queued(fast.post("/icp/intake", plan.APPENDIX_INTAKE))
    answered = {**plan.APPENDIX_INTAKE, "advanced": {"A_to_H": {"C": "no agencies"}}}
    refused = fast.post("/icp/intake", answered)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["detail"]] == ["advanced"]


def test_text_for_sections_a_to_h_is_kept_as_sent_with_a_note_and_a_section_as_text_is_read(
    api, warehouse
):
    notes = {**plan.APPENDIX_INTAKE, "advanced": {"A_to_H": "we sell to finance teams"}}
    body = assert_queued(api.post("/icp/intake", notes))
    row = stored_intake(warehouse, body["response_id"])
    assert row.payload["advanced"] == {}
    assert row.submitted_payload["advanced"] == {"A_to_H": "we sell to finance teams"}
    assert any(w.startswith("advanced.A_to_H: text tied to none") for w in body["warnings"])

    sections = {**plan.APPENDIX_INTAKE, "advanced": {"A_to_H": {"C": "agencies"}, "A": "AP"}}
    body = assert_queued(api.post("/icp/intake", sections))
    assert stored_intake(warehouse, body["response_id"]).payload["advanced"] == {
        "A": {"answer": "AP"},
        "C": {"answer": "agencies"},
    }


def _without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


@pytest.mark.parametrize(
    ("make_body", "fields"),
    [
        pytest.param(
            lambda: {**plan.APPENDIX_INTAKE, "surprise": True}, ["surprise"], id="unknown-field"
        ),
        pytest.param(
            lambda: {**plan.APPENDIX_INTAKE, "lost_customers": []},
            ["lost_customers"],
            id="both-spellings-of-lost",
        ),
        pytest.param(
            lambda: {**plan.APPENDIX_INTAKE, "geos": ["SG"]},
            ["geos"],
            id="geos-twice",
        ),
        pytest.param(
            lambda: {
                **plan.APPENDIX_INTAKE,
                "deal": {"cycle_days": 45, "sales_cycle_days": 30},
            },
            ["deal.sales_cycle_days"],
            id="both-spellings-of-the-cycle",
        ),
        pytest.param(
            lambda: {
                **plan.APPENDIX_INTAKE,
                "geo_language_tz": {"geo": "SG", "tz": "Mars/Olympus", "currency": "SGD"},
            },
            ["geo_language_tz.currency", "geo_language_tz.tz"],
            id="geo-language-tz",
        ),
        pytest.param(
            lambda: {**plan.APPENDIX_INTAKE, "employee_band": "a few"},
            ["employee_band"],
            id="band",
        ),
        pytest.param(
            lambda: {
                **plan.CHAT_INTAKE,
                "seeds": [{"seed_name": "Acme", "domain": "localhost", "industry": "x"}],
            },
            ["seeds[0].domain", "seeds[0].industry"],
            id="chat-seed",
        ),
        pytest.param(
            lambda: {
                **plan.CHAT_INTAKE,
                "answers": {
                    **plan.CHAT_INTAKE["answers"],
                    "optional": {"acv": -1, "budget": 5},
                    "lost": [{"name": "Globex", "url": "globex.sg"}],
                },
            },
            ["answers.lost[0].reason", "answers.optional.acv", "answers.optional.budget"],
            id="chat-answers",
        ),
        pytest.param(
            lambda: _without(plan.FAST_START_SEEDS, "website"), ["website"], id="no-website"
        ),
    ],
)
def test_a_plan_payload_with_a_bad_field_is_refused_naming_it_as_sent(
    api, warehouse, make_body, fields
):
    response = api.post("/icp/intake", make_body())
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert sorted(e["field"] for e in detail) == sorted(fields)
    assert all(e["message"] for e in detail)
    assert count(warehouse, "icp_intake_responses") == 0
    assert count(warehouse, "customer_seeds") == 0


def test_every_intake_example_of_the_openapi_schema_is_queued(api):
    schema = api.client.get("/openapi.json").json()
    body = schema["paths"]["/icp/intake"]["post"]["requestBody"]["content"]["application/json"]
    examples = body["examples"]
    assert {"intake", "plan_intake", "fast_start", "chat", "plan_chat"} <= set(examples)
    for name, example in examples.items():
        assert api.post("/icp/intake", example["value"]).status_code == 202, name
    components = schema["components"]["schemas"]
    assert {"lost_or_churned", "geo_language_tz", "must_have_integrations"} <= set(
        components["IntakePayload"]["properties"]
    )
    assert "cycle_days" in components["Deal"]["properties"]


# -- suggestions -------------------------------------------------------------------------


def journey_card() -> dict[str, Any]:
    """The journey's card as the pipeline stores it: SSIC 62012 and 62019."""
    card = make_card(plan.JOURNEY_SUGGESTION_ID, ("62012", "62019"), title="Software firms")
    card["ssic_cluster"] = ["62012", "62019"]
    card["ssic_titles"] = {
        "62012": "Development of software and applications",
        "62019": "Other information technology and computer service activities",
    }
    return card


@pytest.fixture
def software_register(warehouse) -> Warehouse:
    """Twelve live software companies: six of 62012, six of 62019."""
    add_register_companies(
        warehouse,
        [(f"2023{index:05d}S", "62012" if index % 2 else "62019", None) for index in range(12)],
    )
    return warehouse


def test_cards_carry_the_plans_fields_and_ssic_cluster_is_the_list_of_codes(api, warehouse):
    insert_generation(warehouse, TENANT, [journey_card()])
    body = api.get("/icp/suggestions").json()
    [card] = body["suggestions"]
    for name, kind in plan.CARD_FIELDS.items():
        assert isinstance(card[name], kind), name
    assert card["ssic_cluster"] == plan.JOURNEY_SSIC_CLUSTER
    assert all(isinstance(code, str) for code in card["ssic_cluster"])
    assert card["ssic_titles"]["62012"] == "Development of software and applications"


def test_a_generation_stored_with_the_old_cluster_of_objects_reads_as_codes(api, warehouse):
    old = journey_card()
    old.pop("ssic_titles")
    old["ssic_cluster"] = [
        {"code": "62012", "title": "Development of software and applications"},
        {"code": "62019", "title": None},
    ]
    insert_generation(warehouse, TENANT, [old])
    insert_generation(warehouse, TENANT, [journey_card()])
    [card] = api.get("/icp/suggestions").json()["suggestions"]
    assert card["ssic_cluster"] == ["62012", "62019"]
    history = api.get("/icp/suggestions/history").json()
    assert history["compare"]["unchanged"] == [plan.JOURNEY_SUGGESTION_ID]

    insert_generation(warehouse, TENANT, [old])
    [card] = api.get("/icp/suggestions").json()["suggestions"]
    assert card["ssic_cluster"] == ["62012", "62019"]
    assert card["ssic_titles"] == {"62012": "Development of software and applications"}


def test_patterns_carry_the_plans_three_lists_beside_every_pattern(api, warehouse):
    rows = [
        ("ssic", "62019", 2),
        ("ssic", "62012", 4),
        ("integration", "xero", 3),
        ("integration", "hubspot", 3),
        ("buyer_title", "finance leadership", 2),
        ("location", "SG", 5),
    ]
    with warehouse.tenant_transaction(TENANT) as conn:
        conn.execute(
            text(
                "INSERT INTO icp_patterns (tenant_id, pattern_key, value, support, share, "
                "details) VALUES (:t, :key, :value, :support, :support / 5.0, '{}')"
            ),
            [{"t": TENANT, "key": k, "value": v, "support": n} for k, v, n in rows],
        )
    for role in ("viewer", "ops"):
        body = api.get("/icp/patterns", role=role).json()
        assert body["patterns"] == {
            "top_ssics": ["62012", "62019"],
            "common_integrations": ["hubspot", "xero"],
            "frequent_buyer_titles": ["finance leadership"],
        }
        assert set(plan.PATTERN_KEYS) <= set(body["patterns"])
        assert len(body["all_patterns"]) == len(rows)


# -- accept ------------------------------------------------------------------------------


def stored_rule(warehouse: Warehouse, tenant: int = TENANT) -> Any:
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(text("SELECT id, suggestion_id, rule FROM icp_rules")).one()


def assert_adopted(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(plan.ACCEPT_RESPONSE_FIELDS) <= set(body)
    assert body["ok"] is True
    return body


def test_the_journey_card_is_adopted_by_id(api, software_register):
    insert_generation(software_register, TENANT, [journey_card()])
    body = assert_adopted(api.post("/icp/accept", plan.ACCEPT_BY_ID))
    assert (body["queued_now"] + body["queued_nightly"], body["register_matches"]) == (12, 12)
    rule = stored_rule(software_register)
    assert (rule.suggestion_id, rule.rule["ssic_filters"]) == (
        plan.JOURNEY_SUGGESTION_ID,
        ["62012", "62019"],
    )


def test_the_plans_suggestion_form_adopts_the_card_with_the_same_codes(api, software_register):
    insert_generation(software_register, TENANT, [journey_card()])
    body = assert_adopted(api.post("/icp/accept", plan.ACCEPT_SUGGESTION))
    assert body["register_matches"] == 12
    rule = stored_rule(software_register)
    assert rule.suggestion_id == plan.JOURNEY_SUGGESTION_ID
    assert rule.rule == {
        "suggestion_id": plan.JOURNEY_SUGGESTION_ID,
        "title": "Software firms",
        "ssic_filters": ["62012", "62019"],
        "exclude_ssic": [],
        "technographic_filters": ["hubspot", "xero"],
        "headcount_band": "11-50",
        "min_headcount": None,
        "champions": ["Head of Finance"],
    }
    # Adopting it again by id updates the same rule.
    again = assert_adopted(api.post("/icp/accept", plan.ACCEPT_BY_ID))
    assert again["rule_id"] == body["rule_id"]


def test_a_normalized_rule_is_adopted_as_given(api, software_register):
    insert_generation(software_register, TENANT, [journey_card()])
    body = assert_adopted(api.post("/icp/accept", plan.ACCEPT_RULE_PAYLOAD))
    assert body["register_matches"] == 12
    rule = stored_rule(software_register)
    assert rule.suggestion_id == plan.JOURNEY_SUGGESTION_ID
    given = plan.ACCEPT_RULE_PAYLOAD["suggestion_payload"]
    assert rule.rule == {"suggestion_id": plan.JOURNEY_SUGGESTION_ID, **given}


@pytest.mark.parametrize(
    "form", [plan.ACCEPT_SUGGESTION, plan.ACCEPT_RULE_PAYLOAD], ids=["suggestion", "rule"]
)
def test_a_suggestion_given_by_its_fields_needs_no_generation(api, software_register, form):
    body = assert_adopted(api.post("/icp/accept", form, tenant=OTHER_TENANT))
    assert body["register_matches"] == 12
    rule = stored_rule(software_register, OTHER_TENANT)
    assert rule.suggestion_id.startswith("given-")
    assert rule.rule["ssic_filters"] == ["62012", "62019"]
    given = next(iter(form.values()))
    assert rule.rule["title"] == given.get("title", "SSIC 62012, 62019")
    again = assert_adopted(api.post("/icp/accept", form, tenant=OTHER_TENANT))
    assert (again["rule_id"], again["created"]) == (body["rule_id"], False)


def test_accept_refuses_two_forms_at_once_and_a_suggestion_without_codes(api, warehouse):
    insert_generation(warehouse, TENANT, [journey_card()])
    both = api.post("/icp/accept", {**plan.ACCEPT_BY_ID, **plan.ACCEPT_SUGGESTION})
    assert (both.status_code, both.json()) == (
        422,
        {"detail": "give one of suggestion_id, suggestion or suggestion_payload"},
    )
    empty = api.post("/icp/accept", {"suggestion": {"integrations": ["xero"]}})
    assert empty.status_code == 422
    assert "SSIC codes" in empty.json()["detail"]
    bad_code = api.post("/icp/accept", {"suggestion": {"ssic_cluster": ["62O12"]}})
    assert bad_code.status_code == 422 and "'62O12' is not an SSIC code" in json.dumps(
        bad_code.json()
    )
    assert count(warehouse, "icp_rules") == 0


def test_every_accept_example_of_the_openapi_schema_is_adopted(api, software_register):
    schema = api.client.get("/openapi.json").json()
    examples = schema["components"]["schemas"]["AcceptRequest"]["examples"]
    stored = {**make_card("s-52-3f9a1c", ("52",)), "title": "Warehousing"}
    insert_generation(software_register, TENANT, [stored, journey_card()])
    forms = set()
    for example in examples:
        forms |= set(example) & {"suggestion_id", "suggestion", "suggestion_payload"}
        assert_adopted(api.post("/icp/accept", example))
    assert forms == {"suggestion_id", "suggestion", "suggestion_payload"}
