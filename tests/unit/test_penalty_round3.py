"""Penalty facts, round 3 (issue 15): statute-specific sanction kinds and subjects read from corpus wording."""

from __future__ import annotations

from ingest.penalties import analyse_penalty
from kg.model import SanctionKind

K = SanctionKind


def kinds(text: str) -> list[SanctionKind]:
    return [s.kind for s in analyse_penalty(text).sanctions if s.is_penalty]


def test_a_licence_held_back_is_a_suspension_and_revocation_as_a_named_penalty() -> None:
    # 民用航空法 art. 207: 吊扣执照 (暂扣许可证件), 给予吊销执照的处罚
    text = ("第二百零七条 违反本法第七十四条的规定，民用航空器未经空中交通管制单位许可进行飞行活动的，由国务院民用航空主管部门"
            "责令停止飞行，对该民用航空器所有人或者承租人处以一万元以上十万元以下的罚款；对该民用航空器的机长给予警告或者吊扣"
            "执照一个月至六个月的处罚，情节较重的，可以给予吊销执照的处罚。")
    assert kinds(text) == [K.FINE, K.WARNING, K.SUSPEND_LICENCE, K.REVOKE_LICENCE]


def test_a_revocation_named_in_a_decision_stays_out() -> None:
    # 行政执法机关移送涉嫌犯罪案件的规定 art. 11: 吊销执照的行政处罚决定 names a decision (a guard of the rule above)
    text = "行政执法机关向公安机关移送涉嫌犯罪案件前已经作出的警告，责令停产停业，暂扣或者吊销许可证、暂扣或者吊销执照的行政处罚决定，不停止执行。"
    assert "吊销执照" not in [s.text for s in analyse_penalty(text).sanctions]


def test_detention_after_huo() -> None:
    # 中国公民因私事往来香港地区或者澳门地区的暂行管理办法 art. 26
    text = ("第二十六条 持用伪造、涂改等无效的或者冒用他人的前往港澳通行证、往来港澳通行证、港澳同胞回乡证、入出境通行证的，"
            "除可以没收证件外，并视情节轻重，处以警告或五日以下拘留。")
    assert K.DETENTION in kinds(text)


def test_a_limited_business_scope_among_other_sanctions() -> None:
    # 保险法 art. 161
    text = ("第一百六十一条 保险公司有本法第一百一十六条规定行为之一的，由保险监督管理机构责令改正，处五万元以上三十万元以下的"
            "罚款；情节严重的，限制其业务范围、责令停止接受新业务或者吊销业务许可证。")
    assert kinds(text) == [K.FINE, K.RESTRICT_ACTIVITY, K.REVOKE_LICENCE]


def test_a_limited_business_scope_alone_is_a_prudential_measure() -> None:
    # 保险法 art. 138: measures against insufficient solvency, no 罚则
    text = ("第一百三十八条 对偿付能力不足的保险公司，国务院保险监督管理机构应当将其列为重点监管对象，并可以根据具体情况采取下列"
            "措施：\n（一）责令增加资本金、办理再保险；\n（二）限制业务范围；\n（三）限制向股东分红；")
    assert not analyse_penalty(text).is_penalty


def test_a_cancelled_qualification_certificate_is_a_revocation() -> None:
    # 河南省实施《中华人民共和国水土保持法》办法 art. 48
    text = ("第四十八条 从事水土保持方案编制、监测、监理、技术评估的技术服务单位违反本办法第三十九条规定的，由县级以上人民政府"
            "水行政主管部门责令改正；情节严重的，由有关部门依法降低资质等级或者取消其资格证书。")
    assert kinds(text) == [K.LOWER_QUALIFICATION, K.REVOKE_LICENCE]


def test_criticism_right_after_the_party_addressed() -> None:
    # 国有土地上房屋征收与补偿条例 art. 33
    text = ("第三十三条 贪污、挪用、私分、截留、拖欠征收补偿费用的，责令改正，追回有关款项，限期退还违法所得，对有关责任单位"
            "通报批评、给予警告；造成损失的，依法承担赔偿责任。")
    facts = [(s.kind, s.subject) for s in analyse_penalty(text).sanctions if s.is_penalty]
    assert facts == [(K.CRITICISM, "单位"), (K.WARNING, "单位")]


def test_a_party_condition_naming_a_kind_of_unit() -> None:
    # 深圳经济特区安全生产监督管理条例 art. 55 (一)
    text = ("第五十五条 生产经营单位的主要负责人…未按照本条例第三十八条规定经考核合格的，由负有安全生产监督管理职责的部门责令限期"
            "改正，并按照下列规定给予处罚：\n（一）属于高危生产经营单位的，处十万元以下的罚款，逾期未改正的，责令停产停业整顿，"
            "并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款；")
    fines = [(s.max_amount, s.subject) for s in analyse_penalty(text).sanctions if s.kind is K.FINE]
    assert fines == [(100_000.0, "单位"), (200_000.0, "单位"), (50_000.0, "责任人员")]
