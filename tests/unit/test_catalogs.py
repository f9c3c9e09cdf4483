"""Catalog parsing: real-looking spreadsheets built here, and the two real JSON catalogs."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ingest import catalogs
from ingest.catalogs import (
    CatalogMeta,
    ParsedCatalog,
    decode_text,
    load_sidecar,
    parse_sidecar,
    read_catalog,
    xlrd_sheet_to_grid,
)
from kg.errors import InvalidInput
from kg.model import AuthoritySource, BasisRole, PowerType, Resolution

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CATALOGS = SHARED / "corpus" / "catalogs"
SHENZHEN = CATALOGS / "shenzhen_city_management_discretion_2023.json"
LONGHUA = CATALOGS / "longhua_subdistrict_penalty_items.json"
DEMO = Path(__file__).resolve().parents[2] / "demo"

needs_corpus = pytest.mark.skipif(not CATALOGS.exists(), reason="shared corpus not present")

SR = "《城市市容和环境卫生管理条例》"
GH = "《中华人民共和国城乡规划法》"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def xlsx(*sheets: tuple[str, list[list[Any]], list[str]]) -> bytes:
    """An .xlsx with (sheet name, rows, merged ranges) per sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merged in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in merged:
            ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def codes(parsed: ParsedCatalog) -> set[str]:
    return {d.code for d in parsed.diagnostics}


def diag(parsed: ParsedCatalog, code: str) -> list[Any]:
    return [d for d in parsed.diagnostics if d.code == code]


def by_code(parsed: ParsedCatalog) -> dict[str | None, Any]:
    return {i.code: i for i in parsed.items}


# A county catalog as they are published: a title row, a two-row header with
# merged group headers, section-title rows, a subtotal row, blank rows, 序号
# gaps, a department merged down two rows, several citations per cell.
COUNTY_ROWS: list[list[Any]] = [
    ["某县乡镇（街道）综合行政执法赋权事项目录", None, None, None, None, None, None, None],
    ["序号", "事项编码", "事项名称", "法律依据", None, "实施主体", None, "备注"],
    [None, None, None, "违则", "罚则", "原实施部门", "承接乡镇", None],
    ["一、市容环卫（3项）", None, None, None, None, None, None, None],
    [1, "SR-001", "对在城市建筑物、设施以及树木上涂写、刻画的行政处罚",
     f"{SR}第十七条第一款", f"{SR}第三十四条第（二）项", "县综合行政执法局", "甲镇、乙镇", None],
    [2, "SR-002", "对擅自在街道两侧和公共场地堆放物料的行政处罚（限于城管职权范围内）",
     f"{SR}第十四条", f"{SR}第三十六条第（二）项", None, "甲镇\n乙镇", None],
    [None, None, None, None, None, None, None, None],
    [4, "SR-003", "对擅自占用或者挖掘城市道路的行政处罚",
     "《城市道路管理条例》第二十七条第（一）项、第（四）项",
     "《城市道路管理条例》第四十二条；第四十三条", "县综合行政执法局", "甲镇", "限于城区范围内"],
    ["二、城乡规划（1项）", None, None, None, None, None, None, None],
    [5, "GH-001", "对未取得建设工程规划许可证进行建设的行政处罚",
     f"{GH}第四十条\n{GH}第六十四条", f"{GH}第六十四条", "县自然资源和规划局", "甲镇、乙镇", None],
    ["合计", None, "4项", None, None, None, None, None],
]
COUNTY_MERGED = ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:H3", "A4:H4", "A9:H9",
                 "F5:F6"]


@pytest.fixture(scope="module")
def county() -> ParsedCatalog:
    data = xlsx(("乡镇赋权事项", COUNTY_ROWS, COUNTY_MERGED))
    meta = CatalogMeta(title="某县赋权目录", doc_number="某政发〔2022〕1号", effective=date(2022, 7, 1),
                       region="浙江省衢州市柯城区")
    return read_catalog(data, "county.xlsx", meta)


# --------------------------------------------------------------------------
# xlsx: layout
# --------------------------------------------------------------------------


def test_two_row_header_merged_cells_sections_and_subtotals(county: ParsedCatalog) -> None:
    assert [i.code for i in county.items] == ["SR-001", "SR-002", "SR-003", "GH-001"]
    assert county.stats["rows_read"] == 4
    assert county.stats["rows_rejected"] == 0
    assert county.stats["rows_skipped"] == 3  # two section titles and the subtotal
    assert county.stats["items"] == 4
    items = by_code(county)
    assert items["SR-001"].domain == "市容环卫"
    assert items["GH-001"].domain == "城乡规划"
    # the department cell merged over rows 5-6 fills both
    assert items["SR-002"].department == "县综合行政执法局"
    assert items["GH-001"].department == "县自然资源和规划局"
    assert all(i.power_type is PowerType.PENALTY for i in county.items)
    assert "CATALOG_UNKNOWN_HEADER" not in codes(county)


def test_item_keys_are_catalog_key_and_code(county: ParsedCatalog) -> None:
    assert county.catalog.key == "某政发〔2022〕1号"
    assert county.items[0].key == "某政发〔2022〕1号#SR-001"
    assert len({i.key for i in county.items}) == len(county.items)
    again = read_catalog(xlsx(("乡镇赋权事项", COUNTY_ROWS, COUNTY_MERGED)), "county.xlsx",
                         CatalogMeta(doc_number="某政发〔2022〕1号"))
    assert [i.key for i in again.items] == [i.key for i in county.items]


def test_roles_from_columns_and_several_citations_per_cell(county: ParsedCatalog) -> None:
    items = by_code(county)
    sr1 = [(b.role, b.citation, b.status) for b in items["SR-001"].basis]
    assert sr1 == [
        (BasisRole.VIOLATED, f"{SR}第十七条第一款", Resolution.UNPARSED),
        (BasisRole.PENALTY, f"{SR}第三十四条第（二）项", Resolution.UNPARSED),
    ]
    sr3 = [(b.role.value, b.citation) for b in items["SR-003"].basis]
    assert sr3 == [
        ("违则", "《城市道路管理条例》第二十七条第（一）项"),
        ("违则", "《城市道路管理条例》第二十七条第（四）项"),
        ("罚则", "《城市道路管理条例》第四十二条"),
        ("罚则", "《城市道路管理条例》第四十三条"),
    ]
    gh = [(b.role.value, b.citation) for b in items["GH-001"].basis]
    assert ("违则", f"{GH}第四十条") in gh and ("罚则", f"{GH}第六十四条") in gh
    assert all(b.provision is None and not b.reason for i in county.items for b in i.basis)
    assert county.stats["cells_with_basis"] == 8
    assert county.stats["cells_parsed"] == 8
    assert county.stats["citations_found"] == 11


def test_townships_holdings_and_scope_notes(county: ParsedCatalog) -> None:
    items = by_code(county)
    assert items["SR-001"].townships == ("甲镇", "乙镇")
    assert items["SR-002"].townships == ("甲镇", "乙镇")  # split on a line break
    assert items["SR-003"].townships == ("甲镇",)
    assert {t.key for t in county.townships} == {"甲镇", "乙镇"}
    assert len(county.holdings) == 7
    h = next(h for h in county.holdings if h.item == items["SR-002"].key and h.township == "乙镇")
    assert h.source is AuthoritySource.DELEGATED
    assert h.valid_from == date(2022, 7, 1)
    assert h.catalog == county.catalog.key
    assert h.scope_note == "限于城管职权范围内"  # from the parenthesis in the name
    assert h.provenance is not None and h.provenance.row == 6
    assert items["SR-003"].scope_note == "限于城区范围内"  # from the 备注 column
    assert items["SR-001"].scope_note is None
    assert {d.key for d in county.departments} == {"县综合行政执法局", "县自然资源和规划局"}
    assert county.departments[0].region == "浙江省衢州市柯城区"


def test_source_refs_name_sheet_and_row(county: ParsedCatalog) -> None:
    item = by_code(county)["GH-001"]
    assert (item.source.file, item.source.sheet, item.source.row) == ("county.xlsx", "乡镇赋权事项", 10)


def test_header_found_below_title_rows_and_unknown_headers_reported() -> None:
    rows = [
        ["附件1"],
        [],
        ["某县赋权事项清单"],
        ["（2022年版）"],
        ["序号", "事项名称", "设定依据", "行政相对人类型", "主管部门"],
        [1, "对乱扔果皮的处罚", f"{SR}第三十二条、第三十四条第（一）项", "自然人", "县执法局"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "list.xlsx")
    assert [i.name for i in parsed.items] == ["对乱扔果皮的处罚"]
    unknown = diag(parsed, "CATALOG_UNKNOWN_HEADER")
    assert len(unknown) == 1 and unknown[0].severity == "warning"
    assert "D列“行政相对人类型”" in unknown[0].message and unknown[0].sheet == "Sheet1" and unknown[0].line == 5
    item = parsed.items[0]
    assert [(b.role, b.citation) for b in item.basis] == [
        (BasisRole.SETTING, f"{SR}第三十二条"),
        (BasisRole.SETTING, f"{SR}第三十四条第（一）项"),
    ]
    assert parsed.catalog.title == "某县赋权事项清单"  # the first single-value row above the header
    assert "CATALOG_NO_TOWNSHIPS" in codes(parsed)


def test_labelled_basis_cell_gives_roles() -> None:
    rows = [
        ["事项名称", "法律依据", "实施部门"],
        ["对露天烧烤的处罚",
         "违则：《中华人民共和国大气污染防治法》第八十一条第三款；罚则：《中华人民共和国大气污染防治法》第一百一十八条第三款",
         "县执法局"],
        ["对擅自占用城市绿化用地的处罚",
         "【违则】《城市绿化条例》第十九条【罚则】《城市绿化条例》第二十七条", "县执法局"],
        ["对乱扔废弃物的处罚", f"{SR}第三十四条", "县执法局"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    roles = [[(b.role.value, b.citation) for b in i.basis] for i in parsed.items]
    assert roles[0] == [("违则", "《中华人民共和国大气污染防治法》第八十一条第三款"),
                        ("罚则", "《中华人民共和国大气污染防治法》第一百一十八条第三款")]
    assert roles[1] == [("违则", "《城市绿化条例》第十九条"), ("罚则", "《城市绿化条例》第二十七条")]
    assert roles[2] == [("设定依据", f"{SR}第三十四条")]


def test_basis_cell_without_citation_and_empty_basis() -> None:
    rows = [
        ["事项名称", "处罚依据", "主管部门"],
        ["对违规停放共享单车的处罚", "依据有关法律法规规定", "县执法局"],
        ["对无依据事项的处罚", None, "县执法局"],
        ["对内部引用的处罚", "依照本条例第三十四条", "县执法局"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    a, b, c = parsed.items
    assert len(a.basis) == 1 and a.basis[0].status is Resolution.UNPARSED
    assert a.basis[0].citation == "依据有关法律法规规定" and "未能" in a.basis[0].reason
    assert b.basis[0].status is Resolution.NO_BASIS and b.basis[0].reason == "本行法律依据栏为空"
    assert c.basis[0].status is Resolution.UNPARSED and "本法/本条例" in c.basis[0].reason
    assert parsed.stats["cells_with_basis"] == 2 and parsed.stats["cells_parsed"] == 1


def test_statute_column_supplies_the_title() -> None:
    rows = [
        ["法规规章", "违法行为", "设定依据"],
        ["《城市绿化条例》", "损坏城市树木花草", "第二十条第一款：…… 第二十六条：违反本条例规定……"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    assert [b.citation for b in parsed.items[0].basis] == ["《城市绿化条例》第二十条第一款", "《城市绿化条例》第二十六条"]


def test_row_without_name_rejected_with_its_row_number() -> None:
    rows = [
        ["序号", "事项名称", "法律依据", "实施部门"],
        [1, "对乱扔果皮的处罚", f"{SR}第三十四条", "县执法局"],
        [2, None, f"{SR}第三十六条", "县执法局"],
        [3, "对乱贴的处罚", f"{SR}第三十四条", "县执法局"],
    ]
    parsed = read_catalog(xlsx(("清单", rows, [])), "x.xlsx")
    assert [i.name for i in parsed.items] == ["对乱扔果皮的处罚", "对乱贴的处罚"]
    rejected = diag(parsed, "CATALOG_ROW_NO_NAME")
    assert len(rejected) == 1
    d = rejected[0]
    assert (d.line, d.sheet, d.severity, d.source) == (3, "清单", "error", "x.xlsx")
    assert parsed.stats["rows_rejected"] == 1 and parsed.stats["rows_read"] == 3
    # without codes, keys use the row number
    assert [i.key for i in parsed.items] == ["x#2", "x#4"]


def test_long_cell_truncated_with_warning_row_kept() -> None:
    long_note = "限于" + "很" * 25_000
    rows = [["事项名称", "备注", "主管部门"], ["对乱扔果皮的处罚", long_note, "县执法局"]]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    assert len(parsed.items) == 1
    assert parsed.items[0].scope_note is not None and len(parsed.items[0].scope_note) == 20_000
    warn = diag(parsed, "CATALOG_CELL_TOO_LONG")
    assert len(warn) == 1 and warn[0].severity == "warning" and warn[0].line == 2 and "备注" in warn[0].message


def test_conflicting_departments_warned_both_rows_kept() -> None:
    rows = [
        ["事项编码", "事项名称", "主管部门"],
        ["A-1", "对擅自砍伐城市树木的处罚", "县执法局"],
        ["A-1", "对擅自砍伐城市树木的处罚", "县住建局"],
        ["B-1", "对损坏绿化设施的处罚", "县执法局"],
        ["B-2", "对损坏绿化设施的处罚", "县执法局"],
        ["C-1", "对占用绿地的处罚", "县执法局"],
        ["C-2", "对占用绿地的处罚", "县自然资源局"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    assert len(parsed.items) == 6
    assert len({i.key for i in parsed.items}) == 6
    conflicts = diag(parsed, "CATALOG_CONFLICTING_DEPARTMENT")
    assert [d.line for d in conflicts] == [3, 7]
    assert all(d.severity == "warning" for d in conflicts)
    assert "第2行" in conflicts[0].message and "第3行" in conflicts[0].message
    assert "县执法局" in conflicts[0].message and "县住建局" in conflicts[0].message
    assert "CATALOG_DUPLICATE_CODE" in codes(parsed)
    assert parsed.items[1].key == "x#A-1@3"


def test_several_sheets_power_types_and_a_sheet_that_is_not_a_catalog() -> None:
    penalty = [["事项名称", "法律依据"], ["对乱扔果皮的处罚", f"{SR}第三十四条"]]
    approval = [["审批事项清单"], ["事项名称", "实施依据"], ["城市道路占用许可", "《城市道路管理条例》第三十一条"]]
    coop = [["事项名称", "实施部门"], ["配合查处违法建设", "县自然资源局"]]
    notes = [["填表说明：本表由县司法局汇总。"], ["联系人：张三"]]
    typed = [["事项名称", "职权类型"], ["对违法建设的查封", "行政强制"], ["巡查违法建设", "行政检查"]]
    data = xlsx(("行政处罚", penalty, []), ("一览", approval, []), ("配合事项清单", coop, []),
                ("说明", notes, []), ("其他", typed, []))
    parsed = read_catalog(data, "three.xlsx", CatalogMeta(townships=["甲镇"]))
    types = {i.name: i.power_type for i in parsed.items}
    assert types == {
        "对乱扔果皮的处罚": PowerType.PENALTY,
        "城市道路占用许可": PowerType.LICENSING,  # from the sheet title
        "配合查处违法建设": PowerType.COOPERATION,  # from the sheet name
        "对违法建设的查封": PowerType.COERCION,  # from the 职权类型 column
        "巡查违法建设": PowerType.INSPECTION,
    }
    wrong = diag(parsed, "CATALOG_WRONG_SHEET")
    assert len(wrong) == 1 and wrong[0].sheet == "说明" and wrong[0].severity == "warning"
    assert "CATALOG_NO_HEADER" not in codes(parsed)
    # several sheets: row keys carry the sheet
    assert parsed.items[0].key == "three#行政处罚!2"
    assert parsed.stats["sheets"] == 4
    assert len(parsed.holdings) == 5  # townships from the metadata


def test_section_title_can_set_the_power_type() -> None:
    rows = [
        ["序号", "事项名称", "主管部门"],
        ["一、行政处罚（1项）", None, None],
        [1, "对乱扔果皮的处罚", "县执法局"],
        ["二、行政检查事项（1项）", None, None],
        [2, "对市容环境卫生的检查", "县执法局"],
        ["三、市场监管（1项）", None, None],
        [3, "对无照经营的处罚", "县市场监管局"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, ["A2:C2", "A4:C4", "A6:C6"])), "x.xlsx")
    got = [(i.name, i.power_type, i.domain) for i in parsed.items]
    assert got == [
        ("对乱扔果皮的处罚", PowerType.PENALTY, None),
        ("对市容环境卫生的检查", PowerType.INSPECTION, None),
        ("对无照经营的处罚", PowerType.INSPECTION, "市场监管"),  # 市场监管 is a domain, not a power type
    ]


def test_no_header_is_an_error_naming_the_sheet() -> None:
    rows = [["某县2022年工作总结"], ["今年完成了很多工作。"], ["明年继续努力。"]]
    parsed = read_catalog(xlsx(("总结", rows, [])), "summary.xlsx")
    assert parsed.items == []
    errs = diag(parsed, "CATALOG_NO_HEADER")
    assert len(errs) == 1 and errs[0].sheet == "总结" and errs[0].severity == "error"


def test_metadata_defaults_for_missing_columns() -> None:
    rows = [["事项名称", "法律依据"], ["对乱扔果皮的处罚", f"{SR}第三十四条"]]
    meta = CatalogMeta(department="县综合行政执法局", townships=["甲镇", "乙镇"], domain="市容环卫",
                       authority="委托", effective=date(2023, 1, 1))
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx", meta)
    item = parsed.items[0]
    assert item.department == "县综合行政执法局" and item.townships == ("甲镇", "乙镇") and item.domain == "市容环卫"
    assert {h.source for h in parsed.holdings} == {AuthoritySource.ENTRUSTED}
    assert parsed.catalog.authority is AuthoritySource.ENTRUSTED
    assert not {"CATALOG_NO_TOWNSHIPS", "CATALOG_NO_DEPARTMENT"} & codes(parsed)


def test_generic_township_cell_uses_metadata_and_row_authority_from_note() -> None:
    rows = [
        ["事项名称", "承接乡镇", "行使方式", "主管部门"],
        ["对乱扔果皮的处罚", "各乡镇（街道）", "委托", "县执法局"],
        ["对乱贴的处罚", "全县各乡镇", None, "县执法局"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx", CatalogMeta(townships=["甲镇", "乙街道办事处"]))
    first, second = parsed.items
    assert first.townships == ("甲镇", "乙街道办事处") and first.scope_note is None
    assert {h.source for h in parsed.holdings if h.item == first.key} == {AuthoritySource.ENTRUSTED}
    assert {h.source for h in parsed.holdings if h.item == second.key} == {AuthoritySource.DELEGATED}
    bare = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    assert "CATALOG_TOWNSHIPS_UNSPECIFIED" in codes(bare) and bare.holdings == []


def test_discretion_rows_merged_under_one_item() -> None:
    rows = [
        ["序号", "违法行为", "处罚依据", "处罚种类及幅度", "裁量阶次", "适用条件", "处罚标准"],
        [1, "占用城市道路堆放物料", "《城市道路管理条例》第四十二条", "处2万元以下罚款", "情节较轻", "第一次被处罚的", "处二千元罚款"],
        [None, None, None, None, "情节较重", "第二次被处罚的", "处一万元罚款"],
        [None, None, None, None, "情节严重", "第三次及以上被处罚的", "处二万元罚款"],
        [2, "损坏城市树木花草", "《城市绿化条例》第二十六条", "可以并处罚款", "一般", "首次", "处五百元罚款"],
    ]
    parsed = read_catalog(xlsx(("裁量基准", rows, ["A2:A4", "B2:B4", "C2:C4", "D2:D4"])), "d.xlsx")
    assert parsed.catalog.kind == "裁量基准"
    assert [i.name for i in parsed.items] == ["占用城市道路堆放物料", "损坏城市树木花草"]
    rules = parsed.items[0].discretion
    assert [(r.group, r.order, r.tier, r.standard) for r in rules] == [
        (1, 1, "情节较轻", "处二千元罚款"), (1, 2, "情节较重", "处一万元罚款"), (1, 3, "情节严重", "处二万元罚款"),
    ]
    assert rules[0].range_text == "处2万元以下罚款"
    assert len(parsed.items[1].discretion) == 1


def test_repeated_header_rows_are_skipped() -> None:
    rows = [
        ["事项名称", "主管部门"],
        ["对乱扔果皮的处罚", "县执法局"],
        ["事项名称", "主管部门"],
        ["对乱贴的处罚", "县执法局"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    assert [i.name for i in parsed.items] == ["对乱扔果皮的处罚", "对乱贴的处罚"]


# --------------------------------------------------------------------------
# guards: not a spreadsheet, zip bomb, empty
# --------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "code", "words"),
    [
        (b"", "empty.xlsx", "CATALOG_EMPTY", "为空"),
        (b"   \n", "empty.csv", "CATALOG_EMPTY", "为空"),
        (b"this is not excel", "fake.xlsx", "CATALOG_NOT_A_SPREADSHEET", "不是 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "renamed_doc.xlsx", "CATALOG_NOT_A_SPREADSHEET", ".doc"),
        (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}), "report.xlsx",
         "CATALOG_NOT_A_SPREADSHEET", "Word"),
        (b"PK\x03\x04" + b"\0" * 40, "broken.xlsx", "CATALOG_NOT_A_SPREADSHEET", "ZIP"),
        (_zip({"xl/workbook.xml": b"<" + b"a" * (3 * 1024 * 1024)}), "bomb.xlsx", "CATALOG_ZIP_BOMB", "压缩比"),
        (b"<html><body><table><tr><td>\xe4\xba\x8b</td></tr></table>", "export.xls", "CATALOG_NOT_A_SPREADSHEET", "HTML"),
        (b"[1, 2", "bad.json", "CATALOG_BAD_JSON", "JSON"),
        (b'{"a": 1}', "odd.json", "CATALOG_UNKNOWN_JSON", "JSON"),
    ],
)
def test_bad_files_give_one_clear_error(data: bytes, filename: str, code: str, words: str) -> None:
    parsed = read_catalog(data, filename)
    assert parsed.items == [] and parsed.holdings == []
    errors = [d for d in parsed.diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == [code]
    assert words in errors[0].message and errors[0].source == filename
    # no English words from the libraries underneath (json's "Expecting value" was one)
    assert not re.search(r"\b(?:Expecting|Expected|found|marker|Error|Traceback|line|column)\b",
                         errors[0].message), errors[0].message


def test_zip_bomb_by_total_size(monkeypatch: pytest.MonkeyPatch) -> None:
    data = xlsx(("Sheet1", [["事项名称"], ["对乱扔果皮的处罚"]], []))
    monkeypatch.setattr(catalogs.readers, "MAX_UNCOMPRESSED", 1000)
    parsed = read_catalog(data, "big.xlsx")
    assert codes(parsed) == {"CATALOG_ZIP_BOMB"} and parsed.items == []


def test_workbook_with_no_cells_is_empty() -> None:
    parsed = read_catalog(xlsx(("Sheet1", [], [])), "blank.xlsx")
    assert "CATALOG_EMPTY" in codes(parsed)


# --------------------------------------------------------------------------
# xls (through the xlrd sheet interface) and csv
# --------------------------------------------------------------------------


class FakeXlrdSheet:
    """The part of xlrd's Sheet that the reader uses (no .xls writer is installed to make a real file)."""

    def __init__(self, name: str, rows: list[list[Any]], merged: list[tuple[int, int, int, int]]) -> None:
        self.name = name
        self._rows = rows
        self.nrows = len(rows)
        self.ncols = max(len(r) for r in rows)
        self.merged_cells = merged

    def cell_type(self, r: int, c: int) -> int:
        import xlrd

        v = self.cell_value(r, c)
        return xlrd.XL_CELL_EMPTY if v == "" else (xlrd.XL_CELL_NUMBER if isinstance(v, float) else xlrd.XL_CELL_TEXT)

    def cell_value(self, r: int, c: int) -> Any:
        row = self._rows[r]
        return row[c] if c < len(row) else ""


def test_xls_sheet_merged_ranges_expand() -> None:
    sheet = FakeXlrdSheet("Sheet1", [
        ["序号", "事项名称", "主管部门"],
        [1.0, "对乱扔果皮的处罚", "县执法局"],
        [2.0, "对乱贴的处罚", ""],
    ], merged=[(1, 3, 2, 3)])  # xlrd: rlo, rhi, clo, chi with exclusive upper bounds
    grid = xlrd_sheet_to_grid(sheet)
    assert grid.rows[2] == (3, ["2", "对乱贴的处罚", "县执法局"])


def test_real_xls_bytes_are_not_available_so_ole_junk_is_rejected() -> None:
    parsed = read_catalog(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "old.xls")
    assert codes(parsed) == {"CATALOG_NOT_A_SPREADSHEET"}


CSV_TEXT = "序号,事项名称,法律依据,主管部门,承接乡镇\n1,对乱扔果皮的处罚,《城市市容和环境卫生管理条例》第三十四条第（一）项,县执法局,甲镇、乙镇\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(encoding: str) -> None:
    parsed = read_catalog(CSV_TEXT.encode(encoding), "list.csv")
    assert [i.name for i in parsed.items] == ["对乱扔果皮的处罚"]
    assert parsed.items[0].townships == ("甲镇", "乙镇")
    assert parsed.items[0].basis[0].citation == f"{SR}第三十四条第（一）项"
    assert not [d for d in parsed.diagnostics if d.severity == "error"]


def test_csv_with_semicolons_and_tabs() -> None:
    for sep in (";", "\t"):
        text = CSV_TEXT.replace(",", sep)
        parsed = read_catalog(text.encode("gbk"), "list.csv")
        assert [i.name for i in parsed.items] == ["对乱扔果皮的处罚"], sep


def test_decode_text_detects_gbk_without_bom() -> None:
    text, enc = decode_text("事项名称,主管部门\n对乱扔果皮的处罚,县综合行政执法局\n".encode("gbk"))
    assert enc == "gb18030" and "综合行政执法局" in text


def test_csv_decoding_is_the_statute_files_policy() -> None:
    """UTF-16 (what Excel's 'Unicode text' saves) reads; binary bytes are one clear error, not garbage rows."""
    csv_text = "事项名称,主管部门\n对乱扔果皮的处罚,县综合行政执法局\n"
    parsed = read_catalog(csv_text.encode("utf-16"), "u16.csv")
    assert [i.name for i in parsed.items] == ["对乱扔果皮的处罚"]
    broken = read_catalog(b"\x00\x01\x02\x03binary\x00\x00\xff" * 20, "bin.csv")
    assert broken.items == []
    assert [d.code for d in broken.diagnostics if d.severity == "error"] == ["DECODE_BINARY"]
    assert "不是文本" in broken.diagnostics[0].message


# --------------------------------------------------------------------------
# sidecar metadata
# --------------------------------------------------------------------------


def test_load_sidecar(tmp_path: Path) -> None:
    p = tmp_path / "x.meta.yaml"
    p.write_text(
        "title: 某县赋权目录\nissuer: 某县人民政府\ndoc_number: 某政发〔2022〕1号\npublished: 2022-06-20\n"
        "effective: 2022-07-01\nregion: 浙江省衢州市柯城区\nauthority: 赋权\ntownships: [甲镇, 乙镇]\n"
        "county_reserved: [责令停产停业]\n", encoding="utf-8")
    m = load_sidecar(p)
    assert m.effective == date(2022, 7, 1) and m.published == date(2022, 6, 20)
    assert m.townships == ["甲镇", "乙镇"] and m.county_reserved == ["责令停产停业"]
    assert CatalogMeta().county_reserved == ["责令停产停业", "吊销许可证件", "较大数额罚款"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("effective: 2022年7月1日", "ISO 日期"),
        ("authority: 法定", "赋权"),
        ("power_type: 处罚", "power_type"),
        ("titel: x", "不认识的字段"),
        ("townships: {a: 1}", "文字列表"),
        ("- a\n- b", "映射"),
        ("published: 2022-07-02\neffective: 2022-07-01", "早于"),
        ("title: [", "YAML"),
    ],
)
def test_sidecar_errors_are_chinese(text: str, words: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_sidecar(text, "bad.meta.yaml")
    assert words in exc.value.message and "bad.meta.yaml" in exc.value.message
    assert exc.value.code == "CATALOG_META_INVALID"


def test_missing_sidecar_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        load_sidecar(tmp_path / "none.meta.yaml")


# --------------------------------------------------------------------------
# the two real JSON catalogs
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shenzhen() -> ParsedCatalog:
    return read_catalog(SHENZHEN.read_bytes(), SHENZHEN.name)


@pytest.fixture(scope="module")
def longhua() -> ParsedCatalog:
    return read_catalog(LONGHUA.read_bytes(), LONGHUA.name)


@needs_corpus
def test_shenzhen_catalog_metadata_and_items(shenzhen: ParsedCatalog) -> None:
    c = shenzhen.catalog
    assert (c.key, c.kind, c.effective, c.published) == ("深城管规〔2023〕2号", "裁量基准", date(2023, 12, 15),
                                                       date(2023, 11, 23))
    assert c.title == "深圳市城市管理行政处罚裁量权实施标准（2023年版）"
    assert c.issuer == "深圳市城市管理和综合执法局"
    assert len(shenzhen.items) == 75 and shenzhen.stats["rows_read"] == 75 and shenzhen.stats["rows_rejected"] == 0
    assert shenzhen.items[0].key == "深城管规〔2023〕2号#sz_cg_2023_001"
    assert sum(len(i.discretion) for i in shenzhen.items) == 234
    assert [d for d in shenzhen.diagnostics if d.severity == "error"] == []


def _article(citation: str) -> str:
    m = re.match(r"《.*?》第.+?条(?:之.)?", citation)
    assert m, citation
    return m.group()


@needs_corpus
def test_shenzhen_penalty_links_from_structured_basis(shenzhen: ParsedCatalog) -> None:
    penalties = [b for i in shenzhen.items for b in i.basis if b.role is BasisRole.PENALTY]
    assert len(penalties) == 83
    first = shenzhen.items[0]
    assert [(b.role.value, b.citation) for b in first.basis] == [
        ("罚则", "《深圳经济特区市容和环境卫生管理条例》第十三条第二款"),
        ("违则", "《深圳经济特区市容和环境卫生管理条例》第十一条"),  # 本条例第十一条 in the 罚则 text
    ]
    row74 = next(i for i in shenzhen.items if i.source.row == 74)
    assert [(b.role.value, b.citation) for b in row74.basis] == [
        ("罚则", "《深圳市城市照明管理办法》第四十一条第（四）项"),
        ("违则", "《深圳市城市照明管理办法》第二十六条第一款"),
    ]
    # the 罚则 article is never also a 违则
    for item in shenzhen.items:
        pen = {_article(b.citation) for b in item.basis if b.role is BasisRole.PENALTY}
        vio = {_article(b.citation) for b in item.basis if b.role is BasisRole.VIOLATED}
        assert not pen & vio, item.key


@needs_corpus
def test_shenzhen_basis_cells_parsed_share(shenzhen: ParsedCatalog) -> None:
    s = shenzhen.stats
    assert s["cells_with_basis"] == 75
    assert s["cells_parsed"] / s["cells_with_basis"] >= 0.98
    assert s["citations_found"] >= 180
    # every structured 罚则 article is also found by the citation grammar in the 设定依据 text
    from ingest.citations import parse_citations

    doc = json.loads(SHENZHEN.read_text(encoding="utf-8"))
    found = total = 0
    for rec in doc["items"]:
        arts = {c.article for c in parse_citations(rec["设定依据"])}
        for e in rec["检索元数据"]["处罚依据"]:
            total += 1
            found += int(e["article"]) in arts
    assert total == 83 and found == 83


@needs_corpus
def test_longhua_catalog(longhua: ParsedCatalog) -> None:
    assert longhua.catalog.key == "longhua_subdistrict_penalty_items"
    assert longhua.catalog.title == "longhua_subdistrict_penalty_items"
    assert len(longhua.items) == 296 and longhua.stats["rows_rejected"] == 0
    assert len(longhua.townships) == 6 and all(t.key.endswith("街道办事处") for t in longhua.townships)
    assert len(longhua.departments) == 6
    assert len(longhua.holdings) == 296 * 6
    depts: dict[str, int] = {}
    for i in longhua.items:
        depts[i.department or ""] = depts.get(i.department or "", 0) + 1
    assert depts["深圳市龙华区城市管理和综合执法局"] == 194
    # no basis column: one NO_BASIS link per item
    assert all(len(i.basis) == 1 and i.basis[0].status is Resolution.NO_BASIS for i in longhua.items)
    assert longhua.stats["cells_with_basis"] == 0
    assert {d.code for d in longhua.diagnostics} <= {"CATALOG_NO_TOWNSHIPS", "CATALOG_REGION_INFERRED"}
    # no metadata: the region is read from the departments' names, and says so
    assert longhua.catalog.region == "深圳市龙华区"
    assert longhua.catalog.region_basis == "推定自：深圳市龙华区城市管理和综合执法局"
    assert {t.region for t in longhua.townships} == {"深圳市龙华区"}


@needs_corpus
def test_longhua_scope_notes_from_remarks_and_names(longhua: ParsedCatalog) -> None:
    notes = [i.scope_note for i in longhua.items]
    assert notes.count("限于林业主管部门职权范围内") == 16
    assert notes.count("限于城管职权范围内") == 11
    assert notes.count("限于水务工程") == 2  # from （限于水务工程） in the name
    assert "因教学、科研和其他特殊需要饲养的除外" in notes
    assert any(n and "吊销燃气经营许可证除外" in n for n in notes)
    scoped = [i for i in longhua.items if i.scope_note]
    h = next(h for h in longhua.holdings if h.item == scoped[0].key)
    assert h.scope_note == scoped[0].scope_note


@needs_corpus
def test_json_keys_stable_across_reads(longhua: ParsedCatalog) -> None:
    again = read_catalog(LONGHUA.read_bytes(), LONGHUA.name)
    assert [i.key for i in again.items] == [i.key for i in longhua.items]
    assert longhua.items[0].key == "longhua_subdistrict_penalty_items#1"


def test_json_array_with_chinese_headers_reads_as_table() -> None:
    data = json.dumps([{"事项名称": "对乱扔果皮的处罚", "法律依据": f"{SR}第三十四条", "主管部门": "县执法局"}],
                      ensure_ascii=False).encode("utf-8")
    parsed = read_catalog(data, "items.json")
    assert [(i.name, i.department, i.basis[0].citation) for i in parsed.items] == [
        ("对乱扔果皮的处罚", "县执法局", f"{SR}第三十四条")]


# --------------------------------------------------------------------------
# the demo catalog
# --------------------------------------------------------------------------


def _demo_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_demo_catalog", DEMO / "make_demo_catalog.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_demo_catalog_is_reproducible_and_reads_cleanly() -> None:
    mod = _demo_module()
    built = mod.build()
    path = DEMO / "catalogs" / "kecheng_demo_delegation_2022.xlsx"
    assert path.read_bytes() == built, "run python3 demo/make_demo_catalog.py"
    meta = load_sidecar(path.with_name(path.stem + ".meta.yaml"))
    parsed = read_catalog(built, path.name, meta)
    assert len(parsed.items) == 29
    assert {i.domain for i in parsed.items} == {"市容环卫", "城乡规划", "环保", "市场监管", "农业"}
    assert parsed.catalog.region == "浙江省衢州市柯城区" and parsed.catalog.effective == date(2022, 7, 1)
    assert {t.key for t in parsed.townships} == {"石梁镇", "航埠镇"}
    no_dept = [i.code for i in parsed.items if i.department is None]
    assert no_dept == ["KC-SR-013"]
    assert [d.code for d in parsed.diagnostics] == ["CATALOG_ROW_NO_DEPARTMENT"]
    assert parsed.stats["cells_parsed"] == parsed.stats["cells_with_basis"] == 58



def test_unknown_sub_header_under_a_group() -> None:
    rows = [
        ["事项名称", "法律依据", None, "实施主体", None],
        [None, "条款", "罚则", "原实施部门", "承接单位"],
        ["对乱扔果皮的处罚", f"{SR}第三十二条", f"{SR}第三十四条", "县执法局", "甲镇"],
    ]
    parsed = read_catalog(xlsx(("Sheet1", rows, ["A1:A2", "B1:C1", "D1:E1"])), "x.xlsx")
    item = parsed.items[0]
    # 条款 has no sibling naming 法律依据, so it is the group's basis column
    assert [(b.role.value, b.citation) for b in item.basis] == [("罚则", f"{SR}第三十四条"), ("设定依据", f"{SR}第三十二条")]
    assert item.department == "县执法局" and item.townships == ()
    # 承接单位 would be a second department column: reported, not guessed
    unknown = diag(parsed, "CATALOG_UNKNOWN_HEADER")
    assert len(unknown) == 1 and "E列“实施主体/承接单位”" in unknown[0].message


def test_title_without_article_says_so() -> None:
    rows = [["事项名称", "法律依据"], ["对乱扔果皮的处罚", "《城市市容和环境卫生管理条例》"]]
    parsed = read_catalog(xlsx(("Sheet1", rows, [])), "x.xlsx")
    link = parsed.items[0].basis[0]
    assert link.status is Resolution.UNPARSED and link.reason == "只写明了《城市市容和环境卫生管理条例》，未写明第几条"


def test_catalog_meta_from_cli_options() -> None:
    m = CatalogMeta(published="2022-06-20", effective="2022-07-01", townships=["甲镇 ", "乙镇"], authority="委托",
                    title="  某县目录 ")
    assert (m.published, m.effective, m.townships, m.authority, m.title) == (
        date(2022, 6, 20), date(2022, 7, 1), ["甲镇", "乙镇"], "委托", "某县目录")
    with pytest.raises(InvalidInput) as exc:
        CatalogMeta(effective="2022/07/01")
    assert "ISO 日期" in exc.value.message
    # what the pipeline writes next to a stored catalog reads back the same
    from dataclasses import asdict

    import yaml

    raw = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(m).items()}
    assert parse_sidecar(yaml.safe_dump(raw, allow_unicode=True)) == m


def test_a_workbook_with_a_bad_crc_gets_a_chinese_error() -> None:
    data = bytearray(xlsx(("Sheet1", [["事项名称"], ["对乱扔果皮的处罚"]], [])))
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # the central directory's CRC of the sheet, which zipfile checks on reading
        if bytes(data[at + 46: at + 46 + len(name)]) == name:
            data[at + 16] ^= 0xFF
        at = data.find(b"PK\x01\x02", at + 4)
    parsed = read_catalog(bytes(data), "crc.xlsx")
    errors = [d for d in parsed.diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == ["CATALOG_NOT_A_SPREADSHEET"]
    assert "损坏" in errors[0].message and "sheet1.xml" in errors[0].message
    assert "Bad CRC" not in errors[0].message and "BadZipFile" not in errors[0].message
