"""Bare janome on one core, and the pure cost of hodo's language stages.

    .venv/bin/python bench/janome_one_core.py CORPUS_DIR [--stage-sample-chars N] [--json OUT]

Run by run_bench.py in its own process, pinned to one CPU. Reads the corpus
with hodo's own ingest (not timed), so the text is exactly the normalized
text the pipeline tokenizes, then times:

* ``janome``: ``Tokenizer().tokenize`` over every sentence of every document
  (hodo's sentences; this is janome's fast way, about 30% faster than feeding
  whole documents, so it is the stricter baseline), after a warm-up;
* ``hodo_tokenizer``: hodo's default tokenizer (janome's tokens through
  hodo.lattice) over the same sentences;
* ``janome_whole_docs``: janome over whole document texts (the naive use), on
  the stage sample only;
* on a sample of about ``--stage-sample-chars`` characters, each language
  stage's pure function (split_sentences, find_mentions, tag_timex,
  find_events, find_quotes) and its cost relative to janome's tokenization of
  the same documents (the yardstick of the stage budgets), and beside hodo's
  tokenizer; and how many of hodo's tokens are janome's. No DuckDB, no Dagster.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pin_one_core() -> int | None:
    try:
        cpu = sorted(os.sched_getaffinity(0))[-1]
        os.sched_setaffinity(0, {cpu})
        return cpu
    except (AttributeError, OSError):
        return None


def _optional(name: str, attr: str):
    try:
        mod = __import__(name, fromlist=[attr])
        return getattr(mod, attr)
    except ImportError:
        return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--stage-sample-chars", type=int, default=300_000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    cpu = _pin_one_core()

    from janome.tokenizer import Tokenizer

    from hodo.ingest import DocumentRecord, scan_landing
    from hodo.sentences import split_sentences

    docs = [(r.text, r.published_date) for r in scan_landing(args.corpus) if isinstance(r, DocumentRecord)]
    sents = [split_sentences(t) for t, _ in docs]
    chars = sum(len(t) for t, _ in docs)

    t0 = time.perf_counter()
    tok = Tokenizer()
    build_s = time.perf_counter() - t0
    for s in sents[0][:20]:  # warm-up: janome fills its caches on first use
        for _ in tok.tokenize(s.text):
            pass
    t0 = time.perf_counter()
    n_tokens = 0
    for doc in sents:
        for s in doc:
            for _ in tok.tokenize(s.text):
                n_tokens += 1
    janome_s = time.perf_counter() - t0

    # hodo's tokenizer (janome's tokens through hodo.lattice) over the same sentences.
    from hodo.tokenize import _backend

    t0 = time.perf_counter()
    lattice = _backend("janome")
    lattice_build_s = time.perf_counter() - t0
    for s in sents[0][:20]:
        lattice(s.text)
    t0 = time.perf_counter()
    for doc in sents:
        for s in doc:
            lattice(s.text)
    lattice_s = time.perf_counter() - t0
    out = {"cpu": cpu, "documents": len(docs), "chars": chars, "tokens": n_tokens,
           "tokenizer_build_s": round(build_s, 3), "janome_s": round(janome_s, 3),
           "janome_chars_per_s": round(chars / janome_s),
           "hodo_tokenizer": type(lattice).__name__, "hodo_tokenizer_build_s": round(lattice_build_s, 3),
           "hodo_tokenizer_s": round(lattice_s, 3), "hodo_tokenizer_chars_per_s": round(chars / lattice_s),
           "hodo_tokenizer_speedup": round(janome_s / lattice_s, 2)}

    # The stage sample: every k-th document, about stage_sample_chars characters.
    step = max(1, round(chars / max(args.stage_sample_chars, 1)))
    sample = [(i, docs[i]) for i in range(0, len(docs), step)]
    sample_chars = sum(len(d[0]) for _, d in sample)
    t0 = time.perf_counter()
    for _, (text, _pub) in sample:
        for _ in tok.tokenize(text):
            pass
    whole_s = time.perf_counter() - t0
    out["janome_whole_docs_chars_per_s"] = round(sample_chars / whole_s)

    from hodo.tokenize import tokenize_document

    find_mentions = _optional("hodo.entities", "find_mentions")
    tag_timex = _optional("hodo.timex", "tag_timex")
    find_events = _optional("hodo.events", "find_events")
    find_quotes = _optional("hodo.quotes", "find_quotes")
    cost = {"split_sentences": 0.0, "tokenize": 0.0, "tokenize_hodo": 0.0, "find_mentions": 0.0, "tag_timex": 0.0,
            "find_events": 0.0, "find_quotes": 0.0}
    clock = time.perf_counter
    n_tokens_sample = same_tokens = 0
    for _, (text, pub) in sample:
        a = clock()
        ss = split_sentences(text)
        b = clock()
        reference = tokenize_document(text, ss, "janome-reference")
        c = clock()
        toks = tokenize_document(text, ss, "janome")
        d = clock()
        cost["split_sentences"] += b - a
        cost["tokenize"] += c - b
        cost["tokenize_hodo"] += d - c
        n_tokens_sample += sum(map(len, reference))
        same_tokens += sum(x == y for rs, hs in zip(reference, toks) for x, y in zip(rs, hs))
        ments = times = []
        if find_mentions:
            a = clock()
            ments = find_mentions(text, ss, toks)
            cost["find_mentions"] += clock() - a
        if tag_timex:
            a = clock()
            times = tag_timex(text, ss, toks, pub)
            cost["tag_timex"] += clock() - a
        if find_events:
            a = clock()
            find_events(text, ss, toks, ments, times, pub)
            cost["find_events"] += clock() - a
        if find_quotes:
            a = clock()
            find_quotes(text, ss, toks, ments)
            cost["find_quotes"] += clock() - a
    tok_s = cost["tokenize"] or 1e-9
    out["stage_sample"] = {
        "documents": len(sample), "chars": sample_chars,
        "seconds": {k: round(v, 3) for k, v in cost.items()},
        # The stage budgets are shares of janome's tokenization (janome's own tokenize)...
        "relative_to_tokenize": {k: round(v / tok_s, 4) for k, v in cost.items() if k != "tokenize"},
        # ...and here the same costs beside hodo's faster tokenizer, for the record.
        "relative_to_tokenize_hodo": {k: round(v / (cost["tokenize_hodo"] or 1e-9), 4)
                                      for k, v in cost.items() if not k.startswith("tokenize")},
        "tokens_identical": f"{same_tokens}/{n_tokens_sample}",
        "available": {"find_mentions": bool(find_mentions), "tag_timex": bool(tag_timex),
                      "find_events": bool(find_events), "find_quotes": bool(find_quotes)},
    }
    text = json.dumps(out, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
