-- Patterns across tenants: a materialized view of every tenant's patterns for the
-- data team's cross-tenant work. A materialized view has no row-level security, so
-- only the owner (icp_system) reads it; the application role gets nothing.
-- Tenant-correct: every row keeps its tenant_id, and the unique index on the natural
-- key lets it be refreshed CONCURRENTLY (readers are never blocked).
CREATE MATERIALIZED VIEW icp_patterns_all_tenants AS
SELECT tenant_id, pattern_key, value, support, share, computed_at
FROM icp_patterns;

CREATE UNIQUE INDEX icp_patterns_all_tenants_key
    ON icp_patterns_all_tenants (tenant_id, pattern_key, value);
CREATE INDEX icp_patterns_all_tenants_value_idx
    ON icp_patterns_all_tenants (pattern_key, value);
REVOKE ALL ON icp_patterns_all_tenants FROM PUBLIC;
