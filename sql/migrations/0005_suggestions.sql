-- Suggestions: one row per generation (the negative ICP and whether the evidence was
-- reduced), its cards in icp_suggestions; adopted rules keep their latest change.

CREATE TABLE suggestion_generations (
    tenant_id         integer NOT NULL,
    generation_id     bigint NOT NULL,
    negative_icp      jsonb NOT NULL DEFAULT '[]'::jsonb,
    reduced_evidence  boolean NOT NULL DEFAULT false,
    best_seeds        integer NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, generation_id)
);
SELECT icp_protect_tenant_table('suggestion_generations');

CREATE SEQUENCE suggestion_generation_seq;
GRANT USAGE ON SEQUENCE suggestion_generation_seq TO icp_app;

ALTER TABLE icp_suggestions
    ADD CONSTRAINT icp_suggestions_generation_fkey FOREIGN KEY (tenant_id, generation_id)
    REFERENCES suggestion_generations (tenant_id, generation_id) ON DELETE CASCADE;
CREATE INDEX icp_suggestions_tenant_generation_idx
    ON icp_suggestions (tenant_id, generation_id DESC, rank);

ALTER TABLE icp_rules ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
