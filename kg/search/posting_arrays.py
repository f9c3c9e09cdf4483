"""A whoosh segment's postings as flat arrays (CSR), decoded once and saved beside the segment."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from kg.search.mapped_npz import _mapped_npz
from kg.search.schema import _SEP, TOKEN_FIELDS
from kg.whoosh_bulk import PostingTable


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

    def length(self, field_name: str, term: str) -> int:
        """How many documents of this segment hold ``term`` in ``field_name`` (deleted ones included)."""
        i = self.index.get(f"{field_name}{_SEP}{term}")
        return 0 if i is None else int(self.offsets[i + 1] - self.offsets[i])

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
