"""Benchmark: patterns and suggestions for 1,000 tenants, against the plan's view refresh.

Creates its own database (on an embedded PostgreSQL in a temporary folder, or on
``--server-url``), applies the migrations, loads the SSIC reference and a synthetic
register of 50,000 rows (for sizing), then generates, set-based in SQL, N tenants with
one valid intake each, 50 seeds a tenant (45 best, 5 lost), their companies, register
matches, evidence summaries and about 20 evidence rows a seed (1,000,000 for 1,000
tenants): register SSIC codes drawn from five clusters of real codes, and web signals
(integrations, buyer titles, headcount bands, locations, industries, pricing, logos).
Everything is derived from hashes of ids, so two runs hold the same data.

It then times, with the project's own functions as the application role under
row-level security:

- one tenant's ``mine_tenant_patterns`` + ``suggest_for_tenant`` in one tenant
  transaction (median of several tenants), after the first 100 tenants are loaded and
  again after all N, with the ratio of the two;
- every tenant's patterns and suggestions in one process, on a small thread pool;
- the plan's approach: a full ``REFRESH MATERIALIZED VIEW icp_patterns_all_tenants``
  per intake (measured per refresh, extrapolated to N intakes);
- the peak memory of this process.

    .venv/bin/python benchmarks/patterns.py                  # 1,000 tenants, embedded
    .venv/bin/python benchmarks/patterns.py --tenants 50     # quick check
    .venv/bin/python benchmarks/patterns.py --server-url postgresql://postgres@127.0.0.1/postgres

Targets (issue 5): one tenant's patterns + suggestions <= 1 s and not growing with the
number of tenants; all 1,000 tenants in one run <= 120 s. The server must let the
connecting user bypass row-level security (a superuser, as the embedded server's
``postgres`` is) to generate the data; the measured code never does.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import text

from icp_assets.evidence.extract.headcount import HEADCOUNT_BANDS
from icp_assets.evidence.extract.industries import LABELS_BY_NAME
from icp_assets.evidence.extract.integrations import DEFAULT_CATALOGUE_PATH
from icp_assets.intake.model import parse_intake
from icp_assets.pattern_mining.storage import mine_tenant_patterns
from icp_assets.suggestions.storage import suggest_for_tenant
from resources.warehouse import Warehouse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import load_reference_data, scratch_warehouse  # noqa: E402

TARGET_ONE_TENANT_S = 1.0
TARGET_ALL_TENANTS_S = 120.0
TARGET_TENANTS = 1000
# "Not growing": the median after all tenants within this factor of the median after
# the first load (timings of a few hundred milliseconds vary by about that much).
GROWTH_TOLERANCE = 1.5
FIRST_LOAD_TENANTS = 100
LOST_SEEDS = 5
MAX_BEST_SEEDS = 50  # the intake's limit
SAMPLED_TENANTS = 7
REFRESHES = 3
# The application engine's pool holds 5 connections and 5 more on overflow.
MAX_WORKERS = 10

# Five industry clusters of real SSIC 2020 sub-classes; a tenant's best customers sit
# mostly in two of them, its lost customers in another, so patterns exist. Earlier
# codes in a cluster are drawn more often.
CODE_CLUSTERS: tuple[tuple[str, ...], ...] = (
    ("62011", "62021", "62013", "62090", "62022", "63111", "63119"),
    ("52101", "52291", "49231", "52102", "52109", "52292", "49232"),
    ("56111", "56112", "56121", "56140", "56122", "56200"),
    ("46521", "46599", "46511", "46661", "46662"),
    ("70201", "69201", "70209", "73100"),
)
# Tool keys of the integration catalogue, eight a cluster.
CLUSTER_TOOLS: tuple[tuple[str, ...], ...] = (
    ("xero", "stripe", "salesforce", "hubspot", "slack", "jira", "aws", "google-workspace"),
    ("netsuite", "shipstation", "ninja-van", "dhl", "xero", "sap-business-one", "easyship", "odoo"),
    ("shopify", "stripe", "hitpay", "grabpay", "xero", "quickbooks", "talenox", "mailchimp"),
    ("sap-business-one", "netsuite", "quickbooks", "xero", "salesforce", "shopify", "dbs", "odoo"),
    ("xero", "quickbooks", "hubspot", "zoom", "microsoft-365", "salesforce", "slack", "dext"),
)
CLUSTER_INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    ("technology", "financial services", "professional services"),
    ("logistics", "wholesale & distribution", "e-commerce"),
    ("food & beverage", "hospitality", "retail"),
    ("wholesale & distribution", "manufacturing", "retail"),
    ("professional services", "accounting", "financial services"),
)
BUYER_TITLES = (
    "finance leadership",
    "operations manager",
    "it leadership",
    "procurement manager",
    "finance manager",
    "operations leadership",
    "sales leadership",
    "hr manager",
)
PRICING = ("SGD:49:month", "SGD:199:month", "free_trial", "contact_sales", "USD:99:month")
SECOND_COUNTRIES = ("MY", "ID", "TH", "VN", "PH")
LOST_REASONS = (
    "Budget was below our price floor",
    "Needed an on-prem only deployment",
    "Too small: five employees and no finance team",
    "Churned to a cheaper local tool",
    "No integration with their legacy ERP",
)

SETUP_GENERATION = (
    # A deterministic 31-bit hash of an id and a salt: the benchmark's only randomness.
    """
    CREATE FUNCTION pg_temp.h(id bigint, salt integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT hashint8(id * 64 + salt) & 2147483647 $$
    """,
    """
    CREATE TEMP TABLE bench_codes (
        cluster integer, idx integer, size integer, code text, title text,
        PRIMARY KEY (cluster, idx))
    """,
    """
    CREATE TEMP TABLE bench_tools (
        cluster integer, idx integer, key text, name text, category text,
        PRIMARY KEY (cluster, idx))
    """,
    """
    CREATE TEMP TABLE bench_industries (
        cluster integer, idx integer, label text, prefixes jsonb, PRIMARY KEY (cluster, idx))
    """,
)
INSERT_CODE = """
    INSERT INTO bench_codes (cluster, idx, size, code, title)
    SELECT %(cluster)s, %(idx)s, %(size)s, code, title FROM ssic_ref WHERE code = %(code)s
"""
INSERT_TOOL = """
    INSERT INTO bench_tools (cluster, idx, key, name, category)
    VALUES (%(cluster)s, %(idx)s, %(key)s, %(name)s, %(category)s)
"""
INSERT_INDUSTRY = """
    INSERT INTO bench_industries (cluster, idx, label, prefixes)
    VALUES (%(cluster)s, %(idx)s, %(label)s, %(prefixes)s)
"""

# One row per seed of the tenants first..last: who it is and what it will show.
SEED_PLAN = """
    CREATE TEMP TABLE bench_seed_plan ON COMMIT DROP AS
    WITH seeds AS (
        SELECT t AS tenant_id, k, (t - 1) * %(seeds)s + k AS seed_id,
               k <= %(best)s AS is_best
        FROM generate_series(%(first)s::integer, %(last)s::integer) AS t,
             generate_series(1, %(seeds)s::integer) AS k
    ), clustered AS (
        SELECT s.*,
               CASE WHEN NOT is_best THEN (tenant_id + 4) %% 5
                    WHEN pg_temp.h(seed_id, 1) %% 100 < 60 THEN tenant_id %% 5
                    WHEN pg_temp.h(seed_id, 1) %% 100 < 90 THEN (tenant_id + 2) %% 5
                    ELSE pg_temp.h(seed_id, 2) %% 5 END AS cluster
        FROM seeds s
    )
    SELECT s.seed_id, s.tenant_id, s.cluster,
           CASE WHEN s.is_best THEN 'best' ELSE 'lost' END AS kind,
           CASE WHEN s.is_best THEN s.k ELSE s.k - %(best)s END AS position,
           CASE WHEN s.is_best THEN 'Seed ' ELSE 'Lost ' END
               || s.tenant_id || '-' || s.k || ' Pte Ltd' AS name,
           CASE WHEN s.is_best THEN 'seed-' ELSE 'lost-' END
               || s.tenant_id || '-' || s.k || '.com.sg' AS domain,
           CASE WHEN s.is_best THEN 'seed ' ELSE 'lost ' END
               || s.tenant_id || ' ' || s.k AS normalized_name,
           CASE WHEN s.is_best THEN NULL
                ELSE (CAST(%(reasons)s AS text[]))[1 + (s.k - %(best)s - 1) %% %(reason_count)s]
           END AS reason,
           '2' || lpad(s.seed_id::text, 8, '0') || 'B' AS uen,
           c1.code AS primary_code, c1.title AS primary_title,
           c2.code AS secondary_code, c2.title AS secondary_title,
           -- Headcount: around a band typical of the cluster.
           least(greatest(1 + s.cluster %% 4 + (ARRAY[0, 0, 0, 0, 0, 0, 1, 1, -1, 2])
                 [1 + pg_temp.h(s.seed_id, 4) %% 10], 0), %(bands)s - 1) AS band_index
    FROM clustered s
    JOIN bench_codes c1 ON c1.cluster = s.cluster
        AND c1.idx = floor(c1.size * power((pg_temp.h(s.seed_id, 3) %% 1000) / 1000.0, 2))
    JOIN bench_codes c2 ON c2.cluster = s.cluster
        AND c2.idx = (c1.idx + 1 + pg_temp.h(s.seed_id, 5) %% (c1.size - 1)) %% c1.size
"""
INSERT_INTAKES = """
    INSERT INTO icp_intake_responses (id, tenant_id, submitted_by, payload, payload_sha256)
    OVERRIDING SYSTEM VALUE
    SELECT i.tenant_id, i.tenant_id, 'ops@tenant-' || i.tenant_id || '.com.sg', i.payload,
           encode(sha256(convert_to(i.payload::text, 'UTF8')), 'hex')
    FROM (
        SELECT p.tenant_id, jsonb_build_object(
            'website', 'https://tenant-' || p.tenant_id || '.com.sg',
            'best_customers', jsonb_agg(
                jsonb_build_object('name', p.name, 'website', 'https://' || p.domain)
                ORDER BY p.position) FILTER (WHERE p.kind = 'best'),
            'lost_customers', coalesce(jsonb_agg(
                jsonb_build_object('name', p.name, 'website', 'https://' || p.domain,
                                   'reason', p.reason)
                ORDER BY p.position) FILTER (WHERE p.kind = 'lost'), '[]'::jsonb),
            'employee_band', '51-200',
            'geos', jsonb_build_array('SG', 'MY'),
            'integrations_required', jsonb_build_array('xero'),
            'deal', jsonb_build_object(
                'acv_usd', 24000, 'sales_cycle_days', 45, 'price_floor_usd', 12000),
            'champion_titles', jsonb_build_array('Finance Director', 'Head of Operations'),
            'triggers', jsonb_build_array('new funding round', 'opening a regional office')
        ) AS payload
        FROM bench_seed_plan p
        GROUP BY p.tenant_id
    ) i
"""
INSERT_CUSTOMER_SEEDS = """
    INSERT INTO customer_seeds (id, tenant_id, intake_id, position, kind, name, website,
        domain, normalized_name, reason)
    OVERRIDING SYSTEM VALUE
    SELECT seed_id, tenant_id, tenant_id, position, kind, name, 'https://' || domain, domain,
           normalized_name, reason
    FROM bench_seed_plan
"""
INSERT_SEEDS = """
    INSERT INTO seeds (seed_id, tenant_id, intake_id, kind, name, domain, normalized_name,
        reason)
    SELECT seed_id, tenant_id, tenant_id, kind, name, domain, normalized_name, reason
    FROM bench_seed_plan
"""
INSERT_COMPANIES = """
    INSERT INTO companies (id, tenant_id, name, normalized_name, primary_domain,
        website_domain, uen)
    OVERRIDING SYSTEM VALUE
    SELECT seed_id, tenant_id, name, normalized_name, domain, domain, uen FROM bench_seed_plan
"""
INSERT_ACRA_MATCHES = """
    INSERT INTO acra_matches (seed_id, tenant_id, seed_name, uen, matched_name, score, method,
        seed_kind, company_id, entity_status, primary_ssic_code, primary_ssic_description)
    SELECT seed_id, tenant_id, name, uen, upper(name), 0.97, 'exact', kind, seed_id,
           'Live Company', primary_code, primary_title
    FROM bench_seed_plan
"""
# About 20 rows a seed: 1 register SSIC, 0.4 secondary, 0.6 web SSIC hints, 5
# integrations, 3 buyer titles, 2 headcount hints, 2 locations, 3 industries, 2 pricing
# hints and a customer logo.
INSERT_EVIDENCE = """
    INSERT INTO icp_evidence (tenant_id, company_id, seed_id, signal_key, value, details,
        source, url, snippet, confidence, extractor)
    SELECT p.tenant_id, p.seed_id, p.seed_id, e.signal_key, e.value, e.details, e.source,
           e.url, left(e.snippet, 280), e.confidence, e.extractor
    FROM bench_seed_plan p
    CROSS JOIN LATERAL (
        SELECT 'ssic' AS signal_key, p.primary_code AS value,
               jsonb_build_object('code', p.primary_code, 'title', p.primary_title,
                   'rank', 'primary', 'uen', p.uen, 'matched_name', upper(p.name),
                   'score', 0.97, 'method', 'exact', 'seed_kind', p.kind) AS details,
               'acra' AS source, NULL AS url,
               'ACRA register: ' || upper(p.name) || ' (UEN ' || p.uen || '), primary SSIC '
                   || p.primary_code || ' ' || p.primary_title AS snippet,
               0.97::real AS confidence, 'acra_register' AS extractor
        UNION ALL
        SELECT 'ssic', p.secondary_code,
               jsonb_build_object('code', p.secondary_code, 'title', p.secondary_title,
                   'rank', 'secondary', 'uen', p.uen, 'matched_name', upper(p.name),
                   'score', 0.97, 'method', 'exact', 'seed_kind', p.kind),
               'acra', NULL,
               'ACRA register: ' || upper(p.name) || ' (UEN ' || p.uen || '), secondary SSIC '
                   || p.secondary_code || ' ' || p.secondary_title,
               0.776, 'acra_register'
        WHERE pg_temp.h(p.seed_id, 6) %% 100 < 40
        UNION ALL
        SELECT 'ssic_hint', p.primary_code, jsonb_build_object('title', p.primary_title),
               'web', 'https://' || p.domain || '/about',
               'We specialise in ' || lower(p.primary_title) || ' for customers across Asia.',
               0.6, 'ssic_hint'
        WHERE pg_temp.h(p.seed_id, 7) %% 100 < 60
        UNION ALL
        SELECT 'integration', r.relation || ':' || t.key,
               jsonb_build_object('tool', t.name, 'category', t.category,
                   'relation', r.relation, 'matched', 'text'),
               'web', 'https://' || p.domain || '/integrations',
               CASE WHEN r.relation = 'integrates'
                    THEN 'Connect ' || t.name || ' in two clicks: orders and invoices sync.'
                    ELSE 'Our team runs on ' || t.name || ' every day.' END,
               CASE WHEN r.relation = 'integrates' THEN 0.85 ELSE 0.6 END, 'integrations'
        FROM generate_series(0, 4) AS j
        JOIN bench_tools t ON t.cluster = p.cluster
            AND t.idx = (pg_temp.h(p.seed_id, 8) %% 3 + j) %% 8
        CROSS JOIN LATERAL (
            SELECT CASE WHEN pg_temp.h(p.seed_id, 10 + j) %% 100 < 60
                        THEN 'integrates' ELSE 'runs' END AS relation
        ) r
        UNION ALL
        SELECT 'buyer_title',
               (CAST(%(titles)s AS text[]))[1 + (p.cluster + pg_temp.h(p.seed_id, 15) %% 2 + j)
                   %% %(title_count)s],
               jsonb_build_object('source', 'careers'),
               'web', 'https://' || p.domain || '/careers',
               'We are hiring: join our team and report to the head of the function.',
               0.7, 'titles'
        FROM generate_series(0, 2) AS j
        UNION ALL
        SELECT 'headcount_hint', b.band,
               jsonb_build_object('kind', 'employees', 'min', b.low, 'max', b.high,
                   'raw', 'a team of ' || b.low || '+'),
               'web', 'https://' || p.domain || '/about',
               'Today we are a team of ' || b.low || '+ people across the region.',
               CASE WHEN j = 0 THEN 0.9 ELSE 0.6 END, 'headcount'
        FROM generate_series(0, 1) AS j
        CROSS JOIN LATERAL (
            SELECT (CAST(%(band_names)s AS text[]))[1 + i] AS band,
                   (CAST(%(band_lows)s AS integer[]))[1 + i] AS low,
                   (CAST(%(band_highs)s AS integer[]))[1 + i] AS high
            FROM (SELECT least(p.band_index + j * (pg_temp.h(p.seed_id, 16) %% 2),
                               %(bands)s - 1) AS i) AS chosen
        ) b
        UNION ALL
        SELECT 'location',
               CASE WHEN j = 0 THEN 'SG'
                    ELSE (CAST(%(countries)s AS text[]))[1 + pg_temp.h(p.seed_id, 17)
                        %% %(country_count)s] END,
               jsonb_build_object('kind', 'country'),
               'web', 'https://' || p.domain || '/contact',
               'Offices in Singapore and the region.', 0.8, 'locations'
        FROM generate_series(0, 1) AS j
        UNION ALL
        SELECT 'industry_label', i.label, jsonb_build_object('ssic_prefixes', i.prefixes),
               'web', 'https://' || p.domain || '/industries',
               'Industries we serve: ' || i.label || ' and more.', 0.75, 'industries'
        FROM bench_industries i WHERE i.cluster = p.cluster
        UNION ALL
        SELECT 'pricing', (CAST(%(pricing)s AS text[]))[1 + (pg_temp.h(p.seed_id, 18) + j)
                   %% %(pricing_count)s],
               '{}'::jsonb, 'web', 'https://' || p.domain || '/pricing',
               'Plans for every team size, billed monthly or yearly.', 0.8, 'pricing'
        FROM generate_series(0, 1) AS j
        UNION ALL
        SELECT 'customer_logo', 'client ' || pg_temp.h(p.seed_id, 19) %% 5000, '{}'::jsonb,
               'web', 'https://' || p.domain || '/customers',
               'Trusted by leading companies in Singapore.', 0.7, 'customers'
    ) e
"""
INSERT_EVIDENCE_SUMMARY = """
    INSERT INTO evidence_summary (tenant_id, reduced_evidence, items_by_signal, web_items,
        llm_items, register_items)
    SELECT tenant_id, false, '{}'::jsonb, count(*) FILTER (WHERE source = 'web'), 0,
           count(*) FILTER (WHERE source = 'acra')
    FROM icp_evidence WHERE tenant_id BETWEEN %(first)s AND %(last)s
    GROUP BY tenant_id
"""
SYNC_IDENTITIES = """
    SELECT setval(pg_get_serial_sequence(%(t)s, 'id'), (SELECT max(id) FROM {}))
"""
IDENTITY_TABLES = ("icp_intake_responses", "customer_seeds", "companies")
ANALYZE_TABLES = (
    "icp_intake_responses",
    "customer_seeds",
    "seeds",
    "companies",
    "acra_matches",
    "icp_evidence",
    "evidence_summary",
)
EVIDENCE_COUNT = "SELECT count(*) FROM icp_evidence"
SAMPLE_PAYLOAD = "SELECT payload FROM icp_intake_responses WHERE tenant_id = %(tenant)s"
IS_PRIVILEGED = "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
REFRESH_VIEW = text("REFRESH MATERIALIZED VIEW icp_patterns_all_tenants")
VIEW_ROWS = text("SELECT count(*) FROM icp_patterns_all_tenants")


def _tool_catalogue() -> dict[str, dict]:
    text = DEFAULT_CATALOGUE_PATH.read_text("utf-8")
    return {tool["key"]: tool for tool in json.loads(text)["tools"]}


def prepare_generation(conn: psycopg.Connection) -> None:
    """The session's hash function and the code, tool and industry pools."""
    for statement in SETUP_GENERATION:
        conn.execute(statement)
    for cluster, codes in enumerate(CODE_CLUSTERS):
        for idx, code in enumerate(codes):
            inserted = conn.execute(
                INSERT_CODE, {"cluster": cluster, "idx": idx, "size": len(codes), "code": code}
            ).rowcount
            if inserted != 1:
                raise ValueError(f"SSIC code {code} is not in ssic_ref")
    catalogue = _tool_catalogue()
    for cluster, keys in enumerate(CLUSTER_TOOLS):
        for idx, key in enumerate(keys):
            tool = catalogue[key]  # KeyError names a key missing from the catalogue
            conn.execute(
                INSERT_TOOL,
                {
                    "cluster": cluster,
                    "idx": idx,
                    "key": key,
                    "name": tool["name"],
                    "category": tool["category"],
                },
            )
    for cluster, labels in enumerate(CLUSTER_INDUSTRIES):
        for idx, label in enumerate(labels):
            prefixes = json.dumps(list(LABELS_BY_NAME[label].ssic_prefixes))
            conn.execute(
                INSERT_INDUSTRY,
                {"cluster": cluster, "idx": idx, "label": label, "prefixes": prefixes},
            )


def generate_tenants(
    conn: psycopg.Connection, first: int, last: int, seeds_per_tenant: int
) -> float:
    """Insert tenants ``first``..``last`` with their intake, seeds and evidence in one
    transaction; returns the seconds it took (ANALYZE included)."""
    started = time.perf_counter()
    params = {
        "first": first,
        "last": last,
        "seeds": seeds_per_tenant,
        "best": seeds_per_tenant - LOST_SEEDS,
        "reasons": list(LOST_REASONS),
        "reason_count": len(LOST_REASONS),
        "bands": len(HEADCOUNT_BANDS),
        "band_names": [band for band, _, _ in HEADCOUNT_BANDS],
        "band_lows": [low for _, low, _ in HEADCOUNT_BANDS],
        "band_highs": [high if high is not None else 20_000 for _, _, high in HEADCOUNT_BANDS],
        "titles": list(BUYER_TITLES),
        "title_count": len(BUYER_TITLES),
        "countries": list(SECOND_COUNTRIES),
        "country_count": len(SECOND_COUNTRIES),
        "pricing": list(PRICING),
        "pricing_count": len(PRICING),
    }
    with conn.transaction():
        for statement in (
            SEED_PLAN,
            INSERT_INTAKES,
            INSERT_CUSTOMER_SEEDS,
            INSERT_SEEDS,
            INSERT_COMPANIES,
            INSERT_ACRA_MATCHES,
            INSERT_EVIDENCE,
            INSERT_EVIDENCE_SUMMARY,
        ):
            conn.execute(statement, params)
        for table in IDENTITY_TABLES:
            conn.execute(
                sql.SQL(SYNC_IDENTITIES).format(sql.Identifier(table)),
                {"t": table},
            )
    for table in ANALYZE_TABLES:
        conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
    return time.perf_counter() - started


@dataclass(frozen=True)
class TenantRun:
    tenant_id: int
    patterns_s: float
    suggestions_s: float
    total_s: float
    evidence_read: int
    patterns: int
    cards: int
    acra_total: int


def run_tenant(warehouse: Warehouse, tenant_id: int) -> TenantRun:
    """One tenant's patterns and suggestions in one tenant transaction, as the assets
    run them, timed up to the commit."""
    started = time.perf_counter()
    with warehouse.tenant_transaction(tenant_id) as conn:
        mined = mine_tenant_patterns(conn, tenant_id)
        patterns_s = time.perf_counter() - started
        generation = suggest_for_tenant(conn, tenant_id)
    total_s = time.perf_counter() - started
    return TenantRun(
        tenant_id,
        patterns_s,
        total_s - patterns_s,
        total_s,
        mined.evidence_read,
        len(mined.patterns),
        len(generation.cards),
        sum(card.acra_total or 0 for card in generation.cards),
    )


def spread(first: int, last: int, count: int, offset: int = 0) -> list[int]:
    """``count`` tenant ids spread over ``first``..``last``."""
    size = last - first + 1
    count = min(count, size)
    return sorted({first + (offset + i * size // count) % size for i in range(count)})


def time_tenants(warehouse: Warehouse, tenant_ids: list[int]) -> list[TenantRun]:
    return [run_tenant(warehouse, tenant_id) for tenant_id in tenant_ids]


def describe(label: str, runs: list[TenantRun]) -> float:
    totals = [r.total_s for r in runs]
    median = statistics.median(totals)
    print(
        f"{label}: median {median * 1000:.0f} ms over {len(runs)} tenants "
        f"(min {min(totals) * 1000:.0f}, max {max(totals) * 1000:.0f}; patterns "
        f"{statistics.median(r.patterns_s for r in runs) * 1000:.0f} ms + suggestions "
        f"{statistics.median(r.suggestions_s for r in runs) * 1000:.0f} ms; "
        f"target <= {TARGET_ONE_TENANT_S:.0f} s)"
    )
    return median


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=(
            f"Targets: one tenant <= {TARGET_ONE_TENANT_S:.0f} s and not growing with the "
            f"number of tenants; all {TARGET_TENANTS:,} tenants <= {TARGET_ALL_TENANTS_S:.0f} s."
        ),
    )
    parser.add_argument("--tenants", type=int, default=1000, help="tenants to generate (1000)")
    parser.add_argument(
        "--seeds-per-tenant",
        type=int,
        default=50,
        help=f"seeds a tenant, {LOST_SEEDS} of them lost customers (50)",
    )
    parser.add_argument(
        "--server-url", help="a PostgreSQL server to use instead of an embedded one"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=4,
        help=f"threads (each with its own connection) for the all-tenants run (4, at most "
        f"{MAX_WORKERS})",
    )
    args = parser.parse_args()
    if args.tenants < 2:
        parser.error("--tenants must be at least 2")
    if not LOST_SEEDS + 1 <= args.seeds_per_tenant <= LOST_SEEDS + MAX_BEST_SEEDS:
        parser.error(
            f"--seeds-per-tenant must be {LOST_SEEDS + 1} to {LOST_SEEDS + MAX_BEST_SEEDS} "
            f"(an intake names at most {MAX_BEST_SEEDS} best customers)"
        )
    if not 1 <= args.workers <= MAX_WORKERS:
        parser.error(f"--workers must be 1 to {MAX_WORKERS}")
    return args


def benchmark(args: argparse.Namespace, warehouse: Warehouse, admin_url: str) -> None:
    started = time.perf_counter()
    report = load_reference_data(warehouse)
    print(
        f"setup: migrations, SSIC reference and a synthetic register of "
        f"{report.rows_read:,} rows in {time.perf_counter() - started:.1f} s"
    )

    tenants = args.tenants
    first_load = min(FIRST_LOAD_TENANTS, tenants // 2)
    seeds = args.seeds_per_tenant
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if not admin.execute(IS_PRIVILEGED).fetchone()[0]:
            raise SystemExit(
                "the server's user must be a superuser or have BYPASSRLS to generate the data"
            )
        prepare_generation(admin)
        first_s = generate_tenants(admin, 1, first_load, seeds)
        parse_intake(admin.execute(SAMPLE_PAYLOAD, {"tenant": 1}).fetchone()[0])  # valid?
        first_rows = admin.execute(EVIDENCE_COUNT).fetchone()[0]
        print(
            f"generation: tenants 1-{first_load} ({first_load * seeds:,} seeds, "
            f"{first_rows:,} evidence rows) in {first_s:.1f} s"
        )

        run_tenant(warehouse, first_load)  # warm-up: imports, pool, caches (not counted)
        early = time_tenants(warehouse, spread(1, first_load, SAMPLED_TENANTS))
        example = early[0]
        print(
            f"  tenant {example.tenant_id}: {seeds - LOST_SEEDS} best seeds, "
            f"{example.evidence_read:,} evidence rows read, {example.patterns} patterns, "
            f"{example.cards} cards sized at {example.acra_total:,} register companies in all"
        )
        early_median = describe(
            f"one tenant after {first_load} tenants ({first_rows:,} evidence rows)", early
        )

        rest_s = generate_tenants(admin, first_load + 1, tenants, seeds)
        all_rows = admin.execute(EVIDENCE_COUNT).fetchone()[0]
        print(
            f"generation: tenants {first_load + 1}-{tenants} in {rest_s:.1f} s; in all "
            f"{tenants:,} tenants, {tenants * seeds:,} seeds, {all_rows:,} evidence rows in "
            f"{first_s + rest_s:.1f} s"
        )
    late = time_tenants(
        warehouse, spread(first_load + 1, tenants, SAMPLED_TENANTS, offset=first_load // 3)
    )
    late_median = describe(
        f"one tenant after {tenants:,} tenants ({all_rows:,} evidence rows)", late
    )
    growth = late_median / early_median
    print(
        f"growth: {growth:.2f}x from {first_load} to {tenants:,} tenants "
        f"(target: not growing, within {GROWTH_TOLERANCE}x)"
    )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        runs = list(pool.map(lambda t: run_tenant(warehouse, t), range(1, tenants + 1)))
    all_s = time.perf_counter() - started
    target_all_s = TARGET_ALL_TENANTS_S * tenants / TARGET_TENANTS
    cards = sum(r.cards for r in runs)
    threads = f"{args.workers} thread{'s' if args.workers > 1 else ''}"
    print(
        f"all tenants in one run: {tenants:,} tenants on {threads} (one "
        f"connection each) in {all_s:.1f} s, {tenants / all_s:.1f} tenants/s, {cards:,} cards "
        f"(p50 {statistics.median(r.total_s for r in runs) * 1000:.0f} ms a tenant under "
        f"load; target <= {target_all_s:.0f} s for {tenants:,})"
    )

    refreshes = []
    with warehouse.owner_engine.connect() as conn:
        for _ in range(REFRESHES):
            refresh_started = time.perf_counter()
            with conn.begin():
                conn.execute(REFRESH_VIEW)
            refreshes.append(time.perf_counter() - refresh_started)
        view_rows = conn.execute(VIEW_ROWS).scalar_one()
    refresh_s = statistics.median(refreshes)
    ours_s = late_median
    print(
        f"plan's approach: REFRESH MATERIALIZED VIEW icp_patterns_all_tenants ({view_rows:,} "
        f"rows) measured {', '.join(f'{s * 1000:.0f}' for s in refreshes)} ms, median "
        f"{refresh_s * 1000:.0f} ms a refresh, one per intake"
    )
    print(
        f"  {tenants:,} intakes = {tenants:,} refreshes: {tenants * refresh_s:.1f} s "
        f"(EXTRAPOLATED from the measured refresh, not measured), against {all_s:.1f} s "
        f"measured for every tenant's patterns and suggestions: "
        f"{tenants * refresh_s / all_s:.2f}x"
    )
    print(
        f"  per intake: one refresh {refresh_s * 1000:.0f} ms (it grows with the number of "
        f"tenants) against {ours_s * 1000:.0f} ms for one tenant's patterns + suggestions "
        f"(which does not): {refresh_s / ours_s:.2f}x"
    )

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak_mb:.0f} MB (the server's is not included)")

    one_ok = max(early_median, late_median) <= TARGET_ONE_TENANT_S
    growth_ok = growth <= GROWTH_TOLERANCE
    all_ok = all_s <= target_all_s
    print(
        "targets: "
        f"one tenant <= {TARGET_ONE_TENANT_S:.0f} s {'met' if one_ok else 'MISSED'} "
        f"({early_median:.3f} s, {late_median:.3f} s); "
        f"not growing {'met' if growth_ok else 'MISSED'} ({growth:.2f}x); "
        f"all tenants <= {target_all_s:.0f} s {'met' if all_ok else 'MISSED'} ({all_s:.1f} s)"
    )


def main() -> int:
    args = _arguments()
    with scratch_warehouse(args) as (warehouse, database_url):
        benchmark(args, warehouse, database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
