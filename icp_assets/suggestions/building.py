"""Micro-ICP suggestion cards, the negative ICP and a targeting pack per card, built from
a tenant's evidence, lost customers, exclusions and intake answers. Pure: no Dagster, no
SQL.

Which segments become cards is ``segments``' (candidates from each seed's industry,
scores, the choice); who not to sell to is ``negative``'s. This module reads what each
chosen segment's seeds share (band, tools, buyer titles) and writes the card.
Nothing is invented: every card cites evidence rows.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icp_assets.pattern_mining.industries import SeedIndustry, seed_industries
from icp_assets.signals import SSIC_SIGNALS, Signal
from icp_assets.suggestions.claims import (
    Claim,
    band_claim,
    champion_claims,
    industry_claim,
    integration_claims,
    tenant_tools,
    tool_key,
    tools_run,
)
from icp_assets.suggestions.model import (
    SeedEvidence,
    SuggestionCard,
    SuggestionInputs,
    TargetingPack,
    stored_card,
)
from icp_assets.suggestions.negative import (
    NegativeIcp,
    StatedExclusion,
    inside_exclusion,
    negative_icp,
    touching_themes,
)
from icp_assets.suggestions.segments import (
    Scored,
    Segment,
    choose_segments,
    score_segment,
    ssic_segments,
    technographic_segments,
    uncovered_groups,
)
from icp_assets.suggestions.wording import (
    capitalize_first,
    count_of,
    join,
    lower_first,
    plain_title,
    plural,
    segment_name,
    sentence_case,
    tool_name,
)

MAX_CARDS = 5
MIN_CARDS_FULL_EVIDENCE = 3
MIN_CARDS_REDUCED = 2
#: Negative-ICP themes the check asks for once the lost customers give 3 reasons.
MIN_NEGATIVE_THEMES = 3
#: Below this many best seeds, cards are marked ``reduced_evidence`` (plan Journey 2).
FULL_EVIDENCE_SEEDS = 5
REDUCED_CONFIDENCE_FACTOR = 0.7
MAX_INTEGRATIONS = 3
MAX_CHAMPIONS = 2
MAX_CITED_EVIDENCE = 60
CARD_ID_LENGTH = 10
SSIC_CODE_LENGTH = 5


@dataclass(frozen=True)
class SuggestionSet:
    cards: tuple[SuggestionCard, ...]  # ranked, best first
    negative: NegativeIcp = field(default_factory=lambda: NegativeIcp(()))
    #: Divisions that two or more best seeds share and no card covers.
    uncovered: tuple[tuple[str, frozenset[int]], ...] = ()

    @property
    def negative_icp(self) -> tuple:
        return self.negative.themes


def is_reduced_evidence(inputs: SuggestionInputs) -> bool:
    """Whether the tenant's cards rest on reduced evidence: fewer than
    ``FULL_EVIDENCE_SEEDS`` best seeds, or the evidence stage said so."""
    return inputs.reduced_evidence or len(set(inputs.best_seed_ids)) < FULL_EVIDENCE_SEEDS


def card_id(identity: Sequence[str], headcount_band: str | None) -> str:
    """A short hash of the segment's identity (its sorted SSIC cluster, or its tool) and
    the band: the same segment gets the same id on every run, whatever its evidence."""
    signature = json.dumps([sorted(set(identity)), headcount_band])
    return hashlib.sha256(signature.encode("utf-8")).hexdigest()[:CARD_ID_LENGTH]


# --- evidence indexes ---------------------------------------------------------------


@dataclass
class _EvidenceIndex:
    """The best seeds' evidence, by seed and signal."""

    ssic: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    headcount: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    integrations: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    tool_names: dict[str, str] = field(default_factory=dict)
    code_titles: dict[str, str] = field(default_factory=dict)
    by_id: dict[int, SeedEvidence] = field(default_factory=dict)

    @classmethod
    def of(cls, evidence: Iterable[SeedEvidence], best: frozenset[int]) -> _EvidenceIndex:
        index = cls()
        # Sorting by everything but the id keeps every later choice independent of ids.
        rows = sorted(
            (row for row in evidence if row.seed_id in best),
            key=lambda r: (r.seed_id, r.signal_key, r.value, -r.confidence, r.evidence_id),
        )
        for row in rows:
            index.by_id[row.evidence_id] = row
            if row.signal_key in SSIC_SIGNALS and len(row.value) == SSIC_CODE_LENGTH:
                index.ssic[row.seed_id].append(row)
                if isinstance(title := row.details.get("title"), str) and title:
                    index.code_titles.setdefault(row.value, title)
            elif row.signal_key == Signal.HEADCOUNT_HINT:
                if row.details.get("kind") != "openings":
                    index.headcount[row.seed_id].append(row)
            elif row.signal_key == Signal.INTEGRATION and ":" in row.value:
                index.integrations[row.seed_id].append(row)
                index.add_tool_name(row)
            elif row.signal_key == Signal.BUYER_TITLE:
                index.titles[row.seed_id].append(row)
        return index

    def add_tool_name(self, row: SeedEvidence) -> None:
        if isinstance(name := row.details.get("tool"), str) and name:
            self.tool_names.setdefault(row.value.split(":", 1)[1], name)


@dataclass(frozen=True)
class _Context:
    """What every card of a tenant reads besides its own seeds' evidence."""

    inputs: SuggestionInputs
    index: _EvidenceIndex
    industries: Mapping[int, SeedIndustry]
    #: The tools the tenant's own product integrates with.
    integrated: frozenset[str]


# --- what a segment's seeds share ---------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """What a card claims about its segment, each claim with its facts."""

    industry: Claim
    band: Claim | None
    integrations: tuple[Claim, ...]
    champions: tuple[Claim, ...]

    @property
    def claims(self) -> tuple[Claim, ...]:
        band = (self.band,) if self.band else ()
        return (self.industry, *band, *self.integrations, *self.champions)

    @property
    def evidence(self) -> tuple[SeedEvidence, ...]:
        cited: dict[int, SeedEvidence] = {}
        for claim in self.claims:
            for row in claim.evidence:
                if len(cited) < MAX_CITED_EVIDENCE:
                    cited.setdefault(row.evidence_id, row)
        return tuple(cited[i] for i in sorted(cited))

    @property
    def observed_codes(self) -> frozenset[str]:
        return frozenset(row.value for row in self.industry.evidence)


def _profile(segment: Segment, name: str, context: _Context) -> _Profile:
    index, inputs = context.index, context.inputs
    industry_rows = [
        index.by_id[context.industries[seed].evidence_id]
        for seed in sorted(segment.seeds)
        if seed in context.industries and context.industries[seed].evidence_id in index.by_id
    ]
    return _Profile(
        industry=industry_claim(segment.codes, name, industry_rows, segment.seeds),
        band=band_claim(segment.seeds, index.headcount),
        integrations=tuple(
            integration_claims(
                segment.seeds,
                index.integrations,
                set(context.integrated),
                index.tool_names,
                MAX_INTEGRATIONS,
            )
        ),
        champions=tuple(
            champion_claims(
                segment.seeds,
                inputs.seed_names,
                inputs.tenant_evidence,
                inputs.answers.champion_titles,
                index.titles,
                [tool_name(tool, index.tool_names) for tool in sorted(context.integrated)],
                MAX_CHAMPIONS,
            )
        ),
    )


# --- cards --------------------------------------------------------------------------


def _title_of(code: str, inputs: SuggestionInputs, index: _EvidenceIndex) -> str:
    return inputs.ssic_titles.get(code) or index.code_titles.get(code) or f"SSIC {code}"


_EXCEPT_RE = re.compile(r",?\s+except\b.*$", re.IGNORECASE)


def _segment_name(segment: Segment, inputs: SuggestionInputs, index: _EvidenceIndex) -> str:
    """What a person calls the firms of a segment: ``Warehousing and storage firms``,
    ``Construction firms``, ``Manufacturers of plastics products and metal products``,
    ``Firms on Xero``."""
    if segment.kind == "technographic":
        return f"Firms on {tool_name(segment.anchor or '', index.tool_names)}"
    if segment.level == "section":
        titles = [
            _EXCEPT_RE.sub("", plain_title(_title_of(c, inputs, index))) for c in segment.codes
        ]
        made = [
            t[len("manufacture of ") :] for t in titles if t.lower().startswith("manufacture of ")
        ]
        if len(made) == len(titles) and len(made) <= 3:
            return "Manufacturers of " + join(made)
        return segment_name(_title_of(segment.anchor or "", inputs, index))
    return segment_name(_title_of(segment.codes[0], inputs, index))


def _activity(segment: Segment, inputs: SuggestionInputs, index: _EvidenceIndex) -> str:
    code = segment.anchor if segment.level == "section" else segment.codes[0]
    return lower_first(plain_title(_title_of(code or "", inputs, index)))


def _card(
    scored: Scored,
    profile: _Profile,
    context: _Context,
    negative: NegativeIcp,
    excluded: Sequence[str],
    previous_ids: Mapping[tuple[str, ...], str],
    reduced: bool,
) -> SuggestionCard:
    segment = scored.segment
    inputs, index = context.inputs, context.index
    answers = inputs.answers
    best_seeds = len(inputs.best_seed_ids)
    covered = len(segment.seeds)
    from_answers: list[str] = []

    band = profile.band.label if profile.band else None
    if band is None and answers.employee_band:
        band = answers.employee_band
        from_answers.append("headcount_band")
    integrations = [claim.value for claim in profile.integrations]
    if segment.kind == "technographic" and segment.anchor not in integrations:
        integrations.insert(0, segment.anchor or "")
    if not integrations and answers.integrations_required:
        integrations = list(dict.fromkeys(tool_key(t) for t in answers.integrations_required))
        from_answers.append("integrations")
    champions = [claim.label for claim in profile.champions]
    if champions and all(claim.source == "your answers" for claim in profile.champions):
        from_answers.append("champions")

    titles = {code: sentence_case(_title_of(code, inputs, index)) for code in segment.codes}
    name = profile.industry.label
    top_tool = tool_name(integrations[0], index.tool_names) if integrations else None
    title_parts = [name]
    if band:
        title_parts.append(f"{band} staff")
    if top_tool and segment.kind != "technographic" and "integrations" not in from_answers:
        # A must-have from the answers is no claim that the segment's firms run it.
        title_parts.append(f"on {top_tool}")

    support = covered / best_seeds
    confidence = min(1.0, 0.5 * max(scored.score, 0.0) + 0.5 * support)
    if reduced:
        confidence *= REDUCED_CONFIDENCE_FACTOR
    flags = list(touching_themes([*segment.codes, *profile.observed_codes], negative))
    if segment.lost:
        flags.insert(0, f"{count_of(len(segment.lost), 'lost customer')} in this segment")
    identity = tuple(sorted(segment.identity))
    return SuggestionCard(
        id=previous_ids.get(identity) or card_id(identity, band),
        title=", ".join(title_parts),
        ssic_cluster=tuple(segment.codes),
        ssic_titles=titles,
        integration_names={key: tool_name(key, index.tool_names) for key in integrations},
        headcount_band=band,
        integrations=tuple(integrations),
        champions=tuple(champions),
        evidence_ids=tuple(row.evidence_id for row in profile.evidence),
        seeds_covered=f"{covered}/{best_seeds}",
        rationale=rationale(segment, profile, context, from_answers),
        confidence=round(confidence, 2),
        negative_flags=tuple(dict.fromkeys(flags)),
        targeting_pack=TargetingPack(
            ssic_filters=tuple(sorted(segment.codes)),
            technographic_filters=tuple(integrations),
            pitch=pitch(name, band, profile, context, from_answers),
            exclude_ssic=tuple(
                sorted(p for p in excluded if any(p.startswith(c) for c in segment.codes))
            ),
            exclude_entity_types=negative.exclude_entity_types,
        ),
        reduced_evidence=reduced,
        from_answers=tuple(from_answers),
        score=scored.score,
        score_parts=dict(scored.parts),
        covered_seeds=tuple(
            {"id": seed, "name": inputs.seed_names.get(seed, f"seed {seed}")}
            for seed in sorted(segment.seeds)
        ),
        segment_kind=segment.kind,
        segment_level=segment.level,
        lost_in_segment=len(segment.lost),
        claims=tuple(claim.as_json() for claim in profile.claims),
    )


def rationale(
    segment: Segment, profile: _Profile, context: _Context, from_answers: Sequence[str]
) -> str:
    """Why the card: how many best customers are in it, then what they share, each part
    counted ("3 of them run Xero, 2 have 51-200 staff, 1 unknown")."""
    inputs, index = context.inputs, context.index
    covered, best = len(segment.seeds), len(inputs.best_seed_ids)
    in_it = f"{covered} of {count_of(best, 'best customer')}"
    codes = f" (SSIC {', '.join(segment.codes)})" if segment.codes else ""
    if segment.kind == "ssic":
        activity = _activity(segment, inputs, index)
        lead = f"{in_it} {plural(covered, 'is', 'are')} in {activity}{codes}."
    else:
        tool = tool_name(segment.anchor or "", index.tool_names)
        lead = f"{in_it} {plural(covered, 'runs', 'run')} {tool}{codes}."
    parts: list[tuple[int, str, str, str]] = []  # (count, verb one, verb many, object)
    if profile.integrations and segment.kind != "technographic":
        claim = profile.integrations[0]
        parts.append((len(claim.seeds), "runs", "run", claim.label))
    if profile.band:
        parts.append(
            (profile.band.details["seeds_in_band"], "has", "have", f"{profile.band.label} staff")
        )
    clauses = []
    for number, (count, one, many, what) in enumerate(parts):
        if covered == 1:
            subject = "it" if number == 0 else ""
        else:
            subject = f"{count} of them" if number == 0 else str(count)
        clauses.append(" ".join(w for w in (subject, plural(count, one, many), what) if w))
    text = lead
    if clauses:
        if profile.band and profile.band.details["unknown"]:
            clauses[-1] += f" ({profile.band.details['unknown']} unknown)"
        text += f" {capitalize_first(join(clauses))}."
    if profile.champions:
        champion = profile.champions[0]
        text += f" {capitalize_first(champion.source)} name the {champion.label} as the buyer."
    if from_answers:
        text += f" From your answers: {join([ANSWER_FIELDS[f] for f in from_answers])}."
    if segment.lost:
        lost = len(segment.lost)
        text += f" {count_of(lost, 'lost customer')} {plural(lost, 'is', 'are')} in it too."
    return text


ANSWER_FIELDS = {
    "headcount_band": "the headcount band",
    "integrations": "the integrations",
    "champions": "the champions",
}


def pitch(
    name: str,
    band: str | None,
    profile: _Profile,
    context: _Context,
    from_answers: Sequence[str],
) -> str:
    """One or two sentences: whom to pitch at which firms, and the integration to lead
    with, only when the tenant's own product has it."""
    index = context.index
    who = f"the {profile.champions[0].label} at " if profile.champions else ""
    size = f" with {band} staff" if band else ""
    opening = f"Pitch {who}{lower_first(name)}{size}."
    ours = [c for c in profile.integrations if c.details["tenant_integrates"]]
    if ours:
        claim = ours[0]
        users = len(claim.seeds)
        return (
            f"{opening} Lead with your {claim.label} integration: "
            f"{users} of your best customers there {plural(users, 'runs', 'run')} it."
        )
    required = [tool_key(t) for t in context.inputs.answers.integrations_required]
    if "integrations" in from_answers and required and required[0] in context.integrated:
        tool = tool_name(required[0], index.tool_names)
        return f"{opening} Lead with your {tool} integration, a must-have in your answers."
    return opening


def _previous_ids(previous_cards: Sequence[Mapping[str, Any]]) -> dict[tuple[str, ...], str]:
    """The newest previous id of each segment (its tool, else its SSIC cluster)."""
    ids: dict[tuple[str, ...], str] = {}
    for card in previous_cards:
        if card.get("segment_kind") == "technographic":
            tools = (card.get("targeting_pack") or {}).get("technographic_filters") or ()
            identity = (f"tool:{tools[0]}",) if tools else ()
        else:
            identity = tuple(sorted(stored_card(card)["ssic_cluster"]))
        if identity and isinstance(card.get("id"), str):
            ids.setdefault(identity, card["id"])
    return ids


def _stated_exclusions(inputs: SuggestionInputs) -> list[StatedExclusion]:
    return [
        StatedExclusion(
            row.value,
            tuple(str(p) for p in row.details.get("ssic_prefixes") or ()),
            row.evidence_id,
            row.snippet,
        )
        for row in inputs.stated_exclusions
    ]


def _tools_by_seed(index: _EvidenceIndex, seeds: Iterable[int]) -> dict[int, set[str]]:
    return {seed: set(tools_run(index.integrations.get(seed, ()))) for seed in seeds}


def build_suggestions(inputs: SuggestionInputs) -> SuggestionSet:
    """The tenant's ranked cards and its negative ICP (see the module docstrings)."""
    best = frozenset(inputs.best_seed_ids)
    lost_ids = frozenset(customer.seed_id for customer in inputs.lost_customers)
    index = _EvidenceIndex.of(inputs.evidence, best)
    lost_index = _EvidenceIndex.of(inputs.evidence, lost_ids)
    titles = {**index.code_titles, **inputs.ssic_titles}
    best_industries = seed_industries(r for r in inputs.evidence if r.seed_id in best)
    lost_industries = seed_industries(r for r in inputs.evidence if r.seed_id in lost_ids)
    negative = negative_icp(
        inputs.lost_customers, lost_industries, inputs.answers, _stated_exclusions(inputs), titles
    )
    if not best:
        return SuggestionSet((), negative)
    excluded = tuple(sorted({*inputs.excluded_ssic, *negative.exclude_ssic}))
    for row in inputs.tenant_evidence:
        if row.signal_key == Signal.INTEGRATION:
            index.add_tool_name(row)
    context = _Context(
        inputs,
        index,
        best_industries,
        frozenset(tenant_tools(inputs.tenant_evidence, inputs.answers.integrations_required)),
    )
    n = len(best)
    reduced = is_reduced_evidence(inputs)
    minimum = MIN_CARDS_REDUCED if n < FULL_EVIDENCE_SEEDS else MIN_CARDS_FULL_EVIDENCE

    def scored_of(segments: Iterable[Segment]) -> list[tuple[Scored, _Profile]]:
        found = []
        for segment in segments:
            if segment.kind == "ssic" and inside_exclusion(segment.codes, excluded):
                continue
            profile = _profile(segment, _segment_name(segment, inputs, index), context)
            if not profile.evidence:
                continue
            flags = touching_themes(segment.codes, negative)
            confidence = sum(row.confidence for row in profile.evidence)
            found.append((score_segment(segment, confidence, n, len(flags)), profile))
        return found

    codes = {seed: industry.code for seed, industry in best_industries.items()}
    ssic = scored_of(ssic_segments(best_industries, lost_industries, inputs.ssic_sections))
    tools = scored_of(
        technographic_segments(
            _tools_by_seed(index, best), _tools_by_seed(lost_index, lost_ids), codes
        )
    )
    profiles = {id(scored): profile for scored, profile in (*ssic, *tools)}
    chosen = choose_segments([s for s, _ in ssic], MAX_CARDS)
    if len(chosen) < minimum:
        # Widening, only to reach the minimum: shared tools, then (under five seeds)
        # single-seed segments.
        chosen += choose_segments([s for s, _ in tools], minimum - len(chosen), chosen)
    if len(chosen) < minimum and reduced:
        singles = scored_of(ssic_segments(best_industries, lost_industries, {}, min_seeds=1))
        profiles.update({id(scored): profile for scored, profile in singles})
        chosen += choose_segments([s for s, _ in singles], minimum - len(chosen), chosen)
    chosen.sort(key=lambda s: (-s.score, -len(s.segment.seeds), s.segment.identity))
    previous = _previous_ids(inputs.previous_cards)
    cards = tuple(
        _card(s, profiles[id(s)], context, negative, excluded, previous, reduced) for s in chosen
    )
    return SuggestionSet(cards, negative, tuple(uncovered_groups(best_industries, chosen)))
