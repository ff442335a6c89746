"""The code location loads, validates and wires what the design names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from icp_assets.definitions import defs


def test_definitions_load_with_every_asset_job_and_sensor():
    dg.Definitions.validate_loadable(defs)
    repository = defs.get_repository_def()
    assert {"seeds", "ssic_codes"} <= {
        k.to_user_string() for k in repository.asset_graph.get_all_asset_keys()
    }
    assert defs.resolve_job_def("tenant_pipeline").partitions_def.name == "tenants"
    assert defs.resolve_sensor_def("intake_sensor").job_name == "tenant_pipeline"


def test_dagster_definitions_validate_passes_on_the_workspace(project_root: Path, tmp_path: Path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dagster")),
            "definitions",
            "validate",
            "-w",
            "workspace.yaml",
        ],
        cwd=project_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
