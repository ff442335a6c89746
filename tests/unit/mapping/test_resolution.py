"""The seed resolver: the API lists ambiguous and unmatched seeds, stores a person's
choice in one tenant transaction, and the resolution sensor re-runs the tenant's
mapping, which then takes the chosen UEN."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from icp_assets.mapping.resolution import InvalidUenError, normalize_uen, resolver_entry

# Tenants of this module only: the run's tests share one warehouse and Dagster storage.
TENANT_E2E, TENANT_VIEWER, TENANT_A, TENANT_B = 851, 852, 853, 854

TENANT_UEN, TENANT_AUDIT, TENANT_UNMAPPED, TENANT_LATE = 855, 856, 857, 858

MERIDIAN_SEED = "Meridian Trading"

# Two live entities of one normalized name: they score alike, so the seed is ambiguous.
MERIDIAN_COMPANY, MERIDIAN_FIRM = "201911111A", "53311111B"


@pytest.fixture
def intake(sample_intake: dict) -> dict:
    sample_intake["best_customers"].append({"name": MERIDIAN_SEED, "website": "meridiantrading.sg"})
    return sample_intake


def test_a_uen_is_trimmed_and_upper_cased_and_must_be_9_or_10_letters_and_digits():
    assert normalize_uen(" 201912345k ") == "201912345K"
    assert normalize_uen("53000001B") == "53000001B"
    for bad in ("", "20191234", "201912345KX", "201912345-K", "T08LL1234 A"):
        with pytest.raises(InvalidUenError, match="9 or 10 letters and digits"):
            normalize_uen(bad)


def _row(**fields) -> SimpleNamespace:
    defaults = {
        "seed_id": 1,
        "kind": "best",
        "name": "Meridian Trading",
        "domain": None,
        "matched_uen": None,
        "matched_name": None,
        "score": 0.0,
        "ambiguous": False,
        "candidates": [],
        "confirmed_uen": None,
        "confirmed_name": None,
        "site_uen": None,
        "site_name": None,
        "site_score": None,
        "site_stated": None,
        "site_url": None,
    }
    return SimpleNamespace(**{**defaults, **fields})


def test_a_seed_its_website_settled_is_listed_with_the_statement_as_its_reason():
    site = {
        "site_uen": MERIDIAN_COMPANY,
        "site_name": "MERIDIAN TRADING PTE. LTD.",
        "site_score": 1.0,
        "site_stated": "UEN 201911111A",
        "site_url": "https://meridiantrading.sg/contact",
    }

    by_site = resolver_entry(_row(ambiguous=True, **site))
    confirmed = resolver_entry(_row(confirmed_uen=MERIDIAN_FIRM, **site))

    assert by_site["status"] == "matched_by_site"
    assert by_site["current"] == {
        "uen": MERIDIAN_COMPANY,
        "entity_name": "MERIDIAN TRADING PTE. LTD.",
        "score": 1.0,
        "reason": "stated on its website: UEN 201911111A",
        "url": "https://meridiantrading.sg/contact",
    }
    # A person's confirmation still outranks what a website states.
    assert confirmed["status"] == "confirmed"
    assert confirmed["current"]["uen"] == MERIDIAN_FIRM


def test_a_confirmed_uen_outranks_what_the_mapping_last_left():
    candidate = {"uen": MERIDIAN_FIRM, "entity_name": "MERIDIAN TRADING", "score": 0.97}

    confirmed = resolver_entry(
        _row(
            ambiguous=True,
            candidates=[candidate],
            confirmed_uen=MERIDIAN_COMPANY,
            confirmed_name="MERIDIAN TRADING PTE. LTD.",
        )
    )
    ambiguous = resolver_entry(_row(ambiguous=True, candidates=[candidate]))
    unmatched = resolver_entry(_row(candidates=[candidate]))

    assert confirmed["status"] == "confirmed"
    assert confirmed["current"] == {
        "uen": MERIDIAN_COMPANY,
        "entity_name": "MERIDIAN TRADING PTE. LTD.",
        "score": 1.0,
    }
    assert ambiguous["status"] == "ambiguous"
    assert ambiguous["current"] == {
        "uen": MERIDIAN_FIRM,
        "entity_name": "MERIDIAN TRADING",
        "score": 0.97,
    }
    assert (unmatched["status"], unmatched["current"]) == ("unmatched", None)
    assert unmatched["candidates"][0]["primary_ssic_code"] is None
