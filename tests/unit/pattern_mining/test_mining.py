"""Pattern mining over best-customer seeds (pure)."""

from icp_assets.pattern_mining.mining import EvidenceFact, mine_patterns

TITLES = {
    "52101": "General warehousing",
    "52102": "Cold storage",
    "5210": "Warehousing and Storage",
    "521": "WAREHOUSING AND STORAGE",
    "52": "WAREHOUSING AND SUPPORT ACTIVITIES FOR TRANSPORTATION",
    "56112": "Cafes",
}
_ids = iter(range(1, 10_000))


def fact(seed, key, value, confidence=0.8, **details):
    return EvidenceFact(next(_ids), seed, key, value, confidence, details)


def by_key(patterns, key):
    return {p.value: p for p in patterns if p.pattern_key == key}


def test_ssic_support_counts_each_seeds_one_industry_and_shares_use_all_best_seeds():
    facts = [
        fact(1, "ssic", "52101", rank="primary"),
        fact(1, "ssic", "56112", rank="secondary"),
        fact(1, "ssic_hint", "52102"),
        fact(2, "ssic", "52101", rank="primary"),
        fact(3, "ssic", "56112", rank="primary"),
    ]
    ssic = by_key(mine_patterns(facts, [1, 2, 3, 4], TITLES), "ssic")
    assert (ssic["52101"].support, ssic["52101"].share) == (2, 0.5)
    assert ssic["52101"].details["title"] == "General warehousing"
    assert ssic["52101"].details["seed_ids"] == [1, 2]
    # The register's primary code is each seed's industry: its secondary code and its
    # site's reading do not count it twice.
    assert ssic["56112"].details["seed_ids"] == [3]
    assert "52102" not in ssic


def test_a_holding_code_gives_way_to_the_seeds_other_code():
    facts = [fact(1, "ssic", "64202", rank="primary"), fact(1, "ssic", "52101", rank="secondary")]
    ssic = by_key(mine_patterns(facts, [1], TITLES), "ssic")
    assert set(ssic) == {"52101"}


def test_codes_cluster_up_the_hierarchy_when_they_join_two_seeds():
    facts = [fact(1, "ssic", "52101"), fact(2, "ssic", "52102"), fact(3, "ssic", "56112")]
    clusters = by_key(mine_patterns(facts, [1, 2, 3], TITLES), "ssic_cluster")
    assert set(clusters) == {"5210", "521", "52"}
    assert clusters["5210"].details["level"] == "class"
    assert clusters["52"].details["title"].startswith("WAREHOUSING")
    assert clusters["521"].support == 2


def test_integrations_count_tools_and_keep_how_seeds_use_them():
    facts = [
        fact(1, "integration", "integrates:xero"),
        fact(2, "integration", "runs:xero"),
        fact(2, "integration", "runs:google-tag-manager"),
    ]
    integrations = by_key(mine_patterns(facts, [1, 2], TITLES), "integration")
    assert integrations["xero"].support == 2
    assert integrations["xero"].details["relations"] == {"integrates": 1, "runs": 1}


def test_headcount_takes_each_seeds_most_confident_count_and_the_median_band():
    facts = [
        fact(1, "headcount_hint", "51-200", 0.9, kind="employees", min=120, max=120),
        fact(1, "headcount_hint", "11-50", 0.4, kind="employees", min=50, max=None),
        fact(2, "headcount_hint", "201-500", 0.9, kind="employees", min=250, max=300),
        fact(3, "headcount_hint", "openings:6", 0.5, kind="openings", min=6, max=6),
    ]
    patterns = mine_patterns(facts, [1, 2, 3], TITLES)
    bands = by_key(patterns, "headcount_band")
    assert {value: p.support for value, p in bands.items()} == {"51-200": 1, "201-500": 1}
    (median,) = by_key(patterns, "headcount_median").values()
    assert median.details["median"] == (120 + 275) / 2
    assert median.value == "51-200"  # 197.5 people


def test_only_best_seeds_count_and_only_countries_are_locations():
    facts = [
        fact(1, "location", "SG"),
        fact(1, "location", "SG-postal-09"),
        fact(9, "location", "MY"),  # a lost customer's evidence
        fact(1, "buyer_title", "finance leadership"),
        fact(1, "industry_label", "logistics"),
    ]
    patterns = mine_patterns(facts, [1, 2], TITLES)
    assert set(by_key(patterns, "location")) == {"SG"}
    assert set(by_key(patterns, "buyer_title")) == {"finance leadership"}
    assert set(by_key(patterns, "industry_served")) == {"logistics"}


def test_no_best_seeds_means_no_patterns():
    assert mine_patterns([fact(1, "ssic", "52101")], [], TITLES) == []


def test_patterns_are_ordered_by_support_then_value():
    facts = [fact(s, "ssic", code) for s, code in [(1, "56112"), (2, "52101"), (3, "52101")]]
    ssic = [p.value for p in mine_patterns(facts, [1, 2, 3], TITLES) if p.pattern_key == "ssic"]
    assert ssic == ["52101", "56112"]


def test_the_plans_summary_lists_each_keys_values_by_support():
    from icp_assets.pattern_mining.mining import PATTERN_SUMMARY_SIZE, Pattern, pattern_summary

    patterns = [
        Pattern("ssic", "62019", 2, 0.4, {}),
        Pattern("ssic", "62012", 4, 0.8, {}),
        Pattern("integration", "xero", 3, 0.6, {}),
        Pattern("location", "SG", 5, 1.0, {}),
        *(Pattern("buyer_title", f"title {i:02d}", 1, 0.2, {}) for i in range(12)),
    ]
    summary = pattern_summary(patterns)
    assert summary["top_ssics"] == ["62012", "62019"]
    assert summary["common_integrations"] == ["xero"]
    assert len(summary["frequent_buyer_titles"]) == PATTERN_SUMMARY_SIZE
