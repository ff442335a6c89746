-- Foundation schema: intake, seeds, companies, the register, evidence and what the
-- pipeline writes after it. Tenant-owned tables are protected by row-level security
-- keyed on the transaction setting app.tenant_id (see icp_protect_tenant_table).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The tenant of the current transaction, or NULL when none is set. NULLIF because a
-- setting that was SET LOCAL in an earlier transaction reads back as '' afterwards.
CREATE FUNCTION app_current_tenant() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::integer $$;

-- Puts a table with a tenant_id column under row-level security: every role, the
-- owner included, sees and writes only the current tenant's rows; members of
-- icp_system (the sensor, schedules, metrics) may read across tenants.
CREATE FUNCTION icp_protect_tenant_table(target regclass) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s '
        'USING (tenant_id = app_current_tenant()) '
        'WITH CHECK (tenant_id = app_current_tenant())', target);
    EXECUTE format(
        'CREATE POLICY system_read ON %s FOR SELECT TO icp_system USING (true)', target);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO icp_app', target);
END
$$;

-- Intake -------------------------------------------------------------------------

CREATE TABLE icp_intake_responses (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       integer NOT NULL,
    submitted_by    text NOT NULL,
    payload         jsonb NOT NULL,
    payload_sha256  text NOT NULL,
    warnings        jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- The inserting transaction: the sensor reads rows by transaction, not by id,
    -- so a row whose transaction commits after a higher id's is still picked up.
    created_xid     xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX icp_intake_responses_tenant_idx ON icp_intake_responses (tenant_id, id DESC);
CREATE INDEX icp_intake_responses_xid_idx ON icp_intake_responses (created_xid);

CREATE TABLE customer_seeds (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        integer NOT NULL,
    intake_id        bigint NOT NULL REFERENCES icp_intake_responses (id) ON DELETE CASCADE,
    position         integer NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('best', 'lost')),
    name             text NOT NULL,
    website          text,
    domain           text,
    normalized_name  text NOT NULL,
    reason           text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'best' OR reason IS NOT NULL),
    UNIQUE (intake_id, kind, position)
);
CREATE INDEX customer_seeds_tenant_idx ON customer_seeds (tenant_id, intake_id);

-- The tenant's working set of seeds, as the `seeds` asset last wrote it.
CREATE TABLE seeds (
    seed_id          bigint PRIMARY KEY REFERENCES customer_seeds (id) ON DELETE CASCADE,
    tenant_id        integer NOT NULL,
    intake_id        bigint NOT NULL REFERENCES icp_intake_responses (id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('best', 'lost')),
    name             text NOT NULL,
    domain           text,
    normalized_name  text NOT NULL,
    reason           text,
    merged_seed_ids  bigint[] NOT NULL DEFAULT '{}',
    materialized_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seeds_tenant_idx ON seeds (tenant_id, kind);

-- Companies and the register ----------------------------------------------------

CREATE TABLE companies (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        integer NOT NULL,
    name             text NOT NULL,
    normalized_name  text NOT NULL,
    primary_domain   text,
    website_domain   text,
    uen              text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX companies_tenant_primary_domain_key
    ON companies (tenant_id, primary_domain) WHERE primary_domain IS NOT NULL;
CREATE INDEX companies_tenant_website_domain_idx ON companies (tenant_id, website_domain);
CREATE INDEX companies_tenant_name_idx ON companies (tenant_id, normalized_name);

-- ACRA "Information on Corporate Entities", the columns the finder uses. Shared by
-- all tenants: public data, read-only to the application.
CREATE TABLE staging_acra_companies (
    uen                                text PRIMARY KEY,
    issuance_agency_id                 text,
    entity_name                        text NOT NULL,
    normalized_name                    text NOT NULL,
    entity_type_description            text,
    business_constitution_description  text,
    company_type_description           text,
    entity_status_description          text,
    registration_incorporation_date    date,
    uen_issue_date                     date,
    primary_ssic_code                  text,
    primary_ssic_description           text,
    secondary_ssic_code                text,
    secondary_ssic_description         text,
    street_name                        text,
    building_name                      text,
    postal_code                        text,
    no_of_officers                     integer,
    source_file                        text,
    loaded_at                          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staging_acra_companies_name_trgm_idx
    ON staging_acra_companies USING gin (normalized_name gin_trgm_ops);
CREATE INDEX staging_acra_companies_name_idx ON staging_acra_companies (normalized_name);
CREATE INDEX staging_acra_companies_primary_ssic_idx
    ON staging_acra_companies (primary_ssic_code text_pattern_ops);
CREATE INDEX staging_acra_companies_secondary_ssic_idx
    ON staging_acra_companies (secondary_ssic_code text_pattern_ops);

-- SSIC 2020: sections, divisions, groups, classes and sub-classes, with the official
-- definitions and the activity index.
CREATE TABLE ssic_ref (
    code        text PRIMARY KEY,
    title       text NOT NULL,
    level       text NOT NULL
                CHECK (level IN ('section', 'division', 'group', 'class', 'subclass')),
    parent      text REFERENCES ssic_ref (code),
    section     text NOT NULL,
    definition  text
);
CREATE INDEX ssic_ref_parent_idx ON ssic_ref (parent);

CREATE TABLE ssic_activities (
    code      text NOT NULL REFERENCES ssic_ref (code),
    activity  text NOT NULL,
    PRIMARY KEY (code, activity)
);
CREATE INDEX ssic_activities_trgm_idx ON ssic_activities USING gin (activity gin_trgm_ops);

-- What the pipeline derives -----------------------------------------------------

CREATE TABLE acra_matches (
    seed_id       bigint PRIMARY KEY REFERENCES customer_seeds (id) ON DELETE CASCADE,
    tenant_id     integer NOT NULL,
    seed_name     text NOT NULL,
    uen           text,
    matched_name  text,
    score         real NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 1),
    method        text NOT NULL CHECK (method IN ('domain', 'exact', 'fuzzy', 'none')),
    ambiguous     boolean NOT NULL DEFAULT false,
    candidates    jsonb NOT NULL DEFAULT '[]'::jsonb,
    matched_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX acra_matches_tenant_idx ON acra_matches (tenant_id);

CREATE TABLE crawled_pages (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      integer NOT NULL,
    domain         text NOT NULL,
    url            text NOT NULL,
    final_url      text,
    status         integer,
    page_type      text,
    fetched_at     timestamptz NOT NULL DEFAULT now(),
    etag           text,
    last_modified  text,
    content_hash   text,
    title          text,
    main_text      text,
    extracted      jsonb NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (tenant_id, url)
);
CREATE INDEX crawled_pages_tenant_domain_idx ON crawled_pages (tenant_id, domain);

CREATE TABLE icp_evidence (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   integer NOT NULL,
    company_id  bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    seed_id     bigint REFERENCES customer_seeds (id) ON DELETE CASCADE,
    signal_key  text NOT NULL,
    value       text NOT NULL,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb,
    source      text NOT NULL,
    url         text,
    snippet     text CHECK (char_length(snippet) <= 280),
    confidence  real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    extractor   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX icp_evidence_tenant_signal_idx ON icp_evidence (tenant_id, signal_key, value);
CREATE INDEX icp_evidence_company_idx ON icp_evidence (company_id);

CREATE TABLE icp_patterns (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    integer NOT NULL,
    pattern_key  text NOT NULL,
    value        text NOT NULL,
    support      integer NOT NULL,
    share        real NOT NULL CHECK (share BETWEEN 0 AND 1),
    details      jsonb NOT NULL DEFAULT '{}'::jsonb,
    computed_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, pattern_key, value)
);

CREATE TABLE icp_suggestions (
    tenant_id      integer NOT NULL,
    generation_id  bigint NOT NULL,
    suggestion_id  text NOT NULL,
    rank           integer NOT NULL,
    card           jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, generation_id, suggestion_id)
);

CREATE TABLE icp_rules (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      integer NOT NULL,
    suggestion_id  text NOT NULL,
    name           text NOT NULL,
    rule           jsonb NOT NULL,
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, suggestion_id)
);

CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    integer NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    text,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at DESC);

CREATE TABLE background_jobs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   integer NOT NULL,
    kind        text NOT NULL,
    dedupe_key  text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
    status      text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed')),
    run_after   timestamptz NOT NULL DEFAULT now(),
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, kind, dedupe_key)
);
CREATE INDEX background_jobs_queue_idx ON background_jobs (status, run_after);

-- Access ------------------------------------------------------------------------

SELECT icp_protect_tenant_table(t)
FROM unnest(ARRAY[
    'icp_intake_responses', 'customer_seeds', 'seeds', 'companies', 'acra_matches',
    'crawled_pages', 'icp_evidence', 'icp_patterns', 'icp_suggestions', 'icp_rules',
    'audit_log', 'background_jobs'
]::regclass[]) AS t;

GRANT SELECT ON staging_acra_companies, ssic_ref, ssic_activities TO icp_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO icp_app;
