"""Jobs over the tenant-partitioned assets: in-process or multiprocess
(``tenant_pipeline``), and the same steps as Celery tasks (``tenant_pipeline_celery``).

The Celery job's launching process (a run worker, or ``dagster job launch``) plans the
run and submits each step to a Celery queue; any worker that consumes that queue loads
this code location, runs the step against the shared Dagster instance and warehouse, and
reports its events to the instance. See ``docs/distributed.md``.

Run config of the Celery job (every key optional; the defaults reach RabbitMQ on
``$DAGSTER_CELERY_BROKER_HOST`` and return results over it)::

    execution:
      config:
        broker: pyamqp://guest@rabbitmq:5672//
        backend: rpc://
        config_source:
          task_default_queue: icp
"""

import dagster as dg
from dagster_celery import celery_executor

from icp_assets.crawl.assets import crawled_pages
from icp_assets.evidence.assets import icp_evidence
from icp_assets.intake.assets import seeds
from icp_assets.lookalikes.assets import lookalikes
from icp_assets.mapping.assets import acra_matches, company_map, site_register_matches
from icp_assets.pattern_mining.assets import icp_patterns
from icp_assets.suggestions.assets import suggestions

TENANT_ASSETS = [
    seeds,
    company_map,
    acra_matches,
    crawled_pages,
    site_register_matches,
    icp_evidence,
    icp_patterns,
    suggestions,
    lookalikes,
]

tenant_pipeline = dg.define_asset_job(
    "tenant_pipeline",
    selection=dg.AssetSelection.assets(*TENANT_ASSETS),
    description="Every tenant-partitioned asset, for one tenant.",
)

TENANT_PIPELINE_CELERY = "tenant_pipeline_celery"

tenant_pipeline_celery = dg.define_asset_job(
    TENANT_PIPELINE_CELERY,
    selection=dg.AssetSelection.assets(*TENANT_ASSETS),
    executor_def=celery_executor,
    description=(
        "Every tenant-partitioned asset, for one tenant, each step run as a Celery task "
        "on a worker (RabbitMQ broker); the code and instance are the same as tenant_pipeline's."
    ),
)
