-- Top people this month
-- The 20 most mentioned PERSON entities in the latest publication month of the
-- warehouse (for a live feed, replace the `month` CTE with
-- `SELECT date_trunc('month', current_date) AS m`), with the titles they carried.
-- Uses the BI view entity_mentions_by_date.
WITH month AS (
    SELECT date_trunc('month', max(published_date)) AS m FROM documents
)
SELECT
    v.canonical_name,
    sum(v.mention_count)   AS mentions,
    sum(v.document_count)  AS documents,
    (SELECT string_agg(DISTINCT pt.title, '、') FROM people_titles pt WHERE pt.entity_id = v.entity_id) AS titles
FROM entity_mentions_by_date v, month
WHERE v.entity_type = 'PERSON'
  AND date_trunc('month', v.published_date) = month.m
GROUP BY v.entity_id, v.canonical_name
ORDER BY mentions DESC, v.canonical_name
LIMIT 20;
