-- Events the news announces or weighs but does not report as held (status 'planned'):
-- one row per planned event, with place and participant names and the documents that mention it.
CREATE OR REPLACE VIEW planned_events AS
SELECT p.event_id,
       p.event_type,
       p.event_date,
       loc.canonical_name AS place_name,
       p.duration,
       (SELECT string_agg(e.canonical_name, '、' ORDER BY e.canonical_name)
          FROM entities e WHERE list_contains(p.participant_ids, e.entity_id)) AS participant_names,
       len(p.doc_ids) AS document_count
FROM _planned_events p
LEFT JOIN entities loc ON loc.entity_id = p.location_entity_id
ORDER BY p.event_date NULLS LAST, p.event_type;
