-- Each card's ranked lookalikes: the live register companies most like its best
-- customers, with the points each signal earned and the seed each is closest to. Only
-- the latest generation's lists are kept; the register row is read at display time.
CREATE TABLE lookalikes (
    tenant_id        integer NOT NULL,
    generation_id    bigint NOT NULL,
    suggestion_id    text NOT NULL,
    rank             integer NOT NULL,
    uen              text NOT NULL,
    score            real NOT NULL CHECK (score BETWEEN 0 AND 100),
    closest_seed_id  bigint,
    closest_seed     text,
    points           jsonb NOT NULL,
    reasons          text NOT NULL,
    PRIMARY KEY (tenant_id, suggestion_id, rank),
    FOREIGN KEY (tenant_id, generation_id)
        REFERENCES suggestion_generations (tenant_id, generation_id) ON DELETE CASCADE
);
CREATE INDEX lookalikes_tenant_uen_idx ON lookalikes (tenant_id, uen);
SELECT icp_protect_tenant_table('lookalikes');
