"""Snippets every extractor shares: a window of page text around a signal, without
personal data."""

from __future__ import annotations

from icp_assets.crawl.personal_data import redact_contacts, redact_person_names
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS
from icp_assets.normalize import collapse_whitespace


def snippet_around(text: str, start: int, end: int, max_chars: int = SNIPPET_MAX_CHARS) -> str:
    """At most ``max_chars`` of ``text`` centred on ``text[start:end]``, cut at word
    boundaries where possible, whitespace collapsed, contacts and personal names
    redacted (a short name's placeholder can lengthen it: the cut comes last)."""
    budget = max(max_chars - (end - start), 0)
    left = max(start - budget // 2, 0)
    right = min(end + (budget - (start - left)), len(text))
    left = max(right - max_chars, 0) if right - left < max_chars else left
    window = text[left:right]
    if left > 0 and " " in window[: budget // 2]:
        window = window[window.index(" ") + 1 :]
    if right < len(text) and " " in window[len(window) - budget // 2 :]:
        window = window[: window.rindex(" ")]
    snippet = collapse_whitespace(redact_person_names(redact_contacts(window)))
    return snippet[:max_chars]
