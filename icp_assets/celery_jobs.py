"""The tenant pipeline on Dagster's Celery executor: each step a Celery task on a worker.

The job runs the same assets as ``tenant_pipeline``; only where the steps execute
differs. The launching process (a run worker, or ``dagster job launch``) plans the run
and submits each step to a Celery queue; any worker that consumes that queue loads this
code location, runs the step against the shared Dagster instance and warehouse, and
reports its events to the instance. See ``docs/distributed.md``.

Run config (every key optional; the defaults reach RabbitMQ on
``$DAGSTER_CELERY_BROKER_HOST`` and return results over it)::

    execution:
      config:
        broker: pyamqp://guest@rabbitmq:5672//
        backend: rpc://
        config_source:
          task_default_queue: icp
"""

from __future__ import annotations

import dagster as dg
from dagster_celery import celery_executor

from icp_assets.jobs import TENANT_ASSETS

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


def tenant_pipeline_celery_job() -> dg.JobDefinition:
    """The Celery job resolved against the code location, resources bound.

    A target for ``dg.reconstructable``: the launcher and every worker rebuild the job
    from this function, so they agree on the code and resources.
    """
    from icp_assets.definitions import defs

    return defs.resolve_job_def(TENANT_PIPELINE_CELERY)
