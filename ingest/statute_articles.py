"""The body of a statute text as buffered articles: 第X条 (or 一、/1. in a decision), their 款, 项 and 目."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.statute_diagnostics import _Collector
from ingest.statute_header import _TITLE_END
from ingest.statute_lines import (
    _ARTICLE,
    _CHAPTER,
    _COMMENT,
    _ITEM,
    _PLAIN_RANK,
    _SUBITEM,
    _SUBITEM_FIRST,
    _WS,
    _numeral,
    normalise_heading,
)
from kg.errors import ParseError
from kg.numerals import ARTICLE_LABEL


@dataclass
class _ItemBuf:
    number: int
    lines: list[str]
    subitems: list[str] = field(default_factory=list)


@dataclass
class _ParaBuf:
    lines: list[str]
    items: list[_ItemBuf] = field(default_factory=list)


@dataclass
class _ArticleBuf:
    label: str
    number: int
    suffix: int
    line: int
    heading: tuple[str, ...]
    lines: list[str]  # the article's text lines, the first starting with the label
    meta: list[tuple[int, int | None]]  # per text line: (paragraph number, item number)
    paragraphs: list[_ParaBuf]

    def add_paragraph(self, text: str) -> None:
        if len(self.lines) == 1 and self.lines[0] == self.label:
            self.paragraphs[0].lines[0] = text  # 第一条 alone on its line: the text follows
            self.lines[0] = f"{self.label} {text}"
            return
        self.paragraphs.append(_ParaBuf([text]))
        self.lines.append(text)
        self.meta.append((len(self.paragraphs), None))

    def add_item(self, number: int, text: str) -> None:
        self.paragraphs[-1].items.append(_ItemBuf(number, [text]))
        self.lines.append(text)
        self.meta.append((len(self.paragraphs), number))

    def add_subitem(self, text: str) -> None:
        para = self.paragraphs[-1]
        if para.items:
            para.items[-1].subitems.append(text)
            para.items[-1].lines.append(text)
            self.meta.append((len(self.paragraphs), para.items[-1].number))
        else:
            para.lines.append(text)  # a numbered list without items stays in its paragraph
            self.meta.append((len(self.paragraphs), None))
        self.lines.append(text)


_AMENDING_TITLE = re.compile("修正案|修改|废止|失效")
_TRIAL_MARK = re.compile(r"\s*[（(](?:试行|暂行)[）)]$")  # 关于人民法院执行工作若干问题的规定（试行）
# a section heading numbered 一、 (## 一、实际损失的赔偿范围): in a text without articles, each section is one
_ORDINAL_HEADING = re.compile(r"^#{1,6}\s*(?=[一二三四五六七八九十百]{1,4}\s*、)")
_ORDINAL_ARTICLE = re.compile(r"^(?P<num>[一二三四五六七八九十百]{1,4})\s*、\s*")
_ARABIC_ARTICLE = re.compile(r"^(?P<num>\d{1,3})\s*[.．、](?!\d)\s*")


def _broken_label(line: str, previous: int) -> re.Match[str] | None:
    """A label split by a space and run into its text (``第三十五 条农村生活污水…``), taken only as the article
    that follows ``previous``: a line that starts ``第三十五条规定的…`` without the stray space is text.

    >>> _broken_label("第三十五 条农村生活污水纳入城镇污水处理设施", 34).group("num")
    '三十五'
    >>> _broken_label("第三十五 条农村生活污水纳入城镇污水处理设施", 20) is None
    True
    >>> _broken_label("第三十五条规定的设施", 34) is None
    True
    """
    m = ARTICLE_LABEL.match(line)
    if m is None or m.group("suf") or not _WS.search(m.group(0)):
        return None
    try:
        return m if _numeral(m.group("num")) == previous + 1 else None
    except ValueError:
        return None


def _article_match(line: str, numbering: str) -> re.Match[str] | None:
    """The label of an article starting ``line``: 第X条, or 一、 / 1. in documents numbered that way."""
    if numbering == "article":
        return _ARTICLE.match(line) if line[0] == "第" else None
    return (_ORDINAL_ARTICLE if numbering == "ordinal" else _ARABIC_ARTICLE).match(line)


def _read_articles(body: list[tuple[int, str]], numbering: str) -> tuple[list[_ArticleBuf], int | None, int]:
    """The articles of the body lines, with the first line and count of lines outside any article."""
    stack: list[tuple[int, str]] = []
    heading: tuple[str, ...] | None = ()  # the stack's titles; None when it changed
    articles: list[_ArticleBuf] = []
    cur: _ArticleBuf | None = None
    orphan_first: int | None = None
    orphan_count = 0
    for ln, line in body:
        first = line[0]
        if first == "<" and _COMMENT.match(line):
            continue
        if first == "#":
            rank = len(line) - len(line.lstrip("#"))
            title_h = normalise_heading(line)
            while stack and stack[-1][0] >= rank:
                stack.pop()
            if title_h:
                stack.append((rank, title_h))
            cur, heading = None, None
            continue
        cm = _CHAPTER.match(line) if first == "第" else None
        if cm and len(line) <= 40 and "。" not in line:
            rank = 10 + _PLAIN_RANK[cm.group("kind")]  # below any Markdown heading
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, normalise_heading(line)))
            cur, heading = None, None
            continue
        am = _article_match(line, numbering)
        if am is None and numbering == "article" and first == "第" and articles:
            am = _broken_label(line, articles[-1].number)
        if am:
            try:
                number = _numeral(am.group("num"))
                suffix = _numeral(am.group("suf")) if numbering == "article" and am.group("suf") else 0
            except ValueError:
                number = 0
            if number >= 1:
                label = line[: am.end()].rstrip(" \t\u3000:：")
                if " " in label or "\u3000" in label:
                    label = _WS.sub("", label)
                rest = line[am.end():].strip()
                first_line = f"{label} {rest}" if rest else label
                if heading is None:
                    heading = tuple(t for _, t in stack)
                cur = _ArticleBuf(label, number, suffix, ln, heading, [first_line],
                                  [(1, None)], [_ParaBuf([rest])])
                articles.append(cur)
                continue
        if cur is None:
            if line not in ("目录", "目 录", "目　录"):
                orphan_count += 1
                orphan_first = orphan_first or ln
            continue
        im = _ITEM.match(line) if first in "（(" else None
        if im:
            cur.add_item(_numeral(im.group("num")), line)
        elif first in _SUBITEM_FIRST and _SUBITEM.match(line):
            cur.add_subitem(line)
        else:
            cur.add_paragraph(line)

    return articles, orphan_first, orphan_count


def _body_articles(lines: list[str], body_start: int, title: str, source: str,
                   out: _Collector) -> list[_ArticleBuf]:
    """The articles of the body (``第X条``, or 一、/1. in a decision); warns of text outside them."""
    # non-blank lines with their numbers; str.strip() also takes \u3000 and \xa0
    body = [(n, s) for n, s in enumerate((ln.strip() for ln in lines[body_start:]), body_start + 1) if s]
    if not any(not line.startswith("#") and not _COMMENT.match(line) for _, line in body):
        raise ParseError(source, None, "正文缺失：文件只有标题和沿革，没有任何条文文字", code="STATUTE_NO_BODY")
    articles, orphan_first, orphan_count = _read_articles(body, "article")
    if not articles and _TRIAL_MARK.sub("", title).endswith(_TITLE_END) and not _AMENDING_TITLE.search(title):
        # a decision or interpretation numbered 一、二、 or 1. 2. instead of 第X条 (an amending or repealing
        # text is not: its points are instructions on another statute's articles; a guide is no statute), or
        # in sections headed ## 一、… (最高人民法院关于审理铁路运输损害赔偿案件若干问题的解释)
        sections = [(n, _ORDINAL_HEADING.sub("", line)) for n, line in body]
        for numbering, shown, lines_read in (("ordinal", "一、二、", body), ("arabic", "1. 2.", body),
                                             ("ordinal", "“一、”小标题分节", sections)):
            articles, orphan_first, orphan_count = _read_articles(lines_read, numbering)
            if len(articles) >= 2 and articles[0].number == 1:
                code = "SECTIONS" if lines_read is sections else numbering.upper()
                out.warn(articles[0].line, "ARTICLES_NUMBERED_" + code,
                         f"正文按“{shown}”编号而非“第X条”，按序号读作第一条、第二条……")
                break
            articles = []
    if not articles:
        raise ParseError(source, None, _no_articles_reason(title), code="STATUTE_NO_ARTICLES")
    if orphan_count:
        out.warn(orphan_first, "TEXT_OUTSIDE_ARTICLES",
                 f"有{orphan_count}行文字不属于任何条文（如序言、附件或说明），未计入条文")
    return articles


def _no_articles_reason(title: str) -> str:
    """Why a text with a body has no articles, as precisely as its title tells.

    >>> _no_articles_reason("中华人民共和国刑法修正案（十一）")
    '修正、修改或废止其他法规的文本：各点是对其他法规条文的修改指令，不作为条文收录'
    >>> _no_articles_reason("最高人民检察院关于构成嫖宿幼女罪主观上是否需要具备明知要件的解释")
    '正文未分条（没有“第X条”“一、”或“1.”编号，或只有一点），无法按条引用，未收录'
    """
    if _AMENDING_TITLE.search(title):
        return "修正、修改或废止其他法规的文本：各点是对其他法规条文的修改指令，不作为条文收录"
    if _TRIAL_MARK.sub("", title).endswith(_TITLE_END):
        return "正文未分条（没有“第X条”“一、”或“1.”编号，或只有一点），无法按条引用，未收录"
    return "未找到任何“第X条”形式的条文（标题不像法规，可能是说明性文本或指南）"
