"""Fixtures every test may use; none of them needs a database or a server (those are in
``tests/integration/conftest.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def sample_intake() -> dict:
    return {
        "website": "https://www.lumenledger.sg",
        "best_customers": [
            {"name": "Harbourline Logistics Pte. Ltd.", "website": "harbourline-logistics.sg"},
            {"name": "Kopi Corner F&B", "website": "https://www.kopicorner.com.sg"},
            {"name": "Straits Precision Engineering", "website": "straitsprecision.com.sg"},
            {"name": "Merlion Freight", "website": "merlionfreight.sg"},
            {"name": "Orchid Retail Group", "website": "orchidretail.sg"},
        ],
        "lost_customers": [
            {"name": "Pasir Panjang Print", "website": "ppprint.sg", "reason": "budget"},
            {"name": "Changi Clinic", "website": "changiclinic.sg", "reason": "on-prem only"},
            {"name": "Sentosa Solo", "reason": "too small"},
        ],
    }


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
