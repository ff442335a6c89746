"""Seed mapping decisions: which company row, and which register entity, a seed is.

Pure: the mapping assets fetch candidates; this module scores and decides. A wrong
match is worse than none, so a match is accepted only when its score clears a
conservative threshold and stands clearly above the next candidate; otherwise the
seed is left unmatched (or marked ambiguous) with its candidates for a person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from icp_assets.normalize import legal_form
from icp_assets.reference.register_rows import RegisterCandidate

ACCEPT_SCORE = 0.90
AMBIGUITY_MARGIN = 0.03
NOT_LIVE_PENALTY = 0.08
# Typing "Pte Ltd" for an LLP of the same name more often names another entity.
FORM_MISMATCH_PENALTY = 0.11
DOMAIN_AGREEMENT_BONUS = 0.03
DOMAIN_SPELLS_NAME_BONUS = 0.06
CANDIDATES_KEPT = 3
# A typed name missing a word of the registered one scores between these, by the share
# of words kept: 2 of 3 words kept scores 0.91, 3 of 4 0.92.
DROPPED_WORD_BASE = 0.88
DROPPED_WORD_SPAN = 0.06
FIRST_WORD_PENALTY = 0.15
BRAND_LETTER_PENALTY = 0.06

Method = Literal["domain", "exact", "fuzzy", "none"]


# -- company_map ------------------------------------------------------------------------


@dataclass(frozen=True)
class MappedSeed:
    seed_id: int
    name: str
    domain: str | None
    normalized_name: str


@dataclass(frozen=True)
class KnownCompany:
    company_id: int
    normalized_name: str
    primary_domain: str | None
    website_domain: str | None


@dataclass(frozen=True)
class CompanyAssignment:
    seed: MappedSeed
    company_id: int | None  # None: a new company row is to be created
    matched_by: Literal["domain", "name", "new"]


def assign_companies(
    seeds: Sequence[MappedSeed], companies: Sequence[KnownCompany]
) -> list[CompanyAssignment]:
    """Each seed's company: by domain first (primary, then website), then by exact
    normalized name among companies whose domain does not contradict the seed's, else new."""
    by_primary = {c.primary_domain: c for c in companies if c.primary_domain}
    by_website = {c.website_domain: c for c in companies if c.website_domain}
    by_name: dict[str, list[KnownCompany]] = {}
    for company in companies:
        by_name.setdefault(company.normalized_name, []).append(company)

    assignments = []
    for seed in seeds:
        known = seed.domain and (by_primary.get(seed.domain) or by_website.get(seed.domain))
        if known:
            assignments.append(CompanyAssignment(seed, known.company_id, "domain"))
            continue
        namesakes = [
            c
            for c in by_name.get(seed.normalized_name, [])
            if not seed.domain or not c.primary_domain or c.primary_domain == seed.domain
        ]
        if namesakes:
            assignments.append(CompanyAssignment(seed, namesakes[0].company_id, "name"))
        else:
            assignments.append(CompanyAssignment(seed, None, "new"))
    return assignments


# -- acra_matches -----------------------------------------------------------------------


@dataclass(frozen=True)
class SeedToMatch:
    seed_id: int
    name: str
    normalized_name: str
    domain: str | None = None
    confirmed_uen: str | None = None  # set on the seed's company by a person


@dataclass(frozen=True)
class ScoredCandidate:
    candidate: RegisterCandidate
    score: float
    name_similarity: float
    reasons: tuple[str, ...] = ()
    rank_score: float = 0.0  # the score before capping at 1, which orders candidates

    def as_json(self) -> dict:
        c = self.candidate
        return {
            "uen": c.uen,
            "entity_name": c.entity_name,
            "status": c.status,
            "entity_type": c.entity_type,
            "primary_ssic_code": c.primary_ssic_code,
            "primary_ssic_description": c.primary_ssic_description,
            "score": round(self.score, 4),
            "name_similarity": round(self.name_similarity, 4),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class MatchDecision:
    seed: SeedToMatch
    method: Method
    best: ScoredCandidate | None
    ambiguous: bool
    candidates: list[ScoredCandidate] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.entity is not None

    @property
    def score(self) -> float:
        return self.best.score if self.best else 0.0

    @property
    def entity(self) -> RegisterCandidate | None:
        """The accepted register entity, or None."""
        return self.best.candidate if self.best is not None and not self.ambiguous else None


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def domain_label(domain: str | None) -> str:
    """The part of a registrable domain that names the company: "acme-asia.com.sg" → "acmeasia"."""
    if not domain:
        return ""
    return _compact(domain.split(".", 1)[0])


# Forms people use for one another: "Ltd" typed for a "Pte. Ltd." company.
_INTERCHANGEABLE_FORMS = ({"pte ltd", "ltd"},)


def _same_kind_of_entity(typed: str, registered: str | None) -> bool:
    return typed == registered or any(
        typed in forms and registered in forms for forms in _INTERCHANGEABLE_FORMS
    )


# Legal-form words (and "Singapore") people misspell ("Liimted"), which normalization
# then cannot strip.
_FORM_WORDS = (
    "limited",
    "private",
    "berhad",
    "corporation",
    "company",
    "incorporated",
    "singapore",
)


def lenient_key(key: str) -> str:
    """``key`` without trailing words that are misspelt legal forms."""
    words = key.split()
    while (
        len(words) > 1
        and len(words[-1]) >= 5
        and any(fuzz.ratio(words[-1], form) >= 80 for form in _FORM_WORDS)
    ):
        words.pop()
    return " ".join(words)


def _brand_penalty(seed_key: str, typed: str, registered: str) -> float:
    """What a different first word costs: nothing for a slip of the keyboard (two
    letters swapped, one left out or doubled), some for one letter replaced by another
    ("Stono" may be "Stone", or another company), much for anything else."""
    if seed_key.replace(" ", "").startswith(registered):  # "harbourlinelogistics"
        return 0.0
    if OSA.distance(typed, registered) > 1:
        return FIRST_WORD_PENALTY
    if len(typed) == len(registered) and Levenshtein.distance(typed, registered) == 1:
        return BRAND_LETTER_PENALTY
    return 0.0


def name_similarity(seed_key: str, candidate_key: str) -> float:
    """How alike a typed name and a registered name are, 0..1.

    Edit similarity, forgiving word order, a missing space, and a word the person left
    out (their words all in the register's name, in order of appearance); not a word
    the register's name lacks: people drop words from names, they do not add them.
    The first word, usually the brand, must agree but for one slip of a letter:
    "Yap Worldwide Dining" is not "PE Worldwide Dining", nor "Koselera" "Selera".
    """
    if seed_key == candidate_key:
        return 1.0
    seed_words, candidate_words = seed_key.split(), candidate_key.split()
    similarity = (
        max(
            fuzz.ratio(seed_key, candidate_key),
            fuzz.ratio(seed_key.replace(" ", ""), candidate_key.replace(" ", "")),
            fuzz.token_sort_ratio(seed_key, candidate_key),
        )
        / 100
    )
    if len(seed_words) >= 2 and set(seed_words) < set(candidate_words):
        kept = len(seed_words) / len(candidate_words)
        similarity = max(similarity, DROPPED_WORD_BASE + DROPPED_WORD_SPAN * kept)
    if seed_words and candidate_words and seed_words[0] != candidate_words[0]:
        similarity -= _brand_penalty(seed_key, seed_words[0], candidate_words[0])
    return max(0.0, similarity)


def score_candidate(seed: SeedToMatch, candidate: RegisterCandidate) -> ScoredCandidate:
    """A candidate's score: name similarity, less penalties and plus the bonus a person
    would weigh (a live entity over a struck-off one, the legal form the seed typed, a
    website that spells the name)."""
    similarity = name_similarity(seed.normalized_name, candidate.normalized_name)
    lenient = lenient_key(seed.normalized_name)
    if lenient != seed.normalized_name:
        similarity = max(similarity, name_similarity(lenient, candidate.normalized_name))
    score = similarity
    reasons = []
    if similarity == 1.0:
        reasons.append("same normalized name")
    if not candidate.is_live:
        score -= NOT_LIVE_PENALTY
        reasons.append(f"not live ({candidate.status or 'status unknown'})")
    typed_form = legal_form(seed.name)
    if typed_form and not _same_kind_of_entity(typed_form, legal_form(candidate.entity_name)):
        score -= FORM_MISMATCH_PENALTY
        reasons.append(f"legal form differs from the typed {typed_form!r}")
    label = domain_label(seed.domain)
    if len(label) >= 4:
        compact = _compact(candidate.normalized_name)
        if fuzz.ratio(label, compact) >= 95:
            score += DOMAIN_SPELLS_NAME_BONUS
            reasons.append(f"website {seed.domain} spells the whole name")
        elif fuzz.partial_ratio(label, compact) >= 90:
            if len(label) <= len(compact):
                score += DOMAIN_AGREEMENT_BONUS
                reasons.append(f"website {seed.domain} spells part of the name")
            else:
                score -= DOMAIN_AGREEMENT_BONUS
                reasons.append(f"website {seed.domain} names more than this entity")
    return ScoredCandidate(
        candidate, max(0.0, min(1.0, score)), similarity, tuple(reasons), rank_score=score
    )


def _rank_key(scored: ScoredCandidate) -> tuple[float, float, str]:
    return (-scored.rank_score, -scored.name_similarity, scored.candidate.uen)


def decide_match(
    seed: SeedToMatch,
    candidates: Sequence[RegisterCandidate],
    *,
    accept_score: float = ACCEPT_SCORE,
    margin: float = AMBIGUITY_MARGIN,
) -> MatchDecision:
    """The seed's register entity among ``candidates``, or none.

    A person's confirmed UEN wins outright (method ``domain``: it is stored on the
    company found by the seed's domain). Otherwise the best candidate is accepted when
    it scores at least ``accept_score``; when the runner-up is within ``margin`` the
    seed is ambiguous and left for a person.
    """
    unique = {c.uen: c for c in candidates}
    if seed.confirmed_uen and seed.confirmed_uen in unique:
        confirmed = ScoredCandidate(
            unique[seed.confirmed_uen], 1.0, 1.0, ("confirmed by a person",)
        )
        return MatchDecision(seed, "domain", confirmed, False, [confirmed])

    ranked = sorted((score_candidate(seed, c) for c in unique.values()), key=_rank_key)
    kept = ranked[:CANDIDATES_KEPT]
    if not ranked or ranked[0].score < accept_score:
        return MatchDecision(seed, "none", None, False, kept)
    best = ranked[0]
    method: Method = "exact" if best.name_similarity == 1.0 else "fuzzy"
    runner_up = ranked[1] if len(ranked) > 1 else None
    ambiguous = runner_up is not None and best.rank_score - runner_up.rank_score < margin
    return MatchDecision(seed, method, best, ambiguous, kept)


# -- the service level ------------------------------------------------------------------

SLA_MIN_RATE = 0.80
SLA_MAX_SECONDS = 300.0


@dataclass(frozen=True)
class MappingSla:
    total: int
    resolved: int
    elapsed_s: float
    by_method: dict[str, int]
    min_rate: float = SLA_MIN_RATE
    max_seconds: float = SLA_MAX_SECONDS

    @property
    def rate(self) -> float:
        return self.resolved / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.rate >= self.min_rate and self.elapsed_s <= self.max_seconds

    def log_line(self, tenant_id: int) -> str:
        return (
            f"mapping_sla tenant={tenant_id} total={self.total} resolved={self.resolved} "
            f"rate={self.rate:.2f} elapsed_s={self.elapsed_s:.2f}"
        )


def mapping_sla(best_seed_decisions: Sequence[MatchDecision], elapsed_s: float) -> MappingSla:
    """The SLA over a tenant's best-customer seeds: resolved means an accepted match."""
    by_method: dict[str, int] = {}
    for decision in best_seed_decisions:
        key = "ambiguous" if decision.ambiguous else decision.method
        by_method[key] = by_method.get(key, 0) + 1
    return MappingSla(
        total=len(best_seed_decisions),
        resolved=sum(1 for d in best_seed_decisions if d.accepted),
        elapsed_s=elapsed_s,
        by_method=by_method,
    )
