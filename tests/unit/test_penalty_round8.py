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
