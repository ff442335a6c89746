"""Register files for tests: ACRA's column format, and the entities behind the sample
intake's seeds."""

from __future__ import annotations

import csv
from pathlib import Path

REGISTER_HEADER = (
    "uen,entity_name,entity_type_description,entity_status_description,"
    "primary_ssic_code,primary_ssic_description,secondary_ssic_code,postal_code"
)


def write_register(path: Path, rows: list[tuple[str, ...]], header: str = REGISTER_HEADER) -> Path:
    """A register CSV in ACRA's column format from tuples in ``REGISTER_HEADER`` order."""

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header.split(","))
        writer.writerows(rows)
    return path


# Entities behind the sample intake's seeds, with namesakes that make matching honest.
SAMPLE_REGISTER = [
    (
        "201912345K",
        "HARBOURLINE LOGISTICS PTE. LTD.",
        "Local Company",
        "Live Company",
        "52101",
        "General warehousing",
        "49231",
        "049483",
    ),
    (
        "199901234A",
        "HARBOURLINE LOGISTICS PTE. LTD.",
        "Local Company",
        "Struck Off",
        "52101",
        "General warehousing",
        "",
        "",
    ),
    (
        "201800001M",
        "KOPI CORNER F&B PTE. LTD.",
        "Local Company",
        "Live Company",
        "56111",
        "Restaurants",
        "",
        "238801",
    ),
    (
        "53000001B",
        "KOPI CORNER",
        "Sole Proprietorship/ Partnership",
        "Live",
        "56122",
        "Food courts, coffee shops and canteens (with mainly food and beverage income)",
        "",
        "",
    ),
    (
        "201500002N",
        "STRAITS PRECISION ENGINEERING PTE. LTD.",
        "Local Company",
        "Live Company",
        "28221",
        "Manufacture and repair of machinery and machine-tools - metal "
        "cutting types (e.g. lathes, milling machines, shaping machines)",
        "",
        "628123",
    ),
    (
        "201600003P",
        "MERLION FREIGHT PTE. LTD.",
        "Local Company",
        "Live Company",
        "52292",
        "Freight transport arrangement",
        "",
        "819663",
    ),
    (
        "201700004Q",
        "ORCHID RETAIL GROUP PTE. LTD.",
        "Local Company",
        "Live Company",
        "47103",
        "Department stores",
        "",
        "238859",
    ),
    (
        "201700005R",
        "ORCHID RETAIL GROUP HOLDINGS PTE. LTD.",
        "Local Company",
        "Live Company",
        "64202",
        "Other holding companies",
        "",
        "",
    ),
    (
        "201000006S",
        "PASIR PANJANG PRINT PTE. LTD.",
        "Local Company",
        "Live Company",
        "18113",
        "Commercial printing (e.g. printing of brochures, cards, envelopes, labels and stationery)",
        "",
        "",
    ),
]
