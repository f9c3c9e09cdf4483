"""Legal-basis search benchmark over the full statute corpus, in one run.

Builds (or opens) a whoosh index of every article of ``shared/corpus/laws``
and reports, for ``shared/eval/dev.yaml`` and ``tests/eval/colloquial.yaml``,
recall@5, MRR and search latency (p50/p99) of three methods:

(a) ``plain``  — whoosh's own BM25F searcher over the jieba tokens of the
    article, no synonyms and no query understanding (``search(plain=True)``);
(b) ``full``   — Yiju's search: query understanding, synonym expansion,
    field weighting, 违则/罚则 pairing and priors (``search()``);
(c) ``fts5``   — SQLite FTS5 with bm25() over the SAME tokens, space-joined.

All three apply the same filters: latest version of each statute, national
legislation plus the local legislation of the case's region.  Ratios are
given against (a).  The loader reads files the way the pipeline does
(``ingest.decode.read_statute_file`` → ``ingest.statutes.parse_statute`` →
wording-inferred 违则 → tokens of title, aliases, heading and text),
tokenising in a pool of worker processes.

    python bench/search_bench.py                       # build in .yiju-data/bench-search, evaluate
    python bench/search_bench.py --index /tmp/ix --reuse --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.analysis import ensure_jieba_ready, tokenize
from kg.evaluation import EvalCase, evaluate, load_cases
from kg.search import Hit, SearchDoc, SearchResult, WhooshIndex, region_applies

SHARED = REPO.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "laws"
DEFAULT_DEV = SHARED / "eval" / "dev.yaml"
DEFAULT_COLLOQUIAL = REPO / "tests" / "eval" / "colloquial.yaml"
DEFAULT_INDEX = REPO / ".yiju-data" / "bench-search"
SUFFIXES = {".md", ".txt", ".markdown", ".docx"}


# --------------------------------------------------------------------------
# Loading the corpus (workers)
# --------------------------------------------------------------------------


def _worker_init() -> None:
    ensure_jieba_ready()


def _parse_one(args: tuple[str, str]) -> tuple[str, Any, dict[str, list[str]], str | None]:
    """Read, parse and tokenise one file, as ingest.pipeline.parse_file does."""
    from ingest.decode import read_statute_file
    from ingest.statutes import parse_statute

    path, root = args
    source = Path(path).relative_to(root).as_posix()
    try:
        text, source = read_statute_file(Path(path), Path(root))
        parsed = parse_statute(text, source)
        try:
            from ingest.pipeline import with_inferred_pairs
        except ImportError:  # pipeline without wording-inferred pairs
            pass
        else:
            parsed = with_inferred_pairs(parsed)
    except Exception as exc:  # noqa: BLE001 - report and go on
        return source, None, {}, f"{type(exc).__name__}: {exc}"
    st = parsed.statute
    prefix = " ".join([st.title, *st.aliases])
    tokens = {str(p.id): tokenize(prefix + " " + " ".join(p.heading) + " " + p.text) for p in parsed.provisions}
    return source, parsed, tokens, None


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and p.name != "SOURCES.md")


def load_corpus(root: Path, workers: int, limit: int | None = None) -> tuple[list[Any], dict[str, list[str]],
                                                                                 dict[str, Any]]:
    files = corpus_files(root)[: limit or None]
    started = time.perf_counter()
    parsed: list[Any] = []
    tokens: dict[str, list[str]] = {}
    errors: list[tuple[str, str]] = []
    args = [(str(f), str(root)) for f in files]
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
        for source, ps, toks, err in pool.map(_parse_one, args, chunksize=8):
            if ps is None:
                errors.append((source, err or ""))
                continue
            parsed.append(ps)
            tokens.update(toks)
    chars = sum(len(p.text) for ps in parsed for p in ps.provisions)
    stats = {"files": len(files), "parsed": len(parsed), "rejected": len(errors), "articles": len(tokens),
             "chars": chars, "seconds": round(time.perf_counter() - started, 1), "workers": workers,
             "errors": errors[:10]}
    return parsed, tokens, stats


def search_docs(parsed: Sequence[Any], tokens: dict[str, list[str]]) -> list[SearchDoc]:
    """One SearchDoc per article of every version, with 违则/罚则 links, as the pipeline builds them."""
    from kg.graph_build import merge_statutes
    from kg.history import link_versions

    statutes = merge_statutes(p.statute for p in parsed)
    by_statute: dict[str, list[Any]] = defaultdict(list)
    for p in parsed:
        by_statute[p.statute.key].append(p)
    docs: list[SearchDoc] = []
    for key, files in by_statute.items():
        statute = statutes[key]
        linked = {v.source: v for v in link_versions([p.version for p in files])}
        seen: set[str] = set()
        for p in files:
            version = linked[p.version.source]
            if version.key in seen:
                continue
            seen.add(version.key)
            ids = {str(pr.id) for pr in p.provisions}
            violated: dict[str, list[str]] = defaultdict(list)
            penalized_by: dict[str, list[str]] = defaultdict(list)
            for pr in p.provisions:
                pid = str(pr.id)
                for target in (*pr.violated, *getattr(pr, "violated_inferred", ())):
                    t = str(target.article_id())
                    if t in ids and t != pid and t not in violated[pid]:
                        violated[pid].append(t)
                        penalized_by[t].append(pid)
            for pr in p.provisions:
                pid = str(pr.id)
                docs.append(SearchDoc(
                    kind="provision", doc_id=pid, statute_key=statute.key, statute_title=statute.title,
                    aliases=statute.aliases, level=statute.level.value, region=statute.region,
                    version_key=version.key, valid_from=version.valid_from, valid_to=version.valid_to,
                    article_label=pr.label, heading=" ".join(pr.heading), text=pr.text, tokens=tokens.get(pid),
                    is_penalty=pr.is_penalty, violated=tuple(violated.get(pid, ())),
                    penalized_by=tuple(penalized_by.get(pid, ())),
                ))
    return docs


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --------------------------------------------------------------------------
# SQLite FTS5 baseline over the same tokens
# --------------------------------------------------------------------------


class Fts5Baseline:
    """bm25() over space-joined jieba tokens, with the same version and region filters."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), check_same_thread=False)

    @classmethod
    def build(cls, path: Path, docs: Iterable[SearchDoc]) -> Fts5Baseline:
        path.unlink(missing_ok=True)
        self = cls(path)
        db = self.db
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(tokens, tokenize = \"unicode61 separators ' '\")")
        db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, doc_id TEXT, statute TEXT, title TEXT, "
                   "label TEXT, version TEXT, region TEXT, penalty INTEGER, latest INTEGER)")
        docs = list(docs)
        latest: dict[str, tuple[str, str]] = {}
        for d in docs:  # latest version of each statute: the last start date
            start = (d.valid_from.isoformat() if d.valid_from else "", d.version_key or "")
            if d.statute_key not in latest or start > latest[d.statute_key]:
                latest[d.statute_key] = start
        rows = []
        for i, d in enumerate(docs):
            start = (d.valid_from.isoformat() if d.valid_from else "", d.version_key or "")
            rows.append((i, d.doc_id, d.statute_key, d.statute_title, d.article_label, d.version_key, d.region,
                         int(d.is_penalty), int(start == latest.get(d.statute_key))))
        db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO fts(rowid, tokens) VALUES (?, ?)",
                       ((i, " ".join(d.tokens or tokenize(d.text))) for i, d in enumerate(docs)))
        db.execute("CREATE INDEX docs_region ON docs(region)")
        db.commit()
        return self

    def regions(self) -> list[str]:
        return [r for (r,) in self.db.execute("SELECT DISTINCT region FROM docs WHERE region IS NOT NULL")]

    def search(self, query: str, *, region: str | None = None, as_of: date | None = None,
               limit: int = 20) -> SearchResult:
        toks = list(dict.fromkeys(tokenize(query)))
        if not toks:
            return SearchResult(query, [])
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in toks)
        allowed = [r for r in self.regions() if region_applies(r, region)] if region else None
        where = "d.latest = 1"
        params: list[Any] = [match]
        if allowed is not None:
            where += f" AND (d.region IS NULL OR d.region IN ({','.join('?' * len(allowed)) or 'NULL'}))"
            params.extend(allowed)
        sql = (f"SELECT d.doc_id, d.statute, d.title, d.label, bm25(fts) AS s FROM fts JOIN docs d ON d.id = fts.rowid "
               f"WHERE fts MATCH ? AND {where} ORDER BY s LIMIT ?")
        params.append(limit)
        hits = [Hit(provision_id=doc_id, kind="provision", statute_key=statute, statute_title=title, article=label,
                    version=None, level="", region=None, score=-s, snippet="", text="", is_penalty=False)
                for doc_id, statute, title, label, s in self.db.execute(sql, params)]
        return SearchResult(query, hits)


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def measure(name: str, run: Callable[..., SearchResult], index: Any, cases: list[EvalCase], passes: int,
            k: int = 5) -> dict[str, Any]:
    """recall@k and MRR from the first pass; latency over all passes (first = cold caches).

    Wall-clock time depends on what else runs on the machine; the thread's CPU time does not,
    so both are reported (for sqlite the CPU time is the calling thread's, which runs the query).
    """
    cpu_run = _cpu_timed(run)
    first = evaluate(index, cases, k=k, search=cpu_run)
    times = [d.seconds * 1000 for d in first.details]
    cold = list(times)
    cpu = list(cpu_run.cpu_ms)  # type: ignore[attr-defined]
    for _ in range(passes - 1):
        for c in cases:
            t = time.perf_counter()
            cpu_run(c.query, region=c.region, as_of=c.as_of, limit=max(k, 20))
            times.append((time.perf_counter() - t) * 1000)
    warm = times[len(cases):] or times
    cpu_warm = cpu_run.cpu_ms[len(cases):] or cpu_run.cpu_ms  # type: ignore[attr-defined]
    return {
        "method": name, "cases": first.cases, f"recall@{k}": round(first.recall_at_k, 4), "mrr": round(first.mrr, 4),
        "p50_ms": round(statistics.median(warm), 2), "p99_ms": round(pct(warm, 0.99), 2),
        "cold_p50_ms": round(statistics.median(cold), 2), "cold_p99_ms": round(pct(cold, 0.99), 2),
        "cpu_p50_ms": round(statistics.median(cpu_warm), 2), "cpu_p99_ms": round(pct(cpu_warm, 0.99), 2),
        "cold_cpu_p99_ms": round(pct(cpu, 0.99), 2),
        "misses": [{"id": d.case.id, "rank": d.rank, "query": d.case.query[:40], "top": d.top[:3]}
                   for d in first.misses],
    }


def _cpu_timed(run: Callable[..., SearchResult]) -> Callable[..., SearchResult]:
    cpu_ms: list[float] = []

    def timed(*args: Any, **kw: Any) -> SearchResult:
        c = time.thread_time()
        try:
            return run(*args, **kw)
        finally:
            cpu_ms.append((time.thread_time() - c) * 1000)

    timed.cpu_ms = cpu_ms  # type: ignore[attr-defined]
    return timed


def ratios(rows: list[dict[str, Any]], k: int = 5) -> None:
    base = next((r for r in rows if r["method"] == "plain"), None)
    if not base:
        return
    for r in rows:
        r["vs_plain"] = {
            f"recall@{k}": round(r[f"recall@{k}"] / base[f"recall@{k}"], 3) if base[f"recall@{k}"] else None,
            "mrr": round(r["mrr"] / base["mrr"], 3) if base["mrr"] else None,
            "p99": round(r["p99_ms"] / base["p99_ms"], 3) if base["p99_ms"] else None,
        }


def table(results: dict[str, list[dict[str, Any]]], k: int = 5) -> str:
    lines = [(f"{'set':<11} {'method':<7} {'n':>3} {'R@' + str(k):>6} {'MRR':>6} {'p50ms':>8} {'p99ms':>8} "
              f"{'cold p99':>9} {'cpu p50':>8} {'cpu p99':>8} {'R/plain':>8} {'MRR/pl':>7} {'p99/pl':>7}")]
    for set_name, rows in results.items():
        for r in rows:
            v = r.get("vs_plain", {})
            lines.append(
                f"{set_name:<11} {r['method']:<7} {r['cases']:>3} {r[f'recall@{k}']:>6.3f} {r['mrr']:>6.3f} "
                f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['cold_p99_ms']:>9.1f} {r['cpu_p50_ms']:>8.1f} "
                f"{r['cpu_p99_ms']:>8.1f} {v.get(f'recall@{k}') or 0:>8.2f} {v.get('mrr') or 0:>7.2f} "
                f"{v.get('p99') or 0:>7.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Yiju legal-basis search benchmark")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="directory for the whoosh index and fts5 db")
    ap.add_argument("--reuse", action="store_true", help="open an existing index instead of rebuilding")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit-files", type=int, default=None, help="only the first N files (smoke runs)")
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--colloquial", type=Path, default=DEFAULT_COLLOQUIAL)
    ap.add_argument("--passes", type=int, default=3, help="passes over each set for latency (first is cold)")
    ap.add_argument("--plain-passes", type=int, default=1, help="passes for the slow whoosh baseline")
    ap.add_argument("--methods", default="plain,full,fts5")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the misses")
    args = ap.parse_args(argv)

    report: dict[str, Any] = {"corpus": str(args.corpus), "index": str(args.index)}
    whoosh_dir, fts_path = args.index / "whoosh", args.index / "fts5.sqlite"
    if args.reuse and whoosh_dir.exists() and fts_path.exists():
        index = WhooshIndex.open(whoosh_dir)
        fts = Fts5Baseline(fts_path)
        report["build"] = json.loads((args.index / "build.json").read_text()) if (args.index / "build.json").exists() \
            else {}
    else:
        ensure_jieba_ready()
        parsed, tokens, load_stats = load_corpus(args.corpus, args.workers, args.limit_files)
        docs = search_docs(parsed, tokens)
        del parsed
        if whoosh_dir.exists():
            shutil.rmtree(whoosh_dir)
        args.index.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        index = WhooshIndex.create(whoosh_dir)
        index.add(docs)
        index.commit()
        whoosh_s = time.perf_counter() - t
        t = time.perf_counter()
        fts = Fts5Baseline.build(fts_path, docs)
        fts_s = time.perf_counter() - t
        report["build"] = {
            "load": load_stats, "docs": len(docs),
            "whoosh": {**index.last_commit_stats, "seconds_total": round(whoosh_s, 1),
                       "bytes": dir_size(whoosh_dir),
                       "posting_arrays_bytes": sum(f.stat().st_size for f in whoosh_dir.glob("yiju_postings_*.npz"))},
            "fts5": {"seconds": round(fts_s, 1), "bytes": fts_path.stat().st_size},
        }
        (args.index / "build.json").write_text(json.dumps(report["build"], ensure_ascii=False, indent=1))
        del docs
    t = time.perf_counter()
    if index.ensure_posting_arrays():
        report.setdefault("build", {})["posting_arrays_seconds"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    index.warm([None, "广东省深圳市"])
    report["open_seconds"] = round(time.perf_counter() - t, 2)

    methods: dict[str, tuple[Callable[..., SearchResult], int]] = {
        "plain": (lambda q, **kw: index.search(q, plain=True, **kw), args.plain_passes),
        "full": (index.search, args.passes),
        "fts5": (fts.search, args.passes),
    }
    wanted = [m for m in args.methods.split(",") if m in methods]
    results: dict[str, list[dict[str, Any]]] = {}
    for set_name, path in (("dev", args.dev), ("colloquial", args.colloquial)):
        if not path.exists():
            continue
        cases = load_cases(path)
        rows = []
        for m in wanted:
            run, passes = methods[m]
            rows.append(measure(m, run, index, cases, passes))
        ratios(rows)
        results[set_name] = rows
    report["results"] = results
    report["machine"] = {"cpus": os.cpu_count(), "load_avg": os.getloadavg() if hasattr(os, "getloadavg") else None}
    if args.json:
        out = json.loads(json.dumps(report, ensure_ascii=False, default=str))
        if not args.verbose:
            for rows in out["results"].values():
                for r in rows:
                    r.pop("misses", None)
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    b = report.get("build", {})
    if b:
        w = b.get("whoosh", {})
        print(f"corpus: {b.get('load', {}).get('files')} files, {b.get('docs')} articles; "
              f"parse+tokenise {b.get('load', {}).get('seconds')} s ({b.get('load', {}).get('workers')} procs); "
              f"whoosh commit {w.get('seconds')} s wall / {w.get('cpu_seconds')} s cpu "
              f"({w.get('docs_per_second')} docs/s wall, {w.get('bytes', 0) / 1e6:.0f} MB incl. "
              f"{w.get('posting_arrays_bytes', 0) / 1e6:.0f} MB posting arrays); fts5 {b.get('fts5', {}).get('seconds')} s "
              f"({b.get('fts5', {}).get('bytes', 0) / 1e6:.0f} MB)")
    print(f"searcher open + filters: {report['open_seconds']} s; load average {report['machine']['load_avg']}")
    print(table(results))
    if args.verbose:
        for set_name, rows in results.items():
            for r in rows:
                for miss in r["misses"]:
                    print(f"  [{set_name}/{r['method']}] miss {miss['id']} rank={miss['rank']} {miss['query']} "
                          f"-> {miss['top']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
