"""Every knob of the crawler, declared once: its type, default, bounds and, for the knobs
an operator sets, the environment variable that sets it.

``CrawlerConfig.from_environment()`` reads those variables; the Dagster resource
(``resources.crawler.resource``) derives its fields from the same declaration.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

DEFAULT_USER_AGENT = "ICPFinderBot/0.1 (+https://icp-finder.example/bot)"


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


def format_host_map(mapping: Mapping[str, str]) -> str:
    """The ``ICP_CRAWL_HOST_MAP`` form of a host map."""
    return ",".join(f"{domain}={origin}" for domain, origin in mapping.items())


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


def _knob(default: Any, variable: str, **constraints: Any) -> Any:
    """A knob an operator sets with ``variable`` in the environment; in code it is
    passed by its field name."""
    return Field(default, validation_alias=AliasChoices(variable), **constraints)


class CrawlerConfig(BaseModel):
    """The crawler's knobs. ``per_host_delay_s`` is the least time between two request
    starts on one host; a robots ``Crawl-delay`` raises it, up to ``max_crawl_delay_s``.
    Ports 80 and 443 are always allowed.

    ``connect_timeout_s`` bounds a connection, ``total_timeout_s`` each read and, added
    to the connect timeout, one whole request and its body (the page deadline).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    user_agent: str = _knob(
        DEFAULT_USER_AGENT,
        "ICP_CRAWL_USER_AGENT",
        description="Names the product and a page about the crawler; its first word is "
        "the robots.txt token.",
    )
    max_pages_per_domain: int = _knob(12, "ICP_CRAWL_MAX_PAGES", ge=1)
    max_bytes_per_page: int = _knob(2_000_000, "ICP_CRAWL_MAX_BYTES", ge=1_000)
    connect_timeout_s: float = _knob(5.0, "ICP_CRAWL_CONNECT_TIMEOUT_S", gt=0)
    total_timeout_s: float = _knob(15.0, "ICP_CRAWL_TIMEOUT_S", gt=0)
    max_redirects: int = _knob(5, "ICP_CRAWL_MAX_REDIRECTS", ge=0)
    retries: int = _knob(3, "ICP_CRAWL_RETRIES", ge=0)
    per_host_concurrency: int = _knob(2, "ICP_CRAWL_PER_HOST_CONCURRENCY", ge=1)
    per_host_delay_s: float = _knob(1.0, "ICP_CRAWL_DELAY_S", ge=0)
    global_concurrency: int = _knob(8, "ICP_CRAWL_CONCURRENCY", ge=1)
    allowed_ports: frozenset[int] = _knob(
        frozenset(),
        "ICP_CRAWL_ALLOWED_PORTS",
        description="Ports allowed besides 80 and 443 ('8080,8443').",
    )
    host_map: dict[str, str] = _knob(
        {},
        "ICP_CRAWL_HOST_MAP",
        description="Tests and the demo: 'acme.com=http://127.0.0.1:8001,...' sends a listed "
        "domain's requests to a local origin; only listed domains reach local addresses.",
    )
    max_crawl_delay_s: float = Field(10.0, ge=0)
    max_retry_after_s: float = Field(30.0, ge=0)
    retry_backoff_s: float = Field(1.0, ge=0)
    max_sitemap_urls: int = Field(500, ge=0)
    max_sitemaps: int = Field(10, ge=0)
    max_sitemap_bytes: int = Field(5_000_000, ge=1)
    max_robots_bytes: int = Field(512_000, ge=1)

    @field_validator("allowed_ports", mode="before")
    @classmethod
    def _ports(cls, value: Any) -> Any:
        return parse_ports(value) if isinstance(value, str) else value

    @field_validator("host_map", mode="before")
    @classmethod
    def _host_map(cls, value: Any) -> Any:
        return parse_host_map(value) if isinstance(value, str) else value

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> CrawlerConfig:
        """The knobs the environment sets (``ICP_CRAWL_*``), then ``overrides`` by name.

        Raises:
            pydantic.ValidationError: a value out of range or malformed, naming it.
        """
        environ = os.environ if environ is None else environ
        values = {
            name: environ[variable]
            for variable, name in cls.environment_variables().items()
            if variable in environ
        }
        return cls.model_validate({**values, **overrides})

    @classmethod
    def environment_variables(cls) -> dict[str, str]:
        """The knobs an operator sets, by the environment variable that sets each."""
        variables = {}
        for name, info in cls.model_fields.items():
            aliases = info.validation_alias
            if isinstance(aliases, AliasChoices) and isinstance(aliases.choices[-1], str):
                variables[aliases.choices[-1]] = name
        return variables

    @property
    def robots_token(self) -> str:
        """The User-Agent's product token ("ICPFinderBot"), what robots.txt groups name."""
        return self.user_agent.split("/", 1)[0].split()[0] if self.user_agent.strip() else "*"
