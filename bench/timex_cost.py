"""What temporal tagging costs next to janome tokenization, on the same text.

    .venv/bin/python bench/timex_cost.py [--seeds ../shared/seeds] [--repeat 3]
    .venv/bin/python bench/timex_cost.py --ja-timex /tmp/jatimex_pkgs   # also measure ja-timex

Budget (issue 5): tag_timex ≤ 5% of tokenize_document's time. Both run on the
seed documents, normalized and split as in a run; best of --repeat runs each.

--ja-timex DIR measures the alternative engine (hodo/timex/README.md) from a
directory made with ``.venv/bin/pip install --target DIR ja-timex`` (never
installed into the venv): its time on the same text, and its dates scores on
the gold keys through score_seeds.py, raw and with XXXX filled from the
publication date.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hodo.decode import decode_bytes  # noqa: E402
from hodo.normalize import normalize_text  # noqa: E402
from hodo.pubdate import infer_published_date  # noqa: E402
from hodo.sentences import split_sentences  # noqa: E402
from hodo.timex import tag_timex  # noqa: E402
from hodo.tokenize import tokenize_document  # noqa: E402


def best_of(n: int, fn) -> float:
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=0.05)
    ap.add_argument("--ja-timex", type=Path, default=None, help="a pip --target dir holding ja-timex")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    args = ap.parse_args()

    docs = []
    for p in sorted(args.seeds.glob("*.txt")):
        text = normalize_text(decode_bytes(p.read_bytes()).text)
        sents = split_sentences(text)
        pub, _ = infer_published_date(text)
        docs.append((text, sents, pub))
    tokenize_document("準備", split_sentences("準備"))  # build the tokenizer outside the timing
    tokens = [tokenize_document(t, s) for t, s, _ in docs]
    n_chars = sum(len(t) for t, _, _ in docs)

    t_tok = best_of(args.repeat, lambda: [tokenize_document(t, s) for t, s, _ in docs])
    t_tx = best_of(max(args.repeat, 5),
                   lambda: [tag_timex(t, s, k, p) for (t, s, p), k in zip(docs, tokens)])
    n_tx = sum(len(tag_timex(t, s, k, p)) for (t, s, p), k in zip(docs, tokens))
    ratio = t_tx / t_tok
    print(f"{len(docs)} documents, {n_chars} chars, {n_tx} temporal expressions")
    print(f"janome tokenize_document: {t_tok * 1000:8.1f} ms  ({n_chars / t_tok:,.0f} chars/s)")
    print(f"tag_timex:                {t_tx * 1000:8.1f} ms  ({n_chars / t_tx:,.0f} chars/s)")
    print(f"ratio timex/tokenize:     {ratio:8.2%}  (budget {args.budget:.0%}) -> {'OK' if ratio <= args.budget else 'OVER'}")
    if args.ja_timex:
        compare_ja_timex(args, docs, t_tok)
    return 0 if ratio <= args.budget else 1


def compare_ja_timex(args, docs, t_tok: float) -> None:
    import json
    import re
    import subprocess
    import tempfile

    sys.path.insert(0, str(args.ja_timex))
    import pendulum
    from ja_timex import TimexParser

    def parser(pub):
        return TimexParser(reference=pendulum.datetime(pub.year, pub.month, pub.day)) if pub else TimexParser()

    parsers = [parser(p) for _, _, p in docs]
    t_jt = best_of(args.repeat, lambda: [pa.parse(t) for pa, (t, _, _) in zip(parsers, docs)])
    print(f"ja-timex parse:           {t_jt * 1000:8.1f} ms  ratio to tokenize {t_jt / t_tok:.2%}")

    raw, filled = {}, {}
    for gf in sorted(args.gold.glob("*.json")):
        path = args.seeds / f"{gf.stem}.txt"
        if not path.exists():
            continue
        text = normalize_text(decode_bytes(path.read_bytes()).text)
        pub, _ = infer_published_date(text)
        found = parser(pub).parse(text)
        raw[gf.stem] = {"dates": [{"text": t.raw_text, "type": t.type, "value": t.value} for t in found]}
        fill = []
        for t in found:
            v = t.value
            if pub and t.type == "DATE":
                v = re.sub(r"(?:-XX)+$", "", re.sub(r"^XXXX", f"{pub.year:04d}", v))
            elif pub and t.type == "TIME":
                v = re.sub(r"^T", f"{pub.isoformat()}T", re.sub(r"^XXXX-", f"{pub.year:04d}-", v))
                v = re.sub(r"T(\d\d)-(\d\d)-\d\d$", r"T\1:\2", v).replace("XX", "00")
            fill.append({"text": t.raw_text, "type": t.type, "value": v})
        filled[gf.stem] = {"dates": fill}
    score = ROOT.parent / "shared" / "eval" / "score_seeds.py"
    for name, pred in (("ja-timex values as given", raw), ("ja-timex, XXXX -> publication year", filled)):
        out = Path(tempfile.mkdtemp()) / "pred.json"
        out.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        res = subprocess.run([sys.executable, str(score), "--pred-json", str(out), "--gold", str(args.gold)],
                             capture_output=True, text=True).stdout
        print(f"-- {name}")
        print("".join(line + "\n" for line in res.splitlines() if line.startswith("dates")), end="")


if __name__ == "__main__":
    sys.exit(main())
