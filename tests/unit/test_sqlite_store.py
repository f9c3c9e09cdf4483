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


@pytest.mark.parametrize("name", ["unmapped", "ownerless", "overlaps", "gaps", "negative-list", "stale", "coverage"])
def test_reports_are_the_same(stores: tuple[NetworkxStore, SqliteStore], name: str) -> None:
    """The server runs the planner reports on the SQLite graph."""
    from kg.reports.registry import run_report

    nx, sq = stores
    assert run_report(sq, name) == run_report(nx, name)


def test_small_labels_are_handed_out_as_copies(stores: tuple[NetworkxStore, SqliteStore]) -> None:
    nx, sq = stores
    statute = sq.find("Statute")[0]
    statute["title"] = "改过的标题"
    again = sq.get("Statute", statute["key"])
    assert again is not None and again["title"] == nx.get("Statute", statute["key"])["title"] != "改过的标题"
    many = sq.get_many("Statute", [statute["key"]])
    many[statute["key"]]["title"] = "又改了"
    assert sq.find("Statute", key=statute["key"])[0]["title"] == again["title"]


def test_threads_read_through_their_own_connections(stores: tuple[NetworkxStore, SqliteStore],
                                                    tmp_path: Path) -> None:
    import threading

    nx, _ = stores
    path = tmp_path / FILE_NAME
    write_sqlite(nx, path)
    sq = SqliteStore(path)
    want = nx.find("Provision")
    seen: list[bool] = []

    def read() -> None:
        seen.append(sq.find("Provision") == want and sq.count("Provision") == len(want))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [True] * 4
    assert len(sq._cons) == 1 + 4  # noqa: SLF001 - the opening thread's, and one per reading thread
    sq.close()
    with pytest.raises(Exception, match="closed"):
        sq.get("Provision", want[0]["key"])


def test_files_with_compressed_properties_are_still_read(stores: tuple[NetworkxStore, SqliteStore],
                                                         tmp_path: Path) -> None:
    """Generations written before properties were stored as plain JSON held them zlib-compressed."""
    import json
    import sqlite3
    import zlib

    nx, sq = stores
    path = tmp_path / FILE_NAME
    write_sqlite(nx, path)
    con = sqlite3.connect(path)
    rows = con.execute("SELECT rowid, props FROM nodes").fetchall()
    con.executemany("UPDATE nodes SET props = ? WHERE rowid = ?",
                    [(zlib.compress(json.dumps(json.loads(p), ensure_ascii=False).encode(), 1), r) for r, p in rows])
    con.commit()
    con.close()
    old = SqliteStore(path)
    for label in LABELS:
        assert old.find(label) == nx.find(label)


def test_a_missing_file_fails_at_once(tmp_path: Path) -> None:
    import sqlite3

    with pytest.raises(sqlite3.OperationalError):
        SqliteStore(tmp_path / "nowhere" / FILE_NAME)
