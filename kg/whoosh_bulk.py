"""Write a whole whoosh segment from token lists, without whoosh's posting pool.

``SegmentWriter.add_document`` sends every posting through a pool of Python
tuples that is sorted at commit and then written one posting at a time: for
the full corpus (≈ 9 million postings) that was two thirds of the ingest
time and most of its memory.  This writer produces the *same segment* — the
same per-document records (stored fields, field lengths, columns) and the
same terms, posting blocks and term infos, read by whoosh's own readers and
searchers — but builds the inverted lists with numpy and hands whoosh's
``W3PostingsWriter`` one block at a time.

It writes one new segment and never merges, so it is meant for a fresh index
(the statute layer of a new generation); incremental updates (a catalog)
keep using whoosh's own writer.  ``tests/unit/test_whoosh_bulk.py`` checks
the result against a segment written by ``add_document`` for the same
documents: terms, postings, weights, values, lengths, stored fields and
columns must be equal.

The block writer relies on the buffer attributes of ``W3PostingsWriter``
(whoosh-reloaded 2.7); pyproject pins the minor version.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import count, pairwise
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import fields
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.util.numeric import _length_byte_cache
from whoosh.writing import SegmentWriter

__all__ = ["PostingTable", "write_segment", "write_segments"]

_LENGTH_CACHE = np.asarray(_length_byte_cache, dtype=np.int64)
_MAX_LENGTH = 106374  # whoosh.util.numeric.length_to_byte: this and above -> 255


def quantized_lengths(lengths: np.ndarray) -> np.ndarray:
    """``byte_to_length(length_to_byte(n))`` for each n: the field length whoosh stores and reads back."""
    codes = np.searchsorted(_LENGTH_CACHE, lengths, side="left")
    codes = np.where(lengths >= _MAX_LENGTH, 255, codes)
    return _LENGTH_CACHE[codes]


class PostingTable:
    """The inverted lists of one token field: terms in byte order, CSR postings (docnum, term frequency)."""

    def __init__(self, terms: list[str], offsets: np.ndarray, docs: np.ndarray, freqs: np.ndarray) -> None:
        self.terms = terms
        self.offsets = offsets
        self.docs = docs
        self.freqs = freqs


class _TermCollector:
    """Term ids of one field's tokens, document by document (a flat int array, no per-token tuples)."""

    def __init__(self) -> None:
        self.vocab: defaultdict[str, int] = defaultdict(count().__next__)
        self.term_ids = array("i")
        self.doc_ids = array("i")  # documents with tokens, in order
        self.doc_lengths = array("i")

    def add(self, docnum: int, tokens: Sequence[str]) -> None:
        if not tokens:
            return
        self.term_ids.fromlist(list(map(self.vocab.__getitem__, tokens)))
        self.doc_ids.append(docnum)
        self.doc_lengths.append(len(tokens))

    def table(self, n_docs: int) -> PostingTable:
        terms_by_id = list(self.vocab)
        if not terms_by_id:
            return PostingTable([], np.zeros(1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32))
        order = sorted(range(len(terms_by_id)), key=terms_by_id.__getitem__)  # code point = UTF-8 byte order
        rank = np.empty(len(order), dtype=np.int64)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
        tids = rank[np.frombuffer(self.term_ids, dtype=np.int32)]
        docs = np.repeat(np.frombuffer(self.doc_ids, dtype=np.int32).astype(np.int64),
                         np.frombuffer(self.doc_lengths, dtype=np.int32))
        keys, freqs = np.unique(tids * max(n_docs, 1) + docs, return_counts=True)
        term_of = keys // max(n_docs, 1)
        offsets = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_of, minlength=len(order)), out=offsets[1:])
        return PostingTable([terms_by_id[i] for i in order], offsets,
                            (keys % max(n_docs, 1)).astype(np.int32), freqs.astype(np.float32))


class _BlockPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """``W3PostingsWriter`` that takes a whole block of postings at once (plain lists: most blocks are tiny)."""

    def add_block(self, ids: list[int], weights: list[float], values: bytes, lengths: list[int] | None) -> None:
        if len(self._ids):  # type: ignore[has-type]  # the previous block is full: write it, as add_posting would
            self._write_block()
        self._ids = array("I", ids)
        self._weights = array("f", weights)
        self._values = [values] if values else []
        self._maxweight = max(0.0, max(weights))
        if lengths:
            nonzero = [n for n in lengths if n > 0]
            self._minlength = min(nonzero) if nonzero else None
            self._maxlength = max(lengths)

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids
        if len(ids) < 64:
            return (ids[0], *[b - a for a, b in pairwise(ids)])
        arr = np.frombuffer(ids, dtype=np.uint32).astype(np.int64)
        return tuple(np.diff(arr, prepend=0).tolist())


def write_segments(
    ix: Any,
    codec: Any,
    docs: Sequence[Any],
    to_fields: Callable[[Any], Mapping[str, Any]],
    token_fields: Sequence[str],
    processes: int = 1,
) -> list[tuple[str, dict[str, PostingTable]]]:
    """Write ``docs`` as ``processes`` segments built side by side, committed in one TOC.

    Each process writes a contiguous share of the documents (``to_fields`` turns one into
    its fields) as a segment of its own; whoosh reads several segments as one index, in TOC
    order, so document numbers follow ``docs``.  The workers are forked: they see ``docs``
    without pickling.  Returns ``(segment id, posting tables)`` per segment, in order.
    """
    if processes <= 1 or len(docs) < 2 * processes or "fork" not in mp.get_all_start_methods():
        return [write_segment(ix, codec, map(to_fields, docs), token_fields)]
    bounds = [len(docs) * i // processes for i in range(processes + 1)]
    writer = _BulkSegmentWriter(ix, codec=codec)  # holds the lock; writes the last share
    try:
        with tempfile.TemporaryDirectory(prefix="yiju-seg-") as tmp:
            ctx = mp.get_context("fork")
            children = []
            for i in range(processes - 1):
                out = Path(tmp) / f"{i}.pickle"
                child = ctx.Process(target=_write_share, args=(
                    ix, codec, docs, to_fields, bounds[i], bounds[i + 1], token_fields, out, os.getpid()), daemon=True)
                child.start()
                children.append((child, out))
            last = writer.add_all(map(to_fields, docs[bounds[-2]: bounds[-1]]), token_fields)
            shares: list[tuple[Any, dict[str, PostingTable]]] = []
            for child, out in children:
                child.join()
                if child.exitcode != 0 or not out.exists():
                    raise RuntimeError(f"index writer process failed (exit code {child.exitcode})")
                with open(out, "rb") as fh:
                    shares.append(pickle.load(fh))
        writer.segments = [*writer.segments, *(seg for seg, _ in shares)]
        writer.commit(merge=False)
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    return [(seg.segment_id(), tables) for seg, tables in shares] + [(writer.newsegment.segment_id(), last)]


def _write_share(ix: Any, codec: Any, docs: Sequence[Any], to_fields: Callable[[Any], Mapping[str, Any]],
                 start: int, end: int, token_fields: Sequence[str], out: Path, parent: int) -> None:
    """In a forked process: write docs[start:end] as a segment (no TOC: the parent commits it)."""
    from kg.children import die_with_parent

    die_with_parent(parent)  # a kill -9 of the build leaves no writer behind
    writer = _BulkSegmentWriter(ix, codec=codec, _lk=False)
    tables = writer.add_all(map(to_fields, docs[start:end]), token_fields)
    segment = writer._finalize_segment()
    with open(out, "wb") as fh:
        pickle.dump((segment, tables), fh, protocol=pickle.HIGHEST_PROTOCOL)


def write_segment(
    ix: Any,
    codec: Any,
    docs: Iterable[Mapping[str, Any]],
    token_fields: Sequence[str],
) -> tuple[str, dict[str, PostingTable]]:
    """Write ``docs`` (field name -> value, as for ``add_document``) as one new segment of ``ix``.

    Token fields take lists of tokens (term frequency = occurrences); other
    fields are written as whoosh writes them.  Returns the new segment's id
    and the posting tables of the token fields (docnums local to the segment).
    """
    writer = _BulkSegmentWriter(ix, codec=codec)
    try:
        tables = writer.add_all(docs, token_fields)
        writer.commit(merge=False)
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    return writer.newsegment.segment_id(), tables


class _BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A ``SegmentWriter`` whose postings come from numpy tables instead of its pool."""

    _tables: dict[str, PostingTable]
    _other: dict[str, list[tuple[bytes, int, float, bytes]]]
    _lengths: dict[str, np.ndarray]

    def add_all(self, docs: Iterable[Mapping[str, Any]], token_fields: Sequence[str]) -> dict[str, PostingTable]:
        schema = self.schema
        pdw = self.perdocwriter
        collectors = {name: _TermCollector() for name in token_fields}
        # ID fields without filters index their value as one term: collected like tokens
        id_fields = {name for name, field in schema.items()
                     if isinstance(field, fields.ID) and type(field.analyzer) is IDTokenizer and name not in collectors}
        collectors.update({name: _TermCollector() for name in id_fields})
        lengths: dict[str, array[int]] = {name: array("i") for name in token_fields}
        other: dict[str, list[tuple[bytes, int, float, bytes]]] = defaultdict(list)
        docnum: int = self.docnum  # type: ignore[has-type]
        for doc in docs:
            pdw.start_doc(docnum)
            for name in sorted(k for k in doc if not k.startswith("_")):
                value = doc[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if name in id_fields:
                    collectors[name].add(docnum, [value])
                elif name in collectors:
                    collectors[name].add(docnum, value)
                    length = len(value)
                elif field.indexed:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        other[name].append((tbytes, docnum, weight, vbytes))
                pdw.add_field(name, field, value if field.stored else None, length)
                if field.column_type is not None:
                    pdw.add_column_value(name, field.column_type, field.to_column_value(value))
            for name in token_fields:
                value = doc.get(name)
                lengths[name].append(len(value) if value else 0)
            pdw.finish_doc()
            docnum += 1
        self.docnum = docnum
        self._added = docnum > self.docbase
        n_docs = docnum - self.docbase
        self._tables = {name: c.table(n_docs) for name, c in collectors.items()}
        self._other = other
        self._lengths = {name: quantized_lengths(np.frombuffer(a, dtype=np.int32).astype(np.int64))
                         for name, a in lengths.items()}
        zero = np.zeros(n_docs, dtype=np.int64)
        self._lengths.update({name: zero for name in id_fields})
        return self._tables

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fw = self.fieldwriter
        for name in sorted(set(self._tables) | set(self._other)):
            field = self.schema[name]
            if name in self._tables:
                _write_table(self.codec, fw, name, field, self._tables[name], self._lengths[name])
            elif self._other[name]:
                _write_tuples(fw, name, field, self._other[name])
        fw.close()


def _write_table(codec: Any, fw: Any, name: str, field: Any, table: PostingTable, doc_lengths: np.ndarray) -> None:
    if not table.terms:
        return
    fw.start_field(name, field)
    fw._postwriter = pw = _BlockPostingsWriter(
        fw._postfile, blocklimit=codec._blocklimit, compression=codec._compression,
        inlinelimit=codec._inlinelimit)
    fixed = field.format.fixed_value_size()
    if fixed not in (0, 4):  # Existence (no values) or Frequency (a packed uint per posting)
        raise ValueError(f"token field {name!r}: unsupported posting format {field.format!r}")
    limit = codec._blocklimit
    scorable = field.scorable
    offsets = table.offsets
    docs = table.docs.tolist()
    freqs = table.freqs.tolist()
    freq_bytes = table.freqs.astype(">u4").tobytes() if fixed == 4 else b""
    lengths = doc_lengths.tolist() if scorable else None
    for i, term in enumerate(table.terms):
        a, b = int(offsets[i]), int(offsets[i + 1])
        fw.start_term(term.encode("utf-8"))
        for start in range(a, b, limit):
            end = min(start + limit, b)
            ids = docs[start:end]
            pw.add_block(ids, freqs[start:end], freq_bytes[4 * start: 4 * end] if fixed == 4 else b"",
                         [lengths[d] for d in ids] if lengths is not None else None)
        fw.finish_term()
    fw.finish_field()


def _write_tuples(fw: Any, name: str, field: Any, postings: list[tuple[bytes, int, float, bytes]]) -> None:
    """Postings of the small non-token indexed fields (ids), through whoosh's own per-posting path."""
    postings.sort(key=lambda p: (p[0], p[1]))
    fw.start_field(name, field)
    last: bytes | None = None
    for tbytes, docnum, weight, vbytes in postings:
        if tbytes != last:
            if last is not None:
                fw.finish_term()
            fw.start_term(tbytes)
            last = tbytes
        fw.add(docnum, weight, vbytes or b"", 0)
    if last is not None:
        fw.finish_term()
    fw.finish_field()
