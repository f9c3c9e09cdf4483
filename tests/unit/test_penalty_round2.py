"""Penalty facts, round 2 (issue 15): general wordings of the corpus the first round did not read."""

from __future__ import annotations

from ingest.penalties import analyse_penalty
from kg.model import SanctionKind

K = SanctionKind


def facts(text: str) -> list[tuple[SanctionKind, float | None, float | None, str | None]]:
    return [(s.kind, s.min_amount, s.max_amount, s.subject) for s in analyse_penalty(text).sanctions if s.is_penalty]


# -- whom a sanction hits -------------------------------------------------------------------------


def test_the_persons_responsible_of_the_party_just_named() -> None:
    # 河南省政府非税收入管理条例 art. 44
    text = ("第四十四条 违反本条例第三十二条规定行为之一的，由县级以上财政部门或者法律、法规规定的其他部门收缴并销毁非法印制的"
            "票据，没收违法所得和作案工具。对单位处五千元以上五万元以下罚款，并对其直接负责的主管人员和其他责任人员处三千元以上"
            "三万元以下罚款；对个人处三千元以上三万元以下罚款。情节严重或者造成重大损失的，对单位处五万元以上十万元以下罚款，并对"
            "其直接负责的主管人员和其他责任人员处三万元以上五万元以下罚款；对个人处三万元以上五万元以下罚款。")
    fines = [f for f in facts(text) if f[0] is K.FINE]
    assert [(f[1], f[3]) for f in fines] == [(5000.0, "单位"), (3000.0, "责任人员"), (3000.0, "个人"),
                                            (50_000.0, "单位"), (30_000.0, "责任人员"), (30_000.0, "个人")]


def test_a_party_itself_named_by_qi_is_no_subject() -> None:
    assert facts("由公安机关责令改正，对其处五百元罚款。") == [(K.FINE, 500.0, 500.0, None)]


def test_a_condition_naming_the_kind_of_party() -> None:
    # 濮阳市马颊河保护条例 art. 50
    text = ("第五十条 违反本条例第二十九条第二款规定，由县级人民政府农业主管部门责令改正，农药使用者为农产品生产企业、食品和食用"
            "农产品仓储企业、专业化病虫害防治服务组织和从事农产品生产的农民专业合作社等单位的，处五万元以上十万元以下罚款，"
            "农药使用者为个人的，处一万元以下罚款；构成犯罪的，依法追究刑事责任。")
    assert facts(text) == [(K.FINE, 50_000.0, 100_000.0, "单位"), (K.FINE, None, 10_000.0, "个人")]
    # 广东省实施《消防法》办法: 物业服务人为个人的，处警告或者五百元以下罚款
    assert [f[3] for f in facts("违反前款规定，物业服务人为个人的，处警告或者五百元以下罚款。")] == ["个人", "个人"]


# -- statute-specific kinds mapped to art. 9 ------------------------------------------------------


def test_limiting_production_and_suspension_for_rectification() -> None:
    # 广东省大气污染防治条例 art. 69
    text = ("第六十九条 违反本条例第十九条规定，重点大气污染物排放浓度未按照要求达到超低排放要求的，由县级以上人民政府生态环境主管"
            "部门责令改正或者限制生产、停产整治，并处十万元以上一百万元以下的罚款")
    assert [f[0] for f in facts(text)] == [K.RESTRICT_ACTIVITY, K.SUSPEND_BUSINESS, K.FINE]


def test_stopping_work_for_rectification_is_suspension() -> None:
    # 湖州市市容和环境卫生管理条例
    text = ("违反前款规定未采取有效防尘降尘措施的，由住房城乡建设、综合行政执法等主管部门按照各自职责责令改正，处一万元以上"
            "十万元以下的罚款；拒不改正的，责令停工整治。")
    assert [f[0] for f in facts(text)] == [K.FINE, K.SUSPEND_BUSINESS]


def test_measures_of_an_authority_set_no_sanction() -> None:
    assert facts("生态环境主管部门应当及时查明原因并采取限制生产、停产整治等治理措施。") == []


def test_a_business_barred_from_an_activity_for_a_term() -> None:
    text = ("第六十条 违反本条例第三十九条规定，物业服务企业未履行维护环境卫生和相关秩序等义务的，由自治县房屋行政主管部门责令"
            "限期改正，并在一年内不得参加物业管理招标投标活动；")
    assert [f[0] for f in facts(text)] == [K.RESTRICT_ACTIVITY]


def test_a_lifelong_ban_on_practice() -> None:
    # 化妆品监督管理条例 art. 59
    text = ("对违法单位的法定代表人或者主要负责人、直接负责的主管人员和其他直接责任人员处以其上一年度从本单位取得收入的3倍以上"
            "5倍以下罚款，终身禁止其从事化妆品生产经营活动")
    assert [f[0] for f in facts(text)] == [K.FINE, K.RESTRICT_PRACTICE]
