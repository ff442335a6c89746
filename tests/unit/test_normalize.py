"""Tests for icp_assets.normalize: website/domain and company-name normalization."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from icp_assets.normalize import (
    InvalidDomainError,
    legal_form,
    normalize_company_name,
    normalize_domain,
    website_host,
)
from icp_assets.settings import PROJECT_ROOT

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

# --------------------------------------------------------------------------------------------
# Domains: examples
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("acme.com", "acme.com"),
        ("https://acme.com", "acme.com"),
        ("http://acme.com/", "acme.com"),
        ("//acme.com/contact", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("www2.acme.com", "acme.com"),
        ("HTTPS://WWW.ACME.COM/About-Us", "acme.com"),
        ("https://acme.com/path/to/page.html?q=1&r=two#section", "acme.com"),
        ("acme.com?utm_source=x", "acme.com"),
        ("acme.com#top", "acme.com"),
        ("acme.com:8080", "acme.com"),
        ("https://acme.com:8443/x", "acme.com"),
        ("https://user:pw@acme.com/", "acme.com"),
        ("http://user@www.acme.com:80/a", "acme.com"),
        ("acme.com.", "acme.com"),
        ("https://www.acme.com./", "acme.com"),
        ("  acme.com  ", "acme.com"),
        ("  acme .com ", "acme.com"),
        ("ac me.com", "acme.com"),
        ("\thttps://acme.com/\n", "acme.com"),
        ("http:acme.com", "acme.com"),
    ],
)
def test_normalize_domain_strips_scheme_www_path_and_port(value: str, expected: str) -> None:
    assert normalize_domain(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("shop.acme.com.sg", "acme.com.sg"),
        ("https://www.shop.acme.com.sg/sale", "acme.com.sg"),
        ("foo.co.uk", "foo.co.uk"),
        ("www.foo.co.uk", "foo.co.uk"),
        ("a.b.example.com", "example.com"),
        ("acme.sg", "acme.sg"),
        ("blog.acme.io", "acme.io"),
    ],
)
def test_normalize_domain_returns_registrable_domain_under_multi_part_suffix(
    value: str, expected: str
) -> None:
    assert normalize_domain(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bücher.de", "xn--bcher-kva.de"),
        ("BÜCHER.DE", "xn--bcher-kva.de"),
        ("https://www.bücher.de/katalog", "xn--bcher-kva.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("shop.bücher.de", "xn--bcher-kva.de"),
        ("bücher\u3002de", "xn--bcher-kva.de"),
        ("ＡＣＭＥ.com", "acme.com"),
    ],
)
def test_normalize_domain_encodes_internationalized_names_as_punycode(
    value: str, expected: str
) -> None:
    assert normalize_domain(value) == expected


def test_normalize_domain_idn_round_trips_through_punycode() -> None:
    encoded = normalize_domain("bücher.de")
    assert encoded == "xn--bcher-kva.de"
    assert normalize_domain(encoded) == encoded
    assert encoded.encode("ascii").decode("idna") == "bücher.de"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("   \t ", id="whitespace"),
        pytest.param("1.2.3.4", id="ipv4"),
        pytest.param("http://192.168.0.1:8080/admin", id="ipv4-url"),
        pytest.param("2001:db8::1", id="ipv6"),
        pytest.param("http://[2001:db8::1]:8080/", id="ipv6-url"),
        pytest.param("[::1]", id="ipv6-bracketed"),
        pytest.param("localhost", id="localhost"),
        pytest.param("http://localhost:3000/", id="localhost-url"),
        pytest.param("acme", id="no-suffix"),
        pytest.param("acme.invalidtld", id="unknown-tld"),
        pytest.param("com.sg", id="bare-public-suffix"),
        pytest.param("a" * 64 + ".com", id="label-too-long"),
        pytest.param(".".join(["a" * 60] * 5) + ".com", id="host-too-long"),
        pytest.param("acme_corp.com", id="underscore"),
        pytest.param("acme!.com", id="punctuation"),
        pytest.param("-acme.com", id="leading-hyphen"),
        pytest.param("acme-.com", id="trailing-hyphen"),
        pytest.param("acme..com", id="empty-label"),
        pytest.param("acme.com:http", id="non-numeric-port"),
        pytest.param("bob@acme.com", id="email"),
        pytest.param("ftp://acme.com", id="ftp-scheme"),
        pytest.param("mailto:bob@acme.com", id="mailto-scheme"),
        pytest.param("javascript:alert(1)", id="javascript-scheme"),
        pytest.param("https://", id="scheme-only"),
    ],
)
def test_normalize_domain_rejects_invalid_value_naming_it(value: str) -> None:
    with pytest.raises(InvalidDomainError) as excinfo:
        normalize_domain(value)
    assert excinfo.value.value == value
    assert repr(value) in str(excinfo.value)


def test_invalid_domain_error_is_a_value_error_and_pickles() -> None:
    with pytest.raises(ValueError, match="acme.invalidtld"):
        normalize_domain("acme.invalidtld")
    error = InvalidDomainError("bad value", "some reason")
    restored = pickle.loads(pickle.dumps(error))
    assert (restored.value, restored.reason, str(restored)) == (
        "bad value",
        "some reason",
        str(error),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.acme.com/about", "acme.com"),
        ("WWW.Shop.Acme.com.sg", "shop.acme.com.sg"),
        ("https://www.shop.acme.com.sg:8443/x", "shop.acme.com.sg"),
        ("www2.acme.io", "acme.io"),
        ("www.www.acme.com", "acme.com"),
        ("a.b.example.com.", "a.b.example.com"),
        ("www.com", "www.com"),
        ("shop.bücher.de", "shop.xn--bcher-kva.de"),
    ],
)
def test_website_host_removes_leading_www_and_keeps_other_subdomains(
    value: str, expected: str
) -> None:
    assert website_host(value) == expected


def test_website_host_rejects_what_normalize_domain_rejects() -> None:
    with pytest.raises(InvalidDomainError, match="bob@acme.com"):
        website_host("bob@acme.com")


def test_normalize_domain_uses_bundled_suffix_list_without_network(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import socket

        def no_network(*args, **kwargs):
            raise AssertionError("network access attempted")

        socket.getaddrinfo = no_network
        socket.create_connection = no_network

        from icp_assets.normalize import normalize_domain

        print(normalize_domain("https://shop.acme.com.sg/x"))
        """
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TLDEXTRACT_CACHE": str(tmp_path / "tldextract"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "acme.com.sg"
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# Domains: properties
# --------------------------------------------------------------------------------------------

SUFFIXES = ("com", "sg", "com.sg", "co.uk", "io", "net", "org")
# label.suffix combinations that are public suffixes themselves (gov.sg, co.io, ...).
PUBLIC_SECOND_LEVEL_LABELS = {
    "sg": {"com", "edu", "gov", "net", "org"},
    "io": {"co", "com", "edu", "gov", "mil", "net", "nom", "org"},
}
LABELS = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True).filter(
    # "xn--" labels must be valid punycode, which random text rarely is.
    lambda label: not label.startswith("xn--")
)


@st.composite
def registrable_domains(draw: st.DrawFn) -> str:
    suffix = draw(st.sampled_from(SUFFIXES))
    label = draw(LABELS)
    assume(label not in PUBLIC_SECOND_LEVEL_LABELS.get(suffix, set()))
    return f"{label}.{suffix}"


@st.composite
def decorated_websites(draw: st.DrawFn) -> tuple[str, str, str]:
    """Return (decorated URL, its registrable domain, its expected website_host)."""
    domain = draw(registrable_domains())
    subdomain = draw(st.sampled_from(["", "shop.", "a.b."]))
    www = draw(st.sampled_from(["", "www.", "WWW.", "www2."]))
    host = www + subdomain + domain
    upper = draw(st.lists(st.booleans(), min_size=len(host), max_size=len(host)))
    host = "".join(c.upper() if up else c for c, up in zip(host, upper, strict=True))
    scheme = draw(st.sampled_from(["", "http://", "https://", "HTTPS://", "//"]))
    userinfo = draw(st.sampled_from(["", "user@", "user:pw@"])) if scheme else ""
    trailing_dot = draw(st.sampled_from(["", "."]))
    port = draw(st.sampled_from(["", ":80", ":8443"]))
    path = draw(st.sampled_from(["", "/", "/about", "/a/b.html?x=1&y=a@b#frag", "?q=1", "#top"]))
    padding = draw(st.sampled_from(["", " ", "\t", " \n "]))
    value = f"{padding}{scheme}{userinfo}{host}{trailing_dot}{port}{path}{padding}"
    return value, domain, subdomain + domain


@PROPERTY_SETTINGS
@given(decorated_websites())
def test_normalize_domain_of_decorated_url_equals_plain_registrable_domain(
    case: tuple[str, str, str],
) -> None:
    value, domain, _ = case
    assert normalize_domain(value) == domain
    assert normalize_domain(domain) == domain


@PROPERTY_SETTINGS
@given(decorated_websites())
def test_website_host_of_decorated_url_keeps_subdomains_and_is_idempotent(
    case: tuple[str, str, str],
) -> None:
    value, domain, host = case
    assert website_host(value) == host
    assert website_host(host) == host
    assert normalize_domain(website_host(value)) == domain


DOMAINISH_TEXT = st.text(alphabet="abcXYZ019.-_:/@[]%?#ü\u3002 \t", max_size=40)


@PROPERTY_SETTINGS
@given(st.one_of(st.text(), DOMAINISH_TEXT))
def test_normalize_domain_raises_only_invalid_domain_error_and_returns_ascii_domain(
    value: str,
) -> None:
    try:
        domain = normalize_domain(value)
    except InvalidDomainError:
        return
    assert domain.isascii()
    assert domain == domain.lower()
    assert "." in domain
    assert normalize_domain(domain) == domain


@PROPERTY_SETTINGS
@given(st.one_of(st.text(), DOMAINISH_TEXT))
def test_website_host_raises_only_invalid_domain_error_and_is_idempotent(value: str) -> None:
    try:
        host = website_host(value)
    except InvalidDomainError:
        return
    assert host.isascii()
    assert host == host.lower()
    assert website_host(host) == host


# --------------------------------------------------------------------------------------------
# Company names: examples
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Pte. Ltd.", "acme"),
        ("ACME PTE LTD", "acme"),
        ("Acme Private Limited", "acme"),
        ("Acme (S) Pte Ltd", "acme"),
        ("Acme Singapore Pte. Ltd.", "acme"),
        ("Tan & Sons Trading", "tan sons trading"),
        ("Tan and Sons Trading Pte Ltd", "tan sons trading"),
        ("Café Nero Pte Ltd", "cafe nero"),
        ("O'Brien Logistics LLP", "obrien logistics"),
        ("  Beta   Logistics , Ltd. ", "beta logistics"),
        ("Singapore Airlines Limited", "singapore airlines"),
        ("Bank of Singapore Limited", "bank of singapore"),
        ("Uniland Fund IV VCC", "uniland fund iv"),
        ("Acme Singapore Pte Ltd", "acme"),
        ("Limited", "limited"),
        ("The Company", "company"),
        ("McDonald's", "mcdonalds"),
        ("McDonald\u2019s Restaurants Pte Ltd", "mcdonalds restaurants"),
        ("Acme PTE. LIMITED", "acme"),
        ("Acme Pvt Ltd", "acme"),
        ("Acme (Pte) Ltd", "acme"),
        ("Acme (Singapore) Pte Ltd", "acme"),
        ("Acme S'pore", "acme"),
        ("Acme SG", "acme"),
        ("Acme Sdn. Bhd.", "acme"),
        ("Acme Berhad", "acme"),
        ("Acme Pty Ltd", "acme"),
        ("Acme Holdings Inc.", "acme holdings"),
        ("Acme Incorporated", "acme"),
        ("Acme Corp", "acme"),
        ("Acme Corporation", "acme"),
        ("Acme Co., Ltd.", "acme"),
        ("Acme & Company", "acme"),
        ("Acme L.L.C.", "acme"),
        ("Acme PLC", "acme"),
        ("Acme LP", "acme"),
        ("Acme GmbH", "acme"),
        ("Acme AG", "acme"),
        ("Acme SA", "acme"),
        ("Acme B.V.", "acme"),
        ("The Acme Group", "acme group"),
        ("Acme-Beta/Gamma [Asia]", "acme beta gamma asia"),
        ("A & B", "a b"),
        ("A and B", "a b"),
        ("A + B", "a b"),
        ("A B", "a b"),
        ("ÉCOLE Ñandú", "ecole nandu"),
    ],
)
def test_normalize_company_name_examples(name: str, expected: str) -> None:
    assert normalize_company_name(name) == expected


def test_normalize_company_name_treats_and_ampersand_and_nothing_alike() -> None:
    assert (
        normalize_company_name("Tan & Sons Trading")
        == normalize_company_name("Tan and Sons Trading Pte Ltd")
        == normalize_company_name("Tan Sons Trading")
        == "tan sons trading"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Limited", "limited"),
        ("Pte Ltd", "pte ltd"),
        ("The Company", "company"),
        ("&", "and"),
        ("", ""),
        ("...", ""),
    ],
)
def test_normalize_company_name_keeps_a_name_that_is_only_a_legal_form(
    name: str, expected: str
) -> None:
    assert normalize_company_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Pte. Ltd.", "pte ltd"),
        ("Acme Private Limited", "pte ltd"),
        ("Acme (S) Pte Ltd", "pte ltd"),
        ("Acme Pte Ltd (Singapore)", "pte ltd"),
        ("Acme LLP", "llp"),
        ("Acme L.L.P.", "llp"),
        ("Acme Holdings", None),
        ("Acme Singapore", None),
        ("Acme Sdn. Bhd.", "sdn bhd"),
        ("Acme Bhd", "bhd"),
        ("Acme Limited", "ltd"),
        ("Acme Ltd.", "ltd"),
        ("Acme LLC", "llc"),
        ("Acme Inc.", "inc"),
        ("Acme Corporation", "corp"),
        ("Acme & Co", "co"),
        ("Acme PLC", "plc"),
        ("Acme LP", "lp"),
        ("Acme Pty Ltd", "pty ltd"),
        ("Acme GmbH", "gmbh"),
        ("", None),
    ],
)
def test_legal_form_returns_canonical_form(name: str, expected: str | None) -> None:
    assert legal_form(name) == expected


# --------------------------------------------------------------------------------------------
# Company names: properties
# --------------------------------------------------------------------------------------------

# (appended suffix, legal_form of the result); None for Singapore markers that are not forms.
APPENDED_SUFFIXES = [
    (" Pte. Ltd.", "pte ltd"),
    (" Pte Ltd", "pte ltd"),
    (" PTE. LIMITED", "pte ltd"),
    (" Private Limited", "pte ltd"),
    (" Pvt Ltd", "pte ltd"),
    (" (Pte) Ltd", "pte ltd"),
    (" (S) Pte Ltd", "pte ltd"),
    (" Singapore Pte. Ltd.", "pte ltd"),
    (" (Singapore) Private Limited", "pte ltd"),
    (" Limited", "ltd"),
    (", Ltd.", "ltd"),
    (" LLP", "llp"),
    (" LLC", "llc"),
    (" Inc.", "inc"),
    (" Incorporated", "inc"),
    (" Corp", "corp"),
    (" Corporation", "corp"),
    (" & Co.", "co"),
    (" Company", "co"),
    (" Sdn. Bhd.", "sdn bhd"),
    (" Berhad", "bhd"),
    (" PLC", "plc"),
    (" LP", "lp"),
    (" GmbH", "gmbh"),
    (" AG", "ag"),
    (" S.A.", "sa"),
    (" BV", "bv"),
    (" Pty Ltd", "pty ltd"),
    (" S'pore", None),
    (" (Singapore)", None),
    (" SG", None),
]
# Words that the normalizer drops at the edges of a name; base names avoid them so that the
# appended suffix is the only thing being tested.
VOCABULARY = frozenset(
    {
        *("the", "and", "pte", "ltd", "private", "limited", "pvt", "pty", "proprietary"),
        *("sdn", "bhd", "berhad", "sendirian", "llp", "llc", "lp", "inc", "incorporated"),
        *("corp", "corporation", "co", "company", "plc", "gmbh", "ag", "sa", "bv"),
        *("s", "a", "b", "v", "l", "p", "c", "singapore", "spore", "sg", "vcc"),
        # "Bank of Singapore": after these a place name is kept, by design.
        *("of", "in", "for", "de"),
    }
)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüöñçÉÜÑ"


def _ascii_fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


BASE_WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=10).filter(
    lambda word: _ascii_fold(word) not in VOCABULARY
)
BASE_NAMES = st.lists(BASE_WORDS, min_size=1, max_size=4).map(" ".join)


@PROPERTY_SETTINGS
@given(st.text())
def test_normalize_company_name_is_idempotent(name: str) -> None:
    key = normalize_company_name(name)
    assert normalize_company_name(key) == key
    legal_form(name)  # must not raise on arbitrary text


@PROPERTY_SETTINGS
@given(BASE_NAMES, st.sampled_from(APPENDED_SUFFIXES))
def test_normalize_company_name_ignores_appended_legal_form(
    base: str, suffix: tuple[str, str | None]
) -> None:
    appended, form = suffix
    assert normalize_company_name(base + appended) == normalize_company_name(base)
    assert legal_form(base + appended) == form
    assert legal_form(base) is None


@PROPERTY_SETTINGS
@given(BASE_NAMES, st.sampled_from(["", *(s for s, _ in APPENDED_SUFFIXES)]))
def test_normalize_company_name_ignores_case(base: str, suffix: str) -> None:
    name = base + suffix
    key = normalize_company_name(name)
    assert normalize_company_name(name.upper()) == key
    assert normalize_company_name(name.lower()) == key
    assert normalize_company_name(name.swapcase()) == key


@PROPERTY_SETTINGS
@given(
    st.lists(BASE_WORDS, min_size=1, max_size=5),
    st.lists(st.sampled_from([" ", "  ", "\t", " \n "]), min_size=6, max_size=6),
)
def test_normalize_company_name_ignores_extra_whitespace(words: list[str], gaps: list[str]) -> None:
    spaced = gaps[0] + "".join(w + gap for w, gap in zip(words, gaps[1:], strict=False))
    assert normalize_company_name(spaced) == normalize_company_name(" ".join(words))


@PROPERTY_SETTINGS
@given(st.lists(BASE_WORDS | st.sampled_from(sorted(VOCABULARY)), min_size=2, max_size=5))
def test_normalize_company_name_treats_and_as_ampersand(words: list[str]) -> None:
    with_and = " and ".join(words)
    assert normalize_company_name(with_and.replace(" and ", " & ")) == normalize_company_name(
        with_and
    )


@PROPERTY_SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_folds_exactly_like_the_unicode_path(text: str) -> None:
    from icp_assets.normalize import _fold_ascii, _fold_unicode

    assert _fold_ascii(text) == _fold_unicode(text)
