"""The ICP Finder code location."""

import dagster as dg

from icp_assets.jobs import TENANT_ASSETS, tenant_pipeline
from icp_assets.reference import ssic_codes
from icp_assets.register import acra_register
from icp_assets.sensors import intake_sensor
from resources.warehouse import WarehouseResource

defs = dg.Definitions(
    assets=[ssic_codes, acra_register, *TENANT_ASSETS],
    jobs=[tenant_pipeline],
    sensors=[intake_sensor],
    resources={"warehouse": WarehouseResource()},
)
