"""Penalty facts, round 2 (issue 15): general wordings of the corpus the first round did not read."""

from __future__ import annotations

from ingest.pairing import conduct_clauses, is_rule_article
from ingest.penalties import analyse_penalty
from ingest.penalty_bodies import general_enforcement_body
from ingest.pipeline import with_inferred_pairs
from ingest.statutes import parse_statute
from kg.model import Provision, ProvisionId, SanctionKind
from kg.numerals import cn_to_int

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


# -- the deciding body ------------------------------------------------------------------------------


def test_body_as_the_subject_that_shall_sanction() -> None:
    # 北京市反不正当竞争条例 art. 33
    text = ("第三十三条 经营者违反本条例第九条规定的，监督检查部门应当责令停止违法行为，没收违法所得，并监督销毁其擅自使用的知名"
            "商品特有的包装、装潢，可以根据情节处以违法所得1倍以上3倍以下的罚款；情节严重的，可以吊销营业执照；")
    assert analyse_penalty(text).competent_body == "监督检查部门"
    # a duty of the same body is no sanctioning construction
    assert analyse_penalty("第五条 监督检查部门应当加强对罚款收缴的监督。").competent_body is None


def _provisions(*texts: str) -> list[Provision]:
    out = []
    for t in texts:
        num = t.split("条", 1)[0].removeprefix("第")
        out.append(Provision(ProvisionId("x", None, cn_to_int(num)), t))
    return out


def test_supervisors_named_with_fenbie_or_as_the_competent_department() -> None:
    # 北京市野生动物保护管理条例 art. 5
    provs = _provisions("第五条 市、区园林绿化和农业农村部门（以下统称为野生动物主管部门）分别负责陆生野生动物和水生野生动物的"
                        "保护管理工作。")
    found = general_enforcement_body(provs)
    assert found is not None and "野生动物主管部门" in found[0]
    # 河南省价格监督检查条例 art. 6
    provs = _provisions("第六条 县级以上人民政府物价管理部门是价格监督检查的主管部门，其价格监督检查机构依法行使价格监督检查和"
                        "处理价格违法行为的职权。")
    assert general_enforcement_body(provs) == ("县级以上人民政府物价管理部门", ProvisionId("x", None, 6))


def test_the_other_penalties_of_an_assignment_by_kind() -> None:
    # 建设工程质量管理条例 art. 75 (art. 4 only asks the departments to 加强…监督管理)
    provs = _provisions("第四条 县级以上人民政府建设行政主管部门和其他有关部门应当加强对建设工程质量的监督管理。",
                        "第七十五条 本条例规定的责令停业整顿，降低资质等级和吊销资质证书的行政处罚，由颁发资质证书的机关决定；其他"
                        "行政处罚，由建设行政主管部门或者其他有关部门依照法定职权决定。")
    assert general_enforcement_body(provs) == ("建设行政主管部门或者其他有关部门", ProvisionId("x", None, 75))


def test_emergency_measures_and_product_policy_set_no_sanction() -> None:
    # 大气污染防治法 art. 96; 上海市建设工程材料管理条例 art. 16
    assert facts("第九十六条 县级以上地方人民政府应当依据重污染天气的预警等级，及时启动应急预案，根据应急需要可以采取责令有关企业"
                 "停产或者限产、限制部分机动车行驶、禁止燃放烟花爆竹、停止工地土石方作业和建筑物拆除施工、停止露天烧烤、停止幼儿园"
                 "和学校组织的户外活动、组织开展人工影响天气作业等应急措施。") == []
    assert facts("第十六条 本市禁止或者限制生产和使用污染环境、能耗高、生产工艺落后的用于建设工程的材料。") == []


def test_a_body_set_up_by_another_is_the_supervisor() -> None:
    # 杭州西溪国家湿地公园保护管理条例 art. 8
    provs = _provisions("第八条 管委会设立湿地公园管理机构（以下简称管理机构）具体负责湿地公园的保护和管理工作，依法行使下列职权：")
    assert general_enforcement_body(provs) == ("湿地公园管理机构（以下简称管理机构）", ProvisionId("x", None, 8))


def test_a_condition_naming_businesses_and_other_organisations() -> None:
    # 温州市民间融资管理条例 art. 41 (三)
    text = ("（三）民间借贷的借款人为自然人的，可以处一万元以上五万元以下罚款；为企业、其他组织的，可以处三万元以上十万元以下"
            "罚款。")
    assert [f[3] for f in facts(text)] == ["个人", "单位"]


def test_state_council_department_for_foreign_trade_is_named_whole() -> None:
    # 对外贸易法 (2016) art. 61: 国务院 followed by 对外贸易… is no body with its verb 对
    text = ("法律、行政法规没有规定的，由国务院对外贸易主管部门责令改正，没收违法所得，并处违法所得一倍以上五倍以下罚款，没有违法"
            "所得或者违法所得不足一万元的，处一万元以上五万元以下罚款；构成犯罪的，依法追究刑事责任。")
    assert analyse_penalty(text).competent_body == "国务院对外贸易主管部门"


def test_a_government_asked_to_act_is_not_the_sanctioning_body() -> None:
    # 畜禽规模养殖污染防治条例 art. 37
    text = ("第三十七条 违反本条例规定，在禁止养殖区域内建设畜禽养殖场、养殖小区的，由县级以上地方人民政府环境保护主管部门责令"
            "停止违法行为；拒不停止违法行为的，处3万元以上10万元以下的罚款，并报县级以上人民政府责令拆除或者关闭。")
    assert analyse_penalty(text).competent_body == "县级以上地方人民政府环境保护主管部门"


# -- 违则 ---------------------------------------------------------------------------------------


def test_conduct_listed_in_a_cited_article_names_its_rule() -> None:
    # 河南省价格监督检查条例 art. 31
    text = ("第三十一条 有本条例第二十条所列行为之一的，责令改正，给予警告。有违法所得的，予以没收，可处以违法所得一倍以上三倍以下"
            "的罚款；情节严重的，处以违法所得三倍以上五倍以下的罚款。")
    assert [c.article for c in analyse_penalty(text).violated] == [20]
    # 没有本法第X条规定的情形 is no conduct
    assert analyse_penalty("如果没有本法第十条规定的情形，由公安机关处二百元罚款。").violated == ()


# -- tuning supplement 3 (tests/quality/penalty_tuning3.yaml) -------------------------------------


def test_the_premium_due_is_a_base_not_a_payment() -> None:
    # 道路交通安全法 art. 98
    text = ("第九十八条 机动车所有人、管理人未按照国家规定投保机动车第三者责任强制保险的，由公安机关交通管理部门扣留车辆至依照"
            "规定投保后，并处依照规定投保最低责任限额应缴纳的保险费的二倍罚款。")
    info = analyse_penalty(text)
    (fine,) = info.sanctions
    assert (fine.min_multiple, fine.max_multiple) == (2, 2) and fine.multiple_base is not None
    assert info.competent_body == "公安机关交通管理部门"
    # 海关行政处罚实施条例 art. 59: paying a fine before leaving the country is procedure
    assert facts("第五十九条 受海关处罚的当事人或者其法定代表人、主要负责人应当在出境前缴清罚款、违法所得和依法追缴的货物、"
                 "物品、走私运输工具的等值价款。") == []


def test_the_cap_inside_the_figures_of_a_multiple() -> None:
    # 侵害消费者权益行为处罚办法 art. 15
    text = ("法律、法规未作规定的，由市场监督管理部门责令改正，可以单处或者并处警告，违法所得三倍以下、但最高不超过三万元的罚款，"
            "没有违法所得的，处以一万元以下的罚款。")
    fines = [s for s in analyse_penalty(text).sanctions if s.kind is K.FINE]
    assert [(f.max_multiple, f.max_amount) for f in fines] == [(3, 30_000), (None, 10_000)]


def test_a_policy_naming_revocation_sets_none() -> None:
    # 广东省市场监管条例 art. 19
    assert facts("第十九条 各级人民政府及其监管部门对违反市场监管法律、法规禁止性规定或者不符合强制性标准要求的市场主体，依法"
                 "采取吊销相关证照等市场退出措施。") == []


def test_the_body_named_last_before_the_first_penalty() -> None:
    # 北京市禁止赌博条例 art. 12 (its 警告, after the 处分 with a body of its own, is read since round 3)
    text = ("第十二条 机关、团体、企业事业单位主管负责人违反本条例第七条规定，发现本单位的赌博活动不制止、不报告的，视情节轻重"
            "可以由所在单位或者上级主管部门给予行政处分，也可以由区级以上公安机关给予警告并可以处200元以下罚款。")
    info = analyse_penalty(text)
    assert [s.kind for s in info.sanctions] == [K.WARNING, K.FINE]
    assert info.competent_body == "区级以上公安机关"


def test_an_object_of_dui_that_is_no_party_sanctioned() -> None:
    # 食品安全法实施条例 art. 80
    text = ("第八十条 发布未依法取得资质认定的食品检验机构出具的食品检验信息，或者利用上述检验信息对食品、食品生产经营者进行等级"
            "评定，欺骗、误导消费者的，由县级以上人民政府食品安全监督管理部门责令改正，有违法所得的，没收违法所得，并处10万元以上"
            "50万元以下罚款；")
    assert all(s.subject is None for s in analyse_penalty(text).sanctions)


def test_a_lead_fine_whose_figures_are_in_the_items() -> None:
    # 浙江省农产品质量安全规定 art. 33
    text = ("第三十三条 有下列情形之一的，由农产品质量监督管理部门、市场监督管理部门责令改正，处以罚款：\n"
            "（一）违反本规定第十七条规定，未按要求进行农产品贮存、运输和装卸的，可以处二千元以上二万元以下罚款；\n"
            "（二）违反本规定第十八条第一款规定，规模农产品生产者销售未检测或者检测不合格的农产品的，处二千元以上二万元以下罚款；\n"
            "（三）违反本规定第十九条第二款规定，规模农产品生产者销售的农产品未附具农产品合格证的，处一千元以上一万元以下罚款。")
    fines = [(f[1], f[2]) for f in facts(text) if f[0] is K.FINE]
    assert (None, None) not in fines and (1000, 10_000) in fines


def test_a_body_that_may_sanction_in_subject_position() -> None:
    # 重庆市市容环境卫生管理条例 (2018) art. 56, para. 3
    text = ("违反规定的，责令限期拆除；拒不拆除的，市容环境卫生主管部门可委托有关专业组织代为拆除，费用由违法行为人承担，并处五百元"
            "以上五千元以下罚款。")
    assert analyse_penalty(text).competent_body == "市容环境卫生主管部门"


def test_sanctions_on_authorities_or_their_staff_are_no_administrative_penalty() -> None:
    # 海关法 (2021) art. 96; 农业技术推广法 art. 35; 医疗器械注册与备案管理办法 art. 109
    assert facts("第九十六条 海关工作人员有本法第七十二条所列行为之一的，依法给予行政处分；有违法所得的，依法没收违法所得；构成"
                 "犯罪的，依法追究刑事责任。") == []
    assert facts("第三十五条 国家农业技术推广机构及其工作人员未依照本法规定履行职责的，由主管机关责令限期改正，通报批评；对直接"
                 "负责的主管人员和其他直接责任人员依法给予处分。") == []
    assert facts("第一百零九条 医疗器械技术审评机构未依照本办法规定履行职责，致使审评工作出现重大失误的，由负责药品监督管理的部门"
                 "责令改正，通报批评，给予警告；造成严重后果的，对违法单位的法定代表人、主要负责人、直接负责的主管人员和其他责任"
                 "人员，依法给予处分。") == []


def test_the_paragraph_on_authorities_sets_none_the_next_on_a_party_does() -> None:
    # 产品质量法 (2018) art. 67
    text = ("第六十七条 市场监督管理部门或者其他国家机关违反本法第二十五条的规定，向社会推荐生产者的产品或者以监制、监销等方式"
            "参与产品经营活动的，由其上级机关或者监察机关责令改正，消除影响，有违法收入的予以没收；情节严重的，对直接负责的主管"
            "人员和其他直接责任人员依法给予行政处分。\n"
            "产品质量检验机构有前款所列违法行为的，由市场监督管理部门责令改正，消除影响，有违法收入的予以没收，可以并处违法收入"
            "一倍以下的罚款；情节严重的，撤销其质量检验资格。")
    info = analyse_penalty(text)
    assert info.competent_body == "市场监督管理部门"
    assert [s.kind for s in info.sanctions if s.is_penalty] == [K.CONFISCATE_GAINS, K.FINE, K.REVOKE_LICENCE]


def test_a_procurement_agencys_staff_are_parties() -> None:
    # 政府采购法 art. 72: 采购人、采购代理机构及其工作人员 are fined, not disciplined authorities
    text = ("第七十二条 采购人、采购代理机构及其工作人员有下列情形之一，构成犯罪的，依法追究刑事责任；尚不构成犯罪的，处以罚款，"
            "有违法所得的，并处没收违法所得，属于国家机关工作人员的，依法给予行政处分：")
    assert K.FINE in [f[0] for f in facts(text)]


def test_conditions_of_on_the_spot_collection_and_templates_set_no_fine() -> None:
    # 公安机关办理行政案件程序规定 (2019) art. 214
    text = ("第二百一十四条 公安机关作出罚款决定，被处罚人应当自收到行政处罚决定书之日起十五日内，到指定的银行缴纳罚款。具有下列"
            "情形之一的，公安机关及其办案人民警察可以当场收缴罚款，法律另有规定的，从其规定：\n"
            "（一）对违反治安管理行为人处五十元以下罚款和对违反交通管理的行人、乘车人和非机动车驾驶人处罚款，被处罚人没有异议的；")
    assert facts(text) == []
    assert facts("依据《道路交通安全法》第XX条和《道路交通安全法实施条例》第XX条的规定，对你当场处以XX元的罚款。") == []


def test_the_same_fine_in_two_items_is_two_fines() -> None:
    # 浙江省农产品质量安全规定 art. 33 (items (一), (二) both 二千元以上二万元以下)
    text = ("第三十三条 有下列情形之一的，由农产品质量监督管理部门、市场监督管理部门责令改正，处以罚款：\n"
            "（一）违反本规定第十七条规定，未按要求进行农产品贮存、运输和装卸的，可以处二千元以上二万元以下罚款；\n"
            "（二）违反本规定第十八条第一款规定，规模农产品生产者销售未检测或者检测不合格的农产品的，处二千元以上二万元以下罚款；")
    assert [(f[1], f[2]) for f in facts(text) if f[0] is K.FINE] == [(2000, 20_000), (2000, 20_000)]


def test_a_body_deciding_by_its_duties() -> None:
    # 医疗器械生产监督管理办法 (2022) art. 79
    text = ("第七十九条 有下列情形之一的，由药品监督管理部门依职责责令限期改正；拒不改正的，处1万元以上5万元以下罚款；情节严重的，"
            "处5万元以上10万元以下罚款：")
    assert analyse_penalty(text).competent_body == "药品监督管理部门"


def test_a_penalty_assignment_naming_its_field() -> None:
    # 特种设备安全监督检查办法 (2022) art. 32
    provs = _provisions("第五条 县级以上地方市场监督管理部门负责本行政区域内的特种设备安全监督检查工作。",
                        "第三十二条 特种设备安全行政处罚由违法行为发生地的县级以上市场监督管理部门实施。")
    assert general_enforcement_body(provs) == ("违法行为发生地的县级以上市场监督管理部门", ProvisionId("x", None, 32))


def _rule(article: int, text: str) -> Provision:
    return Provision(ProvisionId("x", None, article), text)


def test_two_breaches_joined_by_yiji_are_matched_one_by_one() -> None:
    # 反间谍法 (2023) art. 61 → arts. 14, 15
    md = """# 中华人民共和国反间谍法

<!-- INFO END -->

第十四条 任何个人和组织都不得非法获取、持有属于国家秘密的文件、数据、资料、物品。

第十五条 任何个人和组织都不得非法生产、销售、持有、使用间谍活动特殊需要的专用间谍器材。专用间谍器材由国务院国家安全主管部门依照国家有关规定确认。

第六十一条 非法获取、持有属于国家秘密的文件、数据、资料、物品，以及非法生产、销售、持有、使用专用间谍器材，尚不构成犯罪的，由国家安全机关予以警告或者处十日以下行政拘留。
"""
    ps = with_inferred_pairs(parse_statute(md, "行政法/反间谍法(2023-04-26).md"))
    pen = next(p for p in ps.provisions if p.id.article == 61)
    assert sorted(t.article for t in pen.violated_inferred) == [14, 15]


def test_the_conduct_of_a_party_named_after_it() -> None:
    # 医疗用毒性药品管理办法 art. 11
    text = ("第十一条 对违反本办法的规定，擅自生产、收购、经营毒性药品的单位或者个人，由县以上卫生行政部门没收其全部毒性药品，"
            "并处以警告或按非法所得的五至十倍罚款。")
    assert [c.strip("，") for c in conduct_clauses(text)] == ["擅自生产、收购、经营毒性药品"]


def test_authorities_acting_on_a_conduct_are_no_rule() -> None:
    # 市场主体登记管理条例实施细则 art. 50; 征信业管理条例 art. 33; 反食品浪费法 art. 17
    assert not is_rule_article(_rule(50, "第五十条 对涉嫌提交虚假材料或者采取其他欺诈手段隐瞒重要事实取得市场主体登记的行为，登记机关可以"
                                         "根据当事人申请或者依职权主动进行调查。"))
    assert not is_rule_article(_rule(33, "第三十三条 国务院征信业监督管理部门及其派出机构依照法律、行政法规和国务院的规定，履行对征信业"
                                         "和金融信用信息基础数据库运行机构的监督管理职责，可以采取下列监督检查措施："))
    assert not is_rule_article(_rule(17, "第十七条 各级人民政府及其有关部门应当建立反食品浪费监督检查机制，对发现的食品浪费问题及时督促"
                                         "整改。\n食品生产经营者在食品生产经营过程中严重浪费食品的，县级以上地方人民政府市场监督管理、"
                                         "商务等部门可以对其法定代表人或者主要负责人进行约谈。"))


def test_a_rule_of_another_statute_named_needs_no_inference() -> None:
    # 商标法实施条例 (2014) art. 71
    assert conduct_clauses("第七十一条 违反商标法第四十三条第二款规定的，由工商行政管理部门责令限期改正；逾期不改正的，责令停止"
                           "销售，拒不停止销售的，处10万元以下的罚款。") == []


def test_items_after_a_cited_rule_joined_by_or_are_conducts_of_their_own() -> None:
    # 测量标志保护条例 art. 23
    text = ("第二十三条 有本条例第二十二条禁止的行为之一，或者有下列行为之一的，由县级以上人民政府管理测绘工作的部门责令限期改正，"
            "给予警告，并可以根据情节处以5万元以下的罚款：\n"
            "(一)干扰或者阻挠测量标志建设单位依法使用土地或者在建筑物上建设永久性测量标志的；")
    clauses = conduct_clauses(text)
    assert clauses and not any("第二十二条" in c for c in clauses) and "测量标志" in clauses[0]


def test_a_paragraph_punishing_the_rules_before_it_names_its_own_article() -> None:
    # 重庆市市容环境卫生管理条例 (2018) art. 56
    md = """# 重庆市市容环境卫生管理条例

<!-- INFO END -->

第五十六条 禁止在主、次干道的车行道、人行道上设置机动车辆清洗、维护、装饰场所。

依据规划设置的车辆清洗场所，应当符合容貌标准，进出口道路应硬化处理，排污设施应符合有关技术规范。

违反规定的，责令限期拆除；拒不拆除的，市容环境卫生主管部门可委托有关专业组织代为拆除，费用由违法行为人承担，并处五百元以上五千元以下罚款。
"""
    ps = parse_statute(md, "DLC/重庆地方法规/地方性法规/重庆/重庆市市容环境卫生管理条例(2018-07-26).md")
    (art,) = ps.provisions
    assert [(t.article, t.paragraph) for t in art.violated] == [(56, 1), (56, 2)]
    # a 违反规定的 with no rule of the article before it names nothing
    assert analyse_penalty("第五十七条 违反规定的，处五十元罚款。").own_rule_paragraphs == ()


def test_an_institution_failing_its_duties_that_loses_its_licence_is_a_party() -> None:
    # 艾滋病防治条例 (2019) art. 55
    text = ("第五十五条 医疗卫生机构未依照本条例规定履行职责，有下列情形之一的，由县级以上人民政府卫生主管部门责令限期改正，通报"
            "批评，给予警告；造成艾滋病传播、流行或者其他严重后果的，对负有责任的主管人员和其他直接责任人员依法给予降级、撤职、"
            "开除的处分，并可以依法吊销有关机构或者责任人员的执业许可证件；构成犯罪的，依法追究刑事责任：")
    assert K.REVOKE_LICENCE in [f[0] for f in facts(text)]


def test_a_short_named_party_decides_below_the_bar() -> None:
    # 建设工程质量管理条例 (2019) art. 66 → art. 41 (score about 0.5; both name 施工单位)
    md = """# 建设工程质量管理条例

<!-- INFO END -->

第四十一条 建设工程在保修范围和保修期限内发生质量问题的，施工单位应当履行保修义务，并对造成的损失承担赔偿责任。

第六十六条 违反本条例规定，施工单位不履行保修义务或者拖延履行保修义务的，责令改正，处10万元以上20万元以下的罚款，并对在保修期内因质量缺陷造成的损失承担赔偿责任。
"""
    ps = with_inferred_pairs(parse_statute(md, "行政法规/建设工程质量管理条例(2019-04-23).md"))
    pen = next(p for p in ps.provisions if p.id.article == 66)
    assert [t.article for t in pen.violated_inferred] == [41]


def test_a_ban_on_an_activity_is_a_business_restriction_for_a_business() -> None:
    # 济南市城市建筑垃圾管理条例 art. 43 (a business) vs 化妆品监督管理条例 art. 59 (the persons responsible)
    text = ("第四十三条 建筑垃圾运输企业有下列违法行为在一年之内被处罚三次以上的，由市城市管理局决定其退出建筑垃圾运输企业名录，"
            "三年内不得从事建筑垃圾运输：")
    assert [f[0] for f in facts(text)] == [K.RESTRICT_ACTIVITY]
    text = ("对违法单位的法定代表人或者主要负责人、直接负责的主管人员和其他直接责任人员处以其上一年度从本单位取得收入的3倍以上"
            "5倍以下罚款，终身禁止其从事化妆品生产经营活动")
    assert [f[0] for f in facts(text)] == [K.FINE, K.RESTRICT_PRACTICE]


def test_building_without_the_permit_pairs_with_the_article_requiring_it() -> None:
    # 城乡规划法 art. 64 → art. 40 (未取得建设工程规划许可证 as 未经批准: the object against the approving article);
    # art. 39's 由县级以上人民政府撤销有关批准文件 is an authority's act, no rule
    assert not is_rule_article(_rule(39, "第三十九条 规划条件未纳入国有土地使用权出让合同的，该国有土地使用权出让合同无效；对未取得"
                                         "建设用地规划许可证的建设单位批准用地的，由县级以上人民政府撤销有关批准文件；占用土地的，"
                                         "应当及时退回；给当事人造成损失的，应当依法给予赔偿。"))


def test_customs_and_the_central_bank_as_enforcing_bodies() -> None:
    # 金融违法行为处罚办法 art. 3; 海关行政处罚实施条例 art. 3; 证券公司监督管理条例 art. 6; 海关法 (2021) art. 2
    provs = _provisions("第三条 本办法规定的行政处罚，由中国人民银行决定；但是本办法第二十四条、第二十五条规定的行政处罚，由国家外汇"
                        "管理机关决定。")
    assert general_enforcement_body(provs) == ("中国人民银行", ProvisionId("x", None, 3))
    provs = _provisions("第三条 海关行政处罚由发现违法行为的海关管辖，也可以由违法行为发生地海关管辖。")
    assert general_enforcement_body(provs) == ("发现违法行为的海关", ProvisionId("x", None, 3))
    provs = _provisions("第六条 国务院证券监督管理机构依法履行对证券公司的监督管理职责。")
    assert general_enforcement_body(provs) == ("国务院证券监督管理机构", ProvisionId("x", None, 6))
    provs = _provisions("第二条 中华人民共和国海关是国家的进出关境（以下简称进出境）监督管理机关。")
    assert general_enforcement_body(provs) == ("中华人民共和国海关", ProvisionId("x", None, 2))
