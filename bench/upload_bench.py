"""Hostile and heavy uploads against a real server: what is refused, how fast, and what a job costs.

    python3 bench/upload_bench.py                 # demo data, in a temporary copy
    python3 bench/upload_bench.py --data DIR      # a copy of DIR (e.g. the full corpus' data dir)
    python3 bench/upload_bench.py --json

Starts ``uvicorn`` over ``api.app.create_app`` in a child process on a free port, then:

- a wrong token with a 300 MB body (with a length, and chunked), sent piece by piece over a raw
  socket that stops at the first answer: the answer, its time and how much body went before it;
- the right token with ``Content-Length`` of 300 MB, and again chunked without a length;
- a 743 KB-class workbook of 190 worksheets × 1 MiB (the zip bomb of issue 12);
- the worst upload within the default limits: a CSV of ``upload_max_rows`` rows, run as a job,
  while a second thread asks ``/healthz`` and ``/search`` all the time: their latency (p50, p99,
  max) before and during the job, the job's wall time, and the server's peak RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TOKEN = "bench-token"
MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def demo_data(target: Path) -> None:
    from ingest.pipeline import ingest_catalog, ingest_laws
    from kg.datadir import DataDir

    data = DataDir(target)
    ingest_laws([REPO / "demo" / "laws"], data, workers=1)
    for cat in sorted((REPO / "demo" / "catalogs").glob("*")):
        if cat.suffix.lower() in (".xlsx", ".xls", ".csv", ".json"):
            ingest_catalog(cat, data)


def start_server(data: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "YIJU_DATA_DIR": str(data), "YIJU_UPLOAD_TOKENS": f"bench:{TOKEN}",
           "PYTHONPATH": str(REPO)}
    code = ("import uvicorn; from api.app import create_app; from kg.settings import Settings; "
            f"uvicorn.run(create_app(Settings()), host='127.0.0.1', port={port}, log_level='warning')")
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO)


def wait_ready(base: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit("server exited")
        try:
            if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server not ready")


def hostile(port: int, name: str, headers: dict[str, str], size: int, chunked: bool) -> dict[str, Any]:
    """Send the headers and the body in 256 KB pieces, reading between pieces: stop at the first answer."""
    head = (f"POST /catalogs HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            + ("Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {size}\r\n") + "\r\n")
    preamble = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
    piece = b"x" * (256 * 1024)
    sent, answer = 0, b""
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head.encode("latin-1"))
        sock.settimeout(0.01)
        first = True
        try:
            while sent < size:
                data = preamble + piece[len(preamble):] if first else piece
                first = False
                sock.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n" if chunked else data)
                sent += len(data)
                try:
                    answer = sock.recv(65536)
                except TimeoutError:
                    continue
                if answer:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        if not answer:
            sock.settimeout(30)
            try:
                answer = sock.recv(65536)
            except OSError:
                answer = b""
        seconds = time.perf_counter() - t0
        sock.settimeout(2)
        while answer and b"\r\n\r\n" in answer and not answer.rstrip().endswith(b"}"):
            try:  # the rest of the answer's body, if it came in pieces
                more = sock.recv(65536)
            except OSError:
                break
            if not more:
                break
            answer += more
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else None
    body = answer.split(b"\r\n\r\n", 1)[-1]
    try:
        code = json.loads(body.decode("utf-8")).get("error", {}).get("code")
    except ValueError:
        code = None
    return {"case": name, "status": status, "code": code, "seconds": round(seconds, 3),
            "body_sent_mb": round(sent / MB, 2), "body_mb": round(size / MB, 1)}


def bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(1, 191):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", b"<worksheet>" + b" " * MB + b"</worksheet>")
    return buf.getvalue()


def big_csv(rows: int) -> bytes:
    lines = ["序号,事项名称,法律依据,主管部门,承接乡镇"]
    basis = ["《中华人民共和国城乡规划法》第六十四条", "《城市绿化条例》第二十六条", "《中华人民共和国野生动物保护法》第四十五条"]
    for i in range(1, rows + 1):
        lines.append(f"{i},对第{i}种违法行为的行政处罚,{basis[i % 3]},县综合行政执法局,航埠镇")
    return ("\n".join(lines) + "\n").encode("utf-8")


class Prober(threading.Thread):
    """Asks /healthz and /search in turn, as fast as they answer, and keeps each latency."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop, self.samples, self.errors = base, threading.Event(), [], 0

    def run(self) -> None:
        import httpx

        with httpx.Client(timeout=120) as client:
            i = 0
            while not self.stop.is_set():
                url = "/healthz" if i % 2 == 0 else "/search?q=未取得建设工程规划许可证进行建设"
                t0 = time.perf_counter()
                try:
                    ok = client.get(self.base + url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.samples.append(time.perf_counter() - t0)
                self.errors += 0 if ok else 1
                i += 1
                time.sleep(0.02)


def summary(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {}
    ordered = sorted(samples)
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def peak_rss(pid: int, stop: threading.Event, out: list[int]) -> None:
    import psutil

    proc = psutil.Process(pid)
    while not stop.is_set():
        try:
            out.append(proc.memory_info().rss)
        except psutil.Error:
            return
        time.sleep(0.05)


def main() -> None:
    import httpx

    from kg.settings import Settings

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="a data dir to copy (default: the demo data)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    limits = Settings(_env_file=None)  # type: ignore[call-arg]
    tmp = Path(tempfile.mkdtemp(prefix="yiju-upload-bench-"))
    data = tmp / "data"
    if args.data:
        shutil.copytree(args.data, data, symlinks=True)
    else:
        demo_data(data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(data, port)
    results: dict[str, Any] = {"limits": {k: getattr(limits, k) for k in (
        "upload_max_bytes", "upload_max_rows", "upload_max_cell_chars", "upload_max_uncompressed_bytes",
        "upload_max_sheets")}}
    try:
        wait_ready(base, proc)
        ctype = {"Content-Type": "multipart/form-data; boundary=b"}
        results["hostile"] = [
            hostile(port, "wrong token, 300 MB", {**ctype, "X-Yiju-Token": "wrong"}, 300 * MB, False),
            hostile(port, "wrong token, 300 MB chunked", {**ctype, "X-Yiju-Token": "wrong"}, 300 * MB, True),
            hostile(port, "token, Content-Length 300 MB", {**ctype, "X-Yiju-Token": TOKEN}, 300 * MB, False),
            hostile(port, "token, 300 MB chunked", {**ctype, "X-Yiju-Token": TOKEN}, 300 * MB, True),
        ]
        data_bomb = bomb()
        t0 = time.perf_counter()
        resp = httpx.post(base + "/catalogs", headers={"X-Yiju-Token": TOKEN},
                          files={"file": ("bomb.xlsx", data_bomb, "application/octet-stream")}, timeout=120)
        results["bomb"] = {"bytes": len(data_bomb), "status": resp.status_code,
                           "code": resp.json().get("error", {}).get("code"),
                           "seconds": round(time.perf_counter() - t0, 3)}

        prober = Prober(base)
        prober.start()
        time.sleep(3)
        before = list(prober.samples)
        rss: list[int] = []
        stop_rss = threading.Event()
        watcher = threading.Thread(target=peak_rss, args=(proc.pid, stop_rss, rss), daemon=True)
        watcher.start()
        body = big_csv(limits.upload_max_rows - 1)  # the header row counts
        mark = len(prober.samples)
        t0 = time.perf_counter()
        resp = httpx.post(base + "/catalogs", headers={"X-Yiju-Token": TOKEN},
                          files={"file": ("big.csv", body, "text/csv")}, timeout=120)
        post_seconds = time.perf_counter() - t0
        job_id = resp.json()["id"]
        while True:
            job = httpx.get(f"{base}/jobs/{job_id}", timeout=120).json()
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
        job_seconds = time.perf_counter() - t0
        during = prober.samples[mark:]
        prober.stop.set()
        prober.join()
        stop_rss.set()
        watcher.join()
        results["worst_within_limits"] = {
            "rows": limits.upload_max_rows, "mb": round(len(body) / MB, 1), "post_status": resp.status_code,
            "post_seconds": round(post_seconds, 3), "job_status": job["status"], "job_message": job["message"],
            "job_seconds": round(job_seconds, 1), "server_peak_rss_mb": round(max(rss) / MB) if rss else None,
            "probe_errors": prober.errors, "latency_before": summary(before), "latency_during_job": summary(during),
        }
    finally:
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print("limits:", results["limits"])
    for r in results["hostile"]:
        print(f"{r['case']:30} → {r['status']} {r['code']} in {r['seconds']} s, "
              f"after {r['body_sent_mb']} of {r['body_mb']} MB of body")
    b = results["bomb"]
    print(f"190 sheets × 1 MiB ({b['bytes'] // 1024} KB) → {b['status']} {b['code']} in {b['seconds']} s")
    w = results["worst_within_limits"]
    print(f"worst within limits: {w['rows']} rows, {w['mb']} MB → POST {w['post_status']} in {w['post_seconds']} s, "
          f"job {w['job_status']} in {w['job_seconds']} s, server peak RSS {w['server_peak_rss_mb']} MB")
    print(f"  {w['job_message']}")
    print(f"  /healthz + /search before: {w['latency_before']}")
    print(f"  during the job:           {w['latency_during_job']}  errors {w['probe_errors']}")


if __name__ == "__main__":
    main()
