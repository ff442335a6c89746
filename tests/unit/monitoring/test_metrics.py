"""Metrics: the pure computations, and `icp metrics` on a tenant the pipeline ran for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from icp_assets.monitoring.metrics import (
    DAY_S,
    RunFacts,
    evidence_metrics,
    intake_completion,
    intake_metrics,
    metrics_text,
    run_metrics,
    seed_mapping_metrics,
    sla_status,
    totals,
)

ICP = str(Path(sys.executable).with_name("icp"))

FULL_INTAKE = {
    "website": "https://a.sg",
    "best_customers": [{"name": "A"}],
    "lost_customers": [{"name": "B", "reason": "budget"}],
    "employee_band": "11-50",
    "geos": ["SG"],
    "integrations_required": ["Xero"],
    "deal": {"acv_usd": 12000},
    "champion_titles": ["CFO"],
    "triggers": ["new office"],
}


def test_intake_completion_is_the_share_of_the_seven_optional_sections_answered():
    assert intake_completion(FULL_INTAKE) == 1.0
    bare = {"website": "https://a.sg", "best_customers": [{"name": "A"}]}
    assert intake_completion(bare) == 0.0
    # An empty list, a blank band and a deal without figures are not answers.
    partly = bare | {"geos": ["SG"], "triggers": [], "employee_band": " ", "deal": {}}
    assert intake_completion(partly) == pytest.approx(1 / 7)
    assert intake_completion(bare | {"deal": {"acv_usd": None, "sales_cycle_days": 30}}) == (
        pytest.approx(1 / 7)
    )


def test_intake_metrics_average_the_intakes_and_name_what_the_latest_left_out():
    bare = {"website": "https://a.sg", "best_customers": [{"name": "A"}], "geos": ["SG"]}
    result = intake_metrics([FULL_INTAKE, bare])
    assert result["intakes"] == 2
    assert result["complete_intakes"] == 1
    assert result["completion_rate"] == pytest.approx((1 + 1 / 7) / 2, abs=1e-4)
    assert result["latest"]["unanswered"] == [
        "employee_band",
        "integrations_required",
        "deal",
        "champion_titles",
        "triggers",
        "lost_customers",
    ]
    assert intake_metrics([])["completion_rate"] == 0.0


def test_seed_mapping_rate_is_mapped_best_seeds_over_best_seeds():
    assert seed_mapping_metrics(5, 4)["mapped_rate"] == 0.8
    assert seed_mapping_metrics(0, 0)["mapped_rate"] == 0.0


def test_evidence_per_company_counts_only_companies_with_evidence():
    result = evidence_metrics({"integrations": 6, "buyer_titles": 3}, companies=4)
    assert result["items"] == 9 and result["per_company"] == 2.25
    assert list(result["by_signal"]) == ["buyer_titles", "integrations"]
    assert evidence_metrics({}, companies=0)["per_company"] == 0.0


def test_run_metrics_show_newest_runs_first_with_durations_and_count_the_days_failures():
    now = 1_000_000.0
    runs = [
        RunFacts("old-fail", "tenant_pipeline", "FAILURE", now - DAY_S - 5, None, None, "x", "e"),
        RunFacts("ok", "tenant_pipeline", "SUCCESS", now - 100, now - 99, now - 87.5),
        RunFacts("fail", "tenant_pipeline", "FAILURE", now - 50, now - 49, now - 48, "seeds", "no"),
        RunFacts("queued", "tenant_pipeline", "QUEUED", now - 10, None, None),
    ]
    result = run_metrics(runs, now)
    assert [r["run_id"] for r in result["recent"]] == ["queued", "fail", "ok", "old-fail"]
    assert result["recent"][2]["duration_s"] == 11.5
    assert result["recent"][0]["duration_s"] is None
    assert result["recent"][1]["failed_step"] == "seeds"
    assert result["failures_24h"] == 1


def test_sla_is_breached_under_80_percent_or_over_300_seconds():
    assert not sla_status(0.8, 299.0)["breached"]
    low = sla_status(0.6, 10.0)
    assert low["breached"] and "0.60 under 0.80" in low["reasons"][0]
    slow = sla_status(1.0, 301.0)
    assert slow["breached"] and "over 300 s" in slow["reasons"][0]
    assert not sla_status(None, None)["breached"]


def test_a_recorded_check_result_decides_the_sla_over_the_data():
    failed = sla_status(0.9, 1.0, check_passed=False, source="check")
    assert failed["breached"] and failed["reasons"] == ["seed_mapping_sla check failed"]
    assert not sla_status(0.5, 1.0, check_passed=True, source="check")["breached"]


def _tenant(tenant_id, intakes, completion, best, mapped, items, companies, cards, breached):
    return {
        "tenant_id": tenant_id,
        "intake": {"intakes": intakes, "completion_rate": completion, "latest": None},
        "seed_mapping": seed_mapping_metrics(best, mapped),
        "evidence": evidence_metrics({"integrations": items}, companies),
        "patterns": {"total": 3, "by_key": {"ssic": 3}},
        "suggestions": {"generation_id": 1, "cards": cards, "reduced_evidence": cards == 0},
        "sla": sla_status(0.5 if breached else 1.0, 1.0),
        "asset_durations_s": {},
        "runs": {"recent": [], "failures_24h": 1},
        "background_jobs": {},
    }


def test_totals_weight_rates_by_their_denominators():
    result = totals(
        [
            _tenant(1, 1, 1.0, 4, 4, 10, 2, 3, False),
            _tenant(2, 3, 0.0, 6, 3, 2, 2, 0, True),
        ]
    )
    assert result["intake_completion_rate"] == 0.25
    assert result["mapped_rate"] == 0.7
    assert result["evidence_per_company"] == 3.0
    assert result["suggestions"] == 3 and result["reduced_evidence_tenants"] == 1
    assert result["sla_breaches"] == 1 and result["run_failures_24h"] == 2


def test_the_text_report_has_a_block_per_tenant_and_the_totals():
    tenants = [_tenant(1, 1, 1.0, 4, 4, 10, 2, 3, False), _tenant(2, 1, 0.0, 5, 2, 0, 0, 0, True)]
    text = metrics_text({"generated_at": "now", "tenants": tenants, "totals": totals(tenants)})
    assert "tenant 1\n" in text and "tenant 2\n" in text
    assert "4/4 best seeds mapped (100%)" in text
    assert "BREACHED: mapping rate 0.50 under 0.80" in text
    assert text.splitlines()[-1].startswith("totals: 2 tenants")


def icp(*args: str, env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([ICP, *args], env=env, capture_output=True, text=True, timeout=timeout)
