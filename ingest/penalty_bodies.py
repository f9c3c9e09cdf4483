"""The deciding body of a 罚则 (行政处罚法 art. 9 sanctions are decided by a body the clause names).

- ``clause_bodies``: the bodies a clause names (由…部门责令…, or a body as the subject that shall sanction);
- ``general_enforcement_body``: when a 罚则 names none, the statute's own assignment of its penalties
  (本条例规定的行政处罚，由…决定; a chapter's 本章规定的行政处罚…), else its general supervision article
  (…部门负责本行政区域内…的监督管理), never a duty sentence of a government;
- ``infer_competent_bodies``: sets that body on the 罚则 that name none, marked inferred, with the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.model import Provision, ProvisionId
from kg.numerals import cn_to_int, strip_article_label

__all__ = ["BODY_BY", "TOWNSHIP", "clause_bodies", "general_enforcement_body", "infer_competent_bodies",
           "sanctioning_bodies"]

# 部: 由公安部决定; 由中国人民银行决定, 由发现违法行为的海关管辖
# 由区、县人民政府征兵办公室处以…罚款 (上海市征兵工作条例 art. 40)
_BODY_END = "部门|机关|人民政府|政府|办事处|委员会|管委会|机构|单位|组织|局|厅|署|派出所|管理所|站|队|院|中心|委|处|部|银行|海关|办公室"
_BODY_VERB = (
    "依照|依据|根据|按照|按|依法|依职责|依职权|会同|对(?!外)|在|予以|给予|责令|处|没收|吊销|暂扣|并|可以|可|决定|采取|收缴|取缔|强制|"
    "取消|收回|组织|实施|追缴|追回|查封|扣押|扣留|管辖|进行|作出|报|提请|降低|撤销|注销|公告|罚|限期|禁止|通报|警告|除|分别|视|酌情"
    # 由海关向纳税人追征税款，对扣缴义务人处… (关税法 art. 64); 由水行政主管部门拆除或者封闭…，可以处五万元以下罚款 (郑州市水资源
    # 管理条例 art. 42)
    "|向|拆除|封闭|终止"
)  # 由县级以上建设行政主管部门视情节轻重，责令… (河南省建设工程质量管理条例 art. 47)
# a body whose whole name is one of the endings: 由海关责令退运 (海关法 art. 82 ff.), 由管委会责令停止建设 (漯河市沙澧河风景名胜区
# 条例 art. 29)
_BARE_BODY = "海关|管委会|港务监督"  # 港务监督可视情节…处以警告 (海上交通事故调查处理条例 art. 29)
BODY_BY = re.compile(rf"由(?P<body>{_BARE_BODY}|[^，。；：,;\n由]{{1,60}}?(?:{_BODY_END}))(?=(?:{_BODY_VERB}))")
_BODY_SUBJECT = re.compile(
    r"(?<![^，：,:;；。\n 　])(?P<body>(?:海关|管委会|港务监督)(?=[^，。；：,;:\n 　])|[^，。；：,;:\n 　由]{1,40}?(?:部门|机关|人民政府|办事处|委员会|机构|管委会|局|海关|管理中心|体委|考委"
    r"|银行)(?:或者其委托的(?:单位|组织|机构))?)"
    # 煤矿安全监察机构发现煤矿进行独眼井开采的，应当责令关闭 (煤矿安全监察条例 art. 25)
    r"(?=除|责令|可以|可(?!能)|处|给予|对|有权|依法|予以|并处|没收|吊销|依照|按照|应当(?![^，。；]{0,6}(?:加强|建立|组织))|分别|视|酌情"
    r"|发现(?=[^，。；]{1,40}?的[，,](?:应当|可以)?(?:责令|处|给予|没收|吊销|予以))"
    # 审计机关在法定职权范围内，…可以通报批评，给予警告 (审计法实施条例 art. 49)
    r"|在(?:法定)?(?:职权|职责)范围内"
    # 监督检查部门应责令其改正 (河南省反不正当竞争条例 art. 37); 卫生行政部门和劳动部门，可视其情节轻重，给予警告 (尘肺病防治条例
    # art. 23)
    r"|应(?=责令|处|给予|没收|吊销|予以|予(?:取缔|没收|警告))|[，,]可(?:以)?视"
    # 监督检查部门在监督检查不正当竞争行为时，被检查的经营者…，可以…处以 (北京市反不正当竞争条例 art. 42); 县级以上政府卫生
    # 行政部门报请同级政府批准，对单位予以通报批评 (传染病防治法实施办法 art. 70)
    # 国境口岸卫生检疫机关，对违犯本办法…的单位和个人，应当根据不同情况，给予警告、罚款 (国境口岸卫生监督办法 art. 25)
    r"|[，,](?=对[^，。；]{1,60}?[，,](?:应当|可以)?[^，。；]{0,12}?[，,]?(?:给予|处|没收|吊销))"
    r"|在(?:依法)?(?:监督检查|检查|执法|履行职责|调查)[^，。；]{0,20}?(?:时|中)[，,]|报(?:请|经)[^，。；]{1,15}?批准(?:后)?[，,])"
)
# …处三万元以上十万元以下罚款，并报县级以上人民政府责令拆除或者关闭 / 直至提请司法机关依法惩处: another body
# asked to act, not the one that sanctions here
_BODY_BAD = re.compile("^(?:违反|有(?!关)|未|对|在|经|依照|依据|按照|根据|(?:并|可以|依法|应当)?(?:报请|报|提请|直至|移送|建议|通知))")
DISCIPLINES = re.compile(r"(?:依法)?(?:给予|予以)[^，。；]{0,6}?处分(?![，,](?:并|同时)(?:对|处|责令|没收|吊销|给予))")


def sanctioning_bodies(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """The 由…部门 of ``text[lo:hi]``, less those that only discipline (由其行政主管部门或者有关机关给予处分) and do not
    also sanction (由教育行政部门给予处分，并对其所在单位处…罚款, 青岛市学前教育条例 art. 56)."""
    # (由作出处罚决定的…部门强制执行 (上海市消防条例 art. 73): 处 of 处罚, no body ending in 处 such as 管理处)
    return [m for m in BODY_BY.finditer(text, lo, hi) if DISCIPLINES.match(text, m.end()) is None
            and not (m.group("body").endswith("处") and text.startswith("罚", m.end()))]
TOWNSHIP = re.compile(
    r"(?<![城县])(?:乡、(?:民族乡、)?镇|乡（镇）|乡\(镇\)|乡镇|乡级|镇|乡)(?:的)?(?:人民)?政府|街道办事处|街道办"
)


def clause_bodies(text: str, lo: int, hi: int, first: int | None = None) -> list[str]:
    """The bodies named in a clause; with ``first`` (where its first 行政处罚 stands) the one named last before
    it comes first: 由所在单位或者上级主管部门给予行政处分，也可以由区级以上公安机关给予警告."""
    # 对直接负责的主管人员…，由其行政主管部门或者有关机关给予处分 (政府采购法 art. 71): who disciplines, no 行政处罚
    found = sanctioning_bodies(text, lo, hi)
    if first is not None:
        # …吊销药品生产许可证…，并可以由公安机关处五日以上十五日以下的拘留 (药品管理法 art. 124): a body joined after the
        # first 行政处罚 decides the sanction it brings, not the ones before
        found = [m for m in found if m.start() < first or not joined(text, m.start(), m.group("body"))]
    if not found or (first is not None and all(m.start() > first for m in found)):
        # …原作出许可决定的地方人民政府可以吊销其校车使用许可，由公安机关交通管理部门收回校车标牌 (校车安全管理条例
        # art. 54): the body before the sanction decides it, the one after only carries out
        subject = [m for m in _BODY_SUBJECT.finditer(text, lo, first if found and first is not None else hi)
                   if not _BODY_BAD.match(m.group("body"))]
        found = subject + found
    if first is not None:
        before = [m for m in found if m.start() < first]
        if before:
            found.remove(before[-1])
            found.insert(0, before[-1])
    return [_leading(m.group("body").strip()) for m in found]


_JOINED = re.compile("(?:并|还|另|直至)(?:可以|应当|应|可)?$")  # 直至由工商行政管理机关吊销营业执照 (招标投标法 art. 54)
# the bodies that join a sanction of their own to those of the article's body: the police (拘留, 治安管理处罚) and the
# licensing body (并由发证机关吊销农药经营许可证, 农药管理条例 art. 58)
_OWN_SANCTION_BODY = re.compile("公安|发证|颁发|批准|登记机关|工商行政管理")


def joined(text: str, pos: int, body: str) -> bool:
    """Whether the 由 at ``pos`` joins a further sanction of ``body``'s own to those before it (并可以由公安机关处…拘留)."""
    return bool(_JOINED.search(text, max(0, pos - 4), pos)) and bool(_OWN_SANCTION_BODY.search(body))
_JOINT = re.compile(r"(?<=部门|机关|机构|政府)(?:或者)?会同[^，。；]+$")  # …部门或者会同有关部门 as well


def _leading(body: str) -> str:
    """The body that leads: 省…广播电视行政管理部门会同公安机关、国家安全机关可以没收 (卫星地面接收设施接收外国卫星传送电视
    节目管理办法 art. 12) is decided by the first."""
    return _JOINT.sub("", body)


# --------------------------------------------------------------------------
# the deciding body inferred from the statute's general enforcement article
# --------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。；;\n]+")
# 本条例规定的行政处罚，由…决定 / 本办法规定的行政处罚由…实施 / 本章规定的行政处罚，除本章另有规定外，由…决定
# (出境入境管理法 art. 70: the penalty chapter's own assignment, not 公安部、外交部…负责…管理 of art. 4)
_PENALTY_ASSIGNMENT = re.compile(r"本(?P<scope>实施细则|实施办法|实施条例|条例|法|规定|办法|细则|章)(?:规定的)?(?:行政)?处罚")
# 本条例规定的降低资质等级和吊销资质证书的行政处罚，由颁发资质证书的机关决定；其他行政处罚，由…部门依照法定职权
# 决定 (建设工程质量管理条例 art. 75): the other penalties are the statute's general assignment
_OTHER_PENALTIES = re.compile(r"(?:本(?P<scope>实施细则|实施办法|实施条例|条例|法|规定|办法|细则)规定的)?其他(?:的)?行政处罚")
# 特种设备安全行政处罚由违法行为发生地的县级以上市场监督管理部门实施 (特种设备安全监督检查办法 art. 32)
# 治安管理处罚由县级以上人民政府公安机关决定 (治安管理处罚法 art. 91)
# (not 公路范围内违法行为的行政处罚由交通行政管理部门依法负责实施 (北京市市容环境卫生条例 art. 48): the penalties of one place,
# not of a field as 价格违法行为的行政处罚由…决定)
_NAMED_ASSIGNMENT = re.compile(r"(?P<scope>)(?:(?!范围内|区域内)[\u4e00-\u9fff]){0,12}(?:行政|管理)处罚(?:[，,]除[^，。；]{1,30}外)?[，,]?由")
# X负责本行政区域内…的监督管理 / X主管全国…工作 / X依法对全国证券市场实行集中统一监督管理
_SUPERVISOR = re.compile(
    r"^(?P<body>[^，。；：,:是]{2,50}?(?:部门|机关|机构|局|委员会|管委会|管理处|管理所|银行|海关)"
    r"(?:[（(]以下(?:统称|简称)[^）)]{1,30}[）)])?)"
    # 国务院外汇管理部门及其分支机构(以下统称外汇管理机关)依法履行外汇管理职责，负责本条例的实施 (外汇管理条例 art. 2)
    r"(?:[，,]?(?:根据授权|按照职责分工|按照各自职责|依照[^，,]{1,20}?|依法履行[^，。；]{1,20}?职责|在各自(?:的)?(?:职权|职责)范围内)[，,]?|[，,](?<=[）)][，,]))?(?:依法)?"
    # 分别负责 / 具体负责 / 依法履行对…的监督管理职责; 县级以上人民政府物价管理部门是价格监督检查的主管部门
    # (河南省价格监督检查条例 art. 6), 中华人民共和国海关是国家的进出关境监督管理机关 (海关法 art. 2)
    r"(?:(?:分别|主要|具体)?(?:履行)?(?:负责|主管|对)|是(?=[^，。；]{0,40}?(?:主管(?:部门|机关)|监督管理(?:的)?(?:部门|机关))))"
)
# 负责本行政区域内的城\n市绿化工作 (a line broken in the corpus), 负责本条例实施的统筹、组织和协调
# 内陆水域渔业，按照行政区划由当地县级以上地方人民政府渔业行政主管部门监督管理 (渔业法实施细则 art. 3)
_SUPERVISED_BY = re.compile(r"由(?P<body>[^，。；：,:由]{2,50}?(?:部门|机关|机构))(?=(?:负责|统一)?监督管理$)")
# 市人民政府设立的淮阳龙湖管理机构，负责淮阳龙湖保护区的保护、管理、协调等工作 (周口市淮阳龙湖保护条例 art. 7): a body set up to
# manage an area, named with a comma before its duty
_SET_UP = re.compile(r"^[^，。；：,:]{2,30}?设立的(?P<body>[^，。；：,:的]{2,30}?(?:机构|管委会|委员会|管理处|管理局))[，,](?:具体)?负责")
_SUPERVISION_WORDS = re.compile("监督管理|管理工作|管理|执法|工作|主管|行政区域内|本条例(?:的)?实施|处罚决定")
# (法律、行政法规规定由国务院有关部门对…负责的，从其规定 (突发事件应对法 art. 17) names no supervisor)
_BAD_SUPERVISOR = re.compile("人民政府$|有关部门$|^各级人民政府(?:或者|和|及|、)|^各级(?![^，。；]{0,12}(?:机关|部门)$)|^(?:本(?:法|条例|规定|办法|细则)|其他|有关|法律|由)|应当|规定由")
# 由该处罚机关实施 refers back to the bodies of the 罚则; 没有明确规定的，由…实施 follows with the statute's own
_REFERRING = re.compile("^(?:该|其|原)")


# 本条例第二十六条、第二十七条…规定的处罚，由中国人民银行及其分支机构决定 (企业债券管理条例 art. 32): the penalties of the
# articles named; 对违反本条例规定的处罚，由边防检查站执行 (出境入境边防检查条例 art. 31): of the statute
_NUM = "[零〇一二两三四五六七八九十百千]+"
_LISTED_ASSIGNMENT = re.compile(
    rf"^(?:对)?(?:本(?:实施细则|实施办法|实施条例|条例|法|规定|办法|细则))?(?P<arts>第{_NUM}条(?:[、，,和及至]+第{_NUM}条)*)"
    r"(?:所)?规定的(?:行政)?处罚"
)
# 本条例规定的行政处罚，分别由…等部门及城市管理综合执法机构，按照市人民政府确定的执法分工实施 (北京市单用途预付卡管理条例
# art. 27)
_ASSIGNED_BY = re.compile(rf"由(?P<body>{_BARE_BODY}|[^，。；：,;\n由]{{1,60}}?(?:{_BODY_END}))"
                          r"(?=(?:[，,]?(?:按照|依照|根据)[^，。；]{1,20}?)?(?:决定|实施|执行|作出|负责(?:实施|执行|决定|查处)))")


def _listed_assignments(provisions: Sequence[Provision]) -> dict[int, tuple[str, ProvisionId]]:
    """The bodies an article assigns the penalties of the articles it names to (see _LISTED_ASSIGNMENT)."""
    out: dict[int, tuple[str, ProvisionId]] = {}
    for p in provisions:
        for sm in _SENTENCE.finditer(strip_article_label(p.text)):
            a = _LISTED_ASSIGNMENT.match(sm.group().strip())
            m = (BODY_BY.search(sm.group()) or _ASSIGNED_BY.search(sm.group())) if a else None
            # (…也可以由工商行政管理部门决定 (计量法实施细则 art. 55): a second body beside the statute's own)
            if a is None or m is None or _REFERRING.match(m.group("body")) or "也" in sm.group()[: m.start()]:
                continue
            nums = [cn_to_int(x) for x in re.findall(_NUM, a.group("arts"))]
            arts = set(nums)
            for lo_hi in re.finditer(rf"第({_NUM})条至第({_NUM})条", a.group("arts")):
                arts |= set(range(cn_to_int(lo_hi.group(1)), cn_to_int(lo_hi.group(2)) + 1))
            for n in arts:
                out.setdefault(n, (m.group("body").strip(), p.id))
    return out


# 本法规定的行政处罚，除应当由公安机关依照《中华人民共和国治安管理处罚法》的有关规定决定的外，由住房和城乡建设主管部门、消防救援
# 机构按照各自职权决定 (消防法 art. 70): the body of the exception decides only the exception
_EXCEPTION = re.compile(r"除[^。；]{1,60}?外")


def _outside_exception(pattern: re.Pattern[str], sent: str) -> re.Match[str] | None:
    """The first match of ``pattern`` in ``sent`` outside its 除…外 clauses."""
    spans = [m.span() for m in _EXCEPTION.finditer(sent)]
    return next((m for m in pattern.finditer(sent) if not any(a <= m.start() < b for a, b in spans)), None)


def _penalty_assignment(provisions: Sequence[Provision], *, chapter: bool) -> tuple[str, ProvisionId] | None:
    """The body an article assigns the statute's penalties to (本条例规定的行政处罚，由…决定), or with
    ``chapter`` its chapter's (本章规定的行政处罚，除本章另有规定外，由…决定)."""
    for p in provisions:
        referred = False  # 违反本条例规定的处罚，有明确处罚机关的，由该处罚机关实施；没有明确规定的，由公安机关交通管理部门实施
        for sm in _SENTENCE.finditer(p.text):
            sent = sm.group()
            if referred:
                m = BODY_BY.search(sent)
                if m and not _REFERRING.match(m.group("body")):
                    return m.group("body").strip(), p.id
            a = _PENALTY_ASSIGNMENT.search(sent) or (
                None if chapter else _OTHER_PENALTIES.match(sent.strip()) or _NAMED_ASSIGNMENT.match(strip_article_label(sent)))
            if a and (a.group("scope") == "章") == chapter and "由" in sent:
                m = _outside_exception(BODY_BY, sent) or _outside_exception(_ASSIGNED_BY, sent)
                if m and _REFERRING.match(m.group("body")):
                    referred = True
                elif m:
                    return m.group("body").strip(), p.id
    return None


# 市、县（市、区）城市管理综合执法部门负责对违反本条例的行为予以查处 (南阳市城市市容和环境卫生管理条例 art. 6): the body that
# deals with breaches, before the one that manages the field (…市容环境卫生行政主管部门负责…管理工作, the sentence before)
_ENFORCER = re.compile(r"(?P<body>[^，。；：,:]{2,40}?(?:部门|机关|机构))负责(?:依法)?(?:对)?(?:查处)?[^，。；]{0,16}?"
                       r"违反本(?:实施细则|实施办法|条例|法|规定|办法|细则)(?:规定)?的行为(?:的)?(?:进行|予以|依法)?(?:查处|处罚|处理)"
                       # 本市城市管理综合执法部门按照授权的范围，依法对本条例规定的市容环境卫生违法行为实施行政处罚 (北京市市容
                       # 环境卫生条例 art. 10)
                       r"|(?P<body2>[^，。；：,:]{2,40}?(?:部门|机关|机构))(?:[，,]?(?:按照|依照|根据|在)[^，。；]{1,20}?[，,]?)?(?:依法)?"
                       r"对本(?:实施细则|实施办法|条例|法|规定|办法|细则)规定的[^，。；]{0,20}?违法行为(?:实施|予以|进行|依法)?(?:行政)?处罚")
# 国务院…主管部门依照本条例负责全国…工作，县级以上地方…主管部门负责本行政区域内…工作 (工业产品生产许可证管理条例 art. 6):
# the local body's clause stands on its own
_LOCAL_CLAUSE = re.compile(r"[，,](?=(?:县级以上|地方各级|省、自治区|设区的市|市、县)[^，。；]{0,40}?(?:负责|主管))")


def _supervision_sentences(text: str) -> list[str]:
    return [part.strip() for sm in _SENTENCE.finditer(text) for part in _LOCAL_CLAUSE.split(sm.group())]


def general_enforcement_body(provisions: Sequence[Provision]) -> tuple[str, ProvisionId] | None:
    """The body a statute's penalties fall to when a 罚则 names none, and the article that says so.

    First an article assigning the statute's penalties (本条例规定的行政处罚，由…决定); else the general
    supervision article among the articles before the first 罚则 ("…部门负责本行政区域内…的监督管理"),
    its local-level sentence rather than the national one (国务院…主管全国…).  Duty sentences of governments (各级人民政府应当…) never count.
    """
    assigned = _penalty_assignment(provisions, chapter=False)
    if assigned:
        return assigned
    first_penalty = next((i for i, p in enumerate(provisions) if p.is_penalty), len(provisions))
    for p in provisions[: min(first_penalty, 20)]:
        for sm in _SENTENCE.finditer(strip_article_label(p.text)):
            e = _ENFORCER.match(sm.group().strip())
            body = e and (e.group("body") or e.group("body2"))
            if body and not _BAD_SUPERVISOR.search(body):
                return body, p.id
    for p in provisions[: min(first_penalty, 20)]:
        found: list[tuple[bool, str]] = []
        for sent in _supervision_sentences(strip_article_label(p.text)):
            m = _SUPERVISOR.match(sent)
            if not m or not _SUPERVISION_WORDS.search(sent, m.end()):
                m = _SUPERVISED_BY.search(sent) or _SET_UP.match(sent)
            if not m:
                continue
            body = m.group("body").split("设立")[-1]  # 管委会设立湿地公园管理机构（以下简称管理机构）具体负责…
            if _BAD_SUPERVISOR.search(m.group("body")) or _BAD_SUPERVISOR.search(body):
                continue
            national = body.startswith("国务院") or "全国" in sent
            found.append((national, body))
        if found:  # the first supervisor, or the first local one after a national one (国务院…主管全国…)
            local = [b for national, b in found if not national]
            return (local or [found[0][1]])[0], p.id
    return None


def infer_competent_bodies(provisions: Sequence[Provision]) -> list[Provision]:
    """The provisions, with the general enforcement body set (marked inferred) on 罚则 that name none."""
    provs = list(provisions)
    if not any(p.is_penalty and p.competent_body is None for p in provs):
        return provs
    general = general_enforcement_body(provs)
    listed = _listed_assignments(provs)
    by_chapter = _penalty_assignment(provs, chapter=True)
    chapter = next((p.heading for p in provs if by_chapter and p.id == by_chapter[1]), None)
    out = []
    for p in provs:
        if p.is_penalty and p.competent_body is None:
            # 本章规定的行政处罚…由…决定 holds for the articles of its chapter (出境入境管理法 art. 70)
            found = by_chapter if by_chapter and p.heading[:1] == (chapter or ())[:1] else general
            # 本条例第七十条、第七十一条…规定的处罚，由证券委指定的机构决定 (股票发行与交易管理暂行条例 art. 75)
            found = listed.get(p.id.article, found)
            if found is not None:
                p = replace(p, competent_body=found[0], competent_body_source="inferred", competent_body_basis=found[1])
        out.append(p)
    return out
