"""Score hodo's language stages on the seeds without Dagster or DuckDB.

    .venv/bin/python bench/score_pure.py [--seeds ../shared/seeds] [--gold ../shared/gold]

Runs hodo.analyze on every seed that has a gold key, resolves entities and
merges events across those documents exactly as the pipeline does, writes the
predictions in score_seeds.py's --pred-json format and prints its scores.
The publication date is hodo's own inference (hodo.pubdate), as in a run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hodo.analyze import analyze  # noqa: E402
from hodo.decode import decode_bytes  # noqa: E402
from hodo.normalize import normalize_text  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    from hodo.pubdate import infer_published_date

    analyses = {}
    for gf in sorted(args.gold.glob("*.json")):
        path = args.seeds / f"{gf.stem}.txt"
        if not path.exists():
            continue
        text = normalize_text(decode_bytes(path.read_bytes()).text)
        pub, _basis = infer_published_date(text, metadata_date=None)
        analyses[gf.stem] = analyze(text, pub)

    mention_rows = [
        {"doc_id": stem, **m._asdict()} for stem, a in analyses.items() for m in a.mentions
    ]
    pred: dict[str, dict] = {stem: {"entities": [], "dates": [], "events": []} for stem in analyses}
    canon: dict[str, str] = {}
    if mention_rows:
        from hodo.entities import resolve_entities

        ents, ments = resolve_entities(pl.DataFrame(mention_rows), None)
        canon = dict(zip(ents["entity_id"], ents["canonical_name"]))
        etype = dict(zip(ents["entity_id"], ents["entity_type"]))
        for (stem, eid), g in ments.group_by(["doc_id", "entity_id"]):
            pred[stem]["entities"].append(
                {"type": etype[eid], "canonical": canon[eid], "surfaces": sorted(set(g["surface"]))})
        try:
            from hodo.events import merge_events

            cand_rows = [{"doc_id": stem, "candidate_id": i, **c._asdict()}
                         for stem, a in analyses.items() for i, c in enumerate(a.events)]
            if cand_rows:
                events, parts, emen = merge_events(pl.DataFrame(cand_rows), ments)
                ev_parts = {}
                for ev, eid in zip(parts["event_id"], parts["entity_id"]):
                    ev_parts.setdefault(ev, []).append(canon.get(eid, eid))
                ev_info = {r["event_id"]: r for r in events.iter_rows(named=True)}
                for ev, stem in set(zip(emen["event_id"], emen["doc_id"])):
                    e = ev_info[ev]
                    if e["status"] == "planned":  # as hodo.crossdoc: `events` holds what happened
                        continue
                    pred[stem]["events"].append({"kind": e["event_type"], "date": e["event_date"] or "",
                                                 "participants": ev_parts.get(ev, [])})
        except ImportError:
            pass
    for stem, a in analyses.items():
        pred[stem]["dates"] = [{"text": t.surface, "type": t.timex_type, "value": t.value} for t in a.timexes]

    out = args.out or Path(tempfile.mkdtemp()) / "pred.json"
    out.write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf-8")
    score = ROOT.parent / "shared" / "eval" / "score_seeds.py"
    return subprocess.call([sys.executable, str(score), "--pred-json", str(out), "--gold", str(args.gold)])


if __name__ == "__main__":
    sys.exit(main())
