"""The full graph load into Neo4j, each run on a brand-new server, under JVM profiles side by side.

One run of this script loads the corpus graph (the statute layer, the catalogs
and the search index's terms, as ``yiju sync neo4j`` does) with
``Neo4jStore.replace_all`` into a freshly started private server, once per
profile and repetition, interleaved (profile A, B, A, B ...) so that a
shared machine's drift hits every profile alike.  A brand-new server is the
worst case: its JIT compiles Cypher, the store and Lucene while it loads, and
on 2 cores the compiler threads take CPU from the load itself.  Reported per
profile: median, min and max wall seconds, median server and client CPU
seconds, and the ratio of the median to the first (baseline) profile's.

    python3 bench/neo4j_load_bench.py [--data DIR] [--reps 3] [--profile stock --profile server] [--again] [--json]

``--data`` is a data dir built by ``yiju ingest`` (default: the configured one; its
current generation's graph and search index are loaded); ``--again`` also times a second load into
the same server (over the full graph: the previous generation is pruned).
Profiles: ``PROFILES``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.neo4j_bench import Meter
from kg.datadir import DataDir
from kg.neo4j_server import free_port, start_server, stop_server
from kg.neo4j_store import Neo4jStore
from kg.nx_store import NetworkxStore
from kg.search import index_token_texts
from kg.store import LABELS, SCHEMA

#: Launcher settings per profile name: the launcher's two profiles (``YIJU_NEO4J_PROFILE``,
#: see tools/neo4j/README.md), and ``stock`` -- the server profile with the JVM's own
#: defaults put back (G1 collector, JDK 17's C2 inlining limits), as a stock Neo4j runs:
#: the baseline the server profile is measured against.
PROFILES: dict[str, dict[str, str]] = {
    "test": {"YIJU_NEO4J_PROFILE": "test", "YIJU_NEO4J_JAVA_OPTS": ""},
    "server": {"YIJU_NEO4J_PROFILE": "server", "YIJU_NEO4J_JAVA_OPTS": ""},
    "stock": {"YIJU_NEO4J_PROFILE": "server",
              "YIJU_NEO4J_JAVA_OPTS": "-XX:FreqInlineSize=325 -XX:InlineSmallCode=2500 -XX:-UseParallelGC -XX:+UseG1GC"},
}


def one_run(profile: str, source: NetworkxStore, tokens: dict[str, str], again: bool) -> dict[str, Any]:
    """Start a server with ``profile`` in a new state dir, load, (load again,) stop, delete the dir."""
    from neo4j import GraphDatabase

    home = Path(tempfile.mkdtemp(prefix="yiju-load-bench-"))
    env = {"YIJU_NEO4J_HOME": str(home), "YIJU_NEO4J_PORT": str(free_port()), **PROFILES[profile]}
    out: dict[str, Any] = {"profile": profile}
    driver = None
    try:
        t0 = time.perf_counter()
        uri = start_server(env)
        out["start_s"] = round(time.perf_counter() - t0, 1)
        driver = GraphDatabase.driver(uri, auth=None)
        store = Neo4jStore(driver)
        store.ensure_schema()
        meter = Meter(int((home / "neo4j.pid").read_text().strip()))
        _, out["load"] = meter(lambda: store.replace_all(source, tokens=tokens))
        out["load"]["phases"] = store.last_load_timings
        if again:
            _, out["again"] = meter(lambda: store.replace_all(source, tokens=tokens))
            out["again"]["phases"] = store.last_load_timings
    finally:
        if driver is not None:
            driver.close()
        stop_server(env)
        shutil.rmtree(home, ignore_errors=True)
    return out


def summary(runs: list[dict[str, Any]], profiles: list[str], phase: str) -> list[dict[str, Any]]:
    """Per profile: median/min/max wall, median CPU, and the median's ratio to the first profile's."""
    rows = []
    for name in profiles:
        got = [r[phase] for r in runs if r["profile"] == name and phase in r]
        if not got:
            continue
        wall = [g["seconds"] for g in got]
        rows.append({"profile": name, "runs": len(got), "median_s": round(statistics.median(wall), 1),
                     "min_s": min(wall), "max_s": max(wall),
                     "server_cpu_s": round(statistics.median(g["server_cpu_s"] or 0 for g in got), 1),
                     "client_cpu_s": round(statistics.median(g["client_cpu_s"] for g in got), 1)})
    for row in rows:
        row["ratio"] = round(row["median_s"] / rows[0]["median_s"], 2)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="a data dir built by `yiju ingest` (default: the configured one, YIJU_DATA_DIR)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--profile", action="append", choices=sorted(PROFILES),
                    help="JVM profile to run (repeatable; the first is the baseline); default stock, server")
    ap.add_argument("--again", action="store_true", help="also time a second load over the full graph")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    profiles = args.profile or ["stock", "server"]
    if args.data is None:
        from kg.settings import Settings

        args.data = str(Settings().data_dir)
    cur = DataDir(Path(args.data)).current()
    if cur is None or not (cur / "graph.pickle").exists():
        raise SystemExit(f"no built generation under {args.data} (run `yiju ingest` first)")
    source = NetworkxStore.load(cur / "graph.pickle")
    tokens = index_token_texts(cur / "index")
    runs = []
    for rep in range(args.reps):
        for name in profiles:
            run = one_run(name, source, tokens, args.again)
            print(f"[run {rep + 1}/{args.reps}] {json.dumps(run)}", file=sys.stderr, flush=True)
            runs.append(run)
    result = {"graph": {"nodes": sum(source.count(label) for label in LABELS),
                        "edges": sum(len(source.edges(etype)) for etype in SCHEMA), "fulltext_docs": len(tokens)},
              "load": summary(runs, profiles, "load"), "again": summary(runs, profiles, "again"), "runs": runs}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"Full graph load into a brand-new Neo4j server ({result['graph']['nodes']} nodes, "
          f"{result['graph']['edges']} edges, {result['graph']['fulltext_docs']} full-text documents); {args.reps} runs per profile, interleaved")
    for phase in ("load", "again"):
        for row in result[phase]:
            print(f"  {phase:5} {row['profile']:7} median {row['median_s']:6.1f} s (min {row['min_s']}, max "
                  f"{row['max_s']}), ratio {row['ratio']:.2f}; server CPU {row['server_cpu_s']} s, client CPU "
                  f"{row['client_cpu_s']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
