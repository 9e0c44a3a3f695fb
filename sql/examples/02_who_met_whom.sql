-- Who met whom
-- Every pair of participants of the same meeting, phone call or visit, with
-- the event's date (TIMEX3 value), place and how many sentences report it.
-- Add `AND 'ケンドール' IN (pa.canonical_name, pb.canonical_name)` style filters as needed.
SELECT
    ev.event_date,
    ev.event_type,
    pa.canonical_name  AS participant_a,
    pb.canonical_name  AS participant_b,
    loc.canonical_name AS location,
    (SELECT count(*) FROM event_mentions em WHERE em.event_id = ev.event_id) AS reports
FROM events ev
JOIN event_participants a ON a.event_id = ev.event_id
JOIN event_participants b ON b.event_id = ev.event_id AND a.entity_id < b.entity_id
JOIN entities pa ON pa.entity_id = a.entity_id
JOIN entities pb ON pb.entity_id = b.entity_id
LEFT JOIN entities loc ON loc.entity_id = ev.location_entity_id
WHERE ev.event_type IN ('MEETING', 'PHONE_CALL', 'VISIT')
ORDER BY ev.event_date NULLS LAST, ev.event_type, participant_a, participant_b;
