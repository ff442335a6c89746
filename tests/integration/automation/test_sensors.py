"""The intake sensor: every intake row requested once, whatever order commits come in."""

from __future__ import annotations

import json

import dagster as dg
import psycopg
import pytest

from icp_assets.automation.sensors import intake_run_tags, intake_sensor
from icp_assets.definitions import defs
from icp_assets.intake.storage import save_intake
from icp_assets.partitions import tenants
from resources.warehouse import WarehouseResource


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        yield instance


def _tick(instance, test_settings, cursor=None):
    # Entered and exited: the context's instance sets Dagster's current definitions-state
    # storage for as long as it is open, and a context left open leaks it to later tests.
    with dg.build_sensor_context(
        instance_ref=instance.get_ref(),
        definitions=defs,
        cursor=cursor,
        resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
    ) as context:
        result = intake_sensor(context)
    if isinstance(result, dg.SkipReason):
        return [], [], cursor
    added = [k for r in result.dynamic_partitions_requests for k in r.partition_keys]
    return result.run_requests, added, result.cursor


def _apply(instance, added):
    if added:
        instance.add_dynamic_partitions(tenants.name, added)


def test_two_intakes_request_two_runs_and_add_their_tenants(
    warehouse, test_settings, instance, sample_intake
):
    first = save_intake(warehouse, 5, "ops", sample_intake)
    second = save_intake(warehouse, 6, "ops", sample_intake)

    requests, added, _ = _tick(instance, test_settings)

    assert sorted(added) == ["5", "6"]
    assert [(r.partition_key, r.run_key) for r in requests] == [
        ("5", f"intake-{first.response_id}"),
        ("6", f"intake-{second.response_id}"),
    ]
    assert all(r.tags["icp/intake_id"] == r.run_key.removeprefix("intake-") for r in requests)


def test_a_second_tick_does_not_request_again(warehouse, test_settings, instance, sample_intake):
    save_intake(warehouse, 5, "ops", sample_intake)
    requests, added, cursor = _tick(instance, test_settings)
    _apply(instance, added)
    assert len(requests) == 1

    again, added_again, _ = _tick(instance, test_settings, cursor)

    assert again == [] and added_again == []


def test_a_known_tenant_is_not_added_again(warehouse, test_settings, instance, sample_intake):
    save_intake(warehouse, 5, "ops", sample_intake)
    requests, added, cursor = _tick(instance, test_settings)
    _apply(instance, added)
    save_intake(warehouse, 5, "ops", sample_intake)

    requests, added, _ = _tick(instance, test_settings, cursor)

    assert len(requests) == 1 and added == []


def _insert_uncommitted(conn: psycopg.Connection, tenant: int) -> int:
    conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(tenant),))
    return conn.execute(
        "INSERT INTO icp_intake_responses (tenant_id, submitted_by, payload, payload_sha256) "
        "VALUES (%s, 'ops', '{}', 'x') RETURNING id",
        (tenant,),
    ).fetchone()[0]


def test_an_intake_committed_after_a_higher_id_is_not_skipped(warehouse, test_settings, instance):
    slow = psycopg.connect(warehouse.urls.libpq("app"))
    fast = psycopg.connect(warehouse.urls.libpq("app"))
    try:
        low_id = _insert_uncommitted(slow, 8)
        high_id = _insert_uncommitted(fast, 9)
        assert low_id < high_id
        fast.commit()

        requests, added, cursor = _tick(instance, test_settings)
        _apply(instance, added)
        assert [r.run_key for r in requests] == [f"intake-{high_id}"]

        slow.commit()
        requests, added, cursor = _tick(instance, test_settings, cursor)
        _apply(instance, added)
        assert [r.run_key for r in requests] == [f"intake-{low_id}"]

        requests, _, cursor = _tick(instance, test_settings, cursor)
        assert requests == []
    finally:
        slow.close()
        fast.close()
    assert json.loads(cursor)["requested"] == []


def test_an_intake_rolled_back_is_never_requested(warehouse, test_settings, instance):
    with psycopg.connect(warehouse.urls.libpq("app")) as conn:
        _insert_uncommitted(conn, 8)
        conn.rollback()
    requests, _, _ = _tick(instance, test_settings)
    assert requests == []


def _run_with_tags(instance, tags, status):
    run = dg.DagsterRun(job_name="tenant_pipeline", tags=tags, status=status)
    instance.add_run(run)
    return run.run_id


def test_an_intake_a_run_took_already_is_not_requested_again(
    warehouse, test_settings, instance, sample_intake
):
    # What `icp demo` and `icp run` leave: a run of the tenant tagged with its intake.
    taken = save_intake(warehouse, 5, "ops", sample_intake)
    _run_with_tags(instance, intake_run_tags(taken.response_id, "cli"), dg.DagsterRunStatus.SUCCESS)
    with dg.build_sensor_context(
        instance_ref=instance.get_ref(),
        definitions=defs,
        resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
    ) as context:
        result = intake_sensor(context)
    assert isinstance(result, dg.SensorResult)
    assert not result.run_requests
    assert f"[{taken.response_id}] already run" in str(result.skip_reason)

    later = save_intake(warehouse, 5, "ops", sample_intake)
    requests, _, _ = _tick(instance, test_settings, result.cursor)
    assert [r.run_key for r in requests] == [f"intake-{later.response_id}"]


def test_an_intake_whose_run_failed_or_was_canceled_is_requested(
    warehouse, test_settings, instance, sample_intake
):
    failed = save_intake(warehouse, 5, "ops", sample_intake)
    canceled = save_intake(warehouse, 6, "ops", sample_intake)
    _run_with_tags(
        instance, intake_run_tags(failed.response_id, "cli"), dg.DagsterRunStatus.FAILURE
    )
    _run_with_tags(
        instance, intake_run_tags(canceled.response_id, "cli"), dg.DagsterRunStatus.CANCELED
    )

    requests, _, _ = _tick(instance, test_settings)

    assert [r.run_key for r in requests] == [
        f"intake-{failed.response_id}",
        f"intake-{canceled.response_id}",
    ]
