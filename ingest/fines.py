"""Fine amounts and multiples in Chinese statute wording: "二千元以上二万元以下", "一倍以上三倍以下".

Amounts are in yuan (万元 × 10,000); a multiple keeps its base (违法所得,
货值金额 …).  Used by ingest.penalties when it reads the sanctions of a clause.
"""

from __future__ import annotations

import re

from kg.numerals import cn_to_int

# --------------------------------------------------------------------------
# amounts and multiples
# --------------------------------------------------------------------------

_CNUM = "零〇一二两三四五六七八九十百千万亿"
_AMT_NUM = rf"(?:\d+(?:\.\d+)?|[{_CNUM}]+)"
_AMOUNT = re.compile(
    rf"(?P<a>{_AMT_NUM})(?P<au>万|千|百)?(?P<ay>元)?"
    rf"(?:(?P<rel>以上|至|到|－|-|~|～)(?:人民币)?(?P<b>{_AMT_NUM})(?P<bu>万|千|百)?元(?P<below>以下)?"
    rf"|(?P<only>以下|以上))?"
)
_UNIT = {"万": 10_000, "千": 1000, "百": 100, None: 1}
_MULT_NUM = rf"(?:\d+(?:\.\d+)?|[{_CNUM}]+|[{_CNUM}]+分之[{_CNUM}]+)"
_MULTIPLE = re.compile(
    rf"(?P<a>{_MULT_NUM})(?P<ax>倍)?(?:(?:以上|至|到|－|-)(?P<b>{_MULT_NUM})倍(?:以下)?|(?P<only>以下|以上))?"
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
    """
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
