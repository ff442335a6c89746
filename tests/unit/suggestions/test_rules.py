"""Adopting a suggestion (`icp accept`) and reading suggestions (`icp suggestions`), on a
real database with generations inserted directly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from icp_assets.settings import Settings
from icp_assets.suggestions.adoption import (
    next_nightly_run,
    normalize_rule,
)
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
