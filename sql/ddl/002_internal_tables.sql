-- Internal bookkeeping, prefixed with an underscore: not part of the contract.

-- Which document version each stage has processed. A stage's to-do list is
-- the documents whose content_sha256 differs from what it recorded here, so an
-- unchanged document costs no NLP work on the next run.
CREATE TABLE IF NOT EXISTS _stage_progress (
    stage           VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    processed_at    TIMESTAMP,
    PRIMARY KEY (stage, doc_id)
);

-- Per-document mention candidates (NLP output); `entities` and
-- `entity_mentions` are rebuilt from them across all documents.
CREATE TABLE IF NOT EXISTS _mention_candidates (
    doc_id          VARCHAR NOT NULL,
    sentence_id     INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    surface         VARCHAR NOT NULL,
    title           VARCHAR,
    entity_type     VARCHAR NOT NULL,
    country_code    VARCHAR,
    canonical_hint  VARCHAR
);

-- Per-document event candidates; merged across sentences and documents into
-- events / event_participants / event_mentions.
CREATE TABLE IF NOT EXISTS _event_candidates (
    doc_id             VARCHAR NOT NULL,
    sentence_id        INTEGER NOT NULL,
    candidate_id       INTEGER NOT NULL,
    event_type         VARCHAR NOT NULL,
    event_date         VARCHAR,
    location_start     INTEGER,          -- span of the location mention
    duration           VARCHAR,
    status             VARCHAR,
    participant_starts INTEGER[]         -- start_char of each participant mention
);

-- Per-document quotes with the speaker's mention span; speaker_entity_id is
-- filled by joining the span with entity_mentions.
CREATE TABLE IF NOT EXISTS _quote_candidates (
    doc_id         VARCHAR NOT NULL,
    sentence_id    INTEGER NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    speaker_start  INTEGER
);

-- Events the text announces or weighs (予定, 可能性, 提案...) and no document
-- reports as having happened. They are kept out of `events` (which holds what
-- happened) and shown by the `planned_events` view.
CREATE TABLE IF NOT EXISTS _planned_events (
    event_id            VARCHAR NOT NULL,
    event_type          VARCHAR NOT NULL,
    event_date          VARCHAR,
    location_entity_id  VARCHAR,
    duration            VARCHAR,
    participant_ids     VARCHAR[],
    doc_ids             VARCHAR[]
);
