"""When a tenant's evidence is reduced (plan Journey 3)."""

from icp_assets.evidence.coverage import DomainCoverage, assess_coverage


def _domain(domain, role, outcome="ok", pages=5, items=8):
    return DomainCoverage(domain, role, outcome, "", stored_pages=pages, web_items=items)


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


def test_a_blocked_site_with_pages_kept_from_an_earlier_crawl_does_not():
    coverage = assess_coverage([_domain("a.sg", "best", "timeout", pages=4, items=3)], 0)
    assert not coverage.reduced_evidence


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
