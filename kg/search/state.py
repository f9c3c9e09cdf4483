"""Per-searcher state: the documents' attributes as arrays, built once per whoosh searcher.

``_State`` is what one searcher needs besides stored fields; its posting lists
(``postings``), filter masks (``filters``) and BM25 (``bm25``) are its parts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from kg.search.bm25 import _BM25
from kg.search.doc_columns import _load_columns
from kg.search.filters import _Filters
from kg.search.posting_arrays import _PostingArrays
from kg.search.schema import (
    FIELD_B,
    ITEM_PRIOR,
    K1,
    LEVEL_PRIOR,
    NATIONAL,
    PENALTY_PRIOR,
    POSTINGS_CACHE,
    VIOLATED_PRIOR,
)


class _State(_BM25, _Filters):
    """What one whoosh searcher needs besides stored fields: attribute arrays, masks, postings."""

    def __init__(self, searcher: Any, meta: dict[str, Any], folder: Path | None = None) -> None:
        self.searcher = searcher
        self.meta = meta
        reader = searcher.reader()
        self.reader = reader
        n = reader.doc_count_all()
        self.n = n
        cols, self.columns_loaded = _load_columns(folder, reader)
        self.doc_id: list[str] = cols.doc_id
        self.is_item = cols.is_item
        self.statute_code, self.statute_names = cols.codes["statute"], cols.names["statute"]
        self.statute_index = {name: i for i, name in enumerate(self.statute_names)}
        self.version_code, self.version_names = cols.codes["version"], cols.names["version"]
        self.region_code, self.region_names = cols.codes["region"], cols.names["region"]
        self.level_code, self.level_names = cols.codes["level"], cols.names["level"]
        self.catalog_code, self.catalog_names = cols.codes["catalog"], cols.names["catalog"]
        self.article: list[str] = cols.article
        self.penalty = cols.penalty
        self.violated = cols.violated
        self.length = cols.length
        live = cols.live
        self.columns = cols
        self.live = live
        self.has_deletions = not bool(live.all())
        self.total = int(live.sum())
        self.has_field = {name: bool((arr > 0).any()) for name, arr in self.length.items()}
        self.avg_length = {
            name: float(arr[live & (arr > 0)].mean()) if (live & (arr > 0)).any() else 1.0
            for name, arr in self.length.items()
        }
        # BM25's length normalisation per document and field, K1 * (1 - b + b * dl / avgdl)
        self.norm = {
            name: (K1 * (1.0 - FIELD_B[name] + FIELD_B[name] * arr / self.avg_length[name])).astype(np.float32)
            for name, arr in self.length.items()
        }
        self.prior = np.where(self.penalty, PENALTY_PRIOR, np.where(self.violated, VIOLATED_PRIOR, 1.0))
        self.prior = np.where(self.is_item, ITEM_PRIOR, self.prior)
        level_prior = np.array([LEVEL_PRIOR.get(name, 1.0) for name in self.level_names] or [1.0], dtype=np.float32)
        self.prior = (self.prior * level_prior[self.level_code]).astype(np.float32)
        live_docs = np.flatnonzero(live).tolist()
        self._live_docs = live_docs
        # the later of two live documents with one id wins, as in a loop over them
        self.by_id: dict[str, int] = dict(zip([self.doc_id[d] for d in live_docs], live_docs, strict=True))
        self._masks: OrderedDict[tuple[Any, ...], np.ndarray] = OrderedDict()
        self._sets: OrderedDict[tuple[Any, ...], set[int]] = OrderedDict()
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray] | None] = OrderedDict()
        self.leaves = list(reader.leaf_readers())
        # posting arrays per segment, where saved (None: read from whoosh on demand)
        self.arrays: list[_PostingArrays | None] = []
        for leaf, _ in self.leaves:
            arr = None
            seg = leaf.segment() if hasattr(leaf, "segment") else None
            if folder is not None and seg is not None:
                f = folder / _PostingArrays.file_name(seg.segment_id())
                arr = _PostingArrays.load(f) if f.exists() else None
            self.arrays.append(arr)
        self.all_arrays = bool(self.arrays) and all(a is not None for a in self.arrays)
        # per segment: documents deleted? (None: none, True: all, False: some) — a catalog replaced leaves a
        # segment of dead items beside the statutes' live ones, whose postings then need no filtering
        ends = [base for _, base in self.leaves[1:]] + [n]
        self.leaf_deleted: list[bool | None] = []
        for (_, base), end in zip(self.leaves, ends, strict=True):
            alive = int(live[base:end].sum())
            self.leaf_deleted.append(None if alive == end - base else alive == 0)
        self._postings_limit = POSTINGS_CACHE
        self._versions_of: OrderedDict[str, np.ndarray | None] = OrderedDict()
        # the statutes' conduct vocabulary lives in their 违则 and 罚则 articles (kg.thesaurus)
        self.conduct = live & (self.penalty | self.violated) & ~self.is_item
        self.national = self._code_mask(self.region_code, self.region_names, {NATIONAL, ""}) | self.is_item
        self._conduct_df: dict[str, int] = {}
        self.lock = threading.Lock()
        self.io_lock = threading.Lock()

    @cached_property
    def by_article(self) -> dict[tuple[str, str], list[int]]:
        """Live provisions by (statute, article key), in document order (built on first use)."""
        out: dict[tuple[str, str], list[int]] = defaultdict(list)
        statute_of = self.statute_names
        codes = self.statute_code.tolist()
        is_item = self.is_item.tolist()
        article = self.article
        for d in self._live_docs:
            if not is_item[d]:
                out[(statute_of[codes[d]], article[d])].append(d)
        return out

    def stored(self, d: int) -> dict[str, Any]:
        with self.io_lock:
            out: dict[str, Any] = self.searcher.stored_fields(d)
        return out

    def statute_of(self, d: int) -> str:
        return self.statute_names[int(self.statute_code[d])]

    def region_of(self, d: int) -> str:
        return self.region_names[int(self.region_code[d])]
