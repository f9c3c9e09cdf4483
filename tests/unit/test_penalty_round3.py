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


# -- fines: figures after 罚款, rates, caps, per-unit bases ----------------------------------------


def fines(text: str) -> list[tuple[float | None, float | None, float | None, float | None, str | None, str | None,
                                   str | None]]:
    return [(s.min_amount, s.max_amount, s.min_multiple, s.max_multiple, s.multiple_base, s.per, s.subject)
            for s in analyse_penalty(text).sanctions if s.kind is K.FINE]


def test_figures_after_the_fine_and_whom_it_hits() -> None:
    # 青岛市古树名木保护管理办法 art. 14
    text = ("第十四条 古树名木已受害或衰萎,其养护单位或个人未报告,导致死亡的,对单位罚款一千元至二千元;对个人罚款一百元至二百元。\n"
            "擅自处理已死亡古树名木的,罚款一千元至五千元。")
    assert fines(text) == [(1000.0, 2000.0, None, None, None, None, "单位"),
                           (100.0, 200.0, None, None, None, None, "个人"),
                           (1000.0, 5000.0, None, None, None, None, None)]


def test_a_per_unit_fine_with_its_figure_after() -> None:
    # 青岛市市政工程设施管理办法 art. 45 (三)
    assert fines("（三）有本办法第十条第二项行为，损坏路面的，每平方米罚款一百元；") == [
        (100.0, 100.0, None, None, None, "每平方米", None)]


def test_a_fine_computed_at_a_rate_of_the_loss() -> None:
    # 水污染防治法 art. 94 para. 2 (the article is a 罚则 by its first paragraph)
    text = ("第九十四条 企业事业单位违反本法规定，造成水污染事故的，除依法承担赔偿责任外，由县级以上人民政府环境保护主管部门"
            "依照本条第二款的规定处以罚款，责令限期采取治理措施，消除污染。\n"
            "对造成一般或者较大水污染事故的，按照水污染事故造成的直接损失的百分之二十计算罚款；对造成重大或者特大水污染事故的，"
            "按照水污染事故造成的直接损失的百分之三十计算罚款。")
    rated = [f[2:5] for f in fines(text) if f[2] is not None]
    assert rated == [(0.2, 0.2, "水污染事故造成的直接损失"), (0.3, 0.3, "水污染事故造成的直接损失")]


def test_a_fine_at_a_rate_alone_does_not_make_a_penalty_article() -> None:
    # 防治陆源污染物污染损害海洋环境管理条例 art. 30: which articles are 罚则 stays as the ranker knows it
    text = ("第三十条 对造成陆源污染物污染损害海洋环境事故，导致重大经济损失的，由县级以上人民政府环境保护行政主管部门按照直接"
            "损失百分之三十计算罚款，但最高不得超过二十万元。")
    assert not analyse_penalty(text).is_penalty


def test_the_cap_of_a_multiple_in_its_other_wordings() -> None:
    # 上海市司法鉴定管理条例 art. 47, 平顶山市河道保护条例 art. 36, 郑州市城市市容和环境卫生管理条例 art. 48
    assert fines("由司法行政部门没收违法所得，处违法所得一至三倍的罚款，罚款总额最高不得超过三万元。") == [
        (None, 30_000.0, 1.0, 3.0, "违法所得", None, None)]
    assert fines("情节严重的，处经济损失三倍以上五倍以下的罚款，最高罚款不得超过五万元。") == [
        (None, 50_000.0, 3.0, 5.0, "经济损失", None, None)]
    assert fines("对单位可处以应交垃圾处置费三倍以下且不超过三万元的罚款，对个人可处以应交垃圾处置费三倍以下且不超过一千元的罚款。") == [
        (None, 30_000.0, None, 3.0, "应交垃圾处置费", None, "单位"),
        (None, 1000.0, None, 3.0, "应交垃圾处置费", None, "个人")]


def test_at_most_a_multiple() -> None:
    # 山东省就业促进条例 art. 69
    text = ("由人力资源社会保障部门责令限期改正，没有违法所得的，可以处一万元以下的罚款，有违法所得的，可以处不超过违法所得三倍的"
            "罚款，但是，最高不得超过三万元，情节严重的，提请工商行政管理部门依法吊销营业执照。")
    assert fines(text)[1] == (None, 30_000.0, None, 3.0, "违法所得", None, None)


def test_per_unit_after_a_verb() -> None:
    # 深圳经济特区学前教育条例 art. 72, 出境入境管理法 art. 83, 娱乐场所管理条例 art. 52
    assert fines("由教育部门责令限期改正，并按照每聘用一人二万元的标准处以罚款。")[0][5] == "每人"
    assert fines("由出入境边防检查机关责令改正，处每载运一人五千元以上一万元以下罚款。")[0][5] == "每人"
    assert fines("由劳动保障行政部门责令改正，并按照每招用一名未成年人每月处5000元罚款的标准给予处罚。")[0][5] == "每名"


# -- a warning beside 处分 -------------------------------------------------------------------------


def test_a_warning_by_its_own_body_after_discipline() -> None:
    # 北京市禁止赌博条例 art. 12
    text = ("第十二条 机关、团体、企业事业单位主管负责人违反本条例第七条规定，发现本单位的赌博活动不制止、不报告的，视情节轻重可以"
            "由所在单位或者上级主管部门给予行政处分，也可以由区级以上公安机关给予警告并可以处200元以下罚款。")
    assert kinds(text) == [K.WARNING, K.FINE]


def test_a_warning_listed_with_discipline_stays_out() -> None:
    assert kinds("对直接负责的主管人员和其他直接责任人员依法给予警告、记过或者记大过处分。") == []
    # 全国农业普查条例 art. 40: criticism of census staff beside their 处分
    text = ("第四十条 普查人员失职、渎职等造成严重后果的，应当依法给予行政处分或者纪律处分，并可以由县级以上人民政府统计机构或者"
            "国家统计局派出的调查队给予通报批评。")
    assert not analyse_penalty(text).is_penalty


# -- whom a sanction hits: long lists of persons, persons barred ----------------------------------


def subjects(text: str) -> list[tuple[SanctionKind, str | None]]:
    return [(s.kind, s.subject) for s in analyse_penalty(text).sanctions if s.is_penalty]


def test_a_long_list_of_the_persons_responsible() -> None:
    # 地名管理条例 art. 37
    text = ("第三十七条 违反本条例第十八条规定，未使用或者未规范使用标准地名的，由县级以上地方人民政府地名行政主管部门或者其他有关"
            "部门责令限期改正；逾期不改正的，对违法单位通报批评，并通知有关主管部门依法处理；对违法单位的法定代表人或者主要负责人、"
            "直接负责的主管人员和其他直接责任人员，处2000元以上1万元以下罚款。")
    assert subjects(text)[-1] == (K.FINE, "责任人员")


def test_a_long_condition_after_dui_names_no_subject() -> None:
    # 浙江省禁毒条例 art. 45: 对从业人员进行毒品预防教育培训…的 is a conduct, not whom the warning hits
    text = ("第四十五条 违反本条例第十二条第二款规定，娱乐场所和经营服务场所未按照规定在场所显要位置张贴或者摆放禁毒警示标志、"
            "禁毒宣传品、公布举报电话的，由文化行政部门、公安机关给予警告，责令限期改正；未按照规定对从业人员进行毒品预防教育"
            "培训、签订禁毒责任书或者未落实禁毒防范措施的，由公安机关给予警告，责令限期改正，逾期未改正的，处三千元以上三万元以下罚款。")
    assert all(who is None for _, who in subjects(text))


def test_the_persons_barred_named_before_the_ban() -> None:
    # 农药管理条例 art. 63
    text = ("第六十三条 未取得农药生产许可证生产农药，未取得农药经营许可证经营农药，或者被吊销农药登记证、农药生产许可证、农药经营"
            "许可证的，其直接负责的主管人员10年内不得从事农药生产、经营活动。")
    assert subjects(text) == [(K.RESTRICT_PRACTICE, "责任人员")]


def test_per_unit_after_a_longer_verb() -> None:
    # 上海市安全生产条例 art. 65, 舟山市养犬管理条例 art. 37, 中国公民往来台湾地区管理办法 art. 35,
    # 宁波市住宅小区物业管理条例 art. 87
    assert fines("由安全生产监督管理部门责令限期改正，每少培训一人罚款五百元。")[0][5] == "每人"
    assert fines("由公安机关责令限期改正，每超养一只处一千元罚款。")[0][5] == "每只"
    assert fines("对有前款规定行为的，可以单处或者并处每逾期1日100元的罚款。")[0][5] == "每日"
    assert fines("由房产主管部门按照每违法出售、出租一个车位、车库处二万元以上五万元以下罚款。")[0][5] == "每车位"
    assert fines("由公安机关交通管理部门责令改正，每一停车位每日罚款一百元。")[0][5] == "每停车位"
