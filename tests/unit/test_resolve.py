"""Resolving catalog citations against statute versions (DictLookup over real snippets)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.catalogs import CatalogMeta, read_catalog
from ingest.resolve import DictLookup, choose_version, resolve_item, resolve_link
from kg.model import (
    BasisLink,
    BasisRole,
    Item,
    Level,
    Paragraph,
    PenaltyItem,
    Provision,
    ProvisionId,
    Resolution,
    Statute,
    StatuteVersion,
)

# -- real snippets, cut small ------------------------------------------------------

V2015, V2019 = date(2015, 4, 24), date(2019, 4, 23)
CXGH = Statute("城乡规划法", "中华人民共和国城乡规划法", Level.LAW)
CXGH_VERSIONS = [
    StatuteVersion("城乡规划法", date(2007, 10, 28), "城乡规划法(2007-10-28).md",
                   valid_from=date(2008, 1, 1), valid_to=V2015),
    StatuteVersion("城乡规划法", V2015, "城乡规划法(2015-04-24).md", valid_from=V2015, valid_to=V2019),
    StatuteVersion("城乡规划法", V2019, "城乡规划法(2019-04-23).md", valid_from=V2019),
]
ART64_TEXT = ("未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府城乡规划主管部门"
              "责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；"
              "无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。")
ART40 = (
    ("在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当向城市、县人民政府城乡规划主管部门"
     "或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程规划许可证。"),
    "申请办理建设工程规划许可证，应当提交使用土地的有关证明文件、建设工程设计方案等材料。……",
    ("城市、县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府应当依法将经审定的修建性详细规划、"
     "建设工程设计方案的总平面图予以公布。"),
)
ART66 = Paragraph(
    "建设单位或者个人有下列行为之一的，由所在地城市、县人民政府城乡规划主管部门责令限期拆除，可以并处临时建设工程造价一倍以下的罚款：",
    (Item(1, "（一）未经批准进行临时建设的；"), Item(2, "（二）未按照批准内容进行临时建设的；"),
     Item(3, "（三）临时建筑物、构筑物超过批准期限不拆除的。")),
)


def _prov(statute: str, version: date | None, article: int, paragraphs: tuple[Paragraph, ...]) -> Provision:
    text = "\n".join(p.text + "".join(i.text for i in p.items) for p in paragraphs)
    return Provision(ProvisionId(statute, version, article), text, paragraphs)


CXGH_PROVISIONS = [
    _prov("城乡规划法", V2019, 40, tuple(Paragraph(t) for t in ART40)),
    _prov("城乡规划法", V2019, 64, (Paragraph(ART64_TEXT),)),
    _prov("城乡规划法", V2019, 66, (ART66,)),
    _prov("城乡规划法", V2015, 64, (Paragraph(ART64_TEXT),)),  # this fixture holds only art. 64 of 2015
]

DL = Statute("城市道路管理条例", "城市道路管理条例", Level.ADMIN_REGULATION)
DL_V = StatuteVersion("城市道路管理条例", date(2019, 3, 24), "城市道路管理条例(2019-03-24).md",
                      valid_from=date(2019, 3, 24))
DL_ART27 = Paragraph("城市道路范围内禁止下列行为：", tuple(
    Item(n, t) for n, t in enumerate([
        "擅自占用或者挖掘城市道路；", "履带车、铁轮车或者超重、超高、超长车辆擅自在城市道路上行驶；",
        "机动车在桥梁或者非指定的城市道路上试刹车；", "擅自在城市道路上建设建筑物、构筑物；",
        "在桥梁上架设压力在4公斤/平方厘米(0.4兆帕)以上的煤气管道……；",
        "擅自在桥梁或者路灯设施上设置广告牌或者其他挂浮物；", "其他损害、侵占城市道路的行为。"], start=1)))
DL_PROVISIONS = [
    _prov("城市道路管理条例", DL_V.version, 27, (DL_ART27,)),
    _prov("城市道路管理条例", DL_V.version, 42, (Paragraph(
        "违反本条例第二十七条规定，或者有下列行为之一的，由市政工程行政主管部门或者其他有关部门责令限期改正，"
        "可以处以2万元以下的罚款；造成损失的，应当依法承担赔偿责任：",
        tuple(Item(n, f"（{n}）……") for n in range(1, 7))),)),
]

ZS = Statute("噪声污染防治法", "中华人民共和国噪声污染防治法", Level.LAW)
ZS_V = StatuteVersion("噪声污染防治法", date(2021, 12, 24), "噪声污染防治法(2021-12-24).md",
                      promulgated=date(2021, 12, 24), effective=date(2022, 6, 5), valid_from=date(2022, 6, 5))
HJZS = Statute("环境噪声污染防治法", "中华人民共和国环境噪声污染防治法", Level.LAW)
HJZS_V = StatuteVersion("环境噪声污染防治法", date(2018, 12, 29), "环境噪声污染防治法(2018-12-29).md",
                        valid_from=date(2018, 12, 29), valid_to=date(2022, 6, 5), repealed=True)
NOISE_PROVISIONS = [
    _prov("噪声污染防治法", ZS_V.version, 82, (Paragraph("违反本法规定，有下列行为之一……"),)),
    _prov("环境噪声污染防治法", HJZS_V.version, 58, (Paragraph("违反本法规定，有下列行为之一的……"),)),
]

# two local regulations that share a (made-up) short name
ZJ = Statute("浙江省城市市容和环境卫生管理条例", "浙江省城市市容和环境卫生管理条例", Level.LOCAL_REGULATION,
             region="浙江省", aliases=("市容环卫条例",))
QZ = Statute("衢州市城市市容和环境卫生管理条例", "衢州市城市市容和环境卫生管理条例", Level.LOCAL_REGULATION,
             region="浙江省衢州市", aliases=("市容环卫条例",))
LOCAL_VERSIONS = [
    StatuteVersion(ZJ.key, date(2021, 9, 30), "zj.md", valid_from=date(2021, 9, 30)),
    StatuteVersion(QZ.key, date(2016, 12, 12), "qz.md", valid_from=date(2017, 3, 1)),
]


@pytest.fixture(scope="module")
def lookup() -> DictLookup:
    return DictLookup(
        [CXGH, DL, ZS, HJZS, ZJ, QZ],
        [*CXGH_VERSIONS, DL_V, ZS_V, HJZS_V, *LOCAL_VERSIONS],
        [*CXGH_PROVISIONS, *DL_PROVISIONS, *NOISE_PROVISIONS],
    )


def one(text: str, lookup: DictLookup, day: date | None, role: BasisRole = BasisRole.PENALTY) -> BasisLink:
    out = resolve_link(BasisLink(role, text, Resolution.UNPARSED), lookup, day)
    assert len(out) == 1
    return out[0]


# -- outcomes ------------------------------------------------------------------------


def test_resolved_with_version_and_parts(lookup: DictLookup) -> None:
    link = one("《中华人民共和国城乡规划法》第六十四条", lookup, date(2022, 7, 1))
    assert link.status is Resolution.RESOLVED and link.reason == ""
    assert str(link.provision) == "城乡规划法@2019-04-23/art_64"
    link = one("《城乡规划法》第四十条第三款", lookup, date(2022, 7, 1), BasisRole.VIOLATED)
    assert str(link.provision) == "城乡规划法@2019-04-23/art_40/para_3" and link.role is BasisRole.VIOLATED
    link = one("《城市道路管理条例》第二十七条第（一）项", lookup, date(2022, 7, 1))
    assert str(link.provision) == "城市道路管理条例@2019-03-24/art_27/item_1"
    link = one("《城市道路管理条例》第四十二条第一款第（六）项", lookup, None)
    assert str(link.provision) == "城市道路管理条例@2019-03-24/art_42/para_1/item_6"
    assert link.citation == "《城市道路管理条例》第四十二条第一款第（六）项"


def test_version_in_force_on_the_day(lookup: DictLookup) -> None:
    assert str(one("《城乡规划法》第六十四条", lookup, date(2016, 3, 1)).provision) == "城乡规划法@2015-04-24/art_64"
    assert str(one("《城乡规划法》第六十四条", lookup, date(2019, 4, 23)).provision) == "城乡规划法@2019-04-23/art_64"
    assert str(one("《城乡规划法》第六十四条", lookup, None).provision) == "城乡规划法@2019-04-23/art_64"
    # the article must exist in *that* version
    old = one("《城乡规划法》第六十六条", lookup, date(2016, 3, 1))
    assert old.status is Resolution.ARTICLE_NOT_FOUND and old.provision is None
    assert old.reason == "《城乡规划法》（2015-04-24版本）没有第六十六条"


def test_article_missing(lookup: DictLookup) -> None:
    link = one("《中华人民共和国城乡规划法》第九十九条", lookup, date(2022, 7, 1))
    assert link.status is Resolution.ARTICLE_NOT_FOUND and link.provision is None
    assert link.reason == "《中华人民共和国城乡规划法》（2019-04-23版本）没有第九十九条"


def test_paragraph_or_item_missing_says_which(lookup: DictLookup) -> None:
    para = one("《城乡规划法》第六十四条第二款", lookup, date(2022, 7, 1))
    assert para.status is Resolution.ARTICLE_NOT_FOUND
    assert para.reason == "《城乡规划法》（2019-04-23版本）第六十四条只有一款，没有第二款"
    item = one("《城乡规划法》第六十六条第（五）项", lookup, date(2022, 7, 1))
    assert item.status is Resolution.ARTICLE_NOT_FOUND
    assert item.reason == "《城乡规划法》（2019-04-23版本）第六十六条没有第（五）项"
    item = one("《城乡规划法》第四十条第一款第（一）项", lookup, date(2022, 7, 1))
    assert item.reason.endswith("第四十条第一款没有第（一）项")


def test_statute_not_found(lookup: DictLookup) -> None:
    link = one("《城市建筑垃圾管理规定》第二十六条", lookup, date(2022, 7, 1))
    assert link.status is Resolution.STATUTE_NOT_FOUND and link.provision is None
    assert "《城市建筑垃圾管理规定》" in link.reason and "没有" in link.reason


def test_ambiguous_title_is_never_guessed(lookup: DictLookup) -> None:
    link = one("《市容环卫条例》第十九条", lookup, date(2022, 7, 1))
    assert link.status is Resolution.AMBIGUOUS and link.provision is None
    assert "浙江省城市市容和环境卫生管理条例" in link.reason and "衢州市城市市容和环境卫生管理条例" in link.reason


def test_not_in_force_names_versions_and_periods(lookup: DictLookup) -> None:
    early = one("《噪声污染防治法》第八十二条", lookup, date(2022, 1, 1))
    assert early.status is Resolution.NOT_IN_FORCE and early.provision is None
    assert early.reason == "《噪声污染防治法》在2022-01-01没有有效版本。库中版本：2021-12-24（2022-06-05起，至今有效）"
    repealed = one("《中华人民共和国环境噪声污染防治法》第五十八条", lookup, date(2023, 1, 1))
    assert repealed.status is Resolution.NOT_IN_FORCE
    assert "2018-12-29（2018-12-29起至2022-06-05止）" in repealed.reason
    before = one("《中华人民共和国环境噪声污染防治法》第五十八条", lookup, date(2022, 1, 1))
    assert str(before.provision) == "环境噪声污染防治法@2018-12-29/art_58"
    too_early = one("《城乡规划法》第六十四条", lookup, date(2000, 1, 1))
    assert too_early.status is Resolution.NOT_IN_FORCE
    assert "2007-10-28（2008-01-01起至2015-04-24止）" in too_early.reason


def test_text_without_a_title_or_article_stays_unparsed(lookup: DictLookup) -> None:
    internal = one("本条例第三十四条", lookup, None)
    assert internal.status is Resolution.UNPARSED and "本法/本条例" in internal.reason
    bare = one("第三十四条", lookup, None)
    assert bare.status is Resolution.UNPARSED and "未写明法律法规名称" in bare.reason
    prose = resolve_link(BasisLink(BasisRole.SETTING, "依据有关法律法规", Resolution.UNPARSED, reason="原因甲"),
                         lookup, None)
    assert prose == [BasisLink(BasisRole.SETTING, "依据有关法律法规", Resolution.UNPARSED, reason="原因甲")]


def test_no_basis_and_suggestions_pass_through(lookup: DictLookup) -> None:
    nb = BasisLink(BasisRole.SETTING, "", Resolution.NO_BASIS, reason="目录未列出法律依据")
    sug = BasisLink(BasisRole.PENALTY, "x", Resolution.SUGGESTED, ProvisionId("城乡规划法", V2019, 64), score=0.5)
    assert resolve_link(nb, lookup, None) == [nb]
    assert resolve_link(sug, lookup, None) == [sug]


def test_a_link_with_several_citations_is_split(lookup: DictLookup) -> None:
    link = BasisLink(BasisRole.VIOLATED, "《城市道路管理条例》第二十七条第（一）项、第（四）项", Resolution.UNPARSED)
    out = resolve_link(link, lookup, date(2022, 7, 1))
    assert [str(x.provision) for x in out] == ["城市道路管理条例@2019-03-24/art_27/item_1",
                                                "城市道路管理条例@2019-03-24/art_27/item_4"]
    assert [x.citation for x in out] == ["《城市道路管理条例》第二十七条第（一）项", "《城市道路管理条例》第二十七条第（四）项"]
    assert all(x.role is BasisRole.VIOLATED for x in out)


def test_re_resolving_for_another_day(lookup: DictLookup) -> None:
    resolved = one("《城乡规划法》第六十四条", lookup, date(2022, 1, 1))
    again = resolve_link(resolved, lookup, date(2016, 1, 1))
    assert str(again[0].provision) == "城乡规划法@2015-04-24/art_64"


def test_choose_version_prefers_latest_start_when_periods_overlap() -> None:
    a = StatuteVersion("x", date(2010, 1, 1), "a", valid_from=date(2010, 1, 1))  # never closed
    b = StatuteVersion("x", date(2018, 1, 1), "b", valid_from=date(2018, 1, 1))
    assert choose_version([a, b], date(2020, 1, 1)) is b
    assert choose_version([a, b], date(2012, 1, 1)) is a
    assert choose_version([], date(2012, 1, 1)) is None


# -- whole items, from a catalog -------------------------------------------------------


def test_resolve_item_from_a_parsed_catalog(lookup: DictLookup) -> None:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [
        ["事项编码", "事项名称", "违则", "罚则", "主管部门"],
        ["GH-1", "对未取得建设工程规划许可证进行建设的处罚", "《中华人民共和国城乡规划法》第四十条第一款",
         "《中华人民共和国城乡规划法》第六十四条", "县自然资源和规划局"],
        ["GH-2", "对未经批准进行临时建设的处罚", "《中华人民共和国城乡规划法》第四十四条第一款",
         "《中华人民共和国城乡规划法》第六十六条第（一）项", "县自然资源和规划局"],
        ["DL-1", "对擅自占用城市道路的处罚", None, None, "县执法局"],
    ]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    meta = CatalogMeta(effective=date(2022, 7, 1))
    parsed = read_catalog(buf.getvalue(), "c.xlsx", meta)
    items = [resolve_item(i, lookup, parsed.catalog.effective) for i in parsed.items]
    got = [[(b.role.value, b.status.value, str(b.provision) if b.provision else None) for b in i.basis] for i in items]
    assert got[0] == [("违则", "resolved", "城乡规划法@2019-04-23/art_40/para_1"),
                      ("罚则", "resolved", "城乡规划法@2019-04-23/art_64")]
    assert got[1] == [("违则", "article_not_found", None),  # art. 44 is not in this small fixture
                      ("罚则", "resolved", "城乡规划法@2019-04-23/art_66/item_1")]
    assert got[2] == [("设定依据", "no_basis", None)]
    assert items[0].key == parsed.items[0].key and items[0].name == parsed.items[0].name


def test_resolve_item_keeps_everything_but_the_links(lookup: DictLookup) -> None:
    item = PenaltyItem(key="c#1", catalog_key="c", name="n", basis=(
        BasisLink(BasisRole.PENALTY, "《城乡规划法》第六十四条", Resolution.UNPARSED),))
    out = resolve_item(item, lookup, None)
    assert out.basis[0].status is Resolution.RESOLVED
    assert (out.key, out.name, out.catalog_key) == (item.key, item.name, item.catalog_key)


# -- properties ------------------------------------------------------------------------

DL_ARTICLES = {27, 42}


@given(article=st.integers(1, 80), item=st.one_of(st.none(), st.integers(1, 9)))
def test_resolved_only_when_the_part_exists(article: int, item: int | None) -> None:
    lookup = DictLookup([DL], [DL_V], DL_PROVISIONS)
    pid = ProvisionId("城市道路管理条例", None, article, item=item)
    link = one(f"《城市道路管理条例》{pid.label}", lookup, date(2022, 7, 1))
    max_item = {27: 7, 42: 6}.get(article, 0)
    exists = article in DL_ARTICLES and (item is None or item <= max_item)
    assert (link.status is Resolution.RESOLVED) == exists
    assert (link.provision is not None) == exists
    if exists:
        assert link.provision is not None and link.provision.article == article and link.provision.item == item
        assert link.provision.version == DL_V.version
    else:
        assert link.status is Resolution.ARTICLE_NOT_FOUND and link.reason
