"""The contract suite runs every test against both GraphStore backends, and the SQLite reader.

The SQLite store is read-only: its case writes into a networkx store and reads from the
``graph.sqlite`` written from it (again after every write), which is how the server and the
cold CLI read a generation.

The Neo4j server is a real one: ``YIJU_NEO4J_URI`` when set, else the
launcher in tools/neo4j is started for the session and stopped after.  If it
cannot start, the Neo4j tests fail (never skip) with the launcher's log.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.nx_store import NetworkxStore
from kg.store import GraphBundle, GraphStore


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """The URI of a real Neo4j server: ``YIJU_NEO4J_URI``, else one the launcher starts for the session."""
    uri = os.environ.get("YIJU_NEO4J_URI")
    started = False
    if not uri:
        from kg.neo4j_server import server_running, start_server

        try:
            # a server someone else started (a second pytest run, a developer's) is used, not stopped
            started = not server_running()
            uri = start_server()
        except RuntimeError as exc:
            pytest.fail(f"Neo4j 无法启动，Neo4j 契约测试失败：{exc}", pytrace=False)
    yield uri
    if started:
        from kg.neo4j_server import stop_server

        stop_server()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri: str) -> Iterator[object]:
    from neo4j import GraphDatabase

    password = os.environ.get("YIJU_NEO4J_PASSWORD")
    auth = (os.environ.get("YIJU_NEO4J_USER", "neo4j"), password) if password else None
    driver = GraphDatabase.driver(neo4j_uri, auth=auth)
    try:
        driver.verify_connectivity()
    except Exception as exc:  # noqa: BLE001 - report any failure as a test failure
        pytest.fail(f"无法连接 Neo4j {neo4j_uri}：{exc}", pytrace=False)
    yield driver
    driver.close()


class SqliteAfterWrites:
    """Writes go to a networkx store; reads come from a ``graph.sqlite`` written from it (anew after each write)."""

    def __init__(self, folder: Path) -> None:
        self._source = NetworkxStore()
        self._folder = folder
        self._reader: Any = None
        self._files = 0

    def write(self, bundle: GraphBundle) -> None:
        self._source.write(bundle)
        self._reader = None

    def clear(self) -> None:
        self._source.clear()
        self._reader = None

    def __getattr__(self, name: str) -> Any:
        if self._reader is None:
            from kg.sqlite_store import SqliteStore, write_sqlite

            self._files += 1
            path = self._folder / f"graph-{self._files}.sqlite"
            write_sqlite(self._source, path)
            self._reader = SqliteStore(path)
        return getattr(self._reader, name)


@pytest.fixture(params=["networkx", "neo4j", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "networkx":
        yield NetworkxStore()
        return
    if request.param == "sqlite":
        yield SqliteAfterWrites(tmp_path)  # type: ignore[misc]
        return
    from kg.neo4j_store import Neo4jStore

    driver = request.getfixturevalue("neo4j_driver")
    neo = Neo4jStore(driver, database=os.environ.get("YIJU_NEO4J_DATABASE", "neo4j"))
    neo.clear()
    yield neo
    neo.clear()


@pytest.fixture
def neo4j_store(neo4j_driver: object) -> Iterator[object]:
    """A Neo4jStore on the session's real server, cleared before and after the test."""
    from kg.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_driver, database=os.environ.get("YIJU_NEO4J_DATABASE", "neo4j"))
    store.clear()
    yield store
    store.clear()
