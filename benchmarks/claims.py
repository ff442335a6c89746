"""Benchmark: does every claim on a card hold, and does every cited item back its claim?

Three tenants, each run through its whole pipeline (crawl over loopback, no network):
the demo (Lumen Ledger on the bundled fixture sites) and the scenarios of
``benchmarks/data/claims/``, tenants written as real ones are: seeds whose sites quote
their *own* customers, advertise jobs, list their leadership, offer integrations to their
clients and run a stack of their own; a tenant whose case studies name its buyers and
whose integrations page lists what its product connects to. Each scenario's data holds
its ground truth (every company's division, headcount band and the tools it runs; the
tenant's buyers and integrations); the demo's is labelled in ``demo_lumen_ledger.json``.

Figures, ours beside a baseline in the same run:

- **cited items that support their claim**: each item a card cites for a claim is judged
  against the truth (an industry row of a company truly in the division, a headcount of
  a company truly in the band, a "runs" row of a company that runs the tool, a buyer
  title a buyer of the tenant holds, read where the tenant names its customers).
  Baseline: the same claims citing every row of their signal from the covered seeds.
- **champions on the demo's cards are finance roles** (its case studies name them).
  Baseline: the title most often read on the covered seeds' sites.
- **pitches naming an integration the tenant lacks**. Baseline: a pitch leading with the
  tool its seeds' sites name most, whatever the relation.
- **evidence counts equal to distinct facts** (a signal, its value and the company it is
  about). Baseline: the rows, one per page, of the same facts.
- **citations that resolve after re-runs**: every stored generation's cited ids after
  ``--reruns`` more runs (default 3). Baseline: the live evidence table alone.

    .venv/bin/python benchmarks/claims.py
    .venv/bin/python benchmarks/claims.py --reruns 1 --server-url postgresql://postgres@127.0.0.1/postgres

Targets (issue 14): >= 90% of cited items support their claim; the demo's champions are
finance roles; no pitch names an integration the tenant lacks; every count equals its
distinct facts; every citation of every generation resolves after three re-runs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import scratch_warehouse  # noqa: E402
from benchmarks.tenants import (  # noqa: E402
    host_map_for,
    intake_of,
    materialize_tenant,
    serve,
    write_register,
)
from icp_assets.demo.fixture_sites import FixtureWebServer  # noqa: E402
from icp_assets.demo.fixture_sites.markup import (  # noqa: E402
    bullets,
    job_openings,
    organization_ld,
    paragraphs,
    site_footer,
    team_grid,
    testimonial,
)
from icp_assets.demo.fixture_sites.page_kits import simple_page  # noqa: E402
from icp_assets.demo.fixture_sites.site_model import CompanySite  # noqa: E402
from icp_assets.demo.runner import ensure_demo_intake, ensure_demo_register  # noqa: E402
from icp_assets.evidence.extract.headcount import HEADCOUNT_BANDS  # noqa: E402
from icp_assets.evidence.extract.integrations import load_integration_catalogue  # noqa: E402
from icp_assets.intake.storage import save_intake  # noqa: E402
from icp_assets.reference.loading import load_register_files, load_ssic_reference  # noqa: E402
from icp_assets.suggestions.generations import (  # noqa: E402
    cited_evidence,
    generation_by_id,
    latest_generation,
)
from resources.migrations import upgrade  # noqa: E402
from resources.warehouse import Warehouse  # noqa: E402

SCENARIOS = Path(__file__).resolve().parent / "data" / "claims"
DEMO_TENANT = 1
BAND_RANGE = {band: (low, high) for band, low, high in HEADCOUNT_BANDS}

EVIDENCE = text(
    """
    SELECT e.id, e.seed_id, e.signal_key, e.value, e.details, e.url,
           coalesce(c.website_domain, c.primary_domain) AS domain
    FROM icp_evidence e JOIN companies c ON c.id = e.company_id
    WHERE e.tenant_id = :t
    """
)
GENERATIONS = text(
    "SELECT generation_id FROM suggestion_generations WHERE tenant_id = :t ORDER BY generation_id"
)
LIVE_IDS = text("SELECT id FROM icp_evidence WHERE tenant_id = :t AND id = ANY(:ids)")


def load_scenarios() -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(SCENARIOS.glob("*.json"))]


# --- scenario websites ------------------------------------------------------------------


def _page(spec: Mapping[str, Any], name: str, url: str, employees: int | None):
    blocks = [paragraphs(*spec.get("paragraphs", ()))]
    if spec.get("bullets"):
        blocks.append(bullets(spec["bullets"]))
    if spec.get("team"):
        blocks.append(team_grid(tuple(person) for person in spec["team"]))
    blocks += [testimonial(*quote) for quote in spec.get("testimonials", ())]
    if spec.get("openings"):
        blocks.append(
            job_openings((title, None, "Full-time · Singapore") for title in spec["openings"])
        )
    json_ld = ()
    if spec["path"] == "/" and employees:
        json_ld = (organization_ld(name, url, employees=employees),)
    return simple_page(spec["path"], spec["type"], spec["title"], *blocks, json_ld=json_ld)


def company_site(company: Mapping[str, Any]) -> CompanySite:
    """A scenario company's website from its data: pages, the scripts it embeds, the
    generator its CMS writes."""
    name, domain = company["name"], company["domain"]
    url = f"https://{domain}"
    pages = [_page(spec, name, url, company.get("json_ld_employees")) for spec in company["pages"]]
    head = "".join(f'\n  <script src="{src}" async></script>' for src in company.get("scripts", ()))
    if company.get("generator"):
        head += f'\n  <meta name="generator" content="{company["generator"]}">'
    legal = company.get("legal_name", name).title()
    return CompanySite(
        domain=domain,
        name=name,
        description=f"Benchmark scenario company: {name}",
        pages=pages,
        nav=[(spec["title"], spec["path"]) for spec in company["pages"]],
        footer=site_footer(legal, "Singapore", [("Home", "/")]),
        disallowed_paths=[],
        head_extra=head,
    )


def scenario_documents(scenario: Mapping[str, Any]) -> dict[str, dict[str, bytes]]:
    companies = (scenario["tenant"], *scenario["best"], *scenario["lost"])
    return {c["domain"]: company_site(c).rendered for c in companies}


def truth_by_domain(scenario: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    if scenario.get("demo"):
        return dict(scenario["companies"])
    return {c["domain"]: c["truth"] for c in (*scenario["best"], *scenario["lost"])}


# --- judging ----------------------------------------------------------------------------


def _domain(row: Any) -> str:
    return (row.domain or "").removeprefix("www.")


def _band_bounds(label: str) -> tuple[int, float]:
    if label in BAND_RANGE:
        low, high = BAND_RANGE[label]
        return low, high if high is not None else float("inf")
    match = re.fullmatch(r"(\d+)(?:-(\d+)|\+)", label)
    if not match:
        return 0, -1
    return int(match[1]), int(match[2]) if match[2] else float("inf")


def _band_inside(band: str, label: str) -> bool:
    if band not in BAND_RANGE:
        return False
    low, high = _band_bounds(band)
    floor, ceiling = _band_bounds(label)
    return floor <= low and high <= ceiling


def supports(claim: Mapping[str, Any], row: Any, scenario: Mapping[str, Any]) -> bool:
    """Whether one cited row backs its claim, by the scenario's ground truth alone."""
    truth = truth_by_domain(scenario).get(_domain(row))
    kind, value = claim["kind"], claim["value"]
    if kind == "champion":
        on_tenant_site = _domain(row) == scenario["tenant"]["domain"]
        named_buyer = (row.details or {}).get("source") in ("case_study", "testimonial")
        return (
            row.signal_key == "buyer_title"
            and row.value in scenario["truth"]["buyers"]
            and on_tenant_site
            and named_buyer
        )
    if truth is None:
        return False
    if kind == "industry":
        divisions = {code[:2] for code in value.split(",")}
        return (
            row.signal_key in ("ssic", "ssic_hint")
            and row.value[:2] in divisions
            and truth["division"] in divisions
        )
    if kind == "band":
        return (
            row.signal_key == "headcount_hint"
            and _band_inside(row.value, value)
            and _band_inside(truth["band"], value)
        )
    if kind == "integration":
        return row.value == f"runs:{value}" and value in truth["runs"]
    return False


def baseline_rows(claim: Mapping[str, Any], covered: set[int], rows: Sequence[Any]) -> list[Any]:
    """What a card cited before: every row of the claim's signal from its covered seeds
    (every page, every relation for a tool, every title on their sites)."""
    kind, value = claim["kind"], claim["value"]
    mine = [r for r in rows if r.seed_id in covered]
    if kind == "industry":
        return [r for r in mine if r.signal_key in ("ssic", "ssic_hint")]
    if kind == "band":
        return [r for r in mine if r.signal_key == "headcount_hint"]
    if kind == "integration":
        return [
            r for r in mine if r.signal_key == "integration" and r.value.split(":", 1)[-1] == value
        ]
    if kind == "champion":
        return [r for r in mine if r.signal_key == "buyer_title"]
    return []


def fact_key(row: Any) -> tuple[str, str, str]:
    """A fact as the issue defines it, computed here independently of the code under test."""
    at = (row.details or {}).get("at") if row.signal_key == "buyer_title" else None
    return (row.signal_key, row.value, f"at:{at.lower()}" if at else f"site:{_domain(row)}")


def _tool_of(name: str, catalogue: Any) -> str | None:
    wanted = name.strip().lower()
    for tool in catalogue.tools:
        if wanted == tool.name.lower() or wanted in (a.lower() for a in tool.aliases):
            return tool.key
    return None


def measure_tenant(
    scenario: Mapping[str, Any], cards: Sequence[Mapping[str, Any]], rows: Sequence[Any]
) -> dict[str, Any]:
    by_id = {r.id: r for r in rows}
    catalogue = load_integration_catalogue()
    noise = {"analytics", "cms", "marketing", "cloud"}
    figures: Counter = Counter()
    wrong: list[str] = []
    for card in cards:
        covered = {int(s["id"]) for s in card.get("covered_seeds") or ()}
        for claim in card.get("claims") or ():
            for evidence_id in claim["evidence_ids"]:
                row = by_id.get(evidence_id)
                figures["cited"] += 1
                if row is not None and supports(claim, row, scenario):
                    figures["supported"] += 1
                else:
                    what = f"{row.signal_key} {row.value} on {_domain(row)}" if row else "missing"
                    wrong.append(f"{card['title']} | {claim['kind']} {claim['label']}: {what}")
            for row in baseline_rows(claim, covered, rows):
                figures["base_cited"] += 1
                figures["base_supported"] += supports(claim, row, scenario)
        # counts
        cited = [by_id[i] for i in card.get("evidence_ids") or () if i in by_id]
        facts = {fact_key(r) for r in cited}
        figures["cards"] += 1
        figures["count_is_facts"] += card.get("evidence_count") == len(facts)
        pages = [r for r in rows if r.seed_id in covered and fact_key(r) in facts]
        figures["base_count_is_facts"] += len(pages) == len(facts)
        # pitch
        pitch = (card.get("targeting_pack") or {}).get("pitch") or ""
        for name in re.findall(r"Lead with your (.+?) integration", pitch):
            tool = _tool_of(name, catalogue)
            figures["pitch_lacking"] += tool not in scenario["truth"]["tenant_integrations"]
        named = Counter(
            r.value.split(":", 1)[-1]
            for r in {fact_key(r): r for r in rows if r.seed_id in covered}.values()
            if r.signal_key == "integration" and (r.details or {}).get("category") not in noise
        )
        if named:
            top = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            figures["base_pitch_lacking"] += top not in scenario["truth"]["tenant_integrations"]
        # champions
        champions = [c for c in card.get("claims") or () if c["kind"] == "champion"]
        figures["champions"] += len(champions)
        figures["finance_champions"] += sum(c["value"].startswith("finance ") for c in champions)
        titles = Counter(
            r.value for r in rows if r.seed_id in covered and r.signal_key == "buyer_title"
        )
        if titles:
            figures["base_finance_champion"] += titles.most_common(1)[0][0].startswith("finance ")
    return {"figures": figures, "wrong": wrong}


def citations_resolving(warehouse: Warehouse, tenant: int) -> Counter:
    """Every stored generation's cited ids: how many resolve, through the generation's
    snapshot (ours) and in the live evidence table alone (baseline)."""
    found: Counter = Counter()
    with warehouse.tenant_transaction(tenant) as conn:
        for (generation_id,) in conn.execute(GENERATIONS, {"t": tenant}).all():
            cards = generation_by_id(conn, tenant, generation_id).cards
            ids = sorted({int(i) for card in cards for i in card.get("evidence_ids") or ()})
            resolved = {row.id for row in cited_evidence(conn, tenant, generation_id, ids)}
            live = {row.id for row in conn.execute(LIVE_IDS, {"t": tenant, "ids": ids})}
            found["generations"] += 1
            found["cited"] += len(ids)
            found["resolved"] += len(resolved & set(ids))
            found["live"] += len(live)
    return found


# --- running ----------------------------------------------------------------------------


@contextmanager
def crawlable(scenario: Mapping[str, Any]) -> Iterator[tuple[str, int]]:
    """The scenario's websites served on loopback: the crawler's host map and page cap."""
    if scenario.get("demo"):
        with FixtureWebServer() as server:
            yield server.host_map(), 12
        return
    documents = scenario_documents(scenario)
    with serve(documents) as origin:
        yield host_map_for(documents, origin), 8


def latest(warehouse: Warehouse, tenant: int) -> tuple[list[dict[str, Any]], list[Any]]:
    with warehouse.tenant_transaction(tenant) as conn:
        generation = latest_generation(conn, tenant)
        rows = conn.execute(EVIDENCE, {"t": tenant}).all()
    return (list(generation.cards) if generation else []), rows


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part}/{whole})" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-url", help="a PostgreSQL server (default: embedded)")
    parser.add_argument("--reruns", type=int, default=3, help="runs after the first (default 3)")
    parser.add_argument("--show-wrong", action="store_true", help="list unsupported items")
    args = parser.parse_args()
    scenarios = load_scenarios()
    started = time.perf_counter()
    totals: Counter = Counter()
    resolving: Counter = Counter()
    with scratch_warehouse(args) as (warehouse, database_url):
        upgrade(warehouse.urls.libpq("owner"))
        load_ssic_reference(warehouse)
        with tempfile.TemporaryDirectory() as folder:
            ensure_demo_register(warehouse, Path(folder))
            companies = [
                c for s in scenarios if not s.get("demo") for c in (*s["best"], *s["lost"])
            ]
            load_register_files(warehouse, [write_register(Path(folder) / "claims.csv", companies)])
        tenants: dict[int, Mapping[str, Any]] = {}
        next_tenant = DEMO_TENANT + 1
        for scenario in scenarios:
            if scenario.get("demo"):
                tenant = DEMO_TENANT
                ensure_demo_intake(warehouse, tenant)
            else:
                tenant, next_tenant = next_tenant, next_tenant + 1
                save_intake(warehouse, tenant, "bench", intake_of(scenario))
            tenants[tenant] = scenario
            with crawlable(scenario) as (host_map, pages):
                materialize_tenant(database_url, tenant, host_map, max_pages_per_domain=pages)
            cards, rows = latest(warehouse, tenant)
            measured = measure_tenant(scenario, cards, rows)
            figures = measured["figures"]
            totals.update(figures)
            if scenario.get("demo"):
                totals["demo_champions"] += figures["champions"]
                totals["demo_finance"] += figures["finance_champions"]
                totals["demo_cards"] += figures["cards"]
                totals["demo_base_finance"] += figures["base_finance_champion"]
            print(f"{scenario['name']} (tenant {tenant}):")
            for rank, card in enumerate(cards, 1):
                claims = "; ".join(
                    f"{c['kind']} {c['label']} ({len(c['evidence_ids'])})" for c in card["claims"]
                )
                print(f"   {rank}. {card['title']}: {claims}")
                print(f"      pitch: {(card.get('targeting_pack') or {}).get('pitch')}")
            print(
                f"   cited items supporting their claim: ours "
                f"{_share(figures['supported'], figures['cited'])}, baseline "
                f"{_share(figures['base_supported'], figures['base_cited'])}"
            )
            if args.show_wrong:
                for line in measured["wrong"]:
                    print(f"      unsupported: {line}")
        for _ in range(args.reruns):
            for tenant, scenario in tenants.items():
                with crawlable(scenario) as (host_map, pages):
                    materialize_tenant(database_url, tenant, host_map, max_pages_per_domain=pages)
        for tenant in tenants:
            resolving.update(citations_resolving(warehouse, tenant))

    print("summary (ours | baseline):")
    print(
        f"   cited items that support their claim: {_share(totals['supported'], totals['cited'])}"
        f" | {_share(totals['base_supported'], totals['base_cited'])} (target >= 90%)"
    )
    print(
        f"   demo champions that are finance roles: "
        f"{_share(totals['demo_finance'], totals['demo_champions'])} | most-read seed title a "
        f"finance role on {totals['demo_base_finance']}/{totals['demo_cards']} cards "
        "(target all)"
    )
    print(
        f"   pitches naming an integration the tenant lacks: {totals['pitch_lacking']} | "
        f"{totals['base_pitch_lacking']} of {totals['cards']} cards (target 0)"
    )
    print(
        f"   cards whose evidence count equals their distinct facts: "
        f"{_share(totals['count_is_facts'], totals['cards'])} | "
        f"{_share(totals['base_count_is_facts'], totals['cards'])} counting pages (target all)"
    )
    print(
        f"   citations resolving after {args.reruns} re-runs, over {resolving['generations']} "
        f"generations: {_share(resolving['resolved'], resolving['cited'])} | "
        f"{_share(resolving['live'], resolving['cited'])} from live evidence (target all)"
    )
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
