"""Fine amounts and multiples in Chinese statute wording: "二千元以上二万元以下", "一倍以上三倍以下".

Amounts are in yuan (万元 × 10,000); a multiple keeps its base (违法所得,
货值金额 …).  Used by ingest.penalties when it reads the sanctions of a clause:
``_fines`` finds the fines a clause sets, with their figures, per-unit base and cap.
"""

from __future__ import annotations

import re

from kg.model import Sanction, SanctionKind
from kg.numerals import cn_to_int

# --------------------------------------------------------------------------
# amounts and multiples
# --------------------------------------------------------------------------

_CNUM = "零〇一二两三四五六七八九十百千万亿"
_AMT_NUM = rf"(?:\d+(?:\.\d+)?|[{_CNUM}]+)"
_AMOUNT = re.compile(
    rf"(?P<a>{_AMT_NUM})(?P<au>万|千|百)?(?P<ay>元)?"
    rf"(?:(?P<rel>以上(?:、|不满)?|至|到|－|-|~|～)(?:人民币)?(?P<b>{_AMT_NUM})(?P<bu>万|千|百)?元(?P<below>以下)?"
    rf"|(?P<only>以下|以上))?"
)
# the letter l typed for the digit 1 before a unit: 处l万元以上5万元以下罚款 (收费公路管理条例 art. 49, 地质灾害防治条例
# art. 43 and four more in the corpus)
_LETTER_ONE = re.compile(r"(?<![A-Za-z])l(?=[\d.]*(?:万|千|百)?元)")
_UNIT = {"万": 10_000, "千": 1000, "百": 100, None: 1}
_MULT_NUM = rf"(?:\d+(?:\.\d+)?|[{_CNUM}]+|[{_CNUM}]+分之[{_CNUM}]+)"
_MULTIPLE = re.compile(
    rf"(?P<a>{_MULT_NUM})(?P<ax>倍)?(?:(?:以上(?:、|不满)?|至|到|－|-)(?P<b>{_MULT_NUM})倍(?:以下)?|(?P<only>以下|以上))?"
)
_PERCENT = re.compile(
    rf"(?:(?P<pa>百|千)分之(?P<a>{_MULT_NUM})|(?P<na>\d+(?:\.\d+)?)(?P<ua>[%％‰]))"
    rf"(?:(?:以上|至|到|－|-)(?:(?P<pb>百|千)分之(?P<b>{_MULT_NUM})|(?P<nb>\d+(?:\.\d+)?)(?P<ub>[%％‰])"
    rf"|(?P<xb>{_MULT_NUM})倍)(?:以下)?"
    rf"|(?P<only>以下|以上))?"
)


def _num(text: str) -> float:
    if "分之" in text:  # 二分之一
        den, num = text.split("分之")
        return cn_to_int(num) / cn_to_int(den)
    try:
        return float(text)
    except ValueError:
        return float(cn_to_int(text))


def parse_amount_range(text: str) -> tuple[float | None, float | None] | None:
    """The first amount or range of yuan in ``text``: (min, max); None when there is none.

    >>> parse_amount_range("处五千元以上五万元以下的罚款")
    (5000.0, 50000.0)
    >>> parse_amount_range("处一万元以下罚款")
    (None, 10000.0)
    >>> parse_amount_range("对个人处200元罚款")
    (200.0, 200.0)
    >>> parse_amount_range("处一至三万元罚款")
    (10000.0, 30000.0)
    >>> parse_amount_range("处二十万元以上一百五十万元以下的罚款")
    (200000.0, 1500000.0)
    >>> parse_amount_range("可以单处或者并处100元以上、500元以下的罚款")
    (100.0, 500.0)
    >>> parse_amount_range("可以处以五万元以上不满十万元的罚款")  # the upper end is excluded, kept as the bound
    (50000.0, 100000.0)
    >>> parse_amount_range("可以处l万元以上5万元以下罚款")  # a letter l for the digit (收费公路管理条例 art. 49)
    (10000.0, 50000.0)
    """
    text = _LETTER_ONE.sub("1", text)
    for m in _AMOUNT.finditer(text):
        if not (m.group("ay") or m.group("b")):
            continue  # a bare number (五日, 一倍) is no amount
        try:
            a = _num(m.group("a")) * _UNIT[m.group("au")]
            if m.group("b"):
                b = _num(m.group("b")) * _UNIT[m.group("bu")]
                a_text, b_text = m.group("a"), m.group("b")
                unit = m.group("bu") or (b_text[-1] if b_text[-1] in "万千" else None)
                bare_a = not m.group("au") and not m.group("ay") and a_text[-1] not in "万千百十"
                if unit and bare_a and a * _UNIT[unit] <= b:
                    a *= _UNIT[unit]  # 一至三万元
                return (a, b)
        except (ValueError, ZeroDivisionError):
            continue
        if m.group("only") == "以下":
            return (None, a)
        if m.group("only") == "以上":
            return (a, None)
        return (a, a)
    return None


def parse_multiple_range(text: str) -> tuple[float | None, float | None, str | None] | None:
    """The first multiple or percentage in ``text``: (min, max, base); None when there is none.

    >>> parse_multiple_range("处违法所得一倍以上三倍以下的罚款")
    (1.0, 3.0, '违法所得')
    >>> parse_multiple_range("处工程造价百分之五以上百分之十以下的罚款")
    (0.05, 0.1, '工程造价')
    >>> parse_multiple_range("按工程造价的百分之一至百分之五给予罚款")
    (0.01, 0.05, '工程造价')
    >>> parse_multiple_range("处赔偿额一至二倍罚款")
    (1.0, 2.0, '赔偿额')
    >>> parse_multiple_range("处不超过违法所得三倍的罚款")
    (None, 3.0, '违法所得')
    """
    best: tuple[int, float | None, float | None] | None = None
    text = text.replace("等值", "一倍")  # 货值金额等值以上三倍以下
    pm = _PERCENT.search(text)
    if pm:
        scale_a = 1000.0 if pm.group("pa") == "千" or pm.group("ua") == "‰" else 100.0
        a = _num(pm.group("a") or pm.group("na")) / scale_a
        if pm.group("xb"):  # 百分之五十以上五倍以下
            best = (pm.start(), a, _num(pm.group("xb")))
        elif pm.group("b") or pm.group("nb"):
            scale_b = 1000.0 if pm.group("pb") == "千" or pm.group("ub") == "‰" else 100.0
            best = (pm.start(), a, _num(pm.group("b") or pm.group("nb")) / scale_b)
        elif pm.group("only") == "以下":
            best = (pm.start(), None, a)
        elif pm.group("only") == "以上":
            best = (pm.start(), a, None)
        else:
            best = (pm.start(), a, a)
    for mm in _MULTIPLE.finditer(text):
        if best is not None and mm.start() >= best[0]:
            break
        if not (mm.group("ax") or mm.group("b")):
            continue
        try:
            a = _num(mm.group("a"))
            if mm.group("b"):
                best = (mm.start(), a, _num(mm.group("b")))
            elif mm.group("only") == "以下":
                best = (mm.start(), None, a)
            elif mm.group("only") == "以上":
                best = (mm.start(), a, None)
            else:
                best = (mm.start(), a, a)
        except (ValueError, ZeroDivisionError):
            continue
        break
    if best is None:
        return None
    prefix = text[: best[0]]
    ceiling = _CEILING.search(prefix)
    if ceiling and best[1] == best[2]:  # 不超过违法所得三倍: at most three times
        return None, best[2], _base(prefix[: ceiling.start()] + prefix[ceiling.end():])
    return best[1], best[2], _base(prefix)


# 处不超过违法所得三倍的罚款 (山东省就业促进条例 art. 69)
_CEILING = re.compile(r"(?:不得|不)超过(?=[^，。；、]{0,12}$)")


_BASE_LEAD = re.compile(r"^(?:.*?(?:并处以|处以|并处|可处|处|给予|予以|按照|按|依照|依据|根据))?(?:对其|其|以)?")
_BASE_TAIL = re.compile(r"(?:总额|数额|金额)?的$")


_KNOWN_BASES = ("违法所得", "货值金额", "工程造价", "合同价款", "合同金额", "销售金额", "销售额", "营业额", "税款",
                "赔偿额", "价款", "工程款", "保险费", "费用", "价值", "金额", "所得")
_PARENTHETICAL = re.compile(r"（[^（）]*）|\([^()]*\)")


def _base(prefix: str) -> str | None:
    """What a multiple is a multiple of: 违法所得, 货值金额, 建设工程造价 …"""
    lead = _BASE_LEAD.match(prefix)
    base = prefix[lead.end():] if lead else prefix
    base = _PARENTHETICAL.sub("", base)
    base = re.sub(r"(?:的|等值)$", "", base).strip()
    if len(base) > 8:  # 违法生产、销售产品货值金额 → 货值金额
        known = next((k for k in _KNOWN_BASES if base.endswith(k)), None)
        if known:
            return known
    return base or None


# --------------------------------------------------------------------------
# the fines a clause of a penalty article sets (read by ingest.penalties)
# --------------------------------------------------------------------------

# a fine: 罚款 after a sanctioning verb in the same segment, or 罚款 followed by an amount
_FINE = re.compile("罚款")
# 加处罚款 is an enforcement measure (行政强制法 art. 45), not a fine set
_FINE_VERB = re.compile("(?<![办之出到惩判加])处(?![理分置长级室])|给予|予以|课以|科以|(?<!加处)罚")
_FINE_BLOCK_BEFORE = re.compile(
    "[XＸ×]{2}|(?<!应)缴纳|缴清|收缴|上缴|缴付|代缴|催缴|减(?!少)|免除|摊派|乱|不得|禁止|严禁|拒不(?!改正|纠正|整改)|决定|执行|作出|申请|复议|不服|已经|已(?:处|被|给予|予以)"
)
_FINE_BLOCK_AFTER = re.compile(r"^(?:决定|收据|数额|的数额|收入|缴|款项|票据|单据|处罚决定|的决定|限额|的限额|的收缴|的缴纳|执行|收缴|之日)")
_FINE_AMOUNT_AFTER = re.compile(rf"^(?:人民币)?{_AMT_NUM}(?:万|千|百)?元(?:(?:以上、?|至|到|－|-)(?:人民币)?{_AMT_NUM}(?:万|千|百)?元(?:以下)?|以下)?")


# 对该资产评估机构给予下列处罚：\n(一)警告；\n(二)停业整顿 (国有资产评估管理办法 art. 32): each item names a sanction set
ITEM_MARK = re.compile(r"[（(][一二三四五六七八九十]+[）)]")
_PENALTY_ITEMS_LEAD = re.compile(r"(?:给予|予以|处以|并处)[^，。；：\n]{0,4}?下列(?:行政)?处罚[：:]\s*$")


def in_penalty_items(text: str, pos: int) -> bool:
    """Whether ``pos`` stands in an item of a list whose lead-in sets the penalties listed (给予下列处罚：)."""
    start = text.rfind("\n", 0, pos) + 1
    while start > 0 and text.startswith(("（", "("), start):
        start = text.rfind("\n", 0, start - 1) + 1
    end = text.find("\n", start)
    return bool(_PENALTY_ITEMS_LEAD.search(text[start:end if end >= 0 else len(text)]))


def _segment_start(text: str, lo: int, pos: int) -> int:
    """Start of the comma-separated segment that holds ``pos`` (within a clause starting at ``lo``).

    Commas inside brackets do not count: 销售产品（包括已售出和未售出的产品，下同）货值金额….
    """
    k, depth = pos, 0
    while k > lo:
        ch = text[k - 1]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，,：:":
            break
        k -= 1
    return k


def _fines(text: str, lo: int, hi: int, out: list[tuple[int, Sanction]]) -> None:
    for m in _FINE.finditer(text, lo, hi):
        spec_fine = _figures_set(text, lo, hi, m.start())
        if spec_fine is not None:
            out.append((m.start(), spec_fine))
            continue
        seg = _segment_start(text, lo, m.start())
        before = text[seg:m.start()]
        after = text[m.end():hi]
        # (a title is no block: 依照《中华人民共和国防震减灾法》第八十五条的规定处以罚款 (地震监测管理条例 art. 37), 《禁止传销条例》)
        blocked = _FINE_BLOCK_BEFORE.search(_TITLE.sub("", _PARENTHETICAL.sub("", before) if "（" in before else before))
        if blocked and blocked.group() == "缴纳" and _FIGURE.search(before, blocked.end()) and _MULTIPLE_WORD.search(before, blocked.end()):
            blocked = None  # 按照…应当缴纳的土地使用权地价款数额的二倍处以罚款 (北京市物业管理条例 art. 98): the base of a multiple
        if blocked or _FINE_BLOCK_AFTER.match(after) or _in_title(text, lo, m.start()):
            continue
        end = m.end()
        amount_after = _FINE_AMOUNT_AFTER.match(after)
        verbs = list(_FINE_VERB.finditer(before))
        # 予以警告、罚款…的处罚: a list after a verb earlier in the clause
        listed_late = before.endswith(("、", "或者")) and _FINE_VERB.search(text, lo, seg)
        # 可以单处或者并处警告，违法所得三倍以下、但最高不超过三万元的罚款: figures after a list set by a verb
        # of the segment before (侵害消费者权益行为处罚办法 art. 15)
        figures_listed = (seg > lo and _FIGURE.search(before) and _FINE_VERB.search(text, _segment_start(text, lo, seg - 1), seg)
                          and _LISTED_SANCTION.search(text, _segment_start(text, lo, seg - 1), seg))
        # 按占路费标准的二至五倍罚款 (青岛市市政工程设施管理办法 art. 45): the rate names the fine, with no verb
        by_rate = not verbs and _BY_RATE.search(before) and _FIGURE.search(before)
        # 对个人处每非法介绍一人五千元，总额不超过五万元的罚款 (出境入境管理法 art. 80): the per-unit figures and the verb
        # stand in the segment before the cap of the total
        prev_verb = (_FINE_VERB.search(text, _segment_start(text, lo, seg - 1), seg)
                     if not verbs and seg > lo and _TOTAL_CAP.match(before) else None)
        # 处以禽类每只十元以上五十元以下的罚款，畜类每头五十元以上一百元以下的罚款 (新乡市城市市容和环境卫生管理条例 art. 57): a
        # second per-unit fine after a fine set by a verb in the segment before
        per_listed = (not verbs and seg > lo and _PER.search(before) is not None and _FIGURE.search(before) is not None
                      and _PER_FINE_BEFORE.search(text, _segment_start(text, lo, seg - 1), seg) is not None)
        # 给予当事人下列行政处罚：…（五）罚款 (法规汇编编辑出版管理规定 art. 13): an item of a list the lead-in sets
        item = not verbs and ITEM_MARK.fullmatch(before) is not None and in_penalty_items(text, seg)
        if (not verbs and not amount_after and not listed_late and not figures_listed and not by_rate and not prev_verb
                and not per_listed and not item):
            continue
        if amount_after:
            end += amount_after.end()
        start = m.start() if item else seg
        if prev_verb is not None:
            start = prev_verb.start()
        owner = re.search(r"对[^，。；：对]{1,12}$", before[: verbs[0].start()]) if verbs else None
        if verbs:
            # 给予警告并可以处200元以下罚款: the fine from its own verb
            lead = verbs[-1] if _LISTED_SANCTION.search(before, verbs[0].end()) else verbs[0]
            start = seg + (owner.start() if owner and lead is verbs[0] else lead.start())
        listed = text.rfind("、", start, m.start())
        if listed >= 0 and m.start() - listed <= 8 and not text.startswith("以上", listed - 2):  # (not 100元以上、500元以下)
            start = listed + 1  # 并处警告、罚款: the fine alone
        phrase = text[start:end]
        spec = text[min(seg, start):end]
        if seg > lo and not _FIGURE.search(text, seg, m.start()):
            prev = _segment_start(text, lo, seg - 1)
            if re.search("标准(?:计算)?[，,]$", text[prev:seg]):
                spec = text[prev:end]  # 按照受侵害女职工每人…元的标准计算，处以罚款
        figures = spec[: spec.rfind("罚款")] if "罚款" in spec else spec
        # 并处被骗取有关资金10%以上50%以下的罚款或者被违规使用有关资金10%以上30%以下的罚款 (财政违法行为处罚处分条例
        # art. 14): the second fine's figures start after the first
        earlier = max((m.start() for m in _EARLIER_FINE.finditer(figures)), default=-1)
        figures_from_dun = earlier >= 0 and figures.startswith("、", earlier + 2)
        if earlier >= 0 and _FIGURE.search(figures, earlier):
            figures = _ALTERNATIVE_LEAD.sub("", figures[earlier + 2:])
            phrase = _ALTERNATIVE_LEAD.sub("", text[max(start, end - len(spec) + earlier + 2):end])
            if figures_from_dun:
                start = end - len(phrase)  # 、对单位并处…: whom it hits is named after the fine before
        if amount_after and not _FIGURE.search(figures):
            figures += amount_after.group()  # 每平方米罚款一百元 / 对单位罚款一千元至三千元: the figures follow
        mult = parse_multiple_range(figures)
        amount = parse_amount_range(figures if mult is None else _alternative(figures))
        per_m = own_per = _PER.search(figures)
        if per_m is None and seg > lo:
            # 每逾期一天，处以100元罚款 (北京市邮政通信条例 art. 37), 每违规出售一个车位、车库，处五万元以上十万元以下罚款 (河南省
            # 物业管理条例 art. 87): the unit in a segment of its own before the fine
            prev = _segment_start(text, lo, seg - 1)
            per_m = None if _FIGURE.search(text, prev, seg) else _PER.match(text, prev, seg)
        per = _per_unit(per_m.group("unit")) if per_m else None
        if (mult or amount) and not any(ch in phrase for ch in "元倍%％分"):
            phrase = spec  # 以每人五千元以上一万元以下的标准处以罚款: the figures come before the verb
        if mult is not None:
            # 最高不超过三万元 after the fine, or inside its figures (违法所得三倍以下、但最高不超过三万元的罚款)
            cap = _CAP.match(text, end, hi) or _CAP.search(figures)
            cap_amount = parse_amount_range(cap.group("amount")) if cap else None
            fine = Sanction(SanctionKind.FINE, phrase, min_multiple=mult[0], max_multiple=mult[1],
                            multiple_base=mult[2], per=per,
                            max_amount=cap_amount[1] if cap_amount else None)
            if amount is not None:  # 五千万元以下或者上一年度营业额百分之五以下罚款: two alternatives
                out.append((start, Sanction(SanctionKind.FINE, phrase, min_amount=amount[0], max_amount=amount[1],
                                            per=per)))
        elif amount is not None:
            second = _SECOND_PER.search(figures, own_per.end()) if own_per else None
            other = parse_amount_range(figures[second.end():]) if second else None
            unit = _PER.search(figures, second.end()) if second else None
            if second is not None and other is not None and unit is not None:
                # 处禽类每只十元、畜类每头一百元罚款 (许昌市中心城区河湖水系保护条例 art. 41): a fine for each unit
                phrase = spec
                amount = parse_amount_range(figures[: second.start()]) or amount
                out.append((start, Sanction(SanctionKind.FINE, phrase, min_amount=amount[0], max_amount=amount[1],
                                            per=per)))
                amount, per = other, _per_unit(unit.group("unit"))
            fine = Sanction(SanctionKind.FINE, phrase, min_amount=amount[0], max_amount=amount[1], per=per)
        elif text.startswith(("：", ":"), end) and (re.search("下列|以下|如下", spec) or _ITEMS_WITH_FIGURES.match(text, end + 1)):
            continue  # 依照下列规定处以罚款：… / 责令改正，处以罚款：（一）…处二千元以上二万元以下罚款: the figures come in the items
        else:
            fine = Sanction(SanctionKind.FINE, phrase)
        out.append((start, fine))


_LISTED_SANCTION = re.compile("警告|没收|吊销|暂扣|拘留|通报批评")
_TITLE = re.compile("《[^《》]*》")
_MULTIPLE_WORD = re.compile("倍|百分之|%|％")
_ALTERNATIVE_LEAD = re.compile(r"^[，,、]?(?:或者|或)?")
_TOTAL_CAP = re.compile(r"(?:但(?:是)?)?(?:罚款)?(?:总额|总数|最高|累计|合计|最多)[^，。；]{0,6}?不(?:得)?超过")
# or another subject's, another unit's: 可以对个人并处五千元以下的罚款、对单位并处一万元至五万元的罚款 (人民防空法 art. 49),
# 按每辆机动车处五千元罚款、每台非道路移动机械处一万元罚款 (漯河市机动车和非道路移动机械排气污染防治条例 art. 26)
_EARLIER_FINE = re.compile("罚款(?=[，,]?(?:或者|或)|、(?:对|每))")  # not 处单位罚款数额百分之五以上百分之十以下的罚款
_ITEMS_WITH_FIGURES = re.compile(r"\s*\n\s*[（(][一二三四五六七八九十]+[）)][^\n]*?元")
_BY_RATE = re.compile("按(?:照)?")
_SECOND_PER = re.compile(rf"、(?=[^、，,。；]{{0,12}}?每[^、，,。；]*?{_AMT_NUM}(?:万|千|百)?元)")
_PER_FINE_BEFORE = re.compile("处[^，,。；]{0,6}?每[^，,。；]{1,20}?罚款")
_FIGURE = re.compile(rf"{_AMT_NUM}(?:万|千|百)?元|倍|百分之|%|％")
# a per-unit fine: 每人五千元…, 按照受侵害女职工每人…, 处每立方米二千元…, 每株五百元…
# 每超载一人 / 每聘用一人 / 每倾倒1吨 / 每一停车位: the unit after a verb or 一
# 每少培训一人, 每超养一只, 每逾期1日, 每违法出售、出租一个车位 (a verb and 一 before the unit; not 每年…一次)
# 每个泊位 (北京市机动车停车条例 art. 33): the measure word before the unit
_PER = re.compile(r"每(?:(?![年月季周])[\u4e00-\u9fff、]{0,8}?(?:一|1)(?:个)?)?(?:个(?=停车位|机动车位|车位|车库|泊位))?(?P<unit>停车位|机动车位|车位|车库|泊位|平方米|立方米|车次"
                  r"|延长米|公顷|千克|公斤|人次|[人位日天株棵辆台件亩吨次个头只户名份箱张米车艘处座项批具证例条])")
# the cap of a multiple fine: 最高不超过十万元, 但最多不得超过…
# 罚款总额最高不得超过三万元, 但是，最高不得超过三万元, 最高罚款不得超过五万元, 三倍以下且不超过三万元的罚款
_CAP = re.compile(rf"[，,]?(?:但(?:是)?[，,]?)?(?:罚款)?(?:数额|总额)?"
                  rf"(?:(?:最高|最多)(?:罚款)?(?:数额|总额)?(?:不得|不)?|且(?:不得|不)|(?<=但)(?:不得|不))超过(?P<amount>(?:人民币)?{_AMT_NUM}(?:万|千|百)?元)")


# 依照《土地管理法》第七十七条的规定处以罚款的，罚款额为非法占用土地每平方米100元以上1000元以下 (土地管理法实施条例
# art. 57), 处以罚款的，罚款数额为十万元以下 (北京市实施《中华人民共和国矿山安全法》办法 art. 11): the figures of a fine set
# under another law (not 设定罚款的限额为…, a limit of legislation)
_FIGURES_OF_FINE = re.compile(r"罚款(?:额|数额|幅度|金额)?为")
_FINE_CONDITION_BEFORE = re.compile(r"处以?罚款的[，,]$")


def _figures_set(text: str, lo: int, hi: int, pos: int) -> Sanction | None:
    """The fine whose figures ``罚款额为…`` at ``pos`` gives after 处以罚款的, if that is what stands there."""
    spec = _FIGURES_OF_FINE.match(text, pos, hi)
    if spec is None or not _FINE_CONDITION_BEFORE.search(text, lo, pos):
        return None
    end = _SEGMENT_END.search(text, spec.end(), hi)
    figures = text[spec.end():end.start() if end else hi]
    amount = parse_amount_range(figures)
    if amount is None:
        return None
    per = _PER.search(figures)
    return Sanction(SanctionKind.FINE, text[pos:spec.end()] + figures, min_amount=amount[0], max_amount=amount[1],
                    per=_per_unit(per.group("unit")) if per else None)


_SEGMENT_END = re.compile(r"[，,。；;\n]")


def _per_unit(unit: str) -> str:
    """每 and the unit; 每位 (被派遣劳动者) counts persons: 每人."""
    return "每人" if unit == "位" else "每" + unit


def _alternative(figures: str) -> str:
    """The amount alternative of a multiple: 五千万元以下 in 五千万元以下或者上一年度营业额百分之五以下, 一千元以上一万元
    以下 in 违法所得一倍以上三倍以下或者一千元以上一万元以下 (上海市价格管理条例 art. 33); else ""."""
    head, sep, tail = figures.partition("或者")
    if not sep:
        return ""
    if parse_multiple_range(head) is None:
        return head
    return tail if parse_multiple_range(tail) is None else ""


def _in_title(text: str, lo: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a 《title》 (依照《罚没物品估价管理办法》…)."""
    return text.rfind("《", lo, pos) > text.rfind("》", lo, pos)
