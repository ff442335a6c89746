"""Sizing a segment in the register: live companies by primary code, secondary-code
matches apart, the tenant's own companies and exclusions left out, and samples that look
like the seeds rather than the newest registrations."""

from __future__ import annotations

from sqlalchemy import text

from icp_assets.reference.queries import (
    Segment,
    SsicFilter,
    count_segment,
    likely_companies,
    likeness_of,
)

COMPANY, SOLE = "Private Company Limited by Shares", "Sole Proprietor"
LIVE = "Live Company"
COLUMNS = ("uen", "name", "type", "status", "primary", "secondary", "registered")
REGISTER = [
    ("201500001A", "SEED FREIGHT PTE LTD", COMPANY, LIVE, "52101", None, "2015-03-01"),
    ("201400002B", "OLD PORT LOGISTICS PTE LTD", COMPANY, LIVE, "52102", None, "2014-05-01"),
    ("202600003C", "NEW DAY COURIERS", SOLE, "Live", "52101", None, "2026-01-10"),
    ("202600004D", "FRESH START FREIGHT PTE LTD", COMPANY, LIVE, "52101", None, "2026-02-01"),
    ("201000005E", "HOLDCO GROUP PTE LTD", COMPANY, LIVE, "64202", "52101", "2010-01-01"),
    ("200900006F", "COLD CHAIN PTE LTD", COMPANY, LIVE, "52109", None, "2009-01-01"),
    ("199900007G", "GONE FREIGHT PTE LTD", COMPANY, "Struck Off", "52101", None, "1999-01-01"),
]  # fmt: skip


def add_register(warehouse) -> None:
    with warehouse.system_transaction() as conn:
        conn.execute(
            text(
                "INSERT INTO staging_acra_companies (uen, entity_name, normalized_name, "
                "entity_type_description, entity_status_description, primary_ssic_code, "
                "secondary_ssic_code, registration_incorporation_date) VALUES (:uen, :name, "
                "lower(:name), :type, :status, :primary, :secondary, CAST(:registered AS date))"
            ),
            [dict(zip(COLUMNS, row, strict=True)) for row in REGISTER],
        )


def test_counts_are_by_primary_code_with_secondary_matches_apart(warehouse):
    add_register(warehouse)
    with warehouse.system_transaction() as conn:
        count = count_segment(conn, Segment(SsicFilter.parse(["5210"])))
        without = count_segment(
            conn,
            Segment(
                SsicFilter.parse(["5210"]),
                exclude_ssic=SsicFilter.parse(["52109"]),
                exclude_entity_types=(SOLE,),
                exclude_uens=("201500001A",),
            ),
        )
    # Five live by primary code (the struck-off one is not), the holding company apart.
    assert (count.primary, count.secondary_only) == (5, 1)
    # Less the seed, the sole proprietorship and the excluded cold-chain code.
    assert (without.primary, without.secondary_only) == (2, 1)


def test_samples_look_like_the_seeds_and_leave_out_the_tenants_own(warehouse):
    add_register(warehouse)
    with warehouse.system_transaction() as conn:
        likeness = likeness_of(conn, ["201500001A"])
        segment = Segment(SsicFilter.parse(["5210"]), exclude_uens=("201500001A",))
        samples = [c.uen for c in likely_companies(conn, segment, likeness, limit=4)]
    assert likeness.entity_types == (COMPANY,) and likeness.median_year == 2015
    # Companies registered nearest 2015 first, the sole proprietorship last, and never the
    # seed itself, however new the registrations are.
    assert samples == ["201400002B", "200900006F", "202600004D", "202600003C"]
