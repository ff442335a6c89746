"""Two writers replacing one tenant's slice at once leave exactly one slice."""

from __future__ import annotations

import threading

from sqlalchemy import text

from icp_assets.pattern_mining.storage import REPLACE_PATTERNS
from resources.warehouse import replace_tenant_rows

TENANT = 41


def _rows(writer: str) -> list[dict]:
    return [
        {
            "tenant_id": TENANT,
            "pattern_key": f"{writer}-{i}",
            "value": "v",
            "support": 1,
            "share": 0.5,
            "details": "{}",
        }
        for i in range(3)
    ]


def test_a_second_writer_waits_and_replaces_the_first_ones_slice(warehouse):
    with warehouse.tenant_transaction(TENANT) as conn:
        replace_tenant_rows(conn, *REPLACE_PATTERNS, TENANT, _rows("before"))

    second_done = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with warehouse.tenant_transaction(TENANT) as conn:
                replace_tenant_rows(conn, *REPLACE_PATTERNS, TENANT, _rows("second"))
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            second_done.set()

    with warehouse.tenant_transaction(TENANT) as conn:
        replace_tenant_rows(conn, *REPLACE_PATTERNS, TENANT, _rows("first"))
        thread = threading.Thread(target=second_writer)
        thread.start()
        # The second writer is blocked while the first one's transaction is open.
        assert not second_done.wait(1.5)
    thread.join(30)
    assert errors == []

    with warehouse.tenant_transaction(TENANT) as conn:
        keys = conn.execute(
            text("SELECT pattern_key FROM icp_patterns WHERE tenant_id = :t ORDER BY 1"),
            {"t": TENANT},
        ).scalars()
        assert list(keys) == ["second-0", "second-1", "second-2"]
