"""A seed settled by the legal name or UEN its own website states."""

from __future__ import annotations

from icp_assets.mapping.site_identity import decide_site_match, stated_identities
from icp_assets.normalize import normalize_company_name
from icp_assets.reference.register_rows import RegisterCandidate

SINGTEL_UEN = "199201624D"
URL = "https://www.singtel.com/terms"


def entity(uen: str, name: str, status: str = "Live Company") -> RegisterCandidate:
    return RegisterCandidate(uen, name, normalize_company_name(name), "Public Company", status)


SINGTEL = entity(SINGTEL_UEN, "SINGAPORE TELECOMMUNICATIONS LIMITED")


def test_a_footer_states_the_legal_name_and_uen_together():
    text = "Copyright © 2024 Singapore Telecommunications Limited (UEN 199201624D). All rights."
    [by_uen, *by_name] = stated_identities(URL, text)
    assert (by_uen.uen, by_uen.name) == (SINGTEL_UEN, "Singapore Telecommunications Limited")
    assert "UEN 199201624D" in by_uen.text and by_uen.url == URL
    assert [i.name for i in by_name] == ["Singapore Telecommunications Limited"]


def test_registration_number_wordings_and_json_ld_are_read():
    texts = [
        "Company Registration No. 201912345K",
        "Co. Reg. No.: 201912345K",
        "Unique Entity Number: 201912345K",
    ]
    for text in texts:
        assert [i.uen for i in stated_identities(URL, text)] == ["201912345K"], text
    json_ld = [{"@type": "Organization", "legalName": "Acme Pte. Ltd.", "taxID": "201912345k"}]
    [identity] = stated_identities(URL, "", json_ld)
    assert (identity.name, identity.uen) == ("Acme Pte. Ltd.", "201912345K")


def test_a_number_that_is_not_a_uen_states_nothing():
    for text in ("Call us at 6838 3388 or order no. 12345678", "UEN: pending", "Reg No. 1234"):
        assert [i for i in stated_identities(URL, text) if i.uen] == [], text


def test_singtel_is_settled_by_the_uen_its_site_states():
    stated = stated_identities(URL, "© Singapore Telecommunications Limited UEN 199201624D")
    match = decide_site_match(7, "Singtel", stated, {SINGTEL_UEN: SINGTEL}, {})
    assert match is not None
    assert (match.seed_id, match.entity.uen, match.method, match.score) == (
        7,
        SINGTEL_UEN,
        "site_uen",
        1.0,
    )


def test_a_uen_quoted_for_another_company_is_not_taken():
    # A reseller's page quoting its supplier's UEN: neither name agrees with the entity.
    stated = stated_identities(URL, "Authorised reseller. Harbour Tools Pte. Ltd. UEN 199201624D")
    assert decide_site_match(7, "Kopi Corner", stated, {SINGTEL_UEN: SINGTEL}, {}) is None


def test_a_stated_legal_name_settles_the_seed_only_when_one_live_entity_bears_it():
    stated = stated_identities(URL, "© 2025 Meridian Trading Pte. Ltd. All rights reserved.")
    key = normalize_company_name("Meridian Trading Pte. Ltd.")
    one = entity("201911111A", "MERIDIAN TRADING PTE. LTD.")
    namesake = entity("53311111B", "MERIDIAN TRADING")
    struck_off = entity("201011111C", "MERIDIAN TRADING PTE. LTD.", "Struck Off")

    match = decide_site_match(3, "Meridian", stated, {}, {key: [one, struck_off]})
    assert match is not None and (match.entity.uen, match.method) == ("201911111A", "site_name")
    assert decide_site_match(3, "Meridian", stated, {}, {key: [one, namesake]}) is None
    assert decide_site_match(3, "Meridian", stated, {}, {}) is None
