"""Request latency while the server switches to a new generation, against steady state.

    python3 bench/switch_bench.py --data DIR            # DIR: a data dir (its current generation is copied)
    python3 bench/switch_bench.py --data DIR --src SRC  # the server runs the code in SRC (a baseline)

A real server (uvicorn, one process) serves a private copy of DIR's current generation.  A
client asks ``/healthz`` and ``/search`` in turn without pause.  After a steady period a new
generation appears (a copy of the serving one under a new id, made beforehand, and ``current``
swapped atomically, as an ingest in another process leaves it); the client goes on until the
server serves it, then a little longer.  Printed: latency p50 / p99 / max steady and from the swap until 2 s after
the new generation serves, how long the switch took, the number of failed requests, and the server's
resident memory idle and at its peak.
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


def copy_generation(data: Path, gen: Path) -> str:
    new_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + ".999999999-bnch"
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
    ap.add_argument("--more", type=int, default=0,
                    help="further switches after the measured one: resident memory after each (a leak shows)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yiju-switch-bench-"))
    data = tmp / "data"
    gen = copy_current(args.data, data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "YIJU_DATA_DIR": str(data), "PYTHONPATH": str(args.src), "PYTHONDONTWRITEBYTECODE": "1"}
    code = ("import uvicorn; from api.app import create_app; from kg.settings import Settings; "
            f"uvicorn.run(create_app(Settings()), host='127.0.0.1', port={port}, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=args.src)
    samples: list[tuple[float, float, bool]] = []  # (start, seconds, ok)
    stop = threading.Event()
    try:
        for _ in range(1200):
            try:
                if httpx.get(base + "/healthz", timeout=120).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        new_id = copy_generation(data, gen)  # before measuring: the copy's I/O is not the switch's cost
        server = psutil.Process(proc.pid)
        idle_rss = server.memory_info().rss
        peak = [idle_rss]

        def probe() -> None:
            with httpx.Client(timeout=120) as client:
                i = 0
                while not stop.is_set():
                    url = "/healthz" if i % 2 == 0 else "/search?q=未取得建设工程规划许可证进行建设"
                    t0 = time.perf_counter()
                    try:
                        ok = client.get(base + url).status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    samples.append((t0, time.perf_counter() - t0, ok))
                    i += 1

        def watch() -> None:
            while not stop.is_set():
                try:
                    peak.append(server.memory_info().rss)
                except psutil.Error:
                    return
                time.sleep(0.05)

        threads = [threading.Thread(target=probe, daemon=True), threading.Thread(target=watch, daemon=True)]
        for t in threads:
            t.start()
        time.sleep(args.steady)
        t_swap = time.perf_counter()
        swap(data, new_id)
        t_copied = time.perf_counter()
        served = None
        with httpx.Client(timeout=120) as client:
            while time.perf_counter() - t_copied < 600:
                if client.get(base + "/healthz").json().get("generation") == new_id:
                    served = time.perf_counter()
                    break
                time.sleep(0.05)
        time.sleep(2)
        stop.set()
        for t in threads:
            t.join()
        after = [server.memory_info().rss]
        for _ in range(args.more):
            old_id = new_id
            new_id = copy_generation(data, gen)
            swap(data, new_id)
            while httpx.get(base + "/healthz", timeout=120).json().get("generation") != new_id:
                time.sleep(0.2)
            shutil.rmtree(data / "generations" / old_id, ignore_errors=True)  # as pruning would
            for _ in range(20):  # a little traffic, then the resident memory
                httpx.get(base + "/search?q=未取得建设工程规划许可证进行建设", timeout=120)
            after.append(server.memory_info().rss)
    finally:
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)
    steady = [s for t0, s, _ in samples if t0 + s < t_swap]
    end = (served or t_copied) + 2  # the last requests that may still wait on the switch
    during = [s for t0, s, _ in samples if t0 + s >= t_swap and t0 <= end]  # any overlap with the switch
    print(f"code: {args.src}")
    print(f"steady:        {summary(steady)}")
    print(f"during switch: {summary(during)}  (switch took {round((served or 0) - t_copied, 2)} s after the swap)")
    print(f"failed requests: {sum(1 for *_, ok in samples if not ok)} of {len(samples)}")
    print(f"server RSS idle {round(idle_rss / MB)} MB, peak {round(max(peak) / MB)} MB, "
          f"after each switch {[round(r / MB) for r in after]} MB")


if __name__ == "__main__":
    main()
