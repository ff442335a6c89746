"""Field errors in words a person can act on, from the API's own request models: the copy
is pinned here, and the machine path stays beside it in the API's answer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from icp_api.app import _field_errors
from icp_api.exclusion_routes import ExclusionsRequest
from icp_api.resolver_routes import ResolveRequest
from icp_api.schemas import AcceptRequest, ParseRequest
from icp_assets.error_copy import error_sentence, field_in_words, location_of
from icp_assets.intake.model import IntakePayload


def sentences(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    """Each error of validating ``data`` by its dotted location, worded."""
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return {
        ".".join(map(str, item["loc"])): error_sentence(
            item["type"], item["loc"], item.get("ctx"), item["msg"]
        )
        for item in raised.value.errors()
    }


@pytest.mark.parametrize(
    ("location", "words"),
    [
        (("website",), "your company's website"),
        (("body", "website"), "your company's website"),
        (("best_customers",), "your best customers"),
        (("best_customers", 2), "best customer 3"),
        (("best_customers", 2, "website"), "best customer 3's website"),
        (("lost_customers", 0, "reason"), "lost customer 1's reason"),
        (("deal", "acv_usd"), "the annual contract value (USD)"),
        (("advanced", "C"), "advanced section C"),
        (("advanced", "C", "who"), "the answer to 'who' in advanced section C"),
        (("advanced", "Z", "[key]"), "'Z' in the advanced sections"),
        (("query", "limit"), "the number of companies"),
        (("header", "x-tenant-id"), "the X-Tenant-ID header"),
        (("suggestion", "ssic_cluster", 0, "SsicEntry"), "SSIC code 1"),
        (("suggestion", "ssic_cluster", 0, "constrained-str"), "SSIC code 1"),
        (("some_new_field",), "the some new field"),
        (("deal", "extras", 1), "entry 2 of the extras"),
        ((), "the request body"),
    ],
)
def test_a_field_is_named_in_words(location, words):
    assert field_in_words(location) == words


def test_intake_errors_say_what_to_do():
    words = sentences(
        IntakePayload,
        {
            "best_customers": [],
            "lost_customers": [{"name": "Globex"}],
            "geos": ["SG"] * 31,
            "employee_band": 12,
            "deal": {"acv_usd": -1, "sales_cycle_days": 1.5},
            "advanced": {"Z": {"question": "answer"}},
        },
    )
    assert words == {
        "website": "Give your company's website.",
        "best_customers": "Add at least one best customer.",
        "lost_customers.0.reason": "Give lost customer 1's reason.",
        "employee_band": "Your own size must be '1-10', '11-50', '51-200', '201-500', "
        "'501-1000', '1001-5000' or '5001+'.",
        "geos": "Give at most 30 countries.",
        "deal.acv_usd": "The annual contract value (USD) must be 0 or more.",
        "deal.sales_cycle_days": "The sales cycle (days) must be a whole number.",
        "advanced.Z.[key]": "'Z' in the advanced sections must be 'A', 'B', 'C', 'D', 'E', "
        "'F', 'G' or 'H'.",
    }


def test_a_customers_fields_are_named_by_its_place_in_the_list():
    words = sentences(
        IntakePayload,
        {
            "website": "lumenledger.sg",
            "best_customers": [
                {"name": "Acme", "website": "acme.sg"},
                {"name": "", "website": "x" * 301, "reason": "cheap"},
            ],
        },
    )
    assert words == {
        "best_customers.1.name": "Best customer 2's name cannot be empty.",
        "best_customers.1.website": "Best customer 2's website is too long: keep it to 300 "
        "characters or fewer.",
        "best_customers.1.reason": "'reason' in best customer 2 is not a field we know: check "
        "its spelling, or leave it out.",
    }


def test_api_request_errors_say_what_to_do():
    assert sentences(ParseRequest, {"kind": "maybe"}) == {
        "text": "Give the pasted text.",
        "kind": "The kind of customer must be 'best' or 'lost'.",
    }
    assert sentences(
        AcceptRequest,
        {"suggestion_id": "", "exclude_ssic": ["520001"], "min_headcount": "many", "x": 1},
    ) == {
        "suggestion_id": "The suggestion's id cannot be empty.",
        "exclude_ssic.0": "Excluded SSIC code 1 is too long: keep it to 5 characters or fewer.",
        "min_headcount": "The minimum headcount must be a whole number.",
        "x": "'x' is not a field we know: check its spelling, or leave it out.",
    }
    assert sentences(ExclusionsRequest, {"ssic": ["52"] * 201, "companies": "Acme"}) == {
        "ssic": "Give at most 200 SSIC codes.",
        "companies": "The companies must be a list.",
    }


def test_the_projects_own_validators_keep_their_reason():
    assert sentences(ResolveRequest, {"uen": "123"}) == {
        "uen": "The UEN is not valid: a UEN is 9 or 10 letters and digits, such as "
        "201912345K; got '123'."
    }


@pytest.mark.parametrize(
    ("error_type", "context", "sentence"),
    [
        ("missing", None, "Give the UEN."),
        ("string_too_short", {"min_length": 1}, "The UEN cannot be empty."),
        ("string_too_short", {"min_length": 9}, "The UEN must be at least 9 characters long."),
        (
            "string_too_long",
            {"max_length": 1},
            "The UEN is too long: keep it to one character or fewer.",
        ),
        ("greater_than", {"gt": 0}, "The UEN must be more than 0."),
        ("greater_than_equal", {"ge": 1.0}, "The UEN must be 1 or more."),
        ("less_than", {"lt": 10}, "The UEN must be less than 10."),
        (
            "less_than_equal",
            {"le": 2**63 - 1},
            "The UEN must be 9,223,372,036,854,775,807 or less.",
        ),
        ("float_parsing", None, "The UEN must be a number."),
        ("bool_parsing", None, "The UEN must be true or false."),
        ("string_type", None, "The UEN must be text."),
        ("dict_type", None, "The UEN must be a JSON object."),
        (
            "url_parsing",
            {"error": "relative URL without a base"},
            "The UEN is not a web address: write it like www.example.sg.",
        ),
        (
            "url_scheme",
            {"expected_schemes": "'http' or 'https'"},
            "The UEN must start with 'http' or 'https'.",
        ),
        ("enum", {"expected": "'a' or 'b'"}, "The UEN must be 'a' or 'b'."),
        (
            "string_pattern_mismatch",
            {"pattern": "^x"},
            "The UEN is not written in the expected form.",
        ),
        ("uuid_parsing", None, "The UEN is not valid: input should be a valid UUID."),
    ],
)
def test_each_kind_of_error_has_its_sentence(error_type, context, sentence):
    message = "Input should be a valid UUID" if error_type == "uuid_parsing" else ""
    assert error_sentence(error_type, ("body", "uen"), context, message) == sentence


def test_a_list_short_of_entries_asks_for_that_many():
    assert error_sentence("too_short", ("best_customers",), {"min_length": 3}) == (
        "Add at least 3 best customers."
    )
    assert error_sentence("too_short", ("companies",), {"min_length": 2}) == (
        "Add at least 2 companies."
    )
    assert error_sentence("string_too_long", ("text",), {"max_length": 20_000}) == (
        "The pasted text is too long: keep it to 20,000 characters or fewer."
    )


def test_the_api_answer_keeps_the_machine_path_beside_the_words():
    with pytest.raises(ValidationError) as raised:
        AcceptRequest.model_validate({"exclude_ssic": ["520001"], "suggestion": {"title": 5}})
    located = [{**item, "loc": ("body", *item["loc"])} for item in raised.value.errors()]
    assert _field_errors(RequestValidationError(located)) == [
        {"field": "suggestion.title", "message": "The title must be text."},
        {
            "field": "exclude_ssic.0",
            "message": "Excluded SSIC code 1 is too long: keep it to 5 characters or fewer.",
        },
    ]


def test_malformed_json_keeps_its_position():
    error = RequestValidationError(
        [
            {
                "type": "json_invalid",
                "loc": ("body", 18),
                "msg": "JSON decode error",
                "ctx": {"error": "Expecting value"},
            }
        ]
    )
    assert _field_errors(error) == [
        {"field": "body", "message": "not valid JSON: Expecting value (char 18)"}
    ]


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("seeds[2].domain", ("seeds", 2, "domain")),
        ("answers.optional.acv", ("answers", "optional", "acv")),
        ("best_customers", ("best_customers",)),
        ("exclude_ssic.0", ("exclude_ssic", 0)),
    ],
)
def test_a_field_path_reads_back_as_its_location(path, location):
    assert location_of(path) == location


def test_a_seed_is_named_by_its_place_among_the_seeds_sent():
    assert error_sentence(
        "string_too_long", location_of("seeds[2].domain"), {"max_length": 300}
    ) == ("Customer 3's website is too long: keep it to 300 characters or fewer.")


def test_an_error_without_its_limits_still_reads_as_a_sentence():
    # A custom error may leave out the context pydantic's own errors carry.
    assert error_sentence("string_too_long", ("text",), None, "String is too long") == (
        "The pasted text is not valid: string is too long."
    )
    assert error_sentence("literal_error", ("kind",)) == "The kind of customer is not valid."
