"""Every asset check of the code location is partitioned like its asset, so each
result is stored under the tenant's partition key and its plots are one tenant's."""

from __future__ import annotations

import warnings

import dagster as dg

from icp_assets.definitions import defs
from icp_assets.partitions import tenant_check_spec, tenants


def _check_specs() -> list[tuple[dg.AssetCheckSpec, dg.PartitionsDefinition | None]]:
    repository = defs.get_repository_def()
    return [
        (spec, assets_def.partitions_def)
        for assets_def in repository.assets_defs_by_key.values()
        for spec in assets_def.check_specs
    ]


def test_the_code_location_has_the_four_checks():
    assert {spec.name for spec, _ in _check_specs()} == {
        "seed_mapping_sla",
        "enough_cards",
        "cards_cite_evidence",
        "negative_icp",
    }


def test_every_check_is_partitioned_like_its_asset_by_tenant():
    for spec, asset_partitions in _check_specs():
        assert asset_partitions == tenants, spec.name
        assert spec.partitions_def == tenants, spec.name


def test_a_tenant_check_spec_is_defined_without_printing_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec = tenant_check_spec("a_check", asset="an_asset", description="It holds.")
    assert spec.partitions_def == tenants
