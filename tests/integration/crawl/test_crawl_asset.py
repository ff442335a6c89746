"""Stage crawl: `crawled_pages` materialized in-process against the fixture websites."""

from __future__ import annotations

import json
import re

import dagster as dg
import httpx
from protego import Protego
from sqlalchemy import text

from icp_assets.automation.jobs import TENANT_ASSETS
from icp_assets.crawl.assets import crawled_pages
from icp_assets.demo.fixture_sites import SITES
from icp_assets.demo.fixture_sites.hostile_sites import (
    ADDRESS_IN_PATH,
    ADDRESS_IN_QUERY,
    HIDDEN_CONTACTS_PROSE,
)
from icp_assets.intake.storage import save_intake
from resources.crawler import CrawlerResource

UNTIL_CRAWL = TENANT_ASSETS[: TENANT_ASSETS.index(crawled_pages) + 1]
HOSTILE_INTAKE = {
    "website": "https://lumenledger.sg",
    "best_customers": [
        {"name": "Harbourline Logistics", "website": "harbourline-logistics.sg"},
        {"name": "Slow Lane", "website": "slowlane.sg"},
        {"name": "Intranet Jump", "website": "intranetjump.sg"},
        {"name": "Loop Redirect", "website": "loopredirect.sg"},
        {"name": "Huge Page", "website": "hugepage.sg"},
        {"name": "PDF Only", "website": "pdfonly.sg"},
        {"name": "Broken Markup", "website": "brokenmarkup.sg"},
        {"name": "Geylang Trading", "website": "geylangtrading.sg"},
    ],
    "lost_customers": [
        {"name": "Changi Clinic", "website": "changiclinic.sg", "reason": "on-prem only"},
        {"name": "Sentosa Solo", "website": "sentosasolo.sg", "reason": "too small"},
    ],
}
ROBOTS_INTAKE = {
    "website": "https://lumenledger.sg",
    "best_customers": [
        {"name": "Harbourline Logistics", "website": "harbourline-logistics.sg"},
        {"name": "Orchid Retail", "website": "orchidretail.sg"},
        {"name": "Pasir Panjang Print", "website": "ppprint.sg"},
        {"name": "Sentosa Solo", "website": "sentosasolo.sg"},
    ],
}


def _pages(warehouse, tenant=21):
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(text("SELECT * FROM crawled_pages ORDER BY url")).all()


def _domains(warehouse, tenant=21):
    with warehouse.tenant_transaction(tenant) as conn:
        return {r.domain: r for r in conn.execute(text("SELECT * FROM crawled_domains"))}


def _crawl_metadata(result):
    (materialization,) = [
        m
        for m in result.get_asset_materialization_events()
        if m.asset_key == dg.AssetKey("crawled_pages")
    ]
    return materialization.materialization.metadata


def test_the_tenants_site_and_every_seed_site_are_crawled_with_public_urls(
    warehouse, pipeline, sample_intake, fixture_web
):
    save_intake(warehouse, 21, "ops", sample_intake)
    result = pipeline(21, UNTIL_CRAWL)

    domains = _domains(warehouse)
    assert domains["lumenledger.sg"].role == "self"
    assert domains["harbourline-logistics.sg"].role == "best"
    assert domains["ppprint.sg"].role == "lost"
    assert domains["changiclinic.sg"].outcome == "http_403"
    assert all(d.outcome == "ok" for name, d in domains.items() if name != "changiclinic.sg")
    pages = _pages(warehouse)
    assert {p.domain for p in pages} == {d for d, r in domains.items() if r.outcome == "ok"}
    assert all(re.match(r"https://(www\.)?[a-z0-9.-]+\.[a-z]+/", p.url) for p in pages)
    assert not any("127.0.0.1" in (p.url + (p.final_url or "")) for p in pages)
    by_type = {p.page_type for p in pages if p.domain == "harbourline-logistics.sg"}
    assert {"home", "customers", "industries", "careers"} <= by_type
    assert all(p.company_id == domains[p.domain].company_id for p in pages)

    metadata = _crawl_metadata(result)
    assert metadata["outcomes"].value == {"http_403": 1, "ok": len(domains) - 1}
    assert metadata["pages_fetched"].value == sum(1 for p in pages if p.outcome == "ok")


def test_robots_txt_is_obeyed_on_every_site(warehouse, pipeline, fixture_web):
    save_intake(warehouse, 21, "ops", ROBOTS_INTAKE)
    pipeline(21, UNTIL_CRAWL)

    log = list(fixture_web.request_log)
    crawled = {record.domain for record in log}
    assert {"harbourline-logistics.sg", "lumenledger.sg", "sentosasolo.sg"} <= crawled
    for domain in crawled:
        requests = [record for record in log if record.domain == domain]
        assert requests[0].path == "/robots.txt", f"{domain}: a page before robots.txt"
        robots = Protego.parse(_robots_body(fixture_web, domain))
        for record in requests:
            assert robots.can_fetch(f"https://{domain}{record.path}", "ICPFinderBot"), (
                f"{domain}{record.path} is disallowed by robots.txt but was requested"
            )
    assert [r.path for r in log if r.domain == "sentosasolo.sg"] == ["/robots.txt"]
    assert _domains(warehouse)["sentosasolo.sg"].outcome == "robots_disallowed"


def _robots_body(fixture_web, domain):
    return httpx.get(f"{fixture_web.origin}/robots.txt", headers={"Host": domain}).text


def test_hostile_sites_end_in_their_outcome_without_failing_the_run(
    warehouse, pipeline, fixture_web
):
    save_intake(warehouse, 21, "ops", HOSTILE_INTAKE)
    result = pipeline(21, UNTIL_CRAWL)

    assert result.success
    outcomes = {domain: row.outcome for domain, row in _domains(warehouse).items()}
    for domain, outcome in outcomes.items():
        assert outcome == SITES[domain].expected_outcome, domain
    assert outcomes["intranetjump.sg"] == "refused_address"
    assert outcomes["hugepage.sg"] == "too_large"
    assert outcomes["slowlane.sg"] == "timeout"
    assert outcomes["brokenmarkup.sg"] == "ok"
    broken = [p for p in _pages(warehouse) if p.domain == "brokenmarkup.sg" and p.main_text]
    assert broken, "the broken page's text was not kept"


def test_no_email_address_or_phone_number_is_stored(warehouse, pipeline, fixture_web):
    save_intake(warehouse, 21, "ops", HOSTILE_INTAKE)
    pipeline(21, UNTIL_CRAWL)

    pages = [p for p in _pages(warehouse) if p.main_text]
    directory = [p for p in pages if p.domain == "geylangtrading.sg"]
    assert directory, "the staff directory site was not crawled"
    for page in pages:
        stored = " ".join([page.title or "", page.main_text, json.dumps(page.extracted)])
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", stored), page.url
        assert not re.search(r"\+65[\s-]?\d{4}[\s-]?\d{4}", stored), page.url
        assert not re.search(r"\b[689]\d{3}[\s-]\d{4}\b", stored), page.url


# What is left of any address or phone the fixture sites hide: a local part before an
# at-word, an encoded "@", a "+65" with digits after it.
HIDDEN_LEFTOVERS = re.compile(
    r"jane\s*\[at\]|ahmad\(at\)|weiling|siti@|kumar\s*\{at\}|priya\s*\[@\]|lim/at/|joanne"
    r"|jane\.tan|purchasing\s*\[at\]|%40|\w@|\+65\D{0,3}\d|Marcus Lee|Ahmad Ismail",
    re.IGNORECASE,
)


def test_hidden_addresses_phones_and_addresses_in_urls_are_not_stored(
    warehouse, pipeline, fixture_web
):
    save_intake(warehouse, 21, "ops", HOSTILE_INTAKE)
    pipeline(21, UNTIL_CRAWL)

    pages = [p for p in _pages(warehouse) if p.domain == "geylangtrading.sg"]
    by_url = {p.url: p for p in pages}
    people = by_url["https://geylangtrading.sg/people"]
    for page in pages:
        stored = " ".join(
            [page.url, page.final_url or "", page.title or "", page.main_text or ""]
            + [json.dumps(page.extracted)]
        )
        assert not HIDDEN_LEFTOVERS.search(stored), (page.url, HIDDEN_LEFTOVERS.search(stored))
    # The address in the path and in the query string is redacted, the rest of the URL kept.
    assert "https://geylangtrading.sg/team/[email]" in by_url
    assert ADDRESS_IN_PATH not in " ".join(by_url)
    assert "https://geylangtrading.sg/contact?email=[email]" in by_url, sorted(by_url)
    assert ADDRESS_IN_QUERY not in " ".join(by_url)
    # Ordinary uses of "at" and "dot" stay as written.
    for sentence in HIDDEN_CONTACTS_PROSE:
        assert sentence in people.main_text
    assert people.main_text.count("[email]") >= 8 and people.main_text.count("[phone]") >= 3


def test_a_rerun_sends_conditional_gets_and_leaves_the_same_rows(
    warehouse, pipeline, sample_intake, fixture_web
):
    save_intake(warehouse, 21, "ops", sample_intake)
    pipeline(21, UNTIL_CRAWL)
    first = {(p.url, p.content_hash, p.main_text) for p in _pages(warehouse)}
    fixture_web.clear_log()

    result = pipeline(21, UNTIL_CRAWL)

    assert {(p.url, p.content_hash, p.main_text) for p in _pages(warehouse)} == first
    conditional = [r for r in fixture_web.request_log if r.if_none_match]
    assert conditional, "no conditional GET was sent"
    metadata = _crawl_metadata(result)
    assert metadata["not_modified"].value == metadata["pages_fetched"].value > 0


def test_a_site_that_fails_on_a_later_crawl_keeps_its_earlier_pages(
    warehouse, pipeline, crawler, sample_intake, fixture_web
):
    save_intake(warehouse, 21, "ops", sample_intake)
    pipeline(21, UNTIL_CRAWL)
    before = [p.url for p in _pages(warehouse) if p.domain == "merlionfreight.sg"]
    assert before

    # The same site, now unreachable: its domain sent to a closed local port.
    broken_map = fixture_web.host_map().replace(
        f"merlionfreight.sg={fixture_web.origin}", "merlionfreight.sg=http://127.0.0.1:9"
    )
    down = CrawlerResource(**{**crawler.model_dump(), "host_map": broken_map})
    pipeline(21, UNTIL_CRAWL, crawler_resource=down)

    domain = _domains(warehouse)["merlionfreight.sg"]
    assert domain.outcome != "ok"
    assert domain.pages_kept == len(before)
    assert [p.url for p in _pages(warehouse) if p.domain == "merlionfreight.sg"] == before


def test_tenants_never_see_each_others_pages(warehouse, pipeline, sample_intake):
    save_intake(warehouse, 21, "ops", sample_intake)
    pipeline(21, UNTIL_CRAWL)
    assert _pages(warehouse, 21)
    assert _pages(warehouse, 22) == []
    assert _domains(warehouse, 22) == {}
