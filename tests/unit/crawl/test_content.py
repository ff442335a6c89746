"""Parsing a fetched page: main text, markup signals, and no personal data kept."""

import json

from icp_assets.crawl.content import page_from_stored, parse_html, sanitize_json_ld

PAGE = """<!doctype html>
<html><head>
<title>About Harbourline Logistics | Warehousing in Singapore</title>
<meta name="description" content="General warehousing and road freight across Singapore.">
<meta name="generator" content="WordPress 6.5">
<meta property="og:site_name" content="Harbourline">
<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<script src="/static/site.js"></script>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "Organization", "name": "Harbourline Logistics", "email": "hello@harbourline.sg",
   "telephone": "+65 6123 4567", "numberOfEmployees": {"@type": "QuantitativeValue", "value": 120},
   "founder": {"@type": "Person", "name": "Jane Tan", "jobTitle": "Chief Executive Officer"}},
  {"@type": "WebSite", "url": "https://harbourline-logistics.sg"}]}
</script>
<script type="application/ld+json">{not json</script>
</head><body>
<nav><a href="/about">About</a><a href="https://apps.xero.com/sg/app/harbourline">Xero app</a></nav>
<main>
<h1>About us</h1>
<p>Harbourline provides general warehousing and road freight transport across Singapore,
serving retailers, manufacturers and food distributors from our bonded warehouse in Tuas.
Our team of 120 people runs three facilities with a combined 40,000 square metres.</p>
<p>Talk to our operations desk at ops@harbourline.sg or +65 6123 4567 during office hours.</p>
<h2>Leadership</h2>
<p>"Moving to a single ledger changed how we bill." — Jane Tan, Chief Executive Officer</p>
<img src="/logo-kopi.png" alt="Kopi Corner logo"><img src="/x.png" alt="">
</main>
<footer><address>1 Tuas South Avenue 4, Singapore 637331</address></footer>
</body></html>"""


def _parsed():
    return parse_html(
        PAGE,
        url="https://harbourline-logistics.sg/about",
        domain="harbourline-logistics.sg",
        page_type="about",
    )


def test_markup_signals_are_kept():
    page = _parsed().content
    assert page.title.startswith("About Harbourline Logistics")
    assert page.meta["generator"] == "WordPress 6.5"
    assert page.script_hosts == ("www.googletagmanager.com",)
    assert "apps.xero.com" in page.link_hosts
    assert page.headings[:2] == ("About us", "Leadership")
    assert page.image_alts == ("Kopi Corner logo",)
    assert [block["@type"] for block in page.json_ld] == ["Organization", "WebSite"]


def test_the_main_text_keeps_the_content_and_the_footer_address():
    text = _parsed().content.main_text
    assert "general warehousing and road freight transport" in text
    assert "Singapore 637331" in text


def test_no_email_phone_or_personal_name_is_kept_anywhere():
    parsed = _parsed()
    stored = json.dumps(
        {"title": parsed.content.title, "text": parsed.content.main_text, **parsed.extracted()}
    )
    for personal in ("ops@harbourline.sg", "hello@harbourline.sg", "6123 4567", "Jane Tan"):
        assert personal not in stored, personal
    assert "Chief Executive Officer" in stored


def test_json_ld_people_lose_their_names_and_contacts_but_keep_their_role():
    cleaned = sanitize_json_ld(
        {
            "@type": "Person",
            "name": "Lim Wei Ming",
            "jobTitle": "CFO",
            "email": "a@b.sg",
            "worksFor": {"@type": "Organization", "name": "Acme", "telephone": "+65 6000 0000"},
        }
    )
    assert cleaned == {
        "@type": "Person",
        "jobTitle": "CFO",
        "worksFor": {"@type": "Organization", "name": "Acme"},
    }


def test_broken_markup_still_gives_text_and_never_raises():
    broken = "<html><body><div><p>Precision machining for <b>aerospace<p>and medical \x00 parts"
    page = parse_html(broken, url="https://x.sg/", domain="x.sg", page_type="home").content
    assert "Precision machining" in page.main_text
    assert parse_html("", url="https://x.sg/", domain="x.sg", page_type="home").content.title == ""


def test_a_stored_row_reads_back_as_the_same_page():
    parsed = _parsed()
    again = page_from_stored(
        url=parsed.content.url,
        domain=parsed.content.domain,
        page_type="about",
        title=parsed.content.title,
        main_text=parsed.content.main_text,
        extracted=json.loads(json.dumps(parsed.extracted())),
    )
    assert again == parsed.content


def test_the_content_hash_follows_the_html():
    assert _parsed().content_hash == _parsed().content_hash
    other = parse_html(PAGE + " ", url="https://x.sg/", domain="x.sg", page_type="home")
    assert other.content_hash != _parsed().content_hash


def test_a_team_cards_bare_name_is_removed_from_its_heading_and_photo_alt():
    team = """<html><body><main><h1>Our team</h1><ul class="team">
    <li><img src="/t/rg.jpg" alt="Rachel Goh"><h3>Rachel Goh</h3><p>Chief Executive Officer</p></li>
    <li><img src="/t/ml.jpg" alt="Marcus Lee"><h3>Marcus Lee</h3><p>VP Sales</p></li>
    </ul></main></body></html>"""
    parsed = parse_html(team, url="https://x.sg/about/team", domain="x.sg", page_type="about")
    stored = json.dumps({"text": parsed.content.main_text, **parsed.extracted()})
    assert "Rachel Goh" not in stored and "Marcus Lee" not in stored
    assert "VP Sales" in parsed.content.main_text
