"""The SSRF guard: which addresses, URLs and connections the crawler may reach."""

from __future__ import annotations

import asyncio
import ipaddress

import httpx
import pytest

from resources.crawler.address_guard import (
    GuardedNetworkBackend,
    RefusedAddressError,
    UnresolvableHostError,
    check_address,
    check_resolved,
    check_url,
    embedded_ipv4,
    install_network_backend,
    resolve_and_check,
)

REFUSED = [
    ("0.0.0.0", "'this network'"),
    ("0.1.2.3", "'this network'"),
    ("10.0.0.5", "private"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("100.100.100.200", "cloud metadata"),
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("169.254.1.1", "link-local"),
    ("169.254.169.254", "cloud metadata"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.0.0.8", "IETF protocol"),
    ("192.0.2.10", "documentation"),
    ("192.168.1.1", "private"),
    ("198.18.0.1", "benchmarking"),
    ("198.19.255.1", "benchmarking"),
    ("198.51.100.7", "documentation"),
    ("203.0.113.9", "documentation"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "broadcast"),
    ("::", "unspecified"),
    ("::1", "loopback"),
    ("::127.0.0.1", "IPv4-compatible"),
    ("::8.8.8.8", "IPv4-compatible"),
    ("::ffff:127.0.0.1", "IPv4-mapped"),
    ("::ffff:10.1.2.3", "IPv4-mapped"),
    ("::ffff:169.254.169.254", "cloud metadata"),
    ("64:ff9b::10.0.0.1", "NAT64"),
    ("64:ff9b::127.0.0.1", "NAT64"),
    ("64:ff9b:1::1", "local-use NAT64"),
    ("2002:0a00:0001::1", "6to4"),
    ("2002:7f00:0001::1", "6to4"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ("2001:db8::1", "documentation"),
    ("fc00::1", "unique-local"),
    ("fd12:3456::1", "unique-local"),
    ("fd00:ec2::254", "cloud metadata"),
    ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("fec0::1", "site-local"),
    ("ff02::1", "multicast"),
    ("100::1", "discard"),
    # Every IPv6 form that embeds an IPv4 address is checked on that address.
    ("::ffff:0:a9fe:a9fe", "IPv4-translated (SIIT) of 169.254.169.254: cloud metadata"),
    ("::ffff:0:7f00:1", "IPv4-translated (SIIT) of 127.0.0.1: loopback"),
    ("::ffff:0:10.0.0.1", "IPv4-translated (SIIT) of 10.0.0.1: private"),
    ("::ffff:7f00:1", "IPv4-mapped of 127.0.0.1: loopback"),
    ("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254: cloud metadata"),
    ("64:ff9b:1::7f00:1", "local-use NAT64"),
    ("64:ff9b:1:808:8:800::", "local-use NAT64"),
    ("2002:a9fe:a9fe::1", "6to4 of 169.254.169.254: cloud metadata"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo of 127.0.0.1: loopback"),
    ("2001:0:7f00:1:8000:63bf:f7f7:f7f7", "Teredo of 127.0.0.1: loopback"),
    ("2001:0:808:808:8000:63bf:f7f7:f7f7", "Teredo"),
    ("2a00:1450::5efe:7f00:1", "ISATAP of 127.0.0.1: loopback"),
    ("2a00:1450::200:5efe:a9fe:a9fe", "ISATAP of 169.254.169.254: cloud metadata"),
    ("2a00:1450::100:5efe:a00:1", "ISATAP of 10.0.0.1: private"),
    ("fe80::5efe:a9fe:a9fe", "ISATAP of 169.254.169.254"),
    ("::7f00:1", "IPv4-compatible of 127.0.0.1: loopback"),
    ("::a9fe:a9fe", "IPv4-compatible of 169.254.169.254: cloud metadata"),
]

ALLOWED = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:0808:0808::1",
    "::ffff:0:8.8.8.8",
    "2a00:1450::5efe:808:808",
]


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_refused_address_classes(address: str, reason: str) -> None:
    with pytest.raises(RefusedAddressError) as refused:
        check_address(address)
    assert reason in refused.value.reason


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    check_address(address)


@pytest.mark.parametrize(
    ("address", "forms"),
    [
        ("::ffff:0:a9fe:a9fe", {"IPv4-translated (SIIT)"}),
        ("::ffff:a9fe:a9fe", {"IPv4-mapped"}),
        ("64:ff9b::a9fe:a9fe", {"NAT64"}),
        ("2002:a9fe:a9fe::1", {"6to4"}),
        ("2001:0:a9fe:a9fe::", {"Teredo"}),
        ("2a00::5efe:a9fe:a9fe", {"ISATAP"}),
        ("::a9fe:a9fe", {"IPv4-compatible"}),
        ("2002:a9fe:a9fe::5efe:a9fe:a9fe", {"6to4", "ISATAP"}),
    ],
)
def test_every_embedded_ipv4_form_is_read(address: str, forms: set[str]) -> None:
    found = embedded_ipv4(ipaddress.IPv6Address(address))
    assert {form for form, _, _ in found} == forms
    assert ipaddress.IPv4Address("169.254.169.254") in {embedded for _, embedded, _ in found}


def test_not_an_address_is_refused() -> None:
    with pytest.raises(RefusedAddressError):
        check_address("example.com")


def test_one_refused_address_among_the_resolved_ones_refuses_the_host() -> None:
    assert check_resolved("ok.example", ["8.8.8.8", "8.8.8.8", "1.1.1.1"]) == [
        "8.8.8.8",
        "1.1.1.1",
    ]
    with pytest.raises(RefusedAddressError, match="resolves to 10.0.0.5"):
        check_resolved("rebind.example", ["8.8.8.8", "10.0.0.5"])
    with pytest.raises(UnresolvableHostError):
        check_resolved("empty.example", [])


@pytest.mark.parametrize("host", ["localhost", "127.1", "0x7f.1", "2130706433", "0177.0.0.1"])
def test_loopback_spellings_are_caught_by_resolution(host: str) -> None:
    with pytest.raises(RefusedAddressError):
        asyncio.run(resolve_and_check(host, 80))


def test_public_literal_resolves_to_itself() -> None:
    assert asyncio.run(resolve_and_check("8.8.8.8", 443)) == ["8.8.8.8"]
    assert asyncio.run(resolve_and_check("[2606:4700:4700::1111]", 443)) == ["2606:4700:4700::1111"]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://acme.sg/", True),
        ("http://acme.sg/", True),
        ("https://acme.sg:443/x", True),
        ("http://acme.sg:8080/", False),
        ("https://acme.sg:8443/", True),  # configured below
        ("ftp://acme.sg/", False),
        ("file:///etc/passwd", False),
        ("gopher://acme.sg:70/", False),
        ("http://10.0.0.5/", False),
        ("http://169.254.169.254/latest/meta-data/", False),
        ("http://[::1]/", False),
        ("http://[::ffff:7f00:1]/", False),
        ("http://[::ffff:0:a9fe:a9fe]/latest/meta-data/", False),
        ("http://[::ffff:0:7f00:1]/", False),
        ("http://8.8.8.8/", True),
    ],
)
def test_url_scheme_port_and_literal_checks(url: str, allowed: bool) -> None:
    if allowed:
        check_url(httpx.URL(url), allowed_ports={8443})
    else:
        with pytest.raises(RefusedAddressError):
            check_url(httpx.URL(url), allowed_ports={8443})


def test_unix_sockets_are_refused() -> None:
    with pytest.raises(RefusedAddressError):
        asyncio.run(GuardedNetworkBackend().connect_unix_socket("/var/run/docker.sock"))


def test_install_network_backend_fails_loudly_without_the_pool_attribute() -> None:
    transport = httpx.AsyncHTTPTransport()
    del transport._pool._network_backend
    with pytest.raises(RuntimeError, match="_network_backend"):
        install_network_backend(transport, GuardedNetworkBackend())
