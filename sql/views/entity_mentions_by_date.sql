-- Mentions of each entity per publication date (documents.published_date).
-- One row per (entity, date); documents whose date is unknown are grouped
-- under published_date NULL. mention_count counts every mention, document_count
-- the distinct documents that mention the entity on that date.
CREATE OR REPLACE VIEW entity_mentions_by_date AS
SELECT
    e.entity_id,
    e.canonical_name,
    e.entity_type,
    e.country_code,
    d.published_date,
    count(*)                  AS mention_count,
    count(DISTINCT m.doc_id)  AS document_count
FROM entity_mentions m
JOIN entities e  ON e.entity_id = m.entity_id
JOIN documents d ON d.doc_id = m.doc_id
GROUP BY ALL;
