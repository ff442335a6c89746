"""The synthetic ACRA register: formats, shares, namesakes, determinism, typed names."""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_assets.demo.register_synth import (
    LIVE_STATUSES,
    REGISTER_COLUMNS,
    synthesize_register,
    typed_variant,
    write_register_csv,
)
from icp_assets.normalize import legal_form, normalize_company_name
from icp_assets.reference.ssic import read_ssic_activities, read_ssic_codes

ROWS = 50_000
LOCAL = "Local Company"
BUSINESS = "Sole Proprietorship/ Partnership"
LLP = "Limited Liability Partnership"
FOREIGN = "Foreign Company"
LP = "Limited Partnership"
OTHER_TYPES = {"Variable Capital Company": "VC", "Public Accounting Firm": "PF"}
T_CODES = {LLP: "LL", FOREIGN: "FC", LP: "LP", **OTHER_TYPES}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return list(synthesize_register(ROWS, seed=11))


@pytest.fixture(scope="module")
def keys(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Rows by the matching key of their name."""
    by_key: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_key[normalize_company_name(row["entity_name"])].append(row)
    return by_key


def share(count: int, total: int = ROWS) -> float:
    return count / total


def is_live(row: dict[str, str]) -> bool:
    return row["entity_status_description"] in LIVE_STATUSES


def test_header_is_acras_columns_and_every_row_has_them(rows):
    assert len(REGISTER_COLUMNS) == 21 == len(set(REGISTER_COLUMNS))
    assert REGISTER_COLUMNS[:4] == ("uen", "issuance_agency_id", "uen_status_code", "entity_name")
    assert REGISTER_COLUMNS[18:] == (
        "no_of_officers",
        "primary_user_described_activity",
        "secondary_user_described_activity",
    )
    assert all(tuple(row) == REGISTER_COLUMNS for row in rows[:1000])
    assert all(isinstance(v, str) for row in rows[:1000] for v in row.values())
    assert {row["issuance_agency_id"] for row in rows} == {"ACRA"}


def test_uens_are_unique_and_in_the_format_of_their_entity_type(rows):
    assert len({row["uen"] for row in rows}) == ROWS
    for row in rows:
        uen, kind = row["uen"], row["entity_type_description"]
        year = int(row["registration_incorporation_date"][:4])
        if kind == LOCAL:
            assert re.fullmatch(r"(19[7-9]\d|20[0-2]\d)\d{5}[A-Z]", uen), uen
            assert 1970 <= int(uen[:4]) == year <= 2025, row
        elif kind == BUSINESS:
            assert re.fullmatch(r"\d{8}[A-Z]", uen), uen
        else:
            match = re.fullmatch(r"T(\d\d)([A-Z]{2})\d{4}[A-Z]", uen)
            assert match, uen
            assert match[2] == T_CODES[kind], row
            assert int(match[1]) == year % 100, row


def test_uen_numbers_do_not_run_in_sequence(rows):
    local = [int(row["uen"][4:9]) for row in rows if row["uen"][:4] == "2015"][:50]
    steps = {b - a for a, b in zip(local, local[1:], strict=False)}
    assert len(local) == 50 and len(steps) > 1 and 1 not in steps


def test_entity_types_come_in_realistic_shares(rows):
    types = Counter(row["entity_type_description"] for row in rows)
    assert set(types) == {LOCAL, BUSINESS, LLP, FOREIGN, LP, *OTHER_TYPES}
    assert 0.52 < share(types[LOCAL]) < 0.59
    assert 0.32 < share(types[BUSINESS]) < 0.38
    assert 0.05 < share(types[LLP]) < 0.07
    assert 0.015 < share(types[FOREIGN]) < 0.03
    assert 0.006 < share(types[LP]) < 0.015
    assert 0.005 < share(sum(types[t] for t in OTHER_TYPES)) < 0.015


def test_legal_forms_agree_with_entity_types(rows):
    for row in rows:
        name, kind = row["entity_name"], row["entity_type_description"]
        form = legal_form(name)
        if kind == BUSINESS:
            assert form is None, name
            assert row["business_constitution_description"] in (
                "Sole Proprietorship",
                "Partnership",
            )
        elif kind == LOCAL:
            company_type = row["company_type_description"]
            if company_type.startswith("Public"):
                assert form == "ltd" and "PTE" not in name and "PRIVATE" not in name, row
            else:
                assert "Private Company" in company_type and form == "pte ltd", row
        elif kind == LLP:
            assert name.endswith(" LLP"), name
        elif kind == LP:
            assert name.endswith((" LP", " L.P.")), name
        elif kind == FOREIGN:
            assert form in {"ltd", "inc", "corp", "sdn bhd", "gmbh", "pty ltd", "llc", "ag", "bv"}
            assert form != "pte ltd", name
        elif kind == "Variable Capital Company":
            assert name.endswith(" VCC"), name
        else:
            assert name.endswith((" PAC", " & CO.", " PUBLIC ACCOUNTING CORPORATION")), name
        if kind != LOCAL:
            assert row["company_type_description"] == "", row


def test_names_are_upper_case_mostly_distinct_and_varied(rows):
    names = [row["entity_name"] for row in rows]
    assert all(name == name.upper() and name == name.strip() for name in names)
    assert share(len(set(names))) > 0.95
    assert len({name.split()[0] for name in names}) > 2000
    assert 2 <= sum(len(name.split()) for name in names) / ROWS <= 5


def test_statuses_come_in_plausible_shares_with_consistent_codes(rows):
    live = sum(is_live(row) for row in rows)
    assert 0.55 < share(live) < 0.65
    statuses = Counter(row["entity_status_description"] for row in rows)
    for status in ("Struck Off", "Cancelled", "Ceased Registration", "Amalgamated", "Converted"):
        assert statuses[status] > 0, status
    assert statuses["Dissolved - Members' Voluntary Winding Up"] > 0
    assert statuses["Gazetted to be Struck Off"] > 0
    assert statuses["In Liquidation - Creditors' Voluntary Winding Up"] > 0
    assert 0.1 < share(statuses["Struck Off"]) < 0.25
    codes = {(row["entity_status_description"], row["entity_status_code"]) for row in rows}
    assert len(codes) == len(statuses) == len({code for _, code in codes})
    assert all(0 < len(code) <= 4 for _, code in codes)


def test_live_statuses_are_the_live_descriptions_and_registered(rows):
    assert frozenset({"Live Company", "Live"}) == LIVE_STATUSES
    company_types = {LOCAL, FOREIGN, "Variable Capital Company"}
    for row in rows:
        status = row["entity_status_description"]
        if is_live(row):
            assert row["uen_status_code"] == "R", row
            expected = "Live Company" if row["entity_type_description"] in company_types else "Live"
            assert status == expected, row
        elif status.startswith(("Struck Off", "Cancelled", "Ceased", "Dissolved", "Amalgamated")):
            assert row["uen_status_code"] == "D", row
    businesses = [row for row in rows if row["entity_type_description"] == BUSINESS]
    assert {row["entity_status_description"] for row in businesses} == {
        "Live",
        "Ceased Registration",
        "Cancelled",
    }


def test_every_ssic_code_is_a_real_subclass_with_its_exact_title(rows):
    titles = {c.code: c.title for c in read_ssic_codes() if c.level == "subclass"}
    for row in rows:
        assert titles[row["primary_ssic_code"]] == row["primary_ssic_description"], row
        if row["secondary_ssic_code"]:
            assert titles[row["secondary_ssic_code"]] == row["secondary_ssic_description"], row
            assert row["secondary_ssic_code"] != row["primary_ssic_code"], row
        else:
            assert row["secondary_ssic_description"] == ""
    assert 0.3 < share(sum(bool(row["secondary_ssic_code"]) for row in rows)) < 0.4
    divisions = Counter(row["primary_ssic_code"][:2] for row in rows)
    common = {code for code, _ in divisions.most_common(8)}
    assert {"46", "47", "56", "43"} <= common
    assert len(divisions) > 60


def test_business_words_agree_with_the_ssic_code_most_of_the_time(rows):
    def agreeing(word: str, divisions: tuple[str, ...]) -> float:
        named = [row for row in rows if word in row["entity_name"].split()]
        assert len(named) > 50, word
        return share(
            sum(row["primary_ssic_code"].startswith(divisions) for row in named), len(named)
        )

    assert agreeing("LOGISTICS", ("49", "52", "53")) > 0.75
    assert agreeing("CLINIC", ("86",)) > 0.75
    assert agreeing("HOLDINGS", ("64", "66")) > 0.6


def test_dates_addresses_and_officers_look_like_acras(rows):
    for row in rows:
        registered = date.fromisoformat(row["registration_incorporation_date"])
        assert date(1970, 1, 1) <= registered <= date(2025, 12, 31)
        assert date.fromisoformat(row["uen_issue_date"]) >= registered
        postal = row["postal_code"]
        assert postal == "" or (re.fullmatch(r"\d{6}", postal) and 1 <= int(postal[:2]) <= 82)
        officers = row["no_of_officers"]
        if row["entity_type_description"] == BUSINESS:
            assert officers == "" or 1 <= int(officers) <= 12
        else:
            assert officers.isdigit() and 1 <= int(officers) <= 12, row
    assert 0.85 < share(sum(bool(row["postal_code"]) for row in rows)) < 0.98
    assert sum(bool(row["street_name"]) for row in rows) > ROWS * 0.85
    assert sum(bool(row["building_name"]) for row in rows) > ROWS * 0.2
    businesses = [row for row in rows if row["entity_type_description"] == BUSINESS]
    assert sum(row["no_of_officers"] == "" for row in businesses) > len(businesses) * 0.3


def _title_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Z]{4,}", text.upper()))


def test_activity_texts_come_in_acras_shares_from_the_rows_own_codes(rows):
    code_words: dict[str, set[str]] = defaultdict(set)
    for code in read_ssic_codes():
        code_words[code.code] |= _title_words(code.title)
    for code, activity in read_ssic_activities():
        code_words[code] |= _title_words(activity)
    primary = [row for row in rows if row["primary_user_described_activity"]]
    secondary = [row for row in rows if row["secondary_user_described_activity"]]
    assert 0.67 < share(len(primary)) < 0.73
    assert 0.17 < share(len(secondary)) < 0.23
    assert all(row["primary_user_described_activity"] for row in secondary)
    texts = [row["primary_user_described_activity"] for row in primary]
    assert all(t == t.upper() == " ".join(t.split()) and len(t) <= 500 for t in texts)
    related = sum(
        bool(_title_words(row["primary_user_described_activity"]) & code_words[code])
        for row in primary
        if (code := row["primary_ssic_code"])
    )
    assert 0.85 < share(related, len(primary)) < 0.95  # about 10% unrelated to the code
    assert 0.04 < share(sum("RELATED ACTIVITIES" in t for t in texts), len(texts)) < 0.12
    assert sum(t.startswith("GENERAL TRADING") for t in texts) > len(texts) * 0.02
    assert sum(" & " in t or "SVCS" in t.split() for t in texts) > len(texts) * 0.05


def test_activity_texts_leave_every_other_column_as_it_was(tmp_path: Path):
    path = tmp_path / "register.csv"
    write_register_csv(path, 2000, seed=7)
    first_columns = io.StringIO()
    writer = csv.writer(first_columns, lineterminator="\n")
    with path.open(encoding="utf-8", newline="") as handle:
        writer.writerows(record[:19] for record in csv.reader(handle))
    # The digest of the file this generator wrote before it had the activity columns.
    digest = hashlib.sha256(first_columns.getvalue().encode()).hexdigest()
    assert digest == "779fed895b091226bf3094eb6545c23a75bf06719cc6e40033a787ed5eb713e3"


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    first = list(synthesize_register(3000, seed=5))
    assert first == list(synthesize_register(3000, seed=5))
    assert first[:1000] == list(synthesize_register(1000, seed=5))
    other = list(synthesize_register(3000, seed=6))
    assert sum(a == b for a, b in zip(first, other, strict=True)) == 0
    assert {row["entity_name"] for row in first} != {row["entity_name"] for row in other}


def test_namesakes_share_matching_keys_across_statuses_and_entity_types(keys):
    shared = [group for group in keys.values() if len(group) > 1]
    shared_rows = sum(len(group) for group in shared)
    assert 0.04 < share(shared_rows) < 0.12
    statuses = [g for g in shared if len({r["entity_status_description"] for r in g}) > 1]
    assert len(statuses) > ROWS * 0.01
    types = [g for g in shared if len({r["entity_type_description"] for r in g}) > 1]
    assert len(types) > ROWS * 0.003
    forms = [g for g in shared if len({r["entity_name"] for r in g}) > 1]
    assert any(" (S) " in r["entity_name"] for g in forms for r in g)
    identical = [g for g in shared if len({r["entity_name"] for r in g}) < len(g)]
    assert identical, "an old name registered again"


def test_two_live_entities_share_a_matching_key_but_rarely(keys):
    live_twins = [group for group in keys.values() if sum(map(is_live, group)) > 1]
    assert live_twins
    assert share(sum(len(group) for group in live_twins)) < 0.003


def test_near_namesakes_differ_by_a_word_or_a_letter(keys):
    near = 0
    for key in keys:
        words = key.split()
        if len(words) > 1 and " ".join(words[:-1]) in keys:
            near += 1
    assert near > ROWS * 0.005


def test_typed_variants_are_never_empty_and_usually_differ(rows):
    names = [row["entity_name"] for row in rows[:3000]]
    differing = 0
    for seed in range(3):
        rng = random.Random(seed)
        for name in names:
            typed = typed_variant(name, rng)
            assert typed.strip() == typed and typed, name
            differing += typed != name
    assert differing > 0.97 * 3 * len(names)
    assert typed_variant(names[0], random.Random(1)) == typed_variant(names[0], random.Random(1))


def test_typed_variants_often_keep_the_matching_key(rows):
    rng = random.Random(3)
    names = [row["entity_name"] for row in rows[:2000]]
    same = sum(
        normalize_company_name(typed_variant(n, rng)) == normalize_company_name(n) for n in names
    )
    assert 0.3 < share(same, len(names)) < 0.95


def test_typed_variants_use_the_usual_ways_of_typing_a_name():
    rng = random.Random(0)
    seen = {typed_variant("ACME ASIA LOGISTICS & MARINE PTE. LTD.", rng) for _ in range(400)}
    assert "ACME ASIA LOGISTICS & MARINE" in seen  # legal form dropped
    assert "acme asia logistics & marine pte. ltd." in seen
    assert "Acme Asia Logistics & Marine Pte. Ltd." in seen
    assert "ACME ASIA LOGISTICS AND MARINE PTE. LTD." in seen
    assert "ACME ASIA LOGISTICS & MARINE PTE LTD" in seen
    assert "ACME ASIA LOGISTICS & MARINE PTE.LTD." in seen
    assert any(v.endswith("Singapore") for v in seen)
    assert any(v.startswith("ACME ") and len(v.split()) == 6 for v in seen)  # a word dropped
    assert all(v.upper().startswith(("ACME", "ACMME")) or v.startswith("acme") for v in seen)


def test_typed_variant_rejects_a_blank_name():
    with pytest.raises(ValueError):
        typed_variant("   ", random.Random(0))


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=60).filter(str.strip), seed=st.integers(0, 2**32))
def test_typed_variant_of_any_name_is_not_empty(name, seed):
    assert typed_variant(name, random.Random(seed)).strip()


def test_write_register_csv_round_trips_through_dictreader(tmp_path: Path):
    path = tmp_path / "register.csv"
    assert write_register_csv(path, 500, seed=2) == 500
    raw = path.read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == REGISTER_COLUMNS
        assert list(reader) == list(synthesize_register(500, seed=2))
    assert write_register_csv(path, 0) == 0
    assert path.read_text(encoding="utf-8") == ",".join(REGISTER_COLUMNS) + "\n"


def test_negative_row_counts_are_rejected(tmp_path: Path):
    with pytest.raises(ValueError):
        list(synthesize_register(-1))
    with pytest.raises(ValueError):
        write_register_csv(tmp_path / "x.csv", -1)
    assert not (tmp_path / "x.csv").exists()
