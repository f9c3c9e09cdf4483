"""Per-searcher state: document attributes as arrays, filter masks, posting arrays, BM25."""

from __future__ import annotations

import math
import os
import threading
import zipfile
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from kg.search.schema import (
    _SEP,
    FIELD_B,
    FIELD_WEIGHTS,
    ITEM_PRIOR,
    K1,
    LEVEL_PRIOR,
    NATIONAL,
    PENALTY_PRIOR,
    POSTINGS_CACHE,
    TOKEN_FIELDS,
    VIOLATED_PRIOR,
)
from kg.validity import in_force
from kg.whoosh_bulk import PostingTable

# --------------------------------------------------------------------------
# Per-searcher state: document attributes as arrays, filter masks, postings
# --------------------------------------------------------------------------


def _codes(values: Sequence[str]) -> tuple[np.ndarray, list[str], dict[str, int]]:
    names: dict[str, int] = {}
    out = np.empty(len(values), dtype=np.int32)
    for i, v in enumerate(values):
        code = names.get(v)
        if code is None:
            code = names[v] = len(names)
        out[i] = code
    return out, list(names), names


def _read_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, term frequency) of one segment's posting list, as arrays."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    m = matcher
    while not isinstance(m, W3LeafMatcher) and hasattr(m, "child"):
        m = m.child  # FilterMatcher around a segment with deletions: deleted docs are masked later
    if isinstance(m, W3LeafMatcher):
        id_parts: list[np.ndarray] = []
        w_parts: list[np.ndarray] = []
        m.reset()
        while True:
            if m._data is None:
                m._read_data()
            raw_ids = m._data[0]
            if m._byteids:
                ids = np.frombuffer(bytes(raw_ids), dtype=np.uint8).astype(np.int64) if isinstance(
                    raw_ids, (bytes, bytearray)) else np.asarray(raw_ids, dtype=np.int64)
            else:
                ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
            weights = m._data[1]
            if weights is None:
                w = np.ones(len(ids), dtype=np.float32)
            elif isinstance(weights, float):
                w = np.full(len(ids), weights, dtype=np.float32)
            else:
                w = np.asarray(weights, dtype=np.float32)
            id_parts.append(ids)
            w_parts.append(w)
            if m._lastblock:
                break
            m._goto(m._nextoffset)
        return np.concatenate(id_parts), np.concatenate(w_parts)
    ids_l: list[int] = []
    w_l: list[float] = []
    while m.is_active():
        ids_l.append(m.id())
        w_l.append(m.weight())
        m.next()
    return np.asarray(ids_l, dtype=np.int64), np.asarray(w_l, dtype=np.float32)


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _mapped_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed ``.npz`` (what ``np.savez`` writes), memory-mapped instead of read.

    ``np.load`` ignores ``mmap_mode`` for ``.npz`` and copies every array; the members of an
    uncompressed zip are contiguous ``.npy`` files, so each is mapped at its offset.
    A compressed member is read as ``np.load`` would.
    """
    import struct
    import zipfile

    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as f:
        for info in zf.infolist():
            name = info.filename.removesuffix(".npy")
            if info.compress_type != zipfile.ZIP_STORED:
                with zf.open(info) as member:
                    out[name] = np.lib.format.read_array(member)
                continue
            f.seek(info.header_offset)
            local = f.read(30)
            if local[:4] != b"PK\x03\x04":
                raise ValueError(f"{path.name}: bad zip member {info.filename}")
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            f.seek(info.header_offset + 30 + name_len + extra_len)
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            if dtype.hasobject:
                raise ValueError(f"{path.name}: object array {info.filename}")
            count = int(np.prod(shape)) if shape else 1
            if count == 0:
                out[name] = np.zeros(shape, dtype=dtype)
                continue
            out[name] = np.memmap(path, dtype=dtype, mode="r", offset=f.tell(), shape=shape,
                                  order="F" if fortran else "C")
    return out


class _PostingArrays:
    """The postings of one whoosh segment's token fields as flat arrays (CSR), saved beside it.

    Decoding whoosh's pickled posting blocks costs about a millisecond per thousand postings;
    reading a segment once when it is written and loading the arrays at open makes every
    query's postings a slice.  Segments never change after they are written, so a commit only
    reads its new segments (a catalog commit adds a small one; the statutes' big segment keeps
    its file); files of segments that merges removed are deleted.
    """

    def __init__(self, keys: list[str], offsets: np.ndarray, ids: np.ndarray, tfs: np.ndarray) -> None:
        self.index = {k: i for i, k in enumerate(keys)}
        self.offsets = offsets
        self.ids = ids
        self.tfs = tfs

    def get(self, field_name: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        i = self.index.get(f"{field_name}{_SEP}{term}")
        if i is None:
            return None
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.ids[a:b], self.tfs[a:b]

    @staticmethod
    def file_name(segment_id: str) -> str:
        return f"yiju_postings_{segment_id}.npz"

    @classmethod
    def build(cls, leaf: Any) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """Arrays of one segment reader (docnums local to the segment)."""
        from whoosh.reading import TermNotFound

        keys: list[str] = []
        id_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        lengths: list[int] = []
        for f in TOKEN_FIELDS:
            if f not in leaf.schema:
                continue
            for term in [_text(t) for t, _ in leaf.iter_field(f)]:
                try:
                    m = leaf.postings(f, term)
                except TermNotFound:
                    continue
                ids, w = _read_postings(m)
                keys.append(f"{f}{_SEP}{term}")
                id_parts.append(ids.astype(np.int32))
                tf_parts.append(w.astype(np.float32))
                lengths.append(len(ids))
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        if lengths:
            np.cumsum(lengths, out=offsets[1:])
        ids_all = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int32)
        tfs_all = np.concatenate(tf_parts) if tf_parts else np.zeros(0, dtype=np.float32)
        return keys, offsets, ids_all, tfs_all

    @classmethod
    def save(cls, path: Path, reader: Any) -> None:
        cls._write(path, *cls.build(reader))

    @classmethod
    def save_tables(cls, path: Path, tables: dict[str, PostingTable]) -> None:
        """The arrays of a segment written by ``kg.whoosh_bulk`` (no need to read it back)."""
        keys: list[str] = []
        offsets: list[np.ndarray] = []
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        base = 0
        for f in TOKEN_FIELDS:
            t = tables.get(f)
            if t is None or not t.terms:
                continue
            keys.extend(f"{f}{_SEP}{term}" for term in t.terms)
            offsets.append(t.offsets[:-1] + base)
            base += int(t.offsets[-1])
            ids.append(t.docs.astype(np.int32))
            tfs.append(t.freqs.astype(np.float32))
        offsets.append(np.array([base], dtype=np.int64))
        cls._write(path, keys, np.concatenate(offsets).astype(np.int64),
                   np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32),
                   np.concatenate(tfs) if tfs else np.zeros(0, dtype=np.float32))

    @classmethod
    def _write(cls, path: Path, keys: list[str], offsets: np.ndarray, ids: np.ndarray, tfs: np.ndarray) -> None:
        blob = np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=blob, offsets=offsets, ids=ids, tfs=tfs)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> _PostingArrays | None:
        try:
            data = _mapped_npz(path)
            keys = data["keys"].tobytes().decode("utf-8").split("\n") if len(data["keys"]) else []
            return cls(keys, data["offsets"], data["ids"], data["tfs"])
        except (OSError, ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile):
            return None


_CODED = ("statute", "version", "region", "level", "catalog")  # meta columns 2..6, kept as codes + names
DOCS_PREFIX = "yiju_docs_"


@dataclass
class _Columns:
    """The documents' attributes, from the ``meta`` column (slow) or the files written at commit (fast)."""

    doc_id: list[str]
    is_item: np.ndarray
    codes: dict[str, np.ndarray]
    names: dict[str, list[str]]
    article: list[str]
    penalty: np.ndarray
    violated: np.ndarray
    length: dict[str, np.ndarray]
    live: np.ndarray


def _decode_columns(reader: Any) -> _Columns:
    """Decode every document's ``meta`` value of a reader (a segment's, or all: seconds on the full corpus)."""
    n = reader.doc_count_all()
    rows: list[list[str]] = []
    if n:
        for v in reader.column_reader("meta"):
            rows.append(v.decode("utf-8").split(_SEP) if v else [""] * 12)
    cols = list(zip(*rows, strict=True)) if rows else [()] * 12
    codes: dict[str, np.ndarray] = {}
    names: dict[str, list[str]] = {}
    for i, name in enumerate(_CODED):
        codes[name], names[name], _ = _codes(cols[2 + i])
    flags = cols[8]
    return _Columns(
        doc_id=list(cols[0]),
        is_item=np.fromiter((k == "item" for k in cols[1]), dtype=bool, count=n),
        codes=codes, names=names, article=list(cols[7]),
        penalty=np.fromiter(("p" in f for f in flags), dtype=bool, count=n),
        violated=np.fromiter(("v" in f for f in flags), dtype=bool, count=n),
        length={name: np.fromiter((float(x or 0) for x in cols[9 + i]), dtype=np.float32, count=n)
                for i, name in enumerate(TOKEN_FIELDS)},
        live=np.ones(n, dtype=bool),
    )


def _live(reader: Any) -> np.ndarray:
    """Which documents are not deleted: from each segment's set of deleted documents."""
    n = reader.doc_count_all()
    live = np.ones(n, dtype=bool)
    if not reader.has_deletions():
        return live
    for leaf, base in reader.leaf_readers():
        if not leaf.has_deletions():
            continue
        deleted = getattr(leaf, "deleted_docs_set", None)
        if isinstance(deleted, frozenset):
            live[np.fromiter(deleted, dtype=np.int64, count=len(deleted)) + base] = False
        else:
            for d in range(leaf.doc_count_all()):
                if leaf.is_deleted(d):
                    live[base + d] = False
    return live


def _read_columns(reader: Any) -> _Columns:
    """All documents' attributes decoded from the index (what the saved files must equal)."""
    cols = _decode_columns(reader)
    cols.live = _live(reader)
    return cols


def _combine(parts: list[_Columns]) -> _Columns:
    """The columns of consecutive segments as one: codes renumbered in order of first appearance, as in one pass."""
    if len(parts) == 1:
        return parts[0]
    codes: dict[str, np.ndarray] = {}
    names: dict[str, list[str]] = {}
    for k in _CODED:
        index: dict[str, int] = {}
        mapped: list[np.ndarray] = []
        for part in parts:
            table = np.array([index.setdefault(nm, len(index)) for nm in part.names[k]] or [0], dtype=np.int32)
            mapped.append(table[part.codes[k]] if len(part.codes[k]) else np.zeros(0, dtype=np.int32))
        codes[k] = np.concatenate(mapped) if mapped else np.zeros(0, dtype=np.int32)
        names[k] = list(index)

    def cat(get: Any, dtype: Any) -> np.ndarray:
        return np.concatenate([get(p) for p in parts]) if parts else np.zeros(0, dtype=dtype)

    return _Columns(
        doc_id=[x for p in parts for x in p.doc_id], article=[x for p in parts for x in p.article],
        is_item=cat(lambda p: p.is_item, bool), codes=codes, names=names,
        penalty=cat(lambda p: p.penalty, bool), violated=cat(lambda p: p.violated, bool),
        length={k: cat(lambda p, k=k: p.length[k], np.float32) for k in TOKEN_FIELDS},
        live=cat(lambda p: p.live, bool),
    )


def docs_file_name(segment_id: str) -> str:
    return f"{DOCS_PREFIX}{segment_id}.npz"


def _blob(values: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)


def _unblob(arr: np.ndarray, count: int) -> list[str]:
    if count == 0:
        return []
    out = arr.tobytes().decode("utf-8").split("\n")
    if len(out) != count:
        raise ValueError("docs file: wrong number of values")
    return out


def save_segment_columns(path: Path, leaf: Any) -> bool:
    """Write the attributes of one segment's documents (segments never change; deletions are read at open)."""
    cols = _decode_columns(leaf)
    if any("\n" in v for v in (*cols.doc_id, *cols.article, *(x for v in cols.names.values() for x in v))):
        return False  # not representable: this segment is decoded at open
    arrays: dict[str, np.ndarray] = {
        "doc_id": _blob(cols.doc_id), "article": _blob(cols.article), "is_item": cols.is_item,
        "penalty": cols.penalty, "violated": cols.violated,
        "counts": np.array([len(cols.doc_id), *(len(cols.names[k]) for k in _CODED)], dtype=np.int64),
    }
    for k in _CODED:
        arrays[f"code_{k}"] = cols.codes[k]
        arrays[f"names_{k}"] = _blob(cols.names[k])
    for k, v in cols.length.items():
        arrays[f"length_{k}"] = v
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
    np.savez(tmp, **arrays)  # type: ignore[arg-type]
    tmp.replace(path)
    return True


def _load_segment_columns(path: Path, n: int) -> _Columns | None:
    """The saved attributes of a segment of ``n`` documents, or None (no file, other size, unreadable)."""
    if not path.exists():
        return None
    try:
        data = _mapped_npz(path)
        counts = [int(x) for x in data["counts"]]
        if counts[0] != n:
            return None
        cols = _Columns(
            doc_id=_unblob(data["doc_id"], n), article=_unblob(data["article"], n),
            is_item=data["is_item"], penalty=data["penalty"], violated=data["violated"], live=np.ones(n, dtype=bool),
            codes={k: data[f"code_{k}"] for k in _CODED},
            names={k: _unblob(data[f"names_{k}"], c) for k, c in zip(_CODED, counts[1:], strict=True)},
            length={k: data[f"length_{k}"] for k in TOKEN_FIELDS},
        )
    except (OSError, ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return None
    if any(len(a) != n for a in (cols.is_item, cols.penalty, cols.violated, *cols.codes.values(),
                                  *cols.length.values())):
        return None
    if any(len(names) and (not len(c) or int(c.max()) >= len(names) or int(c.min()) < 0)
           for c, names in ((cols.codes[k], cols.names[k]) for k in _CODED)) or any(
            len(cols.codes[k]) and not cols.names[k] for k in _CODED):
        return None
    return cols


def _load_columns(folder: Path | None, reader: Any) -> tuple[_Columns, bool]:
    """All documents' attributes: per segment from its saved file, else decoded; and whether all were saved."""
    if folder is None:
        return _read_columns(reader), False
    parts: list[_Columns] = []
    all_saved = True
    for leaf, _ in reader.leaf_readers():
        seg = leaf.segment() if hasattr(leaf, "segment") else None
        part = None
        if seg is not None:
            part = _load_segment_columns(folder / docs_file_name(seg.segment_id()), leaf.doc_count_all())
        if part is None:
            all_saved = False
            part = _decode_columns(leaf)
        parts.append(part)
    if not parts:
        return _read_columns(reader), False
    cols = _combine(parts)
    cols.live = _live(reader)
    return cols, all_saved


class _State:
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

    # -- postings
    def postings(self, field_name: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
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
        if self.all_arrays:  # slices are cheap: no caching needed
            if not parts:
                return None
            ids = parts[0][0] if len(parts) == 1 else np.concatenate([p[0] for p in parts])
            w = parts[0][1] if len(parts) == 1 else np.concatenate([p[1] for p in parts])
            if self.has_deletions:
                keep = self.live[ids]
                ids, w = ids[keep], w[keep]
            return (ids, w) if len(ids) else None
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

    # -- filters
    def _versions_allowed(self, as_of: date | None) -> set[str]:
        allowed: set[str] = set()
        for info in self.meta.get("statutes", {}).values():
            versions: dict[str, dict[str, str | None]] = info.get("versions", {})
            if not versions:
                continue
            if as_of is None:
                allowed.add(max(versions.items(), key=lambda kv: _version_order(kv[0], kv[1]))[0])
                continue
            d = as_of.isoformat()
            for vkey, span in versions.items():
                if in_force(span.get("from"), span.get("to"), d):
                    allowed.add(vkey)
        return allowed

    def _catalogs_allowed(self, as_of: date | None) -> set[str]:
        out: set[str] = {""}
        for key, span in self.meta.get("catalogs", {}).items():
            if as_of is None:
                out.add(key)
                continue
            d = as_of.isoformat()
            if in_force(span.get("from"), span.get("to"), d):
                out.add(key)
        return out

    def _code_mask(self, codes: np.ndarray, names: list[str], allowed: Iterable[str]) -> np.ndarray:
        wanted = set(allowed)
        table = np.fromiter((nm in wanted for nm in names), dtype=bool, count=len(names))
        return table[codes] if len(names) else np.zeros(len(codes), dtype=bool)

    def mask(
        self, as_of: date | None, regions: frozenset[str] | None, levels: frozenset[str] | None,
        statutes: frozenset[str] | None,
    ) -> np.ndarray:
        key = (as_of, regions, levels, statutes)
        with self.lock:
            cached = self._masks.get(key)
            if cached is not None:
                self._masks.move_to_end(key)
                return cached
        m = self.live.copy()
        versions = self._code_mask(self.version_code, self.version_names, self._versions_allowed(as_of))
        catalogs = self._code_mask(self.catalog_code, self.catalog_names, self._catalogs_allowed(as_of))
        m &= np.where(self.is_item, catalogs, versions)
        if regions is not None:
            m &= self._code_mask(self.region_code, self.region_names, set(regions) | {NATIONAL})
        if levels is not None:
            m &= self._code_mask(self.level_code, self.level_names, levels)
        if statutes is not None:
            m &= self._code_mask(self.statute_code, self.statute_names, statutes)
        m.setflags(write=False)
        with self.lock:
            self._masks[key] = m
            if len(self._masks) > 128:
                self._masks.popitem(last=False)
        return m

    def doc_set(self, mask: np.ndarray) -> set[int]:
        """The mask as a set of docnums (whoosh's searcher takes sets as filters); cached."""
        key = (id(mask),)
        with self.lock:
            if key in self._sets:
                return self._sets[key]
        s = set(np.flatnonzero(mask).tolist())
        with self.lock:
            self._sets[key] = s
            if len(self._sets) > 16:
                self._sets.popitem(last=False)
        return s

    # -- scoring
    def bm25(self, terms: dict[str, float], fields_: Sequence[str], mask: np.ndarray) -> np.ndarray:
        """Sum over terms and fields of weight * idf * saturated tf, masked."""
        scores = np.zeros(self.n, dtype=np.float32)
        n_docs = max(self.total, 1)
        fields_ = [f for f in fields_ if self.has_field[f]]
        for tok, w in terms.items():
            for f in fields_:
                p = self.postings(f, tok)
                if p is None:
                    continue
                ids, tf = p
                df = len(ids)
                idf = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
                scores[ids] += (w * FIELD_WEIGHTS[f] * idf) * (tf * (K1 + 1.0) / (tf + self.norm[f][ids]))
        scores *= mask
        return scores

    def statute_evidence(self, terms: dict[str, float], mask: np.ndarray) -> np.ndarray:
        """Per document, how much of the query its whole statute version covers (0..1).

        A statute is about one subject: a version whose articles, taken together, contain
        many of the query's words (weighted by how few versions contain them) is likely the
        law the officer means, even when no single article has them all.
        """
        nv = len(self.version_names)
        if not nv:
            return np.zeros(self.n, dtype=np.float32)
        allowed_versions = np.zeros(nv, dtype=bool)
        allowed_versions[self.version_code[mask]] = True
        n_versions = max(int(allowed_versions.sum()), 1)
        cover = np.zeros(nv, dtype=np.float32)
        for tok, w in terms.items():
            vs = self.versions_with(tok)
            if vs is None:
                continue
            vs = vs[allowed_versions[vs]]
            k = len(vs)
            if not k:
                continue
            cover[vs] += w * math.log(1.0 + (n_versions - k + 0.5) / (k + 0.5))
        top = float(cover.max())
        if top <= 0:
            return np.zeros(self.n, dtype=np.float32)
        out: np.ndarray = (cover / top)[self.version_code]
        return out


def _version_order(vkey: str, span: dict[str, str | None]) -> tuple[str, str]:
    return (span.get("from") or "", vkey.rpartition("@")[2] if "@" in vkey else "")

