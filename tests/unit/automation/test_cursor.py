"""The intake sensor: every intake row requested once, whatever order commits come in."""

from __future__ import annotations

from icp_assets.automation.cursor import IntakeRow, XidCursor, advance


def test_advance_keeps_rows_above_the_horizon_until_it_passes_them():
    cursor = XidCursor()
    rows = [IntakeRow(1, 1, 100), IntakeRow(2, 1, 105)]

    new, cursor = advance(cursor, rows, snapshot_xmin=103)
    assert [r.intake_id for r in new] == [1, 2]
    assert cursor == XidCursor(103, frozenset({2}))

    new, cursor = advance(cursor, [rows[1], IntakeRow(0, 2, 103)], snapshot_xmin=110)
    assert [r.intake_id for r in new] == [0]
    assert cursor == XidCursor(110, frozenset())


def test_the_cursor_survives_serialization():
    cursor = XidCursor(42, frozenset({3, 1}))
    assert XidCursor.parse(cursor.serialize()) == cursor
    assert XidCursor.parse(None) == XidCursor()
