"""Journey 4 without adopting a card: a tenant excludes SSIC codes and named companies
(`icp exclude`, audited), re-runs `icp_patterns` and `suggestions`, and the new cards
and their sizing honour the exclusions."""

from __future__ import annotations

import json

import dagster as dg
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from icp_assets.intake.storage import save_intake
from icp_assets.normalize import normalize_company_name
from icp_assets.suggestions.exclusions import add_exclusions, parse_exclusions
from icp_assets.suggestions.generations import (
    compare_generations,
    latest_generation,
    previous_generation,
)

TENANT, OTHER_TENANT = 61, 62
RERUN_KEYS = {dg.AssetKey("icp_patterns"), dg.AssetKey("suggestions")}


@pytest.fixture
def cli(test_settings):
    from icp_assets.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def _audit(warehouse, tenant: int) -> list:
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(
            text(
                "SELECT actor, action, details FROM audit_log "
                "WHERE entity_type = 'exclusion' ORDER BY id"
            )
        ).all()


def _generations(warehouse, tenant: int):
    with warehouse.tenant_transaction(tenant) as conn:
        return latest_generation(conn, tenant), previous_generation(conn, tenant)


def test_icp_exclude_stores_lists_and_removes_exclusions_audited(cli, warehouse):
    added = cli(
        "exclude", "--tenant", str(TENANT), "--ssic", "56", "--ssic", "4711",
        "--company", "Kopi Corner Pte. Ltd.", "--reason", "anti-ICP", "--user", "ops@x", "--json",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    data = json.loads(added.stdout)
    assert [(e["kind"], e["value"]) for e in data["exclusions"]] == [
        ("company", "kopi corner"),
        ("ssic", "4711"),
        ("ssic", "56"),
    ]
    again = cli("exclude", "--tenant", str(TENANT), "--ssic", "56", "--json")
    assert json.loads(again.stdout)["added"] == []

    [entry] = _audit(warehouse, TENANT)
    assert (entry.actor, entry.action, entry.details["reason"]) == (
        "ops@x",
        "add_exclusions",
        "anti-ICP",
    )
    assert {e["label"] for e in entry.details["added"]} == {"56", "4711", "Kopi Corner Pte. Ltd."}

    first = data["exclusions"][0]["id"]
    removed = cli("exclude", "--tenant", str(TENANT), "--remove", str(first), "--user", "ops@x")
    assert removed.exit_code == 0, removed.output
    assert "Kopi Corner" not in removed.stdout and "4711" in removed.stdout
    assert _audit(warehouse, TENANT)[-1].action == "remove_exclusion"
    # Another tenant sees none of it.
    assert "excludes nothing" in cli("exclude", "--tenant", str(OTHER_TENANT)).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--ssic", "5a"), "ssic: '5a' is not an SSIC code or prefix (1 to 5 digits)"),
        (("--ssic", "123456"), "ssic: '123456' is not an SSIC code or prefix"),
        (("--company", "  "), "companies: an empty company name"),
        (("--remove", "999999"), "no exclusion 999999 for tenant"),
    ],
)
def test_icp_exclude_refuses_what_is_not_a_code_or_a_company_naming_it(
    cli, warehouse, args, message
):
    result = cli("exclude", "--tenant", str(TENANT), *args)
    assert result.exit_code == 2
    assert message in result.output
    with warehouse.tenant_transaction(TENANT) as conn:
        assert conn.execute(text("SELECT count(*) FROM icp_exclusions")).scalar() == 0


def _add_register_companies(warehouse, code: str, count: int) -> None:
    with warehouse.system_transaction() as conn:
        conn.execute(
            text(
                "INSERT INTO staging_acra_companies (uen, entity_name, normalized_name, "
                "entity_status_description, primary_ssic_code, registration_incorporation_date) "
                "VALUES (:uen, :name, :normalized, 'Live Company', :code, DATE '2015-06-01')"
            ),
            [
                {
                    "uen": f"20159{index:04d}Z",
                    "name": f"Harbour Freight {index} Pte. Ltd.",
                    "normalized": normalize_company_name(f"Harbour Freight {index} Pte. Ltd."),
                    "code": code,
                }
                for index in range(count)
            ],
        )


def test_a_rerun_of_patterns_and_suggestions_honours_the_exclusions(
    warehouse, pipeline, sample_register, sample_intake
):
    from icp_assets.automation.jobs import TENANT_ASSETS

    rerun = [a for a in TENANT_ASSETS if a.key in RERUN_KEYS]
    save_intake(warehouse, TENANT, "ops", sample_intake)
    assert pipeline(TENANT).success
    first = _generations(warehouse, TENANT)[0].cards[0]
    codes = list(first["ssic_cluster"])
    _add_register_companies(warehouse, first["targeting_pack"]["ssic_filters"][0], 6)
    assert pipeline(TENANT, assets=rerun).success
    sized = _generations(warehouse, TENANT)[0].cards[0]
    assert sized["id"] == first["id"] and sized["acra_total"] >= 6
    by_uen, by_name = sized["acra_samples"][0]["uen"], sized["acra_samples"][1]["entity_name"]

    # Two named companies: out of the counts and the samples on the next run.
    with warehouse.tenant_transaction(TENANT) as conn:
        add_exclusions(conn, TENANT, parse_exclusions((), [by_uen, by_name]), "ops@x")
    assert pipeline(TENANT, assets=rerun).success
    resized = _generations(warehouse, TENANT)[0].cards[0]
    assert resized["id"] == first["id"]
    assert resized["acra_total"] == sized["acra_total"] - 2
    samples = {(s["uen"], s["entity_name"]) for s in resized["acra_samples"]}
    assert by_uen not in {u for u, _ in samples} and by_name not in {n for _, n in samples}

    # The card's industry: no card inside it on the next run, and the comparison says so.
    with warehouse.tenant_transaction(TENANT) as conn:
        add_exclusions(conn, TENANT, parse_exclusions(codes), "ops@x", "not our market")
    assert pipeline(TENANT, assets=rerun).success
    latest, previous = _generations(warehouse, TENANT)
    comparison = compare_generations(list(previous.cards), list(latest.cards))
    assert first["id"] in comparison["removed"]
    for card in latest.cards:
        cluster = card["ssic_cluster"]
        assert not (cluster and all(any(c.startswith(x) for x in codes) for c in cluster))
