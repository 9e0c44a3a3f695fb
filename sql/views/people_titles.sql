-- Every title a PERSON is given (大統領, 首相, 外相, 報道官, 氏...) over time:
-- one row per (person, title) with the first and last publication date it was
-- seen, how many mentions carry it and in how many documents. Mentions without
-- a title are left out; dates are NULL when no such document has a known date.
CREATE OR REPLACE VIEW people_titles AS
SELECT
    e.entity_id,
    e.canonical_name,
    m.title,
    min(d.published_date)     AS first_seen,
    max(d.published_date)     AS last_seen,
    count(*)                  AS mention_count,
    count(DISTINCT m.doc_id)  AS document_count
FROM entity_mentions m
JOIN entities e  ON e.entity_id = m.entity_id
JOIN documents d ON d.doc_id = m.doc_id
WHERE e.entity_type = 'PERSON' AND m.title IS NOT NULL
GROUP BY ALL;
