"""SSIC 2020 reference data: read from the project's copy and loaded idempotently."""

from __future__ import annotations

from icp_assets.reference.ssic import read_ssic_activities, read_ssic_codes


def test_the_project_ships_the_whole_classification():
    codes = read_ssic_codes()
    levels = {}
    for code in codes:
        levels[code.level] = levels.get(code.level, 0) + 1
    assert levels == {"section": 21, "division": 81, "group": 204, "class": 382, "subclass": 1023}
    web = next(c for c in codes if c.code == "62011")
    assert web.parent == "6201" and web.section == "J" and web.definition
    assert len(read_ssic_activities()) == 5821


def test_the_demo_register_uses_real_ssic_codes_with_their_titles():
    import csv

    from icp_assets.demo import DEMO_REGISTER

    titles = {c.code: c.title for c in read_ssic_codes()}
    with DEMO_REGISTER.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for rank in ("primary", "secondary"):
                code = row[f"{rank}_ssic_code"]
                if code:
                    assert titles[code] == row[f"{rank}_ssic_description"], (code, row["uen"])
