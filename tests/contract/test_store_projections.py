"""``node_rows`` / ``edge_rows``: projections of ``find`` / ``edges``, on every backend.

A projection must answer exactly what the full read answers, narrowed to the
named properties: same rows, same order (parallel edges by their values, as
the edge key is not read), a missing property as None.  The reports read the
graph through them, so this is what keeps the two backends' reports identical.
"""

from __future__ import annotations

from typing import Any

import pytest

from kg.store import LABELS, SCHEMA, GraphBundle, GraphStore, value_order
from tests.unit.reports_fixture import build

MISSING = "no_such_property"


def _node_projection(store: GraphStore, label: str, fields: tuple[str, ...], **where: Any) -> list[tuple[Any, ...]]:
    return [(p["key"], *[p.get(f) for f in fields]) for p in store.find(label, **where)]


def _edge_projection(store: GraphStore, etype: str, fields: tuple[str, ...], **ends: Any) -> list[tuple[Any, ...]]:
    """``edges`` narrowed to ``fields``; parallel edges (one source, one target) reordered by their values."""
    rows = [(e.src, e.dst, *[e.key if f == "key" else e.props.get(f) for f in fields])
            for e in store.edges(etype, **ends)]
    return sorted(rows, key=lambda r: (r[0], r[1], value_order(r[2:])))


def test_every_label_and_edge_type_projects_like_find_and_edges(store: GraphStore) -> None:
    build(store)
    for label in LABELS:
        names = sorted({k for p in store.find(label) for k in p} - {"key"})
        fields = (*names, MISSING, "key")
        assert store.node_rows(label, fields) == _node_projection(store, label, fields), label
        assert store.node_rows(label, ()) == [(p["key"],) for p in store.find(label)], label
    for etype in SCHEMA:
        names = sorted({k for e in store.edges(etype) for k in e.props})
        fields = (*names, MISSING, "key")
        assert store.edge_rows(etype, fields) == _edge_projection(store, etype, fields), etype
        assert store.edge_rows(etype, ()) == [(e.src, e.dst) for e in store.edges(etype)], etype


def test_node_rows_filter_like_find(store: GraphStore) -> None:
    build(store)
    some = store.find("PenaltyItem")[3]
    cases: list[tuple[str, dict[str, Any]]] = [
        ("Provision", {"is_penalty": True}),  # indexed
        ("Provision", {"statute_key": "城乡规划法", "is_penalty": False}),  # indexed, and one more
        ("Provision", {"article": 64}),  # not indexed
        ("PenaltyItem", {"catalog_key": some["catalog_key"]}),
        ("PenaltyItem", {"key": some["key"]}),  # by key
        ("PenaltyItem", {"key": some["key"], "name": "别的名称"}),  # by key, the rest must match too
        ("PenaltyItem", {"key": "不存在"}),
        ("Statute", {"region": None}),  # None matches a missing property
        ("PenaltyItem", {"department": None}),
        ("Township", {"name": "航埠镇"}),
    ]
    fields = ("name", "article", "is_penalty", "region", MISSING)
    for label, where in cases:
        got = store.node_rows(label, fields, **where)
        assert got == _node_projection(store, label, fields, **where), (label, where)
    assert store.node_rows("Provision", ("article",), article=64)  # the cases are not all empty
    assert store.node_rows("PenaltyItem", ("name",), key=some["key"]) == [(some["key"], some["name"])]
    assert store.node_rows("PenaltyItem", ("name",), key=some["key"], name="别的名称") == []


def test_edge_rows_filter_like_edges(store: GraphStore) -> None:
    build(store)
    fields = ("source", "catalog", "valid_from", "valid_to", "key")
    town = "航埠镇"
    item = store.edge_rows("HOLDS", (), src=town)[0][1]
    for ends in ({"src": town}, {"dst": item}, {"src": town, "dst": item}, {"src": "不存在"}, {"dst": "不存在"},
                 {"src": town, "dst": "不存在"}):
        assert store.edge_rows("HOLDS", fields, **ends) == _edge_projection(store, "HOLDS", fields, **ends), ends
    assert store.edge_rows("REQUIRES", ("reason",), dst="法制审核") == _edge_projection(
        store, "REQUIRES", ("reason",), dst="法制审核")


def test_parallel_edges_come_in_value_order_with_missing_properties_as_none(store: GraphStore) -> None:
    b = GraphBundle()
    b.add_node("Township", "航埠镇", {"name": "航埠镇"})
    b.add_node("Township", "石室乡", {"name": "石室乡"})
    for key in ("c1#2", "c1#1"):
        b.add_node("PenaltyItem", key, {"name": key, "catalog_key": "c1"})
    # written out of order; the 赋权 edge has no valid_to, the 委托 one has a None that Neo4j drops
    b.add_edge("HOLDS", "航埠镇", "c1#1", "赋权|c1", source="赋权", valid_from="2022-01-01")
    b.add_edge("HOLDS", "航埠镇", "c1#1", "委托|c0", source="委托", valid_from="2020-01-01", valid_to=None)
    b.add_edge("HOLDS", "航埠镇", "c1#1", "a|x", source="法定", valid_from="2023-01-01")
    b.add_edge("HOLDS", "石室乡", "c1#1", "赋权|c1", source="赋权", valid_from="2022-01-01")
    b.add_edge("HOLDS", "航埠镇", "c1#2", "赋权|c1", source="赋权", valid_from="2022-01-01")
    store.write(b)
    # 石 U+77F3 sorts before 航 U+822A; 委 U+59D4 < 法 U+6CD5 < 赋 U+8D4B
    assert store.edge_rows("HOLDS", ("key", "source", "valid_to")) == [
        ("石室乡", "c1#1", "赋权|c1", "赋权", None),
        ("航埠镇", "c1#1", "a|x", "法定", None),
        ("航埠镇", "c1#1", "委托|c0", "委托", None),
        ("航埠镇", "c1#1", "赋权|c1", "赋权", None),
        ("航埠镇", "c1#2", "赋权|c1", "赋权", None),
    ]
    assert store.edge_rows("HOLDS", ("source",), dst="c1#1") == [
        ("石室乡", "c1#1", "赋权"), ("航埠镇", "c1#1", "委托"), ("航埠镇", "c1#1", "法定"), ("航埠镇", "c1#1", "赋权")]
    assert store.edge_rows("HOLDS", ("valid_to", "valid_from"), src="航埠镇", dst="c1#1") == [
        ("航埠镇", "c1#1", None, "2020-01-01"), ("航埠镇", "c1#1", None, "2022-01-01"),
        ("航埠镇", "c1#1", None, "2023-01-01")]
    assert store.edge_rows("HOLDS", (), src="航埠镇") == [("航埠镇", "c1#1")] * 3 + [("航埠镇", "c1#2")]
    assert store.node_rows("PenaltyItem", ("catalog_key", "code")) == [("c1#1", "c1", None), ("c1#2", "c1", None)]


def test_order_is_python_code_point_order(store: GraphStore) -> None:
    # U+FF21 (fullwidth A) sorts before U+1F6A7 in code points, after it in UTF-16 code units (Java)
    keys = ["Ａ镇", "🚧镇", "a镇", "镇"]
    b = GraphBundle()
    b.add_node("PenaltyItem", "item", {"name": "事项"})
    for k in sorted(keys, reverse=True):  # written in the opposite order
        b.add_node("Township", k, {"name": k})
        b.add_edge("HOLDS", k, "item", k, source="赋权")
    store.write(b)
    assert [r[0] for r in store.node_rows("Township", ())] == sorted(keys)
    assert [r[0] for r in store.edge_rows("HOLDS", ())] == sorted(keys)
    assert [r[0] for r in store.edge_rows("HOLDS", (), dst="item")] == sorted(keys)


def test_many_sources_and_shared_values(store: GraphStore) -> None:
    # more source nodes than one read batch holds, most edges sharing their values
    b = GraphBundle()
    items = [f"c1#{i:02d}" for i in range(7)]
    for key in items:
        b.add_node("PenaltyItem", key, {"name": key})
    towns = [f"镇{i:03d}" for i in range(253)]
    for n, town in enumerate(towns):
        b.add_node("Township", town, {"name": town, "region": "浙江省" if n % 2 else None})
        for key in items[: 1 + n % 7]:
            b.add_edge("HOLDS", town, key, "赋权|c1", source="赋权", catalog="c1", valid_from="2022-01-01")
        if n % 5 == 0:
            b.add_edge("HOLDS", town, items[0], f"委托|c{n}", source="委托", catalog=f"c{n}")
    store.write(b)
    fields = ("source", "catalog", "valid_from", "valid_to")
    rows = store.edge_rows("HOLDS", fields)
    assert rows == _edge_projection(store, "HOLDS", fields)
    assert len(rows) == sum(1 + n % 7 for n in range(253)) + len(range(0, 253, 5))
    assert store.node_rows("Township", ("region",)) == _node_projection(store, "Township", ("region",))


def test_empty_graph_and_internal_names(store: GraphStore) -> None:
    for label in LABELS:
        assert store.node_rows(label, ("name",)) == []
        assert store.node_rows(label, ("name",), key="x") == []
    for etype in SCHEMA:
        assert store.edge_rows(etype, ("key",)) == []
        assert store.edge_rows(etype, (), src="x") == []
    b = GraphBundle()
    b.add_node("PenaltyItem", "c1#1", {"name": "事项", "catalog_key": "c1"})
    store.write(b)
    # a backend's own bookkeeping (Neo4j: generation, index shadows) is not a property
    assert store.node_rows("PenaltyItem", ("_gen", "_ix_name", "name")) == [("c1#1", None, None, "事项")]


@pytest.mark.parametrize("fields", [("name",), ("name", "name"), ()])
def test_fields_are_answered_in_the_order_asked(store: GraphStore, fields: tuple[str, ...]) -> None:
    b = GraphBundle()
    b.add_node("Township", "航埠镇", {"name": "航埠镇", "region": "浙江省衢州市柯城区"})
    store.write(b)
    assert store.node_rows("Township", (*fields, "region")) == [("航埠镇", *["航埠镇"] * len(fields), "浙江省衢州市柯城区")]


def test_edge_rows_to_many_targets_is_edge_rows_per_target(store: GraphStore) -> None:
    build(store)
    for etype in ("HOLDS", "BASIS", "REQUIRES", "LISTS"):
        dst_label = SCHEMA[etype][1]
        targets = [p["key"] for p in store.find(dst_label)][::3][:40]
        asked = [*reversed(targets), targets[0], "不存在"]  # any order, a repeat, an unknown key
        for fields in ((), ("key",), tuple(sorted({k for e in store.edges(etype) for k in e.props})) + (MISSING,)):
            expected = [row for d in dict.fromkeys(asked) for row in store.edge_rows(etype, fields, dst=d)]
            assert store.edge_rows_to(etype, fields, asked) == expected, (etype, fields)
            assert len({r[1] for r in expected}) > (1 if etype in ("HOLDS", "BASIS") else 0), etype
        assert store.edge_rows_to(etype, (), []) == []
