"""Enrichment of the register companies queued in ``background_jobs``: by adopting a card
(``icp accept``: ``enrich_now`` for the first ``RUN_NOW_LIMIT``, ``enrich_nightly`` for the
rest) or by hand (``icp enrich``, one ``enrich_now`` job).

Each due job is claimed (``running``), its UEN looked up in the register and, when a
website is known for the company (a ``companies`` row with that UEN and a domain, or the
domain the job names), that one site crawled with the crawler (robots, politeness, the
SSRF guard) and read by the deterministic extractors. The evidence is recorded for the
tenant with ``seed_id`` NULL and source ``enrichment``, replacing what an earlier
enrichment of the company found. The job ends ``done`` with the register's facts, the
website and its crawl outcome in ``payload.result`` (a site that fails is an outcome,
never an error), or ``failed`` when the register does not hold the UEN.

``enrichment_sensor`` (``icp_assets.automation.enrichment``) processes due ``enrich_now``
jobs a batch a tick; the nightly refresh processes every due job of both kinds.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, text

from icp_assets.evidence.extract import extract_domain_evidence
from icp_assets.evidence.extract.integrations import load_integration_catalogue
from icp_assets.evidence.storage import REPLACE_WEB_EVIDENCE
from icp_assets.mapping.resolution import UenNotInRegisterError, normalize_uen
from icp_assets.normalize import InvalidDomainError, normalize_company_name, normalize_domain
from icp_assets.reference.queries import candidates_by_uen
from icp_assets.suggestions.adoption import ENRICH_NIGHTLY, ENRICH_NOW, ENRICHMENT_KINDS
from icp_assets.suggestions.enrichment_results import (
    ENRICHMENT_SOURCE,
    UEN_NOT_IN_REGISTER,
    EnrichmentCounts,
    KnownCompany,
    WebsiteChoice,
    choose_website,
    crawl_result,
    evidence_rows,
    pages_to_extract,
    register_result,
    replaces_evidence,
)
from resources.crawler import CrawlerResource, DomainCrawl
from resources.warehouse import Warehouse, lock_tenant_slices

log = logging.getLogger(__name__)

#: The kinds of job an enrichment processes.
#: A job ``running`` this long without finishing was interrupted (its process died) and is
#: claimed again.
STALE_AFTER_S = 30 * 60
#: A job interrupted this many times is ``failed`` rather than tried again.
MAX_INTERRUPTIONS = 3
#: Due jobs claimed at a time: a claimed job waits at most one batch's crawls.
CLAIM_BATCH = 100
#: What a pass leaves in a job's payload, dropped when a person queues the job again.
_RESET_KEYS = ("result", "interruptions")

_IS_DUE = """(
    (b.status = 'queued' AND b.run_after <= now())
    OR (b.status = 'running' AND b.updated_at < now() - make_interval(secs => :stale_s))
)"""
# Read as the owner, across tenants: which jobs are due, oldest first.
DUE_JOBS = text(
    f"""
    SELECT b.id, b.tenant_id FROM background_jobs b
    WHERE b.kind = ANY(CAST(:kinds AS text[])) AND {_IS_DUE}
    ORDER BY b.run_after, b.id
    LIMIT CAST(:limit AS bigint)
    """
)
# Claimed in the tenant's transaction: a job another pass holds is skipped, not waited for.
# A stale ``running`` job counts an interruption.
CLAIM_JOBS = text(
    f"""
    WITH due AS (
        SELECT b.id, b.status AS was FROM background_jobs b
        WHERE b.tenant_id = :tenant_id AND b.id = ANY(CAST(:ids AS bigint[])) AND {_IS_DUE}
        FOR UPDATE SKIP LOCKED
    )
    UPDATE background_jobs b
    SET status = 'running', attempts = b.attempts + 1, updated_at = now(),
        payload = CASE WHEN due.was = 'running'
            THEN b.payload || jsonb_build_object(
                'interruptions', coalesce((b.payload->>'interruptions')::integer, 0) + 1)
            ELSE b.payload END
    FROM due WHERE b.id = due.id
    RETURNING b.id, b.kind, b.dedupe_key, b.payload, b.attempts
    """
)
# ``attempts`` is the claim's token: a pass whose claim was taken over finishes nothing.
FINISH_JOB = text(
    """
    UPDATE background_jobs SET status = :status, payload = payload || CAST(:result AS jsonb),
        last_error = :error, updated_at = now()
    WHERE id = :id AND tenant_id = :tenant_id AND status = 'running' AND attempts = :attempts
    """
)
RELEASE_JOBS = text(
    """
    UPDATE background_jobs b SET status = 'queued', attempts = b.attempts - 1
    FROM unnest(CAST(:ids AS bigint[]), CAST(:attempts AS integer[])) AS claim(id, attempts)
    WHERE b.tenant_id = :tenant_id AND b.id = claim.id AND b.status = 'running'
      AND b.attempts = claim.attempts
    """
)
_COMPANY_COLUMNS = """
    c.id, c.name, coalesce(c.primary_domain, c.website_domain) AS domain, c.uen,
    (c.is_self OR EXISTS (SELECT 1 FROM company_map m WHERE m.company_id = c.id)) AS mapped
"""
COMPANY_BY_UEN = text(
    f"""
    SELECT {_COMPANY_COLUMNS} FROM companies c
    WHERE c.tenant_id = :tenant_id AND c.uen = :uen
    ORDER BY coalesce(c.primary_domain, c.website_domain) IS NULL, c.id
    LIMIT 1
    """
)
COMPANY_BY_DOMAIN = text(
    f"""
    SELECT {_COMPANY_COLUMNS} FROM companies c
    WHERE c.tenant_id = :tenant_id AND (c.primary_domain = :domain OR c.website_domain = :domain)
    ORDER BY c.primary_domain = :domain DESC, c.id
    LIMIT 1
    """
)
CREATE_COMPANY = text(
    """
    INSERT INTO companies (tenant_id, name, normalized_name, primary_domain, uen)
    VALUES (:tenant_id, :name, :normalized_name, :domain, :uen)
    ON CONFLICT (tenant_id, primary_domain) WHERE primary_domain IS NOT NULL DO NOTHING
    RETURNING id
    """
)
SET_COMPANY_UEN = text(
    "UPDATE companies SET uen = :uen, updated_at = now() WHERE id = :id AND uen IS NULL"
)
COMPANY_EVIDENCE_COUNT = text(
    "SELECT count(*) FROM icp_evidence "
    "WHERE tenant_id = :tenant_id AND company_id = :company_id AND source = :source"
)
DELETE_COMPANY_EVIDENCE = text(
    "DELETE FROM icp_evidence "
    "WHERE tenant_id = :tenant_id AND company_id = :company_id AND source = :source"
)
# The evidence stage's insert: the same columns, whatever the source.
INSERT_EVIDENCE = REPLACE_WEB_EVIDENCE[1]


@dataclass(frozen=True)
class ClaimedJob:
    """A job this pass holds (``running``); ``attempts`` is the claim's token."""

    id: int
    tenant_id: int
    kind: str
    uen: str
    payload: Mapping[str, Any]
    attempts: int

    @property
    def interruptions(self) -> int:
        return int(self.payload.get("interruptions") or 0)


@dataclass(frozen=True)
class SiteJob:
    """A claimed job whose company has a website to crawl."""

    job: ClaimedJob
    register: dict[str, Any]
    domain: str
    company_id: int
    website_from: str
    company_names: tuple[str, ...]


def _finish(
    conn: Connection,
    job: ClaimedJob,
    status: Literal["done", "failed"],
    result: Mapping[str, Any] | None = None,
    error: str | None = None,
) -> int:
    return conn.execute(
        FINISH_JOB,
        {
            "id": job.id,
            "tenant_id": job.tenant_id,
            "attempts": job.attempts,
            "status": status,
            "result": json.dumps({"result": dict(result)} if result is not None else {}),
            "error": error,
        },
    ).rowcount


def _known_company(row: Any) -> KnownCompany | None:
    if row is None:
        return None
    return KnownCompany(row.id, row.name, row.domain, row.uen, bool(row.mapped))


def _resolve_website(
    conn: Connection, job: ClaimedJob, entity_name: str
) -> tuple[WebsiteChoice, str | None]:
    """The job's website and company row (created, or given the UEN, when the job names a
    domain no company of the tenant holds); and the company's own name."""
    params = {"tenant_id": job.tenant_id, "uen": job.uen}
    requested = job.payload.get("domain")
    if requested:
        try:
            requested = normalize_domain(str(requested))
        except InvalidDomainError as error:
            return WebsiteChoice("none", note=f"the job's domain is not a website: {error}"), None
    for _ in range(2):  # a second look when another pass created the row first
        by_domain = by_uen = None
        if requested:
            by_domain = _known_company(
                conn.execute(COMPANY_BY_DOMAIN, {**params, "domain": requested}).first()
            )
        else:
            by_uen = _known_company(conn.execute(COMPANY_BY_UEN, params).first())
        choice = choose_website(job.tenant_id, job.uen, requested, by_uen, by_domain)
        known = by_domain or by_uen
        if choice.action == "set_uen":
            conn.execute(SET_COMPANY_UEN, {"id": choice.company_id, "uen": job.uen})
        if choice.action != "create":
            return choice, known.name if known else None
        company_id = conn.execute(
            CREATE_COMPANY,
            {
                **params,
                "name": entity_name,
                "normalized_name": normalize_company_name(entity_name),
                "domain": choice.domain,
            },
        ).scalar()
        if company_id is not None:
            return WebsiteChoice("use", choice.domain, company_id, choice.website_from), None
    raise RuntimeError(f"no company row for {requested} after creating it (job {job.id})")


def _claim(conn: Connection, tenant_id: int, ids: Sequence[int]) -> list[ClaimedJob]:
    rows = conn.execute(
        CLAIM_JOBS, {"tenant_id": tenant_id, "ids": list(ids), "stale_s": STALE_AFTER_S}
    )
    return [
        ClaimedJob(
            r.id, tenant_id, r.kind, r.payload.get("uen") or r.dedupe_key, r.payload, r.attempts
        )
        for r in rows
    ]


def _start_tenant_jobs(
    conn: Connection, tenant_id: int, ids: Sequence[int], counts: EnrichmentCounts
) -> list[SiteJob]:
    """Claim the tenant's due jobs and finish every one that needs no crawl: interrupted
    too often, not in the register, or without a website. The rest is returned."""
    claimed = _claim(conn, tenant_id, ids)
    found = candidates_by_uen(conn, [job.uen for job in claimed])
    now = datetime.now(UTC)
    site_jobs = []
    for job in claimed:
        if job.interruptions >= MAX_INTERRUPTIONS:
            error = f"interrupted {job.interruptions} times before it finished; not tried again"
            counts.failed += _finish(conn, job, "failed", error=error)
            continue
        candidate = found.get(job.uen)
        if candidate is None:
            counts.failed += _finish(conn, job, "failed", error=UEN_NOT_IN_REGISTER)
            continue
        register = register_result(candidate, now)
        choice, company_name = _resolve_website(conn, job, candidate.entity_name)
        if choice.domain is None or choice.company_id is None:
            result = {**register, "website": None, "website_note": choice.note}
            finished = _finish(conn, job, "done", result)
            counts.done += finished
            counts.without_website += finished
            continue
        names = tuple(dict.fromkeys(n for n in (candidate.entity_name, company_name) if n))
        site_jobs.append(
            SiteJob(job, register, choice.domain, choice.company_id, choice.website_from, names)
        )
    return site_jobs


def _release(store: Warehouse, site_jobs: Sequence[SiteJob]) -> int:
    """Hand claimed, unstarted jobs back to the queue as they were."""
    by_tenant: dict[int, list[ClaimedJob]] = {}
    for site_job in site_jobs:
        by_tenant.setdefault(site_job.job.tenant_id, []).append(site_job.job)
    released = 0
    for tenant_id, jobs in by_tenant.items():
        with store.tenant_transaction(tenant_id) as conn:
            released += conn.execute(
                RELEASE_JOBS,
                {
                    "tenant_id": tenant_id,
                    "ids": [job.id for job in jobs],
                    "attempts": [job.attempts for job in jobs],
                },
            ).rowcount
    return released


def _record_site(
    store: Warehouse, site_job: SiteJob, crawl: DomainCrawl, counts: EnrichmentCounts
) -> None:
    """Extract the crawled site's evidence, replace the company's enrichment evidence
    (unless the crawl failed) and finish the job, in the tenant's transaction."""
    job = site_job.job
    items = extract_domain_evidence(
        pages_to_extract(crawl), load_integration_catalogue(), site_job.company_names
    )
    rows = evidence_rows(
        job.tenant_id, site_job.company_id, site_job.domain, job.uen, job.id, items
    )
    params = {
        "tenant_id": job.tenant_id,
        "company_id": site_job.company_id,
        "source": ENRICHMENT_SOURCE,
    }
    with store.tenant_transaction(job.tenant_id) as conn:
        kept = 0
        if replaces_evidence(crawl.outcome):
            lock_tenant_slices(conn, job.tenant_id, "icp_evidence")
            conn.execute(DELETE_COMPANY_EVIDENCE, params)
            if rows:
                conn.execute(INSERT_EVIDENCE, rows)
        else:
            kept = conn.execute(COMPANY_EVIDENCE_COUNT, params).scalar_one()
        result = {
            **site_job.register,
            "website": site_job.domain,
            "website_from": site_job.website_from,
            "company_id": site_job.company_id,
            **crawl_result(crawl, items, kept),
        }
        finished = _finish(conn, job, "done", result)
    if finished:
        counts.done += 1
        counts.count_crawl(crawl.outcome)
        counts.evidence_items += len(rows) if replaces_evidence(crawl.outcome) else 0
    log.info(
        "enrichment tenant=%s job=%s uen=%s domain=%s outcome=%s items=%s",
        job.tenant_id,
        job.id,
        job.uen,
        site_job.domain,
        crawl.outcome,
        len(rows),
    )


def _record_failure(
    store: Warehouse, site_job: SiteJob, error: Exception, counts: EnrichmentCounts
) -> None:
    job = site_job.job
    log.exception("enrichment tenant=%s job=%s uen=%s failed", job.tenant_id, job.id, job.uen)
    with store.tenant_transaction(job.tenant_id) as conn:
        counts.failed += _finish(
            conn, job, "failed", error=f"enrichment failed: {type(error).__name__}: {error}"
        )


def _crawl_and_record(
    store: Warehouse,
    crawler: CrawlerResource,
    site_jobs: Sequence[SiteJob],
    counts: EnrichmentCounts,
    out_of_time: Callable[[], bool],
) -> bool:
    """Crawl the claimed jobs' websites a batch of the crawler's concurrency at a time and
    record each; returns False, with the unstarted jobs handed back, when time ran out."""
    batch_size = crawler.get_config().global_concurrency
    for start in range(0, len(site_jobs), batch_size):
        if out_of_time():
            counts.deferred += _release(store, site_jobs[start:])
            return False
        batch = site_jobs[start : start + batch_size]
        try:
            crawls = crawler.crawl([site_job.domain for site_job in batch])
        except BaseException:
            # The crawl itself could not run (its configuration, an interrupt): the jobs
            # go back to the queue and the error is the caller's.
            _release(store, site_jobs[start:])
            raise
        for site_job, crawl in zip(batch, crawls, strict=True):
            try:
                _record_site(store, site_job, crawl, counts)
            except Exception as error:  # one company's extraction must not stop the rest
                _record_failure(store, site_job, error, counts)
    return True


def process_enrichment_jobs(
    store: Warehouse,
    crawler: CrawlerResource,
    kinds: Sequence[str] = ENRICHMENT_KINDS,
    limit: int | None = None,
    time_budget_s: float | None = None,
) -> EnrichmentCounts:
    """Enrich the due queued jobs of ``kinds``, oldest first, at most ``limit`` of them
    (all when None).

    Jobs are taken ``CLAIM_BATCH`` at a time, so none waits long in ``running``: each
    tenant's share is claimed and the jobs that need no crawl finished in the tenant's
    transaction, then the websites are crawled a batch of the crawler's concurrency at a
    time, each job's evidence and result written in its tenant's transaction. No new crawl
    batch starts after ``time_budget_s`` seconds: its jobs go back to the queue unchanged
    (``deferred``), as do the due jobs not reached. A failing site ends its job ``done``
    with the crawl outcome; an unexpected error in one job's extraction ends that job
    ``failed`` with the error, and the others carry on.
    """
    unknown = sorted(set(kinds) - set(ENRICHMENT_KINDS))
    if unknown:
        raise ValueError(f"not an enrichment job kind: {', '.join(unknown)}")
    started = time.monotonic()

    def out_of_time() -> bool:
        return time_budget_s is not None and time.monotonic() - started > time_budget_s

    counts = EnrichmentCounts()
    with store.system_transaction() as conn:
        due = conn.execute(
            DUE_JOBS, {"kinds": list(kinds), "limit": limit, "stale_s": STALE_AFTER_S}
        ).all()
    for first in range(0, len(due), CLAIM_BATCH):
        if first and out_of_time():
            counts.deferred += len(due) - first
            break
        by_tenant: dict[int, list[int]] = {}
        for row in due[first : first + CLAIM_BATCH]:
            by_tenant.setdefault(row.tenant_id, []).append(row.id)
        site_jobs: list[SiteJob] = []
        for tenant_id, ids in by_tenant.items():
            with store.tenant_transaction(tenant_id) as conn:
                site_jobs += _start_tenant_jobs(conn, tenant_id, ids, counts)
        if not _crawl_and_record(store, crawler, site_jobs, counts, out_of_time):
            counts.deferred += max(0, len(due) - first - CLAIM_BATCH)
            break
    return counts


# -- a person's request ---------------------------------------------------------------------

EXISTING_JOBS = text(
    """
    SELECT id, kind, status, payload FROM background_jobs
    WHERE tenant_id = :tenant_id AND dedupe_key = :uen AND kind = ANY(CAST(:kinds AS text[]))
    ORDER BY kind = :now_kind DESC, id
    FOR UPDATE
    """
)
REQUEUE_JOB = text(
    """
    UPDATE background_jobs SET kind = :kind, status = 'queued', run_after = now(),
        last_error = NULL, updated_at = now(),
        payload = (payload - CAST(:reset AS text[])) || CAST(:payload AS jsonb)
    WHERE id = :id AND tenant_id = :tenant_id
    RETURNING id
    """
)
INSERT_JOB = text(
    """
    INSERT INTO background_jobs (tenant_id, kind, dedupe_key, payload)
    VALUES (:tenant_id, :kind, :uen, CAST(:payload AS jsonb))
    RETURNING id
    """
)
AUDIT_REQUEST = text(
    """
    INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, details)
    VALUES (:tenant_id, :actor, 'request_enrichment', 'background_job', :entity_id,
            CAST(:details AS jsonb))
    """
)
# What a new job takes over from an adopted card's finished nightly job of the same UEN.
_ADOPTION_KEYS = ("rule_id", "suggestion_id", "min_headcount")


@dataclass(frozen=True)
class EnrichmentRequest:
    """An ``enrich_now`` job a person asked for."""

    job_id: int
    tenant_id: int
    uen: str
    entity_name: str
    domain: str | None
    #: ``queued`` (a new job), ``requeued`` (the UEN's ``enrich_now`` job, again) or
    #: ``promoted`` (its queued ``enrich_nightly`` job, now).
    action: Literal["queued", "requeued", "promoted"]
    previous_status: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "tenant_id": self.tenant_id,
            "kind": ENRICH_NOW,
            "uen": self.uen,
            "entity_name": self.entity_name,
            "domain": self.domain,
            "action": self.action,
            "previous_status": self.previous_status,
        }


def request_enrichment(
    store: Warehouse,
    tenant_id: int,
    uen: str,
    actor: str,
    domain: str | None = None,
    *,
    now: datetime | None = None,
) -> EnrichmentRequest:
    """Queue the company ``uen`` for enrichment now, optionally at ``domain``, with an
    audit entry, in one tenant transaction.

    The UEN's ``enrich_now`` job, if it has one, is queued again (its last result
    dropped); else its queued ``enrich_nightly`` job becomes ``enrich_now``; else a new
    job is queued. A job that names no domain keeps the one it named before.

    Raises:
        InvalidUenError: ``uen`` is not written as a UEN.
        InvalidDomainError: ``domain`` is not a website.
        UenNotInRegisterError: the register has no entity with this UEN.
    """
    uen = normalize_uen(uen)
    domain = normalize_domain(domain) if domain else None
    now = now or datetime.now(UTC)
    with store.tenant_transaction(tenant_id) as conn:
        candidate = candidates_by_uen(conn, [uen]).get(uen)
        if candidate is None:
            raise UenNotInRegisterError(
                f"UEN {uen} is not in the register (load it with `icp registry load`)"
            )
        params = {"tenant_id": tenant_id, "uen": uen}
        existing = conn.execute(
            EXISTING_JOBS, {**params, "kinds": list(ENRICHMENT_KINDS), "now_kind": ENRICH_NOW}
        ).all()
        patch: dict[str, Any] = {
            "uen": uen,
            "entity_name": candidate.entity_name,
            "requested_by": actor,
            "queued_at": now.isoformat(timespec="seconds"),
        }
        if domain:
            patch["domain"] = domain
        now_job = next((j for j in existing if j.kind == ENRICH_NOW), None)
        nightly = next((j for j in existing if j.kind == ENRICH_NIGHTLY), None)
        target = now_job or (nightly if nightly and nightly.status == "queued" else None)
        if target is not None:
            job_id = conn.execute(
                REQUEUE_JOB,
                {
                    "id": target.id,
                    "tenant_id": tenant_id,
                    "kind": ENRICH_NOW,
                    "reset": list(_RESET_KEYS),
                    "payload": json.dumps(patch),
                },
            ).scalar_one()
            action: Literal["queued", "requeued", "promoted"] = (
                "requeued" if target is now_job else "promoted"
            )
            previous_status = target.status
            kept_domain = domain or target.payload.get("domain")
        else:
            adopted = {
                k: nightly.payload[k] for k in _ADOPTION_KEYS if nightly and k in nightly.payload
            }
            job_id = conn.execute(
                INSERT_JOB,
                {
                    "tenant_id": tenant_id,
                    "kind": ENRICH_NOW,
                    "uen": uen,
                    "payload": json.dumps({**adopted, **patch}),
                },
            ).scalar_one()
            action, previous_status, kept_domain = "queued", None, domain
        request = EnrichmentRequest(
            job_id, tenant_id, uen, candidate.entity_name, kept_domain, action, previous_status
        )
        conn.execute(
            AUDIT_REQUEST,
            {
                "tenant_id": tenant_id,
                "actor": actor,
                "entity_id": str(job_id),
                "details": json.dumps(request.as_json()),
            },
        )
    log.info(
        "enrichment request tenant=%s uen=%s domain=%s action=%s job=%s",
        tenant_id,
        uen,
        kept_domain,
        action,
        job_id,
    )
    return request
