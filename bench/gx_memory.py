"""Peak memory of validating `tokens` with its GX suite, at two corpus sizes.

    .venv/bin/python bench/gx_memory.py [--work bench/out/run/hodo.work.duckdb]

Takes the working database of the last `make bench` run (the 5 MB corpus),
makes copies with every document, sentence and token doubled and quadrupled
under new ids (10 and 20 MB corpora), and validates `tokens` on each in a fresh
process, reporting wall time and peak RSS. Flat memory means the expectations run as SQL inside
DuckDB rather than pulling the table into Python.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import sys
sys.path.insert(0, sys.argv[2])
from pipelines.checks import validate_table
r = validate_table(sys.argv[1], "tokens")
print("passed" if r.passed else "failed")
"""


def doubled(src: Path, dest: Path, tag: str = "copy") -> None:
    """``src`` with every document, sentence and token copied once more under new doc ids."""
    shutil.copyfile(src, dest)
    con = duckdb.connect(str(dest))
    for table in ("documents", "sentences", "tokens"):
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        select = ", ".join(f"doc_id || '-{tag}'" if c == "doc_id" else c for c in cols)
        con.execute(f"INSERT INTO {table} SELECT {select} FROM {table}")
    con.execute("CHECKPOINT")
    con.close()


def measure(db: Path) -> dict:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(db), str(ROOT)], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT count(*) FROM tokens").fetchone()[0]
    chars = con.execute("SELECT sum(char_count) FROM documents").fetchone()[0]
    con.close()
    return {"token_rows": rows, "chars": int(chars), "seconds": round(elapsed, 2),
            "peak_rss_mb_so_far": round(peak_kb / 1024), "result": proc.stdout.strip().splitlines()[-1:]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "run" / "hodo.work.duckdb")
    args = ap.parse_args()
    if not args.work.exists():
        print(f"{args.work} does not exist: run `make bench` first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        small, big, bigger = (Path(tmp) / f"{n}.duckdb" for n in ("small", "big", "bigger"))
        shutil.copyfile(args.work, small)
        doubled(args.work, big)
        doubled(big, bigger, tag="again")
        results = [measure(small), measure(big), measure(bigger)]
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: the second figure is the max of both
    print("| corpus chars | token rows | validate tokens (s) | peak RSS so far (MB) |")
    print("|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['chars']:,} | {r['token_rows']:,} | {r['seconds']} | {r['peak_rss_mb_so_far']} |")
    out = ROOT / "bench" / "out" / "gx_memory.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
