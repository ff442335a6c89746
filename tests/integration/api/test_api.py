"""The HTTP API on a real database: probes, tokens and roles, intake, suggestions and
their evidence, tenant isolation, adoption, the flow state, and the server itself on a
real socket.

Most tests call the app in-process with FastAPI's TestClient; the last ones run
``icp serve`` as a separate process on loopback and talk to it with httpx.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import dagster as dg
import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from icp_api.app import create_app
from icp_api.auth import issue_token
from icp_assets.monitoring.flow_state import FLOW_STATES
from icp_assets.settings import Settings
from icp_assets.suggestions.generations import snapshot_cited_evidence
from resources.database import DatabaseUrls
from resources.warehouse import Warehouse
from support.cards import add_register_companies, insert_generation, make_card

ICP = str(Path(sys.executable).with_name("icp"))
SECRET = "api-test-secret-0123456789abcdef-0123456789"
# Tenants of this module only: the run's tests share one warehouse and Dagster storage.
TENANT_A, TENANT_B, TENANT_C = 701, 702, 703
TENANT_END_TO_END = 710
TENANT_SERVED = 711
CARD_ID = "logistics-521"
MAX_BODY = 2_048
ROLE_WRITE_REFUSED = "role viewer may read but not write; ops or admin may"


# -- the app, its tokens and what it stored -------------------------------------------


@dataclass
class Api:
    """A client of an app built on the run's warehouse, and the settings it runs with."""

    client: TestClient
    settings: Settings

    def token(
        self, tenant: int, *roles: str, subject: str = "ops@acme.sg", tenants: tuple[int, ...] = ()
    ) -> str:
        return issue_token(
            self.settings, subject=subject, tenant_id=tenant, roles=roles, tenants=tenants
        )

    def headers(self, tenant: int, *roles: str, **claims: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(tenant, *roles, **claims)}"}


@pytest.fixture(scope="module")
def dagster_instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as instance:
        yield instance


@pytest.fixture
def make_api(test_settings, warehouse, dagster_instance) -> Iterator:
    """``make_api(**settings)``: an app on the run's warehouse with these settings
    changed; by default with a rate of intakes no test reaches by chance."""
    clients: list[TestClient] = []

    def build(instance: dg.DagsterInstance | None = None, **overrides: Any) -> Api:
        settings = test_settings.model_copy(
            update={
                "jwt_secret": SECRET,
                "api_intake_rate_limit": "1000/minute",
                **overrides,
            }
        )
        app = create_app(settings, warehouse=warehouse, instance=instance or dagster_instance)
        client = TestClient(app)
        clients.append(client)
        return Api(client, settings)

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def api(make_api) -> Api:
    return make_api()


def stored(warehouse: Warehouse, tenant: int, table: str) -> int:
    """How many rows of ``table`` the tenant has."""
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def stored_for_anyone(warehouse: Warehouse, table: str) -> int:
    """How many rows of ``table`` there are across every tenant."""
    with warehouse.system_transaction() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def add_evidence(
    warehouse: Warehouse,
    tenant: int,
    company: str,
    domain: str,
    items: list[tuple[str, str, float, str | None, str | None]],
) -> list[int]:
    """A company of the tenant and its evidence as (signal_key, value, confidence, url,
    snippet); the evidence ids in the order given."""
    with warehouse.tenant_transaction(tenant) as conn:
        company_id = conn.execute(
            text(
                "INSERT INTO companies (tenant_id, name, normalized_name, primary_domain) "
                "VALUES (:t, :name, lower(:name), :domain) RETURNING id"
            ),
            {"t": tenant, "name": company, "domain": domain},
        ).scalar_one()
        return [
            conn.execute(
                text(
                    "INSERT INTO icp_evidence (tenant_id, company_id, signal_key, value, "
                    "source, url, snippet, confidence, extractor) VALUES (:t, :c, :key, "
                    ":value, 'web', :url, :snippet, :confidence, 'test') RETURNING id"
                ),
                {
                    "t": tenant,
                    "c": company_id,
                    "key": key,
                    "value": value,
                    "url": url,
                    "snippet": snippet,
                    "confidence": confidence,
                },
            ).scalar_one()
            for key, value, confidence, url, snippet in items
        ]


def add_pattern(warehouse: Warehouse, tenant: int, key: str, value: str, details: dict) -> None:
    with warehouse.tenant_transaction(tenant) as conn:
        conn.execute(
            text(
                "INSERT INTO icp_patterns (tenant_id, pattern_key, value, support, share, "
                "details) VALUES (:t, :key, :value, 3, 0.6, CAST(:details AS jsonb))"
            ),
            {"t": tenant, "key": key, "value": value, "details": json.dumps(details)},
        )


A_EVIDENCE = [
    ("integration", "xero", 0.6, "https://harbourline.sg/partners", "We reconcile in Xero."),
    ("ssic", "52101", 0.95, "https://harbourline.sg/about", "Harbourline runs 3 warehouses."),
    ("headcount", "51-200", 0.8, None, None),
]


@pytest.fixture
def tenant_a_card(warehouse) -> tuple[dict, list[int]]:
    """Tenant A's generation: one card citing three real evidence rows of A."""
    ids = add_evidence(warehouse, TENANT_A, "Harbourline Logistics", "harbourline.sg", A_EVIDENCE)
    card = {**make_card(), "evidence_ids": ids, "evidence_count": len(ids)}
    insert_generation(warehouse, TENANT_A, [card])
    return card, ids


@pytest.fixture
def logistics_register(warehouse, sample_register) -> Warehouse:
    """The sample register plus 25 live logistics companies: 27 match the card's
    filters 521 and 52292."""
    add_register_companies(
        warehouse,
        [(f"2024{index:05d}L", "52101" if index % 2 else "52292", None) for index in range(25)],
    )
    return warehouse


def chat_intake() -> dict:
    return {
        "answers": {"website": "lumenledger.sg", "geos": ["SG"]},
        "seeds": [
            {"name": "Acme", "website": "acme.com"},
            {"name": "Beta Logistics", "website": "betalogistics.sg"},
            {"name": "Globex", "website": "globex.sg", "kind": "lost", "reason": "budget < $10k"},
        ],
    }


# -- probes ----------------------------------------------------------------------------


def test_healthz_answers_without_a_token(api):
    response = api.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}


def test_readyz_checks_the_database_and_that_every_migration_is_applied(api):
    response = api.client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "current"},
    }


def test_readyz_is_503_when_the_database_cannot_be_reached(test_settings, dagster_instance):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = make_url(f"postgresql+psycopg://icp:pw@127.0.0.1:{closed_port}/icp")
    unreachable = Warehouse(DatabaseUrls(owner=url, app=url, dagster=url))
    settings = test_settings.model_copy(update={"jwt_secret": SECRET})
    app = create_app(settings, warehouse=unreachable, instance=dagster_instance)
    with TestClient(app) as client:
        response = client.get("/readyz")
        assert client.get("/healthz").status_code == 200
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable: OperationalError"},
    }


# -- tokens ----------------------------------------------------------------------------

PROTECTED_ROUTES = [
    ("POST", "/icp/intake"),
    ("POST", "/icp/intake/parse"),
    ("GET", "/icp/intake/fields"),
    ("GET", "/icp/suggestions"),
    ("GET", "/icp/suggestions/history"),
    ("GET", f"/icp/suggestions/{CARD_ID}/evidence"),
    ("GET", "/icp/patterns"),
    ("GET", "/icp/status"),
    ("POST", "/icp/accept"),
    ("GET", "/icp/exclusions"),
    ("POST", "/icp/exclusions"),
    ("DELETE", "/icp/exclusions/1"),
]


def claims(**overrides: Any) -> dict[str, Any]:
    """Claims of a valid ops token of tenant A, with ``overrides`` (None drops a claim)."""
    now = int(time.time())
    base = {
        "sub": "ops@acme.sg",
        "tenant_id": TENANT_A,
        "roles": ["ops"],
        "iat": now,
        "exp": now + 600,
    }
    merged = {**base, **overrides}
    return {key: value for key, value in merged.items() if value is not None}


def hs256_signed_with(claims_: dict[str, Any], key: bytes) -> str:
    """An HS256 token with ``key`` as its HMAC secret, signed by hand because PyJWT
    refuses a PEM key as one: what an algorithm-confusion attacker sends, with the
    server's public key as the secret."""

    def part(data: dict[str, Any]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    signing_input = part({"alg": "HS256", "typ": "JWT"}) + b"." + part(claims_)
    signature = hmac.new(key, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()


@pytest.mark.parametrize(("method", "path"), PROTECTED_ROUTES)
def test_every_route_but_the_probes_needs_a_bearer_token(api, method, path):
    response = api.client.request(method, path, json={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "an 'Authorization: Bearer <token>' header is required"}
    other_scheme = api.client.request(
        method, path, json={}, headers={"Authorization": "Basic b3BzOnB3"}
    )
    assert other_scheme.status_code == 401


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        pytest.param(
            lambda: jwt.encode(claims(), None, algorithm="none"),
            "the token is not signed with HS256, the only one accepted",
            id="alg-none",
        ),
        pytest.param(
            lambda: jwt.encode(claims(), "another-secret-" + "x" * 32, algorithm="HS256"),
            "the token's signature does not verify",
            id="wrong-secret",
        ),
        pytest.param(
            lambda: jwt.encode(
                claims(iat=int(time.time()) - 3600, exp=int(time.time()) - 60),
                SECRET,
                algorithm="HS256",
            ),
            "the token has expired",
            id="expired",
        ),
        pytest.param(
            lambda: jwt.encode(claims(exp=None), SECRET, algorithm="HS256"),
            "the token has no 'exp' claim",
            id="no-exp",
        ),
        pytest.param(
            lambda: jwt.encode(claims(sub=None), SECRET, algorithm="HS256"),
            "the token has no 'sub' claim",
            id="no-sub",
        ),
        pytest.param(
            lambda: jwt.encode(claims(tenant_id=None), SECRET, algorithm="HS256"),
            "the token has no 'tenant_id' claim",
            id="no-tenant",
        ),
        pytest.param(
            lambda: jwt.encode(claims(tenant_id="acme"), SECRET, algorithm="HS256"),
            "the token's 'tenant_id' claim is not a tenant id (1 to 2147483647)",
            id="tenant-not-an-id",
        ),
        pytest.param(lambda: "not.a.jwt", "invalid token: Invalid header padding", id="garbage"),
    ],
)
def test_a_token_that_does_not_verify_is_401_naming_the_reason(api, token, reason):
    response = api.client.get("/icp/suggestions", headers={"Authorization": f"Bearer {token()}"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": reason}


def test_a_token_for_another_audience_or_issuer_is_401(make_api):
    api = make_api(jwt_audience="icp-api", jwt_issuer="icp-auth")
    cases = {
        "the token is not for this audience": claims(aud="billing-api", iss="icp-auth"),
        "the token has no 'aud' claim": claims(iss="icp-auth"),
        "the token is not from the expected issuer": claims(aud="icp-api", iss="evil-auth"),
        "the token has no 'iss' claim": claims(aud="icp-api"),
    }
    for reason, bad_claims in cases.items():
        token = jwt.encode(bad_claims, SECRET, algorithm="HS256")
        response = api.client.get("/icp/status", headers={"Authorization": f"Bearer {token}"})
        assert (response.status_code, response.json()) == (401, {"detail": reason})
        assert response.headers["WWW-Authenticate"] == "Bearer"
    # issue_token fills in the configured audience and issuer.
    assert api.client.get("/icp/status", headers=api.headers(TENANT_A, "ops")).status_code == 200


def test_rs256_server_refuses_an_hs256_token_signed_with_its_public_key(make_api):
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    api = make_api(
        jwt_algorithm="RS256",
        jwt_secret=None,
        jwt_public_key=public_pem,
        jwt_private_key=private_pem,
    )
    forged = hs256_signed_with(claims(), public_pem.encode())
    response = api.client.get("/icp/status", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json() == {
        "detail": "the token is not signed with RS256, the only one accepted"
    }
    # A token the private key signed is accepted.
    genuine = api.client.get("/icp/status", headers=api.headers(TENANT_A, "ops"))
    assert genuine.status_code == 200 and genuine.json()["tenant_id"] == TENANT_A


@pytest.mark.parametrize(
    ("roles", "reason"),
    [
        (None, "the token grants no role (claim 'roles': viewer, ops or admin)"),
        (["superuser"], "the token grants no known role (viewer, ops or admin)"),
    ],
)
def test_a_verified_token_without_a_known_role_is_forbidden(api, roles, reason):
    token = jwt.encode(claims(roles=roles), SECRET, algorithm="HS256")
    response = api.client.get("/icp/suggestions", headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.json()) == (403, {"detail": reason})


def test_x_tenant_id_selects_only_a_tenant_the_token_grants(api, warehouse):
    insert_generation(warehouse, TENANT_B, [make_card("b-only-47", ("47",))])
    not_granted = api.client.get(
        "/icp/suggestions", headers={**api.headers(TENANT_A, "ops"), "X-Tenant-ID": "702"}
    )
    assert not_granted.status_code == 403
    assert not_granted.json() == {"detail": "the token does not grant tenant 702"}
    not_an_id = api.client.get(
        "/icp/suggestions", headers={**api.headers(TENANT_A, "ops"), "X-Tenant-ID": "b"}
    )
    assert (not_an_id.status_code, not_an_id.json()) == (
        403,
        {"detail": "X-Tenant-ID must be a tenant id (1 to 2147483647)"},
    )

    granted = api.headers(TENANT_A, "ops", tenants=(TENANT_B,))
    as_b = api.client.get("/icp/suggestions", headers={**granted, "X-Tenant-ID": "702"})
    assert as_b.status_code == 200
    assert as_b.json()["tenant_id"] == TENANT_B
    assert [card["id"] for card in as_b.json()["suggestions"]] == ["b-only-47"]
    # Without the header the same token acts for its own tenant, which has nothing.
    own = api.client.get("/icp/suggestions", headers=granted).json()
    assert (own["tenant_id"], own["suggestions"]) == (TENANT_A, [])


# -- roles -----------------------------------------------------------------------------


def test_a_viewer_reads_suggestions_patterns_status_evidence_and_fields(api, tenant_a_card):
    viewer = api.headers(TENANT_A, "viewer")
    for path in (
        "/icp/suggestions",
        "/icp/suggestions/history",
        "/icp/patterns",
        "/icp/status",
        f"/icp/suggestions/{CARD_ID}/evidence",
    ):
        response = api.client.get(path, headers=viewer)
        assert response.status_code == 200, path
        assert response.json()["tenant_id"] == TENANT_A
    # The form's fields too, so a viewer's intake page can show what would be asked.
    fields = api.client.get("/icp/intake/fields", headers=viewer)
    assert fields.status_code == 200 and fields.json()["advanced_sections"][0] == "A"


def test_a_viewer_cannot_write_and_nothing_is_stored(api, warehouse, sample_intake, tenant_a_card):
    viewer = api.headers(TENANT_A, "viewer")
    attempts = [
        ("/icp/intake", sample_intake),
        ("/icp/intake", chat_intake()),
        ("/icp/intake/parse", {"text": "Acme — acme.com"}),
        ("/icp/accept", {"suggestion_id": CARD_ID}),
        ("/icp/exclusions", {"ssic": ["56"]}),
    ]
    for path, body in attempts:
        response = api.client.post(path, json=body, headers=viewer)
        assert (response.status_code, response.json()) == (403, {"detail": ROLE_WRITE_REFUSED})
    for table in (
        "icp_intake_responses",
        "customer_seeds",
        "icp_rules",
        "icp_exclusions",
        "audit_log",
        "background_jobs",
    ):
        assert stored_for_anyone(warehouse, table) == 0, table


def test_exclusions_are_added_listed_and_removed_by_ops_audited_per_tenant(api, warehouse):
    ops, viewer = api.headers(TENANT_A, "ops"), api.headers(TENANT_A, "viewer")
    body = {"ssic": ["56", "4711"], "companies": ["Kopi Corner Pte. Ltd."], "reason": "anti-ICP"}
    added = api.client.post("/icp/exclusions", json=body, headers=ops)
    assert added.status_code == 200, added.text
    assert sorted(e["value"] for e in added.json()["added"]) == ["4711", "56", "kopi corner"]

    listed = api.client.get("/icp/exclusions", headers=viewer).json()
    assert [(e["kind"], e["value"], e["created_by"]) for e in listed["exclusions"]] == [
        ("company", "kopi corner", "ops@acme.sg"),
        ("ssic", "4711", "ops@acme.sg"),
        ("ssic", "56", "ops@acme.sg"),
    ]
    other = api.client.get("/icp/exclusions", headers=api.headers(TENANT_B, "ops")).json()
    assert other == {"tenant_id": TENANT_B, "exclusions": []}

    first = listed["exclusions"][0]["id"]
    as_b = api.client.delete(f"/icp/exclusions/{first}", headers=api.headers(TENANT_B, "ops"))
    assert as_b.status_code == 404
    as_viewer = api.client.delete(f"/icp/exclusions/{first}", headers=viewer)
    assert as_viewer.status_code == 403
    removed = api.client.delete(f"/icp/exclusions/{first}", headers=ops)
    assert [e["value"] for e in removed.json()["exclusions"]] == ["4711", "56"]
    with warehouse.tenant_transaction(TENANT_A) as conn:
        actions = conn.execute(
            text("SELECT actor, action FROM audit_log WHERE entity_type = 'exclusion' ORDER BY id")
        ).all()
    assert [tuple(a) for a in actions] == [
        ("ops@acme.sg", "add_exclusions"),
        ("ops@acme.sg", "remove_exclusion"),
    ]


def test_an_exclusion_that_is_not_a_code_is_422_and_nothing_is_stored(api, warehouse):
    response = api.client.post(
        "/icp/exclusions", json={"ssic": ["56", "5x"]}, headers=api.headers(TENANT_A, "ops")
    )
    assert response.status_code == 422
    assert response.json() == {"detail": "ssic: '5x' is not an SSIC code or prefix (1 to 5 digits)"}
    assert stored_for_anyone(warehouse, "icp_exclusions") == 0


def test_a_cards_evidence_is_grouped_by_claim_and_an_old_generation_keeps_its_own(
    api, warehouse, tenant_a_card
):
    card, ids = tenant_a_card
    claims = [
        {"kind": "industry", "label": "Warehousing firms", "source": "the register",
         "value": "52101", "seeds": 1, "evidence_ids": [ids[0]]},
        {"kind": "integration", "label": "Xero", "source": "their own sites", "value": "xero",
         "seeds": 1, "evidence_ids": [ids[2]], "tenant_integrates": True},
    ]  # fmt: skip
    old = insert_generation(warehouse, TENANT_A, [{**card, "claims": claims}])
    with warehouse.tenant_transaction(TENANT_A) as conn:
        snapshot_cited_evidence(conn, TENANT_A, old, ids)
        # A later run replaces the evidence the old generation cited.
        conn.execute(text("UPDATE icp_evidence SET snippet = 'replaced' WHERE id = ANY(:ids)"),
                     {"ids": ids})  # fmt: skip
    insert_generation(warehouse, TENANT_A, [{**card, "evidence_ids": []}])
    ops = api.headers(TENANT_A, "ops")
    path = f"/icp/suggestions/{CARD_ID}/evidence"
    body = api.client.get(path, params={"generation_id": old}, headers=ops).json()
    assert body["generation_id"] == old
    assert [(g["kind"], g["label"], g["evidence_ids"]) for g in body["groups"]] == [
        ("industry", "Warehousing firms", [ids[0]]),
        ("integration", "Xero", [ids[2]]),
    ]
    assert sorted(e["id"] for e in body["evidence"]) == sorted(ids)
    assert "replaced" not in {e["snippet"] for e in body["evidence"]}
    latest = api.client.get(path, headers=ops).json()
    assert (latest["evidence"], latest["groups"]) == ([], [])
    missing = api.client.get(path, params={"generation_id": 999999}, headers=ops)
    assert missing.status_code == 404


def test_evidence_snippets_are_withheld_from_viewers_only(make_api, tenant_a_card):
    api = make_api()
    _, ids = tenant_a_card
    path = f"/icp/suggestions/{CARD_ID}/evidence"
    as_viewer = api.client.get(path, headers=api.headers(TENANT_A, "viewer")).json()["evidence"]
    as_ops = api.client.get(path, headers=api.headers(TENANT_A, "ops")).json()["evidence"]
    as_admin = api.client.get(path, headers=api.headers(TENANT_A, "admin")).json()["evidence"]
    assert [(e["snippet"], e["snippet_redacted"]) for e in as_viewer] == [
        (None, True),
        (None, False),  # no snippet to withhold
        (None, True),
    ]
    expected = [
        ("Harbourline runs 3 warehouses.", False),
        (None, False),
        ("We reconcile in Xero.", False),
    ]
    assert [(e["snippet"], e["snippet_redacted"]) for e in as_ops] == expected
    assert [(e["snippet"], e["snippet_redacted"]) for e in as_admin] == expected
    # Everything else is the same for every role.
    assert [e["url"] for e in as_viewer] == [e["url"] for e in as_ops]
    assert [e["id"] for e in as_viewer] == [ids[1], ids[2], ids[0]]


def test_pattern_details_are_withheld_from_viewers_only(api, warehouse):
    details = {"seeds": ["Harbourline Logistics"], "evidence_ids": [1, 2]}
    add_pattern(warehouse, TENANT_A, "ssic", "52101", details)
    as_viewer = api.client.get("/icp/patterns", headers=api.headers(TENANT_A, "viewer")).json()
    as_ops = api.client.get("/icp/patterns", headers=api.headers(TENANT_A, "ops")).json()
    public = {"pattern_key": "ssic", "value": "52101", "support": 3, "share": pytest.approx(0.6)}
    summary = {"top_ssics": ["52101"], "common_integrations": [], "frequent_buyer_titles": []}
    assert as_viewer == {
        "tenant_id": TENANT_A,
        "patterns": summary,
        "all_patterns": [{**public, "details": None}],
    }
    assert as_ops == {
        "tenant_id": TENANT_A,
        "patterns": summary,
        "all_patterns": [{**public, "details": details}],
    }


def test_an_admin_can_do_what_ops_can(api, warehouse, sample_intake, logistics_register):
    insert_generation(warehouse, TENANT_A, [make_card()])
    admin = api.headers(TENANT_A, "admin", subject="admin@acme.sg")
    assert api.client.post("/icp/intake", json=sample_intake, headers=admin).status_code == 202
    parsed = api.client.post("/icp/intake/parse", json={"text": "Acme — acme.com"}, headers=admin)
    assert parsed.status_code == 200
    assert api.client.get("/icp/intake/fields", headers=admin).status_code == 200
    accepted = api.client.post("/icp/accept", json={"suggestion_id": CARD_ID}, headers=admin)
    assert accepted.status_code == 200 and accepted.json()["ok"] is True
    with warehouse.tenant_transaction(TENANT_A) as conn:
        assert conn.execute(
            text("SELECT submitted_by FROM icp_intake_responses")
        ).scalars().all() == ["admin@acme.sg"]
        assert conn.execute(text("SELECT created_by FROM icp_rules")).scalars().all() == [
            "admin@acme.sg"
        ]


# -- intake ----------------------------------------------------------------------------


def test_a_valid_intake_is_accepted_and_stored_with_its_seeds(api, warehouse, sample_intake):
    response = api.client.post(
        "/icp/intake", json=sample_intake, headers=api.headers(TENANT_A, "ops")
    )
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"status", "response_id", "queued_job_id", "warnings"}
    assert body["status"] == "queued"
    assert body["queued_job_id"] == f"intake-{body['response_id']}"
    assert isinstance(body["warnings"], list)
    with warehouse.tenant_transaction(TENANT_A) as conn:
        [intake] = conn.execute(
            text("SELECT id, submitted_by, payload FROM icp_intake_responses")
        ).all()
        seeds = conn.execute(
            text(
                "SELECT kind, name, reason FROM customer_seeds WHERE intake_id = :i "
                "ORDER BY kind, position"
            ),
            {"i": body["response_id"]},
        ).all()
    assert (intake.id, intake.submitted_by) == (body["response_id"], "ops@acme.sg")
    assert intake.payload["website"] == "https://www.lumenledger.sg"
    assert [s.name for s in seeds if s.kind == "best"] == [
        c["name"] for c in sample_intake["best_customers"]
    ]
    assert [(s.name, s.reason) for s in seeds if s.kind == "lost"] == [
        (c["name"], c["reason"]) for c in sample_intake["lost_customers"]
    ]
    assert stored(warehouse, TENANT_B, "icp_intake_responses") == 0


def test_a_chat_intake_stores_best_and_lost_seeds_by_kind(api, warehouse):
    response = api.client.post(
        "/icp/intake", json=chat_intake(), headers=api.headers(TENANT_A, "ops")
    )
    assert response.status_code == 202
    response_id = response.json()["response_id"]
    with warehouse.tenant_transaction(TENANT_A) as conn:
        seeds = conn.execute(
            text(
                "SELECT kind, name, website, reason FROM customer_seeds WHERE intake_id = :i "
                "ORDER BY kind, position"
            ),
            {"i": response_id},
        ).all()
        payload = conn.execute(text("SELECT payload FROM icp_intake_responses")).scalar_one()
    assert [tuple(s) for s in seeds] == [
        ("best", "Acme", "acme.com", None),
        ("best", "Beta Logistics", "betalogistics.sg", None),
        ("lost", "Globex", "globex.sg", "budget < $10k"),
    ]
    assert (payload["website"], payload["geos"]) == ("lumenledger.sg", ["SG"])


def _with(data: dict, **changes: Any) -> dict:
    return {**data, **changes}


@pytest.mark.parametrize(
    ("make_body", "fields"),
    [
        pytest.param(lambda s: _with(s, website="not a website"), ["website"], id="bad-website"),
        pytest.param(
            lambda s: {k: v for k, v in s.items() if k != "best_customers"},
            ["best_customers"],
            id="no-best-customers",
        ),
        pytest.param(
            lambda s: _with(
                s,
                best_customers=[
                    {"name": f"Customer {i}", "website": f"customer{i}.sg"} for i in range(51)
                ],
            ),
            ["best_customers"],
            id="51-best-customers",
        ),
        pytest.param(
            lambda s: _with(s, best_customers=[{"name": "N" * 201}, *s["best_customers"][1:]]),
            ["best_customers[0].name"],
            id="201-char-name",
        ),
        pytest.param(
            lambda s: {
                "answers": {"website": "lumenledger.sg"},
                "seeds": [
                    {"name": "Acme", "website": "acme.com"},
                    {"name": "Globex", "website": "globex.sg", "kind": "lost"},
                ],
            },
            ["seeds[1].reason"],
            id="chat-lost-seed-without-reason",
        ),
        pytest.param(
            lambda s: {
                "answers": {"website": "lumenledger.sg"},
                "seeds": [{"name": "Acme", "website": "localhost"}],
            },
            ["seeds[0].website"],
            id="chat-bad-seed-website",
        ),
        pytest.param(lambda s: [s], ["payload"], id="not-an-object"),
    ],
)
def test_an_invalid_intake_is_refused_whole_naming_its_fields(
    api, warehouse, sample_intake, make_body, fields
):
    response = api.client.post(
        "/icp/intake", json=make_body(sample_intake), headers=api.headers(TENANT_A, "ops")
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [error["field"] for error in detail] == fields
    assert all(error["message"] for error in detail)
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0
    assert stored_for_anyone(warehouse, "customer_seeds") == 0


def test_malformed_json_is_422_naming_the_body(api, warehouse):
    response = api.client.post(
        "/icp/intake",
        content=b'{"website": "lumenledger.sg", ',
        headers={**api.headers(TENANT_A, "ops"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "body" and error["message"].startswith("not valid JSON: ")
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0

    accept = api.client.post(
        "/icp/accept",
        content=b'{"suggestion_id": ',
        headers={**api.headers(TENANT_A, "ops"), "Content-Type": "application/json"},
    )
    assert accept.status_code == 422
    assert accept.json() == {
        "detail": [{"field": "body", "message": "not valid JSON: Expecting value (char 18)"}]
    }


@pytest.mark.parametrize(
    "tenant_id",
    [2**31, 2**63, 10**400, 0, -1, "2147483648"],
    ids=["2^31", "2^63", "400-digits", "zero", "negative", "2^31-as-text"],
)
def test_a_token_whose_tenant_is_out_of_the_columns_range_is_401_on_get_and_post(
    api, warehouse, sample_intake, tenant_id
):
    token = jwt.encode(claims(tenant_id=tenant_id), SECRET, algorithm="HS256")
    headers = {"Authorization": f"Bearer {token}"}
    reason = {"detail": "the token's 'tenant_id' claim is not a tenant id (1 to 2147483647)"}
    read = api.client.get("/icp/suggestions", headers=headers)
    assert (read.status_code, read.json()) == (401, reason)
    write = api.client.post("/icp/intake", json=sample_intake, headers=headers)
    assert (write.status_code, write.json()) == (401, reason)
    granted = jwt.encode(claims(tenants=[tenant_id]), SECRET, algorithm="HS256")
    other = api.client.get("/icp/status", headers={"Authorization": f"Bearer {granted}"})
    assert (other.status_code, other.json()) == (
        401,
        {"detail": "the token's 'tenants' claim is not a tenant id (1 to 2147483647)"},
    )
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0


def test_an_x_tenant_id_out_of_the_columns_range_is_403(api):
    response = api.client.get(
        "/icp/status", headers={**api.headers(TENANT_A, "ops"), "X-Tenant-ID": "9" * 400}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "X-Tenant-ID must be a tenant id (1 to 2147483647)"}


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(DEEP, "JSON nested deeper than 32 levels", id="nested-100000-in-a-field"),
        pytest.param("1" * 5_000, "a number of 5000 characters", id="5000-digit-integer"),
        pytest.param("NaN", "NaN is not a JSON value", id="nan"),
        pytest.param("Infinity", "Infinity is not a JSON value", id="infinity"),
        pytest.param("-Infinity", "-Infinity is not a JSON value", id="minus-infinity"),
        pytest.param("1e400", "the number 1e400 is too large", id="float-overflow"),
    ],
)
@pytest.mark.parametrize("path", ["/icp/intake", "/icp/accept", "/icp/intake/parse"])
def test_json_out_of_bounds_is_422_naming_the_problem_and_nothing_is_stored(
    api, warehouse, sample_intake, value, message, path
):
    intake = {**sample_intake, "advanced": {"A": {"primary_use_case": "__VALUE__"}}}
    body = json.dumps(intake).replace('"__VALUE__"', value).encode()
    response = api.client.post(
        path,
        content=body,
        headers={**api.headers(TENANT_A, "ops"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["field"] == "body" and error["message"].startswith(message)
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0
    assert stored_for_anyone(warehouse, "customer_seeds") == 0


@pytest.mark.parametrize("content_type", ["application/json", None, "text/plain"])
def test_a_body_nested_100000_deep_is_422_whatever_its_content_type(api, warehouse, content_type):
    headers = api.headers(TENANT_A, "ops")
    if content_type:
        headers["Content-Type"] = content_type
    response = api.client.post("/icp/intake", content=DEEP.encode(), headers=headers)
    assert response.status_code == 422, response.text
    assert response.json() == {
        "detail": [{"field": "body", "message": "JSON nested deeper than 32 levels (char 32)"}]
    }
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0


def oversized_chunks() -> Iterator[bytes]:
    """A JSON body of 3 KiB sent in 512-byte chunks, with no Content-Length."""
    body = json.dumps({"website": "lumenledger.sg", "padding": "x" * 3_000}).encode()
    for start in range(0, len(body), 512):
        yield body[start : start + 512]


@pytest.mark.parametrize("path", ["/icp/intake", "/icp/intake/parse", "/icp/accept"])
def test_a_body_over_the_limit_is_413_declared_or_streamed(make_api, warehouse, path):
    api = make_api(api_max_body_bytes=MAX_BODY)
    ops = {**api.headers(TENANT_A, "ops"), "Content-Type": "application/json"}
    expected = {"detail": f"the request body is over the limit of {MAX_BODY} bytes"}
    declared = api.client.post(path, content=b"".join(oversized_chunks()), headers=ops)
    assert (declared.status_code, declared.json()) == (413, expected)

    streamed = api.client.post(path, content=oversized_chunks(), headers=ops)
    assert (streamed.status_code, streamed.json()) == (413, expected)
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0
    # A streamed body under the limit goes through.
    small = api.client.post(
        "/icp/intake/parse",
        content=iter([b'{"text": ', b'"Acme \xe2\x80\x94 acme.com"}']),
        headers=ops,
    )
    assert small.status_code == 200 and small.json()["best_customers"][0]["name"] == "Acme"


def test_intakes_over_the_tenants_rate_are_429_with_retry_after(make_api, warehouse, sample_intake):
    api = make_api(api_intake_rate_limit="2/minute")
    ops_a = api.headers(TENANT_A, "ops")
    for _ in range(2):
        assert api.client.post("/icp/intake", json=sample_intake, headers=ops_a).status_code == 202
    refused = api.client.post("/icp/intake", json=sample_intake, headers=ops_a)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json() == {"detail": f"tenant {TENANT_A} sent more than 2/minute intakes"}
    assert stored(warehouse, TENANT_A, "icp_intake_responses") == 2
    # The limit is per tenant.
    other = api.client.post("/icp/intake", json=sample_intake, headers=api.headers(TENANT_B, "ops"))
    assert other.status_code == 202


# -- feature flags ---------------------------------------------------------------------


def test_with_intake_turned_off_the_intake_routes_are_404(make_api, warehouse, sample_intake):
    api = make_api(enable_intake=False)
    ops = api.headers(TENANT_A, "ops")
    detail = {"detail": "intake is turned off on this server (ENABLE_ICP_INTAKE=false)"}
    answers = [
        api.client.post("/icp/intake", json=sample_intake, headers=ops),
        api.client.post("/icp/intake/parse", json={"text": "Acme — acme.com"}, headers=ops),
        api.client.get("/icp/intake/fields", headers=ops),
    ]
    assert [(a.status_code, a.json()) for a in answers] == [(404, detail)] * 3
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0
    # The rest of the API still answers.
    assert api.client.get("/icp/suggestions", headers=ops).status_code == 200


def test_fast_start_only_leaves_out_the_advanced_sections(make_api, warehouse, sample_intake):
    advanced = _with(sample_intake, advanced={"A": {"q": "x"}})
    chat = chat_intake()
    chat["answers"]["advanced"] = {"A": {"q": "x"}}

    fast = make_api(wizard_fast_start_only=True)
    ops = fast.headers(TENANT_A, "ops")
    fields = fast.client.get("/icp/intake/fields", headers=ops).json()
    assert (fields["fast_start_only"], fields["advanced_sections"]) == (True, [])
    assert [f["name"] for f in fields["fields"] if f["required"]] == ["website", "best_customers"]
    assert {f["section"] for f in fields["fields"]} == {"fast_start", "optional"}
    for body, field in ((advanced, "advanced"), (chat, "answers.advanced")):
        refused = fast.client.post("/icp/intake", json=body, headers=ops)
        assert refused.status_code == 422
        assert [e["field"] for e in refused.json()["detail"]] == [field]
    assert stored_for_anyone(warehouse, "icp_intake_responses") == 0

    full = make_api()
    ops = full.headers(TENANT_A, "ops")
    fields = full.client.get("/icp/intake/fields", headers=ops).json()
    assert fields["fast_start_only"] is False
    assert fields["advanced_sections"] == ["A", "B", "C", "D", "E", "F", "G", "H"]
    assert full.client.post("/icp/intake", json=advanced, headers=ops).status_code == 202
    assert full.client.post("/icp/intake", json=chat, headers=ops).status_code == 202


# -- suggestions, evidence and isolation ----------------------------------------------


def test_before_any_generation_there_are_no_suggestions(api):
    response = api.client.get("/icp/suggestions", headers=api.headers(TENANT_A, "viewer"))
    assert response.json() == {
        "tenant_id": TENANT_A,
        "generation_id": None,
        "created_at": None,
        "reduced_evidence": False,
        "suggestions": [],
        "negative_icp": [],
    }
    evidence = api.client.get(
        f"/icp/suggestions/{CARD_ID}/evidence", headers=api.headers(TENANT_A, "ops")
    )
    assert evidence.status_code == 404


def test_suggestions_show_the_latest_cards_with_their_evidence_ids(api, warehouse, tenant_a_card):
    card, ids = tenant_a_card
    negative = [{"theme": "On-premises only", "source": "lost_reason:Changi Clinic"}]
    generation_id = insert_generation(
        warehouse, TENANT_A, [card, make_card("retail-47", ("47",))], negative
    )
    body = api.client.get("/icp/suggestions", headers=api.headers(TENANT_A, "viewer")).json()
    assert (body["tenant_id"], body["generation_id"]) == (TENANT_A, generation_id)
    assert [c["id"] for c in body["suggestions"]] == [CARD_ID, "retail-47"]
    assert body["suggestions"][0]["evidence_ids"] == ids
    assert body["suggestions"][0]["targeting_pack"]["ssic_filters"] == ["521", "52292"]
    assert [{"theme": t["theme"], "source": t["source"]} for t in body["negative_icp"]] == negative


def test_history_lists_the_generations_and_compares_the_last_two_for_the_tenant_only(
    api, warehouse
):
    first = insert_generation(warehouse, TENANT_A, [make_card(), make_card("retail-47", ("47",))])
    second = insert_generation(
        warehouse,
        TENANT_A,
        [make_card(title="Warehousing firms"), make_card("fnb-56", ("56",))],
    )
    history = api.client.get("/icp/suggestions/history", headers=api.headers(TENANT_A, "viewer"))
    assert history.status_code == 200
    body = history.json()
    assert [(g["generation_id"], g["suggestion_ids"]) for g in body["generations"]] == [
        (second, [CARD_ID, "fnb-56"]),
        (first, [CARD_ID, "retail-47"]),
    ]
    compare = body["compare"]
    assert (compare["previous_generation_id"], compare["added"], compare["removed"]) == (
        first,
        ["fnb-56"],
        ["retail-47"],
    )
    [changed] = compare["changed"]
    assert changed["id"] == CARD_ID
    assert changed["fields"]["title"] == {
        "before": "Warehousing and freight firms",
        "after": "Warehousing firms",
    }
    as_b = api.client.get("/icp/suggestions/history", headers=api.headers(TENANT_B, "ops"))
    assert as_b.json() == {"tenant_id": TENANT_B, "generations": [], "compare": None}


def test_a_cards_evidence_comes_strongest_first_with_url_snippet_and_company(api, tenant_a_card):
    _, ids = tenant_a_card
    response = api.client.get(
        f"/icp/suggestions/{CARD_ID}/evidence", headers=api.headers(TENANT_A, "ops")
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["tenant_id"], body["suggestion_id"]) == (TENANT_A, CARD_ID)
    common = {
        "source": "web",
        "extractor": "test",
        "snippet_redacted": False,
        "company": "Harbourline Logistics",
        "domain": "harbourline.sg",
    }
    assert body["evidence"] == [
        {
            **common,
            "id": ids[1],
            "signal_key": "ssic",
            "value": "52101",
            "confidence": pytest.approx(0.95),
            "url": "https://harbourline.sg/about",
            "snippet": "Harbourline runs 3 warehouses.",
        },
        {
            **common,
            "id": ids[2],
            "signal_key": "headcount",
            "value": "51-200",
            "confidence": pytest.approx(0.8),
            "url": None,
            "snippet": None,
        },
        {
            **common,
            "id": ids[0],
            "signal_key": "integration",
            "value": "xero",
            "confidence": pytest.approx(0.6),
            "url": "https://harbourline.sg/partners",
            "snippet": "We reconcile in Xero.",
        },
    ]
    unknown = api.client.get(
        "/icp/suggestions/nope-1/evidence", headers=api.headers(TENANT_A, "ops")
    )
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"detail": "no suggestion 'nope-1' for this tenant"},
    )


def assert_no_data_of_tenant_a(response: httpx.Response) -> None:
    for fragment in ("harbourline", "Harbourline", "reconcile", "warehouses", "52101"):
        assert fragment not in response.text


def test_tenant_b_cannot_see_tenant_as_suggestions_or_evidence(api, warehouse, tenant_a_card):
    ops_b = api.headers(TENANT_B, "ops")
    listed = api.client.get("/icp/suggestions", headers=ops_b).json()
    assert (listed["tenant_id"], listed["suggestions"], listed["generation_id"]) == (
        TENANT_B,
        [],
        None,
    )
    evidence = api.client.get(f"/icp/suggestions/{CARD_ID}/evidence", headers=ops_b)
    assert (evidence.status_code, evidence.json()) == (
        404,
        {"detail": f"no suggestion {CARD_ID!r} for this tenant"},
    )
    assert_no_data_of_tenant_a(evidence)


def test_a_card_of_tenant_b_citing_tenant_as_evidence_ids_shows_none_of_it(
    api, warehouse, tenant_a_card
):
    _, a_ids = tenant_a_card
    insert_generation(warehouse, TENANT_B, [{**make_card(), "evidence_ids": a_ids}])
    response = api.client.get(
        f"/icp/suggestions/{CARD_ID}/evidence", headers=api.headers(TENANT_B, "ops")
    )
    assert response.status_code == 200
    assert (response.json()["tenant_id"], response.json()["evidence"]) == (TENANT_B, [])
    assert_no_data_of_tenant_a(response)


def test_tenant_b_cannot_accept_tenant_as_suggestion(api, warehouse, tenant_a_card):
    response = api.client.post(
        "/icp/accept", json={"suggestion_id": CARD_ID}, headers=api.headers(TENANT_B, "ops")
    )
    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"no suggestion {CARD_ID!r} for this tenant"},
    )
    for table in ("icp_rules", "audit_log", "background_jobs"):
        assert stored_for_anyone(warehouse, table) == 0, table


# -- accept ----------------------------------------------------------------------------


def test_accepting_by_id_writes_the_rule_audits_it_and_queues_enrichment(
    make_api, logistics_register
):
    warehouse = logistics_register
    api = make_api(run_now_limit=4)
    insert_generation(warehouse, TENANT_A, [make_card()])
    ops = api.headers(TENANT_A, "ops", subject="ops@acme.sg")
    first = api.client.post("/icp/accept", json={"suggestion_id": CARD_ID}, headers=ops)
    assert first.status_code == 200
    result = first.json()
    assert (result["ok"], result["created"], result["changed"]) == (True, True, {})
    # 27 live companies match: the server's RUN_NOW_LIMIT of 4 now, the rest tonight.
    assert (result["queued_now"], result["queued_nightly"], result["register_matches"]) == (
        4,
        23,
        27,
    )
    with warehouse.tenant_transaction(TENANT_A) as conn:
        [rule] = conn.execute(text("SELECT id, suggestion_id, created_by FROM icp_rules")).all()
        [audit] = conn.execute(text("SELECT actor, action, entity_id FROM audit_log")).all()
    assert tuple(rule) == (result["rule_id"], CARD_ID, "ops@acme.sg")
    assert tuple(audit) == ("ops@acme.sg", "accept_suggestion", str(result["rule_id"]))
    assert stored(warehouse, TENANT_A, "background_jobs") == 27

    again = api.client.post("/icp/accept", json={"suggestion_id": CARD_ID}, headers=ops).json()
    assert (again["rule_id"], again["created"], again["queued_now"], again["queued_nightly"]) == (
        result["rule_id"],
        False,
        0,
        0,
    )
    assert stored(warehouse, TENANT_A, "icp_rules") == 1
    assert stored(warehouse, TENANT_A, "background_jobs") == 27


def test_a_card_given_whole_is_adopted(api, logistics_register):
    warehouse = logistics_register
    card = make_card("edited-521", ("521",), title="Warehousing only")
    response = api.client.post(
        "/icp/accept", json={"suggestion_payload": card}, headers=api.headers(TENANT_A, "ops")
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True and response.json()["created"] is True
    with warehouse.tenant_transaction(TENANT_A) as conn:
        [rule] = conn.execute(text("SELECT suggestion_id, rule FROM icp_rules")).all()
    assert rule.suggestion_id == "edited-521"
    assert (rule.rule["title"], rule.rule["ssic_filters"]) == ("Warehousing only", ["521"])


def test_a_minimum_headcount_is_refused_with_the_reason(api, logistics_register):
    card = make_card("edited-521", ("521",), title="Warehousing only")
    response = api.client.post(
        "/icp/accept",
        json={"suggestion_payload": card, "min_headcount": 20},
        headers=api.headers(TENANT_A, "ops"),
    )
    assert response.status_code == 422
    assert "no headcount source covers register companies" in json.dumps(response.json())
    assert stored(logistics_register, TENANT_A, "icp_rules") == 0


def test_accept_refuses_neither_or_both_forms_an_unknown_id_and_an_empty_rule(
    api, warehouse, logistics_register
):
    insert_generation(warehouse, TENANT_A, [make_card()])
    ops = api.headers(TENANT_A, "ops")
    either = {"detail": "give one of suggestion_id, suggestion or suggestion_payload"}
    neither = api.client.post("/icp/accept", json={}, headers=ops)
    both = api.client.post(
        "/icp/accept",
        json={"suggestion_id": CARD_ID, "suggestion_payload": make_card()},
        headers=ops,
    )
    assert [(r.status_code, r.json()) for r in (neither, both)] == [(422, either)] * 2

    unknown = api.client.post("/icp/accept", json={"suggestion_id": "nope-1"}, headers=ops)
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"detail": "no suggestion 'nope-1' for this tenant"},
    )
    emptied = api.client.post(
        "/icp/accept", json={"suggestion_id": CARD_ID, "exclude_ssic": ["52"]}, headers=ops
    )
    assert emptied.status_code == 422
    assert emptied.json() == {
        "detail": f"excluding 52 leaves suggestion {CARD_ID} with no SSIC filter "
        "(its filters: 521, 52292)"
    }
    not_ssic = api.client.post(
        "/icp/accept", json={"suggestion_id": CARD_ID, "exclude_ssic": ["5x"]}, headers=ops
    )
    assert not_ssic.status_code == 422 and "'5x' is not an SSIC code" in not_ssic.json()["detail"]
    unknown_field = api.client.post(
        "/icp/accept", json={"suggestion_id": CARD_ID, "ruleset": 1}, headers=ops
    )
    assert unknown_field.status_code == 422
    assert [e["field"] for e in unknown_field.json()["detail"]] == ["ruleset"]
    for table in ("icp_rules", "audit_log", "background_jobs"):
        assert stored_for_anyone(warehouse, table) == 0, table


# -- status ----------------------------------------------------------------------------


def test_status_goes_from_no_intake_to_intake_saved(api, sample_intake):
    ops = api.headers(TENANT_C, "ops")
    before = api.client.get("/icp/status", headers=ops).json()
    assert before == {
        "tenant_id": TENANT_C,
        "state": "no_intake",
        "intake_id": None,
        "assets_done": [],
        "failed_step": None,
        "error": None,
        "evidence": None,
        "stages": ["intake_saved", "mapping", "crawl", "pattern_mining", "suggestions_ready"],
    }
    assert before["stages"] == list(FLOW_STATES)
    receipt = api.client.post("/icp/intake", json=sample_intake, headers=ops).json()
    after = api.client.get("/icp/status", headers=ops).json()
    assert (after["state"], after["intake_id"]) == ("intake_saved", receipt["response_id"])


def test_status_says_when_the_evidence_rests_on_pages_of_an_earlier_crawl(api, warehouse):
    with warehouse.tenant_transaction(TENANT_C) as conn:
        conn.execute(
            text(
                "INSERT INTO evidence_summary (tenant_id, reduced_evidence, web_items, "
                "llm_items, register_items, stale_evidence, evidence_as_of, sites_crawled, "
                "sites_reached) VALUES (:t, true, 40, 0, 3, true, '2026-11-26T02:00:00Z', 11, 0)"
            ),
            {"t": TENANT_C},
        )
    status = api.client.get("/icp/status", headers=api.headers(TENANT_C, "viewer")).json()
    assert status["evidence"] == {
        "reduced": True,
        "stale": True,
        "as_of": "2026-11-26T02:00:00+00:00",
        "sites_crawled": 11,
        "sites_reached": 0,
        "note": "evidence stale: the last crawl reached 0 of 11 sites; it rests on earlier "
        "pages fetched on 2026-11-26",
    }


# -- parsing typed customers -----------------------------------------------------------


def test_parse_reads_best_and_lost_customers_from_typed_text(api):
    ops = api.headers(TENANT_A, "ops")
    best = api.client.post(
        "/icp/intake/parse",
        json={"text": "Acme — acme.com; Beta Logistics — betalogistics.sg"},
        headers=ops,
    )
    assert best.status_code == 200
    assert best.json() == {
        "best_customers": [
            {"name": "Acme", "website": "acme.com", "reason": None, "name_from_domain": False},
            {
                "name": "Beta Logistics",
                "website": "betalogistics.sg",
                "reason": None,
                "name_from_domain": False,
            },
        ],
        "lost_customers": [],
        "unparsed": [],
    }
    lost = api.client.post(
        "/icp/intake/parse", json={"text": "Globex — globex.sg (budget < $10k)"}, headers=ops
    )
    assert lost.json() == {
        "best_customers": [],
        "lost_customers": [
            {
                "name": "Globex",
                "website": "globex.sg",
                "reason": "budget < $10k",
                "name_from_domain": False,
            },
        ],
        "unparsed": [],
    }


def test_parse_refuses_text_over_twenty_thousand_characters(api):
    ops = api.headers(TENANT_A, "ops")
    too_long = api.client.post("/icp/intake/parse", json={"text": "a" * 20_001}, headers=ops)
    assert too_long.status_code == 422
    assert [e["field"] for e in too_long.json()["detail"]] == ["text"]
    at_limit = api.client.post("/icp/intake/parse", json={"text": "a" * 20_000}, headers=ops)
    assert at_limit.status_code == 200


# -- end to end ------------------------------------------------------------------------


def test_an_intake_through_the_api_ends_in_cards_with_evidence_that_can_be_adopted(
    make_api, sample_register, sample_intake, pipeline
):
    tenant = TENANT_END_TO_END
    api = make_api(instance=pipeline.instance)
    ops = api.headers(tenant, "ops", subject="ops@lumenledger.sg")
    submitted = api.client.post("/icp/intake", json=sample_intake, headers=ops)
    assert submitted.status_code == 202
    assert api.client.get("/icp/status", headers=ops).json()["state"] == "intake_saved"

    assert pipeline(tenant).success

    status = api.client.get("/icp/status", headers=ops).json()
    assert (status["state"], status["intake_id"]) == (
        "suggestions_ready",
        submitted.json()["response_id"],
    )
    cards = api.client.get("/icp/suggestions", headers=ops).json()["suggestions"]
    assert cards
    card = next(c for c in cards if c["evidence_ids"])
    evidence = api.client.get(f"/icp/suggestions/{card['id']}/evidence", headers=ops).json()
    assert evidence["evidence"]
    assert {e["id"] for e in evidence["evidence"]} <= set(card["evidence_ids"])
    confidences = [e["confidence"] for e in evidence["evidence"]]
    assert confidences == sorted(confidences, reverse=True)

    accepted = api.client.post("/icp/accept", json={"suggestion_id": card["id"]}, headers=ops)
    assert accepted.status_code == 200 and accepted.json()["ok"] is True


# -- the server on a real socket -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def icp(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([ICP, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def server_env(warehouse, test_settings, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(
        ICP_DATABASE_URL=test_settings.database_url or "",
        ICP_DAGSTER_DATABASE_URL=test_settings.dagster_database_url or "",
        ICP_HOME=str(tmp_path / "home"),
        ICP_JWT_SECRET=SECRET,
        ICP_API_MAX_BODY_BYTES=str(MAX_BODY),
    )
    return env


def wait_until_up(origin: str, server: subprocess.Popen, log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"icp serve exited {server.returncode}: {log.read_text()}")
        try:
            if httpx.get(f"{origin}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"icp serve did not answer within {timeout_s} s: {log.read_text()}")


def test_icp_serve_answers_on_a_real_socket(server_env, sample_intake, tmp_path):
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [ICP, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(origin, server, log, timeout_s=60)
        issued = icp("token", "--tenant", str(TENANT_SERVED), "--role", "ops", env=server_env)
        assert issued.returncode == 0, issued.stderr
        ops = {"Authorization": f"Bearer {issued.stdout.strip()}"}
        with httpx.Client(base_url=origin, headers=ops, timeout=30) as client:
            submitted = client.post("/icp/intake", json=sample_intake)
            assert submitted.status_code == 202, submitted.text
            status = client.get("/icp/status").json()
            assert (status["tenant_id"], status["state"], status["intake_id"]) == (
                TENANT_SERVED,
                "intake_saved",
                submitted.json()["response_id"],
            )
            expected = {"detail": f"the request body is over the limit of {MAX_BODY} bytes"}
            streamed = client.post(
                "/icp/intake",
                content=oversized_chunks(),
                headers={"Content-Type": "application/json"},
            )
            assert (streamed.status_code, streamed.json()) == (413, expected)
            declared = client.post(
                "/icp/intake",
                content=b"".join(oversized_chunks()),
                headers={"Content-Type": "application/json"},
            )
            assert (declared.status_code, declared.json()) == (413, expected)
            assert (
                client.get("/icp/status", headers={"Authorization": "Bearer x"}).status_code == 401
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_icp_token_by_default_lives_within_a_shorter_max_ttl(server_env):
    env = {**server_env, "ICP_JWT_MAX_TTL_S": "3600"}
    result = icp("token", "--tenant", str(TENANT_SERVED), "--role", "ops", env=env)
    assert result.returncode == 0, result.stderr
    claims = jwt.decode(result.stdout.strip(), options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 3600


def test_icp_token_without_a_secret_exits_2_naming_the_variable(server_env):
    env = {k: v for k, v in server_env.items() if k != "ICP_JWT_SECRET"}
    result = icp("token", "--tenant", str(TENANT_SERVED), "--role", "ops", env=env)
    assert result.returncode == 2
    assert "ICP_JWT_SECRET is not set" in result.stderr
    assert result.stdout == ""


# -- the latest intake -----------------------------------------------------------------


def test_latest_intake_is_404_until_the_tenant_sends_one(api, warehouse, sample_intake):
    assert api.client.get("/icp/intake/latest").status_code == 401
    response = api.client.get("/icp/intake/latest", headers=api.headers(TENANT_A, "viewer"))
    assert response.status_code == 404
    assert response.json() == {"detail": f"tenant {TENANT_A} has no intake yet: submit one first"}
    api.client.post("/icp/intake", json=sample_intake, headers=api.headers(TENANT_B, "ops"))
    other_tenant = api.client.get("/icp/intake/latest", headers=api.headers(TENANT_A, "ops"))
    assert other_tenant.status_code == 404


def test_latest_intake_is_the_tenants_newest_as_it_was_sent(api, warehouse, sample_intake):
    ops = api.headers(TENANT_A, "ops")
    before = time.time()
    assert api.client.post("/icp/intake", json=sample_intake, headers=ops).status_code == 202
    # The chat's form with a plan spelling ("seed_name"): stored in the model's names,
    # answered as sent.
    sent = chat_intake()
    sent["seeds"][0] = {"seed_name": "Acme", "domain": "acme.com"}
    accepted = api.client.post("/icp/intake", json=sent, headers=ops)
    assert accepted.status_code == 202
    api.client.post("/icp/intake", json=sample_intake, headers=api.headers(TENANT_B, "ops"))

    response = api.client.get("/icp/intake/latest", headers=api.headers(TENANT_A, "viewer"))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"response_id", "saved_at", "intake"}
    assert body["response_id"] == accepted.json()["response_id"]
    assert body["intake"] == sent
    saved_at = datetime.fromisoformat(body["saved_at"])
    assert saved_at.tzinfo is not None
    assert before - 1 <= saved_at.timestamp() <= time.time() + 1


def test_latest_intake_stored_before_the_as_sent_column_answers_its_payload(
    api, warehouse, owner_conn, sample_intake
):
    ops = api.headers(TENANT_A, "ops")
    response_id = api.client.post("/icp/intake", json=sample_intake, headers=ops).json()[
        "response_id"
    ]
    with owner_conn.transaction():
        # The owner is held by forced row-level security too: it names the tenant.
        owner_conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(TENANT_A),))
        owner_conn.execute(
            "UPDATE icp_intake_responses SET submitted_payload = NULL WHERE id = %s",
            (response_id,),
        )
        [payload] = owner_conn.execute(
            "SELECT payload FROM icp_intake_responses WHERE id = %s", (response_id,)
        ).fetchone()
    body = api.client.get("/icp/intake/latest", headers=ops).json()
    assert (body["response_id"], body["intake"]) == (response_id, payload)
