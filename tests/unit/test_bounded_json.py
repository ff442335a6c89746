"""JSON from outside is read within bounds: nesting, number sizes, NaN and Infinity are
refused by name before Python's parser recurses, overflows or lets them through; and
`icp intake submit` exits 2 with that message, before it touches the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from icp_assets.bounded_json import (
    MAX_JSON_DEPTH,
    JsonBoundsError,
    check_json_depth,
    loads_bounded,
)
from icp_assets.cli import app

DEEP = "[" * 100_000 + "]" * 100_000


def _in_a_field(value: str) -> str:
    return json.dumps({"advanced": {"A": {"primary_use_case": "__V__"}}}).replace('"__V__"', value)


OUT_OF_BOUNDS = [
    pytest.param(DEEP, "JSON nested deeper than 32 levels (char 32)", id="body-100000-deep"),
    pytest.param(_in_a_field(DEEP), "JSON nested deeper than 32 levels", id="field-100000-deep"),
    pytest.param(_in_a_field("1" * 5_000), "a number of 5000 characters", id="5000-digits"),
    pytest.param(_in_a_field("-" + "9" * 50), "a number of 51 characters", id="51-char-number"),
    pytest.param(_in_a_field("NaN"), "NaN is not a JSON value", id="nan"),
    pytest.param(_in_a_field("Infinity"), "Infinity is not a JSON value", id="infinity"),
    pytest.param(_in_a_field("-Infinity"), "-Infinity is not a JSON value", id="minus-infinity"),
    pytest.param(_in_a_field("1e400"), "the number 1e400 is too large", id="float-overflow"),
]


@pytest.mark.parametrize(("document", "message"), OUT_OF_BOUNDS)
def test_json_out_of_bounds_is_refused_naming_the_problem(document, message):
    with pytest.raises(JsonBoundsError) as refused:
        loads_bounded(document.encode())
    assert str(refused.value).startswith(message)


def test_json_within_bounds_reads_as_json_does():
    document = json.dumps(
        {"deal": {"acv_usd": 18000, "share": 0.25, "big": 10**30}, "text": "[[[[{{{{" * 50}
    )
    assert loads_bounded(document) == json.loads(document)
    assert loads_bounded(b"\xef\xbb\xbf[1]") == [1]  # a UTF-8 byte-order mark, as json does


def test_nesting_is_counted_outside_strings_only_up_to_the_limit():
    check_json_depth("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    check_json_depth('["\\"[[[[", "' + "{" * 1_000 + '"]')
    with pytest.raises(JsonBoundsError):
        check_json_depth("[" * (MAX_JSON_DEPTH + 1))


def test_not_json_is_still_a_json_decode_error():
    with pytest.raises(json.JSONDecodeError):
        loads_bounded('{"website": ')


@pytest.mark.parametrize(("document", "message"), OUT_OF_BOUNDS)
def test_intake_submit_exits_2_naming_the_problem(tmp_path: Path, document, message):
    path = tmp_path / "intake.json"
    path.write_text(document)
    result = CliRunner().invoke(
        app, ["intake", "submit", str(path), "--tenant", "1", "--user", "ops"]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("tenant", [str(2**31), str(2**63), "9" * 400])
def test_intake_submit_refuses_a_tenant_past_the_columns_range(tmp_path: Path, tenant):
    path = tmp_path / "intake.json"
    path.write_text("{}")
    result = CliRunner().invoke(
        app, ["intake", "submit", str(path), "--tenant", tenant, "--user", "ops"]
    )
    assert result.exit_code == 2
    assert "--tenant" in result.output
