"""Writing the index: documents buffered until ``commit``, one writer for them (or bulk segments for a new
index), and the posting arrays and document attributes saved beside each new segment."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.search.doc_columns import DOCS_PREFIX, docs_file_name, save_segment_columns
from kg.search.doc_fields import _doc_fields
from kg.search.index_meta import _IndexMeta
from kg.search.posting_arrays import _PostingArrays
from kg.search.schema import _SEP, BULK_SPLIT_DOCS, TOKEN_FIELDS, WRITER_LIMIT_MB, _codec
from kg.search.searcher import _Searcher
from kg.search.types import SearchDoc
from kg.whoosh_bulk import write_segments


class _IndexWriting(_IndexMeta, _Searcher):
    """``WhooshIndex``'s writes: ``add`` and ``delete_catalog`` buffer, ``commit`` writes them."""

    _ix: Any
    _lock: threading.RLock
    _path: Path | None
    _pending: list[SearchDoc]
    _deletes: list[str]
    _title_index: dict[str, list[str]] | None
    _region_names: dict[str, str] | None
    _allowed_cache: dict[str | None, frozenset[str] | None]
    last_commit_stats: dict[str, Any]

    def add(self, docs: Iterable[SearchDoc]) -> None:
        with self._lock:
            self._pending.extend(docs)

    def delete_catalog(self, catalog_key: str) -> None:
        with self._lock:
            self._pending = [d for d in self._pending if not (d.kind == "item" and d.catalog_key == catalog_key)]
            self._deletes.append(catalog_key)

    def commit(self) -> None:
        """Write pending documents with one writer; refresh the searcher."""
        import time

        with self._lock:
            started, cpu = time.perf_counter(), time.process_time()
            pending, self._pending = self._pending, []
            deletes, self._deletes = self._deletes, []
            if not pending and not deletes:
                return
            for key in deletes:
                self._meta.get("catalogs", {}).pop(key, None)
            fresh = self._ix.doc_count_all() == 0
            by_id = {d.doc_id: d for d in pending}
            if fresh and not deletes:
                # a new index (the statute layer): segments from numpy postings, see kg.whoosh_bulk
                docs = list(by_id.values())
                for doc in docs:
                    self._note_meta(doc)
                processes = min(2, os.cpu_count() or 1) if len(docs) >= BULK_SPLIT_DOCS else 1
                for seg_id, tables in write_segments(self._ix, _codec(), docs, lambda d: _doc_fields(d, by_id),
                                                     TOKEN_FIELDS, processes):
                    if self._path is not None:
                        _PostingArrays.save_tables(self._path / _PostingArrays.file_name(seg_id), tables)
            else:
                writer = self._ix.writer(limitmb=WRITER_LIMIT_MB, procs=1, multisegment=False, codec=_codec())
                try:
                    for key in deletes:
                        writer.delete_by_term("catalog_term", key)
                    if not fresh:
                        for docnum in self._docnums_of(by_id):
                            writer.delete_document(docnum)
                    for fields_ in self._fields_noted(by_id):
                        writer.add_document(**fields_)
                    writer.commit(merge=not fresh, optimize=False)
                except BaseException:
                    writer.cancel()
                    raise
            self._write_meta()
            self._close_searcher()
            self._save_posting_arrays()
            self._title_index = None
            self._region_names = None
            self._allowed_cache = {}
            elapsed = time.perf_counter() - started
            self.last_commit_stats = {
                "docs": len(by_id), "seconds": round(elapsed, 3), "cpu_seconds": round(time.process_time() - cpu, 3),
                "docs_per_second": round(len(by_id) / elapsed, 1) if elapsed else None,
            }

    def _docnums_of(self, doc_ids: Iterable[str]) -> list[int]:
        """Numbers of the live documents with these ids (what a re-added document replaces)."""
        wanted = set(doc_ids)
        out: list[int] = []
        with self._ix.reader() as reader:
            if not reader.doc_count_all():
                return out
            deleted = reader.has_deletions()
            for d, v in enumerate(reader.column_reader("meta")):
                if v and v.split(_SEP.encode(), 1)[0].decode("utf-8") in wanted and not (deleted and reader.is_deleted(d)):
                    out.append(d)
        return out

    def _fields_noted(self, by_id: dict[str, SearchDoc]) -> Iterator[dict[str, Any]]:
        for doc in by_id.values():
            yield _doc_fields(doc, by_id)
            self._note_meta(doc)

    def ensure_posting_arrays(self) -> bool:
        """Write missing posting arrays of an on-disk index (e.g. one built by an older version)."""
        with self._lock:
            written = self._save_posting_arrays()
            if written:
                self._close_searcher()
            return written > 0

    def _save_posting_arrays(self) -> int:
        """Posting arrays and document attributes for the segments that have none; those of vanished segments are deleted.

        The attributes (``yiju_docs_<segment>.npz``: ids, statute, version, region,
        level, catalog, article, flags, field lengths) are what opening the index
        would otherwise decode from every document's ``meta`` value (seconds and
        hundreds of MB on the full corpus); deletions are read from the index at open.
        """
        if self._path is None:
            return 0
        written = 0
        with self._ix.reader() as reader:
            wanted: set[str] = set()
            for leaf, _ in reader.leaf_readers():
                seg = leaf.segment() if hasattr(leaf, "segment") else None
                if seg is None:
                    continue
                name = _PostingArrays.file_name(seg.segment_id())
                docs = docs_file_name(seg.segment_id())
                wanted.update((name, docs))
                target = self._path / name
                if not target.exists():
                    _PostingArrays.save(target, leaf)
                    written += 1
                if not (self._path / docs).exists() and save_segment_columns(self._path / docs, leaf):
                    written += 1
        for pattern in ("yiju_postings_*.npz", f"{DOCS_PREFIX}*.npz", "yiju_state_*.npz"):
            for old in self._path.glob(pattern):
                if old.name not in wanted:
                    old.unlink(missing_ok=True)
        return written
