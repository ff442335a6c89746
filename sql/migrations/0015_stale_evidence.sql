-- When a domain's crawl fails, its earlier pages are kept: record when those pages were
-- fetched, so the evidence built on them can say how old it is.
ALTER TABLE crawled_domains ADD COLUMN pages_kept_fetched_at timestamptz;

-- The tenant's evidence rests on pages kept from an earlier crawl (the latest crawl of a
-- best customer's or the tenant's own site failed), and the oldest of those pages.
ALTER TABLE evidence_summary
    ADD COLUMN stale_evidence boolean NOT NULL DEFAULT false,
    ADD COLUMN evidence_as_of timestamptz,
    ADD COLUMN sites_crawled integer NOT NULL DEFAULT 0,
    ADD COLUMN sites_reached integer NOT NULL DEFAULT 0;
