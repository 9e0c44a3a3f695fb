"""hodo's benchmark (`make bench`): janome's one-core ceiling against `hodo run`.

    .venv/bin/python bench/run_bench.py [--quick] [--mb 5] [--tokenizer janome|janome-reference|mecab]

In one run:

1. builds a corpus of varied copies of data/samples and ../shared/seeds
   (bench/corpus.py) under bench/out/corpus/: 5 MB by default, 0.5 MB with --quick;
2. bare janome on one core over the same text (bench/janome_one_core.py, its own
   process pinned to one CPU), plus the pure cost of each language stage
   relative to tokenization (budgets: entities 12%, dates 5%, events 3%);
3. `hodo run` end to end as a subprocess on a cold database (raw files to
   validated, published tables), sampling the peak resident memory of its
   whole process tree (pool workers included; PSS, so pages shared between
   processes count once, and summed RSS), with per-step times from the run's
   --json-summary;
4. `hodo run` again on the unchanged input.

Writes bench/out/bench.json and bench/out/bench.md (a markdown table for the
README) and prints the table. Exit status 0 when the run succeeded, whether
or not the targets were met (the table says which were).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_corpus  # noqa: E402

PY = sys.executable
#: `hodo run` is `python -m pipelines.cli run` (the console script's target), from ROOT, so the
#: code measured is this checkout's.
HODO = [PY, "-m", "pipelines.cli"]

TARGET_RATIO = 1.5  # end-to-end chars/s over one-core janome chars/s
TARGET_RERUN_FRACTION = 0.05
TARGET_RERUN_FLOOR_S = 3.0
TARGET_PEAK_MB = 1024
BUDGETS = {"find_mentions": 0.12, "tag_timex": 0.05, "find_events": 0.03}
STAGE_OF_FUNCTION = {"find_mentions": "entities", "tag_timex": "temporal_expressions", "find_events": "events"}


# ---------------------------------------------------------------- process-tree memory

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time ``pid`` has used so far."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_memory(root: int) -> tuple[int, int, dict[int, tuple[str, int]]]:
    """(summed RSS, summed PSS, {pid: (command, PSS)}) of ``root`` and its descendants.

    RSS counts a page shared by several processes (janome's memory-mapped
    dictionary in every worker, pages a forked worker shares with its parent)
    once per process; PSS splits it between them, so the PSS sum is the memory
    the run really occupies. Falls back to RSS where smaps_rollup is missing."""
    kids = _children_map()
    page = os.sysconf("SC_PAGE_SIZE")
    rss_total = pss_total = 0
    per: dict[int, tuple[str, int]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as fh:
                rss = int(fh.read().split()[1]) * page
        except OSError:
            continue
        pss = rss
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")[:80]
        except OSError:
            cmd = "?"
        rss_total += rss
        pss_total += pss
        per[pid] = (cmd, pss)
    return rss_total, pss_total, per


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants (peak RSS sum and peak PSS sum), and
    the CPU time each of them used (the last value seen: a process exiting between two samples
    loses at most one interval)."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.at_peak: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (command, CPU seconds)
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            rss, pss, per = _tree_memory(self.pid)
            self.peak_rss = max(self.peak_rss, rss)
            if pss > self.peak_pss:
                self.peak_pss, self.at_peak = pss, per
            for pid, (cmd, _) in per.items():
                used = _cpu_seconds(pid)
                if used is not None:
                    self.cpu[pid] = (cmd, used)
            self._halt.wait(self.interval)

    def cpu_summary(self) -> dict:
        """CPU seconds of the run: the main process, the pool workers, and everything together."""
        main = self.cpu.get(self.pid, ("", 0.0))[1]
        total = sum(used for _, used in self.cpu.values())
        return {"total_s": round(total, 1), "main_s": round(main, 1), "others_s": round(total - main, 1)}

    def stop(self) -> "TreeMemory":
        self._halt.set()
        self.join()
        return self


# ---------------------------------------------------------------- steps

def janome_one_core(corpus: Path, out: Path, sample_chars: int) -> dict:
    cmd = [PY, str(ROOT / "bench" / "janome_one_core.py"), str(corpus), "--json", str(out),
           "--stage-sample-chars", str(sample_chars)]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def hodo_run(corpus: Path, db: Path, summary: Path, env: dict, log: Path) -> dict:
    cmd = [*HODO, "run", "--input", str(corpus), "--db", str(db), "--json-summary", str(summary)]
    t0 = time.perf_counter()
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
        mem = TreeMemory(proc.pid)
        mem.start()
        rc = proc.wait()
    wall = time.perf_counter() - t0
    mem.stop()
    data = json.loads(summary.read_text(encoding="utf-8")) if summary.exists() else {}
    return {"exit_code": rc, "wall_s": round(wall, 2), "cpu": mem.cpu_summary(),
            "peak_pss_mb": round(mem.peak_pss / 2**20, 1), "peak_rss_sum_mb": round(mem.peak_rss / 2**20, 1),
            "processes_at_peak": [{"pid": pid, "cmd": cmd, "pss_mb": round(pss / 2**20, 1)}
                                  for pid, (cmd, pss) in sorted(mem.at_peak.items())],
            "summary": data, "log": str(log)}


def stage_times(summary: dict) -> list[dict]:
    """One row per Dagster step, asset steps first (graph order), then check steps."""
    steps: dict[str, float] = summary.get("steps") or {}
    check_steps = {c.get("step") for a in (summary.get("assets") or {}).values() for c in a.get("checks", [])}
    rows = [{"step": step, "seconds": secs, "kind": "check" if step in check_steps else "asset"}
            for step, secs in steps.items()]
    rows.sort(key=lambda r: r["kind"] == "check")
    return rows


# ---------------------------------------------------------------- report

def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def markdown(r: dict) -> str:
    j, cold, warm = r["janome"], r["cold"], r["rerun"]
    lines = [
        f"Corpus: {r['corpus']['bytes'] / 1e6:.1f} MB, {r['corpus']['documents']} documents, "
        f"{r['corpus']['chars']:,} characters; machine: {r['machine']['cpus']} CPUs, "
        f"load average {r['machine']['loadavg_before']}; tokenizer: {r['tokenizer']}.",
        "",
        "| measure | value | target | met |",
        "|---|---:|---:|:---:|",
        f"| janome, 1 core, bare (per sentence) | {j['janome_chars_per_s']:,} chars/s | | |",
        f"| janome, 1 core, whole documents | {j['janome_whole_docs_chars_per_s']:,} chars/s | | |",
        f"| hodo's tokenizer (janome's tokens via hodo.lattice), 1 core, per sentence | "
        f"{j['hodo_tokenizer_chars_per_s']:,} chars/s = {j['hodo_tokenizer_speedup']:.2f}× janome; "
        f"tokens identical to janome's: {j['stage_sample']['tokens_identical']} | | |",
        f"| `hodo run` end to end, cold | {cold['wall_s']:.1f} s = {r['e2e_chars_per_s']:,} chars/s | | |",
        f"| CPU time of the cold run (process tree) | {cold['cpu']['total_s']:.1f} s: main process "
        f"{cold['cpu']['main_s']:.1f} s, pool and helpers {cold['cpu']['others_s']:.1f} s | | |",
        f"| end to end / janome 1 core | {r['ratio']:.2f}× | ≥ {TARGET_RATIO}× | {verdict(r['met']['ratio'])} |",
        f"| end to end / janome 1 core, whole documents | {r['ratio_whole_docs']:.2f}× | | |",
        f"| unchanged rerun | {warm['wall_s']:.1f} s ({100 * r['rerun_fraction']:.1f}% of cold) "
        f"| ≤ 5% or ≤ {TARGET_RERUN_FLOOR_S:.0f} s | {verdict(r['met']['rerun'])} |",
        f"| peak memory (process tree, PSS) | {cold['peak_pss_mb']:.0f} MB (RSS summed: "
        f"{cold['peak_rss_sum_mb']:.0f} MB) | < {TARGET_PEAK_MB} MB | {verdict(r['met']['memory'])} |",
        f"| run succeeded (all blocking checks) | {cold['summary'].get('ok')} / {warm['summary'].get('ok')} "
        f"| True | {verdict(r['met']['ok'])} |",
        "",
        "Language stages, pure cost relative to janome's tokenization, the budgets' yardstick (one core, "
        f"{j['stage_sample']['chars']:,}-character sample; last column: the same cost beside hodo's tokenizer):",
        "",
        "| function | seconds | share of janome's tokenization | budget | met | share of hodo's tokenization |",
        "|---|---:|---:|---:|:---:|---:|",
    ]
    ss = j["stage_sample"]
    for fn, secs in ss["seconds"].items():
        if fn == "tokenize":
            lines.append(f"| tokenize (janome) | {secs:.2f} | 100% | | | |")
            continue
        if fn == "tokenize_hodo":
            lines.append(f"| tokenize (hodo) | {secs:.2f} | {100 * ss['relative_to_tokenize'][fn]:.1f}% | | | 100% |")
            continue
        rel = ss["relative_to_tokenize"][fn]
        rel_hodo = ss.get("relative_to_tokenize_hodo", {}).get(fn)
        avail = ss["available"].get(fn, True)
        budget = BUDGETS.get(fn)
        met = "" if budget is None or not avail else verdict(rel <= budget)
        lines.append(f"| {fn}{'' if avail else ' (not installed)'} | {secs:.2f} | {100 * rel:.1f}% | "
                     f"{'' if budget is None else f'{100 * budget:.0f}%'} | {met} | "
                     f"{'' if rel_hodo is None else f'{100 * rel_hodo:.1f}%'} |")
    lines += ["", "Steps of the cold run (wall seconds; checks are GX suites):", "",
              "| step | seconds | share of run | rerun |", "|---|---:|---:|---:|"]
    skipped = bool(warm["summary"].get("unchanged"))  # the CLI found nothing changed: no Dagster run at all
    warm_steps = {} if skipped else (warm["summary"].get("steps") or {})

    def rerun_cell(step: str) -> str:
        return "skipped" if skipped else (f"{warm_steps[step]:.2f}" if step in warm_steps else "")

    for row in r["stages"]:
        lines.append(f"| {row['step']} | {row['seconds']:.2f} | {100 * row['seconds'] / cold['wall_s']:.1f}% | "
                     f"{rerun_cell(row['step'])} |")
    steps_total = sum(row["seconds"] for row in r["stages"])
    lines.append(f"| (process start, Dagster, imports) | {cold['wall_s'] - steps_total:.2f} | "
                 f"{100 * (cold['wall_s'] - steps_total) / cold['wall_s']:.1f}% | "
                 f"{warm['wall_s'] - sum(warm_steps.values()):.2f} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description="hodo benchmark")
    ap.add_argument("--quick", action="store_true", help="0.5 MB corpus, for development")
    ap.add_argument("--mb", type=float, default=None, help="corpus size in MB (default 5, 0.5 with --quick)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--tokenizer", choices=["janome", "janome-reference", "mecab"], default=None,
                    help="HODO_TOKENIZER for the hodo runs (default: the environment's, else janome)")
    args = ap.parse_args()
    mb = args.mb or (0.5 if args.quick else 5.0)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if args.tokenizer:
        env["HODO_TOKENIZER"] = args.tokenizer

    load_before = os.getloadavg()
    print(f"building a {mb} MB corpus...", flush=True)
    corpus = build_corpus(out / "corpus", int(mb * 1_000_000))
    print(f"  {corpus['documents']} documents, {corpus['chars']:,} chars", flush=True)

    print("janome on one core...", flush=True)
    janome = janome_one_core(Path(corpus["path"]), out / "janome.json",
                             sample_chars=min(300_000, corpus["chars"] // 3))
    print(f"  {janome['janome_chars_per_s']:,} chars/s", flush=True)

    runs = out / "run"
    if runs.exists():
        shutil.rmtree(runs)
    runs.mkdir()
    db = runs / "hodo.duckdb"
    print("hodo run, cold...", flush=True)
    cold = hodo_run(Path(corpus["path"]), db, runs / "summary_cold.json", env, runs / "cold.log")
    print(f"  {cold['wall_s']} s, exit {cold['exit_code']}, peak {cold['peak_pss_mb']} MB PSS "
          f"({cold['peak_rss_sum_mb']} MB RSS summed)", flush=True)
    print("hodo run, unchanged input...", flush=True)
    warm = hodo_run(Path(corpus["path"]), db, runs / "summary_rerun.json", env, runs / "rerun.log")
    print(f"  {warm['wall_s']} s, exit {warm['exit_code']}", flush=True)

    chars = janome["chars"]
    e2e = chars / cold["wall_s"]
    ratio = e2e / janome["janome_chars_per_s"]
    rerun_fraction = warm["wall_s"] / cold["wall_s"]
    stages = stage_times(cold["summary"])
    tok_step = next((s["seconds"] for s in stages if s["step"] == "tokens"), None)
    pipeline_rel = {}
    for fn, stage in STAGE_OF_FUNCTION.items():
        secs = next((s["seconds"] for s in stages if s["step"] == stage), None)
        if secs is not None:
            pipeline_rel[stage] = {"step_s": secs,
                                   "vs_janome_1core_s": round(secs / janome["janome_s"], 4),
                                   "vs_tokens_step_s": round(secs / tok_step, 4) if tok_step else None}
    result = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "loadavg_before": [round(x, 2) for x in load_before],
                    "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
        "tokenizer": env.get("HODO_TOKENIZER", "janome"),
        "corpus": corpus,
        "janome": janome,
        "cold": {k: v for k, v in cold.items()},
        "rerun": {k: v for k, v in warm.items()},
        "e2e_chars_per_s": round(e2e),
        "ratio": round(ratio, 3),
        # against janome fed whole documents (its plain use, ~20% slower than per sentence): for reference
        "ratio_whole_docs": round(e2e / janome["janome_whole_docs_chars_per_s"], 3),
        "rerun_fraction": round(rerun_fraction, 4),
        "stages": stages,
        "pipeline_stage_cost": pipeline_rel,
        "met": {
            "ratio": ratio >= TARGET_RATIO,
            "rerun": rerun_fraction <= TARGET_RERUN_FRACTION or warm["wall_s"] <= TARGET_RERUN_FLOOR_S,
            "memory": cold["peak_pss_mb"] < TARGET_PEAK_MB,
            "ok": bool(cold["summary"].get("ok")) and bool(warm["summary"].get("ok")),
        },
    }
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    md = markdown(result)
    (out / "bench.md").write_text(md, encoding="utf-8")
    print()
    print(md)
    print(f"wrote {out / 'bench.json'} and {out / 'bench.md'}")
    if cold["exit_code"] != 0 or warm["exit_code"] != 0:
        print(f"hodo run failed: see {cold['log']} / {warm['log']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
