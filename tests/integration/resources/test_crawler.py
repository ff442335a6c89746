"""The crawler against small real HTTP servers on 127.0.0.1, reached through the host map."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from resources.crawler import (
    NO_VALIDATORS,
    Crawler,
    CrawlerConfig,
    CrawlerResource,
    DomainCrawl,
    HostMapError,
    PageValidators,
    crawl_domains_sync,
    decode_html,
    parse_host_map,
    parse_ports,
    parse_retry_after,
)
from support.loopback import Logged, LoopbackSite, Reply, Route, page

USER_AGENT = "ICPFinderTestBot/1.0 (+https://icp-finder.example/bot)"


def config_for(site: LoopbackSite, domain: str = "acme.sg", **overrides: object) -> CrawlerConfig:
    settings: dict[str, object] = {
        "user_agent": USER_AGENT,
        "host_map": {domain: site.origin},
        "per_host_delay_s": 0.0,
        "retries": 0,
        "retry_backoff_s": 0.01,
        "connect_timeout_s": 2.0,
        "total_timeout_s": 5.0,
        "per_host_concurrency": 1,
    }
    settings.update(overrides)
    return CrawlerConfig(**settings)  # type: ignore[arg-type]


def crawl(
    config: CrawlerConfig,
    domain: str = "acme.sg",
    validators: Mapping[str, PageValidators] = NO_VALIDATORS,
) -> DomainCrawl:
    return asyncio.run(Crawler(config).crawl_domain(domain, validators))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- discovery, priority, page types --------------------------------------------------


def test_signal_pages_are_fetched_first_in_priority_order(serve) -> None:
    home = page(
        "/blog/hello",
        "/about",
        "/pricing",
        "/customers",
        "/careers",
        "/industries/logistics",
        "/contact",
        "/integrations",
        ("/p/7", "Case studies"),
        "mailto:sales@acme.sg",
        "tel:+6561234567",
        "javascript:void(0)",
        "/brochure.pdf",
        "#top",
    )
    routes: dict[str, Route] = {"/": Reply(body=home)}
    for path in (
        "/blog/hello",
        "/about",
        "/pricing",
        "/customers",
        "/careers",
        "/industries/logistics",
        "/contact",
        "/integrations",
        "/p/7",
    ):
        routes[path] = Reply(body=page(title=path))
    site = serve(routes)

    result = crawl(config_for(site))

    assert result.outcome == "ok"
    assert site.page_paths() == [
        "/",
        "/customers",
        "/p/7",
        "/industries/logistics",
        "/integrations",
        "/pricing",
        "/careers",
        "/about",
        "/contact",
        "/blog/hello",
    ]
    assert [(p.url, p.page_type) for p in result.pages[:3]] == [
        ("https://acme.sg/", "home"),
        ("https://acme.sg/customers", "customers"),
        ("https://acme.sg/p/7", "customers"),
    ]
    assert "/brochure.pdf" not in site.paths()


def test_stored_urls_are_public_and_requests_carry_host_and_user_agent(serve) -> None:
    site = serve(
        {
            "/robots.txt": Reply(body="User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/": Reply(body=page("/pricing", "https://www.acme.sg/about")),
            "/pricing": Reply(body=page()),
            "/about": Reply(body=page()),
        }
    )

    result = crawl(config_for(site))

    # The www. link is fetched and stored on the host the home page answered on, so a
    # re-crawl that finds it through the sitemap instead keeps the same URL.
    assert {p.url for p in result.pages} == {
        "https://acme.sg/",
        "https://acme.sg/pricing",
        "https://acme.sg/about",
    }
    assert all(site.origin not in p.url and site.origin not in p.final_url for p in result.pages)
    assert {r.host for r in site.log} == {"acme.sg"}
    assert all(r.headers["user-agent"] == USER_AGENT for r in site.log)
    assert result.requests == len(site.log)
    home = result.pages[0]
    assert home.status == 200 and home.html is not None and "<title>" in home.html
    assert home.fetched_at.tzinfo is not None


def test_links_of_other_pages_join_the_queue(serve) -> None:
    site = serve(
        {
            "/": Reply(body=page("/company")),
            "/company": Reply(body=page("/company/careers")),
            "/company/careers": Reply(body=page()),
        }
    )

    result = crawl(config_for(site))

    assert [p.page_type for p in result.pages] == ["home", "about", "careers"]


def test_offsite_links_and_redirects_are_not_followed(serve) -> None:
    site = serve(
        {
            "/": Reply(body=page("https://other.sg/", "/go", "https://evil.acme.sg.other.sg/")),
            "/go": Reply(302, headers={"Location": "https://other.sg/landing"}),
        }
    )
    config = config_for(site, host_map={"acme.sg": site.origin, "other.sg": site.origin})

    result = crawl(config)

    assert result.outcome == "ok"
    assert {r.host for r in site.log} == {"acme.sg"}
    go = next(p for p in result.pages if p.url == "https://acme.sg/go")
    assert go.outcome == "offsite_redirect"
    assert go.final_url == "https://other.sg/landing"


def test_bare_domain_that_does_not_connect_falls_back_to_www(serve) -> None:
    site = serve({"/": Reply(body=page("/pricing")), "/pricing": Reply(body=page())})
    config = config_for(
        site,
        host_map={"acme.sg": f"http://127.0.0.1:{closed_port()}", "www.acme.sg": site.origin},
    )

    result = crawl(config)

    assert result.outcome == "ok"
    assert [p.url for p in result.pages] == ["https://www.acme.sg/", "https://www.acme.sg/pricing"]


# --- robots.txt -------------------------------------------------------------------------


def test_robots_disallowed_paths_are_never_requested(serve) -> None:
    robots = (
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: ICPFinderTestBot\nDisallow: /private\nDisallow: /cart\n"
    )
    site = serve(
        {
            "/robots.txt": Reply(body=robots, content_type="text/plain"),
            "/": Reply(body=page("/private", "/private/team", "/cart", "/about", "/jump")),
            "/about": Reply(body=page("/private/customers")),
            "/jump": Reply(301, headers={"Location": "/private/pricing"}),
            "/sitemap.xml": Reply(
                body="<urlset><url><loc>https://acme.sg/private/sitemap-page</loc></url>"
                "<url><loc>https://acme.sg/careers</loc></url></urlset>",
                content_type="application/xml",
            ),
            "/careers": Reply(body=page()),
        }
    )

    result = crawl(config_for(site))

    assert result.outcome == "ok"
    assert not [p for p in site.paths() if p.startswith(("/private", "/cart"))]
    assert {"/", "/about", "/careers", "/jump"} <= set(site.paths())
    jump = next(p for p in result.pages if p.url == "https://acme.sg/jump")
    assert jump.outcome == "robots_disallowed"


def test_disallow_all_ends_the_domain_without_any_page_request(serve) -> None:
    site = serve(
        {
            "/robots.txt": Reply(body="User-agent: *\nDisallow: /\n", content_type="text/plain"),
            "/": Reply(body=page("/pricing")),
        }
    )

    result = crawl(config_for(site))

    assert result.outcome == "robots_disallowed"
    assert result.pages == ()
    assert site.paths() == ["/robots.txt"]
    assert "https://acme.sg/" in result.detail


def test_robots_answering_5xx_disallows_everything(serve) -> None:
    site = serve({"/robots.txt": Reply(503, body="down"), "/": Reply(body=page())})

    result = crawl(config_for(site))

    assert result.outcome == "robots_disallowed"
    assert site.paths() == ["/robots.txt"]


def test_robots_answering_404_allows_everything(serve) -> None:
    site = serve({"/": Reply(body=page("/pricing")), "/pricing": Reply(body=page())})

    result = crawl(config_for(site))

    assert result.outcome == "ok"
    assert site.paths().count("/robots.txt") == 1
    assert site.page_paths() == ["/", "/pricing"]


def test_robots_with_a_byte_order_mark_keeps_its_first_group(serve) -> None:
    robots = "\ufeffUser-agent: *\nDisallow: /private\n".encode()
    site = serve(
        {
            "/robots.txt": Reply(body=robots, content_type="text/plain"),
            "/": Reply(body=page("/private", "/private/team", "/about")),
            "/about": Reply(body=page()),
        }
    )

    result = crawl(config_for(site))

    assert result.outcome == "ok"
    assert not [p for p in site.paths() if p.startswith("/private")]
    assert "/about" in site.paths()


def _private_site(serve, robots_route: Reply) -> LoopbackSite:
    return serve(
        {
            "/robots.txt": robots_route,
            "/": Reply(body=page("/private", "/about")),
            "/private": Reply(body=page()),
            "/about": Reply(body=page()),
        }
    )


DISALLOW_PRIVATE = Reply(body="User-agent: *\nDisallow: /private\n", content_type="text/plain")


def test_robots_redirecting_to_another_host_applies_the_file_found(serve) -> None:
    files = serve({"/acme/robots.txt": DISALLOW_PRIVATE})
    site = _private_site(
        serve, Reply(301, headers={"Location": "https://files.other.sg/acme/robots.txt"})
    )
    config = config_for(site, host_map={"acme.sg": site.origin, "files.other.sg": files.origin})

    result = crawl(config)

    assert result.outcome == "ok"
    assert files.paths("files.other.sg") == ["/acme/robots.txt"]
    assert "/private" not in site.paths()
    assert "/about" in site.paths()


def _robots_chain(serve, hops: int) -> LoopbackSite:
    """A host whose /r/n redirects to /r/n+1 (relative, then across to it by name)
    until /r/<hops>, which is the file."""
    routes: dict[str, Route] = {
        f"/r/{n}": Reply(302, headers={"Location": f"https://files.other.sg/r/{n + 1}"})
        for n in range(1, hops)
    }
    routes[f"/r/{hops}"] = DISALLOW_PRIVATE
    return serve(routes)


@pytest.mark.parametrize(("hops", "private_fetched"), [(5, False), (6, True)])
def test_robots_redirects_are_followed_up_to_five_then_robots_is_unavailable(
    serve, hops: int, private_fetched: bool
) -> None:
    files = _robots_chain(serve, hops)
    site = _private_site(serve, Reply(302, headers={"Location": "https://files.other.sg/r/1"}))
    config = config_for(site, host_map={"acme.sg": site.origin, "files.other.sg": files.origin})

    result = crawl(config)

    assert result.outcome == "ok"
    # Five redirects: the first from acme.sg, four more on files.other.sg.
    assert len(files.paths()) == min(hops, 5)
    assert ("/private" in site.paths()) is private_fetched


def test_robots_redirect_to_a_host_answering_5xx_disallows_everything(serve) -> None:
    files = serve({"/robots.txt": Reply(503, body="down")})
    site = _private_site(
        serve, Reply(301, headers={"Location": "https://files.other.sg/robots.txt"})
    )
    config = config_for(site, host_map={"acme.sg": site.origin, "files.other.sg": files.origin})

    result = crawl(config)

    assert result.outcome == "robots_disallowed"
    assert site.page_paths() == []


@pytest.mark.parametrize("location", ["http://[::1", "ht!tp://x", ""])
def test_robots_redirect_to_a_bad_location_is_unavailable_not_a_crash(serve, location: str) -> None:
    site = _private_site(serve, Reply(301, headers={"Location": location}))

    result = crawl(config_for(site))

    assert result.outcome == "ok", result.detail
    assert "/private" in site.paths()


def test_robots_redirect_hops_go_through_the_address_guard(serve) -> None:
    internal = serve({"/robots.txt": DISALLOW_PRIVATE})
    site = _private_site(serve, Reply(301, headers={"Location": "https://files.other.sg/hop"}))
    files = serve({"/hop": Reply(302, headers={"Location": f"{internal.origin}/robots.txt"})})
    config = config_for(
        site,
        host_map={"acme.sg": site.origin, "files.other.sg": files.origin},
        allowed_ports=frozenset({internal.port}),
    )

    result = crawl(config)

    assert internal.log == []  # the loopback origin of no mapped domain: never connected
    assert files.paths() == ["/hop"]
    assert result.outcome == "robots_disallowed"
    assert "refused" in result.detail or "refused_address" in result.detail


def test_robots_crawl_delay_spaces_the_requests(serve) -> None:
    robots = "User-agent: *\nCrawl-delay: 0.4\n"
    site = serve(
        {
            "/robots.txt": Reply(body=robots, content_type="text/plain"),
            "/": Reply(body=page("/a", "/b")),
            "/a": Reply(body=page()),
            "/b": Reply(body=page()),
        }
    )

    crawl(config_for(site, per_host_concurrency=2))

    starts = [r.at for r in site.log]
    assert len(starts) >= 4  # robots, home, sitemap, two pages
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.35, gaps


def test_configured_delay_spaces_the_requests_to_one_host(serve) -> None:
    site = serve({"/": Reply(body=page("/a", "/b")), "/a": Reply(body=page()), "/b": Reply()})

    crawl(config_for(site, per_host_delay_s=0.25, per_host_concurrency=2))

    starts = [r.at for r in site.log]
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert len(gaps) >= 4 and min(gaps) >= 0.2, gaps


# --- sitemaps ---------------------------------------------------------------------------


def urlset(*paths: str, host: str = "acme.sg") -> str:
    entries = "".join(f"<url><loc>https://{host}{path}</loc></url>" for path in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


def test_sitemaps_from_robots_line_default_location_and_index_are_followed(serve) -> None:
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://acme.sg/sitemaps/pages.xml</loc></sitemap>"
        "<sitemap><loc>https://elsewhere.sg/sitemap.xml</loc></sitemap>"
        "</sitemapindex>"
    )
    xml = "application/xml"
    site = serve(
        {
            "/robots.txt": Reply(
                body="User-agent: *\nAllow: /\nSitemap: https://acme.sg/sitemap-index.xml\n",
                content_type="text/plain",
            ),
            "/": Reply(body=page()),
            "/sitemap-index.xml": Reply(body=index, content_type=xml),
            "/sitemaps/pages.xml": Reply(body=urlset("/from-index"), content_type=xml),
            "/sitemap.xml": Reply(body=urlset("/from-default"), content_type=xml),
            "/from-index": Reply(body=page()),
            "/from-default": Reply(body=page()),
        }
    )
    config = config_for(site, host_map={"acme.sg": site.origin, "elsewhere.sg": site.origin})

    result = crawl(config)

    assert {p.url for p in result.pages} == {
        "https://acme.sg/",
        "https://acme.sg/from-index",
        "https://acme.sg/from-default",
    }
    assert "elsewhere.sg" not in {r.host for r in site.log}


# --- caps -------------------------------------------------------------------------------


def test_page_cap_counts_the_home_page_and_stops_there(serve) -> None:
    links = [f"/p/{n}" for n in range(20)]
    routes: dict[str, Route] = {"/": Reply(body=page(*links))}
    routes.update({link: Reply(body=page()) for link in links})
    site = serve(routes)

    result = crawl(config_for(site, max_pages_per_domain=4, per_host_concurrency=3))

    assert len(result.pages) == 4
    assert len(site.page_paths()) == 4


def _endless(chunk: bytes) -> Iterator[bytes]:
    for _ in range(2_000):  # 2,000 x 32 KiB = 64 MiB if nobody stops reading
        yield chunk


def test_home_page_over_the_byte_cap_is_cut_and_dropped(serve) -> None:
    site = serve({"/": Reply(stream=_endless(b"<p>" + b"x" * 32_765))})

    started = time.monotonic()
    result = crawl(config_for(site, max_bytes_per_page=200_000))

    assert result.outcome == "too_large"
    assert result.pages[0].outcome == "too_large"
    assert result.pages[0].html is None
    assert site.stream_bytes_sent < 64 * 1024 * 1024
    assert time.monotonic() - started < 5


def test_page_declaring_a_length_over_the_cap_is_too_large_and_the_domain_ok(serve) -> None:
    site = serve({"/": Reply(body=page("/big")), "/big": Reply(body="y" * 300_000)})

    result = crawl(config_for(site, max_bytes_per_page=100_000))

    assert result.outcome == "ok"
    big = result.pages[1]
    assert (big.url, big.outcome, big.html) == ("https://acme.sg/big", "too_large", None)


def test_pdf_home_page_is_not_html(serve) -> None:
    site = serve({"/": Reply(body=b"%PDF-1.7 ...", content_type="application/pdf")})

    result = crawl(config_for(site))

    assert result.outcome == "not_html"
    assert result.pages[0].content_type == "application/pdf"
    assert result.pages[0].html is None


def test_home_page_403_is_http_403(serve) -> None:
    site = serve({"/": Reply(403, body="Forbidden")})

    result = crawl(config_for(site))

    assert result.outcome == "http_403"
    assert result.pages[0].status == 403
    assert "403" in result.detail


def test_home_page_404_is_http_error(serve) -> None:
    site = serve({})

    result = crawl(config_for(site))

    assert result.outcome == "http_error"
    assert result.pages[0].status == 404


def test_slow_home_page_times_out(serve) -> None:
    site = serve({"/": Reply(body=page(), wait=5)})

    started = time.monotonic()
    result = crawl(config_for(site, total_timeout_s=0.5))

    assert result.outcome == "timeout"
    assert time.monotonic() - started < 3


def test_read_timeout_is_retried(serve) -> None:
    answers = iter([Reply(body=page(), wait=2), Reply(body=page())])
    site = serve({"/": lambda _request: next(answers)})

    result = crawl(config_for(site, total_timeout_s=0.4, retries=1))

    assert result.outcome == "ok"
    assert site.paths().count("/") == 2


def test_page_dribbling_bytes_is_stopped_by_the_page_deadline(serve) -> None:
    site = serve({"/": Reply(stream=(b"<p>drip</p>" for _ in range(100)), chunk_pause=0.1)})

    started = time.monotonic()
    result = crawl(config_for(site, total_timeout_s=0.5, connect_timeout_s=0.3))

    assert result.outcome == "timeout"
    assert time.monotonic() - started < 3


def test_endless_redirects_end_in_too_many_redirects(serve) -> None:
    routes: dict[str, Route] = {"/": Reply(302, headers={"Location": "/r/0"})}
    routes.update({f"/r/{n}": Reply(302, headers={"Location": f"/r/{n + 1}"}) for n in range(50)})
    site = serve(routes)

    result = crawl(config_for(site, max_redirects=3))

    assert result.outcome == "too_many_redirects"
    assert site.page_paths() == ["/", "/r/0", "/r/1", "/r/2"]


BAD_LOCATIONS = [
    "http://[::1",
    "http://exa mple.com/",
    "http://a:b:c/",
    "ht!tp://x",
    "http://acme.sg/\x01x\x7f",
    "http://acme.sg/a\tb",
    "\x1b[31m",
    "http://[::ffff:0:7f00:1",
    "http://acme.sg:99999/",
    "http://acme.sg:-1/",
    "http://%zz/",
    "http://xn--/",
    "http:acme.sg",
    "//[v1.x]/",
    "https://" + "a" * 300 + ".sg/",
    "",
    "   ",
]


@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_a_page_redirecting_to_a_bad_location_is_a_bad_redirect_not_a_crash(
    serve, location: str
) -> None:
    site = serve(
        {
            "/": Reply(body=page("/go", "/pricing")),
            "/go": Reply(302, headers={"Location": location}),
            "/pricing": Reply(body=page()),
        }
    )

    result = crawl(config_for(site))

    assert result.outcome == "ok", result.detail
    go = next(p for p in result.pages if p.url == "https://acme.sg/go")
    assert (go.outcome, go.status, go.final_url) == ("bad_redirect", 302, "https://acme.sg/go")
    assert "/pricing" in site.page_paths()


@pytest.mark.parametrize(
    "location", ["http://[::1", "http://a:b:c/", "ht!tp://x", "", "http://xn--/", "http:acme.sg"]
)
def test_a_home_page_redirecting_to_a_bad_location_ends_the_domain_with_the_reason(
    serve, location: str
) -> None:
    site = serve({"/": Reply(302, headers={"Location": location})})

    result = crawl(config_for(site))

    assert result.outcome == "http_error"
    assert "failed unexpectedly" not in result.detail
    assert "https://acme.sg/" in result.detail
    assert [(p.url, p.outcome) for p in result.pages] == [("https://acme.sg/", "bad_redirect")]


# --- retries ----------------------------------------------------------------------------


def test_429_with_retry_after_is_retried_after_the_wait(serve) -> None:
    answers = iter([Reply(429, headers={"Retry-After": "1"}), Reply(body=page())])
    site = serve({"/": lambda _request: next(answers)})

    result = crawl(config_for(site, retries=2))

    assert result.outcome == "ok"
    homes = [r for r in site.log if r.path == "/"]
    assert len(homes) == 2
    assert homes[1].at - homes[0].at >= 0.9


def test_503_until_the_retries_run_out_is_http_error(serve) -> None:
    site = serve({"/": Reply(503, body="busy")})

    result = crawl(config_for(site, retries=2))

    assert result.outcome == "http_error"
    assert result.pages[0].status == 503
    assert site.paths().count("/") == 3
    assert "503" in result.detail


def test_retry_after_is_capped(serve) -> None:
    answers = iter([Reply(503, headers={"Retry-After": "3600"}), Reply(body=page())])
    site = serve({"/": lambda _request: next(answers)})

    started = time.monotonic()
    result = crawl(config_for(site, retries=1, max_retry_after_s=0.2))

    assert result.outcome == "ok"
    assert time.monotonic() - started < 3


# --- SSRF -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.5/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:127.0.0.1]:8080/",
        "http://[::ffff:0:a9fe:a9fe]/latest/meta-data/",
        "http://[::ffff:0:7f00:1]/",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
        "http://[2a00:1450::5efe:a9fe:a9fe]/",
    ],
)
def test_redirect_to_a_private_or_metadata_address_is_refused(serve, location: str) -> None:
    site = serve({"/": Reply(302, headers={"Location": location})})

    started = time.monotonic()
    result = crawl(config_for(site))

    assert result.outcome == "refused_address"
    assert result.pages[0].final_url.rstrip("/") == location.rstrip("/")
    assert site.page_paths() == ["/"]
    assert time.monotonic() - started < 1.5  # refused, not a connect attempt timing out


def test_mapped_site_redirecting_to_its_own_local_origin_is_refused(serve) -> None:
    # The origin's address is reachable only as the mapped domain, never as a URL.
    site = serve({"/": Reply(302, headers={"Location": "/hop"}), "/secret": Reply(body="s")})
    site.routes["/hop"] = Reply(302, headers={"Location": f"{site.origin}/secret"})

    result = crawl(config_for(site, allowed_ports=frozenset({site.port})))

    assert result.outcome == "refused_address"
    assert "/secret" not in site.paths()


def test_redirect_to_another_host_resolving_to_loopback_is_not_followed(serve) -> None:
    site = serve({"/secret": Reply(body="s")})
    site.routes["/"] = Reply(302, headers={"Location": f"http://localhost:{site.port}/secret"})

    result = crawl(config_for(site, allowed_ports=frozenset({site.port})))

    assert result.outcome == "http_error"
    assert "leaves the site" in result.detail
    assert "/secret" not in site.paths()


def test_redirect_to_a_port_that_is_not_allowed_is_refused(serve) -> None:
    site = serve({"/": Reply(302, headers={"Location": "https://acme.sg:8444/"})})

    result = crawl(config_for(site))

    assert result.outcome == "refused_address"
    assert "port 8444" in result.detail


@pytest.mark.parametrize("domain", ["localhost", "127.0.0.1", "[::1]"])
def test_unmapped_host_on_a_loopback_address_is_refused(domain: str) -> None:
    result = crawl(CrawlerConfig(user_agent=USER_AGENT, retries=0), domain)

    assert result.outcome == "refused_address"
    assert result.pages == ()


# --- conditional GET --------------------------------------------------------------------


def test_recrawl_with_stored_validators_gets_304s(serve) -> None:
    modified = format_datetime(datetime(2024, 5, 1, tzinfo=UTC) - timedelta(days=1), usegmt=True)

    def home(request: Logged) -> Reply:
        if request.headers.get("if-none-match") == '"home-v1"':
            return Reply(304, content_type=None, headers={"ETag": '"home-v1"'})
        return Reply(body=page("/pricing"), headers={"ETag": '"home-v1"'})

    def pricing(request: Logged) -> Reply:
        if request.headers.get("if-modified-since") == modified:
            return Reply(304, content_type=None)
        return Reply(body=page(), headers={"Last-Modified": modified})

    site = serve({"/": home, "/pricing": pricing})
    config = config_for(site)

    first = crawl(config)
    validators = {p.url: PageValidators(p.etag, p.last_modified) for p in first.pages}
    second = crawl(config, validators=validators)

    assert [p.outcome for p in first.pages] == ["ok", "ok"]
    assert second.outcome == "ok"
    assert [(p.url, p.status, p.outcome, p.html) for p in second.pages] == [
        ("https://acme.sg/", 304, "not_modified", None),
        ("https://acme.sg/pricing", 304, "not_modified", None),
    ]
    assert second.pages[0].etag == '"home-v1"'
    assert second.pages[1].last_modified == modified
    conditional = [r for r in site.log[len(site.log) // 2 :] if r.path in ("/", "/pricing")]
    assert conditional[0].headers["if-none-match"] == '"home-v1"'
    assert conditional[1].headers["if-modified-since"] == modified


# --- many domains, the resource ---------------------------------------------------------


def test_crawl_domains_keeps_input_order_and_one_failure_does_not_stop_others(serve) -> None:
    good = serve({"/": Reply(body=page())})
    blocked = serve({"/": Reply(403)})
    config = config_for(good, host_map={"good.sg": good.origin, "blocked.sg": blocked.origin})

    results = crawl_domains_sync(config, ["blocked.sg", "good.sg"], {})

    assert [(r.domain, r.outcome) for r in results] == [
        ("blocked.sg", "http_403"),
        ("good.sg", "ok"),
    ]


def test_crawler_resource_takes_unset_fields_from_the_environment_and_crawls(
    serve, monkeypatch
) -> None:
    monkeypatch.setenv("ICP_CRAWL_MAX_BYTES", "500000")
    site = serve({"/": Reply(body=page())})
    resource = CrawlerResource(
        host_map=f"acme.sg={site.origin}",
        per_host_delay_s=0.0,
        max_pages_per_domain=3,
        allowed_ports="8080, 8443",
        user_agent=USER_AGENT,
    )

    config = resource.get_config()
    results = resource.crawl(["acme.sg"], {})

    assert config.host_map == {"acme.sg": site.origin}
    assert config.allowed_ports == frozenset({8080, 8443})
    assert config.max_pages_per_domain == 3
    assert config.max_bytes_per_page == 500_000
    assert config.max_redirects == CrawlerConfig().max_redirects
    assert results[0].outcome == "ok"


# --- small parsers ----------------------------------------------------------------------


def test_host_map_parses_entries_and_rejects_malformed_ones() -> None:
    assert parse_host_map(" a.sg=http://127.0.0.1:8001/ , B.sg=http://127.0.0.1:8002") == {
        "a.sg": "http://127.0.0.1:8001",
        "b.sg": "http://127.0.0.1:8002",
    }
    assert parse_host_map("") == {}
    for bad in ("a.sg", "a.sg=ftp://x", "a.sg=http://127.0.0.1:1/path", "=http://x"):
        with pytest.raises(HostMapError):
            parse_host_map(bad)
    assert parse_ports("8080,,8443 ") == frozenset({8080, 8443})
    with pytest.raises(ValueError):
        parse_ports("70000")


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after("Mon, 01 Jan 2024 00:00:30 GMT", now) == 30.0
    assert parse_retry_after("Sun, 31 Dec 2023 00:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("\u00b2", now) is None  # "²".isdigit(), but not a number


def test_html_is_decoded_by_header_then_meta_then_utf8() -> None:
    latin = "Café".encode("latin-1")
    assert decode_html(latin, "text/html; charset=ISO-8859-1") == "Café"
    assert "Café" in decode_html(b'<meta charset="windows-1252">' + latin, "text/html")
    assert decode_html("Café".encode(), "text/html") == "Café"
    assert decode_html(latin, "text/html; charset=no-such-codec") == "Caf\ufffd"
    assert decode_html(b"\xff\xfeh\x00i\x00", None) == "hi"
    for charset in ("hex", "base64", "idna", "undefined"):
        assert decode_html(latin, f"text/html; charset={charset}") == "Caf\ufffd"


# --- hostile answers that must not escape as exceptions ---------------------------------


@pytest.mark.parametrize("charset", ["hex", "base64", "zlib", "idna", "undefined"])
def test_page_naming_a_non_text_charset_is_decoded_as_utf8(serve, charset: str) -> None:
    site = serve(
        {"/": Reply(body=page(title="Café"), content_type=f"text/html; charset={charset}")}
    )

    result = crawl(config_for(site))

    assert result.outcome == "ok"
    assert "Café" in (result.pages[0].html or "")


def test_retry_after_with_non_ascii_digits_is_backoff_not_a_crash(serve) -> None:
    answers = iter([Reply(503, headers={"Retry-After": "²"}), Reply(body=page())])
    site = serve({"/": lambda _request: next(answers)})

    result = crawl(config_for(site, retries=1))

    assert result.outcome == "ok"
    assert site.paths().count("/") == 2


def test_page_with_a_malformed_base_href_still_gives_its_links(serve) -> None:
    body = '<html><head><base href="http://["></head><body><a href="/pricing">P</a></body></html>'
    site = serve({"/": Reply(body=body), "/pricing": Reply(body=page())})

    result = crawl(config_for(site))

    assert result.outcome == "ok"
    assert "/pricing" in site.page_paths()


def _gzip(data_chunks: Iterable[bytes]) -> bytes:
    import zlib

    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [compressor.compress(chunk) for chunk in data_chunks]
    return b"".join(out) + compressor.flush()


def test_compressed_bomb_is_cut_at_the_byte_cap_without_inflating_it(serve) -> None:
    import tracemalloc

    # 200 MB of markup gzipped twice is a few hundred bytes on the wire.
    inner = _gzip([b"<p>"] + [b" " * 1_000_000 for _ in range(200)])
    bomb = _gzip([inner])
    site = serve(
        {
            "/": Reply(body=page("/bomb")),
            "/bomb": Reply(body=bomb, headers={"Content-Encoding": "gzip, gzip"}),
        }
    )

    tracemalloc.start()
    try:
        result = crawl(config_for(site, max_bytes_per_page=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert result.outcome == "ok"
    assert result.pages[1].html is None
    assert result.pages[1].outcome in ("too_large", "http_error")
    assert peak < 30_000_000


def test_gzip_and_deflate_pages_are_decoded(serve) -> None:
    import zlib

    html = page(title="Compressed").encode()
    site = serve(
        {
            "/": Reply(
                body=_gzip([page("/z", "/raw").encode()]), headers={"Content-Encoding": "gzip"}
            ),
            "/z": Reply(body=zlib.compress(html), headers={"Content-Encoding": "deflate"}),
            "/raw": Reply(body=zlib.compress(html)[2:-4], headers={"Content-Encoding": "deflate"}),
        }
    )

    result = crawl(config_for(site))

    assert result.outcome == "ok"
    assert [p.outcome for p in result.pages] == ["ok", "ok", "ok"]
    assert all("Compressed" in (p.html or "") for p in result.pages[1:])
    assert site.log[0].headers.get("accept-encoding") == "gzip, deflate"


def test_stored_non_ascii_validators_do_not_break_the_recrawl(serve) -> None:
    # The first crawl stores what the site sent, which httpx decodes as Latin-1 or UTF-8.
    site = serve({"/": Reply(body=page(), headers={"ETag": '"café"'})})
    first = crawl(config_for(site))
    assert first.pages[0].etag == '"café"'

    validators = {"https://acme.sg/": PageValidators('"café"', "Mon, 1 Jan 2024 00:00:00 GMT ü")}
    result = crawl(config_for(site), validators=validators)

    assert result.outcome == "ok"
    assert result.pages[0].outcome == "ok"
    assert "if-none-match" not in site.log[-1].headers


def test_an_unexpected_error_on_one_domain_does_not_fail_the_others(serve, monkeypatch) -> None:
    import resources.crawler.session as crawler_module

    real_decode = crawler_module.decode_html

    def decode(body: bytes, content_type: str | None) -> str:
        if b"boom" in body:
            raise RuntimeError("an extractor bug")
        return real_decode(body, content_type)

    monkeypatch.setattr(crawler_module, "decode_html", decode)
    good = serve({"/": Reply(body=page())})
    bad = serve({"/": Reply(body=page(title="boom"))})
    config = config_for(good, host_map={"good.sg": good.origin, "bad.sg": bad.origin})

    results = crawl_domains_sync(config, ["bad.sg", "good.sg"], {})

    assert [(r.domain, r.outcome) for r in results] == [("bad.sg", "http_error"), ("good.sg", "ok")]
    assert "RuntimeError" in results[0].detail
