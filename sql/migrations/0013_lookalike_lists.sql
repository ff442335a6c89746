-- Which cards' lists were ranked, for which generation, out of how many candidates: an
-- empty list (a segment with no live company beyond the tenant's own) is a result, not
-- a list still to compute.
CREATE TABLE lookalike_lists (
    tenant_id      integer NOT NULL,
    generation_id  bigint NOT NULL,
    suggestion_id  text NOT NULL,
    candidates     integer NOT NULL,
    ranked         integer NOT NULL,
    computed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, suggestion_id),
    FOREIGN KEY (tenant_id, generation_id)
        REFERENCES suggestion_generations (tenant_id, generation_id) ON DELETE CASCADE
);
SELECT icp_protect_tenant_table('lookalike_lists');
