"""Stage `crawl`: the tenant's website and every seed's website, fetched politely and
kept as pages (`crawled_pages`), with each domain's outcome."""

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import dagster as dg

from icp_assets.crawl.storage import crawl_tenant
from icp_assets.crawl.targets import stale_pages_note, summarize_crawl
from icp_assets.mapping.assets import acra_matches
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenants
from resources.crawler import (
    CrawlerResource,
)
from resources.warehouse import WarehouseResource


def _outcomes_table(rows: Sequence[dict[str, Any]]) -> str:
    return markdown_table(
        ["domain", "role", "outcome", "pages", "304s", "kept", "detail"],
        (
            (
                r["domain"],
                r["role"],
                r["outcome"],
                r["pages_fetched"],
                r["not_modified"],
                r["pages_kept"],
                r["detail"],
            )
            for r in rows
        ),
    )


def timestamp_or_null(at: datetime | None) -> dg.MetadataValue:
    """A time as Dagster metadata, shown as a date in the UI; null when there is none."""
    return dg.MetadataValue.timestamp(at) if at else dg.MetadataValue.null()


# Network-bound steps are retried whole: their writes replace the tenant's slice in one
# transaction, so a retry after a failure part-way leaves no duplicate. (Requests within
# the crawl are already retried with backoff by the crawler.)
NETWORK_STEP_RETRY = dg.RetryPolicy(
    max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


@dg.asset(
    partitions_def=tenants,
    group_name="crawl",
    retry_policy=NETWORK_STEP_RETRY,
    kinds={"postgres"},
    deps=[acra_matches],
    pool="crawl",
    description=(
        "The tenant's website and every seed's website (best and lost), crawled politely: "
        "robots.txt, page caps, conditional GETs. Pages keep their main text and markup "
        "signals without personal data; each domain keeps its outcome. A domain whose "
        "crawl fails keeps its earlier pages."
    ),
)
def crawled_pages(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, crawler: CrawlerResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    started = time.perf_counter()
    domain_rows, crawl_s = crawl_tenant(warehouse.get_warehouse(), crawler, tenant_id)
    elapsed = time.perf_counter() - started

    summary = summarize_crawl(domain_rows)
    for row in domain_rows:
        log = context.log.info if row["outcome"] == "ok" else context.log.warning
        log(
            f"crawl tenant={tenant_id} domain={row['domain']} role={row['role']} "
            f"outcome={row['outcome']} pages={row['pages_fetched']} "
            f"not_modified={row['not_modified']} kept={row['pages_kept']} {row['detail']}"
        )
    if summary.stale_domains:
        context.log.warning(f"crawl tenant={tenant_id} {stale_pages_note(summary)}")
    return dg.MaterializeResult(
        metadata={
            "stale_evidence": bool(summary.stale_domains),
            "stale_domains": len(summary.stale_domains),
            "pages_kept": summary.pages_kept,
            "kept_pages_fetched_at": timestamp_or_null(summary.kept_pages_fetched_at),
            "domains": summary.domains,
            "domains_ok": summary.ok,
            "ok_rate": round(summary.ok_rate, 4),
            "outcomes": dg.MetadataValue.json(summary.outcomes),
            "pages_fetched": summary.pages_fetched,
            "not_modified": summary.not_modified,
            "requests": summary.requests,
            "crawl_s": round(crawl_s, 3),
            "elapsed_s": round(elapsed, 3),
            "domains_table": dg.MetadataValue.md(_outcomes_table(domain_rows)),
        }
    )
