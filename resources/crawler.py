"""The crawler: a polite, safe async HTTP crawl of company websites, and its resource.

One domain's crawl:

1. robots.txt of ``https://<domain>/`` (protego; fetched once per host and crawl). When
   the bare domain does not connect (no DNS answer, connection refused), the crawl
   starts over at ``https://www.<domain>/`` if that host answers. A robots.txt that
   cannot be reached at all ends the domain with that failure (the site is down); one
   that answers 4xx allows everything, 429 or 5xx disallows everything (RFC 9309).
2. The home page. If robots.txt disallows it, nothing is requested and the outcome is
   ``robots_disallowed``; if it fails, the domain's outcome is its failure.
3. Candidates from the home page's links, the sitemaps (robots ``Sitemap:`` lines and
   ``/sitemap.xml``, an index followed one level) and the pages stored by the previous
   crawl; fetched best first (``icp_assets.crawl_plan``), in waves of the per-host
   concurrency, links of every fetched page joining the queue, until the page cap.

Every request goes through the SSRF guard (``resources.address_guard``): the URL's
scheme, port and IP literal are checked at every redirect hop, and the connection is
opened only to a resolved and checked address. Host-mapped domains (tests, the demo) go
to their local origin through a separate client that trusts only those origins.

A site's failure never raises: it becomes the page's and the domain's ``outcome``.
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import logging
import re
import time
import zlib
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import MappingProxyType
from urllib.parse import urljoin, urlsplit, urlunsplit

import dagster as dg
import httpx
import tenacity
from protego import Protego

from icp_assets.crawl_plan import (
    CrawlQueue,
    extract_links,
    is_same_site,
    normalize_link,
    on_host,
    parse_sitemap,
    site_hosts,
    sitemap_page_links,
)
from icp_assets.settings import Settings, get_settings
from resources.address_guard import (
    GuardedNetworkBackend,
    RefusedAddressError,
    UnresolvableHostError,
    check_url,
    install_network_backend,
    url_port,
)

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "ICPFinderBot/0.1 (+https://icp-finder.example/bot)"
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
FETCHED_OUTCOMES = frozenset({"ok", "not_modified"})
#: What a page's failure makes of the domain when it is the home page.
DOMAIN_OUTCOME_OF_PAGE = {"offsite_redirect": "http_error"}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


@dataclass(frozen=True)
class PageValidators:
    """What the previous crawl stored for a page, for a conditional GET."""

    etag: str | None
    last_modified: str | None


NO_VALIDATORS: Mapping[str, PageValidators] = MappingProxyType({})


@dataclass(frozen=True)
class FetchedPage:
    """One page request's result. ``url`` and ``final_url`` are public URLs, never the
    local origin of a host-mapped domain; ``status`` is 0 when no HTTP response came."""

    url: str
    final_url: str
    status: int
    page_type: str
    content_type: str | None
    html: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    outcome: str


@dataclass(frozen=True)
class DomainCrawl:
    """One domain's crawl: its outcome, a sentence saying why, and the pages fetched."""

    domain: str
    outcome: str
    detail: str
    pages: tuple[FetchedPage, ...]
    requests: int
    elapsed_s: float


class HostMapError(ValueError):
    """A malformed ``ICP_CRAWL_HOST_MAP`` entry."""


def parse_host_map(text: str) -> dict[str, str]:
    """``"a.sg=http://127.0.0.1:8001,b.sg=..."`` as ``{"a.sg": "http://127.0.0.1:8001"}``."""
    mapping: dict[str, str] = {}
    for entry in text.split(","):
        entry = entry.strip()
        if not entry:
            continue
        domain, sep, origin = entry.partition("=")
        domain = domain.strip().lower().rstrip(".")
        origin = origin.strip().rstrip("/")
        parts = urlsplit(origin)
        if not sep or not domain or "/" in domain:
            raise HostMapError(f"host map entry {entry!r} is not 'domain=origin'")
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
            raise HostMapError(f"host map origin {origin!r} is not 'http(s)://host[:port]'")
        mapping[domain] = origin
    return mapping


def parse_ports(text: str) -> frozenset[int]:
    """``"8080, 8443"`` as ``frozenset({8080, 8443})``."""
    ports: set[int] = set()
    for item in text.split(","):
        if item.strip():
            port = int(item)
            if not 0 < port < 65536:
                raise ValueError(f"port {port} is out of range")
            ports.add(port)
    return frozenset(ports)


@dataclass(frozen=True)
class CrawlerConfig:
    """Every knob of the crawler. ``per_host_delay_s`` is the least time between two
    request starts on one host; a robots ``Crawl-delay`` raises it, up to
    ``max_crawl_delay_s``. Ports 80 and 443 are always allowed.

    ``connect_timeout_s`` bounds a connection, ``total_timeout_s`` each read and, added
    to the connect timeout, one whole request and its body (the page deadline).
    """

    user_agent: str = DEFAULT_USER_AGENT
    max_pages_per_domain: int = 12
    max_bytes_per_page: int = 2_000_000
    connect_timeout_s: float = 5.0
    total_timeout_s: float = 15.0
    max_redirects: int = 5
    retries: int = 3
    per_host_concurrency: int = 2
    per_host_delay_s: float = 1.0
    global_concurrency: int = 8
    allowed_ports: frozenset[int] = frozenset()
    host_map: Mapping[str, str] = field(default_factory=dict)
    max_crawl_delay_s: float = 10.0
    max_retry_after_s: float = 30.0
    retry_backoff_s: float = 1.0
    max_sitemap_urls: int = 500
    max_sitemaps: int = 10
    max_sitemap_bytes: int = 5_000_000
    max_robots_bytes: int = 512_000

    @classmethod
    def from_settings(cls, settings: Settings) -> CrawlerConfig:
        return cls(
            user_agent=settings.crawl_user_agent,
            max_pages_per_domain=settings.crawl_max_pages_per_domain,
            max_bytes_per_page=settings.crawl_max_bytes_per_page,
            connect_timeout_s=settings.crawl_connect_timeout_s,
            total_timeout_s=settings.crawl_timeout_s,
            max_redirects=settings.crawl_max_redirects,
            retries=settings.crawl_retries,
            per_host_concurrency=settings.crawl_per_host_concurrency,
            per_host_delay_s=settings.crawl_delay_s,
            global_concurrency=settings.crawl_concurrency,
            allowed_ports=parse_ports(settings.crawl_allowed_ports),
            host_map=parse_host_map(settings.crawl_host_map),
        )

    @property
    def robots_token(self) -> str:
        """The User-Agent's product token ("ICPFinderBot"), what robots.txt groups name."""
        return self.user_agent.split("/", 1)[0].split()[0] if self.user_agent.strip() else "*"


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


#: What the crawler accepts and decodes itself, each chunk inflated no further than the
#: byte cap (httpx would inflate a whole chunk, or a stack of encodings, at once).
ACCEPT_ENCODING = "gzip, deflate"


class _Inflater:
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


def _inflater_for(content_encoding: str | None) -> _Inflater | None:
    """The inflater of a response's ``Content-Encoding``; None for none or identity.
    Raises ValueError for another encoding or a stack of them."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise ValueError(f"unsupported Content-Encoding {content_encoding!r}")
    return _Inflater(codings[0])


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


# --- one HTTP exchange ---------------------------------------------------------------


@dataclass(frozen=True)
class _Exchange:
    """One request's answer (after retries). ``failure`` is set when there is no usable
    answer: an outcome name (timeout, too_large, not_html...) and a sentence."""

    status: int = 0
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes | None = None
    failure: str | None = None
    reason: str = ""


class _RetryableStatus(Exception):
    def __init__(self, exchange: _Exchange, retry_after: float | None) -> None:
        super().__init__(f"HTTP {exchange.status}")
        self.exchange = exchange
        self.retry_after = retry_after


def _failure_of(exc: BaseException) -> tuple[str, str]:
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


# --- one fetch, following redirects --------------------------------------------------


@dataclass(frozen=True)
class _Fetch:
    url: str
    final_url: str
    exchange: _Exchange
    hops: int  # requests made for this fetch's URL chain (retries not counted)
    outcome: str | None = None  # set when the chain itself failed (redirects, robots...)
    reason: str = ""

    @property
    def failure(self) -> str | None:
        return self.outcome or self.exchange.failure

    @property
    def why(self) -> str:
        return self.reason or self.exchange.reason


@dataclass
class _DomainRun:
    domain: str
    hosts: frozenset[str]
    requests: int = 0


@dataclass(frozen=True)
class _Robots:
    parser: Protego | None = None
    disallow_all: bool = False
    down: _Fetch | None = None  # robots.txt could not be reached at all
    note: str = ""

    def allows(self, url: str, token: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, token)

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


class _HostGate:
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
    )


class _CrawlSession:
    """Clients, robots cache and rate limits shared by the domains of one crawl."""

    def __init__(self, config: CrawlerConfig) -> None:
        self.config = config
        self.token = config.robots_token
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
        self.gates: dict[str, _HostGate] = {}
        self.robots: dict[str, asyncio.Future[_Robots]] = {}

    async def aclose(self) -> None:
        await self.public_client.aclose()
        await self.mapped_client.aclose()

    def gate(self, host: str) -> _HostGate:
        gate = self.gates.get(host)
        if gate is None:
            gate = _HostGate(self.config.per_host_concurrency, self.config.per_host_delay_s)
            self.gates[host] = gate
        return gate

    # -- requests --

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
        run: _DomainRun,
        url: httpx.URL,
        headers: dict[str, str],
        max_bytes: int,
        html_only: bool,
        truncate: bool,
    ) -> _Exchange:
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
                status = response.status_code
                if status == 429 or 500 <= status <= 599:
                    exchange = _Exchange(status, response.headers, None, "http_error")
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    raise _RetryableStatus(exchange, retry_after)
                if not 200 <= status <= 299:
                    return _Exchange(status, response.headers)
                content_type = response.headers.get("content-type")
                if html_only and media_type(content_type) not in HTML_MEDIA_TYPES:
                    return _Exchange(
                        status, response.headers, None, "not_html", f"is {content_type!r}"
                    )
                return await self._read_body(response, max_bytes, truncate)

    async def _read_body(
        self, response: httpx.Response, max_bytes: int, truncate: bool
    ) -> _Exchange:
        too_large = _Exchange(
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
            inflater = _inflater_for(response.headers.get("content-encoding"))
        except ValueError as exc:
            return _Exchange(response.status_code, response.headers, None, "http_error", str(exc))
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
                        return _Exchange(
                            response.status_code, response.headers, None, "http_error", reason
                        )
                    if not chunk and left == pending:
                        break  # no progress: nothing more comes out of this input
                    pending = left
                if size + len(chunk) > max_bytes:
                    if not truncate:
                        return too_large
                    chunks.append(chunk[: max_bytes - size])
                    return _Exchange(response.status_code, response.headers, b"".join(chunks))
                chunks.append(chunk)
                size += len(chunk)
        return _Exchange(response.status_code, response.headers, b"".join(chunks))

    async def _request(
        self,
        run: _DomainRun,
        url: httpx.URL,
        headers: dict[str, str],
        *,
        max_bytes: int,
        html_only: bool,
        truncate: bool = False,
    ) -> _Exchange:
        """One GET of ``url`` (no redirects), retried with backoff on 429, 5xx and
        connect/read timeouts; a site's failure comes back as ``_Exchange.failure``."""
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
            failure, reason = _failure_of(exc)
            return _Exchange(failure=failure, reason=reason)
        raise AssertionError("tenacity returned without an attempt")  # pragma: no cover

    async def fetch(
        self,
        run: _DomainRun,
        url: str,
        *,
        validators: Mapping[str, PageValidators] = NO_VALIDATORS,
        check_robots: bool = True,
        max_bytes: int,
        html_only: bool = False,
        truncate: bool = False,
    ) -> _Fetch:
        """GET ``url``, following same-site redirects by hand; every hop is checked by
        the address guard and, when ``check_robots``, by robots.txt before its request."""
        current = url
        hops = 0
        for _ in range(self.config.max_redirects + 1):
            try:
                target = httpx.URL(current)
                check_url(target, self.config.allowed_ports)
            except httpx.InvalidURL as exc:
                return _Fetch(url, current, _Exchange(), hops, "http_error", f"bad URL ({exc})")
            except RefusedAddressError as refused:
                return _Fetch(url, current, _Exchange(), hops, *_failure_of(refused))
            if not is_same_site(current, run.hosts):
                return _Fetch(
                    url, current, _Exchange(), hops, "offsite_redirect", "leaves the site"
                )
            if check_robots:
                robots = await self.robots_for(run, target)
                if not robots.allows(current, self.token):
                    reason = f"is disallowed for {self.token} by robots.txt{robots.note}"
                    return _Fetch(url, current, _Exchange(), hops, "robots_disallowed", reason)
            headers: dict[str, str] = {}
            stored = validators.get(current)
            # A stored validator that is not ASCII (httpx decoded the site's bytes as
            # UTF-8 or Latin-1) cannot go out as a header: the GET is unconditional then.
            if stored is not None and stored.etag and stored.etag.isascii():
                headers["If-None-Match"] = stored.etag
            if stored is not None and stored.last_modified and stored.last_modified.isascii():
                headers["If-Modified-Since"] = stored.last_modified
            exchange = await self._request(
                run, target, headers, max_bytes=max_bytes, html_only=html_only, truncate=truncate
            )
            hops += 1
            location = exchange.headers.get("location")
            if exchange.status not in REDIRECT_STATUSES or exchange.failure:
                return _Fetch(url, current, exchange, hops)
            if not location:
                return _Fetch(url, current, exchange, hops, "http_error", "redirects nowhere")
            try:
                current = _without_fragment(urljoin(current, location.strip()))
            except ValueError:
                return _Fetch(url, current, exchange, hops, "http_error", "has a bad Location")
        reason = f"redirects more than {self.config.max_redirects} times"
        return _Fetch(url, current, _Exchange(), hops, "too_many_redirects", reason)

    # -- robots.txt --

    async def robots_for(self, run: _DomainRun, url: httpx.URL) -> _Robots:
        """The robots.txt rules of ``url``'s host, fetched once per host and crawl."""
        key = f"{url.scheme}://{url.host.lower()}:{url_port(url)}"
        pending = self.robots.get(key)
        if pending is None:
            robots_url = str(url.copy_with(raw_path=b"/robots.txt"))
            pending = asyncio.ensure_future(self._load_robots(run, robots_url, url.host.lower()))
            self.robots[key] = pending
        return await pending

    async def _load_robots(self, run: _DomainRun, robots_url: str, host: str) -> _Robots:
        fetched = await self.fetch(
            run,
            robots_url,
            check_robots=False,
            max_bytes=self.config.max_robots_bytes,
            truncate=True,
        )
        status = fetched.exchange.status
        if fetched.failure and status == 0 and fetched.final_url == fetched.url:
            # No answer at all from the host itself: the site is down (or refused).
            return _Robots(disallow_all=True, down=fetched, note=" (unreachable)")
        if fetched.outcome in ("offsite_redirect", "too_many_redirects"):
            return _Robots()  # unavailable, as a 4xx: no rules
        if fetched.failure or status == 429 or status >= 500:
            # Unreachable (RFC 9309 2.3.1.4): assume everything is disallowed.
            return _Robots(disallow_all=True, note=f" (it answered {status or fetched.failure})")
        if not 200 <= status <= 299 or fetched.exchange.body is None:
            return _Robots()  # 4xx, or redirected away: no rules, everything allowed
        text = fetched.exchange.body.decode("utf-8", errors="replace")
        try:
            parser = Protego.parse(text)
        except Exception:  # a third-party parser on hostile input: treat as no rules
            logger.warning("crawl: robots.txt of %s could not be parsed", host, exc_info=True)
            return _Robots()
        delay = parser.crawl_delay(self.token)
        if delay:
            gate = self.gate(host)
            gate.delay = max(gate.delay, min(float(delay), self.config.max_crawl_delay_s))
        return _Robots(parser=parser)

    # -- sitemaps --

    async def sitemap_pages(self, run: _DomainRun, robots: _Robots, home_url: str) -> list[str]:
        """Page URLs from robots ``Sitemap:`` lines and ``/sitemap.xml``, an index
        followed one level, same-site only, at most ``max_sitemap_urls``."""
        config = self.config
        home = urlsplit(home_url)
        sources = [u for u in robots.sitemaps if is_same_site(u, run.hosts)]
        sources.append(urlunsplit((home.scheme, home.netloc, "/sitemap.xml", "", "")))
        pending = [(url, 0) for url in dict.fromkeys(sources)]
        seen = {url for url, _ in pending}
        pages: list[str] = []
        fetched = 0
        while pending and fetched < config.max_sitemaps and len(pages) < config.max_sitemap_urls:
            url, level = pending.pop(0)
            fetched += 1
            result = await self.fetch(run, url, max_bytes=config.max_sitemap_bytes)
            body = result.exchange.body
            if result.failure or body is None or result.exchange.status != 200:
                continue
            if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz, inflated up to the cap
                try:
                    body, _ = _Inflater("gzip").inflate(body, config.max_sitemap_bytes)
                except zlib.error:
                    continue
            sitemap = parse_sitemap(body, config.max_sitemap_urls - len(pages))
            if sitemap.kind == "urlset":
                pages.extend(sitemap_page_links(sitemap.urls, run.hosts))
            elif sitemap.kind == "index" and level == 0:
                for child in sitemap.urls:
                    if is_same_site(child, run.hosts) and child not in seen:
                        seen.add(child)
                        pending.append((child, 1))
        return pages

    # -- pages and domains --

    async def fetch_page(
        self,
        run: _DomainRun,
        url: str,
        page_type: str,
        validators: Mapping[str, PageValidators],
    ) -> tuple[FetchedPage, _Fetch]:
        fetched = await self.fetch(
            run,
            url,
            validators=validators,
            max_bytes=self.config.max_bytes_per_page,
            html_only=True,
        )
        exchange = fetched.exchange
        headers = exchange.headers
        etag, last_modified = headers.get("etag"), headers.get("last-modified")
        html = None
        outcome = fetched.failure
        if outcome is None and exchange.status == 304:
            outcome = "not_modified"
            stored = validators.get(fetched.final_url) or validators.get(url)
            if stored is not None:
                etag = etag or stored.etag
                last_modified = last_modified or stored.last_modified
        elif outcome is None and 200 <= exchange.status <= 299:
            outcome = "ok"
            html = decode_html(exchange.body or b"", headers.get("content-type"))
        elif outcome is None:
            outcome = "http_403" if exchange.status == 403 else "http_error"
        page = FetchedPage(
            url=url,
            final_url=fetched.final_url,
            status=exchange.status,
            page_type=page_type,
            content_type=headers.get("content-type"),
            html=html,
            etag=etag,
            last_modified=last_modified,
            fetched_at=datetime.now(UTC),
            outcome=outcome,
        )
        return page, fetched

    async def crawl_domain(
        self, domain: str, validators: Mapping[str, PageValidators]
    ) -> DomainCrawl:
        started = time.perf_counter()
        name = domain.strip().lower().rstrip(".")
        run = _DomainRun(name, site_hosts(name))
        outcome, detail, pages = await self._crawl(run, validators)
        return DomainCrawl(
            domain=domain,
            outcome=outcome,
            detail=detail,
            pages=tuple(pages),
            requests=run.requests,
            elapsed_s=time.perf_counter() - started,
        )

    async def _start(self, run: _DomainRun) -> tuple[str, _Robots]:
        """The home URL to start from and its robots rules: the bare domain, or its
        ``www.`` host when the bare domain does not connect and ``www.`` does."""
        start = f"https://{run.domain}/"
        robots = await self.robots_for(run, httpx.URL(start))
        down = robots.down
        if down is None or run.domain.startswith("www."):
            return start, robots
        if down.failure in ("dns_error", "connect_error"):
            www_start = f"https://www.{run.domain}/"
            www_robots = await self.robots_for(run, httpx.URL(www_start))
            if www_robots.down is None:
                return www_start, www_robots
        return start, robots

    async def _crawl(
        self, run: _DomainRun, validators: Mapping[str, PageValidators]
    ) -> tuple[str, str, list[FetchedPage]]:
        try:
            start, robots = await self._start(run)
        except httpx.InvalidURL:
            return "dns_error", f"{run.domain!r} is not a valid domain name.", []
        if robots.down is not None:
            down = robots.down
            return down.failure or "connect_error", f"{down.url}: {down.why}.", []
        home, fetched = await self.fetch_page(run, start, "home", validators)
        if home.outcome not in FETCHED_OUTCOMES:
            failure = DOMAIN_OUTCOME_OF_PAGE.get(home.outcome, home.outcome)
            why = fetched.why or f"answered HTTP {home.status}"
            where = start if home.final_url == start else f"{start} (at {home.final_url})"
            pages = [home] if fetched.hops else []
            return failure, f"{where} {why}.", pages

        pages = [home]
        queue = CrawlQueue()
        queue.mark_seen(start)
        queue.mark_seen(home.final_url)
        site_host = urlsplit(home.final_url).hostname or run.domain

        def enqueue(url: str, anchor_text: str = "") -> None:
            queue.add(on_host(url, site_host), anchor_text)

        if home.html:
            for link in extract_links(home.html, home.final_url, run.hosts):
                enqueue(link.url, link.anchor_text)
        for url in await self.sitemap_pages(run, robots, home.final_url):
            enqueue(url)
        for url in validators:
            normalized = normalize_link(url, url, run.hosts)
            if normalized is not None:
                enqueue(normalized)

        cap = self.config.max_pages_per_domain
        while len(pages) < cap and len(queue):
            wave = []
            while len(wave) < min(self.config.per_host_concurrency, cap - len(pages)):
                candidate = queue.pop()
                if candidate is None:
                    break
                wave.append(candidate)
            results = await asyncio.gather(
                *(self.fetch_page(run, c.url, c.page_type, validators) for c in wave)
            )
            for page, fetched in results:
                if not fetched.hops:
                    continue  # nothing requested (robots, guard): not a fetched page
                pages.append(page)
                queue.mark_seen(page.final_url)
                if page.html:
                    for link in extract_links(page.html, page.final_url, run.hosts):
                        enqueue(link.url, link.anchor_text)
        fetched_ok = sum(1 for page in pages if page.outcome in FETCHED_OUTCOMES)
        not_modified = sum(1 for page in pages if page.outcome == "not_modified")
        detail = (
            f"{fetched_ok} of {len(pages)} pages fetched from {start} "
            f"({not_modified} not modified)."
        )
        return "ok", detail, pages


class Crawler:
    """The crawl engine: plain asyncio, no Dagster."""

    def __init__(self, config: CrawlerConfig) -> None:
        self.config = config

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[_CrawlSession]:
        session = _CrawlSession(self.config)
        try:
            yield session
        finally:
            await session.aclose()

    async def crawl_domain(
        self, domain: str, validators: Mapping[str, PageValidators] = NO_VALIDATORS
    ) -> DomainCrawl:
        """Crawl one domain; ``validators`` (by public page URL) make conditional GETs."""
        async with self._session() as session:
            return await session.crawl_domain(domain, validators)

    async def crawl_domains(
        self, domains: Sequence[str], validators: Mapping[str, PageValidators] = NO_VALIDATORS
    ) -> list[DomainCrawl]:
        """Crawl ``domains`` concurrently (at most ``global_concurrency`` at once), sharing
        robots.txt, rate limits and connections; results in the order of ``domains``."""
        async with self._session() as session:
            slots = asyncio.Semaphore(self.config.global_concurrency)

            async def crawl_one(domain: str) -> DomainCrawl:
                started = time.perf_counter()
                async with slots:
                    try:
                        return await session.crawl_domain(domain, validators)
                    except Exception as exc:
                        # A bug tripped by one site must not fail the other domains' crawl.
                        logger.exception("crawl: %s failed unexpectedly", domain)
                        return DomainCrawl(
                            domain=domain,
                            outcome="http_error",
                            detail=f"The crawl failed unexpectedly ({type(exc).__name__}).",
                            pages=(),
                            requests=0,
                            elapsed_s=time.perf_counter() - started,
                        )

            return list(await asyncio.gather(*(crawl_one(domain) for domain in domains)))


def crawl_domains_sync(
    config: CrawlerConfig,
    domains: Sequence[str],
    validators: Mapping[str, PageValidators] = NO_VALIDATORS,
) -> list[DomainCrawl]:
    """``Crawler(config).crawl_domains(...)`` for synchronous callers (assets)."""
    return asyncio.run(Crawler(config).crawl_domains(domains, validators))


class CrawlerResource(dg.ConfigurableResource):
    """The crawler as a Dagster resource. Fields left at None come from the settings
    (``ICP_CRAWL_*``); ``allowed_ports`` and ``host_map`` use the settings' string forms."""

    user_agent: str | None = None
    max_pages_per_domain: int | None = None
    max_bytes_per_page: int | None = None
    connect_timeout_s: float | None = None
    total_timeout_s: float | None = None
    max_redirects: int | None = None
    retries: int | None = None
    per_host_concurrency: int | None = None
    per_host_delay_s: float | None = None
    global_concurrency: int | None = None
    max_crawl_delay_s: float | None = None
    allowed_ports: str | None = None
    host_map: str | None = None

    def get_config(self) -> CrawlerConfig:
        config = CrawlerConfig.from_settings(get_settings())
        overrides: dict[str, object] = {
            name: getattr(self, name)
            for name in (
                "user_agent",
                "max_pages_per_domain",
                "max_bytes_per_page",
                "connect_timeout_s",
                "total_timeout_s",
                "max_redirects",
                "retries",
                "per_host_concurrency",
                "per_host_delay_s",
                "global_concurrency",
                "max_crawl_delay_s",
            )
            if getattr(self, name) is not None
        }
        if self.allowed_ports is not None:
            overrides["allowed_ports"] = parse_ports(self.allowed_ports)
        if self.host_map is not None:
            overrides["host_map"] = parse_host_map(self.host_map)
        return dataclasses.replace(config, **overrides)

    def crawl(
        self,
        domains: Sequence[str],
        validators: Mapping[str, PageValidators] = NO_VALIDATORS,
    ) -> list[DomainCrawl]:
        return crawl_domains_sync(self.get_config(), domains, validators)
