-- Quotes by a person
-- Everything a person was quoted as saying (text inside 「」), newest first,
-- with the document it came from. Change the name fragment to search for
-- someone else; drop the WHERE clause to list every attributed quote.
SELECT
    e.canonical_name  AS speaker,
    d.published_date,
    q.text            AS quote,
    d.title,
    d.source_path
FROM quotes q
JOIN entities e  ON e.entity_id = q.speaker_entity_id
JOIN documents d ON d.doc_id = q.doc_id
WHERE e.canonical_name LIKE '%ケンドール%'
ORDER BY d.published_date DESC NULLS LAST, q.doc_id, q.start_char;
