"""Stored per-document NLP output read back as hodo records for later stages."""

from hodo import warehouse as wh
from hodo.records import Mention, Timex


def mentions_by_doc(con, doc_ids: list[str]) -> dict[str, list[Mention]]:
    frame = wh.frame(con, 
        """SELECT doc_id, sentence_id, start_char, end_char, surface, title, entity_type, country_code, canonical_hint
           FROM _mention_candidates WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, start_char""",
        [doc_ids])
    out: dict[str, list[Mention]] = {d: [] for d in doc_ids}
    for doc_id, *rest in frame.iter_rows():
        out[doc_id].append(Mention(*rest))
    return out


def timexes_by_doc(con, doc_ids: list[str]) -> dict[str, list[Timex]]:
    frame = wh.frame(con, 
        """SELECT doc_id, sentence_id, start_char, end_char, surface, timex_type, value, resolved_start, resolved_end
           FROM temporal_expressions WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, start_char""",
        [doc_ids])
    out: dict[str, list[Timex]] = {d: [] for d in doc_ids}
    for doc_id, *rest in frame.iter_rows():
        out[doc_id].append(Timex(*rest))
    return out
