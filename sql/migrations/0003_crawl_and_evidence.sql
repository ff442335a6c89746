-- Crawl and evidence: which company each crawled page belongs to, each domain's crawl
-- outcome, the tenant's own company, and a per-tenant evidence summary.

-- The tenant's own company (its website), next to the seeds' companies.
ALTER TABLE companies ADD COLUMN is_self boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX companies_tenant_self_key ON companies (tenant_id) WHERE is_self;

ALTER TABLE crawled_pages
    ADD COLUMN company_id bigint REFERENCES companies (id) ON DELETE CASCADE,
    ADD COLUMN outcome text NOT NULL DEFAULT 'ok',
    ADD COLUMN content_type text;

-- One row per domain the crawled_pages asset last crawled for the tenant.
CREATE TABLE crawled_domains (
    tenant_id      integer NOT NULL,
    domain         text NOT NULL,
    company_id     bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    -- 'self' for the tenant's own site, else the seed kind ('best' or 'lost').
    role           text NOT NULL CHECK (role IN ('self', 'best', 'lost')),
    seed_ids       bigint[] NOT NULL DEFAULT '{}',
    outcome        text NOT NULL,
    detail         text NOT NULL DEFAULT '',
    pages_fetched  integer NOT NULL DEFAULT 0,
    not_modified   integer NOT NULL DEFAULT 0,
    -- Pages of an earlier crawl kept because this one failed.
    pages_kept     integer NOT NULL DEFAULT 0,
    requests       integer NOT NULL DEFAULT 0,
    elapsed_s      real NOT NULL DEFAULT 0,
    crawled_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, domain)
);
SELECT icp_protect_tenant_table('crawled_domains');

-- What the icp_evidence asset last concluded for the tenant as a whole.
CREATE TABLE evidence_summary (
    tenant_id         integer PRIMARY KEY,
    reduced_evidence  boolean NOT NULL,
    reasons           jsonb NOT NULL DEFAULT '[]'::jsonb,
    items_by_signal   jsonb NOT NULL DEFAULT '{}'::jsonb,
    web_items         integer NOT NULL,
    llm_items         integer NOT NULL,
    register_items    integer NOT NULL,
    computed_at       timestamptz NOT NULL DEFAULT now()
);
SELECT icp_protect_tenant_table('evidence_summary');

ALTER TABLE icp_evidence
    ADD CONSTRAINT icp_evidence_source_check CHECK (source IN ('acra', 'web', 'llm'));
CREATE INDEX icp_evidence_tenant_source_idx ON icp_evidence (tenant_id, source);
