"""Stage intake: seed selection (pure) and the `seeds` asset (in-process)."""

from __future__ import annotations

import dagster as dg
import pytest
from sqlalchemy import text

from icp_assets.intake.assets import seeds
from icp_assets.intake.storage import save_intake
from icp_assets.partitions import tenants
from resources.warehouse import WarehouseResource


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(tenants.name, ["42"])
        yield instance


def _materialize(instance, test_settings, key="42"):
    return dg.materialize(
        [seeds],
        partition_key=key,
        instance=instance,
        resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
        raise_on_error=False,
    )


def _seed_rows(warehouse, tenant=42):
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(
            text("SELECT seed_id, kind, name, domain, merged_seed_ids FROM seeds ORDER BY seed_id")
        ).all()


def test_seeds_asset_writes_the_latest_intakes_deduplicated_seeds(
    warehouse, test_settings, instance, sample_intake
):
    save_intake(warehouse, 42, "ops", {**sample_intake, "best_customers": [{"name": "Old Co"}]})
    sample_intake["best_customers"].append(
        {"name": "harbourline logistics", "website": "https://harbourline-logistics.sg/about"}
    )
    latest = save_intake(warehouse, 42, "ops", sample_intake)

    result = _materialize(instance, test_settings)

    assert result.success
    rows = _seed_rows(warehouse)
    assert len(rows) == 8
    assert "Old Co" not in {r.name for r in rows}
    harbourline = next(r for r in rows if r.domain == "harbourline-logistics.sg")
    assert len(harbourline.merged_seed_ids) == 1
    metadata = result.asset_materializations_for_node("seeds")[0].metadata
    assert metadata["intake_id"].value == latest.response_id
    assert metadata["best_customers"].value == 5
    assert metadata["lost_customers"].value == 3
    assert metadata["duplicates_merged"].value == 1
    assert "harbourline-logistics.sg" in metadata["preview"].value


def test_seeds_asset_run_twice_leaves_the_same_rows(
    warehouse, test_settings, instance, sample_intake
):
    save_intake(warehouse, 42, "ops", sample_intake)
    assert _materialize(instance, test_settings).success
    first = _seed_rows(warehouse)
    assert _materialize(instance, test_settings).success
    assert _seed_rows(warehouse) == first


def test_seeds_asset_touches_no_other_tenant(warehouse, test_settings, instance, sample_intake):
    save_intake(warehouse, 42, "ops", sample_intake)
    save_intake(warehouse, 43, "ops", sample_intake)
    instance.add_dynamic_partitions(tenants.name, ["43"])
    assert _materialize(instance, test_settings, "43").success
    assert _materialize(instance, test_settings, "42").success
    assert len(_seed_rows(warehouse, 43)) == 8


def test_seeds_asset_fails_clearly_for_a_tenant_without_intake(warehouse, test_settings, instance):
    result = _materialize(instance, test_settings)
    assert not result.success
    error = result.get_step_failure_events()[0].step_failure_data.error
    assert "tenant 42 has no intake" in (error.cause or error).message


def test_an_unknown_tenant_partition_is_refused(test_settings, instance):
    with pytest.raises(dg.DagsterUnknownPartitionError):
        _materialize(instance, test_settings, key="999")
