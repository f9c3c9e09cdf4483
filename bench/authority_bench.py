"""Authority-check latency over every item × township of the demo data, in one run.

Reports catalog ingest time, p50/p99 of ``check_authority`` (by item code and
by provision) on the embedded store, and a baseline measured in the same
run: the bare store reads one check needs at least (the item node and its
HOLDS edges), so the figure is a ratio, not an absolute claim.

    python bench/authority_bench.py [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest.pipeline import ingest_catalog, ingest_laws
from kg.datadir import DataDir
from kg.nx_store import NetworkxStore
from kg.queries import check_authority

ROUNDS = 10  # every check is repeated so p99 rests on enough samples


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp))
        ingest_laws([REPO / "demo" / "laws"], data)
        catalogs = [p for p in sorted((REPO / "demo" / "catalogs").glob("*"))
                    if p.suffix in (".xlsx", ".xls", ".csv", ".json")]
        t = time.perf_counter()
        for cat in catalogs:
            ingest_catalog(cat, data)
        catalog_s = time.perf_counter() - t
        cur = data.current()
        assert cur is not None
        store = NetworkxStore.load(cur / "graph.pickle")
    towns = [t["key"] for t in store.find("Township")]
    items = [i for i in store.find("PenaltyItem") if i.get("code")]
    by_code: list[float] = []
    base: list[float] = []
    verdicts: dict[str, int] = {}
    for _ in range(args.rounds):
        for town in towns:
            for item in items:
                t0 = time.perf_counter()
                store.get("PenaltyItem", item["key"])
                store.edges("HOLDS", dst=item["key"])
                base.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                answer = check_authority(store, town, item_code=item["code"])
                by_code.append(time.perf_counter() - t0)
                verdicts[answer["verdict"]] = verdicts.get(answer["verdict"], 0) + 1
    provisions = sorted({e.dst for e in store.edges("BASIS")})
    by_provision: list[float] = []
    for _ in range(args.rounds):
        for town in towns:
            for pid in provisions:
                t0 = time.perf_counter()
                check_authority(store, town, provision=pid)
                by_provision.append(time.perf_counter() - t0)
    ms = 1000.0
    result = {
        "townships": len(towns), "items_with_code": len(items), "checks": len(by_code),
        "catalog_ingest_s": round(catalog_s, 2),
        "by_code_p50_ms": round(statistics.median(by_code) * ms, 3),
        "by_code_p99_ms": round(pct(by_code, 0.99) * ms, 3),
        "by_provision_p50_ms": round(statistics.median(by_provision) * ms, 3) if by_provision else None,
        "by_provision_p99_ms": round(pct(by_provision, 0.99) * ms, 3) if by_provision else None,
        "baseline_bare_reads_p99_ms": round(pct(base, 0.99) * ms, 4),
        "p99_vs_baseline": round(pct(by_code, 0.99) / max(pct(base, 0.99), 1e-9), 1),
        "verdicts": verdicts,
        "target_p99_ms": 10,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for k, v in result.items():
            print(f"{k:30} {v}")


if __name__ == "__main__":
    main()
