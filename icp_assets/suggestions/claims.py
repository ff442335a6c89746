"""What a card claims about its segment, each claim with the distinct facts behind it.
Pure: no Dagster, no SQL.

A card makes four kinds of claim: an industry, a headcount band, the tools its seeds
run and the people who buy. Each is read from the evidence that can bear it:

- **Industry**: each covered seed's one industry (``pattern_mining.industries``).
- **Band**: the band of the median seed, or a range ("51-500") when the seeds straddle
  two; seeds without a headcount are counted as unknown.
- **Tools**: what the seeds *run* (script and asset hosts, "we use", "billing runs on").
  What a seed *offers* its own clients ("our WMS integrates with SAP Business One") is
  no claim about the seed's stack. Each tool says whether the tenant's own product
  integrates with it (its site's integrations, or the intake's must-haves).
- **Who buys**: the roles the tenant's own case studies and testimonials name at its
  customers, weighed first; the intake's ``champion_titles``; a seed's own site only
  where a page presents the role as the user of a tool the tenant's product works
  with. Never job advertisements, never the seeds' own customers quoted on their sites.

A fact is a signal, its value and the company it is about; each claim cites one
evidence row per fact (the most confident), so a card's evidence count is its number of
distinct facts, not of pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icp_assets.evidence.extract.headcount import HEADCOUNT_BANDS
from icp_assets.evidence.extract.titles import classify_title
from icp_assets.normalize import normalize_company_name
from icp_assets.signals import Signal
from icp_assets.suggestions.model import SeedEvidence
from icp_assets.suggestions.wording import join

BAND_ORDER = {band: index for index, (band, _, _) in enumerate(HEADCOUNT_BANDS)}
#: A site running analytics, a CMS, a marketing pixel or a CDN says nothing about fit.
NOISE_CATEGORIES = frozenset({"analytics", "cms", "marketing", "cloud"})
#: Where a buyer title is read, and how much a customer named there weighs.
CHAMPION_WEIGHTS = {"segment_case_study": 1.0, "answers": 0.8, "case_study": 0.5, "seed_site": 0.5}
#: A second champion is shown only when it weighs at least this share of the first's.
MIN_CHAMPION_SHARE = 0.5
#: The readings that say a company runs a tool: a script, link or generator on its pages,
#: or its own words ("we use", "runs on", "our books are kept in"). A bare mention is not.
RUN_CONTEXTS = frozenset({"fingerprint", "runs_phrase"})
#: Where a title on the tenant's own site names a buyer.
BUYER_SOURCES = frozenset({"case_study", "testimonial"})


@dataclass(frozen=True)
class Claim:
    """One claim of a card and the distinct facts behind it."""

    kind: str  # "industry" | "band" | "integration" | "champion"
    value: str
    #: What the card shows: "Head of Finance or Chief Financial Officer", "51-500".
    label: str
    #: Where it comes from, as a person says it: "your case studies", "your answers".
    source: str
    seeds: frozenset[int]
    #: One row per distinct fact, by id.
    evidence: tuple[SeedEvidence, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
            "source": self.source,
            "seeds": len(self.seeds),
            "evidence_ids": [row.evidence_id for row in self.evidence],
            **self.details,
        }


def fact_of(row: SeedEvidence) -> tuple[str, str, str]:
    """(signal, value, the company it is about): a buyer title on the tenant's site is
    about the customer it names, anything else about its page's company."""
    about = row.details.get("at") if row.signal_key == Signal.BUYER_TITLE else None
    if isinstance(about, str) and about.strip():
        return (row.signal_key, row.value, f"named:{normalize_company_name(about)}")
    company = row.company_id if row.company_id is not None else f"seed:{row.seed_id}"
    return (row.signal_key, row.value, str(company))


def distinct_facts(rows: Iterable[SeedEvidence]) -> tuple[SeedEvidence, ...]:
    """One row per fact, the most confident (then the lowest id), ordered by id."""
    best: dict[tuple[str, str, str], SeedEvidence] = {}
    for row in rows:
        key = fact_of(row)
        held = best.get(key)
        if held is None or (-row.confidence, row.evidence_id) < (
            -held.confidence,
            held.evidence_id,
        ):
            best[key] = row
    return tuple(sorted(best.values(), key=lambda r: r.evidence_id))


# --- band ---------------------------------------------------------------------------------


def band_label(lower: str, upper: str) -> str:
    """The band, or the range from the lower band's floor to the upper band's ceiling."""
    if lower == upper:
        return lower
    _, floor, _ = HEADCOUNT_BANDS[BAND_ORDER[lower]]
    _, _, ceiling = HEADCOUNT_BANDS[BAND_ORDER[upper]]
    return f"{floor}-{ceiling}" if ceiling is not None else f"{floor}+"


def band_claim(
    seeds: Iterable[int], headcount: Mapping[int, Sequence[SeedEvidence]]
) -> Claim | None:
    """The band holding the median seed (each seed's most confident band), or the range
    of the two middle seeds' bands; None when no seed has a headcount."""
    seeds = sorted(seeds)
    by_seed = {
        seed: min(rows, key=lambda r: (-r.confidence, BAND_ORDER[r.value], r.evidence_id))
        for seed in seeds
        if (rows := [r for r in headcount.get(seed, ()) if r.value in BAND_ORDER])
    }
    if not by_seed:
        return None
    ordered = sorted(by_seed.values(), key=lambda r: (BAND_ORDER[r.value], r.seed_id))
    lower = ordered[(len(ordered) - 1) // 2].value
    upper = ordered[len(ordered) // 2].value
    inside = [r for r in ordered if BAND_ORDER[lower] <= BAND_ORDER[r.value] <= BAND_ORDER[upper]]
    label = band_label(lower, upper)
    return Claim(
        "band",
        label,
        label,
        "their own sites",
        frozenset(r.seed_id for r in inside),
        distinct_facts(inside),
        {
            "seeds_in_band": len(inside),
            "known": len(by_seed),
            "unknown": len(seeds) - len(by_seed),
            "range": lower != upper,
        },
    )


# --- tools --------------------------------------------------------------------------------


def tool_key(name: str) -> str:
    """A tool's catalogue key from its name as a person types it: ``SAP Business One`` ->
    ``sap-business-one``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def tools_run(rows: Iterable[SeedEvidence]) -> dict[str, list[SeedEvidence]]:
    """Tool key -> the rows saying the company runs it (noise categories and bare mentions
    left out)."""
    found: dict[str, list[SeedEvidence]] = defaultdict(list)
    for row in rows:
        relation, _, tool = row.value.partition(":")
        if (
            relation == "runs"
            and tool
            and row.details.get("context") in RUN_CONTEXTS
            and row.details.get("category") not in NOISE_CATEGORIES
        ):
            found[tool].append(row)
    return found


def tenant_tools(tenant_evidence: Iterable[SeedEvidence], required: Iterable[str]) -> set[str]:
    """The tools the tenant's product integrates with: what its own site lists, and the
    intake's must-have integrations."""
    listed = {
        row.value.partition(":")[2]
        for row in tenant_evidence
        if row.signal_key == Signal.INTEGRATION and row.value.startswith("integrates:")
    }
    return listed | {tool_key(name) for name in required if name.strip()}


def integration_claims(
    seeds: Iterable[int],
    integrations: Mapping[int, Sequence[SeedEvidence]],
    integrated: set[str],
    names: Mapping[str, str],
    limit: int,
) -> list[Claim]:
    """The tools the segment's seeds run, shared by two of them (one for a one-seed
    segment), most shared first, then those the tenant integrates with."""
    seeds = sorted(seeds)
    needed = 1 if len(seeds) < 2 else 2
    by_tool: dict[str, list[SeedEvidence]] = defaultdict(list)
    for seed in seeds:
        for tool, rows in tools_run(integrations.get(seed, ())).items():
            by_tool[tool].extend(rows)
    claims = []
    for tool, rows in by_tool.items():
        users = frozenset(r.seed_id for r in rows)
        if len(users) < needed:
            continue
        facts = distinct_facts(rows)
        claims.append(
            Claim(
                "integration",
                tool,
                names.get(tool) or tool,
                "their own sites",
                users,
                facts,
                {"relation": "runs", "tenant_integrates": tool in integrated},
            )
        )
    claims.sort(
        key=lambda c: (
            -len(c.seeds),
            not c.details["tenant_integrates"],
            -round(sum(r.confidence for r in c.evidence), 4),
            c.value,
        )
    )
    return claims[:limit]


# --- who buys -----------------------------------------------------------------------------


@dataclass
class _Buyer:
    value: str
    titles: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    weight: float = 0.0
    seeds: set[int] = field(default_factory=set)
    customers: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    rows: list[SeedEvidence] = field(default_factory=list)


def _named_seed(at: str, seed_names: Mapping[int, str]) -> int | None:
    """The seed a case study's "at" names: every word of the seed's name in it."""
    words = set(normalize_company_name(at).split())
    for seed, name in sorted(seed_names.items()):
        wanted = normalize_company_name(name).split()
        if wanted and set(wanted) <= words:
            return seed
    return None


def champion_claims(
    seeds: Iterable[int],
    seed_names: Mapping[int, str],
    tenant_evidence: Iterable[SeedEvidence],
    answer_titles: Sequence[str],
    seed_titles: Mapping[int, Sequence[SeedEvidence]],
    tool_names: Iterable[str],
    limit: int,
) -> list[Claim]:
    """Who buys in this segment, weighed by where it is read (``CHAMPION_WEIGHTS``):
    the tenant's case studies at the segment's own customers, then the intake's answers,
    then its case studies at other customers and the seeds' own pages that present the
    role using a tool the tenant works with. Job ads and the seeds' testimonials never
    count. A second champion must weigh half as much as the first."""
    segment = set(seeds)
    buyers: dict[str, _Buyer] = {}

    def buyer(value: str) -> _Buyer:
        return buyers.setdefault(value, _Buyer(value))

    for row in tenant_evidence:
        if row.signal_key != Signal.BUYER_TITLE or row.details.get("source") not in BUYER_SOURCES:
            continue
        at = row.details.get("at")
        customer = normalize_company_name(at) if isinstance(at, str) else f"page:{row.url}"
        seed = _named_seed(at, seed_names) if isinstance(at, str) else None
        found = buyer(row.value)
        if customer in found.customers:
            continue
        found.customers.add(customer)
        weight = CHAMPION_WEIGHTS["segment_case_study" if seed in segment else "case_study"]
        found.weight += weight
        found.titles[str(row.details.get("title") or row.value)] += weight
        found.sources.add("your case studies")
        found.rows.append(row)
        if seed in segment:
            found.seeds.add(seed)
    for answer in dict.fromkeys(t.strip() for t in answer_titles if t.strip()):
        classified = classify_title(answer)
        found = buyer(classified.value if classified else answer.lower())
        found.weight += CHAMPION_WEIGHTS["answers"]
        found.titles[answer] += CHAMPION_WEIGHTS["answers"]
        found.sources.add("your answers")
    tools = [name.lower() for name in tool_names if name]
    for seed in sorted(segment):
        for row in seed_titles.get(seed, ()):
            if row.details.get("source") in ("careers", *BUYER_SOURCES):
                continue  # job ads; the seed's own customers
            snippet = (row.snippet or "").lower()
            if not any(re.search(rf"\b{re.escape(tool)}\b", snippet) for tool in tools):
                continue
            found = buyer(row.value)
            if seed in found.seeds:
                continue
            found.weight += CHAMPION_WEIGHTS["seed_site"]
            found.titles[str(row.details.get("title") or row.value)] += CHAMPION_WEIGHTS[
                "seed_site"
            ]
            found.sources.add("their own sites")
            found.seeds.add(seed)
            found.rows.append(row)
    ranked = sorted(buyers.values(), key=lambda b: (-b.weight, -len(b.seeds), b.value))
    if not ranked:
        return []
    top = ranked[0].weight
    kept = [b for b in ranked if b.weight >= MIN_CHAMPION_SHARE * top][:limit]
    claims = []
    for found in kept:
        titles = sorted(found.titles, key=lambda t: (-found.titles[t], t))[:2]
        claims.append(
            Claim(
                "champion",
                found.value,
                " or ".join(titles),
                join(sorted(found.sources, key=_SOURCE_ORDER.index)),
                frozenset(found.seeds),
                distinct_facts(found.rows),
                {
                    "customers": len(found.customers),
                    "from_answers": "your answers" in found.sources,
                },
            )
        )
    return claims


_SOURCE_ORDER = ["your case studies", "your answers", "their own sites"]


# --- industry -----------------------------------------------------------------------------


def industry_claim(
    codes: Sequence[str], label: str, rows: Sequence[SeedEvidence], seeds: Iterable[int]
) -> Claim:
    """The segment's industry and, for each covered seed, the row that places it there."""
    facts = distinct_facts(rows)
    sources = {"the register" if r.signal_key == Signal.SSIC else "their own sites" for r in facts}
    return Claim(
        "industry",
        ",".join(codes),
        label,
        join(sorted(sources)),
        frozenset(seeds),
        facts,
    )
