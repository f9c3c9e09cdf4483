"""The small search corpus of tests/unit: real snippets for an in-memory whoosh index, and the index built from
them (the ``snippet_index`` fixture of tests/conftest.py).

The article texts are cut from shared/corpus/laws (城乡规划法 2019, 城市市容和环境卫生管理条例
2017, 城市道路管理条例 2019, 大气污染防治法 2018, 浙江省城市市容和环境卫生管理条例 2021).  The
2015 version of 城乡规划法 article 64 is the same text under an earlier version key, to test
dating; the catalog item is made up in the shape of a delegation catalog row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from kg.analysis import tokenize
from kg.search import SearchDoc, WhooshIndex

CX = "城乡规划法"
CX_TITLE = "中华人民共和国城乡规划法"
V2019 = f"{CX}@2019-04-23"
V2015 = f"{CX}@2015-04-24"
RS = "城市市容和环境卫生管理条例"
RD = "城市道路管理条例"
DQ = "大气污染防治法"
ZJ = "浙江省城市市容和环境卫生管理条例"

ART_40 = ("第四十条 在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当向城市、"
          "县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程规划许可证。")
ART_41 = ("第四十一条 在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设的，建设单位或者个人应当向乡、镇人民政府"
          "提出申请，由乡、镇人民政府报城市、县人民政府城乡规划主管部门核发乡村建设规划许可证。")
ART_64 = ("第六十四条 未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府城乡规划"
          "主管部门责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的"
          "罚款；无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。")
ART_65 = ("第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，"
          "由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。")
RS_14 = ("第十四条 任何单位和个人都不得在街道两侧和公共场地堆放物料，搭建建筑物、构筑物或者其他设施。因建设等特殊需要，"
         "在街道两侧和公共场地临时堆放物料，搭建非永久性建筑物、构筑物或者其他设施的，必须征得城市人民政府市容环境卫生行政"
         "主管部门同意后，按照有关规定办理审批手续。")
RS_17 = "第十七条 一切单位和个人，都不得在城市建筑物、设施以及树木上涂写、刻画。"
RS_34 = ("第三十四条 有下列行为之一者，城市人民政府市容环境卫生行政主管部门或者其委托的单位除责令其纠正违法行为、采取补救"
         "措施外，可以并处警告、罚款：\n(一)随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物的；\n(二)在城市建筑物、设施以及"
         "树木上涂写、刻画或者未经批准张挂、张贴宣传品等的；\n(六)运输液体、散装货物不作密封、包扎、覆盖，造成泄漏、遗撒的；")
RS_36 = ("第三十六条 有下列行为之一者，由城市人民政府市容环境卫生行政主管部门或者其委托的单位责令其停止违法行为，限期清理、"
         "拆除或者采取其他补救措施，并可处以罚款：\n(二)未经城市人民政府市容环境卫生行政主管部门批准，擅自在街道两侧和"
         "公共场地堆放物料，搭建建筑物、构筑物或者其他设施，影响市容的；")
RD_27 = "第二十七条 城市道路范围内禁止下列行为：\n(一)擅自占用或者挖掘城市道路；"
RD_42 = ("第四十二条 违反本条例第二十七条规定，或者有下列行为之一的，由市政工程行政主管部门或者其他有关部门责令限期改正，"
         "可以处以2万元以下的罚款；造成损失的，应当依法承担赔偿责任：")
DQ_77 = "第七十七条 省、自治区、直辖市人民政府应当划定区域，禁止露天焚烧秸秆、落叶等产生烟尘污染的物质。"
DQ_119 = ("第一百一十九条 违反本法规定，在人口集中地区对树木、花草喷洒剧毒、高毒农药，或者露天焚烧秸秆、落叶等产生烟尘"
          "污染的物质的，由县级以上地方人民政府确定的监督管理部门责令改正，并可以处五百元以上二千元以下的罚款。")
ZJ_16 = ("第十六条 任何单位和个人不得擅自占用城市人行道、桥梁、地下通道以及其他公共场所设摊经营、兜售物品。\n"
         "违反本条第一款规定的，责令改正；拒不改正的，可以处五十元以下罚款。")


def prov(statute: str, title: str, version: str, vfrom: date, art: int, label: str, text: str, *,
         vto: date | None = None, level: str = "法律", region: str | None = None, penalty: bool = False,
         violated: tuple[str, ...] = (), penalized_by: tuple[str, ...] = (), heading: str = "",
         pretokenised: bool = False) -> SearchDoc:
    vkey = f"{statute}@{version}"
    aliases = (statute,) if title != statute else ()
    tokens = tokenize(f"{title} {' '.join(aliases)} {heading} {text}") if pretokenised else None
    return SearchDoc(
        kind="provision", doc_id=f"{vkey}/art_{art}", statute_key=statute, statute_title=title, aliases=aliases,
        level=level, region=region, version_key=vkey, valid_from=vfrom, valid_to=vto, article_label=label,
        heading=heading, text=text, tokens=tokens, is_penalty=penalty, violated=violated, penalized_by=penalized_by,
    )


def corpus() -> list[SearchDoc]:
    d19, d15 = date(2019, 4, 23), date(2015, 4, 24)
    rs, rd, dq, _zj = f"{RS}@2017-03-01", f"{RD}@2019-03-24", f"{DQ}@2018-10-26", f"{ZJ}@2021-09-30"
    return [
        prov(CX, CX_TITLE, "2019-04-23", d19, 40, "第四十条", ART_40, penalized_by=(f"{V2019}/art_64",),
             heading="第三章 城乡规划的实施", pretokenised=True),
        prov(CX, CX_TITLE, "2019-04-23", d19, 41, "第四十一条", ART_41, penalized_by=(f"{V2019}/art_65",)),
        prov(CX, CX_TITLE, "2019-04-23", d19, 64, "第六十四条", ART_64, penalty=True,
             violated=(f"{V2019}/art_40",), heading="第七章 法律责任", pretokenised=True),
        prov(CX, CX_TITLE, "2019-04-23", d19, 65, "第六十五条", ART_65, penalty=True, violated=(f"{V2019}/art_41",)),
        prov(CX, CX_TITLE, "2015-04-24", d15, 64, "第六十四条", ART_64, vto=d19, penalty=True),
        prov(RS, RS, "2017-03-01", date(2017, 3, 1), 14, "第十四条", RS_14, level="行政法规",
             penalized_by=(f"{rs}/art_36",)),
        prov(RS, RS, "2017-03-01", date(2017, 3, 1), 17, "第十七条", RS_17, level="行政法规",
             penalized_by=(f"{rs}/art_34",)),
        prov(RS, RS, "2017-03-01", date(2017, 3, 1), 34, "第三十四条", RS_34, level="行政法规", penalty=True,
             violated=(f"{rs}/art_17",)),
        prov(RS, RS, "2017-03-01", date(2017, 3, 1), 36, "第三十六条", RS_36, level="行政法规", penalty=True,
             violated=(f"{rs}/art_14",)),
        prov(RD, RD, "2019-03-24", date(2019, 3, 24), 27, "第二十七条", RD_27, level="行政法规",
             penalized_by=(f"{rd}/art_42",)),
        prov(RD, RD, "2019-03-24", date(2019, 3, 24), 42, "第四十二条", RD_42, level="行政法规", penalty=True,
             violated=(f"{rd}/art_27",)),
        prov(DQ, "中华人民共和国大气污染防治法", "2018-10-26", date(2018, 10, 26), 77, "第七十七条", DQ_77,
             penalized_by=(f"{dq}/art_119",)),
        prov(DQ, "中华人民共和国大气污染防治法", "2018-10-26", date(2018, 10, 26), 119, "第一百一十九条", DQ_119,
             penalty=True, violated=(f"{dq}/art_77",)),
        prov(ZJ, ZJ, "2021-09-30", date(2021, 9, 30), 16, "第十六条", ZJ_16, level="地方性法规", region="浙江省",
             penalty=True),
        SearchDoc(
            kind="item", doc_id="test-catalog/0001", statute_key=CX, statute_title=CX_TITLE, level="法律",
            item_name="对在乡村规划区内未取得乡村建设规划许可证进行建设的行政处罚", text="", catalog_key="test-catalog",
            item_code="330000-CX-001", department="县自然资源局", townships=("石梁镇", "九华乡"),
            basis=(("罚则", f"{V2019}/art_65"), ("违则", f"{V2019}/art_41")), power_type="行政处罚",
            domain="城乡规划", is_penalty=True,
        ),
    ]


def in_memory_index(docs: Iterable[SearchDoc]) -> WhooshIndex:
    """An in-memory index of ``docs``, committed."""
    ix = WhooshIndex.in_memory()
    ix.add(docs)
    ix.commit()
    return ix


def index_at(path: Path, docs: Iterable[SearchDoc]) -> WhooshIndex:
    """A new index of ``docs`` on disk at ``path``, committed (and still open)."""
    ix = WhooshIndex.create(path)
    ix.add(docs)
    ix.commit()
    return ix
