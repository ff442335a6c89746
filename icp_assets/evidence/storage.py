"""The evidence stage's tables: reading a tenant's stored pages, and replacing its web
evidence and its coverage summary (`icp_evidence`, `evidence_summary`)."""

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, text

from icp_assets.crawl.content import PageContent, page_from_stored
from icp_assets.crawl.personal_data import redact_stored_value, redact_url
from icp_assets.evidence.coverage import Coverage, DomainCoverage, assess_coverage
from icp_assets.evidence.extract import extract_domain_evidence
from icp_assets.evidence.extract.integrations import load_integration_catalogue
from icp_assets.evidence.extract.llm import LlmExtractor
from icp_assets.evidence.extract.llm_schemas import merge_evidence
from icp_assets.evidence.extract.model import EvidenceItem
from icp_assets.signals import WEB_SIGNALS
from resources.warehouse import Warehouse, replace_tenant_rows

# Each crawled domain with the names its company goes by (the seeds' names as typed, the
# register's name): what a company is called never says what it does.
CRAWLED_DOMAINS = text(
    """
    SELECT d.domain, d.company_id, d.role, d.seed_ids, d.outcome, d.detail,
           d.pages_kept_fetched_at,
           ARRAY(
               SELECT s.name FROM seeds s WHERE s.seed_id = ANY(d.seed_ids)
               UNION
               SELECT a.matched_name FROM acra_matches a
               WHERE a.seed_id = ANY(d.seed_ids) AND a.matched_name IS NOT NULL
           ) AS company_names
    FROM crawled_domains d
    WHERE d.tenant_id = :tenant_id ORDER BY d.domain
    """
)
STORED_PAGES = text(
    """
    SELECT domain, url, page_type, title, main_text, extracted FROM crawled_pages
    WHERE tenant_id = :tenant_id AND outcome = 'ok' AND main_text IS NOT NULL
    ORDER BY domain, url
    """
)
BEST_SEEDS_WITHOUT_SITE = text(
    "SELECT count(*) FROM seeds WHERE tenant_id = :tenant_id AND kind = 'best' AND domain IS NULL"
)
REGISTER_ITEMS = text(
    "SELECT count(*) FROM icp_evidence WHERE tenant_id = :tenant_id AND source = 'acra'"
)
REPLACE_WEB_EVIDENCE = (
    text("DELETE FROM icp_evidence WHERE tenant_id = :tenant_id AND source IN ('web', 'llm')"),
    text(
        """
        INSERT INTO icp_evidence (tenant_id, company_id, seed_id, signal_key, value, details,
            source, url, snippet, confidence, extractor)
        VALUES (:tenant_id, :company_id, :seed_id, :signal_key, :value, CAST(:details AS jsonb),
            :source, :url, :snippet, :confidence, :extractor)
        """
    ),
)
UPSERT_SUMMARY = text(
    """
    INSERT INTO evidence_summary (tenant_id, reduced_evidence, reasons, items_by_signal,
        web_items, llm_items, register_items, stale_evidence, evidence_as_of, sites_crawled,
        sites_reached, computed_at)
    VALUES (:tenant_id, :reduced_evidence, CAST(:reasons AS jsonb),
        CAST(:items_by_signal AS jsonb), :web_items, :llm_items, :register_items,
        :stale_evidence, :evidence_as_of, :sites_crawled, :sites_reached, now())
    ON CONFLICT (tenant_id) DO UPDATE SET
        reduced_evidence = EXCLUDED.reduced_evidence, reasons = EXCLUDED.reasons,
        stale_evidence = EXCLUDED.stale_evidence, evidence_as_of = EXCLUDED.evidence_as_of,
        sites_crawled = EXCLUDED.sites_crawled, sites_reached = EXCLUDED.sites_reached,
        items_by_signal = EXCLUDED.items_by_signal, web_items = EXCLUDED.web_items,
        llm_items = EXCLUDED.llm_items, register_items = EXCLUDED.register_items,
        computed_at = EXCLUDED.computed_at
    """
)


def _evidence_row(tenant_id: int, domain: Row, item: EvidenceItem) -> dict[str, Any]:
    """The ``icp_evidence`` row of one item; its text goes through contact redaction once
    more, whatever the extractor did, and its URL through URL redaction."""
    details = {**item.details, "domain": domain.domain, "role": domain.role}
    return {
        "tenant_id": tenant_id,
        "company_id": domain.company_id,
        "seed_id": domain.seed_ids[0] if domain.seed_ids else None,
        "signal_key": item.signal_key,
        "value": redact_stored_value(item.value),
        "details": json.dumps(redact_stored_value(details)),
        "source": "llm" if item.extractor.startswith("llm:") else "web",
        "url": redact_url(item.url),
        "snippet": redact_stored_value(item.snippet),
        "confidence": round(item.confidence, 4),
        "extractor": item.extractor,
    }


@dataclass(frozen=True)
class TenantEvidence:
    rows: list[dict[str, Any]]
    coverage: Coverage
    items_by_signal: dict[str, int]
    llm_items: int
    register_items: int
    llm_stats: dict[str, int]


def extract_tenant_evidence(
    store: Warehouse, extractor: LlmExtractor | None, tenant_id: int, log: logging.Logger
) -> TenantEvidence:
    """Extract evidence from the tenant's stored pages and replace its web evidence and
    coverage summary in one tenant transaction."""
    with store.tenant_transaction(tenant_id) as conn:
        params = {"tenant_id": tenant_id}
        domains = conn.execute(CRAWLED_DOMAINS, params).all()
        pages: dict[str, list[PageContent]] = defaultdict(list)
        for row in conn.execute(STORED_PAGES, params):
            pages[row.domain].append(
                page_from_stored(
                    url=row.url,
                    domain=row.domain,
                    page_type=row.page_type or "other",
                    title=row.title,
                    main_text=row.main_text,
                    extracted=row.extracted,
                )
            )
        best_without_site = conn.execute(BEST_SEEDS_WITHOUT_SITE, params).scalar_one()

    catalogue = load_integration_catalogue()
    rows: list[dict[str, Any]] = []
    coverage_inputs = []
    llm_stats: Counter[str] = Counter()
    for domain in domains:
        domain_pages = pages.get(domain.domain, [])
        items = extract_domain_evidence(domain_pages, catalogue, domain.company_names)
        if extractor is not None and domain_pages:
            result = extractor.extract_domain(domain_pages, known=items)
            items = merge_evidence(items, result.items)
            llm_stats.update(pages=result.pages_used, tokens=result.tokens_used, **result.errors)
            if result.stop_reason:
                llm_stats[f"stopped_{result.stop_reason}"] += 1
        domain_rows = [_evidence_row(tenant_id, domain, item) for item in items]
        rows.extend(domain_rows)
        coverage_inputs.append(
            DomainCoverage(
                domain.domain,
                domain.role,
                domain.outcome,
                domain.detail,
                stored_pages=len(domain_pages),
                web_items=len(domain_rows),
                kept_fetched_at=domain.pages_kept_fetched_at,
            )
        )
        log.info(
            f"evidence tenant={tenant_id} domain={domain.domain} role={domain.role} "
            f"pages={len(domain_pages)} items={len(domain_rows)}"
        )
    coverage = assess_coverage(coverage_inputs, best_without_site)
    by_signal = Counter(row["signal_key"] for row in rows)
    items_by_signal = {key: by_signal.get(key, 0) for key in WEB_SIGNALS}
    llm_items = sum(1 for row in rows if row["source"] == "llm")

    with store.tenant_transaction(tenant_id) as conn:
        replace_tenant_rows(conn, *REPLACE_WEB_EVIDENCE, tenant_id, rows)
        register_items = conn.execute(REGISTER_ITEMS, {"tenant_id": tenant_id}).scalar_one()
        conn.execute(
            UPSERT_SUMMARY,
            {
                "tenant_id": tenant_id,
                "reduced_evidence": coverage.reduced_evidence,
                "reasons": json.dumps(coverage.reasons),
                "items_by_signal": json.dumps(items_by_signal),
                "web_items": len(rows) - llm_items,
                "llm_items": llm_items,
                "register_items": register_items,
                "stale_evidence": coverage.stale_evidence,
                "evidence_as_of": coverage.evidence_as_of,
                "sites_crawled": coverage.sites_crawled,
                "sites_reached": coverage.sites_reached,
            },
        )
    return TenantEvidence(
        rows, coverage, items_by_signal, llm_items, register_items, dict(llm_stats)
    )
