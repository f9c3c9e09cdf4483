"""The embedded graph store: a networkx MultiDiGraph, persisted as a pickle.

Node ids in the networkx graph are ``(label, key)`` tuples; edge keys are
``(type, edge_key)``.  Small secondary indexes (label -> keys, edge type ->
edges, label.prop -> keys) keep the protocol's lookups from scanning the
whole graph.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.store import SCHEMA, Edge, GraphBundle, Props, value_order

_PICKLE_PROTOCOL = 5


def _by_edge_key(edge: tuple[Any, Props]) -> Any:
    return edge[0]  # (type, edge key)


class NetworkxStore:
    """``GraphStore`` over an in-memory networkx graph."""

    def __init__(self, graph: nx.MultiDiGraph | None = None) -> None:
        self.graph: nx.MultiDiGraph = graph if graph is not None else nx.MultiDiGraph()
        self._rebuild_indexes()

    # -- persistence -------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> NetworkxStore:
        with open(path, "rb") as fh:
            graph = pickle.load(fh)
        if not isinstance(graph, nx.MultiDiGraph):
            raise ValueError(f"{path} does not hold a Yiju graph")  # noqa: TRY004 - bad file content, not a bad argument
        return cls(graph)

    def save(self, path: Path) -> None:
        """Write atomically: a temp file in the same directory, then rename."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".graph-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(self.graph, fh, protocol=_PICKLE_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- indexes -----------------------------------------------------------

    def _rebuild_indexes(self) -> None:
        self._by_label: dict[str, set[str]] = defaultdict(set)
        self._by_type: dict[str, set[tuple[Any, Any, Any]]] = defaultdict(set)
        self._prop_index: dict[tuple[str, str], dict[Any, set[str]]] = {}
        for label, key in self.graph.nodes:
            self._by_label[label].add(key)
        for u, v, k in self.graph.edges(keys=True):
            self._by_type[k[0]].add((u, v, k))

    def _index(self, label: str, prop: str) -> dict[Any, set[str]]:
        idx = self._prop_index.get((label, prop))
        if idx is None:
            idx = defaultdict(set)
            for key in self._by_label.get(label, ()):
                value = self.graph.nodes[(label, key)].get(prop)
                if isinstance(value, list):
                    value = tuple(value)
                idx[value].add(key)
            self._prop_index[(label, prop)] = idx
        return idx

    # -- writes ------------------------------------------------------------

    def write(self, bundle: GraphBundle) -> None:
        # validate first so that a bad bundle changes nothing
        new_nodes = {(label, row["key"]) for label, rows in bundle.nodes.items() for row in rows}
        deleted: set[tuple[str, str]] = set()
        for label, where in bundle.deletes:
            deleted.update((label, k) for k in self._match(label, where))
        for e in bundle.edges:
            src_label, dst_label = SCHEMA[e.type]
            for node in ((src_label, e.src), (dst_label, e.dst)):
                if node not in new_nodes and (node not in self.graph or node in deleted):
                    raise ValueError(f"edge {e.type} {e.src} -> {e.dst}: no node {node[0]} {node[1]!r}")
        for node in deleted:
            for u, v, k in list(self.graph.in_edges(node, keys=True)) + list(
                self.graph.out_edges(node, keys=True)
            ):
                self._by_type[k[0]].discard((u, v, k))
            self.graph.remove_node(node)
            self._by_label[node[0]].discard(node[1])
        for label, rows in bundle.nodes.items():
            for row in rows:
                node = (label, row["key"])
                if node in self.graph:
                    attrs = self.graph.nodes[node]
                    attrs.clear()
                    attrs.update(row)
                else:
                    self.graph.add_node(node, **row)
                    self._by_label[label].add(row["key"])
        for e in bundle.edges:
            src_label, dst_label = SCHEMA[e.type]
            u, v, k = (src_label, e.src), (dst_label, e.dst), (e.type, e.key)
            if self.graph.has_edge(u, v, k):
                self.graph.remove_edge(u, v, k)
            self.graph.add_edge(u, v, key=k, **e.props)
            self._by_type[e.type].add((u, v, k))
        self._prop_index.clear()

    def clear(self) -> None:
        self.graph.clear()
        self._rebuild_indexes()

    # -- reads -------------------------------------------------------------

    def get(self, label: str, key: str) -> Props | None:
        attrs = self.graph.nodes.get((label, key))
        return dict(attrs) if attrs is not None else None

    def get_many(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        nodes = self.graph.nodes
        return {k: dict(nodes[(label, k)]) for k in keys if (label, k) in nodes}

    def _match(self, label: str, where: dict[str, Any]) -> list[str]:
        keys: set[str] | None = None
        for prop, value in where.items():
            if prop == "key":
                found = {value} if value in self._by_label.get(label, ()) else set()
            else:  # every property is indexable; INDEXED names the hot ones
                found = self._index(label, prop).get(tuple(value) if isinstance(value, list) else value, set())
            keys = set(found) if keys is None else keys & found
            if not keys:
                return []
        return sorted(self._by_label.get(label, ()) if keys is None else keys)

    def find(self, label: str, **where: Any) -> list[Props]:
        nodes = self.graph.nodes
        return [dict(nodes[(label, k)]) for k in self._match(label, where)]

    def edges(self, etype: str, *, src: str | None = None, dst: str | None = None) -> list[Edge]:
        edges = self._edge_iter(etype, src, dst, _by_edge_key)
        return [Edge(etype, s, d, k, dict(attrs)) for s, d, k, attrs in edges]

    def node_rows(self, label: str, fields: Sequence[str], **where: Any) -> list[tuple[Any, ...]]:
        names = tuple(fields)
        nodes = self.graph._node  # the attribute dicts, without NodeView's per-lookup wrapper
        return [(k, *map(nodes[(label, k)].get, names)) for k in self._match(label, where)]

    def edge_rows(
        self, etype: str, fields: Sequence[str], *, src: str | None = None, dst: str | None = None
    ) -> list[tuple[Any, ...]]:
        names = tuple(fields)
        if "key" not in names:
            def values(edge: tuple[Any, Props]) -> tuple[Any, ...]:
                return tuple(map(edge[1].get, names))

            edges = self._edge_iter(etype, src, dst, lambda edge: value_order(values(edge)))
            return [(s, d, *map(attrs.get, names)) for s, d, _, attrs in edges]

        def values_with_key(edge: tuple[Any, Props]) -> tuple[Any, ...]:
            return tuple(edge[0][1] if n == "key" else edge[1].get(n) for n in names)

        edges = self._edge_iter(etype, src, dst, lambda edge: value_order(values_with_key(edge)))
        return [(s, d, *[k if n == "key" else attrs.get(n) for n in names]) for s, d, k, attrs in edges]

    def edge_rows_to(self, etype: str, fields: Sequence[str], dsts: Iterable[str]) -> list[tuple[Any, ...]]:
        return [row for d in dict.fromkeys(dsts) for row in self.edge_rows(etype, fields, dst=d)]

    def _edge_iter(
        self, etype: str, src: str | None, dst: str | None, parallel_order: Callable[[tuple[Any, Props]], Any]
    ) -> Iterator[tuple[str, str, str, Props]]:
        """``(src, dst, key, attributes)`` of the matching edges, ordered by (src, dst), then parallel edges
        (one source, one target) by ``parallel_order`` of their ``(edge key, attributes)``.

        Read source by source in key order, each one's neighbours sorted, straight
        from the adjacency dicts (networkx's views cost more than the work).  The
        attribute dicts are the graph's own: callers copy what they hand out.
        """
        src_label, dst_label = SCHEMA[etype]
        if src is None and dst is not None:
            into = self.graph._pred.get((dst_label, dst), {})
            for u in sorted(into):
                for k, attrs in sorted(into[u].items(), key=parallel_order):
                    if k[0] == etype:
                        yield u[1], dst, k[1], attrs
            return
        adj = self.graph._succ
        for s in [src] if src is not None else sorted(self._by_label.get(src_label, ())):
            nbrs = adj.get((src_label, s))
            if not nbrs:
                continue
            # nodes are (label, key): sorted, the targets of one label come in key order
            for v in [(dst_label, dst)] if dst is not None else sorted(nbrs):
                parallel = nbrs.get(v)
                if parallel is None:
                    continue
                edges = sorted(parallel.items(), key=parallel_order) if len(parallel) > 1 else parallel.items()
                for k, attrs in edges:
                    if k[0] == etype:
                        yield s, v[1], k[1], attrs

    def count(self, label: str) -> int:
        return len(self._by_label.get(label, ()))

    def close(self) -> None:
        pass
