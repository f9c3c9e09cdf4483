"""The storage protocol every graph backend implements.

The graph is a typed property graph: nodes have a label and a key unique
within the label, edges have a type with fixed endpoint labels (``SCHEMA``)
and an edge key that tells parallel edges apart (a township can hold one
item from two catalogs).  Property values are scalars or lists of scalars,
so every backend stores them natively; structured values travel as JSON
strings (``kg.codec``).

Domain questions (as-of lookups, authority checks, reports) are written once
in ``kg.queries`` / ``kg.reports`` over this protocol, so both backends give
the same answers by construction and the contract suite checks the
primitives they rely on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

Props = dict[str, Any]

LABELS = (
    "Statute",
    "StatuteVersion",
    "Provision",
    "Catalog",
    "PenaltyItem",
    "Department",
    "Township",
    "Domain",
    "ReviewRequirement",
)

# edge type -> (source label, target label)
SCHEMA: dict[str, tuple[str, str]] = {
    "HAS_VERSION": ("Statute", "StatuteVersion"),
    "CONTAINS": ("StatuteVersion", "Provision"),
    "CITES": ("Provision", "Provision"),
    "PENALIZES": ("Provision", "Provision"),  # 罚则 -> 违则
    "LISTS": ("Catalog", "PenaltyItem"),
    "BASIS": ("PenaltyItem", "Provision"),
    "COMPETENT": ("PenaltyItem", "Department"),
    "IN_DOMAIN": ("PenaltyItem", "Domain"),
    "HOLDS": ("Township", "PenaltyItem"),
    "REQUIRES": ("PenaltyItem", "ReviewRequirement"),
    "REPEALS": ("Provision", "Statute"),  # "《…》同时废止": the repealing article -> the repealed statute
}

# properties that queries filter on; backends index them
INDEXED: dict[str, tuple[str, ...]] = {
    "StatuteVersion": ("statute_key",),
    "Provision": ("statute_key", "version_key", "is_penalty"),
    "PenaltyItem": ("catalog_key", "code", "department", "name"),
    "Statute": ("level", "region"),
}


def value_order(values: Iterable[Any]) -> tuple[tuple[int, Any], ...]:
    """A sort key for property values of any kind: None first, then booleans, numbers, strings, lists.

    >>> sorted([("b", None), ("a", 2), ("a", None), (None, 1)], key=value_order)
    [(None, 1), ('a', None), ('a', 2), ('b', None)]
    """
    return tuple(_value_rank(v) for v in values)


def _value_rank(v: Any) -> tuple[int, Any]:
    if v is None:
        return (0, 0)
    if isinstance(v, bool):
        return (1, v)
    if isinstance(v, (int, float)):
        return (2, v)
    if isinstance(v, str):
        return (3, v)
    if isinstance(v, (list, tuple)):
        return (4, value_order(v))
    return (5, repr(v))


@dataclass(frozen=True)
class Edge:
    type: str
    src: str
    dst: str
    key: str = ""
    props: Props = field(default_factory=dict)


@dataclass
class GraphBundle:
    """A batch of writes applied atomically by ``GraphStore.write``.

    ``deletes`` run first: each ``(label, {prop: value})`` removes the
    matching nodes with all their edges (used to replace one catalog's items
    on re-ingest).  Then nodes and edges are upserted: properties of an
    existing node or edge are replaced whole.
    """

    nodes: dict[str, list[Props]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    deletes: list[tuple[str, Props]] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)  # counts for the ingest report; never written

    def add_node(self, label: str, key: str, props: Mapping[str, Any]) -> None:
        if label not in LABELS:
            raise ValueError(f"unknown label {label}")
        self.nodes.setdefault(label, []).append({**props, "key": key})

    def add_edge(self, etype: str, src: str, dst: str, key: str = "", **props: Any) -> None:
        if etype not in SCHEMA:
            raise ValueError(f"unknown edge type {etype}")
        self.edges.append(Edge(etype, src, dst, key, props))

    def extend(self, other: GraphBundle) -> None:
        for label, rows in other.nodes.items():
            self.nodes.setdefault(label, []).extend(rows)
        self.edges.extend(other.edges)
        self.deletes.extend(other.deletes)

    def __len__(self) -> int:
        return sum(len(v) for v in self.nodes.values()) + len(self.edges)


@runtime_checkable
class GraphStore(Protocol):
    """What Yiju needs from a graph backend."""

    def write(self, bundle: GraphBundle) -> None:
        """Apply deletes, then upsert nodes and edges, all or nothing.

        An edge whose endpoint does not exist is an error (ValueError) and
        nothing of the bundle is applied.
        """

    def clear(self) -> None:
        """Remove everything."""

    def get(self, label: str, key: str) -> Props | None:
        """One node's properties (with ``key``), or None."""

    def get_many(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        """Nodes by key; missing keys are left out."""

    def find(self, label: str, **where: Any) -> list[Props]:
        """Nodes whose properties equal all of ``where``, ordered by key."""

    def edges(
        self, etype: str, *, src: str | None = None, dst: str | None = None
    ) -> list[Edge]:
        """Edges of a type, optionally from ``src`` and/or to ``dst``, ordered by (src, dst, key)."""

    def node_rows(self, label: str, fields: Sequence[str], **where: Any) -> list[tuple[Any, ...]]:
        """``(key, value, ...)`` of the nodes ``find(label, **where)`` returns, in the same order.

        One value per name in ``fields``; a property the node lacks reads as
        None.  A projection of ``find`` for bulk reads: only the named
        properties leave the backend, as plain tuples.
        """

    def edge_rows(
        self, etype: str, fields: Sequence[str], *, src: str | None = None, dst: str | None = None
    ) -> list[tuple[Any, ...]]:
        """``(src, dst, value, ...)`` of the edges ``edges(etype, src=…, dst=…)`` returns.

        One value per name in ``fields`` (``"key"`` is the edge key); a
        property the edge lacks reads as None.  A projection of ``edges``
        for bulk reads, ordered by (src, dst) and parallel edges by their
        values (``value_order``): the edge key is only read when asked for.
        """

    def edge_rows_to(self, etype: str, fields: Sequence[str], dsts: Iterable[str]) -> list[tuple[Any, ...]]:
        """``edge_rows(etype, fields, dst=d)`` for each distinct ``d`` of ``dsts``, in that order, concatenated.

        One read for many targets (a server answers it in one round trip).
        """

    def count(self, label: str) -> int:
        """Number of nodes with the label."""

    def close(self) -> None:
        """Release connections and files."""
