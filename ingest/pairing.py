"""Infer the 违则 of a 罚则 that does not cite it.

Many penalty articles name the conduct instead of the rule: 城乡规划法 art. 64
"未取得建设工程规划许可证……进行建设的，由……" punishes what art. 40 requires.
Officers need both, so for a penalty article with no explicit "违反本法第X条"
we look, inside the same statute version, for the duty articles whose wording
best matches the conduct clauses (the text before "的，由/的，处/的，责令", one
per 项 when the article lists several).  Matching is character-bigram
overlap (containment of the clause in the duty article), which is robust to
the small rewordings between a duty ("不得擅自占用城市绿化用地") and its
breach ("擅自占用城市绿化用地的").  Pairs are marked inferred and never
replace explicit citations; each carries its confidence (the match score) and
its reason (the conduct clause that matched).

Only rules addressed to the parties can be a 违则: article 1 (purpose),
definitions (本法所称…是指), the liability and supplementary chapters (法律责任,
罚则, 附则), articles whose subject is an authority (…部门应当/负责/自受理之日起…),
authority actions (由…部门撤销…), officials' misconduct (玩忽职守、滥用职权), procedure
(不予办理, 提交下列材料) and the conditions of a licence (应当具备下列条件, unless it also requires the licence:
方可, 申请) never are.
Alternatives of one conduct (擅自开办碘盐加工企业或者未经批准从事碘盐批发业务)
are matched one by one.

>>> from kg.model import Provision, ProvisionId
>>> duty = Provision(ProvisionId("城市绿化条例", None, 19), "第十九条 任何单位和个人都不得擅自占用城市绿化用地；占用的城市绿化用地，应当限期归还。")
>>> other = Provision(ProvisionId("城市绿化条例", None, 3), "第三条 城市人民政府应当把城市绿化建设纳入国民经济和社会发展计划。")
>>> pen = Provision(ProvisionId("城市绿化条例", None, 27), "第二十七条 未经同意擅自占用城市绿化用地的，由城市人民政府城市绿化行政主管部门责令限期退还、恢复原状，可以并处罚款。")
>>> infer_violated([duty, other, pen], {pen.id})
{ProvisionId(statute='城市绿化条例', version=None, article=27, suffix=0, paragraph=None, item=None, subitem=None): (ProvisionId(statute='城市绿化条例', version=None, article=19, suffix=0, paragraph=None, item=None, subitem=None),)}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence

from ingest.citations import Citation, parse_citations, to_provision_ids
from kg.model import InferredPair, Provision, ProvisionId
from kg.numerals import strip_article_label

# weighted share of the clause's bigrams found in the duty article.  Judged on 80 fresh pairs
# (tests/quality/penalty_pairs_tuning*.yaml), the pairs scoring 0.65 or more were right 42 times in 43,
# those below about 3 times in 4: a wrong 违则 copied into a decision is worse than none
MIN_SCORE = 0.65
MIN_CONDUCT = 6  # characters of conduct left after the generic words: less says nothing
MIN_SCOPED = 0.5  # from here up to MIN_SCORE a pair needs the same named party (施工单位, 4+ characters) in the rule
MAX_PARTNERS = 6
PARTY_MARGIN = 0.1  # a rule this close to the best that names the conduct's party, where the best names none, wins
ALONE = 0.25  # below the bar, a rule is the conduct's when no other rule scores more than this share of it
MIN_ALONE = 12  # …and the conduct says that much (not 法律、法规的其他…)
AGREEING = 2  # conducts of one article whose best match (from MIN_SCOPED) is the same rule: it is theirs
MIN_UNAPPROVED = 0.5  # an activity done without approval, against the articles that approve it (_UNAPPROVED)
# the party a conduct clause names before its conduct: 集中交易市场的开办者、柜台出租者、展销会的举办者允许…
_PARTY = re.compile(r"^(?P<party>[\u4e00-\u9fff]{2,40}?(?:者|单位|企业|机构|人员|经营者|公司|场所|组织))"
                    r"(?=未|不|擅自|违反|允许|将|在|以|从事|使用|拒绝|伪造|出售|销售|生产|经营|向|对|有)")
# the parties a list's lead-in names are those of every item: 征信机构、金融信用信息基础数据库运行机构违反本条例规定，
# 有下列行为之一的 (征信业管理条例 art. 38), 违反本条例，出海船舶有下列情形之一的 (山东省沿海船舶边防治安管理条例 art. 23)
_PARTY_NAME = re.compile(r".+?(?:者|单位|企业|机构|人员|公司|场所|组织|银行)")  # one party of a party clause
_LEAD_PARTY = re.compile(r"^(?:对)?(?:违反本[^，。；：]{0,10}?[，,])?(?P<party>[^，。；：]{4,60}?)(?:[，,])?"
                         r"(?:违反本[^，。；：]{0,10}?规定[，,]?)?有下列(?:行为|情形|违法行为)之一")
_NO_PARTY = re.compile("^(?:任何|其他|有关|本)|人民政府|部门|机关|工作人员")
_PUNCT_SPACE = re.compile(r"[\s，,。；;：:、和的及与或]")  # 柜台出租者和展销会举办者 = 柜台出租者、展销会的举办者
# 对…擅自生产、收购、经营毒性药品的单位或者个人，由…没收 (医疗用毒性药品管理办法 art. 11): the party after 的
_CONDUCT_END = re.compile(r"的(?:单位或者个人|单位和个人|单位|个人)?[，,]\s*(?:由|处|责令|给予|没收|对|可以|依照|按照|应当|并处|予以)")
_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
# （四）法律、法规规定的其他情形 / （九）违反法律、行政法规的其他行为: what other law forbids, no conduct said here
_OTHER_LAW_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*(?:有)?(?:违反)?(?:有关|国家|其他|、|和|或者|地方性|行政|法律|法规|规章)+"
                             r"(?:规定|禁止)?的(?:其他|有关)")
_PUNCT = re.compile(r"[\s，。；：、,.;:（）()“”\"《》〈〉【】\[\]]")
# words that say nothing about the conduct itself
_STOP = ("违反本法规定", "违反本条例规定", "违反本规定", "违反本办法规定", "有下列行为之一", "下列行为之一",
         "有下列情形之一", "下列情形之一", "有下列行为", "下列行为",
         "单位和个人", "任何单位", "个人", "有关", "规定")


_EXPLICIT_ANY = re.compile(r"第[零〇一二两三四五六七八九十百千\d]+条")
# thresholds and conditions around the conduct: 尚不够刑事处罚的, 情节严重的, 逾期不改正的
_CONDITION = re.compile("(?:吊销|暂扣|撤销)[^，。；]{0,20}?(?:许可证|执照|证书|资格)|尚不够刑事处罚|尚不构成犯罪|构成犯罪|情节(?:特别)?严重|情节较轻|逾期(?:仍)?(?:不|未)改正|拒不改正")
_AUTHORITY_DUTY_UNDONE = re.compile(r"^[\u4e00-\u9fff]{0,30}?(?:人民政府|部门|机关|办事处)(?:及其)?(?:工作人员)?(?:未|不)(?:依法)?履行")
_CRIME_FIRST = re.compile(r"^(?P<conduct>[^。；]+?)[，,](?:尚)?(?:不)?构成犯罪的")
# (对国务院核安全监督管理部门 too: an authority named as whom the conduct is against)
# (评标委员会成员 too)
_SUBJECT_ONLY = re.compile(r"对?[\u4e00-\u9fff、（）()]{0,20}?(?:单位|企业|机构|协会|组织|经营者|人员|成员|公司|个人|者|人|部门|机关)")
# a conduct that ends in its object is no subject alone: 擅自开办碘盐加工企业
# (非法招用未满十六周岁的未成年人, 劳动法 art. 94, ends in 人 but is a conduct)
_CONDUCT_VERB = re.compile("擅自|未经|开办|冒用|伪造|招用|雇用")  # not 使用, 经营 …: 特种设备使用单位 is a subject
# the rule a paragraph breaks is named by it: 明知从事前数款规定的违法行为 (上海市食品安全条例 art. 92)
_OWN_PARAGRAPHS = re.compile("前款|前[两二三四五六七八九十数]款|前[两二三四五六七八九十数]项|本条第"
                             # 有第一款第一项规定情形的 (机动车驾驶证申领和使用规定 art. 98): a paragraph of its own, no 条 named
                             r"|(?<![条\d零〇一二两三四五六七八九十百千])第[一二三四五六七八九十]+款")
# 违反本条例的规定 says nothing of the conduct either
# (违反本条例，出海船舶有下列情形之一的 too; a leading 对 of 对违反本办法的规定，擅自生产…的单位 goes with it)
_GENERIC_BREACH = re.compile(
    r"^对(?=违反)|违反本(?:实施细则|实施办法|实施条例|条例|法|规定|办法|细则)(?:(?:的)?(?:有关)?规定|(?=[，,]|$))"
)
# doing without the approval an activity needs: 擅自开办碘盐加工企业, 未经批准从事碘盐批发业务 break the
# article that subjects the activity to approval (碘盐条例 arts. 7, 17): its object is matched alone
_UNAPPROVED = re.compile(r"^(?:未经(?:依法)?(?:批准|许可|核准|审批|同意)[，,]?|擅自|未(?:依法)?取得)")
_APPROVAL = re.compile("批准|审批|许可|核准|指定")
_ACTIVITIES = re.compile("或者|、")
# a 违则 named: 违反本法第六十四条规定; not a penalty rule referred to (依照本条例第七十五条的规定…给予处罚)
_EXPLICIT = re.compile(r"(?:违反|违背|未依照|未按照|不按照|不依照|未遵守|不遵守|不(?:再)?符合|不具备|未履行|不履行|未执行|不执行|(?<!没)有)"
                       r"(?:本(?:实施细则|实施办法|实施条例"
                       r"|条例|法|规定|办法|细则)|《[^》]{1,40}》|[\u4e00-\u9fff]{1,20}?法)?第[零〇一二两三四五六七八九十百千\d]+条")
_OFFICIALS = re.compile("玩忽职守|滥用职权|徇私舞弊|处分")
_NOT_RULE_HEADING = re.compile("法律责任|罚则|附则|处罚|奖励与惩罚|奖惩")
_PURPOSE = re.compile(r"^为(?:了)?[^，。；]{0,60}?(?:制定本|特制定)|^为了")
_DEFINITION = re.compile(
    r"本(?:实施细则|实施办法|条例|法|规定|办法|细则)(?:所称|中下列用语|下列用语)|用语的含义|是指|凡[^。]{0,80}?均为"
)
_AUTHORITY_SUBJECT = re.compile(
    r"^(?P<subject>[^，。；：]{0,40}?(?:人民政府|部门|机关|监督管理机构|管理机构|委员会|办事处|局|车辆管理所|管理处"
    r"|监察人员|执法人员|检查人员|调查人员|工作人员))"
    r"(?:及其工作人员|和有关部门|及其有关部门|及其派出机构)?"
    r"(?:应当|负责|可以|对|自|依法|依照|依据|履行|在|按照|根据|有权|不得|发现|会同|组织|建立|加强|审核|受理|收到|核发)"
)
_AUTHORITY_ACTION = re.compile(r"由[^，。；]{1,40}?(?:部门|机关|机构|人民政府)(?:依法)?(?:撤销|注销|吊销|收回|责令|没收|处)")
_PROCEDURE = re.compile(
    r"不予(?:办理|受理|登记|批准|许可|核发|注册)|(?:提交|提供|报送|交验)[^。；]{0,30}?(?:下列|以下)(?:材料|文件|证明|凭证)"
)
_SCOPE = re.compile(r"适用本(?:实施细则|实施办法|条例|法|规定|办法|细则)|(?:必须|应当)遵守本(?:条例|法|规定|办法)")
_ENCOURAGEMENT = re.compile("鼓励|支持|提倡|引导|国家")
# the lead-in of a list of the party's rights (乡村医生在执业活动中享有下列权利：…出具相应的医学证明): what it may do
_RIGHTS = re.compile(r"(?:享有|有|行使)(?:下列|以下)权利[：:]?\s*$")
_REWARD = re.compile("(?:给予|予以)(?:表彰|奖励|表扬)|表彰[、和]奖励")
_EXEMPTION = re.compile(r"(?:有下列情形之一的|下列[^，。；]{0,20}?)[，,]?(?:可以)?(?:无需|无须|不需要|不需|免于|免予|可以不)")


# the breach words of a conduct are not in the rule it breaks: 不按照规定报告放射源丢失、被盗情况 is matched as
# 报告放射源丢失、被盗情况 against 发生放射源丢失、被盗…必须…报告 (放射性污染防治法 arts. 55, 33)
_BREACH_WORDS = re.compile("(?:未|不)(?:按照|依照|依法)?|拒不")
# the lead-in of a list of conducts (…有下列行为之一的) and the words by which it states a conduct of its own
# (…之一 or not: 有下列侵权行为的, 著作权法 art. 53; 有下列行为的)
_LIST_LEAD = re.compile(r"(?:有|存在)下列[^，。；]{0,6}?(?:行为|情形|事项)(?:之一)?$")
_LEAD_CONDUCT = re.compile("未|不|擅自|拒绝|拒不|虚假|伪造|弄虚作假|非法")
_FORBIDS = re.compile("不得|禁止|严禁")
# an activity done without the licence or approval it needs: 未取得燃气经营许可证从事燃气经营活动, 未经核准，擅自从事…
# (its party first: 医疗机构未经…; not a third party's licence, 向未取得燃气经营许可证的单位…提供…燃气)
_LICENCE_BREACH = re.compile(r"^(?:[^，。；]{0,30}?(?:者|单位|企业|机构|人员|公司|组织|个人)[，,]?)?"
                             r"(?:未经(?:依法)?(?:批准|许可|核准|审批|登记|同意)[，,]?(?:擅自)?|未(?:依法)?取得|无|擅自)(?=[^，。；]{2})")
# the article that subjects an activity to a licence or approval (城镇燃气管理条例 art. 15: 国家对燃气经营实行许可证制度;
# 建筑法 art. 7: 建设单位应当…申请领取施工许可证), not its conditions (建筑法 art. 8: 申请领取施工许可证，应当具备下列条件)
# an activity done without a licence or approval (not 擅自…, which breaks what forbids it)
_UNLICENSED = re.compile(r"^(?:[^，。；]{0,30}?(?:者|单位|企业|机构|人员|公司|组织|个人)[，,]?)?"
                         r"(?:未经(?:依法)?(?:批准|许可|核准|审批|登记|同意)|未(?:依法)?(?:取得|领取)|无)"
                         r"[^，。；]{0,20}?(?:许可|执照|证|批准|资质|资格|核准)")
# (an article that binds the party to an approval in words _REQUIRES_APPROVAL does not read: 必须经…计量认证, 应当报原许可机构批准)
_DUTY_TO_HOLD = re.compile("(?:应当|必须|须)[^。；]{0,60}?(?:批准|许可|认证|认定|执照|资质|资格|核准|登记|审批)")
_REQUIRES_APPROVAL = re.compile(
    r"(?:应当|必须|须)[^。；：]{0,40}?(?:申请|取得|领取|办理|经)[^。；：]{0,30}?(?:许可|批准|审批|核准|登记|资格|执照|证书)"
    r"|(?:应当|必须|须)[^。；：]{0,40}?提出[^。；：]{0,10}?申请"
    r"|实行[^。；]{0,12}?(?:许可|审批|核准|登记)[^。；]{0,4}?制度"
    r"|经[^。；]{0,30}?(?:批准|许可|核准|同意)[^。；]{0,10}?方可"
    r"|未(?:经|取得)[^。；]{0,40}?不得")


def requires_approval(p: Provision) -> bool:
    """Whether ``p`` subjects an activity to a licence or an approval (see _REQUIRES_APPROVAL); an article listing
    the conditions of a licence only when it also sets up the licence (实行许可证制度)."""
    if _never_a_rule(p):
        return False
    body = strip_article_label(p.text)
    if _PURPOSE.match(body) or _DEFINITION.search(body) or _OFFICIALS.search(body):
        return False
    if "具备下列条件" in body and not re.search("实行[^。；]{0,12}?制度", body):
        return False
    # not an article on an authority's powers (保险法 art. 154: 保险监督管理机构…可以采取下列措施:…采取…措施的，应当经
    # 保险监督管理机构负责人批准)
    return not _authority_addressed(body.split("\n")[0]) and bool(_REQUIRES_APPROVAL.search(body))


def _rank(weighted: Sequence[tuple[str, float]], candidates: Sequence[tuple[Counter[str], ProvisionId]]
          ) -> tuple[dict[ProvisionId, float], tuple[float, ProvisionId] | None, float]:
    """Each candidate's weighted share of the conduct's bigrams, the best candidate and the runner-up's score."""
    total = sum(w for _, w in weighted)
    scores: dict[ProvisionId, float] = {}
    best: tuple[float, ProvisionId] | None = None
    runner_up = 0.0
    for grams, did in candidates:
        score = sum(w for g, w in weighted if g in grams) / total
        scores[did] = score
        if best is None or score > best[0]:
            runner_up = best[0] if best else 0.0
            best = (score, did)
        else:
            runner_up = max(runner_up, score)
    return scores, best, runner_up


def _licence_rule(clause: str, licensing: Sequence[tuple[Counter[str], ProvisionId]], pid: ProvisionId,
                  weight: Callable[[str], float]) -> tuple[float, ProvisionId] | None:
    """The article requiring the licence of an activity done without it (see _LICENCE_BREACH), by the weighted
    share of the activity's bigrams it holds (each alternative alone: …施工许可证或者开工报告未经批准…), or None."""
    bare = _GENERIC_BREACH.sub("", clause).lstrip("，, ")
    m = _LICENCE_BREACH.search(bare)
    if not m:
        return None
    earlier = [(grams, did) for grams, did in licensing if did.article <= pid.article]
    out: tuple[float, ProvisionId] | None = None
    for part in bare[m.end():].split("或者"):
        obj = [(g, weight(g)) for g in _bigrams(part)]
        if len(_PUNCT.sub("", part)) < MIN_CONDUCT - 2 or not sum(w for _, w in obj):
            continue
        _, best, _ = _rank(obj, earlier)
        if best is not None and best[0] >= MIN_UNAPPROVED and (out is None or best[0] > out[0]):
            out = best
    return out


def states_rights(p: Provision) -> bool:
    """Whether every paragraph of ``p`` but the items is the lead-in of a list of the party's rights: no 违则
    (乡村医生从业管理条例 art. 23 is no rule for 违反规定出具医学证明 of art. 38)."""
    paras = [x.strip() for x in strip_article_label(p.text).split("\n") if x.strip() and not _ITEM.match(x.strip())]
    return bool(paras) and all(_RIGHTS.search(x) for x in paras)


def states_rewards(p: Provision) -> bool:
    """Whether ``p`` says what is rewarded and binds no one (有下列事迹之一的单位或者个人…给予表彰、奖励：…发现文物及时上报
    或者上交, 文物保护法 art. 22): no 违则 for 发现文物隐匿不报 of art. 91."""
    body = strip_article_label(p.text)
    return bool(_REWARD.search(body)) and not _RULE_WORD.search(body)


# the party a sentence of a rule binds: 工程总承包单位、施工单位及工程监理单位应当…; 任何单位和个人不得… binds every party
_RULE_SUBJECT = re.compile(r"(?:^|[，。；：\n])(?P<subject>[^，。；：\n]{2,30}?(?:单位|企业|机构|经营者|公司|组织|人员|者|个人))"
                           r"(?:应当|不得|必须|须|应|负责|禁止|严禁)")
_ANY_PARTY = re.compile("任何|单位和个人|单位或者个人|公民|法人")


def binds_others(parties: Sequence[str], rule: str) -> bool:
    """Whether every duty sentence of ``rule`` binds a named party that is none of ``parties`` (the conduct's): not
    one of them nor a kind of one (锅炉使用单位 of 特种设备使用单位), sharing no word but the kind of body (施工单位 /
    设计单位 share 单位 only; 其他收藏文物的单位 / 文物收藏单位 share 收藏); never when a sentence names no party
    (海洋工程需要拆除的，应当…备案) or every party (任何单位和个人不得…).

    >>> binds_others(("设计单位",), "施工单位应当按照抗震设防强制性标准进行施工。")
    True
    >>> binds_others(("设计单位",), "新建、扩建、改建建设工程，应当符合抗震设防强制性标准。")
    False
    >>> binds_others(("设计单位",), "任何单位和个人不得擅自变更抗震设防强制性标准；施工单位应当…")
    False
    >>> binds_others(("特种设备使用单位",), "锅炉使用单位应当按照安全技术规范的要求进行锅炉水（介）质处理")
    False
    >>> binds_others(("文物收藏单位",), "博物馆、图书馆和其他收藏文物的单位应当按照国家有关规定配备防火、防盗、防自然损坏的设施")
    False
    """
    flat = _PUNCT_SPACE.sub("", rule)
    if not parties or any(x in flat for x in parties):
        return False
    subjects: list[str] = []
    for sentence in re.split("[。；;\n]", rule):
        if not _RULE_WORD.search(sentence):
            continue
        found = [m.group("subject") for m in _RULE_SUBJECT.finditer(sentence)]
        if not found:
            return False  # a duty of whoever does it
        subjects += found
    if not subjects or any(_ANY_PARTY.search(x) or _NO_PARTY.search(x) or len(x) <= 3 for x in subjects):
        return False

    def words(name: str) -> set[str]:
        return {g for g in _bigrams(name) if not _KIND_OF_BODY.fullmatch(g)}

    return not any(x[-4:] == y[-4:] or words(x) & words(y) for x in parties for y in subjects)


# the words by which an article binds someone (its duty, prohibition, approval or liability)
_ANY_DUTY = re.compile("应当|不得|禁止|必须|严禁|须|应|不准|不许|方可|批准|许可|核准|审批|登记|备案|制度|义务|职责|只能|只可|只准|一律|(?:治理|制止|整治|劝阻)下列")
_KIND_OF_BODY = re.compile("单位|机构|企业|经营|营者|人员|公司|组织|个人|管理|理者|用者")


def _never_a_rule(p: Provision) -> bool:
    """A penalty article, article 1 (purpose) or an article of the liability or supplementary chapter."""
    return bool(p.sanctions) or p.id.article == 1 or any(_NOT_RULE_HEADING.search(h) for h in p.heading)


def is_rule_article(p: Provision, *, approval: bool = False) -> bool:
    """Whether ``p`` can be a 违则: a rule addressed to the parties, not purpose, definition, duty of an
    authority or procedure (see the module docstring).

    With ``approval``, an article that subjects an activity to approval on application is one even when it also
    states how the authority decides (宗教事务条例 art. 42: 举行大型宗教活动…应当…提出申请…作出批准或者不予许可的
    决定): the rule an activity done without approval breaks, and no other.
    """
    if _never_a_rule(p):
        return False
    body = strip_article_label(p.text)
    procedure = _PROCEDURE.search(body) and not (approval and "申请" in body and _APPROVAL.search(body))
    if (_PURPOSE.match(body) or _DEFINITION.search(body) or procedure or _SCOPE.search(body)
            or _AUTHORITY_ACTION.search(body) or _OFFICIALS.search(body)):
        return False
    if _EXEMPTION.match(body):
        return False  # 有下列情形之一的，无需取得探矿权 (矿产资源法 art. 28): when a duty does not apply
    if "具备下列条件" in body and not re.search("方可|申请", body):
        return False  # the conditions of a licence, not the duty to hold one (取得…许可证，应当具备下列条件)
    # a rule when one of its paragraphs (items go with their lead-in) is addressed to a party, not to an
    # authority, and is no encouragement (鼓励…, 提倡…)
    paras = [para.strip() for para in body.split("\n") if para.strip() and not _ITEM.match(para.strip())]
    return any(not _authority_addressed(para)
               and any(not _ENCOURAGEMENT.match(x.strip()) for x in re.split("[。；]", para) if x.strip())
               for para in paras)


# 对涉嫌…取得市场主体登记的行为，登记机关可以…调查 / 食品生产经营者…严重浪费食品的，…部门可以对其…进行约谈:
# what an authority does about a conduct, not the rule it breaks
# 对…表明有土壤污染风险的农用地地块，地方人民政府农业农村…主管部门应当…进行土壤污染状况调查 (土壤污染防治法 art. 52)
_ABOUT_CONDUCT = re.compile(r"^对[^。；]{1,80}?[，,]")
_AUTHORITY_RESPONSE = re.compile(r"^[^。；]{1,80}?的[，,][^，。；]{0,40}?(?:人民政府|部门|机关)[^，。；]{0,10}?(?:可以|应当|有权)")


def _authority_addressed(para: str) -> bool:
    para = para.strip()
    if _AUTHORITY_RESPONSE.match(para):
        return True
    m = _AUTHORITY_SUBJECT.match(_ABOUT_CONDUCT.sub("", para, count=1))
    return bool(m and not re.search("应当|不得|必须|禁止|经|向|由", m.group("subject")))


def _bigrams(text: str) -> Counter[str]:
    s = _PUNCT.sub("", text)
    return Counter(s[i:i + 2] for i in range(len(s) - 1))


def conduct_clauses(text: str) -> list[str]:
    """The conduct a penalty article punishes: its lead clause and its listed items.

    A paragraph that names its 违则 (违反本法第六十四条规定的) needs no inference: it and its items are
    left out, so that only the other paragraphs are matched (食品安全法 art. 130: para. 1 → art. 61,
    para. 2 names art. 64).
    """
    body = strip_article_label(text)
    clauses: list[str] = []
    explicit_lead = False
    for line in body.split("\n"):
        line = line.strip()
        if _ITEM.match(line):
            if (not explicit_lead and not _EXPLICIT_ANY.search(line)  # （一）违反第十四条规定，…: named
                    and not re.match(r"[（(][一二三四五六七八九十]+[）)]\s*其他", line)  # （五）其他…: nothing said
                    and not _OTHER_LAW_ITEM.match(line)):
                # the conduct ends at its 的，: what follows is the consequence (…的，发放许可证的部门有权…)
                clauses.append(re.split("的[，,；;]", _ITEM.sub("", line), maxsplit=1)[0].rstrip("；;。的"))
            continue
        # 有本条例第二十二条禁止的行为之一，或者有下列行为之一的: the items are conducts of their own
        # (a chapter named, 违反本法第二章有关规定, is matched within that chapter: chapter_violated)
        names_rule = bool(_EXPLICIT.search(line) or _CHAPTER_CITED.search(line))
        explicit_lead = names_rule and not re.search("或者有下列", line)
        if names_rule or _OWN_PARAGRAPHS.search(line):
            continue
        m = _CONDUCT_END.search(line)
        if m:
            clause = line[: m.start()]
            # the conduct is the last sentence before 的，由
            clause = re.split(r"[。；]", clause)[-1]
            if _LIST_LEAD.search(clause.strip()) and not _LEAD_CONDUCT.search(_GENERIC_BREACH.sub("", clause)):
                # 违反本条例规定，经营性储煤场地有下列行为之一的 (菏泽市煤炭清洁生产使用监督管理条例 art. 21): the lead-in
                # names the party (or a place), the items its conduct; unless it states one itself (机动车排放检验机构在
                # 检测过程中弄虚作假，有下列行为之一的)
                continue
            lead = _CRIME_FIRST.match(line) if _CONDITION.fullmatch(clause.strip("，, ")) else None
            # 购买伪造、变造的人民币…而持有、使用，构成犯罪的，依法追究刑事责任；尚不构成犯罪的，由公安机关处…
            # (中国人民银行法 art. 43): the sentence before 的，由 is a threshold, the conduct comes first
            clauses.append(lead.group("conduct") if lead else clause)
    out = []
    for clause in clauses:
        # alternatives of one conduct are matched one by one: 擅自开办…或者未经批准从事…
        for c in _alternatives(clause):
            c = _GENERIC_BREACH.sub("", _CONDITION.sub("", c)).lstrip("，,")
            for w in _STOP:
                c = c.replace(w, "")
            bare = _PUNCT.sub("", c)
            # a subject alone (检验检测机构, 评估行业协会有下列行为之一) or a threshold says nothing of the conduct
            if _AUTHORITY_DUTY_UNDONE.match(bare):
                continue  # 街道办事处及其工作人员，未依法履行…职责: officials' misconduct, no party's rule broken
            if len(bare) >= MIN_CONDUCT and (_CONDUCT_VERB.search(bare) or not _SUBJECT_ONLY.fullmatch(bare)):
                out.append(c)
    return out


# what a sentence of a 罚则 says when it states a rule, not a consequence or a referral
_RULE_WORD = re.compile("应当|不得|禁止|必须|严禁")
_SANCTION_SET = re.compile(r"的[，,]\s*(?:由|处|责令|给予|没收|并处|予以|可以处|可以责令)")
_NOT_OWN_RULE = re.compile("处罚|处理|责任|处分|执法|罚款|没收|吊销|责令|追究|违反|赔偿|返还")


def own_rule(text: str) -> str:
    r"""The sentences of a penalty article that state a rule before its first sanction (the party's own 应当/不得/禁止
    sentences, not an authority's), or "".

    >>> own_rule("第八条 金融机构不得虚假出资或者抽逃出资。\n金融机构虚假出资或者抽逃出资的，给予警告，处以罚款。")
    '金融机构不得虚假出资或者抽逃出资'
    >>> own_rule("第三十条 在禁止区域内擅自设置摊点的，由城市管理部门责令改正，处一百元罚款。")
    ''
    """
    out = []
    for sentence in re.split("[。；;\n]", strip_article_label(text)):
        sentence = sentence.strip()
        if not sentence or _ITEM.match(sentence):
            continue
        if _SANCTION_SET.search(sentence) or _NOT_OWN_RULE.search(sentence):
            break  # the first sanction (…的，由…处) or a consequence: what follows is no rule of the party's
        if _RULE_WORD.search(sentence) and not _authority_addressed(sentence):
            out.append(sentence)
    return "".join(out)


def lead_parties(text: str) -> tuple[str, ...]:
    """The parties the lead-in of a listing penalty article names (see _LEAD_PARTY), 4 characters or more each;
    none for a generic party (任何单位, 单位和个人) or an authority.

    >>> lead_parties("第三十八条 征信机构、金融信用信息基础数据库运行机构违反本条例规定，有下列行为之一的，由…处罚")
    ('征信机构', '金融信用信息基础数据库运行机构')
    """
    m = _LEAD_PARTY.match(strip_article_label(text))
    if not m:
        return ()
    parts = [_PUNCT_SPACE.sub("", x) for x in re.split("、|或者|以及|和|及", m.group("party"))]
    return tuple(x for x in parts if len(x) >= 4 and not _NO_PARTY.search(x))


_BREACH = re.compile("未|不|擅自|违反|拒绝|拒不")


def _clause_parties(clause: str) -> tuple[str, ...]:
    """The parties a conduct clause names before its conduct (see _PARTY), each of several:
    建设工程材料的生产单位、销售单位以假充真 → 建设工程材料生产单位, 销售单位."""
    rest, out = _PUNCT_SPACE.sub("", clause), list[str]()
    while (m := _PARTY.match(rest)) and len(out) < 4:
        out.append(m.group("party"))
        rest = rest[m.end():]
    return tuple(out)


_PARTY_LIST = re.compile(r"^(?P<names>[\u4e00-\u9fff（）()]{2,16}?(?:、[\u4e00-\u9fff（）()]{2,16}?)+)"
                         r"(?=未|不|擅自|违反|允许|将|在|以|从事|使用|拒绝|伪造|出售|销售|生产|经营|向|对|有|进货|安排|与|为)")
_PARTY_SUFFIX = re.compile("(?:单位|企业|机构|经营者|者|人员|公司|组织|所有人|管理人)$")


def _listed_parties(clause: str) -> tuple[str, ...]:
    """The parties a conduct clause lists before its conduct, each in full (勘察、设计、施工、工程监理单位允许… →
    勘察单位, 设计单位, 施工单位, 工程监理单位; 食品小作坊、食品摊贩进货时未查验… → 食品小作坊, 食品摊贩), 4 characters
    or more each; none for a single party."""
    m = _PARTY_LIST.match(_GENERIC_BREACH.sub("", clause).lstrip("，, "))
    if not m:
        return ()
    names = m.group("names").split("、")
    suffix = _PARTY_SUFFIX.search(names[-1])
    if suffix and not any(_PARTY_SUFFIX.search(x) for x in names[:-1]):
        names = [x + suffix.group(0) for x in names[:-1]] + names[-1:]
    if not all(_PARTY_SUFFIX.search(x) for x in names):
        return ()  # not a list of parties: 使用国家、省列入淘汰目录的…, 进出口货物、物品或者…
    return tuple(x for x in names if len(x) >= 4 and not _NO_PARTY.search(x))


# a verb without its object: 未建立 (before 或者未实施质量保证体系)
_BARE_VERB_END = re.compile("未[\u4e00-\u9fff]{2}$")
_BARE_VERB = re.compile("未[\u4e00-\u9fff]{2}")


def _alternatives(clause: str) -> list[str]:
    """The alternatives of one conduct: at 或者 before a new conduct (…或者未经批准从事…), and at any other 或者
    whose sides each say enough and each name a breach (未建立特种设备安全技术档案或者安全技术档案不符合要求;
    not 从事…制冷系统或者灭火系统的维修…, one conduct on two objects)."""
    out: list[str] = []
    parts = re.split("，或者|或者(?=未|擅自|不|违反|在|以|将)", clause)
    for i in range(len(parts) - 1):
        # two verbs on one object: …单位未建立或者未实施质量保证体系 (核安全法 art. 77) is 未建立质量保证体系 and
        # 未实施质量保证体系, not a bare 未建立 matched by its party alone
        verb = _BARE_VERB.match(parts[i + 1])
        if _BARE_VERB_END.search(parts[i]) and verb and len(parts[i + 1]) > verb.end():
            parts[i] += parts[i + 1][verb.end():]
    for part in parts:
        # 非法获取…国家秘密的文件…，以及非法生产…专用间谍器材 (反间谍法 art. 61): two breaches; not a list of places
        # (在荒漠…的草原，以及生态脆弱区的草原上采挖植物)
        pieces = part.split("，以及")
        if len(pieces) > 1 and all(_BREACH.search(x) or "非法" in x for x in pieces):
            out.extend(pieces)
            continue
        # conducts listed by comma, each opening alike (在领海基点保护范围内进行工程建设…，在临时性利用的无居民海岛建造
        # 永久性建筑物…, 海岛保护法 art. 50): one by one
        pieces = re.split("[，,](?=在|未|擅自)", _GENERIC_BREACH.sub("", part).lstrip("，, "))
        if (len(pieces) > 1 and len({x[:1] for x in pieces}) == 1
                and all(len(_PUNCT.sub("", x)) >= MIN_CONDUCT + 4 for x in pieces)):
            out.extend(pieces)
            continue
        pieces = part.split("或者")
        # (a side's breach is its own: 违反本法规定，对…部门 or …依法进行的监督检查，…拒绝、阻挠 (核安全法 art. 89) is one)
        if len(pieces) > 1 and all(len(_PUNCT.sub("", x)) >= MIN_CONDUCT + 2 and _BREACH.search(_GENERIC_BREACH.sub("", x))
                                   for x in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out


# refusing or obstructing an inspection (拒绝、阻碍国土资源主管部门监督检查) breaks the article where the party is told
# not to (被检查的单位…不得拒绝、阻碍; 土地复垦条例 art. 8, 反垄断法 art. 50), often an article on the authority's
# powers that is no rule otherwise (期货交易管理条例 art. 49)
# (拒绝、阻挠依法开展的农产品质量安全监督检查 too: 农产品质量安全法 art. 76 → art. 53)
_OBSTRUCTION = re.compile(r"(?:拒绝|拒不|阻挠|阻碍|妨碍)[^，。；]{0,40}?(?:监督检查|检查|调查|监察|执法)")
_NO_OBSTRUCTION = re.compile(r"(?:不得|禁止|严禁)[^。；]{0,8}?(?:拒绝|阻挠|阻碍|妨碍)")
_INSPECTION = re.compile("检查|调查|监察|执法")
OBSTRUCTION_CONFIDENCE = 0.7  # the only article of the statute that forbids it


def _forbids_obstruction(p: Provision) -> bool:
    if _never_a_rule(p):
        return False
    return any(_NO_OBSTRUCTION.search(x) and _INSPECTION.search(x) for x in re.split("[。；\n]", p.text))


# --------------------------------------------------------------------------
# 违则 named by a 罚则 that the citation window of ingest.penalties leaves out
# --------------------------------------------------------------------------

# between two members of one cited list: 第二十八条、第二十九条，第三十一条第二款 / 第四十三条和第四十七条
# (after an item range the citation grammar does not read: 第二十八条第（一）至（四）项，第三十一条第二款, 北京市旅游管理条例
# art. 55)
_N = r"[（(]?\s*[零〇一二两三四五六七八九十百千\d]+\s*[)）]?"
_LIST_SEP = re.compile(rf"^(?:第{_N}(?:项|款)?(?:(?:至|到|、)(?:第)?{_N}(?:项|款)?)*)?"
                       r"[ \t\u3000]*(?:[、，,]|以及|或者|和|及|与|或)[ \t\u3000]*$")
_COMMA = re.compile("[，,]")
# a chapter (and section) of the statute itself named as the rule broken: 违反本条例第五章有关规定 (直销管理条例 art. 51),
# 违反本法第四章第四节关于佣金比例的规定 (拍卖法 art. 66), 未按照本规定第二章规定履行经营者义务
_CHAPTER_CITED = re.compile(
    r"(?:违反|违背|未依照|未按照|不按照|不依照|未遵守|不遵守|不符合)本(?:实施细则|实施办法|实施条例|条例|法|规定|办法|细则)"
    r"第(?P<chapter>[一二三四五六七八九十]+)章(?:第(?P<section>[一二三四五六七八九十]+)节)?"
    r"(?:(?:的)?(?:有关|关于)?[^，。；]{0,20}?规定)?")
MAX_CHAPTER_RULES = 6  # a chapter with no more rules than this is cited for each of them when no conduct narrows it


def _same_list(a: Citation, b: Citation) -> bool:
    """Whether ``b`` can go on the list of ``a``: the same statute (本条例第九条，第十条: the second unqualified)."""
    return a.title == b.title and (a.title is not None or a.internal or not b.internal) and b.relative is None


def listed_after_comma(p: Provision) -> tuple[ProvisionId, ...]:
    """The members of a cited list that follow a comma, which the citation window of ingest.penalties ends at:
    违反本条例第九条，第十条，第十二条规定的 (上海市出租汽车管理条例 art. 44) names arts. 10 and 12 as well, and every
    member after them (…，第十三条、第十四条规定) goes with them.  Only those not among ``p.violated``.

    >>> pid = ProvisionId("x", None, 50)
    >>> t = "第五十条 违反本条例第十条第三项、第五项，第十三条，第十四条规定的，由…处五千元罚款。"
    >>> p = Provision(pid, t, violated=(ProvisionId("x", None, 10, item=3), ProvisionId("x", None, 10, item=5)))
    >>> [str(x) for x in listed_after_comma(p)]
    ['x/art_13', 'x/art_14']
    """
    if not p.violated or not _COMMA.search(p.text):
        return ()
    body = strip_article_label(p.text)
    cites = parse_citations(p.text, start=len(p.text) - len(body))
    named = set(p.violated)
    out: list[ProvisionId] = []
    kept = False  # whether the previous citation is a 违则 (named, or added here)
    adding = False  # whether the list went on after a comma: its members from there are added
    prev: Citation | None = None
    for c in cites:
        try:
            ids = to_provision_ids(c, p.id.statute, p.id.version) if c.relative is None else []
        except ValueError:
            ids = []
        if prev is not None and c.start == prev.start:
            if adding:  # one element read as several (第三十四条第（一）、（二）项): as its first
                out.extend(x for x in ids if x not in named and x not in out)
        elif (prev is not None and kept and ids and _same_list(prev, c)
              and _LIST_SEP.match(p.text[prev.end:c.start])):
            adding = adding or bool(_COMMA.search(p.text[prev.end:c.start]))
            if adding:
                out.extend(x for x in ids if x not in named and x not in out)
            kept = True
        else:
            # (an item range read whole, 第二十八条第（一）至（四）项, is named when its article is)
            kept, adding = bool(ids) and all(x in named or ProvisionId(x.statute, x.version, x.article, x.suffix) in named
                                             for x in ids), False
        prev = c
    return tuple(out)


def _cited_chapter(p: Provision, provisions: Sequence[Provision]) -> list[tuple[re.Match[str], list[Provision]]]:
    """Each chapter (or section) of its own statute that ``p`` names as broken, with that chapter's rule articles."""
    out: list[tuple[re.Match[str], list[Provision]]] = []
    for m in _CHAPTER_CITED.finditer(p.text):
        chapter = f"第{m.group('chapter')}章"
        section = f"第{m.group('section')}节" if m.group("section") else None
        rules = [q for q in provisions
                 if any(h.startswith(chapter) for h in q.heading)
                 and (section is None or any(h.startswith(section) for h in q.heading)) and is_rule_article(q)]
        out.append((m, rules))
    return out


def chapter_violated(p: Provision, provisions: Sequence[Provision]
                     ) -> tuple[tuple[ProvisionId, ...], tuple[InferredPair, ...]]:
    """The 违则 of a 罚则 that names a chapter (or section) of its statute as broken: (explicit, inferred).

    The conduct the sentence names (城市公共场所的设施和招牌、广告用字违反本法第二章有关规定的, 国家通用语言文字法 art. 26)
    is matched against the chapter's rules alone: the best of them from MIN_SCOPED is inferred.  When no conduct
    narrows it, a chapter of at most MAX_CHAPTER_RULES rules names each of them (直销管理条例 art. 51, 第五章 保证金,
    arts. 29-34); a longer one (外资银行管理条例 art. 67, 第四章 监督管理, 22 rules) names none that can be told.
    """
    explicit: list[ProvisionId] = []
    inferred: list[InferredPair] = []
    for m, rules in _cited_chapter(p, provisions):
        if not rules:
            continue
        # the sentence of the citation; its conduct is what it says before its 的，由 / 的，依照 (none before 的，公民可以…),
        # the citation and generic words left out
        lo = max(p.text.rfind(x, 0, m.start()) for x in "。；\n") + 1
        hi = min((k for k in (p.text.find(x, m.end()) for x in "。；\n") if k >= 0), default=len(p.text))
        sentence = strip_article_label(p.text[lo:hi])
        cut = _CONDUCT_END.search(sentence)
        clause = _CONDITION.sub("", sentence[:cut.start()] if cut else "").replace(m.group(), "")
        for w in _STOP:
            clause = clause.replace(w, "")
        best: tuple[float, ProvisionId] | None = None
        if len(_PUNCT.sub("", clause)) >= MIN_CONDUCT:
            _, top, _ = _rank([(g, 1.0) for g in _bigrams(clause)],
                              [(_bigrams(strip_article_label(q.text)), q.id) for q in rules])
            best = top if top is not None and top[0] >= MIN_SCOPED else None
        if best is not None:
            if all(x.target != best[1] for x in inferred):
                why = clause.strip("，,。；; ")
                inferred.append(InferredPair(best[1], round(best[0], 3),
                                             f"行为“{why[:60]}”与所引{m.group('chapter')}章中该条用语相合（{best[0]:.0%}）"))
        elif len(rules) <= MAX_CHAPTER_RULES:
            explicit.extend(q.id for q in rules if q.id not in explicit)
    return tuple(explicit), tuple(inferred)


def named_violated(provisions: Sequence[Provision]) -> dict[ProvisionId, tuple[ProvisionId, ...]]:
    """The explicit 违则 each 罚则 names beyond those of its citation window (see listed_after_comma and
    chapter_violated), by provision; only provisions with some."""
    out: dict[ProvisionId, tuple[ProvisionId, ...]] = {}
    for p in provisions:
        if not p.sanctions:
            continue
        more = listed_after_comma(p)
        if "章" in p.text:
            more += tuple(x for x in chapter_violated(p, provisions)[0] if x not in p.violated and x not in more)
        if more:
            out[p.id] = more
    return out


def infer_violated(
    provisions: Sequence[Provision], penalty_ids: Collection[ProvisionId]
) -> dict[ProvisionId, tuple[ProvisionId, ...]]:
    """Inferred 违则 for the given penalty articles of one statute version."""
    return {pid: tuple(n.target for n in notes) for pid, notes in infer_violated_pairs(provisions, penalty_ids).items()}


def infer_violated_pairs(
    provisions: Sequence[Provision], penalty_ids: Collection[ProvisionId]
) -> dict[ProvisionId, tuple[InferredPair, ...]]:
    """Inferred 违则 with confidence and reason, for the given penalty articles of one statute version."""
    duties = [p for p in provisions if p.id not in penalty_ids and is_rule_article(p)]
    if not duties:
        return {}
    duty_grams = [(_bigrams(strip_article_label(p.text)), p.id) for p in duties]
    # (a list of rights weighs the statute's words like the rules do, but no conduct is matched against it)
    rights = {p.id for p in duties if states_rights(p)}
    # what is rewarded is no rule either, nor an article that binds no one to anything (电力监管机构对…实施监管, 本法规定的
    # 垄断行为包括…, 重点治理下列不文明行为): they may come near a conduct, so they are ranked, never taken
    rewards = {p.id for p in duties if states_rewards(p) or not _ANY_DUTY.search(p.text)}
    texts = {p.id: _PUNCT_SPACE.sub("", p.text) for p in duties}
    texts_raw = {p.id: strip_article_label(p.text) for p in provisions}
    named_parties = {m.group("subject") for p in duties for m in _RULE_SUBJECT.finditer(texts_raw[p.id])}
    approving = {p.id for p in duties if _APPROVAL.search(strip_article_label(p.text))}
    # articles subjecting an activity to approval that also state the decision: for unapproved activities only
    duty_ids = {p.id for p in duties}
    approval_grams = [(_bigrams(strip_article_label(p.text)), p.id) for p in provisions
                      if p.id not in penalty_ids and p.id not in duty_ids and is_rule_article(p, approval=True)]
    approving |= {did for _, did in approval_grams}
    # articles requiring a licence or approval (see requires_approval), for activities done without it
    licensing = [(_bigrams(strip_article_label(p.text)), p.id) for p in provisions
                 if p.id not in penalty_ids and requires_approval(p)]
    licensing_ids = {did for _, did in licensing}
    # bigrams frequent across the statute (本条例, 人民政府 …) say little: weight by rarity
    df: Counter[str] = Counter()
    for grams, _ in duty_grams:
        df.update(grams.keys())
    n = len(duty_grams)

    def weight(g: str) -> float:
        return 1.0 if df[g] <= max(2, n // 10) else 0.3

    by_id = {p.id: p for p in provisions}
    no_obstruction = [p.id for p in provisions if p.id not in penalty_ids and _forbids_obstruction(p)]
    out: dict[ProvisionId, tuple[InferredPair, ...]] = {}
    for pid in penalty_ids:
        pen = by_id.get(pid)
        if pen is None:
            continue
        found: dict[ProvisionId, float] = {}
        why: dict[ProvisionId, str] = {}
        near: dict[ProvisionId, list[tuple[float, str]]] = {}  # best matches from MIN_SCOPED to MIN_SCORE
        listed_by = lead_parties(pen.text)
        own = own_rule(pen.text)
        own_grams = _bigrams(own) if own else None
        clauses = conduct_clauses(pen.text)
        for clause in clauses:
            forbidding = [r for r in no_obstruction if r.article < pid.article] if _OBSTRUCTION.search(clause) else []
            if len(forbidding) == 1:
                found[forbidding[0]] = max(found.get(forbidding[0], 0.0), OBSTRUCTION_CONFIDENCE)
                why[forbidding[0]] = clause.strip("，,。；; ")
                continue
            weighted = [(g, weight(g)) for g in _bigrams(clause)]
            total = sum(w for _, w in weighted)
            if total == 0:
                continue
            # (duties come before the penalties for breaking them)
            candidates = [(dgrams, did) for dgrams, did in duty_grams if did.article <= pid.article and did not in rights]
            scores, best, runner_up = _rank(weighted, candidates)
            if best is None or best[0] < MIN_SCORE:
                # the breach words are not in the rule: 不按照规定报告放射源丢失… is 报告放射源丢失…, which 放射性污染防治法
                # art. 33 holds (…必须…报告); only when that reaches the bar (it does not re-rank the near matches)
                bare = [(g, weight(g)) for g in _bigrams(_BREACH_WORDS.sub("", clause))]
                if sum(w for _, w in bare):
                    rescued = _rank(bare, candidates)
                    if rescued[1] is not None and (rescued[1][0] >= MIN_SCORE
                                                   or (best is not None and rescued[1][1] == best[1])):
                        scores, best, runner_up = rescued
            # a rule nearly as close that names the conduct's party (农产品生产企业应当建立…管理制度, not the 农民专业合作社…
            # 应当…建立…管理制度 of another article) is the one it breaks
            # (each party of 建设工程材料的生产单位、销售单位; none from a lead-in that names a place: 在城市道路…范围内)
            # several parties listed, each bound by a rule of its own (建设工程质量管理条例 art. 61 勘察、设计、施工、工程监理
            # 单位允许其他单位…以本单位名义承揽工程 → arts. 18, 25, 34): the closest rule naming each party is theirs
            for name in _listed_parties(clause):
                named = [(sc, d) for d, sc in scores.items() if sc >= MIN_SCOPED and name in texts[d]]
                if named:
                    sc, d = max(named)
                    if sc > found.get(d, 0.0):
                        found[d], why[d] = sc, clause.strip("，,。；; ")
            parties = _clause_parties(clause) or tuple(x for x in listed_by if _PARTY_NAME.fullmatch(x))
            if best and best[0] >= MIN_SCORE and parties and not any(x in texts[best[1]] for x in parties):
                named = [(sc, d) for d, sc in scores.items()
                         if sc >= MIN_SCORE and sc >= best[0] - PARTY_MARGIN and any(x in texts[d] for x in parties)]
                if named:
                    best = max(named, key=lambda x: x[0])
            unapproved = _UNAPPROVED.match(clause.strip("，, "))
            by_object = False
            if unapproved and (best is None or best[0] < MIN_SCORE):
                # the activity done without approval, matched alone against the articles that approve
                # each activity of a list alone: 擅自设立保险公司、保险资产管理公司或者非法经营商业保险业务
                for part in _ACTIVITIES.split(clause.strip("，, ")[unapproved.end():]):
                    obj = [(g, weight(g)) for g in _bigrams(part)]
                    obj_total = sum(w for _, w in obj)
                    if len(_PUNCT.sub("", part)) < MIN_CONDUCT - 2 or not obj_total:
                        continue
                    for dgrams, did in duty_grams + approval_grams:
                        if did.article > pid.article or did not in approving or did in rights:
                            continue
                        score = sum(w for g, w in obj if g in dgrams) / obj_total
                        if score >= MIN_UNAPPROVED and (not by_object or best is None or score > best[0]):
                            best, by_object = (score, did), True
            # an activity done without its licence breaks the article that requires the licence (建筑法 art. 64
            # 未取得施工许可证…擅自施工 → art. 7, not art. 8 on the licence's conditions; 城镇燃气管理条例 art. 45 → art. 15):
            # it replaces a closer article that neither requires the licence nor forbids the conduct, else is added
            # (an article chosen by its activity that forbids it stays: 导弹及相关物项和技术出口管制条例 art. 4 未经许可，
            # 任何单位或者个人不得出口…)
            lic = _licence_rule(clause, licensing, pid, weight)
            if lic and (best is None or (best[0] < MIN_SCORE and not by_object)):
                best, by_object = lic, True
            elif lic and best and lic[1] != best[1] and lic[0] > found.get(lic[1], 0.0):
                if best[1] != pid and best[1] not in licensing_ids and not _FORBIDS.search(texts.get(best[1], "")):
                    best, by_object = lic, True
                else:
                    found[lic[1]], why[lic[1]] = lic[0], clause.strip("，,。；; ")
            elif (best and not lic and not by_object and best[1] != pid and best[1] not in licensing_ids
                  and _UNLICENSED.search(_GENERIC_BREACH.sub("", clause).lstrip("，, "))
                  and not _FORBIDS.search(texts.get(best[1], "")) and not _DUTY_TO_HOLD.search(texts.get(best[1], ""))):
                # an activity without its licence, where no article requires the licence, breaks none that merely
                # speaks of it (杭州市城乡规划条例 art. 48 未取得建设工程规划许可证 -> art. 41, the licence's term)
                best = None
            if best and best[0] >= MIN_SCOPED and best[0] < MIN_SCORE and not by_object:
                # below the bar, a named party still decides: 集中交易市场的开办者、柜台出租者… in both
                subject = _PARTY.match(_PUNCT_SPACE.sub("", clause))
                # …or no other rule comes near: 购买伪造、变造的人民币…而持有、使用 holds 0.62 of 中国人民银行法
                # art. 19 (禁止出售、购买伪造、变造的人民币…), no other article a tenth of it
                # (a catch-all 有其他…行为 or a conduct that breaks other law, …违反治安管理, names no rule here)
                alone = (runner_up <= best[0] * ALONE and len(_PUNCT.sub("", clause)) >= MIN_ALONE
                         and not re.search("其他|违反", clause))
                # (a clause that names no party of its own is one of the lead-in's parties: weaker, as they name the
                # statute's main party, so only when no other rule comes near, 特种设备安全法 art. 83 (一) being as
                # close to art. 48 as to art. 33)
                # (nor for a catch-all item: 违反…法律、法规的其他情形)
                parties = ((subject.group("party"),) if subject
                           else listed_by if runner_up < MIN_SCOPED and "其他" not in clause else ())
                if not any(x in texts[best[1]] for x in parties) and not alone:
                    near.setdefault(best[1], []).append((best[0], clause.strip("，,。；; ")))
                    best = None
            # (not the rule itself, nor a clause that states a rule or names one: …应当…, …第二十一条行为之一)
            if (own_grams is not None and _PUNCT.sub("", clause) not in _PUNCT.sub("", own)
                    and not _RULE_WORD.search(clause) and not _EXPLICIT_ANY.search(clause)):
                # the rule the article states before its sanction (金融违法行为处罚办法 art. 8: 金融机构不得虚假出资或者
                # 抽逃出资。\n金融机构虚假出资或者抽逃出资的，…处…罚款): the article itself, when it holds the conduct best
                mine = sum(w for g, w in weighted if g in own_grams) / total
                if mine >= MIN_SCORE and (best is None or mine >= best[0]):
                    best = (mine, pid)
            # (not a rule that binds other parties alone: 施工单位应当按照抗震设防强制性标准进行施工 is no 违则 of a 设计单位
            # that 未按照抗震设防强制性标准进行设计, 建设工程抗震管理条例 arts. 41, 14)
            # (only parties the statute's rules name: a party they call otherwise is no other party)
            if best and best[1] != pid and binds_others([x for x in parties if x in named_parties], texts_raw[best[1]]):
                best = None
            if best and best[0] >= MIN_SCOPED and best[0] > found.get(best[1], 0.0) and best[1] not in rewards:
                found[best[1]] = best[0]
                why[best[1]] = clause.strip("，,。；; ")
        for did, matches in near.items():
            # two conducts of one article that each come closest to the same rule: 排放…不符合…排放标准, 或者未经
            # 无害化处理直接向环境排放… both break 畜禽规模养殖污染防治条例 art. 20
            if len(matches) >= AGREEING and did not in found and did not in rewards:
                score, clause = max(matches)
                found[did], why[did] = score, clause
        chapter_pairs = chapter_violated(pen, provisions)[1] if "章" in pen.text else ()
        for pair in chapter_pairs:
            found.pop(pair.target, None)
        if found:
            # (a list of more conducts than that may break one rule each: 文物保护法 art. 93, nine items)
            ranked = sorted(found, key=lambda k: -found[k])[:max(MAX_PARTNERS, len(clauses))]
            out[pid] = tuple(InferredPair(k, round(found[k], 3), f"行为“{why[k][:60]}”与该条用语相合（{found[k]:.0%}）")
                             for k in sorted(ranked))
        if chapter_pairs:
            out[pid] = tuple(sorted(out.get(pid, ()) + chapter_pairs, key=lambda x: x.target))
    return out


# --------------------------------------------------------------------------
# 罚则 that name other 罚则 of their statute as their conduct
# --------------------------------------------------------------------------

# …有本法第八十五条规定以外的违反…行为的 (疫苗管理法 art. 86): every breach but that article's, no rule named
_BESIDES = re.compile(r"^[^，。；]{0,12}?以外")
_OWN_ITEMS_NAMED = re.compile(r"下列第[（(]?[一二三四五六七八九十]+")
_SANCTIONING_LIST = re.compile(r"有下列(?:违法)?(?:行为|情形)之一的[，,][^：:\n]*?(?:罚款|警告|没收|吊销|拘留)[^：:\n]*[：:]")


def follow_cited_penalties(
    provisions: Sequence[Provision], inferred: dict[ProvisionId, tuple[InferredPair, ...]]
) -> tuple[dict[ProvisionId, tuple[ProvisionId, ...]], dict[ProvisionId, tuple[InferredPair, ...]]]:
    """A 罚则 is never a 违则: a 罚则 citing another 罚则 of its statute's liability chapter (慈善组织有本法第九十八条、
    第九十九条规定的情形, 慈善法 art. 100) breaks that article's own 违则, its explicit ones named and its inferred ones
    inferred; one citing it as what it does not cover (有本法第八十五条规定以外的违反…行为, 疫苗管理法 art. 86), or
    citing some of its items (有本条例第二十一条第一款第(一)、(二)、(三)项所列行为, 商用密码管理条例 art. 22), names none
    of them.  Returns, by provision, the explicit 违则 that replace its own and the inferred pairs it takes on; only
    provisions with some change.

    >>> from kg.model import Sanction, SanctionKind
    >>> warn = (Sanction(SanctionKind.WARNING, "予以警告"),)
    >>> chapter = ("第十一章 法律责任",)
    >>> rule = Provision(ProvisionId("慈善法", None, 14), "第十四条 慈善组织的发起人…不得利用其关联关系损害慈善组织…利益。")
    >>> a99 = Provision(ProvisionId("慈善法", None, 99), "第九十九条 慈善组织违反本法第十四条规定的，由民政部门责令改正，予以警告。",
    ...                 heading=chapter, sanctions=warn, violated=(rule.id,))
    >>> a100 = Provision(ProvisionId("慈善法", None, 100), "第一百条 慈善组织有本法第九十九条规定的情形，由民政部门予以警告。",
    ...                  heading=chapter, sanctions=warn, violated=(a99.id,))
    >>> [str(x) for x in follow_cited_penalties([rule, a99, a100], {})[0][a100.id]]
    ['慈善法/art_14']
    """
    by_article: dict[tuple[int, int], list[Provision]] = {}
    for p in provisions:
        by_article.setdefault((p.id.article, p.id.suffix), []).append(p)
    penalties = {k for k, ps in by_article.items()
                 if any(p.sanctions for p in ps) and any(_NOT_RULE_HEADING.search(h) for p in ps for h in p.heading)}
    explicit: dict[ProvisionId, tuple[ProvisionId, ...]] = {}
    more: dict[ProvisionId, tuple[InferredPair, ...]] = {}
    for p in provisions:
        if not p.sanctions:
            continue
        own = (p.id.article, p.id.suffix)
        cited = [t for t in p.violated if t.statute == p.id.statute and (t.article, t.suffix) in penalties
                 and (t.article, t.suffix) != own]
        # its own items named in its lead-in (有下列第（一）至（六）项行为之一的，…处…, 河南省暂住人口管理条例 art. 20) are
        # its conduct, no rule
        # (…or named later, where the lead-in that lists them sets the sanction: 违反本条第一款第二项、第三项规定的，责令…更换,
        # 海洋观测预报管理条例 art. 33)
        if _OWN_ITEMS_NAMED.search(p.text) or _SANCTIONING_LIST.search(p.text):
            cited += [t for t in p.violated if t.statute == p.id.statute and (t.article, t.suffix) == own
                      and t.item is not None]
        if not cited:
            continue
        kept = [t for t in p.violated if t not in cited]
        pairs: list[InferredPair] = []
        for t in cited:
            if (t.article, t.suffix) == own:
                continue
            label = ProvisionId(t.statute, None, t.article, t.suffix).label
            at = p.text.find(label)
            if (at >= 0 and _BESIDES.match(p.text[at + len(label):])) or t.paragraph is not None or t.item is not None:
                continue  # (a paragraph or item of a 罚则: which of its 违则 it breaks is not said)
            for q in by_article[(t.article, t.suffix)]:
                kept.extend(x for x in q.violated if x not in kept and (x.article, x.suffix) not in penalties)
                for n in inferred.get(q.id, ()):
                    if all(x.target != n.target for x in pairs):
                        pairs.append(InferredPair(n.target, n.confidence,
                                                  f"所引{q.id.label}的违则：{n.reason}"))
        explicit[p.id] = tuple(kept)
        pairs = [n for n in pairs if all((x.article, x.suffix) != (n.target.article, n.target.suffix) for x in kept)]
        if pairs:
            more[p.id] = tuple(pairs)
    return explicit, more
