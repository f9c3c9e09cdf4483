"""Rows for ``Neo4jStore``: values and properties as Neo4j stores them, Lucene queries, batching.

Pure helpers (no driver): what a node or edge row looks like on the way in and out, the shadow
properties of indexed long strings, label and type checks, chunking and a prefetching iterator.
"""

from __future__ import annotations

import hashlib
import queue
import re
import threading
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from operator import itemgetter
from typing import Any

from kg import cypher
from kg.store import INDEXED, LABELS, SCHEMA, Edge, Props, value_order

IX_MAX_CHARS = 1_000  # longer strings are indexed by digest (RANGE index entries hold ~8 kB)
MAX_QUERY_TERMS = 1_000  # Lucene's default limit is 1,024 clauses

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def lucene_query(tokens: Iterable[str]) -> str:
    """A Lucene query matching any of ``tokens`` as literal terms.

    Every token is escaped and quoted, so operators, wildcards and the words
    AND/OR/NOT are searched for, never interpreted.  Tokens are split on
    whitespace (the index's analyzer does the same), deduplicated, and capped
    at ``MAX_QUERY_TERMS``.

    >>> lucene_query(["罚款", "AND", "a+b", "罚款", "  "])
    '"罚款" "AND" "a\\\\+b"'
    >>> lucene_query([])
    ''
    """
    terms: dict[str, None] = {}
    for token in tokens:
        for term in str(token).split():
            terms.setdefault(term, None)
    quoted = ('"' + _LUCENE_SPECIAL.sub(r"\\\1", t) + '"' for t in terms)
    return " ".join(islice(quoted, MAX_QUERY_TERMS))


def _value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _clean(props: Mapping[str, Any]) -> Props:
    """Properties as Neo4j stores them: no nulls, tuples as lists."""
    return {k: _value(v) for k, v in props.items() if v is not None}


def ix_value(value: Any) -> Any:
    """The indexed (shadow) form of a property value: itself, or a digest if too long to index.

    >>> ix_value("c1"), ix_value(True)
    ('c1', True)
    >>> ix_value("长" * 10_000).startswith(chr(0) + "sha256:")
    True
    """
    value = _value(value)
    if isinstance(value, str) and len(value) > IX_MAX_CHARS:
        return "\x00sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
    return value


_INDEXED_SHADOW = {label: tuple((p, cypher.IX_PREFIX + p) for p in INDEXED.get(label, ())) for label in LABELS}


def _node_row(label: str, props: Mapping[str, Any], gen: int) -> Props:
    """A node's stored properties: cleaned, its generation, the shadows of its indexed ones."""
    row = _clean(props)
    row[cypher.GEN] = gen
    if "tokens" in row and cypher.FULLTEXT_PROPERTY not in row:
        row[cypher.FULLTEXT_PROPERTY] = row["tokens"]
    for prop, shadow in _INDEXED_SHADOW[label]:
        if prop in row:
            row[shadow] = ix_value(row[prop])
    return row


_INTERNAL = (cypher.GEN, cypher.FULLTEXT_PROPERTY)


def _props(stored: Mapping[str, Any]) -> Props:
    """Stored node properties without the generation, the full-text input and the index shadows."""
    return {k: v for k, v in stored.items() if k not in _INTERNAL and not k.startswith(cypher.IX_PREFIX)}


def _where(where: Mapping[str, Any]) -> Props:
    return {k: _value(v) for k, v in where.items()}


def _with_tokens(nodes: Iterable[Props], tokens: Mapping[str, str]) -> Iterator[Props]:
    """``nodes`` with their full-text input from ``tokens`` (by key), where it has any."""
    for props in nodes:
        text = tokens.get(props["key"])
        yield {**props, cypher.FULLTEXT_PROPERTY: text} if text else props


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _lazy(fn: Any, *args: Any) -> Iterator[Any]:
    """``fn(*args)``, called when first iterated (so in the thread that iterates)."""
    yield from fn(*args)


def _prefetched(items: Iterator[Any], depth: int = 2) -> Generator[Any, None, None]:
    """``items``, produced by a thread up to ``depth`` ahead; its exceptions are re-raised here."""
    q: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(kind: str, item: Any) -> bool:
        while not stop.is_set():
            try:
                q.put((kind, item), timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put("item", item):
                    return
            put("end", None)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            put("error", exc)

    thread = threading.Thread(target=produce, name="yiju-neo4j-rows", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = q.get()
            if kind == "item":
                yield item
            elif kind == "error":
                raise item
            else:
                return
    finally:
        stop.set()
        thread.join()


def _edge_row(e: Edge) -> Props:
    return {"src": e.src, "dst": e.dst, "key": e.key, "p": {**_clean(e.props), "key": e.key}}


def _to_edge(etype: str, record: Any) -> Edge:
    props = dict(record["p"])
    key = props.pop("key", "")
    return Edge(etype, record["src"], record["dst"], key, props)


_first = itemgetter(0)
_dst = itemgetter(1)


def _group_order(group: list[Any]) -> Any:
    """Sort key of an ``edge_rows`` group ``[srcs, dsts, values]``: its values."""
    return value_order(group[2])


def _expand_groups(groups: list[list[Any]]) -> list[tuple[Any, ...]]:
    """``edge_rows`` rows from the server's groups ``[srcs, dsts, values]``, in (src, dst, values) order.

    Groups in value order, then each source's rows expanded and sorted (stable) by dst:
    the values are compared once per group, not per row.
    """
    groups.sort(key=_group_order)
    of_source: dict[str, list[list[Any]]] = {}
    for group in groups:
        for s in group[0]:
            of_source.setdefault(s, []).append(group)
    rows: list[tuple[Any, ...]] = []
    for s in sorted(of_source):
        mine = [(s, d, *values) for _, dsts, values in of_source[s] for d in dsts]
        mine.sort(key=_dst)
        rows += mine
    return rows


def _internal(name: str) -> bool:
    return name == cypher.GEN or name.startswith(cypher.IX_PREFIX)


def _projected(fields: Sequence[str]) -> tuple[list[str], list[int]]:
    """The field names as a query parameter, and the positions of internal ones (generation, index shadows).

    Internal properties are not part of a node's properties (``_props``): they read as
    missing, as on the embedded store.
    """
    names = [str(f) for f in fields]
    return names, [i for i, n in enumerate(names) if _internal(n)]


def _hide(row: Sequence[Any], offset: int, internal: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in internal:
        values[offset + i] = None
    return tuple(values)


def _anchor(label: str, where: Mapping[str, Any]) -> str | None:
    """The indexed property (or ``key``) to look nodes up by, if ``where`` has one."""
    if where.get("key") is not None:
        return "key"
    for prop in INDEXED.get(label, ()):
        if where.get(prop) is not None:
            return prop
    return None


def _check_label(label: str) -> None:
    if label not in LABELS:
        raise ValueError(f"unknown label {label}")


def _check_type(etype: str) -> None:
    if etype not in SCHEMA:
        raise ValueError(f"unknown edge type {etype}")


