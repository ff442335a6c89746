-- Enrichment evidence: what the website of a register company an adopted card queued
-- for enrichment says (background_jobs enrich_now and enrich_nightly), recorded for the
-- tenant with seed_id NULL. Its own source, because every icp_evidence run replaces the
-- tenant's 'web' and 'llm' rows and would drop it; the enrichment replaces a company's
-- 'enrichment' rows each time it enriches that company.
ALTER TABLE icp_evidence DROP CONSTRAINT IF EXISTS icp_evidence_source_check;
ALTER TABLE icp_evidence
    ADD CONSTRAINT icp_evidence_source_check
    CHECK (source IN ('acra', 'web', 'llm', 'enrichment'));

-- An enrichment job finds the company whose website it crawls by its UEN.
CREATE INDEX IF NOT EXISTS companies_tenant_uen_idx ON companies (tenant_id, uen) WHERE uen IS NOT NULL;
