"""Tenant ids are checked against the tenant_id column's range (PostgreSQL integer)."""

from __future__ import annotations

import pytest

from resources.warehouse import MAX_TENANT_ID, TenantIdError, check_tenant_id


@pytest.mark.parametrize("value", [1, "1", 2**31 - 1, str(2**31 - 1), " 42 "])
def test_a_tenant_id_in_the_columns_range_is_accepted(value):
    assert 1 <= check_tenant_id(value) <= MAX_TENANT_ID


@pytest.mark.parametrize(
    "value",
    [2**31, 2**63, 10**400, 10**5_000, str(2**31), "9" * 400, "9" * 5_000, 0, -1, "1.0", True],
    ids=[
        "2^31",
        "2^63",
        "400-digits",
        "5000-digits",
        "2^31-text",
        "400-digit-text",
        "5000-digit-text",
        "zero",
        "negative",
        "float-text",
        "bool",
    ],
)
def test_a_tenant_id_past_the_columns_range_is_a_tenant_id_error(value):
    with pytest.raises(TenantIdError, match="from 1 to 2147483647"):
        check_tenant_id(value)


def test_an_infinite_float_is_a_tenant_id_error():
    with pytest.raises(TenantIdError):
        check_tenant_id(float("inf"))  # type: ignore[arg-type]
