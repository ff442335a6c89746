"""Runs executed in-process by `icp run` die with their process: a killed run stays
STARTED on the instance and keeps its concurrency-pool slots (run monitoring reaches
only runs launched through the run launcher). Each such run is tagged with its host
and process id, so a later `icp run` can tell a dead run from a live one and release
it."""

from __future__ import annotations

import os
import socket

import dagster as dg

HOST_TAG = "icp/host"
PID_TAG = "icp/pid"


def process_tags() -> dict[str, str]:
    """Tags naming the process that executes a run in-process."""
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())}


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_orphaned_runs(instance: dg.DagsterInstance, partition_key: str) -> list[str]:
    """Mark failed the partition's STARTED runs whose process on this host is gone, and
    free their pool slots. Returns their run ids. Runs of other hosts are left alone:
    their processes cannot be checked from here."""
    host = socket.gethostname()
    released = []
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED],
            tags={"dagster/partition": partition_key, HOST_TAG: host},
        )
    )
    for run in runs:
        pid = run.tags.get(PID_TAG, "")
        if not pid.isdigit() or _process_alive(int(pid)):
            continue
        instance.report_run_failed(run, message=f"process {pid} on {host} died during the run")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released
