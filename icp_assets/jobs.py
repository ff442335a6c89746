"""Jobs over the tenant-partitioned assets."""

import dagster as dg

from icp_assets.mapping import acra_matches, company_map
from icp_assets.seeds import seeds

TENANT_ASSETS = [seeds, company_map, acra_matches]

tenant_pipeline = dg.define_asset_job(
    "tenant_pipeline",
    selection=dg.AssetSelection.assets(*TENANT_ASSETS),
    description="Every tenant-partitioned asset, for one tenant.",
)
