-- Segments that hold on real companies: what a tenant excludes without adopting a card,
-- the register entity a seed's own website states, and one view of every seed's
-- register match, whichever way it was found.

-- SSIC codes or prefixes, and named companies, a tenant does not want suggested or
-- sized: from `icp exclude`, the API, or its Anti-ICP answers.
CREATE TABLE icp_exclusions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   integer NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('ssic', 'company')),
    -- An SSIC code or prefix; for a company its UEN, else its normalized name.
    value       text NOT NULL,
    -- What the person typed (a company's name as written).
    label       text,
    reason      text,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, kind, value)
);
SELECT icp_protect_tenant_table('icp_exclusions');
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO icp_app;

-- A seed the name matching did not settle, matched by the legal name or UEN its own
-- website states ("XYZ Pte. Ltd. (UEN 201912345K)").
CREATE TABLE site_register_matches (
    seed_id                   bigint PRIMARY KEY REFERENCES customer_seeds (id) ON DELETE CASCADE,
    tenant_id                 integer NOT NULL,
    uen                       text NOT NULL,
    matched_name              text NOT NULL,
    score                     real NOT NULL CHECK (score BETWEEN 0 AND 1),
    method                    text NOT NULL CHECK (method IN ('site_uen', 'site_name')),
    -- What the site says, and where.
    stated                    text NOT NULL,
    url                       text,
    entity_status             text,
    primary_ssic_code         text,
    primary_ssic_description  text,
    matched_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_register_matches_tenant_idx ON site_register_matches (tenant_id);
SELECT icp_protect_tenant_table('site_register_matches');

-- Every seed's accepted register entity: the name match when it was accepted, else the
-- one its website states. security_invoker: row-level security applies as the caller.
CREATE VIEW seed_register_matches WITH (security_invoker = true) AS
SELECT a.seed_id, a.tenant_id, a.seed_kind, a.uen, a.matched_name, a.score, a.method,
       a.entity_status, a.primary_ssic_code, a.primary_ssic_description
FROM acra_matches a
WHERE a.uen IS NOT NULL AND NOT a.ambiguous
UNION ALL
SELECT s.seed_id, s.tenant_id, a.seed_kind, s.uen, s.matched_name, s.score, s.method,
       s.entity_status, s.primary_ssic_code, s.primary_ssic_description
FROM site_register_matches s
JOIN acra_matches a ON a.seed_id = s.seed_id
WHERE a.uen IS NULL OR a.ambiguous;
GRANT SELECT ON seed_register_matches TO icp_app;
