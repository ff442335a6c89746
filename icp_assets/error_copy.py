"""Validation errors in words a person can act on: "Add at least one best customer." rather
than pydantic's "List should have at least 1 item after validation, not 0".

Pure: the sentence depends only on pydantic's error type, the field's location and the
error's context, so any layer that validates with pydantic can word its errors the same
way. The machine path of the field is left to the caller (the API answers it as
``field``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple


class FieldWords(NamedTuple):
    """How a field is named in a sentence (with its article), and for a list, what one
    of its entries is called."""

    name: str
    item: str | None = None


#: Fields by their name wherever they sit; ``TOP_LEVEL_WORDS`` overrides a few at the
#: top of a body, where they mean something else (the tenant's own website).
FIELD_WORDS: dict[str, FieldWords] = {
    "body": FieldWords("the request body"),
    "website": FieldWords("the website"),
    "domain": FieldWords("the website"),
    "url": FieldWords("the website"),
    "name": FieldWords("the name"),
    "seed_name": FieldWords("the name"),
    "reason": FieldWords("the reason"),
    "kind": FieldWords("the kind of customer"),
    "best_customers": FieldWords("your best customers", "best customer"),
    "lost_customers": FieldWords("your lost customers", "lost customer"),
    "lost_or_churned": FieldWords("your lost customers", "lost customer"),
    "seeds": FieldWords("the customers", "customer"),
    "answers": FieldWords("the answers"),
    "employee_band": FieldWords("your own size"),
    "geos": FieldWords("the countries you sell into", "country"),
    "languages": FieldWords("the languages you sell in", "language"),
    "timezones": FieldWords("the time zones you support", "time zone"),
    "integrations_required": FieldWords("the must-have integrations", "must-have integration"),
    "must_have_integrations": FieldWords("the must-have integrations", "must-have integration"),
    "deal": FieldWords("the deal"),
    "acv_usd": FieldWords("the annual contract value (USD)"),
    "sales_cycle_days": FieldWords("the sales cycle (days)"),
    "cycle_days": FieldWords("the sales cycle (days)"),
    "price_floor_usd": FieldWords("the price floor (USD)"),
    "champion_titles": FieldWords("your champions' titles", "champion title"),
    "triggers": FieldWords("the purchase triggers", "purchase trigger"),
    "advanced": FieldWords("the advanced sections"),
    "text": FieldWords("the pasted text"),
    "id": FieldWords("the suggestion's id"),
    "suggestion_id": FieldWords("the suggestion's id"),
    "suggestion": FieldWords("the suggestion"),
    "suggestion_payload": FieldWords("the suggestion"),
    "title": FieldWords("the title"),
    "ssic": FieldWords("the SSIC codes", "SSIC code"),
    "ssic_cluster": FieldWords("the SSIC codes", "SSIC code"),
    "ssic_filters": FieldWords("the SSIC filters", "SSIC filter"),
    "exclude_ssic": FieldWords("the SSIC codes to exclude", "excluded SSIC code"),
    "companies": FieldWords("the companies", "company"),
    "integrations": FieldWords("the tools", "tool"),
    "technographic_filters": FieldWords("the tool filters", "tool filter"),
    "champions": FieldWords("the champions", "champion"),
    "headcount_band": FieldWords("the headcount band"),
    "min_headcount": FieldWords("the minimum headcount"),
    "targeting_pack": FieldWords("the targeting pack"),
    "code": FieldWords("the code"),
    "uen": FieldWords("the UEN"),
    "limit": FieldWords("the number of companies"),
    "generation_id": FieldWords("the generation id"),
    "exclusion_id": FieldWords("the exclusion id"),
    "seed_id": FieldWords("the seed id"),
    "x-tenant-id": FieldWords("the X-Tenant-ID header"),
    "authorization": FieldWords("the Authorization header"),
    "accept": FieldWords("the Accept header"),
}
TOP_LEVEL_WORDS: dict[str, FieldWords] = {
    "website": FieldWords("your company's website"),
}

# FastAPI puts where a value came from first: ("body", "website"), ("query", "limit").
_SOURCES = frozenset({"body", "query", "path", "header", "cookie"})
# pydantic names the branch of a union or a validator inside the location:
# ("ssic_cluster", 0, "str"), ("ssic_cluster", 0, "constrained-str"), ("x", "SsicEntry"),
# ("x", "function-after[_uen(), str]"). Field names are snake_case (headers kebab-case).
_TYPE_TAG = re.compile(
    r"^(?:[A-Z][a-z]+[A-Za-z0-9]*|constrained-\w+|function-\w+|lax-or-strict|json-or-python"
    r"|is-instance|is-subclass|tagged-union|nullable|chain|default|union|str|int|float|bool"
    r"|bytes|list|dict|set|frozenset|tuple|none|decimal|date|datetime|url)(?:\[.*)?$"
)
_DICT_KEY = "[key]"


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def _count(number: int, noun: str) -> str:
    return f"one {noun}" if number == 1 else f"{number:,} {_plural(noun)}"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _words_of(name: str, top_level: bool) -> FieldWords:
    key = name.lower()
    if top_level and key in TOP_LEVEL_WORDS:
        return TOP_LEVEL_WORDS[key]
    return FIELD_WORDS.get(key) or FieldWords(f"the {name.replace('_', ' ')}")


def _meaningful(location: Sequence[str | int]) -> list[str | int]:
    parts = [
        part
        for part in location
        if not (isinstance(part, str) and part != _DICT_KEY and _TYPE_TAG.match(part))
    ]
    if len(parts) > 1 and parts[0] in _SOURCES:
        parts = parts[1:]
    return parts


class _Located(NamedTuple):
    #: The field in words, as a sentence names it.
    phrase: str
    #: What one entry is called, when the field is a list.
    item: str | None


def _locate(location: Sequence[str | int]) -> _Located:
    parts = _meaningful(location)
    if _DICT_KEY in parts:
        # The key itself is wrong: ("advanced", "Z", "[key]") is "'Z' in the advanced
        # sections".
        at = parts.index(_DICT_KEY)
        key = parts[at - 1]
        parent = _locate(parts[: at - 1]).phrase if at > 1 else "the request body"
        return _Located(f"'{key}' in {parent}" if key != "" else f"a name in {parent}", None)
    located = _Located(FIELD_WORDS["body"].name, None)
    owner: str | None = None
    for depth, part in enumerate(parts):
        if isinstance(part, int):
            number = part + 1
            owner = (
                f"{located.item} {number}"
                if located.item
                else f"entry {number} of {located.phrase}"
            )
            located = _Located(owner, None)
            continue
        if depth > 0 and parts[depth - 1] == "advanced":
            words = FieldWords(f"advanced section {part}")
        elif depth > 1 and parts[depth - 2] == "advanced":
            # A question of the person's own: ("advanced", "C", "who") is "the answer to
            # 'who' in advanced section C".
            located = _Located(f"the answer to '{part}' in {located.phrase}", None)
            continue
        else:
            words = _words_of(part, top_level=depth == 0)
        name = f"{owner}'s {words.name.removeprefix('the ')}" if owner else words.name
        located = _Located(name, words.item)
    return located


_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def location_of(path: str) -> tuple[str | int, ...]:
    """A field path as the API answers it (``seeds[2].domain``, ``exclude_ssic.0``) as a
    location (``("seeds", 2, "domain")``), for wording an error known by its path."""
    return tuple(
        int(index or name) if (index or name).isdigit() else name
        for index, name in _PATH_PART.findall(path)
    )


def field_in_words(location: Sequence[str | int]) -> str:
    """A field's location as a person reads it: ``("best_customers", 2, "website")`` is
    "best customer 3's website", ``("website",)`` is "your company's website"."""
    return _locate(location).phrase


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _reason(message: str) -> str:
    reason = re.sub(r"^(Value error|Assertion failed), ", "", message).strip().rstrip(".")
    return reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason


_BOUND_SENTENCES: dict[str, tuple[str, str]] = {
    "greater_than": ("gt", "{field} must be more than {bound}."),
    "greater_than_equal": ("ge", "{field} must be {bound} or more."),
    "less_than": ("lt", "{field} must be less than {bound}."),
    "less_than_equal": ("le", "{field} must be {bound} or less."),
}
_TYPE_SENTENCES: dict[str, str] = {
    **dict.fromkeys(
        ("int_parsing", "int_type", "int_from_float"), "{field} must be a whole number."
    ),
    **dict.fromkeys(
        ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"),
        "{field} must be a number.",
    ),
    **dict.fromkeys(("bool_parsing", "bool_type"), "{field} must be true or false."),
    **dict.fromkeys(("string_type", "string_unicode"), "{field} must be text."),
    **dict.fromkeys(
        ("list_type", "tuple_type", "set_type", "frozen_set_type", "iterable_type"),
        "{field} must be a list.",
    ),
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type", "dataclass_type"),
        "{field} must be a JSON object.",
    ),
    **dict.fromkeys(
        ("url_parsing", "url_type", "url_syntax_violation", "url_too_long"),
        "{field} is not a web address: write it like www.example.sg.",
    ),
    "string_pattern_mismatch": "{field} is not written in the expected form.",
}


def error_sentence(
    error_type: str,
    location: Sequence[str | int],
    context: Mapping[str, Any] | None = None,
    message: str = "",
) -> str:
    """One sentence saying what is wrong with a field and what to do, from a pydantic
    error's ``type``, ``loc`` and ``ctx``; ``message`` (its ``msg``) is the reason given
    for the project's own validators and for types not worded here."""
    context = context or {}
    field, item = _locate(location)
    least, most = context.get("min_length"), context.get("max_length")
    if error_type == "missing" or (error_type == "too_short" and least is not None):
        least = 1 if error_type == "missing" else int(least)
        if item is not None:
            return f"Add at least {_count(least, item)}."
        if error_type == "missing":
            return _sentence(f"Give {field}.")
        return _sentence(f"{field} needs at least {_count(least, 'entry')}.")
    if error_type == "too_long" and most is not None:
        if item is not None:
            return f"Give at most {_count(int(most), item)}."
        return _sentence(f"Give at most {_count(int(most), 'entry')} in {field}.")
    if error_type == "string_too_short" and least is not None:
        if int(least) <= 1:
            return _sentence(f"{field} cannot be empty.")
        return _sentence(f"{field} must be at least {_count(int(least), 'character')} long.")
    if error_type == "string_too_long" and most is not None:
        return _sentence(
            f"{field} is too long: keep it to {_count(int(most), 'character')} or fewer."
        )
    bound = _BOUND_SENTENCES.get(error_type)
    if bound is not None and bound[0] in context:
        key, template = bound
        return _sentence(template.format(field=field, bound=_number(context[key])))
    if error_type in _TYPE_SENTENCES:
        return _sentence(_TYPE_SENTENCES[error_type].format(field=field))
    if error_type == "extra_forbidden":
        return _sentence(
            f"{_unknown_field(location)} is not a field we know: check its spelling, or "
            "leave it out."
        )
    if error_type == "url_scheme" and "expected_schemes" in context:
        return _sentence(f"{field} must start with {context['expected_schemes']}.")
    if error_type in ("literal_error", "enum") and context.get("expected"):
        return _sentence(f"{field} must be {context['expected']}.")
    if message:
        return _sentence(f"{field} is not valid: {_reason(message)}.")
    return _sentence(f"{field} is not valid.")


def _unknown_field(location: Sequence[str | int]) -> str:
    parts = _meaningful(location)
    if not parts:
        return "a field"
    parent = parts[:-1]
    name = f"'{parts[-1]}'"
    return f"{name} in {field_in_words(parent)}" if parent else name
