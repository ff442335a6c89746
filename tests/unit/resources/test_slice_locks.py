"""Two writers of one tenant's slice are serialized: the instance queues a second run
of a partition, and every slice replacement takes a per-(tenant, table) lock first."""

from __future__ import annotations

import tempfile
from types import SimpleNamespace
from unittest.mock import MagicMock

import pytest
from dagster._core.instance.ref import InstanceRef
from dagster._utils.tags import TagConcurrencyLimitsCounter
from sqlalchemy import text

from icp_assets.evidence.storage import REPLACE_WEB_EVIDENCE
from icp_assets.intake.storage import REPLACE_SEEDS
from icp_assets.lookalikes.storage import delete_lists
from icp_assets.mapping.storage import (
    REPLACE_COMPANY_MAP,
    REPLACE_MATCHES,
    REPLACE_SITE_EVIDENCE,
    REPLACE_SITE_MATCHES,
    REPLACE_SSIC_EVIDENCE,
)
from icp_assets.pattern_mining.storage import REPLACE_PATTERNS
from icp_assets.settings import PROJECT_ROOT
from resources.warehouse import (
    LOCK_TENANT_SLICE,
    deleted_table,
    lock_tenant_slices,
    replace_tenant_rows,
)


def _statements(conn: MagicMock) -> list[tuple[str, object]]:
    return [(call.args[0].text, call.args[1]) for call in conn.execute.call_args_list]


@pytest.mark.parametrize(
    ("replace", "table"),
    [
        (REPLACE_SEEDS, "seeds"),
        (REPLACE_COMPANY_MAP, "company_map"),
        (REPLACE_MATCHES, "acra_matches"),
        (REPLACE_SSIC_EVIDENCE, "icp_evidence"),
        (REPLACE_SITE_MATCHES, "site_register_matches"),
        (REPLACE_SITE_EVIDENCE, "icp_evidence"),
        (REPLACE_WEB_EVIDENCE, "icp_evidence"),
        (REPLACE_PATTERNS, "icp_patterns"),
    ],
)
def test_every_stage_replacement_locks_its_tenant_and_table_before_the_delete(replace, table):
    conn = MagicMock()
    replace_tenant_rows(conn, *replace, 7, [{"tenant_id": 7}])
    statements = _statements(conn)
    assert statements[0] == (LOCK_TENANT_SLICE.text, {"slice": table, "tenant_id": 7})
    assert statements[1][0] == replace[0].text
    assert statements[2][0] == replace[1].text


def test_lookalike_lists_are_locked_before_they_are_deleted():
    conn = MagicMock()
    delete_lists(conn, 3)
    statements = _statements(conn)
    assert statements[:2] == [
        (LOCK_TENANT_SLICE.text, {"slice": "lookalike_lists", "tenant_id": 3}),
        (LOCK_TENANT_SLICE.text, {"slice": "lookalikes", "tenant_id": 3}),
    ]
    assert all(sql.startswith("DELETE") for sql, _ in statements[2:])


def test_tables_are_locked_once_each_in_name_order():
    conn = MagicMock()
    lock_tenant_slices(conn, 5, "crawled_pages", "crawled_domains", "crawled_pages")
    assert [params["slice"] for _, params in _statements(conn)] == [
        "crawled_domains",
        "crawled_pages",
    ]


def test_the_locked_table_is_read_from_the_delete():
    assert deleted_table(text("  delete from Icp_Evidence WHERE tenant_id = 1")) == "icp_evidence"
    with pytest.raises(ValueError, match="not a DELETE FROM"):
        deleted_table(text("UPDATE seeds SET x = 1"))


def _run(partition: str) -> SimpleNamespace:
    return SimpleNamespace(tags={"dagster/partition": partition})


def test_the_default_instance_queues_a_second_run_of_a_partition():
    ref = InstanceRef.from_dir(tempfile.mkdtemp(), config_dir=str(PROJECT_ROOT))
    assert ref.run_coordinator_data.class_name == "QueuedRunCoordinator"
    limits = ref.settings["concurrency"]["runs"]["tag_concurrency_limits"]
    counter = TagConcurrencyLimitsCounter(limits, [_run("7")])
    assert counter.is_blocked(_run("7"))
    assert not counter.is_blocked(_run("8"))
