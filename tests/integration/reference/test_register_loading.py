"""Register ingestion and the register queries, against a real PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from icp_assets.mapping.queries import (
    EXACT_CANDIDATES,
    SIMILAR_CANDIDATES,
    WORD_SIMILAR_CANDIDATES,
    register_candidates,
)
from icp_assets.reference.loading import load_register_files, load_ssic_reference
from icp_assets.reference.queries import (
    SsicFilter,
    count_live_companies,
    sample_live_companies,
    ssic_codes_for_terms,
)
from support.registers import SAMPLE_REGISTER, write_register


def _register(warehouse) -> dict[str, tuple]:
    with warehouse.system_transaction() as conn:
        rows = conn.execute(
            text(
                "SELECT uen, entity_name, normalized_name, entity_status_description, "
                "postal_code FROM staging_acra_companies"
            )
        ).all()
    return {r.uen: tuple(r) for r in rows}


def test_bad_rows_are_reported_by_file_and_line_and_the_rest_loads(warehouse, tmp_path):
    path = write_register(
        tmp_path / "acra.csv",
        [
            (
                "201912345K",
                "GOOD ONE PTE. LTD.",
                "Local Company",
                "Live Company",
                "62011",
                "",
                "",
                "",
            ),
            ("not a uen", "BAD UEN PTE LTD", "", "", "", "", "", ""),
            ("201912346L", "", "", "", "", "", "", ""),
            ("201912347M", "BLANKED SSIC PTE LTD", "", "Live Company", "6201", "", "", "12"),
            ("201912348N", "GOOD TWO LLP", "", "Live", "", "", "", "018989"),
        ],
    )
    with path.open("a") as handle:
        handle.write("201912349P,TOO FEW FIELDS\n")

    report = load_register_files(warehouse, [path])

    assert (report.inserted, report.rejected) == (3, 3)
    reasons = [(b.line, b.action, b.reason) for b in report.bad_rows]
    assert reasons == [
        (3, "rejected", "uen 'NOT A UEN' is not a UEN"),
        (4, "rejected", "entity_name is empty"),
        (5, "blanked", "primary_ssic_code '6201' is not a 5-digit SSIC code"),
        (5, "blanked", "postal_code '12' is not a 6-digit postal code"),
        (7, "rejected", "expected 8 fields, found 2"),
    ]
    assert all(b.source == "acra.csv" for b in report.bad_rows)
    assert set(_register(warehouse)) == {"201912345K", "201912347M", "201912348N"}
    assert json.dumps(report.as_json())  # the CLI's --json form


def test_an_unreadable_file_is_reported_and_the_other_files_still_load(warehouse, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("company,website\nx,y\n")
    good = write_register(tmp_path / "good.csv", SAMPLE_REGISTER[:2])

    report = load_register_files(warehouse, [broken, good, tmp_path / "missing.csv"])

    assert len(report.file_errors) == 2
    assert "broken.csv: missing required column(s) uen, entity_name" in report.file_errors[0]
    assert report.inserted == 2


def test_reloading_the_same_file_changes_nothing(warehouse, sample_register):
    before = _register(warehouse)
    report = load_register_files(warehouse, [sample_register])
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, len(SAMPLE_REGISTER))
    assert _register(warehouse) == before


def test_a_newer_file_updates_rows_and_keeps_the_old_name(warehouse, sample_register, tmp_path):
    renamed = write_register(
        tmp_path / "newer.csv",
        [
            (
                "201600003P",
                "MERLION GLOBAL FREIGHT PTE. LTD.",
                "Local Company",
                "Struck Off",
                "52292",
                "Freight transport arrangement",
                "",
                "819663",
            )
        ],
    )
    report = load_register_files(warehouse, [renamed])

    assert (report.inserted, report.updated) == (0, 1)
    row = _register(warehouse)["201600003P"]
    assert row[1:4] == ("MERLION GLOBAL FREIGHT PTE. LTD.", "merlion global freight", "Struck Off")
    with warehouse.system_transaction() as conn:
        history = conn.execute(
            text("SELECT entity_name, source_file FROM staging_acra_name_history WHERE uen = :u"),
            {"u": "201600003P"},
        ).all()
    assert [tuple(h) for h in history] == [("MERLION FREIGHT PTE. LTD.", "newer.csv")]


def test_within_one_load_the_later_row_of_a_uen_wins(warehouse, tmp_path):
    first = write_register(
        tmp_path / "a.csv", [("201912345K", "OLD NAME PTE LTD", "", "", "", "", "", "")]
    )
    second = write_register(
        tmp_path / "b.csv", [("201912345K", "NEW NAME PTE LTD", "", "", "", "", "", "")]
    )
    load_register_files(warehouse, [first, second])
    assert _register(warehouse)["201912345K"][1] == "NEW NAME PTE LTD"


def test_the_bulk_path_into_an_empty_register_rebuilds_every_index(warehouse, sample_register):
    with warehouse.system_transaction() as conn:
        indexes = set(
            conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'staging_acra_companies'")
            ).scalars()
        )
    assert {
        "staging_acra_companies_pkey",
        "staging_acra_companies_name_trgm_idx",
        "staging_acra_companies_name_idx",
        "staging_acra_companies_live_primary_ssic_idx",
        "staging_acra_companies_live_secondary_ssic_idx",
    } <= indexes


ACTIVITY_HEADER = (
    "uen,entity_name,entity_status_description,primary_ssic_code,"
    "primary_user_described_activity,secondary_user_described_activity"
)
ACTIVITY_ROWS = [
    ("201912345K", "HARBOURLINE PTE. LTD.", "Live Company", "52101", "GENERAL WAREHOUSING", ""),
    ("201912346L", "ORCHID PTE. LTD.", "Live Company", "46900", "GENERAL TRADING", "E-COMMERCE"),
    ("201912347M", "QUIET PTE. LTD.", "Live Company", "62011", "", ""),
    ("201912348N", "LONG PTE. LTD.", "Live Company", "62011", "IT " * 200, ""),
]


def _activities(warehouse) -> dict[str, tuple]:
    with warehouse.system_transaction() as conn:
        rows = conn.execute(
            text(
                "SELECT uen, primary_user_described_activity, secondary_user_described_activity "
                "FROM staging_acra_companies"
            )
        ).all()
    return {r.uen: tuple(r)[1:] for r in rows}


def test_activity_texts_are_stored_and_their_coverage_reported(warehouse, tmp_path):
    path = write_register(tmp_path / "acra.csv", ACTIVITY_ROWS, header=ACTIVITY_HEADER)

    report = load_register_files(warehouse, [path])

    assert _activities(warehouse) == {
        "201912345K": ("GENERAL WAREHOUSING", None),
        "201912346L": ("GENERAL TRADING", "E-COMMERCE"),
        "201912347M": (None, None),
        "201912348N": (None, None),  # too long: blanked
    }
    assert [(b.line, b.action, b.reason) for b in report.bad_rows] == [
        (5, "blanked", "primary_user_described_activity longer than 500 characters")
    ]
    assert report.activity_text_rows == {
        "primary_user_described_activity": 2,
        "secondary_user_described_activity": 1,
    }
    assert report.activity_text_share == {
        "primary_user_described_activity": 0.5,
        "secondary_user_described_activity": 0.25,
    }
    assert json.loads(json.dumps(report.as_json()))["activity_text_share"] == {
        "primary_user_described_activity": 0.5,
        "secondary_user_described_activity": 0.25,
    }


def test_a_file_without_activity_texts_reports_none_and_a_newer_one_adds_them(
    warehouse, sample_register, tmp_path
):
    assert set(_activities(warehouse).values()) == {(None, None)}
    newer = write_register(
        tmp_path / "newer.csv",
        [("201912345K", "HARBOURLINE LOGISTICS PTE. LTD.", "Live Company", "52101", "", "")],
        header=ACTIVITY_HEADER,
    )
    assert load_register_files(warehouse, [newer]).activity_text_rows == {
        "primary_user_described_activity": 0,
        "secondary_user_described_activity": 0,
    }
    texts = write_register(
        tmp_path / "texts.csv",
        [("201912345K", "HARBOURLINE LOGISTICS PTE. LTD.", "Live Company", "52101", "COLD", "")],
        header=ACTIVITY_HEADER,
    )

    report = load_register_files(warehouse, [texts])

    assert (report.updated, report.activity_text_rows["primary_user_described_activity"]) == (1, 1)
    assert _activities(warehouse)["201912345K"] == ("COLD", None)


def _plan(conn, statement, params) -> str:
    rows = conn.execute(text("EXPLAIN " + statement.text), params)
    return "\n".join(r[0] for r in rows)


def test_candidate_queries_use_the_name_indexes(warehouse, sample_register):
    with warehouse.system_transaction() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        exact = _plan(conn, EXACT_CANDIDATES, {"keys": ["acme"]})
        words = _plan(conn, WORD_SIMILAR_CANDIDATES, {"keys": ["acme"], "limit": 10})
        whole = _plan(conn, SIMILAR_CANDIDATES, {"keys": ["acme"], "limit": 10})
    assert "staging_acra_companies_name_idx" in exact
    assert "staging_acra_companies_name_trgm_idx" in words
    assert "staging_acra_companies_name_trgm_idx" in whole


def test_candidates_hold_exact_namesakes_and_similar_names(warehouse, sample_register):
    with warehouse.tenant_transaction(1) as conn:
        found = register_candidates(conn, ["harbourline logistics", "orchid retail grup", "zzz"])
    assert {c.uen for c in found["harbourline logistics"]} == {"201912345K", "199901234A"}
    assert "201700004Q" in {c.uen for c in found["orchid retail grup"]}
    assert found["zzz"] == []


def test_live_companies_are_counted_and_sampled_by_code_and_prefix(warehouse, sample_register):
    with warehouse.tenant_transaction(1) as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        by_code = count_live_companies(conn, SsicFilter.parse(["52101"]))
        by_prefix = count_live_companies(conn, SsicFilter.parse(["52"]))
        by_secondary = count_live_companies(conn, SsicFilter.parse(["49231"]))
        samples = sample_live_companies(conn, SsicFilter.parse(["52"]), exclude_uens=["201912345K"])
        plan = (
            conn.execute(
                text(
                    "EXPLAIN SELECT count(*) FROM staging_acra_companies c WHERE "
                    "c.entity_status_description IN ('Live Company', 'Live') "
                    "AND c.primary_ssic_code LIKE '52%'"
                )
            )
            .scalars()
            .all()
        )
    assert (by_code, by_prefix, by_secondary) == (1, 2, 1)  # the struck-off namesake is out
    assert [s.uen for s in samples] == ["201600003P"]
    assert "live_primary_ssic_idx" in "\n".join(plan)


def test_ssic_codes_are_found_from_terms_in_titles_and_activities(warehouse):
    load_ssic_reference(warehouse)
    with warehouse.tenant_transaction(1) as conn:
        matches = ssic_codes_for_terms(conn, ["freight forwarding", "50%_"])
    assert matches[0].code == "52292"  # "Freight forwarding service" is one of its activities
    assert all("%" not in e for m in matches for e in m.examples)


def test_parallel_chunks_split_only_between_records_and_keep_line_numbers(
    warehouse, tmp_path, monkeypatch
):
    import icp_assets.reference.loading as register

    rows = [
        (
            f"2019{i:05d}K",
            f"COMPANY {i} PTE. LTD.",
            "Local Company",
            "Live Company",
            "62011",
            "Software\nwith a line break" if i % 7 == 0 else "Software",
            "",
            "",
        )
        for i in range(300)
    ]
    rows[150] = ("bad uen", "X", "", "", "", "", "", "")
    path = write_register(tmp_path / "big.csv", rows)
    monkeypatch.setattr(register, "_CHUNK_BYTES", 500)
    monkeypatch.setattr(register, "_PARALLEL_BYTES", 0)

    report = load_register_files(warehouse, [path])

    assert (report.rows_read, report.inserted, report.rejected) == (299, 299, 1)
    # Rows 0..149 take one line each, plus one more for each embedded line break.
    line = 2 + 150 + sum(1 for i in range(150) if i % 7 == 0)
    assert [(b.line, b.reason) for b in report.bad_rows] == [(line, "uen 'BAD UEN' is not a UEN")]
    with warehouse.system_transaction() as conn:
        description = conn.execute(
            text("SELECT primary_ssic_description FROM staging_acra_companies WHERE uen = :u"),
            {"u": "201900007K"},
        ).scalar_one()
    assert description == "Software\nwith a line break"


def test_values_with_characters_copy_escapes_are_stored_as_written(
    warehouse, tmp_path, monkeypatch
):
    import icp_assets.reference.loading as register

    specials = {3: "back\\slash", 5: "a\ttab", 7: "line\nbreak", 9: "carriage\rreturn", 11: "\\N"}
    rows = [
        (f"2019{i:05d}K", f"COMPANY {i} PTE. LTD.", "", "", "", specials.get(i, "plain"), "", "")
        for i in range(40)
    ]
    path = write_register(tmp_path / "specials.csv", rows)
    monkeypatch.setattr(register, "_CHUNK_BYTES", 200)  # chunks with and without them

    assert load_register_files(warehouse, [path]).inserted == 40
    with warehouse.system_transaction() as conn:
        stored = dict(
            conn.execute(
                text("SELECT uen, primary_ssic_description FROM staging_acra_companies")
            ).all()
        )
    assert stored == {f"2019{i:05d}K": specials.get(i, "plain") for i in range(40)}


def test_the_register_asset_loads_the_configured_files_and_reports_them(
    warehouse, test_settings, tmp_path
):
    import dagster as dg

    from icp_assets.reference.assets import RegisterFilesConfig, acra_register
    from resources.warehouse import WarehouseResource

    path = write_register(
        tmp_path / "acra.csv", [*SAMPLE_REGISTER, ("bad", "", "", "", "", "", "", "")]
    )
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [acra_register],
            instance=instance,
            resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
            run_config=dg.RunConfig({"acra_register": RegisterFilesConfig(paths=[str(path)])}),
        )
    metadata = {
        k: v.value
        for k, v in result.asset_materializations_for_node("acra_register")[0].metadata.items()
    }
    assert (metadata["rows_read"], metadata["inserted"], metadata["rejected"]) == (9, 9, 1)
    assert metadata["primary_user_described_activity_rows"] == 0
    assert metadata["primary_user_described_activity_share"] == 0.0
    assert len(_register(warehouse)) == 9


@pytest.mark.parametrize("chunk_bytes", [None, 200], ids=["one-chunk", "small-chunks"])
def test_nul_bytes_and_fields_over_128_kib_are_reported_by_line_and_the_rest_loads(
    warehouse, tmp_path, monkeypatch, chunk_bytes
):
    import icp_assets.reference.loading as register

    if chunk_bytes:
        monkeypatch.setattr(register, "_CHUNK_BYTES", chunk_bytes)
    huge = "X" * 200_000  # over the csv module's default field limit of 131,072
    path = write_register(
        tmp_path / "acra.csv",
        [
            ("201912345K", "GOOD ONE PTE. LTD.", "", "Live", "62011", "plain", "", ""),
            ("201912346L", "NUL\x00NAME PTE. LTD.", "", "Live", "62011", "", "", ""),
            ("201912347M", "NUL TEXT PTE. LTD.", "", "Live", "62011", "a\x00b", "", ""),
            ("201912348N", "HUGE TEXT PTE. LTD.", "", "Live", "62011", huge, "", ""),
            ("201912349P", huge, "", "Live", "62011", "", "", ""),
            ("201912350A", "HUGE QUOTED PTE. LTD.", "", "Live", "", f"{huge}\n{huge}", "", ""),
            ("201912351B", "GOOD TWO PTE. LTD.", "", "Live", "62011", "plain", "", ""),
        ],
    )

    report = load_register_files(warehouse, [path])

    assert report.file_errors == []
    reasons = [(b.source, b.line, b.action, b.reason) for b in report.bad_rows]
    assert reasons == [
        ("acra.csv", 3, "rejected", "entity_name holds a NUL byte"),
        ("acra.csv", 4, "blanked", "primary_ssic_description holds a NUL byte"),
        ("acra.csv", 5, "blanked", "primary_ssic_description longer than 500 characters"),
        ("acra.csv", 6, "rejected", "entity_name is too long"),
        ("acra.csv", 8, "blanked", "primary_ssic_description longer than 500 characters"),
    ]
    assert set(_register(warehouse)) == {
        "201912345K",
        "201912347M",
        "201912348N",
        "201912350A",
        "201912351B",
    }
    with warehouse.system_transaction() as conn:
        blanked = conn.execute(
            text(
                "SELECT count(*) FROM staging_acra_companies "
                "WHERE uen IN ('201912347M', '201912348N', '201912350A') "
                "AND primary_ssic_description IS NULL"
            )
        ).scalar_one()
    assert blanked == 3


@pytest.mark.parametrize("chunk_bytes", [None, 120], ids=["one-chunk", "small-chunks"])
def test_bytes_that_are_not_utf8_are_reported_by_line_not_stored_as_replacements(
    warehouse, tmp_path, monkeypatch, chunk_bytes
):
    import icp_assets.reference.loading as register

    if chunk_bytes:
        monkeypatch.setattr(register, "_CHUNK_BYTES", chunk_bytes)
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        b"uen,entity_name,primary_ssic_code,primary_ssic_description\n"
        b"201912345K,GOOD ONE PTE. LTD.,62011,plain\n"
        b"201912346L,CAF\xc9 ROYALE PTE. LTD.,62011,plain\n"
        b"201912347M,GOOD TWO PTE. LTD.,62011,caf\xe9 and bar\n"
        b"201912348N,GOOD THREE PTE. LTD.,62011,\xe2\x80\x9cquoted\xe2\x80\x9d\n"
    )

    report = load_register_files(warehouse, [path])

    reasons = [(b.line, b.action, b.reason) for b in report.bad_rows]
    assert reasons == [
        (3, "rejected", "entity_name holds bytes that are not UTF-8"),
        (4, "blanked", "primary_ssic_description holds bytes that are not UTF-8"),
    ]
    with warehouse.system_transaction() as conn:
        stored = dict(
            conn.execute(
                text("SELECT uen, primary_ssic_description FROM staging_acra_companies")
            ).all()
        )
    assert stored == {
        "201912345K": "plain",
        "201912347M": None,
        "201912348N": "\u201cquoted\u201d",  # valid UTF-8 stays as written
    }
    assert not any("\ufffd" in (value or "") for value in stored.values())
