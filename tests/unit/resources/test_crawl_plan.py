"""Crawl planning: page types, fetch order, link discovery and sitemap parsing."""

from __future__ import annotations

import time

import pytest

from resources.crawler.plan import (
    PAGE_TYPES,
    CrawlQueue,
    extract_links,
    is_same_site,
    normalize_link,
    parse_sitemap,
    site_hosts,
    sitemap_page_links,
    url_key,
)
from resources.crawler.plan import classify_page as classify

HOSTS = site_hosts("acme.sg")


@pytest.mark.parametrize(
    ("url", "anchor", "expected"),
    [
        ("https://acme.sg/", "", "home"),
        ("https://acme.sg", "", "home"),
        ("https://acme.sg/index.html", "", "home"),
        ("https://acme.sg/?page_id=3", "", "other"),
        ("https://acme.sg/industries", "", "industries"),
        ("https://acme.sg/industries/logistics", "", "industries"),
        ("https://acme.sg/solutions/retail", "", "industries"),
        ("https://acme.sg/sectors", "", "industries"),
        ("https://acme.sg/use-cases/warehousing", "", "industries"),
        ("https://acme.sg/customers", "", "customers"),
        ("https://acme.sg/case-studies/acme-logistics", "", "customers"),
        ("https://acme.sg/customer-stories", "", "customers"),
        ("https://acme.sg/testimonials.html", "", "customers"),
        ("https://acme.sg/success-stories", "", "customers"),
        ("https://acme.sg/our-clients", "", "customers"),
        ("https://acme.sg/integrations", "", "integrations"),
        ("https://acme.sg/partners", "", "integrations"),
        ("https://acme.sg/apps/xero", "", "integrations"),
        ("https://acme.sg/marketplace", "", "integrations"),
        ("https://acme.sg/ecosystem", "", "integrations"),
        ("https://acme.sg/pricing", "", "pricing"),
        ("https://acme.sg/plans", "", "pricing"),
        ("https://acme.sg/careers", "", "careers"),
        ("https://acme.sg/jobs/123", "", "careers"),
        ("https://acme.sg/join-us", "", "careers"),
        ("https://acme.sg/we-are-hiring", "", "careers"),
        ("https://acme.sg/vacancies", "", "careers"),
        ("https://acme.sg/about", "", "about"),
        ("https://acme.sg/about-us", "", "about"),
        ("https://acme.sg/team", "", "about"),
        ("https://acme.sg/company", "", "about"),
        ("https://acme.sg/our-story", "", "about"),
        ("https://acme.sg/leadership", "", "about"),
        ("https://acme.sg/contact", "", "contact"),
        ("https://acme.sg/contact-us", "", "contact"),
        ("https://acme.sg/locations/singapore", "", "contact"),
        ("https://acme.sg/offices", "", "contact"),
        ("https://acme.sg/about/careers", "", "careers"),
        ("https://acme.sg/company/leadership", "", "about"),
        ("https://acme.sg/jobs/customer-success-manager", "", "careers"),
        ("https://acme.sg/case-studies/logistics-industry-leader", "", "customers"),
        ("https://acme.sg/blog/how-we-ship", "", "other"),
        ("https://acme.sg/p/12", "Case studies", "customers"),
        ("https://acme.sg/p/13", "Who we serve: Industries", "industries"),
        ("https://acme.sg/p/14", "Read more", "other"),
        ("https://acme.sg/pricing", "About us", "pricing"),
        ("https://acme.sg/PRICING", "", "pricing"),
        ("https://acme.sg/teamwork-tips", "", "other"),
    ],
)
def test_page_classification(url: str, anchor: str, expected: str) -> None:
    assert classify(url, anchor) == expected
    assert expected in PAGE_TYPES


def test_fetch_order_puts_home_first_and_other_last() -> None:
    assert len(set(PAGE_TYPES)) == len(PAGE_TYPES)
    assert PAGE_TYPES[0] == "home" and PAGE_TYPES[-1] == "other"


def test_queue_orders_by_type_then_depth_then_url_whatever_the_insertion_order() -> None:
    urls = [
        "https://acme.sg/blog/a",
        "https://acme.sg/about",
        "https://acme.sg/customers/beta/story",
        "https://acme.sg/pricing",
        "https://acme.sg/customers/alpha",
        "https://acme.sg/",
        "https://acme.sg/customers",
        "https://acme.sg/contact",
        "https://acme.sg/careers",
        "https://acme.sg/integrations",
        "https://acme.sg/industries/retail",
    ]
    expected = [
        "https://acme.sg/",
        "https://acme.sg/customers",
        "https://acme.sg/customers/alpha",
        "https://acme.sg/customers/beta/story",
        "https://acme.sg/industries/retail",
        "https://acme.sg/integrations",
        "https://acme.sg/pricing",
        "https://acme.sg/careers",
        "https://acme.sg/about",
        "https://acme.sg/contact",
        "https://acme.sg/blog/a",
    ]
    for order in (urls, list(reversed(urls))):
        queue = CrawlQueue()
        for url in order:
            queue.add(url)
        popped = []
        while (candidate := queue.pop()) is not None:
            popped.append(candidate.url)
        assert popped == expected


def test_queue_takes_each_page_once_across_scheme_slash_and_seen_marks() -> None:
    queue = CrawlQueue()
    assert queue.add("https://acme.sg/pricing")
    assert not queue.add("http://acme.sg/pricing/")
    queue.mark_seen("https://acme.sg/about")
    assert not queue.add("https://acme.sg/about")
    assert queue.add("https://acme.sg/pricing?plan=pro")
    assert len(queue) == 2
    assert url_key("https://ACME.sg/a/#x") == url_key("http://acme.sg/a")
    assert not queue.add("https://www.acme.sg/pricing")


def test_links_are_same_site_absolute_and_without_fragments() -> None:
    html = """
    <html><head><base href="https://acme.sg/en/"></head><body>
      <a href="pricing#plans">Pricing</a>
      <a href="/customers">  Our
         customers </a>
      <a href="https://www.acme.sg/about">About</a>
      <a href="https://blog.acme.sg/post">Blog</a>
      <a href="https://other.sg/">Elsewhere</a>
      <a href="https://acme.sg.evil.com/">Lookalike</a>
      <a href="mailto:sales@acme.sg">Mail</a>
      <a href="tel:+6561234567">Call</a>
      <a href="javascript:alert(1)">JS</a>
      <a href="/files/deck.pdf">Deck</a>
      <a href="/logo.PNG">Logo</a>
      <a href="#top">Top</a>
      <a href="http://[broken/">Broken</a>
      <a href="https://user:pw@acme.sg/x">Creds</a>
      <a href="/customers"></a>
      <area href="/contact" alt="Contact us">
      <a href="ftp://acme.sg/file">FTP</a>
    </body></html>
    """
    links = extract_links(html, "https://acme.sg/", HOSTS)
    assert [(link.url, link.anchor_text) for link in links] == [
        ("https://acme.sg/en/pricing", "Pricing"),
        ("https://acme.sg/customers", "Our customers"),
        ("https://www.acme.sg/about", "About"),
        ("https://acme.sg/contact", "Contact us"),
    ]


def test_broken_or_empty_html_gives_no_links() -> None:
    assert extract_links("", "https://acme.sg/", HOSTS) == []
    assert extract_links("<<<>>>", "https://acme.sg/", HOSTS) == []
    assert [link.url for link in extract_links("<a href=/x>x", "https://acme.sg/", HOSTS)] == [
        "https://acme.sg/x"
    ]


def test_malformed_base_href_is_ignored() -> None:
    html = '<html><head><base href="http://["></head><body><a href="/x">x</a></body></html>'
    assert [link.url for link in extract_links(html, "https://acme.sg/", HOSTS)] == [
        "https://acme.sg/x"
    ]


def test_site_is_the_domain_and_its_www_host() -> None:
    assert site_hosts("www.acme.sg") == HOSTS == frozenset({"acme.sg", "www.acme.sg"})
    assert is_same_site("https://WWW.Acme.sg/x", HOSTS)
    assert is_same_site("https://www.acme.sg/x", HOSTS)
    assert not is_same_site("https://shop.acme.sg/x", HOSTS)
    assert not is_same_site("https://acme.sg.evil.com/x", HOSTS)
    assert normalize_link("HTTPS://Acme.SG/Pricing", "https://acme.sg/", HOSTS) == (
        "https://acme.sg/Pricing"
    )


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def test_urlset_gives_its_page_urls_capped() -> None:
    locs = "".join(f"<url><loc> https://acme.sg/p/{n} </loc></url>" for n in range(20))
    document = f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">{locs}</urlset>'.encode()
    sitemap = parse_sitemap(document, max_urls=5)
    assert sitemap.kind == "urlset"
    assert sitemap.urls == tuple(f"https://acme.sg/p/{n}" for n in range(5))


def test_sitemap_index_gives_child_sitemaps() -> None:
    document = (
        f'<sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>https://acme.sg/a.xml</loc>'
        "</sitemap><sitemap><loc>https://acme.sg/b.xml</loc></sitemap></sitemapindex>"
    ).encode()
    assert parse_sitemap(document) == parse_sitemap(document, 500)
    assert parse_sitemap(document).kind == "index"
    assert parse_sitemap(document).urls == ("https://acme.sg/a.xml", "https://acme.sg/b.xml")


def test_invalid_sitemaps_give_nothing() -> None:
    assert parse_sitemap(b"").kind == "invalid"
    assert parse_sitemap(b"<html><body>not a sitemap</body></html>").kind == "invalid"
    assert parse_sitemap(b"<urlset><url><loc>https://acme.sg/x</loc>").kind == "invalid"
    assert parse_sitemap(b"<urlset><url><loc>javascript:alert(1)</loc></url></urlset>").urls == ()


def test_billion_laughs_sitemap_is_not_expanded() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    document = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [{entities}]>'
        f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://acme.sg/&lol9;</loc></url>'
        "<url><loc>https://acme.sg/plain</loc></url></urlset>"
    ).encode()
    started = time.monotonic()
    sitemap = parse_sitemap(document)
    assert time.monotonic() - started < 1
    assert sitemap.kind == "invalid"  # libxml2 refuses the amplification outright
    assert sitemap.urls == ()


def test_internal_entity_in_a_sitemap_is_not_expanded() -> None:
    document = (
        '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY page "secret-page">]>'
        f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://acme.sg/&page;</loc></url>'
        "<url><loc>https://acme.sg/plain</loc></url></urlset>"
    ).encode()
    sitemap = parse_sitemap(document)
    assert sitemap.urls == ("https://acme.sg/plain",)


def test_external_entity_sitemap_reads_no_file(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    document = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://acme.sg/&xxe;</loc></url></urlset>'
    ).encode()
    sitemap = parse_sitemap(document)
    assert all("TOP-SECRET" not in url for url in sitemap.urls)
    assert sitemap.urls == ()


def test_sitemap_page_links_keep_same_site_pages_only() -> None:
    urls = [
        "https://acme.sg/pricing#top",
        "https://www.acme.sg/about",
        "https://cdn.other.sg/page",
        "https://acme.sg/brochure.pdf",
    ]
    assert sitemap_page_links(urls, HOSTS) == [
        "https://acme.sg/pricing",
        "https://www.acme.sg/about",
    ]
