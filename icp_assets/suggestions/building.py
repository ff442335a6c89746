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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icp_assets.evidence.extract.headcount import HEADCOUNT_BANDS
from icp_assets.pattern_mining.industries import SeedIndustry, seed_industries
from icp_assets.signals import SSIC_SIGNALS, Signal
from icp_assets.suggestions.model import (
    SeedEvidence,
    SuggestionCard,
    SuggestionInputs,
    TargetingPack,
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
#: A site running analytics, a CMS, a marketing pixel or a CDN says nothing about fit;
#: only integrations with such tools count.
NOISE_CATEGORIES_WHEN_RUN = frozenset({"analytics", "cms", "marketing", "cloud"})
_BAND_ORDER = {band: index for index, (band, _, _) in enumerate(HEADCOUNT_BANDS)}


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


@dataclass(frozen=True)
class _Shared:
    """A value shared by some of a segment's seeds, with the evidence behind it."""

    value: str
    seeds: frozenset[int]
    evidence: tuple[SeedEvidence, ...]
    integrates: int = 0


@dataclass
class _EvidenceIndex:
    """The best seeds' evidence, by seed and signal."""

    ssic: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    headcount: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    integrations: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
    industries: dict[int, list[SeedEvidence]] = field(default_factory=lambda: defaultdict(list))
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
                if row.value in _BAND_ORDER and row.details.get("kind") != "openings":
                    index.headcount[row.seed_id].append(row)
            elif row.signal_key == Signal.INTEGRATION and ":" in row.value:
                index.integrations[row.seed_id].append(row)
                if isinstance(name := row.details.get("tool"), str) and name:
                    index.tool_names.setdefault(row.value.split(":", 1)[1], name)
            elif row.signal_key == Signal.BUYER_TITLE:
                index.titles[row.seed_id].append(row)
            elif row.signal_key == Signal.INDUSTRY_LABEL:
                index.industries[row.seed_id].append(row)
        return index

    def codes_of(self, seed_id: int) -> set[str]:
        return {row.value for row in self.ssic.get(seed_id, ())}


def _tallied(
    rows_by_seed: Mapping[int, list[SeedEvidence]],
    seeds: Iterable[int],
    value_of: Callable[[SeedEvidence], str | None],
) -> dict[str, list[SeedEvidence]]:
    found: dict[str, list[SeedEvidence]] = defaultdict(list)
    for seed in sorted(seeds):
        for row in rows_by_seed.get(seed, ()):
            if (value := value_of(row)) is not None:
                found[value].append(row)
    return found


def _shared_values(
    found: Mapping[str, list[SeedEvidence]], covered: int, limit: int
) -> list[_Shared]:
    """Values shown by at least two of the segment's seeds (one for a one-seed segment),
    most shared first, then most confident, then by name."""
    needed = 1 if covered < 2 else 2
    shared = []
    for value, rows in found.items():
        seeds = frozenset(row.seed_id for row in rows)
        if len(seeds) < needed:
            continue
        integrates = len({r.seed_id for r in rows if r.value.startswith("integrates:")})
        shared.append(_Shared(value, seeds, tuple(rows), integrates))
    shared.sort(
        key=lambda s: (
            -len(s.seeds),
            -s.integrates,
            -round(sum(r.confidence for r in s.evidence), 4),
            s.value,
        )
    )
    return shared[:limit]


def _tool_of(row: SeedEvidence) -> str | None:
    relation, tool = row.value.split(":", 1)
    if relation != "integrates" and row.details.get("category") in NOISE_CATEGORIES_WHEN_RUN:
        return None
    return tool


# --- what a segment's seeds share ---------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """What a segment's seeds share, and the evidence cited for it."""

    band: str | None
    band_seeds: int
    integrations: tuple[_Shared, ...]
    champions: tuple[_Shared, ...]
    observed_codes: frozenset[str]
    evidence: tuple[SeedEvidence, ...]


def _profile(
    segment: Segment, index: _EvidenceIndex, industries: Mapping[int, SeedIndustry]
) -> _Profile:
    industry_rows = [
        index.by_id[industries[seed].evidence_id]
        for seed in sorted(segment.seeds)
        if seed in industries and industries[seed].evidence_id in index.by_id
    ]
    best_band: dict[int, SeedEvidence] = {}
    for seed in sorted(segment.seeds):
        rows = index.headcount.get(seed)
        if rows:
            best_band[seed] = min(rows, key=lambda r: (-r.confidence, r.value))
    bands = _tallied({s: [r] for s, r in best_band.items()}, segment.seeds, lambda r: r.value)
    band, band_rows = None, []
    if bands:
        band, band_rows = min(bands.items(), key=lambda kv: (-len(kv[1]), _BAND_ORDER[kv[0]]))
    integrations = _shared_values(
        _tallied(index.integrations, segment.seeds, _tool_of), len(segment.seeds), MAX_INTEGRATIONS
    )
    champions = _shared_values(
        _tallied(index.titles, segment.seeds, lambda r: r.value), len(segment.seeds), MAX_CHAMPIONS
    )
    groups = [
        industry_rows,
        band_rows,
        *(list(s.evidence) for s in integrations),
        *(list(s.evidence) for s in champions),
    ]
    cited: dict[int, SeedEvidence] = {}
    for group in groups:
        for row in group:
            if len(cited) >= MAX_CITED_EVIDENCE:
                break
            cited.setdefault(row.evidence_id, row)
    return _Profile(
        band=band,
        band_seeds=len(band_rows),
        integrations=tuple(integrations),
        champions=tuple(champions),
        observed_codes=frozenset(row.value for row in industry_rows),
        evidence=tuple(cited[i] for i in sorted(cited)),
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
    inputs: SuggestionInputs,
    index: _EvidenceIndex,
    negative: NegativeIcp,
    excluded: Sequence[str],
    previous_ids: Mapping[tuple[str, ...], str],
    reduced: bool,
) -> SuggestionCard:
    segment = scored.segment
    answers = inputs.answers
    best_seeds = len(inputs.best_seed_ids)
    covered = len(segment.seeds)
    from_answers: list[str] = []

    band = profile.band
    if band is None and answers.employee_band:
        band = answers.employee_band
        from_answers.append("headcount_band")
    integrations = [s.value for s in profile.integrations]
    if segment.kind == "technographic" and segment.anchor not in integrations:
        integrations.insert(0, segment.anchor or "")
    if not integrations and answers.integrations_required:
        integrations = list(dict.fromkeys(t.strip().lower() for t in answers.integrations_required))
        from_answers.append("integrations")
    champions = [s.value for s in profile.champions]
    if not champions and answers.champion_titles:
        champions = list(dict.fromkeys(t.strip() for t in answers.champion_titles))
        from_answers.append("champions")

    cluster = tuple(
        {"code": code, "title": sentence_case(_title_of(code, inputs, index))}
        for code in segment.codes
    )
    name = _segment_name(segment, inputs, index)
    top_tool = tool_name(integrations[0], index.tool_names) if integrations else None
    title_parts = [name]
    if band:
        title_parts.append(f"{band} staff")
    if top_tool and segment.kind != "technographic":
        title_parts.append(f"on {top_tool}")

    codes_text = ", ".join(segment.codes)
    if segment.kind == "ssic":
        verb = plural(covered, "is", "are")
        lead = f"{covered} of {best_seeds} best customers {verb} in "
        lead += f"{_activity(segment, inputs, index)} (SSIC {codes_text})."
    else:
        tool = tool_name(segment.anchor or "", index.tool_names)
        lead = f"{covered} of {best_seeds} best customers {plural(covered, 'uses', 'use')} {tool}"
        lead += f" (SSIC {codes_text})." if codes_text else "."

    def who(count: int, one: str, many: str) -> str:
        # "3 of them use", or "it uses" when the segment is a single customer.
        return f"it {one}" if covered == 1 else f"{count} of them {many}"

    clauses = []
    if profile.integrations and segment.kind != "technographic":
        shared = profile.integrations[0]
        tool = tool_name(shared.value, index.tool_names)
        clauses.append(f"{who(len(shared.seeds), 'uses', 'use')} {tool}")
    if profile.band:
        clauses.append(f"{who(profile.band_seeds, 'has', 'have')} {profile.band} staff")
    if profile.champions:
        shared = profile.champions[0]
        clauses.append(f"{who(len(shared.seeds), 'lists', 'list')} {shared.value} roles")
    # "It uses Xero, has ..." and "3 of them use Xero, 2 have ...": the subject once.
    clauses = [
        clause if number == 0 else clause.replace("it ", "", 1).replace(" of them", "", 1)
        for number, clause in enumerate(clauses)
    ]
    if clauses:
        rationale = f"{lead} {capitalize_first(join(clauses))}."
    elif from_answers:
        fields = join([f.replace("_", " ") for f in from_answers])
        verb = plural(len(from_answers), "comes", "come")
        rationale = f"{lead} The {fields} {verb} from the intake answers."
    else:
        rationale = lead
    if segment.lost:
        lost = len(segment.lost)
        rationale += f" {lost} lost {plural(lost, 'customer is', 'customers are')} in it too."

    support = covered / best_seeds
    confidence = min(1.0, 0.5 * max(scored.score, 0.0) + 0.5 * support)
    if reduced:
        confidence *= REDUCED_CONFIDENCE_FACTOR
    flags = list(touching_themes([*segment.codes, *profile.observed_codes], negative))
    if segment.lost:
        lost = len(segment.lost)
        flags.insert(0, f"{lost} lost {plural(lost, 'customer', 'customers')} in this segment")
    identity = tuple(sorted(segment.identity))
    return SuggestionCard(
        id=previous_ids.get(identity) or card_id(identity, band),
        title=", ".join(title_parts),
        ssic_cluster=cluster,
        headcount_band=band,
        integrations=tuple(integrations),
        champions=tuple(champions),
        evidence_ids=tuple(row.evidence_id for row in profile.evidence),
        seeds_covered=f"{covered}/{best_seeds}",
        rationale=rationale,
        confidence=round(confidence, 2),
        negative_flags=tuple(dict.fromkeys(flags)),
        targeting_pack=TargetingPack(
            ssic_filters=tuple(sorted(segment.codes)),
            technographic_filters=tuple(integrations),
            pitch=_pitch(name, band, champions, integrations, profile, index, from_answers),
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
    )


def _pitch(
    name: str,
    band: str | None,
    champions: Sequence[str],
    integrations: Sequence[str],
    profile: _Profile,
    index: _EvidenceIndex,
    from_answers: Sequence[str],
) -> str:
    """One or two sentences naming the segment, the champion and the integration."""
    who = f"{_people(champions[0])} at " if champions else ""
    size = f" with {band} staff" if band else ""
    opening = f"Pitch {who}{lower_first(name)}{size}."
    if not integrations:
        return opening
    tool = tool_name(integrations[0], index.tool_names)
    if "integrations" in from_answers:
        return f"{opening} Lead with the {tool} integration the intake names as a must-have."
    shared = next((s for s in profile.integrations if s.value == integrations[0]), None)
    if shared is None:
        return f"{opening} Lead with the {tool} integration."
    users = len(shared.seeds)
    return (
        f"{opening} Lead with the {tool} integration: {users} of your best "
        f"customers there {plural(users, 'uses', 'use')} it."
    )


def _people(champion: str) -> str:
    """A buyer title as people to pitch: ``operations managers``, ``finance leadership``."""
    return f"{champion}s" if champion.endswith(("manager", "executive")) else champion


def _previous_ids(previous_cards: Sequence[Mapping[str, Any]]) -> dict[tuple[str, ...], str]:
    """The newest previous id of each segment (its tool, else its SSIC cluster)."""
    ids: dict[tuple[str, ...], str] = {}
    for card in previous_cards:
        if card.get("segment_kind") == "technographic":
            tools = (card.get("targeting_pack") or {}).get("technographic_filters") or ()
            identity = (f"tool:{tools[0]}",) if tools else ()
        else:
            identity = tuple(sorted(str(i.get("code")) for i in card.get("ssic_cluster") or ()))
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
    return {
        seed: {tool for row in index.integrations.get(seed, ()) if (tool := _tool_of(row))}
        for seed in seeds
    }


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
    n = len(best)
    reduced = is_reduced_evidence(inputs)
    minimum = MIN_CARDS_REDUCED if n < FULL_EVIDENCE_SEEDS else MIN_CARDS_FULL_EVIDENCE

    def scored_of(segments: Iterable[Segment]) -> list[tuple[Scored, _Profile]]:
        found = []
        for segment in segments:
            if segment.kind == "ssic" and inside_exclusion(segment.codes, excluded):
                continue
            profile = _profile(segment, index, best_industries)
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
        _card(s, profiles[id(s)], inputs, index, negative, excluded, previous, reduced)
        for s in chosen
    )
    return SuggestionSet(cards, negative, tuple(uncovered_groups(best_industries, chosen)))
