"""The ingest pipeline: parse -> resolve -> build -> write (:mod:`ingest.stages`), composed.

The entry points hold the data directory's writer lock, pass each stage's
typed output to the next, and write one audit entry per change.  Every
build goes into a new data generation that replaces the serving one only
when complete.  Only the write stage writes to the store, a generation, the
catalog copies or the audit log; the entry points call nothing else that
changes the data directory but :class:`~kg.datadir.DataDir`'s own operations
(the writer lock, reconciling the catalog copies, activating a generation on
rollback).  Parsing runs in a small process pool and is cached by content
hash, so re-ingesting unchanged input is cheap.

Every name the stages define that callers used from here stays importable
from here.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.stages import write
from ingest.stages.build import (
    CatalogBuild,
    build_catalog,
    earliest_text_shown_from,
    item_search_doc,
    search_docs,
    statute_figures,
    statute_layer,
    statutory_powers_bundle,
    supersession_bundle,
)
from ingest.stages.parse import (
    CACHE_FORMAT,
    CATALOG_SUFFIXES,
    DECISIONS_FILE,
    SKIPPED_NAMES,
    STATUTE_SUFFIXES,
    CatalogFile,
    FileResult,
    LawFiles,
    ParsedLaws,
    ProgressFactory,
    StatuteFile,
    collect_law_files,
    collect_statute_files,
    file_digest,
    load_amendment_decisions,
    parse_catalog,
    parse_file,
    parse_files,
    parse_laws,
    parser_fingerprint,
    with_inferred_pairs,
)
from ingest.stages.report import IngestReport
from ingest.stages.resolve import (
    SUGGESTIONS,
    ResolvedCatalog,
    StatutoryPowers,
    decide_statutory_powers,
    resolve_catalog,
    suggest_basis,
)
from ingest.stages.write import MAX_AUDITED_FILES, stored_catalogs
from kg.datadir import DataDir
from kg.errors import Conflict, InvalidInput, ParseError
from kg.model import Catalog
from kg.nx_store import NetworkxStore
from kg.store import GraphStore

if TYPE_CHECKING:
    from ingest.catalogs import CatalogMeta
    from kg.search import SearchIndex

__all__ = [
    "CACHE_FORMAT", "CATALOG_SUFFIXES", "DECISIONS_FILE", "MAX_AUDITED_FILES", "SKIPPED_NAMES", "STATUTE_SUFFIXES",
    "SUGGESTIONS", "CatalogBuild", "CatalogFile", "FileResult", "IngestReport", "LawFiles", "ParsedLaws",
    "ProgressFactory", "ResolvedCatalog", "StatuteFile", "StatutoryPowers", "apply_catalog",
    "apply_statutory_powers", "collect_statute_files", "earliest_text_shown_from", "file_digest", "ingest_catalog",
    "ingest_laws", "item_search_doc", "load_amendment_decisions", "parse_file", "parse_files", "rollback",
    "search_docs", "stored_catalogs", "suggest_basis", "supersede_earlier_editions", "with_inferred_pairs",
]


# -- catalogs and 法定 powers into a store ---------------------------------------------------------


def apply_catalog(store: GraphStore, path: Path, meta: CatalogMeta | None, index: SearchIndex | None = None) -> dict[str, Any]:
    """Parse one catalog file, resolve its basis against the store, write it.

    Returns the catalog's ingest report.  Nothing is written when the file
    yields no catalog at all; row-level problems are reported and the rest
    loads.
    """
    parsed = parse_catalog(path, meta)
    resolved = resolve_catalog(parsed, store, index)
    return write.write_catalog(store, build_catalog(resolved, store))


def supersede_earlier_editions(store: GraphStore, catalog: Catalog) -> None:
    """A new edition (same title and issuer, later effective date) ends the old one's holdings (dated)."""
    bundle = supersession_bundle(store, catalog)
    if len(bundle):
        write.write_bundle(store, bundle)


def apply_statutory_powers(store: GraphStore) -> None:
    """Give townships the penalty powers the law gives them directly (法定); see ``decide_statutory_powers``."""
    powers = decide_statutory_powers(store)
    if powers is not None:
        write.write_bundle(store, statutory_powers_bundle(powers))


# -- ingest laws ------------------------------------------------------------------------------------


def ingest_laws(
    paths: Sequence[Path],
    data: DataDir,
    *,
    workers: int | None = None,
    progress: ProgressFactory | None = None,
    force: bool = False,
    replace_all: bool = False,
    confirm: bool = False,
    actor: str | None = None,
) -> IngestReport:
    """Add the statutes under ``paths`` to the statute layer (or, with ``replace``, make them all of it).

    A file is identified by its path relative to the folder given; a file
    ingested again replaces its earlier version, other earlier files stay
    (from the parse cache).  Stored catalogs are re-resolved against the new
    statutes.  The build goes into a new generation; the serving one is
    untouched until it completes.

    Runs under the data directory's writer lock and writes an audit entry
    (``actor``: who asked, default the OS user).  A replacement that would
    drop more than half of the current statutes raises ``REPLACE_DROPS_MOST``
    unless ``confirm``.
    """
    started = time.perf_counter()
    report = IngestReport(kind="laws")
    with data.writer("ingest_laws " + " ".join(str(p) for p in paths)[:150]):
        data.reconcile_catalogs()  # drop catalog copies a failed or killed build left behind
        found = collect_law_files(paths)
        report.skipped = found.skipped
        previous = write.previous_generation(data)
        files = dict(found.files)
        if not replace_all:
            for rel, digest in previous.manifest.get("laws", []):
                files.setdefault(rel, StatuteFile(None, None, digest, rel))
        report.files = len(files)
        inputs = sorted([rel, f.digest] for rel, f in files.items())
        if (not force and previous.manifest.get("laws") == inputs
                and previous.manifest.get("parser") == parser_fingerprint()  # a parser upgrade rebuilds
                and previous.manifest.get("catalogs_digest") == write.catalogs_digest(data)):
            report.restore(previous.manifest.get("laws_report", {}))
            report.unchanged = True
            report.generation = previous.manifest.get("generation")
            report.seconds = time.perf_counter() - started
            return report
        before_inv = previous.inventory() if previous.path is not None else {}
        check = None if confirm or not replace_all else _replacement_check(previous, before_inv, len(files))
        with _no_cyclic_gc():
            after_inv = _build_laws(files, data, report, inputs, workers, progress, check)
        report.seconds = time.perf_counter() - started
        write.record(data, "ingest_laws", actor, previous.path, before_inv, after_inv,
                     paths=[str(p) for p in paths], replace=replace_all,
                     **write.file_changes(previous.manifest.get("laws", []), inputs))
    return report


def _build_laws(
    files: dict[str, StatuteFile], data: DataDir, report: IngestReport, inputs: list[list[str]],
    workers: int | None, progress: ProgressFactory | None, check: ReplacementCheck | None,
) -> dict[str, list[str]]:
    """Parse, build the statute layer, re-resolve the stored catalogs, write a generation; returns its inventory."""
    laws = parse_laws(list(files.values()), data.cache / "parsed", workers or min(2, os.cpu_count() or 1), progress)
    report.cached, report.parsed, report.rejected = laws.cached, laws.parsed, laws.rejected
    report.diagnostics.extend(laws.diagnostics)
    tokens = laws.tokens
    bundle = statute_layer(laws, load_amendment_decisions())
    del laws  # the parsed objects are large; the store keeps what it needs
    store = NetworkxStore()
    report.history = dict(bundle.figures)
    write.write_bundle(store, bundle)
    del bundle
    if check is not None:
        check.after(store)
    report.__dict__.update(statute_figures(store))
    with write.open_generation(data, store, tokens=tokens) as build:
        for path in stored_catalogs(data):
            try:
                report.catalogs.append(apply_catalog(store, path, None, build.index))
            except ParseError as exc:
                report.diagnostics.append({"source": path.name, "code": exc.code, "message": exc.message})
        apply_statutory_powers(store)
        inventory = write.finish_generation(build, data, store, report, inputs)
    return inventory


@dataclass(frozen=True)
class ReplacementCheck:
    """The statutes before a replacement: it may not drop more than half of them without ``confirm``."""

    before_count: int
    before_statutes: frozenset[str] | None  # None: unknown (a generation without an inventory)

    def after(self, store: GraphStore) -> None:
        """Refuse once the replacement's statute layer is built and the dropped statutes are known."""
        keys = {str(r[0]) for r in store.node_rows("Statute", ())}
        _refuse_dropping_most(self.before_count, None if self.before_statutes is None else
                              set(self.before_statutes - keys), len(keys))


def _replacement_check(previous: write.Previous, before_inv: dict[str, list[str]] | None,
                       files: int) -> ReplacementCheck:
    """Refuse early what can only drop most statutes (fewer than half as many files), else the check to run later."""
    # no inventory: a generation from before inventories were kept; an empty one: nothing served yet
    before_statutes = frozenset(before_inv.get("Statute", ())) if before_inv is not None else None
    before_count = (len(before_statutes) if before_statutes is not None
                    else int(previous.manifest.get("laws_report", {}).get("statutes") or 0))
    # statutes <= files: fewer than half as many files can only drop most of them
    _refuse_dropping_most(before_count, None, files, at_most=True)
    return ReplacementCheck(before_count, before_statutes)


def _refuse_dropping_most(before: int, dropped: set[str] | None, after: int, *, at_most: bool = False) -> None:
    """``REPLACE_DROPS_MOST`` when a replacement removes more than half of ``before`` statutes.

    ``dropped``: the statute keys that would go, when known; else ``before - after``
    (``at_most``: ``after`` is an upper bound, the number of files before parsing).
    """
    if before <= 0:
        return
    n = len(dropped) if dropped is not None else max(0, before - after)
    if n * 2 > before:
        raise Conflict(f"以这些文件替换全部法规将删去现有 {before} 部法规中的{'至少 ' if at_most else ' '}{n} 部"
                       f"（超过一半），替换后{'至多' if at_most else '仅'}余 {after} 部。确认无误请加 --yes 重新运行。",
                       code="REPLACE_DROPS_MOST", before=before, dropped=n, after=after)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Build without the cyclic garbage collector.

    A build allocates millions of objects that live to its end; the collector's passes over
    them find nothing and cost about an eighth of the CPU time.  Reference counting still
    frees everything that is dropped.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# -- ingest a catalog, roll back ------------------------------------------------------------------


def ingest_catalog(
    path: Path, data: DataDir, *, meta: CatalogMeta | None = None, sidecar: Path | None = None, actor: str | None = None,
) -> dict[str, Any]:
    """Add (or replace) one catalog: keep a copy, resolve it, build a new generation.

    Runs under the data directory's writer lock (a second writer waits
    ``data.writer_wait`` seconds, then gets ``WRITER_BUSY``) and writes an
    audit entry (``actor``: who asked, default the OS user).
    """
    from ingest.catalogs import load_sidecar

    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"文件不存在：{path}", code="PATH_NOT_FOUND")
    if path.suffix.lower() not in CATALOG_SUFFIXES:
        raise InvalidInput(f"不支持的目录文件格式：{path.name}（支持 xlsx、xls、csv、json）", code="CATALOG_FORMAT")
    side_path = sidecar
    if sidecar is not None:
        meta = load_sidecar(sidecar)
    elif meta is None and path.with_name(path.stem + ".meta.yaml").exists():
        side_path = path.with_name(path.stem + ".meta.yaml")
        meta = load_sidecar(side_path)
    with data.writer(f"ingest_catalog {path.name}"):
        data.reconcile_catalogs()  # drop catalog copies a failed or killed build left behind
        cur = data.current()
        if cur is None or not (cur / "graph.pickle").exists():
            raise InvalidInput("尚未导入任何法规，请先运行 yiju ingest laws", code="NO_STATUTES")
        store = NetworkxStore.load(cur / "graph.pickle")
        before_inv = write.load_inventory(cur) or write.inventory_of(store)
        manifest = data.manifest(cur)
        laws_report = IngestReport(kind="laws")
        laws_report.restore(manifest.get("laws_report", {}))
        try:
            with write.open_generation(data, store, index_from=cur / "index") as build:
                out = dict(apply_catalog(store, path, meta, build.index))
                out["stored_as"] = write.keep_catalog_copy(data, path, meta, out["catalog"])
                apply_statutory_powers(store)
                after_inv = write.finish_generation(build, data, store, laws_report, manifest.get("laws", []))
        except BaseException:
            data.reconcile_catalogs()  # the copy made for the failed build goes too
            raise
        files = [{"name": path.name, "sha256": file_digest(path), "stored_as": out.get("stored_as")}]
        if side_path is not None:
            files.append({"name": side_path.name, "sha256": file_digest(side_path)})
        write.record(data, "ingest_catalog", actor, cur, before_inv, after_inv, files=files,
                     catalog=out.get("catalog"), title=out.get("title"))
    return out


def rollback(data: DataDir, generation: str | None = None, *, actor: str | None = None) -> dict[str, Any]:
    """Make an earlier generation (default: the one before the current one) serve again.

    Its catalog copies come back with it (so a later ``ingest laws`` does not
    bring back a catalog the rollback removed).  Under the writer lock, with an
    audit entry.
    """
    with data.writer("rollback"):
        before = data.current()
        target = data.find_generation(generation)
        if before is not None and target == before:
            raise Conflict(f"数据代 {target.name} 已是当前数据代", code="ALREADY_CURRENT")
        before_inv = write.load_inventory(before)
        restored = data.activate(target)
        entry = write.record(data, "rollback", actor, before, before_inv, write.load_inventory(target),
                             catalogs_restored=restored)
    return {"generation_before": entry["generation_before"], "generation_after": entry["generation_after"],
            "catalogs_restored": restored, "counts": entry["counts"]}
