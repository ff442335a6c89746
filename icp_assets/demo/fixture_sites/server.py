"""One loopback HTTP server for every fixture site, picking the site by ``Host``.

    with FixtureWebServer(slow_seconds=0.5) as server:
        os.environ["ICP_CRAWL_HOST_MAP"] = server.host_map()
        ...
        server.requests_for("lumenledger.sg")

Pages carry a strong ETag and a fixed Last-Modified and are answered with 304 to a
matching conditional request. Every request is logged (host, method, path, User-Agent,
conditional headers, status) for tests to assert on.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from icp_assets.demo.fixture_sites.site_model import TEXT_TYPE, FixtureRequest, FixtureResponse
from icp_assets.demo.fixture_sites.sites import SITES, site_for_host

#: Every page's Last-Modified: fixed, so conditional requests are reproducible.
LAST_MODIFIED = datetime(2024, 6, 3, 8, 0, 0, tzinfo=UTC)
LAST_MODIFIED_HEADER = format_datetime(LAST_MODIFIED, usegmt=True)
DEFAULT_SLOW_SECONDS = 10.0


@dataclass(frozen=True)
class RequestRecord:
    """One request as the server saw it. ``domain`` is the site's bare domain, or
    None when the Host named no fixture site."""

    host: str
    domain: str | None
    method: str
    path: str
    user_agent: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _etag_matches(if_none_match: str, etag: str) -> bool:
    # If-None-Match uses the weak comparison: W/"x" matches "x".
    candidates = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in candidates or etag in candidates


def _not_modified_since(if_modified_since: str) -> bool:
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return since >= LAST_MODIFIED


class _FixtureHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: FixtureWebServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up mid-answer (a crawler cutting the 10 MB page) is expected;
        # anything else is a fixture bug and gets the default traceback on stderr.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _FixtureRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, keep-alive clients
    # wait ~40 ms per response for a delayed ACK.
    disable_nagle_algorithm = True
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 60
    server: _FixtureHTTPServer

    def version_string(self) -> str:
        return "FixtureSites/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        owner = self.server.owner
        host = (self.headers.get("Host") or "").strip().lower()
        site = site_for_host(host)
        split = urlsplit(self.path)
        user_agent = self.headers.get("User-Agent", "")
        if site is None:
            response = FixtureResponse(
                404, content_type=TEXT_TYPE, body=f"No fixture site for host {host!r}\n".encode()
            )
        else:
            if site.waits and owner.wait_slow():
                self.close_connection = True
                return
            request = FixtureRequest(split.path or "/", split.query, user_agent)
            response = site.respond(request)
        status, headers, body = self._conditional(response)
        owner.record(
            RequestRecord(
                host=host.rsplit(":", 1)[0] if ":" in host else host,
                domain=site.domain if site else None,
                method=self.command,
                path=self.path,
                user_agent=user_agent,
                if_none_match=self.headers.get("If-None-Match"),
                if_modified_since=self.headers.get("If-Modified-Since"),
                status=status,
            )
        )
        try:
            self._send(status, headers, body, response.stream, send_body=send_body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _conditional(self, response: FixtureResponse) -> tuple[int, dict[str, str], bytes]:
        headers = {"Content-Type": response.content_type, **response.headers}
        if not (response.cacheable and response.status == 200):
            return response.status, headers, response.body
        etag = strong_etag(response.body)
        headers["ETag"] = etag
        headers["Last-Modified"] = LAST_MODIFIED_HEADER
        headers["Cache-Control"] = "public, max-age=0, must-revalidate"
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            unchanged = _etag_matches(if_none_match, etag)
        else:
            unchanged = if_modified_since is not None and _not_modified_since(if_modified_since)
        if unchanged:
            del headers["Content-Type"]
            return 304, headers, b""
        return 200, headers, response.body

    def _send(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes,
        stream: Iterable[bytes] | None,
        *,
        send_body: bool,
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if stream is not None:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if send_body:
                for chunk in stream:
                    self.wfile.write(b"%X\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            return
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


class FixtureWebServer:
    """The fixture sites on one loopback port, served from a background thread."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        slow_seconds: float = DEFAULT_SLOW_SECONDS,
    ) -> None:
        self.host = host
        self.requested_port = port
        self.slow_seconds = slow_seconds
        self._httpd: _FixtureHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._log: list[RequestRecord] = []
        self._log_lock = threading.Lock()

    def start(self) -> FixtureWebServer:
        if self._httpd is not None:
            raise RuntimeError("the fixture server is already running")
        self._stopping.clear()
        httpd = _FixtureHTTPServer((self.host, self.requested_port), _FixtureRequestHandler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, name="fixture-web-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()  # wakes requests held by the slow site
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FixtureWebServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fixture server is not running; call start() first")
        return self._httpd.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def host_map(self) -> str:
        """The ``ICP_CRAWL_HOST_MAP`` value: every fixture domain and its ``www.`` form."""
        origin = self.origin
        return ",".join(f"{d}={origin},www.{d}={origin}" for d in SITES)

    def wait_slow(self) -> bool:
        """Hold a slow site's answer; True when the server stopped meanwhile."""
        return self._stopping.wait(self.slow_seconds)

    def record(self, entry: RequestRecord) -> None:
        with self._log_lock:
            self._log.append(entry)

    @property
    def request_log(self) -> list[RequestRecord]:
        """A copy of every request so far, oldest first."""
        with self._log_lock:
            return list(self._log)

    def requests_for(self, domain: str) -> list[RequestRecord]:
        """The requests for one site (``www.`` and case ignored), oldest first."""
        wanted = domain.lower().removeprefix("www.")
        return [entry for entry in self.request_log if entry.domain == wanted]

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()
