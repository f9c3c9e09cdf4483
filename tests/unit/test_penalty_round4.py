"""Penalty facts, round 4 (issue 15): explicit 违则 forms, inferred 违则 and deciding bodies read from corpus wording."""

from __future__ import annotations

from dataclasses import replace

from ingest.pairing import conduct_clauses, infer_violated, is_rule_article
from ingest.penalties import analyse_penalty
from ingest.penalty_bodies import general_enforcement_body
from kg.model import Provision, ProvisionId, SanctionKind


def articles(text: str) -> list[int | None]:
    return [c.article for c in analyse_penalty(text).violated]


def test_a_duty_not_performed_names_its_rule() -> None:
    # 网络安全法 art. 59: 不履行本法第二十一条、第二十五条规定的网络安全保护义务
    text = ("第五十九条 网络运营者不履行本法第二十一条、第二十五条规定的网络安全保护义务的，由有关主管部门责令改正，给予警告；"
            "拒不改正或者导致危害网络安全等后果的，处一万元以上十万元以下罚款。")
    assert articles(text) == [21, 25]
    # 旅游法 art. 97-style: 未履行本法第五十五条规定的报告义务
    assert articles("旅行社未履行本法第五十五条规定的报告义务的，由旅游主管部门处五千元以上五万元以下罚款。") == [55]


def test_conditions_no_longer_met_name_their_rule() -> None:
    # 动物防疫法 art. 98: 不再符合本法第二十四条规定的动物防疫条件继续从事相关活动的
    text = ("第九十八条 违反本法规定，有下列行为之一的，由县级以上地方人民政府农业农村主管部门责令改正，处三千元以上三万元以下"
            "罚款：\n（一）开办动物饲养场和隔离场所、动物屠宰加工场所以及动物和动物产品无害化处理场所，"
            "不再符合本法第二十四条规定的动物防疫条件继续从事相关活动的；")
    assert 24 in articles(text)


def test_an_article_named_without_this_statutes_name() -> None:
    # 淄博市燃气管理条例 art. 50: 有第二十四条第一项至第六项行为之一的
    text = ("第五十条 违反本条例规定，有第二十四条第一项至第六项行为之一的，由住房城乡建设主管部门责令限期改正；逾期不改正的，"
            "对单位可以处十万元以下罚款，对个人可以处一千元以下罚款。")
    assert set(articles(text)) == {24}


def test_a_maritime_courts_fine_is_no_administrative_penalty() -> None:
    # 海事诉讼特别程序法 art. 59
    text = ("第五十九条 被请求人拒不执行海事强制令的，海事法院可以根据情节轻重处以罚款、拘留；构成犯罪的，依法追究刑事责任。\n"
            "对个人的罚款金额，为一千元以上三万元以下。对单位的罚款金额，为三万元以上十万元以下。")
    assert not analyse_penalty(text).is_penalty


def test_a_forbidden_confiscation_sets_none() -> None:
    # 郑州市非公有制企业权益保障条例 art. 7
    text = ("第七条 非公有制企业对其所有的财产依法享有占有、使用、收益和处分的权利。\n"
            "任何单位和个人不得侵占、哄抢、破坏或非法查封、扣押、冻结、划拨、没收非公有制企业的合法财产。")
    assert not analyse_penalty(text).is_penalty


def _prov(article: int, text: str, statute: str = "中国人民银行法") -> Provision:
    return Provision(ProvisionId(statute, None, article), text)


def test_the_conduct_before_a_criminal_threshold_is_paired() -> None:
    # 中国人民银行法 art. 43 breaks art. 19 (禁止出售、购买伪造、变造的人民币…)
    rule = _prov(19, "第十九条 禁止伪造、变造人民币。禁止出售、购买伪造、变造的人民币。禁止运输、持有、使用伪造、变造的人民币。"
                     "禁止故意毁损人民币。")
    other = _prov(18, "第十八条 人民币由中国人民银行统一印制、发行。")
    pen = _prov(43, "第四十三条 购买伪造、变造的人民币或者明知是伪造、变造的人民币而持有、使用，构成犯罪的，依法追究刑事责任；"
                    "尚不构成犯罪的，由公安机关处十五日以下拘留、一万元以下罚款。")
    assert conduct_clauses(pen.text)
    assert infer_violated([other, rule, pen], {pen.id}) == {pen.id: (rule.id,)}


def test_a_party_named_with_dui_keeps_its_name() -> None:
    # 对外劳务合作管理条例 art. 41: the leading 对 of 对外劳务合作企业 is no 对违反…
    clauses = conduct_clauses("第四十一条 对外劳务合作企业未依照本条例规定缴存或者补足备用金的，由商务主管部门责令改正；"
                              "拒不改正的，吊销其对外劳务合作经营资格。")
    assert clauses and clauses[0].startswith("对外劳务合作企业")


def test_one_conduct_against_an_authority_is_not_split_at_its_or() -> None:
    # 核安全法 art. 89 breaks art. 73, not art. 21 (which names the same authority)
    law = "核安全法"
    a21 = _prov(21, "第二十一条 省、自治区、直辖市人民政府应当在核动力厂等重要核设施周围划定规划限制区，经国务院核安全监督管理部门"
                    "同意后实施。\n禁止在规划限制区内建设可能威胁核设施安全的易燃、易爆、腐蚀性物品的生产、贮存设施。", law)
    a73 = _prov(73, "第七十三条 对国务院核安全监督管理部门和其他有关部门依法进行的监督检查，从事核安全活动的单位应当予以配合，"
                    "如实说明情况，提供必要资料，不得拒绝、阻挠。", law)
    pen = _prov(89, "第八十九条 违反本法规定，对国务院核安全监督管理部门或者其他有关部门依法进行的监督检查，从事核安全活动的单位"
                    "拒绝、阻挠的，由国务院核安全监督管理部门或者其他有关部门责令改正，可以处十万元以上五十万元以下的罚款。", law)
    assert infer_violated([a21, a73, pen], {pen.id}) == {pen.id: (a73.id,)}


def test_an_exemption_is_no_rule() -> None:
    # 矿产资源法 art. 28: 有下列情形之一的，无需取得探矿权
    assert not is_rule_article(_prov(28, "第二十八条 有下列情形之一的，无需取得探矿权：\n（一）国家出资勘查矿产资源；\n"
                                         "（二）采矿权人在登记的开采区域内为开采活动需要进行勘查；", "矿产资源法"))


def test_an_authority_addressed_after_its_object_is_no_rule() -> None:
    # 土壤污染防治法 art. 52: 对…农用地地块，地方人民政府农业农村…主管部门应当…进行土壤污染状况调查
    assert not is_rule_article(_prov(52, "第五十二条 对土壤污染状况普查、详查和监测、现场检查表明有土壤污染风险的农用地地块，"
                                         "地方人民政府农业农村、林业草原主管部门应当会同生态环境、自然资源主管部门进行土壤污染"
                                         "状况调查。", "土壤污染防治法"))


def test_officials_not_doing_their_duty_break_no_partys_rule() -> None:
    # 上海市街道办事处条例 art. 24
    assert not conduct_clauses("第二十四条 街道办事处及其工作人员，未依法履行统筹社区发展、组织公共服务、实施综合管理、"
                               "维护社区平安等职责的，由区人民政府或者街道办事处责令改正，通报批评。")
    # a business named 机构 that does not perform its own duty breaks its rule (防范和处置非法集资条例 art. 35 → art. 13)
    assert conduct_clauses("第三十五条 金融机构、非银行支付机构未履行防范非法集资义务的，由国务院金融管理部门或者其分支机构、"
                           "派出机构按照职责分工责令改正，给予警告，没收违法所得。")


def test_a_lone_paragraph_beyond_this_articles_own_is_the_named_articles() -> None:
    # 洛阳市道路交通安全条例 art. 50: 违反第三款规定 is art. 12 para. 3, the article has one paragraph
    info = analyse_penalty("第五十条 违反本条例第十二条第一款规定的，由政府有关部门责令限期改正，可以处以二万元以下罚款；"
                           "违反第三款规定的，由公安机关交通管理部门处以五百元以上一千元以下罚款。")
    assert [(c.article, c.paragraph) for c in info.violated] == [(12, 1), (12, 3)]


def test_a_self_reference_within_the_article_stays() -> None:
    # a guard: 违反本条第二款 where the article has two paragraphs stays this article's
    text = "第十条 禁止在道路上晾晒。\n禁止焚烧。\n违反本条例第五条规定的，处五十元罚款；违反第二款规定的，处二百元罚款。"
    assert [(c.relative, c.paragraph) for c in analyse_penalty(text).violated][-1] == ("本条", 2)


def test_the_body_that_weighs_the_circumstances_decides() -> None:
    # 河南省建筑市场管理条例 art. 46: 由…部门视情节轻重，责令…
    info = analyse_penalty("第四十六条 违反本条例规定，有下列行为之一的，由县（市）以上建设行政主管部门视情节轻重，责令限期改正、"
                           "警告、没收违法所得、降低资质等级或吊销资质证书，并可处一万元以上十万元以下的罚款：\n"
                           "（一）未取得资质证书从事建筑经营活动的；")
    assert info.competent_body == "县（市）以上建设行政主管部门"
    # 审计法实施条例 art. 49: 审计机关在法定职权范围内，…可以通报批评，给予警告
    info = analyse_penalty("第四十九条 对被审计单位违反国家规定的财务收支行为，审计机关在法定职权范围内，区别情况采取审计法第四十五条"
                           "规定的处理措施，可以通报批评，给予警告；有违法所得的，没收违法所得，并处违法所得1倍以上5倍以下的罚款。")
    assert info.competent_body == "审计机关"


def test_an_order_to_stop_practising_is_a_restriction_of_practice() -> None:
    # 注册建筑师条例 art. 32: 责令停止执行业务, decided by the body that sets it
    info = analyse_penalty("第三十二条 因建筑设计质量不合格发生重大责任事故，造成重大损失的，对该建筑设计负有直接责任的注册建筑师，"
                           "由县级以上人民政府建设行政主管部门责令停止执行业务；情节严重的，由全国注册建筑师管理委员会或者省、"
                           "自治区、直辖市注册建筑师管理委员会吊销注册建筑师证书。")
    assert SanctionKind.RESTRICT_PRACTICE in [s.kind for s in info.sanctions]
    assert info.competent_body == "县级以上人民政府建设行政主管部门"


def test_an_activity_without_approval_breaks_the_article_that_requires_it_with_its_procedure() -> None:
    # 宗教事务条例 art. 64 para. 2 → art. 42 (申请…批准, with the authority's 不予许可 in the same article)
    law = "宗教事务条例"
    a42 = _prov(42, "第四十二条 跨省、自治区、直辖市举行超过宗教活动场所容纳规模的大型宗教活动，或者在宗教活动场所外举行大型宗教"
                    "活动，应当由主办的宗教团体、寺观教堂在拟举行日的30日前，向大型宗教活动举办地的设区的市级人民政府宗教事务部门"
                    "提出申请。设区的市级人民政府宗教事务部门应当自受理之日起15日内，在征求本级人民政府公安机关意见后，作出准予"
                    "许可或者不予许可的决定。", law)
    a44 = _prov(44, "第四十四条 禁止在宗教院校以外的学校及其他教育机构传教、举行宗教活动、成立宗教组织、设立宗教活动场所。", law)
    pen = _prov(64, "第六十四条 擅自举行大型宗教活动的，由宗教事务部门会同有关部门责令停止活动，可以并处10万元以上30万元以下的"
                    "罚款；有违法所得、非法财物的，没收违法所得和非法财物。", law)
    assert is_rule_article(a42, approval=True) and not is_rule_article(a42)
    assert infer_violated([a42, a44, pen], {pen.id}) == {pen.id: (a42.id,)}


def test_obstructing_an_inspection_breaks_the_article_that_forbids_it() -> None:
    # 期货交易管理条例 art. 66 (十三) → art. 49, an article on the authority's inspections that is no rule otherwise
    law = "期货交易管理条例"
    a48 = _prov(48, "第四十八条 期货公司应当按照国务院期货监督管理机构的规定向其报送财务会计报告、业务资料和其他有关资料。", law)
    a49 = _prov(49, "第四十九条 国务院期货监督管理机构依法履行职责，进行监督检查或者调查时，被检查、调查的单位和个人应当配合，"
                    "如实提供有关文件和资料，不得拒绝、阻碍和隐瞒；其他有关部门和单位应当给予支持和配合。", law)
    pen = _prov(66, "第六十六条 期货公司有下列行为之一的，责令改正，给予警告，没收违法所得，并处违法所得1倍以上3倍以下的罚款：\n"
                    "（一）拒绝或者妨碍国务院期货监督管理机构监督检查的；", law)
    assert not is_rule_article(a49)
    assert infer_violated([a48, a49, pen], {pen.id}) == {pen.id: (a49.id,)}


def test_an_item_of_a_list_of_things_forbidden_sets_nothing() -> None:
    # 深圳经济特区学前教育条例 art. 45
    text = ("第四十五条 幼儿园保育教育工作人员不得实施下列行为：\n（一）歧视、侮辱、恐吓、虐待学前儿童；\n"
            "（五）向家长索取或者变相索取财物，要求提供与保育教育工作无关的便利，扣留、没收学前儿童物品；")
    assert not analyse_penalty(text).sanctions
    # a guard: the items of a penalty list still set their sanctions
    text = "第五十条 有下列行为之一的，按照下列规定处罚：\n（一）擅自砍伐树木的，没收违法所得，处五百元罚款；"
    assert analyse_penalty(text).is_penalty


def test_a_practice_suspended_for_a_term_is_a_restriction_of_practice() -> None:
    # 中医药法 art. 55: 责令暂停六个月以上一年以下执业活动 (a physician's practice, not a business stopped)
    info = analyse_penalty("第五十五条 违反本法规定，经考核取得医师资格的中医医师超出注册的执业范围从事医疗活动的，由县级以上人民政府"
                           "中医药主管部门责令暂停六个月以上一年以下执业活动，并处一万元以上三万元以下罚款；情节严重的，吊销执业证书。")
    kinds = [s.kind for s in info.sanctions]
    assert SanctionKind.RESTRICT_PRACTICE in kinds and SanctionKind.SUSPEND_BUSINESS not in kinds


def test_a_warning_of_the_party_before_the_persons_discipline_is_a_penalty() -> None:
    # 医师法 art. 61: the institution is warned, its responsible persons disciplined
    info = analyse_penalty("第六十一条 违反本法规定，医疗卫生机构未履行报告职责，造成严重后果的，由县级以上人民政府卫生健康主管部门给予"
                           "警告，对直接负责的主管人员和其他直接责任人员依法给予处分。")
    assert [s.kind for s in info.sanctions] == [SanctionKind.WARNING]
    assert info.competent_body == "县级以上人民政府卫生健康主管部门"
    # 幼儿园管理条例 art. 28: 给予警告、罚款的行政处罚，或者…给予行政处分
    info = analyse_penalty("第二十八条 违反本条例，具有下列情形之一的单位或者个人，由教育行政部门对直接责任人员给予警告、罚款的行政处罚，"
                           "或者由教育行政部门建议有关部门对责任人员给予行政处分：")
    assert SanctionKind.WARNING in [s.kind for s in info.sanctions]


def test_a_body_that_only_disciplines_does_not_decide_the_penalty() -> None:
    # 重庆市失业保险条例 art. 37
    info = analyse_penalty("第三十七条 挪用、侵占失业保险基金的，由人力资源和社会保障行政部门或财政部门追回挪用、侵占的失业保险基金，"
                           "没收违法所得，并入失业保险基金；并由主管行政机关或行政监察机关对直接负责的主管人员和其他直接责任人员依法"
                           "给予行政处分；构成犯罪的，依法追究刑事责任。")
    assert info.competent_body == "人力资源和社会保障行政部门或财政部门"
    # 上海市母婴保健条例 art. 49: no body named for 取消执业资格 but the one that disciplines
    info = analyse_penalty("第四十九条 从事母婴保健工作的人员违反本条例规定，出具有关虚假医学证明或者进行胎儿性别鉴定的，由医疗保健机构"
                           "或者卫生行政部门给予行政处分；情节严重的，依法取消执业资格。")
    assert info.is_penalty and info.competent_body is None
    # a guard: 由教育行政部门给予处分，并对其所在单位处…罚款 (青岛市学前教育条例 art. 56) names the body of the fine too
    info = analyse_penalty("第五十六条 幼儿园工作人员违反本条例第二十条规定的，由教育行政部门给予处分，并对其所在单位处五千元以上二万元"
                           "以下罚款；情节严重的，责令幼儿园停止招生或者吊销许可证。")
    assert info.competent_body == "教育行政部门"


def test_a_decision_not_carried_out_is_the_conduct_not_a_sanction() -> None:
    # 浙江省水污染防治条例 art. 51
    info = analyse_penalty("第五十一条 排污单位拒不履行县级以上人民政府或者生态环境主管部门作出的责令停产、停业、关闭或者停产整顿决定，"
                           "继续违法生产的，县级以上人民政府可以作出停止或者限制向排污单位供水、供电的决定。")
    assert not info.is_penalty


def _statute_prov(article: int, text: str, *, penalty: bool = False) -> Provision:
    info = analyse_penalty(text) if penalty else None
    p = Provision(ProvisionId("聊城市道路交通安全条例", None, article), text)
    if info is not None:
        p = replace(p, sanctions=info.sanctions, competent_body=info.competent_body)
    return p


def test_an_assignment_that_refers_back_takes_its_default_body() -> None:
    # 聊城市道路交通安全条例 art. 63: …有明确处罚机关的，由该处罚机关实施；没有明确规定的，由公安机关交通管理部门实施
    provs = [_statute_prov(63, "第六十三条 违反本条例规定的行为，依照本条例予以处罚。法律、法规另有规定的，从其规定。\n"
                               "违反本条例规定的处罚，有明确处罚机关的，由该处罚机关实施；没有明确规定的，由公安机关交通管理部门实施。"),
             _statute_prov(65, "第六十五条 违反本条例第九条第一款规定的，对机动车驾驶人处二百元罚款。", penalty=True)]
    assert general_enforcement_body(provs) == ("公安机关交通管理部门", provs[0].id)


def test_a_body_named_by_another_law_is_no_supervisor() -> None:
    # 突发事件应对法 art. 17: 法律、行政法规规定由国务院有关部门对突发事件应对管理工作负责的，从其规定
    provs = [_statute_prov(17, "第十七条 县级人民政府对本行政区域内突发事件的应对管理工作负责。\n"
                               "法律、行政法规规定由国务院有关部门对突发事件应对管理工作负责的，从其规定。"),
             _statute_prov(97, "第九十七条 违反本法规定，编造并传播有关突发事件的虚假信息的，责令改正，给予警告。", penalty=True)]
    assert general_enforcement_body(provs) is None


def test_bodies_named_in_less_common_forms() -> None:
    # 河南省反不正当竞争条例 art. 37: 监督检查部门应责令其改正
    info = analyse_penalty("第三十七条 经营者在经营活动中，实施强买强卖、欺行霸市以及其他方法强迫对方接受不合理的交易条件的，"
                           "监督检查部门应责令其改正，并根据情节处以五百元以上一万元以下的罚款。")
    assert info.competent_body == "监督检查部门"
    # 尘肺病防治条例 art. 23: 卫生行政部门和劳动部门，可视其情节轻重，给予警告
    info = analyse_penalty("第二十三条 凡违反本条例规定，有下列行为之一的，卫生行政部门和劳动部门，可视其情节轻重，给予警告、限期治理、"
                           "罚款和停业整顿的处罚。")
    assert info.competent_body == "卫生行政部门和劳动部门"
    # 泰山风景名胜区生态保护条例: 由泰山景区管委会责令…
    info = analyse_penalty("第三十六条 违反本条例规定，在泰山景区内开山、采石的，由泰山景区管委会责令停止违法行为，处五万元以上十万元"
                           "以下的罚款。")
    assert info.competent_body == "泰山景区管委会"


def test_the_members_of_a_committee_alone_are_no_conduct() -> None:
    # 浙江省招标投标条例 art. 55: 评标委员会成员有下列行为之一的 — the lead names whom, the items what
    clauses = conduct_clauses("第五十五条 评标委员会成员有下列行为之一的，由有关行政监督部门给予警告，没收收受的财物，可以并处三千元以上五万元"
                              "以下的罚款：\n（一）收受投标人及其他利害关系人财物或者其他好处的；")
    assert clauses == ["收受投标人及其他利害关系人财物或者其他好处"]


def test_obstructing_an_inspection_named_with_its_object() -> None:
    # 农产品质量安全法 art. 76 → art. 53 (…农产品生产经营者应当协助、配合农产品质量安全监督检查，不得拒绝、阻挠)
    law = "农产品质量安全法"
    a53 = _prov(53, "第五十三条 开展农产品质量安全监督检查，有权采取下列措施：\n（一）进入生产经营场所进行现场检查；\n"
                    "农产品生产经营者应当协助、配合农产品质量安全监督检查，不得拒绝、阻挠。", law)
    pen = _prov(76, "第七十六条 违反本法规定，拒绝、阻挠依法开展的农产品质量安全监督检查、事故调查处理、抽样检测和风险评估的，"
                    "由有关主管部门按照职责责令停产停业，并处二千元以上五万元以下罚款。", law)
    assert infer_violated([a53, pen], {pen.id}) == {pen.id: (a53.id,)}


def test_a_thing_of_one_character_confiscated() -> None:
    # 洛阳市市区养犬管理规定 art. 17: 没收其犬
    info = analyse_penalty("第十七条 限养区内无准养证擅自养犬的，由公安机关没收其犬，并处一千元以上二千元以下的罚款。")
    assert SanctionKind.CONFISCATE_PROPERTY in [s.kind for s in info.sanctions]
    # a guard: 除没收其违法所得外 confiscates gains only (税收征收管理法实施细则 art. 93)
    info = analyse_penalty("第九十三条 为纳税人非法提供银行账户的，税务机关除没收其违法所得外，可以处未缴、少缴的税款1倍以下的罚款。")
    assert SanctionKind.CONFISCATE_PROPERTY not in [s.kind for s in info.sanctions]


def test_penalties_called_discipline_in_old_wording() -> None:
    # 海洋石油勘探开发环境保护管理条例 art. 27: 予以警告或罚款处分
    info = analyse_penalty("第二十七条 主管部门对违反《中华人民共和国海洋环境保护法》和本条例的企业、事业单位、作业者和个人，可视其情节"
                           "轻重，予以警告或罚款处分。")
    assert SanctionKind.WARNING in [s.kind for s in info.sanctions]
    # a guard: a warning among the 处分 of officials stays out
    info = analyse_penalty("第十三条 行政机关的工作人员有下列行为之一的，依法给予警告直至开除的行政处分，并处罚款：")
    assert SanctionKind.WARNING not in [s.kind for s in info.sanctions]
