"""Cold ``yiju search`` / ``yiju show`` against the bare import of the libraries they use, in the same run.

Each command runs as a new process (cold: nothing shared but the OS file
cache), interleaved with its baseline ``python -c "import …"`` so a noisy
shared machine affects both alike.  Reported: median wall time and peak RSS
of each, and the ratio.  The goal is a ratio within 4.

    python bench/cli_bench.py [--data DIR] [--runs 5] [--add-sqlite]

``--data`` is a data dir with the full corpus ingested (default: $YIJU_DATA_DIR);
``--add-sqlite`` first writes ``graph.sqlite`` into its current generation when
that generation predates it (generations built now have it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CASES = {
    # command, the libraries it imports (its baseline)
    "search": (["search", "在人行道上摆摊设点", "--limit", "10"],
               "import typer, rich, pydantic_settings, whoosh, jieba, numpy, yaml"),
    "show": (["show", "中华人民共和国城乡规划法/art_64"], "import typer, rich, pydantic_settings, sqlite3, zlib"),
}


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """One run in a helper process, so the peak RSS is this command's alone."""
    code = ("import json,resource,subprocess,sys,time;t=time.perf_counter();"
            f"p=subprocess.run({argv!r},capture_output=True);w=time.perf_counter()-t;"
            "print(json.dumps([w,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss//1024,p.returncode]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    wall, peak, status = json.loads(out.stdout)
    return float(wall), int(peak), int(status)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=os.environ.get("YIJU_DATA_DIR"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--add-sqlite", action="store_true")
    args = ap.parse_args()
    if not args.data:
        sys.exit("需要 --data 数据目录（已导入全部法规）或 YIJU_DATA_DIR")
    env = {**os.environ, "YIJU_DATA_DIR": str(args.data), "NO_COLOR": "1"}
    cur = (args.data / "current").resolve()
    if args.add_sqlite and not (cur / "graph.sqlite").exists():
        from kg.nx_store import NetworkxStore
        from kg.sqlite_store import write_sqlite

        t = time.perf_counter()
        write_sqlite(NetworkxStore.load(cur / "graph.pickle"), cur / "graph.sqlite")
        print(f"graph.sqlite written in {time.perf_counter() - t:.1f} s")
    print(f"data: {cur} (graph.sqlite: {'yes' if (cur / 'graph.sqlite').exists() else 'no'})")
    print(f"{'command':8} {'cold s':>8} {'base s':>8} {'ratio':>6} {'cold MB':>8} {'base MB':>8}")
    for name, (cli_args, imports) in CASES.items():
        cold, base, cold_mb, base_mb = [], [], [], []
        for _ in range(args.runs):
            w, m, status = measure([sys.executable, "-m", "api.cli", *cli_args], env)
            if status != 0:
                sys.exit(f"yiju {' '.join(cli_args)} exited {status}")
            cold.append(w)
            cold_mb.append(m)
            w, m, _ = measure([sys.executable, "-c", imports], env)
            base.append(w)
            base_mb.append(m)
        c, b = statistics.median(cold), statistics.median(base)
        print(f"{name:8} {c:8.2f} {b:8.2f} {c / b:6.1f} {max(cold_mb):8d} {max(base_mb):8d}")


if __name__ == "__main__":
    main()
