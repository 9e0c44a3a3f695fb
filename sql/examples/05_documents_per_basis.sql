-- Documents per date basis
-- How each document's publication date was known (metadata, dateline, url,
-- inferred, unknown), with the date range and size per basis: the first thing
-- to look at when dates look wrong.
SELECT
    published_basis,
    count(*)              AS documents,
    min(published_date)   AS first_date,
    max(published_date)   AS last_date,
    sum(char_count)       AS characters
FROM documents
GROUP BY published_basis
ORDER BY documents DESC, published_basis;
