-- Which run processed a document for a stage, so a run's summary can say how
-- many documents each stage analysed even when the token pass did the work.
ALTER TABLE _stage_progress ADD COLUMN IF NOT EXISTS run_id VARCHAR;
