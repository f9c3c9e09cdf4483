"""Round 8 of issue 15: 违则 inference rules read off tests/quality/penalty_tuning5.yaml, on real corpus wording."""

from __future__ import annotations

from ingest.pairing import states_rights
from ingest.pipeline import with_inferred_pairs
from ingest.statutes import parse_statute

# 乡村医生从业管理条例 (2003) arts. 23, 28 and 38, cut small
XCYS_MD = """# 乡村医生从业管理条例

<!-- INFO END -->

第二十三条 乡村医生在执业活动中享有下列权利：
(一)进行一般医学处置，出具相应的医学证明；
(二)参与医学经验交流，参加专业学术团体；
(三)参加业务培训和教育；
(四)在执业活动中，人格尊严、人身安全不受侵犯；
(五)获取报酬；
(六)对当地的预防、保健、医疗工作和卫生行政主管部门的工作提出意见和建议。

第二十八条 乡村医生不得出具与执业范围无关或者与执业范围不相符的医学证明，不得进行实验性临床医疗活动。

第三十八条 乡村医生在执业活动中，违反本条例规定，有下列行为之一的，由县级人民政府卫生行政主管部门责令限期改正，给予警告；逾期不改正的，责令暂停3个月以上6个月以下执业活动；情节严重的，由原发证部门暂扣乡村医生执业证书：
(一)执业活动超出规定的执业范围，或者未按照规定进行转诊的；
(二)违反规定出具医学证明，或者伪造卫生统计资料的。

第四十九条 本条例自2004年1月1日起施行。
"""


def _parsed(md: str, source: str):  # type: ignore[no-untyped-def]
    return with_inferred_pairs(parse_statute(md, source))


def test_a_list_of_rights_is_no_rule() -> None:
    ps = parse_statute(XCYS_MD, "行政法规/乡村医生从业管理条例(2003-08-05).md")
    by_article = {p.id.article: p for p in ps.provisions}
    assert states_rights(by_article[23])  # 享有下列权利：…出具相应的医学证明
    assert not states_rights(by_article[28])  # 不得出具与执业范围无关…的医学证明
    assert not states_rights(by_article[38])


def test_a_breach_is_not_paired_with_the_rights_it_names() -> None:
    ps = _parsed(XCYS_MD, "行政法规/乡村医生从业管理条例(2003-08-05).md")
    pen = next(p for p in ps.provisions if p.id.article == 38)
    assert 23 not in {t.article for t in pen.violated_inferred}


# 农产品质量安全法 (2022) arts. 12, 26 and 68, cut small
NCP_MD = """# 中华人民共和国农产品质量安全法

<!-- INFO END -->

第十二条 农民专业合作社和农产品行业协会等应当及时为其成员提供生产技术服务，建立农产品质量安全管理制度，健全农产品质量安全控制体系，加强自律管理。

第二十六条 农产品生产企业、农民专业合作社、农业社会化服务组织应当加强农产品质量安全管理。

农产品生产企业应当建立农产品质量安全管理制度，配备相应的技术人员；不具备配备条件的，应当委托具有专业技术知识的人员进行农产品质量安全指导。

第六十八条 违反本法规定，农产品生产企业有下列情形之一的，由县级以上地方人民政府农业农村主管部门责令限期改正；逾期不改正的，处五千元以上五万元以下罚款：
（一）未建立农产品质量安全管理制度；
（二）未配备相应的农产品质量安全管理技术人员，且未委托具有专业技术知识的人员进行农产品质量安全指导。

第八十一条 本法自2023年1月1日起施行。
"""


def test_the_rule_that_names_the_party_wins_a_near_tie() -> None:
    ps = _parsed(NCP_MD, "经济法/农产品质量安全法(2022-09-02).md")
    pen = next(p for p in ps.provisions if p.id.article == 68)
    # （一）未建立农产品质量安全管理制度 is nearly as close to art. 12 (农民专业合作社…), but art. 26 names 农产品生产企业
    assert {t.article for t in pen.violated_inferred} == {26}
