"""SSIC 2020, the industry codes of the register: reading the official files."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

SSIC_DIR = Path(__file__).resolve().parent / "data" / "ssic2020"
#: Holding companies (bank/financial and other), head and regional head offices,
#: business representative offices: how a group is organised, not what it sells.
HOLDING_CODES = frozenset({"64201", "64202", "70101", "70102"})


@dataclass(frozen=True)
class SsicCode:
    code: str
    title: str
    level: str
    parent: str | None
    section: str
    definition: str | None


def read_ssic_codes(directory: Path = SSIC_DIR) -> list[SsicCode]:
    """Every code of the classification, parents before children, with definitions."""
    with (directory / "ssic2020_definitions.csv").open(encoding="utf-8", newline="") as handle:
        definitions = {row["code"]: row["definition"] for row in csv.DictReader(handle)}
    with (directory / "ssic2020.csv").open(encoding="utf-8", newline="") as handle:
        return [
            SsicCode(
                code=row["code"],
                title=row["title"],
                level=row["level"],
                parent=row["parent"] or None,
                section=row["section"],
                definition=definitions.get(row["code"]) or None,
            )
            for row in csv.DictReader(handle)
        ]


def read_ssic_activities(directory: Path = SSIC_DIR) -> list[tuple[str, str]]:
    """(code, activity) pairs of the activity index."""
    with (directory / "ssic2020_activities.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["code"], row["activity"]) for row in csv.DictReader(handle)]
