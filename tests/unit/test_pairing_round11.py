"""违则 pairing, round 11 (issue 15): the explicit citation forms the penalty analysis's window leaves out, on real
corpus wording (lists going on after a comma, a chapter or section of the statute named as the rule broken)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pairing import chapter_violated, conduct_clauses, listed_after_comma, named_violated
from ingest.pipeline import with_inferred_pairs
from ingest.statutes import parse_statute
from kg.model import ParsedStatute, Provision, ProvisionId

LAWS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "laws"


def _statute(path: str) -> ParsedStatute:
    if not (LAWS / path).is_file():
        pytest.skip("corpus not found")
    return with_inferred_pairs(parse_statute((LAWS / path).read_text(encoding="utf-8"), path))


def _named(ps: ParsedStatute, article: int) -> tuple[list[int], list[int]]:
    """(explicit, inferred) 违则 articles of ``article``."""
    p = next(p for p in ps.provisions if p.id.article == article)
    return sorted({t.article for t in p.violated}), sorted({t.article for t in p.violated_inferred})


def _pen(text: str, *named: ProvisionId) -> Provision:
    return Provision(ProvisionId("x", None, 50), text, violated=named)


def test_a_list_goes_on_after_a_comma() -> None:
    # 广东省建设工程质量管理条例 (2021) art. 50: 违反本条例第十条第三项、第五项，第十三条，第十四条规定 — the window of the
    # penalty analysis ends at the first comma and kept art. 10 only
    p = _pen("第五十条 违反本条例第十条第三项、第五项，第十三条，第十四条规定的，由…责令改正，处一万元以上三万元以下罚款。",
             ProvisionId("x", None, 10, item=3), ProvisionId("x", None, 10, item=5))
    assert [x.article for x in listed_after_comma(p)] == [13, 14]
    assert _named(_statute("DLC/广东地方法规/地方性法规/广东/广东省建设工程质量管理条例(2021-09-29).md"), 50)[0] == [10, 13, 14]


def test_every_member_after_the_comma_goes_with_it() -> None:
    # 聊城市道路交通安全条例 (2021) art. 74: …第三十四条，第三十五条第一项、…、第十一项和第三十六条规定: 和 after the comma
    p = _pen("第七十四条 违反本条例第三十四条，第三十五条第一项、第二项、第四项和第三十六条规定的，由公安机关…处罚款。",
             ProvisionId("x", None, 34))
    assert sorted({x.article for x in listed_after_comma(p)}) == [35, 36]


def test_a_list_goes_on_after_an_item_range_the_grammar_does_not_read() -> None:
    # 北京市旅游管理条例 (1999) art. 55: 第二十八条第（一）至（四）项，第三十一条第二款，…，第四十三条和第四十七条规定
    p = _pen("第五十五条 违反本条例第二十八条第（一）至（四）项，第三十一条第二款，第三十四条第（一）、（二）项，第四十二条，"
             "第四十三条和第四十七条规定的，由旅游局处罚款。", ProvisionId("x", None, 28))
    assert sorted({x.article for x in listed_after_comma(p)}) == [31, 34, 42, 43, 47]
    assert {x.item for x in listed_after_comma(p) if x.article == 34} == {1, 2}


def test_a_comma_before_a_new_sentence_of_conduct_adds_nothing() -> None:
    # 上海市水产养殖保护规定 (2018) art. 22: 违反本规定第十七条，使用破坏水产资源的方法进行捕捞的，按照《…渔业法》第三十八条的
    # 相关规定: the penalty rule of another statute named after the conduct is no member of the list
    p = _pen("第二十二条 违反本规定第十七条，使用破坏水产资源的方法进行捕捞的，按照《中华人民共和国渔业法》第三十八条的相关规定"
             "予以处罚。", ProvisionId("x", None, 17))
    assert listed_after_comma(p) == ()
    # and a list of another statute's articles is of that statute: nothing of this one's is added
    p = _pen("第五十条 违反本条例第九条，《中华人民共和国渔业法》第三十条规定的，由…处罚款。", ProvisionId("x", None, 9))
    assert all(x.statute != "x" for x in listed_after_comma(p))


def test_a_short_chapter_named_is_each_of_its_rules() -> None:
    # 直销管理条例 (2017) art. 51: 直销企业违反本条例第五章有关规定的 — 第五章 保证金 holds six rules, no conduct narrows it
    explicit, _ = _named(_statute("行政法规/直销管理条例(2017-03-01).md"), 51)
    assert explicit == [29, 30, 31, 32, 33, 34]


def test_a_long_chapter_named_is_narrowed_by_the_conduct() -> None:
    # 国家通用语言文字法 (2000) art. 26 para. 3: 城市公共场所的设施和招牌、广告用字违反本法第二章有关规定的 → art. 14
    # (招牌、广告用字 …应当以国家通用语言文字为基本的用语用字), not the other eleven rules of 第二章
    ps = _statute("行政法/国家通用语言文字法(2000-10-31).md")
    assert _named(ps, 26) == ([], [14])
    pen = next(p for p in ps.provisions if p.id.article == 26)
    explicit, inferred = chapter_violated(pen, ps.provisions)
    assert explicit == () and "所引" in inferred[0].reason


def test_a_long_chapter_with_no_conduct_names_none() -> None:
    # 外资银行管理条例 (2019) art. 67: 违反本条例第四章有关规定从事经营 — 第四章 监督管理 holds 22 rules: none told apart
    ps = _statute("行政法规/外资银行管理条例(2019-09-30).md")
    assert _named(ps, 67) == ([], [])
    assert not any(pid.article == 67 for pid in named_violated(ps.provisions))


def test_a_hiring_conduct_is_no_subject_alone() -> None:
    # 劳动法 (2018) art. 94: 用人单位非法招用未满十六周岁的未成年人的 ends in 人 and was dropped as a subject alone
    text = "第九十四条 用人单位非法招用未满十六周岁的未成年人的，由劳动行政部门责令改正，处以罚款。"
    assert any("招用" in c for c in conduct_clauses(text))
    assert 15 in _named(_statute("社会法/劳动法(2018-12-29).md"), 94)[1]


def test_conducts_listed_by_comma_are_matched_one_by_one() -> None:
    # 海岛保护法 (2009) art. 50: 违反本法规定，在领海基点保护范围内进行工程建设…，在临时性利用的无居民海岛建造永久性建筑物
    # 或者设施，或者在…无居民海岛建造居民定居场所的 — three conducts, arts. 37, 34 and 35; matched whole, the first two
    # broke neither rule enough
    text = ("第五十条 违反本法规定，在领海基点保护范围内进行工程建设或者其他可能改变该区域地形、地貌活动，在临时性利用的"
            "无居民海岛建造永久性建筑物或者设施，或者在依法确定为开展旅游活动的可利用无居民海岛建造居民定居场所的，"
            "由县级以上人民政府海洋主管部门责令停止违法行为，处以二万元以上二十万元以下的罚款。")
    assert len(conduct_clauses(text)) == 3
    assert _named(_statute("行政法/海岛保护法(2009-12-26).md"), 50)[1] == [34, 35, 37]
    # not a list of places of one conduct: 在荒漠…的草原，以及生态脆弱区的草原上采挖植物 has no 在 after its comma
    assert len(conduct_clauses("第一条 在荒漠、半荒漠和严重退化、沙化的草原，以及生态脆弱区的草原上采挖植物的，由…处罚款。")) == 1
