"""Text helpers every extractor shares: personal-data redaction and snippets."""

from __future__ import annotations

import re

from icp_assets.extract.model import SNIPPET_MAX_CHARS
from icp_assets.extract.people import redact_person_names

EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# International or local numbers of 8+ digits, with the usual separators: "+65 6123 4567",
# "(65) 6123-4567", "+1 (415) 555-0132". Years and postal codes (4–6 digits) do not match.
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{3,4}(?:[\s.-]?\d{3,4}){1,3}(?!\w)"
)
_PHONE_MIN_DIGITS = 8

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"


def _redact_phone(match: re.Match[str]) -> str:
    digits = sum(char.isdigit() for char in match.group(0))
    return PHONE_PLACEHOLDER if digits >= _PHONE_MIN_DIGITS else match.group(0)


def redact_contacts(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers replaced by placeholders."""
    return PHONE_RE.sub(_redact_phone, EMAIL_RE.sub(EMAIL_PLACEHOLDER, text))


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


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
