"""A read-only ``GraphStore`` over one SQLite file, for commands that read a few nodes and start cold.

Every generation keeps its networkx pickle (the embedded graph for serving,
reports and ingest) and also gets ``graph.sqlite``: the same nodes and edges,
one row each, properties as (compressed) JSON.  ``yiju show`` or ``yiju search`` read the
dozens of rows they print from it instead of unpickling the whole graph
(seconds and over a gigabyte on the full corpus).

Answers are the networkx store's: the same keys, the same orderings (SQLite
compares TEXT byte by byte, and UTF-8 byte order is code point order, which
is Python's string order), checked side by side in the tests.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kg.store import INDEXED, SCHEMA, Edge, GraphBundle, GraphStore, Props, value_order

FILE_NAME = "graph.sqlite"

_DDL = """
CREATE TABLE nodes (label TEXT NOT NULL, key TEXT NOT NULL, props BLOB NOT NULL);
CREATE UNIQUE INDEX nodes_key ON nodes (label, key);
CREATE TABLE node_values (label TEXT NOT NULL, prop TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL,
                          PRIMARY KEY (label, prop, value, key)) WITHOUT ROWID;
CREATE TABLE edges (type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL, props TEXT NOT NULL);
CREATE INDEX edges_out ON edges (type, src, dst, key);
CREATE INDEX edges_in ON edges (type, dst, src, key);
"""


def _value(v: Any) -> str:
    """The indexed form of a property value (lists and tuples alike, as ``find`` compares them)."""
    return json.dumps(list(v) if isinstance(v, tuple) else v, ensure_ascii=False, sort_keys=True)


def _pack(props: Props) -> bytes:
    """Node properties as zlib-compressed JSON (article text is most of the file; it shrinks about 3x)."""
    return zlib.compress(json.dumps(props, ensure_ascii=False).encode("utf-8"), 1)


def _unpack(blob: bytes) -> Props:
    props: Props = json.loads(zlib.decompress(blob))
    return props


def write_sqlite(store: GraphStore, path: Path) -> None:
    """Write every node and edge of ``store`` to a new SQLite file at ``path`` (atomically: temp file, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".graph-", suffix=".sqlite.tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            # rowid tables: rows of article text overflow pages badly in WITHOUT ROWID tables (4x the file)
            con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _DDL)
            for label in _labels():
                rows = store.find(label)
                con.executemany("INSERT INTO nodes VALUES (?, ?, ?)",
                                ((label, r["key"], _pack(r)) for r in rows))
                indexed = INDEXED.get(label, ())
                con.executemany("INSERT OR IGNORE INTO node_values VALUES (?, ?, ?, ?)",
                                ((label, p, _value(r.get(p)), r["key"]) for r in rows for p in indexed))
            for etype in SCHEMA:
                con.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)",
                                ((etype, e.src, e.dst, e.key, json.dumps(e.props, ensure_ascii=False))
                                 for e in store.edges(etype)))
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _labels() -> tuple[str, ...]:
    from kg.store import LABELS

    return LABELS


class SqliteStore:
    """``GraphStore`` reads over a file written by ``write_sqlite``; writes are refused."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    # -- writes (refused: a generation is immutable) ---------------------------------

    def write(self, bundle: GraphBundle) -> None:
        raise NotImplementedError("SqliteStore is read-only: write to the networkx store and rebuild")

    def clear(self) -> None:
        raise NotImplementedError("SqliteStore is read-only")

    # -- reads -----------------------------------------------------------------

    def get(self, label: str, key: str) -> Props | None:
        row = self._con.execute("SELECT props FROM nodes WHERE label = ? AND key = ?", (label, key)).fetchone()
        return _unpack(row[0]) if row else None

    def get_many(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        out: dict[str, Props] = {}
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for key, props in self._con.execute(
                    f"SELECT key, props FROM nodes WHERE label = ? AND key IN ({marks})", (label, *chunk)):  # only placeholders are formatted in
                out[key] = _unpack(props)
        return {k: out[k] for k in wanted if k in out}

    def _keys(self, label: str, where: dict[str, Any]) -> list[str] | None:
        """Keys matching the indexed conditions (None: no indexed condition), ordered by key."""
        keys: set[str] | None = None
        for prop, value in where.items():
            if prop == "key":
                found = {value} if self.get(label, value) is not None else set()
            elif prop in INDEXED.get(label, ()):
                found = {k for (k,) in self._con.execute(
                    "SELECT key FROM node_values WHERE label = ? AND prop = ? AND value = ?",
                    (label, prop, _value(value)))}
            else:
                continue
            keys = found if keys is None else keys & found
        return None if keys is None else sorted(keys)

    def find(self, label: str, **where: Any) -> list[Props]:
        keys = self._keys(label, where)
        if keys is None:
            rows = [_unpack(p) for (p,) in self._con.execute(
                "SELECT props FROM nodes WHERE label = ? ORDER BY key", (label,))]
        else:
            found = self.get_many(label, keys)
            rows = [found[k] for k in keys if k in found]
        rest = {p: v for p, v in where.items() if p != "key" and p not in INDEXED.get(label, ())}
        return [r for r in rows if all(_same(r.get(p), v) for p, v in rest.items())]

    def edges(self, etype: str, *, src: str | None = None, dst: str | None = None) -> list[Edge]:
        sql = "SELECT src, dst, key, props FROM edges WHERE type = ?"
        args: list[Any] = [etype]
        if src is not None:
            sql += " AND src = ?"
            args.append(src)
        if dst is not None:
            sql += " AND dst = ?"
            args.append(dst)
        rows = self._con.execute(sql + " ORDER BY src, dst, key", args).fetchall()
        return [Edge(etype, s, d, k, json.loads(p)) for s, d, k, p in rows]

    def node_rows(self, label: str, fields: Sequence[str], **where: Any) -> list[tuple[Any, ...]]:
        names = tuple(fields)
        return [(r["key"], *map(r.get, names)) for r in self.find(label, **where)]

    def edge_rows(
        self, etype: str, fields: Sequence[str], *, src: str | None = None, dst: str | None = None
    ) -> list[tuple[Any, ...]]:
        names = tuple(fields)
        rows = [(e.src, e.dst, tuple(e.key if n == "key" else e.props.get(n) for n in names))
                for e in self.edges(etype, src=src, dst=dst)]
        rows.sort(key=lambda r: (r[0], r[1], value_order(r[2])))
        return [(s, d, *values) for s, d, values in rows]

    def edge_rows_to(self, etype: str, fields: Sequence[str], dsts: Iterable[str]) -> list[tuple[Any, ...]]:
        return [row for d in dict.fromkeys(dsts) for row in self.edge_rows(etype, fields, dst=d)]

    def count(self, label: str) -> int:
        (n,) = self._con.execute("SELECT count(*) FROM nodes WHERE label = ?", (label,)).fetchone()
        return int(n)

    def close(self) -> None:
        self._con.close()


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, (list, tuple)) else v


def _same(have: Any, want: Any) -> bool:
    return bool(_plain(have) == _plain(want))
