"""Ingest benchmark on the full shared corpus, in one run.

Reports: full ingest wall time and peak RSS (in a child process, from a cold
parse cache), unchanged re-ingest time, and a baseline measured in the same
run — reading every file and one jieba pass over its text on one core, the
least work any ingest must do — so figures are ratios, not absolute claims
on a shared, noisy machine.

    python bench/ingest_bench.py [--laws DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LAWS = REPO.parent / "shared" / "corpus" / "laws"

CHILD = """
import sys, json, time
from pathlib import Path
from ingest.pipeline import ingest_laws
from kg.datadir import DataDir
t = time.perf_counter()
r = ingest_laws([Path(sys.argv[1])], DataDir(Path(sys.argv[2])))
print(json.dumps({"seconds": time.perf_counter() - t, "unchanged": r.unchanged, "files": r.files,
                  "parsed": r.parsed, "rejected": r.rejected, "articles": r.articles,
                  "penalty_provisions": r.penalty_provisions}))
"""


def run_child(laws: Path, data: Path) -> tuple[dict[str, object], float, float]:
    """Run one ingest in a fresh process; returns its report, its peak RSS in MiB and its CPU seconds.

    Peak RSS is that of the largest process (the ingest, a parse worker or an index writer);
    CPU seconds are those of all of them, the figure that a busy machine disturbs least.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(laws), str(data)], cwd=REPO,
                          capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # ru_maxrss of children is the max over all waited-for descendants (KiB on Linux)
    return json.loads(proc.stdout.strip().splitlines()[-1]), max(after.ru_maxrss, before.ru_maxrss) / 1024, cpu


def baseline(laws: Path) -> float:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    t = time.perf_counter()
    for f in laws.rglob("*.md"):
        for _ in jieba.cut(f.read_text("utf-8", errors="replace")):
            pass
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--laws", type=Path, default=Path(os.environ.get("YIJU_BENCH_LAWS", DEFAULT_LAWS)))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.laws.is_dir():
        sys.exit(f"找不到法规目录 {args.laws}（需要 ../shared/corpus/laws，或用 --laws 指定）")
    with tempfile.TemporaryDirectory() as tmp:
        load_before = os.getloadavg()[0]
        full, rss, cpu = run_child(args.laws, Path(tmp))
        again, _, _ = run_child(args.laws, Path(tmp))
    base = baseline(args.laws)
    result = {
        "files": full["files"], "parsed": full["parsed"], "rejected": full["rejected"],
        "articles": full["articles"], "penalty_provisions": full["penalty_provisions"],
        "full_ingest_s": round(float(full["seconds"]), 2), "full_ingest_cpu_s": round(cpu, 1),
        "load_average_before": round(load_before, 2), "peak_rss_mib": round(rss, 1),
        "unchanged_reingest_s": round(float(again["seconds"]), 3), "unchanged_detected": again["unchanged"],
        "baseline_read_and_one_jieba_pass_s": round(base, 2),
        "full_ingest_vs_baseline": round(float(full["seconds"]) / base, 2),
        "full_ingest_cpu_vs_baseline": round(cpu / base, 2),
        "reingest_vs_baseline": round(float(again["seconds"]) / base, 4),
        "targets": {"full_ingest_s": 120, "peak_rss_mib": 2048, "unchanged_reingest_s": 5},
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for k, v in result.items():
        print(f"{k:38} {v}")


if __name__ == "__main__":
    main()
