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


ACTIVITY_HEADER = (
    "uen,entity_name,primary_ssic_code,Primary_User_Described_Activity,"
    "secondary_user_described_activity"
)
PRIMARY_ACTIVITY = STORED_COLUMNS.index("primary_user_described_activity")
SECONDARY_ACTIVITY = STORED_COLUMNS.index("secondary_user_described_activity")


def test_the_user_described_activities_are_read_when_the_file_has_them():
    lines = io.StringIO(
        ACTIVITY_HEADER + "\n"
        '201912345K,ACME PTE. LTD.,52101," GENERAL WAREHOUSING AND LOGISTICS SERVICES ",\n'
        "201912346L,BETA PTE. LTD.,46900,GENERAL TRADING,IMPORT & EXPORT\n"
    )
    first, second = list(read_register_rows(lines, "f.csv"))
    assert first[PRIMARY_ACTIVITY] == "GENERAL WAREHOUSING AND LOGISTICS SERVICES"
    assert first[SECONDARY_ACTIVITY] is None
    assert (second[PRIMARY_ACTIVITY], second[SECONDARY_ACTIVITY]) == (
        "GENERAL TRADING",
        "IMPORT & EXPORT",
    )


def test_a_file_without_the_activity_columns_still_loads_without_them():
    (row,) = list(read_register_rows(io.StringIO("uen,entity_name\n201912345K,ACME\n"), "f.csv"))
    assert row[PRIMARY_ACTIVITY] is None and row[SECONDARY_ACTIVITY] is None


def test_an_activity_text_over_the_limit_is_blanked_and_reported_by_line():
    long_text = "LOGISTICS " * 60
    lines = io.StringIO(ACTIVITY_HEADER + f"\n201912345K,ACME,52101,{long_text},STORAGE\n")
    bad, row = list(read_register_rows(lines, "f.csv"))
    assert (bad.source, bad.line, bad.action) == ("f.csv", 2, "blanked")
    assert bad.reason == "primary_user_described_activity longer than 500 characters"
    assert row[PRIMARY_ACTIVITY] is None and row[SECONDARY_ACTIVITY] == "STORAGE"
    assert row[STORED_COLUMNS.index("primary_ssic_code")] == "52101"


def test_a_nul_byte_rejects_a_row_by_its_name_and_blanks_an_optional_value():
    lines = io.StringIO(
        REGISTER_HEADER + "\n201912345K,AC\x00ME,,,,,,\n201912346L,GLOBEX,,,62011,so\x00ftware,,\n"
    )
    name_bad, text_bad, row = list(read_register_rows(lines, "f.csv"))
    assert name_bad == BadRow("f.csv", 2, "entity_name holds a NUL byte", "rejected")
    assert text_bad == BadRow("f.csv", 3, "primary_ssic_description holds a NUL byte", "blanked")
    assert row[0] == "201912346L" and "\x00" not in "".join(v or "" for v in row)


def test_a_field_over_the_csv_modules_default_limit_is_judged_by_the_row_rules():
    huge = "X" * 200_000
    lines = io.StringIO(
        REGISTER_HEADER + f"\n201912345K,ACME,,,62011,{huge},,\n201912346L,{huge},,,,,,\n"
        "201912347M,GLOBEX,,,,,,\n"
    )
    blanked, kept, rejected, last = list(read_register_rows(lines, "f.csv"))
    assert blanked == BadRow(
        "f.csv", 2, "primary_ssic_description longer than 500 characters", "blanked"
    )
    assert kept[0] == "201912345K"
    assert rejected == BadRow("f.csv", 3, "entity_name is too long", "rejected")
    assert last[0] == "201912347M"
