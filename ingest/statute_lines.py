"""The line grammar of a statute text: labels of articles, 编/章/节, 项 and 目; headings and titles normalised."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.numerals import ARTICLE_LABEL_PATTERN, cn_to_int

_numeral = lru_cache(maxsize=4096)(cn_to_int)  # labels repeat: 第一条 … in every file

_CN = "零〇○一二三四五六七八九十百千两"
_NUM = rf"(?:[0-9０-９]+|[{_CN}]+)"
_ARTICLE = re.compile(rf"^{ARTICLE_LABEL_PATTERN}(?:[\s:：]+|$)")
_CHAPTER = re.compile(rf"^第\s*{_NUM}\s*(?P<kind>分编|编|章|节)(?:[\s\u3000]|$)")
_ITEM = re.compile(rf"^[（(]\s*(?P<num>[{_CN}]+)\s*[）)]")
_SUBITEM = re.compile(r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(]\s*\d{1,2}\s*[）)]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")
_SUBITEM_FIRST = frozenset("0123456789（(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_HEADING_LABEL = re.compile(rf"^(第\s*{_NUM}\s*(?:分编|编|章|节))\s*(.*)$")
_INFO_END = "<!-- INFO END -->"
_COMMENT = re.compile(r"^<!--.*-->$")
_PLAIN_RANK = {"编": 1, "分编": 2, "章": 3, "节": 4}
_WS = re.compile(r"\s+")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


def normalise_heading(text: str) -> str:
    """``第一章　总　则`` → ``第一章 总则``; ``附 则`` → ``附则``.

    >>> normalise_heading("## 第一章  总 则")
    '第一章 总则'
    """
    t = _WS.sub(" ", text.lstrip("#").strip())
    m = _HEADING_LABEL.match(t)
    if m:
        rest = _WS.sub("", m.group(2))
        label = _WS.sub("", m.group(1))
        return f"{label} {rest}" if rest else label
    return _CJK_SPACE.sub("", t)


def _normalise_title(text: str) -> str:
    t = _WS.sub(" ", text.lstrip("#").strip()).strip()
    return _CJK_SPACE.sub("", t)
