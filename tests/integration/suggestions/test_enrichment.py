"""Enrichment of queued register companies: the `enrichment_sensor` processing due
`enrich_now` jobs against loopback websites reached through the crawler's host map,
`icp enrich`, and the queue in `icp metrics`, on a real database."""

from __future__ import annotations

import json
import socket

import dagster as dg
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from icp_assets.automation.enrichment import enrichment_sensor
from icp_assets.monitoring.metrics import collect_metrics, metrics_text
from icp_assets.suggestions.adoption import ENRICH_NIGHTLY, ENRICH_NOW
from icp_assets.suggestions.enrichment import (
    MAX_INTERRUPTIONS,
    process_enrichment_jobs,
    request_enrichment,
)
from resources.crawler import CrawlerResource, format_host_map
from resources.warehouse import WarehouseResource
from support.cards import add_register_companies
from support.loopback import Reply

TENANT, OTHER_TENANT = 71, 72
# Live register companies the tests enrich (added to the sample register).
COLD_CHAIN, BLOCKED, DISALLOWED, DOWN, PLAIN = (
    "202500001C",
    "202500002B",
    "202500003D",
    "202500004E",
    "202500005P",
)
NOT_IN_REGISTER = "209999999Z"

ALLOW_ALL = Reply(200, "User-agent: *\nAllow: /\n", content_type="text/plain")
HOME = """<!DOCTYPE html><html><head><title>Tanjong Cold Chain</title>
<script src="https://www.googletagmanager.com/gtm.js?id=GTM-1"></script></head><body>
<h1>Cold-chain warehousing in Singapore</h1>
<p>Tanjong Cold Chain runs temperature-controlled warehouses for food distributors and
pharmaceutical companies across Singapore and Malaysia.</p>
<p>Our warehouse management system integrates with Xero and Shopify, so your stock and
invoices stay in step.</p>
<p>We are a team of 80 people. Visit us at 10 Pandan Crescent, Singapore 128466.
Write to sales@tanjongcold.sg.</p>
<a href="/pricing">Pricing</a></body></html>"""
PRICING = """<!DOCTYPE html><html><head><title>Pricing</title></head><body><h1>Pricing</h1>
<p>Pallet storage from S$49 per month. Free trial for 30 days.</p></body></html>"""


def cold_chain_routes() -> dict:
    return {"/robots.txt": ALLOW_ALL, "/": Reply(200, HOME), "/pricing": Reply(200, PRICING)}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def crawler_for(sites: dict[str, str]) -> CrawlerResource:
    """A crawler whose host map sends each domain to its loopback origin, without
    politeness delays and with short timeouts."""
    return CrawlerResource(
        host_map=format_host_map(sites),
        per_host_delay_s=0.0,
        max_crawl_delay_s=0.1,
        max_pages_per_domain=6,
        connect_timeout_s=2.0,
        total_timeout_s=4.0,
        retries=0,
    )


@pytest.fixture
def register(warehouse, sample_register):
    add_register_companies(
        warehouse,
        [(uen, "52102", None) for uen in (COLD_CHAIN, BLOCKED, DISALLOWED, DOWN, PLAIN)],
    )
    return warehouse


def queue_job(warehouse, tenant, kind, uen, run_after="now() - interval '1 minute'", **payload):
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(
            text(
                "INSERT INTO background_jobs (tenant_id, kind, dedupe_key, payload, run_after, "
                f"created_at) VALUES (:t, :kind, :uen, CAST(:payload AS jsonb), {run_after}, "
                f"least(now(), {run_after})) RETURNING id"
            ),
            {"t": tenant, "kind": kind, "uen": uen, "payload": json.dumps({"uen": uen, **payload})},
        ).scalar_one()


def add_company(warehouse, tenant, uen, domain, name="Tanjong Cold Chain") -> int:
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(
            text(
                "INSERT INTO companies (tenant_id, name, normalized_name, primary_domain, uen) "
                "VALUES (:t, :name, lower(:name), :domain, :uen) RETURNING id"
            ),
            {"t": tenant, "name": name, "domain": domain, "uen": uen},
        ).scalar_one()


def jobs(warehouse, tenant) -> dict:
    with warehouse.tenant_transaction(tenant) as conn:
        return {
            (r.kind, r.dedupe_key): r
            for r in conn.execute(
                text(
                    "SELECT id, kind, dedupe_key, status, payload, last_error, attempts "
                    "FROM background_jobs"
                )
            )
        }


def evidence(warehouse, tenant) -> list:
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(
            text(
                "SELECT company_id, seed_id, signal_key, value, source, url, snippet, details "
                "FROM icp_evidence ORDER BY id"
            )
        ).all()


def tick(test_settings, crawler: CrawlerResource):
    context = dg.build_sensor_context(
        resources={
            "warehouse": WarehouseResource(database_url=test_settings.database_url),
            "crawler": crawler,
        }
    )
    return enrichment_sensor(context)


def test_the_sensor_enriches_due_enrich_now_jobs_and_leaves_the_nightly_ones(
    register, test_settings
):
    warehouse = register
    queue_job(warehouse, TENANT, ENRICH_NOW, PLAIN, entity_name="company")
    queue_job(warehouse, TENANT, ENRICH_NOW, NOT_IN_REGISTER)
    queue_job(warehouse, TENANT, ENRICH_NOW, DOWN, run_after="now() + interval '1 hour'")
    queue_job(warehouse, TENANT, ENRICH_NIGHTLY, COLD_CHAIN)
    queue_job(warehouse, OTHER_TENANT, ENRICH_NOW, "201912345K")

    first = tick(test_settings, crawler_for({}))
    assert isinstance(first, dg.SkipReason)
    assert "3 enrichment job(s) finished: 2 done" in first.skip_message
    assert "1 failed" in first.skip_message and "0 due, 1 later" in first.skip_message

    mine = jobs(warehouse, TENANT)
    plain = mine[(ENRICH_NOW, PLAIN)]
    assert plain.status == "done" and plain.attempts == 1 and plain.last_error is None
    result = plain.payload["result"]
    assert result["entity_name"] == f"company {PLAIN}" and result["live"] is True
    assert result["primary_ssic_code"] == "52102"
    assert result["website"] is None
    assert result["website_note"].startswith("no website known for this company")
    assert f"icp enrich --tenant {TENANT} --uen {PLAIN} --domain" in result["website_note"]
    failed = mine[(ENRICH_NOW, NOT_IN_REGISTER)]
    assert failed.status == "failed" and failed.last_error == "UEN not found in the register"
    assert mine[(ENRICH_NOW, DOWN)].status == "queued", "not due yet"
    assert mine[(ENRICH_NIGHTLY, COLD_CHAIN)].status == "queued", "the nightly run's"
    (other,) = jobs(warehouse, OTHER_TENANT).values()
    assert other.status == "done" and other.payload["result"]["primary_ssic_code"] == "52101"

    second = tick(test_settings, crawler_for({}))
    assert isinstance(second, dg.SkipReason)
    assert second.skip_message.startswith("no enrich_now job to enrich")


def test_a_known_website_is_crawled_and_its_evidence_recorded_without_a_seed(
    register, test_settings, serve
):
    warehouse = register
    site = serve(cold_chain_routes())
    company_id = add_company(warehouse, TENANT, COLD_CHAIN, "tanjongcold.sg")
    queue_job(warehouse, TENANT, ENRICH_NOW, COLD_CHAIN)

    reason = tick(test_settings, crawler_for({"tanjongcold.sg": site.origin}))
    assert "1 website(s) crawled, 0 of them failed" in reason.skip_message

    assert site.paths()[0] == "/robots.txt"
    assert {"/", "/pricing"} <= set(site.page_paths())
    job = jobs(warehouse, TENANT)[(ENRICH_NOW, COLD_CHAIN)]
    assert job.status == "done"
    result = job.payload["result"]
    assert (result["website"], result["website_from"]) == ("tanjongcold.sg", "company")
    assert result["company_id"] == company_id
    assert result["crawl"]["outcome"] == "ok" and result["crawl"]["pages_fetched"] == 2
    rows = evidence(warehouse, TENANT)
    assert result["evidence"]["items"] == len(rows) > 0
    assert result["evidence"]["kept_previous"] is False
    assert {r.source for r in rows} == {"enrichment"}
    assert {r.seed_id for r in rows} == {None} and {r.company_id for r in rows} == {company_id}
    values = {(r.signal_key, r.value) for r in rows}
    assert {("integration", "integrates:xero"), ("pricing", "SGD:49:month")} <= values
    assert ("location", "SG") in values and ("headcount_hint", "51-200") in values
    assert all(r.url.startswith("https://tanjongcold.sg/") for r in rows)
    assert not any("sales@" in (r.snippet or "") for r in rows), "contacts are redacted"
    assert {r.details["uen"] for r in rows} == {COLD_CHAIN}
    assert {r.details["enrichment_job_id"] for r in rows} == {job.id}

    # Enriching again replaces the company's enrichment evidence rather than adding to it.
    request_enrichment(warehouse, TENANT, COLD_CHAIN, "ops@x")
    tick(test_settings, crawler_for({"tanjongcold.sg": site.origin}))
    assert len(evidence(warehouse, TENANT)) == len(rows)


def test_a_failing_site_is_recorded_on_the_job_and_earlier_evidence_is_kept(
    register, test_settings, serve
):
    warehouse = register
    good = serve(cold_chain_routes())
    blocked = serve({"/robots.txt": ALLOW_ALL, "/": Reply(403, "<html>Forbidden</html>")})
    disallowed = serve(
        {"/robots.txt": Reply(200, "User-agent: *\nDisallow: /\n", content_type="text/plain")}
    )
    sites = {
        "tanjongcold.sg": good.origin,
        "blocked.sg": blocked.origin,
        "disallowed.sg": disallowed.origin,
        "down.sg": f"http://127.0.0.1:{closed_port()}",
    }
    for uen, domain in (
        (COLD_CHAIN, "tanjongcold.sg"),
        (BLOCKED, "blocked.sg"),
        (DISALLOWED, "disallowed.sg"),
        (DOWN, "down.sg"),
    ):
        add_company(warehouse, TENANT, uen, domain, name=domain)
        queue_job(warehouse, TENANT, ENRICH_NOW, uen)

    reason = tick(test_settings, crawler_for(sites))
    assert "4 website(s) crawled, 3 of them failed" in reason.skip_message
    mine = jobs(warehouse, TENANT)
    failing = (BLOCKED, DISALLOWED, DOWN)
    outcomes = {uen: mine[(ENRICH_NOW, uen)].payload["result"]["crawl"] for uen in failing}
    assert {uen: o["outcome"] for uen, o in outcomes.items()} == {
        BLOCKED: "http_403",
        DISALLOWED: "robots_disallowed",
        DOWN: "connect_error",
    }
    assert all(mine[(ENRICH_NOW, uen)].status == "done" for uen in outcomes)
    assert all(outcomes[uen]["detail"] for uen in outcomes)
    assert disallowed.paths() == ["/robots.txt"], "nothing robots.txt disallows is fetched"
    items = len(evidence(warehouse, TENANT))
    assert items > 0

    # The site that worked now answers 403: its job says so and its evidence stays.
    good.routes["/"] = Reply(403, "<html>Forbidden</html>")
    request_enrichment(warehouse, TENANT, COLD_CHAIN, "ops@x")
    tick(test_settings, crawler_for(sites))
    result = jobs(warehouse, TENANT)[(ENRICH_NOW, COLD_CHAIN)].payload["result"]
    assert result["crawl"]["outcome"] == "http_403"
    assert result["evidence"] == {"items": items, "by_signal": {}, "kept_previous": True}
    assert len(evidence(warehouse, TENANT)) == items


@pytest.fixture
def cli(test_settings):
    from icp_assets.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_icp_enrich_queues_a_job_at_the_given_domain_and_the_sensor_crawls_it(
    register, test_settings, serve, cli
):
    warehouse = register
    site = serve(cold_chain_routes())
    website = "https://www.TanjongCold.sg/about"
    args = ["--tenant", str(TENANT), "--uen", COLD_CHAIN.lower(), "--domain", website]
    queued = cli("enrich", *args, "--user", "ops@x", "--json")
    assert queued.exit_code == 0, queued.output
    request = json.loads(queued.stdout)
    assert (request["action"], request["uen"], request["domain"]) == (
        "queued",
        COLD_CHAIN,
        "tanjongcold.sg",
    )
    job = jobs(warehouse, TENANT)[(ENRICH_NOW, COLD_CHAIN)]
    assert job.id == request["job_id"] and job.status == "queued"
    assert job.payload["domain"] == "tanjongcold.sg" and job.payload["requested_by"] == "ops@x"

    tick(test_settings, crawler_for({"tanjongcold.sg": site.origin}))
    result = jobs(warehouse, TENANT)[(ENRICH_NOW, COLD_CHAIN)].payload["result"]
    assert (result["website"], result["website_from"]) == ("tanjongcold.sg", "request")
    assert result["crawl"]["outcome"] == "ok" and result["evidence"]["items"] > 0
    with warehouse.tenant_transaction(TENANT) as conn:
        (company,) = conn.execute(text("SELECT id, name, primary_domain, uen FROM companies"))
    assert (company.primary_domain, company.uen) == ("tanjongcold.sg", COLD_CHAIN)
    assert company.id == result["company_id"] and company.name == f"company {COLD_CHAIN}"

    # Asked again without --domain: the same job, queued again, keeps its domain.
    again = cli("enrich", "--tenant", str(TENANT), "--uen", COLD_CHAIN)
    assert again.exit_code == 0, again.output
    assert "queued again" in again.stdout and "at tanjongcold.sg" in again.stdout
    job = jobs(warehouse, TENANT)[(ENRICH_NOW, COLD_CHAIN)]
    assert job.status == "queued" and "result" not in job.payload
    assert job.payload["domain"] == "tanjongcold.sg"
    with warehouse.tenant_transaction(TENANT) as conn:
        audits = conn.execute(
            text("SELECT actor, details FROM audit_log WHERE action = 'request_enrichment'")
        ).all()
    assert [(a.actor, a.details["action"]) for a in audits] == [
        ("ops@x", "queued"),
        ("cli", "requeued"),
    ]


def test_icp_enrich_moves_a_nightly_job_to_now_and_refuses_what_it_cannot_queue(register, cli):
    warehouse = register
    job_id = queue_job(
        warehouse, TENANT, ENRICH_NIGHTLY, PLAIN, "now() + interval '1 day'", rule_id=7
    )
    moved = cli("enrich", "--tenant", str(TENANT), "--uen", PLAIN, "--json")
    assert moved.exit_code == 0, moved.output
    assert json.loads(moved.stdout)["action"] == "promoted"
    [((kind, _), job)] = jobs(warehouse, TENANT).items()
    assert (kind, job.id, job.status, job.payload["rule_id"]) == (ENRICH_NOW, job_id, "queued", 7)

    missing = cli("enrich", "--tenant", str(TENANT), "--uen", NOT_IN_REGISTER)
    assert missing.exit_code == 2 and "not in the register" in missing.output
    malformed = cli("enrich", "--tenant", str(TENANT), "--uen", "12-34")
    assert malformed.exit_code == 2 and "a UEN is 9 or 10 letters and digits" in malformed.output
    bad_domain = cli("enrich", "--tenant", str(TENANT), "--uen", PLAIN, "--domain", "127.0.0.1")
    assert bad_domain.exit_code == 2 and "IP address" in bad_domain.output


def test_a_domain_that_is_another_companys_is_not_crawled_for_the_job(register, test_settings):
    warehouse = register
    add_company(warehouse, TENANT, COLD_CHAIN, "tanjongcold.sg")
    queue_job(warehouse, TENANT, ENRICH_NOW, PLAIN, domain="tanjongcold.sg")
    tick(test_settings, crawler_for({}))
    result = jobs(warehouse, TENANT)[(ENRICH_NOW, PLAIN)].payload["result"]
    assert result["website"] is None
    assert f"UEN {COLD_CHAIN}); not crawled for UEN {PLAIN}" in result["website_note"]
    assert evidence(warehouse, TENANT) == []


def test_a_tick_past_its_time_budget_hands_its_jobs_back_unchanged(register, test_settings, serve):
    warehouse = register
    site = serve(cold_chain_routes())
    add_company(warehouse, TENANT, COLD_CHAIN, "tanjongcold.sg")
    queue_job(warehouse, TENANT, ENRICH_NOW, COLD_CHAIN)
    counts = process_enrichment_jobs(
        warehouse,
        crawler_for({"tanjongcold.sg": site.origin}),
        kinds=(ENRICH_NOW,),
        time_budget_s=0.0,
    )
    assert (counts.finished, counts.deferred) == (0, 1)
    assert site.log == []
    job = jobs(warehouse, TENANT)[(ENRICH_NOW, COLD_CHAIN)]
    assert (job.status, job.attempts) == ("queued", 0)


def test_an_interrupted_job_is_claimed_again_until_it_was_interrupted_too_often(
    register, test_settings
):
    warehouse = register
    job_id = queue_job(warehouse, TENANT, ENRICH_NOW, PLAIN)
    queue_job(warehouse, TENANT, ENRICH_NOW, DOWN)

    def interrupt(uen: str, interruptions: int) -> None:
        with warehouse.tenant_transaction(TENANT) as conn:
            conn.execute(
                text(
                    "UPDATE background_jobs SET status = 'running', attempts = attempts + 1, "
                    "updated_at = now() - interval '2 hours', "
                    "payload = payload || jsonb_build_object('interruptions', :n) "
                    "WHERE dedupe_key = :uen"
                ),
                {"uen": uen, "n": interruptions},
            )

    interrupt(PLAIN, 0)
    interrupt(DOWN, MAX_INTERRUPTIONS - 1)
    counts = process_enrichment_jobs(warehouse, crawler_for({}), kinds=(ENRICH_NOW,))
    assert (counts.done, counts.failed) == (1, 1)
    mine = jobs(warehouse, TENANT)
    plain = mine[(ENRICH_NOW, PLAIN)]
    assert plain.id == job_id and plain.status == "done" and plain.attempts == 2
    assert plain.payload["interruptions"] == 1
    down = mine[(ENRICH_NOW, DOWN)]
    assert down.status == "failed" and down.last_error.startswith(
        f"interrupted {MAX_INTERRUPTIONS} times"
    )


def test_the_metrics_show_the_queue_draining_from_queued_to_done(register, test_settings, serve):
    warehouse = register
    site = serve(cold_chain_routes())
    add_company(warehouse, TENANT, COLD_CHAIN, "tanjongcold.sg")
    for uen in (COLD_CHAIN, PLAIN, NOT_IN_REGISTER):
        queue_job(warehouse, TENANT, ENRICH_NOW, uen, "now() - interval '10 minutes'")
    queue_job(warehouse, TENANT, ENRICH_NIGHTLY, DOWN, "now() + interval '1 day'")

    with dg.instance_for_test() as instance:
        before = collect_metrics(warehouse, instance, TENANT)
        tick(test_settings, crawler_for({"tanjongcold.sg": site.origin}))
        after = collect_metrics(warehouse, instance, TENANT)

    (tenant_before,) = before["tenants"]
    now_before = tenant_before["enrichment_queue"][ENRICH_NOW]
    assert {k: v for k, v in now_before.items() if k != "oldest_queued_age_s"} == {
        "queued": 3,
        "due": 3,
        "running": 0,
        "done": 0,
        "failed": 0,
    }
    assert 600 <= now_before["oldest_queued_age_s"] < 900
    nightly_before = tenant_before["enrichment_queue"][ENRICH_NIGHTLY]
    assert (nightly_before["queued"], nightly_before["due"]) == (1, 0)
    assert "enrich_now: 3 queued (3 due, oldest 10 min)" in metrics_text(before)

    (tenant_after,) = after["tenants"]
    assert tenant_after["enrichment_queue"][ENRICH_NOW] == {
        "queued": 0,
        "due": 0,
        "running": 0,
        "done": 2,
        "failed": 1,
        "oldest_queued_age_s": None,
    }
    assert tenant_after["enrichment_queue"][ENRICH_NIGHTLY]["queued"] == 1
    assert after["totals"]["enrichment_queue"][ENRICH_NOW]["done"] == 2
    text_after = metrics_text(after)
    assert "enrich_now: 0 queued (0 due), 0 running, 2 done, 1 failed" in text_after
    assert text_after.splitlines()[-1].startswith("totals: ")
