"""Cost of events + quotes relative to janome tokenization, on the seed documents.

    .venv/bin/python bench/events_cost.py [--seeds ../shared/seeds] [--repeat 20]

Tokenizes every seed once (after building the tokenizer), finds mentions and
dates with the project's own stages when they are importable, then times
find_events + find_quotes over the same documents (best of --repeat runs) and
prints the ratio. The target is at most 3%.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hodo.decode import decode_bytes  # noqa: E402
from hodo.events import find_events  # noqa: E402
from hodo.normalize import normalize_text  # noqa: E402
from hodo.pubdate import infer_published_date  # noqa: E402
from hodo.quotes import find_quotes  # noqa: E402
from hodo.sentences import split_sentences  # noqa: E402
from hodo.tokenize import _backend, tokenize_document  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    docs = []
    for p in sorted(args.seeds.glob("*.txt")):
        text = normalize_text(decode_bytes(p.read_bytes()).text)
        docs.append((text, split_sentences(text), infer_published_date(text, metadata_date=None)[0]))
    _backend()  # build the tokenizer outside the timing

    t0 = time.perf_counter()
    toks = [tokenize_document(text, sents) for text, sents, _ in docs]
    t_tok = time.perf_counter() - t0

    try:
        from hodo.entities import find_mentions
    except ImportError:
        find_mentions = None
    try:
        from hodo.timex import tag_timex
    except ImportError:
        tag_timex = None
    inputs = []
    for (text, sents, pub), tk in zip(docs, toks):
        ms = find_mentions(text, sents, tk) if find_mentions else []
        tx = tag_timex(text, sents, tk, pub) if tag_timex else []
        inputs.append((text, sents, tk, ms, tx, pub))

    best = float("inf")
    n_ev = n_q = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_ev = n_q = 0
        for text, sents, tk, ms, tx, pub in inputs:
            n_ev += len(find_events(text, sents, tk, ms, tx, pub))
            n_q += len(find_quotes(text, sents, tk, ms))
        best = min(best, time.perf_counter() - t0)

    chars = sum(len(d[0]) for d in docs)
    print(f"documents: {len(docs)}, characters: {chars}, mentions: {sum(len(i[3]) for i in inputs)}, "
          f"dates: {sum(len(i[4]) for i in inputs)}"
          + ("" if find_mentions and tag_timex else " (entities/timex stage missing: inputs partly empty)"))
    print(f"tokenization: {t_tok * 1000:.1f} ms")
    print(f"events + quotes: {best * 1000:.2f} ms ({n_ev} event candidates, {n_q} quotes)")
    ratio = best / t_tok
    print(f"ratio: {ratio:.2%} (target <= 3%)")
    return 0 if ratio <= 0.03 else 1


if __name__ == "__main__":
    sys.exit(main())
