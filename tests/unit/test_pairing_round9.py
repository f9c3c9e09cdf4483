"""违则 pairing, round 9 (issue 15): breach words, list lead-ins, licences and long lists, on real corpus wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pairing import MAX_PARTNERS, _listed_parties, conduct_clauses, infer_violated, requires_approval
from ingest.statutes import parse_statute
from kg.model import Provision, ProvisionId

LAWS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "laws"


def _inferred(path: str, article: int) -> list[int]:
    """The articles inferred as 违则 of ``article`` of the corpus statute at ``path`` (every 罚则 of it a penalty)."""
    if not (LAWS / path).is_file():
        pytest.skip("corpus not found")
    ps = parse_statute((LAWS / path).read_text(encoding="utf-8"), path)
    penalties = {p.id for p in ps.provisions if p.sanctions}
    pen = next(p for p in ps.provisions if p.id.article == article)
    return [t.article for t in infer_violated(ps.provisions, penalties).get(pen.id, ())]


def _art(statute: str, article: int, text: str) -> Provision:
    return Provision(ProvisionId(statute, None, article), text)


def test_breach_words_are_not_looked_for_in_the_rule() -> None:
    # 放射性污染防治法 (2003) art. 55 (三) 不按照规定报告放射源丢失、被盗情况或者放射性污染事故的 breaks art. 33
    # (发生放射源丢失、被盗和放射性污染事故时…必须…报告); with 不按照 its best match stayed below the bar
    assert 33 in _inferred("行政法/放射性污染防治法(2003-06-28).md", 55)


def test_a_list_lead_in_naming_the_party_is_no_conduct() -> None:
    # 菏泽市煤炭清洁生产使用监督管理条例 art. 21: 违反本条例规定，经营性储煤场地有下列行为之一的 names the party; its
    # "conduct" 经营性储煤场地 matched art. 9 (布点规划 of the sites) in full
    text = ("第二十一条 违反本条例规定，经营性储煤场地有下列行为之一的，由市、县区人民政府煤炭主管部门责令改正，"
            "并处一万元以上三万元以下的罚款；拒不改正的，责令停业整治：\n（一） 未按照要求进行地面和道路硬化的；\n"
            "（二） 未设置挡风抑尘墙或者防风抑尘网的；")
    clauses = conduct_clauses(text)
    assert not any("储煤场地" in c for c in clauses) and len(clauses) == 2
    got = _inferred("DLC/山东地方法规/地方性法规/山东/菏泽市煤炭清洁生产使用监督管理条例(2017-01-18).md", 21)
    assert 9 not in got and 11 in got


def test_a_list_lead_in_stating_a_conduct_keeps_it() -> None:
    # 杭州市大气污染防治规定 art. 33: the lead-in states the conduct (在检测过程中弄虚作假), the items its forms
    text = ("第三十三条 机动车排放检验机构在检测过程中弄虚作假，有下列行为之一的，由环境保护主管部门没收违法所得，"
            "并处十万元以上五十万元以下的罚款：\n（一）采取替车检测的；")
    assert any("弄虚作假" in c for c in conduct_clauses(text))


def test_the_article_requiring_a_licence_is_not_its_conditions() -> None:
    # 建筑法 (2019) art. 7 requires the 施工许可证; art. 8 lists the conditions for it
    art7 = _art("建筑法", 7, "第七条 建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门"
                "申请领取施工许可证；但是，国务院建设行政主管部门确定的限额以下的小型工程除外。")
    art8 = _art("建筑法", 8, "第八条 申请领取施工许可证，应当具备下列条件：\n（一）已经办理该建筑工程用地批准手续；")
    # 城镇燃气管理条例 (2016) art. 15: a licence system with its conditions
    art15 = _art("城镇燃气管理条例", 15, "第十五条 国家对燃气经营实行许可证制度。从事燃气经营活动的企业，应当具备下列条件：\n"
                 "（一）符合燃气发展规划要求；")
    assert requires_approval(art7) and not requires_approval(art8) and requires_approval(art15)


def test_an_activity_without_its_licence_breaks_the_licensing_article() -> None:
    # 建筑法 (2019) art. 64 未取得施工许可证或者开工报告未经批准擅自施工的 → art. 7, no longer art. 8 (the conditions)
    assert _inferred("经济法/建筑法(2019-04-23).md", 64) == [7]
    # 城镇燃气管理条例 (2016) art. 45 未取得燃气经营许可证从事燃气经营活动的 → art. 15, which states no duty otherwise
    assert 15 in _inferred("行政法规/城镇燃气管理条例(2016-02-06).md", 45)


def test_a_third_partys_licence_is_no_licence_breach() -> None:
    # 城镇燃气管理条例 (2016) art. 46 (四)-like wording: 向未取得燃气经营许可证的单位或者个人提供用于经营的燃气 is the
    # supplier's conduct, not an activity done without its own licence
    md = ("# 城镇燃气管理条例\n\n<!-- INFO END -->\n\n"
          "第十五条 国家对燃气经营实行许可证制度。从事燃气经营活动的企业，应当具备下列条件：\n（一）符合燃气发展规划要求；\n\n"
          "第十八条 燃气经营者不得有下列行为：\n（一）向未取得燃气经营许可证的单位或者个人提供用于经营的燃气；\n\n"
          "第四十六条 违反本条例规定，燃气经营者向未取得燃气经营许可证的单位或者个人提供用于经营的燃气的，"
          "由燃气管理部门责令限期改正，处1万元以上10万元以下罚款。\n")
    ps = parse_statute(md, "行政法规/城镇燃气管理条例(2016-02-06).md")
    penalties = {p.id for p in ps.provisions if p.sanctions}
    pen = next(p for p in ps.provisions if p.id.article == 46)
    assert [t.article for t in infer_violated(ps.provisions, penalties)[pen.id]] == [18]


def test_a_long_list_keeps_a_rule_per_item() -> None:
    # 东营市城镇容貌和环境卫生管理条例 art. 46: ten items breaking eight articles (15-19, 24, 30, 33), more than the
    # MAX_PARTNERS a short article keeps
    got = _inferred("DLC/山东地方法规/地方性法规/山东/东营市城镇容貌和环境卫生管理条例(2016-09-26).md", 46)
    assert len(got) > MAX_PARTNERS and {15, 17, 18, 19, 30, 33} <= set(got)


def test_a_rule_forbidding_the_unlicensed_activity_stays() -> None:
    # 导弹及相关物项和技术出口管制条例 (2002) art. 18 未经许可擅自出口导弹相关物项和技术的 breaks art. 4 (实行许可证件管理
    # 制度。未经许可，任何单位或者个人不得出口…), found by its activity; the article on the application is no better
    assert 4 in _inferred("行政法规/导弹及相关物项和技术出口管制条例(2002-08-22).md", 18)


def test_listed_parties_each_break_their_own_rule() -> None:
    # 建设工程质量管理条例 (2019) art. 61 勘察、设计、施工、工程监理单位允许其他单位或者个人以本单位名义承揽工程的: art. 18
    # binds 从事建设工程勘察、设计的单位, art. 25 施工单位, art. 34 工程监理单位
    assert _listed_parties("勘察、设计、施工、工程监理单位允许其他单位或者个人以本单位名义承揽工程") == (
        "勘察单位", "设计单位", "施工单位", "工程监理单位")
    # not a list of parties (淄博市节约能源条例 art. 42)
    assert _listed_parties("使用国家、省列入淘汰目录的生产工艺或者用能设备") == ()
    assert {18, 25, 34} <= set(_inferred("行政法规/建设工程质量管理条例(2019-04-23).md", 61))
