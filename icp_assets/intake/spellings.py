"""The spellings an intake may arrive in, read into the model's own names.

Pure: no database, no Dagster. The intake model (``icp_assets.intake.model``) has one
name for each answer; clients written against the plan, and its chat assistant, spell
some of them otherwise. :class:`IntakeReader` reads either spelling into the model's
names and remembers where each value came from, so that a refusal names a field as it
was sent (``seeds[2].domain``, not ``best_customers[2].website``).

Read beside the model's names:

* the plan's form: ``lost_or_churned`` (``lost_customers``), ``must_have_integrations``
  (``integrations_required``), ``geo_language_tz: {"geo", "language", "tz"}`` (``geos``,
  ``languages``, ``timezones``), ``deal.cycle_days`` (``deal.sales_cycle_days``);
* the chat's answers: ``lost`` (``lost_customers``) and ``optional: {geos, integrations,
  acv, cycle, price_floor, champions, triggers}``; ``optional`` may hold any other field
  of the intake too;
* in any customer: ``seed_name`` (``name``), ``domain`` or ``url`` (``website``);
* ``advanced``: a section's answer given as text (``{"C": "no agencies"}`` is read as
  ``{"C": {"answer": "no agencies"}}``), and ``A_to_H`` holding sections (``{"A_to_H":
  {"C": ...}}``) or text. A placeholder ("...") is no answer; text tied to no section is
  kept as sent but not read, and a note says so;
* a single string where a list is expected (``"geo": "SG"``) is a list of one.

The model reads values with the functions here: an employee band written as a range
(``"50–200"``, ``"50-200"``, ``"51 to 200"``, ``"200+"``, ``"120"``) becomes the nearest
standard band, and a time zone abbreviation (``"SGT"``) or a whole-hour UTC offset
(``"UTC+8"``) its IANA zone.

An answer given in two spellings is refused, naming the second; a field known in neither
spelling is left for the model to refuse, named as it was sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icp_assets.intake.errors import FieldError
from icp_assets.intake.text import refuse_nul

#: Other names of the intake's fields: the plan's, and the chat's ``lost``.
FIELD_ALIASES: Mapping[str, str] = {
    "lost_or_churned": "lost_customers",
    "lost": "lost_customers",
    "must_have_integrations": "integrations_required",
}
DEAL_ALIASES: Mapping[str, str] = {"cycle_days": "sales_cycle_days"}
CUSTOMER_ALIASES: Mapping[str, str] = {"seed_name": "name", "domain": "website", "url": "website"}
#: The plan's ``geo_language_tz`` object: each key and the field it fills.
GEO_LANGUAGE_TZ: Mapping[str, str] = {"geo": "geos", "language": "languages", "tz": "timezones"}
#: The chat's ``optional`` answers by their short names, and the field each fills (a
#: dotted path for one inside ``deal``).
OPTIONAL_ANSWERS: Mapping[str, str] = {
    "geos": "geos",
    "integrations": "integrations_required",
    "acv": "deal.acv_usd",
    "cycle": "deal.sales_cycle_days",
    "price_floor": "deal.price_floor_usd",
    "champions": "champion_titles",
    "triggers": "triggers",
}
#: The fields whose answer is a list: a single string given for one is a list of one.
LIST_FIELDS = frozenset(
    {"geos", "languages", "timezones", "integrations_required", "champion_titles", "triggers"}
)
CUSTOMER_LISTS = ("best_customers", "lost_customers")
#: The plan's key for all the advanced sections at once.
ALL_SECTIONS = "A_to_H"
#: The key a section's answer given as text is kept under.
SECTION_TEXT = "answer"


#: The longest text read as a placeholder; a longer one is an answer, held to its cap.
MAX_PLACEHOLDER_CHARS = 16
#: The advanced sections as a whole: their questions and answers together, or text tied
#: to no section (``{"A_to_H": "..."}``).
MAX_ADVANCED_CHARS = 20_000


def _is_placeholder(text: str) -> bool:
    """An empty answer or the documentation's ellipsis ("...", "…")."""
    return len(text) <= MAX_PLACEHOLDER_CHARS and not text.strip(" \t\r\n.…")


class IntakeReader:
    """Reads an intake's fields, in any of their spellings, into the model's names.

    ``form`` is the intake in the model's names, ``errors`` what could not be read and
    ``notes`` what was accepted but is not read. :meth:`sent_path` turns a path of the
    model (``lost_customers[0].website``) into the one that was sent; a path that was
    not renamed goes through ``unrenamed`` (unchanged by default).
    """

    def __init__(self, unrenamed: Callable[[str], str] | None = None) -> None:
        self.form: dict[str, Any] = {}
        self.errors: list[FieldError] = []
        self.notes: list[str] = []
        self._unrenamed = unrenamed or (lambda path: path)
        self._origins: dict[str, str] = {}
        self._given_as: dict[str, str] = {}

    # -- where things came from --------------------------------------------------------

    def sent_path(self, path: str) -> str:
        """The field as it was sent, for a path of the model."""
        best = ""
        for key in self._origins:
            if len(key) > len(best) and (path == key or path.startswith((key + ".", key + "["))):
                best = key
        if not best:
            return self._unrenamed(path)
        return self._origins[best] + path[len(best) :]

    def _came_from(self, path: str, sent: str) -> None:
        self._origins[path] = sent

    def _twice(self, sent: str, first: str) -> None:
        self.errors.append(FieldError(sent, f"the same answer as {first}: give only one of them"))

    # -- fields ------------------------------------------------------------------------

    def read_fields(self, data: Mapping[str, Any], at: str = "") -> None:
        """Read an object of intake fields (the form, or the chat's answers) that was
        sent at ``at`` (``"answers."``)."""
        for key, value in data.items():
            self.read_field(str(key), value, f"{at}{key}")

    def read_field(self, key: str, value: Any, sent: str) -> None:
        name = FIELD_ALIASES.get(key, key)
        if name in CUSTOMER_LISTS:
            self.put_customers(name, value, sent)
        elif name == "geo_language_tz":
            self._geo_language_tz(value, sent)
        elif name == "optional":
            self._optional(value, sent)
        elif name == "deal" and isinstance(value, dict):
            if "deal" in self._given_as or not isinstance(self.form.setdefault("deal", {}), dict):
                self._twice(sent, self._given_as.get("deal", "deal"))
                return
            self._given_as["deal"] = sent
            self._came_from("deal", sent)
            for inner, item in value.items():
                self.put(f"deal.{DEAL_ALIASES.get(inner, inner)}", item, f"{sent}.{inner}")
        elif name == "advanced":
            self.put("advanced", self._advanced(value, sent), sent)
        else:
            self.put(name, value, sent)

    def put(self, path: str, value: Any, sent: str) -> None:
        """Set the model's field ``path`` (``deal.acv_usd`` for one inside ``deal``)."""
        first = self._given_as.get(path)
        if first is not None:
            self._twice(sent, first)
            return
        head, _, key = path.rpartition(".")
        target = self.form.setdefault(head, {}) if head else self.form
        if not isinstance(target, dict):
            self._twice(sent, self._given_as.get(head, head))
            return
        if path in LIST_FIELDS and isinstance(value, str):
            value = [] if _is_placeholder(value) else [value]
            self._came_from(f"{path}[0]", sent)
        target[key] = value
        self._given_as[path] = sent
        self._came_from(path, sent)

    # -- customers ---------------------------------------------------------------------

    def put_customers(self, name: str, value: Any, sent: str) -> None:
        """A list of best or lost customers, after any the chat's seeds gave."""
        first = self._given_as.get(name)
        if first is not None:
            self._twice(sent, first)
            return
        self._given_as[name] = sent
        if not isinstance(value, list):
            if name in self.form:
                self.errors.append(FieldError(sent, "must be a list of customers"))
            else:
                self.form[name] = value
                self._came_from(name, sent)
            return
        if not self.form.get(name):
            self._came_from(name, sent)
        self.form.setdefault(name, [])
        for index, customer in enumerate(value):
            self.add_customer(name, customer, f"{sent}[{index}]")

    def add_customer(self, name: str, customer: Any, sent: str) -> None:
        """One more best or lost customer, its fields in any spelling."""
        customers = self.form.setdefault(name, [])
        path = f"{name}[{len(customers)}]"
        self._came_from(path, sent)
        if not isinstance(customer, dict):
            customers.append(customer)
            return
        read: dict[str, Any] = {}
        given_as: dict[str, str] = {}
        for key, value in customer.items():
            field = CUSTOMER_ALIASES.get(key, key)
            if field in given_as:
                self._twice(f"{sent}.{key}", f"{sent}.{given_as[field]}")
                continue
            given_as[field] = key
            read[field] = value
            self._came_from(f"{path}.{field}", f"{sent}.{key}")
        customers.append(read)

    # -- the plan's and the chat's groupings -------------------------------------------

    def _geo_language_tz(self, value: Any, sent: str) -> None:
        if not isinstance(value, dict):
            self.errors.append(
                FieldError(sent, 'must be an object: {"geo": ..., "language": ..., "tz": ...}')
            )
            return
        for key, item in value.items():
            field = GEO_LANGUAGE_TZ.get(key)
            if field is None:
                self.errors.append(
                    FieldError(
                        f"{sent}.{key}", f"not a field of {sent}, which holds geo, language and tz"
                    )
                )
            else:
                self.put(field, item, f"{sent}.{key}")

    def _optional(self, value: Any, sent: str) -> None:
        if not isinstance(value, dict):
            self.errors.append(FieldError(sent, "must be an object of optional answers"))
            return
        for key, item in value.items():
            field = OPTIONAL_ANSWERS.get(key)
            if field is None:
                self.read_field(key, item, f"{sent}.{key}")
            else:
                self.put(field, item, f"{sent}.{key}")

    def _advanced(self, value: Any, sent: str) -> Any:
        if not isinstance(value, dict):
            return value
        sections: dict[str, Any] = {}
        for key, answers in value.items():
            if key == ALL_SECTIONS:
                self._all_sections(answers, f"{sent}.{key}", sections)
            else:
                self._section(str(key), answers, f"{sent}.{key}", sections)
        return sections

    def _section(self, key: str, answers: Any, sent: str, sections: dict[str, Any]) -> None:
        if key in sections:
            self._twice(sent, self._origins.get(f"advanced.{key}", f"advanced.{key}"))
            return
        if isinstance(answers, str):
            if _is_placeholder(answers):
                return
            answers = {SECTION_TEXT: answers}
            self._came_from(f"advanced.{key}.{SECTION_TEXT}", sent)
        sections[key] = answers
        self._came_from(f"advanced.{key}", sent)

    def _all_sections(self, answers: Any, sent: str, sections: dict[str, Any]) -> None:
        if isinstance(answers, dict):
            for key, section in answers.items():
                self._section(str(key), section, f"{sent}.{key}", sections)
        elif isinstance(answers, str):
            if len(answers) > MAX_ADVANCED_CHARS:
                message = f"is {len(answers):,} characters: at most {MAX_ADVANCED_CHARS:,}"
                self.errors.append(FieldError(sent, message))
                return
            try:
                refuse_nul(answers)
            except ValueError as error:
                self.errors.append(FieldError(sent, str(error)))
                return
            if not _is_placeholder(answers):
                self.notes.append(
                    f"{sent}: text tied to none of the sections A to H is kept as sent but "
                    'not read; give each section\'s answers under its letter ({"C": ...})'
                )
        elif answers is not None:
            self.errors.append(
                FieldError(sent, 'must be the sections\' answers ({"A": {...}}) or text')
            )


# -- values ------------------------------------------------------------------------------

#: The longest headcount band read ("1,001 to 5,000 employees" and the like).
MAX_BAND_CHARS = 40
_COUNT = r"\d{1,3}(?:,\d{3})+|\d+"
_PEOPLE = r"(?:\s*(?:employees|staff|people|pax))?"
_RANGE = re.compile(rf"({_COUNT})\s*(?:-|–|—|to)\s*({_COUNT}){_PEOPLE}", re.IGNORECASE)
_AT_LEAST = re.compile(rf"({_COUNT})\s*\+{_PEOPLE}", re.IGNORECASE)
_ONE = re.compile(rf"({_COUNT}){_PEOPLE}", re.IGNORECASE)


def _count(text: str) -> int:
    return int(text.replace(",", ""))


def _bounds(band: str) -> tuple[int, int | None]:
    low, _, high = band.rstrip("+").partition("-")
    return int(low), int(high) if high else None


def _shared(low: int, high: int, band: str) -> float:
    """How much a range and a band have in common: what both cover over what either does."""
    band_low, band_high = _bounds(band)
    top = max(high, band_low) if band_high is None else band_high
    overlap = min(high, top) - max(low, band_low) + 1
    union = max(high, top) - min(low, band_low) + 1
    return max(overlap, 0) / union


def _band_holding(count: int, bands: Sequence[str]) -> str:
    for band in bands:
        high = _bounds(band)[1]
        if high is None or count <= high:
            return band
    return bands[-1]


def nearest_employee_band(value: str, bands: Sequence[str]) -> str:
    """The standard band (one of ``bands``, smallest first, the last open: ``"5001+"``)
    nearest to a headcount as a person writes it: a band, a range ("50–200", "50-200",
    "51 to 200": the band sharing most of it), "at least" ("200+": the band just above
    200) or a count ("120": the band holding it).

    Raises:
        ValueError: the value is none of these, or a range runs backwards.
    """
    text = value.strip()
    if text in bands:
        return text
    if len(text) > MAX_BAND_CHARS:
        raise ValueError(f"a headcount band is at most {MAX_BAND_CHARS} characters")
    if match := _RANGE.fullmatch(text):
        low, high = _count(match[1]), _count(match[2])
        if low > high:
            raise ValueError(f"{value!r}: the range's lower bound is above its upper bound")
        return max(bands, key=lambda band: _shared(low, high, band))
    if match := _AT_LEAST.fullmatch(text):
        return _band_holding(_count(match[1]) + 1, bands)
    if match := _ONE.fullmatch(text):
        return _band_holding(_count(match[1]), bands)
    raise ValueError(
        f"{value!r} is not a headcount band: give one of {', '.join(bands)}, "
        "or a range such as 50-200"
    )


#: Time zone abbreviations that name one zone where this product sells, and their IANA
#: zone. Ambiguous ones (CST, PST, BST) are left out: give those by their IANA name.
TIME_ZONE_ABBREVIATIONS: Mapping[str, str] = {
    "SGT": "Asia/Singapore",
    "MYT": "Asia/Kuala_Lumpur",
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
    "ICT": "Asia/Bangkok",
    "PHT": "Asia/Manila",
    "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "IST": "Asia/Kolkata",
    "AWST": "Australia/Perth",
    "ACST": "Australia/Adelaide",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
}
_UTC_OFFSET = re.compile(r"(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?00)?", re.IGNORECASE)


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def iana_time_zone(value: str) -> str:
    """The IANA name of a time zone given by that name, an abbreviation of
    :data:`TIME_ZONE_ABBREVIATIONS` (any case) or a whole-hour offset ("UTC+8").

    Raises:
        ValueError: a time zone none of these name.
    """
    text = value.strip()
    if _is_zone(text):
        return text
    named = TIME_ZONE_ABBREVIATIONS.get(text.upper())
    if named:
        return named
    if match := _UTC_OFFSET.fullmatch(text):
        hours = int(match[2])
        # The Etc zones' signs are POSIX's: UTC+8 is Etc/GMT-8.
        name = f"Etc/GMT{'-' if match[1] == '+' else '+'}{hours}" if hours else "Etc/GMT"
        if _is_zone(name):
            return name
    raise ValueError(f"unknown time zone {value!r}")
