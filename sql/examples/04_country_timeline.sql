-- Timeline of a country
-- Day by day: how often a country (ISO 3166-1 alpha-2 code, here 'US') is
-- named, and the events held there or with its people and institutions taking
-- part (participants whose country_code is the country).
WITH country AS (SELECT 'US' AS code),
mentions AS (
    SELECT d.published_date AS day, count(*) AS mentions
    FROM entity_mentions m
    JOIN entities e  ON e.entity_id = m.entity_id
    JOIN documents d ON d.doc_id = m.doc_id, country
    WHERE e.country_code = country.code
    GROUP BY ALL
),
country_events AS (
    SELECT DISTINCT ev.event_id, ev.event_type, ev.event_date,
           try_cast(substr(ev.event_date, 1, 10) AS DATE) AS day
    FROM events ev
    LEFT JOIN entities loc ON loc.entity_id = ev.location_entity_id
    LEFT JOIN event_participants p ON p.event_id = ev.event_id
    LEFT JOIN entities pe ON pe.entity_id = p.entity_id, country
    WHERE loc.country_code = country.code OR pe.country_code = country.code
)
SELECT
    coalesce(m.day, ce.day)                              AS day,
    coalesce(m.mentions, 0)                              AS mentions,
    string_agg(ce.event_type || ' ' || ce.event_date, '; ' ORDER BY ce.event_date) AS events
FROM mentions m
FULL OUTER JOIN country_events ce ON ce.day = m.day
GROUP BY ALL
ORDER BY day NULLS LAST;
