"""Chinese numerals as used in article labels and amounts.

Article labels only need integers below 10,000 ("第一百二十三条"); amounts in
fines go up to hundreds of millions ("二十万元", "一百五十万元").  This small
converter is a pure function with no regex tables, because it runs for every
article of every statute during ingest; cn2an serves as the oracle in tests.

>>> cn_to_int("六十四")
64
>>> cn_to_int("一百零五")
105
>>> cn_to_int("十八")
18
>>> cn_to_int("两千")
2000
>>> cn_to_int("3")
3
>>> int_to_cn(64)
'六十四'
>>> int_to_cn(105)
'一百零五'
>>> int_to_cn(10)
'十'

Article labels (``第六十四条``, ``第十八条之一``) are written by
``article_label`` and read at the start of an article's text by
``ARTICLE_LABEL``; the citation grammar (labels inside running text, with
paragraphs and items) is ``ingest.citations``.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5,
           "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CN_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)

_LABEL_NUM = r"(?:[0-9０-９]+|[零〇○一二三四五六七八九十百千两]+)"
ARTICLE_LABEL_PATTERN = rf"第\s*(?P<num>{_LABEL_NUM})\s*条(?:\s*之\s*(?P<suf>{_LABEL_NUM}))?"
"""The article label as a regular expression (groups num, suf), for patterns that add their own context."""
ARTICLE_LABEL = re.compile(rf"^\s*{ARTICLE_LABEL_PATTERN}")
"""An article label at the start of a text: ``第六十四条``, ``第 64 条``, ``第十八条之一`` (groups num, suf)."""


def cn_to_int(text: str) -> int:
    """Convert a Chinese (or Arabic, half- or full-width) numeral to an int.

    Raises ValueError for anything that is not a numeral.
    """
    s = text.strip().translate(_FULLWIDTH)
    if not s:
        raise ValueError("empty numeral")
    if s.isdigit():
        return int(s)
    total = 0  # completed 万/亿 groups
    section = 0  # current group below 万
    digit: int | None = None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch in _BIG:
            section += digit or 0
            total = (total + section) * _BIG[ch] if _BIG[ch] > 10_000 else total + section * _BIG[ch]
            section, digit = 0, None
        elif ch.isdigit():
            digit = (digit or 0) * 10 + int(ch)
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + section + (digit or 0)


def int_to_cn(n: int) -> str:
    """Write 1 <= n < 100,000 as in article labels (十八, not 一十八)."""
    if n <= 0 or n >= 100_000:
        raise ValueError(f"out of range: {n}")
    digits = "零一二三四五六七八九"
    units = [(10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out: list[str] = []
    zero_pending = False
    for value, unit in units:
        d = n // value % 10 if value < 10_000 else n // value
        if d == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if not (d == 1 and unit == "十" and not out):
            out.append(digits[d])
        out.append(unit)
    return "".join(out)


def article_label(article: int, suffix: int = 0) -> str:
    """The label of an article: ``第六十四条``, ``第十八条之一``.

    >>> article_label(64), article_label(18, 1), article_label(100, 12)
    ('第六十四条', '第十八条之一', '第一百条之十二')
    """
    return f"第{int_to_cn(article)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")


def strip_article_label(text: str) -> str:
    """An article's text without its leading label and the spaces after it.

    >>> strip_article_label("第六十四条 未取得建设工程规划许可证的"), strip_article_label("第十八条之一　前款")
    ('未取得建设工程规划许可证的', '前款')
    >>> strip_article_label("依照本法第六十四条")
    '依照本法第六十四条'
    """
    m = ARTICLE_LABEL.match(text)
    return text[m.end():].lstrip() if m else text
