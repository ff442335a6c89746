"""Which domains a tenant's crawl covers, and when earlier pages are kept."""

from datetime import UTC, datetime

from icp_assets.crawl.targets import (
    CrawlTarget,
    SeedSite,
    crawl_targets,
    keeps_previous_pages,
    stale_pages_note,
    summarize_crawl,
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


def _domain_row(domain, outcome, pages_kept=0, kept_at=None):
    return {
        "domain": domain,
        "outcome": outcome,
        "pages_fetched": 5 if outcome == "ok" else 0,
        "not_modified": 1 if outcome == "ok" else 0,
        "requests": 10,
        "pages_kept": pages_kept,
        "pages_kept_fetched_at": kept_at,
    }


def test_outcomes_are_counted_with_the_ok_rate():
    summary = summarize_crawl(
        [
            _domain_row("a.sg", "ok"),
            _domain_row("b.sg", "http_403"),
            _domain_row("c.sg", "ok"),
            _domain_row("d.sg", "timeout"),
        ]
    )
    assert summary.outcomes == {"http_403": 1, "ok": 2, "timeout": 1}
    assert summary.ok_rate == 0.5
    assert (summary.pages_fetched, summary.not_modified, summary.requests) == (10, 2, 40)
    assert not summary.stale_domains and not summary.reached_no_site
    assert summarize_crawl([]).ok_rate == 0.0


def test_a_crawl_that_reaches_no_site_names_the_pages_kept_and_their_date():
    older, newer = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 27, tzinfo=UTC)
    summary = summarize_crawl(
        [
            _domain_row("a.sg", "dns_error", 4, newer),
            _domain_row("b.sg", "dns_error", 3, older),
            _domain_row("c.sg", "dns_error"),
        ]
    )
    assert summary.reached_no_site
    assert summary.stale_domains == ("a.sg", "b.sg")
    assert (summary.pages_kept, summary.kept_pages_fetched_at) == (7, older)
    assert stale_pages_note(summary) == (
        "the crawl reached no site; 7 earlier pages fetched on 2026-11-20 of 2 failed sites "
        "stand in for them"
    )
