"""Asset checks recorded per tenant: two tenants' pipelines on one Dagster instance
leave each check's history with one result per tenant partition, never a shared one."""

from __future__ import annotations

import dagster as dg

from icp_assets.definitions import defs
from icp_assets.intake.storage import save_intake

TENANTS = ("61", "62")
CITATION_CHECK = dg.AssetCheckKey(dg.AssetKey("suggestions"), "cards_cite_evidence")


def _check_keys() -> list[dg.AssetCheckKey]:
    return sorted(defs.get_repository_def().asset_graph.asset_check_keys, key=str)


def test_each_check_result_is_stored_under_the_tenant_partition_that_ran_it(
    warehouse, pipeline, sample_register, sample_intake
):
    for tenant in TENANTS:
        save_intake(warehouse, int(tenant), "ops", sample_intake)
        assert pipeline(int(tenant)).success

    storage = pipeline.instance.event_log_storage
    keys = _check_keys()
    assert len(keys) == 4
    for key in keys:
        history = storage.get_asset_check_execution_history(key, limit=10)
        assert sorted(record.partition for record in history) == sorted(TENANTS), key
        for record in history:
            assert record.status.value == "SUCCEEDED", key
            evaluation = record.event.dagster_event.event_specific_data
            assert evaluation.partition == record.partition, key
            run = pipeline.instance.get_run_by_id(record.run_id)
            assert run.tags["dagster/partition"] == record.partition, key


def test_cards_cite_evidence_records_numbers_to_plot(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 61, "ops", sample_intake)
    assert pipeline(61).success

    (record,) = pipeline.instance.event_log_storage.get_asset_check_execution_history(
        CITATION_CHECK, limit=10
    )
    assert record.partition == "61"
    evaluation = record.event.dagster_event.event_specific_data
    assert evaluation.passed
    metadata = evaluation.metadata
    counts = {
        name: metadata[name]
        for name in ("cards", "cards_citing", "uncited_cards", "cited_items", "missing_items")
    }
    assert all(isinstance(value, dg.IntMetadataValue) for value in counts.values()), counts
    assert isinstance(metadata["share"], dg.FloatMetadataValue)
    cards = counts["cards"].value
    assert cards >= 2
    assert counts["cards_citing"].value == cards
    assert counts["uncited_cards"].value == counts["missing_items"].value == 0
    assert counts["cited_items"].value >= 1
    assert metadata["share"].value == 1.0
    assert metadata["uncited_card_ids"].value == []
