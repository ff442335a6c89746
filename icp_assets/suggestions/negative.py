"""The negative ICP: who not to sell to, in themes a person would say, each with the
filter the cards and the register sizing honour. Pure: no Dagster, no SQL.

Themes come only from what the tenant's inputs say, never invented:

- **industry**: the industry most of its lost customers share ("food & beverage: 3 of 3
  lost customers"), read from their register codes (holding codes aside) or sites;
- **reason**: each class of lost reason (budget, size, deployment, procurement, feature
  gap, integration, competitor, industry fit), with how many lost customers gave it;
  "budget too small" is a budget reason, not a headcount one;
- **price floor**: the floor the intake states;
- **stated**: industries the tenant's own site says its product is not for, and its
  Anti-ICP answers (intake section C, or an answer whose key says "avoid"/"exclude").

An industry theme excludes its SSIC prefixes; a size theme excludes sole
proprietorships; budget and procurement themes have no register filter (the register
knows neither).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from icp_assets.evidence.extract.industries import LABELS_BY_NAME, label_for_codes, labels_in
from icp_assets.pattern_mining.industries import SeedIndustry, seed_industries
from icp_assets.suggestions.model import (
    IntakeAnswers,
    LostCustomer,
    NegativeTheme,
    SuggestionInputs,
)
from icp_assets.suggestions.wording import money, plain_title, plural

SOLE_PROPRIETORSHIP = "Sole Proprietorship/ Partnership"
#: The least share of lost customers an industry needs to be theirs (and at least two).
MIN_LOST_SHARE = 0.5
MIN_LOST_CUSTOMERS = 2

# Reason classes in the order they are tried: the first that fits a reason is its class.
# Budget comes before size, so "budget too small" is budget.
REASON_CLASSES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (name, phrase, re.compile(pattern, re.IGNORECASE))
    for name, phrase, pattern in (
        (
            "deployment",
            "needing on-premises deployment",
            r"\bon[- ]?prem|\bpremises\b|\bself[- ]?host|\bown servers?\b|\bair[- ]?gap"
            r"|\bdata residency\b",
        ),
        (
            "budget",
            "with too small a budget for the price",
            r"\bbudget|\bpric(?:e|es|ed|ing)\b|\bexpensive\b|\bafford|\bcosts?\b|\bcheaper\b"
            r"|\bspend\b|\$\s?\d",
        ),
        (
            "size",
            "too small a business to need it",
            r"\btoo small\b|\bone[- ]person\b|\bsolo\b|\bsole proprietor|\bfreelanc"
            r"|\bmicro[- ]?business|\btiny team\b|\bonly \d+ (?:staff|people|employees)\b",
        ),
        (
            "procurement",
            "stuck in procurement",
            r"\bprocurement\b|\btender\b|\bapprovals?\b|\bsales cycle\b|\blegal review\b"
            r"|\bsecurity review\b|\brfp\b|\bvendor onboarding\b",
        ),
        (
            "integration",
            "missing an integration",
            r"\bintegrat\w*|\bconnectors?\b|\bapi\b|\bsync(?:ing)? with\b",
        ),
        (
            "feature gap",
            "missing features",
            r"\bfeatures?\b|\bfunctionality\b|\bmissing\b|\black(?:ed|ing)?\b"
            r"|\b(?:did|does)n'?t support\b|\broadmap\b",
        ),
        (
            "competitor",
            "gone to a competitor",
            r"\bcompetitor|\bswitched to\b|\bwent with\b|\bmoved to\b",
        ),
        ("too large", "too large, with enterprise requirements", r"\btoo (?:big|large)\b"),
        ("industry fit", "outside the industries it fits", r"\bindustry\b|\bsector\b|\bvertical\b"),
    )
)
_CODE_RE = re.compile(r"\b\d{2,5}\b")


def reason_class(text: str) -> str | None:
    """The class of a lost reason or an Anti-ICP answer, or None when none fits."""
    for name, _, pattern in REASON_CLASSES:
        if pattern.search(text):
            return name
    return None


_PHRASE_OF_CLASS = {name: phrase for name, phrase, _ in REASON_CLASSES}


@dataclass(frozen=True)
class StatedExclusion:
    """An industry the tenant's own site says its product is not for."""

    label: str
    prefixes: tuple[str, ...]
    evidence_id: int
    snippet: str | None = None


@dataclass(frozen=True)
class NegativeIcp:
    themes: tuple[NegativeTheme, ...]
    #: SSIC codes or prefixes the themes exclude from cards and sizing.
    exclude_ssic: tuple[str, ...] = ()
    #: Register entity types the themes exclude from sizing.
    exclude_entity_types: tuple[str, ...] = ()


def _industry_name(prefix: str, titles: Mapping[str, str]) -> str:
    label = label_for_codes(prefix)
    if label:
        return label
    title = titles.get(prefix)
    return plain_title(title).lower() if title else f"SSIC {prefix}"


def shared_lost_division(
    lost: Sequence[LostCustomer], industries: Mapping[int, SeedIndustry]
) -> tuple[str, list[LostCustomer]] | None:
    """The division most lost customers share (holding codes aside), with them, when at
    least ``MIN_LOST_CUSTOMERS`` and ``MIN_LOST_SHARE`` of them do."""
    by_division: dict[str, list[LostCustomer]] = defaultdict(list)
    for customer in lost:
        industry = industries.get(customer.seed_id)
        if industry is not None and not industry.is_holding:
            by_division[industry.code[:2]].append(customer)
    if not by_division:
        return None
    division, members = min(by_division.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    if len(members) < MIN_LOST_CUSTOMERS or len(members) / len(lost) < MIN_LOST_SHARE:
        return None
    return division, members


def _lost_industry_theme(
    lost: Sequence[LostCustomer],
    industries: Mapping[int, SeedIndustry],
    titles: Mapping[str, str],
) -> NegativeTheme | None:
    shared = shared_lost_division(lost, industries)
    if shared is None:
        return None
    division, members = shared
    name = _industry_name(division, titles)
    customers = plural(len(lost), "customer", "customers")
    return NegativeTheme(
        theme=f"{name}: {len(members)} of {len(lost)} lost {customers}",
        source="; ".join(f"lost_customer:{c.name}" for c in members),
        kind="industry",
        count=len(members),
        exclude_ssic=(division,),
    )


def _reason_themes(
    lost: Sequence[LostCustomer], price_floor_usd: float | None
) -> list[NegativeTheme]:
    by_class: dict[str, list[LostCustomer]] = defaultdict(list)
    for customer in lost:
        if customer.reason.strip() and (name := reason_class(customer.reason)):
            by_class[name].append(customer)
    order = [name for name, _, _ in REASON_CLASSES]
    themes = []
    for name in sorted(by_class, key=lambda n: (-len(by_class[n]), order.index(n))):
        members = by_class[name]
        phrase = _PHRASE_OF_CLASS[name]
        if name == "budget" and price_floor_usd:
            phrase = f"{phrase} (your floor is US${money(price_floor_usd)} a year)"
        customers = plural(len(lost), "customer", "customers")
        themes.append(
            NegativeTheme(
                theme=f"{name}: {len(members)} of {len(lost)} lost {customers}, {phrase}",
                source="; ".join(f"lost_reason:{c.name}" for c in members),
                kind="reason",
                count=len(members),
                exclude_entity_types=(SOLE_PROPRIETORSHIP,) if name == "size" else (),
            )
        )
    return themes


def _answer_exclusions(answers: IntakeAnswers) -> list[NegativeTheme]:
    """Anti-ICP answers: the industries and SSIC codes they name; a reason class when
    they name none."""
    themes = []
    for text in answers.anti_icp:
        labels = labels_in(text)
        codes = tuple(sorted(set(_CODE_RE.findall(text))))
        if labels or codes:
            prefixes = tuple(
                sorted({p for label in labels for p in LABELS_BY_NAME[label].ssic_prefixes})
            )
            named = ", ".join([*labels, *(f"SSIC {c}" for c in codes)])
            themes.append(
                NegativeTheme(
                    theme=f"{named}: excluded in your answers",
                    source="answer:anti_icp",
                    kind="stated",
                    exclude_ssic=tuple(sorted({*prefixes, *codes})),
                )
            )
        elif name := reason_class(text):
            themes.append(
                NegativeTheme(
                    theme=f"{name}: customers {_PHRASE_OF_CLASS[name]}, as your answers say",
                    source="answer:anti_icp",
                    kind="stated",
                    exclude_entity_types=(SOLE_PROPRIETORSHIP,) if name == "size" else (),
                )
            )
    return themes


def _site_exclusions(stated: Sequence[StatedExclusion]) -> list[NegativeTheme]:
    by_label: dict[str, list[StatedExclusion]] = defaultdict(list)
    for exclusion in stated:
        by_label[exclusion.label].append(exclusion)
    return [
        NegativeTheme(
            theme=f"{label}: your site says it is not for them",
            source="tenant_site:" + ",".join(str(e.evidence_id) for e in found),
            kind="stated",
            exclude_ssic=tuple(sorted({p for e in found for p in e.prefixes})),
        )
        for label, found in by_label.items()
    ]


def negative_icp(
    lost: Sequence[LostCustomer],
    lost_industries: Mapping[int, SeedIndustry],
    answers: IntakeAnswers,
    stated: Sequence[StatedExclusion],
    titles: Mapping[str, str],
) -> NegativeIcp:
    """The tenant's negative ICP (see the module docstring): industry, reasons, price
    floor, then what the tenant itself says; one theme each, none invented."""
    lost = sorted(lost, key=lambda c: (c.seed_id, c.name))
    themes: list[NegativeTheme] = []
    if industry := _lost_industry_theme(lost, lost_industries, titles):
        themes.append(industry)
    themes += _reason_themes(lost, answers.price_floor_usd)
    if answers.price_floor_usd:
        themes.append(
            NegativeTheme(
                theme=f"deals under your price floor of US${money(answers.price_floor_usd)} a year",
                source="answer:price_floor_usd",
                kind="price_floor",
            )
        )
    themes += _site_exclusions(stated)
    themes += _answer_exclusions(answers)
    return NegativeIcp(
        themes=tuple(_merged(themes)),
        exclude_ssic=tuple(sorted({p for t in themes for p in t.exclude_ssic})),
        exclude_entity_types=tuple(sorted({e for t in themes for e in t.exclude_entity_types})),
    )


def _merged(themes: Sequence[NegativeTheme]) -> list[NegativeTheme]:
    """One theme per text, sources joined, in first-seen order."""
    merged: dict[str, NegativeTheme] = {}
    for theme in themes:
        known = merged.get(theme.theme)
        if known is None:
            merged[theme.theme] = theme
        elif theme.source not in known.source:
            merged[theme.theme] = NegativeTheme(
                **{**vars(known), "source": f"{known.source}; {theme.source}"}
            )
    return list(merged.values())


def touching_themes(codes: Sequence[str], negative: NegativeIcp) -> tuple[str, ...]:
    """The themes whose SSIC filter overlaps a card's codes (one inside the other)."""
    return tuple(
        t.theme
        for t in negative.themes
        if any(code.startswith(p) or p.startswith(code) for code in codes for p in t.exclude_ssic)
    )


def inside_exclusion(codes: Sequence[str], excluded: Sequence[str]) -> bool:
    """Whether every code lies under an excluded code or prefix."""
    return bool(codes) and all(code.startswith(tuple(excluded)) for code in codes)


def distinct_signals(inputs: SuggestionInputs) -> int:
    """How many distinct negative signals the tenant's inputs carry: each lost-reason
    class, an industry at least two lost customers share, the price floor, each industry
    its site or its answers exclude. The negative ICP has a theme for each."""
    lost_ids = {c.seed_id for c in inputs.lost_customers}
    industries = seed_industries(r for r in inputs.evidence if r.seed_id in lost_ids)
    shared = shared_lost_division(inputs.lost_customers, industries) is not None
    reasons = {reason_class(c.reason) for c in inputs.lost_customers if c.reason.strip()}
    stated = {row.value for row in inputs.stated_exclusions}
    answers = [t for t in inputs.answers.anti_icp if t.strip()]
    return (
        len(reasons - {None})
        + int(shared)
        + int(bool(inputs.answers.price_floor_usd))
        + len(stated)
        + len(answers)
    )
