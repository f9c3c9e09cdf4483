"""Penalty facts, round 6 (issue 15): what is no 行政处罚 (a surcharge for late payment, a list of the kinds, what a
supervisory commission confiscates), kinds written loosely (限制、暂停其…业务, 报…人民政府予以关闭) and a paragraph's
own conduct named by a later paragraph, read from corpus wording (tests/quality/penalty_tuning4.yaml's failures)."""

from __future__ import annotations

from ingest.penalties import analyse_penalty
from ingest.sanction_kinds import KIND_PATTERNS
from kg.model import SanctionKind


def kinds(text: str) -> set[SanctionKind]:
    return {s.kind for s in analyse_penalty(text).sanctions}


def test_a_surcharge_for_late_payment_is_no_fine() -> None:
    # 公安机关办理行政案件程序规定 art. 218: 加处罚款 enforces a fine (行政强制法 art. 45), it sets none
    text = ("第二百一十八条 被处罚人未在本规定第二百一十四条规定的期限内缴纳罚款的，作出行政处罚决定的公安机关可以采取下列措施：\n"
            "（一）将依法查封、扣押的被处罚人的财物拍卖或者变卖抵缴罚款。拍卖或者变卖的价款超过罚款数额的，余额部分应当及时退还被处罚人；\n"
            "（二）不能采取第一项措施的，每日按罚款数额的百分之三加处罚款，加处罚款总额不得超出罚款数额。")
    assert analyse_penalty(text).sanctions == ()
    # beside a fine the article sets, the fine stays (价格违法行为行政处罚规定-like wording)
    both = "第十条 违反本办法第五条规定的，由价格主管部门处五千元以下的罚款；逾期不缴纳罚款的，每日按罚款数额的3%加处罚款。"
    fines = [s for s in analyse_penalty(both).sanctions if s.kind is SanctionKind.FINE]
    assert [f.max_amount for f in fines] == [5000]


def test_a_list_of_the_kinds_of_penalty_sets_none() -> None:
    # 行政处罚法 art. 9
    text = ("第九条 行政处罚的种类：\n（一）警告、通报批评；\n（二）罚款、没收违法所得、没收非法财物；\n"
            "（三）暂扣许可证件、降低资质等级、吊销许可证件；\n（四）限制开展生产经营活动、责令停产停业、责令关闭、限制从业；\n"
            "（五）行政拘留；\n（六）法律、行政法规规定的其他行政处罚。")
    assert analyse_penalty(text).sanctions == ()


def test_what_a_supervisory_commission_confiscates_is_no_penalty() -> None:
    # 公职人员政务处分法 art. 25
    text = ("第二十五条 公职人员违法取得的财物和用于违法行为的本人财物，除依法应当由其他机关没收、追缴或者责令退赔的，"
            "由监察机关没收、追缴或者责令退赔；应当退还原所有人或者原持有人的，依法予以退还；属于国家财产或者不应当退还以及"
            "无法退还的，上缴国库。")
    assert analyse_penalty(text).sanctions == ()


def test_restricting_and_suspending_one_business_are_two_sanctions() -> None:
    # 股票发行与交易管理暂行条例 art. 71
    text = ("第七十一条 证券经营机构违反本条例规定，有下列行为之一的，根据不同情况，单处或者并处警告、没收非法获取的股票和其他"
            "非法所得、罚款；情节严重的，限制、暂停其证券经营业务或者撤销其证券经营业务许可：\n（一）未按照规定的时间、程序、"
            "方式承销股票的；")
    assert {SanctionKind.RESTRICT_ACTIVITY, SanctionKind.SUSPEND_BUSINESS, SanctionKind.REVOKE_LICENCE} <= kinds(text)
    # not a measure on a service or a card (限制、暂停有关电话卡功能)
    assert not [k for k, p, _ in KIND_PATTERNS if k is SanctionKind.SUSPEND_BUSINESS and p.search("限制、暂停有关电话卡功能")]


def test_a_business_closed_by_a_government_is_closed() -> None:
    # 河南省建设项目环境保护条例 art. 32
    text = ("第三十二条 建设项目试生产超过三个月，建设单位未申请环境保护设施竣工验收的，由审批机关责令改正；逾期不改正的，"
            "责令停止试生产，可以处五万元以下的罚款；不停止试生产的，由审批机关报同级人民政府予以关闭。")
    assert SanctionKind.CLOSE in kinds(text)
    # 国务院关于预防煤矿生产安全事故的特别规定 art. 17: 应当提请有关地方人民政府对该煤矿予以关闭
    mine = ("第十七条 县级以上地方人民政府负责煤矿安全生产监督管理的部门、煤矿安全监察机构在监督检查中，1个月内3次或者3次以上"
            "发现煤矿企业未依照国家有关规定对井下作业人员进行安全生产教育和培训或者特种作业人员无证上岗的，应当提请有关地方人民"
            "政府对该煤矿予以关闭。")
    assert SanctionKind.CLOSE in kinds(mine)
    # 聊城市水环境保护条例 art. 42: a government closes a drinking-water source, no party's sanction
    well = ("第四十二条 对不符合地表水功能区划和国家有关标准、规范的要求，不能保障供水安全的在用饮用水水源，市、县（市）"
            "人民政府应当予以关闭。")
    assert SanctionKind.CLOSE not in kinds(well)


def test_a_later_paragraph_naming_the_conduct_an_earlier_one_fines_names_no_rule() -> None:
    # 机动车驾驶证申领和使用规定 art. 98: 有第一款第一项规定情形的 is the conduct para. 1 fines, not a rule
    text = ("第九十八条 机动车驾驶人有下列行为之一的，由公安机关交通管理部门处二十元以上二百元以下罚款：\n"
            "（一）机动车驾驶人补换领机动车驾驶证后，继续使用原机动车驾驶证的；\n"
            "（二）在实习期内驾驶机动车不符合第七十七条规定的；\n"
            "有第一款第一项规定情形的，由公安机关交通管理部门收回原机动车驾驶证。")
    assert [c.article for c in analyse_penalty(text).violated] == [77]
    # a paragraph that states a rule stays the 违则 a later paragraph names
    rule = ("第十二条 禁止在城市道路上晾晒物品。\n"
            "有第一款规定行为的，由城市管理综合执法部门责令改正，可以处五十元以下罚款。")
    assert [c.paragraph for c in analyse_penalty(rule).violated] == [1]


def test_a_paragraph_naming_its_own_article_s_paragraph_is_no_conduct_to_pair() -> None:
    # 机动车驾驶证申领和使用规定 art. 98: 有第一款第一项规定情形的 matched art. 79 word for word (…有第一款第一项情形…)
    from ingest.pairing import conduct_clauses

    text = ("第九十八条 机动车驾驶人有下列行为之一的，由公安机关交通管理部门处二十元以上二百元以下罚款：\n"
            "（一）机动车驾驶人补换领机动车驾驶证后，继续使用原机动车驾驶证的；\n"
            "有第一款第一项规定情形的，由公安机关交通管理部门收回原机动车驾驶证。")
    assert not [c for c in conduct_clauses(text) if "第一款" in c]
    # a 款 of another article, named with it, is another matter (违反本条例第十五条第二款规定的 names its 违则)
    assert conduct_clauses("第三十条 在禁止区域内擅自设置摊点的，由城市管理部门责令改正，处一百元罚款。") == ["在禁止区域内擅自设置摊点"]


def test_the_rule_a_penalty_article_states_before_its_sanction_is_its_own_违则() -> None:
    # 金融违法行为处罚办法 art. 8: para. 1 states the rule, para. 2 punishes its breach; the article itself is the 违则
    from ingest.pairing import infer_violated
    from kg.model import Provision, ProvisionId

    statute = "金融违法行为处罚办法"
    other = Provision(ProvisionId(statute, None, 3), "第三条 金融机构应当遵守国家有关金融管理的规定。")
    pen = Provision(ProvisionId(statute, None, 8),
                    "第八条 金融机构不得虚假出资或者抽逃出资。\n"
                    "金融机构虚假出资或者抽逃出资的，给予警告，没收违法所得，并处违法所得1倍以上5倍以下的罚款。")
    assert [t.article for t in infer_violated([other, pen], {pen.id})[pen.id]] == [8]
    # a consequence stated before the sanction is no rule of the party's (河南省建设工程质量管理条例 art. 45)
    civil = Provision(ProvisionId("河南省建设工程质量管理条例", None, 45),
                      "第四十五条 监理单位违反本条例规定造成工程质量不合格的，应当返还监理费用，依法或者按照合同约定赔偿经济"
                      "损失；由县级以上建设行政主管部门责令停业整顿，可处以监理费用一倍以下的罚款。")
    assert pen.id not in infer_violated([civil], {civil.id}) and civil.id not in infer_violated([civil], {civil.id})
