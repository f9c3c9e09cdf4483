"""What the GraphStore protocol promises, checked on every backend."""

from __future__ import annotations

import pytest

from kg.store import GraphBundle, GraphStore


def _base() -> GraphBundle:
    b = GraphBundle()
    b.add_node("Statute", "城乡规划法", {"title": "中华人民共和国城乡规划法", "level": "法律", "region": None,
                                      "aliases": ["城乡规划法", "中华人民共和国城乡规划法"]})
    b.add_node("StatuteVersion", "城乡规划法@2019-04-23", {"statute_key": "城乡规划法", "version": "2019-04-23"})
    for n in (40, 64, 65):
        b.add_node("Provision", f"城乡规划法@2019-04-23/art_{n}",
                   {"statute_key": "城乡规划法", "version_key": "城乡规划法@2019-04-23", "article": n,
                    "is_penalty": n != 40, "text": f"第{n}条", "heading": ["第七章 法律责任"]})
        b.add_edge("CONTAINS", "城乡规划法@2019-04-23", f"城乡规划法@2019-04-23/art_{n}")
    b.add_edge("HAS_VERSION", "城乡规划法", "城乡规划法@2019-04-23")
    b.add_edge("PENALIZES", "城乡规划法@2019-04-23/art_64", "城乡规划法@2019-04-23/art_40", "城乡规划法/art_40")
    return b


def test_nodes_round_trip_with_lists_nulls_and_unicode(store: GraphStore) -> None:
    store.write(_base())
    got = store.get("Statute", "城乡规划法")
    assert got == {"key": "城乡规划法", "title": "中华人民共和国城乡规划法", "level": "法律", "region": None,
                   "aliases": ["城乡规划法", "中华人民共和国城乡规划法"]} or (
        # Neo4j does not store nulls: a missing property reads back as absent
        got == {"key": "城乡规划法", "title": "中华人民共和国城乡规划法", "level": "法律",
                "aliases": ["城乡规划法", "中华人民共和国城乡规划法"]})
    assert store.get("Statute", "不存在") is None
    assert store.count("Provision") == 3


def test_find_filters_on_equality_and_orders_by_key(store: GraphStore) -> None:
    store.write(_base())
    penalties = store.find("Provision", is_penalty=True)
    assert [p["key"] for p in penalties] == ["城乡规划法@2019-04-23/art_64", "城乡规划法@2019-04-23/art_65"]
    assert store.find("Provision", statute_key="城乡规划法", article=40)[0]["text"] == "第40条"
    assert store.find("Provision", statute_key="别的法") == []
    assert len(store.find("Provision")) == 3


def test_get_many_leaves_out_missing_keys(store: GraphStore) -> None:
    store.write(_base())
    got = store.get_many("Provision", ["城乡规划法@2019-04-23/art_64", "nope"])
    assert list(got) == ["城乡规划法@2019-04-23/art_64"]


def test_edges_by_source_target_and_type(store: GraphStore) -> None:
    store.write(_base())
    out = store.edges("CONTAINS", src="城乡规划法@2019-04-23")
    assert [e.dst for e in out] == [f"城乡规划法@2019-04-23/art_{n}" for n in (40, 64, 65)]
    pen = store.edges("PENALIZES", dst="城乡规划法@2019-04-23/art_40")
    assert [(e.src, e.key) for e in pen] == [("城乡规划法@2019-04-23/art_64", "城乡规划法/art_40")]
    assert len(store.edges("CONTAINS")) == 3
    assert store.edges("CITES") == []


def test_parallel_edges_are_told_apart_by_key_and_upserted(store: GraphStore) -> None:
    b = GraphBundle()
    b.add_node("Township", "航埠镇", {"name": "航埠镇"})
    b.add_node("PenaltyItem", "c1#1", {"name": "对擅自摆摊的处罚", "catalog_key": "c1"})
    b.add_edge("HOLDS", "航埠镇", "c1#1", "赋权|c1", source="赋权", valid_from="2022-01-01")
    b.add_edge("HOLDS", "航埠镇", "c1#1", "委托|c0", source="委托", valid_from="2020-01-01")
    store.write(b)
    assert [e.key for e in store.edges("HOLDS", src="航埠镇")] == ["委托|c0", "赋权|c1"]
    again = GraphBundle()
    again.add_edge("HOLDS", "航埠镇", "c1#1", "委托|c0", source="委托", valid_from="2020-01-01",
                   valid_to="2022-01-01")
    store.write(again)
    edges = {e.key: e.props for e in store.edges("HOLDS", dst="c1#1")}
    assert edges["委托|c0"]["valid_to"] == "2022-01-01"
    assert "valid_to" not in edges["赋权|c1"] or edges["赋权|c1"]["valid_to"] is None


def test_upsert_replaces_properties_whole(store: GraphStore) -> None:
    store.write(_base())
    b = GraphBundle()
    b.add_node("Statute", "城乡规划法", {"title": "新标题", "level": "法律"})
    store.write(b)
    got = store.get("Statute", "城乡规划法")
    assert got is not None and got["title"] == "新标题" and "aliases" not in got


def test_deletes_remove_matching_nodes_and_their_edges(store: GraphStore) -> None:
    b = GraphBundle()
    b.add_node("Catalog", "c1", {"title": "目录一"})
    for i in (1, 2):
        b.add_node("PenaltyItem", f"c1#{i}", {"name": f"事项{i}", "catalog_key": "c1"})
        b.add_edge("LISTS", "c1", f"c1#{i}")
    b.add_node("PenaltyItem", "c2#1", {"name": "别的", "catalog_key": "c2"})
    store.write(b)
    replace = GraphBundle(deletes=[("PenaltyItem", {"catalog_key": "c1"})])
    replace.add_node("PenaltyItem", "c1#3", {"name": "事项3", "catalog_key": "c1"})
    replace.add_edge("LISTS", "c1", "c1#3")
    store.write(replace)
    assert [p["key"] for p in store.find("PenaltyItem")] == ["c1#3", "c2#1"]
    assert [e.dst for e in store.edges("LISTS", src="c1")] == ["c1#3"]


def test_a_bad_bundle_changes_nothing(store: GraphStore) -> None:
    store.write(_base())
    bad = GraphBundle(deletes=[("Provision", {"statute_key": "城乡规划法"})])
    bad.add_node("Statute", "新法", {"title": "新法"})
    bad.add_edge("HAS_VERSION", "新法", "不存在的版本")
    with pytest.raises(ValueError):
        store.write(bad)
    assert store.get("Statute", "新法") is None
    assert store.count("Provision") == 3


@pytest.mark.parametrize("nasty", ["a'b\"c", "back\\slash", "MATCH (n) DETACH DELETE n", "})-[:X]->({",
                                   "$param", "长" * 10_000, "emoji 🚧 and 全角ＡＢＣ"])
def test_user_text_is_data_not_query(store: GraphStore, nasty: str) -> None:
    store.write(_base())
    b = GraphBundle()
    b.add_node("PenaltyItem", nasty[:200], {"name": nasty, "catalog_key": nasty})
    store.write(b)
    assert store.get("PenaltyItem", nasty[:200])["name"] == nasty  # type: ignore[index]
    assert [p["name"] for p in store.find("PenaltyItem", catalog_key=nasty)] == [nasty]
    assert store.count("Provision") == 3


def test_clear_empties_the_store(store: GraphStore) -> None:
    store.write(_base())
    store.clear()
    assert store.count("Statute") == 0 and store.edges("CONTAINS") == []
