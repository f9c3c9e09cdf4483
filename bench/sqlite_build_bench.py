"""What ``graph.sqlite`` adds to every ingest: its build time on a real graph, this code against another checkout.

    python bench/sqlite_build_bench.py --data DIR [--baseline SRC] [--runs 2]

Each run is a new process that loads DIR's current ``graph.pickle`` (not timed) and then times
``write_sqlite`` of the code it imports: this checkout, and interleaved with it (so a busy shared
machine weighs on both alike) the checkout at SRC when given, e.g. a ``git worktree`` of ``main``.
Printed: wall and CPU seconds of the build, peak RSS of the process, the file's size, and whether
both files hold the same rows (read back through ``SqliteStore``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_RUN = """
import gc, json, resource, sys, time
from pathlib import Path
from kg.nx_store import NetworkxStore
from kg.sqlite_store import write_sqlite
gc.disable()  # as the ingest builds it
store = NetworkxStore.load(Path(sys.argv[1]) / "graph.pickle")
t, c = time.perf_counter(), time.process_time()
write_sqlite(store, Path(sys.argv[2]))
print(json.dumps([time.perf_counter() - t, time.process_time() - c,
                  resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024]))
"""


def build(src: Path, gen: Path, out: Path) -> tuple[float, float, int]:
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", _RUN, str(gen), str(out)], env=env, cwd=src,
                          capture_output=True, text=True, check=True)
    wall, cpu, peak = json.loads(done.stdout.strip().splitlines()[-1])
    return float(wall), float(cpu), int(peak)


def same_rows(a: Path, b: Path) -> bool:
    from kg.sqlite_store import SqliteStore
    from kg.store import LABELS, SCHEMA

    x, y = SqliteStore(a), SqliteStore(b)
    return all(x.find(label) == y.find(label) for label in LABELS) and \
        all(x.edges(etype) == y.edges(etype) for etype in SCHEMA)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=os.environ.get("YIJU_DATA_DIR"), required=False)
    ap.add_argument("--baseline", type=Path, help="another checkout, e.g. a worktree of main")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    if not args.data:
        sys.exit("需要 --data 数据目录（已导入全部法规）或 YIJU_DATA_DIR")
    gen = (args.data / "current").resolve()
    codes = {"this": REPO, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    times: dict[str, list[tuple[float, float, int]]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory(prefix="yiju-sqlite-bench-") as tmp:
        files = {name: Path(tmp) / f"{name}.sqlite" for name in codes}
        for _ in range(args.runs):
            for name, src in codes.items():
                times[name].append(build(src, gen, files[name]))
        print(f"graph: {gen}")
        print(f"{'code':9} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'file MB':>8}")
        for name, runs in times.items():
            print(f"{name:9} {statistics.median(r[0] for r in runs):7.1f} {statistics.median(r[1] for r in runs):7.1f}"
                  f" {max(r[2] for r in runs):8d} {files[name].stat().st_size / 2**20:8.0f}")
        if "baseline" in files:
            print(f"same rows: {same_rows(files['this'], files['baseline'])}")


if __name__ == "__main__":
    main()
