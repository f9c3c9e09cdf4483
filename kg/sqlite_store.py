"""A read-only ``GraphStore`` over one SQLite file: the cold CLI's and the server's graph.

Every generation keeps its networkx pickle (the embedded graph ingest builds
on) and also gets ``graph.sqlite``: the same nodes and edges, one row each,
properties as JSON.  ``yiju show`` or ``yiju search`` read the dozens of rows
they print from it instead of unpickling the whole graph (seconds and over a
gigabyte on the full corpus), and the server serves a generation from it as
soon as it appears: opening it takes no time and holds nothing in memory
but what requests read.

Answers are the networkx store's: the same keys, the same orderings (SQLite
compares TEXT byte by byte, and UTF-8 byte order is code point order, which
is Python's string order), checked side by side in the tests.

Built once per generation from the graph in memory, in one transaction on a
temporary file renamed into place when complete: no journal, no syncs, the
indexes made after the rows are in (one sort each instead of a B-tree
insert per row), and properties stored as plain JSON (compressing them cost
more than half of the build for a file 1.8x smaller).  Files written with
zlib-compressed properties by earlier versions are still read.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kg.store import INDEXED, SCHEMA, Edge, GraphBundle, GraphStore, Props, value_order

FILE_NAME = "graph.sqlite"

#: Labels with more nodes than this are never held in memory by a reader (provisions).
MEMO_MAX_ROWS = 20_000

_TABLES = (
    "CREATE TABLE nodes (label TEXT NOT NULL, key TEXT NOT NULL, props BLOB NOT NULL)",
    "CREATE TABLE node_values (label TEXT NOT NULL, prop TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL,"
    " PRIMARY KEY (label, prop, value, key)) WITHOUT ROWID",  # filled in key order: appends, no page splits
    "CREATE TABLE edges (type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL,"
    " props TEXT NOT NULL)",
)
# made after the rows are in; rowid tables: rows of article text overflow pages badly in WITHOUT ROWID tables
_INDEXES = (
    "CREATE UNIQUE INDEX nodes_key ON nodes (label, key)",
    "CREATE INDEX edges_out ON edges (type, src, dst, key)",
    "CREATE INDEX edges_in ON edges (type, dst, src, key)",
)
# a build file nobody reads until it is renamed into place: no journal, no syncs, a big page cache
_BUILD_PRAGMAS = ("PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA locking_mode=EXCLUSIVE",
                  "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536")

_encode = json.JSONEncoder(ensure_ascii=False).encode
_encode_sorted = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _value(v: Any) -> str:
    """The indexed form of a property value (lists and tuples alike, as ``find`` compares them)."""
    return _encode_sorted(list(v) if isinstance(v, tuple) else v)


def _pack(props: Props) -> bytes:
    return _encode(props).encode("utf-8")


def _unpack(blob: bytes) -> Props:
    # a JSON object starts with "{"; files of earlier versions hold zlib streams (first byte 0x78)
    props: Props = json.loads(blob if blob[:1] == b"{" else zlib.decompress(blob))
    return props


def write_sqlite(store: GraphStore, path: Path) -> None:
    """Write every node and edge of ``store`` to a new SQLite file at ``path`` (atomically: temp file, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".graph-", suffix=".sqlite.tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            for pragma in _BUILD_PRAGMAS:
                con.execute(pragma)
            con.execute("BEGIN")
            for ddl in _TABLES:
                con.execute(ddl)
            values: list[tuple[str, str, str, str]] = []
            encoded: dict[tuple[type, Any], str] = {}  # indexed values repeat (statute and version keys)

            def value(v: Any) -> str:
                try:
                    return encoded[type(v), v]
                except KeyError:
                    text = encoded[type(v), v] = _value(v)
                    return text
                except TypeError:  # a list
                    return _value(v)

            for label in _labels():
                rows = store.find(label)
                con.executemany("INSERT INTO nodes VALUES (?, ?, ?)", ((label, r["key"], _pack(r)) for r in rows))
                indexed = INDEXED.get(label, ())
                values.extend((label, p, value(r.get(p)), r["key"]) for r in rows for p in indexed)
                del rows
            values.sort()  # Python's str order is SQLite's BINARY order (UTF-8 byte order)
            con.executemany("INSERT INTO node_values VALUES (?, ?, ?, ?)", values)
            del values
            for etype in SCHEMA:
                con.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)",
                                ((etype, e.src, e.dst, e.key, _encode(e.props) if e.props else "{}")
                                 for e in store.edges(etype)))
            for ddl in _INDEXES:
                con.execute(ddl)
            con.execute("COMMIT")
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
    """``GraphStore`` reads over a file written by ``write_sqlite``; writes are refused.

    Safe to share between threads: each thread reads through its own connection (the file never
    changes once in place, so they open it immutable, without locking).  Labels of at most
    ``MEMO_MAX_ROWS`` nodes (statutes, versions, items, townships…) are decoded once, on their first
    full read, and handed out as copies, like the networkx store's; counts are kept too.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._uri = f"file:{quote(str(self.path.absolute()), safe='/')}?mode=ro&immutable=1"
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cons: list[sqlite3.Connection] = []
        self._closed = False
        self._memo: dict[str, dict[str, Props]] = {}
        self._counts: dict[str, int] = {}
        if not self.path.is_file():  # immutable=1 would not say so until the first read
            raise sqlite3.OperationalError(f"unable to open database file: {self.path}")
        self._con.execute("SELECT 1 FROM nodes LIMIT 1")  # fails now on a file that is no graph

    @property
    def _con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            with self._lock:
                if self._closed:
                    con.close()
                    raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
                self._cons.append(con)
            self._local.con = con
        return con

    # -- writes (refused: a generation is immutable) ---------------------------------

    def write(self, bundle: GraphBundle) -> None:
        raise NotImplementedError("SqliteStore is read-only: write to the networkx store and rebuild")

    def clear(self) -> None:
        raise NotImplementedError("SqliteStore is read-only")

    # -- reads -----------------------------------------------------------------

    def _memoised(self, label: str) -> dict[str, Props] | None:
        """Every node of a small label by key (in key order), decoded once; None for a large label."""
        rows = self._memo.get(label)
        if rows is None and self.count(label) <= MEMO_MAX_ROWS:
            rows = {k: _unpack(p) for k, p in self._con.execute(
                "SELECT key, props FROM nodes WHERE label = ? ORDER BY key", (label,))}
            self._memo[label] = rows  # two threads may both decode it: the same rows, either wins
        return rows

    def warm(self) -> None:
        """Count every label and decode the small ones now (a server, before it serves the file)."""
        for label in _labels():
            self._memoised(label)

    def get(self, label: str, key: str) -> Props | None:
        memo = self._memo.get(label)
        if memo is not None:
            props = memo.get(key)
            return dict(props) if props is not None else None
        row = self._con.execute("SELECT props FROM nodes WHERE label = ? AND key = ?", (label, key)).fetchone()
        return _unpack(row[0]) if row else None

    def get_many(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        wanted = list(dict.fromkeys(keys))
        memo = self._memo.get(label)
        if memo is not None:
            return {k: dict(memo[k]) for k in wanted if k in memo}
        out: dict[str, Props] = {}
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

    def _all(self, label: str) -> Iterator[Props]:
        memo = self._memoised(label)
        if memo is not None:
            return (dict(p) for p in memo.values())
        return (_unpack(p) for (p,) in self._con.execute(
            "SELECT props FROM nodes WHERE label = ? ORDER BY key", (label,)))

    def find(self, label: str, **where: Any) -> list[Props]:
        keys = self._keys(label, where)
        if keys is None:
            rows = list(self._all(label))
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
        n = self._counts.get(label)
        if n is None:
            (n,) = self._con.execute("SELECT count(*) FROM nodes WHERE label = ?", (label,)).fetchone()
            self._counts[label] = n = int(n)
        return n

    def close(self) -> None:
        """Close every thread's connection; reads after this fail."""
        with self._lock:
            self._closed = True
            cons, self._cons = self._cons, []
        for con in cons:
            con.close()
        self._memo.clear()


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, (list, tuple)) else v


def _same(have: Any, want: Any) -> bool:
    return bool(_plain(have) == _plain(want))
