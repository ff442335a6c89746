"""The nightly schedule evaluated as the daemon would, at one night's 02:00."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from icp_assets.automation.nightly import nightly_refresh
from icp_assets.definitions import defs

NIGHT = datetime(2026, 11, 25, 2, 0, tzinfo=ZoneInfo("Asia/Singapore"))


def schedule_requests(instance: dg.DagsterInstance) -> list[dg.RunRequest]:
    """The run requests of the schedule's tick at ``NIGHT``."""
    context = dg.build_schedule_context(
        instance=instance,
        repository_def=defs.get_repository_def(),
        scheduled_execution_time=NIGHT,
    )
    return list(nightly_refresh.evaluate_tick(context).run_requests or [])
