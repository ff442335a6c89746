"""Register ingestion and the register queries, against a real PostgreSQL."""

from __future__ import annotations

import io

import pytest

from icp_assets.reference.queries import (
    SsicFilter,
)
from icp_assets.reference.register_rows import (
    STORED_COLUMNS,
    BadRow,
    RegisterFileError,
    read_register_rows,
)
from support.registers import REGISTER_HEADER


def test_rows_are_read_with_unknown_columns_ignored_and_names_normalized():
    lines = io.StringIO(
        "UEN,Entity_Name,no_of_officers,unheard_of\n201912345K,ACME (S) PTE. LTD.,3,x\n"
    )
    (row,) = list(read_register_rows(lines, "f.csv"))
    assert row[:4] == ("201912345K", None, "ACME (S) PTE. LTD.", "acme")


def test_a_file_without_a_required_column_is_refused_by_name():
    with pytest.raises(RegisterFileError, match="missing required column.*entity_name"):
        list(read_register_rows(io.StringIO("uen,name\n1,x\n"), "f.csv"))


def test_a_bad_ssic_filter_value_is_refused_by_name():
    with pytest.raises(ValueError, match="'62a'"):
        SsicFilter.parse(["62a"])


def test_read_register_rows_yields_a_blank_report_before_its_kept_row():
    lines = io.StringIO(REGISTER_HEADER + "\n201912345K,ACME,,,999,,,\n")
    items = list(read_register_rows(lines, "f.csv"))
    assert isinstance(items[0], BadRow) and items[0].action == "blanked"
    assert items[1][STORED_COLUMNS.index("primary_ssic_code")] is None
    assert items[1][STORED_COLUMNS.index("normalized_name")] == "acme"
