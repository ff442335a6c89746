"""The crawl stage's tables: which sites a tenant's crawl covers, and each domain's
pages and outcome as the crawl leaves them (`crawled_pages`, `crawled_domains`)."""

import json
import time
from typing import Any

from sqlalchemy import Connection, text

from icp_assets.crawl.content import parse_html
from icp_assets.crawl.personal_data import redact_stored_value, redact_url
from icp_assets.crawl.targets import CrawlTarget, SeedSite, crawl_targets, keeps_previous_pages
from icp_assets.intake.storage import latest_intake
from icp_assets.normalize import InvalidDomainError, normalize_company_name, normalize_domain
from resources.crawler import (
    FETCHED_OUTCOMES,
    CrawlerResource,
    DomainCrawl,
    FetchedPage,
    PageValidators,
)
from resources.warehouse import Warehouse, lock_tenant_slices

UNMARK_OLD_SELF = text(
    "UPDATE companies SET is_self = false, updated_at = now() "
    "WHERE tenant_id = :tenant_id AND is_self AND primary_domain IS DISTINCT FROM :domain"
)
UPSERT_SELF = text(
    """
    INSERT INTO companies (tenant_id, name, normalized_name, primary_domain, is_self)
    VALUES (:tenant_id, :domain, :normalized_name, :domain, true)
    ON CONFLICT (tenant_id, primary_domain) WHERE primary_domain IS NOT NULL
    DO UPDATE SET is_self = true, updated_at = now()
    RETURNING id
    """
)
SEED_SITES = text(
    """
    SELECT s.seed_id, s.kind, s.domain, m.company_id
    FROM seeds s JOIN company_map m ON m.seed_id = s.seed_id
    WHERE s.tenant_id = :tenant_id AND s.domain IS NOT NULL
    ORDER BY s.kind, s.seed_id
    """
)
STORED_VALIDATORS = text(
    "SELECT url, etag, last_modified FROM crawled_pages "
    "WHERE tenant_id = :tenant_id AND outcome = 'ok' "
    "AND (etag IS NOT NULL OR last_modified IS NOT NULL)"
)
STORED_CONTENT = text(
    "SELECT url, content_hash, title, main_text, extracted, content_type FROM crawled_pages "
    "WHERE tenant_id = :tenant_id AND url = ANY(CAST(:urls AS text[])) AND outcome = 'ok'"
)
KEPT_DOMAIN_PAGES = text(
    "SELECT count(*) AS pages, min(fetched_at) AS fetched_at FROM crawled_pages "
    "WHERE tenant_id = :tenant_id AND domain = :domain AND outcome = 'ok'"
)
DELETE_DOMAIN_PAGES = text(
    "DELETE FROM crawled_pages WHERE tenant_id = :tenant_id AND domain = :domain"
)
DELETE_DROPPED_DOMAINS = (
    text(
        "DELETE FROM crawled_pages WHERE tenant_id = :tenant_id "
        "AND NOT domain = ANY(CAST(:domains AS text[]))"
    ),
    text(
        "DELETE FROM crawled_domains WHERE tenant_id = :tenant_id "
        "AND NOT domain = ANY(CAST(:domains AS text[]))"
    ),
)
INSERT_PAGE = text(
    """
    INSERT INTO crawled_pages (tenant_id, company_id, domain, url, final_url, status, outcome,
        page_type, content_type, fetched_at, etag, last_modified, content_hash, title,
        main_text, extracted)
    VALUES (:tenant_id, :company_id, :domain, :url, :final_url, :status, :outcome,
        :page_type, :content_type, :fetched_at, :etag, :last_modified, :content_hash, :title,
        :main_text, CAST(:extracted AS jsonb))
    """
)
UPSERT_DOMAIN = text(
    """
    INSERT INTO crawled_domains (tenant_id, domain, company_id, role, seed_ids, outcome, detail,
        pages_fetched, not_modified, pages_kept, pages_kept_fetched_at, requests, elapsed_s,
        crawled_at)
    VALUES (:tenant_id, :domain, :company_id, :role, :seed_ids, :outcome, :detail,
        :pages_fetched, :not_modified, :pages_kept, :pages_kept_fetched_at, :requests,
        :elapsed_s, now())
    ON CONFLICT (tenant_id, domain) DO UPDATE SET
        company_id = EXCLUDED.company_id, role = EXCLUDED.role, seed_ids = EXCLUDED.seed_ids,
        outcome = EXCLUDED.outcome, detail = EXCLUDED.detail,
        pages_fetched = EXCLUDED.pages_fetched, not_modified = EXCLUDED.not_modified,
        pages_kept = EXCLUDED.pages_kept, pages_kept_fetched_at = EXCLUDED.pages_kept_fetched_at,
        requests = EXCLUDED.requests,
        elapsed_s = EXCLUDED.elapsed_s, crawled_at = EXCLUDED.crawled_at
    """
)


def _self_company(conn: Connection, tenant_id: int) -> tuple[str | None, int | None]:
    intake = latest_intake(conn, tenant_id)
    website = intake.payload.get("website") if intake else None
    if not website:
        return None, None
    try:
        domain = normalize_domain(website)
    except InvalidDomainError:
        return None, None
    conn.execute(UNMARK_OLD_SELF, {"tenant_id": tenant_id, "domain": domain})
    company_id = conn.execute(
        UPSERT_SELF,
        {
            "tenant_id": tenant_id,
            "domain": domain,
            "normalized_name": normalize_company_name(domain),
        },
    ).scalar_one()
    return domain, company_id


def load_crawl_targets(conn: Connection, tenant_id: int) -> list[CrawlTarget]:
    """The tenant's own site and its seeds' sites, with the company each belongs to."""
    self_domain, self_company_id = _self_company(conn, tenant_id)
    seeds = [
        SeedSite(r.seed_id, r.kind, r.domain, r.company_id)
        for r in conn.execute(SEED_SITES, {"tenant_id": tenant_id})
    ]
    return crawl_targets(self_domain, self_company_id, seeds)


def _page_row(
    tenant_id: int, target: CrawlTarget, page: FetchedPage, stored: dict[str, Any]
) -> dict[str, Any]:
    url = redact_url(page.url)
    row: dict[str, Any] = {
        "tenant_id": tenant_id,
        "company_id": target.company_id,
        "domain": target.domain,
        "url": url,
        "final_url": redact_url(page.final_url),
        "status": page.status,
        "outcome": "ok" if page.outcome in FETCHED_OUTCOMES else page.outcome,
        "page_type": page.page_type,
        "content_type": page.content_type,
        "fetched_at": page.fetched_at,
        "etag": page.etag,
        "last_modified": page.last_modified,
        "content_hash": None,
        "title": None,
        "main_text": None,
        "extracted": "{}",
    }
    if page.outcome == "ok" and page.html is not None:
        parsed = parse_html(page.html, url=url, domain=target.domain, page_type=page.page_type)
        row.update(
            content_hash=parsed.content_hash,
            title=parsed.content.title,
            main_text=parsed.content.main_text,
            extracted=json.dumps(parsed.extracted()),
        )
    elif page.outcome == "not_modified" and url in stored:
        # The stored copy goes through the same redaction again: a row written before a
        # redaction rule existed loses what the rule now finds.
        previous = stored[url]
        row.update(
            content_hash=previous.content_hash,
            title=redact_stored_value(previous.title),
            main_text=redact_stored_value(previous.main_text),
            extracted=json.dumps(redact_stored_value(previous.extracted)),
            content_type=previous.content_type,
        )
    elif page.outcome == "not_modified":
        # A 304 for a page this tenant has no copy of: nothing to keep.
        row["outcome"] = "not_modified_without_copy"
    return row


def store_domain_crawl(
    conn: Connection, tenant_id: int, target: CrawlTarget, crawl: DomainCrawl
) -> dict[str, Any]:
    """Write one domain's pages and outcome; returns its ``crawled_domains`` row."""
    params = {"tenant_id": tenant_id, "domain": target.domain}
    not_modified = sum(1 for page in crawl.pages if page.outcome == "not_modified")
    pages_kept, kept_fetched_at = 0, None
    if keeps_previous_pages(crawl.outcome):
        kept = conn.execute(KEPT_DOMAIN_PAGES, params).one()
        pages_kept, kept_fetched_at = kept.pages, kept.fetched_at
    else:
        stored_urls = [
            redact_url(page.url) for page in crawl.pages if page.outcome == "not_modified"
        ]
        stored = {
            row.url: row
            for row in conn.execute(STORED_CONTENT, {"tenant_id": tenant_id, "urls": stored_urls})
        }
        # Two pages whose URLs differ only in a redacted address ("/team/[email]") are
        # stored once, as the first of them.
        rows_by_url: dict[str, dict[str, Any]] = {}
        for page in crawl.pages:
            row = _page_row(tenant_id, target, page, stored)
            rows_by_url.setdefault(row["url"], row)
        rows = list(rows_by_url.values())
        conn.execute(DELETE_DOMAIN_PAGES, params)
        if rows:
            conn.execute(INSERT_PAGE, rows)
    domain_row = {
        **params,
        "company_id": target.company_id,
        "role": target.role,
        "seed_ids": list(target.seed_ids),
        "outcome": crawl.outcome,
        "detail": redact_stored_value(crawl.detail),
        "pages_fetched": sum(1 for page in crawl.pages if page.outcome in FETCHED_OUTCOMES),
        "not_modified": not_modified,
        "pages_kept": pages_kept,
        "pages_kept_fetched_at": kept_fetched_at,
        "requests": crawl.requests,
        "elapsed_s": round(crawl.elapsed_s, 3),
    }
    conn.execute(UPSERT_DOMAIN, domain_row)
    return domain_row


def crawl_tenant(
    store: Warehouse, crawler: CrawlerResource, tenant_id: int
) -> tuple[list[dict[str, Any]], float]:
    """Crawl the tenant's sites (conditional GETs against the stored validators) and
    store the outcome; returns the ``crawled_domains`` rows and the seconds spent fetching."""
    with store.tenant_transaction(tenant_id) as conn:
        targets = load_crawl_targets(conn, tenant_id)
        validators = {
            row.url: PageValidators(row.etag, row.last_modified)
            for row in conn.execute(STORED_VALIDATORS, {"tenant_id": tenant_id})
        }
    started = time.perf_counter()
    crawls = crawler.crawl([target.domain for target in targets], validators)
    crawl_s = time.perf_counter() - started
    with store.tenant_transaction(tenant_id) as conn:
        # Before any delete: a concurrent run of the tenant waits, then replaces these rows.
        lock_tenant_slices(conn, tenant_id, "crawled_pages", "crawled_domains")
        domain_rows = [
            store_domain_crawl(conn, tenant_id, target, crawl)
            for target, crawl in zip(targets, crawls, strict=True)
        ]
        domains = [target.domain for target in targets]
        for statement in DELETE_DROPPED_DOMAINS:
            conn.execute(statement, {"tenant_id": tenant_id, "domains": domains})
    return domain_rows, crawl_s
