"""What an enrichment job records, without a database or a server: which website it
crawls, its result, its evidence rows and a pass's counts."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from icp_assets.evidence.extract.model import EvidenceItem
from icp_assets.reference.register_rows import RegisterCandidate
from icp_assets.suggestions.enrichment_results import (
    ENRICHMENT_SOURCE,
    EnrichmentCounts,
    KnownCompany,
    choose_website,
    crawl_result,
    evidence_rows,
    no_website_note,
    pages_to_extract,
    register_result,
    replaces_evidence,
)
from resources.crawler import DomainCrawl, FetchedPage

UEN = "202500001C"
OTHER_UEN = "201912345K"


def fetched(url: str, outcome: str = "ok", html: str | None = "<html></html>") -> FetchedPage:
    return FetchedPage(
        url=url,
        final_url=url,
        status=200 if outcome == "ok" else 403,
        page_type="home",
        content_type="text/html",
        html=html if outcome == "ok" else None,
        etag=None,
        last_modified=None,
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        outcome=outcome,
    )


def domain_crawl(outcome: str, *pages: FetchedPage) -> DomainCrawl:
    return DomainCrawl("acme.sg", outcome, f"{outcome} detail", tuple(pages), 3, 0.1234)


ITEM = EvidenceItem(
    "integration",
    "integrates:xero",
    "https://acme.sg/",
    "works with Xero",
    0.91234,
    "integrations",
    {"context": "integration_phrase"},
)


def test_the_register_result_keeps_the_companys_status_and_codes():
    candidate = RegisterCandidate(
        UEN, "ACME PTE. LTD.", "acme", "Local Company", "Live Company", "52102", "Cold", "4610"
    )
    result = register_result(candidate, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert result == {
        "entity_name": "ACME PTE. LTD.",
        "entity_status": "Live Company",
        "live": True,
        "primary_ssic_code": "52102",
        "primary_ssic_description": "Cold",
        "secondary_ssic_code": "4610",
        "enriched_at": "2026-01-02T03:04:05+00:00",
    }


def test_a_company_row_with_the_uen_and_a_domain_gives_the_website():
    known = KnownCompany(5, "Acme", "acme.sg", UEN)
    choice = choose_website(7, UEN, None, known, None)
    assert (choice.action, choice.domain, choice.company_id, choice.website_from) == (
        "use",
        "acme.sg",
        5,
        "company",
    )


def test_without_a_website_the_note_says_how_to_give_one():
    for by_uen in (None, KnownCompany(5, "Acme", None, UEN)):
        choice = choose_website(7, UEN, None, by_uen, None)
        assert choice.action == "none" and choice.domain is None
        assert choice.note == no_website_note(7, UEN)
    assert no_website_note(7, UEN) == (
        "no website known for this company: give one with "
        f"icp enrich --tenant 7 --uen {UEN} --domain example.sg"
    )


def test_a_requested_domain_is_created_or_taken_over_but_never_taken_from_another_company():
    assert choose_website(7, UEN, "acme.sg", None, None).action == "create"
    same = choose_website(7, UEN, "acme.sg", None, KnownCompany(5, "Acme", "acme.sg", UEN))
    assert (same.action, same.company_id, same.website_from) == ("use", 5, "request")
    free = choose_website(7, UEN, "acme.sg", None, KnownCompany(5, "Acme", "acme.sg", None))
    assert (free.action, free.company_id) == ("set_uen", 5)

    taken = choose_website(7, UEN, "acme.sg", None, KnownCompany(5, "Acme", "acme.sg", OTHER_UEN))
    assert taken.action == "conflict" and taken.domain is None
    assert f"(Acme, UEN {OTHER_UEN}); not crawled for UEN {UEN}" in taken.note
    seed = KnownCompany(5, "acme.sg", "acme.sg", None, mapped=True)
    seeds = choose_website(7, UEN, "acme.sg", None, seed)
    assert seeds.action == "conflict" and "whose UEN the mapping decides" in seeds.note


def test_a_requested_domain_wins_over_the_companys_known_one():
    known = KnownCompany(5, "Acme", "old-acme.sg", UEN)
    choice = choose_website(7, UEN, "acme.sg", known, None)
    assert (choice.action, choice.domain) == ("create", "acme.sg")


def test_only_fetched_html_pages_are_extracted():
    crawl = domain_crawl(
        "ok",
        fetched("https://acme.sg/", html="<html><title>Acme</title><p>Hello</p></html>"),
        fetched("https://acme.sg/private", outcome="http_403"),
    )
    (page,) = pages_to_extract(crawl)
    assert (page.url, page.domain, page.title) == ("https://acme.sg/", "acme.sg", "Acme")


def test_evidence_rows_belong_to_the_tenant_and_company_and_no_seed():
    (row,) = evidence_rows(7, 5, "acme.sg", UEN, 11, [ITEM])
    assert row["tenant_id"] == 7 and row["company_id"] == 5 and row["seed_id"] is None
    assert row["source"] == ENRICHMENT_SOURCE == "enrichment"
    assert (row["signal_key"], row["value"], row["confidence"]) == (
        "integration",
        "integrates:xero",
        0.9123,
    )
    assert json.loads(row["details"]) == {
        "context": "integration_phrase",
        "domain": "acme.sg",
        "uen": UEN,
        "enrichment_job_id": 11,
    }


def test_a_failed_crawl_keeps_the_earlier_evidence_and_says_so():
    assert replaces_evidence("ok")
    assert not any(replaces_evidence(o) for o in ("http_403", "robots_disallowed", "dns_error"))
    ok = crawl_result(domain_crawl("ok", fetched("https://acme.sg/")), [ITEM], kept_previous=0)
    assert ok["crawl"] == {
        "outcome": "ok",
        "detail": "ok detail",
        "pages_fetched": 1,
        "requests": 3,
        "elapsed_s": 0.123,
    }
    assert ok["evidence"] == {"items": 1, "by_signal": {"integration": 1}, "kept_previous": False}
    blocked = crawl_result(domain_crawl("http_403"), [], kept_previous=4)
    assert blocked["crawl"]["outcome"] == "http_403" and blocked["crawl"]["pages_fetched"] == 0
    assert blocked["evidence"] == {"items": 4, "by_signal": {}, "kept_previous": True}


def test_a_passs_counts_sum_up_in_one_line():
    counts = EnrichmentCounts(done=1, failed=1, without_website=1)
    counts.done += 2
    counts.count_crawl("ok")
    counts.count_crawl("http_403")
    counts.evidence_items = 9
    counts.deferred = 2
    assert counts.finished == 4
    assert counts.as_dict()["outcomes"] == {"http_403": 1, "ok": 1}
    assert counts.summary() == (
        "4 enrichment job(s) finished: 3 done (2 website(s) crawled, 1 of them failed; "
        "1 without a website), 1 failed, 9 evidence item(s); 2 left for the next pass "
        "(time budget)"
    )
