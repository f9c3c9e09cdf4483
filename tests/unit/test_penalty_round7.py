"""Penalty facts, round 7 (issue 15): what is no 行政处罚 (a police measure, a guardianship or a benefit withdrawn, a
legislative power, a definition, the discipline of detainees, a warning to an organ), who decides (a body the clause
names in other words, an item's lead-in, the statute's general enforcement article) and against whom, read from corpus
wording (the 罚则 with no deciding body, penalty_tuning4.yaml's failures)."""

from __future__ import annotations

from dataclasses import replace

from ingest.penalties import analyse_penalty
from ingest.penalty_bodies import general_enforcement_body, infer_competent_bodies
from kg.model import Provision, ProvisionId, SanctionKind


def kinds(text: str) -> set[SanctionKind]:
    return {s.kind for s in analyse_penalty(text).sanctions}


def _provision(statute: str, n: int, text: str) -> Provision:
    info = analyse_penalty(text)
    return replace(Provision(ProvisionId(statute, None, n), text), sanctions=info.sanctions,
                   competent_body=info.competent_body)


# --------------------------------------------------------------------------
# no 行政处罚
# --------------------------------------------------------------------------

def test_a_police_measure_or_an_immunity_is_no_detention() -> None:
    # 人民警察法 art. 8; 集会游行示威法 art. 27 para. 2; 领事特权与豁免条例 art. 12
    assert not analyse_penalty("第八条 公安机关的人民警察对严重危害社会治安秩序或者威胁公共安全的人员，可以强行带离现场、依法予以"
                               "拘留或者采取法律规定的其他措施。").is_penalty
    assert not analyse_penalty("有前款所列情形之一，不听制止的，人民警察现场负责人有权命令解散；拒不解散的，人民警察现场负责人有权"
                               "依照国家有关规定决定采取必要手段强行驱散，并对拒不服从的人员强行带离现场或者立即予以拘留。").is_penalty
    assert not analyse_penalty("领事官员不受逮捕或者拘留，但有严重犯罪情形，依照法定程序予以逮捕或者拘留的不在此限。").is_penalty
    # a detention set as a sanction stays (重庆市查禁赌博条例 art. 7)
    gambling = ("第七条 以营利为目的，为赌博提供场所、工具、资金或者其他条件的，处五日以下拘留或者五百元以下罚款；情节严重的，"
                "处十日以上十五日以下拘留，并处五百元以上三千元以下罚款。")
    assert SanctionKind.DETENTION in kinds(gambling)


def test_a_guardianship_a_benefit_or_an_honour_withdrawn_is_no_licence_revoked() -> None:
    # 浙江省未成年人保护条例 art. 13: a court's; 北京市居家养老服务条例 art. 21; 浙江省社会治安综合治理条例 art. 29
    assert not analyse_penalty("…未成年人住所地的村（居）民委员会、民政部门等，可以申请人民法院撤销其监护人资格，另行确定监护人。").sanctions
    assert not analyse_penalty("第二十一条 享受政府补贴或者政策优惠的养老服务企业事业单位和社会组织没有履行相应义务的，由发放补贴的"
                               "部门收回补贴，取消其享受优惠的资格，并记入本市信用信息系统。").is_penalty
    assert not analyse_penalty("有关地区、部门和单位有下列情形之一的，经县级以上社会治安综合治理委员会决定，在规定期限内取消其评选"
                               "综合性荣誉称号的资格").is_penalty
    # 村民委员会组织法 implementing rules: villagers asking to remove a representative
    assert not analyse_penalty("原推选单位三分之一以上有选举权的村民或者户的代表书面联名，可以向村民委员会提出取消本推选单位产生的"
                               "村民代表的资格。").is_penalty
    # beside a fine the fine stays (河南省固体废物污染环境防治条例 art. 66)
    waste = ("第六十六条 违反本条例第四十八条规定，采取弄虚作假等不正当手段，骗取资源综合利用政策优惠的，由资源综合利用行政主管"
             "部门取消享受优惠政策资格，并处以一万元以上五万元以下的罚款。")
    assert kinds(waste) == {SanctionKind.FINE}
    # a qualification revoked as a sanction stays (化妆品监督管理条例-like 取消…资格)
    assert SanctionKind.REVOKE_LICENCE in kinds("文化娱乐经纪机构和经纪人，一年内未从事经营活动的，由市文化行政管理部门取消其"
                                                "经营资格。")


def test_a_power_to_set_penalties_or_a_definition_sets_none() -> None:
    # 行政处罚法 art. 13; 山东省地方政府规章设定罚款限额规定 art. 3; 公安机关办理行政案件程序规定 art. 123 para. 2
    assert not analyse_penalty("尚未制定法律、行政法规的，国务院部门规章对违反行政管理秩序的行为，可以设定警告、通报批评或者一定数额"
                               "罚款的行政处罚。").sanctions
    assert not analyse_penalty("第三条 地方政府规章可以在法律、法规规定的给予罚款处罚的行为、幅度范围内作出具体规定。").sanctions
    assert not analyse_penalty("前款第三项所称“较大数额罚款”，是指对个人处以二千元以上罚款，对单位处以一万元以上罚款。").sanctions
    # 擅自设定… as the conduct: the fine set in a segment of its own stays
    assert SanctionKind.FINE in kinds("违反本条例规定，擅自设定收费项目的，由价格主管部门处五千元以上五万元以下罚款。")


def test_the_discipline_of_detainees_is_no_penalty() -> None:
    # 看守所条例 art. 36
    assert not analyse_penalty("第三十六条 看守所对于违反监规的人犯，可予以警告或者训诫；情节严重，经教育不改的，可以责令具结悔过或者"
                               "经看守所所长批准予以禁闭。").sanctions
    # 未成年人犯罪 names no detainee (预防未成年人犯罪法 art. 62)
    school = ("第六十二条 学校及其教职员工违反本法规定，不履行预防未成年人犯罪工作职责，或者虐待、歧视相关未成年人的，由教育行政"
              "等部门责令改正，通报批评。")
    assert SanctionKind.CRITICISM in kinds(school)


# --------------------------------------------------------------------------
# the deciding body
# --------------------------------------------------------------------------

def test_bodies_the_clause_names_in_other_words() -> None:
    # 资产评估法 art. 49: 有关… as a body, not a conduct (有…行为)
    assert analyse_penalty("第四十九条 评估机构、评估专业人员在一年内累计三次因违反本法规定受到责令停业、责令停止从业以外处罚的，"
                           "有关评估行政管理部门可以责令其停业或者停止从业一年以上五年以下。").competent_body == "有关评估行政管理部门"
    # 河南省促进高新技术产业发展条例 art. 57: 由…部门取消
    assert analyse_penalty("第五十七条 骗取高新技术产业发展项目资金和高新技术企业资格，享受相关优惠政策的，由认定的行政主管部门"
                           "取消该项目和其资格，有违法所得的，没收其违法所得，并处违法所得一倍以上五倍以下罚款。"
                           ).competent_body == "认定的行政主管部门"
    # 北京市反不正当竞争条例 art. 42: the body, then when it acts
    assert analyse_penalty("第四十二条 监督检查部门在监督检查不正当竞争行为时，被检查的经营者故意拖延或者不如实提供有关资料和情况"
                           "的，可以根据情节，对有关责任者处以5000元以下的罚款。").competent_body == "监督检查部门"
    # 传染病防治法实施办法 art. 70: the body that asks its government's approval
    assert analyse_penalty("有下列行为之一的单位和个人，县级以上政府卫生行政部门报请同级政府批准，对单位予以通报批评；"
                           ).competent_body == "县级以上政府卫生行政部门"
    # 政府采购法 art. 82 para. 2: the party in an assessment is no body
    assert analyse_penalty("集中采购机构在政府采购监督管理部门考核中，虚报业绩，隐瞒真实情况的，处以二万元以上二十万元以下的罚款"
                           ).competent_body is None
    # 监控化学品管理条例 art. 21: 可以提请…人民政府 asks another body
    body = analyse_penalty("第二十一条 违反本条例规定，生产、使用或者销售列入限制名录的监控化学品的，由省、自治区、直辖市人民政府"
                           "化学工业主管部门责令限期改正；逾期不改正的，可以处20万元以下的罚款；情节严重的，可以提请省、自治区、直辖市"
                           "人民政府责令停产整顿。").competent_body
    assert body == "省、自治区、直辖市人民政府化学工业主管部门"


def test_an_items_lead_in_names_the_body() -> None:
    # 山东省实施《中华人民共和国反不正当竞争法》办法 art. 25 (cut): an item's 由有关部门… is not the article's body
    text = ("第二十五条 经营者违反本办法规定的，由监督检查机关依照下列规定予以处罚；构成犯罪的，依法追究刑事责任：\n"
            "（一）违反本办法第八条规定的，没收违法所得，并可以根据情节处违法所得一倍以上三倍以下罚款；\n"
            "（二）违反本办法第八条规定的，由有关部门吊销其营业执照，并可以根据情节处违法所得一倍以上三倍以下罚款；")
    assert analyse_penalty(text).competent_body == "监督检查机关"
    # an item naming its own body keeps it
    own = ("第四十四条 对经营者违反本条例的行为，按照下列规定给予处罚：\n"
           "（一）违反第九条的，由区住房城乡建设部门责令改正，处一千元以上一万元以下罚款；")
    assert analyse_penalty(own).competent_body == "区住房城乡建设部门"


def test_general_enforcement_articles_in_other_words() -> None:
    def body(*texts: str) -> str | None:
        provs = [Provision(ProvisionId("x", None, n), t) for n, t in enumerate(texts, 1)]
        found = general_enforcement_body(provs)
        return found[0] if found else None

    # 外汇管理条例 art. 2 (an ASCII parenthesis, 依法履行…职责，负责)
    assert body("国务院外汇管理部门及其分支机构(以下统称外汇管理机关)依法履行外汇管理职责，负责本条例的实施。") == (
        "国务院外汇管理部门及其分支机构(以下统称外汇管理机关)")
    # 渔业法实施细则 art. 3: 由…部门监督管理, the local one after the national one
    assert body("第三条 国家对渔业的监督管理，实行统一领导、分级管理。\n"
                "国务院划定的“机动渔船底拖网禁渔区线”外侧，属于中华人民共和国管辖海域的渔业，由国务院渔业行政主管部门及其所属的"
                "海区渔政管理机构监督管理；\n内陆水域渔业，按照行政区划由当地县级以上地方人民政府渔业行政主管部门监督管理；"
                ) == "当地县级以上地方人民政府渔业行政主管部门"
    # 平顶山市城市绿化条例 art. 4: a line broken in the corpus after 本市行政区域内的城
    assert body("第四条 市城市绿化行政主管部门负责本市行政区域内的城\n市绿化工作。") == "市城市绿化行政主管部门"
    # 重庆市查禁赌博条例 art. 4: 各级公安机关 is a body, 各级人民政府 is not
    assert body("第四条 各级人民政府负责领导查禁赌博的工作，督促和检查本条例的实施。\n各级公安机关是查禁赌博的主管部门，"
                "应当认真履行职责。") == "各级公安机关"
    # 石柱土家族自治县西沱国家历史文化名镇保护条例 art. 7: （以下简称…），负责
    assert body("第七条 自治县人民政府设立西沱历史名镇保护管理机构（以下简称保护管理机构），负责西沱历史名镇的保护、规划、"
                "建设、利用和管理等工作。") == "西沱历史名镇保护管理机构（以下简称保护管理机构）"
    # a body set up, then a comma, is no supervisor (高等教育自学考试暂行条例 art. 7, 周口市淮阳龙湖保护条例 art. 7)
    assert body("第七条 全国考委根据工作需要设立若干专业委员会，负责拟订专业考试计划和课程自学考试大纲。") is None
    # a government's duty is none (妇女权益保障法 art. 3)
    assert body("县级以上人民政府负责妇女儿童工作的机构，负责组织、协调、指导、督促有关部门做好妇女权益的保障工作。") is None


def test_an_assignment_to_bodies_by_the_division_of_duties() -> None:
    # 北京市单用途预付卡管理条例 art. 27 (…执法机构，按照市人民政府确定的执法分工实施) for art. 31
    statute = "北京市单用途预付卡管理条例"
    pen = _provision(statute, 31, "第三十一条 经营者违反本条例第二十条规定迟报、瞒报、虚报有关信息的，责令限期改正；逾期不改的，"
                                  "处一千元以上五千元以下罚款。")
    assert pen.is_penalty and pen.competent_body is None
    assign = Provision(ProvisionId(statute, None, 27), "第二十七条 本条例规定的行政处罚，分别由民政、市场监督管理等部门及城市管理"
                                                       "综合执法机构，按照市人民政府确定的执法分工实施。")
    out = infer_competent_bodies([assign, pen])[1]
    assert out.competent_body == "民政、市场监督管理等部门及城市管理综合执法机构"
    assert out.competent_body_source == "inferred" and out.competent_body_basis == assign.id


def test_a_warning_to_an_organ_is_no_penalty() -> None:
    # 政府采购法实施条例 art. 67: 采购人 are 国家机关、事业单位和团体组织 (政府采购法 art. 2)
    buyer = ("第六十七条 采购人有下列情形之一的，由财政部门责令限期改正，给予警告，对直接负责的主管人员和其他直接责任人员依法给予"
             "处分，并予以通报：\n（一）未按照规定编制政府采购实施计划或者未按照规定将政府采购实施计划报本级人民政府财政部门备案；")
    assert not analyse_penalty(buyer).is_penalty
    # 流动人口计划生育工作条例 art. 20; 病原微生物实验室生物安全管理条例 art. 69
    assert not analyse_penalty("第二十条 流动人口户籍所在地的乡(镇)人民政府或者街道办事处在流动人口计划生育工作中有下列情形之一的，"
                               "分别由乡(镇)人民政府、县级人民政府责令改正，通报批评：").is_penalty
    assert not analyse_penalty("第六十九条 县级以上人民政府有关主管部门，未依照本条例的规定履行实验室及其实验活动监督检查职责的，由"
                               "有关人民政府在各自职责范围内责令改正，通报批评。").is_penalty
    # a warning to a supplier (a business) is a 行政处罚; so is one to 采购人、采购代理机构 beside a fine (政府采购法 art. 71)
    assert analyse_penalty("供应商有下列情形之一的，由财政部门给予警告，责令限期改正：").is_penalty
    assert analyse_penalty("第七十一条 采购人、采购代理机构有下列情形之一的，责令限期改正，给予警告，可以并处罚款：").is_penalty
    # organs among other parties stay (机关、团体、企业事业单位…未依照本条例规定开展法治宣传教育的)
    assert analyse_penalty("第三十四条 机关、团体、企业事业单位和其他社会组织未依照本条例规定开展法治宣传教育的，由全民普法依法治理"
                           "工作领导小组办公室给予通报批评。").is_penalty


# --------------------------------------------------------------------------
# against whom, and procedure
# --------------------------------------------------------------------------

def subjects(text: str) -> list[tuple[str, str | None]]:
    return [(s.kind.value, s.subject) for s in analyse_penalty(text).sanctions]


def test_an_organisations_licence_is_not_the_persons() -> None:
    # 艾滋病防治条例 art. 57: the persons are disciplined, the blood station's licence revoked
    text = ("第五十七条 血站、单采血浆站违反本条例规定，有下列情形之一，构成犯罪的，依法追究刑事责任；造成艾滋病传播、流行或者其他"
            "严重后果的，对负有责任的主管人员和其他直接责任人员依法给予降级、撤职、开除的处分，并可以依法吊销血站、单采血浆站的执业"
            "许可证：")
    assert subjects(text) == [("吊销许可证件", None)]
    # a person's own licence stays theirs (…对直接负责的主管人员…吊销其执业证书)
    own = "对直接负责的主管人员和其他直接责任人员处一万元以上五万元以下罚款，并吊销其执业证书。"
    assert ("吊销许可证件", "责任人员") in subjects(own)


def test_a_lists_lead_in_names_the_party_not_a_subject() -> None:
    # 青岛市城市节约用水管理条例 art. 29
    text = ("第二十九条 对有下列行为之一的用水单位,由节水行政主管部门视情节轻重,给予警告、责令限期改正或补办有关手续。")
    assert subjects(text) == [("警告", None), ("责令改正", None)]
    # a split by subject stays (济南市名泉保护条例 art. 48)
    split = ("由城市管理行政执法部门责令停止违法行为，限期改正，对单位处五千元以上五万元以下罚款，对个人处二百元罚款。")
    assert [s for s in subjects(split) if s[0] == "罚款"] == [("罚款", "单位"), ("罚款", "个人")]


def test_gains_recovered_under_the_law_that_applies_are_no_confiscation_set() -> None:
    # 公安机关办理行政案件程序规定 art. 194; 审计法实施条例 art. 55
    text = ("第一百九十四条 对在办理行政案件中查获的下列物品应当依法收缴：\n（一）毒品、淫秽物品等违禁品；\n"
            "违法所得应当依法予以追缴或者没收。")
    assert not analyse_penalty(text).is_penalty
    assert not analyse_penalty("审计人员违法违纪取得的财物，依法予以追缴、没收或者责令退赔。").sanctions
    # 没收违法所得 set by a body stays
    assert analyse_penalty("由公安机关没收违法所得，并处五千元以下罚款。").is_penalty


def test_more_bodies_a_clause_names() -> None:
    # 海上交通事故调查处理条例 art. 29: 港务监督 is a body's whole name
    assert analyse_penalty("第二十九条 违反本条例规定，有下列行为之一的，港务监督可视情节对有关当事人(自然人)处以警告或者二百元以下"
                           "罚款；").competent_body == "港务监督"
    # 国境口岸卫生监督办法 art. 25: the body, then whom it sanctions
    assert analyse_penalty("第二十五条 国境口岸卫生检疫机关，对违犯本办法和有关卫生法令、条例、规定的单位和个人，应当根据不同情况，"
                           "给予警告、罚款，直至提请司法机关依法惩处。").competent_body == "国境口岸卫生检疫机关"


def test_supervisors_in_yet_other_words() -> None:
    def body(*texts: str) -> str | None:
        provs = [Provision(ProvisionId("x", None, n), t) for n, t in enumerate(texts, 1)]
        found = general_enforcement_body(provs)
        return found[0] if found else None

    # 财政违法行为处罚处分条例 art. 2: …在各自职权范围内，依法对财政违法行为作出处理、处罚决定
    assert body("第二条 县级以上人民政府财政部门及审计机关在各自职权范围内，依法对财政违法行为作出处理、处罚决定。") == (
        "县级以上人民政府财政部门及审计机关")
    # 政府采购法 art. 13: …是负责政府采购监督管理的部门
    assert body("第十三条 各级人民政府财政部门是负责政府采购监督管理的部门，依法履行对政府采购活动的监督管理职责。") == (
        "各级人民政府财政部门")
    # governments with departments, or 有关部门 alone, are no supervisor (重庆市消防条例 art. 4-like)
    assert body("第四条 各级人民政府或者行政主管部门负责本行政区域内的消防工作。") is None
    assert body("第五条 县级以上人民政府有关部门负责本行政区域内的水资源管理工作。") is None


def test_bodies_that_recover_ban_or_come_before_the_sanction() -> None:
    # 森林法实施条例 art. 46: 由…部门收回
    assert analyse_penalty("第四十六条 违反本条例规定，未经批准，擅自将防护林和特种用途林改变为其他林种的，由县级以上人民政府林业主管"
                           "部门收回经营者所获取的森林生态效益补偿，并处所获取森林生态效益补偿3倍以下的罚款。"
                           ).competent_body == "县级以上人民政府林业主管部门"
    # 公安部对部分刀具实行管制的暂行规定 art. 13: …机关应予取缔，没收…
    assert analyse_penalty("第十三条 违反本规定，非法制造、销售、携带和私自保存管制范围刀具的，公安机关应予取缔，没收其刀具。"
                           ).competent_body == "公安机关"
    # 上海市住房公积金管理若干规定 art. 19: a 管理中心
    assert analyse_penalty("第十九条 以欺骗手段违法获得住房公积金贷款的，市公积金管理中心应当责令借款人限期退回违法所贷款额，并可处以"
                           "违法所贷款额百分之五以下的罚款。").competent_body == "市公积金管理中心"
    # 校车安全管理条例 art. 54: the body that revokes, not the one that takes the plates back after
    assert analyse_penalty("第五十四条 取得校车使用许可的学校、校车服务提供者违反本条例规定，情节严重的，原作出许可决定的地方人民政府"
                           "可以吊销其校车使用许可，由公安机关交通管理部门收回校车标牌。"
                           ).competent_body == "原作出许可决定的地方人民政府"


def test_sanctions_undergone_not_given_or_counted_as_losses_set_none() -> None:
    # 注册会计师法 art. 10: 受吊销…证书的处罚 is a condition of registration
    assert not analyse_penalty("第十条 有下列情形之一的，受理申请的注册会计师协会不予注册:\n（四）受吊销注册会计师证书的处罚，自处罚"
                               "决定之日起至申请注册之日止不满五年的；").sanctions
    # 周口市淮阳龙湖保护条例 art. 49; 行政处罚法 art. 35
    assert not analyse_penalty("第四十九条 违反本条例规定，相关行政主管部门已经给予罚款处罚的，淮阳龙湖管理机构不再给予罚款的行政处罚。"
                               ).sanctions
    # 企业所得税法 art. 10: fines among the expenses not deducted
    assert not analyse_penalty("第十条 在计算应纳税所得额时，下列支出不得扣除：\n（四）罚金、罚款和被没收财物的损失；").sanctions
    # 刑事诉讼法 art. 70: a guarantor's fine in criminal procedure
    assert not analyse_penalty("被保证人有违反本法第七十一条规定的行为，保证人未履行保证义务的，对保证人处以罚款，构成犯罪的，依法追究刑事"
                               "责任。").sanctions
    # 不予颁发或者暂扣、吊销 still suspends and revokes (河南省进城务工人员权益保护条例 art. 50)
    assert {SanctionKind.SUSPEND_LICENCE, SanctionKind.REVOKE_LICENCE} <= kinds(
        "应当取得或者已经取得安全生产许可证的企业不为务工人员办理工伤保险的，安全生产许可证颁发管理机构应当不予颁发或者暂扣、"
        "吊销安全生产许可证。")


def test_a_criminal_sentence_or_a_supervisors_measures_set_no_penalty() -> None:
    # 民用航空法 art. 194: para. 2 sentences, para. 1 fines
    text = ("第一百九十四条 公共航空运输企业违反本法第一百零一条的规定运输危险品的，由国务院民用航空主管部门没收违法所得，可以并处违法"
            "所得一倍以下的罚款。\n公共航空运输企业有前款行为，导致发生重大事故的，没收违法所得，判处罚金；")
    assert [s.kind for s in analyse_penalty(text).sanctions] == [SanctionKind.CONFISCATE_GAINS, SanctionKind.FINE]
    assert not analyse_penalty("有下列行为之一的，没收实施以上犯罪的所得及其产生的收益，处五年以下有期徒刑或者拘役，并处或者单处罚金：").sanctions
    # 河南省行政执法条例 art. 42
    assert not analyse_penalty("第四十二条 行政执法监督机关实施行政执法监督时，可以采取下列措施：\n（一）查阅、复制、调取行政执法案卷和其他有关"
                               "材料；\n（六）暂扣行政执法证；").sanctions
