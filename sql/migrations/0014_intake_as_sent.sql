-- An intake as its client sent it (the plan's spellings, the chat's form), beside
-- `payload`, the same intake in the model's names that the pipeline reads. NULL for
-- intakes stored before this column: theirs were sent as stored.
ALTER TABLE icp_intake_responses ADD COLUMN IF NOT EXISTS submitted_payload jsonb;
