-- What each company says it does, in its own words: ACRA's "user-described activity"
-- beside each SSIC code (free text, e.g. "GENERAL WAREHOUSING AND LOGISTICS SERVICES").
-- Absent from older register files, so nullable.
ALTER TABLE staging_acra_companies
    ADD COLUMN primary_user_described_activity text,
    ADD COLUMN secondary_user_described_activity text;
