"""MeCab (fugashi + ipadic) against janome: token parity and speed on the corpus.

    .venv/bin/python bench/tokenizer_parity.py [CORPUS_DIR] [--json OUT] [--examples 10]

Both backends go through hodo.tokenize (same sentences, same offsets, same
whitespace rule: whitespace-only tokens dropped), so what is compared is what
the pipeline would store. Parity: per sentence, the (start_char, end_char,
surface, pos) sequences are aligned (difflib) and a janome token counts as
identical when MeCab produced the very same tuple; the share of identical
tokens must be at least 99%. base_form and reading agreement on identical
tokens are reported too. Speed: hodo's tokenization of every sentence with
each backend, one process, one core.

CORPUS_DIR defaults to bench/out/corpus (built by bench/corpus.py / run_bench.py),
else data/samples and ../shared/seeds.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 0.99


def load(dirs: list[Path]) -> list[tuple[str, list]]:
    from hodo.ingest import DocumentRecord, scan_landing
    from hodo.sentences import split_sentences

    docs = []
    for d in dirs:
        if d.is_dir():
            docs += [(r.text, split_sentences(r.text)) for r in scan_landing(d) if isinstance(r, DocumentRecord)]
    return docs


def compare(docs, examples: int = 10) -> dict:
    from hodo.tokenize import _backend, tokenize_document

    for name in ("janome", "mecab"):
        _backend(name)  # build both outside the timings
    timings = {}
    out = {}
    for name in ("janome", "mecab"):
        t0 = time.perf_counter()
        out[name] = [tokenize_document(text, sents, name) for text, sents in docs]
        timings[name] = time.perf_counter() - t0
    total = same = same_base = same_reading = mecab_total = 0
    diffs: Counter = Counter()
    shown = []
    for (text, sents), jdoc, mdoc in zip(docs, out["janome"], out["mecab"]):
        for s, jt, mt in zip(sents, jdoc, mdoc):
            jk = [(t.start_char, t.end_char, t.surface, t.pos) for t in jt]
            mk = [(t.start_char, t.end_char, t.surface, t.pos) for t in mt]
            total += len(jk)
            mecab_total += len(mk)
            sm = SequenceMatcher(None, jk, mk, autojunk=False)
            for block in sm.get_matching_blocks():
                same += block.size
                for k in range(block.size):
                    a, b = jt[block.a + k], mt[block.b + k]
                    same_base += a.base_form == b.base_form
                    same_reading += a.reading == b.reading
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == "equal":
                    continue
                key = (" ".join(f"{x[2]}/{x[3]}" for x in jk[i1:i2]), " ".join(f"{x[2]}/{x[3]}" for x in mk[j1:j2]))
                diffs[key] += 1
                if len(shown) < examples:
                    shown.append({"sentence": s.text[:80], "janome": key[0], "mecab": key[1]})
    chars = sum(len(t) for t, _ in docs)
    return {
        "documents": len(docs), "chars": chars,
        "janome_tokens": total, "mecab_tokens": mecab_total, "identical_tokens": same,
        "parity": round(same / total, 5) if total else None, "target": TARGET,
        "met": bool(total) and same / total >= TARGET,
        "base_form_agreement": round(same_base / same, 5) if same else None,
        "reading_agreement": round(same_reading / same, 5) if same else None,
        "janome_chars_per_s": round(chars / timings["janome"]),
        "mecab_chars_per_s": round(chars / timings["mecab"]),
        "speedup": round(timings["janome"] / timings["mecab"], 1),
        "most_common_differences": [{"janome": a, "mecab": b, "count": n} for (a, b), n in diffs.most_common(examples)],
        "examples": shown,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--examples", type=int, default=10)
    args = ap.parse_args()
    try:
        import fugashi  # noqa: F401
        import ipadic  # noqa: F401
    except ImportError:
        print("fugashi/ipadic not installed: pip install -e '.[mecab]'", file=sys.stderr)
        return 2
    if args.corpus:
        dirs = [args.corpus]
    elif (ROOT / "bench" / "out" / "corpus").is_dir():
        dirs = [ROOT / "bench" / "out" / "corpus"]
    else:
        dirs = [ROOT / "data" / "samples", ROOT.parent / "shared" / "seeds"]
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    except (AttributeError, OSError):
        pass
    result = compare(load(dirs), args.examples)
    result["corpus"] = [str(d) for d in dirs]
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    out = args.json or ROOT / "bench" / "out" / "tokenizer_parity.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
