-- Pairs of entities named in the same document. Each unordered pair appears
-- once (entity_a_id < entity_b_id); document_count is the number of documents
-- naming both, first/last_published_date the span of those documents' dates.
CREATE OR REPLACE VIEW entity_cooccurrence AS
WITH doc_entities AS (
    SELECT DISTINCT doc_id, entity_id FROM entity_mentions
)
SELECT
    a.entity_id             AS entity_a_id,
    ea.canonical_name       AS entity_a_name,
    ea.entity_type          AS entity_a_type,
    b.entity_id             AS entity_b_id,
    eb.canonical_name       AS entity_b_name,
    eb.entity_type          AS entity_b_type,
    count(*)                AS document_count,
    min(d.published_date)   AS first_published_date,
    max(d.published_date)   AS last_published_date
FROM doc_entities a
JOIN doc_entities b ON b.doc_id = a.doc_id AND a.entity_id < b.entity_id
JOIN entities ea    ON ea.entity_id = a.entity_id
JOIN entities eb    ON eb.entity_id = b.entity_id
JOIN documents d    ON d.doc_id = a.doc_id
GROUP BY ALL;
