-- The public tables of ../shared/contract.md. Explicit DDL: no schema is ever
-- inferred from a frame, and every table exists even when its stage is empty.
-- Only additive changes: new columns go at the end, with a default.

CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR PRIMARY KEY,
    source_path       VARCHAR NOT NULL,   -- relative to the landing directory (#line for jsonl)
    source_url        VARCHAR,
    title             VARCHAR,
    published_date    DATE,
    published_basis   VARCHAR NOT NULL,   -- metadata | dateline | url | inferred | unknown
    content_sha256    VARCHAR NOT NULL,
    char_count        INTEGER NOT NULL,
    text              VARCHAR NOT NULL,
    source            VARCHAR,            -- sidecar "source" (outlet), when given
    encoding          VARCHAR,            -- detected encoding of the raw bytes
    ingested_at       TIMESTAMP
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id       VARCHAR NOT NULL,
    sentence_id  INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS tokens (
    doc_id       VARCHAR NOT NULL,
    sentence_id  INTEGER NOT NULL,
    token_id     INTEGER NOT NULL,      -- 0-based within the document
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    surface      VARCHAR NOT NULL,
    base_form    VARCHAR,
    reading      VARCHAR,
    pos          VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id       VARCHAR PRIMARY KEY,
    entity_type     VARCHAR NOT NULL,   -- PERSON | ORGANIZATION | LOCATION
    canonical_name  VARCHAR NOT NULL,
    country_code    VARCHAR,
    mention_count   INTEGER,
    document_count  INTEGER
);

CREATE TABLE IF NOT EXISTS entity_mentions (
    doc_id       VARCHAR NOT NULL,
    sentence_id  INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    surface      VARCHAR NOT NULL,
    title        VARCHAR,
    entity_id    VARCHAR NOT NULL,
    entity_type  VARCHAR
);

CREATE TABLE IF NOT EXISTS temporal_expressions (
    doc_id          VARCHAR NOT NULL,
    sentence_id     INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    surface         VARCHAR NOT NULL,
    timex_type      VARCHAR NOT NULL,   -- DATE | TIME | DURATION | SET
    value           VARCHAR NOT NULL,
    resolved_start  DATE,
    resolved_end    DATE
);

CREATE TABLE IF NOT EXISTS events (
    event_id            VARCHAR PRIMARY KEY,
    event_type          VARCHAR NOT NULL,  -- MEETING | PHONE_CALL | PRESS_CONFERENCE | VISIT | SIGNING
    event_date          VARCHAR,           -- TIMEX3 value
    location_entity_id  VARCHAR,
    duration            VARCHAR,           -- ISO 8601
    status              VARCHAR            -- 'reported' | 'planned' (added column, see README)
);

CREATE TABLE IF NOT EXISTS event_participants (
    event_id   VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_mentions (
    event_id     VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    sentence_id  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS quotes (
    doc_id             VARCHAR NOT NULL,
    sentence_id        INTEGER NOT NULL,
    start_char         INTEGER NOT NULL,
    end_char           INTEGER NOT NULL,
    text               VARCHAR NOT NULL,
    speaker_entity_id  VARCHAR
);

CREATE TABLE IF NOT EXISTS ingest_errors (
    source_path   VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    bytes_sha256  VARCHAR,
    detected_at   TIMESTAMP NOT NULL
);
