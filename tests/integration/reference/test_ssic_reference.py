"""SSIC 2020 reference data: read from the project's copy and loaded idempotently."""

from __future__ import annotations

from sqlalchemy import text

from icp_assets.reference.loading import load_ssic_reference


def test_loading_the_reference_twice_leaves_one_copy(warehouse):
    load_ssic_reference(warehouse)
    load_ssic_reference(warehouse)
    with warehouse.system_transaction() as conn:
        codes = conn.execute(text("SELECT count(*) FROM ssic_ref")).scalar_one()
        activities = conn.execute(text("SELECT count(*) FROM ssic_activities")).scalar_one()
    assert (codes, activities) == (1711, 5821)
