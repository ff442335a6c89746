"""SSRF protection for the crawler: which addresses, schemes and ports it may reach.

Every connection the crawler opens goes through ``GuardedNetworkBackend``: the host is
resolved once, every resolved address is checked, and the socket is opened to a checked
address, so a DNS answer that changes between the check and the connect (DNS rebinding)
cannot smuggle a private address in. TLS still uses the URL's host name for SNI and the
certificate check, because httpcore takes those from the request, not from the socket.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Collection, Iterable
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALWAYS_ALLOWED_PORTS = frozenset({80, 443})
ALLOWED_SCHEMES = frozenset({"http", "https"})

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# Checked in order; the first match names the reason. Anything not listed and not
# globally routable (``is_global``) is refused as well.
CLOUD_METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
REFUSED_V4_NETWORKS: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "'this network' (0.0.0.0/8)"),
    (_V4("10.0.0.0/8"), "private"),
    (_V4("100.64.0.0/10"), "carrier-grade NAT (100.64.0.0/10)"),
    (_V4("127.0.0.0/8"), "loopback"),
    (_V4("169.254.0.0/16"), "link-local"),
    (_V4("172.16.0.0/12"), "private"),
    (_V4("192.0.0.0/24"), "IETF protocol assignments"),
    (_V4("192.0.2.0/24"), "documentation"),
    (_V4("192.88.99.0/24"), "6to4 relay anycast"),
    (_V4("192.168.0.0/16"), "private"),
    (_V4("198.18.0.0/15"), "benchmarking"),
    (_V4("198.51.100.0/24"), "documentation"),
    (_V4("203.0.113.0/24"), "documentation"),
    (_V4("224.0.0.0/4"), "multicast"),
    (_V4("255.255.255.255/32"), "broadcast"),
    (_V4("240.0.0.0/4"), "reserved"),
)
REFUSED_V6_NETWORKS: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::/128"), "unspecified"),
    (_V6("::1/128"), "loopback"),
    (_V6("::/96"), "IPv4-compatible (deprecated)"),
    (_V6("64:ff9b:1::/48"), "local-use NAT64"),
    (_V6("100::/64"), "discard-only"),
    (_V6("2001::/32"), "Teredo"),
    (_V6("2001:db8::/32"), "documentation"),
    (_V6("fc00::/7"), "unique-local"),
    (_V6("fe80::/10"), "link-local"),
    (_V6("fec0::/10"), "site-local"),
    (_V6("ff00::/8"), "multicast"),
)
NAT64_WELL_KNOWN = _V6("64:ff9b::/96")
#: RFC 2765 / RFC 6052 IPv4-translated addresses: no ``ipaddress`` property knows them.
SIIT_TRANSLATED = _V6("::ffff:0:0:0/96")
IPV4_COMPATIBLE = _V6("::/96")
ISATAP_MARKER = 0x0000_5EFE


class RefusedAddressError(Exception):
    """A URL, host or address the crawler must not reach, with the reason."""

    def __init__(self, target: object, reason: str) -> None:
        super().__init__(f"refused {target}: {reason}")
        self.target = target
        self.reason = reason


class UnresolvableHostError(Exception):
    """A host name that does not resolve (no such domain, or no address)."""

    def __init__(self, host: str, cause: BaseException | None = None) -> None:
        super().__init__(
            f"cannot resolve {host!r}: {cause}" if cause else f"cannot resolve {host!r}"
        )
        self.host = host


V4Tuple = tuple[ipaddress.IPv4Address, ...]


def _low32(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def _one(address: ipaddress.IPv4Address | None) -> V4Tuple:
    return () if address is None else (address,)


def _translated(ip: ipaddress.IPv6Address) -> V4Tuple:
    """The IPv4 address of an IPv4-translated (SIIT) address, ``::ffff:0:a.b.c.d``."""
    return (_low32(ip),) if ip in SIIT_TRANSLATED else ()


def _nat64(ip: ipaddress.IPv6Address) -> V4Tuple:
    """The IPv4 address of a NAT64 address under the well-known /96 prefix."""
    return (_low32(ip),) if ip in NAT64_WELL_KNOWN else ()


def _teredo(ip: ipaddress.IPv6Address) -> V4Tuple:
    """The Teredo server and (de-obfuscated) client addresses."""
    return ip.teredo if ip.teredo is not None else ()


def _isatap(ip: ipaddress.IPv6Address) -> V4Tuple:
    """The IPv4 address of an ISATAP interface identifier (RFC 5214): ``0:5efe`` with
    the universal/local and group bits either way, then the IPv4 address."""
    return (_low32(ip),) if (int(ip) >> 32) & 0xFCFF_FFFF == ISATAP_MARKER else ()


def _ipv4_compatible(ip: ipaddress.IPv6Address) -> V4Tuple:
    """The IPv4 address of a (deprecated) IPv4-compatible address; ``::`` and ``::1``
    are the unspecified and loopback addresses, not of this form."""
    return (_low32(ip),) if ip in IPV4_COMPATIBLE and int(ip) > 1 else ()


#: Every way an IPv6 address carries an IPv4 address the packet may end up at; the
#: embedded address is checked with the IPv4 rules. ``ipaddress`` knows the mapped,
#: 6to4 and Teredo forms; the others have no property and are matched here. The flag
#: says the form's prefix stands for the IPv4 address itself (a public embedded address
#: makes the IPv6 address reachable); the other forms are refused or allowed on their
#: IPv6 prefix as well (Teredo and IPv4-compatible are always refused). The local-use
#: NAT64 prefix (64:ff9b:1::/48) is refused whatever it carries: its operator picks the
#: prefix length (RFC 8215), so where the IPv4 address sits cannot be read from it.
EMBEDDED_IPV4_FORMS: tuple[tuple[str, Callable[[ipaddress.IPv6Address], V4Tuple], bool], ...] = (
    ("IPv4-mapped", lambda ip: _one(ip.ipv4_mapped), True),
    ("IPv4-translated (SIIT)", _translated, True),
    ("NAT64", _nat64, True),
    ("6to4", lambda ip: _one(ip.sixtofour), True),
    ("Teredo", _teredo, False),
    ("ISATAP", _isatap, False),
    ("IPv4-compatible", _ipv4_compatible, False),
)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address, bool]]:
    """The IPv4 addresses ``ip`` embeds: each with its form's name and whether the form
    stands for the IPv4 address itself."""
    return [
        (form, address, whole)
        for form, extract, whole in EMBEDDED_IPV4_FORMS
        for address in extract(ip)
    ]


def _refusal_reason(ip: IPAddress) -> str | None:
    if ip in CLOUD_METADATA:
        return "cloud metadata address"
    if isinstance(ip, ipaddress.IPv4Address):
        for network, reason in REFUSED_V4_NETWORKS:
            if ip in network:
                return reason
        return None if ip.is_global else "not globally routable"
    embedded = embedded_ipv4(ip)
    for form, address, _ in embedded:
        inner = _refusal_reason(address)
        if inner is not None:
            return f"{form} of {address}: {inner}"
    for network, reason in REFUSED_V6_NETWORKS:
        if ip in network:
            return reason
    if any(whole for _, _, whole in embedded):
        return None  # its embedded public IPv4 address, checked above
    return None if ip.is_global else "not globally routable"


def check_address(address: str | IPAddress) -> None:
    """Raise RefusedAddressError if the crawler must not connect to ``address``.

    Refused: private, loopback, link-local, carrier-grade NAT, multicast, broadcast,
    reserved, unspecified, documentation and benchmarking ranges, cloud metadata
    addresses, IPv6 unique-local and site-local, Teredo, local-use NAT64 and
    IPv4-compatible addresses, and every IPv6 address with an embedded IPv4 address
    (``EMBEDDED_IPV4_FORMS``: mapped, translated, NAT64, 6to4, Teredo, ISATAP,
    compatible) that is refused.
    """
    try:
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    except ValueError:
        raise RefusedAddressError(address, "not an IP address") from None
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
    reason = _refusal_reason(ip)
    if reason is not None:
        raise RefusedAddressError(address, reason)


def check_resolved(host: str, addresses: Iterable[str]) -> list[str]:
    """``addresses`` (what ``host`` resolved to), deduplicated in order, if every one of
    them passes ``check_address``; one refused address refuses the host."""
    unique = list(dict.fromkeys(addresses))
    if not unique:
        raise UnresolvableHostError(host)
    for address in unique:
        try:
            check_address(address)
        except RefusedAddressError as refused:
            raise RefusedAddressError(host, f"resolves to {address}, {refused.reason}") from None
    return unique


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve(host: str, port: int, timeout: float | None = None) -> list[str]:
    """The addresses of ``host`` through the event loop's getaddrinfo, unchecked."""
    literal = _literal_address(host)
    if literal is not None:
        return [str(literal)]
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout
        )
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"resolving {host!r} timed out") from None
    except (socket.gaierror, UnicodeError) as exc:
        raise UnresolvableHostError(host, exc) from None
    return [str(info[4][0]) for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]


async def resolve_and_check(host: str, port: int, timeout: float | None = None) -> list[str]:
    """Resolve ``host`` and return its addresses if all of them may be reached.

    IP literals are checked as they are; numeric forms such as ``127.1``, ``0x7f.1`` or
    ``2130706433`` resolve to the address they stand for and are caught here.
    """
    return check_resolved(host, await resolve(host, port, timeout))


def url_port(url: httpx.URL) -> int:
    """The port ``url`` connects to, explicit or the scheme's default."""
    if url.port is not None:
        return url.port
    return 443 if url.scheme == "https" else 80


def check_url(url: httpx.URL, allowed_ports: Collection[int] = ()) -> None:
    """Refuse a URL whose scheme is not http(s), whose port is not 80, 443 or one of
    ``allowed_ports``, or whose host is an IP literal that ``check_address`` refuses.

    Host names are checked when they are resolved, at connect time.
    """
    if url.scheme not in ALLOWED_SCHEMES:
        raise RefusedAddressError(url, f"scheme {url.scheme!r} is not http or https")
    if not url.host:
        raise RefusedAddressError(url, "no host")
    port = url_port(url)
    if port not in ALWAYS_ALLOWED_PORTS and port not in allowed_ports:
        raise RefusedAddressError(url, f"port {port} is not allowed")
    literal = _literal_address(url.host)
    if literal is not None:
        try:
            check_address(literal)
        except RefusedAddressError as refused:
            raise RefusedAddressError(url, refused.reason) from None


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to checked addresses.

    ``trusted_origins`` are ``(host, port)`` pairs exempt from the address check (the
    local origins of the host map); any other host is resolved, every address checked,
    and the socket opened to a checked address, never to the name.
    """

    def __init__(
        self,
        trusted_origins: Collection[tuple[str, int]] = (),
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._trusted = frozenset((host.lower(), port) for host, port in trusted_origins)
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if (host.lower(), port) in self._trusted:
            addresses = await resolve(host, port, timeout)
        else:
            addresses = await resolve_and_check(host, port, timeout)
        # A trusted host is resolved unchecked, so its answer may hold no address at all.
        failure: Exception = UnresolvableHostError(host)
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddressError(path, "unix sockets are never used by the crawler")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def install_network_backend(
    transport: httpx.AsyncHTTPTransport, backend: httpcore.AsyncNetworkBackend
) -> httpx.AsyncHTTPTransport:
    """Make ``transport`` open every connection through ``backend``.

    httpx does not expose httpcore's ``network_backend`` argument, so this sets the
    connection pool's private attribute; it is the only place that does, and it fails
    loudly if a new httpx or httpcore version renames it.
    """
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError(
            f"{type(pool).__name__} has no _network_backend: the SSRF guard cannot be installed"
        )
    pool._network_backend = backend
    return transport
