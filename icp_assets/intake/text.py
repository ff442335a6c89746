"""What every text of an intake must be: something PostgreSQL stores and a person can read.

Pure: no database. PostgreSQL's ``text`` and ``jsonb`` refuse the NUL character
(U+0000), so a value holding one would pass validation and then fail on insert. A name
made only of zero-width or other format characters (U+200B, U+200D, U+2060, U+FEFF...)
looks empty. :func:`intake_text` is the string type of every field of the intake model:
it refuses NUL, trims whitespace and invisible characters from both ends, and refuses a
required value with nothing visible left. (An unpaired surrogate, as in a JSON
``"\\ud800"``, is refused by pydantic's own string type.)
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints

# Characters that draw nothing but are neither whitespace nor format characters (Cf):
# the combining grapheme joiner, the Hangul and Khmer fillers and the blank Braille cell.
_BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\u2800")


def is_invisible(character: str) -> bool:
    """Whether ``character`` draws nothing: whitespace, a control or format character
    (U+200B zero-width space, U+FEFF byte order mark) or a blank filler."""
    return (
        character.isspace()
        or unicodedata.category(character) in ("Cc", "Cf")
        or character in _BLANK_LETTERS
    )


def refuse_nul(value: str) -> str:
    """``value`` unchanged.

    Raises:
        ValueError: it holds a NUL character, which PostgreSQL cannot store.
    """
    if "\x00" in value:
        raise ValueError(
            f"contains a NUL character (\\u0000) at position {value.index(chr(0)) + 1}, "
            "which cannot be stored: remove it"
        )
    return value


def trim_invisible(value: str) -> str:
    """``value`` without whitespace and invisible characters at either end."""
    start, end = 0, len(value)
    while start < end and is_invisible(value[start]):
        start += 1
    while end > start and is_invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def _storable(value: str) -> str:
    return trim_invisible(refuse_nul(value))


def _visible(value: str) -> str:
    text = _storable(value)
    if not text and value:
        codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(value))[:4])
        raise ValueError(
            f"has only invisible characters ({codes}, such as zero-width spaces): "
            "write it in visible characters"
        )
    return text


def intake_text(max_chars: int, *, required: bool = True) -> Any:
    """The string type of the intake's fields: at most ``max_chars`` characters, trimmed
    of whitespace and invisible characters at both ends, no NUL; when ``required``, not
    empty and not only invisible characters.

    The length is checked before the invisible characters are trimmed, so that the
    error is pydantic's own ``string_too_long``."""
    if required:
        return Annotated[
            str,
            StringConstraints(strip_whitespace=True, min_length=1, max_length=max_chars),
            AfterValidator(_visible),
        ]
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_chars),
        AfterValidator(_storable),
    ]
