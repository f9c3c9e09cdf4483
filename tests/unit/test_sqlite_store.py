"""The SQLite read store gives the networkx store's answers, on the demo generation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.nx_store import NetworkxStore
from kg.sqlite_store import FILE_NAME, SqliteStore, write_sqlite
from kg.store import LABELS, SCHEMA, GraphBundle


@pytest.fixture(scope="module")
def stores(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[NetworkxStore, SqliteStore]:
    cur = (demo_data / "current").resolve()
    nx = NetworkxStore.load(cur / "graph.pickle")
    path = tmp_path_factory.mktemp("sqlite") / FILE_NAME
    write_sqlite(nx, path)
    return nx, SqliteStore(path)


def test_the_ingest_writes_it_beside_the_pickle(demo_data: Path) -> None:
    cur = (demo_data / "current").resolve()
    store = SqliteStore(cur / FILE_NAME)
    assert store.count("Provision") == NetworkxStore.load(cur / "graph.pickle").count("Provision") > 0


@pytest.mark.parametrize("label", LABELS)
def test_nodes_are_the_same(stores: tuple[NetworkxStore, SqliteStore], label: str) -> None:
    nx, sq = stores
    rows = nx.find(label)
    assert sq.find(label) == rows
    assert sq.count(label) == nx.count(label)
    keys = [r["key"] for r in rows[:50]] + ["没有这个键"]
    assert sq.get_many(label, keys) == nx.get_many(label, keys)
    if rows:
        assert sq.get(label, rows[0]["key"]) == nx.get(label, rows[0]["key"])


@pytest.mark.parametrize("etype", list(SCHEMA))
def test_edges_are_the_same(stores: tuple[NetworkxStore, SqliteStore], etype: str) -> None:
    nx, sq = stores
    edges = nx.edges(etype)
    assert sq.edges(etype) == edges
    for e in edges[:20]:
        assert sq.edges(etype, src=e.src) == nx.edges(etype, src=e.src)
        assert sq.edges(etype, dst=e.dst) == nx.edges(etype, dst=e.dst)
        assert sq.edge_rows(etype, ("key",), dst=e.dst) == nx.edge_rows(etype, ("key",), dst=e.dst)


def test_indexed_finds_and_rows(stores: tuple[NetworkxStore, SqliteStore]) -> None:
    nx, sq = stores
    version = nx.find("StatuteVersion")[0]
    where: dict[str, Any] = {"version_key": version["key"], "is_penalty": True}
    assert sq.find("Provision", **where) == nx.find("Provision", **where)
    assert sq.node_rows("Provision", ("label", "is_penalty"), statute_key=version["statute_key"]) == \
        nx.node_rows("Provision", ("label", "is_penalty"), statute_key=version["statute_key"])
    item = nx.find("PenaltyItem")[0]
    assert sq.find("PenaltyItem", name=item["name"], domain=item.get("domain")) == \
        nx.find("PenaltyItem", name=item["name"], domain=item.get("domain"))
    pids = [p["key"] for p in nx.find("Provision", is_penalty=True)[:30]]
    assert sq.edge_rows_to("BASIS", ("role",), pids) == nx.edge_rows_to("BASIS", ("role",), pids)


def test_provision_views_are_the_same(stores: tuple[NetworkxStore, SqliteStore]) -> None:
    from kg.queries import items_citing_many, provision_view

    nx, sq = stores
    for pid in ["城市道路管理条例/art_42", "城乡规划法@2019-04-23/art_64/para_1", "农药管理条例@2017-03-16/art_52"]:
        assert provision_view(sq, pid) == provision_view(nx, pid)
    keys = [p["key"] for p in nx.find("Provision", is_penalty=True)]
    assert items_citing_many(sq, keys) == items_citing_many(nx, keys)


def test_it_is_read_only(stores: tuple[NetworkxStore, SqliteStore]) -> None:
    _, sq = stores
    with pytest.raises(NotImplementedError):
        sq.write(GraphBundle())
