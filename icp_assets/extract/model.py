"""What extractors read and what they produce: a crawled page, reduced to the parts
extraction needs, and one cited item of evidence."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Page types the crawler assigns and extractors key on.
PAGE_TYPES = (
    "home",
    "industries",
    "customers",
    "integrations",
    "pricing",
    "careers",
    "about",
    "contact",
    "other",
)

#: The evidence signal kinds extractors emit.
SIGNAL_KEYS = (
    "integration",
    "industry_label",
    "ssic_hint",
    "buyer_title",
    "headcount_hint",
    "location",
    "pricing",
    "customer_logo",
)

SNIPPET_MAX_CHARS = 280


@dataclass(frozen=True)
class PageContent:
    """One crawled HTML page as extraction sees it.

    ``url`` is the page's public form (``https://acme.com/pricing``) even when the
    crawl reached it through a local origin. ``main_text`` is the page's main text
    (trafilatura), with personal data already redacted. The rest comes from the HTML.
    """

    url: str
    domain: str
    page_type: str
    title: str = ""
    main_text: str = ""
    #: Parsed ``application/ld+json`` blocks (each a dict; @graph lists flattened).
    json_ld: tuple[Mapping[str, Any], ...] = ()
    #: Hosts of ``<script src>`` URLs, lower-case, no port ("js.stripe.com").
    script_hosts: tuple[str, ...] = ()
    #: Hosts of outbound ``<a href>`` / ``<link href>`` / ``<iframe src>`` URLs.
    link_hosts: tuple[str, ...] = ()
    #: ``<meta name|property=... content=...>`` pairs, keys lower-case ("generator").
    meta: Mapping[str, str] = field(default_factory=dict)
    #: Text of h1–h3 headings, in document order.
    headings: tuple[str, ...] = ()
    #: ``alt`` texts of images (customer logos are often only there).
    image_alts: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceItem:
    """One cited signal: what was found, where, and how sure the extractor is.

    ``value`` is normalized (``"salesforce"``, ``"sales leadership"``, ``"SG"``), so
    equal signals from different pages compare equal. ``snippet`` is at most
    ``SNIPPET_MAX_CHARS`` characters of the page around the signal, with e-mail
    addresses, phone numbers and personal names redacted.
    """

    signal_key: str
    value: str
    url: str | None
    snippet: str | None
    confidence: float
    extractor: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.signal_key not in SIGNAL_KEYS:
            raise ValueError(f"unknown signal_key {self.signal_key!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence!r} is outside [0, 1]")
        if self.snippet is not None and len(self.snippet) > SNIPPET_MAX_CHARS:
            raise ValueError(f"snippet is {len(self.snippet)} chars, over {SNIPPET_MAX_CHARS}")


def is_beaten(best: Mapping[Any, EvidenceItem], key: Hashable, confidence: float) -> bool:
    """Whether an item kept under ``key`` (its value, say) at ``confidence`` would lose to
    the one kept: checked before building its snippet, which costs more than finding the
    match."""
    return key in best and best[key].confidence >= confidence


def keep_best(best: dict[Any, EvidenceItem], item: EvidenceItem, key: Hashable = None) -> None:
    """Keep ``item`` under ``key`` (by default its value) unless an at least as confident
    one is kept there already; a replaced item keeps its place in ``best``."""
    key = item.value if key is None else key
    if not is_beaten(best, key, item.confidence):
        best[key] = item
