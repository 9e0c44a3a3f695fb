-- Entities named together
-- The pairs of entities most often named in the same document (BI view
-- entity_cooccurrence). Filter on entity_a_type / entity_b_type, e.g. two
-- PERSONs, to see who is reported with whom.
SELECT
    entity_a_name, entity_a_type,
    entity_b_name, entity_b_type,
    document_count,
    first_published_date, last_published_date
FROM entity_cooccurrence
ORDER BY document_count DESC, entity_a_name, entity_b_name
LIMIT 50;
