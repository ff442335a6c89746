"""Stage pattern_mining: `icp_patterns` over the fixture sites and the sample register,
and the cross-tenant view."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from icp_assets.intake.storage import save_intake
from icp_assets.pattern_mining.storage import refresh_cross_tenant_patterns


def _patterns(warehouse, tenant=41):
    with warehouse.tenant_transaction(tenant) as conn:
        return {
            (r.pattern_key, r.value): r
            for r in conn.execute(text("SELECT * FROM icp_patterns ORDER BY id"))
        }


def test_patterns_of_the_sample_tenant_cite_evidence_of_its_best_seeds(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 41, "ops", sample_intake)
    result = pipeline(41)
    assert result.success

    patterns = _patterns(warehouse)
    keys = {key for key, _ in patterns}
    assert {"ssic", "integration", "buyer_title", "location", "industry_served"} <= keys
    warehousing = patterns[("ssic", "52101")]
    assert warehousing.details["title"] == "General warehousing"
    assert 1 <= warehousing.support <= 5 and warehousing.share == warehousing.support / 5
    assert patterns[("location", "SG")].support >= 3

    cited = {i for p in patterns.values() for i in p.details["evidence_ids"]}
    with warehouse.tenant_transaction(41) as conn:
        rows = conn.execute(
            text(
                "SELECT e.id, s.kind FROM icp_evidence e JOIN seeds s ON s.seed_id = e.seed_id "
                "WHERE e.id = ANY(:ids)"
            ),
            {"ids": list(cited)},
        ).all()
    assert len(rows) == len(cited), "a pattern cites evidence that does not exist"
    assert {r.kind for r in rows} == {"best"}


def test_mining_twice_leaves_the_same_patterns(warehouse, pipeline, sample_register, sample_intake):
    save_intake(warehouse, 41, "ops", sample_intake)
    pipeline(41)
    first = {k: (r.support, r.share) for k, r in _patterns(warehouse).items()}
    pipeline(41)
    assert {k: (r.support, r.share) for k, r in _patterns(warehouse).items()} == first


def test_the_cross_tenant_view_refreshes_concurrently_and_only_the_owner_reads_it(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 41, "ops", sample_intake)
    save_intake(warehouse, 42, "ops", sample_intake)
    pipeline(41)
    pipeline(42)

    with warehouse.system_transaction() as conn:
        refresh_cross_tenant_patterns(conn)
    with warehouse.system_transaction() as conn:
        per_tenant = {
            r.tenant_id: r.count
            for r in conn.execute(
                text("SELECT tenant_id, count(*) FROM icp_patterns_all_tenants GROUP BY tenant_id")
            )
        }
    assert per_tenant == {41: len(_patterns(warehouse, 41)), 42: len(_patterns(warehouse, 42))}

    with (
        psycopg.connect(warehouse.urls.libpq("app")) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT count(*) FROM icp_patterns_all_tenants")
