-- One row per event, in date order: when, what, where, who, and how many
-- documents report it. Reads only the contract tables (001_contract_tables.sql).
-- event_date is a TIMEX3 value (2025-08-15, 2021-06, 2018, XXXX-08-15);
-- event_day is the first calendar day it covers, for sorting and BI filters
-- (NULL when the year is unknown). status is 'reported' or 'planned'.
CREATE OR REPLACE VIEW event_timeline AS
WITH participants AS (
    SELECT p.event_id,
           string_agg(e.canonical_name, '、' ORDER BY e.canonical_name) AS participant_names,
           count(*) AS participant_count
    FROM (SELECT DISTINCT event_id, entity_id FROM event_participants) AS p
    JOIN entities AS e USING (entity_id)
    GROUP BY p.event_id
),
reports AS (
    SELECT event_id,
           count(DISTINCT doc_id) AS document_count,
           count(*) AS mention_count
    FROM (SELECT DISTINCT event_id, doc_id, sentence_id FROM event_mentions)
    GROUP BY event_id
)
SELECT ev.event_id,
       ev.event_date,
       TRY_CAST(CASE
                    WHEN regexp_matches(ev.event_date, '^\d{4}$') THEN ev.event_date || '-01-01'
                    WHEN regexp_matches(ev.event_date, '^\d{4}-\d{2}$') THEN ev.event_date || '-01'
                    WHEN regexp_matches(ev.event_date, '^\d{4}-\d{2}-\d{2}') THEN left(ev.event_date, 10)
                END AS DATE) AS event_day,
       ev.event_type,
       ev.status,
       place.canonical_name AS place_name,
       ev.duration,
       coalesce(pa.participant_names, '') AS participant_names,
       coalesce(pa.participant_count, 0) AS participant_count,
       coalesce(r.document_count, 0) AS document_count,
       coalesce(r.mention_count, 0) AS mention_count
FROM events AS ev
LEFT JOIN entities AS place ON place.entity_id = ev.location_entity_id
LEFT JOIN participants AS pa ON pa.event_id = ev.event_id
LEFT JOIN reports AS r ON r.event_id = ev.event_id
ORDER BY event_day NULLS LAST, ev.event_date NULLS LAST, ev.event_type, ev.event_id;
