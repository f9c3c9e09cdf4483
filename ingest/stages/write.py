"""Stage 4, write: the only stage that changes the store or the data directory.

Applies bundles to the in-memory store, builds a generation (the search
index, the graph pickle, the SQLite copy, the inventory, the manifest and the
report), keeps catalog copies, and appends the audit entry.  Callers hold the
data directory's writer lock (:meth:`kg.datadir.DataDir.writer`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.stages.build import CatalogBuild, search_docs
from ingest.stages.parse import CATALOG_SUFFIXES, file_digest, parser_fingerprint
from ingest.stages.report import IngestReport
from kg import audit
from kg.datadir import DataDir, generation_id, utc_now
from kg.nx_store import NetworkxStore
from kg.safenames import inside, safe_component, safe_filename
from kg.store import GraphBundle, GraphStore

if TYPE_CHECKING:
    from ingest.catalogs import CatalogMeta
    from kg.search import SearchIndex

MAX_AUDITED_FILES = 200


# -- the store ------------------------------------------------------------------------------


def write_bundle(store: GraphStore, bundle: GraphBundle) -> None:
    """Apply one bundle to the store."""
    store.write(bundle)


def write_catalog(store: GraphStore, built: CatalogBuild) -> dict[str, Any]:
    """Write a built catalog (earlier editions ended first) and keep its report on its node; returns the report."""
    if len(built.supersede):
        store.write(built.supersede)
    store.write(built.bundle)
    props = store.get("Catalog", built.key) or {}
    keep = GraphBundle()
    keep.add_node("Catalog", built.key, {**props, "ingest_report": json.dumps(built.report, ensure_ascii=False)})
    store.write(keep)
    return built.report


# -- what the data directory holds ----------------------------------------------------------


@dataclass(frozen=True)
class Previous:
    """The serving generation before a change (None: nothing ingested yet) and its manifest."""

    path: Path | None
    manifest: dict[str, Any]

    def inventory(self) -> dict[str, list[str]] | None:
        """Its node keys (None: no generation, or one built before inventories were kept)."""
        return load_inventory(self.path)


def previous_generation(data: DataDir) -> Previous:
    return Previous(data.current(), data.manifest())


def load_inventory(gen: Path | None) -> dict[str, list[str]] | None:
    """A generation's node keys (:func:`kg.audit.load_inventory`)."""
    return audit.load_inventory(gen)


def inventory_of(store: GraphStore) -> dict[str, list[str]]:
    """The node keys of a store (:func:`kg.audit.inventory_of`)."""
    return audit.inventory_of(store)


def stored_catalogs(data: DataDir) -> list[Path]:
    """Catalog files kept in the data dir, oldest first (their ingest order)."""
    if not data.catalogs.exists():
        return []
    files = [p for p in data.catalogs.rglob("*") if p.is_file() and p.suffix.lower() in CATALOG_SUFFIXES]
    return sorted(files, key=lambda p: (p.parent.name, p.name))


def catalogs_digest(data: DataDir) -> str:
    """One digest over the stored catalog files and their sidecars (a manifest input)."""
    h = hashlib.sha256()
    for p in stored_catalogs(data):
        h.update(p.name.encode())
        h.update(file_digest(p).encode())
        side = p.with_name(p.stem + ".meta.yaml")
        if side.exists():
            h.update(file_digest(side).encode())
    return h.hexdigest()


def keep_catalog_copy(data: DataDir, path: Path, meta: CatalogMeta | None, catalog_key: str) -> str:
    """Copy a catalog file (and its metadata as a sidecar) into ``catalogs/<key>/``; returns ``key/name``.

    The key and the file name come from user input: both are made safe and
    checked to stay inside the catalogs folder before anything there is
    removed or written.
    """
    data.catalogs.mkdir(parents=True, exist_ok=True)
    keep = inside(data.catalogs, safe_component(catalog_key))
    stored = safe_filename(path.name)
    if keep.exists():
        shutil.rmtree(keep)
    keep.mkdir(parents=True)
    shutil.copy2(path, inside(keep, stored))
    if meta is not None:
        inside(keep, Path(stored).stem + ".meta.yaml").write_text(meta_yaml(meta), "utf-8")
    return f"{keep.name}/{stored}"


def meta_yaml(meta: CatalogMeta) -> str:
    import yaml

    raw = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(meta).items()}
    return str(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))


# -- a generation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerationBuild:
    """A generation being built: its folder and its search index (provisions indexed, no catalog items)."""

    path: Path
    index: SearchIndex


@contextmanager
def open_generation(
    data: DataDir, store: GraphStore, *, tokens: dict[str, str] | None = None, index_from: Path | None = None,
) -> Iterator[GenerationBuild]:
    """Start a generation: a fresh index of the store's provisions, or a copy of ``index_from`` without catalogs.

    The body resolves and writes catalogs against ``build.index`` and must end
    with :func:`finish_generation`; on normal exit the generation becomes
    current, on an exception it is removed (:meth:`DataDir.new_generation`).
    """
    from kg.analysis import ensure_jieba_ready
    from kg.search import WhooshIndex

    ensure_jieba_ready()  # the same dictionary as the parse workers: index and query tokens must agree
    with data.new_generation() as gen:
        if index_from is not None:
            shutil.copytree(index_from, gen / "index")
            index = WhooshIndex.open(gen / "index")
            for cat in store.find("Catalog"):
                index.delete_catalog(cat["key"])
        else:
            index = WhooshIndex.create(gen / "index")
            index.add(search_docs(store, tokens or {}))
        index.commit()
        yield GenerationBuild(gen, index)
        if not (gen / "manifest.json").exists():
            raise RuntimeError("generation built without finish_generation")


def finish_generation(
    build: GenerationBuild, data: DataDir, store: NetworkxStore, laws_report: IngestReport, inputs: list[list[str]],
) -> dict[str, list[str]]:
    """Index the catalog items, save graph, inventory, SQLite copy, manifest and report.  Returns the inventory."""
    from kg.sqlite_store import FILE_NAME as SQLITE_FILE
    from kg.sqlite_store import write_sqlite

    gen, index = build.path, build.index
    for cat in store.find("Catalog"):
        index.delete_catalog(cat["key"])
    index.add(search_docs(store, {}, catalogs_only=True))
    index.commit()
    store.save(gen / "graph.pickle")
    inventory = audit.inventory_of(store)
    audit.save_inventory(gen, inventory)
    write_sqlite(store, gen / SQLITE_FILE)  # what cold CLI reads open instead of the pickle
    manifest: dict[str, Any] = {
        "generation": generation_id(gen),
        "laws": inputs,
        "parser": parser_fingerprint(),  # the parser code the statutes were parsed by
        "catalogs_digest": catalogs_digest(data),
        "laws_report": {k: v for k, v in laws_report.to_dict().items() if k not in ("diagnostics", "catalogs")},
        "built": utc_now(),
        "counts": {name: len(inventory[label]) for label, name in audit.COUNTED.items()},
    }
    laws_report.generation = manifest["generation"]
    (gen / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    (gen / "report.json").write_text(json.dumps(laws_report.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    return inventory


# -- the audit log --------------------------------------------------------------------------


def file_changes(previous: list[list[str]], inputs: list[list[str]]) -> dict[str, Any]:
    """Which statute files an ingest added, changed and removed (names and sha256, the first 200)."""
    old: dict[str, str] = {r: d for r, d in previous}
    new: dict[str, str] = {r: d for r, d in inputs}
    changes = ([{"name": r, "sha256": d, "change": "added"} for r, d in new.items() if r not in old]
               + [{"name": r, "sha256": d, "change": "changed"} for r, d in new.items() if r in old and old[r] != d]
               + [{"name": r, "sha256": d, "change": "removed"} for r, d in old.items() if r not in new])
    totals = {k: sum(1 for c in changes if c["change"] == k) for k in ("added", "changed", "removed")}
    inputs_digest = hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {"files": changes[:MAX_AUDITED_FILES], "file_changes": totals, "files_total": len(inputs),
            "inputs_sha256": inputs_digest}


def record(data: DataDir, kind: str, actor: str | None, before: Path | None,
           before_inv: dict[str, list[str]] | None, after_inv: dict[str, list[str]] | None,
           **what: Any) -> dict[str, Any]:
    """Append the audit entry of one change (who, what, counts before/after, generations)."""
    after = data.current()
    return audit.record(data, {
        "time": utc_now(), "actor": actor or audit.os_user(), "kind": kind, **what,
        "counts": audit.count_changes(before_inv, after_inv),
        "generation_before": before.name if before is not None else None,
        "generation_after": after.name if after is not None else None,
        "pid": os.getpid(),
    })
