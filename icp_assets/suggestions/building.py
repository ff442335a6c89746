"""Micro-ICP suggestion cards, the negative ICP and a targeting pack per card, built from
a tenant's patterns, evidence, lost customers and intake answers. Pure: no Dagster, no SQL.

How cards are chosen:

- **Candidates** are SSIC segments: every 5-digit code and every cluster (class, group,
  division) of ``icp_patterns``, each covering the best seeds in its ``details["seed_ids"]``.
  A segment's headcount band, integrations and champions are the ones most shared among
  *its* seeds, read from their evidence.
- **Score** = ``SCORE_WEIGHTS`` applied to: support (share of best seeds covered), weight
  of evidence (sum of the cited evidence's confidences, saturating), distinctness (one
  minus the largest overlap, by Jaccard on seeds and on SSIC codes, with a higher-ranked
  card) and specificity (deeper SSIC levels target better). ``score_parts`` holds each
  weighted part; they add up to ``score``.
- **Selection** is greedy, best score first, in three passes: segments that join at least
  two seeds and are not a narrower or wider copy of a chosen card (same seeds, nested
  codes), up to ``MAX_CARDS``; then single-seed segments; then, only to reach the minimum,
  widening: wider SSIC levels of the seeds' codes, copies, and cards built around a shared
  integration or served industry. Nothing is invented: every card cites evidence rows.
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
from icp_assets.signals import SSIC_SIGNALS, Signal
from icp_assets.suggestions.model import (
    IntakeAnswers,
    LostCustomer,
    NegativeTheme,
    SeedEvidence,
    SuggestionCard,
    SuggestionInputs,
    TargetingPack,
)

MAX_CARDS = 5
MIN_CARDS_FULL_EVIDENCE = 3
MIN_CARDS_REDUCED = 2
#: Negative-ICP themes the check asks for once the lost customers give 3 reasons.
MIN_NEGATIVE_THEMES = 3
#: Below this many best seeds, cards are marked ``reduced_evidence`` (plan Journey 2).
FULL_EVIDENCE_SEEDS = 5
SCORE_WEIGHTS = {"support": 0.45, "evidence_weight": 0.25, "distinctness": 0.2, "specificity": 0.1}
#: Sum of confidences at which the weight of evidence reaches one half.
EVIDENCE_HALF_WEIGHT = 5.0
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
    negative_icp: tuple[NegativeTheme, ...]


def is_reduced_evidence(inputs: SuggestionInputs) -> bool:
    """Whether the tenant's cards rest on reduced evidence: fewer than
    ``FULL_EVIDENCE_SEEDS`` best seeds, or the evidence stage said so."""
    return inputs.reduced_evidence or len(set(inputs.best_seed_ids)) < FULL_EVIDENCE_SEEDS


def card_id(ssic_cluster_codes: Sequence[str], headcount_band: str | None) -> str:
    """A short hash of the sorted SSIC cluster codes and the band: the same segment gets
    the same id on every run, whatever its evidence ids."""
    signature = json.dumps([sorted(set(ssic_cluster_codes)), headcount_band])
    return hashlib.sha256(signature.encode("utf-8")).hexdigest()[:CARD_ID_LENGTH]


# --- text ---------------------------------------------------------------------------


def sentence_case(title: str) -> str:
    """``WAREHOUSING AND STORAGE`` and ``Warehousing and Storage`` both become
    ``Warehousing and storage``; short acronyms inside a mixed-case title are kept."""
    shouting = title.upper() == title
    words = []
    for word in title.split():
        keep = not shouting and word.isupper() and len(word) <= 3
        words.append(word if keep else word.lower())
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _plain_title(title: str) -> str:
    """Sentence case without parenthetical notes: ``Clinics and other general medical
    services``."""
    return re.sub(r"\s*\([^)]*\)", "", sentence_case(title)).strip().rstrip(",")


def _segment_name(title: str) -> str:
    """A cluster title as the name of a kind of firm: ``Warehousing and storage firms``,
    ``Manufacturers of bakery products``, ``Restaurants``."""
    name = _plain_title(title)
    if name.lower().startswith("manufacture of "):
        return "Manufacturers of " + name[len("manufacture of ") :]
    name = re.sub(r"\s+activities$", "", name, flags=re.IGNORECASE)
    last_word = name.rsplit(" ", 1)[-1].lower()
    return name if last_word.endswith("s") and not last_word.endswith("ss") else f"{name} firms"


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tool_name(key: str, names: Mapping[str, str]) -> str:
    return names.get(key) or " ".join(part.capitalize() for part in key.split("-"))


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


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

    @classmethod
    def of(cls, evidence: Iterable[SeedEvidence], best: frozenset[int]) -> _EvidenceIndex:
        index = cls()
        # Sorting by everything but the id keeps every later choice independent of ids.
        rows = sorted(
            (row for row in evidence if row.seed_id in best),
            key=lambda r: (r.seed_id, r.signal_key, r.value, -r.confidence, r.evidence_id),
        )
        for row in rows:
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


# --- segments -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    """A candidate card before scoring."""

    kind: str  # "ssic" | "integration" | "industry"
    codes: tuple[str, ...]  # the card's SSIC cluster: codes or prefixes
    seeds: frozenset[int]
    from_pattern: bool
    anchor: str | None = None  # the tool or industry of a widening card

    @property
    def specificity(self) -> float:
        if self.kind != "ssic" or not self.codes:
            return 0.0
        return min(len(code) for code in self.codes) / SSIC_CODE_LENGTH

    @property
    def identity(self) -> tuple[str, ...]:
        """What makes two cards the same segment: the SSIC cluster, else the anchor."""
        return self.codes or (f"{self.kind}:{self.anchor}",)

    def covers_code(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.codes)


@dataclass(frozen=True)
class _Profile:
    """What a segment's seeds share, and the evidence cited for it."""

    band: str | None
    band_seeds: int
    integrations: tuple[_Shared, ...]
    champions: tuple[_Shared, ...]
    observed_codes: frozenset[str]
    evidence: tuple[SeedEvidence, ...]


def _profile(segment: _Segment, index: _EvidenceIndex) -> _Profile:
    ssic_rows = [
        row
        for seed in sorted(segment.seeds)
        for row in index.ssic.get(seed, ())
        if segment.kind != "ssic" or segment.covers_code(row.value)
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
    extra: list[SeedEvidence] = []
    if segment.kind == "industry":
        extra = [
            row
            for seed in sorted(segment.seeds)
            for row in index.industries.get(seed, ())
            if row.value == segment.anchor
        ]
    groups = [
        ssic_rows,
        extra,
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
        observed_codes=frozenset(row.value for row in ssic_rows),
        evidence=tuple(cited[i] for i in sorted(cited)),
    )


def _segments(inputs: SuggestionInputs, index: _EvidenceIndex, best: frozenset[int]):
    """Every candidate segment, each cluster once (patterns first)."""
    segments: dict[tuple[str, ...], _Segment] = {}
    for pattern in sorted(inputs.patterns, key=lambda p: (p.pattern_key, p.value)):
        seeds = frozenset(int(s) for s in pattern.details.get("seed_ids", ())) & best
        if not seeds:
            continue
        if pattern.pattern_key in ("ssic", "ssic_cluster") and pattern.value.isdigit():
            segments.setdefault((pattern.value,), _Segment("ssic", (pattern.value,), seeds, True))
    # Widening: every level above the seeds' own codes, even where it joins one seed.
    by_prefix: dict[str, set[int]] = defaultdict(set)
    for seed in best:
        for code in index.codes_of(seed):
            for digits in (5, 4, 3, 2):
                by_prefix[code[:digits]].add(seed)
    for prefix, seeds in sorted(by_prefix.items()):
        segments.setdefault((prefix,), _Segment("ssic", (prefix,), frozenset(seeds), False))
    widening: list[_Segment] = []
    for pattern in sorted(inputs.patterns, key=lambda p: (p.pattern_key, p.value)):
        if pattern.pattern_key not in ("integration", "industry_served"):
            continue
        seeds = frozenset(int(s) for s in pattern.details.get("seed_ids", ())) & best
        if not seeds:
            continue
        codes = tuple(sorted({code for seed in seeds for code in index.codes_of(seed)}))
        kind = "integration" if pattern.pattern_key == "integration" else "industry"
        widening.append(_Segment(kind, codes, seeds, True, anchor=pattern.value))
    return list(segments.values()), widening


def _inside_exclusion(segment: _Segment, excluded: Sequence[str]) -> bool:
    """Whether every code of the segment lies under an excluded code or prefix."""
    return bool(segment.codes) and all(
        any(code.startswith(prefix) for prefix in excluded) for code in segment.codes
    )


def _jaccard(a: frozenset, b: frozenset) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _nested(a: _Segment, b: _Segment) -> bool:
    """One segment is a narrower or wider copy of the other: nested codes and nested seeds."""
    if a.kind != "ssic" or b.kind != "ssic":
        return False
    codes_nested = all(b.covers_code(code) for code in a.codes) or all(
        a.covers_code(code) for code in b.codes
    )
    return codes_nested and (a.seeds <= b.seeds or b.seeds <= a.seeds)


@dataclass(frozen=True)
class _Scored:
    segment: _Segment
    profile: _Profile
    parts: dict[str, float]

    @property
    def score(self) -> float:
        return round(sum(self.parts.values()), 4)


def _score(
    segment: _Segment, profile: _Profile, chosen: Sequence[_Scored], best_seeds: int
) -> _Scored:
    support = len(segment.seeds) / best_seeds
    confidence_sum = sum(row.confidence for row in profile.evidence)
    evidence_weight = confidence_sum / (confidence_sum + EVIDENCE_HALF_WEIGHT)
    overlap = max(
        (
            (
                _jaccard(segment.seeds, other.segment.seeds)
                + _jaccard(profile.observed_codes, other.profile.observed_codes)
            )
            / 2
            for other in chosen
        ),
        default=0.0,
    )
    raw = {
        "support": support,
        "evidence_weight": evidence_weight,
        "distinctness": 1.0 - overlap,
        "specificity": segment.specificity,
    }
    parts = {name: round(SCORE_WEIGHTS[name] * value, 4) for name, value in raw.items()}
    return _Scored(segment, profile, parts)


def _choose(
    candidates: Sequence[tuple[_Segment, _Profile]],
    chosen: list[_Scored],
    limit: int,
    eligible: Callable[[_Segment, list[_Scored]], bool],
    best_seeds: int,
) -> None:
    """Greedy: add the best-scoring eligible candidate until ``limit`` cards."""
    while len(chosen) < limit:
        scored = [
            _score(segment, profile, chosen, best_seeds)
            for segment, profile in candidates
            if profile.evidence
            and all(segment.identity != c.segment.identity for c in chosen)
            and eligible(segment, chosen)
        ]
        if not scored:
            return
        chosen.append(
            min(scored, key=lambda s: (-s.score, -len(s.segment.seeds), s.segment.identity))
        )


# --- negative ICP -------------------------------------------------------------------

BUDGET_THEME = "budget under the price floor"
#: (theme, what classifies a lost reason or anti-ICP answer under it), checked in order.
_REASON_CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (theme, re.compile(pattern))
    for theme, pattern in (
        (
            "needs on-prem deployment",
            r"\bon[- ]?prem|\bpremises?\b|\bself[- ]?host|\bown servers?\b|\bair[- ]?gap",
        ),
        (
            "too small (1-10 staff)",
            r"\btoo small\b|\bone[- ]person\b|\bsolo\b|\bsole proprietor|\bfreelanc"
            r"|\bmicro[- ]business",
        ),
        (BUDGET_THEME, r"\bbudget|\bpric(?:e|es|ing)\b|\bexpensive\b|\bafford|\bcosts?\b"),
        ("too large: enterprise requirements", r"\btoo (?:big|large)\b|\benterprise\b"),
        (
            "slow procurement",
            r"\bprocurement\b|\btender\b|\bapprovals?\b|\bsales cycle\b|\blegal review\b",
        ),
        ("wrong industry", r"\bindustry\b|\bsector\b|\bvertical\b"),
        ("missing integration", r"\bintegrat\w*|\bconnectors?\b|\bapi\b"),
        ("chose a competitor", r"\bcompetitor|\bswitched to\b|\bwent with\b"),
        ("missing features", r"\bfeatures?\b|\bfunctionality\b"),
    )
)


def classify_reason(text: str, price_floor_usd: float | None = None) -> str:
    """A lost reason or anti-ICP answer as a theme; its own words when no class fits.
    With a price floor, the budget theme names it."""
    lowered = " ".join(text.lower().split())
    for theme, pattern in _REASON_CLASSES:
        if pattern.search(lowered):
            return _budget_theme(price_floor_usd) if theme == BUDGET_THEME else theme
    return lowered.rstrip(".")


def _budget_theme(price_floor_usd: float | None) -> str:
    if not price_floor_usd:
        return BUDGET_THEME
    return f"{BUDGET_THEME} (US${_money(price_floor_usd)} a year)"


@dataclass
class _Themes:
    """Themes in first-seen order, one per theme text, sources merged."""

    sources: dict[str, list[str]] = field(default_factory=dict)

    def add(self, theme: str, source: str) -> None:
        known = self.sources.setdefault(theme, [])
        if source not in known:
            known.append(source)

    def as_tuple(self) -> tuple[NegativeTheme, ...]:
        return tuple(NegativeTheme(theme, "; ".join(srcs)) for theme, srcs in self.sources.items())


def _lost_codes(lost: LostCustomer, evidence: Sequence[SeedEvidence]) -> list[str]:
    codes = set(lost.ssic_codes)
    codes.update(
        row.value
        for row in evidence
        # The register's codes only: a lost customer's own site is too thin a source
        # to name an industry to avoid.
        if row.seed_id == lost.seed_id
        and row.signal_key == Signal.SSIC
        and len(row.value) == SSIC_CODE_LENGTH
    )
    return sorted(code for code in codes if code.isdigit())


def _lost_band(lost: LostCustomer, evidence: Sequence[SeedEvidence]) -> str | None:
    if lost.headcount_band:
        return lost.headcount_band
    rows = [
        row
        for row in evidence
        if row.seed_id == lost.seed_id
        and row.signal_key == Signal.HEADCOUNT_HINT
        and row.value in _BAND_ORDER
    ]
    return min(rows, key=lambda r: (-r.confidence, r.value)).value if rows else None


def _ssic_theme(code: str, titles: Mapping[str, str], lost: LostCustomer) -> str:
    title = titles.get(code)
    label = f" ({_lower_first(_plain_title(title))})" if title else ""
    reason = " ".join(lost.reason.split()).rstrip(".") or lost.name
    return f"SSIC {code}{label} lost: {reason}"


@dataclass(frozen=True)
class _NegativeIcp:
    themes: tuple[NegativeTheme, ...]
    #: Per lost customer: its band, its codes and their themes, and its reason's theme.
    lost: tuple[tuple[str | None, tuple[tuple[str, str], ...], str | None], ...]
    answer_themes: tuple[tuple[str, str], ...]  # (theme, the answer's text)


def _negative_icp(inputs: SuggestionInputs, titles: Mapping[str, str]) -> _NegativeIcp:
    themes = _Themes()
    answers: IntakeAnswers = inputs.answers
    floor = answers.price_floor_usd

    def reason_theme(lost: LostCustomer) -> str | None:
        return classify_reason(lost.reason, floor) if lost.reason.strip() else None

    lost_customers = sorted(inputs.lost_customers, key=lambda lost: (lost.seed_id, lost.name))
    for lost in lost_customers:
        if theme := reason_theme(lost):
            themes.add(theme, f"lost_reason:{lost.name}")
    answer_themes: list[tuple[str, str]] = []
    if floor:
        themes.add(_budget_theme(floor), "answer:price_floor_usd")
        answer_themes.append((_budget_theme(floor), ""))
    for text in answers.anti_icp:
        if text.strip():
            theme = classify_reason(text, floor)
            themes.add(theme, "answer:anti_icp")
            answer_themes.append((theme, text))
    lost_facts = []
    for lost in lost_customers:
        code_themes = tuple(
            (code, _ssic_theme(code, titles, lost)) for code in _lost_codes(lost, inputs.evidence)
        )
        for _, theme in code_themes:
            themes.add(theme, f"lost_customer:{lost.name}")
        lost_facts.append((_lost_band(lost, inputs.evidence), code_themes, reason_theme(lost)))
    return _NegativeIcp(themes.as_tuple(), tuple(lost_facts), tuple(answer_themes))


def _negative_flags(
    segment: _Segment, band: str | None, codes: Iterable[str], negative: _NegativeIcp
) -> tuple[str, ...]:
    """The negative themes that touch a card: a lost customer in its SSIC cluster or of
    its size, a small band against a "too small" theme, an anti-ICP answer naming one of
    its codes."""
    flags: list[str] = []
    card_codes = set(codes)

    def touches(code: str) -> bool:
        return segment.covers_code(code) or code in card_codes

    for lost_band, code_themes, reason_theme in negative.lost:
        flags.extend(theme for code, theme in code_themes if touches(code))
        if band is not None and lost_band == band and reason_theme:
            flags.append(reason_theme)
    if band == "1-10":
        flags.extend(t.theme for t in negative.themes if t.theme.startswith("too small"))
    for theme, text in negative.answer_themes:
        if any(touches(code) for code in re.findall(r"\b\d{2,5}\b", text)):
            flags.append(theme)
    return tuple(dict.fromkeys(flags))


# --- cards --------------------------------------------------------------------------


def _cluster_title(code: str, inputs: SuggestionInputs, index: _EvidenceIndex) -> str:
    if title := inputs.ssic_titles.get(code):
        return title
    for pattern in inputs.patterns:
        title = pattern.details.get("title")
        is_ssic = pattern.pattern_key in ("ssic", "ssic_cluster")
        if is_ssic and pattern.value == code and isinstance(title, str) and title:
            return title
    return index.code_titles.get(code) or f"SSIC {code}"


def _card(
    scored: _Scored,
    inputs: SuggestionInputs,
    index: _EvidenceIndex,
    negative: _NegativeIcp,
    previous_ids: Mapping[tuple[str, ...], str],
    reduced: bool,
) -> SuggestionCard:
    segment, profile = scored.segment, scored.profile
    answers = inputs.answers
    best_seeds = len(inputs.best_seed_ids)
    covered = len(segment.seeds)
    from_answers: list[str] = []

    band = profile.band
    if band is None and answers.employee_band:
        band = answers.employee_band
        from_answers.append("headcount_band")
    integrations = [s.value for s in profile.integrations]
    if not integrations and answers.integrations_required:
        integrations = list(dict.fromkeys(t.strip().lower() for t in answers.integrations_required))
        from_answers.append("integrations")
    champions = [s.value for s in profile.champions]
    if not champions and answers.champion_titles:
        champions = list(dict.fromkeys(t.strip() for t in answers.champion_titles))
        from_answers.append("champions")
    if segment.kind == "integration" and segment.anchor and segment.anchor not in integrations:
        integrations.insert(0, segment.anchor)

    cluster = tuple(
        {"code": code, "title": sentence_case(_cluster_title(code, inputs, index))}
        for code in segment.codes
    )
    top_tool = _tool_name(integrations[0], index.tool_names) if integrations else None
    if segment.kind == "ssic":
        name = _segment_name(_cluster_title(segment.codes[0], inputs, index))
    elif segment.kind == "integration":
        name = f"Firms on {_tool_name(segment.anchor or '', index.tool_names)}"
    else:
        name = f"Firms serving {segment.anchor}"
    title_parts = [name]
    if band:
        title_parts.append(f"{band} staff")
    if top_tool and segment.kind != "integration":
        title_parts.append(f"on {top_tool}")

    codes_text = ", ".join(segment.codes)
    verb = _plural(covered, "is", "are")
    if segment.kind == "ssic":
        activity = _lower_first(_plain_title(_cluster_title(segment.codes[0], inputs, index)))
        lead = f"{covered} of {best_seeds} best customers {verb} in {activity}"
        lead += f" (SSIC {codes_text})."
    elif segment.kind == "integration":
        tool = _tool_name(segment.anchor or "", index.tool_names)
        lead = f"{covered} of {best_seeds} best customers {_plural(covered, 'uses', 'use')} {tool}"
        lead += f" (SSIC {codes_text})." if codes_text else "."
    else:
        lead = (
            f"{covered} of {best_seeds} best customers {_plural(covered, 'serves', 'serve')} "
            f"{segment.anchor}."
        )

    def who(count: int, one: str, many: str) -> str:
        # "3 of them use", or "it uses" when the segment is a single customer.
        return f"it {one}" if covered == 1 else f"{count} of them {many}"

    clauses = []
    if profile.integrations and segment.kind != "integration":
        shared = profile.integrations[0]
        tool = _tool_name(shared.value, index.tool_names)
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
        rationale = f"{lead} {_capitalize_first(_join(clauses))}."
    elif from_answers:
        fields = _join([f.replace("_", " ") for f in from_answers])
        verb = _plural(len(from_answers), "comes", "come")
        rationale = f"{lead} The {fields} {verb} from the intake answers."
    else:
        rationale = lead

    support = len(segment.seeds) / best_seeds
    confidence = min(1.0, 0.5 * scored.score + 0.5 * support)
    if reduced:
        confidence *= REDUCED_CONFIDENCE_FACTOR
    all_codes = profile.observed_codes | set(segment.codes)
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
        negative_flags=_negative_flags(segment, band, all_codes, negative),
        targeting_pack=TargetingPack(
            ssic_filters=tuple(sorted(segment.codes)),
            technographic_filters=tuple(integrations),
            pitch=_pitch(name, band, champions, integrations, profile, index, from_answers),
        ),
        reduced_evidence=reduced,
        from_answers=tuple(from_answers),
        score=scored.score,
        score_parts=dict(scored.parts),
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
    opening = f"Pitch {who}{_lower_first(name)}{size}."
    if not integrations:
        return opening
    tool = _tool_name(integrations[0], index.tool_names)
    if "integrations" in from_answers:
        return f"{opening} Lead with the {tool} integration the intake names as a must-have."
    shared = next((s for s in profile.integrations if s.value == integrations[0]), None)
    if shared is None:
        return f"{opening} Lead with the {tool} integration."
    users = len(shared.seeds)
    return (
        f"{opening} Lead with the {tool} integration: {users} of your best "
        f"customers there {_plural(users, 'uses', 'use')} it."
    )


def _people(champion: str) -> str:
    """A buyer title as people to pitch: ``operations managers``, ``finance leadership``."""
    return f"{champion}s" if champion.endswith(("manager", "executive")) else champion


def _previous_ids(previous_cards: Sequence[Mapping[str, Any]]) -> dict[tuple[str, ...], str]:
    """The newest previous id of each SSIC cluster."""
    ids: dict[tuple[str, ...], str] = {}
    for card in previous_cards:
        codes = tuple(sorted(str(item.get("code")) for item in card.get("ssic_cluster") or ()))
        if codes and isinstance(card.get("id"), str):
            ids.setdefault(codes, card["id"])
    return ids


def build_suggestions(inputs: SuggestionInputs) -> SuggestionSet:
    """The tenant's ranked cards and its negative ICP (see the module docstring)."""
    best = frozenset(inputs.best_seed_ids)
    index = _EvidenceIndex.of(inputs.evidence, best)
    titles = {**index.code_titles, **inputs.ssic_titles}
    negative = _negative_icp(inputs, titles)
    if not best:
        return SuggestionSet((), negative.themes)
    segments, widening = _segments(inputs, index, best)
    if inputs.excluded_ssic:
        segments = [s for s in segments if not _inside_exclusion(s, inputs.excluded_ssic)]
        widening = [s for s in widening if not _inside_exclusion(s, inputs.excluded_ssic)]
    profiled = [(segment, _profile(segment, index)) for segment in segments]
    widening_profiled = [(segment, _profile(segment, index)) for segment in widening]
    n = len(best)
    reduced = is_reduced_evidence(inputs)
    minimum = MIN_CARDS_REDUCED if n < FULL_EVIDENCE_SEEDS else MIN_CARDS_FULL_EVIDENCE

    def distinct(segment: _Segment, chosen: list[_Scored]) -> bool:
        return not any(_nested(segment, c.segment) for c in chosen)

    chosen: list[_Scored] = []
    _choose(
        profiled,
        chosen,
        MAX_CARDS,
        lambda s, c: s.from_pattern and len(s.seeds) >= 2 and distinct(s, c),
        n,
    )
    _choose(profiled, chosen, minimum, lambda s, c: s.from_pattern and distinct(s, c), n)
    everything = [*profiled, *widening_profiled]
    _choose(everything, chosen, minimum, distinct, n)
    _choose(everything, chosen, minimum, lambda s, c: True, n)

    previous = _previous_ids(inputs.previous_cards)
    cards = tuple(_card(s, inputs, index, negative, previous, reduced) for s in chosen)
    return SuggestionSet(cards, negative.themes)
