"""Candidate segments from the seeds' industries, and which of them become cards."""

from __future__ import annotations

import dataclasses

from icp_assets.pattern_mining.industries import SeedIndustry
from icp_assets.suggestions.segments import (
    choose_segments,
    score_segment,
    ssic_segments,
    uncovered_groups,
)

SECTIONS = {"10": "C", "22": "C", "25": "C", "41": "F", "42": "F", "43": "F", "52": "H"}


def industries(codes: dict[int, str]) -> dict[int, SeedIndustry]:
    return {
        seed: SeedIndustry(seed, code, "register_primary", 1.0, seed)
        for seed, code in codes.items()
    }


def by_codes(segments) -> dict[tuple[str, ...], frozenset[int]]:
    return {s.codes: s.seeds for s in segments}


def test_construction_divisions_merge_but_makers_of_unrelated_goods_do_not():
    best = industries({1: "41001", 2: "42101", 3: "43301", 4: "10711", 5: "22201", 6: "25991"})
    found = by_codes(ssic_segments(best, {}, SECTIONS))
    assert found[("41", "42", "43")] == {1, 2, 3}
    # Food, plastics and metal products are all section C, but no two seeds share one.
    assert ("10", "22", "25") not in found


def test_makers_merge_once_two_of_them_share_a_division():
    best = industries({1: "22201", 2: "22209", 3: "25991"})
    found = by_codes(ssic_segments(best, {}, SECTIONS))
    assert found[("22",)] == {1, 2}
    assert found[("22", "25")] == {1, 2, 3}


def test_a_lost_customer_inside_a_segment_is_counted_against_it():
    best = industries({1: "52101", 2: "52102"})
    lost = industries({9: "52109"})
    [division, *_] = [s for s in ssic_segments(best, lost, SECTIONS) if s.codes == ("52",)]
    assert division.lost == {9}
    clean = score_segment(dataclasses.replace(division, lost=frozenset()), 2, 2)
    assert score_segment(division, 2, 2).score < clean.score


def test_no_card_holds_only_seeds_of_a_higher_card():
    best = industries({1: "52101", 2: "52101", 3: "52291", 4: "41001", 5: "41001"})
    scored = [score_segment(s, 3.0, 5) for s in ssic_segments(best, {}, SECTIONS)]
    chosen = choose_segments(scored, limit=5)
    # 52 holds 1, 2 and 3: 52101, 5210 and 521 (seeds 1 and 2) are no cards of their own.
    assert [c.segment.codes for c in chosen] == [("52",), ("41001",)]
    assert [c.score for c in chosen] == sorted((c.score for c in chosen), reverse=True)


def test_a_shared_division_without_a_card_is_reported():
    best = industries({1: "52101", 2: "52291", 3: "41001", 4: "41002"})
    scored = [score_segment(s, 3.0, 4) for s in ssic_segments(best, {}, SECTIONS)]
    only_transport = [c for c in scored if c.segment.codes == ("52",)]
    assert uncovered_groups(best, only_transport) == [("41", frozenset({3, 4}))]
