"""One pass over each document while its tokens are in memory.

janome is the hot path, so a document is tokenized once and, in the same
worker process, every per-document language stage runs on those tokens:
mention candidates (hodo.entities), temporal expressions (hodo.timex), event
and quote candidates (hodo.events, hodo.quotes). The cross-document steps
(entity resolution, event merging, quote speakers) run later over all
documents. Spreading the whole per-document chain over the pool is what keeps
the pipeline near janome's ceiling on every core: the later stages never read
tokens back or run on a single core.
"""
from __future__ import annotations

from datetime import date

from hodo.records import Sentence, Token
from hodo.tokenize import preloading

#: Tables a document pass writes, with their columns in sql/ddl order.
PASS_COLUMNS: dict[str, tuple[str, ...]] = {
    "tokens": ("doc_id", "sentence_id", "token_id", "start_char", "end_char", "surface", "base_form", "reading",
               "pos"),
    "_mention_candidates": ("doc_id", "sentence_id", "start_char", "end_char", "surface", "title", "entity_type",
                            "country_code", "canonical_hint"),
    "temporal_expressions": ("doc_id", "sentence_id", "start_char", "end_char", "surface", "timex_type", "value",
                             "resolved_start", "resolved_end"),
    "_event_candidates": ("doc_id", "sentence_id", "candidate_id", "event_type", "event_date", "location_start",
                          "duration", "status", "participant_starts"),
    "_quote_candidates": ("doc_id", "sentence_id", "start_char", "end_char", "text", "speaker_start"),
}


def analyze_records(text: str, published: date | None, sentences: list[Sentence],
                    tokens: list[list[Token]]) -> tuple[list, list, list, list]:
    """(mentions, timexes, event candidates, quotes) of one tokenized document.

    Mentions and dates are ordered by start_char, as the stages that read them
    back from DuckDB see them.
    """
    from hodo.entities import find_mentions
    from hodo.events import find_events
    from hodo.quotes import find_quotes
    from hodo.timex import tag_timex

    mentions = sorted(find_mentions(text, sentences, tokens), key=lambda m: m.start_char)
    timexes = sorted(tag_timex(text, sentences, tokens, published), key=lambda t: t.start_char)
    events = find_events(text, sentences, tokens, mentions, timexes, published)
    quotes = find_quotes(text, sentences, tokens, mentions)
    return mentions, timexes, events, quotes


def analyze_tokens(doc_id: str, text: str, published: date | None, sentences: list[Sentence],
                   tokens: list[list[Token]]) -> dict[str, list[tuple]]:
    """Rows of every per-document table after tokenization, for one document."""
    mentions, timexes, events, quotes = analyze_records(text, published, sentences, tokens)
    return {
        "_mention_candidates": [(doc_id, *m) for m in mentions],
        "temporal_expressions": [(doc_id, *t) for t in timexes],
        "_event_candidates": [(doc_id, c.sentence_id, i, c.event_type, c.event_date, c.location_start, c.duration,
                               c.status, list(c.participant_starts)) for i, c in enumerate(events)],
        "_quote_candidates": [(doc_id, q.sentence_id, q.start_char, q.end_char, q.text, q.speaker_start)
                              for q in quotes],
    }


def token_rows(doc_id: str, sentences: list[Sentence], tokens: list[list[Token]]) -> list[tuple]:
    rows: list[tuple] = []
    for s, toks in zip(sentences, tokens):
        for t in toks:
            rows.append((doc_id, s.sentence_id, len(rows), *t))
    return rows


def pass_batch(docs: list[tuple[str, str, date | None, list[Sentence]]]) -> dict:
    """Worker entry point: (doc_id, text, published_date, sentences) items → one Arrow table per table."""
    import gc

    from hodo.tokenize import tokenize_document

    token_cols: list[list] = [[] for _ in PASS_COLUMNS["tokens"]]
    rows: dict[str, list[tuple]] = {t: [] for t in PASS_COLUMNS if t != "tokens"}
    gc.disable()  # millions of small tuples: the cyclic GC would only re-scan them
    try:
        for doc_id, text, published, sentences in docs:
            toks = tokenize_document(text, sentences)
            _extend_token_columns(token_cols, doc_id, sentences, toks)
            for table, r in analyze_tokens(doc_id, text, published, sentences, toks).items():
                rows[table] += r
    finally:
        gc.enable()
    out = {"tokens": _columns_to_arrow("tokens", token_cols)}
    out.update({table: _to_arrow(table, r) for table, r in rows.items()})
    return out


#: The sentence offsets a pass over unsplit text found, returned beside its tables so the
#: caller can check them against the stored sentences before it writes anything.
SENTENCE_CHECK = "_sentences"


def pass_text_batch(docs: list[tuple[str, str, date | None]]) -> dict:
    """Worker entry point for documents not split yet (hodo.workahead): (doc_id, text,
    published_date) items → :func:`pass_batch`'s tables, plus the sentence offsets it used."""
    import pyarrow as pa

    from hodo.sentences import split_sentences

    items = [(doc_id, text, published, split_sentences(text)) for doc_id, text, published in docs]
    out = pass_batch(items)
    sents = [(doc_id, s.sentence_id, s.start_char, s.end_char) for doc_id, _, _, ss in items for s in ss]
    cols = list(zip(*sents)) if sents else [[], [], [], []]
    out[SENTENCE_CHECK] = pa.table({"doc_id": pa.array(cols[0], pa.string()),
                                    "sentence_id": pa.array(cols[1], pa.int32()),
                                    "start_char": pa.array(cols[2], pa.int32()),
                                    "end_char": pa.array(cols[3], pa.int32())})
    return out


def _extend_token_columns(cols: list[list], doc_id: str, sentences: list[Sentence], tokens: list[list[Token]]):
    """Append a document's tokens to the `tokens` columns: transposed per sentence in C, no row tuples."""
    doc_col, sid_col, tid_col, *token_fields = cols
    token_id = 0
    for s, toks in zip(sentences, tokens):
        if not toks:
            continue
        k = len(toks)
        doc_col.extend([doc_id] * k)
        sid_col.extend([s.sentence_id] * k)
        tid_col.extend(range(token_id, token_id + k))
        token_id += k
        for col, values in zip(token_fields, zip(*toks)):
            col.extend(values)


_TYPES = {"sentence_id": "int32", "token_id": "int32", "start_char": "int32", "end_char": "int32",
          "candidate_id": "int32", "location_start": "int32", "speaker_start": "int32",
          "resolved_start": "date32", "resolved_end": "date32"}


def _to_arrow(table: str, rows: list[tuple]):
    return _columns_to_arrow(table, list(zip(*rows)) if rows else [[] for _ in PASS_COLUMNS[table]])


def _columns_to_arrow(table: str, columns: list):
    import pyarrow as pa

    cols = PASS_COLUMNS[table]
    arrays = {}
    for name, values in zip(cols, columns):
        if name == "participant_starts":
            arrays[name] = pa.array(values, type=pa.list_(pa.int32()))
        else:
            arrays[name] = pa.array(values, type=getattr(pa, _TYPES.get(name, "string"))())
    return pa.table(arrays)


def _warm() -> None:
    """Everything a pass touches for the first time (the gazetteers, the analysis modules,
    pyarrow's converters: ~0.6 s), done once in the fork server so every worker forks warm."""
    from hodo.sentences import split_sentences

    text = "東京都で15日、首相は「会談した」と述べた。"
    pass_batch([("warm-up", text, None, split_sentences(text))])


# When a fork server preloads this module (hodo.tokenize.start_fork_server).
if preloading():
    _warm()
    import gc

    # What the workers inherit (janome's dictionary, the gazetteers) never becomes garbage: out of
    # the collector's sight, its pages are not written by collections, so they stay shared.
    gc.freeze()
