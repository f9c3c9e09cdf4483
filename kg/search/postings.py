"""One searcher's posting lists per field and term: from the saved posting arrays, else from whoosh."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from kg.search.posting_arrays import _PostingArrays, _read_postings, _text
from kg.search.schema import _SEP, POSTINGS_CACHE


class _Postings:
    """``_State``'s posting lists, each document's terms rebuilt from them, and document frequencies."""

    reader: Any
    doc_id: list[str]
    live: np.ndarray
    has_deletions: bool
    version_code: np.ndarray
    conduct: np.ndarray
    leaves: list[Any]
    arrays: list[_PostingArrays | None]
    all_arrays: bool
    leaf_deleted: list[bool | None]
    lock: threading.Lock
    io_lock: threading.Lock
    _postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray] | None]
    _postings_limit: int
    _versions_of: OrderedDict[str, np.ndarray | None]
    _conduct_df: dict[str, int]

    def postings(self, field_name: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        if self.all_arrays:  # slices of the saved arrays are cheap: no caching needed
            return self._sliced(field_name, term)
        key = (field_name, term)
        with self.lock:
            if key in self._postings:
                self._postings.move_to_end(key)
                return self._postings[key]
        from whoosh.reading import TermNotFound

        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for (leaf, base), arrays in zip(self.leaves, self.arrays, strict=True):
            if arrays is not None:
                got = arrays.get(field_name, term)
                if got is not None:
                    parts.append((got[0] + base if base else got[0], got[1]))
                continue
            with self.io_lock:  # whoosh reads through shared file handles
                try:
                    m = leaf.postings(field_name, term)
                except TermNotFound:
                    continue
                ids, w = _read_postings(m)
            parts.append((ids + base, w))
        value: tuple[np.ndarray, np.ndarray] | None = None
        if parts:
            ids = np.concatenate([p[0] for p in parts])
            w = np.concatenate([p[1] for p in parts])
            keep = self.live[ids]
            value = (ids[keep], w[keep]) if not keep.all() else (ids, w)
            if len(value[0]) == 0:
                value = None
        with self.lock:
            self._postings[key] = value
            if len(self._postings) > self._postings_limit:
                self._postings.popitem(last=False)
        return value

    def _sliced(self, field_name: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The postings from the saved arrays of every segment; deleted documents dropped where a segment has
        any (a segment of deleted documents only is skipped)."""
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for (_, base), arrays, deleted in zip(self.leaves, self.arrays, self.leaf_deleted, strict=True):
            if deleted or arrays is None:  # every document of the segment deleted
                continue
            got = arrays.get(field_name, term)
            if got is None:
                continue
            ids, w = (got[0] + base, got[1]) if base else got
            if deleted is False:  # some deleted
                keep = self.live[ids]
                ids, w = ids[keep], w[keep]
            if len(ids):
                parts.append((ids, w))
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def token_texts(self, field_names: Sequence[str], distinct: bool = False) -> dict[str, str]:
        """Each live document's terms of ``field_names``, space-joined, by doc id.

        Rebuilt from the postings, so they are exactly the index's terms: each
        term repeated as often as it occurs in the document (once with
        ``distinct``), in the order of the term dictionary (fields in the order
        given), not of the text.  Documents without any such term are left out.
        """
        vocab: list[str] = []
        docs: list[np.ndarray] = []
        terms: list[np.ndarray] = []
        for (leaf, base), arrays in zip(self.leaves, self.arrays, strict=True):
            if arrays is None:
                arrays = _PostingArrays(*_PostingArrays.build(leaf))
            keys = sorted(arrays.index.items(), key=lambda kv: kv[1])
            for name in field_names:
                prefix = f"{name}{_SEP}"
                rows = [(key[len(prefix):], i) for key, i in keys if key.startswith(prefix)]
                if not rows:
                    continue
                idx = np.array([i for _, i in rows], dtype=np.int64)
                starts = arrays.offsets[idx].astype(np.int64)
                lengths = arrays.offsets[idx + 1].astype(np.int64) - starts
                # positions of all these terms' postings: each term's range, concatenated
                pos = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
                doc_ids = arrays.ids[pos].astype(np.int64) + base
                term_ids = np.repeat(np.arange(len(rows), dtype=np.int64) + len(vocab), lengths)
                if not distinct:  # each posting as often as the term occurs
                    counts = np.maximum(np.rint(arrays.tfs[pos]).astype(np.int64), 1)
                    doc_ids, term_ids = np.repeat(doc_ids, counts), np.repeat(term_ids, counts)
                docs.append(doc_ids)
                terms.append(term_ids)
                vocab.extend(term for term, _ in rows)
        if not docs:
            return {}
        doc_all, term_all = np.concatenate(docs), np.concatenate(terms)
        keep = self.live[doc_all]
        doc_all, term_all = doc_all[keep], term_all[keep]
        if not len(doc_all):
            return {}
        order = np.argsort(doc_all, kind="stable")  # stable: a document's terms stay in dictionary order
        doc_all, term_all = doc_all[order], term_all[order]
        words = np.array(vocab, dtype=object)
        starts = np.flatnonzero(np.r_[True, doc_all[1:] != doc_all[:-1]])
        ends = np.r_[starts[1:], len(doc_all)]
        if distinct:  # a term of two fields once
            return {self.doc_id[int(doc_all[a])]: " ".join(dict.fromkeys(words[term_all[a:b]]))
                    for a, b in zip(starts, ends, strict=True)}
        return {self.doc_id[int(doc_all[a])]: " ".join(words[term_all[a:b]]) for a, b in zip(starts, ends, strict=True)}

    def preload(self, min_df: int) -> int:
        """Read the posting arrays of every article term with at least ``min_df`` documents."""
        terms = [_text(t) for t, info in self.reader.iter_field("text") if info.doc_frequency() >= min_df]
        with self.lock:
            self._postings_limit = max(POSTINGS_CACHE, len(terms) + POSTINGS_CACHE)
        for t in terms:
            self.postings("text", t)
        return len(terms)

    def versions_with(self, term: str) -> np.ndarray | None:
        """Codes of the statute versions whose articles contain ``term`` (cached)."""
        with self.lock:
            if term in self._versions_of:
                self._versions_of.move_to_end(term)
                return self._versions_of[term]
        p = self.postings("text", term)
        out = None if p is None else np.unique(self.version_code[p[0]])
        with self.lock:
            self._versions_of[term] = out
            if len(self._versions_of) > POSTINGS_CACHE:
                self._versions_of.popitem(last=False)
        return out

    def doc_frequency(self, field_name: str, term: str) -> int:
        if self.all_arrays and False not in self.leaf_deleted:  # the lengths of the terms' ranges, no slicing
            return sum(arrays.length(field_name, term)
                       for arrays, deleted in zip(self.arrays, self.leaf_deleted, strict=True)
                       if arrays is not None and deleted is None)
        p = self.postings(field_name, term)
        return 0 if p is None else len(p[0])

    def conduct_df(self, term: str) -> int:
        """In how many live 违则/罚则 articles the statutes use ``term`` (their conduct vocabulary)."""
        got = self._conduct_df.get(term)
        if got is not None:
            return got
        p = self.postings("text", term)
        n = 0 if p is None else int(self.conduct[p[0]].sum())
        with self.lock:
            if len(self._conduct_df) > 65536:
                self._conduct_df.clear()
            self._conduct_df[term] = n
        return n
