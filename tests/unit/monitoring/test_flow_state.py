"""Flow states from the facts the warehouse and the Dagster instance hold."""

from __future__ import annotations

from datetime import UTC, datetime

from icp_assets.monitoring.flow_state import (
    STAGE_OF_ASSET,
    EvidenceState,
    FailedStep,
    FlowFacts,
    derive_flow_state,
)


def _facts(**kwargs):
    base = {"tenant_id": 1, "latest_intake_id": 10, "latest_intake_at": 100.0}
    return FlowFacts(**{**base, **kwargs})


def test_no_intake_means_no_flow_yet():
    assert (
        derive_flow_state(_facts(latest_intake_id=None, latest_intake_at=None)).state == "no_intake"
    )


def test_a_fresh_intake_is_intake_saved():
    assert derive_flow_state(_facts()).state == "intake_saved"


def test_materializations_before_the_latest_intake_do_not_count():
    state = derive_flow_state(_facts(materialized_at={"seeds": 50.0}))
    assert state.state == "intake_saved" and state.done == []


def test_each_stage_follows_the_assets_done_since_the_intake():
    done: dict[str, float] = {}
    seen = []
    for asset in (
        "seeds",
        "company_map",
        "acra_matches",
        "crawled_pages",
        "site_register_matches",
        "icp_evidence",
        "icp_patterns",
        "suggestions",
    ):
        done[asset] = 200.0
        seen.append(derive_flow_state(_facts(materialized_at=dict(done))).state)
    assert seen == [
        "mapping",
        "mapping",
        "crawl",
        "crawl",
        "crawl",
        "pattern_mining",
        "pattern_mining",
        "suggestions_ready",
    ]


def test_a_failure_after_the_intake_is_failed_with_its_step():
    failure = FailedStep("run-1", "acra_matches", "boom", 300.0)
    state = derive_flow_state(_facts(materialized_at={"seeds": 200.0}, last_failure=failure))
    assert (state.state, state.failed_step, state.error) == ("failed", "acra_matches", "boom")
    assert state.as_json()["failed_step"] == "acra_matches"


def test_a_failure_followed_by_success_is_not_failed():
    failure = FailedStep("run-1", "seeds", "boom", 150.0)
    state = derive_flow_state(_facts(materialized_at={"seeds": 200.0}, last_failure=failure))
    assert state.state == "mapping"


def test_a_failure_before_the_latest_intake_is_forgotten():
    failure = FailedStep("run-1", "seeds", "boom", 50.0)
    assert derive_flow_state(_facts(last_failure=failure)).state == "intake_saved"


def test_stale_evidence_travels_with_the_state_and_says_how_old_it_is():
    evidence = EvidenceState(
        reduced=True,
        stale=True,
        as_of=datetime(2026, 11, 26, tzinfo=UTC),
        sites_crawled=11,
        sites_reached=0,
    )
    done = {asset: 200.0 for asset, _ in STAGE_OF_ASSET}
    state = derive_flow_state(_facts(materialized_at=done, evidence=evidence))
    assert state.state == "suggestions_ready"
    assert state.as_json()["evidence"] == {
        "reduced": True,
        "stale": True,
        "as_of": "2026-11-26T00:00:00+00:00",
        "sites_crawled": 11,
        "sites_reached": 0,
        "note": "evidence stale: the last crawl reached 0 of 11 sites; it rests on earlier "
        "pages fetched on 2026-11-26",
    }


def test_complete_fresh_evidence_has_no_note():
    evidence = EvidenceState(False, False, None, sites_crawled=4, sites_reached=4)
    assert evidence.note == ""
    assert derive_flow_state(_facts()).as_json()["evidence"] is None
