"""The Dagster UI a user opens after `icp demo`: `icp dev` on the home the demo left, in
headless Chromium. The intake sensor's first tick finds the demo's intake already run
and requests nothing; the demo's fixture websites are served again for later crawls."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from icp_assets.settings import PROJECT_ROOT

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

ICP = str(Path(sys.executable).with_name("icp"))
CHROMIUM = shutil.which("chromium")
SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"

SENSOR_TICKS = """
query SensorTicks($selector: SensorSelector!) {
  sensorOrError(sensorSelector: $selector) {
    ... on Sensor {
      sensorState { status ticks(limit: 5) { status skipReason runIds } }
    }
  }
}
"""
SENSOR_RUNS = """
query SensorRuns($tag: RunsFilter!) {
  runsOrError(filter: $tag) { ... on Runs { results { runId tags { key value } } } }
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(base: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables})
    answer.raise_for_status()
    return answer.json()["data"]


@pytest.fixture
def demo_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A user's environment on a fresh embedded home, with `icp demo` run in it. The
    demo's terminal holds its report only: no warnings, no request or step log lines,
    which go to the log file it names."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ICP_", "DAGSTER_"))}
    env.update(ICP_HOME=str(tmp_path / "embedded"), ICP_CRAWL_DELAY_S="0")
    try:
        demo = subprocess.run([ICP, "demo"], env=env, capture_output=True, text=True, timeout=420)
        assert demo.returncode == 0, demo.stderr
        assert demo.stderr == ""
        log = tmp_path / "embedded" / "logs" / "demo.log"
        assert demo.stdout.startswith(f"The demo's details (requests, each step's log) go to {log}")
        details = log.read_text()
        assert "httpx HTTP Request: GET http://127.0.0.1:" in details
        assert "- dagster - INFO - tenant_pipeline -" in details
        assert "HTTP Request" not in demo.stdout and "- dagster -" not in demo.stdout
        yield env
    finally:
        subprocess.run([ICP, "db", "stop"], env=env, capture_output=True, timeout=60)


@pytest.fixture
def dagster_ui(demo_env: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`icp dev` on the demo's home; its base URL and the file its output goes to."""
    port = _free_port()
    output = tmp_path / "icp-dev.log"
    with output.open("w") as log:
        dev = subprocess.Popen(
            [ICP, "dev", "--port", str(port)],
            env=demo_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert dev.poll() is None, output.read_text()
            try:
                if httpx.get(f"{base}/server_info", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, output.read_text()
            time.sleep(1)
        yield base, output
    finally:
        os.killpg(dev.pid, signal.SIGTERM)
        try:
            dev.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(dev.pid, signal.SIGKILL)


def _first_intake_tick(base: str) -> dict[str, Any]:
    selector = {
        "repositoryLocationName": "icp_finder",
        "repositoryName": "__repository__",
        "sensorName": "intake_sensor",
    }
    deadline = time.monotonic() + 120
    while True:
        sensor = _graphql(base, SENSOR_TICKS, {"selector": selector})["sensorOrError"]
        ticks = [t for t in sensor["sensorState"]["ticks"] if t["status"] != "STARTED"]
        if ticks:
            return ticks[-1]
        assert time.monotonic() < deadline, "the intake sensor never ticked"
        time.sleep(2)


def test_the_dagster_ui_after_the_demo_requests_no_run_for_the_demos_intake(dagster_ui):
    if CHROMIUM is None:
        message = "Debian's chromium is not installed: run scripts/install-browser"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    base, output = dagster_ui

    tick = _first_intake_tick(base)
    assert tick["status"] == "SKIPPED" and tick["runIds"] == []
    assert "already run" in tick["skipReason"]
    by_sensor = _graphql(
        base,
        SENSOR_RUNS,
        {"tag": {"tags": [{"key": "dagster/sensor_name", "value": "intake_sensor"}]}},
    )["runsOrError"]["results"]
    assert by_sensor == []
    # The demo's own run carries its intake, which is why the sensor left it alone.
    demo_runs = _graphql(
        base, SENSOR_RUNS, {"tag": {"tags": [{"key": "icp/intake_id", "value": "1"}]}}
    )["runsOrError"]["results"]
    assert len(demo_runs) == 1
    assert {"key": "icp/trigger", "value": "cli"} in demo_runs[0]["tags"]
    assert "the demo's fixture websites on http://127.0.0.1:" in output.read_text()

    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = chromium.new_page(viewport={"width": 1366, "height": 768})
        # Dagster's first-visit dialog (community links, newsletter) covers the page.
        skip = page.get_by_role("button", name="Skip")
        page.add_locator_handler(skip, lambda button: button.click())
        page.goto(f"{base}/locations/icp_finder/sensors/intake_sensor")
        try:
            expect(page.get_by_text("0 runs requested").first).to_be_visible(timeout=60_000)
        finally:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "dagster-ui-intake-sensor.png"))
            (SCREENSHOTS / "dagster-ui-intake-sensor.txt").write_text(page.inner_text("body"))
        page.goto(f"{base}/runs")
        expect(page.get_by_text("tenant_pipeline").first).to_be_visible(timeout=60_000)
        expect(page.get_by_text("intake-1")).to_have_count(0)
        page.screenshot(path=str(SCREENSHOTS / "dagster-ui-runs.png"))
        chromium.close()
