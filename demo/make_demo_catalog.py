"""Build the demo delegation catalog ``demo/catalogs/kecheng_demo_delegation_2022.xlsx``.

A constructed example, not an official document (see demo/catalogs/SOURCES.md):
29 penalty items of a fictional 柯城区 delegation to two towns, citing real
national statutes of ../shared/corpus/laws, laid out the way county catalogs
are (title row, two-row merged header, section-title rows per domain, a
subtotal row).  Three rows are wrong on purpose, for the planner's audit:

- KC-SR-005 cites 《城市市容和环境卫生管理条例》第四十六条 (the regulation has 45 articles);
- KC-SR-012 cites 《城市建筑垃圾管理规定》, which is not in the statute corpus;
- KC-SR-013 has no department.

The output is byte-for-byte deterministic: zip timestamps and document
properties are fixed.  Run: ``python3 demo/make_demo_catalog.py``.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent / "catalogs" / "kecheng_demo_delegation_2022.xlsx"
FIXED = datetime(2022, 6, 20, 9, 0, 0)

TITLE = "柯城区乡镇综合行政执法赋权事项目录（演示）"
TOWNS = "石梁镇、航埠镇"

ZF = "柯城区综合行政执法局"
GH = "衢州市自然资源和规划局柯城分局"
HB = "衢州市生态环境局柯城分局"
SJ = "柯城区市场监督管理局"
NY = "柯城区农业农村局"

SR = "《城市市容和环境卫生管理条例》"
DL = "《城市道路管理条例》"
GF = "《中华人民共和国固体废物污染环境防治法》"
LH = "《城市绿化条例》"
GH_LAW = "《中华人民共和国城乡规划法》"
DQ = "《中华人民共和国大气污染防治法》"
ZS = "《中华人民共和国噪声污染防治法》"

# (code, name, 违则, 罚则, department, townships, 备注)
SECTIONS: list[tuple[str, list[tuple[str, str, str, str, str, str, str]]]] = [
    ("市容环卫", [
        ("KC-SR-001", "对在城市建筑物、设施以及树木上涂写、刻画的行政处罚",
         f"{SR}第十七条第一款", f"{SR}第三十四条第（二）项", ZF, TOWNS, ""),
        ("KC-SR-002", "对未经批准在城市建筑物、设施上张挂、张贴宣传品的行政处罚",
         f"{SR}第十七条第二款", f"{SR}第三十四条第（二）项", ZF, TOWNS, ""),
        ("KC-SR-003", "对运输液体、散装货物不作密封、包扎、覆盖，造成泄漏、遗撒的行政处罚",
         f"{SR}第十五条", f"{SR}第三十四条第（六）项", ZF, TOWNS, ""),
        ("KC-SR-004", "对临街工地不设置护栏或者不作遮挡，影响市容和环境卫生的行政处罚",
         f"{SR}第十六条", f"{SR}第三十四条第（七）项", ZF, TOWNS, ""),
        # deliberately wrong: the regulation ends at art. 45 (the right 罚则 is art. 36 (3))
        ("KC-SR-005", "对未经批准擅自拆除环境卫生设施的行政处罚",
         f"{SR}第二十二条", f"{SR}第四十六条第（三）项", ZF, TOWNS, ""),
        ("KC-SR-006", "对未经批准擅自在街道两侧和公共场地堆放物料，搭建建筑物、构筑物或者其他设施的行政处罚",
         f"{SR}第十四条", f"{SR}第三十六条第（二）项", ZF, TOWNS, "限于城管职权范围内"),
        ("KC-SR-007", "对擅自占用或者挖掘城市道路的行政处罚",
         f"{DL}第二十七条第（一）项", f"{DL}第四十二条", ZF, TOWNS, ""),
        ("KC-SR-008", "对占用城市道路期满后不及时清理现场的行政处罚",
         f"{DL}第三十一条第二款", f"{DL}第四十二条第（三）项", ZF, TOWNS, ""),
        ("KC-SR-009", "对随意倾倒、抛撒、堆放生活垃圾的行政处罚",
         f"{GF}第四十九条第二款", f"{GF}第一百一十一条第一款第（一）项、第二款", ZF, TOWNS, ""),
        ("KC-SR-010", "对未在指定的地点分类投放生活垃圾的行政处罚",
         f"{GF}第四十九条第二款", f"{GF}第一百一十一条第三款", ZF, TOWNS, ""),
        ("KC-SR-011", "对在运输过程中沿途丢弃、遗撒生活垃圾的行政处罚",
         f"{GF}第二十条第一款", f"{GF}第一百一十一条第一款第（七）项", ZF, TOWNS, ""),
        # deliberately outside the corpus: a Ministry of Construction rule (2005) that
        # ../shared/corpus/laws does not hold; article numbers not checked against a text
        ("KC-SR-012", "对随意倾倒、抛撒或者堆放建筑垃圾的行政处罚",
         "《城市建筑垃圾管理规定》第十五条", "《城市建筑垃圾管理规定》第二十六条", ZF, TOWNS, ""),
        # deliberately without department
        ("KC-SR-013", "对损坏城市树木花草的行政处罚",
         f"{LH}第二十条第一款", f"{LH}第二十六条第（一）项", "", TOWNS, ""),
        ("KC-SR-014", "对未经同意擅自占用城市绿化用地的行政处罚",
         f"{LH}第十九条第一款", f"{LH}第二十七条", ZF, "石梁镇", ""),
    ]),
    ("城乡规划", [
        ("KC-GH-001", "对未取得建设工程规划许可证进行建设的行政处罚（限于城镇规划区内）",
         f"{GH_LAW}第四十条第一款", f"{GH_LAW}第六十四条", GH, TOWNS, ""),
        ("KC-GH-002", "对未经批准进行临时建设的行政处罚",
         f"{GH_LAW}第四十四条第一款", f"{GH_LAW}第六十六条第（一）项", GH, TOWNS, ""),
        ("KC-GH-003", "对临时建筑物、构筑物超过批准期限不拆除的行政处罚",
         f"{GH_LAW}第四十四条第二款", f"{GH_LAW}第六十六条第（三）项", GH, TOWNS, ""),
    ]),
    ("环保", [
        ("KC-HB-001", "对在禁止区域内露天焚烧秸秆、落叶等产生烟尘污染的物质的行政处罚",
         f"{DQ}第七十七条", f"{DQ}第一百一十九条第一款", HB, TOWNS, ""),
        ("KC-HB-002", "对在人口集中地区焚烧沥青、油毡、橡胶、塑料、皮革、垃圾等产生有毒有害烟尘和恶臭气体的物质的行政处罚",
         f"{DQ}第八十二条第一款", f"{DQ}第一百一十九条第二款", HB, TOWNS, ""),
        ("KC-HB-003", "对在当地人民政府禁止的区域内露天烧烤食品或者为露天烧烤食品提供场地的行政处罚",
         f"{DQ}第八十一条第三款", f"{DQ}第一百一十八条第三款", ZF, TOWNS, ""),
        ("KC-HB-004", "对餐饮服务业经营者未安装油烟净化设施、超过排放标准排放油烟的行政处罚",
         f"{DQ}第八十一条第一款", f"{DQ}第一百一十八条第一款", ZF, TOWNS, "责令停业整治的除外"),
        ("KC-HB-005", "对在噪声敏感建筑物集中区域使用高音广播喇叭的行政处罚",
         f"{ZS}第六十四条第一款", f"{ZS}第八十二条第（一）项", ZF, TOWNS, ""),
        ("KC-HB-006", "对在商业经营活动中使用高音广播喇叭或者采用其他持续反复发出高噪声的方法进行广告宣传的行政处罚",
         f"{ZS}第六十三条第一款", f"{ZS}第八十一条第（二）项", ZF, TOWNS, ""),
        ("KC-HB-007", "对室内装修活动未按照规定在限定的作业时间内进行造成噪声污染的行政处罚",
         f"{ZS}第六十六条", f"{ZS}第八十二条第（三）项", ZF, TOWNS, ""),
    ]),
    ("市场监管", [
        ("KC-SJ-001", "对从事无照经营的行政处罚",
         "《无证无照经营查处办法》第二条", "《无证无照经营查处办法》第十三条", SJ, TOWNS, ""),
        ("KC-SJ-002", "对未经当事人同意或者请求，向其住宅、交通工具等发送广告的行政处罚",
         "《中华人民共和国广告法》第四十三条第一款", "《中华人民共和国广告法》第六十二条第一款", SJ, TOWNS, ""),
        ("KC-SJ-003", "对销售者在产品中掺杂、掺假，以假充真，以次充好的行政处罚（吊销营业执照的除外）",
         "《中华人民共和国产品质量法》第三十九条", "《中华人民共和国产品质量法》第五十条", SJ, TOWNS, ""),
    ]),
    ("农业", [
        ("KC-NY-001", "对农药使用者使用禁用的农药的行政处罚",
         "《农药管理条例》第三十四条第二款", "《农药管理条例》第六十条第一款第（二）项", NY, TOWNS, ""),
        ("KC-NY-002", "对农药使用者不按照农药的标签标注的使用范围、使用方法和剂量使用农药的行政处罚",
         "《农药管理条例》第三十四条第一款", "《农药管理条例》第六十条第一款第（一）项", NY, TOWNS, ""),
    ]),
]

CN_NUM = "一二三四五六七八九十"


def build() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "赋权事项目录"
    widths = [6, 12, 48, 34, 40, 26, 16, 18]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = w

    ws.append([TITLE] + [None] * 7)
    ws.merge_cells("A1:H1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["序号", "事项编码", "事项名称", "法律依据", None, "实施主体", None, "备注"])
    ws.append([None, None, None, "违则", "罚则", "原实施部门", "承接乡镇", None])
    for col in "ABCH":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    ws.merge_cells("F2:G2")

    seq = 0
    for n, (domain, rows) in enumerate(SECTIONS):
        ws.append([f"{CN_NUM[n]}、{domain}（{len(rows)}项）"] + [None] * 7)
        r = ws.max_row
        ws.merge_cells(f"A{r}:H{r}")
        ws[f"A{r}"].font = Font(bold=True)
        for code, name, violated, penalty, dept, towns, note in rows:
            seq += 1
            ws.append([seq, code, name, violated, penalty, dept or None, towns, note or None])
    ws.append(["合计", None, f"{seq}项", None, None, None, None, None])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")

    wb.properties.creator = "Yiju demo"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Fixed timestamps in the zip entries and in docProps/core.xml, so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", text)
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({sum(len(rows) for _, rows in SECTIONS)} items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
