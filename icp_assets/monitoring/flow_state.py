"""A tenant's flow state, from what the warehouse and the Dagster instance record.

Pure: the caller gathers the facts; ``derive_flow_state`` decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The state a tenant is in once each asset has been materialized after its latest
# intake, in pipeline order: the tenant is in the stage of the first asset not done.
# Assets of later issues join this list as they are built.
STAGE_OF_ASSET: list[tuple[str, str]] = [
    ("seeds", "mapping"),
    ("company_map", "mapping"),
    ("acra_matches", "crawl"),
    ("crawled_pages", "crawl"),
    ("site_register_matches", "crawl"),
    ("icp_evidence", "pattern_mining"),
    ("icp_patterns", "pattern_mining"),
    ("suggestions", "suggestions_ready"),
]
FLOW_STATES = ("intake_saved", "mapping", "crawl", "pattern_mining", "suggestions_ready")


@dataclass(frozen=True)
class FailedStep:
    run_id: str
    step: str
    error: str
    at: float


@dataclass(frozen=True)
class EvidenceState:
    """What the tenant's latest evidence rests on (its ``evidence_summary`` row)."""

    reduced: bool
    stale: bool
    as_of: datetime | None
    sites_crawled: int
    sites_reached: int

    @property
    def note(self) -> str:
        """One line for a person; empty when the evidence is complete and fresh."""
        if not (self.reduced or self.stale):
            return ""
        crawl = f"the last crawl reached {self.sites_reached} of {self.sites_crawled} sites"
        if self.stale:
            since = f" fetched on {self.as_of:%Y-%m-%d}" if self.as_of else ""
            return f"evidence stale: {crawl}; it rests on earlier pages{since}"
        return f"evidence reduced: {crawl}"

    def as_json(self) -> dict[str, Any]:
        return {
            "reduced": self.reduced,
            "stale": self.stale,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "sites_crawled": self.sites_crawled,
            "sites_reached": self.sites_reached,
            "note": self.note,
        }


@dataclass(frozen=True)
class FlowFacts:
    tenant_id: int
    latest_intake_id: int | None
    latest_intake_at: float | None
    materialized_at: dict[str, float] = field(default_factory=dict)
    last_failure: FailedStep | None = None
    evidence: EvidenceState | None = None


@dataclass(frozen=True)
class FlowState:
    tenant_id: int
    state: str
    intake_id: int | None = None
    done: list[str] = field(default_factory=list)
    failed_step: str | None = None
    error: str | None = None
    evidence: EvidenceState | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "tenant_id": self.tenant_id,
            "state": self.state,
            "intake_id": self.intake_id,
            "assets_done": self.done,
            "failed_step": self.failed_step,
            "error": self.error,
            "evidence": self.evidence.as_json() if self.evidence else None,
        }


def derive_flow_state(facts: FlowFacts) -> FlowState:
    """Where the tenant is: the stage of its first asset not yet materialized since its
    latest intake, ``failed`` when a run failed after the last success, ``no_intake``
    before any intake."""
    if facts.latest_intake_id is None or facts.latest_intake_at is None:
        return FlowState(facts.tenant_id, "no_intake", evidence=facts.evidence)
    since = facts.latest_intake_at
    done = [a for a, _ in STAGE_OF_ASSET if facts.materialized_at.get(a, 0.0) >= since]
    failure = facts.last_failure
    if (
        failure
        and failure.at >= since
        and failure.at >= max((facts.materialized_at.get(a, 0.0) for a in done), default=0.0)
    ):
        return FlowState(
            facts.tenant_id,
            "failed",
            facts.latest_intake_id,
            done,
            failure.step,
            failure.error,
            facts.evidence,
        )
    state = "intake_saved"
    for asset, stage in STAGE_OF_ASSET:
        if asset not in done:
            break
        state = stage
    return FlowState(facts.tenant_id, state, facts.latest_intake_id, done, evidence=facts.evidence)
