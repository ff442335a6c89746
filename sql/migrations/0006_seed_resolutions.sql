-- Seed resolutions: the register entity a person chose for a seed whose match was
-- ambiguous or missing. The chosen UEN is set on the seed's company (companies.uen,
-- which the mapping takes as confirmed); each row here is one decision, and the
-- resolution sensor requests a re-run of the tenant's pipeline for it.

CREATE TABLE seed_resolutions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     integer NOT NULL,
    seed_id       bigint NOT NULL REFERENCES customer_seeds (id) ON DELETE CASCADE,
    uen           text NOT NULL,
    decided_by    text NOT NULL,
    -- The UEN the seed resolved to before: an earlier choice, else the register match.
    previous_uen  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- The inserting transaction: the sensor reads rows by transaction, not by id, as
    -- it does for icp_intake_responses.
    created_xid   xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX seed_resolutions_xid_idx ON seed_resolutions (created_xid);
CREATE INDEX seed_resolutions_tenant_seed_idx ON seed_resolutions (tenant_id, seed_id, id DESC);
SELECT icp_protect_tenant_table('seed_resolutions');
