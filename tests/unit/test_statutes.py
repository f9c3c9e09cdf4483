"""The statute parser on small real snippets: corpus Markdown, plain text as published, and rejects."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.statutes import infer_level_region, normalise_heading, parse_events, parse_statute
from kg.errors import ParseError
from kg.model import Level, ParsedStatute, ProvisionId, SanctionKind

# corpus/laws/行政法/城乡规划法(2019-04-23).md, cut to a few articles
CXGH_MD = """# 中华人民共和国城乡规划法

2007年10月28日 第十届全国人民代表大会常务委员会第三十次会议通过

2015年4月24日 第十二届全国人民代表大会常务委员会第十四次会议《关于修改<中华人民共和国港口法>等七部法律的决定》第一次修正

2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议《关于修改<中华人民共和国建筑法>等八部法律的决定》第二次修正

<!-- INFO END -->

## 第一章 总 则

第一条 为了加强城乡规划管理，协调城乡空间布局，改善人居环境，促进城乡经济社会全面协调可持续发展，制定本法。

第二条 制定和实施城乡规划，在规划区内进行建设活动，必须遵守本法。

本法所称城乡规划，包括城镇体系规划、城市规划、镇规划、乡规划和村庄规划。城市规划、镇规划分为总体规划和详细规划。详细规划分为控制性详细规划和修建性详细规划。

本法所称规划区，是指城市、镇和村庄的建成区以及因城乡建设和发展需要，必须实行规划控制的区域。

第三条 城市和镇应当依照本法制定城市规划和镇规划。城市、镇规划区内的建设活动应当符合规划要求。

县级以上地方人民政府根据本地农村经济社会发展水平，按照因地制宜、切实可行的原则，确定应当制定乡规划、村庄规划的区域。

县级以上地方人民政府鼓励、指导前款规定以外的区域的乡、村庄制定和实施乡规划、村庄规划。

## 第六章 法律责任

第六十四条 未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府城乡规划主管部门责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。

第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。

第六十六条 建设单位或者个人有下列行为之一的，由所在地城市、县人民政府城乡规划主管部门责令限期拆除，可以并处临时建设工程造价一倍以下的罚款：

（一）未经批准进行临时建设的；

（二）未按照批准内容进行临时建设的；

（三）临时建筑物、构筑物超过批准期限不拆除的。

第六十七条 建设单位未在建设工程竣工验收后六个月内向城乡规划主管部门报送有关竣工验收资料的，由所在地城市、县人民政府城乡规划主管部门责令限期补报；逾期不补报的，处一万元以上五万元以下的罚款。

第六十八条 城乡规划主管部门作出责令停止建设或者限期拆除的决定后，当事人不停止建设或者逾期不拆除的，建设工程所在地县级以上地方人民政府可以责成有关部门采取查封施工现场、强制拆除等措施。

第六十九条 违反本法规定，构成犯罪的，依法追究刑事责任。

## 第七章 附 则

第七十条 本法自2008年1月1日起施行。《中华人民共和国城市规划法》同时废止。
"""
CXGH_SRC = "行政法/城乡规划法(2019-04-23).md"

# corpus/laws/DLC/浙江地方法规/地方性法规/浙江/衢州市城市绿化条例(2017-12-14).md, cut
QZ_MD = """# 衢州市城市绿化条例

2017年10月13日 衢州市第七届人民代表大会常务委员会第五次会议通过

2017年11月30日 浙江省第十二届人民代表大会常务委员会第四十五次会议批准

<!-- INFO END -->

第十二条 合理规划建设公园绿地地下空间，确需开发利用的，建设单位应当组织专家论证，并向社会公开征求意见。

第十三条 任何单位和个人不得有下列破坏城市绿化和绿化设施的行为：

（一）破坏草坪、树木、绿篱、采摘花果枝叶、掘取树根、剥取树皮；

（二）在树木及绿化设施上捆绑、拉绳、钉钉、攀爬、悬挂、晾晒、拴挂物品；

（三）在公园绿地水域内洗涤物品和明示禁止的区域游泳、垂钓；

（四）进入设有明示禁入标志的绿地；

（五）移动、推倒或者损坏围栏、侧石、园路、桌椅、亭、台、楼、阁、廊、榭、雕塑、标牌、景观小品等；

（六）向植物倾倒或者排放热水、油污、酸碱性物质等妨害植物正常生长的物质；

违反本条第一款第一项至第五项规定的，由综合行政执法部门责令限期改正，可以处一百元以上五百元以下罚款；情节严重的，处五百元以上一千元以下罚款；造成损失的，依法承担民事责任。

第十四条 违反本条例第十二条规定的，依照第十三条处理。

第二十条 本条例自2018年3月1日起施行。
"""
QZ_SRC = "DLC/浙江地方法规/地方性法规/浙江/衢州市城市绿化条例(2017-12-14).md"

# The same law as published in plain text: centred title, history in brackets, 目录, full-width spaces
CXGH_TXT = """　　　　　　　　中华人民共和国城乡规划法

（2007年10月28日第十届全国人民代表大会常务委员会第三十次会议通过　根据2015年4月24日第十二届全国人民代表大会常务委员会第十四次会议《关于修改〈中华人民共和国港口法〉等七部法律的决定》第一次修正　根据2019年4月23日第十三届全国人民代表大会常务委员会第十次会议《关于修改〈中华人民共和国建筑法〉等八部法律的决定》第二次修正）

目　　录

第一章　总　　则
第六章　法律责任
第七章　附　　则

第一章　总　　则

　　第一条　为了加强城乡规划管理，协调城乡空间布局，改善人居环境，促进城乡经济社会全面协调可持续发展，制定本法。
　　第二条　制定和实施城乡规划，在规划区内进行建设活动，必须遵守本法。
　　本法所称城乡规划，包括城镇体系规划、城市规划、镇规划、乡规划和村庄规划。

第六章　法律责任

　　第六十六条　建设单位或者个人有下列行为之一的，由所在地城市、县人民政府城乡规划主管部门责令限期拆除，可以并处临时建设工程造价一倍以下的罚款：
　　（一）未经批准进行临时建设的；
　　（二）未按照批准内容进行临时建设的；
　　1．临时建筑物超过批准期限不拆除的；
　　2．临时构筑物超过批准期限不拆除的。

第七章　附　　则

　　第七十条　本法自2008年1月1日起施行。《中华人民共和国城市规划法》同时废止。
"""


@pytest.fixture(scope="module")
def cxgh() -> ParsedStatute:
    return parse_statute(CXGH_MD, CXGH_SRC)


def test_statute_and_version(cxgh: ParsedStatute) -> None:
    s, v = cxgh.statute, cxgh.version
    assert (s.key, s.title, s.level, s.region) == ("城乡规划法", "中华人民共和国城乡规划法", Level.LAW, None)
    assert s.aliases == ("城乡规划法", "中华人民共和国城乡规划法")
    assert v.version == date(2019, 4, 23) and v.source == CXGH_SRC
    assert [(e.day, e.kind) for e in v.events] == [
        (date(2007, 10, 28), "通过"), (date(2015, 4, 24), "修正"), (date(2019, 4, 23), "修正")]
    # 本法自2008年1月1日起施行 speaks of the first enactment; this version applies from its own date
    assert v.first_effective == date(2008, 1, 1) and v.first_effective_certain
    assert v.valid_from == date(2019, 4, 23) and not v.valid_from_certain  # the 2019 decision is not held
    assert v.promulgated == date(2019, 4, 23) and not v.repealed
    assert len(v.content_hash) == 64


def test_provisions_headings_paragraphs_items(cxgh: ParsedStatute) -> None:
    provs = {p.id.article: p for p in cxgh.provisions}
    assert sorted(provs) == [1, 2, 3, 64, 65, 66, 67, 68, 69, 70]
    assert provs[1].heading == ("第一章 总则",) and provs[64].heading == ("第六章 法律责任",)
    assert provs[70].heading == ("第七章 附则",)
    assert str(provs[2].id) == "城乡规划法@2019-04-23/art_2"
    assert len(provs[2].paragraphs) == 3 and provs[2].text.startswith("第二条 制定和实施城乡规划")
    assert provs[2].paragraphs[1].text.startswith("本法所称城乡规划")
    art66 = provs[66]
    assert len(art66.paragraphs) == 1 and [i.number for i in art66.paragraphs[0].items] == [1, 2, 3]
    assert art66.part_text(ProvisionId("城乡规划法", None, 66, item=2)) == "（二）未按照批准内容进行临时建设的；"
    assert art66.paragraphs[0].text.count("\n") == 3  # the lead-in and its three items
    assert art66.line == CXGH_MD.split("\n").index(art66.text.split("\n")[0]) + 1


def test_penalty_fields(cxgh: ParsedStatute) -> None:
    provs = {p.id.article: p for p in cxgh.provisions}
    # art. 65 only orders (责令停止建设, 限期改正, 拆除): no 行政处罚 of art. 9, so no 罚则
    assert [p.id.article for p in cxgh.provisions if p.is_penalty] == [64, 66, 67]
    assert provs[65].township_competent and provs[65].competent_body == "乡、镇人民政府"
    assert not provs[64].township_competent
    fine = next(s for s in provs[66].sanctions if s.kind is SanctionKind.FINE)
    assert (fine.max_multiple, fine.multiple_base) == (1.0, "临时建设工程造价")


def test_cites_drop_self_references(cxgh: ParsedStatute) -> None:
    provs = {p.id.article: p for p in cxgh.provisions}
    assert provs[3].cites == ()  # 前款 is the same article
    assert provs[70].cites == ()  # 《中华人民共和国城市规划法》 without an article is no citation


def test_sequence_gap_is_reported(cxgh: ParsedStatute) -> None:
    codes = [d.code for d in cxgh.diagnostics]
    assert codes == ["ARTICLE_SEQUENCE"]
    assert "第三条之后是第六十四条" in cxgh.diagnostics[0].message


def test_local_regulation_relative_violated_and_cites() -> None:
    ps = parse_statute(QZ_MD, QZ_SRC)
    assert (ps.statute.level, ps.statute.region) == (Level.LOCAL_REGULATION, "浙江省衢州市")
    assert ps.version.version == date(2017, 12, 14)
    assert ps.version.effective == date(2018, 3, 1) == ps.version.valid_from
    provs = {p.id.article: p for p in ps.provisions}
    art13 = provs[13]
    assert len(art13.paragraphs) == 2 and len(art13.paragraphs[0].items) == 6
    assert art13.competent_body == "综合行政执法部门"
    key, v = "衢州市城市绿化条例", date(2017, 12, 14)
    assert art13.violated == tuple(ProvisionId(key, v, 13, paragraph=1, item=n) for n in range(1, 6))
    assert provs[14].cites == (ProvisionId(key, v, 12), ProvisionId(key, v, 13))
    assert not provs[14].is_penalty


def test_plain_text_layout() -> None:
    ps = parse_statute(CXGH_TXT, "我的法规/城乡规划法.txt")
    assert ps.statute.title == "中华人民共和国城乡规划法" and ps.statute.level is Level.LAW
    assert ps.version.version == date(2019, 4, 23)  # no date in the name: the last amendment
    assert [e.kind for e in ps.version.events] == ["通过", "修正", "修正"]
    provs = {p.id.article: p for p in ps.provisions}
    assert sorted(provs) == [1, 2, 66, 70]
    assert provs[1].heading == ("第一章 总则",) and provs[66].heading == ("第六章 法律责任",)
    assert provs[1].text.startswith("第一条 为了加强")
    assert len(provs[2].paragraphs) == 2
    items = provs[66].paragraphs[0].items
    assert [i.number for i in items] == [1, 2] and items[1].subitems == (
        "1．临时建筑物超过批准期限不拆除的；", "2．临时构筑物超过批准期限不拆除的。")
    assert provs[66].part_text(ProvisionId("城乡规划法", None, 66, item=2, subitem=2)) == "2．临时构筑物超过批准期限不拆除的。"
    assert ps.version.valid_from == date(2019, 4, 23)


def test_chinese_numeral_dates_and_wrapped_title() -> None:
    text = ("中华人民共和国农村土地\n承包经营纠纷调解仲裁法\n"
            "（二〇〇九年六月二十七日第十一届全国人民代表大会常务委员会第九次会议通过）\n"
            "第一条　为了公正、及时解决农村土地承包经营纠纷，制定本法。\n"
            "第五十三条　本法自二〇一〇年一月一日起施行。\n")
    ps = parse_statute(text, "农村土地承包经营纠纷调解仲裁法.txt")
    assert ps.statute.key == "农村土地承包经营纠纷调解仲裁法"
    assert ps.version.version == date(2009, 6, 27) and ps.version.effective == date(2010, 1, 1)
    assert ps.version.valid_from == date(2010, 1, 1)


def test_an_article_label_split_by_a_space_and_run_into_its_text_is_read() -> None:
    """浙江省农村生活污水处理设施管理条例 (2019) prints "第三十五 条农村生活污水…": it is article 35, not a third
    paragraph of article 34; a line "第三十五条规定…" that does not follow article 34 stays text."""
    text = ("浙江省农村生活污水处理设施管理条例\n（2019年9月27日浙江省第十三届人民代表大会常务委员会第十四次会议通过）\n"
            "第三十四条 违反本条例第二十六条第一款规定，从事危及污水处理设施安全的活动的，处五千元以上两万元以下罚款。\n"
            "第三十五 条农村生活污水纳入城镇污水处理设施集中处理的，按照国家和省有关城镇污水处理的规定执行。\n"
            "第三十六条 本条例自2020年1月1日起施行。\n")
    ps = parse_statute(text, "浙江省农村生活污水处理设施管理条例(2019-09-27).md")
    arts = {p.id.article: p for p in ps.provisions}
    assert sorted(arts) == [34, 35, 36]
    assert arts[35].text.startswith("第三十五条 农村生活污水") and "农村生活污水" not in arts[34].text


def test_subtitle_without_info_end_marker() -> None:
    text = ("# 中华人民共和国民法典\n\n# 物权编\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n"
            "2021年1月1日 施行\n\n## 第一分编 通则\n\n### 第一章 一般规定\n\n"
            "第二百零五条 本编调整因物的归属和利用产生的民事关系。\n")
    ps = parse_statute(text, "民法典/物权编.md")
    assert ps.statute.key == "民法典" and "物权编" in ps.statute.aliases
    assert ps.version.version == date(2020, 5, 28) and ps.version.effective == date(2021, 1, 1)
    (p,) = ps.provisions
    assert p.heading == ("第一分编 通则", "第一章 一般规定") and p.id.article == 205


def test_repealed_and_publication_effective() -> None:
    text = ("# 某某管理办法（已废止）\n\n1990年5月1日 国家工商行政管理局令第1号发布\n\n2010年1月1日 废止\n\n"
            "<!-- INFO END -->\n\n第一条 本办法自发布之日起施行。\n")
    ps = parse_statute(text, "部门规章/工商总局/某某管理办法.md")
    assert ps.statute.title == "某某管理办法" and ps.version.repealed
    assert ps.version.version == date(1990, 5, 1) and ps.version.effective == date(1990, 5, 1)
    assert ps.statute.level is Level.DEPARTMENT_RULE


@pytest.mark.parametrize(("text", "code"), [
    ("", "STATUTE_EMPTY"),
    ("\n \n", "STATUTE_EMPTY"),
    ("第一条 为了加强城乡规划管理，制定本法。\n第二条 本法自公布之日起施行。", "STATUTE_NO_TITLE"),
    # a 决定 without 第X条 structure, as in the corpus (北京市人民代表大会常务委员会关于…的决定)
    (("# 北京市人民代表大会常务委员会关于北京市耕地占用税适用税额的决定\n\n"
     "2019年7月26日 北京市第十五届人民代表大会常务委员会第十四次会议通过\n\n<!-- INFO END -->\n\n"
     "根据《中华人民共和国耕地占用税法》的规定，北京市第十五届人民代表大会常务委员会第十四次会议决定：\n\n"
     "一、本市耕地占用税适用税额为：每平方米40元。\n"), "STATUTE_NO_ARTICLES"),
    ("# 刑法修正案（十一）\n\n<!-- INFO END -->\n\n一、将刑法第十七条修改为：“已满十六周岁的人犯罪，应当负刑事责任。”\n",
     "STATUTE_NO_ARTICLES"),
])
def test_rejects_with_reason(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_statute(text, "x/y.md")
    assert info.value.code == code and info.value.reason and info.value.source == "x/y.md"


def test_diagnostics_for_problems_that_keep_the_file() -> None:
    text = ("# 某市某某条例\n\n<!-- INFO END -->\n\n"
            "第一条 违反前款规定的，处一百元罚款。\n\n"
            "第二条 依照本条例第九十条的规定处理。\n\n"
            "第二条 重复的条文。\n\n"
            "## 附件\n\n某某表格\n")
    ps = parse_statute(text, "自建/某市某某条例.md")
    codes = sorted(d.code for d in ps.diagnostics)
    assert codes == ["ARTICLE_DUPLICATE", "CITATION_DANGLING", "CITATION_UNRESOLVED", "EFFECTIVE_DATE_UNKNOWN",
                     "STATUTE_NO_VERSION_DATE", "STATUTE_TRUNCATED",  # the last article is no 施行 clause
                     "TEXT_OUTSIDE_ARTICLES"]
    assert all(d.severity == "warning" and d.message for d in ps.diagnostics)
    assert [p.id.article for p in ps.provisions] == [1, 2]
    assert ps.version.version is None and ps.provisions[0].id.version is None
    dup = next(d for d in ps.diagnostics if d.code == "ARTICLE_DUPLICATE")
    assert dup.line == 9


def test_unknown_level_is_a_warning() -> None:
    ps = parse_statute("# 某某须知\n\n第一条 本须知自2020年1月1日起施行。\n", "自建/某某须知.md")
    assert ps.statute.level is Level.OTHER
    assert "LEVEL_UNKNOWN" in {d.code for d in ps.diagnostics}


@pytest.mark.parametrize(("source", "title", "expected"), [
    ("行政法规/城市道路管理条例(2019-03-24).md", "城市道路管理条例", (Level.ADMIN_REGULATION, None)),
    ("司法解释/最高人民法院关于审理行政许可案件若干问题的规定.md", "最高人民法院关于审理行政许可案件若干问题的规定",
     (Level.JUDICIAL_INTERPRETATION, None)),
    ("部门规章/公安部/机动车登记规定(2021-12-17).md", "机动车登记规定", (Level.DEPARTMENT_RULE, None)),
    ("宪法/宪法.md", "中华人民共和国宪法", (Level.CONSTITUTION, None)),
    ("经济法/大气污染防治法(2018-10-26).md", "中华人民共和国大气污染防治法", (Level.LAW, None)),
    ("DLC/浙江地方法规/地方性法规/浙江/台州市城乡规划条例(2016-12-19).md", "台州市城乡规划条例",
     (Level.LOCAL_REGULATION, "浙江省台州市")),
    ("DLC/浙江地方法规/地方性法规/浙江/浙江省城乡规划条例(2020-09-24).md", "浙江省城乡规划条例",
     (Level.LOCAL_REGULATION, "浙江省")),
    ("DLC/广东地方法规/地方性法规/广东/深圳经济特区绿色建筑条例(2022-03-28).md", "深圳经济特区绿色建筑条例",
     (Level.LOCAL_REGULATION, "广东省深圳市")),
    ("DLC/上海地方法规/地方性法规/上海/上海市市容环境卫生管理条例(2022-10-28).md", "上海市市容环境卫生管理条例",
     (Level.LOCAL_REGULATION, "上海市")),
    ("DLC/重庆地方法规/地方性法规/重庆/彭水苗族土家族自治县城乡规划条例.md", "彭水苗族土家族自治县城乡规划条例",
     (Level.LOCAL_REGULATION, "重庆市彭水苗族土家族自治县")),
    ("DLC/山东地方法规/地方性法规/山东/青岛市城市风貌保护条例.md", "青岛市城市风貌保护条例",
     (Level.LOCAL_REGULATION, "山东省青岛市")),
    ("DLC/河南地方法规/地方性法规/河南/河南省城市市容和环境卫生管理条例.md", "河南省城市市容和环境卫生管理条例",
     (Level.LOCAL_REGULATION, "河南省")),
    ("DLC/北京地方法规/政府规章/北京/北京市生活垃圾管理办法.md", "北京市生活垃圾管理办法",
     (Level.LOCAL_RULE, "北京市")),
    # outside the corpus layout: the title decides
    ("上传/衢州市城市市容和环境卫生管理条例.docx", "衢州市城市市容和环境卫生管理条例",
     (Level.LOCAL_REGULATION, "衢州市")),
    ("上传/安徽省城乡规划条例.txt", "安徽省城乡规划条例", (Level.LOCAL_REGULATION, "安徽省")),
    ("上传/中华人民共和国行政处罚法.txt", "中华人民共和国行政处罚法", (Level.LAW, None)),
    ("上传/城市市容和环境卫生管理条例.txt", "城市市容和环境卫生管理条例", (Level.ADMIN_REGULATION, None)),
    ("上传/城市供水条例.txt", "城市供水条例", (Level.ADMIN_REGULATION, None)),
    ("上传/某某须知.md", "某某须知", (Level.OTHER, None)),
])
def test_level_and_region(source: str, title: str, expected: tuple[Level, str | None]) -> None:
    assert infer_level_region(source, title) == expected


def test_department_rule_by_issuer_events() -> None:
    assert infer_level_region("上传/废旧金属收购业治安管理办法.md", "废旧金属收购业治安管理办法",
                              "1994年1月25日 公安部令第16号发布") == (Level.DEPARTMENT_RULE, None)
    assert infer_level_region("上传/某某办法.md", "某某办法", "国务院令第1号发布") == (Level.ADMIN_REGULATION, None)


def test_event_lines() -> None:
    events, bad = parse_events([
        ("2018年11月29日 广东省第十三届人民代表大会常务委员会第七次会议《关于修改〈广东省环境保护条例〉等十三项地方性法规的决定》"
        "第二次修正  2020年11月27日广东省第十三届人民代表大会常务委员会第二十六次会议修订 根据"),
        "2019年2月30日 某会议通过",
        "1994年8月4日 中华人民共和国国务院令第160号发布　",
        "2021年3月16日 施行",
        "1988年4月12日 第七届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》",
    ])
    assert [(e.day, e.kind) for e in events] == [
        (date(2018, 11, 29), "修正"), (date(2020, 11, 27), "修订"), (date(1994, 8, 4), "公布"), (date(2021, 3, 16), "施行"),
        (date(1988, 4, 12), "修正")]
    assert len(bad) == 1 and "2019年2月30日" in bad[0]


def test_headings() -> None:
    assert normalise_heading("## 第一章 总 则") == "第一章 总则"
    assert normalise_heading("第 二 章　城乡规划的制定") == "第二章 城乡规划的制定"
    assert normalise_heading("### 附　则") == "附则"


def test_label_alone_on_its_line_and_crlf() -> None:
    text = "某某条例\r\n第一条\r\n为了规范管理，制定本条例。\r\n本条例适用于本市。\r\n第二条\r\n（一）甲；\r\n（二）乙。\r\n"
    first, second = parse_statute(text, "自建/某市某某条例.txt").provisions
    assert first.text == "第一条 为了规范管理，制定本条例。\n本条例适用于本市。"
    assert [p.text for p in first.paragraphs] == ["为了规范管理，制定本条例。", "本条例适用于本市。"]
    assert second.paragraphs[0].text == "（一）甲；\n（二）乙。" and len(second.paragraphs[0].items) == 2


def test_sections_headed_by_ordinals_are_read_as_articles() -> None:
    # 最高人民法院关于审理铁路运输损害赔偿案件若干问题的解释 (2020), cut: no 第X条, sections ## 一、…
    text = ("# 最高人民法院关于审理铁路运输损害赔偿案件若干问题的解释\n\n"
            "2020年12月23日 最高人民法院审判委员会第1823次会议通过\n\n<!-- INFO END -->\n\n"
            "为了正确、及时地审理铁路运输损害赔偿案件，现就审判工作中遇到的一些问题，解释如下：\n\n"
            "## 一、实际损失的赔偿范围\n\n"
            "铁路法第十七条中的“实际损失”，是指因灭失、短少、变质、污染、损坏导致货物、包裹、行李实际价值的损失。\n\n"
            "货物、包裹、行李的赔偿价值按照托运时的实际价值计算。\n\n"
            "## 二、铁路运输企业的重大过失\n\n"
            "铁路法第十七条中的“重大过失”是指铁路运输企业或者其受雇人、代理人对承运的货物、包裹、行李明知可能造成损失而"
            "轻率地作为或者不作为。\n")
    ps = parse_statute(text, "司法解释/最高人民法院关于审理铁路运输损害赔偿案件若干问题的解释(2020-12-29).md")
    assert [p.id.article for p in ps.provisions] == [1, 2]
    assert len(ps.provisions[0].paragraphs) == 3  # the section title and its two paragraphs
    assert "ARTICLES_NUMBERED_SECTIONS" in {d.code for d in ps.diagnostics}


def test_a_trial_rule_numbered_1_2_is_read() -> None:
    # 最高人民法院关于人民法院执行工作若干问题的规定（试行）(2020): the title ends in （试行）
    text = ("# 最高人民法院关于人民法院执行工作若干问题的规定（试行）\n\n<!-- INFO END -->\n\n"
            "## 一、执行机构及其职责\n\n"
            "1.人民法院根据需要，依据有关法律的规定，设立执行机构，专门负责执行工作。\n\n"
            "2.执行机构负责执行下列生效法律文书：\n\n"
            "（1）人民法院民事、行政判决、裁定、调解书，民事制裁决定、支付令；\n")
    ps = parse_statute(text, "司法解释/最高人民法院关于人民法院执行工作若干问题的规定（试行）(2020-12-29).md")
    assert [p.id.article for p in ps.provisions] == [1, 2]
    assert ps.provisions[0].heading == ("一、执行机构及其职责",)


@pytest.mark.parametrize(("title", "words"), [
    ("中华人民共和国刑法修正案（十一）", "修改指令"),
    ("最高人民检察院关于构成嫖宿幼女罪主观上是否需要具备明知要件的解释", "正文未分条"),
    ("劳动仲裁和劳动诉讼的攻略", "标题不像法规"),
])
def test_texts_without_articles_say_why(title: str, words: str) -> None:
    text = f"# {title}\n\n<!-- INFO END -->\n\n行为人知道被害人是或者可能是不满十四周岁幼女而嫖宿的，适用刑法第三百六十条第二款的规定。\n"
    with pytest.raises(ParseError) as info:
        parse_statute(text, "x/y.md")
    assert info.value.code == "STATUTE_NO_ARTICLES" and words in info.value.reason
