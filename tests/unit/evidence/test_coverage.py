"""When a tenant's evidence is reduced (plan Journey 3), and when it is stale."""

from datetime import UTC, datetime

from icp_assets.evidence.coverage import DomainCoverage, assess_coverage

LAST_WEEK = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _domain(domain, role, outcome="ok", pages=5, items=8, kept_at=None):
    return DomainCoverage(
        domain, role, outcome, "", stored_pages=pages, web_items=items, kept_fetched_at=kept_at
    )


def test_full_coverage_is_not_reduced():
    coverage = assess_coverage(
        [_domain("self.sg", "self"), _domain("a.sg", "best"), _domain("b.sg", "best")], 0
    )
    assert not coverage.reduced_evidence
    assert coverage.reasons == []


def test_a_best_customer_site_that_blocks_the_crawler_reduces_the_evidence():
    coverage = assess_coverage(
        [
            _domain("a.sg", "best"),
            _domain("b.sg", "best"),
            _domain("blocked.sg", "best", "http_403", pages=0, items=0),
        ],
        0,
    )
    assert coverage.reduced_evidence
    assert [(r["domain"], r["reason"]) for r in coverage.reasons] == [("blocked.sg", "http_403")]


def test_a_blocked_site_with_pages_kept_from_an_earlier_crawl_is_stale_not_reduced():
    coverage = assess_coverage(
        [_domain("a.sg", "best"), _domain("b.sg", "best", "timeout", 4, 3, LAST_WEEK)], 0
    )
    assert not coverage.reduced_evidence
    assert coverage.stale_evidence
    assert coverage.evidence_as_of == LAST_WEEK
    assert (coverage.sites_crawled, coverage.sites_reached) == (2, 1)
    [reason] = coverage.reasons
    assert (reason["domain"], reason["reason"]) == ("b.sg", "stale_pages")
    assert reason["detail"] == (
        "the crawl of b.sg ended in timeout; its 4 earlier pages fetched on 2026-11-26 are kept"
    )


def test_a_crawl_that_reaches_no_site_leaves_the_evidence_stale_and_reduced():
    earlier = datetime(2026, 11, 20, tzinfo=UTC)
    coverage = assess_coverage(
        [
            _domain("self.sg", "self", "dns_error", 3, 2, LAST_WEEK),
            _domain("a.sg", "best", "dns_error", 5, 8, earlier),
            _domain("lost.sg", "lost", "dns_error", 2, 1, earlier),
        ],
        0,
    )
    assert coverage.reduced_evidence and coverage.stale_evidence
    assert coverage.evidence_as_of == earlier
    assert coverage.sites_reached == 0
    assert [r["reason"] for r in coverage.reasons] == [
        "crawl_reached_no_site",
        "stale_pages",
        "stale_pages",
    ]


def test_a_failed_lost_customer_site_does_not_make_the_evidence_stale():
    coverage = assess_coverage(
        [_domain("a.sg", "best"), _domain("lost.sg", "lost", "timeout", 4, 2, LAST_WEEK)], 0
    )
    assert not coverage.stale_evidence
    assert coverage.reasons == []


def test_a_lost_customer_site_that_blocks_the_crawler_does_not_reduce_it():
    coverage = assess_coverage(
        [_domain("a.sg", "best"), _domain("lost.sg", "lost", "robots_disallowed", 0, 0)], 0
    )
    assert not coverage.reduced_evidence


def test_best_customers_without_a_website_reduce_it():
    coverage = assess_coverage([_domain("a.sg", "best")], 2)
    assert coverage.reduced_evidence
    assert coverage.reasons[0]["reason"] == "no_website"


def test_too_few_best_sites_with_evidence_reduce_it():
    coverage = assess_coverage(
        [
            _domain("a.sg", "best", items=0),
            _domain("b.sg", "best", items=0),
            _domain("c.sg", "best"),
        ],
        0,
    )
    assert [r["reason"] for r in coverage.reasons] == ["thin_web_evidence"]
