"""Tests for icp_assets.intake.chat_text: best and lost customers read from chat-typed text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_assets.intake.chat_text import (
    MAX_TEXT_CHARS,
    ParsedCustomer,
    ParsedIntakeText,
    Unparsed,
    parse_intake_text,
)
from icp_assets.intake.model import Customer, LostCustomer
from icp_assets.normalize import normalize_domain

NEEDS_REASON = "a lost customer needs a reason, e.g. 'Globex — globex.sg (budget < $10k)'"


def best(name: str, website: str | None = None, *, from_domain: bool = False) -> ParsedCustomer:
    return ParsedCustomer(name, website, None, from_domain)


def lost(
    name: str, website: str | None, reason: str, *, from_domain: bool = False
) -> ParsedCustomer:
    return ParsedCustomer(name, website, reason, from_domain)


# --------------------------------------------------------------------------------------------
# The API's examples
# --------------------------------------------------------------------------------------------


def test_two_best_customers_separated_by_a_semicolon():
    parsed = parse_intake_text("Acme — acme.com; Beta Logistics — betalogistics.sg")

    assert parsed.as_json() == {
        "best_customers": [
            {"name": "Acme", "website": "acme.com", "name_from_domain": False},
            {"name": "Beta Logistics", "website": "betalogistics.sg", "name_from_domain": False},
        ],
        "lost_customers": [],
        "unparsed": [],
    }


def test_a_reason_in_parentheses_makes_a_lost_customer():
    parsed = parse_intake_text("Globex — globex.sg (budget < $10k)")

    assert parsed.as_json() == {
        "best_customers": [],
        "lost_customers": [
            {
                "name": "Globex",
                "website": "globex.sg",
                "reason": "budget < $10k",
                "name_from_domain": False,
            }
        ],
        "unparsed": [],
    }


# --------------------------------------------------------------------------------------------
# Names and websites
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    [
        "Acme — acme.com",
        "Acme—acme.com",
        "Acme – acme.com",
        "Acme - acme.com",
        "Acme: acme.com",
        "Acme:acme.com",
        "Acme, acme.com",
        "Acme | acme.com",
        "Acme (acme.com)",
        "Acme acme.com",
        "Acme\tacme.com",
        "Acme — website: acme.com",
        "Acme — acme.com.",
        "Acme — <acme.com>",
    ],
)
def test_every_separator_between_name_and_website(entry):
    assert parse_intake_text(entry) == ParsedIntakeText((best("Acme", "acme.com"),), (), ())


def test_a_legal_name_with_its_website_in_parentheses():
    parsed = parse_intake_text("Acme Pte Ltd (acme.com)")

    assert parsed.best_customers == (best("Acme Pte Ltd", "acme.com"),)


def test_a_url_is_kept_as_written_with_its_scheme_and_path():
    parsed = parse_intake_text("Acme — https://www.acme.com/about")

    assert parsed.best_customers == (best("Acme", "https://www.acme.com/about"),)


@pytest.mark.parametrize(
    ("entry", "name"),
    [
        ("acme.com", "Acme"),
        ("https://www.acme.com/about", "Acme"),
        ("shop.acme.com.sg", "Acme"),
        ("beta-logistics.sg", "Beta-Logistics"),
        ("bücher.de", "Bücher"),
        ("xn--bcher-kva.de", "Bücher"),
    ],
)
def test_a_bare_domain_is_named_after_its_registrable_label(entry, name):
    parsed = parse_intake_text(entry)

    assert parsed.best_customers == (best(name, entry, from_domain=True),)
    assert parsed.as_json()["best_customers"] == [
        {"name": name, "website": entry, "name_from_domain": True}
    ]


def test_a_bare_name_has_no_website():
    assert parse_intake_text("Harbourline Logistics").best_customers == (
        best("Harbourline Logistics"),
    )


def test_a_name_that_is_a_domain_keeps_it_when_a_website_follows():
    parsed = parse_intake_text("Booking.com — booking.com\nVue.js Labs — vuejs.org")

    assert parsed.best_customers == (
        best("Booking.com", "booking.com"),
        best("Vue.js Labs", "vuejs.org"),
    )


def test_a_legal_form_written_like_a_domain_is_part_of_the_name():
    assert parse_intake_text("Acme Co.Ltd").best_customers == (best("Acme Co.Ltd"),)


# --------------------------------------------------------------------------------------------
# Entries: lines, bullets, numbering and commas
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Acme — acme.com\nBeta — beta.sg",
        "Acme — acme.com\r\n\r\nBeta — beta.sg\n",
        "Acme — acme.com; Beta — beta.sg",
        "- Acme — acme.com\n- Beta — beta.sg",
        "* Acme — acme.com\n* Beta — beta.sg",
        "• Acme — acme.com\n• Beta — beta.sg",
        "• Acme — acme.com • Beta — beta.sg",
        "1. Acme — acme.com\n2. Beta — beta.sg",
        "1) Acme — acme.com\n2) Beta — beta.sg",
        "Acme — acme.com, Beta — beta.sg",
        "Acme, acme.com, Beta, beta.sg",
    ],
)
def test_entries_are_separated_by_lines_semicolons_bullets_numbers_and_commas(text):
    assert parse_intake_text(text) == ParsedIntakeText(
        (best("Acme", "acme.com"), best("Beta", "beta.sg")), (), ()
    )


def test_a_comma_separated_list_of_names_and_of_domains():
    parsed = parse_intake_text("Acme, Beta Logistics, Gamma\nacme.io, beta.sg")

    assert parsed.best_customers == (
        best("Acme"),
        best("Beta Logistics"),
        best("Gamma"),
        best("Acme", "acme.io", from_domain=True),
        best("Beta", "beta.sg", from_domain=True),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme, Inc. — acme.com", [best("Acme, Inc.", "acme.com")]),
        ("Acme, Inc., acme.com", [best("Acme, Inc.", "acme.com")]),
        ("Acme, Pte. Ltd. (acme.sg)", [best("Acme, Pte. Ltd.", "acme.sg")]),
        ("Acme, LLC, Beta Ltd, Gamma", [best("Acme, LLC"), best("Beta Ltd"), best("Gamma")]),
        ("Acme Pte Ltd, Singapore — acme.sg", [best("Acme Pte Ltd, Singapore", "acme.sg")]),
    ],
)
def test_a_comma_before_a_legal_form_is_part_of_the_name(text, expected):
    assert list(parse_intake_text(text).best_customers) == expected


def test_dividers_are_skipped():
    assert parse_intake_text("Acme\n---\n***\nBeta").best_customers == (best("Acme"), best("Beta"))


# --------------------------------------------------------------------------------------------
# Reasons
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Globex (too expensive)", lost("Globex", None, "too expensive")),
        ("Globex because too expensive", lost("Globex", None, "too expensive")),
        ("Globex lost because of the price", lost("Globex", None, "the price")),
        ("Globex - lost: too expensive", lost("Globex", None, "too expensive")),
        ("Globex — globex.sg — lost: too expensive", lost("Globex", "globex.sg", "too expensive")),
        ("Globex, reason: too expensive", lost("Globex", None, "too expensive")),
        ("Globex due to budget cuts", lost("Globex", None, "budget cuts")),
        ("Globex — too expensive", lost("Globex", None, "too expensive")),
        ("Globex — globex.sg (lost: too expensive)", lost("Globex", "globex.sg", "too expensive")),
        ("Globex (globex.sg) because budget", lost("Globex", "globex.sg", "budget")),
        ("Globex (too small) — globex.sg", lost("Globex", "globex.sg", "too small")),
        ("globex.sg (too small)", lost("Globex", "globex.sg", "too small", from_domain=True)),
        (
            "Globex — globex.sg (too small) (no budget)",
            lost("Globex", "globex.sg", "too small; no budget"),
        ),
        (
            "Globex — globex.sg — too small, no budget",
            lost("Globex", "globex.sg", "too small, no budget"),
        ),
        ("Globex because under $10,000, and slow", lost("Globex", None, "under $10,000, and slow")),
    ],
)
def test_a_reason_makes_a_lost_customer(entry, expected):
    assert parse_intake_text(entry) == ParsedIntakeText((), (expected,), ())


def test_parentheses_hold_a_website_a_reason_or_a_locality_marker():
    parsed = parse_intake_text(
        "Acme (acme.com)\nAcme Asia (S) Pte Ltd — acme.sg\nHarbourline (S)\n"
        "Globex (globex.sg) (moved to an in-house tool)"
    )

    assert parsed == ParsedIntakeText(
        (
            best("Acme", "acme.com"),
            best("Acme Asia (S) Pte Ltd", "acme.sg"),
            best("Harbourline (S)"),
        ),
        (lost("Globex", "globex.sg", "moved to an in-house tool"),),
        (),
    )


def test_comma_separated_lost_customers_each_keep_their_reason():
    parsed = parse_intake_text("Globex (budget), Initech (too small)")

    assert parsed.lost_customers == (
        lost("Globex", None, "budget"),
        lost("Initech", None, "too small"),
    )


# --------------------------------------------------------------------------------------------
# Headings and kind
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["Lost:", "Lost customers:", "Churned:", "**Lost:**", "## Churned:"]
)
def test_a_lost_heading_makes_the_following_entries_lost(heading):
    parsed = parse_intake_text(f"Acme — acme.com\n{heading}\nGlobex — globex.sg (budget)\nInitech")

    assert parsed == ParsedIntakeText(
        (best("Acme", "acme.com"),),
        (lost("Globex", "globex.sg", "budget"),),
        (Unparsed("Initech", NEEDS_REASON),),
    )


@pytest.mark.parametrize("heading", ["Best:", "Best customers:", "Customers:"])
def test_a_best_heading_switches_back_and_drops_reasons(heading):
    parsed = parse_intake_text(f"Lost:\nGlobex (budget)\n{heading}\nAcme (our biggest account)")

    assert parsed == ParsedIntakeText((best("Acme"),), (lost("Globex", None, "budget"),), ())


def test_entries_on_the_heading_line_are_read():
    parsed = parse_intake_text(
        "Best customers: Acme — acme.com; Beta\nChurned: Globex — globex.sg (price)"
    )

    assert parsed == ParsedIntakeText(
        (best("Acme", "acme.com"), best("Beta")), (lost("Globex", "globex.sg", "price"),), ()
    )


def test_a_sentence_ending_in_a_colon_is_a_heading():
    parsed = parse_intake_text(
        "Here are the customers we lost:\nGlobex (price)\n"
        "And our top customers:\nAcme\nNotes:\nInitech"
    )

    assert parsed == ParsedIntakeText(
        (best("Acme"), best("Initech")),
        (lost("Globex", None, "price"),),
        (Unparsed("Notes:", "a heading that says neither best nor lost customers"),),
    )


def test_kind_best_makes_every_entry_best_without_its_reason():
    parsed = parse_intake_text("Lost:\nGlobex — globex.sg (budget)\nInitech", kind="best")

    assert parsed == ParsedIntakeText((best("Globex", "globex.sg"), best("Initech")), (), ())


def test_kind_lost_makes_every_entry_lost_and_needs_reasons():
    parsed = parse_intake_text("Best:\nGlobex — globex.sg (budget)\nInitech", kind="lost")

    assert parsed == ParsedIntakeText(
        (),
        (lost("Globex", "globex.sg", "budget"),),
        (Unparsed("Initech", NEEDS_REASON),),
    )


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind must be 'best', 'lost' or None, not 'worst'"):
        parse_intake_text("Acme", kind="worst")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# What cannot be read
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("Acme — acme..com", "invalid website: invalid characters in host name: 'acme..com'"),
        ("acme..com", "invalid website: invalid characters in host name: 'acme..com'"),
        ("Acme — ops@acme.com", "invalid website: e-mail address, not a website: 'ops@acme.com'"),
        ("Acme — ftp://acme.com", "invalid website: unsupported scheme 'ftp': 'ftp://acme.com'"),
        (
            "Acme (http://localhost/)",
            "invalid website: localhost is not a public website: 'http://localhost/'",
        ),
        ("(too expensive)", "no company name in this entry"),
        ("— acme..com", "invalid website: invalid characters in host name: 'acme..com'"),
    ],
)
def test_an_entry_that_cannot_be_read_is_unparsed_with_the_reason(entry, reason):
    assert parse_intake_text(f"{entry}\nAcme Holdings") == ParsedIntakeText(
        (best("Acme Holdings"),), (), (Unparsed(entry.lstrip("— "), reason),)
    )


def test_too_long_fields_are_unparsed():
    long_name = "A" * 201
    long_site = "acme.com/" + "a" * 292
    long_reason = "r" * 281
    parsed = parse_intake_text(
        f"{long_name}\n{'B' * 200}\nAcme — {long_site}\nGlobex ({long_reason})"
    )

    assert parsed == ParsedIntakeText(
        (best("B" * 200),),
        (),
        (
            Unparsed(long_name, "company name longer than 200 characters"),
            Unparsed(f"Acme — {long_site}", "website longer than 300 characters"),
            Unparsed(f"Globex ({long_reason})", "reason longer than 280 characters"),
        ),
    )


def test_duplicates_by_domain_or_by_name_are_reported_once():
    parsed = parse_intake_text(
        "Acme — acme.com\nACME Corp — https://www.acme.com/about\n"
        "Beta Logistics Pte Ltd\nBeta Logistics\nGlobex — acme.com (budget)\nAcme"
    )

    assert parsed == ParsedIntakeText(
        (best("Acme", "acme.com"), best("Beta Logistics Pte Ltd")),
        (),
        (
            Unparsed("ACME Corp — https://www.acme.com/about", "duplicate of Acme (acme.com)"),
            Unparsed("Beta Logistics", "duplicate of Beta Logistics Pte Ltd"),
            Unparsed("Globex — acme.com (budget)", "duplicate of Acme (acme.com)"),
            Unparsed("Acme", "duplicate of Acme (acme.com)"),
        ),
    )


def test_best_customers_over_the_limit_are_unparsed():
    parsed = parse_intake_text("\n".join(f"Customer {n} — customer{n}.com" for n in range(1, 53)))

    assert len(parsed.best_customers) == 50
    assert parsed.best_customers[-1] == best("Customer 50", "customer50.com")
    assert parsed.unparsed == (
        Unparsed("Customer 51 — customer51.com", "over the limit of 50 best customers"),
        Unparsed("Customer 52 — customer52.com", "over the limit of 50 best customers"),
    )


def test_lost_customers_over_the_limit_are_unparsed():
    parsed = parse_intake_text("\n".join(f"Lost {n} (price)" for n in range(1, 22)) + "\nAcme")

    assert len(parsed.lost_customers) == 20
    assert parsed.lost_customers[-1] == lost("Lost 20", None, "price")
    assert parsed.best_customers == (best("Acme"),)
    assert parsed.unparsed == (Unparsed("Lost 21 (price)", "over the limit of 20 lost customers"),)


# --------------------------------------------------------------------------------------------
# Input limits
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n"])
def test_empty_text_gives_empty_results(text):
    parsed = parse_intake_text(text)

    assert parsed == ParsedIntakeText((), (), ())
    assert parsed.as_json() == {"best_customers": [], "lost_customers": [], "unparsed": []}


def test_text_at_the_limit_is_read_and_longer_text_is_refused():
    at_limit = "Acme — acme.com\n" + " " * (MAX_TEXT_CHARS - 16)
    assert len(at_limit) == MAX_TEXT_CHARS
    assert parse_intake_text(at_limit).best_customers == (best("Acme", "acme.com"),)

    with pytest.raises(
        ValueError, match="intake text is 20,001 characters long; the limit is 20,000"
    ):
        parse_intake_text(at_limit + "x")


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_PIECES = [
    "Acme",
    "Beta Logistics",
    "acme.com",
    "https://www.beta.sg/about",
    "acme..com",
    "Inc.",
    "Pte Ltd",
    "(S)",
    "(",
    ")",
    "—",
    "–",
    " - ",
    ":",
    ",",
    ";",
    "|",
    "•",
    "\n",
    "1.",
    "2)",
    "- ",
    "Lost:",
    "Best customers:",
    "Churned:",
    "because",
    "reason:",
    "lost:",
    "$10,000",
    "@",
    "ops@acme.com",
    "xn--bcher-kva.de",
    "bücher.de",
    "localhost",
    "v2.0",
    " ",
    "  ",
    "...",
    "ftp://x.io",
    "www.",
    ".com",
    "Booking.com",
    "Co.Ltd",
    "(too small)",
    "due to",
]
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(_PIECES), max_size=120).map("".join),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=60).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, kind=st.sampled_from([None, "best", "lost"]))
def test_parsing_never_raises_and_keeps_only_valid_customers(text, kind):
    parsed = parse_intake_text(text, kind)

    customers = parsed.best_customers + parsed.lost_customers
    for customer in customers:
        if customer.website is not None:
            normalize_domain(customer.website)
            assert len(customer.website) <= 300
        assert customer.name.strip()
        assert len(customer.name) <= 200
    assert all(c.reason is None for c in parsed.best_customers)
    for customer in parsed.best_customers:
        Customer(name=customer.name, website=customer.website)
    for customer in parsed.lost_customers:
        LostCustomer(name=customer.name, website=customer.website, reason=customer.reason)
    assert all(c.reason and len(c.reason) <= 280 for c in parsed.lost_customers)
    assert len(parsed.best_customers) <= 50
    assert len(parsed.lost_customers) <= 20
    assert all(item.text.strip() and item.reason for item in parsed.unparsed)
    if kind == "best":
        assert parsed.lost_customers == ()
    if kind == "lost":
        assert parsed.best_customers == ()
