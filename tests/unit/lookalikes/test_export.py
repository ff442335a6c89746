"""A list as people and CRMs read it: the code that matched, the CSV's columns."""

from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace

from icp_assets.lookalikes.export import CSV_COLUMNS, lookalike_record, matched_code, to_csv


def row(primary: str | None, secondary: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        rank=1, uen="201912345K", entity_name="TUAS CARGO PTE. LTD.", status="Live Company",
        entity_type="Local Company", primary_ssic_code=primary,
        primary_ssic_description="Photography", secondary_ssic_code=secondary,
        secondary_ssic_description="General warehousing", address="Singapore 639412",
        incorporated=date(2016, 5, 2), score=71.44, closest_seed="Harbourline",
        closest_seed_id=3, points={"ssic": 15.0}, reasons="in the card's industry",
    )  # fmt: skip


def test_the_code_that_put_a_company_in_the_segment_is_named_with_its_rank():
    assert matched_code(row("52101"), ("52",)) == ("52101", "primary")
    # A photographer on a warehousing card is there by its secondary code.
    assert matched_code(row("74201", "52101"), ("521",)) == ("52101", "secondary")
    assert matched_code(row("74201"), ("52",)) == (None, None)


def test_the_csv_has_the_documented_columns_and_says_how_each_company_matched():
    record = lookalike_record(row("74201", "52101"), ("52",))
    read = list(csv.reader(io.StringIO(to_csv([record]))))
    assert read[0] == [header for _, header in CSV_COLUMNS]
    values = dict(zip(read[0], read[1], strict=True))
    assert values["Matched by"] == "secondary" and values["Secondary SSIC"] == "52101"
    assert values["Score"] == "71.4" and values["Incorporation date"] == "2016-05-02"
