"""Planner reports on a synthetic province: wall time and peak RSS per report.

    python3 bench/reports_bench.py                       # 1,000 townships × 500 items, embedded store
    python3 bench/reports_bench.py --json                # machine-readable
    python3 bench/reports_bench.py --layout township     # one catalog per township: 500,000 items
    YIJU_NEO4J_URI=bolt://localhost:7687 python3 bench/reports_bench.py   # also on Neo4j

The province comes from ``bench/reports_synthetic.py`` (built through
``kg.graph_build`` like an ingest) and is cached as a pickle in the system
temp dir.  Peak RSS is what a process needs to hold the graph and run one
report: on Linux each report runs in this process and the peak (VmHWM) is
reset before it through ``/proc/self/clear_refs``; elsewhere, or with
``--fork``, each report runs in a forked child and its ``ru_maxrss`` is
taken (a forked child also pays copy-on-write faults on the graph's pages).
The time is ``run_report`` alone, as wall clock and as CPU time (the better
figure on a busy machine; on Neo4j also the server's CPU time when the
server runs on this machine), then rendering (JSON by default).
Targets: ≤ 10 s and ≤ 4 GiB per report.

Neo4j runs when ``YIJU_NEO4J_URI`` is set (with ``YIJU_NEO4J_USER`` /
``YIJU_NEO4J_PASSWORD``; that database is *replaced*), or else on a private
instance of the bundled server that ``kg.neo4j_server`` starts in its own
state dir and port (``BENCH_SERVER_ENV``: ``YIJU_BENCH_NEO4J_HOME``,
``_PORT``, ``_HEAP``, ``_PAGECACHE_MB``, ``_PROFILE`` -- the launcher's ``server``
JVM profile by default) and stops afterwards; the graph is copied with
``Neo4jStore.replace_all``.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from api.exports import render_report
from kg.nx_store import NetworkxStore
from kg.reports import REPORTS, run_report
from kg.store import GraphStore

TIME_TARGET = 10.0
RSS_TARGET = 4 * 1024**3


def peak_rss() -> int:
    """Peak resident set size of this process, in bytes (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(kib * (1 if sys.platform == "darwin" else 1024))


def current_rss() -> int:
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except ImportError:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def province_store(args: argparse.Namespace) -> tuple[NetworkxStore, dict[str, Any]]:
    """The synthetic province, from the cache when the generator and parameters are unchanged."""
    from bench import reports_synthetic

    digest = hashlib.sha256(Path(reports_synthetic.__file__).read_bytes()).hexdigest()[:12]
    name = f"yiju-reports-{args.townships}x{args.items}-{args.per_county}-{args.layout}-{args.seed}-{digest}.pickle"
    cache = Path(args.cache or tempfile.gettempdir()) / name
    started = time.perf_counter()
    if cache.exists() and not args.rebuild:
        store = NetworkxStore.load(cache)
        info: dict[str, Any] = {"source": str(cache), "load_seconds": round(time.perf_counter() - started, 1)}
    else:
        store = NetworkxStore()
        counts = reports_synthetic.build_province(store, townships=args.townships, items=args.items,
                                                  per_county=args.per_county, layout=args.layout, seed=args.seed)
        store.save(cache)
        info = {"source": "generated", "build_seconds": round(time.perf_counter() - started, 1), **counts}
    info.update({label: store.count(label) for label in ("PenaltyItem", "Township", "Catalog", "Provision")})
    info["HOLDS"] = len(store._by_type.get("HOLDS", ()))
    return store, info


def _reset_peak_rss() -> bool:
    """Reset this process's peak RSS (Linux: VmHWM, via /proc/self/clear_refs); False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _vm_hwm() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return peak_rss()


def _measure(store: GraphStore, name: str, formats: list[str],
             server_cpu: Callable[[], float] | None = None) -> dict[str, Any]:
    """Run one report, then render it: timings, peak RSS since the last reset, counts."""
    s0 = server_cpu() if server_cpu else 0.0
    t0, c0 = time.perf_counter(), time.process_time()
    result = run_report(store, name)
    run_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    server_s = server_cpu() - s0 if server_cpu else None
    render: dict[str, float] = {}
    for fmt in formats:
        t1 = time.perf_counter()
        out = render_report(result, fmt)
        render[fmt] = round(time.perf_counter() - t1, 2)
        render[f"{fmt}_bytes"] = len(out)
    return {"report": name, "seconds": round(run_s, 2), "cpu_seconds": round(cpu_s, 2),
            "server_cpu_seconds": round(server_s, 2) if server_s is not None else None, "render": render,
            "findings": len(result.findings), "load_average": os.getloadavg()[0], "summary": result.summary,
            "message": result.message}


def _measure_in_child(open_store: Callable[[], GraphStore], name: str, formats: list[str], queue: Any,
                      server_cpu: Callable[[], float] | None = None) -> None:
    try:
        row = _measure(open_store(), name, formats, server_cpu)
        queue.put({**row, "peak_rss": peak_rss()})
    except BaseException as exc:  # noqa: BLE001 - report any failure to the parent
        queue.put({"report": name, "error": f"{type(exc).__name__}: {exc}"})


def run_all(open_store: Callable[[], GraphStore], reports: list[str], formats: list[str],
            fork: bool = False, server_cpu: Callable[[], float] | None = None) -> list[dict[str, Any]]:
    """Run each report, in this process (Linux: peak RSS reset between reports) or in a forked child.

    In-process is the default: a forked child pays copy-on-write page faults
    on every page of the graph it touches (reference counts), which a
    single-process server does not.
    """
    out = []
    in_process = not fork and _reset_peak_rss()
    store = open_store() if in_process else None
    for name in reports:
        started = time.perf_counter()
        if store is not None:
            gc.collect()
            _reset_peak_rss()
            try:
                row = {**_measure(store, name, formats, server_cpu), "peak_rss": _vm_hwm()}
            except Exception as exc:  # noqa: BLE001 - report any failure and go on
                row = {"report": name, "error": f"{type(exc).__name__}: {exc}"}
        else:
            ctx = mp.get_context("fork")
            queue = ctx.Queue()
            proc = ctx.Process(target=_measure_in_child, args=(open_store, name, formats, queue, server_cpu))
            proc.start()
            row = queue.get()
            proc.join()
        row["wall"] = round(time.perf_counter() - started, 2)
        row["mode"] = "in-process" if store is not None else "fork"
        out.append(row)
        print(_line(row), file=sys.stderr, flush=True)
    return out


def _line(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"  {row['report']:<14} 失败：{row['error']}"
    ok = "✓" if row["seconds"] <= TIME_TARGET and row["peak_rss"] <= RSS_TARGET else "✗"
    render = " ".join(f"{k}={v}s" for k, v in row["render"].items() if not k.endswith("_bytes"))
    server = f"，服务器 CPU {row['server_cpu_seconds']:.2f} s" if row.get("server_cpu_seconds") is not None else ""
    return (f"  {row['report']:<14} {row['seconds']:>7.2f} s（CPU {row['cpu_seconds']:.2f} s{server}）  "
            f"{row['peak_rss'] / 1024**3:>6.2f} GiB  "
            f"{row['findings']:>7} 条  {ok}  渲染 {render}")


# The bundled server runs in a state dir and on a port of its own, so that the bench (which
# replaces the whole database) never touches a server that tests or other sessions use.  It
# runs with the launcher's server profile (C2 JIT), as a deployed Neo4j does: the test profile
# stops at C1 to start quickly, which makes the server's share of a report 2-3 times slower.
BENCH_SERVER_ENV = {"YIJU_NEO4J_HOME": os.environ.get("YIJU_BENCH_NEO4J_HOME",
                                                      str(Path(tempfile.gettempdir()) / "yiju-reports-bench-neo4j")),
                    "YIJU_NEO4J_PORT": os.environ.get("YIJU_BENCH_NEO4J_PORT", "7797"),
                    "YIJU_NEO4J_HEAP": os.environ.get("YIJU_BENCH_NEO4J_HEAP", "2g"),
                    "YIJU_NEO4J_PAGECACHE_MB": os.environ.get("YIJU_BENCH_NEO4J_PAGECACHE_MB", "1024"),
                    "YIJU_NEO4J_PROFILE": os.environ.get("YIJU_BENCH_NEO4J_PROFILE", "server")}


def _process_cpu(pid_file: Path) -> Callable[[], float] | None:
    """CPU seconds (user + system) used so far by the process in ``pid_file``; None off Linux."""
    try:
        pid = int(pid_file.read_text().strip())
        Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    return cpu


def neo4j_opener() -> tuple[Callable[[], GraphStore], Callable[[], None], Callable[[], float] | None] | None:
    """A way to open the Neo4j store in a child process, a cleanup, and the server's CPU time
    (when it runs here); None when Neo4j is not available.

    With ``YIJU_NEO4J_URI`` set, that server is used (its database is replaced by the
    synthetic province; set ``YIJU_BENCH_NEO4J_PID_FILE`` to its pid file to measure its
    CPU time); otherwise a private server is started (``BENCH_SERVER_ENV``) and stopped
    afterwards.
    """
    uri = os.environ.get("YIJU_NEO4J_URI")
    pid_file = os.environ.get("YIJU_BENCH_NEO4J_PID_FILE")

    def stop() -> None:
        return None

    if not uri:
        try:
            from kg.neo4j_server import start_server, stop_server
        except ImportError:
            return None
        try:
            uri = start_server(BENCH_SERVER_ENV)
        except RuntimeError as exc:
            print(f"Neo4j 无法启动，跳过：{exc}", file=sys.stderr)
            return None
        pid_file = str(Path(BENCH_SERVER_ENV["YIJU_NEO4J_HOME"]) / "neo4j.pid")

        def stop() -> None:
            stop_server(BENCH_SERVER_ENV)

    password = os.environ.get("YIJU_NEO4J_PASSWORD")
    auth = (os.environ.get("YIJU_NEO4J_USER", "neo4j"), password) if password else None
    database = os.environ.get("YIJU_NEO4J_DATABASE", "neo4j")

    def open_store() -> GraphStore:
        from neo4j import GraphDatabase

        from kg.neo4j_store import Neo4jStore

        return Neo4jStore(GraphDatabase.driver(uri, auth=auth), database=database)

    return open_store, stop, _process_cpu(Path(pid_file)) if pid_file else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="规划报表基准测试")
    ap.add_argument("--townships", type=int, default=1_000)
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--per-county", type=int, default=10)
    ap.add_argument("--layout", choices=("county", "township"), default="county",
                    help="county: 每县一个目录由各乡镇承接；township: 每个乡镇一个目录（事项数 = 乡镇数 × 事项数）")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--reports", default=",".join(REPORTS))
    ap.add_argument("--formats", default="json", help="渲染格式，逗号分隔（json,xlsx,csv,png）；空则不渲染")
    ap.add_argument("--cache", default=None, help="合成图谱缓存目录（默认系统临时目录）")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--no-neo4j", action="store_true")
    ap.add_argument("--fork", action="store_true", help="每个报表在子进程中运行（默认在本进程中运行并重置峰值内存）")
    ap.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    args = ap.parse_args(argv)
    reports = [r for r in args.reports.split(",") if r]
    formats = [f for f in args.formats.split(",") if f]

    store, info = province_store(args)
    info["rss_after_load"] = current_rss()
    print(f"合成省份：{json.dumps(info, ensure_ascii=False)}", file=sys.stderr)
    results: dict[str, Any] = {"province": info, "targets": {"seconds": TIME_TARGET, "peak_rss": RSS_TARGET},
                               "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    print("内置存储（networkx）：", file=sys.stderr)
    results["networkx"] = run_all(lambda: store, reports, formats, fork=args.fork)
    opener = None if args.no_neo4j else neo4j_opener()
    skipped = "已按 --no-neo4j 跳过" if args.no_neo4j else "未设置 YIJU_NEO4J_URI 且无法启动内置服务器，跳过"
    if opener is not None:
        open_store, stop, server_cpu = opener
        try:
            neo = open_store()
            t0 = time.perf_counter()
            loaded = neo.replace_all(store)  # type: ignore[attr-defined]
            results["neo4j_load"] = {"seconds": round(time.perf_counter() - t0, 1), **loaded}
            neo.close()
            print("Neo4j：", file=sys.stderr)
            results["neo4j"] = run_all(open_store, reports, formats, fork=args.fork, server_cpu=server_cpu)
        finally:
            stop()
    else:
        results["neo4j"] = None
        print(f"Neo4j：{skipped}", file=sys.stderr)
    results["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        print(_table(results))
    failed = [r for backend in ("networkx", "neo4j") for r in (results.get(backend) or [])
              if "error" in r or r["seconds"] > TIME_TARGET or r["peak_rss"] > RSS_TARGET]
    return 1 if failed else 0


def _table(results: dict[str, Any]) -> str:
    p = results["province"]
    lines = [(f"合成省份：乡镇 {p['Township']}，事项 {p['PenaltyItem']}，承接关系 {p['HOLDS']}，条文 {p['Provision']}；"
              f"载入后 RSS {p['rss_after_load'] / 1024**3:.2f} GiB；"
              f"负载 {results['load_average'][0]:.1f}（{results['cpus']} 核）"),
             (f"{'后端':<8} {'报表':<14} {'耗时(s)':>8} {'CPU(s)':>7} {'服务器CPU(s)':>12} {'峰值RSS(GiB)':>13} "
              f"{'发现数':>8} {'JSON渲染(s)':>12} {'负载':>5}  达标")]
    for backend in ("networkx", "neo4j"):
        for r in results.get(backend) or []:
            if "error" in r:
                lines.append(f"{backend:<8} {r['report']:<14} 失败：{r['error']}")
                continue
            ok = "是" if r["seconds"] <= TIME_TARGET and r["peak_rss"] <= RSS_TARGET else "否"
            server = r.get("server_cpu_seconds")
            lines.append(f"{backend:<8} {r['report']:<14} {r['seconds']:>8.2f} {r['cpu_seconds']:>7.2f} "
                         f"{'—' if server is None else f'{server:.2f}':>12} {r['peak_rss'] / 1024**3:>13.2f} "
                         f"{r['findings']:>8} {r['render'].get('json', 0):>12.2f} {r['load_average']:>5.1f}  {ok}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
