"""The citation grammar against real citations, and round trips through render_citation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.citations import (
    MAX_RANGE,
    Citation,
    parse_citations,
    render_citation,
    to_provision_id,
    to_provision_ids,
)
from kg.model import ProvisionId, statute_key
from kg.numerals import int_to_cn

# (title, internal, relative, article, suffix, paragraph, item, subitem)
Row = tuple[str | None, bool, str | None, int | None, int, int | None, int | None, int | None]


def art(n: int, suf: int = 0, para: int | None = None, item: int | None = None, sub: int | None = None,
        title: str | None = None, internal: bool = False, relative: str | None = None) -> Row:
    return (title, internal, relative, n, suf, para, item, sub)


def rel(word: str, para: int | None = None, item: int | None = None) -> Row:
    return (None, False, word, None, 0, para, item, None)


def rows(text: str) -> list[Row]:
    return [(c.title, c.internal, c.relative, c.article, c.suffix, c.paragraph, c.item, c.subitem)
            for c in parse_citations(text)]


CSZ = "深圳经济特区城市园林条例"
ROAD = "城市道路管理条例"

# Real citations: the domain primer, catalog 设定依据 cells (corpus/catalogs/*.json) and statute texts.
EXAMPLES: list[tuple[str, list[Row]]] = [
    # -- DOMAIN.md forms
    ("《中华人民共和国城乡规划法》第六十四条", [art(64, title="中华人民共和国城乡规划法")]),
    ("《城市道路管理条例》第二十七条第（一）项、第四十二条", [art(27, item=1, title=ROAD), art(42, title=ROAD)]),
    ("第三十八条第一款第（二）项", [art(38, para=1, item=2)]),
    ("依照本法第六十四条的规定", [art(64, internal=True)]),
    ("违反本条例第十二条规定的", [art(12, internal=True)]),
    ("《浙江省城市市容和环境卫生管理条例》第十九条第二款", [art(19, para=2, title="浙江省城市市容和环境卫生管理条例")]),
    ("中华人民共和国城乡规划法第六十四条", [art(64, title="中华人民共和国城乡规划法")]),
    # -- Shenzhen discretion standard 设定依据 cells
    ("第十三条第二款：责任主体不履行本条例第十一条所列的主体责任的",
     [art(13, para=2), art(11, internal=True)]),
    ("第十八条第二、三款：除划定的摊贩经营场所外", [art(18, para=2), art(18, para=3)]),
    ("第二十六条第一、二、三款：临街建（构）筑物", [art(26, para=1), art(26, para=2), art(26, para=3)]),
    ("第四十一条第一款、第四款：禁止随地吐痰", [art(41, para=1), art(41, para=4)]),
    ("第四十六条第一、二、六、七项：禁止下列损害绿化的行为",
     [art(46, item=1), art(46, item=2), art(46, item=6), art(46, item=7)]),
    (("违反本条例第四十六条第一项、第二项、第六项、第七项规定的，由绿化主管部门处一百元以上五百元以下罚款；"
     "违反第三项、第四项、第五项规定的"),
     [art(46, item=1, internal=True), art(46, item=2, internal=True), art(46, item=6, internal=True),
      art(46, item=7, internal=True), rel("本条", item=3), rel("本条", item=4), rel("本条", item=5)]),
    ("违反本条例第二十五条、第二十六条、第二十七条、第二十八条、第二十九条、第三十条第一款规定的",
     [art(25, internal=True), art(26, internal=True), art(27, internal=True), art(28, internal=True),
      art(29, internal=True), art(30, para=1, internal=True)]),
    ("第二十条第一款第一、三、四、五项：生活垃圾分类投放管理人应当履行下列职责",
     [art(20, para=1, item=1), art(20, para=1, item=3), art(20, para=1, item=4), art(20, para=1, item=5)]),
    ("第六十七条第一款：生活垃圾分类投放管理人违反本条例第二十条规定的",
     [art(67, para=1), art(20, internal=True)]),
    ("2．第四十条第一款：违反本办法第二十四条规定", [art(40, para=1), art(24, internal=True)]),
    ("违反本办法第二十五条、第二十六条规定，未按照要求发布公益广告的",
     [art(25, internal=True), art(26, internal=True)]),
    ("2．第四十一条第四项：违反本办法规定，有下列行为之一的", [art(41, item=4)]),
    ("（四）违反本办法第二十六条第一款规定，擅自迁移、拆除", [art(26, para=1, internal=True)]),
    ("2．第三十四条第一款：违反本规定第十三条规定", [art(34, para=1), art(13, internal=True)]),
    ("第四十五条第二款：违反本条例第三十二条第二款规定的", [art(45, para=2), art(32, para=2, internal=True)]),
    ("依照前条规定，可以收费的城市园林或者游乐项目", [rel("前条")]),
    ("前款第一项规定不适用专为儿童所设立的游乐项目", [rel("前款", item=1)]),
    ("违反前款规定超出门、窗外墙摆卖、经营的", [rel("前款")]),
    ("违反本条规定的，由市、区城管和综合执法部门责令改正", [rel("本条")]),
    ("违反《中华人民共和国治安管理处罚法》的，由公安部门给予处罚", []),
    # -- statute texts in corpus/laws
    ("（一）依照《中华人民共和国劳动合同法》第四十四条第一项、第四项、第五项规定终止劳动合同的；",
     [art(44, item=1, title="中华人民共和国劳动合同法"), art(44, item=4, title="中华人民共和国劳动合同法"),
      art(44, item=5, title="中华人民共和国劳动合同法")]),
    ("依照《中华人民共和国民事诉讼法》第二百零九条第一款第一项、第二项的规定向人民检察院申请监督的",
     [art(209, para=1, item=1, title="中华人民共和国民事诉讼法"),
      art(209, para=1, item=2, title="中华人民共和国民事诉讼法")]),
    ("（二）依照刑法第十七条、第十八条规定不负刑事责任的人被羁押的；",
     [art(17, title="刑法"), art(18, title="刑法")]),
    ("以暴力、威胁手段阻碍监督检查人员依法执行公务的，依照刑法第二百七十七条规定追究刑事责任。",
     [art(277, title="刑法")]),
    ("应当认定为刑法第二百八十六条之一第一款规定的“网络服务提供者”",
     [art(286, suf=1, para=1, title="刑法")]),
    ("生产、销售本节第一百四十一条至第一百四十八条所列产品", [art(n) for n in range(141, 149)]),
    ("个人有前款第（一）项、第（三）项、第（四）项行为之一的，处警告或者二百元以下罚款",
     [rel("前款", item=1), rel("前款", item=3), rel("前款", item=4)]),
    ("因不可抗力或者有其他正当理由，当事人不能在本条第一款规定的仲裁时效期间申请仲裁的", [rel("本条", para=1)]),
    ("“以勒索财物为目的偷盗婴幼儿的，依照前两款的规定处罚。”", [rel("前两款")]),
    ("第十三条 依照前条第一款规定可以继续使用技术秘密的人", [art(13), rel("前条", para=1)]),
    (("人民法院应当依据民事诉讼法第六十四条及《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十条、第九十一条，"
     "《最高人民法院关于民事诉讼证据的若干规定》的相关规定"),
     [art(64, title="民事诉讼法"),
      art(90, title="最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释"),
      art(91, title="最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释")]),
    ("第五十一条 《中华人民共和国民法通则》第一百四十六条、第一百四十七条，《中华人民共和国继承法》第三十六条，与本法的规定不一致的",
     [art(51), art(146, title="中华人民共和国民法通则"), art(147, title="中华人民共和国民法通则"),
      art(36, title="中华人民共和国继承法")]),
    ("| 第152条第2款 （《刑法修正案（四）》第2条） |走私废物罪",
     [art(152, para=2), art(2, title="刑法修正案（四）")]),
    ("| 第127条第1款、第2款（《修正案（三）》第6条第1款、第2款） |",
     [art(127, para=1), art(127, para=2), art(6, para=1, title="修正案（三）"), art(6, para=2, title="修正案（三）")]),
    ("依照香港特别行政区基本法第十八条", [art(18, title="香港特别行政区基本法")]),
    ("人民法院应当依照民事诉讼法第一百一十条至第一百一十三条的规定",
     [art(n, title="民事诉讼法") for n in range(110, 114)]),
    ("违反本条例第三十一条第五项至第九项规定，实施危害管道安全行为的",
     [art(31, item=n, internal=True) for n in range(5, 10)]),
    ("单位犯本节第二百一十三条至第二百一十九条之一规定之罪的", [art(n) for n in range(213, 220)]),
    # -- layout variants
    ("第64条第1款第(2)项", [art(64, para=1, item=2)]),
    ("《中华人民共和国行政处罚法》（2021年修订）第二十四条", [art(24, title="中华人民共和国行政处罚法")]),
    ("《城市道路管理条例》第二十七条\n第四十二条", [art(27, title=ROAD), art(42, title=ROAD)]),
    ("《城乡规划法》第六十四条；《城市道路管理条例》第四十二条",
     [art(64, title="城乡规划法"), art(42, title=ROAD)]),
    ("第二十五条、二十六条", [art(25), art(26)]),
    ("第三条第（二）项第1目", [art(3, item=2, sub=1)]),
    ("按照" + "本实施细则第九条", [art(9, internal=True)]),
    (f"《{CSZ}》第四十四条", [art(44, title=CSZ)]),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[t[:24] for t, _ in EXAMPLES])
def test_real_citations(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


def test_table_is_large_enough() -> None:
    assert len(EXAMPLES) >= 40


@pytest.mark.parametrize("text", [
    "第十届全国人民代表大会常务委员会第三十次会议通过",  # 第 without a unit
    "本法所称城乡规划，包括城镇体系规划",  # 本法 without an article
    "《中华人民共和国行政处罚法》的规定",  # a title without an article
    "提前款项、事前条件、本项目",  # 前款 / 前条 / 本项 inside other words
    "第〇条",  # no article 0
])
def test_no_citation(text: str) -> None:
    assert parse_citations(text) == []


def test_spans_and_raw() -> None:
    text = "依照《城市道路管理条例》第二十七条第（一）项、第四十二条的规定"
    first, second = parse_citations(text)
    assert first.raw == "《城市道路管理条例》第二十七条第（一）项" == text[first.start:first.end]
    assert second.raw == "第四十二条" == text[second.start:second.end]


def test_unbracketed_title_starts_at_the_title() -> None:
    c = parse_citations("人民法院应当依照中华人民共和国城乡规划法第六十四条处理")[0]
    assert c.raw == "中华人民共和国城乡规划法第六十四条"


def test_ranges_are_capped() -> None:
    assert [c.article for c in parse_citations("第一条至第九十九条")] == [1, 99]
    assert len(parse_citations(f"第一条至第{int_to_cn(MAX_RANGE)}条")) == MAX_RANGE


def test_the_statute_title_is_not_inherited_across_prose() -> None:
    cs = parse_citations("依照《中华人民共和国城乡规划法》第六十四条的规定处罚；第六十五条另有规定的除外")
    assert [(c.title, c.article) for c in cs] == [("中华人民共和国城乡规划法", 64), (None, 65)]


# --------------------------------------------------------------------------
# to_provision_id
# --------------------------------------------------------------------------

V = date(2019, 4, 23)


def test_titled_citation_gets_the_key_and_no_version() -> None:
    c = parse_citations("《中华人民共和国城乡规划法》第六十四条第一款第（二）项")[0]
    assert to_provision_id(c, "浙江省城乡规划条例", date(2020, 9, 24)) == ProvisionId(
        "城乡规划法", None, 64, paragraph=1, item=2)


def test_internal_and_unqualified_citations_get_the_given_statute() -> None:
    for text in ("本法第十八条之一", "第十八条之一"):
        c = parse_citations(text)[0]
        assert to_provision_id(c, "刑法", V) == ProvisionId("刑法", V, 18, suffix=1)


def test_relative_citations_need_and_use_context() -> None:
    here = ProvisionId("城乡规划法", V, 64, paragraph=2)
    assert to_provision_id(parse_citations("前款")[0], "城乡规划法", V, context=here) == ProvisionId(
        "城乡规划法", V, 64, paragraph=1)
    assert to_provision_id(parse_citations("前条第二款")[0], "城乡规划法", V, context=here) == ProvisionId(
        "城乡规划法", V, 63, paragraph=2)
    assert to_provision_id(parse_citations("本条第三款")[0], "城乡规划法", V, context=here).paragraph == 3
    assert to_provision_id(parse_citations("前条")[0], "刑法", V, context=ProvisionId("刑法", V, 18, suffix=1)) == \
        ProvisionId("刑法", V, 18)
    with pytest.raises(ValueError):
        to_provision_id(parse_citations("前款")[0], "城乡规划法", V)
    with pytest.raises(ValueError):  # 前款 in the first paragraph
        to_provision_id(parse_citations("前款")[0], "城乡规划法", V, context=ProvisionId("城乡规划法", V, 64, paragraph=1))


def test_several_paragraphs() -> None:
    here = ProvisionId("x", V, 10, paragraph=4)
    c = parse_citations("违反前三款规定的")[0]
    assert [p.paragraph for p in to_provision_ids(c, "x", V, context=here)] == [1, 2, 3]
    with pytest.raises(ValueError):
        to_provision_id(c, "x", V, context=here)


# --------------------------------------------------------------------------
# round trips
# --------------------------------------------------------------------------

pids = st.builds(
    lambda a, s, p, i, sub: ProvisionId("城乡规划法", None, a, s, p, i, sub if i is not None else None),
    st.integers(1, 1999), st.integers(0, 12), st.none() | st.integers(1, 12),
    st.none() | st.integers(1, 30), st.none() | st.integers(1, 9),
)
titles = st.sampled_from(["中华人民共和国城乡规划法", "城市道路管理条例", "浙江省城市市容和环境卫生管理条例",
                          "最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释", "刑法修正案（十一）"])


def _parts(c: Citation) -> tuple[int | None, int, int | None, int | None, int | None]:
    return (c.article, c.suffix, c.paragraph, c.item, c.subitem)


@given(pids, st.none() | titles)
def test_render_parse_round_trip(pid: ProvisionId, title: str | None) -> None:
    text = render_citation(pid, title)
    (c,) = parse_citations(text)
    assert _parts(c) == (pid.article, pid.suffix, pid.paragraph, pid.item, pid.subitem)
    assert c.title == title and not c.internal and c.relative is None
    assert (c.start, c.end, c.raw) == (0, len(text), text)
    key = statute_key(title) if title else "城乡规划法"
    assert to_provision_id(c, "城乡规划法", None) == replace(pid, statute=key)


@given(st.lists(pids, min_size=1, max_size=6), titles, st.sampled_from(["、", "，", "；", "和", "\n"]))
def test_lists_inherit_the_title(items: list[ProvisionId], title: str, sep: str) -> None:
    text = render_citation(items[0], title) + "".join(sep + render_citation(p) for p in items[1:])
    cs = parse_citations(text)
    assert [_parts(c) for c in cs] == [(p.article, p.suffix, p.paragraph, p.item, p.subitem) for p in items]
    assert {c.title for c in cs} == {title}


@given(pids)
def test_arabic_numerals_round_trip(pid: ProvisionId) -> None:
    text = f"第{pid.article}条" + (f"之{int_to_cn(pid.suffix)}" if pid.suffix else "")
    text += f"第{pid.paragraph}款" if pid.paragraph else ""
    text += f"第({pid.item})项" if pid.item else ""
    text += f"第{pid.subitem}目" if pid.subitem and pid.item else ""
    (c,) = parse_citations("本法" + text)
    assert c.internal and _parts(c) == (pid.article, pid.suffix, pid.paragraph, pid.item, pid.subitem)


def test_start_skips_an_articles_own_label() -> None:
    text = "第十条 违反本法第九条规定的"
    assert [c.article for c in parse_citations(text)] == [10, 9]
    (c,) = parse_citations(text, start=len("第十条"))
    assert (c.article, c.start, c.raw) == (9, text.index("本法"), "本法第九条")
