"""Neo4j vs the embedded store: bulk loads and the lookups authority checks make.

One run measures:

1. the statute layer of the full shared corpus (``ingest.pipeline.ingest_laws``
   into a temporary data dir, or ``--data DIR`` to reuse a built one), copied
   into Neo4j with ``Neo4jStore.replace_all`` (timed); ``--corpus-like`` uses
   ``bench.synthetic.corpus_bundle`` of the same size instead (quick, no parsing);
2. a synthetic province (``bench.synthetic.province_bundle``: 1,000 townships x
   500 items by default) loaded into both stores, then p50/p99 latency of
   ``edges("HOLDS", dst=item)``, ``get("PenaltyItem", key)`` and
   ``find("PenaltyItem", code=...)`` on both, side by side with the ratio to
   networkx; plus one catalog re-ingest (``write`` of a 500-item bundle with its
   deletes) on both;
3. peak RSS of this Python process, this process's and the server's CPU
   seconds (the server's when its pid is known), the load average (the
   numbers are wall-clock on a shared machine) and the server's JIT mode.

The server is ``YIJU_NEO4J_URI`` (with ``YIJU_NEO4J_USER``/``YIJU_NEO4J_PASSWORD``)
or one started with ``kg.neo4j_server.start_server()`` and stopped at the end;
that one runs with the launcher's ``server`` profile (C2 JIT; the default
``test`` profile's C1-only JIT is for short test runs) unless
``YIJU_NEO4J_PROFILE`` says otherwise.  The Neo4j database is overwritten.
``bench/neo4j_load_bench.py`` compares JVM profiles on the full load alone.

    python3 bench/neo4j_bench.py [--json] [--townships 1000] [--items 500] [--queries 2000]
                                 [--corpus-like | --no-corpus | --data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.synthetic import corpus_bundle, province_bundle, sample_keys
from kg.neo4j_store import Neo4jStore
from kg.nx_store import NetworkxStore
from kg.search import index_token_texts
from kg.store import LABELS, SCHEMA, GraphBundle, GraphStore

CORPUS = REPO.parent / "shared" / "corpus" / "laws"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _server_pid() -> int | None:
    if os.environ.get("YIJU_NEO4J_SERVER_PID"):
        return int(os.environ["YIJU_NEO4J_SERVER_PID"])
    home = Path(os.environ.get("YIJU_NEO4J_HOME", REPO / ".neo4j"))
    try:
        return int((home / "neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _server_jvm(pid: int | None) -> dict[str, str | None]:
    """The server's heap limit, JIT mode and JIT/GC flags, from its command line (Linux)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0") if pid else []
    except OSError:
        args = []
    jit = [a.split("=", 1)[1] for a in args if a.startswith("-XX:TieredStopAtLevel=")]
    heap = [a[4:] for a in args if a.startswith("-Xmx")]
    tuning = [a for a in args if a.startswith(("-XX:FreqInlineSize", "-XX:InlineSmallCode", "-XX:+Use"))]
    return {"jit": None if not args else ("C1 only" if jit and jit[-1] == "1" else "C1+C2"),
            "heap": heap[-1] if heap else None, "flags": " ".join(tuning) or None}


def _server_cpu(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class Meter:
    """Wall time, this process's CPU time, and the server's over the same span when known."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid

    def __call__(self, fn: Callable[[], Any]) -> tuple[Any, dict[str, float | None]]:
        load = os.getloadavg()[0]
        cpu0, own0, t0 = _server_cpu(self.pid), time.process_time(), time.perf_counter()
        out = fn()
        wall, own1, cpu1 = time.perf_counter() - t0, time.process_time(), _server_cpu(self.pid)
        return out, {"seconds": round(wall, 2), "client_cpu_s": round(own1 - own0, 2),
                     "server_cpu_s": round(cpu1 - cpu0, 2) if cpu0 is not None and cpu1 is not None else None,
                     "load_average": round(load, 2)}


def _counts(store: GraphStore) -> dict[str, int]:
    return {label: store.count(label) for label in LABELS if store.count(label)}


def corpus_graph(args: argparse.Namespace) -> tuple[NetworkxStore | None, dict[str, Any]]:
    """The statute layer as an embedded store, and how it was obtained."""
    if args.no_corpus:
        return None, {"source": "skipped"}
    if args.corpus_like:
        t0 = time.perf_counter()
        store = NetworkxStore()
        store.write(corpus_bundle())
        return store, {"source": "bench.synthetic.corpus_bundle", "build_s": round(time.perf_counter() - t0, 1)}
    from kg.datadir import DataDir

    if args.data:
        cur = DataDir(Path(args.data)).current()
        if cur is None or not (cur / "graph.pickle").exists():
            raise SystemExit(f"no built generation under {args.data}")
        return NetworkxStore.load(cur / "graph.pickle"), {"source": str(cur / "graph.pickle"),
                                                          "tokens": index_token_texts(cur / "index"),
                                                          "index": str(cur / "index")}
    try:
        from ingest.pipeline import ingest_laws
    except ImportError as exc:  # the pipeline is not there yet: say so, fall back
        print(f"[corpus] ingest pipeline unavailable ({exc}); using corpus_bundle", file=sys.stderr)
        args.corpus_like = True
        return corpus_graph(args)
    tmp = Path(tempfile.mkdtemp(prefix="yiju-bench-"))
    t0 = time.perf_counter()
    report = ingest_laws([CORPUS], DataDir(tmp))
    cur = DataDir(tmp).current()
    assert cur is not None
    return NetworkxStore.load(cur / "graph.pickle"), {
        "source": f"ingest_laws({CORPUS}) -> {tmp}", "ingest_s": round(time.perf_counter() - t0, 1),
        "files": report.files, "rejected": report.rejected, "tokens": index_token_texts(cur / "index"),
        "index": str(cur / "index")}


def served_side_by_side(source: NetworkxStore, neo: Neo4jStore, index_path: Path,
                        args: argparse.Namespace) -> list[dict[str, Any]]:
    """What the API serves, over the corpus graph on each backend with the same search index.

    Search: ``Yiju.search`` (whoosh ranking, then the items citing each hit from the
    graph) for the dev and colloquial queries; authority checks: ``Yiju.check`` by
    item code and by provision for township/item pairs of the graph's HOLDS edges
    (held or not); and Neo4j's own full-text query over the same terms, beside
    whoosh's plain BM25F, for the same queries.
    """
    import random

    from api.service import Yiju
    from kg.analysis import tokenize
    from kg.evaluation import load_cases
    from kg.search import WhooshIndex
    from kg.settings import Settings

    cases = [c for path in (args.dev, args.colloquial) if path.exists() for c in load_cases(path)]
    index = WhooshIndex.open(index_path)
    index.warm()
    rng = random.Random(args.seed)
    towns = [t["key"] for t in source.find("Township")]
    checks: list[tuple[str, str | None, str | None]] = []
    for item in source.find("PenaltyItem"):
        basis = source.edges("BASIS", src=item["key"])
        for town in rng.sample(towns, min(2, len(towns))):
            checks.append((town, item.get("code"), basis[0].dst if basis else None))
    checks = rng.sample(checks, min(len(checks), args.queries // 4))
    embedded, server = Yiju(Settings(), store=source, index=index), Yiju(Settings(), store=neo, index=index)
    patterns: dict[str, tuple[Callable[[Yiju], Callable[[Any], Any]], list[Any]]] = {
        "search (dev + colloquial)": (lambda y: lambda c: y.search(c.query, region=c.region, limit=10), cases),
        "check by item code": (lambda y: lambda t: y.check(t[0], item_code=t[1]), [t for t in checks if t[1]]),
        "check by provision": (lambda y: lambda t: y.check(t[0], provision=t[2]), [t for t in checks if t[2]]),
    }
    rows = [_side_by_side(name, len(keys), _latency(make(embedded), keys), _latency(make(server), keys))
            for name, (make, keys) in patterns.items()]
    terms = [tokenize(c.query) for c in cases]
    rows.append(_side_by_side(
        "full text alone (whoosh | Neo4j)", len(cases),
        _latency(lambda c: index.search(c.query, region=c.region, limit=10, plain=True), cases),
        _latency(lambda t: neo.fulltext(t, 10), terms)))
    index.close()
    return rows


def _side_by_side(query: str, n: int, a: dict[str, float], b: dict[str, float]) -> dict[str, Any]:
    """One latency row: the embedded store's figures ``a``, Neo4j's ``b``, and their ratios."""
    return {"query": query, "n": n, "networkx": a, "neo4j": b,
            "ratio_p50": round(b["p50_ms"] / a["p50_ms"], 1) if a["p50_ms"] else None,
            "ratio_p99": round(b["p99_ms"] / a["p99_ms"], 1) if a["p99_ms"] else None}


def _row_line(row: dict[str, Any]) -> str:
    a, b = row["networkx"], row["neo4j"]
    return (f"{row['query']:32} {row['n']:>5} {a['p50_ms']:>9.3f} {a['p99_ms']:>9.3f} {b['p50_ms']:>9.3f} "
            f"{b['p99_ms']:>9.3f} {row['ratio_p50'] or 0:>7.1f} {row['ratio_p99'] or 0:>7.1f}")


def _latency(fn: Callable[[Any], Any], args: list[Any]) -> dict[str, float]:
    for a in args[:20]:  # warm-up: plan caches, JIT, connection pool
        fn(a)
    times = []
    for a in args:
        t0 = time.perf_counter()
        fn(a)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 4), "p99_ms": round(times[int(len(times) * 0.99) - 1], 4)}


def _catalog_bundle(bundle: GraphBundle, catalog_key: str) -> GraphBundle:
    """Re-ingest of one catalog: delete its items, write them and their edges again."""
    out = GraphBundle(deletes=[("PenaltyItem", {"catalog_key": catalog_key})])
    out.nodes["PenaltyItem"] = [p for p in bundle.nodes["PenaltyItem"] if p["catalog_key"] == catalog_key]
    keys = {p["key"] for p in out.nodes["PenaltyItem"]}
    out.edges = [e for e in bundle.edges if e.src in keys or e.dst in keys]
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    from neo4j import GraphDatabase

    result: dict[str, Any] = {"load_average_start": os.getloadavg(), "cpus": os.cpu_count()}
    try:
        import neo4j._codec.packstream.v1 as packstream

        result["neo4j_rust_ext"] = packstream._rust_pack is not None
    except (ImportError, AttributeError):
        result["neo4j_rust_ext"] = None
    uri = os.environ.get("YIJU_NEO4J_URI")
    started = False
    if not uri:
        from kg.neo4j_server import start_server

        uri = start_server({"YIJU_NEO4J_PROFILE": os.environ.get("YIJU_NEO4J_PROFILE", "server")})
        started = True
    password = os.environ.get("YIJU_NEO4J_PASSWORD")
    driver = GraphDatabase.driver(uri, auth=(os.environ.get("YIJU_NEO4J_USER", "neo4j"), password) if password else None)
    meter = Meter(_server_pid())
    result["server"] = _server_jvm(meter.pid)
    try:
        neo = Neo4jStore(driver, database=os.environ.get("YIJU_NEO4J_DATABASE", "neo4j"))
        neo.ensure_schema()

        # 1. corpus statute layer -> Neo4j
        source, info = corpus_graph(args)
        if source is not None:
            info["counts"] = _counts(source)
            info["edges"] = sum(len(source.edges(t)) for t in SCHEMA)
            tokens = info.pop("tokens", None)  # the search index's terms, as ``yiju sync neo4j`` loads them
            info["fulltext_docs"] = len(tokens or {})
            counts, m = meter(lambda: neo.replace_all(source, tokens=tokens))
            info["replace_all"] = {**m, "phases": neo.last_load_timings}
            m = meter(lambda: neo.replace_all(source, tokens=tokens))[1]  # over a full graph: prunes the previous one
            info["replace_all_again"] = {**m, "phases": neo.last_load_timings}
            assert counts["Provision"] == source.count("Provision")
            result["corpus"] = info
            print(f"[corpus] {json.dumps(info, ensure_ascii=False)}", file=sys.stderr)
            if info.get("index"):
                result["served"] = served_side_by_side(source, neo, Path(info["index"]), args)
                print(f"[served] {json.dumps(result['served'], ensure_ascii=False)}", file=sys.stderr)
            del source
        result["corpus"] = info

        # 2. synthetic province: loads
        t0 = time.perf_counter()
        bundle = province_bundle(args.townships, args.items, seed=args.seed)
        prov: dict[str, Any] = {"townships": args.townships, "items_per_catalog": args.items,
                                "generate_s": round(time.perf_counter() - t0, 1),
                                "nodes": sum(len(v) for v in bundle.nodes.values()), "edges": len(bundle.edges)}
        nx = NetworkxStore()
        t0 = time.perf_counter()
        nx.write(bundle)
        prov["networkx_write_s"] = round(time.perf_counter() - t0, 2)
        m = meter(lambda: neo.replace_all(nx))[1]
        prov["neo4j_replace_all"] = {**m, "phases": neo.last_load_timings}
        print(f"[province] {json.dumps(prov, ensure_ascii=False)}", file=sys.stderr)

        # 3. lookups of authority checks, both backends
        sample = sample_keys(bundle, args.queries, seed=args.seed)
        patterns: dict[str, tuple[Callable[[GraphStore], Callable[[Any], Any]], list[Any]]] = {
            'edges("HOLDS", dst=item)': (lambda s: lambda k: s.edges("HOLDS", dst=k), sample.items),
            'get("PenaltyItem", key)': (lambda s: lambda k: s.get("PenaltyItem", k), sample.items),
            'find("PenaltyItem", code=…)': (lambda s: lambda c: s.find("PenaltyItem", code=c), sample.codes),
            'edges("HOLDS", src=township)': (lambda s: lambda k: s.edges("HOLDS", src=k),
                                             sample.townships[: max(20, args.queries // 10)]),
        }
        result["latency"] = [_side_by_side(name, len(keys), _latency(make(nx), keys), _latency(make(neo), keys))
                             for name, (make, keys) in patterns.items()]
        result["neo4j_round_trip"] = _latency(lambda _: neo.ping(), list(range(args.queries // 4)))  # RETURN 1
        # sanity: both answer the same
        for k in sample.items[:50]:
            assert [e.key for e in nx.edges("HOLDS", dst=k)] == [e.key for e in neo.edges("HOLDS", dst=k)]

        # 4. incremental write: re-ingest one catalog (deletes + 500 items + their edges)
        cat = bundle.nodes["Catalog"][0]["key"]
        again = _catalog_bundle(bundle, cat)
        t0 = time.perf_counter()
        nx.write(again)
        prov["catalog_rewrite"] = {"rows": len(again), "networkx_s": round(time.perf_counter() - t0, 3),
                                   "neo4j": meter(lambda: neo.write(again))[1]}
        result["province"] = prov
    finally:
        driver.close()
        if started:
            from kg.neo4j_server import stop_server

            stop_server()
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    result["load_average_end"] = os.getloadavg()
    return result


def table(r: dict[str, Any]) -> str:
    out = []
    c = r.get("corpus", {})
    if "replace_all" in c:
        out.append(f"Corpus graph ({c['source']}): {c['counts']} + {c['edges']} edges")
        for name, run in (("replace_all into Neo4j", c["replace_all"]),
                          ("again, over a full graph", c["replace_all_again"])):
            out.append(f"  {name}: {run['seconds']} s (client CPU {run['client_cpu_s']} s, server CPU "
                       f"{run['server_cpu_s']} s, load average {run['load_average']}) {run['phases']}")
    p = r["province"]
    out.append(f"Synthetic province: {p['townships']} townships x {p['items_per_catalog']} items: "
               f"{p['nodes']} nodes, {p['edges']} edges (generated in {p['generate_s']} s)")
    out.append(f"  load: networkx write {p['networkx_write_s']} s | Neo4j replace_all "
               f"{p['neo4j_replace_all']['seconds']} s (server CPU {p['neo4j_replace_all']['server_cpu_s']} s) "
               f"{p['neo4j_replace_all']['phases']}")
    cw = p["catalog_rewrite"]
    out.append(f"  catalog re-ingest ({cw['rows']} rows): networkx {cw['networkx_s']} s | Neo4j {cw['neo4j']['seconds']} s")
    out.append("")
    out.append(f"{'query':32} {'n':>5} {'nx p50':>9} {'nx p99':>9} {'neo p50':>9} {'neo p99':>9} {'x p50':>7} {'x p99':>7}")
    out.extend(_row_line(row) for row in r["latency"])
    if r.get("served"):
        out.append("")
        out.append("Served over the corpus graph, the same whoosh index on both (ms):")
        out.extend(_row_line(row) for row in r["served"])
    rt = r["neo4j_round_trip"]
    out.append(f"(latencies in ms; x = Neo4j / networkx; a bare Neo4j round trip, RETURN 1: "
               f"p50 {rt['p50_ms']:.3f} / p99 {rt['p99_ms']:.3f})")
    out.append(f"peak RSS {r['peak_rss_mb']} MB; neo4j-rust-ext {r['neo4j_rust_ext']}; "
               f"load average {r['load_average_start']} -> {r['load_average_end']} on {r['cpus']} CPUs; "
               f"server JIT {r['server']['jit']}, heap {r['server']['heap']}, {r['server']['flags']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--townships", type=int, default=1_000)
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--queries", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--dev", type=Path, default=REPO.parent / "shared" / "eval" / "dev.yaml")
    ap.add_argument("--colloquial", type=Path, default=REPO / "tests" / "eval" / "colloquial.yaml")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--corpus-like", action="store_true", help="synthetic corpus-sized statute layer, no parsing")
    g.add_argument("--no-corpus", action="store_true", help="skip the corpus load")
    g.add_argument("--data", help="reuse the current generation of this data dir")
    args = ap.parse_args(argv)
    r = run(args)
    print(json.dumps(r, ensure_ascii=False, indent=1) if args.json else table(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
