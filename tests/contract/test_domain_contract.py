"""Domain answers are the same on every backend.

The fixture graph is built by the real pipeline functions (parser, catalog
reader, resolver, review rules) writing straight into the store under test,
from small real statutes and the demo catalog.  Each answer is checked for
what it must say, and compared with the embedded store's answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import apply_catalog, apply_statutory_powers, with_inferred_pairs
from ingest.statutes import parse_statute
from kg.graph_build import statutes_bundle
from kg.nx_store import NetworkxStore
from kg.queries import (
    GraphLookup,
    check_authority,
    item_view,
    provision_view,
    statute_view,
    township_items,
)
from kg.store import GraphStore

DEMO = Path(__file__).resolve().parents[2] / "demo"
STATUTES = [
    "行政法/城乡规划法(2019-04-23).md",
    "行政法规/城市市容和环境卫生管理条例(2017-03-01).md",
    "行政法规/城市道路管理条例(2019-03-24).md",
    "经济法/野生动物保护法(2018-10-26).md",
    "经济法/野生动物保护法(2022-12-30).md",
    "行政法规/农药管理条例(2017-03-16).md",
    "行政法规/农药管理条例(2022-03-29).md",
]
CATALOG = DEMO / "catalogs" / "kecheng_demo_delegation_2022.xlsx"


def build(store: GraphStore) -> None:
    parsed = [with_inferred_pairs(parse_statute((DEMO / "laws" / rel).read_text("utf-8"), rel)) for rel in STATUTES]
    store.write(statutes_bundle(parsed))
    apply_catalog(store, CATALOG, None)
    apply_statutory_powers(store)


@pytest.fixture(scope="module")
def reference() -> NetworkxStore:
    ref = NetworkxStore()
    build(ref)
    return ref


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    build(store)
    return store


def _same(answer: Any, ref_answer: Any) -> None:
    assert answer == ref_answer


def test_versions_and_as_of_lookups(graph: GraphStore, reference: NetworkxStore) -> None:
    view = statute_view(graph, "野生动物保护法")
    assert [v["version"] for v in view["versions"]] == ["2018-10-26", "2022-12-30"]
    assert view["versions"][0]["valid_to"] == view["versions"][1]["valid_from"]
    _same(view, statute_view(reference, "野生动物保护法"))
    old = provision_view(graph, "野生动物保护法/art_1", date(2020, 1, 1))
    new = provision_view(graph, "野生动物保护法/art_1", date(2024, 1, 1))
    assert (old["version"], new["version"]) == ("2018-10-26", "2022-12-30")
    _same(old, provision_view(reference, "野生动物保护法/art_1", date(2020, 1, 1)))


def test_penalty_pairs_and_citations(graph: GraphStore, reference: NetworkxStore) -> None:
    roads = provision_view(graph, "城市道路管理条例@2019-03-24/art_42")
    assert roads["sanctions"] and any(v["provision_id"].endswith("art_27") for v in roads["violated"] if v)
    planning = provision_view(graph, "城乡规划法@2019-04-23/art_64")
    assert any(v["provision_id"].endswith("art_40") for v in planning["violated"] if v)
    for pid in ("城市道路管理条例@2019-03-24/art_42", "城乡规划法@2019-04-23/art_64",
                "城乡规划法@2019-04-23/art_65", "城市市容和环境卫生管理条例@2017-03-01/art_34/para_1/item_6"):
        _same(provision_view(graph, pid), provision_view(reference, pid))


def test_items_keep_basis_resolution_and_provenance(graph: GraphStore, reference: NetworkxStore) -> None:
    lookup = GraphLookup(graph)
    assert lookup.statute_keys_for_title("中华人民共和国城乡规划法") == ["城乡规划法"]
    items = graph.find("PenaltyItem", code="KC-SR-005")
    assert len(items) == 1
    view = item_view(graph, items[0]["key"], date(2023, 1, 1))
    statuses = {b["status"] for b in view["basis"]}
    assert "article_not_found" in statuses
    assert view["source"]["row"] and view["source"]["file"].endswith(".xlsx")
    _same(view, item_view(reference, items[0]["key"], date(2023, 1, 1)))


def test_holdings_have_dates_and_sources(graph: GraphStore, reference: NetworkxStore) -> None:
    town = graph.find("Township")[0]["key"]
    held = township_items(graph, town, date(2023, 1, 1))
    sources = {i["source"] for i in held["items"]}
    assert {"赋权", "法定"} <= sources
    assert all(i["valid_from"] for i in held["items"] if i["source"] == "赋权")
    _same(held, township_items(reference, town, date(2023, 1, 1)))


@pytest.mark.parametrize(("target", "verdicts"), [
    ({"item_code": "KC-SR-006"}, {"holds_within_scope"}),
    ({"provision": "城乡规划法/art_65"}, {"holds"}),
    ({"item_code": "NO-SUCH-CODE"}, {"unknown"}),
])
def test_authority_check_answers_alike(graph: GraphStore, reference: NetworkxStore, target: dict[str, str],
                                       verdicts: set[str]) -> None:
    town = graph.find("Township")[0]["key"]
    answer = check_authority(graph, town, day=date(2023, 1, 1), **target)
    assert answer["verdict"] in verdicts, answer
    _same(answer, check_authority(reference, town, day=date(2023, 1, 1), **target))


def test_authority_before_the_catalog_took_effect(graph: GraphStore) -> None:
    town = graph.find("Township")[0]["key"]
    answer = check_authority(graph, town, item_code="KC-SR-006", day=date(2000, 1, 1))
    assert answer["verdict"] == "does_not_hold"


def test_an_undated_holding_reads_back_alike(store: GraphStore) -> None:
    """A holding with no start date (an undated catalog): Neo4j keeps no null, the answer is the same."""
    from kg.graph_build import _holding_props, holding_edge_key
    from kg.model import AuthoritySource, Holding
    from kg.store import GraphBundle

    answers = []
    for s in (store, NetworkxStore()):
        build(s)
        town = s.find("Township")[0]["key"]
        item = s.find("PenaltyItem", code="KC-SR-006")[0]["key"]
        h = Holding(town, item, AuthoritySource.ENTRUSTED, "无日期目录", valid_from=None)
        bundle = GraphBundle()
        bundle.add_edge("HOLDS", town, item, holding_edge_key(h), **_holding_props(h))
        s.write(bundle)
        view = item_view(s, item, date(2023, 1, 1))
        undated = [h for h in view["holdings"] if h["catalog"] == "无日期目录"]
        assert undated and undated[0]["valid_from"] is None and undated[0]["in_force"], view["holdings"]
        answers.append((view, check_authority(s, town, provision="城乡规划法/art_65", day=date(2023, 1, 1))))
    assert answers[0] == answers[1]


def test_authority_evidence_names_the_holding_catalog_and_row(graph: GraphStore) -> None:
    """The evidence chain of a delegated power: which catalog, since when, within what scope, from which row."""
    town = next(t["key"] for t in graph.find("Township") if t["name"] == "石梁镇")
    answer = check_authority(graph, town, item_code="KC-SR-006", day=date(2023, 1, 1))
    ev = answer["evidence"][0]
    assert ev["holding"] == {
        "source": "赋权", "catalog": "柯政发〔2022〕示例1号", "valid_from": "2022-07-01", "valid_to": None,
        "scope_note": "限于城管职权范围内", "clause": None,
        "provenance": {"file": "kecheng_demo_delegation_2022.xlsx", "sheet": "赋权事项目录", "row": 10},
    }
    assert ev["catalog"]["effective"] == "2022-07-01" and ev["catalog"]["authority"] == "赋权"
    assert {"石梁镇", "航埠镇"} <= set(ev["held_by"])


def test_power_separation_names_the_departments_of_related_items(store: GraphStore) -> None:
    """管罚分离: a licensing and an inspection item on the same article name who approves and who supervises."""
    from kg.store import GraphBundle

    build(store)
    item = store.find("PenaltyItem", code="KC-SR-006")[0]
    article = "城市市容和环境卫生管理条例@2017-03-01/art_14"
    b = GraphBundle()
    for key, power, dept in (("x#1", "行政许可", "市城管局（审批）"), ("x#2", "行政检查", "市城管局（监管）"),
                             ("x#3", "行政许可", "市城管局（审批）"), ("x#4", "行政处罚", "另一个部门")):
        b.add_node("PenaltyItem", key, {"catalog_key": item["catalog_key"], "name": key, "power_type": power,
                                        "department": dept})
        b.add_edge("BASIS", key, article, "违则", role="违则", status="resolved")
    store.write(b)
    sep = item_view(store, item["key"])["separation"]
    # 赋权: the townships penalise in their own name; approval and supervision stay with the departments
    assert {k: sep[k] for k in ("执法", "审批", "监管")} == {
        "执法": ["石梁镇", "航埠镇"], "审批": ["市城管局（审批）"], "监管": ["市城管局（监管）"]}
    assert "以自己的名义" in sep["说明"]


NOISE = ["行政法/环境噪声污染防治法(2018-12-29).md", "行政法/噪声污染防治法(2021-12-24).md"]


def test_time_validity_round_trips(store: GraphStore) -> None:
    """First 施行 dates, repeals (REPEALS edge, repeal text) and version periods read back the same."""
    from kg.time_check import time_answer

    parsed = [parse_statute((DEMO / "laws" / rel).read_text("utf-8"), rel) for rel in [*NOISE, STATUTES[0]]]
    store.write(statutes_bundle(parsed))
    ref = NetworkxStore()
    ref.write(statutes_bundle(parsed))
    lookup, ref_lookup = GraphLookup(store), GraphLookup(ref)
    for key in ("环境噪声污染防治法", "噪声污染防治法", "城乡规划法"):
        assert lookup.statute(key) == ref_lookup.statute(key)
        assert lookup.versions(key) == ref_lookup.versions(key)
    old = lookup.statute("环境噪声污染防治法")
    assert old is not None and old.repealed_on == date(2022, 6, 5)
    assert [(e.src, e.dst) for e in store.edges("REPEALS")] == [("噪声污染防治法@2021-12-24/art_90", "环境噪声污染防治法")]
    assert lookup.versions("噪声污染防治法")[0].repeals == ref_lookup.versions("噪声污染防治法")[0].repeals
    view = provision_view(store, "城乡规划法/art_65", date(2015, 6, 1))
    assert view["status"] == "尚未生效" and view["statute_status"]["status"] == "现行有效"
    assert view == provision_view(ref, "城乡规划法/art_65", date(2015, 6, 1))
    args = ([], date(2021, 3, 1), date(2023, 1, 1), ["环境噪声污染防治法/art_58"])
    assert time_answer(store, *args) == time_answer(ref, *args)
