"""Mention-level NER scores of hodo.entities on the Wikipedia dev set, and its cost.

    .venv/bin/python bench/ner_eval.py [--data ../shared/data/ner-wikipedia-dev.jsonl] [--out preds.jsonl]

Each record runs normalize -> split -> tokenize -> find_mentions like a
document of the pipeline. NFKC may change a text's length (rare: ①, ㍻...);
such a text is normalized character by character so every predicted offset
maps back to the original text. Predictions are written as JSONL and scored
with ../shared/eval/score_ner.py (PERSON, LOCATION, ORGANIZATION; facilities
count as locations). Also prints the time find_mentions adds to tokenization.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hodo.entities import find_mentions  # noqa: E402
from hodo.normalize import normalize_text  # noqa: E402
from hodo.sentences import split_sentences  # noqa: E402
from hodo.tokenize import tokenize_document  # noqa: E402


def normalized_with_map(text: str) -> tuple[str, list[int]]:
    """(normalized text, offset in the original text of each normalized char + the end)."""
    norm = normalize_text(text)
    if len(norm) == len(text):
        return norm, list(range(len(text) + 1))
    out, back = [], []
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch)
        out.append(n)
        back.extend([i] * len(n))
    back.append(len(text))
    return "".join(out), back


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner-wikipedia-dev.jsonl")
    ap.add_argument("--out", type=Path, default=Path("/tmp/hodo-ner-preds.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    rows = [json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x.strip()]
    if args.limit:
        rows = rows[: args.limit]
    find_mentions("米国", *(lambda s: (s, tokenize_document("米国", s)))(split_sentences("米国")))  # warm up
    t_tok = t_ent = 0.0
    remapped = 0
    chars = 0
    with args.out.open("w", encoding="utf-8") as f:
        for r in rows:
            text, back = normalized_with_map(r["text"])
            remapped += len(text) != len(r["text"])
            chars += len(text)
            sents = split_sentences(text)
            t0 = time.perf_counter()
            toks = tokenize_document(text, sents)
            t1 = time.perf_counter()
            ments = find_mentions(text, sents, toks)
            t2 = time.perf_counter()
            t_tok += t1 - t0
            t_ent += t2 - t1
            ents = [{"start": back[m.start_char], "end": back[m.end_char], "type": m.entity_type} for m in ments]
            f.write(json.dumps({"id": r["id"], "entities": ents}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} texts, {chars} chars; {remapped} remapped after NFKC")
    print(f"tokenize {t_tok:.2f}s ({chars / t_tok:,.0f} chars/s), find_mentions {t_ent:.2f}s "
          f"= +{100 * t_ent / t_tok:.1f}% of tokenization")
    score = ROOT.parent / "shared" / "eval" / "score_ner.py"
    return subprocess.call([sys.executable, str(score), str(args.data), str(args.out), "--gold-field", "coarse_type",
                            "--fac-as-loc", "--types", "PERSON,LOCATION,ORGANIZATION"])


if __name__ == "__main__":
    sys.exit(main())
