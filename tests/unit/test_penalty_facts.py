"""Penalty facts precise enough to cite (issue 15): one test per kind of error, on real corpus text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.penalties import analyse_penalty
from ingest.penalty_bodies import general_enforcement_body
from ingest.pipeline import with_inferred_pairs
from ingest.statutes import parse_statute
from kg.codec import from_props, to_props
from kg.model import InferredPair, Provision, ProvisionId, Sanction, SanctionKind

K = SanctionKind


def kinds(text: str) -> list[SanctionKind]:
    return [s.kind for s in analyse_penalty(text).sanctions]


# -- what is a 行政处罚 (art. 9) ---------------------------------------------------------

# 律师法 art. 51: 警告 is the precondition, 停止执业 and 吊销 the sanctions
LSF_51 = ("第五十一条 律师因违反本法规定，在受到警告处罚后一年内又发生应当给予警告处罚情形的，由设区的市级或者直辖市的区"
          "人民政府司法行政部门给予停止执业三个月以上一年以下的处罚；在受到停止执业处罚期满后二年内又发生应当给予停止执业"
          "处罚情形的，由省、自治区、直辖市人民政府司法行政部门吊销其律师执业证书。")


def test_warning_as_precondition_is_no_sanction_and_suspension_of_practice_is() -> None:
    assert kinds(LSF_51) == [K.RESTRICT_PRACTICE, K.REVOKE_LICENCE]


def test_business_suspension_in_a_list_of_sanctions() -> None:
    # 公共场所卫生管理条例 art. 14
    text = ("第十四条 凡有下列行为之一的单位或者个人，卫生防疫机构可以根据情节轻重，给予警告、罚款、停业整顿、吊销“卫生许可证”"
            "的行政处罚：")
    assert kinds(text) == [K.WARNING, K.FINE, K.SUSPEND_BUSINESS, K.REVOKE_LICENCE]


def test_orders_alone_are_no_penalty() -> None:
    # 城乡规划法 art. 65 and 残疾人保障法 art. 64: orders (art. 28), no 行政处罚
    for text in (("第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，"
                 "由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。"),
                 ("第六十四条 违反本法规定，在职工的招用等方面歧视残疾人的，由有关主管部门责令改正；残疾人劳动者可以依法向"
                 "人民法院提起诉讼。")):
        info = analyse_penalty(text)
        assert info.sanctions and not info.is_penalty
        assert all(not s.is_penalty for s in info.sanctions)


def test_procedure_naming_penalty_kinds_sets_none() -> None:
    # 道路交通安全违法行为处理程序规定 arts. 6 and 52, 道路交通安全违法行为记分管理办法 art. 23
    for text in ("第六条 对违法行为人处以警告、罚款或者暂扣机动车驾驶证处罚的，由县级以上公安机关交通管理部门作出处罚决定。",
                 ("第五十二条 对交通技术监控设备记录的违法行为，当事人应当及时到公安机关交通管理部门接受处理，处以警告或者二百元"
                 "以下罚款的，可以适用简易程序；处以二百元（不含）以上罚款、吊销机动车驾驶证的，应当适用一般程序。"),
                 ("第二十三条 机动车驾驶人经满分学习、考试合格且罚款已缴纳的，记分予以清除，发还机动车驾驶证。机动车驾驶人同时被"
                 "处以暂扣机动车驾驶证的，在暂扣期限届满后发还机动车驾驶证。")):
        assert not analyse_penalty(text).is_penalty, text


def test_referral_to_another_body_is_not_this_articles_sanction() -> None:
    # 个人信息保护法 art. 66 (2): 通报有关主管部门吊销…营业执照 is decided elsewhere
    text = ("有前款规定的违法行为，情节严重的，由省级以上履行个人信息保护职责的部门责令改正，没收违法所得，并处五千万元以下"
            "或者上一年度营业额百分之五以下罚款，并可以责令暂停相关业务或者停业整顿、通报有关主管部门吊销相关业务许可或者吊销"
            "营业执照；对直接负责的主管人员和其他直接责任人员处十万元以上一百万元以下罚款，并可以决定禁止其在一定期限内担任"
            "相关企业的董事、监事、高级管理人员和个人信息保护负责人。")
    info = analyse_penalty(text)
    assert K.REVOKE_LICENCE not in [s.kind for s in info.sanctions]
    assert K.SUSPEND_BUSINESS in [s.kind for s in info.sanctions]
    ban = next(s for s in info.sanctions if s.kind is K.RESTRICT_PRACTICE)
    assert ban.subject == "责任人员"
    fines = [s for s in info.sanctions if s.kind is K.FINE]
    # both alternatives of the fine: an amount, and a share of the turnover
    assert (fines[0].max_amount, fines[0].max_multiple) == (50_000_000, None)
    assert (fines[1].max_amount, fines[1].max_multiple, fines[1].multiple_base) == (None, 0.05, "营业额")
    assert (fines[2].min_amount, fines[2].max_amount, fines[2].subject) == (100_000, 1_000_000, "责任人员")


# -- sanctions: per unit, per subject, caps ----------------------------------------------------


def test_per_head_fine_keeps_its_unit() -> None:
    # 劳动合同法 art. 84 (2): 每人五百元以上二千元以下 is no flat 500–2,000
    text = ("用人单位违反本法规定，以担保或者其他名义向劳动者收取财物的，由劳动行政部门责令限期退还劳动者本人，并以每人五百元"
            "以上二千元以下的标准处以罚款；给劳动者造成损害的，应当承担赔偿责任。")
    (fine,) = [s for s in analyse_penalty(text).sanctions if s.kind is K.FINE]
    assert (fine.min_amount, fine.max_amount, fine.per) == (500, 2000, "每人")
    assert "每人五百元" in fine.text


def test_per_cubic_metre_fine() -> None:
    # 湿地保护法 art. 57
    text = "违反本法规定开采泥炭的，…没收违法所得，并按照采挖泥炭体积，处每立方米二千元以上一万元以下罚款。"
    (fine,) = [s for s in analyse_penalty(text).sanctions if s.kind is K.FINE]
    assert (fine.min_amount, fine.max_amount, fine.per) == (2000, 10_000, "每立方米")


def test_multiple_fine_keeps_its_cap() -> None:
    # 机动车登记规定 (2021): 处违法所得三倍以上五倍以下罚款，但最高不超过十万元
    text = "组织、参与实施前三款行为之一牟取经济利益的，由公安机关交通管理部门处违法所得三倍以上五倍以下罚款，但最高不超过十万元。"
    (fine,) = analyse_penalty(text).sanctions
    assert (fine.min_multiple, fine.max_multiple, fine.multiple_base, fine.max_amount) == (3, 5, "违法所得", 100_000)


def test_subjects_named_by_the_clause() -> None:
    # 药品管理法 art. 138
    text = ("第一百三十八条 药品检验机构出具虚假检验报告的，责令改正，给予警告，对单位并处二十万元以上一百万元以下的罚款；对直接"
            "负责的主管人员和其他直接责任人员依法给予降级、撤职、开除处分，没收违法所得，并处五万元以下的罚款；情节严重的，"
            "撤销其检验资格。")
    got = [(s.kind, s.subject) for s in analyse_penalty(text).sanctions if s.is_penalty]
    assert got == [(K.WARNING, None), (K.FINE, "单位"), (K.CONFISCATE_GAINS, "责任人员"), (K.FINE, "责任人员"),
                   (K.REVOKE_LICENCE, None)]


# -- deciding body ------------------------------------------------------------------------------

QZ_MD = """# 衢州市城市市容和环境卫生管理条例

<!-- INFO END -->

## 第一章 总则

第四条 市、县（市、区）人民政府市容环境卫生主管部门负责本行政区域内城市市容和环境卫生管理工作。

## 第二章 城市市容管理

第十二条 各级人民政府可以根据社会实际需要和客观条件设置临时经营场所，并应当采取措施保持场所的整洁、有序。

在道路两侧及其他公共场地设置的餐饮、非机动车修理、擦鞋等便民摊点，应当按照规定的地点、时限规范经营，保持经营场地清洁。

违反本条第二款规定的，对单位处五百元以上一千元以下罚款，对个人处二十元以上二百元以下罚款。

第五十条 本条例自2017年3月1日起施行。
"""


def test_body_never_from_a_duty_sentence_but_inferred_from_the_general_article() -> None:
    # 衢州 art. 12 names no body; "各级人民政府" in para. 1 is a duty, not the deciding body
    ps = parse_statute(QZ_MD, "DLC/浙江地方法规/地方性法规/浙江/衢州市城市市容和环境卫生管理条例(2016-12-12).md")
    art12 = next(p for p in ps.provisions if p.id.article == 12)
    assert art12.is_penalty
    assert art12.competent_body == "市、县（市、区）人民政府市容环境卫生主管部门"
    assert art12.competent_body_source == "inferred"
    assert art12.competent_body_basis is not None and art12.competent_body_basis.article == 4
    assert not art12.township_competent
    # the self-reference 违反本条第二款 is its 违则
    assert [(t.article, t.paragraph) for t in art12.violated] == [(12, 2)]
    assert [s.subject for s in art12.sanctions] == ["单位", "个人"]


def test_body_named_in_the_clause_is_marked_so() -> None:
    ps = parse_statute(QZ_MD.replace("违反本条第二款规定的，", "违反本条第二款规定的，由城市管理部门"),
                       "x/衢州市城市市容和环境卫生管理条例.md")
    art12 = next(p for p in ps.provisions if p.id.article == 12)
    assert (art12.competent_body, art12.competent_body_source) == ("城市管理部门", "clause")


def test_penalty_assignment_article_wins_over_the_supervisor() -> None:
    provs = [Provision(ProvisionId("x", None, 3), "第三条 市城市管理部门负责本市市容管理工作。"),
             Provision(ProvisionId("x", None, 40), "第四十条 本条例规定的行政处罚，由综合行政执法部门实施。")]
    assert general_enforcement_body(provs) == ("综合行政执法部门", ProvisionId("x", None, 40))


def test_government_duty_is_no_supervisor() -> None:
    provs = [Provision(ProvisionId("x", None, 3), "第三条 各级人民政府应当加强对市容工作的领导。"),
             Provision(ProvisionId("x", None, 4), "第四条 县级以上人民政府负责本行政区域内的市容工作。")]
    assert general_enforcement_body(provs) is None


# -- 违则 ------------------------------------------------------------------------------------

CY_MD = """# 中华人民共和国草原法

<!-- INFO END -->

## 第五章 利用

第四十九条 禁止在荒漠、半荒漠和严重退化、沙化、盐碱化、石漠化、水土流失的草原以及生态脆弱区的草原上采挖植物和从事破坏草原植被的其他活动。

## 第八章 法律责任

第六十一条 草原行政主管部门工作人员及其他国家机关有关工作人员玩忽职守、滥用职权，不依法履行监督管理职责，或者发现违法行为不予查处，造成严重后果，构成犯罪的，依法追究刑事责任；尚不够刑事处罚的，依法给予行政处分。

第六十四条 买卖或者以其他形式非法转让草原，构成犯罪的，依法追究刑事责任；尚不够刑事处罚的，由县级以上人民政府草原行政主管部门依据职权责令限期改正，没收违法所得，并处违法所得一倍以上五倍以下的罚款。

第六十七条 在荒漠、半荒漠和严重退化、沙化、盐碱化、石漠化、水土流失的草原，以及生态脆弱区的草原上采挖植物或者从事破坏草原植被的其他活动的，由县级以上地方人民政府草原行政主管部门依据职权责令停止违法行为，没收非法财物和违法所得，可以并处违法所得一倍以上五倍以下的罚款；没有违法所得的，可以并处五万元以下的罚款；给草原所有者或者使用者造成损失的，依法承担赔偿责任。

第七十五条 本法自2003年3月1日起施行。
"""


def test_inferred_pairs_never_point_at_officials_duties() -> None:
    ps = with_inferred_pairs(parse_statute(CY_MD, "经济法/草原法(2021-04-29).md"))
    arts = {p.id.article: p for p in ps.provisions}
    assert arts[64].violated_inferred == ()  # not art. 61 (officials' misconduct)
    assert [t.article for t in arts[67].violated_inferred] == [49]
    (note,) = arts[67].violated_inferred_notes
    assert note.target.article == 49 and 0.5 <= note.confidence <= 1 and "采挖植物" in note.reason


SPAQ_MD = """# 中华人民共和国食品安全法

<!-- INFO END -->

第六十一条 集中交易市场的开办者、柜台出租者和展销会举办者，应当依法审查入场食品经营者的许可证，明确其食品安全管理责任，定期对其经营环境和条件进行检查，发现其有违反本法规定行为的，应当及时制止并立即报告所在地县级人民政府食品安全监督管理部门。

第六十四条 食用农产品批发市场应当配备检验设备和检验人员或者委托符合本法规定的食品检验机构，对进入该批发市场销售的食用农产品进行抽样检验。

第一百三十条 违反本法规定，集中交易市场的开办者、柜台出租者、展销会的举办者允许未依法取得许可的食品经营者进入市场销售食品，或者未履行检查、报告等义务的，由县级以上人民政府食品安全监督管理部门责令改正，没收违法所得，并处五万元以上二十万元以下罚款；造成严重后果的，责令停业，直至由原发证部门吊销许可证；使消费者的合法权益受到损害的，应当与食品经营者承担连带责任。

食用农产品批发市场违反本法第六十四条规定的，依照前款规定承担责任。

第一百五十四条 本法自2015年10月1日起施行。
"""


def test_paragraph_without_a_named_rule_is_still_paired() -> None:
    # 食品安全法 art. 130: para. 2 names art. 64, para. 1 breaks art. 61
    ps = with_inferred_pairs(parse_statute(SPAQ_MD, "行政法/食品安全法(2021-04-29).md"))
    art130 = next(p for p in ps.provisions if p.id.article == 130)
    assert [t.article for t in art130.violated] == [64]
    assert [t.article for t in art130.violated_inferred] == [61]


def test_lone_item_reference_belongs_to_the_cited_article() -> None:
    # 商丘市文明行为促进条例 art. 35
    text = ("第三十五条 违反本条例第十五条第一款规定，有下列情形之一的，按照下列规定予以处罚：\n"
            "（一）违反第一项规定，在居民生活区饲养禁养名录的犬只的，由公安机关或者城市管理行政执法部门没收犬只，"
            "并处五千元以上一万元以下罚款；")
    got = [(c.article, c.paragraph, c.item) for c in analyse_penalty(text).violated]
    assert got == [(15, 1, None), (15, 1, 1)]


def test_exceptions_are_no_rule_broken() -> None:
    # 机动车登记规定 art. 79: 除第十六条…规定的情形外 names exceptions
    text = ("第七十九条 除第十六条、第二十二条、第二十三条规定的情形外，擅自改变机动车外形和已登记的有关技术参数的，"
            "由公安机关交通管理部门责令恢复原状，并处警告或者五百元以下罚款。")
    assert analyse_penalty(text).violated == ()


def test_conformity_wording_names_the_rule() -> None:
    # 北京市食品安全条例 art. 59: 未采取整改措施以符合本条例第十三条第二款…规定的生产经营条件
    text = ("第五十九条 食品生产加工作坊、食品摊贩生产经营条件发生变化，未采取整改措施以符合本条例第十三条第二款、第三款和"
            "第十五条第一款、第三款规定的生产经营条件和要求的，由有关主管部门责令限期改正，给予警告。")
    assert sorted({c.article for c in analyse_penalty(text).violated}) == [13, 15]


# -- interface: new fields round-trip through the graph codec --------------------------------


def test_new_fields_round_trip_through_the_codec() -> None:
    s = Sanction(K.FINE, "处每人五百元以上二千元以下的罚款", min_amount=500.0, max_amount=2000.0, per="每人", subject="单位")
    assert from_props(Sanction, to_props(s)) == s
    p = Provision(ProvisionId("x", None, 12), "第十二条 …", sanctions=(s,), competent_body="城市管理部门",
                  competent_body_source="inferred", competent_body_basis=ProvisionId("x", None, 4),
                  violated_inferred=(ProvisionId("x", None, 9),),
                  violated_inferred_notes=(InferredPair(ProvisionId("x", None, 9), 0.75, "行为“…”与该条用语相合（75%）"),))
    back = from_props(Provision, {**to_props(p), "id": str(p.id)})
    assert back == p and back.is_penalty


# -- more kinds of wrong 罚则 and 违则, found on fresh corpus articles (tuning only) --------------


def test_verbal_warning_decision_reference_and_supervision_are_no_penalty() -> None:
    for text in ("第四十四条 对轻微违法行为，口头告知其违法行为的基本事实、依据，纠正违法行为并予以口头警告后放行。",
                 ("第二百三十三条 …公司因本法第二百二十九条第一款第四项的规定而解散的，作出吊销营业执照、责令关闭或者撤销决定的"
                  "部门或者公司登记机关，可以申请人民法院指定有关人员组成清算组进行清算。"),
                 ("第二十二条 流动人口现居住地的县级人民政府公安、民政、人力资源社会保障、卫生等部门和县级工商行政管理部门违反"
                  "本条例第九条规定的，由本级人民政府或者上级人民政府主管部门责令改正，通报批评。"),
                 ("第三十四条 市、县（区）人民政府有关部门及其工作人员有下列情形之一的，由有关机关责令限期改正，通报批评；"
                  "情节严重的，对直接负责的主管人员和其他直接责任人员依法给予处分：")):
        assert not analyse_penalty(text).is_penalty, text
    # but a body that made another decision may still sanction: 由作出限期治理决定的人民政府责令停业、关闭
    text = "对限期治理逾期未完成治理任务的企业，由作出限期治理决定的人民政府责令停业、关闭。"
    assert [s.kind for s in analyse_penalty(text).sanctions] == [K.SUSPEND_BUSINESS, K.CLOSE]


def _pairs(md: str, article: int) -> list[int]:
    ps = with_inferred_pairs(parse_statute(md, "x/某条例(2020-01-01).md"))
    return [t.article for t in next(p for p in ps.provisions if p.id.article == article).violated_inferred]


def test_no_pair_from_a_subject_alone_or_a_scope_article() -> None:
    md = ("# 某市检验检测条例\n\n<!-- INFO END -->\n\n"
          "第二条 在本市从事检验检测活动的检验检测机构，必须遵守本条例。\n\n"
          "第六条 市质量技术监督部门负责本行政区域内检验检测机构的监督管理。\n\n"
          "第十五条 检验检测机构不得聘用法律、法规禁止从事检验检测活动的人员。\n\n"
          "第四十六条 检验检测机构有下列情形之一的，由检验检测监督管理部门责令改正，并处一万元以上五万元以下的罚款：\n"
          "（一）违反本条例第十五条规定，聘用法律、法规禁止从事检验检测活动的人员的；\n\n"
          "第五十条 本条例自2020年1月1日起施行。\n")
    ps = with_inferred_pairs(parse_statute(md, "x/某市检验检测条例(2020-01-01).md"))
    art46 = next(p for p in ps.provisions if p.id.article == 46)
    assert [t.article for t in art46.violated] == [15]
    assert art46.violated_inferred == ()  # not art. 2 (scope) nor art. 6 (the supervisor) for "检验检测机构"


def test_no_pair_from_a_definition_or_a_threshold() -> None:
    md = ("# 某省禁止赌博条例\n\n<!-- INFO END -->\n\n"
          "第三条 凡用任何方式，以财物为注争输赢的，均为赌博行为；凡为赌博提供场所、赌资、赌具的，均为赌博提供条件的行为。\n\n"
          "第十二条 为赌博提供场所、赌资、赌具的，处以一千元以上三千元以下罚款。\n\n"
          "第二十条 本条例自2010年1月1日起施行。\n")
    assert _pairs(md, 12) == []
    md2 = ("# 某护照条例\n\n<!-- INFO END -->\n\n"
           "第十四条 申请人因妨害国（边）境管理受到刑事处罚的，护照签发机关不予签发护照。\n\n"
           "第十八条 为他人提供伪造、变造的护照，或者出售护照的，依法追究刑事责任；尚不够刑事处罚的，由公安机关没收违法所得，"
           "并处二千元以上五千元以下罚款。\n\n"
           "第二十条 本条例自2010年1月1日起施行。\n")
    assert _pairs(md2, 18) == []


def test_lone_paragraph_in_the_same_sentence_belongs_to_the_cited_article() -> None:
    # 浙江省商品交易市场管理条例 art. 42
    text = ("第四十二条 市场举办者违反本条例第十五条第一款规定出售商位或者未按第二款规定划定用于农产品自产自销专用区域面积的，"
            "由市场监督管理部门责令限期改正；逾期不改正的，没收非法所得，并处非法所得一倍以上三倍以下罚款。")
    assert [(c.article, c.paragraph) for c in analyse_penalty(text).violated] == [(15, 1), (15, 2)]


def test_lacking_the_conditions_of_an_article_names_it() -> None:
    # 北京市动物防疫条例 art. 63 (2)
    text = ("第六十三条 有下列情形之一的，由动物卫生监督机构责令限期改正，给予警告：\n"
            "（二）不具备本条例第四十三条规定的条件，从事动物寄养活动的。")
    assert [c.article for c in analyse_penalty(text).violated] == [43]


def test_court_measures_are_no_administrative_penalty() -> None:
    # 民事诉讼法 (2021) art. 114 and 刑事诉讼法 (2018) art. 199: a court's 罚款、拘留 against obstruction
    for text in (("第一百一十四条 诉讼参与人或者其他人有下列行为之一的，人民法院可以根据情节轻重予以罚款、拘留；构成犯罪的，"
                 "依法追究刑事责任："),
                 ("第一百九十九条 在法庭审判过程中，如果诉讼参与人或者旁听人员违反法庭秩序，审判长应当警告制止。对不听制止的，"
                  "可以强行带出法庭；情节严重的，处以一千元以下的罚款或者十五日以下的拘留。")):
        assert not analyse_penalty(text).is_penalty, text
    # asking a court to enforce an administrative fine is no court measure
    text = "逾期不拆除的，处五万元以下罚款，并可以申请人民法院强制执行。"
    assert analyse_penalty(text).is_penalty


def test_judicial_interpretations_set_no_administrative_penalty() -> None:
    md = ("# 最高人民法院关于适用《中华人民共和国民事诉讼法》的解释\n\n<!-- INFO END -->\n\n"
          "第一百零二条 当事人因故意或者重大过失逾期提供的证据，人民法院不予采纳。但该证据与案件基本事实有关的，人民法院"
          "应当采纳，并依照民事诉讼法第六十八条、第一百一十八条第一款的规定予以训诫、罚款。\n")
    ps = parse_statute(md, "司法解释/最高人民法院关于适用《民事诉讼法》的解释(2022-04-01).md")
    assert not any(p.is_penalty or p.sanctions for p in ps.provisions)


def test_suspension_as_a_supervisory_measure_alone_is_no_penalty() -> None:
    # 疫苗管理法 art. 72 (2) — but 个人信息保护法 art. 66 sets it among sanctions
    text = ("严重违反药品相关质量管理规范的，药品监督管理部门应当责令暂停疫苗生产、销售、配送，立即整改；整改完成后，经药品"
            "监督管理部门检查符合要求的，方可恢复生产、销售、配送。")
    assert not analyse_penalty(text).is_penalty
    text = ("违反本法规定处理个人信息的，由履行个人信息保护职责的部门责令改正，给予警告，没收违法所得，对违法处理个人信息的"
            "应用程序，责令暂停或者终止提供服务。")
    assert K.SUSPEND_BUSINESS in kinds(text)


# -- rules read on the spent held-out half (2026-12-07) ------------------------------------------------


def test_enforcement_surcharge_is_no_fine() -> None:
    # 行政强制法 art. 46: 加处罚款 is an enforcement measure (art. 45), 抵缴罚款 a way to pay one
    text = ("第四十六条 行政机关依照本法第四十五条规定实施加处罚款或者滞纳金超过三十日，经催告当事人仍不履行的，具有行政强制"
            "执行权的行政机关可以强制执行。")
    assert not analyse_penalty(text).sanctions


def test_an_authoritys_list_of_duties_sets_nothing() -> None:
    # 民用核设施安全监督管理条例 art. 4
    text = ("第四条 国家核安全局对全国核设施安全实施统一监督，独立行使核安全监督权，其主要职责是：\n"
            "(二)组织审查、评定核设施的安全性能及核设施营运单位保障安全的能力，负责颁发或者吊销核设施安全许可证件；")
    assert not analyse_penalty(text).sanctions


def test_on_the_spot_collection_is_procedure() -> None:
    # 道路交通安全违法行为处理程序规定 (2020) art. 59
    text = ("第五十九条 对行人、乘车人、非机动车驾驶人处以罚款，交通警察当场收缴的，交通警察应当在简易程序处罚决定书上注明，"
            "由被处罚人签名确认。")
    assert not analyse_penalty(text).is_penalty


def test_a_bail_deposit_is_no_licence() -> None:
    # 公安机关办理刑事案件程序规定 (2020) art. 102
    text = ("第一百零二条 被取保候审人没有违反本规定第八十九条、第九十条规定，但在取保候审期间涉嫌重新故意犯罪被立案侦查的，"
            "负责执行的公安机关应当暂扣其交纳的保证金，待人民法院判决生效后，根据有关判决作出处理。")
    assert not analyse_penalty(text).sanctions
    assert kinds("由公安机关交通管理部门暂扣机动车驾驶证。") == [K.SUSPEND_LICENCE]


def test_carrying_out_a_sanction_set_elsewhere_is_procedure() -> None:
    # 道路交通事故处理程序规定 (2018) art. 82 carries out 道路交通安全法 art. 101
    text = ("第八十二条 对发生道路交通事故构成犯罪，依法应当吊销驾驶人机动车驾驶证的，应当在人民法院作出有罪判决后，由设区的市"
            "公安机关交通管理部门依法吊销机动车驾驶证。")
    assert not analyse_penalty(text).is_penalty


NVZG_13 = ("第十三条 用人单位违反本规定第六条第二款、第七条、第九条第一款规定的，由县级以上人民政府人力资源社会保障行政部门责令"
           "限期改正，按照受侵害女职工每人1000元以上5000元以下的标准计算，处以罚款。\n"
           "用人单位违反本规定附录第一条、第二条规定的，由县级以上人民政府安全生产监督管理部门责令限期改正，按照受侵害女职工每人"
           "1000元以上5000元以下的标准计算，处以罚款。")


def test_per_unit_figures_in_the_segment_before_the_fine() -> None:
    # 女职工劳动保护特别规定 (2012) art. 13
    fines = [s for s in analyse_penalty(NVZG_13).sanctions if s.kind is K.FINE]
    assert [(s.min_amount, s.max_amount, s.per) for s in fines] == [(1000.0, 5000.0, "每人")]


def test_annex_articles_are_not_the_statutes_own() -> None:
    assert [c.article for c in analyse_penalty(NVZG_13).violated] == [6, 7, 9]


SPJY_MD = """# 食盐加碘消除碘缺乏危害管理条例

<!-- INFO END -->

第七条 从事碘盐加工的盐业企业，应当由省、自治区、直辖市人民政府盐业主管机构指定，并取得同级人民政府卫生行政部门卫生许可后，报国务院盐业主管机构批准。

第十条 碘盐出厂前必须予以包装。碘盐的包装应当有明显标识，并附有加工企业名称、地址、加碘量、批号、生产日期和保管方法等说明。

第十二条 经营碘盐批发业务的企业和在交通不方便的地区经营碘盐零售业务的单位和个人，应当按照省、自治区、直辖市人民政府盐业主管机构的规定，保持合理的碘盐库存量。

第十七条 经营碘盐批发业务的企业，由省、自治区、直辖市人民政府盐业主管机构审批。

碘盐批发企业应当从国务院盐业主管机构批准的碘盐加工企业进货。经营碘盐零售业务的单位和个人，应当从碘盐批发企业进货，不得从未经批准的单位和个人购进碘盐。

第十八条 碘盐批发企业在从碘盐加工企业购进碘盐时，应当索取加碘证明，碘盐加工企业应当保证提供。

第二十四条 违反本条例的规定，擅自开办碘盐加工企业或者未经批准从事碘盐批发业务的，由县级以上人民政府盐业主管机构责令停止加工或者批发碘盐，没收全部碘盐和违法所得，可以并处该盐产品价值3倍以下的罚款。

第三十条 本条例自发布之日起施行。
"""


def test_unapproved_activity_is_paired_with_the_approving_article() -> None:
    from ingest.pairing import conduct_clauses

    ps = with_inferred_pairs(parse_statute(SPJY_MD, "行政法规/食盐加碘消除碘缺乏危害管理条例(2017-03-01).md"))
    art24 = next(p for p in ps.provisions if p.id.article == 24)
    assert conduct_clauses(art24.text) == ["擅自开办碘盐加工企业", "未经批准从事碘盐批发业务"]
    assert 17 in [t.article for t in art24.violated_inferred]
    assert 12 not in [t.article for t in art24.violated_inferred]


SHSP_MD = """# 上海市食品安全条例

<!-- INFO END -->

第二十四条 禁止生产经营下列食品、食品添加剂：

第八十三条 对从事无证生产经营行为的单位和个人以及明知从事无证生产经营行为、仍为其提供生产经营场所或者其他条件的单位和个人，除依法进行处理外，将其有关信息纳入本市公共信用信息平台，由相关部门按照规定实施相应惩戒措施。

第九十二条 违反本条例第二十四条第一款规定，生产经营下列食品、食品添加剂的，由市食品药品监督管理部门或者区市场监督管理部门没收违法所得和违法生产经营的食品、食品添加剂，并处十万元以上十五万元以下罚款。

明知从事前数款规定的违法行为，仍为其提供生产经营场所或者其他条件的，由市食品药品监督管理部门或者区市场监督管理部门责令停止违法行为，没收违法所得，并处十万元以上二十万元以下罚款。

第一百条 本条例自2017年3月20日起施行。
"""


def test_a_paragraph_naming_the_paragraphs_before_is_not_inferred() -> None:
    # 上海市食品安全条例 (2017) art. 92, para. 3: its rule is the paragraphs before, not art. 83 (para. 2)
    ps = with_inferred_pairs(parse_statute(SHSP_MD, "地方性法规/上海/上海市食品安全条例(2017-01-20).md"))
    art92 = next(p for p in ps.provisions if p.id.article == 92)
    assert [t.article for t in art92.violated] == [24]
    assert art92.violated_inferred == ()


def test_the_penalty_chapters_assignment_holds_in_that_chapter() -> None:
    # 出境入境管理法 (2012) arts. 4, 49, 70 and 72 (cut): art. 70 assigns the 法律责任 chapter's penalties,
    # art. 49 names its own body (公安部), art. 4 is the general supervision article
    md = """# 中华人民共和国出境入境管理法

<!-- INFO END -->

## 第一章 总则

第四条 公安部、外交部按照各自职责负责有关出境入境事务的管理。

中华人民共和国驻外使馆、领馆或者外交部委托的其他驻外机构（以下称驻外签证机关）负责在境外签发外国人入境签证。出入境边防检查机关负责实施出境入境边防检查。县级以上地方人民政府公安机关及其出入境管理机构负责外国人停留居留管理。

## 第四章 外国人停留居留

第四十九条 外国人有下列情形之一的，由公安部决定取消其在中国境内永久居留资格:

（一）对中国国家安全和利益造成危害的；

## 第七章 法律责任

第七十条 本章规定的行政处罚，除本章另有规定外，由县级以上地方人民政府公安机关或者出入境边防检查机关决定；其中警告或者五千元以下罚款，可以由县级以上地方人民政府公安机关出入境管理机构决定。

第七十二条 协助他人非法出境入境的，处二千元以上一万元以下罚款；情节严重的，处十日以上十五日以下拘留，并处五千元以上二万元以下罚款。

## 第八章 附则

第九十三条 本法自2013年7月1日起施行。
"""
    arts = {p.id.article: p for p in parse_statute(md, "行政法/出境入境管理法(2012-06-30).md").provisions}
    assert (arts[49].competent_body, arts[49].competent_body_source) == ("公安部", "clause")
    assert (arts[72].competent_body, arts[72].competent_body_source, arts[72].competent_body_basis.article) == (
        "县级以上地方人民政府公安机关或者出入境边防检查机关", "inferred", 70)


def test_two_conducts_agreeing_on_one_rule_pair_with_it() -> None:
    # 畜禽规模养殖污染防治条例 (2013) art. 41: both conducts come closest to art. 20, neither reaches the bar alone
    from ingest.pairing import MIN_SCORE, infer_violated_pairs

    path = "行政法规/畜禽规模养殖污染防治条例(2013-11-11).md"
    laws = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "laws"
    if not (laws / path).is_file():
        pytest.skip("corpus not found")
    ps = parse_statute((laws / path).read_text(encoding="utf-8"), path)
    art41 = next(p for p in ps.provisions if p.id.article == 41)
    (pair,) = infer_violated_pairs(ps.provisions, {art41.id})[art41.id]
    assert pair.target.article == 20 and pair.confidence < MIN_SCORE


def test_unapproved_list_matches_each_activity_and_penalty_rule_references_are_no_rule() -> None:
    # 保险法 (2015) art. 158 → art. 67; 食品安全法实施条例 (2019) art. 73 → art. 34 (its 依照本条例第七十五条…给予处罚
    # refers to a penalty rule, it names no 违则)
    bx = """# 中华人民共和国保险法

<!-- INFO END -->

第六十七条 设立保险公司应当经国务院保险监督管理机构批准。

国务院保险监督管理机构审查保险公司的设立申请时，应当考虑保险业的发展和公平竞争的需要。

第一百零七条 经国务院保险监督管理机构会同国务院证券监督管理机构批准，保险公司可以设立保险资产管理公司。

第一百五十八条 违反本法规定，擅自设立保险公司、保险资产管理公司或者非法经营商业保险业务的，由保险监督管理机构予以取缔，没收违法所得，并处违法所得一倍以上五倍以下的罚款。
"""
    sp = """# 中华人民共和国食品安全法实施条例

<!-- INFO END -->

第三十四条 禁止利用包括会议、讲座、健康咨询在内的任何方式对食品进行虚假宣传。食品安全监督管理部门发现虚假宣传行为的，应当依法及时处理。

第七十三条 利用会议、讲座、健康咨询等方式对食品进行虚假宣传的，由县级以上人民政府食品安全监督管理部门责令消除影响，有违法所得的，没收违法所得；情节严重的，依照食品安全法第一百四十条第五款的规定进行处罚；属于单位违法的，还应当依照本条例第七十五条的规定对单位的法定代表人、主要负责人、直接负责的主管人员和其他直接责任人员给予处罚。

第七十五条 食品生产经营企业等单位有食品安全法规定的违法情形，除依照食品安全法的规定给予处罚外，有下列情形之一的，对单位的法定代表人、主要负责人、直接负责的主管人员和其他直接责任人员处以其上一年度从本单位取得收入的1倍以上10倍以下罚款：
"""
    for md, source, art, rule in ((bx, "民法商法/保险法(2015-04-24).md", 158, 67),
                                  (sp, "行政法规/食品安全法实施条例(2019-10-11).md", 73, 34)):
        ps = with_inferred_pairs(parse_statute(md, source))
        pen = next(p for p in ps.provisions if p.id.article == art)
        assert rule in [t.article for t in pen.violated_inferred], source


def test_the_same_kind_for_another_subject_is_kept() -> None:
    # 证券法 (2019) art. 205: a 警告 for the firm and one for the persons responsible
    text = ("第二百零五条 证券公司违反本法第一百二十三条第二款的规定，为其股东或者股东的关联人提供融资或者担保的，责令改正，"
            "给予警告，并处以五十万元以上五百万元以下的罚款。对直接负责的主管人员和其他直接责任人员给予警告，并处以十万元以上"
            "一百万元以下的罚款。")
    warnings = [s.subject for s in analyse_penalty(text).sanctions if s.kind is K.WARNING]
    assert warnings == [None, "责任人员"]


def test_two_breaches_joined_by_or_are_matched_one_by_one() -> None:
    from ingest.pairing import conduct_clauses, infer_violated_pairs

    # 特种设备安全法 (2013) art. 83 (二): 未建立…档案 breaks art. 35 on its own
    item = ("第八十三条 违反本法规定，特种设备使用单位有下列行为之一的，责令限期改正；逾期未改正的，责令停止使用有关特种设备，"
            "处一万元以上十万元以下罚款:\n（二）未建立特种设备安全技术档案或者安全技术档案不符合规定要求，或者未依法设置使用"
            "登记标志、定期检验标志的；")
    assert "未建立特种设备安全技术档案" in conduct_clauses(item)
    # 消耗臭氧层物质管理条例 (2018) art. 36: one conduct on two objects stays whole
    text = ("第三十六条 从事含消耗臭氧层物质的制冷设备、制冷系统或者灭火系统的维修、报废处理等经营活动的单位，未按照规定对"
            "消耗臭氧层物质进行回收、循环利用或者交由从事消耗臭氧层物质回收、再生利用、销毁等经营活动的单位进行无害化处置的，"
            "由所在地县级以上地方人民政府环境保护主管部门责令改正，处进行无害化处置所需费用3倍的罚款。")
    assert not any(c.startswith("灭火系统") for c in conduct_clauses(text))
    path = "社会法/特种设备安全法(2013-06-29).md"
    laws = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "laws"
    if not (laws / path).is_file():
        pytest.skip("corpus not found")
    ps = parse_statute((laws / path).read_text(encoding="utf-8"), path)
    art83 = next(p for p in ps.provisions if p.id.article == 83)
    assert 35 in [n.target.article for n in infer_violated_pairs(ps.provisions, {art83.id})[art83.id]]
