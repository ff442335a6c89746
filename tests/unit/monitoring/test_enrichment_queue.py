"""The enrichment queue in the metrics: counts per kind, the oldest queued job's age,
totals over tenants and the text report."""

from __future__ import annotations

from decimal import Decimal

from icp_assets.monitoring.metrics import (
    enrichment_queue_metrics,
    enrichment_queue_text,
    enrichment_queue_totals,
    readable_age,
    tenant_lines,
)

ZERO = {"queued": 0, "due": 0, "running": 0, "done": 0, "failed": 0, "oldest_queued_age_s": None}


def test_every_enrichment_kind_is_counted_with_zeros_when_it_has_no_job():
    queue = enrichment_queue_metrics(
        {"enrich_now": {"queued": 3, "due": 2, "done": 5, "oldest_queued_age_s": Decimal("61.27")}}
    )
    assert queue == {
        "enrich_now": {**ZERO, "queued": 3, "due": 2, "done": 5, "oldest_queued_age_s": 61.3},
        "enrich_nightly": ZERO,
    }


def test_totals_sum_the_counts_and_keep_the_oldest_queued_job():
    one = enrichment_queue_metrics({"enrich_now": {"queued": 1, "oldest_queued_age_s": 30}})
    two = enrichment_queue_metrics(
        {"enrich_now": {"queued": 2, "failed": 1, "oldest_queued_age_s": 90}}
    )
    total = enrichment_queue_totals([one, two, enrichment_queue_metrics({})])
    assert total["enrich_now"] == {**ZERO, "queued": 3, "failed": 1, "oldest_queued_age_s": 90}
    assert total["enrich_nightly"] == ZERO


def test_ages_read_as_a_person_reads_them():
    assert [readable_age(s) for s in (45, 720, 5 * 3600, 3 * 86400)] == [
        "45 s",
        "12 min",
        "5.0 h",
        "3.0 d",
    ]


def test_the_tenant_block_shows_the_enrichment_queue_apart_from_other_jobs():
    queue = enrichment_queue_metrics(
        {"enrich_now": {"queued": 2, "due": 2, "done": 1, "oldest_queued_age_s": 125}}
    )
    assert enrichment_queue_text(queue) == (
        "enrich_now: 2 queued (2 due, oldest 2 min), 0 running, 1 done, 0 failed; "
        "enrich_nightly: 0 queued (0 due), 0 running, 0 done, 0 failed"
    )
    metrics = {
        "tenant_id": 3,
        "intake": {"intakes": 0, "completion_rate": 0.0, "latest": None},
        "seed_mapping": {"best_seeds": 0, "mapped": 0, "mapped_rate": 0.0},
        "evidence": {"items": 0, "companies_with_evidence": 0, "per_company": 0.0, "by_signal": {}},
        "patterns": {"total": 0, "by_key": {}},
        "suggestions": {"generation_id": None, "cards": 0, "reduced_evidence": False},
        "sla": {"breached": False, "reasons": [], "source": "data"},
        "asset_durations_s": {},
        "runs": {"recent": [], "failures_24h": 0},
        "background_jobs": {
            "enrich_now": {"queued": 2, "done": 1},
            "export": {"queued": 4},
        },
        "enrichment_queue": queue,
    }
    lines = tenant_lines(metrics)
    assert "  enrichment   " + enrichment_queue_text(queue) in lines
    assert "  queue        export queued=4" in lines
    quiet = tenant_lines({**metrics, "enrichment_queue": enrichment_queue_metrics({})})
    assert not any(line.startswith("  enrichment") for line in quiet)
