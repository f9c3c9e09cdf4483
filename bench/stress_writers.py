"""Stress run: concurrent writers and readers on one data directory, bounded in count and time.

Writers are separate processes (as CLI runs and the server would be), each
doing a few catalog ingests, forced statute rebuilds and rollbacks; half of
their actions wait for the writer lock, half give up at once (``WRITER_BUSY``).
Readers are threads in this process: some share one service (as a server
does, re-opening each new generation), some open a fresh service per
request (as CLI commands do).  Pruning runs all the while.

Printed: requests, successes, WRITER_BUSY refusals and failures per kind,
then the invariants checked at the end: the audit log is one unbroken chain
of generations (no write was lost between two others), its last generation
is the serving one, no temporary build or worker process is left, the number
of kept generations is bounded.

    python bench/stress_writers.py [--writers 4] [--rounds 4] [--readers 4] [--seconds 180] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEMO_LAWS = REPO / "demo" / "laws"
CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,{town}\n"
       "2,对损坏城市绿化设施的处罚,《城市绿化条例》第二十七条,县执法局,{town}\n")
QUERIES = ["擅自砍伐城市树木", "在人行道上摆摊设点", "损坏城市绿化设施", "占用城市道路", "产品质量"]


def writer(n: int, root: str, rounds: int, deadline: float, wait: float, out: Any) -> None:
    """One writer process: ``rounds`` actions, each reported as (kind, outcome, detail).

    Every other action waits ``wait`` seconds for the writer lock (as the CLI does), the others not
    at all (as the server does).
    """
    from ingest.pipeline import ingest_catalog, ingest_laws, rollback
    from kg.datadir import DataDir
    from kg.errors import YijuError

    data = DataDir(Path(root))
    rng = random.Random(n)
    src = Path(root).parent / f"writer-{n}"
    src.mkdir(exist_ok=True)
    for r in range(rounds):
        if time.time() > deadline:
            break
        kind = "ingest_catalog" if r % 2 == 0 else rng.choice(["ingest_catalog", "ingest_laws", "rollback"])
        data.writer_wait = wait if (n + r) % 2 == 0 else 0.0
        started = time.perf_counter()
        try:
            if kind == "ingest_catalog":
                path = src / f"w{n}r{r}.csv"
                path.write_text(CSV.format(town=f"第{n}镇"), "utf-8")
                (src / f"w{n}r{r}.meta.yaml").write_text(f'doc_number: "压测〔2026〕{n}-{r}号"\n', "utf-8")
                ingest_catalog(path, data, actor=f"writer-{n}")
            elif kind == "ingest_laws":
                ingest_laws([DEMO_LAWS], data, workers=1, force=True, actor=f"writer-{n}")
            else:
                rollback(data, actor=f"writer-{n}")
            out.put((kind, "ok", round(time.perf_counter() - started, 2)))
        except YijuError as exc:
            # a refusal with a reason (e.g. nothing earlier to roll back to) is an answer, not a failure
            out.put((kind, "busy" if exc.code == "WRITER_BUSY" else "refused", f"[{exc.code}] {exc.message[:200]}"))
        except Exception as exc:  # noqa: BLE001 - every failure is counted, not hidden
            out.put((kind, "failed", f"{type(exc).__name__}: {exc}"[:300]))
    out.put(None)


def reader(root: Path, shared: Any, stop: threading.Event, tally: dict[str, Counter[str]],
           errors: list[str], lock: threading.Lock, n: int) -> None:
    from api.service import Yiju
    from kg.errors import NotFound
    from kg.settings import Settings

    rng = random.Random(1000 + n)
    while not stop.is_set():
        svc = shared if shared is not None else Yiju(Settings(data_dir=root))
        kind = "search (server)" if shared is not None else "search (fresh service)"
        if rng.random() < 0.3:
            kind = kind.replace("search", "authority check")
        outcome = "ok"
        try:
            if kind.startswith("search"):
                svc.search(rng.choice(QUERIES), limit=5)
            else:
                svc.check("第1镇", query=rng.choice(QUERIES))
        except NotFound:  # a township whose catalog a rollback removed: a correct answer
            outcome = "ok"
        except Exception as exc:  # noqa: BLE001
            outcome = "failed"
            with lock:
                errors.append(f"{kind}: {type(exc).__name__}: {exc}"[:300])
        with lock:
            tally[kind][outcome] += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=4, help="actions per writer")
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=180, help="no new action after this long")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import psutil

    from api.service import Yiju
    from ingest.pipeline import ingest_laws
    from kg import audit
    from kg.datadir import KEEP_GENERATIONS, DataDir
    from kg.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="yiju-stress-"))
    root = tmp / "data"
    started = time.perf_counter()
    ingest_laws([DEMO_LAWS], DataDir(root), workers=1, actor="setup")
    deadline = time.time() + args.seconds

    out: Any = mp.get_context("spawn").Queue()
    procs = [mp.get_context("spawn").Process(
        target=writer, args=(n, str(root), args.rounds, deadline, 120.0, out))
        for n in range(args.writers)]
    for p in procs:
        p.start()

    stop, lock = threading.Event(), threading.Lock()
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[str] = []
    server = Yiju(Settings(data_dir=root))
    threads = [threading.Thread(target=reader, args=(root, server if i % 2 == 0 else None, stop, tally, errors,
                                                      lock, i), daemon=True) for i in range(args.readers)]
    for t in threads:
        t.start()

    done, details = 0, defaultdict(list)
    while done < len(procs):
        try:
            item = out.get(timeout=args.seconds + 600)
        except Exception:  # noqa: BLE001 - a hung writer: stop here, it is reported below
            break
        if item is None:
            done += 1
            continue
        kind, outcome, detail = item
        with lock:
            tally[kind][outcome] += 1
        if outcome not in ("ok", "busy"):
            details[outcome].append(f"{kind} {detail}")
    stop.set()
    for t in threads:
        t.join(60)
    for p in procs:
        p.join(60)
    elapsed = time.perf_counter() - started

    data = DataDir(root)
    entries = audit.read(data)
    chain_ok = all(b["generation_before"] == a["generation_after"] for a, b in pairwise(entries))
    cur = data.current()
    writes_ok = sum(c["ok"] for k, c in tally.items() if k in ("ingest_catalog", "ingest_laws", "rollback"))
    invariants = {
        "audit chain unbroken": chain_ok,
        "last audited generation serves": bool(entries) and cur is not None
        and entries[-1]["generation_after"] == cur.name,
        "every successful write audited": len(entries) - 1 == writes_ok,
        "no temporary builds left": not list(data.generations.glob(".tmp-*"))
        and not list(data.generations.glob(".trash-*")),
        "kept generations bounded": len(data.generation_dirs()) <= KEEP_GENERATIONS + args.readers,
        "no writer process left": not any(p.is_alive() for p in procs),
        "no child process left": not [c for c in psutil.Process().children(recursive=True)
                                      if "resource_tracker" not in " ".join(c.cmdline())],  # multiprocessing's own
    }
    report = {
        "writers": args.writers, "rounds": args.rounds, "readers": args.readers, "seconds": round(elapsed, 1),
        "kinds": {k: dict(c) for k, c in sorted(tally.items())},
        "writer_problems": dict(details), "reader_errors": errors[:20], "reader_error_count": len(errors),
        "generations_kept": len(data.generation_dirs()), "audit_entries": len(entries),
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_writers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "invariants": invariants,
    }
    shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{args.writers} writers × {args.rounds} actions, {args.readers} readers, {elapsed:.0f} s")
        print(f"{'kind':<28}{'requests':>9}{'ok':>7}{'busy':>7}{'refused':>8}{'failed':>8}")
        for k, c in sorted(tally.items()):
            print(f"{k:<28}{sum(c.values()):>9}{c['ok']:>7}{c['busy']:>7}{c['refused']:>8}{c['failed']:>8}")
        for k, msgs in details.items():
            for m in msgs[:5]:
                print(f"  {k}: {m}")
        for e in errors[:10]:
            print(f"  reader {e}")
        for name, ok in invariants.items():
            print(f"{'OK  ' if ok else 'FAIL'} {name}")
        print(f"peak RSS: main {report['peak_rss_mb_main']} MB, largest writer {report['peak_rss_mb_writers']} MB")
    return 0 if all(invariants.values()) and not errors and not details.get("failed") else 1


if __name__ == "__main__":
    os.environ.setdefault("YIJU_GRAPH_BACKEND", "networkx")
    sys.exit(main())
