"""The SSRF guard: which addresses, URLs and connections the crawler may reach."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import httpcore
import httpx
import pytest

from resources.crawler.address_guard import (
    GuardedNetworkBackend,
    RefusedAddressError,
    install_network_backend,
)


class CountingListener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


@pytest.fixture
def listener() -> Iterator[CountingListener]:
    running = CountingListener()
    yield running
    running.sock.close()


def _client(backend: GuardedNetworkBackend) -> httpx.AsyncClient:
    transport = install_network_backend(httpx.AsyncHTTPTransport(), backend)
    return httpx.AsyncClient(transport=transport, trust_env=False)


async def _get(backend: GuardedNetworkBackend, url: str) -> httpx.Response:
    async with _client(backend) as client:
        return await client.get(url)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_guarded_transport_refuses_loopback_before_connecting(
    listener: CountingListener, host: str
) -> None:
    with pytest.raises(RefusedAddressError):
        asyncio.run(_get(GuardedNetworkBackend(), f"http://{host}:{listener.port}/"))
    assert listener.accepted == 0


def test_guarded_transport_connects_to_a_trusted_origin_only(listener: CountingListener) -> None:
    backend = GuardedNetworkBackend(trusted_origins={("127.0.0.1", listener.port)})

    response = asyncio.run(_get(backend, f"http://127.0.0.1:{listener.port}/"))
    assert response.text == "ok"
    with pytest.raises(RefusedAddressError):
        asyncio.run(_get(backend, f"http://localhost:{listener.port}/"))
    assert listener.accepted == 1


def test_backend_connects_to_the_checked_address_not_the_name() -> None:
    connected: list[str] = []

    class RecordingBackend(httpcore.AsyncNetworkBackend):
        async def connect_tcp(self, host: str, port: int, **kwargs: object) -> None:  # type: ignore[override]
            connected.append(host)
            raise httpcore.ConnectError("recorded")

    backend = GuardedNetworkBackend(trusted_origins={("localhost", 9)}, inner=RecordingBackend())
    with pytest.raises(httpcore.ConnectError):
        asyncio.run(backend.connect_tcp("localhost", 9))
    assert connected and all(address in ("127.0.0.1", "::1") for address in connected)
