"""Whom a sanction of a 罚则 hits: 对单位 / 对个人 / 对直接负责的主管人员…, read from the clause that sets it.

:func:`sanction_subject` names the subject of the sanction at a position (the last 对… or 为单位的 before it in its
sentence); :func:`business_barred` tells a ban on a business's activity from a ban on persons' practice.  Split out
of ingest/penalties.py (STYLE.md §7).

>>> t = "对单位处一万元以上五万元以下罚款，对个人处五百元以下罚款。"
>>> sanction_subject(t, t.index("处一万")), sanction_subject(t, t.index("处五百"))
('单位', '个人')
"""

from __future__ import annotations

import re

__all__ = ["RESPONSIBLE", "business_barred", "sanction_subject"]

_SENTENCE_START = re.compile(r"[。；;\n]")
# 对其直接负责的主管人员…: the persons responsible of the party just named (a long list of them: 对违法单位的法定代表人
# 或者主要负责人、直接负责的主管人员和其他直接责任人员，处… (地名管理条例 art. 37)) (not 对其处…, the party itself); the
# sanction follows (对单位处…, 对个人，可以处…), not 对食品、食品生产经营者进行等级评定，欺骗… (食品安全法实施条例 art. 80);
# a list of 31 characters or more ends in 人员 / 负责人 / 代表人 (对其法定代表人或者主要负责人、直接负责的主管人员和其他直接
# 责任人员给予警告, 非银行支付机构监督管理条例 art. 47); 对单位被吊销…许可证负有责任的…人员 names a passive condition, no party
_OWNER = re.compile(r"(?<![针相核应])对(?![于照外应此])(?:其(?=直接|主要|法定|负责|他直接|有关))?(?P<who>[^，,。；;：:\n]{1,30}?|[^，,。；;：:\n]{1,58}?(?:人员|负责人|代表人))"
                    r"(?=[，,]?(?:并处|处|给予|予以|没收|吊销|暂扣|撤销|暂停|取消|通报批评|禁止|可以|可|依法|责令|由|按照|按|以每|每|分别|罚款)|$"
                    # the body between: 对快递企业，邮政管理部门可以责令停业整顿 (邮政法 art. 75)
                    r"|[，,][^，,。；;：:\n对]{1,30}?(?:部门|机关|机构)(?:可以|应当|依法)?(?:责令|处|给予|没收|吊销|暂扣|予以))")
# a condition naming the kind of party: 农药使用者为单位的，处…；农药使用者为个人的，处… / 属于个人的
# (濮阳市马颊河保护条例 art. 50: 农药使用者为农产品生产企业、…等单位的，处…，农药使用者为个人的，处…)
_PARTY_CONDITION = re.compile(
    r"(?:为|是|属于|系)(?P<who>(?:[^，。；为]{0,60}?等|[^，。；为是]{0,12}?)?(?:单位|个人|自然人|法人|其他组织|法人或者其他组织)"
    r"|(?:企业|单位)、其他组织)的[，,]"
)
_PASSIVE_SANCTION = re.compile("被(?:吊销|撤销|责令|处以|处罚|没收|取消)")
# 对前款所列行为负有直接责任的股份有限公司的董事、监事和高级管理人员 (股票发行与交易管理暂行条例 art. 70)
RESPONSIBLE = re.compile("直接负责的主管人员|直接责任人员|主要负责人|法定代表人|负责人|责任人员|责任人"
                         r"|负有(?:直接)?责任的(?=[^，。；]*?(?:人员|董事|监事|经理|负责人)$)")
_ORGANISATION = re.compile("单位|企业|公司|机构|组织|法人|经营者")
_PERSON = re.compile("个人|人员|自然人")


# 对有下列行为之一的用水单位，由…给予警告 (青岛市城市节约用水管理条例 art. 29): the lead-in of a list names the party that
# breaks the rules, not whom of several a sanction hits
_LIST_PARTY = re.compile("^有下列")
# 吊销血站、单采血浆站的执业许可证 / 吊销营业执照: a licence of an organisation, whoever the sentence named before
# (…对有关医务人员责令暂停…执业活动，并可以由原登记部门吊销该医疗机构的人体器官移植诊疗科目, 人体器官捐献和移植条例 art. 40:
# the institution's, not the persons')
_ORGANISATION_LICENCE = re.compile("营业执照|(?:站|所|院|机构|企业|单位|公司|社|场|中心)的[^，。；]{0,10}?(?:许可证|执照|证书|诊疗科目)")


_PERSON_NOUN = re.compile("(?:[员师]|居民用户|居民|个体工商户)$")


def _unit_named_beside(text: str, k: int, at: int) -> bool:
    """Whether the sentence from ``k`` names a business as the party of another sanction before ``at``."""
    for m in _OWNER.finditer(text, k, at):
        who = m.group("who")
        if _ORGANISATION.search(who) and not _PERSON.search(who) and not RESPONSIBLE.search(who):
            return True
    return False


def sanction_subject(text: str, pos: int, sanction: str = "") -> str | None:
    """Whom the sanction at ``pos`` (whose words are ``sanction``) hits, when its sentence names it: 对单位 / 对个人 /
    对直接负责的主管人员….

    The last 对… before the sanction within its sentence (up to 。；) decides; None when none is named.

    >>> t = "对负有责任的主管人员和其他直接责任人员依法给予降级、撤职、开除的处分，并可以依法吊销血站、单采血浆站的执业许可证"
    >>> sanction_subject(t, t.index("吊销"), "吊销血站、单采血浆站的执业许可证") is None
    True
    """
    k = pos
    while k > 0 and not _SENTENCE_START.match(text, k - 1):
        k -= 1
    last: re.Match[str] | None = None
    for m in _OWNER.finditer(text, k):
        if m.start() > pos:
            break
        if not _PASSIVE_SANCTION.search(text, m.start(), m.end() + 3):
            last = m
    for m in _PARTY_CONDITION.finditer(text, k, pos):
        if last is None or m.start() > last.start():
            last = m
    if last is None:
        return None
    who = last.group("who")
    if _LIST_PARTY.match(who):
        return None
    if RESPONSIBLE.search(who):
        return None if _ORGANISATION_LICENCE.search(sanction) else "责任人员"
    unit, person = bool(_ORGANISATION.search(who)), bool(_PERSON.search(who))
    if person and not unit and _ORGANISATION_LICENCE.search(sanction):
        return None
    if not unit and not person and _PERSON_NOUN.search(who) and _unit_named_beside(text, k, last.start()):
        # 对公证机构处…罚款，对公证员处…罚款 (公证法 art. 41), 对天然气单位用户处…，对天然气居民用户处… (重庆市天然气管理条例
        # art. 60): the party set against a business is a person
        return "个人"
    if unit and not person:
        return "单位"
    if person and not unit:
        return "个人"
    return None


_BUSINESS_PARTY = re.compile("企业|公司|(?<![本该])单位|机构|经营者")
_PERSON_PARTY = re.compile("人员|负责人|代表人|驾驶员|驾驶人|导游|领队|教练员|医师|律师|个人|自然人|[^经营]者|人(?!民)")


def business_barred(text: str, pos: int) -> bool:
    """Whether a ban on an activity at ``pos`` (三年内不得从事…) hits a business, not persons: the party named last
    before it in its paragraph decides (建筑垃圾运输企业有下列违法行为…三年内不得从事建筑垃圾运输 → 限制开展生产经营活动;
    其直接负责的主管人员…五年内不得从事… → 限制从业)."""
    who = sanction_subject(text, pos)
    if who is not None:
        return who == "单位"
    start = text.rfind("\n", 0, pos) + 1
    while start > 0 and text.startswith(("（", "("), start):  # an item: its lead-in names the party
        start = text.rfind("\n", 0, start - 1) + 1
    head = text[start:pos]
    business = [m.end() for m in _BUSINESS_PARTY.finditer(head)]
    person = [m.end() for m in _PERSON_PARTY.finditer(head)]
    return bool(business) and (not person or business[-1] > person[-1])
