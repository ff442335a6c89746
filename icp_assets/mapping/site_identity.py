"""The register entity a company's own website says it is. Pure: no Dagster, no SQL.

Singapore companies commonly print their legal name and UEN in a footer, their terms or
their contact page ("© 2024 XYZ Pte. Ltd. (UEN 201912345K)", "Company Registration No.
201912345K"), and many sites carry them in JSON-LD (``legalName``, ``taxID``). A seed the
name matching could not settle ("Singtel" is not SINGAPORE TELECOMMUNICATIONS LIMITED by
spelling) is settled by what its own site states, accepted under the usual rules: the
register entity must exist and its name must agree with the name the site or the
person gave.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from icp_assets.mapping.matching import ACCEPT_SCORE, name_similarity
from icp_assets.mapping.resolution import UEN_FORMS
from icp_assets.normalize import collapse_whitespace, normalize_company_name
from icp_assets.reference.register_rows import RegisterCandidate

_UEN = UEN_FORMS
UEN_STATEMENT_RE = re.compile(
    r"\b(?:UEN|Unique\s+Entity\s+(?:Number|No\.?)|(?:Company|Co\.?|Business)\s+"
    r"Reg(?:istration|n)?\.?\s*(?:No\.?|Number)|Registration\s+(?:No\.?|Number)|Reg\.?\s*No\.?)"
    rf"\s*[:#.]?\s*\(?\s*({_UEN})\b"
)
_LEGAL_SUFFIX = (
    r"(?:Pte\.?\s*Ltd\.?|Private\s+Limited|Limited|Ltd\.?|LLP|L\.L\.P\.|Berhad|Bhd\.?|"
    r"Incorporated|Inc\.?|Corporation|Corp\.?)"
)
_NAME_WORD = r"[A-Z0-9][\w&'’.\-]*"
_LEGAL_NAME = rf"((?:{_NAME_WORD}\s+){{0,6}}{_NAME_WORD}\s+{_LEGAL_SUFFIX})"
# A legal name where sites print one: after ©, "a company of", "operated by", or before
# its UEN.
LEGAL_NAME_RE = re.compile(
    rf"(?:©|\(c\)|copyright|operated\s+by|owned\s+by|is\s+a\s+trading\s+name\s+of)\s*"
    rf"(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*)?{_LEGAL_NAME}"
    rf"|{_LEGAL_NAME}\s*[,(]?\s*(?=(?:UEN|Co\.?\s*Reg|Company\s+Reg|Registration))",
    re.IGNORECASE,
)
MAX_STATEMENT_CHARS = 200


@dataclass(frozen=True)
class StatedIdentity:
    """What one page says its company is: a legal name, a UEN, or both."""

    url: str
    name: str | None
    uen: str | None
    text: str


def _json_ld_identities(url: str, json_ld: Iterable[Mapping[str, Any]]) -> list[StatedIdentity]:
    found = []
    for block in json_ld:
        name = block.get("legalName")
        uen = None
        for key in ("taxID", "identifier", "vatID"):
            value = block.get(key)
            if isinstance(value, Mapping):
                value = value.get("value")
            if isinstance(value, str) and re.fullmatch(_UEN, value.strip().upper()):
                uen = value.strip().upper()
        if isinstance(name, str) or uen:
            text = f"JSON-LD legalName {name!r}" + (f", identifier {uen}" if uen else "")
            found.append(StatedIdentity(url, name if isinstance(name, str) else None, uen, text))
    return found


def stated_identities(
    url: str, text: str, json_ld: Iterable[Mapping[str, Any]] = ()
) -> list[StatedIdentity]:
    """The legal names and UENs a page states for its own company, each with the words
    that state it."""
    found = _json_ld_identities(url, json_ld)
    for match in UEN_STATEMENT_RE.finditer(text):
        window = text[max(0, match.start() - 120) : match.end()]
        names = [m.group(1) or m.group(2) for m in LEGAL_NAME_RE.finditer(window)]
        statement = collapse_whitespace(window)[-MAX_STATEMENT_CHARS:]
        found.append(StatedIdentity(url, names[-1] if names else None, match.group(1), statement))
    for match in LEGAL_NAME_RE.finditer(text):
        name = match.group(1) or match.group(2)
        statement = collapse_whitespace(match.group(0))[:MAX_STATEMENT_CHARS]
        found.append(StatedIdentity(url, collapse_whitespace(name), None, statement))
    return found


@dataclass(frozen=True)
class SiteMatch:
    """A seed's register entity, as its website states it."""

    seed_id: int
    entity: RegisterCandidate
    score: float
    method: Literal["site_uen", "site_name"]
    stated: StatedIdentity


#: How alike the register's name must be to the stated or typed name when the site
#: states the UEN itself: a UEN on a company's own site is strong evidence, the name
#: check guards against a parent's or a client's UEN quoted on it.
MIN_NAME_AGREEMENT_WITH_UEN = 0.5


def decide_site_match(
    seed_id: int,
    seed_name: str,
    stated: Sequence[StatedIdentity],
    by_uen: Mapping[str, RegisterCandidate],
    by_name: Mapping[str, Sequence[RegisterCandidate]],
) -> SiteMatch | None:
    """The seed's register entity from what its site states: a stated UEN whose entity's
    name agrees with the stated (or typed) name, else a stated legal name that one live
    entity alone bears (an exact normalized name, as the usual rules accept); else none.
    ``by_uen`` and ``by_name`` (normalized name) are the register entities looked up."""
    seed_key = normalize_company_name(seed_name)
    for identity in stated:
        entity = by_uen.get(identity.uen or "")
        if entity is None:
            continue
        names = [n for n in (identity.name, seed_name) if n]
        agreement = max(
            name_similarity(normalize_company_name(n), entity.normalized_name) for n in names
        )
        if agreement >= MIN_NAME_AGREEMENT_WITH_UEN or (
            seed_key and seed_key in entity.normalized_name
        ):
            return SiteMatch(seed_id, entity, 1.0, "site_uen", identity)
    for identity in stated:
        if not identity.name:
            continue
        namesakes = [e for e in by_name.get(normalize_company_name(identity.name), ()) if e.is_live]
        if len(namesakes) == 1:
            entity = namesakes[0]
            score = name_similarity(normalize_company_name(identity.name), entity.normalized_name)
            if score >= ACCEPT_SCORE:
                return SiteMatch(seed_id, entity, round(score, 4), "site_name", identity)
    return None
