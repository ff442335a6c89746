"""Personal-name redaction: names in the positions sites put them are replaced, company
names and ordinary prose are left alone."""

from __future__ import annotations

import time

import pytest

from icp_assets.crawl.personal_data import (
    NAME_PLACEHOLDER,
    person_names_from_json_ld,
    redact_person_names,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Close takes 3 days now.” — Jane Tan, Head of Finance, Harbourline Logistics",
            "“Close takes 3 days now.” — [name], Head of Finance, Harbourline Logistics",
        ),
        ("Jane Tan, Head of Finance at Kopi Corner", "[name], Head of Finance at Kopi Corner"),
        ("Jane Tan (Finance Director)", "[name] (Finance Director)"),
        ("Rajesh s/o Kumar | Operations Manager", "[name] | Operations Manager"),
        ("— Jane Tan", "— [name]"),
        ("“Superb service.” – Wei Ling Ong, Meridian", "“Superb service.” – [name], Meridian"),
        ("Meet Jane Tan, our new COO.", "Meet [name], our new COO."),
        ("Contact: Mr Lim Wei Ming", "Contact: Mr [name]"),
        ("Please ask for Mdm Siti Nurhaliza binte Ahmad.", "Please ask for Mdm [name]."),
        ("Dr. Tan will see you", "Dr. [name] will see you"),
        ("Written by Aisha Rahman", "Written by [name]"),
        (
            "Muhammad Faiz bin Abdullah\nChief Executive Officer",
            "[name]\nChief Executive Officer",
        ),
        ("TAN Wei Ming, Managing Director", "[name], Managing Director"),
        ("Says Jane Tan, Finance Director", "Says [name], Finance Director"),
        ("Priya d/o Raman\nSenior Associate", "[name]\nSenior Associate"),
        ("Jean-Luc O'Brien, VP Sales", "[name], VP Sales"),
    ],
)
def test_names_in_recognizable_positions_are_redacted(text: str, expected: str) -> None:
    assert redact_person_names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Harbourline Logistics, a 3PL serving Singapore and Malaysia.",
        "Harbourline Logistics, Head Office",
        "Straits Law LLP, Managing Partner of the year award",
        "- Cold Storage\n- Freight Forwarding\n- Customs Clearance",
        "Cold Storage\nWarehouse Operations",
        "Our Services, Head of nothing",
        "Customer Success Manager",
        "Kuala Lumpur, Malaysia",
        "Quarterly Review, Senior leadership",
        "We work with ACME IT, Lead partner",
        "Meet Our Team",
        "Singapore 079903",
        "",
    ],
)
def test_company_names_and_ordinary_prose_are_left_alone(text: str) -> None:
    assert redact_person_names(text) == text


def test_known_names_are_removed_wherever_they_appear() -> None:
    text = "We asked Jane  Tan about it; jane tan is lower case."
    assert redact_person_names(text, known_names={"Jane Tan", "x"}) == (
        "We asked [name] about it; jane tan is lower case."
    )


def test_a_company_name_without_organisation_words_is_a_documented_miss() -> None:
    # "Kopi Corner – Operations Manager" has the shape of a name before a title.
    assert redact_person_names("Kopi Corner – Operations Manager") == (
        f"{NAME_PLACEHOLDER} – Operations Manager"
    )


def test_person_names_are_collected_from_nested_json_ld() -> None:
    json_ld = [
        {
            "@type": "Organization",
            "name": "Harbourline Logistics",
            "founder": {"@type": "Person", "name": "Jane  Tan"},
            "employee": [{"@type": ["Person"], "givenName": "Wei Ming", "familyName": "Lim"}],
        },
        {"@type": "Review", "author": {"@type": "Person", "name": "Aisha Rahman"}},
        {"@type": "Person"},
    ]
    assert person_names_from_json_ld(json_ld) == {"Jane Tan", "Wei Ming Lim", "Aisha Rahman"}


def test_non_latin_scripts_and_odd_unicode_pass_through() -> None:
    text = "陈伟明, 财务总监\n\u200bØystein Ærø, Head of Sales\nمرحبا"
    assert redact_person_names(text) == "陈伟明, 财务总监\n\u200b[name], Head of Sales\nمرحبا"


def test_redaction_stays_fast_on_a_large_page() -> None:
    chunk = (
        "“Great.” — Jane Tan, Head of Finance, Harbourline Logistics. We serve logistics "
        "businesses across Singapore and Malaysia with 24/7 support.\n"
    )
    text = chunk * 5_000  # ~700 kB
    started = time.perf_counter()
    redacted = redact_person_names(text)
    assert time.perf_counter() - started < 3.0
    assert "Jane Tan" not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "Full-time · Kuala Lumpur - Head of Sales",
        "Hong Kong, Regional Director",
        "Tanjong Pagar | Outlet Manager",
    ],
)
def test_place_names_before_a_title_are_not_taken_for_people(text: str) -> None:
    assert redact_person_names(text) == text
