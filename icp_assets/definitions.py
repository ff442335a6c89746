"""The ICP Finder code location."""

import warnings

import dagster as dg

from icp_assets.automation.enrichment import enrichment_sensor
from icp_assets.automation.jobs import TENANT_ASSETS, tenant_pipeline, tenant_pipeline_celery
from icp_assets.automation.nightly import (
    nightly_cross_tenant,
    nightly_finish_sensor,
    nightly_refresh,
    nightly_tenant_batch,
)
from icp_assets.automation.sensors import intake_sensor, resolution_sensor
from icp_assets.reference.assets import acra_register, ssic_codes
from resources.crawler import CrawlerResource
from resources.llm import LlmResource
from resources.warehouse import WarehouseResource

# Dagster itself passes the beta ``owners`` parameter (as an empty list) when it binds
# the resources to each sensor; the project sets no owners.
warnings.filterwarnings(
    "ignore",
    message="Parameter `owners` of initializer `SensorDefinition.__init__` is currently in beta",
    category=dg.BetaWarning,
)

defs = dg.Definitions(
    assets=[ssic_codes, acra_register, *TENANT_ASSETS],
    jobs=[tenant_pipeline, tenant_pipeline_celery, nightly_tenant_batch, nightly_cross_tenant],
    schedules=[nightly_refresh],
    sensors=[intake_sensor, resolution_sensor, nightly_finish_sensor, enrichment_sensor],
    resources={
        "warehouse": WarehouseResource(),
        "crawler": CrawlerResource(),
        "llm": LlmResource(),
    },
)
