"""Reading JSON from outside (API bodies, intake files) within bounds.

Pure: no FastAPI, no database. Python's parser recurses once per level of nesting, turns
an integer of more than 4,300 digits into a ``ValueError`` and a float such as ``1e400``
into infinity, and reads ``NaN`` and ``Infinity``, which PostgreSQL's ``jsonb`` refuses.
``loads_bounded`` measures the nesting before it parses and refuses each of these with
a ``JsonBoundsError`` that names the problem.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: Deepest nesting of arrays and objects accepted; an intake needs 4 levels.
MAX_JSON_DEPTH = 32
#: Most characters in one number (sign, digits, point and exponent).
MAX_JSON_NUMBER_CHARS = 40

# A whole string (skipped: its brackets do not nest) or one bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class JsonBoundsError(ValueError):
    """JSON that is well formed but outside the bounds this project reads."""


def check_json_depth(document: str, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raises JsonBoundsError when ``document`` nests arrays or objects deeper than
    ``max_depth``; reads the text only (no parsing, no recursion)."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(document):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                raise JsonBoundsError(
                    f"JSON nested deeper than {max_depth} levels (char {match.start()})"
                )
        elif token in "]}":
            depth -= 1


def _number_text(text: str) -> str:
    if len(text) > MAX_JSON_NUMBER_CHARS:
        raise JsonBoundsError(
            f"a number of {len(text)} characters ({text[:12]}...): "
            f"at most {MAX_JSON_NUMBER_CHARS} are read"
        )
    return text


def _integer(text: str) -> int:
    return int(_number_text(text))


def _float(text: str) -> float:
    value = float(_number_text(text))
    if not math.isfinite(value):
        raise JsonBoundsError(f"the number {text} is too large")
    return value


def _constant(name: str) -> Any:
    raise JsonBoundsError(f"{name} is not a JSON value")


def loads_bounded(document: str | bytes) -> Any:
    """``document`` parsed as JSON, within the bounds above.

    Raises:
        JsonBoundsError: nesting over ``MAX_JSON_DEPTH``, a number over
            ``MAX_JSON_NUMBER_CHARS`` characters or out of a float's range, ``NaN``,
            ``Infinity`` or ``-Infinity``.
        ValueError: not JSON (``json.JSONDecodeError``) or not UTF-8.
    """
    if isinstance(document, bytes):
        text = document.decode(json.detect_encoding(document))
    else:
        text = document
    check_json_depth(text)
    return json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)
