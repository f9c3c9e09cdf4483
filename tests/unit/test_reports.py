"""Planner reports over a crafted graph whose right answers are known (see reports_fixture)."""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from api.exports import render_report
from kg.errors import InvalidInput, NotFound
from kg.nx_store import NetworkxStore
from kg.reports import (
    REPORTS,
    ReportFilters,
    ReportResult,
    department_vocabulary,
    domain_vocabulary,
    negative_rules,
    normalize_item_name,
    run_report,
    similar_name_pairs,
)
from kg.store import Edge, GraphBundle, Props
from tests.unit.reports_fixture import build

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def store() -> NetworkxStore:
    s = NetworkxStore()
    build(s)
    return s


def run(store: Any, name: str, **filters: Any) -> ReportResult:
    return run_report(store, name, ReportFilters(**filters), today=TODAY)


def keys(finding: dict[str, Any]) -> list[str]:
    return sorted(i["key"] for i in finding["items"])


def by_category(result: ReportResult) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for f in result.findings:
        out.setdefault(f["category"], []).append(keys(f))
    return out


# -- the reports ----------------------------------------------------------------------


def test_unmapped_groups_items_by_reason_with_rows_and_suggestions(store: NetworkxStore) -> None:
    r = run(store, "unmapped")
    assert by_category(r) == {
        "statute_not_found": [["A#4"]],
        "article_not_found": [["A#5"]],
        "unparsed": [["A#8"], ["C#2"]],
        "suggested_only": [["A#9"]],
    }
    assert r.summary["statute_not_found"] == 1 and r.summary["unparsed"] == 2 and r.summary["findings"] == 5
    a4 = r.findings[0]
    assert a4["rows"] == [{"file": "A.xlsx", "sheet": "处罚事项", "row": 6}]
    assert "浙江省城市绿化管理条例" in a4["reason"] and a4["reason"].startswith("法规未找到")
    a9 = next(f for f in r.findings if f["category"] == "suggested_only")
    assert a9["suggestions"][0]["provision_id"] == "城乡规划法@2019-04-23/art_64"
    assert a9["suggestions"][0]["score"] == 0.42
    assert a9["suggestions"][0]["text"].startswith("第六十四条")


def test_ownerless_finds_missing_and_unknown_departments_with_closest_names(store: NetworkxStore) -> None:
    r = run(store, "ownerless")
    assert by_category(r) == {"no_department": [["A#6"]], "unknown_department": [["A#8"]]}
    unknown = r.findings[1]
    assert unknown["department"] == "柯城区城市管里局"
    assert unknown["closest"][0] == "城市管理局（综合行政执法局）"
    assert unknown["rows"] == [{"file": "A.xlsx", "sheet": "处罚事项", "row": 10}]
    # the statutory catalog's items have no department by design: not reported
    assert all(not k.startswith("法定") for f in r.findings for k in keys(f))


def test_overlaps_report_all_four_kinds(store: NetworkxStore) -> None:
    r = run(store, "overlaps")
    got = by_category(r)
    assert got["same_penalty_article"] == [["A#1", "B#1", "C#1"]]
    assert got["similar_names"] == [["A#3", "C#2"]]
    assert got["delegated_still_at_county"] == [["A#1", "B#1"]]
    assert sorted(got["township_double_holding"]) == [
        ["A#1", "C#1"], ["A#11", "法定#城乡规划法/第六十五条"], ["A#11", "法定#城乡规划法/第六十五条"]]
    for f in r.findings:
        assert "《行政处罚法》第二十五条" in f["reason"]
        assert all(row["file"] for row, item in zip(f["rows"], f["items"], strict=True)
                   if not item["key"].startswith("法定"))
    county = next(f for f in r.findings if f["category"] == "delegated_still_at_county")
    assert county["county_item"] == "B#1" and county["townships"] == ["石室乡", "航埠镇"]
    assert {"file": "B.xlsx", "sheet": None, "row": 3} in county["rows"]
    double = [f for f in r.findings if f["category"] == "township_double_holding"]
    assert {f["township"] for f in double} == {"航埠镇", "石室乡"}
    assert any(set(f["sources"]) == {"赋权", "委托"} for f in double)
    assert any(set(f["sources"]) == {"法定", "赋权"} for f in double)


def test_overlaps_for_one_township_and_before_delegation(store: NetworkxStore) -> None:
    r = run(store, "overlaps", township="石室乡")
    got = by_category(r)
    assert got["township_double_holding"] == [["A#11", "法定#城乡规划法/第六十五条"]]
    assert got["delegated_still_at_county"] == [["A#1", "B#1"]]  # the county list is found through the article
    early = run(store, "overlaps", as_of=date(2021, 7, 1))  # only the county list and the statutory power exist
    assert early.findings == [] and early.message == "未发现问题"


def test_gaps_list_uncovered_penalty_provisions_in_force(store: NetworkxStore) -> None:
    r = run(store, "gaps")
    assert [(f["statute"], f["article"]) for f in r.findings] == [
        ("城市市容和环境卫生管理条例", "第三十六条"), ("文物保护法", "第八十三条"), ("文物保护法", "第八十四条")]
    assert [f["domain"] for f in r.findings] == ["市容环卫", "文化旅游", "文化旅游"]
    assert all(f["item_codes"] == [] and f["rows"] == [] and "未被任何目录事项引用" in f["reason"] for f in r.findings)
    assert {row["statute"]: row["uncovered"] for row in r.sections["按法规汇总"]} == {
        "文物保护法": 2, "城市市容和环境卫生管理条例": 1, "城乡规划法": 0, "特种设备安全法": 0}
    # in 2024 the 2017 version of 文物保护法 was in force, and its art. 66 is cited
    assert [f["article"] for f in run(store, "gaps", as_of=date(2024, 1, 1)).findings] == ["第三十六条"]
    assert [f["article"] for f in run(store, "gaps", domain="市容环卫").findings] == ["第三十六条"]
    # a township sees the gaps left by the items it holds
    shishi = {f["article"] for f in run(store, "gaps", township="石室乡").findings}
    assert shishi == {"第八十三条", "第八十四条", "第三十六条"}


def test_negative_list_flags_delegated_items(store: NetworkxStore) -> None:
    r = run(store, "negative-list")
    assert by_category(r) == {"certain": [["A#2"]], "uncertain": [["A#7"]]}
    a2, a7 = r.findings
    assert a2["rule_ids"] == ["NL-S01"] and "吊销许可证件" in a2["sanctions"]
    assert a7["rule_ids"] == ["NL-T01"] and "待核实" in a7["reason"]
    assert a7["townships"] == ["石室乡", "航埠镇"] and a7["sources"] == ["赋权"]
    assert a7["rows"] == [{"file": "A.xlsx", "sheet": "处罚事项", "row": 9}]
    rules = {row["id"]: row["items"] for row in r.sections["按规则汇总"]}
    assert rules["NL-S01"] == 1 and rules["NL-T01"] == 1


def test_stale_finds_the_renumbered_article_with_old_and_new_text(store: NetworkxStore) -> None:
    r = run(store, "stale")
    assert by_category(r) == {"renumbered": [["A#2"]]}
    f = r.findings[0]
    assert f["cited_provision"] == "文物保护法@2017-11-04/art_66"
    assert f["old_text"].startswith("第六十六条 有下列行为之一")
    assert f["new_text"].startswith("第六十六条 国家鼓励")
    assert f["same_number_similarity"] < 0.2
    assert f["candidate"]["provision_id"] == "文物保护法@2024-11-08/art_83"
    assert 0.5 <= f["candidate"]["similarity"] < 0.95
    assert f["rows"] == [{"file": "A.xlsx", "sheet": "处罚事项", "row": 4}]
    # compared with the version in force in 2024 (the cited one) nothing is stale
    assert run(store, "stale", as_of=date(2024, 1, 1)).findings == []


def test_stale_reports_an_amended_article_in_place() -> None:
    from kg.graph_build import catalog_bundle, statutes_bundle
    from kg.model import (
        BasisLink,
        BasisRole,
        Catalog,
        Level,
        ParsedStatute,
        PenaltyItem,
        Provision,
        ProvisionId,
        Resolution,
        Sanction,
        SanctionKind,
        SourceRef,
        Statute,
        StatuteVersion,
    )

    law = Statute("某条例", "某条例", Level.LOCAL_REGULATION, region="浙江省")
    old, new = date(2010, 1, 1), date(2020, 1, 1)
    fine = (Sanction(SanctionKind.FINE, "罚款"),)
    parsed = [
        ParsedStatute(law, StatuteVersion("某条例", old, "a.md", valid_from=old), (
            Provision(ProvisionId("某条例", old, 20), "第二十条 违反本条例第十条规定的，处一千元以上五千元以下罚款。", sanctions=fine),)),
        ParsedStatute(law, StatuteVersion("某条例", new, "b.md", valid_from=new), (
            Provision(ProvisionId("某条例", new, 20), "第二十条 违反本条例第十条规定，擅自占用的，由主管部门责令改正，处二万元以上十万元以下罚款。",
                      sanctions=fine),)),
    ]
    s = NetworkxStore()
    s.write(statutes_bundle(parsed))
    item = PenaltyItem("K#1", "K", "对擅自占用的处罚", code="K1", department=None,
                       basis=(BasisLink(BasisRole.PENALTY, "《某条例》第二十条", Resolution.RESOLVED,
                                        ProvisionId("某条例", old, 20)),), source=SourceRef("K.xlsx", None, 7))
    s.write(catalog_bundle(Catalog("K", "某目录", effective=date(2015, 1, 1)), [item], [], [], [], {},
                           {"某条例@2010-01-01/art_20"}))
    r = run_report(s, "stale", today=TODAY)
    assert [f["category"] for f in r.findings] == ["amended"]
    assert r.findings[0]["new_provision"] == "某条例@2020-01-01/art_20"
    assert r.findings[0]["rows"] == [{"file": "K.xlsx", "sheet": None, "row": 7}]


def test_coverage_counts_items_by_township_domain_and_source(store: NetworkxStore) -> None:
    r = run(store, "coverage")
    cells = {(f["township"], f["domain"]): f for f in r.findings}
    plan = cells[("航埠镇", "城乡规划")]
    assert (plan["held"], plan["statutory"], plan["delegated"], plan["entrusted"]) == (5, 1, 3, 1)
    assert (plan["legal_review"], plan["hearing"]) == (1, 1)
    assert cells[("石室乡", "城乡规划")]["held"] == 4
    assert cells[("航埠镇", "市容环卫")]["held"] == 6  # 市容环境卫生 folds onto 市容环卫
    assert all(f["item_codes"] and f["rows"] and f["reason"] for f in r.findings)
    depts = {row["department"]: row for row in r.sections["部门职权类型"]}
    assert depts["柯城区自然资源和规划局"]["执法"] == 4 and depts["柯城区自然资源和规划局"]["standard_name"] == "自然资源和规划局"
    only = run(store, "coverage", township="航埠镇", domain="城乡规划")
    assert [(f["township"], f["domain"], f["held"]) for f in only.findings] == [("航埠镇", "城乡规划", 5)]
    assert {f["township"] for f in run(store, "coverage", department="城管局").findings} == {"航埠镇", "石室乡"}


def test_every_finding_names_its_items_rows_and_reason(store: NetworkxStore) -> None:
    for name in REPORTS:
        for f in run(store, name).findings:
            assert f["reason"] and any("\u4e00" <= c <= "\u9fff" for c in f["reason"])
            assert len(f["item_codes"]) == len(f["rows"])
            assert all(set(row) == {"file", "sheet", "row"} for row in f["rows"])
            assert f["category_label"]


# -- formats -----------------------------------------------------------------------------


def test_json_has_findings_with_codes_rows_and_reason(store: NetworkxStore) -> None:
    data = json.loads(render_report(run(store, "overlaps", as_of=date(2023, 1, 1)), "json"))
    assert set(data) >= {"name", "title", "filters", "summary", "findings", "sections", "message"}
    assert data["name"] == "overlaps"
    assert data["filters"]["as_of"] == "2023-01-01"
    f = data["findings"][0]
    assert f["item_codes"] == ["A-001", "B-001", "C-001"]
    assert f["rows"][0] == {"file": "A.xlsx", "sheet": "处罚事项", "row": 3}
    assert "第六十四条" in f["reason"]


def test_csv_has_one_row_per_item_with_source_columns(store: NetworkxStore) -> None:
    text = render_report(run(store, "unmapped"), "csv")
    assert isinstance(text, str) and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = rows[0]
    assert {"事项编码", "来源文件", "工作表", "行号", "原因"} <= set(header)
    assert len(rows) == 1 + 5
    a4 = dict(zip(header, rows[1], strict=True))
    assert (a4["事项编码"], a4["来源文件"], a4["工作表"], a4["行号"]) == ("A-004", "A.xlsx", "处罚事项", "6")


def test_xlsx_has_summary_and_one_sheet_per_section_with_frozen_filtered_header(store: NetworkxStore) -> None:
    import openpyxl

    data = render_report(run(store, "gaps"), "xlsx")
    assert isinstance(data, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["汇总", "无事项覆盖的罚则", "按法规汇总"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws.column_dimensions["A"].width
    summary = {row[0]: row[1] for row in wb["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["发现数"] == 3
    overlaps = openpyxl.load_workbook(io.BytesIO(render_report(run(store, "overlaps"), "xlsx")))
    ws = overlaps["同一罚则多个事项"]
    header = [c.value for c in ws[1]]
    assert {"来源文件", "工作表", "行号"} <= set(header)
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [(r["事项编码"], r["来源文件"], r["行号"]) for r in rows] == [
        ("A-001", "A.xlsx", 3), ("B-001", "B.xlsx", 3), ("C-001", "C.xlsx", 3)]


def test_png_is_a_heat_map_or_a_bar_chart(store: NetworkxStore) -> None:
    for name in ("coverage", "overlaps"):
        data = render_report(run(store, name), "png")
        assert isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n")
    empty = render_report(run_report(NetworkxStore(), "coverage"), "png")
    assert isinstance(empty, bytes) and empty.startswith(b"\x89PNG")


def test_png_without_a_chinese_font_still_renders(store: NetworkxStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.exports

    monkeypatch.setattr(api.exports, "cjk_font", lambda: None)
    data = render_report(run(store, "coverage"), "png")
    assert isinstance(data, bytes) and data.startswith(b"\x89PNG")


def test_table_is_chinese_text(store: NetworkxStore) -> None:
    text = render_report(run(store, "ownerless"), "table")
    assert isinstance(text, str)
    assert "无主管部门事项" in text and "A-006" in text and "来源行" in text


def test_unknown_format_is_invalid_input(store: NetworkxStore) -> None:
    with pytest.raises(InvalidInput) as exc:
        render_report(run(store, "gaps"), "pdf")
    assert exc.value.code == "REPORT_FORMAT"


# -- bad input ------------------------------------------------------------------------------


def test_unknown_report_lists_the_valid_names(store: NetworkxStore) -> None:
    with pytest.raises(NotFound) as exc:
        run_report(store, "orphans")
    assert exc.value.code == "REPORT_NOT_FOUND"
    assert all(name in exc.value.message for name in REPORTS)
    assert run_report(store, "negative_list", today=TODAY).name == "negative-list"


def test_unknown_township_is_not_found(store: NetworkxStore) -> None:
    with pytest.raises(NotFound) as exc:
        run(store, "coverage", township="不存在镇")
    assert exc.value.code == "TOWNSHIP_NOT_FOUND"


@pytest.mark.parametrize("name", list(REPORTS))
def test_empty_graph_gives_an_empty_report_with_a_reason(name: str) -> None:
    r = run_report(NetworkxStore(), name)
    assert r.findings == [] and r.message and "图谱为空" in r.message
    for fmt in ("table", "json", "csv", "xlsx", "png"):
        assert render_report(r, fmt)


@pytest.mark.parametrize("name", list(REPORTS))
def test_a_date_before_all_data_gives_an_empty_report_with_a_reason(store: NetworkxStore, name: str) -> None:
    r = run(store, name, as_of=date(2000, 1, 1))
    assert r.findings == [] and r.message and "早于所有数据" in r.message


def test_statutes_without_catalogs() -> None:
    from kg.graph_build import statutes_bundle
    from tests.unit.reports_fixture import statutes

    s = NetworkxStore()
    s.write(statutes_bundle(statutes()))
    assert "没有目录事项" in (run_report(s, "unmapped").message or "")
    # every penalty provision in force is a gap; 城乡规划法 art. 65 only orders, so it is no 罚则 (issue 15)
    assert len(run_report(s, "gaps", today=TODAY).findings) == 7


# -- the same answers whatever the backend returns for missing properties ---------------------


class NullDroppingStore:
    """A store that, like Neo4j, leaves out properties whose value is None."""

    def __init__(self, inner: NetworkxStore) -> None:
        self.inner = inner

    @staticmethod
    def _clean(props: Props) -> Props:
        return {k: v for k, v in props.items() if v is not None}

    def write(self, bundle: GraphBundle) -> None:
        self.inner.write(bundle)

    def clear(self) -> None:
        self.inner.clear()

    def get(self, label: str, key: str) -> Props | None:
        p = self.inner.get(label, key)
        return self._clean(p) if p is not None else None

    def get_many(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        return {k: self._clean(v) for k, v in self.inner.get_many(label, keys).items()}

    def find(self, label: str, **where: Any) -> list[Props]:
        return [self._clean(p) for p in self.inner.find(label, **where)]

    def edges(self, etype: str, *, src: str | None = None, dst: str | None = None) -> list[Edge]:
        return [Edge(e.type, e.src, e.dst, e.key, self._clean(e.props)) for e in self.inner.edges(etype, src=src, dst=dst)]

    # the projections as the protocol defines them, over the null-dropping reads
    def node_rows(self, label: str, fields: Sequence[str], **where: Any) -> list[tuple[Any, ...]]:
        return [(p["key"], *[p.get(f) for f in fields]) for p in self.find(label, **where)]

    def edge_rows(self, etype: str, fields: Sequence[str], *, src: str | None = None,
                  dst: str | None = None) -> list[tuple[Any, ...]]:
        return [(e.src, e.dst, *[e.key if f == "key" else e.props.get(f) for f in fields])
                for e in self.edges(etype, src=src, dst=dst)]

    def count(self, label: str) -> int:
        return self.inner.count(label)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("name", list(REPORTS))
def test_missing_null_properties_give_the_same_findings(store: NetworkxStore, name: str) -> None:
    a = json.loads(render_report(run(store, name), "json"))
    b = json.loads(render_report(run(NullDroppingStore(store), name), "json"))
    assert a == b


# -- building blocks -------------------------------------------------------------------------


def test_item_names_are_normalised() -> None:
    assert normalize_item_name("对在城市人行道上摆摊设点的行政处罚") == "在城市人行道上摆摊设点"
    assert normalize_item_name(" 对擅自设置户外广告的处罚（限于城管职权范围内）") == "擅自设置户外广告"


_CHARS = "未经批准擅自占用城市道路设置户外广告倾倒建筑垃圾的处罚"


@st.composite
def _names_with_near_copies(draw: st.DrawFn) -> list[str]:
    """Names plus copies with one to three characters inserted, deleted or replaced."""
    bases = draw(st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=30), min_size=1, max_size=12))
    out = list(bases)
    for base in bases:
        for _ in range(draw(st.integers(0, 3))):
            s = list(base)
            for _ in range(draw(st.integers(1, 3))):
                op = draw(st.sampled_from(["ins", "del", "sub"]))
                pos = draw(st.integers(0, len(s)))
                ch = draw(st.sampled_from(_CHARS))
                if op == "ins":
                    s.insert(pos, ch)
                elif s and pos < len(s):
                    if op == "del":
                        del s[pos]
                    else:
                        s[pos] = ch
            out.append("".join(s))
    return list(dict.fromkeys(n for n in out if n))


@settings(max_examples=300, deadline=None)
@given(_names_with_near_copies())
@example(["倒", "倒倾倒倒倒倒倒倒倒", "倒未倾未倒倒倒倒倒倒倒"])  # ratio exactly 0.9: the bounds must not round it away
def test_similar_name_pairs_equal_the_all_pairs_answer(names: list[str]) -> None:
    def ratio(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()

    brute = sorted((i, j) for j in range(len(names)) for i in range(j) if ratio(names[i], names[j]) >= 0.9)
    assert [(i, j) for i, j, _ in similar_name_pairs(names)] == brute


def test_vocabularies_load_and_recognise_real_names() -> None:
    depts = department_vocabulary()
    assert depts.canonical("深圳市龙华区城市管理和综合执法局") == "综合行政执法局"
    assert depts.canonical("深圳市生态环境局龙华管理局") == "生态环境局"
    assert depts.canonical("衢州市柯城区水务局") == "水利局"
    domains = domain_vocabulary()
    assert domains.of_statute("城乡规划法") == "城乡规划"
    assert domains.of_statute("城市市容和环境卫生管理条例") == "市容环卫"
    assert domains.of_statute("殡葬管理条例") == "殡葬"
    assert domains.of_statute("中华人民共和国特种设备安全法") == "市场监管"
    rules = negative_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.reason and r.basis for r in rules)


# -- statutes read by the real parser ----------------------------------------------------------

WENWU_2017 = """# 中华人民共和国文物保护法

2017年11月4日第十二届全国人民代表大会常务委员会第三十次会议《关于修改〈中华人民共和国会计法〉等十一部法律的决定》第五次修正

<!-- INFO END -->

## 第七章 法律责任

第六十六条 有下列行为之一，尚不构成犯罪的，由县级以上人民政府文物主管部门责令改正，造成严重后果的，处五万元以上五十万元以下的罚款；情节严重的，由原发证机关吊销资质证书:

（一）擅自在文物保护单位的保护范围内进行建设工程或者爆破、钻探、挖掘等作业的；

（二）在文物保护单位的建设控制地带内进行建设工程，其工程设计方案未经文物行政部门同意、报城乡建设规划部门批准，对文物保护单位的历史风貌造成破坏的；

（三）擅自迁移、拆除不可移动文物的；
"""
WENWU_2024 = """# 中华人民共和国文物保护法

2024年11月8日第十四届全国人民代表大会常务委员会第十二次会议修订

<!-- INFO END -->

## 第五章 民间收藏文物

第六十六条 国家鼓励公民、组织合法收藏，加强对民间收藏活动的指导、管理和服务。

## 第七章 法律责任

第八十三条 有下列行为之一的，由县级以上人民政府文物行政部门责令改正，给予警告；造成文物损坏或者其他严重后果的，对单位处五十万元以上五百万元以下的罚款，对个人处五万元以上五十万元以下的罚款，责令承担相关文物修缮和复原费用，由原发证机关降低资质等级；情节严重的，对单位可以处五百万元以上一千万元以下的罚款，由原发证机关吊销资质证书：

（一）擅自在文物保护单位的保护范围内进行文物保护工程以外的其他建设工程或者爆破、钻探、挖掘等作业；

（二）工程设计方案未经文物行政部门同意，擅自在文物保护单位的建设控制地带内进行建设工程；

（三）未制定不可移动文物原址保护措施，或者不可移动文物原址保护措施未经文物行政部门批准，擅自开工建设；
"""


def test_reports_over_statutes_read_by_the_parser() -> None:
    from ingest.statutes import parse_statute
    from kg.graph_build import catalog_bundle, statutes_bundle
    from kg.model import (
        AuthoritySource,
        BasisLink,
        BasisRole,
        Catalog,
        Holding,
        PenaltyItem,
        ProvisionId,
        Resolution,
        SourceRef,
        Township,
    )

    parsed = [parse_statute(WENWU_2017, "文物保护法(2017-11-04).md"), parse_statute(WENWU_2024, "文物保护法(2024-11-08).md")]
    s = NetworkxStore()
    s.write(statutes_bundle(parsed))
    cited = ProvisionId.parse("文物保护法@2017-11-04/art_66/para_1/item_1")
    item = PenaltyItem("W#1", "W", "对擅自在文物保护单位保护范围内进行建设工程的处罚", code="W1",
                       basis=(BasisLink(BasisRole.PENALTY, "《文物保护法》第六十六条第一款第（一）项", Resolution.RESOLVED,
                                        cited),), source=SourceRef("W.xlsx", "赋权", 5))
    town = Township("衢江镇", "衢江镇", "浙江省衢州市")
    cat = Catalog("W", "文物赋权目录", effective=date(2022, 1, 1), region="浙江省衢州市")
    s.write(catalog_bundle(cat, [item], [Holding("衢江镇", "W#1", AuthoritySource.DELEGATED, "W", cat.effective)],
                           [], [town], {}, {str(p.id) for ps in parsed for p in ps.provisions}))
    stale = run_report(s, "stale", today=TODAY).findings
    assert [(f["category"], f["candidate"]["article"]) for f in stale] == [("renumbered", "第八十三条")]
    negative = run_report(s, "negative-list", today=TODAY).findings
    assert [f["rule_ids"][0] for f in negative] == ["NL-S01"]  # the parser read 吊销资质证书 as 吊销许可证件
    assert [f["article"] for f in run_report(s, "gaps", today=TODAY).findings] == ["第八十三条"]
    assert [f["category"] for f in run_report(s, "ownerless", today=TODAY).findings] == ["no_department"]


def test_region_county_and_department_filters(store: NetworkxStore) -> None:
    assert run(store, "unmapped", region="浙江省").summary["findings"] == 5
    assert run(store, "unmapped", county="柯城区").summary["findings"] == 5
    other = run(store, "unmapped", region="江苏省")  # only the statutory powers of national law apply there
    assert other.findings == [] and other.summary["items_checked"] == 1
    assert "没有符合筛选条件的目录事项" in (run(store, "unmapped", domain="殡葬").message or "")
    assert by_category(run(store, "unmapped", department="自然资源和规划局")) == {"article_not_found": [["A#5"]]}
    assert by_category(run(store, "ownerless", department="城市管理局")) == {}
    # 江苏省 has no catalog here: every national penalty provision but the statutory art. 65 is a gap
    assert len(run(store, "gaps", region="江苏省").findings) == 7


class _ServerLike(NetworkxStore):
    """The fixture graph behind a store that, like Neo4j, serves reads from several threads at once."""

    concurrent_reads = True

    def __init__(self, graph: Any) -> None:
        super().__init__(graph)
        self.holds_read_in: list[str] = []

    def edge_rows(self, etype: str, fields: Sequence[str], *, src: str | None = None,
                  dst: str | None = None) -> list[tuple[Any, ...]]:
        import threading

        if etype == "HOLDS":
            self.holds_read_in.append(threading.current_thread().name)
        return super().edge_rows(etype, fields, src=src, dst=dst)


@pytest.mark.parametrize("name", ["overlaps", "negative-list", "coverage"])
def test_holdings_are_read_beside_the_items_on_a_server_with_the_same_findings(store: NetworkxStore,
                                                                               name: str) -> None:
    server = _ServerLike(store.graph)
    assert render_report(run(server, name), "json") == render_report(run(store, name), "json")
    assert server.holds_read_in and all(t.startswith("yiju-report-read") for t in server.holds_read_in)
    server.holds_read_in.clear()
    run(server, name, township="航埠镇")  # a township's few holdings: read in place
    assert server.holds_read_in and not any(t.startswith("yiju-report-read") for t in server.holds_read_in)
