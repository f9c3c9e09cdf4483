"""Legal fixtures: the negative list honours an item's own 除外 and gives the real ground, certain only from the text."""

from __future__ import annotations

from kg.reports.graph import Item
from kg.reports.negative_list import _negative_matches, own_exclusions
from kg.reports.vocabularies import negative_rules

RULES = negative_rules()
WORDS = {r.id: tuple((v, v) for v in r.values) for r in RULES}
# 《大气污染防治法》第九十九条: closure needs the approval of the people's government
DQ_99 = ("第九十九条 违反本法规定，有下列行为之一的，由县级以上人民政府生态环境主管部门责令改正或者限制生产、停产整治，"
         "并处十万元以上一百万元以下的罚款；情节严重的，报经有批准权的人民政府批准，责令停业、关闭：")
# 《产品质量法》第五十条: 吊销营业执照, with no body reserved in the sentence
CPZL_50 = ("第五十条 在产品中掺杂、掺假，以假充真，以次充好，或者以不合格产品冒充合格产品的，责令停止生产、销售，"
           "没收违法生产、销售的产品，并处违法生产、销售产品货值金额百分之五十以上三倍以下的罚款；有违法所得的，并处没收违法所得；"
           "情节严重的，吊销营业执照；构成犯罪的，依法追究刑事责任。")


def item(name: str, scope: str | None = None) -> Item:
    return Item("K#1", "K-1", name, "K", None, None, "行政处罚", scope, None, None, None, ())


def matches(it: Item, kinds: set[str], text: str) -> dict[str, tuple[str, bool]]:
    found, _, _ = _negative_matches(it, RULES, WORDS, kinds, {}, [text])
    return {r.id: (ev, sure) for r, ev, sure in found}


def test_approval_of_the_government_makes_the_closure_rule_certain() -> None:
    got = matches(item("对超标排放大气污染物的行政处罚"), {"责令停产停业", "责令关闭"}, DQ_99)
    ev, sure = got["NL-S02"]
    assert sure and "报经有批准权的人民政府批准" in ev


def test_revocation_without_a_reserved_body_is_uncertain_and_not_grounded_on_art_63() -> None:
    got = matches(item("对以次充好的行政处罚"), {"吊销许可证件"}, CPZL_50)
    assert got["NL-S01"][1] is False
    rule = next(r for r in RULES if r.id == "NL-S01")
    assert "第六十三条" not in rule.basis and "第二十四条" in rule.basis


def test_an_items_own_exclusion_is_honoured() -> None:
    assert own_exclusions("对以次充好的行政处罚（吊销营业执照除外）") == {"吊销许可证件"}
    assert "NL-S01" not in matches(item("对以次充好的行政处罚（吊销营业执照除外）"), {"吊销许可证件"}, CPZL_50)
    assert "NL-S02" not in matches(item("对超标排放的行政处罚", "不含责令停业、关闭"), {"责令停产停业", "责令关闭"}, DQ_99)


def test_no_rule_cites_art_63_as_a_bar_to_delegation() -> None:
    assert all("第六十三条" not in r.basis for r in RULES)


def test_a_suggested_link_does_not_make_an_item_rest_on_a_statute() -> None:
    from kg.reports.graph import Link

    suggested = Link("罚则", "放射性污染防治法第五十条", "suggested", "放射性污染防治法@2003-06-28/art_50", "检索推荐第1位", 3.2)
    it = item("对违法设置户外广告的行政处罚")._replace(basis=(suggested,))
    found, _, cited = _negative_matches(it, RULES, WORDS, set(), {"放射性污染防治法": "放射性污染防治法"}, [])
    assert cited == [] and "NL-T03" not in {r.id for r, _, _ in found}
    resolved = it._replace(basis=(suggested._replace(status="resolved"),))
    found, _, _ = _negative_matches(resolved, RULES, WORDS, set(), {"放射性污染防治法": "放射性污染防治法"}, [])
    assert "NL-T03" in {r.id for r, _, _ in found}
