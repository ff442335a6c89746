"""Flow state gathered from a real warehouse and a real Dagster instance."""

from __future__ import annotations

import dagster as dg
import pytest
from sqlalchemy.engine import make_url

from icp_assets.intake.assets import seeds
from icp_assets.intake.storage import save_intake
from icp_assets.monitoring.status import tenant_flow_state
from icp_assets.partitions import tenants
from resources.warehouse import WarehouseResource


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        yield instance


def test_status_follows_intake_success_and_failure(
    warehouse, test_settings, sample_intake, instance
):
    assert tenant_flow_state(warehouse, instance, 31).state == "no_intake"

    save_intake(warehouse, 31, "ops", sample_intake)
    assert tenant_flow_state(warehouse, instance, 31).state == "intake_saved"

    instance.add_dynamic_partitions(tenants.name, ["31"])
    good = WarehouseResource(database_url=test_settings.database_url)
    assert dg.materialize(
        [seeds], partition_key="31", instance=instance, resources={"warehouse": good}
    ).success
    assert tenant_flow_state(warehouse, instance, 31).state == "mapping"

    # A warehouse that refuses the application role's login fails the step.
    broken = WarehouseResource(
        database_url=test_settings.database_url,
        app_database_url=make_url(test_settings.database_url)
        .set(username="nobody")
        .render_as_string(hide_password=False),
    )
    result = dg.materialize(
        [seeds],
        partition_key="31",
        instance=instance,
        resources={"warehouse": broken},
        raise_on_error=False,
    )
    assert not result.success

    state = tenant_flow_state(warehouse, instance, 31)
    assert state.state == "failed"
    assert state.failed_step == "seeds"
    assert state.error
