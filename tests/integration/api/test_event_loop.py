"""The API's database work stays off the event loop: with intakes waiting on the
database, a real server on loopback still answers ``/healthz`` at once."""

from __future__ import annotations

import inspect
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import httpx
import psycopg
import pytest
import uvicorn
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from icp_api.app import create_app
from icp_api.auth import issue_token

TENANT = 741
SECRET = "event-loop-test-secret-0123456789abcdef"
SLOW_INTAKES = 4
HEALTHZ_WITHIN_S = 0.1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(test_settings, warehouse) -> Iterator[tuple[str, str]]:
    """A uvicorn server of the app on loopback, on the run's warehouse; its origin and
    an ops token of TENANT."""
    settings = test_settings.model_copy(
        update={"jwt_secret": SECRET, "api_intake_rate_limit": "1000/minute"}
    )
    token = issue_token(settings, subject="ops@acme.sg", tenant_id=TENANT, roles=["ops"])
    with dg.instance_for_test() as instance:
        app = create_app(settings, warehouse=warehouse, instance=instance)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}", token
        finally:
            server.should_exit = True
            thread.join(timeout=15)


def test_healthz_answers_within_100_ms_while_intakes_wait_on_the_database(
    served, warehouse, sample_intake
):
    origin, token = served
    headers = {"Authorization": f"Bearer {token}"}
    with (
        psycopg.connect(warehouse.urls.libpq("owner")) as blocker,
        httpx.Client(base_url=origin, timeout=30) as client,
        ThreadPoolExecutor(SLOW_INTAKES) as pool,
    ):
        # Every intake's INSERT waits on this lock until the blocker's transaction ends.
        blocker.execute("LOCK TABLE icp_intake_responses IN EXCLUSIVE MODE")
        try:
            intakes = [
                pool.submit(client.post, "/icp/intake", json=sample_intake, headers=headers)
                for _ in range(SLOW_INTAKES)
            ]
            _wait_until_waiting_on_the_lock(blocker)
            assert not any(intake.done() for intake in intakes)
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                response = client.get("/healthz", timeout=2 * HEALTHZ_WITHIN_S)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200
        finally:
            blocker.rollback()
        assert [intake.result().status_code for intake in intakes] == [202] * SLOW_INTAKES
    assert max(timings) < HEALTHZ_WITHIN_S, timings


def _wait_until_waiting_on_the_lock(conn: psycopg.Connection) -> None:
    """Until an intake's save waits on the lock, and a moment more for the others."""
    deadline = time.monotonic() + 15
    while not conn.execute(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
    ).fetchone()[0]:
        assert time.monotonic() < deadline, "no intake reached the database"
        time.sleep(0.05)
    time.sleep(0.3)


def test_no_route_of_the_api_is_a_coroutine_function(test_settings, warehouse):
    """A coroutine route runs on the event loop: any blocking call in it stalls the server."""
    settings = test_settings.model_copy(update={"jwt_secret": SECRET})
    with dg.instance_for_test() as instance:
        app = create_app(settings, warehouse=warehouse, instance=instance)
    routes = list(_api_routes(app.routes))
    assert len(routes) >= 10
    assert [r.path for r in routes if inspect.iscoroutinefunction(r.endpoint)] == []


def _api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """Every APIRoute, within included routers too (FastAPI keeps the router it includes
    as ``original_router``)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _api_routes(inner.routes)
