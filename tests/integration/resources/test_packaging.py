"""The package builds without setuptools warnings and ships every data file the code
reads (SSIC 2020, the integration catalogue, the demo's samples, the web UI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from icp_assets.settings import PROJECT_ROOT

SHIPPED = (
    "icp_assets/reference/data/ssic2020/ssic2020.csv",
    "icp_assets/reference/data/ssic2020/ssic2020_activities.csv",
    "icp_assets/reference/data/ssic2020/ssic2020_definitions.csv",
    "icp_assets/evidence/data/integrations.json",
    "icp_assets/demo/samples/demo_intake.json",
    "icp_assets/demo/samples/demo_register.csv",
    "icp_api/templates/suggestions.html",
    "icp_api/static/suggestions.js",
    "icp_api/static/app.css",
)


def test_the_package_builds_without_warnings_and_ships_the_data(tmp_path: Path):
    # setuptools' own build step, which is what copies packages and their data (and
    # warns about data outside the packages); no network, no build isolation.
    built = subprocess.run(
        [sys.executable, "setup.py", "build", "--build-base", str(tmp_path)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    output = built.stdout + built.stderr
    assert built.returncode == 0, output
    assert "absent from the `packages` configuration" not in output
    assert "Warning" not in output, output
    lib = tmp_path / "lib"
    shipped = {p.relative_to(lib).as_posix() for p in lib.rglob("*") if p.is_file()}
    assert set(SHIPPED) <= shipped
    assert not any("__pycache__" in name for name in shipped)
