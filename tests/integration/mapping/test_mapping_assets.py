"""Stage mapping: company_map and acra_matches materialized in-process, the SLA check."""

from __future__ import annotations

import dagster as dg
import pytest
from sqlalchemy import text

from icp_assets.intake.assets import seeds
from icp_assets.intake.storage import save_intake
from icp_assets.mapping.assets import acra_matches, company_map
from icp_assets.partitions import tenants
from resources.warehouse import WarehouseResource


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(tenants.name, ["11", "12"])
        yield instance


def _run(instance, test_settings, key="11"):
    return dg.materialize(
        [seeds, company_map, acra_matches],
        partition_key=key,
        instance=instance,
        resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
    )


def _matches(warehouse, tenant=11):
    with warehouse.tenant_transaction(tenant) as conn:
        return {
            r.seed_name: r
            for r in conn.execute(
                text(
                    "SELECT m.*, c.primary_domain FROM acra_matches m "
                    "JOIN companies c ON c.id = m.company_id"
                )
            )
        }


def _sla(result):
    (evaluation,) = result.get_asset_check_evaluations()
    return evaluation


def test_mapping_finds_each_seeds_company_and_register_entity(
    warehouse, test_settings, instance, sample_register, sample_intake
):
    save_intake(warehouse, 11, "ops", sample_intake)
    result = _run(instance, test_settings)

    matches = _matches(warehouse)
    harbour = matches["Harbourline Logistics Pte. Ltd."]
    assert (harbour.uen, harbour.method, harbour.ambiguous) == ("201912345K", "exact", False)
    assert harbour.entity_status == "Live Company"  # not the struck-off namesake
    assert harbour.primary_ssic_code == "52101"
    assert harbour.primary_domain == "harbourline-logistics.sg"
    assert len(harbour.candidates) == 2
    assert matches["Kopi Corner F&B"].uen == "201800001M"
    assert matches["Orchid Retail Group"].uen == "201700004Q"
    assert matches["Sentosa Solo"].method == "none" and matches["Sentosa Solo"].uen is None
    assert matches["Pasir Panjang Print"].seed_kind == "lost"
    assert {
        "tenant_id",
        "seed_id",
        "seed_name",
        "uen",
        "matched_name",
        "score",
        "method",
        "ambiguous",
        "candidates",
    } <= set(harbour._fields)

    evaluation = _sla(result)
    assert evaluation.passed
    assert evaluation.metadata["total"].value == 5
    assert evaluation.metadata["resolved"].value == 5
    assert evaluation.metadata["rate"].value == 1.0


def test_ssic_evidence_cites_the_register_entity_for_every_accepted_match(
    warehouse, test_settings, instance, sample_register, sample_intake
):
    save_intake(warehouse, 11, "ops", sample_intake)
    _run(instance, test_settings)
    with warehouse.tenant_transaction(11) as conn:
        evidence = conn.execute(
            text(
                "SELECT e.*, m.uen AS matched_uen FROM icp_evidence e "
                "JOIN acra_matches m ON m.seed_id = e.seed_id WHERE e.signal_key = 'ssic'"
            )
        ).all()
    assert len(evidence) == 7  # 6 accepted matches, Harbourline has a secondary code
    for item in evidence:
        assert item.source == "acra" and item.company_id is not None
        assert item.details["uen"] == item.matched_uen
        assert item.details["title"] and item.details["matched_name"]
        assert item.value in item.snippet and len(item.snippet) <= 280
    secondary = [e for e in evidence if e.details["rank"] == "secondary"]
    assert [e.value for e in secondary] == ["49231"]


def test_the_sla_check_fails_with_its_metadata_when_seeds_are_absent(
    warehouse, test_settings, instance, sample_register, sample_intake
):
    sample_intake["best_customers"] = [
        {"name": f"Unknown Venture {i}", "website": f"unknown{i}.sg"} for i in range(4)
    ] + sample_intake["best_customers"][:1]
    save_intake(warehouse, 12, "ops", sample_intake)

    result = _run(instance, test_settings, key="12")

    assert result.success  # the check alerts, the tenant's pipeline goes on
    evaluation = _sla(result)
    assert not evaluation.passed
    metadata = {k: v.value for k, v in evaluation.metadata.items()}
    assert (metadata["total"], metadata["resolved"], metadata["rate"]) == (5, 1, 0.2)
    assert metadata["by_method"] == {"none": 4, "exact": 1}
    assert metadata["elapsed_s"] >= 0


def test_mapping_twice_leaves_the_same_rows_and_reuses_the_companies(
    warehouse, test_settings, instance, sample_register, sample_intake
):
    save_intake(warehouse, 11, "ops", sample_intake)
    _run(instance, test_settings)
    first = {k: (r.uen, r.company_id) for k, r in _matches(warehouse).items()}

    save_intake(warehouse, 11, "ops", sample_intake)  # a new intake, the same customers
    _run(instance, test_settings)

    assert {k: (r.uen, r.company_id) for k, r in _matches(warehouse).items()} == first
    with warehouse.tenant_transaction(11) as conn:
        companies = conn.execute(text("SELECT count(*) FROM companies")).scalar_one()
        by = conn.execute(text("SELECT DISTINCT matched_by FROM company_map")).scalars().all()
        evidence = conn.execute(text("SELECT count(*) FROM icp_evidence")).scalar_one()
    assert companies == 8
    assert set(by) == {"domain", "name"}  # the seed without a website is found by name
    assert evidence == 7


def test_a_confirmed_uen_on_the_company_is_the_domain_path(
    warehouse, test_settings, instance, sample_register, sample_intake
):
    save_intake(warehouse, 11, "ops", sample_intake)
    _run(instance, test_settings)
    with warehouse.tenant_transaction(11) as conn:
        conn.execute(
            text("UPDATE companies SET uen = '201700005R' WHERE primary_domain = 'orchidretail.sg'")
        )
    _run(instance, test_settings)
    orchid = _matches(warehouse)["Orchid Retail Group"]
    assert (orchid.uen, orchid.method, orchid.score) == ("201700005R", "domain", 1.0)


def test_mapping_one_tenant_leaves_another_tenants_matches_alone(
    warehouse, test_settings, instance, sample_register, sample_intake
):
    save_intake(warehouse, 11, "ops", sample_intake)
    save_intake(warehouse, 12, "ops", sample_intake)
    _run(instance, test_settings, "11")
    _run(instance, test_settings, "12")
    _run(instance, test_settings, "11")
    assert len(_matches(warehouse, 12)) == len(_matches(warehouse, 11)) == 8
