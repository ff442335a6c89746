"""A bounded schemathesis run: requests generated from the API's own OpenAPI schema,
sent as an ops user of a tenant that has a generation of suggestions, must get answers
the schema documents and never a server error."""

from __future__ import annotations

import dagster as dg
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from icp_api.app import create_app
from icp_api.auth import issue_token
from support.cards import insert_generation, make_card

TENANT = 801
SECRET = "schema-test-secret-0123456789abcdef0123"
EXAMPLES_PER_ROUTE = 25


@pytest.fixture
def api_schema(test_settings, warehouse, sample_register):
    # A high intake rate: the run sends many intakes and should meet no 429 by chance.
    api_settings = test_settings.model_copy(
        update={"jwt_secret": SECRET, "api_intake_rate_limit": "100000/minute"}
    )
    insert_generation(warehouse, TENANT, [make_card()])
    token = issue_token(api_settings, subject="schema@ops", tenant_id=TENANT, roles=["ops"])
    with dg.instance_for_test() as instance:
        app = create_app(api_settings, warehouse=warehouse, instance=instance)
        yield schemathesis.openapi.from_asgi("/openapi.json", app), token


def test_every_route_answers_as_its_schema_says(api_schema):
    schema, token = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def answers_as_documented(case):
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                # What JSON Schema cannot say is refused with a 422 that names the field
                # (a website that is not a public domain, an unknown time zone), so a
                # schema-valid body may rightly be refused. Every other check runs.
                excluded_checks=[positive_data_acceptance],
            )

        answers_as_documented()
