"""The seed resolver: the API lists ambiguous and unmatched seeds, stores a person's
choice in one tenant transaction, and the resolution sensor re-runs the tenant's
mapping, which then takes the chosen UEN."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from icp_api.app import create_app
from icp_api.auth import issue_token
from icp_assets.automation.sensors import resolution_sensor
from icp_assets.intake.assets import seeds
from icp_assets.intake.storage import save_intake
from icp_assets.mapping.assets import acra_matches, company_map
from icp_assets.reference.loading import load_register_files
from resources.warehouse import WarehouseResource
from support.registers import SAMPLE_REGISTER, write_register

SECRET = "resolver-test-secret-0123456789abcdef-012"

# Tenants of this module only: the run's tests share one warehouse and Dagster storage.
TENANT_E2E, TENANT_VIEWER, TENANT_A, TENANT_B = 851, 852, 853, 854

TENANT_UEN, TENANT_AUDIT, TENANT_UNMAPPED, TENANT_LATE = 855, 856, 857, 858

MAPPING_ASSETS = [seeds, company_map, acra_matches]

MERIDIAN_SEED = "Meridian Trading"

# Two live entities of one normalized name: they score alike, so the seed is ambiguous.
MERIDIAN_COMPANY, MERIDIAN_FIRM = "201911111A", "53311111B"

MERIDIAN_ROWS = [
    (
        MERIDIAN_COMPANY,
        "MERIDIAN TRADING PTE. LTD.",
        "Local Company",
        "Live Company",
        "46900",
        "Wholesale trade of a variety of goods without a dominant product",
        "",
        "",
    ),
    (
        MERIDIAN_FIRM,
        "MERIDIAN TRADING",
        "Sole Proprietorship/ Partnership",
        "Live",
        "47199",
        "Other retail sale in non-specialised stores",
        "",
        "",
    ),
]


@pytest.fixture
def register(warehouse, tmp_path: Path) -> None:
    path = write_register(tmp_path / "register.csv", [*SAMPLE_REGISTER, *MERIDIAN_ROWS])
    load_register_files(warehouse, [path])


@pytest.fixture
def intake(sample_intake: dict) -> dict:
    sample_intake["best_customers"].append({"name": MERIDIAN_SEED, "website": "meridiantrading.sg"})
    return sample_intake


@dataclass
class Api:
    client: TestClient
    settings: Any

    def headers(self, tenant: int, role: str, subject: str = "ops@lumenledger.sg") -> dict:
        token = issue_token(self.settings, subject=subject, tenant_id=tenant, roles=[role])
        return {"Authorization": f"Bearer {token}"}

    def listing(self, tenant: int, role: str = "viewer") -> list[dict]:
        response = self.client.get("/icp/resolver", headers=self.headers(tenant, role))
        assert response.status_code == 200, response.text
        assert response.json()["tenant_id"] == tenant
        return response.json()["seeds"]

    def resolve(self, tenant: int, seed_id: int, uen: str, role: str = "ops", **claims):
        return self.client.post(
            f"/icp/resolver/{seed_id}",
            json={"uen": uen},
            headers=self.headers(tenant, role, **claims),
        )


@pytest.fixture
def api(test_settings, warehouse, pipeline) -> Iterator[Api]:
    settings = test_settings.model_copy(update={"jwt_secret": SECRET})
    app = create_app(settings, warehouse=warehouse, instance=pipeline.instance)
    with TestClient(app) as client:
        yield Api(client, settings)


@pytest.fixture
def mapped(warehouse, register, intake, pipeline):
    """Maps a tenant's intake (with the ambiguous Meridian seed) to the register; gives
    the Meridian seed's id."""

    def run(tenant: int) -> int:
        save_intake(warehouse, tenant, "ops", intake)
        assert pipeline(tenant, assets=MAPPING_ASSETS).success
        return _seed_id(warehouse, tenant, MERIDIAN_SEED)

    return run


def _seed_id(warehouse, tenant: int, name: str) -> int:
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(
            text("SELECT id FROM customer_seeds WHERE name = :name"), {"name": name}
        ).scalar_one()


def _stored(warehouse, tenant: int, seed_id: int) -> dict:
    """What the tenant has stored about the seed: its company's UEN, its resolutions,
    the audit entries about it and its register match."""
    with warehouse.tenant_transaction(tenant) as conn:
        company_uen = conn.execute(
            text(
                "SELECT c.uen FROM company_map m JOIN companies c ON c.id = m.company_id "
                "WHERE m.seed_id = :seed_id"
            ),
            {"seed_id": seed_id},
        ).scalar_one_or_none()
        resolutions = conn.execute(
            text("SELECT * FROM seed_resolutions WHERE seed_id = :seed_id ORDER BY id"),
            {"seed_id": seed_id},
        ).all()
        audit = conn.execute(
            text(
                "SELECT * FROM audit_log WHERE entity_type = 'seed' AND entity_id = :seed_id "
                "ORDER BY id"
            ),
            {"seed_id": str(seed_id)},
        ).all()
        match = conn.execute(
            text("SELECT * FROM acra_matches WHERE seed_id = :seed_id"), {"seed_id": seed_id}
        ).one_or_none()
    return {"company_uen": company_uen, "resolutions": resolutions, "audit": audit, "match": match}


def _entry(seeds_listed: list[dict], seed_id: int) -> dict:
    (entry,) = [s for s in seeds_listed if s["seed_id"] == seed_id]
    return entry


def _tick(instance, test_settings, cursor: str | None = None):
    """One evaluation of the resolution sensor: its run requests and the new cursor."""
    with dg.build_sensor_context(
        instance=instance,
        cursor=cursor,
        resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
    ) as context:
        result = resolution_sensor(context)
    if isinstance(result, dg.SkipReason):
        return [], cursor
    return result.run_requests, result.cursor


def test_a_picked_candidate_is_stored_rerun_and_taken_by_the_mapping(
    api, mapped, warehouse, pipeline, test_settings
):
    seed_id = mapped(TENANT_E2E)

    listed = api.listing(TENANT_E2E)
    entry = _entry(listed, seed_id)
    assert entry["status"] == "ambiguous"
    assert (entry["name"], entry["kind"], entry["domain"]) == (
        MERIDIAN_SEED,
        "best",
        "meridiantrading.sg",
    )
    candidates = [c["uen"] for c in entry["candidates"]]
    assert sorted(candidates) == sorted([MERIDIAN_COMPANY, MERIDIAN_FIRM])
    assert entry["current"]["uen"] == candidates[0]  # the proposed one, to confirm
    assert {"uen", "entity_name", "status", "primary_ssic_code", "score"} <= set(
        entry["candidates"][0]
    )
    # Ambiguous seeds first; the seeds the register lacks are listed as unmatched.
    statuses = [s["status"] for s in listed]
    assert statuses[0] == "ambiguous" and statuses == sorted(
        statuses, key=["ambiguous", "unmatched", "confirmed"].index
    )
    unmatched = {s["name"] for s in listed if s["status"] == "unmatched"}
    assert {"Changi Clinic", "Sentosa Solo"} <= unmatched
    assert "Harbourline Logistics Pte. Ltd." not in {s["name"] for s in listed}

    chosen = candidates[1]
    response = api.resolve(TENANT_E2E, seed_id, chosen.lower())
    assert response.status_code == 200, response.text
    body = response.json()
    (resolution,) = _stored(warehouse, TENANT_E2E, seed_id)["resolutions"]
    assert body == {
        "ok": True,
        "seed_id": seed_id,
        "uen": chosen,
        "entity_name": next(c["entity_name"] for c in entry["candidates"] if c["uen"] == chosen),
        "rerun_job_id": f"resolve-{resolution.id}",
    }
    # Confirmed at once, before the re-run: the person's choice is the seed's entity.
    pending = _entry(api.listing(TENANT_E2E), seed_id)
    assert pending["status"] == "confirmed" and pending["current"]["uen"] == chosen

    requests, cursor = _tick(pipeline.instance, test_settings)
    assert [(r.partition_key, r.run_key) for r in requests] == [
        (str(TENANT_E2E), body["rerun_job_id"])
    ]
    assert requests[0].tags == {"icp/trigger": "resolver", "icp/resolution_id": str(resolution.id)}
    again, _ = _tick(pipeline.instance, test_settings, cursor)
    assert again == []

    assert pipeline(TENANT_E2E, assets=MAPPING_ASSETS).success

    stored = _stored(warehouse, TENANT_E2E, seed_id)
    assert (stored["match"].uen, stored["match"].method, stored["match"].ambiguous) == (
        chosen,
        "domain",
        False,
    )
    confirmed = _entry(api.listing(TENANT_E2E), seed_id)
    assert confirmed["status"] == "confirmed"
    assert confirmed["current"] == {
        "uen": chosen,
        "entity_name": body["entity_name"],
        "score": 1.0,
        "reason": None,
        "url": None,
    }


def test_a_viewer_may_list_but_not_resolve_and_nothing_is_stored(api, mapped, warehouse):
    seed_id = mapped(TENANT_VIEWER)
    assert _entry(api.listing(TENANT_VIEWER, "viewer"), seed_id)["status"] == "ambiguous"

    response = api.resolve(TENANT_VIEWER, seed_id, MERIDIAN_FIRM, role="viewer")

    assert response.status_code == 403
    assert "ops or admin" in response.json()["detail"]
    stored = _stored(warehouse, TENANT_VIEWER, seed_id)
    assert stored["company_uen"] is None
    assert stored["resolutions"] == [] and stored["audit"] == []


def test_another_tenants_seed_is_not_found_and_left_unchanged(api, mapped, warehouse, intake):
    seed_id = mapped(TENANT_A)
    save_intake(warehouse, TENANT_B, "ops", intake)

    response = api.resolve(TENANT_B, seed_id, MERIDIAN_FIRM, role="admin")

    assert response.status_code == 404
    assert response.json()["detail"] == f"no seed {seed_id} for this tenant"
    assert seed_id not in {s["seed_id"] for s in api.listing(TENANT_B)}
    stored = _stored(warehouse, TENANT_A, seed_id)
    assert stored["company_uen"] is None
    assert stored["resolutions"] == [] and stored["audit"] == []
    assert _entry(api.listing(TENANT_A), seed_id)["status"] == "ambiguous"


def test_a_uen_the_register_lacks_or_that_is_malformed_is_refused(api, mapped, warehouse):
    seed_id = mapped(TENANT_UEN)

    missing = api.resolve(TENANT_UEN, seed_id, "209999999Z")
    malformed = api.resolve(TENANT_UEN, seed_id, "2019-1234")
    unknown_seed = api.resolve(TENANT_UEN, 987_654_321, MERIDIAN_FIRM)

    assert missing.status_code == 422
    assert missing.json()["detail"] == "UEN 209999999Z is not in the register"
    assert malformed.status_code == 422
    (error,) = malformed.json()["detail"]
    assert error["field"] == "uen" and "9 or 10 letters and digits" in error["message"]
    assert unknown_seed.status_code == 404
    stored = _stored(warehouse, TENANT_UEN, seed_id)
    assert stored["company_uen"] is None
    assert stored["resolutions"] == [] and stored["audit"] == []


def test_a_seed_before_its_mapping_ran_is_a_conflict(api, warehouse, register, intake):
    save_intake(warehouse, TENANT_UNMAPPED, "ops", intake)
    seed_id = _seed_id(warehouse, TENANT_UNMAPPED, MERIDIAN_SEED)

    response = api.resolve(TENANT_UNMAPPED, seed_id, MERIDIAN_FIRM)

    assert response.status_code == 409
    assert "mapping has not run" in response.json()["detail"]
    assert _stored(warehouse, TENANT_UNMAPPED, seed_id)["resolutions"] == []
    assert api.listing(TENANT_UNMAPPED) == []


def test_each_choice_is_audited_with_the_previous_and_the_new_uen(api, mapped, warehouse):
    seed_id = mapped(TENANT_AUDIT)

    first = api.resolve(TENANT_AUDIT, seed_id, MERIDIAN_COMPANY, subject="ana@lumenledger.sg")
    second = api.resolve(TENANT_AUDIT, seed_id, MERIDIAN_FIRM, subject="ben@lumenledger.sg")

    assert first.status_code == second.status_code == 200
    stored = _stored(warehouse, TENANT_AUDIT, seed_id)
    assert stored["company_uen"] == MERIDIAN_FIRM
    assert [(r.uen, r.previous_uen, r.decided_by) for r in stored["resolutions"]] == [
        (MERIDIAN_COMPANY, None, "ana@lumenledger.sg"),
        (MERIDIAN_FIRM, MERIDIAN_COMPANY, "ben@lumenledger.sg"),
    ]
    assert [
        (a.actor, a.action, a.entity_type, a.entity_id, a.tenant_id) for a in stored["audit"]
    ] == [
        ("ana@lumenledger.sg", "resolve_seed", "seed", str(seed_id), TENANT_AUDIT),
        ("ben@lumenledger.sg", "resolve_seed", "seed", str(seed_id), TENANT_AUDIT),
    ]
    details = stored["audit"][1].details
    assert (details["previous_uen"], details["uen"]) == (MERIDIAN_COMPANY, MERIDIAN_FIRM)
    assert details["entity_name"] == "MERIDIAN TRADING"
    assert details["resolution_id"] == stored["resolutions"][1].id
    assert second.json()["rerun_job_id"] == f"resolve-{stored['resolutions'][1].id}"


def _insert_uncommitted(conn: psycopg.Connection, tenant: int, seed_id: int) -> int:
    conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(tenant),))
    return conn.execute(
        "INSERT INTO seed_resolutions (tenant_id, seed_id, uen, decided_by) "
        "VALUES (%s, %s, %s, 'ops') RETURNING id",
        (tenant, seed_id, MERIDIAN_FIRM),
    ).fetchone()[0]


def test_a_resolution_committed_after_a_higher_id_is_not_skipped(
    warehouse, intake, pipeline, test_settings
):
    save_intake(warehouse, TENANT_LATE, "ops", intake)
    seed_id = _seed_id(warehouse, TENANT_LATE, MERIDIAN_SEED)
    slow = psycopg.connect(warehouse.urls.libpq("app"))
    fast = psycopg.connect(warehouse.urls.libpq("app"))
    try:
        low_id = _insert_uncommitted(slow, TENANT_LATE, seed_id)
        high_id = _insert_uncommitted(fast, TENANT_LATE, seed_id)
        assert low_id < high_id
        fast.commit()

        requests, cursor = _tick(pipeline.instance, test_settings)
        assert [r.run_key for r in requests] == [f"resolve-{high_id}"]

        slow.commit()
        requests, cursor = _tick(pipeline.instance, test_settings, cursor)
        assert [r.run_key for r in requests] == [f"resolve-{low_id}"]
        assert requests[0].partition_key == str(TENANT_LATE)

        requests, _ = _tick(pipeline.instance, test_settings, cursor)
        assert requests == []
    finally:
        slow.close()
        fast.close()
