"""The nightly refresh: the schedule's batch run requests on a real Dagster instance, a
batch run against the warehouse and the fixture sites, and the cross-tenant job."""

from __future__ import annotations

import json

import dagster as dg
from sqlalchemy import text

from icp_assets.automation.nightly import (
    nightly_cross_tenant,
    nightly_finish_sensor,
    nightly_tenant_batch,
)
from icp_assets.intake.storage import save_intake
from icp_assets.partitions import tenants
from resources.llm import LlmResource
from resources.warehouse import WarehouseResource
from support.nightly import schedule_requests


def _resources(test_settings, crawler) -> dict:
    return {
        "warehouse": WarehouseResource(database_url=test_settings.database_url),
        "crawler": crawler,
        "llm": LlmResource(model=""),
    }


def test_a_batch_run_refreshes_each_tenant_and_a_failing_tenant_fails_alone(
    warehouse, pipeline, test_settings, crawler, sample_register, sample_intake
):
    for tenant in (41, 42):
        save_intake(warehouse, tenant, "ops", sample_intake)
        assert pipeline(tenant).success

    def generations(tenant: int) -> list[int]:
        with warehouse.tenant_transaction(tenant) as conn:
            return list(
                conn.execute(
                    text("SELECT generation_id FROM suggestion_generations ORDER BY 1")
                ).scalars()
            )

    before = {tenant: generations(tenant) for tenant in (41, 42)}
    with dg.instance_for_test() as instance:
        # Tenant 0 is not a valid tenant: its transaction refuses it, as a broken one would.
        instance.add_dynamic_partitions(tenants.name, ["0", "41", "42"])
        (request,) = schedule_requests(instance)
        result = nightly_tenant_batch.execute_in_process(
            run_config=request.run_config,
            instance=instance,
            resources=_resources(test_settings, crawler),
            tags=request.tags,
            raise_on_error=False,
        )
        assert not result.success
        failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
        assert failure.step_key == "nightly_batch_outcome"
        assert result.output_for_node("nightly_suggestions").ok == [41, 42]
        assert list(result.output_for_node("nightly_suggestions").failed) == ["0"]

        for asset in ("crawled_pages", "icp_evidence", "icp_patterns", "suggestions"):
            materialized = instance.get_materialized_partitions(dg.AssetKey(asset))
            assert materialized == {"41", "42"}, asset
        # The batch records the suggestions checks too, each under its tenant's key.
        for check in ("enough_cards", "cards_cite_evidence", "negative_icp"):
            key = dg.AssetCheckKey(dg.AssetKey("suggestions"), check)
            records = instance.event_log_storage.get_asset_check_execution_history(key, limit=10)
            nightly = [r for r in records if r.run_id == result.run_id]
            partitions = sorted(r.partition for r in nightly)
            assert partitions == ["41", "42"], check

        finish = nightly_finish_sensor(dg.build_sensor_context(instance=instance))
        assert isinstance(finish, dg.RunRequest)
        assert finish.run_key == "nightly-finish-2026-11-25"
        instance.create_run_for_job(
            nightly_tenant_batch, run_config=request.run_config, tags=request.tags
        )
        waiting = nightly_finish_sensor(dg.build_sensor_context(instance=instance))
        assert isinstance(waiting, dg.SkipReason)

    for tenant in (41, 42):
        new = generations(tenant)
        assert len(new) == len(before[tenant]) + 1 and new[:-1] == before[tenant]
        with warehouse.tenant_transaction(tenant) as conn:
            not_modified = conn.execute(
                text("SELECT sum(not_modified) FROM crawled_domains")
            ).scalar_one()
            patterns = conn.execute(text("SELECT count(*) FROM icp_patterns")).scalar_one()
            web_evidence = conn.execute(
                text("SELECT count(*) FROM icp_evidence WHERE source = 'web'")
            ).scalar_one()
        assert not_modified > 0, "the re-crawl sends conditional GETs and keeps 304 pages"
        assert patterns > 0 and web_evidence > 0


def test_the_cross_tenant_job_refreshes_the_view_and_finishes_due_enrichment_jobs_of_both_kinds(
    warehouse, pipeline, test_settings, crawler, sample_register, sample_intake
):
    save_intake(warehouse, 41, "ops", sample_intake)
    assert pipeline(41).success
    jobs = [
        ("enrich_nightly", "201912345K", "now() - interval '1 hour'"),
        ("enrich_nightly", "209999999Z", "now() - interval '1 hour'"),
        ("enrich_nightly", "LATER", "now() + interval '1 day'"),
        ("enrich_now", "NOW", "now() - interval '1 hour'"),
    ]
    with warehouse.tenant_transaction(41) as conn:
        for kind, uen, run_after in jobs:
            conn.execute(
                text(
                    "INSERT INTO background_jobs (tenant_id, kind, dedupe_key, payload, run_after) "
                    f"VALUES (41, :kind, :uen, CAST(:payload AS jsonb), {run_after})"
                ),
                {"kind": kind, "uen": uen, "payload": json.dumps({"uen": uen})},
            )

    with dg.instance_for_test() as instance:
        result = nightly_cross_tenant.execute_in_process(
            instance=instance, resources=_resources(test_settings, crawler)
        )
    assert result.success

    with warehouse.tenant_transaction(41) as conn:
        rows = {
            r.dedupe_key: r
            for r in conn.execute(
                text(
                    "SELECT dedupe_key, status, payload, last_error, attempts FROM background_jobs"
                )
            )
        }
        patterns = conn.execute(text("SELECT count(*) FROM icp_patterns")).scalar_one()
    done = rows["201912345K"]
    assert done.status == "done" and done.attempts == 1
    assert done.payload["result"]["live"] is True
    assert done.payload["result"]["primary_ssic_code"] == "52101"
    assert rows["209999999Z"].status == "failed"
    assert rows["209999999Z"].last_error == "UEN not found in the register"
    assert done.payload["result"]["website"] is None, "no website is known for it"
    # Not due yet stays queued; an enrich_now job the sensor left is the night's too.
    assert rows["LATER"].status == "queued"
    assert rows["NOW"].status == "failed" and rows["NOW"].attempts == 1

    with warehouse.system_transaction() as conn:
        in_view = conn.execute(
            text("SELECT count(*) FROM icp_patterns_all_tenants WHERE tenant_id = 41")
        ).scalar_one()
    assert in_view == patterns > 0
