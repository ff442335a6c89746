"""Tokens the API refuses though they are signed with its key: lifetimes over
``ICP_JWT_MAX_TTL_S``, dates that are not numbers, oversized tokens and duplicated keys.

Each token here is signed with the server's secret, so only these limits refuse it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any

import dagster as dg
import jwt
import pytest
from fastapi.testclient import TestClient

from icp_api.app import create_app
from icp_api.auth import issue_token
from icp_assets.settings import Settings

SECRET = "token-limits-secret-0123456789abcdef-012345"
TENANT = 721
MAX_TTL_S = 86_400
MAX_TOKEN_BYTES = 8_192
# A route every role may read that needs no stored data.
ROUTE = "/icp/intake/fields"


@pytest.fixture(scope="module")
def limits_settings(test_settings: Settings) -> Settings:
    return test_settings.model_copy(update={"jwt_secret": SECRET})


@pytest.fixture(scope="module")
def client(limits_settings: Settings, test_settings: Settings) -> Iterator[TestClient]:
    from resources.warehouse import warehouse_from_settings

    with dg.instance_for_test() as instance:
        app = create_app(
            limits_settings, warehouse=warehouse_from_settings(test_settings), instance=instance
        )
        with TestClient(app) as test_client:
            yield test_client


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "ops@acme.sg",
        "tenant_id": TENANT,
        "roles": ["ops"],
        "iat": now,
        "exp": now + 3600,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def _segment(raw_json: str) -> str:
    return base64.urlsafe_b64encode(raw_json.encode()).rstrip(b"=").decode()


def signed_raw(header_json: str, payload_json: str) -> str:
    """An HS256 token over exactly these JSON texts, so that a key may appear twice."""
    signing_input = f"{_segment(header_json)}.{_segment(payload_json)}"
    signature = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def signed(claims_: dict[str, Any]) -> str:
    return jwt.encode(claims_, SECRET, algorithm="HS256")


def answer(client: TestClient, token: str) -> tuple[int, Any]:
    response = client.get(ROUTE, headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"
    return response.status_code, response.json()


YEAR_9999 = 253_402_300_799
HEADER = '{"alg":"HS256","typ":"JWT"}'


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        pytest.param(
            lambda: signed(claims(exp=YEAR_9999)),
            f"the token lives longer than {MAX_TTL_S} s (ICP_JWT_MAX_TTL_S): "
            "its 'exp' is more than that after its 'iat'",
            id="exp-year-9999",
        ),
        pytest.param(
            lambda: signed(claims(iat=None, exp=YEAR_9999)),
            f"the token lives longer than {MAX_TTL_S} s (ICP_JWT_MAX_TTL_S): "
            "its 'exp' is more than that from now",
            id="exp-year-9999-without-iat",
        ),
        pytest.param(
            lambda: signed(claims(exp=int(time.time()) + MAX_TTL_S + 3600)),
            f"the token lives longer than {MAX_TTL_S} s (ICP_JWT_MAX_TTL_S): "
            "its 'exp' is more than that after its 'iat'",
            id="a-day-and-an-hour",
        ),
        pytest.param(
            lambda: signed(claims(iat=int(time.time()) - MAX_TTL_S, exp=int(time.time()) + 60)),
            f"the token lives longer than {MAX_TTL_S} s (ICP_JWT_MAX_TTL_S): "
            "its 'exp' is more than that after its 'iat'",
            id="issued-a-day-ago-still-valid",
        ),
        pytest.param(
            lambda: signed(claims(sub="ops\u0000@acme.sg")),
            "the token's 'sub' claim must be a name of at most 320 characters, "
            "without control characters",
            id="sub-with-nul",
        ),
        pytest.param(
            lambda: signed(claims(sub="o" * 321)),
            "the token's 'sub' claim must be a name of at most 320 characters, "
            "without control characters",
            id="sub-too-long",
        ),
        pytest.param(
            lambda: signed(claims(exp=str(int(time.time()) + 3600))),
            "the token's 'exp' claim must be a number (seconds since 1970)",
            id="exp-numeric-string",
        ),
        pytest.param(
            lambda: signed(claims(iat=str(int(time.time())))),
            "the token's 'iat' claim must be a number (seconds since 1970)",
            id="iat-numeric-string",
        ),
        pytest.param(
            lambda: signed(claims(nbf=str(int(time.time()) - 10))),
            "the token's 'nbf' claim must be a number (seconds since 1970)",
            id="nbf-numeric-string",
        ),
        pytest.param(
            lambda: signed(claims(iat=True)),
            "the token's 'iat' claim must be a number (seconds since 1970)",
            id="iat-boolean",
        ),
        pytest.param(
            lambda: signed(claims(padding="x" * 200_000)),
            f"the token is over {MAX_TOKEN_BYTES} bytes",
            id="200-kb-token",
        ),
        pytest.param(
            lambda: signed_raw(
                HEADER,
                json.dumps(claims(tenant_id=TENANT))[:-1] + ', "tenant_id": 722}',
            ),
            "the token's payload has the key 'tenant_id' more than once",
            id="duplicated-tenant-claim",
        ),
        pytest.param(
            lambda: signed_raw(
                HEADER,
                json.dumps(claims(roles=["viewer"]))[:-1] + ', "roles": ["admin"]}',
            ),
            "the token's payload has the key 'roles' more than once",
            id="duplicated-roles-claim",
        ),
        pytest.param(
            lambda: signed_raw(
                '{"alg":"HS256","typ":"JWT","kid":"a","kid":"b"}', json.dumps(claims())
            ),
            "the token's header has the key 'kid' more than once",
            id="duplicated-header-key",
        ),
    ],
)
def test_a_signed_token_over_the_limits_is_401_naming_the_reason(client, token, reason):
    assert answer(client, token()) == (401, {"detail": reason})


def test_an_oversized_token_is_refused_before_its_signature_is_checked(client):
    unsigned_garbage = "a" * (MAX_TOKEN_BYTES + 1)
    assert answer(client, unsigned_garbage) == (
        401,
        {"detail": f"the token is over {MAX_TOKEN_BYTES} bytes"},
    )


def test_a_duplicated_key_in_a_forged_token_is_refused_as_forged(client):
    # The signature is checked first: a stranger learns nothing about the payload checks.
    forged = signed_raw(HEADER, json.dumps(claims())[:-1] + ', "sub": "admin"}')
    forged = forged.rsplit(".", 1)[0] + "." + _segment("not the signature")
    assert answer(client, forged) == (401, {"detail": "the token's signature does not verify"})


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda: signed(claims(exp=int(time.time()) + MAX_TTL_S)), id="exactly-a-day"),
        pytest.param(
            lambda: signed(claims(iat=None, exp=int(time.time()) + MAX_TTL_S)),
            id="a-day-without-iat",
        ),
        pytest.param(
            lambda: signed(claims(iat=time.time(), exp=time.time() + 60.5, nbf=time.time() - 1)),
            id="fractional-dates",
        ),
        pytest.param(lambda: signed(claims(nbf=int(time.time()) - 5)), id="with-nbf"),
    ],
)
def test_a_token_within_the_limits_is_accepted(client, token):
    assert answer(client, token())[0] == 200


def test_issue_token_makes_accepted_tokens_and_refuses_a_lifetime_over_the_cap(
    client, limits_settings
):
    default = issue_token(limits_settings, subject="ops@acme.sg", tenant_id=TENANT, roles=["ops"])
    longest = issue_token(
        limits_settings, subject="ops@acme.sg", tenant_id=TENANT, roles=["ops"], ttl_s=MAX_TTL_S
    )
    assert answer(client, default)[0] == 200
    assert answer(client, longest)[0] == 200
    with pytest.raises(ValueError, match=r"over ICP_JWT_MAX_TTL_S \(86400 s\)"):
        issue_token(
            limits_settings,
            subject="ops@acme.sg",
            tenant_id=TENANT,
            roles=["ops"],
            ttl_s=MAX_TTL_S + 1,
        )


def test_a_shorter_configured_cap_refuses_what_the_default_accepts(limits_settings, test_settings):
    from resources.warehouse import warehouse_from_settings

    hour = limits_settings.model_copy(update={"jwt_max_ttl_s": 3600})
    with dg.instance_for_test() as instance:
        app = create_app(hour, warehouse=warehouse_from_settings(test_settings), instance=instance)
        with TestClient(app) as short:
            two_hours = signed(claims(exp=int(time.time()) + 7200))
            assert answer(short, two_hours) == (
                401,
                {
                    "detail": "the token lives longer than 3600 s (ICP_JWT_MAX_TTL_S): "
                    "its 'exp' is more than that after its 'iat'"
                },
            )
            # issue_token's default lifetime stays within a shorter cap.
            default = issue_token(hour, subject="ops@acme.sg", tenant_id=TENANT, roles=["ops"])
            assert answer(short, default)[0] == 200
