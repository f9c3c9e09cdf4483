"""Penalty facts, round 5 (issue 15): inferred 违则 of listed items, kinds written loosely, deciding bodies, read
from corpus wording."""

from __future__ import annotations

from dataclasses import replace

from ingest.pairing import infer_violated, lead_parties
from ingest.penalties import analyse_penalty
from ingest.penalty_bodies import infer_competent_bodies
from kg.model import Provision, ProvisionId, SanctionKind

_SHIPS = "山东省沿海船舶边防治安管理条例"


def _provisions(statute: str, texts: dict[int, str]) -> list[Provision]:
    return [Provision(ProvisionId(statute, None, n), t) for n, t in texts.items()]


def kinds(text: str) -> set[SanctionKind]:
    return {s.kind for s in analyse_penalty(text).sanctions}


def test_an_item_is_the_conduct_of_the_party_its_lead_in_names() -> None:
    # 山东省沿海船舶边防治安管理条例 art. 23 (一): 未按照规定申领出海边防证件 names no party; 出海船舶 of the lead-in
    # is the party art. 7 addresses
    provisions = _provisions(_SHIPS, {
        7: "第七条 出海船舶和出海生产作业人员，应当按照国家有关规定向船籍港或者船舶所在地公安边防机关申请办理出海边防证件。\n"
           "公安边防机关按照国家有关规定发放出海边防证件，应当简化手续，为申领人提供方便；对符合要求能够当场办理的，应当当场办理。",
        8: "第八条 出海船舶和出海生产作业人员应当随船携带出海边防证件并妥善保管，不得涂改、伪造、冒用、出借；"
           "证件丢失或者损毁的，应当及时申请补办。",
        9: "第九条 出海船舶进行更新改造或者改变用途、买卖、转让、租借、报废、灭失的，应当在依法办理有关手续后十五日内向原发证的"
           "公安边防机关申请办理出海边防证件变更或者注销手续。\n出海生产作业人员发生变更的，应当在出海作业前向公安边防机关申请办理"
           "出海边防证件变更手续。",
        14: "第十四条 未按照规定编刷船名、船号或者船名、船号模糊不清以及擅自拆换、遮盖、涂改、伪造船名、船号的船舶，禁止出海。",
        23: "第二十三条 违反本条例，出海船舶有下列情形之一的，由公安边防机关处以三千元以上一万元以下罚款：\n"
            "（一）未按照规定申领出海边防证件的；\n"
            "（二）进行更新改造或者改变用途、买卖、转让、租借、报废、灭失，未按照规定向公安边防机关申请办理变更或者注销手续的。",
    })
    pen = provisions[-1].id
    assert lead_parties(provisions[-1].text) == ("出海船舶",)
    assert {t.article for t in infer_violated(provisions, {pen})[pen]} == {7, 9}


def test_a_lead_in_party_alone_does_not_choose_between_close_rules() -> None:
    # 特种设备安全法 art. 83 (一) 使用特种设备未按照规定办理使用登记: art. 48 (…办理使用登记证书注销手续) comes as close
    # as art. 33; 特种设备使用单位, named in both, decides nothing
    statute = "特种设备安全法"
    provisions = _provisions(statute, {
        33: "第三十三条 特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内，向负责特种设备安全监督管理的部门办理"
            "使用登记，取得使用登记证书。登记标志应当置于该特种设备的显著位置。",
        48: "第四十八条 特种设备存在严重事故隐患，无改造、修理价值，或者达到安全技术规范规定的其他报废条件的，特种设备使用单位"
            "应当依法履行报废义务，采取必要措施消除该特种设备的使用功能，并向原登记的负责特种设备安全监督管理的部门办理使用登记"
            "证书注销手续。",
        83: "第八十三条 违反本法规定，特种设备使用单位有下列行为之一的，责令限期改正；逾期未改正的，责令停止使用有关特种设备，"
            "处一万元以上十万元以下罚款：\n（一）使用特种设备未按照规定办理使用登记的；",
    })
    pen = provisions[-1].id
    assert lead_parties(provisions[-1].text) == ("特种设备使用单位",)
    assert 48 not in {t.article for t in infer_violated(provisions, {pen}).get(pen, ())}


def test_no_party_from_a_generic_or_official_lead_in() -> None:
    assert lead_parties("第三十条 违反本条例规定，任何单位和个人有下列行为之一的，由…处罚") == ()
    assert lead_parties("第四十条 县级以上人民政府有关部门及其工作人员有下列行为之一的，依法给予处分") == ()


def test_the_last_object_of_an_order_is_a_suspension_of_business() -> None:
    # 消防法 art. 58: 责令停止施工、停止使用或者停产停业; 淮河流域水污染防治暂行条例 art. 31: 责令关闭或者停业
    assert SanctionKind.SUSPEND_BUSINESS in kinds(
        "第五十八条 违反本法规定，有下列行为之一的，由住房和城乡建设主管部门、消防救援机构按照各自职权责令停止施工、"
        "停止使用或者停产停业，并处三万元以上三十万元以下罚款：")
    assert kinds("第三十一条 在限期治理期限内，未完成治理任务的，由县级以上地方人民政府环境保护行政主管部门责令限量排污，"
                 "可以处10万元以下的罚款；情节严重的，由有关县级以上人民政府责令关闭或者停业。") >= {
        SanctionKind.CLOSE, SanctionKind.SUSPEND_BUSINESS, SanctionKind.FINE}


def test_a_business_suspended_without_an_order() -> None:
    # 海关法 art. 87: 可以给予警告，暂停其从事有关业务，直至撤销注册; 突发事件应对法 art. 97: 依法暂停其业务活动
    assert kinds("第八十七条 海关准予从事有关业务的企业，违反本法有关规定的，由海关责令改正，可以给予警告，暂停其从事有关业务，"
                 "直至撤销注册。") >= {SanctionKind.WARNING, SanctionKind.SUSPEND_BUSINESS, SanctionKind.REVOKE_LICENCE}
    assert SanctionKind.SUSPEND_BUSINESS in kinds(
        "第九十七条 违反本法规定，编造并传播有关突发事件的虚假信息，或者明知是有关突发事件的虚假信息而进行传播的，责令改正，"
        "给予警告；造成严重后果的，依法暂停其业务活动或者吊销其许可证件；负有直接责任的人员是公职人员的，还应当依法给予处分。")


def test_a_licence_or_registration_cancelled_as_a_sanction() -> None:
    # 证券法 art. 211: 情节严重的，并处撤销相关业务许可; 洛阳市城乡规划条例 art. 63: 由城乡规划主管部门撤销许可，并处…罚款
    assert SanctionKind.REVOKE_LICENCE in kinds(
        "第二百一十一条 证券公司及其主要股东、实际控制人违反本法第一百二十九条的规定，未报送、提供信息和资料，或者报送、提供的"
        "信息和资料有虚假记载、误导性陈述或者重大遗漏的，责令改正，给予警告，并处以一百万元以下的罚款；情节严重的，并处撤销相关"
        "业务许可。")
    assert SanctionKind.REVOKE_LICENCE in kinds(
        "第六十三条 建设单位或者个人隐瞒真实情况、提供虚假材料或者以其他非法手段骗取规划许可的，经查实，由城乡规划主管部门撤销"
        "许可，并处五万元以上十万元以下的罚款。")


def test_a_cancellation_alone_is_no_penalty() -> None:
    # 行政许可法 art. 69-style: 应当依法撤销…许可 is no sanction; 撤销登记 alone, no other 行政处罚 beside it
    # (中国公民收养子女登记办法 art. 12: 收养关系当事人弄虚作假骗取收养登记的，…由收养登记机关撤销收养登记)
    assert not analyse_penalty("第二十条 被许可人以欺骗、贿赂等不正当手段取得行政许可的，行政机关应当依法撤销许可。").sanctions
    assert not analyse_penalty("第十二条 收养关系当事人弄虚作假骗取收养登记的，收养关系无效，由收养登记机关撤销收养登记，"
                               "收缴收养登记证。").sanctions


def test_a_qualification_revoked() -> None:
    # 密码法 art. 35: 情节严重的，依法吊销相关资质; 报废机动车回收管理办法 art. 16: 吊销资质认定书
    assert SanctionKind.REVOKE_LICENCE in kinds(
        "第三十五条 商用密码检测、认证机构违反本法第二十五条第二款、第三款规定开展商用密码检测认证的，由市场监督管理部门会同"
        "密码管理部门责令改正或者停止违法行为，给予警告，没收违法所得；情节严重的，依法吊销相关资质。")
    assert SanctionKind.REVOKE_LICENCE in kinds(
        "第十六条 在监督检查中发现报废机动车回收企业不具备本办法规定的资质认定条件的，应当责令限期改正；拒不改正或者逾期未改正的，"
        "由原发证部门吊销资质认定书。")


def test_a_ban_whose_term_starts_at_the_penalty() -> None:
    # 电影产业促进法 art. 52: 自受到处罚之日起五年内不得从事相关电影活动 (the term's start, no condition)
    assert SanctionKind.RESTRICT_PRACTICE in kinds(
        "第五十二条 个人擅自在境内举办涉外电影节（展）的，由国务院电影主管部门责令停止违法活动，没收参展的电影片和违法所得；"
        "情节严重的，自受到处罚之日起五年内不得从事相关电影活动。")
    # …but 自被撤职或者解聘之日起5年内 (认证认可条例 art. 67) follows a dismissal: no 行政处罚
    assert SanctionKind.RESTRICT_PRACTICE not in kinds(
        "第六十七条 认可机构有下列情形之一的，责令改正；情节严重的，对主要负责人和负有责任的人员撤职或者解聘：\n"
        "（一）对不符合认可条件的机构和人员予以认可的；\n"
        "被撤职或者解聘的认可机构主要负责人和负有责任的人员，自被撤职或者解聘之日起5年内不得从事认可活动。")


def test_a_ban_for_life_or_within_years() -> None:
    # 兽药管理条例 art. 56: …主管人员终身不得从事兽药的生产、经营活动; 北京市建设工程质量条例 art. 102: 二年以内不得担任
    assert SanctionKind.RESTRICT_PRACTICE in kinds(
        "第五十六条 违反本条例规定，无兽药生产许可证、兽药经营许可证生产、经营兽药的，责令其停止生产、经营，没收用于违法生产的"
        "原料，并处罚款；给他人造成损失的，依法承担赔偿责任。生产、经营企业的主要负责人和直接负责的主管人员终身不得从事兽药的"
        "生产、经营活动。")
    assert SanctionKind.RESTRICT_PRACTICE in kinds(
        "第一百零二条 施工单位项目负责人和注册执业人员因过错造成涉及结构安全、主要使用功能等重大质量问题的，二年以内不得担任"
        "项目负责人。")
    # 出口管制法 art. 39: 因出口管制违法行为受到刑事处罚的，终身不得从事…: a consequence of a conviction
    assert SanctionKind.RESTRICT_PRACTICE not in kinds(
        "第三十九条 …因出口管制违法行为受到刑事处罚的，终身不得从事有关出口经营活动。")


def test_a_sanction_undergone_is_a_condition() -> None:
    # 证券公司风险处置条例 art. 17: 证券公司经停业整顿…仍达不到正常经营条件 (the 撤销 that follows is the supervisor's)
    assert not analyse_penalty(
        "第十七条 证券公司经停业整顿、托管、接管或者行政重组在规定期限内仍达不到正常经营条件，但能够清偿到期债务的，"
        "国务院证券监督管理机构依法撤销其证券业务许可。").sanctions


def test_a_body_whose_whole_name_is_customs_or_the_committee() -> None:
    # 浙江省禁毒条例 art. 48: 由海关给予警告; 放射性污染防治法 art. 58: 由海关责令退运; 漯河市沙澧河风景名胜区条例 art. 29:
    # 由管委会责令停止建设
    assert analyse_penalty(
        "第四十八条 违反本条例第二十四条规定，报关单位未如实记录客户业务和办理人员姓名等信息，或者未按照规定保存相关信息一年"
        "以上的，由海关给予警告，责令限期改正；情节较重的，处五千元以上五万元以下罚款。").competent_body == "海关"
    assert analyse_penalty(
        "第五十八条 向中华人民共和国境内输入放射性废物和被放射性污染的物品，或者经中华人民共和国境内转移放射性废物和被放射性"
        "污染的物品的，由海关责令退运该放射性废物和被放射性污染的物品，并处五十万元以上一百万元以下罚款。").competent_body == "海关"
    assert analyse_penalty(
        "第二十九条 违反本条例第十二条规定，在风景区内从事禁止范围以外建设活动，未经管委会审核的，由管委会责令停止建设、"
        "限期拆除，对单位处三十万元以上五十万元以下罚款，对个人处三万元以上五万元以下罚款。").competent_body == "管委会"
    # a longer name still wins: 由海关监管部门处…
    assert analyse_penalty("违反本条例规定的，由海关监管部门处一万元罚款。").competent_body == "海关监管部门"


def test_a_catch_all_item_takes_no_party_from_its_lead_in() -> None:
    # 浙江省燃气管理条例 art. 49 (四) 法律、法规规定的其他情形 came near art. 20's 法律、法规的其他有关规定, the lead-in's
    # 燃气经营单位 named in both
    statute = "浙江省燃气管理条例"
    provisions = _provisions(statute, {
        20: "第二十条 从事瓶装燃气经营的单位和个人应当遵守下列规定：\n（一）不得向无瓶装燃气经营许可证的单位和个人供应用于销售的"
            "燃气；\n（二）不得向燃气用户提供非法制造、报废、改装的气瓶或者超期限未检验、检验不合格的气瓶；\n（三）不得为非法制造、"
            "报废、改装的气瓶或者超期限未检验、检验不合格的气瓶充装燃气；\n（四）不得在未经核准的场地存放已充装气瓶；\n（五）燃气"
            "充装量应当在国家规定的允许误差范围内；\n（六）瓶装燃气残液量超过规定的，应当先抽出残液后再充装燃气；\n（七）气瓶充装"
            "后，应当标明充装单位；\n（八）瓶装燃气的运输应当符合国家和省有关危险品运输的规定；\n（九）法律、法规的其他有关规定。",
        49: "第四十九条 燃气经营单位和个人违反本条例有关规定，有下列行为之一的，由燃气主管部门吊销其燃气经营许可证，并由县级以上"
            "人民政府收回其管道燃气特许经营权：\n（一）存在重大安全隐患且在规定的期限内不予整改或者整改后仍不符合规定要求的；\n"
            "（二）因管理不善，发生重大质量、生产安全事故的；\n（三）擅自停业、歇业，严重影响社会公共利益和公共安全的；\n"
            "（四）法律、法规规定的其他情形。",
    })
    pen = provisions[-1].id
    assert lead_parties(provisions[-1].text) == ("燃气经营单位",)
    assert 20 not in {t.article for t in infer_violated(provisions, {pen}).get(pen, ())}


def _penalty(statute: str, n: int, text: str) -> Provision:
    return replace(Provision(ProvisionId(statute, None, n), text), sanctions=analyse_penalty(text).sanctions)


def test_an_assignment_of_the_penalties_of_articles_it_names() -> None:
    # 企业债券管理条例 art. 32: 本条例第二十六条…第三十一条规定的处罚，由中国人民银行及其分支机构决定
    statute = "企业债券管理条例"
    pen = _penalty(statute, 31, "第三十一条 非证券经营机构和个人经营企业债券的承销或者转让业务的，责令停止非法经营，没收非法所得，"
                                "并处以承销或者转让企业债券金额5%以下的罚款。")
    assert pen.is_penalty and pen.competent_body is None
    assign = Provision(ProvisionId(statute, None, 32), "第三十二条 本条例第二十六条、第二十七条、第二十八条、第二十九条、第三十条、"
                                                        "第三十一条规定的处罚，由中国人民银行及其分支机构决定。")
    out = {p.id.article: p for p in infer_competent_bodies([pen, assign])}
    assert out[31].competent_body == "中国人民银行及其分支机构" and out[31].competent_body_source == "inferred"
    assert out[31].competent_body_basis == assign.id


def test_articles_assigned_one_by_one_and_a_second_body_allowed() -> None:
    # 矿产资源法 art. 45: 第四十三条规定的行政处罚，由县级以上人民政府工商行政管理部门决定 (without 本法 in its second sentence);
    # 计量法实施细则 art. 55: 本细则第四十六条规定的行政处罚，也可以由工商行政管理部门决定 (beside the statute's own body)
    statute = "矿产资源法"
    pen39 = _penalty(statute, 39, "第三十九条 违反本法规定，未取得采矿许可证擅自采矿的，责令停止开采、赔偿损失，没收采出的矿产品和"
                                  "违法所得，可以并处罚款。")
    pen43 = _penalty(statute, 43, "第四十三条 违反本法规定，收购和销售国家统一收购的矿产品的，没收矿产品和违法所得，可以并处罚款。")
    assign = Provision(ProvisionId(statute, None, 45), "第四十五条 本法第三十九条、第四十条、第四十二条规定的行政处罚，由县级以上"
                       "人民政府负责地质矿产管理工作的部门按照国务院地质矿产主管部门规定的权限决定。第四十三条规定的行政处罚，由县级"
                       "以上人民政府工商行政管理部门决定。")
    out = {p.id.article: p for p in infer_competent_bodies([pen39, pen43, assign])}
    assert out[39].competent_body == "县级以上人民政府负责地质矿产管理工作的部门"
    assert out[43].competent_body == "县级以上人民政府工商行政管理部门"
    statute = "计量法实施细则"
    pen46 = _penalty(statute, 46, "第四十六条 制造、销售、使用以欺骗消费者为目的的计量器具的单位和个人，没收其计量器具和全部违法"
                                  "所得，可并处二千元以下的罚款。")
    assign = Provision(ProvisionId(statute, None, 55), "第五十五条 本细则规定的行政处罚，由县级以上地方人民政府计量行政部门决定。"
                       "罚款1万元以上的，应当报省级人民政府计量行政部门决定。\n本细则第四十六条规定的行政处罚，也可以由工商行政管理"
                       "部门决定。")
    assert infer_competent_bodies([pen46, assign])[0].competent_body == "县级以上地方人民政府计量行政部门"


def test_an_assignment_that_says_who_carries_out() -> None:
    # 出境入境边防检查条例 art. 31: 对违反本条例规定的处罚，由边防检查站执行; 杭州西溪国家湿地公园保护管理条例 art. 56:
    # 由管理机构负责实施
    statute = "出境入境边防检查条例"
    pen = _penalty(statute, 34, "第三十四条 未经批准携带或者托运枪支、弹药出境、入境的，没收其枪支、弹药，并处以1000元以上5000元以下"
                                "的罚款。")
    assign = Provision(ProvisionId(statute, None, 31), "第三十一条 对违反本条例规定的处罚，由边防检查站执行。")
    assert infer_competent_bodies([assign, pen])[1].competent_body == "边防检查站"
    statute = "杭州西溪国家湿地公园保护管理条例"
    pen = _penalty(statute, 57, "第五十七条 违反本条例第二十条规定，在湿地公园内捕捞的，由管理机构责令停止违法行为，处五十元以上"
                                "五百元以下罚款。")
    pen = replace(pen, competent_body=None)
    assign = Provision(ProvisionId(statute, None, 56), "第五十六条 本条例规定的行政处罚，由管理机构负责实施；法律、法规规定由其他部门"
                                                       "实施的，从其规定。")
    assert infer_competent_bodies([assign, pen])[1].competent_body == "管理机构"
