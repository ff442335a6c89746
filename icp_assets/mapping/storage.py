"""The mapping stage's tables: each seed's company row (`company_map`) and register
match (`acra_matches`), and the register's SSIC codes of matched seeds as evidence."""

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Row, text

from icp_assets.mapping.matching import (
    ACCEPT_SCORE,
    AMBIGUITY_MARGIN,
    KnownCompany,
    MappedSeed,
    MatchDecision,
    SeedToMatch,
    assign_companies,
    decide_match,
)
from icp_assets.mapping.queries import candidates_by_name, register_candidates
from icp_assets.mapping.site_identity import (
    SiteMatch,
    StatedIdentity,
    decide_site_match,
    stated_identities,
)
from icp_assets.normalize import normalize_company_name
from icp_assets.reference.queries import candidates_by_uen, ssic_titles
from icp_assets.reference.register_rows import RegisterCandidate
from icp_assets.signals import Signal
from resources.warehouse import lock_tenant_slices, replace_tenant_rows

TENANT_SEEDS = text(
    "SELECT seed_id, name, domain, normalized_name FROM seeds "
    "WHERE tenant_id = :tenant_id ORDER BY seed_id"
)
KNOWN_COMPANIES = text(
    """
    SELECT id, normalized_name, primary_domain, website_domain FROM companies
    WHERE tenant_id = :tenant_id
      AND (primary_domain = ANY(CAST(:domains AS text[]))
           OR website_domain = ANY(CAST(:domains AS text[]))
           OR normalized_name = ANY(CAST(:names AS text[])))
    """
)
CREATE_COMPANY = text(
    """
    INSERT INTO companies (tenant_id, name, normalized_name, primary_domain)
    VALUES (:tenant_id, :name, :normalized_name, :domain)
    ON CONFLICT (tenant_id, primary_domain) WHERE primary_domain IS NOT NULL
    DO UPDATE SET updated_at = now()
    RETURNING id
    """
)
REPLACE_COMPANY_MAP = (
    text("DELETE FROM company_map WHERE tenant_id = :tenant_id"),
    text(
        "INSERT INTO company_map (seed_id, tenant_id, company_id, matched_by) "
        "VALUES (:seed_id, :tenant_id, :company_id, :matched_by)"
    ),
)
SEEDS_TO_MATCH = text(
    """
    SELECT s.seed_id, s.kind, s.name, s.normalized_name, s.domain, m.company_id,
           c.uen AS confirmed_uen
    FROM seeds s
    JOIN company_map m ON m.seed_id = s.seed_id
    JOIN companies c ON c.id = m.company_id
    WHERE s.tenant_id = :tenant_id
    ORDER BY s.kind, s.seed_id
    """
)
REPLACE_MATCHES = (
    text("DELETE FROM acra_matches WHERE tenant_id = :tenant_id"),
    text(
        """
        INSERT INTO acra_matches (seed_id, tenant_id, seed_kind, company_id, seed_name, uen,
            matched_name, score, method, ambiguous, candidates, entity_status,
            primary_ssic_code, primary_ssic_description)
        VALUES (:seed_id, :tenant_id, :seed_kind, :company_id, :seed_name, :uen,
            :matched_name, :score, :method, :ambiguous, CAST(:candidates AS jsonb),
            :entity_status, :primary_ssic_code, :primary_ssic_description)
        """
    ),
)
REGISTER_EXTRACTOR = "acra_register"
SITE_EXTRACTOR = "register_by_site"


def _replace_register_evidence(extractor: str) -> tuple:
    """Delete and insert statements of the register evidence one extractor writes (its
    rows carry the extractor's name)."""
    return (
        text(
            "DELETE FROM icp_evidence WHERE tenant_id = :tenant_id AND source = 'acra' "
            "AND extractor = :extractor"
        ).bindparams(extractor=extractor),
        text(
            """
            INSERT INTO icp_evidence (tenant_id, company_id, seed_id, signal_key, value,
                details, source, url, snippet, confidence, extractor)
            VALUES (:tenant_id, :company_id, :seed_id, :signal_key, :value,
                CAST(:details AS jsonb), 'acra', :url, :snippet, :confidence, :extractor)
            """
        ),
    )


REPLACE_SSIC_EVIDENCE = _replace_register_evidence(REGISTER_EXTRACTOR)
REPLACE_SITE_EVIDENCE = _replace_register_evidence(SITE_EXTRACTOR)
UNSETTLED_SEEDS = text(
    """
    SELECT s.seed_id, s.kind, s.name, s.domain, a.company_id
    FROM seeds s JOIN acra_matches a ON a.seed_id = s.seed_id
    WHERE s.tenant_id = :tenant_id AND s.domain IS NOT NULL AND (a.uen IS NULL OR a.ambiguous)
    ORDER BY s.seed_id
    """
)
SEED_PAGES = text(
    """
    SELECT domain, url, main_text, extracted FROM crawled_pages
    WHERE tenant_id = :tenant_id AND outcome = 'ok' AND domain = ANY(CAST(:domains AS text[]))
    ORDER BY domain, url
    """
)
REPLACE_SITE_MATCHES = (
    text("DELETE FROM site_register_matches WHERE tenant_id = :tenant_id"),
    text(
        """
        INSERT INTO site_register_matches (seed_id, tenant_id, uen, matched_name, score,
            method, stated, url, entity_status, primary_ssic_code, primary_ssic_description)
        VALUES (:seed_id, :tenant_id, :uen, :matched_name, :score, :method, :stated, :url,
            :entity_status, :primary_ssic_code, :primary_ssic_description)
        """
    ),
)


def map_companies(conn: Connection, tenant_id: int) -> list[dict[str, Any]]:
    """Give every seed of the tenant its company row (creating the new ones) and replace
    its ``company_map`` slice, within the caller's tenant transaction; returns the rows.
    A second run of the tenant waits here: it would not see the first one's new companies
    (a seed without a website has no domain to conflict on) and would add them again."""
    lock_tenant_slices(conn, tenant_id, "companies", "company_map")
    mapped = [
        MappedSeed(r.seed_id, r.name, r.domain, r.normalized_name)
        for r in conn.execute(TENANT_SEEDS, {"tenant_id": tenant_id})
    ]
    known = [
        KnownCompany(r.id, r.normalized_name, r.primary_domain, r.website_domain)
        for r in conn.execute(
            KNOWN_COMPANIES,
            {
                "tenant_id": tenant_id,
                "domains": [s.domain for s in mapped if s.domain],
                "names": [s.normalized_name for s in mapped],
            },
        )
    ]
    rows = []
    for assignment in assign_companies(mapped, known):
        company_id = assignment.company_id
        if company_id is None:
            seed = assignment.seed
            company_id = conn.execute(
                CREATE_COMPANY,
                {
                    "tenant_id": tenant_id,
                    "name": seed.name,
                    "normalized_name": seed.normalized_name,
                    "domain": seed.domain,
                },
            ).scalar_one()
        rows.append(
            {
                "seed_id": assignment.seed.seed_id,
                "tenant_id": tenant_id,
                "company_id": company_id,
                "matched_by": assignment.matched_by,
            }
        )
    replace_tenant_rows(conn, *REPLACE_COMPANY_MAP, tenant_id, rows)
    return rows


def _match_row(tenant_id: int, kind: str, company_id: int, decision: MatchDecision) -> dict:
    best = decision.entity
    return {
        "seed_id": decision.seed.seed_id,
        "tenant_id": tenant_id,
        "seed_kind": kind,
        "company_id": company_id,
        "seed_name": decision.seed.name,
        "uen": best.uen if best else None,
        "matched_name": best.entity_name if best else None,
        "score": round(decision.score, 4) if best else 0.0,
        "method": decision.method,
        "ambiguous": decision.ambiguous,
        "candidates": json.dumps([c.as_json() for c in decision.candidates]),
        "entity_status": best.status if best else None,
        "primary_ssic_code": best.primary_ssic_code if best else None,
        "primary_ssic_description": best.primary_ssic_description if best else None,
    }


def _ssic_evidence(
    tenant_id: int,
    seed_id: int,
    kind: str,
    company_id: int,
    entity: RegisterCandidate,
    score: float,
    method: str,
    titles: dict[str, str],
    extractor: str = REGISTER_EXTRACTOR,
    url: str | None = None,
) -> Iterator[dict[str, Any]]:
    """One evidence row per SSIC code of an accepted register entity, primary then
    secondary; a title the register row lacks comes from SSIC 2020."""
    for rank, code, title in (
        ("primary", entity.primary_ssic_code, entity.primary_ssic_description),
        ("secondary", entity.secondary_ssic_code, entity.secondary_ssic_description),
    ):
        if not code:
            continue
        title = title or titles.get(code)
        snippet = f"ACRA register: {entity.entity_name} (UEN {entity.uen}), {rank} SSIC {code}"
        snippet = f"{snippet} {title}" if title else snippet
        yield {
            "tenant_id": tenant_id,
            "company_id": company_id,
            "seed_id": seed_id,
            "signal_key": Signal.SSIC,
            "value": code,
            "details": json.dumps(
                {
                    "code": code,
                    "title": title,
                    "rank": rank,
                    "uen": entity.uen,
                    "matched_name": entity.entity_name,
                    "score": round(score, 4),
                    "method": method,
                    "seed_kind": kind,
                }
            ),
            "url": url,
            "extractor": extractor,
            "snippet": snippet[:280],
            "confidence": round(score * (1.0 if rank == "primary" else 0.8), 4),
        }


def _decide(
    conn: Connection, seed_rows: Sequence[Row], accept_score: float, margin: float
) -> list[MatchDecision]:
    """Each seed's decision among its register candidates (a confirmed UEN first)."""
    candidates = register_candidates(conn, [r.normalized_name for r in seed_rows])
    confirmed = candidates_by_uen(conn, [r.confirmed_uen for r in seed_rows if r.confirmed_uen])
    decisions = []
    for row in seed_rows:
        seed = SeedToMatch(
            row.seed_id, row.name, row.normalized_name, row.domain, row.confirmed_uen
        )
        pool = candidates[row.normalized_name]
        if row.confirmed_uen in confirmed:
            pool = [confirmed[row.confirmed_uen], *pool]
        decisions.append(decide_match(seed, pool, accept_score=accept_score, margin=margin))
    return decisions


def match_seeds(
    conn: Connection,
    tenant_id: int,
    accept_score: float = ACCEPT_SCORE,
    margin: float = AMBIGUITY_MARGIN,
) -> tuple[list[tuple[Row, MatchDecision]], int]:
    """Decide every seed's register entity and replace the tenant's ``acra_matches`` and
    register evidence, within the caller's tenant transaction; returns each seed's row
    with its decision, and how many evidence rows were written."""
    seed_rows = conn.execute(SEEDS_TO_MATCH, {"tenant_id": tenant_id}).all()
    decisions = list(zip(seed_rows, _decide(conn, seed_rows, accept_score, margin), strict=True))
    entities = [e for _, d in decisions if (e := d.entity)]
    titles = ssic_titles(
        conn,
        [c for e in entities for c in (e.primary_ssic_code, e.secondary_ssic_code) if c],
    )
    matches = [_match_row(tenant_id, r.kind, r.company_id, d) for r, d in decisions]
    evidence = [
        item
        for r, d in decisions
        if d.entity is not None
        for item in _ssic_evidence(
            tenant_id, r.seed_id, r.kind, r.company_id, d.entity, d.score, d.method, titles
        )
    ]
    replace_tenant_rows(conn, *REPLACE_MATCHES, tenant_id, matches)
    replace_tenant_rows(conn, *REPLACE_SSIC_EVIDENCE, tenant_id, evidence)
    return decisions, len(evidence)


def match_seeds_by_site(conn: Connection, tenant_id: int) -> list[tuple[Row, SiteMatch | None]]:
    """Settle the seeds the name matching left unmatched or ambiguous by the legal name
    or UEN their own crawled pages state, and replace the tenant's
    ``site_register_matches`` and their register evidence, within the caller's tenant
    transaction; returns each such seed with its match, or None."""
    seeds = conn.execute(UNSETTLED_SEEDS, {"tenant_id": tenant_id}).all()
    pages = conn.execute(
        SEED_PAGES, {"tenant_id": tenant_id, "domains": sorted({s.domain for s in seeds})}
    ).all()
    stated: dict[str, list[StatedIdentity]] = {}
    for page in pages:
        json_ld = (page.extracted or {}).get("json_ld", ())
        stated.setdefault(page.domain, []).extend(
            stated_identities(page.url, page.main_text or "", json_ld)
        )
    identities = [i for found in stated.values() for i in found]
    by_uen = candidates_by_uen(conn, [i.uen for i in identities if i.uen])
    by_name = candidates_by_name(
        conn, [normalize_company_name(i.name) for i in identities if i.name]
    )
    decided = [
        (
            seed,
            decide_site_match(
                seed.seed_id, seed.name, stated.get(seed.domain, ()), by_uen, by_name
            ),
        )
        for seed in seeds
    ]
    accepted = [(seed, match) for seed, match in decided if match is not None]
    titles = ssic_titles(
        conn,
        [
            code
            for _, m in accepted
            for code in (m.entity.primary_ssic_code, m.entity.secondary_ssic_code)
            if code
        ],
    )
    rows = [
        {
            "seed_id": seed.seed_id,
            "tenant_id": tenant_id,
            "uen": match.entity.uen,
            "matched_name": match.entity.entity_name,
            "score": match.score,
            "method": match.method,
            "stated": match.stated.text,
            "url": match.stated.url,
            "entity_status": match.entity.status,
            "primary_ssic_code": match.entity.primary_ssic_code,
            "primary_ssic_description": match.entity.primary_ssic_description,
        }
        for seed, match in accepted
    ]
    evidence = [
        item
        for seed, match in accepted
        for item in _ssic_evidence(
            tenant_id,
            seed.seed_id,
            seed.kind,
            seed.company_id,
            match.entity,
            match.score,
            match.method,
            titles,
            SITE_EXTRACTOR,
            match.stated.url,
        )
    ]
    replace_tenant_rows(conn, *REPLACE_SITE_MATCHES, tenant_id, rows)
    replace_tenant_rows(conn, *REPLACE_SITE_EVIDENCE, tenant_id, evidence)
    return decided
