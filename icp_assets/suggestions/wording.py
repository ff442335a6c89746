"""The words of suggestion cards: titles as kinds of firm, lists, plurals, money.
Pure functions of text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence


def sentence_case(title: str) -> str:
    """``WAREHOUSING AND STORAGE`` and ``Warehousing and Storage`` both become
    ``Warehousing and storage``; short acronyms inside a mixed-case title are kept."""
    shouting = title.upper() == title
    words = []
    for word in title.split():
        keep = not shouting and word.isupper() and len(word) <= 3
        words.append(word if keep else word.lower())
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def plain_title(title: str) -> str:
    """Sentence case without parenthetical notes: ``Clinics and other general medical
    services``."""
    return re.sub(r"\s*\([^)]*\)", "", sentence_case(title)).strip().rstrip(",")


def segment_name(title: str) -> str:
    """A cluster title as the name of a kind of firm: ``Warehousing and storage firms``,
    ``Manufacturers of bakery products``, ``Restaurants``."""
    name = plain_title(title)
    if name.lower().startswith("manufacture of "):
        return "Manufacturers of " + name[len("manufacture of ") :]
    name = re.sub(r"\s+activities$", "", name, flags=re.IGNORECASE)
    last_word = name.rsplit(" ", 1)[-1].lower()
    return name if last_word.endswith("s") and not last_word.endswith("ss") else f"{name} firms"


def lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def tool_name(key: str, names: Mapping[str, str]) -> str:
    return names.get(key) or " ".join(part.capitalize() for part in key.split("-"))


def join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def count_of(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 best customer``, ``3 best customers``."""
    return f"{count} {plural(count, noun, nouns or noun + 's')}"


def money(amount: float) -> str:
    return f"{amount:,.0f}"
