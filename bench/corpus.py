"""Build the benchmark corpus: varied copies of the sample corpus and the seeds.

    .venv/bin/python bench/corpus.py [--out bench/out/corpus] [--mb 5]

Every copy differs from its source (so content hashes, and doc ids, differ)
in ways that keep it realistic news text:

* the people are renamed consistently across one copy's documents (the copy
  is its own small world: ケンドール大統領 becomes, say, ベルダン大統領 in every
  document of copy 7), so cross-document entity resolution has real work;
* the body paragraphs after the first line (headline / dateline) are shuffled;
* day numbers (``14日``) are changed, staying valid days of a month;
* sidecar publication dates move by a few days.

Copies are written as UTF-8 ``.txt`` (with a ``.meta.json`` sidecar when the
source had metadata); every fourth copy goes into one ``.jsonl`` feed so both
input formats are measured. Deterministic for a given ``--seed``.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hodo.decode import decode_bytes  # noqa: E402

SAMPLES = ROOT / "data" / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"

#: Person names of the samples and seeds, renamed in every copy but the first.
PEOPLE = ["プーチン", "トランプ", "ゼレンスキー", "ケンドール", "ソコロフ", "ペスコフ", "ルビオ", "ウシャコフ",
          "モディ", "オルテガ", "ホイットフィールド", "ナイール", "ラブロフ", "ボンダレンコ", "ドロニン",
          "ルカシェンコ", "マカロワ", "リービット", "ウィトコフ", "ドミトリエフ"]
_SYLLABLES = ["アル", "ベル", "カー", "ダン", "エル", "フォ", "ガー", "ハル", "イン", "ジョ", "カル", "ラン", "マー",
              "ノー", "オル", "パー", "リー", "サン", "ター", "ウィ", "ヴァ", "ワー", "ゼン", "ドル", "メロ", "シェ",
              "グレ", "ミハ", "ロフ", "スキ", "ネン", "トン", "バー", "ケル"]
_DAY = re.compile(r"(?<![0-9０-９])([0-9]{1,2})日")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def source_documents() -> list[tuple[str, str, dict]]:
    """(name, text, metadata) of every sample and seed article."""
    docs: list[tuple[str, str, dict]] = []
    for root, tag in ((SAMPLES, "s"), (SEEDS, "seed")):
        if not root.is_dir():
            continue
        for p in sorted(root.glob("*.txt")):
            if p.name.startswith("README"):
                continue
            try:
                text = decode_bytes(p.read_bytes()).text
            except Exception:  # noqa: BLE001 - an undecodable sample is simply not a source
                continue
            side = p.with_name(p.name[:-4] + ".meta.json")
            meta = json.loads(side.read_text(encoding="utf-8")) if side.exists() else {}
            docs.append((f"{tag}_{p.stem}", text, meta))
        for p in sorted(root.glob("*.jsonl")):
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines()):
                if not line.strip():
                    continue
                obj = json.loads(line)
                if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                    meta = {k: obj[k] for k in ("title", "url", "published_at", "source") if k in obj}
                    docs.append((f"{tag}_{p.stem}_{i}", obj["text"], meta))
    if not docs:
        raise SystemExit(f"no source documents under {SAMPLES} or {SEEDS}")
    return docs


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))


def vary(text: str, meta: dict, copy: int, names: dict[str, str], rng: random.Random) -> tuple[str, dict]:
    if copy == 0:
        return text, dict(meta)
    for old, new in names.items():
        text = text.replace(old, new)
    lines = text.split("\n")
    head, body = lines[:1], lines[1:]
    paras = [p for p in "\n".join(body).split("\n\n")]
    if len(paras) > 2:
        rng.shuffle(paras)
    elif len(body) > 2:
        rng.shuffle(body)
        paras = ["\n".join(body)]
    text = "\n".join(head + ["\n\n".join(paras)])
    text = _DAY.sub(lambda m: f"{rng.randint(1, 28)}日", text)
    meta = dict(meta)
    pub = meta.get("published_at")
    if isinstance(pub, str) and (m := _ISO_DATE.match(pub)):
        d = date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=copy % 60)
        meta["published_at"] = d.isoformat() + pub[10:]
    if isinstance(meta.get("title"), str):
        for old, new in names.items():
            meta["title"] = meta["title"].replace(old, new)
    if isinstance(meta.get("url"), str):
        meta["url"] = meta["url"] + f"?copy={copy}"
    return text, meta


def build_corpus(out: Path, target_bytes: int, seed: int = 7) -> dict:
    """Write varied copies into ``out`` (emptied first) until it holds ``target_bytes``."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    sources = source_documents()
    rng = random.Random(seed)
    written = files = docs = chars = 0
    copy = 0
    while written < target_bytes:
        names = {} if copy == 0 else {p: _name(rng) for p in PEOPLE}
        sub = out / f"copy{copy:04d}"
        sub.mkdir()
        feed = [] if copy % 4 == 3 else None
        for name, text, meta in sources:
            t, m = vary(text, meta, copy, names, rng)
            docs += 1
            chars += len(t)
            if feed is not None:
                feed.append(json.dumps({"id": name, "text": t, **m}, ensure_ascii=False))
                continue
            body = t.encode("utf-8")
            (sub / f"{name}.txt").write_bytes(body)
            written += len(body)
            files += 1
            if m:
                side = json.dumps(m, ensure_ascii=False).encode("utf-8")
                (sub / f"{name}.meta.json").write_bytes(side)
                written += len(side)
                files += 1
        if feed is not None:
            body = ("\n".join(feed) + "\n").encode("utf-8")
            (sub / "feed.jsonl").write_bytes(body)
            written += len(body)
            files += 1
        copy += 1
    return {"path": str(out), "bytes": written, "files": files, "documents": docs, "chars": chars,
            "copies": copy, "source_documents": len(sources)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(json.dumps(build_corpus(args.out, int(args.mb * 1_000_000), args.seed), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
