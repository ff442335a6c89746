"""Which domains a tenant's crawl covers, and when earlier pages are kept."""

from icp_assets.crawl.targets import (
    CrawlTarget,
    SeedSite,
    crawl_targets,
    keeps_previous_pages,
    summarize_outcomes,
)


def test_the_tenants_own_site_comes_first_then_each_seed_domain_once():
    targets = crawl_targets(
        "lumenledger.sg",
        1,
        [
            SeedSite(10, "best", "harbourline-logistics.sg", 2),
            SeedSite(11, "lost", "ppprint.sg", 3),
            SeedSite(12, "best", "harbourline-logistics.sg", 2),
        ],
    )
    assert targets == [
        CrawlTarget("lumenledger.sg", 1, "self"),
        CrawlTarget("harbourline-logistics.sg", 2, "best", (10, 12)),
        CrawlTarget("ppprint.sg", 3, "lost", (11,)),
    ]


def test_a_domain_that_is_both_best_and_lost_is_crawled_as_best():
    targets = crawl_targets(
        None, None, [SeedSite(1, "lost", "acme.sg", 5), SeedSite(2, "best", "acme.sg", 5)]
    )
    assert targets == [CrawlTarget("acme.sg", 5, "best", (1, 2))]


def test_a_seed_on_the_tenants_own_domain_keeps_the_self_role():
    targets = crawl_targets("acme.sg", 1, [SeedSite(3, "best", "acme.sg", 1)])
    assert targets == [CrawlTarget("acme.sg", 1, "self", (3,))]


def test_only_a_failed_crawl_keeps_the_earlier_pages():
    assert not keeps_previous_pages("ok")
    for outcome in ("http_403", "timeout", "robots_disallowed", "dns_error", "too_large"):
        assert keeps_previous_pages(outcome)


def test_outcomes_are_counted_with_the_ok_rate():
    summary = summarize_outcomes(["ok", "http_403", "ok", "timeout"], 20, 5, 40)
    assert summary.outcomes == {"http_403": 1, "ok": 2, "timeout": 1}
    assert summary.ok_rate == 0.5
    assert summarize_outcomes([], 0, 0, 0).ok_rate == 0.0
