"""Stage `evidence`: cited signals from the crawled pages (`icp_evidence`), by the
deterministic extractors and, when configured, an LLM; with the tenant's coverage."""

import json
import time
from collections.abc import Sequence
from typing import Any

import dagster as dg

from icp_assets.crawl.assets import NETWORK_STEP_RETRY, crawled_pages, timestamp_or_null
from icp_assets.evidence.extract.llm import llm_extractor
from icp_assets.evidence.storage import extract_tenant_evidence
from icp_assets.mapping.assets import site_register_matches
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from resources.llm import LlmResource
from resources.warehouse import WarehouseResource


def _evidence_table(rows: Sequence[dict[str, Any]]) -> str:
    return markdown_table(
        ["domain", "signal", "value", "confidence", "snippet"],
        (
            (
                json.loads(r["details"])["domain"],
                r["signal_key"],
                r["value"],
                r["confidence"],
                (r["snippet"] or "")[:120],
            )
            for r in rows
        ),
        limit=40,
    )


@dg.asset(
    partitions_def=tenants,
    group_name="evidence",
    retry_policy=NETWORK_STEP_RETRY,
    kinds={"postgres"},
    deps=[crawled_pages, site_register_matches],
    description=(
        "Cited evidence from the crawled pages: integrations, industries served, SSIC hints, "
        "buyer titles, headcount, locations, pricing and customer logos, each with its URL "
        "and a snippet without personal data. Replaces the tenant's web evidence in one "
        "transaction; register evidence is the mapping stage's. Flags reduced evidence."
    ),
)
def icp_evidence(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, llm: LlmResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    started = time.perf_counter()
    extractor = llm_extractor(llm.get_client())
    extracted = extract_tenant_evidence(
        warehouse.get_warehouse(), extractor, tenant_id, context.log
    )
    rows, coverage, llm_stats = extracted.rows, extracted.coverage, extracted.llm_stats
    items_by_signal, llm_items = extracted.items_by_signal, extracted.llm_items
    register_items = extracted.register_items
    if coverage.reduced_evidence or coverage.stale_evidence:
        context.log.warning(
            f"evidence tenant={tenant_id} reduced_evidence={coverage.reduced_evidence} "
            f"stale_evidence={coverage.stale_evidence} reasons="
            + "; ".join(reason["detail"] for reason in coverage.reasons)
        )
    companies = {row["company_id"] for row in rows}
    return dg.MaterializeResult(
        metadata={
            "items": len(rows),
            "items_by_signal": dg.MetadataValue.json(items_by_signal),
            "companies_with_evidence": len(companies),
            "evidence_per_company": round(len(rows) / len(companies), 2) if companies else 0.0,
            "register_items": register_items,
            "llm_enabled": extractor is not None,
            "llm_items": llm_items,
            "llm": dg.MetadataValue.json(dict(llm_stats)),
            "reduced_evidence": coverage.reduced_evidence,
            "reduced_evidence_reasons": dg.MetadataValue.json(coverage.reasons),
            "stale_evidence": coverage.stale_evidence,
            "evidence_as_of": timestamp_or_null(coverage.evidence_as_of),
            "sites_crawled": coverage.sites_crawled,
            "sites_reached": coverage.sites_reached,
            "elapsed_s": round(time.perf_counter() - started, 3),
            "preview": dg.MetadataValue.md(_evidence_table(rows)),
        }
    )
