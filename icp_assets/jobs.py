"""Jobs over the tenant-partitioned assets."""

import dagster as dg

from icp_assets.crawl import crawled_pages
from icp_assets.evidence import icp_evidence
from icp_assets.mapping import acra_matches, company_map
from icp_assets.patterns import icp_patterns
from icp_assets.seeds import seeds
from icp_assets.suggestions import suggestions

TENANT_ASSETS = [
    seeds,
    company_map,
    acra_matches,
    crawled_pages,
    icp_evidence,
    icp_patterns,
    suggestions,
]

tenant_pipeline = dg.define_asset_job(
    "tenant_pipeline",
    selection=dg.AssetSelection.assets(*TENANT_ASSETS),
    description="Every tenant-partitioned asset, for one tenant.",
)
