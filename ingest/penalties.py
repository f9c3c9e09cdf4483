"""What a penalty article (罚则) says: sanctions, competent body, violated articles.

:func:`analyse_penalty` reads one article and returns a :class:`PenaltyInfo`.
An article is a penalty article when it *sets* a sanction: a sanction word in
a sanctioning construction (处…罚款, 并处, 给予警告, 没收违法所得, 吊销…许可证,
责令停产停业 …).  Articles that only mention fines in procedure (罚款决定书,
缴纳罚款, 罚款、没收的违法所得…上缴国库) set nothing.  Orders that go with
sanctions (责令改正, 责令停止建设, 限期拆除) count on their own only when a
body is named as issuing them (城乡规划法 art. 65: 由乡、镇人民政府责令停止建设)
and the article is not about disciplining officials (处分).

Amounts are in yuan (万元 × 10,000); multiples keep their base
(违法所得一倍以上三倍以下 → 1–3 × 违法所得) and percentages are multiples
(工程造价百分之五以上百分之十以下 → 0.05–0.1 × 工程造价).  Which body decides is read by
``ingest.penalty_bodies``; fine figures by ``ingest.fines``.

>>> info = analyse_penalty("违反本法规定，由县级以上地方人民政府城乡规划主管部门责令改正，处五千元以上五万元以下的罚款。")
>>> [(s.kind.value, s.min_amount, s.max_amount) for s in info.sanctions]
[('责令改正', None, None), ('罚款', 5000.0, 50000.0)]
>>> info.competent_body
'县级以上地方人民政府城乡规划主管部门'
>>> analyse_penalty("罚款、没收的违法所得或者没收非法财物拍卖的款项，必须全部上缴国库。").sanctions
()
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.citations import Citation, parse_citations
from ingest.fines import (
    _BY_RATE,
    _FINE_VERB,
    ITEM_MARK,
    _fines,
    _in_title,
    _segment_start,
    in_penalty_items,
    parse_amount_range,
    parse_multiple_range,
)
from ingest.penalty_bodies import BODY_BY, TOWNSHIP, clause_bodies, sanctioning_bodies
from ingest.penalty_exclusions import DETAINEE, ORGAN_PARTY, clause_start, no_penalty, segment_end
from ingest.penalty_subjects import RESPONSIBLE, business_barred, sanction_subject
from ingest.sanction_kinds import FOUNDED, KIND_PATTERNS, OBTAINED, REFERRED, REVOKE_OTHER
from kg.model import ORDER_KINDS, PENALTY_KINDS, Sanction, SanctionKind
from kg.numerals import strip_article_label

__all__ = ["PenaltyInfo", "analyse_penalty", "parse_amount_range", "parse_multiple_range"]


@dataclass(frozen=True)
class PenaltyInfo:
    """The penalty content of one article; empty when the article sets no sanction."""

    sanctions: tuple[Sanction, ...] = ()
    competent_body: str | None = None
    township_competent: bool = False
    violated: tuple[Citation, ...] = ()
    # 违反规定的 in a paragraph after the article's own rules (禁止…；应当…): those paragraphs (numbered from 1)
    # are its 违则
    own_rule_paragraphs: tuple[int, ...] = ()

    @property
    def is_penalty(self) -> bool:
        """Whether the article sets a 行政处罚 of art. 9; orders alone (责令改正, 限期拆除 …) do not."""
        return any(s.kind in PENALTY_KINDS for s in self.sanctions)


EMPTY = PenaltyInfo()

ORDERS = ORDER_KINDS

# --------------------------------------------------------------------------
# sanction patterns
# --------------------------------------------------------------------------

_CLAUSE = re.compile(r"[^。；;\n]+")
_SEG_BREAK = re.compile(r"[，,：:]")
# every sanction pattern below contains one of these words: a clause without them is skipped
_TRIGGER = re.compile(
    "罚款|警告|通报批评|没收|吊销|暂扣|资质等级|限制开展|责令|拘留|拆除|限期改正|限期整改|从业|禁止|年内|执业|资格|登记|停止活动"
    "|整治|限制生产|限产|吊扣|业务范围|经营范围|新业务|终身|年以内|暂停|撤销|予以关闭|停止从事|停产整顿|缩减业务|停业处罚"
    "|停机整顿|人民政府关闭|停止受理其办理|期限内从事|停业整顿(?:的)?处罚|的停业整顿"
)

# (not 代收代缴税款, a withholding duty (税收征收管理法 art. 61), nor 收缴应当上缴的财政收入, revenue owed (财政违法行为处罚处分条例
# art. 13)); 对国营企业事业单位所处罚款，从其自有资金…中开支 (森林采伐更新管理办法 art. 25): where a fine is paid from
_PROCEDURE = re.compile("(?<!应当)上缴(?!的财政收入)|国库|收据|开支|列支|罚没(?:收入|款|物|财物|所得)|代收(?!代缴)|财政专户|当场收缴|处罚决定书")

_LIST_VERB = re.compile("给予|予以|处以|并处|可处|处(?![理分置所])|可以|或者|并|和|、")
_DISCIPLINE = re.compile("记过|记大过|降级|撤职|开除|处分")

_WARNING = re.compile(r"(?<!航行)(?<![预])(?<!口头)警告(?![标牌识信性区灯装语线])")  # 口头警告 is no 行政处罚
_CRITICISM = re.compile("通报批评")
_CONFISCATE = re.compile(r"(?<![被已])没收(?!的|程序|财产)(?P<obj>[^，。；：,;\n]{0,40})")
# 没收 as a court procedure: 申请没收违法所得, 没收违法所得的申请, 裁定没收 …
# …不得侵占、哄抢、破坏或非法查封、扣押、冻结、划拨、没收非公有制企业的合法财产 (郑州市非公有制企业权益保障条例
# art. 7): a confiscation forbidden, none set
# 禁止任何组织或者个人侵占、哄抢、私分、破坏、平调或者非法查封、扣押、冻结、没收 (北京市农村集体资产管理条例 art. 3): protected;
# 国家依法接收、没收、代管、征收…的土地 (郑州市确定土地权属条例 art. 9): how land became the state's, none set
_CONFISCATE_PROCEDURE_BEFORE = re.compile("申请|裁定|审理|提出|判决|作出|受理|不得|严禁|禁止|接收、")
_CONFISCATE_PROCEDURE_AFTER = re.compile("申请|案件|程序|裁定|公告|决定|书|意见|通知")
_OFFICIAL_PARTY = re.compile(
    r"^(?:第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十])?\s*)?[^，。；]{0,40}?(?:人民政府|部门|机关)"
    r"(?:及其|和|或者)?[^，。；]{0,10}?(?:工作人员)?(?:有下列|违反|未|不)"
)
# an authority's staff or a body with duties of its own: 海关工作人员有本法第七十二条所列行为之一的 (海关法 art. 96),
# 医疗器械技术审评机构未依照本办法规定履行职责 (医疗器械注册与备案管理办法 art. 109)
_OFFICIAL_CONDUCT = re.compile(
    r"^(?:第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十])?\s*)?(?:[^，。；]{0,30}?"
    r"(?:人民政府|部门|机关|海关|国家工作人员|公务员)[^，。；、]{0,4}?工作人员"
    r"(?:有|违反|未|不|在|利用|玩忽|滥用|徇私|索取|收受|泄露)|[^，。；]{0,40}?(?:机构|机关|部门)(?:及其工作人员)?"
    r"(?:未|不)(?:依照|依法|按照)?[^，。；]{0,15}?履行[^，。；]{0,6}?职责)"
)
_PARTY_SANCTION = re.compile("吊销|罚款|暂扣|拘留|停产|停业")
_SUPERIOR = re.compile("^(?:其)?(?:上级|上一级|本级人民政府|任免机关|监察机关|所在单位)")
# 其主要职责是：…（二）…负责颁发或者吊销核设施安全许可证件: an authority's powers, no sanction set
_DUTY_LIST = re.compile("职责(?:是|为|如下)?[：:]|(?:履行|行使)下列(?:职责|职权)")
# 拟作出下列行政处罚决定…; 行政执法监督机关…可以采取下列措施：…（六）暂扣行政执法证 (河南省行政执法条例 art. 42): the
# items name kinds of penalty or a supervisor's measures, they set none.  给予当事人下列行政处罚：（一）警告… after a
# conduct (法规汇编编辑出版管理规定 art. 13, 广告管理条例 art. 18, 海上交通事故调查处理条例 art. 17) sets them
_PENALTY_LIST = re.compile("作出下列(?:行政)?处罚决定(?:[，,：:]|之前|前|时)|监督[^，。；]{0,10}?时[，,]可以采取下列措施[：:]")
# 行政处罚的种类：（一）警告、通报批评；… (行政处罚法 art. 9): a list of the kinds, none set on anyone
_KINDS_LIST = re.compile(r"处罚(?:的)?种类(?:包括|有|如下)?[：:]")
# 每日按罚款数额的百分之三加处罚款: a late-payment surcharge, enforcement (行政强制法 art. 45), no 行政处罚
_SURCHARGE = re.compile("加处罚款")
_SUSPENSION_MEASURE = re.compile("责令(?:其)?暂停")
_CRIMINAL_CASE = re.compile("涉案财物|涉案财产|犯罪嫌疑人|被告人|刑事司法协助|刑事裁判|供犯罪所用|赃款赃物|取保候审")
# a court or procurator applies the measure: 人民法院可以根据情节轻重予以罚款、拘留 is a judicial measure against
# obstruction of proceedings (民事诉讼法 art. 114), no 行政处罚; 申请人民法院强制执行 is not meant
# 海事法院可以根据情节轻重处以罚款、拘留 (海事诉讼特别程序法 art. 59) as well
_COURT_ACTOR = re.compile(
    r"(?:第一审|上一级|有关)?(?:人民|海事|军事|知识产权|金融|互联网)法院(?:可以|应当|对|依照|根据|决定|有权)|审判长|法庭秩序"
    r"|人民检察院(?:可以|应当|对)"
)  # confiscation by courts, not a 行政处罚
# money the party took is its gains: 没收违法行为发生期间自本单位所获收入 (药品管理法 art. 124), 没收所收取的检验费用
# (食品安全法 art. 138), 没收评估费用和违法所得, 没收广告费用, 没收业务收入 (not 没收实物 left beside them)
_GAINS = re.compile("违法所得|非法所得|所得|(?:违法行为发生期间)?自本单位所获收入"
                    "|(?:所|已|违法|非法)?(?:收取|所收)(?:的)?[^，。；、和及]{0,8}?费(?:用)?|[^，。；、和及或者其]{0,4}?(?:收入|费用)|运费|通行费")
_PROPERTY_LEFT = re.compile(r"[\u4e00-\u9fff]{2,}")
_CRIMINAL_PROPERTY = re.compile(r"^(?:其)?(?:个人)?(?:全部|部分)?财产|犯罪分子|罪犯")
_OBJ_END = re.compile(r"并处|并|，|可以|处|给予")

# --------------------------------------------------------------------------
# violated articles
# --------------------------------------------------------------------------

# 有本条例第二十条所列行为之一的 names the rule that lists the conduct (河南省价格监督检查条例 art. 31)
# 未履行本法第三十三条规定的义务 / 不履行本法第二十一条、第二十五条规定的网络安全保护义务 (网络安全法 art. 59) /
# 不再符合本法第二十四条规定的动物防疫条件 (动物防疫法 art. 98) name the duty broken;
# 有第二十四条第一项至第六项行为之一的 (淄博市燃气管理条例 art. 50) names it without 本条例
_VIOLATION = re.compile(
    "违反|违背|未依照|未按照|不按照|不依照|未遵守|不遵守|未按|不按|不(?:再)?符合|以符合|未达到|不具备|未履行|不履行|未执行|不执行"
    "|(?<![没])有(?=(?:本(?:实施细则|实施办法|实施条例|条例|法|规定|办法|细则))?第[^，。；]{1,30}?(?:所列|规定|禁止|行为))"
)
_VIOLATION_END = re.compile(r"(?<!本)规定|[，。；：,;\n]|的(?:行为|情形)")  # not the 规定 of 违反本规定第五条


# 对有关责任单位通报批评 (国有土地上房屋征收与补偿条例 art. 33): the party addressed, the sanction right after it
_ADDRESSED = re.compile(r"(?:并)?对[^，。；：,;\n对]{1,20}$")


def _disciplinary(text: str, lo: int, hi: int, pos: int) -> bool:
    """Whether the warning at ``pos`` is one of a list of 处分 (给予警告、记过或者记大过处分) or a clause whose 处分
    comes first: a 行政处罚 only when it stands after the 处分 in a segment of its own, with a body of its own
    (北京市禁止赌博条例 art. 12: 由所在单位或者上级主管部门给予行政处分，也可以由区级以上公安机关给予警告)."""
    if _PUNISHMENT_NAMED.match(text, pos + 2):
        return False  # 依法给予处分或者给予警告处罚 (河南省消防条例 art. 70): the warning is named a 处罚
    seg = _segment_start(text, lo, pos)
    end = _SEG_END.search(text, pos, hi)
    here = _DISCIPLINE.search(text, seg, end.start() if end else hi)
    if here:
        # 建议相关单位给予处分或者由国家安全机关、公安机关处警告 (国家情报法 art. 28): the warning has a body of its own
        return not (here.end() <= pos and _OWN_BODY_AFTER.search(text, here.end(), pos))
    first = _DISCIPLINE.search(text, lo, hi)
    if first is not None and first.start() > pos and (
            _NAMED_PENALTY.search(text, pos, end.start() if end else hi) or _PERSONS_NEXT.search(text, pos, first.start())):
        # 给予警告、罚款的行政处罚，或者…给予行政处分 (幼儿园管理条例 art. 28); 采购人…给予警告，可以并处罚款，对直接负责的
        # 主管人员…给予处分 (政府采购法 art. 71): the 处分 that follows is the persons', the warning the party's
        return False
    return first is None or first.start() > pos or "由" not in text[seg:pos]


_NAMED_PENALTY = re.compile("的行政处罚")
_PUNISHMENT_NAMED = re.compile("(?:的)?(?:行政)?处罚")
# (…并处十万元以上一百万元以下的罚款，对主要负责人、直接负责的主管人员…依法给予处分, 疫苗管理法 art. 91)
_PERSONS_NEXT = re.compile(r"[，,；;]对(?:其)?(?:直接负责的主管人员|负有责任的|直接责任人员|有关责任人员|责任人员|主要负责人|法定代表人)")
_OWN_BODY_AFTER = re.compile("或者由[^，。；]{1,30}?(?:机关|部门)")


_SCOPE_LIMIT = re.compile("限制(?:其)?(?:业务范围|业务活动|经营范围)|责令(?:其)?停止接受新业务")


def _needs_company(s: Sanction) -> bool:
    """Whether ``s`` counts only next to another 行政处罚 of its article: 限制业务范围 is also a prudential measure
    (保险法 art. 138); 吊扣执照 and a fine named by its rate alone (按照直接损失百分之三十计算罚款) stay out so that
    which articles are 罚则 does not move (the search ranker was trained on them); so do the loose forms of
    revocation and suspension (撤销…登记, 暂停…业务), alone also measures of a registry or a supervisor."""
    return ((s.kind is SanctionKind.RESTRICT_ACTIVITY and bool(_SCOPE_LIMIT.search(s.text)))
            or (s.kind is SanctionKind.SUSPEND_LICENCE and s.text.startswith("吊扣"))
            # 撤销登记 / 暂停业务 alone are also a registry's or a supervisor's measures (收养登记, 风险处置)
            or (s.kind is SanctionKind.REVOKE_LICENCE and s.text.startswith("撤销") and "资格" not in s.text)
            or (s.kind is SanctionKind.SUSPEND_BUSINESS and "暂停" in s.text and "责令" not in s.text)
            # 责令停止招生 alone is also the order to stop enrolling unlawfully (在筹备设立期内招收学生的，由审批机关责令停止
            # 招生, 北京市实施《中华人民共和国民办教育促进法》办法 art. 37); a sanction beside a fine or a revocation
            or (s.kind is SanctionKind.SUSPEND_BUSINESS and s.text.endswith("停止招生"))
            or (s.kind is SanctionKind.FINE and s.text.endswith("罚款") and _BY_RATE.search(s.text) is not None
                and _FINE_VERB.search(s.text[: s.text.rfind("罚款")]) is None))


def _listed(text: str, lo: int, pos: int) -> bool:
    """Whether the sanction word at ``pos`` follows a sanctioning verb in its segment (给予警告, 并处警告、罚款)."""
    seg = _segment_start(text, lo, pos)
    before = text[seg:pos]
    return before == "" or bool(_LIST_VERB.search(before)) or (
        bool(ITEM_MARK.fullmatch(before)) and in_penalty_items(text, seg))


_SEG_END = re.compile(r"[，,。；;：:\n]")
_CONDITION_TAIL = ("的", "期间", "时", "后", "之日", "罚款前")
# 对决定给予行政拘留处罚的人 (公安机关办理行政案件程序规定 art. 163): a decision made, named as the party;
# 受吊销注册会计师证书的处罚 (注册会计师法 art. 10), 经停业整顿仍达不到…条件的: a sanction undergone
# (not a party named by a passive noun: 以每位被派遣劳动者1000元以上5000元以下的标准处以罚款 (劳动合同法实施条例 art. 35))
_CONDITION_LEAD = re.compile("被(?!派遣|侵权人|侵害人|检查|保险|收费|监护|征收|许可人|代理人|委托|投诉|举报|调查|审计|评估|执行人"
                             "|告|害|拆迁|抽样|检验|监督|认证|救助|拖欠|担保|聘用|招用|介绍)|受到|受过|曾|经$|受$|对决定$")
_DECISION_LEAD = re.compile("作出")
# (not 自被撤职或者解聘之日起 / 自…被吊销营业执照之日起 / 自处分决定作出之日起: a consequence of another measure)
_TERM_START = re.compile(r"自(?![^，。；：,;\n]{0,20}?(?:被|处分))[^，。；：,;\n]{0,20}?之日起")
# 对…依法应当吊销驾驶人机动车驾驶证的，应当在人民法院作出有罪判决后，由…依法吊销: when and by whom a sanction
# set elsewhere is carried out (道路交通事故处理程序规定 art. 82), not a sanction set here
_SET_ELSEWHERE = re.compile(r"依法应当(?:予以|给予|处以?)?(?P<word>吊销|暂扣|拘留|罚款|没收|警告)[^。；]{0,40}?的[，,]")  # 作出吊销营业执照、责令关闭…决定的部门: a decision referred to


def _conditional(text: str, lo: int, hi: int, pos: int) -> bool:
    """Whether the sanction word at ``pos`` is part of a condition, not a sanction set here.

    经警告仍不改正的 / 处以警告或者二百元以下罚款的，可以适用简易程序 / 被责令停业整顿期间 / 被吊销…的.
    """
    end = _SEG_END.search(text, pos, hi)
    tail = text[pos:end.start() if end else hi].rstrip()
    if tail.endswith(_CONDITION_TAIL):
        return True
    sentence = max(text.rfind(ch, 0, pos) for ch in "。；;\n") + 1
    elsewhere = _SET_ELSEWHERE.search(text, sentence, pos)
    if elsewhere and text.startswith(elsewhere.group("word"), pos):
        return True
    seg = _segment_start(text, lo, pos)
    # 自受到处罚之日起五年内不得从事… / 自处罚决定作出之日起: when a ban's term starts, no condition
    term = ([None, *_TERM_START.finditer(text, seg, pos)])[-1]
    if term is not None:
        seg = term.end()
    if _CONDITION_LEAD.search(text, seg, pos):
        return True
    made = ([None, *_DECISION_LEAD.finditer(text, seg, pos)])[-1]
    # 作出吊销…决定: the sanction names a decision; not 由作出限期治理决定的人民政府责令停业
    return made is not None and not re.search("决定|的", text[made.end():pos])


# 幼儿园保育教育工作人员不得实施下列行为：…（五）…扣留、没收学前儿童物品 (深圳经济特区学前教育条例 art. 45)
_FORBIDDEN_LIST = re.compile(r"(?:不得|禁止|严禁)[^。；\n]{0,12}?(?:下列|以下)[^。；\n]{0,6}[：:]\s*$")


# 排污单位拒不履行…部门依法作出的责令停产、停业、关闭或者停产整治决定 (湖州市生态文明先行示范区建设条例 art. 42): a
# decision made before, not carried out, named as the conduct
_DECISION_NOT_DONE = re.compile(r"(?:拒不|不)(?:履行|执行)[^，。；]*?作出的[^，。；]*?决定")


def _forbidden_item(text: str, pos: int) -> bool:
    """Whether ``pos`` stands in an item of a list of things forbidden: what it names is done, not set."""
    start = text.rfind("\n", 0, pos) + 1
    if not text.startswith(("（", "("), start):
        return False
    while start > 0 and text.startswith(("（", "("), start):
        start = text.rfind("\n", 0, start - 1) + 1
    lead = text[start:text.find("\n", start)] if "\n" in text[start:] else text[start:]
    return bool(_FORBIDDEN_LIST.search(lead))


def _sanctions_in_clause(text: str, lo: int, hi: int, out: list[tuple[int, Sanction]]) -> None:
    found: list[tuple[int, Sanction]] = []
    _sanctions_in_clause_raw(text, lo, hi, found)
    forbidden = bool(found) and _forbidden_item(text, lo)
    for pos, s in found:
        if forbidden or _conditional(text, lo, hi, pos) or _DECISION_NOT_DONE.search(
                text, _segment_start(text, lo, pos), segment_end(text, pos, hi)) or no_penalty(text, lo, hi, pos, s):
            continue
        who = sanction_subject(text, pos, s.text)
        if who is None and s.kind is SanctionKind.RESTRICT_PRACTICE and (RESPONSIBLE.search(
                text, _segment_start(text, lo, pos), pos) or RESPONSIBLE.search(s.text)):
            # 其直接负责的主管人员10年内不得从事… (农药管理条例 art. 63): the persons barred named before, or within
            # (5年内禁止其法定代表人…和其他责任人员从事…, 医疗器械监督管理条例 art. 98)
            who = "责任人员"
        out.append((pos, replace(s, subject=who) if who else s))


def _sanctions_in_clause_raw(text: str, lo: int, hi: int, out: list[tuple[int, Sanction]]) -> None:
    clause = text[lo:hi]
    procedural = bool(_PROCEDURE.search(clause))
    if "罚款" in clause and not procedural:
        _fines(text, lo, hi, out)
    # 给予警告、罚款、暂停业务、吊销通用航空许可证等处分 (国务院关于通用航空管理的暂行规定 art. 15): an old name for
    # penalties, no discipline of officials
    discipline = bool(_DISCIPLINE.search(clause)) and not (_PENALTIES_CALLED_DISCIPLINE.search(clause)
                                                          and not _TRUE_DISCIPLINE.search(clause))
    for kind, pattern, word in ((SanctionKind.WARNING, _WARNING, "警告"), (SanctionKind.CRITICISM, _CRITICISM, "通报")):
        if word not in clause:
            continue
        for m in pattern.finditer(text, lo, hi):
            # 通报批评 beside 处分 is the criticism of officials (全国农业普查条例 art. 40)
            if discipline and (kind is SanctionKind.CRITICISM or _disciplinary(text, lo, hi, m.start())):
                continue
            if _listed(text, lo, m.start()) or (kind is SanctionKind.CRITICISM and _ADDRESSED.match(
                    text, _segment_start(text, lo, m.start()), m.start())):
                out.append((m.start(), Sanction(kind, m.group())))
    if not procedural and "没收" in clause and not _CRIMINAL_CASE.search(text):
        for m in _CONFISCATE.finditer(text, lo, hi):
            obj = m.group("obj")
            if _CONFISCATE_PROCEDURE_AFTER.search(obj) or _CONFISCATE_PROCEDURE_BEFORE.search(
                    text, _segment_start(text, lo, m.start()), m.start()):
                continue
            if "监察机关" in text[clause_start(text, lo, m.start()):m.start()]:
                continue  # 由监察机关没收、追缴或者责令退赔 (公职人员政务处分法 art. 25): supervision of officials
            cut = _OBJ_END.search(obj)
            if cut:
                obj = obj[: cut.start()]
            if _CRIMINAL_PROPERTY.search(obj) or _in_title(text, lo, m.start()):
                continue
            phrase = "没收" + obj
            if not obj:  # 违法所得予以没收 / 一律没收: the object comes first
                seg = _segment_start(text, lo, m.start())
                prefix = text[seg:m.start()]
                kind = SanctionKind.CONFISCATE_GAINS if _GAINS.search(prefix) else SanctionKind.CONFISCATE_PROPERTY
                out.append((m.start(), Sanction(kind, text[seg:m.end()])))
                continue
            if _GAINS.search(obj):
                out.append((m.start(), Sanction(SanctionKind.CONFISCATE_GAINS, phrase)))
            rest = _GAINS.sub("", obj)
            rest = re.sub("和|及|以及|或者|、|其|有|的|用于|违法|非法", "", rest) if rest else rest
            # 没收其犬 (洛阳市市区养犬管理规定 art. 17): one character is a thing when 其 names whose it is
            if _PROPERTY_LEFT.search(rest) or re.fullmatch(r"其(?!外)[\u4e00-\u9fff]", obj):
                out.append((m.start(), Sanction(SanctionKind.CONFISCATE_PROPERTY, phrase)))
    for kind, pattern, word in KIND_PATTERNS:
        if word not in clause:
            continue
        for m in pattern.finditer(text, lo, hi):
            if kind is SanctionKind.DETENTION and ("刑事拘留" in clause or "拘留所" in clause):
                continue
            if kind is SanctionKind.REVOKE_LICENCE and REFERRED.search(text, _segment_start(text, lo, m.start()),
                                                                         m.start()):
                continue  # 通报有关主管部门吊销…: decided elsewhere
            if pattern is REVOKE_OTHER and ((discipline and _disciplines_here(text, lo, hi, m.start()))
                                            or "责令" in text[_segment_start(text, lo, m.start()):m.start()]):
                continue  # 取消…资格的处分: discipline; 责令直销企业撤销其…资格: an order to a third party
            phrase = m.group()
            if phrase == "撤销" and not OBTAINED.search(text, clause_start(text, lo, m.start()), m.start()):
                if FOUNDED.search(text, clause_start(text, lo, m.start()), m.start()):
                    # 违反国家有关规定，举办学校或者其他教育机构的，由教育行政部门…予以撤销 (教育法 art. 75; 擅自设立职业学校
                    # 和职业培训机构的, the 实施《职业教育法》办法 of 北京 and 河南): the institution founded unlawfully is closed
                    out.append((m.start(), Sanction(SanctionKind.CLOSE, phrase)))
                continue  # 对不适当的决定予以撤销: a decision set aside, no licence named as obtained
            if kind is SanctionKind.DETENTION:
                phrase = re.sub(r"^(?:处以?|并处|予以|给予|或者|可以)", "", phrase)
            if (kind is SanctionKind.RESTRICT_PRACTICE and re.match("终身不得|[^，。；]*年以内", phrase)
                    and (discipline or _CRIMINAL.search(text, clause_start(text, lo, m.start()), m.start()))):
                continue  # 依法给予处分…终身不得担任 / 受到刑事处罚的，终身不得从事: a consequence, no 行政处罚
            if kind is SanctionKind.RESTRICT_PRACTICE and _AFTER_SENTENCE.search(
                    text, clause_start(text, lo, m.start()), m.start()):
                continue  # 自刑罚执行完毕或者受处分之日起，5年内不得担任… (建设工程安全生产管理条例 art. 66): the same
            if kind is SanctionKind.RESTRICT_PRACTICE and "从事" in phrase and business_barred(text, m.start()):
                # 司法鉴定机构…停止从事司法鉴定业务3个月 (北京市司法鉴定管理条例 art. 37): a business suspended for a term
                kind = SanctionKind.SUSPEND_BUSINESS if phrase.startswith(("停止", "暂停")) else SanctionKind.RESTRICT_ACTIVITY
            out.append((m.start(), Sanction(kind, phrase)))


_CRIMINAL = re.compile("犯罪|刑事处罚|刑罚")
# a ban's term counted from a criminal sentence or a 处分 (not from 处罚决定: a ban that follows a penalty is one)
_AFTER_SENTENCE = re.compile(r"自[^，。；]{0,12}?(?:刑罚|刑事处罚|判决|处分)[^，。；]{0,12}?之日起")


def _court_paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs (with their items) where a court or a procurator applies the measures; not an item naming the
    conduct punished (律师法 art. 49: （八）…严重扰乱法庭秩序的言论的, where 司法行政部门 fines the lawyer).  The other
    paragraphs set 行政处罚 of their own: …人民法院可以…确定给予五百万元以下的赔偿。\n…主管部门…没收违法所得和种子；货值金额
    不足五万元的，并处一万元以上二十五万元以下罚款 (种子法 art. 72)."""
    spans: list[tuple[int, int]] = []
    for m in _COURT_ACTOR.finditer(text):
        line = text.rfind("\n", 0, m.start()) + 1
        if not text.startswith(("（", "("), line):
            end = text.find("\n", m.start())
            while end >= 0 and text.startswith(("（", "("), end + 1):  # its items go with it
                end = text.find("\n", end + 1)
            spans.append((line, end if end >= 0 else len(text)))
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]], text: str) -> bool:
    """Whether ``pos`` lies in one of the paragraphs ``spans``, or in an article whose every paragraph has no body of
    its own (审判长…警告制止。\n情节严重的，处以一千元以下的罚款: the court's still)."""
    if any(a <= pos < b for a, b in spans):
        return True
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return not _ADMINISTRATIVE_BODY.search(text, start, end if end >= 0 else len(text))


_ADMINISTRATIVE_BODY = re.compile("部门|机关|机构|人民政府|海关|管理局")


def _disciplines_here(text: str, lo: int, hi: int, pos: int) -> bool:
    """Whether the 处分 of the clause goes with the revocation at ``pos``: in its segment (取消…资格的处分) or on the
    persons it hits; not …鉴定机构…5年内不得从事医疗损害鉴定业务或者撤销登记，对直接负责的主管人员…给予开除的处分
    (医疗纠纷预防和处理条例 art. 48), where the persons' discipline follows the party's revocation."""
    seg = _segment_start(text, lo, pos)
    return bool(_DISCIPLINE.search(text, seg, segment_end(text, pos, hi))) or sanction_subject(text, pos) == "责任人员" or not (
        _DISCIPLINE.search(text, pos, hi) and not _DISCIPLINE.search(text, lo, pos))


_PENALTIES_CALLED_DISCIPLINE = re.compile("(?:罚款|吊销|没收)[^，。；]{0,20}?处分")
_TRUE_DISCIPLINE = re.compile("记过|记大过|降级|撤职|开除|行政处分|政务处分|纪律处分")


_BY_TEXT = frozenset({SanctionKind.CONFISCATE_PROPERTY, SanctionKind.SUSPEND_LICENCE, SanctionKind.REVOKE_LICENCE,
                      SanctionKind.DETENTION})


def _dedupe(sanctions: list[tuple[int, Sanction]], text: str) -> tuple[Sanction, ...]:
    """One sanction per distinct sanction, in text order: fines by range and subject, licences by text, others
    by kind and subject."""
    seen: set[tuple[object, ...]] = set()
    out: list[Sanction] = []
    for pos, s in sorted(sanctions, key=lambda ps: ps[0]):
        start = text.rfind("\n", 0, pos) + 1
        line = start if text.startswith(("（", "("), start) else -1
        key: tuple[object, ...]
        if s.kind is SanctionKind.FINE:
            # the same figures for another subject are another fine: 对其直接负责的主管人员…处三千元以上三万元以下罚款；
            # 对个人处三千元以上三万元以下罚款 (河南省政府非税收入管理条例 art. 44); so are they in another item
            # (浙江省农产品质量安全规定 art. 33: （一）…处二千元以上二万元以下罚款；（二）…处二千元以上二万元以下罚款)
            # (每处处以一百元以上五百元以下罚款；…处以一百元以上五百元以下罚款: per unit and flat are two fines)
            key = (s.kind, s.min_amount, s.max_amount, s.min_multiple, s.max_multiple, s.multiple_base, s.per, s.subject,
                   line)
        elif s.kind in _BY_TEXT:
            key = (s.kind, s.text)
        else:
            key = (s.kind, s.subject)  # 给予警告…对直接负责的主管人员…给予警告: one for each whom it hits
        if key in seen:
            continue
        seen.add(key)
        out.append(s)
    return tuple(out)


def _inherit_bases(found: list[tuple[int, Sanction]], text: str) -> list[tuple[int, Sanction]]:
    """A multiple that names no base multiplies the base of the multiple before it in its paragraph: 对货主以外的承运人处
    运输费用三倍以上五倍以下罚款，情节严重的，处五倍以上十倍以下罚款 (动物防疫法 art. 100)."""
    out: list[tuple[int, Sanction]] = []
    base: tuple[int, str] | None = None  # (the paragraph's start, the base named last)
    for pos, s in sorted(found, key=lambda ps: ps[0]):
        if s.kind is SanctionKind.FINE and (s.min_multiple is not None or s.max_multiple is not None):
            line = text.rfind("\n", 0, pos) + 1
            if s.multiple_base:
                base = (line, s.multiple_base)
            elif base is not None and base[0] == line:
                s = replace(s, multiple_base=base[1])
        out.append((pos, s))
    return out


def _anchor_lone_parts(violated: tuple[Citation, ...], text: str = "") -> tuple[Citation, ...]:
    """A lone 第X项 after an explicit article belongs to that article, not to this one; so does a lone
    第X款 in the same sentence.

    违反本条例第十五条第一款规定…（一）违反第一项规定 → 第十五条第一款第（一）项;
    违反本条例第十五条第一款规定出售商位或者未按第二款规定划定… → 第十五条第二款.  Self-references
    (违反本条第二款, 违反前款, a lone 第二款 in a sentence of its own) stay as they are.
    """
    out: list[Citation] = []
    anchor: Citation | None = None
    for c in violated:
        if c.relative is None and c.article is not None:
            anchor = c
        elif anchor is not None and c.relative == "本条" and c.raw.startswith("第"):
            if c.paragraph is None:
                c = replace(c, title=anchor.title, internal=anchor.internal, relative=None, article=anchor.article,
                            suffix=anchor.suffix, paragraph=anchor.paragraph)
            elif text and (not re.search("[。；;\n]", text[anchor.end:c.start]) or c.paragraph > _paragraph_count(text)):
                # …违反本条例第十二条第一款规定的，…；违反第三款规定的 in an article of one paragraph
                # (洛阳市道路交通安全条例 art. 50): no 第三款 of its own, the one of the article named
                c = replace(c, title=anchor.title, internal=anchor.internal, relative=None, article=anchor.article,
                            suffix=anchor.suffix)
        out.append(c)
    return tuple(out)


_OWN_CONDUCT_LIST = re.compile(r"有下列(?:违法)?(?:行为|情形)之一")
_ITEMS_AFTER_YOU = re.compile(r"有(?:第[（(]?[一二三四五六七八九十]+[）)]?项(?:、|或者|和|及))+$")


def _own_sanctioned_conduct(text: str, c: Citation) -> bool:
    """A conduct named by a paragraph of this article that sets a sanction itself: 有第一款第一项规定情形的，…收回原
    机动车驾驶证 (机动车驾驶证申领和使用规定 art. 98), where para. 1 fines that conduct.  It is the article's own
    conduct, no rule broken (unlike 禁止下列行为：… 有前款所列行为的，处…, a rule of the same article)."""
    if c.title is not None or c.article is not None or c.relative not in ("本条", "前款"):
        return False
    # (有第（二）项或者第（三）项所列行为的: the second item named after 有 as well)
    if not text.startswith("有", max(0, c.start - 1)) and not (c.item is not None and _ITEMS_AFTER_YOU.search(text, 0, c.start)):
        return False
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)
                  if not re.match(r"\s*[（(]", m.group())]
    here = sum(1 for start, _ in paragraphs if start <= c.start)  # the paragraph the citation stands in (from 1)
    if c.relative == "本条" and c.paragraph is None and c.item is not None and here:
        # 单采血浆站有下列行为之一的，…处…罚款；有第八项所列行为的，…吊销… (血液制品管理条例 art. 35): a lone item of the
        # lead-in's own list of conduct, which the lead-in sanctions before the citation
        start, para = paragraphs[here - 1]
        before = para[: c.start - start]
        return bool(_OWN_CONDUCT_LIST.search(before)) and bool(analyse_penalty(before).sanctions)
    n = c.paragraph if c.relative == "本条" else here - 1
    return n is not None and 1 <= n < here and bool(analyse_penalty(paragraphs[n - 1][1]).sanctions)


def _paragraph_count(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip() and not line.strip().startswith(("（", "(")))


_ANNEX = re.compile(r"附(?:录|件|表)[一二三四五六七八九十\d]*$")
_LIST_JOIN = re.compile(r"^(?:、|和|及|以及|或者|，)$")


def _outside_annexes(text: str, citations: Sequence[Citation]) -> list[Citation]:
    """The citations that name articles of the statute itself, not of its annex.

    女职工劳动保护特别规定 art. 13: 违反本规定附录第一条、第二条规定的 names the annex's articles 1 and 2, not
    the regulation's own.

    >>> t = "用人单位违反本规定附录第一条、第二条规定的，由…处罚款。"
    >>> _outside_annexes(t, parse_citations(t))
    []
    """
    out: list[Citation] = []
    in_annex = False
    prev_end = -1
    for c in citations:
        if _ANNEX.search(text[max(0, c.start - 4):c.start]):
            in_annex = True
        elif not (in_annex and prev_end >= 0 and _LIST_JOIN.match(text[prev_end:c.start])):
            in_annex = False
        prev_end = c.end
        if not in_annex:
            out.append(c)
    return out


def _official_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences addressed to authorities or their staff, with discipline: what they set is no
    行政处罚 (产品质量法 art. 67 para. 1: 市场监督管理部门或者其他国家机关违反…，由其上级机关…没收；…给予行政处分).
    Items go with their lead-in."""
    if not _DISCIPLINE.search(text):
        return []
    spans: list[tuple[int, int]] = []
    lead_official = False
    for line in re.finditer(r"[^\n]+", text):
        stripped = line.group().strip()
        if stripped.startswith(("（", "(")):
            if lead_official:
                spans.append(line.span())
            continue
        for sm in re.finditer(r"[^。]+。?", line.group()):
            sent = sm.group().strip()
            # …机构未依照本条例规定履行职责…吊销其执业许可证 (艾滋病防治条例 art. 55): a party's licence, a 行政处罚
            lead_official = (bool(_OFFICIAL_PARTY.match(sent) or _OFFICIAL_CONDUCT.match(sent))
                             and bool(_DISCIPLINE.search(sent) or sent.endswith(("：", ":")))
                             and not _PARTY_SANCTION.search(sent))
            if lead_official:
                spans.append((line.start() + sm.start(), line.start() + sm.end()))
    return spans


_OWN_BREACH = re.compile(r"违反(?:上述|以上|前述)?(?:的)?规定[的，,]")
_OWN_RULE = re.compile("禁止|不得|应当|必须")


def _own_rule_paragraphs(text: str, first: int) -> tuple[int, ...]:
    """The paragraphs (numbered from 1) whose rules the paragraph that sets the first sanction punishes, when it
    says only 违反规定的.

    重庆市市容环境卫生管理条例 art. 56: 禁止在主、次干道…设置机动车辆清洗…场所。\n…应当符合容貌标准…\n违反规定的，
    责令限期拆除…并处五百元以上五千元以下罚款.
    """
    start = text.rfind("\n", 0, first) + 1
    if start == 0 or not _OWN_BREACH.match(text, start):
        return ()
    paragraphs = [line for line in strip_article_label(text[:start]).split("\n")
                  if line.strip() and not line.strip().startswith(("（", "("))]
    return tuple(n for n, para in enumerate(paragraphs, 1) if _OWN_RULE.search(para))


_SENTENCE_END = re.compile(r"[。；;\n]")
_SENTENCE_STOP = re.compile(r"[。\n]")


def _lead_in_bodies(text: str, pos: int) -> list[str]:
    """The bodies the lead-in of the item at ``pos`` names: 由监督检查机关依照下列规定予以处罚：（一）…（十一）…并由有关部门
    取消其中标资格 (山东省实施《中华人民共和国反不正当竞争法》办法 art. 25) decides by the lead-in's body, not an item's."""
    lo = text.rfind("\n", 0, pos) + 1
    end = _SENTENCE_END.search(text, pos)
    if not text.startswith(("（", "("), lo) or clause_bodies(text, clause_start(text, 0, pos), end.start() if end else len(text)):
        return []  # an item naming its own body (（五）…由区住房…部门责令…) decides by it
    while lo > 0 and text.startswith(("（", "("), lo):
        lo = text.rfind("\n", 0, lo - 1) + 1
    hi = text.find("\n", lo)
    hi = hi if hi >= 0 else len(text)
    if in_penalty_items(text, pos):
        # or its subject: …的，国有资产管理行政主管部门可以…单处或者并处下列处罚： (国有资产评估管理办法 art. 31)
        return clause_bodies(text, lo, hi)
    return [m.group("body").strip() for m in sanctioning_bodies(text, lo, hi)]


def analyse_penalty(article_text: str, *, citations: Sequence[Citation] | None = None) -> PenaltyInfo:
    """Sanctions, competent body and violated articles of one article (its full text).

    ``citations`` may pass the article's already parsed citations (spans in
    ``article_text``) to save a second parse.

    >>> info = analyse_penalty("在乡、村庄规划区内未依法取得乡村建设规划许可证进行建设的，由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。")
    >>> [s.kind.value for s in info.sanctions], info.township_competent
    (['责令停止建设', '责令改正', '责令限期拆除'], True)
    >>> [c.article for c in analyse_penalty("违反本条例第十二条规定的，由城市管理部门处二百元罚款。").violated]
    [12]
    """
    if not _TRIGGER.search(article_text):
        return EMPTY
    found: list[tuple[int, Sanction]] = []
    penal_bodies: list[str] = []  # named in a clause that sets a 行政处罚
    order_bodies: list[str] = []  # named in a clause that only orders (由…责令限期补报；逾期不补报的，处…罚款)
    official = _official_paragraphs(article_text)
    # the body of an order earlier in the sentence decides a 行政处罚 whose clause names none: 由生态环境主管部门责令限期改正；
    # 逾期不改正的，处二百元以上二千元以下罚款 (浙江省大气污染防治条例 art. 61, whose next sentence names another body)
    sentence_end, ordering = -1, list[str]()
    for cm in _CLAUSE.finditer(article_text):
        lo, hi = cm.start(), cm.end()
        if lo > sentence_end:
            stop = _SENTENCE_STOP.search(article_text, lo)
            sentence_end, ordering = (stop.start() if stop else len(article_text)), []
        if any(a <= lo < b for a, b in official):
            continue
        before = len(found)
        # (六)停业整顿 in a list set by its lead-in (给予下列处罚：) holds no other trigger word
        if _TRIGGER.search(article_text, lo, hi) or in_penalty_items(article_text, lo):
            _sanctions_in_clause(article_text, lo, hi, found)
        if len(found) == before:
            # 由人力资源社会保障行政部门依法予以取缔；有违法所得的，没收违法所得 (郑州市劳动用工条例 art. 44 item 1)
            # (not 由作出限期改正决定的机关申请人民法院强制拆除 (港口法 art. 46): the court is asked, no body decides)
            ordering = [m.group("body").strip() for m in sanctioning_bodies(article_text, lo, hi)
                        if "人民法院" not in m.group("body")] or ordering
        else:
            penal = [pos for pos, s in found[before:] if s.kind in PENALTY_KINDS]
            if penal:
                penal_bodies.extend(clause_bodies(article_text, lo, hi, min(penal)) or ordering)
            else:
                issuing = clause_bodies(article_text, lo, hi)
                order_bodies.extend(issuing)
                ordering = issuing or ordering
    if found and (_DUTY_LIST.search(article_text) or _KINDS_LIST.search(article_text) or DETAINEE.search(article_text)):
        return EMPTY
    found = [(pos, s) for pos, s in found if not (s.kind is SanctionKind.FINE and _SURCHARGE.search(s.text))]
    if found and "当场收缴" in article_text:
        # 具有下列情形之一的，…可以当场收缴罚款：（一）对违反治安管理行为人处五十元以下罚款…: conditions of collection
        found = [(pos, s) for pos, s in found if s.kind is not SanctionKind.FINE]
    if found and _PENALTY_LIST.search(article_text):
        # 拟作出下列行政处罚决定，应当告知…听证: the items name kinds of penalty, they set none
        found = [(pos, s) for pos, s in found if not article_text.startswith(("（", "("), article_text.rfind("\n", 0, pos) + 1)]
    courts = _court_paragraphs(article_text) if found else []
    if courts:
        judicial = (SanctionKind.FINE, SanctionKind.DETENTION, SanctionKind.WARNING, SanctionKind.CONFISCATE_PROPERTY,
                    SanctionKind.CONFISCATE_GAINS, SanctionKind.REVOKE_LICENCE, SanctionKind.SUSPEND_LICENCE)
        found = [(pos, s) for pos, s in found if s.kind not in judicial or not _in_spans(pos, courts, article_text)]
    measures = [s for _, s in found if s.kind is SanctionKind.SUSPEND_BUSINESS and _SUSPENSION_MEASURE.match(s.text)]
    if measures and all(s.kind in ORDERS or s in measures or _needs_company(s) for _, s in found):
        return EMPTY  # 责令暂停疫苗生产、销售…立即整改 alone: a supervisory measure, set with no 行政处罚
    if found and all(_needs_company(s) for _, s in found if s.kind in PENALTY_KINDS):
        # 限制业务范围 alone is a prudential measure (保险法 art. 138, 证券法 art. 140), no 罚则 of its own
        found = [(pos, s) for pos, s in found if s.kind not in PENALTY_KINDS]
    if not found:
        return EMPTY
    if (all(s.kind in (SanctionKind.WARNING, SanctionKind.CRITICISM) or s.kind in ORDERS for _, s in found)
            and (any(_SUPERIOR.search(b) for b in penal_bodies) or _OFFICIAL_PARTY.match(article_text)
                 or ORGAN_PARTY.match(article_text))):
        # 由本级人民政府或者上级人民政府主管部门责令改正，通报批评 / 市、县人民政府有关部门及其工作人员有下列
        # 情形之一的，…通报批评: supervision of a department, no 行政处罚
        return EMPTY
    # orders alone are a penalty only when a body issues them to a party, not to an official
    orders_only = all(s.kind in ORDERS for _, s in found)
    if orders_only and (BODY_BY.search(article_text) is None or _DISCIPLINE.search(article_text)):
        return EMPTY
    sanctions = _dedupe(_inherit_bases(found, article_text), article_text)
    penal = [pos for pos, s in found if s.kind in PENALTY_KINDS]
    lead = _lead_in_bodies(article_text, min(penal)) if penal else []
    bodies = lead + penal_bodies or order_bodies
    if not bodies:  # 由…部门 in a clause of its own (由…部门，…): only in the sanction's paragraph, never a duty
        first = min(pos for pos, _ in found)
        lo = article_text.rfind("\n", 0, first) + 1
        hi = article_text.find("\n", first)
        while lo > 0 and article_text.startswith(("（", "("), lo):  # an item: its lead-in holds the body
            lo = article_text.rfind("\n", 0, lo - 1) + 1
        bodies = [m.group("body").strip()
                  for m in sanctioning_bodies(article_text, lo, hi if hi >= 0 else len(article_text))
                  # (…处以一百万元以上一千万元以下的罚款。…非法设立期货交易场所的，由县级以上人民政府予以取缔 (期货和衍生品法
                  # art. 136): a body named after the sanctions, for a measure of its own, decides none of them)
                  if m.start() < first]
    township = any(TOWNSHIP.search(b) for b in bodies)
    if citations is None:
        citations = parse_citations(article_text)
    windows: list[tuple[int, int]] = []
    for vm in _VIOLATION.finditer(article_text):
        end_m = _VIOLATION_END.search(article_text, vm.end())
        windows.append((vm.start(), end_m.start() if end_m else len(article_text)))
    named = _outside_annexes(article_text, [c for c in citations if any(a <= c.start < b for a, b in windows)
                                            and not _own_sanctioned_conduct(article_text, c)])
    violated = _anchor_lone_parts(tuple(named), article_text)
    own_rules = () if violated else _own_rule_paragraphs(article_text, min(pos for pos, _ in found))
    return PenaltyInfo(sanctions, bodies[0] if bodies else None, township, violated, own_rules)
