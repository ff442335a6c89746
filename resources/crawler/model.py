"""What a crawl returns: each page request's result and each domain's outcome."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

#: Page outcomes that leave a usable page (fetched, or unchanged since the stored copy).
FETCHED_OUTCOMES = frozenset({"ok", "not_modified"})


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


@dataclass
class DomainRun:
    """One domain's crawl while it runs: the hosts that are its site, and the requests
    made so far."""

    domain: str
    hosts: frozenset[str]
    requests: int = 0
