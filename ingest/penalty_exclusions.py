"""What a sanction word names when it sets no 行政处罚 (行政处罚法 art. 9): a police measure, a guardianship, benefit or
honour withdrawn, a power to set penalties, a definition, a sanction not given or undergone, gains recovered under other
law; and the parties whose sanctions are supervision or another procedure (organs, 采购人, detainees, guarantors).

Split out of ingest/penalties.py (STYLE.md §7), which asks :func:`no_penalty` of every sanction it reads.

>>> t = "公安机关的人民警察…可以强行带离现场、依法予以拘留或者采取法律规定的其他措施。"
>>> no_penalty(t, 0, len(t), t.index("予以拘留"), Sanction(SanctionKind.DETENTION, "予以拘留"))
True
"""

from __future__ import annotations

import re

from ingest.fines import _segment_start
from kg.model import Sanction, SanctionKind

__all__ = ["DETAINEE", "ORGAN_PARTY", "clause_start", "no_penalty", "segment_end"]

# the party an article's warning or criticism hits is an organ: 采购人有下列情形之一的，由财政部门责令限期改正，给予警告
# (政府采购法实施条例 art. 67; 采购人 are 国家机关、事业单位和团体组织, 政府采购法 art. 2); 违反本条例规定，市、县（市、区）人民
# 政府有关部门及其工作人员有下列情形之一的 (安阳市中小学校幼儿园规划建设条例 art. 32); 乡（镇）人民政府、街道办事处和保护管理
# 机构有下列情形之一的; …人民政府或者街道办事处在流动人口计划生育工作中有下列情形之一的; 县级以上人民政府有关主管部门，未依照
# 本条例的规定履行…职责的 (病原微生物实验室生物安全管理条例 art. 69); 各级人民政府或者政府部门非法资助… (营业性演出管理条例
# art. 54): supervision, no 行政处罚 (not 采购人、采购代理机构…, whose agency is a business)
ORGAN_PARTY = re.compile(
    r"^(?:第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十])?\s*)?(?:违反本(?:实施细则|实施办法|条例|法|规定|办法)"
    r"(?:规定)?[，,])?(?:[^，。；]{0,40}?(?:人民政府|部门|机关|办事处)"
    r"(?:(?:、|和|或者|以及)[^，。；、]{0,12}?(?:人民政府|部门|机关|办事处|机构|人民团体))*|采购人)"
    r"(?:及其(?:工作人员|有关人员))?[，,]?(?:在[^，。；]{1,24}?(?:工作|过程)中)?"
    r"(?:有下列|有本|违反|未|不|非法|擅自|拒绝|拖延)"
)
# 看守所对于违反监规的人犯，可予以警告或者训诫 (看守所条例 art. 36): the discipline of detainees, no 行政处罚
# …保证人: 公安机关办理刑事案件程序规定 art. 103
DETAINEE = re.compile("(?<!成年)人犯(?!罪)|在押人员|被监管人员|被羁押人|被保证人")

_SEGMENT_BOUNDARY = re.compile(r"[，,；;。\n]")


def segment_end(text: str, pos: int, hi: int) -> int:
    m = _SEGMENT_BOUNDARY.search(text, pos, hi)
    return m.start() if m else hi


def clause_start(text: str, lo: int, pos: int) -> int:
    return max(lo, *(text.rfind(ch, 0, pos) + 1 for ch in "。；;\n"))


# 没收违法所得，判处罚金 (民用航空法 art. 194 para. 2), 没收…，处五年以下有期徒刑或者拘役 (刑法 art. 191): a criminal sentence
_CRIMINAL_SENTENCE = re.compile("有期徒刑|拘役|[判并单]处罚金")
# 强行带离现场或者立即予以拘留 / 不受逮捕或者拘留: a compulsory measure or criminal procedure, no 行政拘留 (人民警察法 art. 8,
# 集会游行示威法 art. 27, 领事特权与豁免条例 art. 12)
_DETENTION_MEASURE = re.compile("逮捕|强行(?:带离|驱散|遣回|遣送)|立即予以拘留")
# 在作出行政处罚决定之前，可以暂扣车辆运营证，并出具暂扣凭证 (郑州市客运出租汽车管理条例 art. 43): a measure that secures the
# decision to come (行政强制), no 暂扣许可证件 decided
_BEFORE_DECISION = re.compile(r"(?:作出|下达)[^，。；]{0,10}?(?:处罚)?决定(?:之)?前")
# 禁养区内现有的…养殖场…由…人民政府责令限期关闭 (菏泽市水污染防治条例 art. 27), 已经建成的，由…人民政府责令限期关闭拆除,
# 淘汰类的…生产企业…责令限期关闭, 应当责令其停止排放污染物…依法予以关闭, 整改不合格的，予以关闭 (地下水管理条例 art. 51): a
# closure ordered by policy or as a government's duty, for no breach
_POLICY_CLOSURE = re.compile("现有|已(?:经)?(?:合法)?建|淘汰|整改不合格|应当|实施前")
_BREACH = re.compile("违反|擅自|未经|非法|提请|报请|报经")  # (提请…人民政府予以关闭: a sanction asked for)
_LOOSE_CLOSURE = re.compile("责令(?:其)?限期关闭|(?:依法)?予以关闭")  # (the loose forms of closure only)
# 申请人民法院撤销其监护人资格, 取消其享受优惠的资格, 取消…评优评先资格: a guardianship, a benefit or an honour withdrawn,
# no licence revoked (北京市未成年人保护条例 art. 46, 北京市居家养老服务条例 art. 21, 浙江省社会治安综合治理条例 art. 29); nor is
# 暂停或者取消其提名资格 for a state award (国家科学技术奖励条例 art. 31), 暂停开发县资格 of a county in a funding programme
# (河南省农业综合开发条例 art. 41)
_NOT_A_LICENCE = re.compile("监护|享受|优惠|扶持|补贴|荣誉|称号|评选|评优|评先|先进|提名|推荐|奖励|评审|县资格")
_ASKED_FOR = re.compile("申请|提出")  # (and 其他部门或单位不得扣缴或者吊销: a licence protected, none revoked)
# 国务院部门规章…可以设定警告、通报批评或者一定数额罚款的行政处罚 (行政处罚法 art. 13): a power to set penalties; 在法律、
# 法规规定的给予罚款处罚的行为…范围内 (山东省地方政府规章设定罚款限额规定 art. 3): the kind of conduct meant
_LAW_MAKING = re.compile("设定")
_KIND_OF_CONDUCT = re.compile(r"[^，。；,;]{0,6}?处罚的(?:违法)?行为")
# 违法所得应当依法予以追缴或者没收 (公安机关办理行政案件程序规定 art. 194, on handling what a case turned up): recovered
# under the law that applies, none set here
_RECOVERED = ("追缴或者", "追缴、")
# 淮阳龙湖管理机构不再给予罚款的行政处罚 (周口市淮阳龙湖保护条例 art. 49): none given; 罚金、罚款和被没收财物的损失 (企业
# 所得税法 art. 10, expenses not deducted): a fine beside a criminal one is a kind of loss, none set
_NOT_AGAIN = re.compile("(?:不再|不予|不得(?:再)?)(?:给予|处以?)?$")
# 前款第三项所称“较大数额罚款”，是指对个人处以二千元以上罚款 (公安机关办理行政案件程序规定 art. 123): a definition
_DEFINITION = re.compile("所称|是指")
# 对被处罚人处五十元以上、二百元以下罚款，被处罚人无异议的，可以由巡警当场处罚 (河南省城市人民警察巡察条例 art. 22): the
# party is one a penalty is being decided on, the clause says who decides it or how, it sets none
_PUNISHED_PARTY = re.compile("对被处罚人")


# 违反本法规定设置入海排污口的，由生态环境主管部门责令关闭或者拆除 (海洋环境保护法 art. 99): the outlet is closed, an order
# to undo the breach, no business closed (not …已建成的排放污染物的建设项目和原有排污口，…责令拆除或者关闭: the project too)
_OUTLET = re.compile("排(?:污|放)口")
_OUTLET_AND_MORE = re.compile("项目|企业|单位|场所|设施|场(?!区)|厂")


def _closes_outlet(text: str, pos: int) -> bool:
    """Whether the closure at ``pos`` closes only an outlet the sentence's conduct set up."""
    sentence = max(text.rfind(ch, 0, pos) for ch in "。；\n") + 1
    conduct = text[sentence:pos]
    return bool(_OUTLET.search(conduct)) and not _OUTLET_AND_MORE.search(_OUTLET.sub("", conduct))


def no_penalty(text: str, lo: int, hi: int, pos: int, s: Sanction) -> bool:
    """Whether the sanction word at ``pos`` names a measure, a definition or a legislative power: nothing set."""
    seg = _segment_start(text, lo, pos)
    if _CRIMINAL_SENTENCE.search(text, lo, hi):
        return True
    if s.kind is SanctionKind.DETENTION and _DETENTION_MEASURE.search(text, lo, hi):
        return True
    if s.kind is SanctionKind.SUSPEND_LICENCE and _BEFORE_DECISION.search(text, clause_start(text, lo, pos), pos):
        return True
    if s.kind is SanctionKind.CLOSE and _closes_outlet(text, pos):
        return True
    if s.kind is SanctionKind.CLOSE and _LOOSE_CLOSURE.fullmatch(s.text):
        sentence = max(text.rfind(ch, 0, pos) for ch in "。\n") + 1
        if _POLICY_CLOSURE.search(text, sentence, pos) and not _BREACH.search(text, sentence, pos):
            return True
    if s.kind in (SanctionKind.REVOKE_LICENCE, SanctionKind.SUSPEND_LICENCE) and (
            _NOT_A_LICENCE.search(s.text) or _ASKED_FOR.search(text, seg, pos) or (s.text == "吊销" and "不得" in text[seg:pos])):
        return True
    if s.kind in (SanctionKind.CONFISCATE_GAINS, SanctionKind.CONFISCATE_PROPERTY) and text.endswith(_RECOVERED, lo, pos):
        return True
    end = text.find(s.text, pos)
    if _NOT_AGAIN.search(text, seg, end if end >= 0 else pos) or (
            s.kind is SanctionKind.FINE and "罚金" in text[seg:segment_end(text, pos, hi)]):
        return True
    if _PUNISHED_PARTY.search(text, clause_start(text, lo, pos), end + len(s.text) if end >= 0 else pos):
        return True
    return bool(_LAW_MAKING.search(text, seg, pos) or _DEFINITION.search(text, clause_start(text, lo, pos), pos)
                or _KIND_OF_CONDUCT.match(text, end + len(s.text) if end >= 0 else pos))
