-- What each stored generation's cards cite, as it was when the generation was written.
-- Evidence rows are replaced on every run; a generation keeps its own copy of what its
-- cards cite, so its history and comparisons stay readable after later runs.
CREATE TABLE suggestion_evidence (
    tenant_id      integer NOT NULL,
    generation_id  bigint NOT NULL,
    evidence_id    bigint NOT NULL,
    signal_key     text NOT NULL,
    value          text NOT NULL,
    source         text NOT NULL,
    extractor      text,
    confidence     real NOT NULL,
    url            text,
    snippet        text,
    company        text,
    domain         text,
    PRIMARY KEY (tenant_id, generation_id, evidence_id),
    FOREIGN KEY (tenant_id, generation_id)
        REFERENCES suggestion_generations (tenant_id, generation_id) ON DELETE CASCADE
);
SELECT icp_protect_tenant_table('suggestion_evidence');
