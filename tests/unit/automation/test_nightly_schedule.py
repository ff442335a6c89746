"""The nightly refresh: the schedule's batch run requests on a real Dagster instance, a
batch run against the warehouse and the fixture sites, and the cross-tenant job."""

from __future__ import annotations

import dagster as dg

from icp_assets.automation.nightly import (
    NIGHTLY_TAG,
    nightly_refresh,
    tenant_batches,
)
from icp_assets.partitions import tenants
from support.nightly import NIGHT, schedule_requests


def test_the_schedule_runs_at_two_in_singapore_by_default():
    assert nightly_refresh.cron_schedule == "0 2 * * *"
    assert nightly_refresh.execution_timezone == "Asia/Singapore"
    assert nightly_refresh.job_name == "nightly_tenant_batch"


def test_tenant_batches_cut_keys_in_id_order():
    assert tenant_batches(["10", "2", "3", "1"], 3) == [["1", "2", "3"], ["10"]]
    assert tenant_batches([], 3) == []


def test_450_tenants_are_three_batch_runs_carrying_every_tenant_once():
    with dg.instance_for_test() as instance:
        keys = [str(i) for i in range(1, 451)]
        instance.add_dynamic_partitions(tenants.name, keys)
        requests = schedule_requests(instance)

    batches = [
        r.run_config["ops"]["nightly_batch_tenants"]["config"]["tenant_ids"] for r in requests
    ]
    assert [len(batch) for batch in batches] == [200, 200, 50]
    assert sorted(t for batch in batches for t in batch) == list(range(1, 451))
    assert [r.run_key for r in requests] == [f"nightly-2026-11-25-{i}" for i in range(3)]
    assert all(r.tags[NIGHTLY_TAG] == "2026-11-25" for r in requests)
    assert all(r.partition_key is None for r in requests)


def test_no_tenants_skips_the_night():
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=NIGHT)
        result = nightly_refresh.evaluate_tick(context)
    assert not result.run_requests
    assert result.skip_message == "no tenants"
