-- Files that did not become documents
-- Every file or JSONL line of the landing directory that could not be read
-- (binary, undecodable, empty...), with the reason and when it was first seen.
SELECT source_path, reason, detected_at, bytes_sha256
FROM ingest_errors
ORDER BY detected_at DESC, source_path;
