"""An evidence item becomes its ``icp_evidence`` row with contacts redacted in every
column, whatever the extractor left in it."""

from __future__ import annotations

import json
from types import SimpleNamespace

from icp_assets.evidence.extract.model import EvidenceItem
from icp_assets.evidence.storage import _evidence_row

DOMAIN = SimpleNamespace(domain="acme.com", company_id=7, seed_ids=[3], role="best")


def test_every_text_column_of_an_evidence_row_is_redacted() -> None:
    item = EvidenceItem(
        signal_key="location",
        value="SG jane [at] acme [dot] com",
        url="https://acme.com/team/jane.tan%40gmail.com?phone=%2B6561234567",
        snippet="Call +65 61 23 45 12 or write to jane at acme dot com",
        confidence=0.8,
        extractor="locations",
        details={"address": ["name(at)acme.com", {"tel": "+65 6 1 2 3 4 5 1 1"}]},
    )
    row = _evidence_row(1, DOMAIN, item)
    assert row["value"] == "SG [email]"
    assert row["url"] == "https://acme.com/team/[email]?phone=[phone]"
    assert row["snippet"] == "Call [phone] or write to [email]"
    assert json.loads(row["details"]) == {
        "address": ["[email]", {"tel": "[phone]"}],
        "domain": "acme.com",
        "role": "best",
    }


def test_an_evidence_row_without_contacts_is_stored_as_extracted() -> None:
    item = EvidenceItem(
        signal_key="pricing",
        value="SGD:49:month",
        url="https://acme.com/pricing?plan=2",
        snippet="Starter S$49 a month, billed at 12 months",
        confidence=0.9,
        extractor="pricing",
        details={"plan": "Starter"},
    )
    row = _evidence_row(1, DOMAIN, item)
    assert (row["value"], row["url"], row["snippet"]) == (item.value, item.url, item.snippet)
    assert json.loads(row["details"])["plan"] == "Starter"
