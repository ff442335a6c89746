"""Stage lookalikes: each card's ranked list after a whole pipeline run over the fixture
sites and the sample register, read through the CLI and the API (roles, tenants, CSV)."""

from __future__ import annotations

import csv
import io
import json

import dagster as dg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from icp_api.app import create_app
from icp_api.auth import issue_token
from icp_assets.intake.storage import save_intake
from icp_assets.lookalikes.export import CSV_COLUMNS
from icp_assets.lookalikes.scoring import MAX_POINTS
from icp_assets.suggestions.generations import latest_generation
from support.cards import add_register_companies

TENANT, OTHER = 61, 62
SECRET = "lookalike-test-secret-0123456789abcdef-012345"


@pytest.fixture
def ranked(warehouse, pipeline, sample_register, sample_intake):
    """Tenant 61 run end to end, with 28 more live companies in its seeds' industries."""
    add_register_companies(
        warehouse,
        [(f"2023{i:05d}W", ("52101", "56111", "47109", "52292")[i % 4], None) for i in range(28)],
    )
    save_intake(warehouse, TENANT, "ops", sample_intake)
    result = pipeline(TENANT)
    assert result.success
    return warehouse, result


def lists(warehouse, tenant=TENANT):
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(text("SELECT * FROM lookalikes ORDER BY suggestion_id, rank")).all()


def test_every_card_gets_a_ranked_list_without_the_tenants_own_companies(ranked):
    warehouse, result = ranked
    rows = lists(warehouse)
    with warehouse.tenant_transaction(TENANT) as conn:
        generation = latest_generation(conn, TENANT)
        own = set(conn.execute(text("SELECT uen FROM seed_register_matches")).scalars())
    assert own and rows
    assert {r.suggestion_id for r in rows} == set(generation.suggestion_ids)
    assert not own & {r.uen for r in rows}
    for card in generation.cards:
        mine = [r for r in rows if r.suggestion_id == card["id"]]
        assert [r.rank for r in mine] == list(range(1, len(mine) + 1))
        assert [r.score for r in mine] == sorted((r.score for r in mine), reverse=True)
        covered = {s["name"] for s in card["covered_seeds"]}
        for row in mine:
            assert row.closest_seed in covered
            assert row.score == pytest.approx(100 * sum(row.points.values()) / MAX_POINTS, abs=0.2)
            assert row.reasons
    metadata = result.asset_materializations_for_node("lookalikes")[0].metadata
    assert metadata["companies"].value == len(rows)
    assert "closest seed" in metadata["top_10_per_card"].value


def test_an_excluded_company_leaves_every_list_on_the_next_run(ranked, pipeline):
    warehouse, _ = ranked
    from icp_assets.lookalikes.assets import lookalikes

    first = lists(warehouse)[0]
    with warehouse.tenant_transaction(TENANT) as conn:
        conn.execute(
            text(
                "INSERT INTO icp_exclusions (tenant_id, kind, value, created_by) "
                "VALUES (:t, 'company', :uen, 'ops')"
            ),
            {"t": TENANT, "uen": first.uen},
        )
    assert pipeline(TENANT, [lookalikes]).success
    assert first.uen not in {r.uen for r in lists(warehouse)}


@pytest.fixture
def cli(ranked):
    from icp_assets.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_icp_lookalikes_prints_a_table_json_and_the_crm_csv(cli, ranked):
    warehouse, _ = ranked
    with warehouse.tenant_transaction(TENANT) as conn:
        top = latest_generation(conn, TENANT).cards[0]
    table = cli("lookalikes", "--tenant", str(TENANT), "--limit", "5")
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith(f"{top['title']} ({top['id']})")
    assert "closest seed" in table.stdout

    as_json = cli("lookalikes", "-t", str(TENANT), "-s", top["id"], "-n", "3", "-f", "json")
    data = json.loads(as_json.stdout)
    assert data["suggestion_id"] == top["id"] and len(data["lookalikes"]) == 3
    assert set(data["lookalikes"][0]["points"]) >= {"ssic", "age", "activity_text"}

    as_csv = cli("lookalikes", "-t", str(TENANT), "-n", "4", "--format", "csv")
    read = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert read[0] == [header for _, header in CSV_COLUMNS]
    assert len(read) == 5 and all(len(row) == len(CSV_COLUMNS) for row in read)
    assert read[1][1] == data["lookalikes"][0]["uen"]

    unknown = cli("lookalikes", "--tenant", str(TENANT), "--suggestion", "nope-1")
    assert unknown.exit_code == 2 and "'nope-1'" in unknown.output
    nothing = cli("lookalikes", "--tenant", str(OTHER))
    assert nothing.exit_code == 2 and "no suggestion cards" in nothing.output


@pytest.fixture
def client(test_settings, ranked):
    warehouse, _ = ranked
    settings = test_settings.model_copy(update={"jwt_secret": SECRET})
    with (
        dg.instance_for_test() as instance,
        TestClient(create_app(settings, warehouse=warehouse, instance=instance)) as client,
    ):

        def headers(tenant: int, *roles: str, **extra: str) -> dict[str, str]:
            token = issue_token(settings, subject="u@x", tenant_id=tenant, roles=roles)
            return {"Authorization": f"Bearer {token}", **extra}

        client.headers_for = headers
        yield client


def test_the_api_serves_viewers_json_and_csv_and_no_other_tenant(client):
    viewer = client.headers_for(TENANT, "viewer")
    response = client.get("/icp/lookalikes?limit=2", headers=viewer)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["lookalikes"]) == 2 and body["lookalikes"][0]["rank"] == 1
    assert body["generation_id"] is not None

    as_csv = client.get(
        f"/icp/lookalikes?suggestion_id={body['suggestion_id']}&limit=3",
        headers={**viewer, "Accept": "text/csv"},
    )
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0][:3] == ["Rank", "UEN", "Name"] and len(rows) == 4

    # Another tenant's token sees no such card; no token is refused.
    other = client.get(
        f"/icp/lookalikes?suggestion_id={body['suggestion_id']}",
        headers=client.headers_for(OTHER, "admin"),
    )
    assert other.status_code == 404
    assert client.get("/icp/lookalikes").status_code == 401
    assert client.get("/icp/lookalikes?limit=0", headers=viewer).status_code == 422


def test_a_segment_with_nobody_beyond_the_tenants_own_says_so(
    warehouse, pipeline, sample_register, sample_intake
):
    from icp_assets.cli import app

    save_intake(warehouse, OTHER, "ops", sample_intake)
    assert pipeline(OTHER).success
    assert lists(warehouse, OTHER) == []  # the sample register holds only the seeds
    shown = CliRunner().invoke(app, ["lookalikes", "--tenant", str(OTHER)])
    assert shown.exit_code == 0, shown.output
    assert "no live register company in this card's segment" in shown.stdout
    with warehouse.tenant_transaction(OTHER) as conn:
        recorded = conn.execute(text("SELECT ranked FROM lookalike_lists")).scalars().all()
    assert recorded and set(recorded) == {0}
