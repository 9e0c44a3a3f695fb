-- Keyword in context (full-text search over tokens)
-- Sentences containing a word, matched on janome's base form so that 会談 finds
-- 会談し, 会談した...; no FTS extension is needed. Change the word to search.
SELECT
    d.published_date,
    d.title,
    s.text AS sentence
FROM tokens t
JOIN sentences s ON s.doc_id = t.doc_id AND s.sentence_id = t.sentence_id
JOIN documents d ON d.doc_id = t.doc_id
WHERE t.base_form = '会談'
GROUP BY ALL
ORDER BY d.published_date NULLS LAST, d.title, sentence;
