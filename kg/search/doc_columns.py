"""The documents' attributes as columns: decoded from the index's ``meta`` column or saved per segment."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg.search.mapped_npz import _mapped_npz
from kg.search.schema import _SEP, TOKEN_FIELDS


def _codes(values: Sequence[str]) -> tuple[np.ndarray, list[str], dict[str, int]]:
    names: dict[str, int] = {}
    out = np.empty(len(values), dtype=np.int32)
    for i, v in enumerate(values):
        code = names.get(v)
        if code is None:
            code = names[v] = len(names)
        out[i] = code
    return out, list(names), names


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
