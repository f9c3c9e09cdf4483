"""Request latency and server memory while the server switches to a new generation, against steady state.

    python3 bench/switch_bench.py --data DIR                 # DIR: a data dir (its current generation is copied)
    python3 bench/switch_bench.py --data DIR --src SRC       # the server runs the code in SRC (a baseline)
    python3 bench/switch_bench.py --data DIR --upload FILE   # each switch is an upload of FILE (POST /catalogs)

A real server (uvicorn, one process) serves a private copy of DIR's current generation.  A
client asks ``/healthz``, ``/search``, ``/provisions/{id}`` (show) and ``/authority/check`` in turn
without pause.  After a steady period a new generation appears, ``--switches`` times: either a
copy of the serving one under a new id, made beforehand, with ``current`` swapped atomically (as
an ingest in another process leaves it), or, with ``--upload``, the server's own import job of a
catalog file (the ingest included).  Each time the client goes on until the server serves the
new generation, then 2 s longer.  Printed: latency p50 / p99 / max steady and during the switches
(requests overlapping a switch: from the swap or upload until 2 s after the new generation
serves), their ratio, how long each switch took, failed requests, and resident memory: the
server's idle and at its peak, and the peak of its child processes (an upload's import process).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
QUERY = "未取得建设工程规划许可证进行建设"
CHECK = "在人行道上摆摊设点"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_current(source: Path, target: Path) -> Path:
    cur = (source / "current").resolve()
    (target / "generations").mkdir(parents=True)
    shutil.copytree(cur, target / "generations" / cur.name, symlinks=True)
    if (source / "catalogs").is_dir():
        shutil.copytree(source / "catalogs", target / "catalogs")
    os.symlink(Path("generations") / cur.name, target / "current")
    return target / "generations" / cur.name


def copy_generation(data: Path, gen: Path, n: int = 0) -> str:
    new_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f".99999999{n}-bnch"
    shutil.copytree(gen, data / "generations" / new_id, symlinks=True)
    return new_id


def swap(data: Path, new_id: str) -> None:
    link = data / f".current-bench-{new_id}"
    os.symlink(Path("generations") / new_id, link)
    os.replace(link, data / "current")


def summary(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"n": 0}
    s = sorted(samples)
    return {"n": len(s), "p50_ms": round(statistics.median(s) * 1000, 1),
            "p99_ms": round(s[min(len(s) - 1, int(len(s) * 0.99))] * 1000, 1), "max_ms": round(s[-1] * 1000, 1)}


def main() -> None:
    import httpx
    import psutil

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--src", type=Path, default=REPO, help="code the server runs (default: this checkout)")
    ap.add_argument("--steady", type=float, default=15.0, help="seconds of steady state measured")
    ap.add_argument("--switches", type=int, default=3, help="switches measured")
    ap.add_argument("--upload", type=Path, help="switch by uploading this catalog file (the server's import job)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yiju-switch-bench-"))
    data = tmp / "data"
    gen = copy_current(args.data, data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    token = "switch-bench"
    env = {**os.environ, "YIJU_DATA_DIR": str(data), "PYTHONPATH": str(args.src), "PYTHONDONTWRITEBYTECODE": "1",
           "YIJU_UPLOAD_TOKEN": token}
    code = ("import uvicorn; from api.app import create_app; from kg.settings import Settings; "
            f"uvicorn.run(create_app(Settings()), host='127.0.0.1', port={port}, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=args.src)
    samples: list[tuple[float, float, bool, str]] = []  # (start, seconds, ok, kind)
    serving: list[str | None] = [None]  # the generation the probe's last /healthz named
    windows: list[tuple[float, float]] = []  # (switch started, new generation served + 2 s)
    took: list[float] = []
    stop = threading.Event()
    try:
        for _ in range(1200):
            try:
                if httpx.get(base + "/healthz", timeout=120).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        town = (httpx.get(base + "/townships", timeout=120).json() or [{"key": "航埠镇"}])[0]["key"]
        found = httpx.get(base + "/search", params={"q": QUERY}, timeout=120).json()["hits"]
        shown = next(h["provision_id"] for h in found if h.get("kind") == "provision")
        urls = [("healthz", "/healthz", {}), ("search", "/search", {"q": QUERY}),
                ("show", "/provisions/" + shown, {}), ("check", "/authority/check", {"township": town, "q": CHECK})]
        copies = [] if args.upload else [copy_generation(data, gen, i) for i in range(args.switches)]  # I/O first
        server = psutil.Process(proc.pid)
        idle_rss = server.memory_info().rss
        peak, child_peak = [idle_rss], [0]

        def probe() -> None:
            with httpx.Client(timeout=120) as client:
                i = 0
                while not stop.is_set():
                    kind, url, params = urls[i % len(urls)]
                    t0 = time.perf_counter()
                    try:
                        resp = client.get(base + url, params=params)
                        ok = resp.status_code == 200
                        if ok and kind == "healthz":
                            serving[0] = resp.json().get("generation")
                    except httpx.HTTPError:
                        ok = False
                    samples.append((t0, time.perf_counter() - t0, ok, kind))
                    i += 1

        def watch() -> None:
            while not stop.is_set():
                try:
                    peak.append(server.memory_info().rss)
                    child_peak.append(sum(c.memory_info().rss for c in server.children(recursive=True)))
                except psutil.Error:
                    pass
                time.sleep(0.05)

        threads = [threading.Thread(target=probe, daemon=True), threading.Thread(target=watch, daemon=True)]
        for t in threads:
            t.start()
        time.sleep(args.steady)
        t_first = time.perf_counter()
        # the switch is watched through the probe's own /healthz answers: no second client meanwhile
        # (an upload's job is polled every 0.25 s)
        with httpx.Client(timeout=120) as client:
            for i in range(args.switches):
                before = serving[0]
                t0 = time.perf_counter()
                if args.upload:
                    with args.upload.open("rb") as f:
                        resp = client.post(base + "/catalogs", headers={"X-Yiju-Token": token},
                                           files={"file": (args.upload.name, f.read())})
                    job = resp.json()["id"]
                    while client.get(base + f"/jobs/{job}").json()["status"] not in ("done", "failed"):
                        time.sleep(0.25)
                else:
                    swap(data, copies[i])
                while serving[0] == before and time.perf_counter() - t0 < 600:
                    time.sleep(0.01)
                took.append(time.perf_counter() - t0)
                windows.append((t0, time.perf_counter() + 2))
                time.sleep(2)
        stop.set()
        for t in threads:
            t.join()
        after = server.memory_info().rss
    finally:
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)

    def during(t0: float, s: float) -> bool:
        return any(t0 + s >= a and t0 <= b for a, b in windows)  # any overlap with a switch

    steady = [s for t0, s, _, _ in samples if t0 + s < t_first]
    switching = [s for t0, s, _, _ in samples if during(t0, s)]
    a, b = summary(steady), summary(switching)
    print(f"code: {args.src}  switches: {args.switches} x {'upload of ' + args.upload.name if args.upload else 'copy'}")
    print(f"steady:          {a}")
    print(f"during switches: {b}  p99 ratio {round(b.get('p99_ms', 0) / max(a.get('p99_ms', 1), 1e-9), 2)}")
    for kind in ("healthz", "search", "show", "check"):
        s1 = summary([s for t0, s, _, k in samples if k == kind and t0 + s < t_first])
        s2 = summary([s for t0, s, _, k in samples if k == kind and during(t0, s)])
        print(f"  {kind:8} steady p50/p99 {s1.get('p50_ms')}/{s1.get('p99_ms')} ms, "
              f"during {s2.get('p50_ms')}/{s2.get('p99_ms')} ms")
    print(f"switch took (s, until served): {[round(t, 2) for t in took]}")
    print(f"failed requests: {sum(1 for _, _, ok, _ in samples if not ok)} of {len(samples)}")
    print(f"server RSS idle {round(idle_rss / MB)} MB, peak {round(max(peak) / MB)} MB, "
          f"after the switches {round(after / MB)} MB; child processes' peak {round(max(child_peak) / MB)} MB")


if __name__ == "__main__":
    main()
