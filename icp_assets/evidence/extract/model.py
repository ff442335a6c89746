"""What extractors produce: one cited item of evidence. (What they read, a crawled
page, is the crawl stage's ``PageContent``.)"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from icp_assets.signals import WEB_SIGNALS

SNIPPET_MAX_CHARS = 280


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
        if self.signal_key not in WEB_SIGNALS:
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
