-- The register at full scale and seed mapping: name history, indexes for the finder's
-- queries on live companies, the company_map asset's table and richer acra_matches.

-- Names an entity had before a newer register file renamed it.
CREATE TABLE staging_acra_name_history (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uen          text NOT NULL,
    entity_name  text NOT NULL,
    replaced_at  timestamptz NOT NULL DEFAULT now(),
    source_file  text
);
CREATE INDEX staging_acra_name_history_uen_idx ON staging_acra_name_history (uen);
GRANT SELECT ON staging_acra_name_history TO icp_app;

-- Sizing counts and samples live companies by SSIC code or prefix ("620" = 620xx):
-- partial indexes hold only live rows, and text_pattern_ops serves LIKE 'prefix%'.
DROP INDEX staging_acra_companies_primary_ssic_idx;
DROP INDEX staging_acra_companies_secondary_ssic_idx;
CREATE INDEX staging_acra_companies_live_primary_ssic_idx
    ON staging_acra_companies (primary_ssic_code text_pattern_ops)
    WHERE entity_status_description IN ('Live Company', 'Live');
CREATE INDEX staging_acra_companies_live_secondary_ssic_idx
    ON staging_acra_companies (secondary_ssic_code text_pattern_ops)
    WHERE entity_status_description IN ('Live Company', 'Live');

CREATE INDEX ssic_ref_title_trgm_idx ON ssic_ref USING gin (title gin_trgm_ops);

-- Each seed's company row, as the company_map asset last wrote it.
CREATE TABLE company_map (
    seed_id     bigint PRIMARY KEY REFERENCES customer_seeds (id) ON DELETE CASCADE,
    tenant_id   integer NOT NULL,
    company_id  bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    matched_by  text NOT NULL CHECK (matched_by IN ('domain', 'name', 'new')),
    mapped_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX company_map_tenant_idx ON company_map (tenant_id);
SELECT icp_protect_tenant_table('company_map');

ALTER TABLE acra_matches
    ADD COLUMN seed_kind text NOT NULL DEFAULT 'best' CHECK (seed_kind IN ('best', 'lost')),
    ADD COLUMN company_id bigint REFERENCES companies (id) ON DELETE SET NULL,
    ADD COLUMN entity_status text,
    ADD COLUMN primary_ssic_code text,
    ADD COLUMN primary_ssic_description text;
