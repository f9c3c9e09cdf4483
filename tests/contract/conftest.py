"""The contract suite runs every test against both GraphStore backends.

The Neo4j server is a real one: ``YIJU_NEO4J_URI`` when set, else the
launcher in tools/neo4j is started for the session and stopped after.  If it
cannot start, the Neo4j tests fail (never skip) with the launcher's log.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from kg.nx_store import NetworkxStore
from kg.store import GraphStore


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[object]:
    from neo4j import GraphDatabase

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
    password = os.environ.get("YIJU_NEO4J_PASSWORD")
    auth = (os.environ.get("YIJU_NEO4J_USER", "neo4j"), password) if password else None
    driver = GraphDatabase.driver(uri, auth=auth)
    try:
        driver.verify_connectivity()
    except Exception as exc:  # noqa: BLE001 - report any failure as a test failure
        pytest.fail(f"无法连接 Neo4j {uri}：{exc}", pytrace=False)
    yield driver
    driver.close()
    if started:
        from kg.neo4j_server import stop_server

        stop_server()


@pytest.fixture(params=["networkx", "neo4j"])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    if request.param == "networkx":
        yield NetworkxStore()
        return
    from kg.neo4j_store import Neo4jStore

    driver = request.getfixturevalue("neo4j_driver")
    neo = Neo4jStore(driver, database=os.environ.get("YIJU_NEO4J_DATABASE", "neo4j"))
    neo.clear()
    yield neo
    neo.clear()
