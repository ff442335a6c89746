"""Small real HTTP servers on 127.0.0.1 for tests: a path -> reply table, every request
logged."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str | None = HTML
    headers: Mapping[str, str] = field(default_factory=dict)
    #: Sent in pieces without Content-Length, ``chunk_pause`` seconds apart.
    stream: Iterable[bytes] | None = None
    chunk_pause: float = 0.0
    wait: float = 0.0


@dataclass(frozen=True)
class Logged:
    path: str
    host: str
    headers: Mapping[str, str]
    at: float


Route = Reply | Callable[[Logged], Reply]


def page(*links: str | tuple[str, str], title: str = "A page") -> str:
    anchors = "".join(
        f'<a href="{link}">{link}</a>'
        if isinstance(link, str)
        else f'<a href="{link[0]}">{link[1]}</a>'
        for link in links
    )
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{anchors}</body></html>"


class QuietHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A kept-alive connection the crawler closes shows up here as a reset: expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LoopbackSite:
    """A threaded HTTP server on 127.0.0.1 answering from a path -> Reply table and
    logging every request (path, Host, headers, time)."""

    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes = dict(routes)
        self.log: list[Logged] = []
        self.stream_bytes_sent = 0
        self.stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                logged = Logged(
                    self.path,
                    self.headers.get("Host", ""),
                    {k.lower(): v for k, v in self.headers.items()},
                    time.monotonic(),
                )
                site.log.append(logged)
                route = site.routes.get(self.path)
                if route is None:
                    reply = Reply(404, page(title="Not found"))
                else:
                    reply = route(logged) if callable(route) else route
                if reply.wait:
                    site.stop.wait(reply.wait)
                # The crawler hangs up on purpose (byte cap, deadline): not an error here.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.stream is not None:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for chunk in reply.stream:
                        if site.stop.is_set():
                            return
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        site.stream_bytes_sent += len(chunk)
                        if reply.chunk_pause:
                            site.stop.wait(reply.chunk_pause)
                    self.close_connection = True
                    return
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = QuietHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def paths(self, host: str | None = None) -> list[str]:
        return [r.path for r in self.log if host is None or r.host == host]

    def page_paths(self) -> list[str]:
        """Requested paths other than robots.txt and sitemaps."""
        return [p for p in self.paths() if p != "/robots.txt" and "sitemap" not in p]
