"""Neo4j-only behaviour: full text, bulk replace, errors, and equivalence with the embedded store.

Everything runs against the real server of the session (``neo4j_driver`` in
conftest); the connection-error test uses a real driver pointed at a closed port,
and the credential test a password-protected server from the same launcher
(the session's own when ``YIJU_NEO4J_PASSWORD`` is set, else a second one).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import cypher, neo4j_store
from kg.errors import BackendUnavailable
from kg.neo4j_server import free_port
from kg.neo4j_store import Neo4jStore, lucene_query
from kg.nx_store import NetworkxStore
from kg.store import LABELS, SCHEMA, Edge, GraphBundle, GraphStore

pytestmark = pytest.mark.neo4j

LUCENE_NASTY = ["AND", "OR", "NOT", "&&", "||", "!", "(", ")", "{", "}", "[", "]", "^", '"', "~", "*", "?",
                ":", "\\", "/", "+", "-", "a:b", "C++", '"半个引号', "title:*", "x~2", "(罚款", "罚款)", "\\\"",
                "a\\", "**", "?*", "AND(", "OR:NOT", "[1 TO 9]"]


@pytest.fixture
def neo(neo4j_store: Neo4jStore) -> Neo4jStore:
    return neo4j_store


def _texts() -> GraphBundle:
    b = GraphBundle()
    b.add_node("Statute", "城乡规划法", {"title": "城乡规划法"})
    b.add_node("StatuteVersion", "城乡规划法@2019", {"statute_key": "城乡规划法"})
    docs = {
        "p/64": "未 取得 建设 工程 规划 许可证 进行 建设 责令 停止 建设 罚款",
        "p/65": "乡 村庄 规划 区内 未 依法 取得 乡村 建设 规划 许可证 责令 停止 建设",
        "p/40": "在 城市 镇 规划 区内 进行 建筑物 建设 申请 办理 建设 工程 规划 许可证",
        "p/nasty": " ".join(LUCENE_NASTY),
    }
    for key, tokens in docs.items():
        b.add_node("Provision", key, {"statute_key": "城乡规划法", "version_key": "城乡规划法@2019",
                                      "is_penalty": key != "p/40", "tokens": tokens})
        b.add_edge("CONTAINS", "城乡规划法@2019", key)
    b.add_node("PenaltyItem", "c1#1", {"catalog_key": "c1", "name": "对未取得规划许可证进行建设的处罚",
                                       "tokens": "未 取得 规划 许可证 建设 处罚"})
    b.add_node("PenaltyItem", "c1#2", {"catalog_key": "c1", "name": "无 tokens 的事项"})
    return b


# -- full text ---------------------------------------------------------------------------


def test_fulltext_ranks_matches_over_provisions_and_items(neo: Neo4jStore) -> None:
    neo.write(_texts())
    hits = neo.fulltext(["规划", "许可证"], 10)
    keys = [k for k, _ in hits]
    assert set(keys) == {"p/64", "p/65", "p/40", "c1#1"}
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert len(neo.fulltext(["规划", "许可证"], 2)) == 2
    assert neo.fulltext(["规划"], 0) == [] and neo.fulltext([], 5) == [] and neo.fulltext(["  "], 5) == []
    assert neo.fulltext(["不存在的词"], 5) == []


def test_fulltext_where_filters_on_properties(neo: Neo4jStore) -> None:
    neo.write(_texts())
    assert [k for k, _ in neo.fulltext(["建设"], 10, where={"catalog_key": "c1"})] == ["c1#1"]
    penal = {k for k, _ in neo.fulltext(["建设"], 10, where={"statute_key": "城乡规划法", "is_penalty": True})}
    assert penal == {"p/64", "p/65"}
    assert neo.fulltext(["建设"], 10, where={"statute_key": "别的法"}) == []


def test_fulltext_sees_updates_and_deletes_at_once(neo: Neo4jStore) -> None:
    neo.write(_texts())
    b = GraphBundle(deletes=[("PenaltyItem", {"catalog_key": "c1"})])
    b.add_node("PenaltyItem", "c2#1", {"catalog_key": "c2", "name": "新事项", "tokens": "全新 词语"})
    neo.write(b)
    assert [k for k, _ in neo.fulltext(["全新"], 5)] == ["c2#1"]
    assert neo.fulltext(["处罚"], 5) == []


@pytest.mark.parametrize("nasty", LUCENE_NASTY)
def test_fulltext_lucene_syntax_in_tokens_is_literal(neo: Neo4jStore, nasty: str) -> None:
    neo.write(_texts())
    # the token is searched for as itself: it matches exactly the node whose tokens contain it
    assert [k for k, _ in neo.fulltext([nasty], 5)] == ["p/nasty"]
    # and mixed with ordinary words it neither breaks the query nor turns it into an operator
    mixed = {k for k, _ in neo.fulltext(["罚款", nasty, "处罚"], 10)}
    assert mixed == {"p/64", "p/nasty", "c1#1"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=st.lists(st.text(min_size=0, max_size=40), max_size=8))
def test_fulltext_never_fails_on_any_input(neo: Neo4jStore, tokens: list[str]) -> None:
    if neo.count("Provision") == 0:
        neo.write(_texts())
    hits = neo.fulltext(tokens, 5)
    assert len(hits) <= 5
    assert {k for k, _ in hits} <= {"p/64", "p/65", "p/40", "p/nasty", "c1#1"}


def test_fulltext_caps_huge_queries(neo: Neo4jStore) -> None:
    neo.write(_texts())
    tokens = [f"词{i}" for i in range(5_000)] + ["罚款"]
    assert lucene_query(tokens).count('"') == 2 * neo4j_store.MAX_QUERY_TERMS
    assert neo.fulltext(tokens, 5) == []  # capped before 罚款; and no TooManyClauses error
    assert [k for k, _ in neo.fulltext(["罚款", *tokens], 5)] == ["p/64"]


# -- values and writes -----------------------------------------------------------------


def test_values_round_trip_as_in_the_embedded_store(neo: Neo4jStore) -> None:
    props = {"title": "全角ＡＢＣ 🚧", "n": 7, "x": 2.5, "flag": False, "empty": [], "ints": [1, 2, 3],
             "floats": [0.5, 1.5], "bools": [True, False], "strs": ["a", "乙"], "tup": ("x", "y"), "gone": None}
    b = GraphBundle()
    b.add_node("Statute", "s", props)
    neo.write(b)
    got = neo.get("Statute", "s")
    assert got == {"key": "s", **{k: list(v) if isinstance(v, tuple) else v for k, v in props.items() if k != "gone"}}
    assert [p["key"] for p in neo.find("Statute", gone=None)] == ["s"]  # absent matches None, as in networkx
    assert [p["key"] for p in neo.find("Statute", tup=["x", "y"], flag=False)] == ["s"]
    assert neo.find("Statute", flag=True) == []


def test_long_indexed_values_are_found_by_digest(neo: Neo4jStore) -> None:
    a, b_ = "长" * 5_000 + "甲", "长" * 5_000 + "乙"
    b = GraphBundle()
    b.add_node("PenaltyItem", "i1", {"name": a, "catalog_key": "c"})
    b.add_node("PenaltyItem", "i2", {"name": b_, "catalog_key": "c"})
    neo.write(b)
    assert [p["key"] for p in neo.find("PenaltyItem", name=a)] == ["i1"]
    assert "_ix_name" not in neo.get("PenaltyItem", "i1")  # type: ignore[operator]
    neo.write(GraphBundle(deletes=[("PenaltyItem", {"name": b_})]))
    assert [p["key"] for p in neo.find("PenaltyItem")] == ["i1"]


def test_a_key_too_long_to_index_is_a_value_error(neo: Neo4jStore) -> None:
    """Documented limit: node keys must stay below ~8,000 UTF-8 bytes (the unique index)."""
    b = GraphBundle()
    b.add_node("Township", "镇" * 5_000, {"name": "x"})
    with pytest.raises(ValueError):
        neo.write(b)
    assert neo.count("Township") == 0


def test_write_is_one_transaction_across_batches(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_store, "WRITE_BATCH", 3)
    good = GraphBundle()
    good.add_node("Catalog", "c", {"title": "t"})
    neo.write(good)
    b = GraphBundle(deletes=[("Catalog", {"key": "c"})])
    for i in range(10):
        b.add_node("PenaltyItem", f"i{i}", {"catalog_key": "c", "name": str(i)})
    b.add_node("Catalog", "c2", {"title": "t2"})
    for i in range(10):
        b.add_edge("LISTS", "c2", f"i{i}")
    b.add_edge("LISTS", "c", "i0")  # "c" is deleted by this very bundle
    with pytest.raises(ValueError, match="Catalog 'c'"):
        neo.write(b)
    assert neo.count("PenaltyItem") == 0 and neo.get("Catalog", "c") is not None and neo.edges("LISTS") == []


def test_unknown_label_or_type_is_a_value_error(neo: Neo4jStore) -> None:
    with pytest.raises(ValueError):
        neo.get("Robot", "x")
    with pytest.raises(ValueError):
        neo.edges("LIKES")
    with pytest.raises(ValueError):
        neo.write(GraphBundle(nodes={"Robot": [{"key": "x"}]}))


# -- replace_all ---------------------------------------------------------------------------


def _corpus() -> NetworkxStore:
    from tests.contract.test_store_primitives import _base

    nx = NetworkxStore()
    nx.write(_base())
    b = GraphBundle()
    b.add_node("Catalog", "c1", {"title": "目录", "region": None})
    b.add_node("Township", "航埠镇", {"name": "航埠镇"})
    b.add_node("Department", "综合执法局", {"name": "综合执法局"})
    b.add_node("Domain", "城乡规划", {"name": "城乡规划"})
    b.add_node("ReviewRequirement", "法制审核", {"kind": "法制审核"})
    for i in range(1, 26):
        key = f"c1#{i}"
        b.add_node("PenaltyItem", key, {"catalog_key": "c1", "code": f"33{i % 7}", "name": f"事项{i}",
                                        "department": "综合执法局", "townships": ["航埠镇"]})
        b.add_edge("LISTS", "c1", key)
        b.add_edge("COMPETENT", key, "综合执法局")
        b.add_edge("IN_DOMAIN", key, "城乡规划")
        b.add_edge("BASIS", key, "城乡规划法@2019-04-23/art_64", "罚则", role="罚则", status="resolved")
        b.add_edge("HOLDS", "航埠镇", key, "赋权|c1", source="赋权", valid_from="2022-01-01", valid_to=None)
        if i % 5 == 0:
            b.add_edge("HOLDS", "航埠镇", key, "委托|c0", source="委托", valid_from="2020-01-01",
                       valid_to="2022-01-01")
            b.add_edge("REQUIRES", key, "法制审核", "法制审核", reason="重大")
    b.add_edge("CITES", "城乡规划法@2019-04-23/art_64", "城乡规划法@2019-04-23/art_40")
    nx.write(b)
    return nx


def _drop_none(p: dict) -> dict:
    return {k: v for k, v in p.items() if v is not None}


def _edge_view(edges: list[Edge]) -> list[tuple]:
    return [(e.type, e.src, e.dst, e.key, _drop_none(e.props)) for e in edges]


def assert_same_graph(a: GraphStore, b: GraphStore) -> None:
    for label in LABELS:
        assert [_drop_none(p) for p in a.find(label)] == [_drop_none(p) for p in b.find(label)], label
        assert a.count(label) == b.count(label)
    for etype in SCHEMA:
        assert _edge_view(a.edges(etype)) == _edge_view(b.edges(etype)), etype


def _staged(neo: Neo4jStore) -> int:
    """Nodes of other generations than the serving one (a load's leftovers)."""
    with neo.driver.session(database=neo.database) as s:
        return sum(s.run(cypher.OTHER_GEN_COUNT[label]).single()["n"] for label in LABELS)


def test_replace_all_copies_the_whole_graph(neo: Neo4jStore) -> None:
    old = GraphBundle()
    old.add_node("Township", "旧镇", {"name": "旧镇"})
    neo.write(old)
    src = _corpus()
    counts = neo.replace_all(src)
    assert counts["PenaltyItem"] == 25 and counts["HOLDS"] == 30 and counts["CONTAINS"] == 3
    assert neo.get("Township", "旧镇") is None
    assert_same_graph(src, neo)
    assert [e.key for e in neo.edges("HOLDS", src="航埠镇", dst="c1#5")] == ["委托|c0", "赋权|c1"]
    assert [p["key"] for p in neo.find("PenaltyItem", code="333")] == ["c1#10", "c1#17", "c1#24", "c1#3"]
    assert _staged(neo) == 0


@pytest.mark.parametrize("workers", [1, 3])
def test_replace_all_works_in_several_transactions(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch,
                                                   workers: int) -> None:
    monkeypatch.setattr(neo4j_store, "LOAD_BATCH", 4)
    monkeypatch.setattr(neo4j_store, "LOAD_TX_ROWS", 8)
    monkeypatch.setattr(neo4j_store, "LOAD_WORKERS", workers)
    src = _corpus()
    neo.replace_all(src)
    assert_same_graph(src, neo)


class _DuplicateLate(NetworkxStore):
    """A source whose last PenaltyItem repeats the first one's key: the server refuses it mid-load."""

    def find(self, label: str, **where: object) -> list[dict]:
        out = super().find(label, **where)
        return [*out, {**out[0], "name": "重复"}] if label == "PenaltyItem" and not where else out


def test_a_load_failing_in_one_of_several_sessions_leaves_the_previous_graph(
        neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_store, "LOAD_BATCH", 3)
    monkeypatch.setattr(neo4j_store, "LOAD_TX_ROWS", 3)
    monkeypatch.setattr(neo4j_store, "LOAD_WORKERS", 3)
    before = _corpus()
    neo.replace_all(before)
    with pytest.raises(Exception, match="(?i)already exists|constraint|duplicate"):
        neo.replace_all(_DuplicateLate(_corpus().graph))
    assert_same_graph(before, neo)
    assert _staged(neo) == 0


class _Dangling(NetworkxStore):
    """A source whose BASIS edges point at a provision that is not in it."""

    def edges(self, etype: str, *, src: str | None = None, dst: str | None = None) -> list[Edge]:
        out = super().edges(etype, src=src, dst=dst)
        return [*out, Edge("BASIS", "c1#1", "不存在的条文", "x")] if etype == "BASIS" else out


class _Exploding(NetworkxStore):
    def find(self, label: str, **where: object) -> list[dict]:
        if label == "PenaltyItem":
            raise RuntimeError("source broke mid-load")
        return super().find(label, **where)


@pytest.mark.parametrize("broken", [_Dangling, _Exploding])
def test_a_failed_replace_all_leaves_the_previous_graph(neo: Neo4jStore, broken: type[NetworkxStore]) -> None:
    before = _corpus()
    neo.replace_all(before)
    bad = broken(_corpus().graph)
    bad.write(GraphBundle(nodes={"Township": [{"key": "新镇", "name": "新镇"}]}))
    with pytest.raises((ValueError, RuntimeError)):
        neo.replace_all(bad)
    assert_same_graph(before, neo)
    assert neo.get("Township", "新镇") is None
    assert _staged(neo) == 0


def test_readers_see_the_old_graph_until_the_switch(neo: Neo4jStore) -> None:
    before = _corpus()
    neo.replace_all(before)
    seen: list[object] = []

    class Peeking(NetworkxStore):
        def edges(self, etype: str, *, src: str | None = None, dst: str | None = None) -> list[Edge]:
            if etype == "HOLDS" and src is None and dst is None:  # all nodes of the new graph are loaded
                seen.append((_staged(neo) > 0, neo.get("Township", "新镇"), neo.count("PenaltyItem"),
                             len(neo.edges("HOLDS", src="航埠镇"))))
            return super().edges(etype, src=src, dst=dst)

    after = Peeking(_corpus().graph)
    after.write(GraphBundle(nodes={"Township": [{"key": "新镇", "name": "新镇"}]},
                            deletes=[("PenaltyItem", {"catalog_key": "c1"})]))
    neo.replace_all(after)
    assert seen == [(True, None, 25, 30)]  # mid-load: the new nodes exist, readers see the old graph
    assert neo.get("Township", "新镇") == {"key": "新镇", "name": "新镇"} and neo.count("PenaltyItem") == 0
    assert _staged(neo) == 0


def test_replace_all_cleans_up_a_previous_crashed_load(neo: Neo4jStore) -> None:
    neo.ensure_schema()
    with neo.driver.session(database=neo.database) as s:  # what a killed load leaves behind
        s.run("CREATE (:Township {key: '残留', _gen: 99})").consume()
    assert _staged(neo) == 1 and neo.get("Township", "残留") is None
    src = _corpus()
    neo.replace_all(src)
    assert _staged(neo) == 0 and neo.get("Township", "残留") is None
    assert_same_graph(src, neo)


# -- equivalence with the embedded store ---------------------------------------------------

_keys = st.sampled_from(["a", "b", "c", "长", "Ｚ", "🚧", "a b"])
# ints and bools on different properties: Python's True == 1 makes the embedded store match
# find(v=True) against v=1, which Cypher (rightly) does not
_vals = st.one_of(st.none(), st.sampled_from(["x", "y", "乙", ""]), st.lists(st.sampled_from(["x", "乙"]), max_size=3))
_props = st.fixed_dictionaries({}, optional={
    "catalog_key": _vals, "code": _vals, "name": _vals,
    "n": st.one_of(st.none(), st.integers(-5, 5)), "flag": st.one_of(st.none(), st.booleans())})


@st.composite
def _bundles(draw: st.DrawFn) -> GraphBundle:
    b = GraphBundle()
    for key in draw(st.lists(_keys, max_size=4)):
        b.add_node("Township", key, {"name": key})
    for key in draw(st.lists(_keys, max_size=4)):
        b.add_node("PenaltyItem", key, draw(_props))
    for _ in range(draw(st.integers(0, 4))):
        b.add_edge("HOLDS", draw(_keys), draw(_keys), draw(st.sampled_from(["", "k1", "k2"])),
                   source=draw(st.sampled_from(["赋权", "委托", None])))
    if draw(st.booleans()):
        b.deletes.append(("PenaltyItem", {"catalog_key": draw(_vals)}))
    return b


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bundles=st.lists(_bundles(), min_size=1, max_size=3), probe=_props)
def test_same_answers_as_the_embedded_store(neo: Neo4jStore, bundles: list[GraphBundle], probe: dict) -> None:
    neo.clear()
    nx = NetworkxStore()
    for b in bundles:
        outcomes = []
        for store in (nx, neo):
            try:
                store.write(b)
                outcomes.append("ok")
            except ValueError:
                outcomes.append("ValueError")
        assert outcomes[0] == outcomes[1]
    assert_same_graph(nx, neo)
    assert [p["key"] for p in nx.find("PenaltyItem", **probe)] == [p["key"] for p in neo.find("PenaltyItem", **probe)]
    for key in ("a", "长", "🚧"):
        assert _edge_view(nx.edges("HOLDS", src=key)) == _edge_view(neo.edges("HOLDS", src=key))
        assert _edge_view(nx.edges("HOLDS", dst=key)) == _edge_view(neo.edges("HOLDS", dst=key))
        assert list(nx.get_many("PenaltyItem", [key, "b", key])) == list(neo.get_many("PenaltyItem", [key, "b", key]))


# -- errors -----------------------------------------------------------------------------------


def test_a_closed_port_is_backend_unavailable() -> None:
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(f"bolt://127.0.0.1:{free_port()}", connection_timeout=3)
    store = Neo4jStore(driver)
    b = GraphBundle()
    b.add_node("Township", "t", {"name": "t"})
    calls = [lambda: store.get("Township", "t"), lambda: store.find("PenaltyItem", code="1"),
             lambda: store.edges("HOLDS", dst="x"), lambda: store.count("Statute"), lambda: store.write(b),
             store.clear, lambda: store.fulltext(["罚款"], 5), lambda: store.replace_all(NetworkxStore()),
             lambda: store.get_many("Township", ["t"])]
    started = time.monotonic()
    try:
        for call in calls:
            with pytest.raises(BackendUnavailable) as info:
                call()
            assert info.value.code == "NEO4J_UNAVAILABLE"
            assert "Neo4j" in info.value.message and "无法连接" in info.value.message
    finally:
        driver.close()
    assert time.monotonic() - started < 30  # no long driver-side retry loops


@pytest.fixture(scope="module")
def auth_server() -> Iterator[tuple[str, str, Path | None]]:
    """(bolt URI, password, state dir or None) of a server with auth enabled.

    The session's own server when it runs with ``YIJU_NEO4J_PASSWORD`` (state dir
    None); else a second one, started with the same launcher in a temporary home
    and the launcher's ``server`` JVM profile, so that the suite also runs that
    profile (that costs a JVM start: set ``YIJU_NEO4J_PASSWORD`` for the whole
    suite to avoid it).
    """
    from kg.neo4j_server import start_server, stop_server

    password = os.environ.get("YIJU_NEO4J_PASSWORD")
    if password:
        # start_server() returns the running session server's URI when it is already up
        yield os.environ.get("YIJU_NEO4J_URI") or start_server(), password, None
        return
    home = Path(tempfile.mkdtemp(prefix="yiju-neo4j-auth-"))
    password = "yiju-test-secret"
    env = {"YIJU_NEO4J_HOME": str(home), "YIJU_NEO4J_PORT": str(free_port()), "YIJU_NEO4J_PASSWORD": password,
           "YIJU_NEO4J_HEAP": "512m", "YIJU_NEO4J_PAGECACHE_MB": "32", "YIJU_NEO4J_PROFILE": "server",
           "YIJU_NEO4J_JAVA_OPTS": ""}  # the profile's own flags only
    try:
        try:
            uri = start_server(env)
        except RuntimeError as exc:
            pytest.fail(f"无法启动带密码的 Neo4j：{exc}", pytrace=False)
        yield uri, password, home
    finally:
        try:
            stop_server(env)
        finally:
            shutil.rmtree(home, ignore_errors=True)


def test_wrong_credentials_are_backend_unavailable_with_auth_code(auth_server: tuple[str, str, Path | None]) -> None:
    from neo4j import GraphDatabase

    uri, password, _ = auth_server
    with GraphDatabase.driver(uri, auth=("neo4j", password + "-wrong")) as driver:
        with pytest.raises(BackendUnavailable) as info:
            Neo4jStore(driver).count("Statute")
        assert info.value.code == "NEO4J_AUTH" and "认证失败" in info.value.message
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        assert Neo4jStore(driver).count("Statute") >= 0


def test_the_server_profile_runs_the_c2_jit_with_trimmed_inlining(auth_server: tuple[str, str, Path | None]) -> None:
    _, _, home = auth_server
    if home is None:
        pytest.skip("YIJU_NEO4J_PASSWORD is set: the auth tests use the session's server, started without a profile")
    pid = int((home / "neo4j.pid").read_text().strip())
    args = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    profile = [a for a in args if a.startswith(("-XX:TieredStopAtLevel", "-XX:FreqInlineSize", "-XX:InlineSmallCode",
                                                "-XX:+Use"))]
    assert profile == ["-XX:TieredStopAtLevel=4", "-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000",
                       "-XX:+UseParallelGC"]


def test_an_unknown_launcher_profile_is_refused_before_anything_starts(tmp_path: Path) -> None:
    from kg.neo4j_server import start_server

    env = {"YIJU_NEO4J_HOME": str(tmp_path / "home"), "YIJU_NEO4J_PORT": str(free_port()),
           "YIJU_NEO4J_PROFILE": "turbo"}
    with pytest.raises(RuntimeError, match="YIJU_NEO4J_PROFILE must be 'test' or 'server', not 'turbo'"):
        start_server(env)
    assert not (tmp_path / "home").exists()


def test_sync_gives_neo4j_the_search_index_terms(neo: Neo4jStore, demo_data: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``yiju sync neo4j`` loads the graph and the whoosh index's own terms into the full-text index."""
    from collections import Counter

    import api.service
    from api.cli.common import _sync_neo4j
    from kg.datadir import DataDir
    from kg.search import WhooshIndex
    from kg.settings import get_settings

    monkeypatch.setenv("YIJU_DATA_DIR", str(demo_data))
    get_settings.cache_clear()
    monkeypatch.setattr(api.service, "open_neo4j", lambda settings: neo)
    try:
        counts = _sync_neo4j()
    finally:
        get_settings.cache_clear()
    cur = DataDir(demo_data).current()
    assert cur is not None
    index = WhooshIndex.open(cur / "index")
    terms = index.token_texts(distinct=True)
    provisions = neo.count("Provision")
    assert counts["Provision"] == provisions > 0 and counts["PenaltyItem"] > 0
    # every node the index has terms for has exactly those terms in Neo4j (reads never show them)
    with neo.driver.session(database=neo.database) as session:
        stored = {r["key"]: r["t"] for r in session.run(
            "MATCH (n) WHERE (n:Provision OR n:PenaltyItem) AND n._fulltext IS NOT NULL "
            "RETURN n.key AS key, n._fulltext AS t")}
    assert set(stored) == set(terms)
    assert all(Counter(stored[k].split()) == Counter(set(terms[k].split())) for k in terms)  # each term once
    assert set(terms) == set(index.token_texts())  # the same documents as with the repeats
    assert "_fulltext" not in neo.get("Provision", next(iter(stored))) and "tokens" not in neo.get(
        "Provision", next(iter(stored)))
    # and Lucene matches what whoosh matches: the articles containing a term, items by their name
    hits = {k for k, _ in neo.fulltext(["罚款"], 10_000)}
    assert hits == {k for k, t in terms.items() if "罚款" in t.split()}
    item = neo.find("PenaltyItem")[0]
    word = terms[item["key"]].split()[0]
    assert item["key"] in {k for k, _ in neo.fulltext([word], 10_000)}
