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


class _RecordingBackend(httpcore.AsyncNetworkBackend):
    """An inner backend that records where it was asked to connect and never connects."""

    def __init__(self) -> None:
        self.connected: list[str] = []

    async def connect_tcp(self, host: str, port: int, **kwargs: object) -> None:  # type: ignore[override]
        self.connected.append(host)
        raise httpcore.ConnectError("recorded")


IPV4_TRANSLATED_INTERNAL = [
    "::ffff:0:a9fe:a9fe",  # SIIT form of 169.254.169.254
    "::ffff:0:7f00:1",  # SIIT form of 127.0.0.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo client 127.0.0.1
    "2a00:1450::5efe:a9fe:a9fe",  # ISATAP of 169.254.169.254
]


@pytest.mark.parametrize("address", IPV4_TRANSLATED_INTERNAL)
def test_ipv6_literal_embedding_an_internal_ipv4_address_is_never_connected(
    address: str,
) -> None:
    inner = _RecordingBackend()
    with pytest.raises(RefusedAddressError, match="of (169.254.169.254|127.0.0.1)"):
        asyncio.run(_get(GuardedNetworkBackend(inner=inner), f"http://[{address}]/"))
    assert inner.connected == []


@pytest.mark.parametrize("address", IPV4_TRANSLATED_INTERNAL)
def test_host_resolving_to_an_ipv6_form_of_an_internal_address_is_never_connected(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def answer(host: str, *args: object, **kwargs: object) -> list[tuple]:
        if host == "translated.example":
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, 80, 0, 0))]
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", answer)
    inner = _RecordingBackend()
    with pytest.raises(RefusedAddressError, match=f"resolves to {address}"):
        asyncio.run(_get(GuardedNetworkBackend(inner=inner), "http://translated.example/"))
    assert inner.connected == []
