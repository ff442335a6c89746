"""Stage evidence: `icp_evidence` from the fixture websites, materialized in-process."""

from __future__ import annotations

import json
import re

import dagster as dg
from sqlalchemy import text

from icp_assets.intake.storage import save_intake
from icp_assets.monitoring.status import tenant_flow_state
from icp_assets.signals import WEB_SIGNALS
from resources.crawler import CrawlerResource
from resources.llm import LlmResource
from support.openai_stub import OpenAIStub, StubReply

# Names of people on the fixture sites' team pages, testimonials and blog bylines.
FIXTURE_PEOPLE = ("Rachel Goh", "Arjun Menon", "Marcus Lee", "Siti Rahman", "Wei Ling Chua")


def _evidence(warehouse, tenant=31, source=None):
    with warehouse.tenant_transaction(tenant) as conn:
        rows = conn.execute(text("SELECT * FROM icp_evidence ORDER BY id")).all()
    return [r for r in rows if source is None or r.source == source]


def _summary(warehouse, tenant=31):
    with warehouse.tenant_transaction(tenant) as conn:
        return conn.execute(text("SELECT * FROM evidence_summary")).one()


def _comparable(rows):
    return sorted(
        (r.company_id, r.signal_key, r.value, r.url, r.snippet, r.confidence, r.extractor)
        for r in rows
    )


def test_every_signal_kind_is_found_with_url_and_snippet(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 31, "ops", sample_intake)
    result = pipeline(31)

    web = _evidence(warehouse, source="web")
    assert {r.signal_key for r in web} == set(WEB_SIGNALS)
    assert all(r.url and r.url.startswith("https://") and r.snippet for r in web)
    assert all(len(r.snippet) <= 280 for r in web)
    values = {(r.signal_key, r.value) for r in web}
    assert ("integration", "integrates:xero") in values
    assert ("ssic_hint", "52101") in values  # Harbourline: general warehousing
    assert ("location", "SG") in values
    (materialization,) = [
        m.materialization
        for m in result.get_asset_materialization_events()
        if m.asset_key == dg.AssetKey("icp_evidence")
    ]
    assert materialization.metadata["items"].value == len(web)
    assert materialization.metadata["llm_enabled"].value is False


def test_evidence_carries_its_company_and_seed(warehouse, pipeline, sample_register, sample_intake):
    save_intake(warehouse, 31, "ops", sample_intake)
    pipeline(31)

    with warehouse.tenant_transaction(31) as conn:
        rows = conn.execute(
            text(
                "SELECT e.seed_id, e.details->>'role' AS role, c.primary_domain, c.is_self "
                "FROM icp_evidence e JOIN companies c ON c.id = e.company_id "
                "WHERE e.source = 'web'"
            )
        ).all()
    assert rows
    own = [r for r in rows if r.is_self]
    assert own and all(r.primary_domain == "lumenledger.sg" and r.seed_id is None for r in own)
    assert all(r.seed_id is not None for r in rows if not r.is_self)


def test_no_personal_data_in_any_value_snippet_or_details(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 31, "ops", sample_intake)
    pipeline(31)

    for row in _evidence(warehouse):
        stored = " ".join([row.value, row.snippet or "", json.dumps(row.details)])
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", stored), stored
        assert not re.search(r"\+65[\s-]?\d{4}[\s-]?\d{4}", stored), stored
        for person in FIXTURE_PEOPLE:
            assert person not in stored, stored


# What is left of any address or phone the fixture sites hide (the staff directory and
# the "people" page of geylangtrading.sg): a local part before an at-word, an encoded
# "@", a "+65" with digits after it, the names beside them.
HIDDEN_LEFTOVERS = re.compile(
    r"jane\s*\[at\]|ahmad\(at\)|weiling|kumar\s*\{at\}|priya\s*\[@\]|lim/at/|joanne"
    r"|jane\.tan|purchasing\s*\[at\]|%40|\w@|\+65\D{0,3}\d|Ahmad Ismail",
    re.IGNORECASE,
)


def test_hidden_contacts_and_addresses_in_urls_reach_no_evidence_column(
    warehouse, pipeline, sample_register, sample_intake
):
    intake = {
        **sample_intake,
        "best_customers": [
            *sample_intake["best_customers"],
            {"name": "Geylang Trading", "website": "geylangtrading.sg"},
        ],
    }
    save_intake(warehouse, 31, "ops", intake)
    pipeline(31)

    rows = _evidence(warehouse)
    assert any(r.url and r.url.startswith("https://geylangtrading.sg") for r in rows)
    for row in rows:
        stored = " ".join([row.value, row.url or "", row.snippet or "", json.dumps(row.details)])
        assert not HIDDEN_LEFTOVERS.search(stored), (stored, HIDDEN_LEFTOVERS.search(stored))
    with warehouse.tenant_transaction(31) as conn:
        details = conn.execute(text("SELECT detail FROM crawled_domains")).scalars().all()
    assert not any(HIDDEN_LEFTOVERS.search(detail or "") for detail in details)


def test_a_rerun_leaves_the_same_evidence_and_keeps_the_register_evidence(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 31, "ops", sample_intake)
    pipeline(31)
    first = _comparable(_evidence(warehouse))
    assert _evidence(warehouse, source="acra")

    pipeline(31)

    assert _comparable(_evidence(warehouse)) == first


def test_blocked_seed_sites_reduce_the_evidence_without_failing_the_run(
    warehouse, pipeline, sample_register
):
    """Plan Journey 3: the seeds' sites block the crawler; the run completes, the
    register evidence is there and the tenant's evidence is flagged as reduced."""
    intake = {
        "website": "https://lumenledger.sg",
        "best_customers": [
            {"name": "Harbourline Logistics Pte. Ltd.", "website": "harbourline-logistics.sg"},
            {"name": "Kopi Corner F&B", "website": "changiclinic.sg"},
            {"name": "Straits Precision Engineering", "website": "sentosasolo.sg"},
        ],
    }
    save_intake(warehouse, 31, "ops", intake)
    result = pipeline(31)

    assert result.success
    assert _evidence(warehouse, source="acra"), "the register evidence is gone"
    summary = _summary(warehouse)
    assert summary.reduced_evidence
    assert {(r["domain"], r["reason"]) for r in summary.reasons} >= {
        ("changiclinic.sg", "http_403"),
        ("sentosasolo.sg", "robots_disallowed"),
    }
    assert summary.register_items > 0


def test_the_llm_path_reads_the_stubs_http_responses_and_survives_a_malformed_one(
    warehouse, pipeline, sample_register
):
    intake = {
        "website": "https://lumenledger.sg",
        "best_customers": [
            {"name": "Harbourline Logistics", "website": "harbourline-logistics.sg"}
        ],
    }
    save_intake(warehouse, 31, "ops", intake)
    with OpenAIStub() as stub:
        stub.enqueue(None, StubReply.malformed_json())
        llm = LlmResource(model="stub-model", base_url=stub.base_url, api_key="test")
        result = pipeline(31, llm=llm)
        assert stub.requests, "the LLM was never called"

    assert result.success
    (materialization,) = [
        m.materialization
        for m in result.get_asset_materialization_events()
        if m.asset_key == dg.AssetKey("icp_evidence")
    ]
    assert materialization.metadata["llm_enabled"].value is True
    stats = materialization.metadata["llm"].value
    assert stats["pages"] > 0
    assert stats["malformed_output"] == 1


def test_tenants_never_see_each_others_evidence(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 31, "ops", sample_intake)
    pipeline(31)
    assert _evidence(warehouse, 31)
    assert _evidence(warehouse, 32) == []


def _asset_metadata(result, asset):
    (materialization,) = [
        m.materialization
        for m in result.get_asset_materialization_events()
        if m.asset_key == dg.AssetKey(asset)
    ]
    return materialization.metadata


def test_a_crawl_that_reaches_no_site_marks_the_evidence_stale_with_the_pages_date(
    warehouse, pipeline, crawler, sample_register, sample_intake, fixture_web
):
    save_intake(warehouse, 31, "ops", sample_intake)
    pipeline(31)
    with warehouse.tenant_transaction(31) as conn:
        first_fetch = conn.execute(text("SELECT min(fetched_at) FROM crawled_pages")).scalar()
    assert not _summary(warehouse).stale_evidence

    # Every fixture domain sent to a closed local port: the crawl reaches no site.
    unreachable = ",".join(
        f"{entry.split('=')[0]}=http://127.0.0.1:9" for entry in fixture_web.host_map().split(",")
    )
    down = CrawlerResource(**{**crawler.model_dump(), "host_map": unreachable})
    result = pipeline(31, crawler_resource=down)

    crawl = _asset_metadata(result, "crawled_pages")
    assert crawl["domains_ok"].value == 0
    assert crawl["stale_evidence"].value is True
    assert crawl["kept_pages_fetched_at"].value == first_fetch.timestamp()
    evidence = _asset_metadata(result, "icp_evidence")
    assert evidence["stale_evidence"].value is True
    assert evidence["reduced_evidence"].value is True
    assert evidence["sites_reached"].value == 0

    summary = _summary(warehouse)
    assert summary.stale_evidence and summary.reduced_evidence
    assert summary.evidence_as_of == first_fetch
    assert summary.sites_reached == 0 < summary.sites_crawled
    reasons = {r["reason"] for r in summary.reasons}
    assert {"crawl_reached_no_site", "stale_pages"} <= reasons

    state = tenant_flow_state(warehouse, pipeline.instance, 31)
    assert state.evidence is not None and state.evidence.stale
    assert state.evidence.note == (
        f"evidence stale: the last crawl reached 0 of {summary.sites_crawled} sites; "
        f"it rests on earlier pages fetched on {first_fetch:%Y-%m-%d}"
    )
