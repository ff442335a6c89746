"""Which rows of a table a sensor tick has not requested yet, committed in any order.

Pure: the sensor reads the rows and the snapshot; this module decides. The intake
sensor uses it for ``icp_intake_responses``, the resolution sensor for
``seed_resolutions``: any table with an id, a tenant and its inserting transaction.

Ids are handed out when rows are inserted, not when they commit, so a row with a lower
id can become visible after a higher one: a cursor of "the highest id seen" would skip
it. The cursor instead keeps a transaction horizon, the ``xmin`` of the snapshot it
last read: every transaction below it had finished, so every row it wrote was visible
then and has been seen. Rows at or above the horizon are re-read each tick and told
apart by the ids already requested.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class XidRow:
    """A row a sensor requests a run for: its id, its tenant and the transaction that
    inserted it."""

    row_id: int
    tenant_id: int
    created_xid: int


class IntakeRow(XidRow):
    """A row of ``icp_intake_responses``."""

    @property
    def intake_id(self) -> int:
        return self.row_id


class ResolutionRow(XidRow):
    """A row of ``seed_resolutions``."""

    @property
    def resolution_id(self) -> int:
        return self.row_id


RowT = TypeVar("RowT", bound=XidRow)


@dataclass(frozen=True)
class XidCursor:
    """What a sensor stores between ticks: the transaction horizon and the ids at or
    above it that were already requested."""

    horizon_xid: int = 0
    requested_ids: frozenset[int] = frozenset()

    def serialize(self) -> str:
        return json.dumps(
            {"horizon_xid": self.horizon_xid, "requested": sorted(self.requested_ids)}
        )

    @classmethod
    def parse(cls, value: str | None) -> XidCursor:
        if not value:
            return cls()
        data = json.loads(value)
        return cls(int(data["horizon_xid"]), frozenset(int(i) for i in data["requested"]))


def advance(
    cursor: XidCursor, visible: Sequence[RowT], snapshot_xmin: int
) -> tuple[list[RowT], XidCursor]:
    """The rows to request now and the cursor to store.

    Args:
        cursor: the cursor the previous tick stored.
        visible: the rows with ``created_xid >= cursor.horizon_xid`` that the snapshot sees.
        snapshot_xmin: that snapshot's xmin, read in the same statement as ``visible``.
    """
    new = sorted(
        (row for row in visible if row.row_id not in cursor.requested_ids),
        key=lambda row: row.row_id,
    )
    still_open = frozenset(row.row_id for row in visible if row.created_xid >= snapshot_xmin)
    horizon = max(cursor.horizon_xid, snapshot_xmin)
    return new, XidCursor(horizon_xid=horizon, requested_ids=still_open)
