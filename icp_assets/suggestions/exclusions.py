"""What a tenant excludes without adopting a card: SSIC codes or prefixes and named
companies (``icp_exclusions``), each addition and removal audited. The next run of
``icp_patterns`` and ``suggestions`` honours them: no card inside an excluded code, no
excluded company in any sizing.

``parse_exclusions`` is pure; the rest works inside the caller's tenant transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, text

from icp_assets.mapping.resolution import is_uen
from icp_assets.normalize import collapse_whitespace, normalize_company_name

ExclusionKind = Literal["ssic", "company"]
_SSIC_VALUE = re.compile(r"[0-9]{1,5}")
MAX_EXCLUSIONS_PER_CALL = 200
MAX_TEXT_CHARS = 200

LIST_EXCLUSIONS = text(
    """
    SELECT id, kind, value, label, reason, created_by, created_at FROM icp_exclusions
    WHERE tenant_id = :tenant_id ORDER BY kind, value
    """
)
ADD_EXCLUSION = text(
    """
    INSERT INTO icp_exclusions (tenant_id, kind, value, label, reason, created_by)
    VALUES (:tenant_id, :kind, :value, :label, :reason, :actor)
    ON CONFLICT (tenant_id, kind, value) DO NOTHING
    RETURNING id
    """
)
REMOVE_EXCLUSION = text(
    "DELETE FROM icp_exclusions WHERE tenant_id = :tenant_id AND id = :id "
    "RETURNING kind, value, label"
)
AUDIT = text(
    """
    INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, details)
    VALUES (:tenant_id, :actor, :action, 'exclusion', :entity_id, CAST(:details AS jsonb))
    """
)


class ExclusionError(ValueError):
    """An exclusion that is not an SSIC code or prefix, or not a company's name or UEN."""


@dataclass(frozen=True)
class Exclusion:
    kind: ExclusionKind
    #: The SSIC code or prefix; a company's UEN, else its normalized name.
    value: str
    #: What the person typed.
    label: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value, "label": self.label}


def parse_exclusions(ssic: Sequence[str] = (), companies: Sequence[str] = ()) -> list[Exclusion]:
    """Exclusions from what a person typed: SSIC codes or prefixes (1 to 5 digits), and
    companies by UEN or name.

    Raises:
        ExclusionError: naming the value that is neither.
    """
    if len(ssic) + len(companies) > MAX_EXCLUSIONS_PER_CALL:
        raise ExclusionError(f"at most {MAX_EXCLUSIONS_PER_CALL} exclusions at a time")
    found: list[Exclusion] = []
    for value in ssic:
        code = str(value).strip()
        if not _SSIC_VALUE.fullmatch(code):
            raise ExclusionError(f"ssic: {value!r} is not an SSIC code or prefix (1 to 5 digits)")
        found.append(Exclusion("ssic", code, code))
    for value in companies:
        label = collapse_whitespace(str(value))[:MAX_TEXT_CHARS]
        if not label:
            raise ExclusionError("companies: an empty company name")
        key = label.upper() if is_uen(label) else normalize_company_name(label)
        if not key:
            raise ExclusionError(f"companies: {value!r} names no company")
        found.append(Exclusion("company", key, label))
    return list({(e.kind, e.value): e for e in found}.values())


def list_exclusions(conn: Connection, tenant_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "value": row.value,
            "label": row.label,
            "reason": row.reason,
            "created_by": row.created_by,
            "created_at": row.created_at.isoformat(),
        }
        for row in conn.execute(LIST_EXCLUSIONS, {"tenant_id": tenant_id})
    ]


def add_exclusions(
    conn: Connection,
    tenant_id: int,
    exclusions: Sequence[Exclusion],
    actor: str,
    reason: str | None = None,
) -> list[Exclusion]:
    """Store ``exclusions`` (those already stored are kept as they are) with one audit
    entry; returns the ones added."""
    reason = collapse_whitespace(reason)[:MAX_TEXT_CHARS] if reason else None
    added = []
    for exclusion in exclusions:
        row = conn.execute(
            ADD_EXCLUSION,
            {"tenant_id": tenant_id, **exclusion.as_json(), "reason": reason, "actor": actor},
        ).first()
        if row is not None:
            added.append(exclusion)
    if added:
        conn.execute(
            AUDIT,
            {
                "tenant_id": tenant_id,
                "actor": actor,
                "action": "add_exclusions",
                "entity_id": None,
                "details": json.dumps({"added": [e.as_json() for e in added], "reason": reason}),
            },
        )
    return added


def remove_exclusion(conn: Connection, tenant_id: int, exclusion_id: int, actor: str) -> bool:
    """Remove one exclusion, audited; False when the tenant has no such exclusion."""
    row = conn.execute(REMOVE_EXCLUSION, {"tenant_id": tenant_id, "id": exclusion_id}).first()
    if row is None:
        return False
    conn.execute(
        AUDIT,
        {
            "tenant_id": tenant_id,
            "actor": actor,
            "action": "remove_exclusion",
            "entity_id": str(exclusion_id),
            "details": json.dumps({"kind": row.kind, "value": row.value, "label": row.label}),
        },
    )
    return True
