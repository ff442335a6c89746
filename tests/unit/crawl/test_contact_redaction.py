"""Contact redaction: e-mail addresses and phone numbers in every written form, in text
and in URLs, are replaced; ordinary uses of "at" and "dot" are left alone."""

from __future__ import annotations

import time

import pytest

from icp_assets.crawl.content import parse_html
from icp_assets.crawl.personal_data import (
    redact_contacts,
    redact_personal_data,
    redact_stored_value,
    redact_url,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name [at] company [dot] com", "[email]"),
        ("name(at)company.com", "[email]"),
        ("name at company dot com", "[email]"),
        ("write to jane.tan at acme dot com dot sg today", "write to [email] today"),
        ("JANE AT ACME DOT COM", "[email]"),
        ("jane (AT) acme (DOT) com", "[email]"),
        ("name{at}company{dot}com", "[email]"),
        ("name [@] company.com", "[email]"),
        ("name/at/company.com", "[email]"),
        ("name [at] company.com.sg", "[email]"),
        ("jane%40gmail.com", "[email]"),
        ("name\uff20gmail\uff0ecom", "[email]"),  # full-width at sign and full stop
        ("jane\u200b@gmail.com", "[email]"),  # a zero-width space inside
        ("jane at acme dot com dot matrix", "[email] dot matrix"),
        ("sales@acme.com", "[email]"),  # role addresses too: the rule keeps none
    ],
)
def test_hidden_email_addresses_are_redacted(text: str, expected: str) -> None:
    assert redact_contacts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We are at Jurong",
        "Our warehouse is at Jurong and we deliver daily.",
        "dot matrix printers",
        "We still service dot matrix printers.",
        "Order online at acme.com any time.",
        "Find us at acme.com.sg",
        "We Are At Jurong Dot com",  # capitalized words open sentences and names
        "meet at 3pm dot",
        "Kopi at Tiong Bahru (dot) delicious",
        "Price S$1,299.00 a year, ISO 9001:2015",
        "Founded in 2019, 120 staff, Singapore 389757",
        "UEN 201912345K",
    ],
)
def test_ordinary_words_at_and_dot_are_left_alone(text: str) -> None:
    assert redact_contacts(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+65 6 1 2 3 4 5 1 1", "[phone]"),
        ("+65 61 23 45 12", "[phone]"),
        ("+65-6123.4567", "[phone]"),
        ("+65/6123/4567", "[phone]"),
        ("+65\u20136123\u20134567", "[phone]"),  # en dashes
        ("+65_6123_4567", "[phone]"),
        ("(+65) 6123 4567", "[phone]"),
        ("+65 (0) 6123-4567", "[phone]"),
        ("+\uff16\uff15 \uff16\uff11\uff12\uff13 \uff14\uff15\uff16\uff17", "[phone]"),
        ("+65 6123 4567 (2019)", "[phone] (2019)"),
        ("+65 6123 4567", "[phone]"),
    ],
)
def test_phone_numbers_with_unusual_separators_are_redacted(text: str, expected: str) -> None:
    assert redact_contacts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Tan +65 6 1 2 3 4 5 1 1", "[name] [phone]"),
        ("Jane Tan: +65 61 23 45 12", "[name]: [phone]"),
        ("Call Marcus Lee on +65 6123 4567", "Call [name] on [phone]"),
        ("Jane Tan (+65 6123 4567)", "[name] ([phone])"),
        ("Ahmad Ismail, ahmad(at)acme.com", "[name], [email]"),
    ],
)
def test_a_name_next_to_a_contact_is_redacted(text: str, expected: str) -> None:
    assert redact_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sales Team: +65 6123 4567",
        "Main Line: +65 6123 4567",
        "Customer Hotline +65 6123 4567",
        "Harbourline Logistics +65 6123 4567",
        "Head Office, +65 6123 4567",
    ],
)
def test_a_team_or_line_name_next_to_a_contact_is_kept(text: str) -> None:
    assert redact_personal_data(text) == text.replace("+65 6123 4567", "[phone]")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://acme.com/team/jane.tan@gmail.com", "https://acme.com/team/[email]"),
        ("https://acme.com/team/jane.tan%40gmail.com/bio", "https://acme.com/team/[email]/bio"),
        ("https://acme.com/team/jane [at] gmail [dot] com", "https://acme.com/team/[email]"),
        (
            "https://acme.com/contact?email=jane.tan%40gmail.com&topic=quote",
            "https://acme.com/contact?email=[email]&topic=quote",
        ),
        ("https://acme.com/contact?to=jane@gmail.com", "https://acme.com/contact?to=[email]"),
        ("https://acme.com/call?phone=%2B6561234567", "https://acme.com/call?phone=[phone]"),
        ("https://acme.com/a#jane@gmail.com", "https://acme.com/a#[email]"),
        ("https://jane:secret@acme.com/a", "https://acme.com/a"),
    ],
)
def test_an_address_in_a_url_is_redacted_in_its_segment(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.com/pricing",
        "https://acme.com/p?id=12345678&sort=price",
        "https://acme.com/blog/2024/05/at-the-expo",
        "https://acme.com/search?q=dot+matrix",
        "https://acme.com/files/report%20v2.html",
        "",
    ],
)
def test_a_url_without_an_address_is_unchanged(url: str) -> None:
    assert redact_url(url) == url


def test_stored_values_are_redacted_in_every_string_of_nested_json() -> None:
    value = {"a": ["jane [at] acme [dot] com", {"b": "+65 61 23 45 12"}], "n": 3, "ok": None}
    assert redact_stored_value(value) == {"a": ["[email]", {"b": "[phone]"}], "n": 3, "ok": None}


def test_hidden_contacts_are_removed_from_every_markup_signal() -> None:
    html = """<html><head><title>Jane [at] acme [dot] com</title>
    <meta name="description" content="Write to buyer(at)acme.com or +65 6 1 2 3 4 5 1 1">
    <script type="application/ld+json">{"@type": "Organization", "name": "Acme",
      "description": "Reach us: sales [at] acme [dot] com, +65 61 23 45 12",
      "sameAs": ["https://acme.com/team/jane.tan%40gmail.com"]}</script></head>
    <body><h1>Contact weiling at gmail dot com</h1>
    <img src="x.png" alt="priya [@] gmail.com">
    <p>Mail siti\uff20gmail\uff0ecom or call +65/6123/4567. We are at Jurong.</p></body></html>"""
    page = parse_html(html, url="https://acme.com/", domain="acme.com", page_type="contact").content
    stored = " ".join(
        [page.title, page.main_text, str(page.json_ld), str(page.meta), *page.headings]
        + list(page.image_alts)
    )
    for leftover in ("acme [dot]", "(at)", "weiling", "[@]", "siti", "%40", "+65", "jane"):
        assert leftover not in stored.lower(), leftover
    assert "We are at Jurong." in page.main_text


def test_hidden_address_redaction_stays_linear_on_adversarial_text() -> None:
    texts = [
        "a at b dot c " * 20_000,
        "x [at] " + "a." * 50_000,
        "a [at] b " * 20_000,
        "a." * 50_000,
        "+65 " * 30_000,
        "1 " * 50_000,
    ]
    started = time.perf_counter()
    for text in texts:
        redact_contacts(text)
        redact_url("https://acme.com/" + text[:20_000])
    assert time.perf_counter() - started < 5
