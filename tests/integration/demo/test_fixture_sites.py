"""The fixture websites, over a real loopback server: routing by Host, caching headers,
robots.txt and sitemaps, the page types of every company site, and each hostile site's
behaviour."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import lxml.etree
import lxml.html
import pytest
from protego import Protego

from icp_assets.demo.fixture_sites import (
    COMPANY_SITES,
    CRAWL_OUTCOMES,
    HOSTILE_DOMAINS,
    REALISTIC_DOMAINS,
    SITES,
    UNRESOLVABLE_DOMAIN,
    FixtureWebServer,
    expected_outcome,
)
from icp_assets.demo.fixture_sites.hostile_sites import (
    HUGE_PAGE_BYTES,
    METADATA_REDIRECT_TARGET,
    PRIVATE_REDIRECT_TARGET,
)
from resources.crawler import DEFAULT_USER_AGENT as CRAWLER_UA

SLOW_SECONDS = 0.4
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SG_PHONE_RE = re.compile(r"\+65 [689]\d{3} \d{4}")
DEMO_DOMAINS = {
    "lumenledger.sg",
    "harbourline-logistics.sg",
    "kopicorner.com.sg",
    "straitsprecision.com.sg",
    "merlionfreight.sg",
    "orchidretail.sg",
    "tanjongcoldchain.sg",
    "bukitanalytics.io",
    "ppprint.sg",
}
# Page types the crawler classifies, told apart by the paths the sites use.
PAGE_TYPE_PATHS = {
    "industries": ("/industries", "/solutions/"),
    "customers": ("/customers", "/case-studies/"),
    "integrations": ("/integrations", "/partners"),
    "careers": ("/careers", "/jobs/"),
    "about": ("/about",),
    "contact": ("/contact",),
}


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureWebServer]:
    with FixtureWebServer(slow_seconds=SLOW_SECONDS) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: FixtureWebServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.origin, timeout=10, follow_redirects=False) as http:
        yield http


def fetch(client: httpx.Client, host: str, path: str = "/", **headers: str) -> httpx.Response:
    return client.get(path, headers={"Host": host, "User-Agent": CRAWLER_UA, **headers})


def fetch_url(client: httpx.Client, url: str) -> httpx.Response:
    parts = urlsplit(url)
    return fetch(client, parts.netloc, parts.path or "/")


def sitemap_page_urls(client: httpx.Client, domain: str) -> list[str]:
    """The page URLs of a site's sitemap(s), through robots.txt or /sitemap.xml, with
    sitemap indexes followed."""
    robots = Protego.parse(fetch(client, domain, "/robots.txt").text)
    queue = list(robots.sitemaps) or [f"https://{domain}/sitemap.xml"]
    pages: list[str] = []
    while queue:
        response = fetch_url(client, queue.pop(0))
        assert response.status_code == 200, response.url
        root = lxml.etree.fromstring(response.content)
        locs = [loc.text.strip() for loc in root.iterfind(".//sm:loc", SITEMAP_NS)]
        if root.tag.endswith("sitemapindex"):
            queue += locs
        else:
            assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
            pages += locs
    return pages


def links_of(response: httpx.Response) -> list[str]:
    document = lxml.html.fromstring(response.content)
    return list(document.xpath("//a/@href"))


def json_ld_blocks(response: httpx.Response) -> list[dict]:
    document = lxml.html.fromstring(response.content)
    return [
        json.loads(script.text)
        for script in document.xpath('//script[@type="application/ld+json"]')
    ]


# Routing.


def test_host_header_picks_the_site(client: httpx.Client) -> None:
    lumen = fetch(client, "lumenledger.sg")
    harbour = fetch(client, "harbourline-logistics.sg")
    assert lumen.status_code == harbour.status_code == 200
    assert "<title>Invoice reconciliation" in lumen.text
    assert "Harbourline provides general warehousing" in harbour.text


def test_www_form_port_and_case_in_host_reach_the_same_site(client: httpx.Client) -> None:
    bare = fetch(client, "lumenledger.sg", "/pricing")
    assert fetch(client, "www.lumenledger.sg", "/pricing").content == bare.content
    assert fetch(client, "WWW.LumenLedger.SG:443", "/pricing").content == bare.content


def test_unknown_host_answers_404(client: httpx.Client) -> None:
    assert fetch(client, "not-a-fixture.sg").status_code == 404
    assert fetch(client, "127.0.0.1").status_code == 404


def test_unknown_path_answers_404(client: httpx.Client) -> None:
    assert fetch(client, "lumenledger.sg", "/no-such-page").status_code == 404


def test_host_map_lists_every_domain_and_its_www_form(server: FixtureWebServer) -> None:
    entries = dict(item.split("=", 1) for item in server.host_map().split(","))
    for domain in SITES:
        assert entries[domain] == server.origin
        assert entries[f"www.{domain}"] == server.origin
    assert len(entries) == 2 * len(SITES)


# Caching headers.


def test_pages_carry_a_strong_etag_of_the_body_and_a_fixed_last_modified(
    client: httpx.Client,
) -> None:
    first = fetch(client, "kopicorner.com.sg", "/pricing")
    again = fetch(client, "kopicorner.com.sg", "/pricing")
    other = fetch(client, "kopicorner.com.sg", "/about")
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert again.headers["etag"] == etag != other.headers["etag"]
    assert first.headers["last-modified"] == "Mon, 03 Jun 2024 08:00:00 GMT"
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    assert int(first.headers["content-length"]) == len(first.content)


def test_a_matching_if_none_match_gets_304_and_a_stale_one_200(client: httpx.Client) -> None:
    etag = fetch(client, "merlionfreight.sg", "/careers").headers["etag"]
    unchanged = fetch(client, "merlionfreight.sg", "/careers", **{"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    weak = fetch(client, "merlionfreight.sg", "/careers", **{"If-None-Match": f"W/{etag}"})
    assert weak.status_code == 304
    stale = fetch(client, "merlionfreight.sg", "/careers", **{"If-None-Match": '"0000"'})
    assert stale.status_code == 200
    assert stale.content


def test_if_modified_since_not_older_than_last_modified_gets_304(client: httpx.Client) -> None:
    same = {"If-Modified-Since": "Mon, 03 Jun 2024 08:00:00 GMT"}
    later = {"If-Modified-Since": "Tue, 01 Oct 2024 00:00:00 GMT"}
    earlier = {"If-Modified-Since": "Sun, 02 Jun 2024 08:00:00 GMT"}
    assert fetch(client, "ppprint.sg", "/pricing", **same).status_code == 304
    assert fetch(client, "ppprint.sg", "/pricing", **later).status_code == 304
    assert fetch(client, "ppprint.sg", "/pricing", **earlier).status_code == 200


def test_robots_txt_is_also_answered_304_when_unchanged(client: httpx.Client) -> None:
    etag = fetch(client, "orchidretail.sg", "/robots.txt").headers["etag"]
    assert (
        fetch(client, "orchidretail.sg", "/robots.txt", **{"If-None-Match": etag}).status_code
        == 304
    )


# robots.txt and sitemaps of the company sites.


@pytest.mark.parametrize("domain", REALISTIC_DOMAINS)
def test_robots_disallows_a_path_the_site_links_to_and_that_path_exists(
    client: httpx.Client, domain: str
) -> None:
    response = fetch(client, domain, "/robots.txt")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    robots = Protego.parse(response.text)
    home = fetch(client, domain)
    assert robots.can_fetch(f"https://{domain}/", CRAWLER_UA)
    disallowed = {
        href
        for href in links_of(home)
        if href.startswith("/") and not robots.can_fetch(f"https://{domain}{href}", CRAWLER_UA)
    }
    assert disallowed, f"{domain} links to no robots-disallowed path"
    for href in disallowed:
        assert fetch(client, domain, href).status_code == 200


def test_sitemap_is_found_in_several_ways_across_the_sites(client: httpx.Client) -> None:
    with_line, without_line = [], []
    for domain in REALISTIC_DOMAINS:
        robots = Protego.parse(fetch(client, domain, "/robots.txt").text)
        (with_line if list(robots.sitemaps) else without_line).append(domain)
        assert fetch(client, domain, "/sitemap.xml").status_code == 200
    assert len(with_line) > len(without_line) >= 1

    index = lxml.etree.fromstring(fetch(client, "orchidretail.sg", "/sitemap_index.xml").content)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert len(index.findall(".//sm:loc", SITEMAP_NS)) == 2


def test_one_site_asks_for_a_crawl_delay_of_one_second(client: httpx.Client) -> None:
    delays = {
        domain: Protego.parse(fetch(client, domain, "/robots.txt").text).crawl_delay(CRAWLER_UA)
        for domain in REALISTIC_DOMAINS
    }
    assert [domain for domain, delay in delays.items() if delay] == ["ppprint.sg"]
    assert delays["ppprint.sg"] == 1


@pytest.mark.parametrize("domain", REALISTIC_DOMAINS)
def test_every_sitemap_url_is_an_html_page_the_robots_allow(
    client: httpx.Client, domain: str
) -> None:
    robots = Protego.parse(fetch(client, domain, "/robots.txt").text)
    urls = sitemap_page_urls(client, domain)
    assert urls
    for url in urls:
        assert urlsplit(url).netloc.removeprefix("www.") == domain
        response = fetch_url(client, url)
        assert response.status_code == 200, url
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert robots.can_fetch(url, CRAWLER_UA), url


@pytest.mark.parametrize("domain", REALISTIC_DOMAINS)
def test_every_company_site_has_12_to_25_pages_of_every_page_type(
    client: httpx.Client, domain: str
) -> None:
    paths = [urlsplit(url).path for url in sitemap_page_urls(client, domain)]
    assert 12 <= len(paths) <= 25
    for page_type, prefixes in PAGE_TYPE_PATHS.items():
        assert any(path.startswith(prefixes) for path in paths), f"{domain}: no {page_type}"


def test_pricing_pages_exist_where_they_make_sense(client: httpx.Client) -> None:
    priced = [d for d in REALISTIC_DOMAINS if fetch(client, d, "/pricing").status_code == 200]
    assert {"lumenledger.sg", "peoplepulse.sg", "tradebridge.sg"} <= set(priced)
    assert len(priced) >= 10
    assert "Contact sales" in fetch(client, "lumenledger.sg", "/pricing").text


@pytest.mark.parametrize("domain", REALISTIC_DOMAINS)
def test_navigation_links_on_the_home_page_all_answer_200(
    client: httpx.Client, domain: str
) -> None:
    home = fetch(client, domain)
    internal = {href for href in links_of(home) if href.startswith("/")}
    assert len(internal) >= 6
    for href in internal:
        assert fetch(client, domain, href).status_code == 200, href


# Content signals.


def test_every_json_ld_block_parses_and_job_pages_carry_a_job_posting(
    client: httpx.Client,
) -> None:
    job_postings, employee_counts = 0, 0
    for domain in REALISTIC_DOMAINS:
        for url in sitemap_page_urls(client, domain):
            blocks = json_ld_blocks(fetch_url(client, url))
            employee_counts += sum("numberOfEmployees" in block for block in blocks)
            if "/jobs/" in url:
                (posting,) = [b for b in blocks if b["@type"] == "JobPosting"]
                assert posting["title"] and posting["employmentType"]
                job_postings += 1
    assert job_postings >= 20
    assert employee_counts >= 8


def test_tenant_customers_page_names_other_fixture_companies_in_logos(
    client: httpx.Client,
) -> None:
    page = lxml.html.fromstring(fetch(client, "lumenledger.sg", "/customers").content)
    alts = set(page.xpath("//img/@alt"))
    for company in ("Harbourline Logistics", "Kopi Corner", "Orchid Retail Group"):
        assert f"{company} logo" in alts


def test_testimonials_sign_a_quote_with_name_title_and_company(client: httpx.Client) -> None:
    text = fetch(client, "lumenledger.sg", "/customers").text
    assert "\u2014 Priya Nair, Chief Financial Officer, Merlion Freight &amp; Forwarding" in text


def test_sites_that_run_tools_carry_their_fingerprints(client: httpx.Client) -> None:
    html = "".join(fetch(client, domain).text for domain in REALISTIC_DOMAINS)
    html += fetch(client, "lumenledger.sg", "/pricing").text
    for fingerprint in (
        "https://www.googletagmanager.com/gtag/js?id=",
        "https://js.hs-scripts.com/",
        "https://js.stripe.com/v3/",
        "https://widget.intercom.io/",
        "https://static.zdassets.com/",
        '<meta name="generator" content="WordPress 6.5">',
        "https://cdn.shopify.com/",
        "https://apps.apple.com/",
        "https://www.linkedin.com/company/",
    ):
        assert fingerprint in html, fingerprint


def test_contact_and_team_pages_carry_personal_data_to_be_redacted(
    client: httpx.Client,
) -> None:
    contact = fetch(client, "harbourline-logistics.sg", "/contact").text
    assert EMAIL_RE.search(contact)
    assert SG_PHONE_RE.search(contact)
    assert re.search(r"\d{6}", contact)  # the postal code
    assert "Jane Tan" in fetch(client, "harbourline-logistics.sg", "/about/team").text


# Hostile sites.


def test_every_site_declares_a_known_crawl_outcome() -> None:
    assert len(REALISTIC_DOMAINS) >= 15
    assert set(REALISTIC_DOMAINS) >= DEMO_DOMAINS
    assert {expected_outcome(d) for d in REALISTIC_DOMAINS} == {"ok"}
    hostile = {expected_outcome(d) for d in HOSTILE_DOMAINS}
    assert hostile <= set(CRAWL_OUTCOMES)
    assert {
        "robots_disallowed",
        "http_403",
        "timeout",
        "not_html",
        "refused_address",
        "too_large",
        "too_many_redirects",
    } <= hostile
    assert expected_outcome("changiclinic.sg") == "http_403"
    assert expected_outcome("sentosasolo.sg") == "robots_disallowed"
    assert expected_outcome(UNRESOLVABLE_DOMAIN) == "dns_error"
    assert UNRESOLVABLE_DOMAIN not in SITES


def test_bot_blocking_site_answers_403_to_any_user_agent_containing_bot(
    client: httpx.Client,
) -> None:
    for user_agent in (CRAWLER_UA, "Googlebot/2.1", "my-BOT", "python-httpx-robot"):
        assert fetch(client, "changiclinic.sg", **{"User-Agent": user_agent}).status_code == 403
        robots = fetch(client, "changiclinic.sg", "/robots.txt", **{"User-Agent": user_agent})
        assert robots.status_code == 403
    browser = fetch(client, "changiclinic.sg", **{"User-Agent": BROWSER_UA})
    assert browser.status_code == 200
    assert "Changi Clinic Partners" in browser.text


def test_robots_disallow_all_site_has_real_pages_behind_it(client: httpx.Client) -> None:
    robots = Protego.parse(fetch(client, "sentosasolo.sg", "/robots.txt").text)
    assert not robots.can_fetch("https://sentosasolo.sg/", CRAWLER_UA)
    assert not robots.can_fetch("https://sentosasolo.sg/about", CRAWLER_UA)
    assert fetch(client, "sentosasolo.sg").status_code == 200
    assert "one-person practice" in fetch(client, "sentosasolo.sg").text
    assert fetch(client, "sentosasolo.sg", "/about").status_code == 200


def test_slow_site_holds_every_answer_for_slow_seconds(client: httpx.Client) -> None:
    for path in ("/", "/robots.txt"):
        started = time.perf_counter()
        assert fetch(client, "slowlane.sg", path).status_code == 200
        assert time.perf_counter() - started >= SLOW_SECONDS
    with pytest.raises(httpx.ReadTimeout):
        client.get("/", headers={"Host": "slowlane.sg"}, timeout=SLOW_SECONDS / 4)
    started = time.perf_counter()
    assert fetch(client, "kopicorner.com.sg").status_code == 200
    assert time.perf_counter() - started < SLOW_SECONDS


def test_stop_does_not_wait_for_requests_the_slow_site_is_holding() -> None:
    server = FixtureWebServer(slow_seconds=30).start()
    thread = threading.Thread(target=_request_slow_home, args=(server.origin,), daemon=True)
    thread.start()
    time.sleep(0.2)
    # Without this the test would also pass when the request failed at once.
    held = thread.is_alive()
    started = time.perf_counter()
    server.stop()
    thread.join(timeout=5)
    assert held
    assert time.perf_counter() - started < 3
    assert not thread.is_alive()


def _request_slow_home(origin: str) -> None:
    # The server closes the connection when it stops; the error is the expected end.
    with contextlib.suppress(httpx.HTTPError):
        httpx.get(origin, headers={"Host": "slowlane.sg"}, timeout=60)


def test_redirects_point_at_private_and_metadata_addresses(client: httpx.Client) -> None:
    home = fetch(client, "intranetjump.sg")
    assert home.status_code == 302
    assert home.headers["location"] == PRIVATE_REDIRECT_TARGET == "http://10.0.0.5/"
    status = fetch(client, "intranetjump.sg", "/status")
    assert status.status_code == 302
    assert status.headers["location"] == METADATA_REDIRECT_TARGET
    assert METADATA_REDIRECT_TARGET.startswith("http://169.254.169.254/")


def test_redirect_chain_never_ends(client: httpx.Client) -> None:
    path = "/"
    for hop in range(1, 41):
        response = fetch(client, "loopredirect.sg", path)
        assert response.status_code == 302
        path = urljoin(path, response.headers["location"])
        assert path == f"/r/{hop}"


def test_ten_megabyte_page_is_streamed_without_content_length(server: FixtureWebServer) -> None:
    chunks = 0
    size = 0
    with httpx.stream(
        "GET", server.origin, headers={"Host": "hugepage.sg"}, timeout=10
    ) as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers
        assert response.headers["transfer-encoding"] == "chunked"
        assert response.headers["content-type"].startswith("text/html")
        for chunk in response.iter_raw():
            chunks += 1
            size += len(chunk)
    assert size == HUGE_PAGE_BYTES == 10 * 1024 * 1024
    assert chunks > 10


def test_a_client_that_cuts_the_huge_page_short_does_not_upset_the_server(
    server: FixtureWebServer, client: httpx.Client
) -> None:
    with httpx.stream(
        "GET", server.origin, headers={"Host": "hugepage.sg"}, timeout=10
    ) as response:
        next(response.iter_raw())
    assert fetch(client, "hugepage.sg", "/robots.txt").status_code == 200


def test_pdf_site_serves_a_pdf_home_page(client: httpx.Client) -> None:
    response = fetch(client, "pdfonly.sg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-1.4")
    assert response.content.rstrip().endswith(b"%%EOF")
    offset = int(response.content.rsplit(b"startxref", 1)[1].split()[0])
    assert response.content[offset:].startswith(b"xref")


def test_broken_html_is_invalid_utf8_under_a_utf8_header_yet_has_text(
    client: httpx.Client,
) -> None:
    response = fetch(client, "brokenmarkup.sg")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    assert b"</body>" not in response.content
    text = lxml.html.fromstring(response.content.decode("utf-8", "replace")).text_content()
    assert "bakes butter cookies and kueh bangkit for supermarkets" in text


def test_staff_directory_is_full_of_emails_and_phone_numbers(client: httpx.Client) -> None:
    page = fetch(client, "geylangtrading.sg", "/staff-directory").text
    assert len(set(EMAIL_RE.findall(page))) >= 50
    assert len(SG_PHONE_RE.findall(page)) >= 100
    assert fetch(client, "geylangtrading.sg", "/products").status_code == 200


# Request log.


def test_request_log_records_host_method_path_user_agent_and_conditional_headers(
    server: FixtureWebServer, client: httpx.Client
) -> None:
    server.clear_log()
    fetch(
        client, "www.tanjongcoldchain.sg:8443", "/pricing?plan=frozen", **{"If-None-Match": '"x"'}
    )
    client.head("/about", headers={"Host": "tanjongcoldchain.sg", "User-Agent": BROWSER_UA})
    fetch(client, "kallangit.sg", "/", **{"If-Modified-Since": "Mon, 03 Jun 2024 08:00:00 GMT"})
    fetch(client, "nowhere.sg")

    tanjong = server.requests_for("www.TanjongColdChain.sg")
    assert [(r.method, r.path, r.status) for r in tanjong] == [
        ("GET", "/pricing?plan=frozen", 200),
        ("HEAD", "/about", 200),
    ]
    assert tanjong[0].host == "www.tanjongcoldchain.sg"
    assert tanjong[0].user_agent == CRAWLER_UA
    assert tanjong[0].if_none_match == '"x"'
    assert tanjong[1].user_agent == BROWSER_UA
    (kallang,) = server.requests_for("kallangit.sg")
    assert kallang.if_modified_since == "Mon, 03 Jun 2024 08:00:00 GMT"
    assert kallang.status == 304
    assert [r.domain for r in server.request_log][-1] is None
    server.clear_log()
    assert server.request_log == []


def test_module_entry_point_prints_the_host_map_first(project_root: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "icp_assets.demo.fixture_sites", "--port", "0", "--print-host-map"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=project_root,
    )
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("ICP_CRAWL_HOST_MAP=lumenledger.sg=http://127.0.0.1:")
        origin = line.split(",")[0].split("=", 2)[2]
        response = httpx.get(origin, headers={"Host": "www.kopicorner.com.sg"}, timeout=5)
        assert response.status_code == 200
        assert "Kopi Corner" in response.text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_every_company_page_declares_one_of_the_crawlers_page_types() -> None:
    from resources.crawler.plan import PAGE_TYPES

    for site in COMPANY_SITES:
        for page in site.pages:
            assert page.page_type in PAGE_TYPES, (site.domain, page.path)
