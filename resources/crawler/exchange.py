"""One HTTP exchange of the crawler: a GET through the address guard, routed to a local
origin for host-mapped domains, spaced by the host's politeness gate, retried with
backoff on 429, 5xx and timeouts, its body streamed, inflated in bounded steps and cut
at the byte cap. A site's failure comes back as the exchange's ``failure``, never raised.
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import re
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
import tenacity

from resources.crawler.address_guard import (
    GuardedNetworkBackend,
    RefusedAddressError,
    UnresolvableHostError,
    install_network_backend,
    url_port,
)
from resources.crawler.config import CrawlerConfig
from resources.crawler.model import DomainRun

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: What the crawler accepts and decodes itself, each chunk inflated no further than the
#: byte cap (httpx would inflate a whole chunk, or a stack of encodings, at once).
ACCEPT_ENCODING = "gzip, deflate"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]+", value):  # ASCII digits only: "²".isdigit() is true
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def decode_html(body: bytes, content_type: str | None) -> str:
    """``body`` as text: the charset of the header, else a BOM, else a ``<meta>``
    charset, else UTF-8; undecodable bytes are replaced."""
    charset = None
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    if charset is None and body.startswith(codecs.BOM_UTF8):
        charset = "utf-8-sig"
    elif charset is None and body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = "utf-16"
    if charset is None:
        match = _META_CHARSET.search(body[:4096])
        charset = match.group(1).decode("ascii") if match else "utf-8"
    try:
        codec = codecs.lookup(charset)
        if not codec._is_text_encoding:  # "hex", "base64", "zlib"...: not a charset
            raise LookupError(charset)
        return body.decode(codec.name, errors="replace")
    except (LookupError, ValueError):  # unknown, or "idna"/"undefined" refusing to decode
        return body.decode("utf-8", errors="replace")


class Inflater:
    """One ``Content-Encoding`` of gzip or deflate (zlib or raw), inflated in bounded
    steps."""

    def __init__(self, encoding: str) -> None:
        self._raw_fallback = encoding == "deflate"
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(wbits)
        self._started = False

    def inflate(self, data: bytes, max_length: int) -> tuple[bytes, bytes]:
        """Up to ``max_length`` inflated bytes of ``data`` and the input left over."""
        try:
            out = self._inflater.decompress(data, max_length)
        except zlib.error:
            if not self._raw_fallback or self._started:
                raise
            # "deflate" sent as a raw deflate stream, without the zlib wrapper.
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflater.decompress(data, max_length)
        self._started = True
        return out, self._inflater.unconsumed_tail


def inflater_for(content_encoding: str | None) -> Inflater | None:
    """The inflater of a response's ``Content-Encoding``; None for none or identity.
    Raises ValueError for another encoding or a stack of them."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise ValueError(f"unsupported Content-Encoding {content_encoding!r}")
    return Inflater(codings[0])


@dataclass(frozen=True)
class Exchange:
    """One request's answer (after retries). ``failure`` is set when there is no usable
    answer: an outcome name (timeout, too_large, not_html...) and a sentence."""

    status: int = 0
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes | None = None
    failure: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Fetch:
    """A URL's fetch: where its redirects ended, the last exchange, and how many requests
    the chain made (retries not counted). ``outcome`` is set when the chain itself failed
    (redirects, robots, the address guard)."""

    url: str
    final_url: str
    exchange: Exchange
    hops: int
    outcome: str | None = None
    reason: str = ""

    @property
    def failure(self) -> str | None:
        return self.outcome or self.exchange.failure

    @property
    def why(self) -> str:
        return self.reason or self.exchange.reason


class _RetryableStatus(Exception):
    def __init__(self, exchange: Exchange, retry_after: float | None) -> None:
        super().__init__(f"HTTP {exchange.status}")
        self.exchange = exchange
        self.retry_after = retry_after


def failure_of(exc: BaseException) -> tuple[str, str]:
    """The outcome name and the sentence of a request that raised ``exc``."""
    if isinstance(exc, RefusedAddressError):
        return "refused_address", f"refused by the address guard ({exc.reason})"
    if isinstance(exc, UnresolvableHostError):
        return "dns_error", "the host name does not resolve"
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return "timeout", "timed out"
    if isinstance(exc, httpx.ConnectError):
        return "connect_error", f"could not connect ({exc})"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.DecodingError):
        return "http_error", f"broke the HTTP protocol ({exc})"
    return "connect_error", f"the connection failed ({type(exc).__name__}: {exc})"


class HostGate:
    """Per host: at most ``concurrency`` requests at once, ``delay`` between starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.delay = delay
        self._slots = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        self._last_start: float | None = None

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        async with self._slots:
            async with self._lock:
                loop = asyncio.get_running_loop()
                if self._last_start is not None:
                    # Read the delay now: a Crawl-delay learnt meanwhile applies at once.
                    wait = self._last_start + self.delay - loop.time()
                    if wait > 0:
                        await asyncio.sleep(wait)
                self._last_start = loop.time()
            yield


#: Where a response's ``Location`` waits while httpx looks at the response: httpx parses a
#: redirect's Location itself (to offer ``next_request``) even when it does not follow
#: redirects, and raises InvalidURL (or an IDNA error) out of the request on one it
#: cannot parse. The crawler follows redirects by hand and judges the Location itself.
_HELD_LOCATION = "crawler_held_location"


async def _hold_location(response: httpx.Response) -> None:
    location = response.headers.get("location")
    if location is not None:
        del response.headers["location"]
        response.extensions[_HELD_LOCATION] = location


def _restore_location(response: httpx.Response) -> None:
    location = response.extensions.pop(_HELD_LOCATION, None)
    if location is not None:
        response.headers["location"] = location


def _guarded_client(config: CrawlerConfig, trusted: set[tuple[str, int]]) -> httpx.AsyncClient:
    transport = install_network_backend(
        httpx.AsyncHTTPTransport(retries=0), GuardedNetworkBackend(trusted)
    )
    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(config.total_timeout_s, connect=config.connect_timeout_s),
        follow_redirects=False,
        trust_env=False,  # an environment proxy would bypass the address guard
        headers={"User-Agent": config.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        event_hooks={"response": [_hold_location]},
    )


class HttpExchanges:
    """The clients, politeness gates and global request slots of one crawl."""

    def __init__(self, config: CrawlerConfig) -> None:
        self.config = config
        # A listed domain also maps its www. form (and a listed www. host its bare
        # domain), unless that host is listed itself.
        self.origins = {domain: httpx.URL(origin) for domain, origin in config.host_map.items()}
        for domain, origin in config.host_map.items():
            base = domain.removeprefix("www.")
            for host in (base, f"www.{base}"):
                self.origins.setdefault(host, httpx.URL(origin))
        trusted = {(url.host, url_port(url)) for url in self.origins.values()}
        self.public_client = _guarded_client(config, set())
        self.mapped_client = _guarded_client(config, trusted)
        self.global_slots = asyncio.Semaphore(config.global_concurrency)
        self.gates: dict[str, HostGate] = {}

    async def aclose(self) -> None:
        await self.public_client.aclose()
        await self.mapped_client.aclose()

    def gate(self, host: str) -> HostGate:
        gate = self.gates.get(host)
        if gate is None:
            gate = HostGate(self.config.per_host_concurrency, self.config.per_host_delay_s)
            self.gates[host] = gate
        return gate

    def _route(
        self, url: httpx.URL
    ) -> tuple[httpx.AsyncClient, httpx.URL, dict[str, str], dict[str, str]]:
        host = url.host.lower().rstrip(".")
        origin = self.origins.get(host)
        if origin is None:
            return self.public_client, url, {}, {}
        headers = {"Host": host if url.port is None else f"{host}:{url.port}"}
        extensions = {"sni_hostname": host} if origin.scheme == "https" else {}
        return self.mapped_client, origin.copy_with(raw_path=url.raw_path), headers, extensions

    def _retry_wait(self, state: tenacity.RetryCallState) -> float:
        cap = self.config.max_retry_after_s
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, cap)
        return min(self.config.retry_backoff_s * 2 ** (state.attempt_number - 1), cap)

    async def _attempt(
        self,
        run: DomainRun,
        url: httpx.URL,
        headers: dict[str, str],
        max_bytes: int,
        html_only: bool,
        truncate: bool,
    ) -> Exchange:
        client, request_url, route_headers, extensions = self._route(url)
        async with self.gate(url.host.lower()).turn(), self.global_slots:
            run.requests += 1
            # httpx's timeouts bound each connect and each read; this deadline bounds the
            # whole exchange, so a server dribbling bytes cannot hold the slot forever.
            deadline = self.config.connect_timeout_s + self.config.total_timeout_s
            async with (
                asyncio.timeout(deadline),
                client.stream(
                    "GET",
                    request_url,
                    headers={**headers, **route_headers},
                    extensions=extensions,
                ) as response,
            ):
                _restore_location(response)
                status = response.status_code
                if status == 429 or 500 <= status <= 599:
                    exchange = Exchange(status, response.headers, None, "http_error")
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    raise _RetryableStatus(exchange, retry_after)
                if not 200 <= status <= 299:
                    return Exchange(status, response.headers)
                content_type = response.headers.get("content-type")
                if html_only and media_type(content_type) not in HTML_MEDIA_TYPES:
                    return Exchange(
                        status, response.headers, None, "not_html", f"is {content_type!r}"
                    )
                return await _read_body(response, max_bytes, truncate)

    async def request(
        self,
        run: DomainRun,
        url: httpx.URL,
        headers: dict[str, str],
        *,
        max_bytes: int,
        html_only: bool,
        truncate: bool = False,
    ) -> Exchange:
        """One GET of ``url`` (no redirects), retried with backoff on 429, 5xx and
        connect/read timeouts; a site's failure comes back as ``Exchange.failure``."""
        retrying = tenacity.AsyncRetrying(
            stop=tenacity.stop_after_attempt(self.config.retries + 1),
            retry=tenacity.retry_if_exception_type(
                (_RetryableStatus, httpx.ConnectTimeout, httpx.ReadTimeout)
            ),
            wait=self._retry_wait,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(run, url, headers, max_bytes, html_only, truncate)
        except _RetryableStatus as exhausted:
            retried = self.config.retries
            return dataclasses.replace(
                exhausted.exchange,
                reason=f"answered HTTP {exhausted.exchange.status} ({retried} retries)",
            )
        except (
            RefusedAddressError,
            UnresolvableHostError,
            TimeoutError,
            httpx.RequestError,
        ) as exc:
            failure, reason = failure_of(exc)
            return Exchange(failure=failure, reason=reason)
        raise AssertionError("tenacity returned without an attempt")  # pragma: no cover


async def _read_body(response: httpx.Response, max_bytes: int, truncate: bool) -> Exchange:
    """The response's body, inflated in bounded steps: ``too_large`` past ``max_bytes``,
    or, with ``truncate``, the body cut there."""
    too_large = Exchange(
        response.status_code,
        response.headers,
        None,
        "too_large",
        f"is larger than {max_bytes} bytes",
    )
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        return too_large
    try:
        inflater = inflater_for(response.headers.get("content-encoding"))
    except ValueError as exc:
        return Exchange(response.status_code, response.headers, None, "http_error", str(exc))
    chunks: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        pending = raw
        while pending:
            if inflater is None:
                chunk, pending = pending, b""
            else:
                try:
                    # At most one byte past the cap: enough to know it is exceeded.
                    chunk, left = inflater.inflate(pending, max_bytes - size + 1)
                except zlib.error:
                    reason = "has a body that does not decompress"
                    return Exchange(
                        response.status_code, response.headers, None, "http_error", reason
                    )
                if not chunk and left == pending:
                    break  # no progress: nothing more comes out of this input
                pending = left
            if size + len(chunk) > max_bytes:
                if not truncate:
                    return too_large
                chunks.append(chunk[: max_bytes - size])
                return Exchange(response.status_code, response.headers, b"".join(chunks))
            chunks.append(chunk)
            size += len(chunk)
    return Exchange(response.status_code, response.headers, b"".join(chunks))
