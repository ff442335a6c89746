"""Adopting a suggestion (`icp accept`) and reading suggestions (`icp suggestions`), on a
real database with generations inserted directly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from icp_assets.settings import Settings
from icp_assets.suggestions.adoption import (
    GIVEN_ID_PREFIX,
    card_from_fields,
    next_nightly_run,
    normalize_rule,
)
from icp_assets.suggestions.model import stored_card
from support.cards import LOGISTICS, make_card

TENANT_A, TENANT_B = 31, 32


# 02:30 on 1 March in Singapore: the next nightly run is 2 March 02:00 SGT (18:00 UTC).
NOW = datetime(2025, 2, 28, 18, 30, tzinfo=UTC)

NEXT_NIGHT = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)

#: The schedule's defaults: 02:00 in Singapore.
SCHEDULE = (Settings().nightly_cron, Settings().nightly_timezone)


def test_the_rule_takes_the_cards_filters_sorted():
    rule = normalize_rule(make_card())
    assert rule == {
        "suggestion_id": LOGISTICS,
        "title": "Warehousing and freight firms",
        "ssic_filters": ["521", "52292"],
        "exclude_ssic": [],
        "technographic_filters": ["shopify", "xero"],
        "headcount_band": "11-50",
        "min_headcount": None,
        "champions": ["COO", "Finance Manager"],
    }


def test_an_excluded_filter_is_dropped_and_an_excluded_code_under_a_prefix_is_kept():
    rule = normalize_rule(make_card(), exclude_ssic=[" 52292", "52109", "52109"])
    assert rule["ssic_filters"] == ["521"]
    assert rule["exclude_ssic"] == ["52109", "52292"]


def test_an_excluded_prefix_drops_every_filter_under_it():
    card = make_card(ssic_filters=("52101", "52109", "49231"))
    assert normalize_rule(card, exclude_ssic=["521"])["ssic_filters"] == ["49231"]


@pytest.mark.parametrize("bad", ["5210a", "521010", "", "５２１"])
def test_an_exclusion_that_is_not_an_ssic_value_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="is not an SSIC code or prefix"):
        normalize_rule(make_card(), exclude_ssic=[bad])
    with pytest.raises(ValueError, match=repr(bad.strip())):
        normalize_rule(make_card(), exclude_ssic=[bad])


def test_a_card_filter_that_is_not_an_ssic_value_is_refused():
    with pytest.raises(ValueError, match="ssic_filters: 'IT'"):
        normalize_rule(make_card(ssic_filters=("IT",)))


@pytest.mark.parametrize("minimum", [20, 0, -5])
def test_a_minimum_headcount_is_refused_while_no_headcount_source_covers_the_register(minimum):
    with pytest.raises(ValueError, match="min_headcount cannot be applied"):
        normalize_rule(make_card(), min_headcount=minimum)


def test_excluding_every_filter_is_refused():
    with pytest.raises(ValueError, match="leaves suggestion logistics-521 with no SSIC filter"):
        normalize_rule(make_card(), exclude_ssic=["52"])


def test_the_nightly_run_is_the_next_two_oclock_in_singapore():
    assert next_nightly_run(NOW, *SCHEDULE) == NEXT_NIGHT
    # 01:59 SGT: today's run is still ahead.
    assert next_nightly_run(datetime(2025, 2, 28, 17, 59, tzinfo=UTC), *SCHEDULE) == datetime(
        2025, 2, 28, 18, 0, tzinfo=UTC
    )
    # 02:00 SGT exactly: tomorrow's.
    assert next_nightly_run(datetime(2025, 2, 28, 18, 0, tzinfo=UTC), *SCHEDULE) == NEXT_NIGHT


def test_the_nightly_run_follows_a_moved_schedule():
    # 23:30 in London on weekdays: from Friday 18:30 UTC, the same evening.
    assert next_nightly_run(NOW, "30 23 * * 1-5", "Europe/London") == datetime(
        2025, 2, 28, 23, 30, tzinfo=UTC
    )


# -- a suggestion given by its fields ---------------------------------------------------


def test_a_card_stored_with_its_cluster_as_objects_reads_as_codes_and_titles():
    old = {**make_card(), "ssic_cluster": [{"code": "52101", "title": "General warehousing"}]}
    old.pop("ssic_titles")
    card = stored_card(old)
    assert (card["ssic_cluster"], card["ssic_titles"]) == (
        ["52101"],
        {"52101": "General warehousing"},
    )
    assert stored_card(card) == card


def test_the_plans_suggestion_borrows_the_id_of_the_stored_card_with_its_codes():
    stored = make_card("software", ("62012", "62019"), title="Software firms")
    given = {"ssic_cluster": ["62019", "62012"], "integrations": ["xero"], "champions": ["CFO"]}
    card = card_from_fields(given, [make_card(), stored])
    rule = normalize_rule(card)
    assert (card["id"], rule["title"], rule["headcount_band"]) == (
        "software",
        "Software firms",
        "11-50",
    )
    assert (rule["ssic_filters"], rule["technographic_filters"], rule["champions"]) == (
        ["62012", "62019"],
        ["xero"],
        ["CFO"],
    )


def test_a_normalized_rule_given_alone_gets_an_id_of_its_filters():
    rule = {"ssic_filters": ["62012"], "technographic_filters": ["xero"], "champions": []}
    first, again = card_from_fields(rule), card_from_fields({**rule, "title": "Renamed"})
    assert first["id"] == again["id"] and first["id"].startswith(GIVEN_ID_PREFIX)
    assert normalize_rule(first)["title"] == "SSIC 62012"
    assert normalize_rule(again)["title"] == "Renamed"


@pytest.mark.parametrize(
    "given", [{"integrations": ["xero"]}, {"id": "not-stored"}], ids=["no-codes", "unknown-id"]
)
def test_a_suggestion_without_codes_is_refused_unless_its_id_is_stored(given):
    with pytest.raises(ValueError, match="SSIC codes"):
        card_from_fields(given, [make_card()])
    assert card_from_fields({"id": LOGISTICS}, [make_card()])["targeting_pack"]["ssic_filters"] == [
        "521",
        "52292",
    ]
