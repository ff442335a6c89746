"""Markdown for asset metadata that people read in the Dagster UI."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], limit: int = 50) -> str:
    """A Markdown table of at most ``limit`` rows, saying how many more there were."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    extra = 0
    for index, row in enumerate(rows):
        if index >= limit:
            extra += 1
            continue
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    if extra:
        lines.append(f"\n_and {extra} more_")
    return "\n".join(lines)
