"""Parse one statute text into a :class:`~kg.model.ParsedStatute` — a pure function.

Two layouts are read by the same code:

(a) the shared corpus Markdown: ``# 中华人民共和国城乡规划法``, an optional
    ``# 物权编`` subtitle, one history line per event (``2019年4月23日 第十三届…第二次修正``)
    up to ``<!-- INFO END -->`` (which may be missing), ``##``/``###`` headings
    for 编/章/节, one article per line beginning ``第…条``, further lines as
    款, ``（一）`` lines as 项 and ``1.``/``（1）`` lines inside items as 目;
(b) plain text as published: the title on the first line (perhaps centred
    with spaces), history in parentheses (``（2007年10月28日…通过　根据…修正）``),
    chapter lines ``第一章　总　则`` without ``#``, articles ``第一条　…``.

``source`` is the file's path relative to the ingest root: its name gives
the version date (``城乡规划法(2019-04-23).md``) and its folders the level and
region (:func:`infer_level_region`).  Problems become :class:`Diagnostic`
entries with a Chinese message and a stable code; :class:`ParseError` is
raised only when nothing usable remains (STATUTE_EMPTY, STATUTE_NO_TITLE,
STATUTE_NO_ARTICLES).

>>> text = '''# 中华人民共和国城乡规划法
...
... 2007年10月28日 第十届全国人民代表大会常务委员会第三十次会议通过
...
... <!-- INFO END -->
...
... ## 第七章 法律责任
...
... 第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证进行建设的，由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。
... '''
>>> ps = parse_statute(text, "行政法/城乡规划法(2019-04-23).md")
>>> ps.statute.key, ps.statute.level.value, str(ps.version.version)
('城乡规划法', '法律', '2019-04-23')
>>> p = ps.provisions[0]
>>> str(p.id), p.heading, p.township_competent
('城乡规划法@2019-04-23/art_65', ('第七章 法律责任',), True)
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath

from ingest.citations import Citation, parse_citations, to_provision_ids
from ingest.penalties import analyse_penalty
from ingest.penalty_bodies import infer_competent_bodies
from ingest.statute_dates import (
    _DATE,
    _EFFECTIVE,
    _date,
    _repeal_titles,
    _sentence,
    effective_clause,
    find_repeals,
    read_effective_dates,
)
from ingest.statute_meta import infer_level_region, parse_events
from kg.errors import ParseError
from kg.model import (
    Diagnostic,
    Item,
    Level,
    Paragraph,
    ParsedStatute,
    Provision,
    ProvisionId,
    RepealMention,
    Statute,
    StatuteVersion,
    VersionEvent,
    statute_key,
)
from kg.numerals import ARTICLE_LABEL_PATTERN, cn_to_int

_numeral = lru_cache(maxsize=4096)(cn_to_int)  # labels repeat: 第一条 … in every file

__all__ = [
    "effective_clause",
    "find_repeals",
    "infer_level_region",
    "normalise_heading",
    "parse_events",
    "parse_repeal_decision",
    "parse_statute",
    "read_effective_dates",
]

# --------------------------------------------------------------------------
# line grammar
# --------------------------------------------------------------------------

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

_FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)")
_FILE_DATE_LOOSE = re.compile(r"\((\d{4}-\d{1,2}-\d{1,2})\)")
_REPEAL_MARK = re.compile(r"[（(【\[]\s*(?:已\s*)?(?:废止|失效)\s*[）)】\]]")
_TITLE_END = ("法", "条例", "规定", "办法", "细则", "决定", "规则", "解释", "意见", "通知", "批复", "标准", "章程",
              "修正案", "决议", "答复", "规程", "方案", "纲要", "命令", "令", "安排", "解答", "公告", "准则", "通则")

# --------------------------------------------------------------------------
# article buffers
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------


@dataclass
class _Header:
    title: str
    subtitle: str | None
    title_line: int
    body_start: int  # index into lines
    header_lines: list[str]


def _is_structural(line: str) -> bool:
    return bool(line.startswith("#") or _ARTICLE.match(line) or _CHAPTER.match(line) or line in ("目录", "目 录"))


def _read_header(lines: list[str], source: str) -> _Header:
    idx = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if idx is None:
        raise ParseError(source, None, "文件为空，没有任何文字", code="STATUTE_EMPTY")
    first = lines[idx].strip()
    markdown = first.startswith("#")
    stripped = _normalise_title(first)
    bare = first.lstrip("#").strip()
    if (not stripped or _ARTICLE.match(bare) or _CHAPTER.match(bare) or first == _INFO_END
            or len(stripped) > 150 or _DATE.match(stripped)):
        raise ParseError(source, idx + 1, "第一行不是法规标题（应为标题，而不是条文、章节或日期）",
                         code="STATUTE_NO_TITLE")
    title = stripped
    i = idx + 1
    subtitle: str | None = None
    if markdown:
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i < len(lines) and lines[i].startswith("# "):
            subtitle = _normalise_title(lines[i]) or None
            i += 1
    else:
        # a centred title may wrap: 中华人民共和国农村土地 / 承包经营纠纷调解仲裁法
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines):
            nxt = _normalise_title(lines[j])
            if (nxt and not title.endswith(_TITLE_END) and (title + nxt).endswith(_TITLE_END) and len(nxt) < 40
                    and not _is_structural(nxt) and not _DATE.search(nxt) and not nxt.startswith(("（", "("))):
                title += nxt
                i = j + 1
    marker = next((k for k in range(i, len(lines)) if lines[k].strip() == _INFO_END), None)
    if marker is not None:
        return _Header(title, subtitle, idx + 1, marker + 1, lines[i:marker])
    k = i
    while k < len(lines) and not _is_structural(lines[k].strip().lstrip("　")):
        k += 1
    return _Header(title, subtitle, idx + 1, k, lines[i:k])


def _context(buf_meta: list[tuple[int, int | None]], offsets: list[int], pos: int, base: ProvisionId) -> ProvisionId:
    """Where in the article the character ``pos`` lies: article, paragraph and item."""
    k = max(0, bisect_right(offsets, pos) - 1)
    para, item = buf_meta[k]
    return ProvisionId(base.statute, base.version, base.article, base.suffix, para, item)


@dataclass
class _Collector:
    source: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def warn(self, line: int | None, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.source, line, code, message, severity="warning"))


def _build_provision(
    buf: _ArticleBuf, key: str, version: date | None, out: _Collector
) -> tuple[Provision, list[tuple[ProvisionId, int]]]:
    """The provision of one buffered article, and its internal citations (for the dangling check)."""
    pid = ProvisionId(key, version, buf.number, buf.suffix)
    text = "\n".join(buf.lines)
    citations = parse_citations(text, start=len(buf.label))  # the label is no citation
    offsets: list[int] = []  # start of each text line, for relative citations
    if any(c.relative for c in citations):
        pos = 0
        for ln in buf.lines:
            offsets.append(pos)
            pos += len(ln) + 1
    cites: list[ProvisionId] = []
    internal: list[tuple[ProvisionId, int]] = []
    seen: set[tuple[str, date | None, int, int]] = set()
    own = (key, version, buf.number, buf.suffix)
    resolved: dict[Citation, list[ProvisionId]] = {}
    for c in citations:
        try:
            ctx = _context(buf.meta, offsets, c.start, pid) if c.relative else None
            ids = to_provision_ids(c, key, version, context=ctx)
        except ValueError:
            out.warn(buf.line, "CITATION_UNRESOLVED",
                     f"{buf.label}中的引用“{c.raw}”无法定位（如第一款中的“前款”），已忽略")
            continue
        resolved[c] = ids
        for target in ids:
            if c.title is None and c.relative is None:
                internal.append((target, buf.line))
            art = (target.statute, target.version, target.article, target.suffix)
            if art == own or art in seen:
                continue
            seen.add(art)
            cites.append(target if target.is_article else target.article_id())
    info = analyse_penalty(text, citations=citations)
    violated: list[ProvisionId] = []
    # every consequence-setting article keeps its 违则: a 罚则, and a 处理依据 that only orders (由乡、镇人民政府
    # 责令停止建设、限期改正) — officers look for the order's basis as much as for a fine's
    if info.sanctions:
        for c in info.violated:
            targets = resolved.get(c)
            if targets is None:  # re-anchored by the penalty analysis (…第十五条第一款…违反第一项规定)
                try:
                    targets = to_provision_ids(c, key, version)
                except ValueError:
                    targets = []
            for target in targets:
                if target not in violated:
                    violated.append(target)
        # 违反规定的 after the article's own rules: those paragraphs (a self-reference, as 违反本条第二款)
        violated.extend(replace(pid.article_id(), paragraph=n) for n in info.own_rule_paragraphs)
    # a paragraph's text holds its items too, as 第X款 is cited with them
    paragraphs: list[Paragraph] = []
    for para in buf.paragraphs:
        if para.items:
            items = tuple([Item(it.number, "\n".join(it.lines), tuple(it.subitems)) for it in para.items])
            lead = "\n".join(para.lines)
            joined = "\n".join([it.text for it in items])
            paragraphs.append(Paragraph(f"{lead}\n{joined}" if lead else joined, items))
        else:
            paragraphs.append(Paragraph("\n".join(para.lines)))
    prov = Provision(
        id=pid, text=text, paragraphs=tuple(paragraphs), heading=buf.heading, line=buf.line,
        sanctions=info.sanctions, competent_body=info.competent_body,
        competent_body_source="clause" if info.competent_body else None,
        township_competent=info.township_competent, violated=tuple(violated), cites=tuple(cites),
    )
    return prov, internal


def _version_date(source: str, events: list[VersionEvent], out: _Collector) -> date | None:
    name = PurePosixPath(source.replace("\\", "/")).name
    m = _FILE_DATE.search(name) or _FILE_DATE_LOOSE.search(name)
    if m:
        try:
            y, mo, d = (int(x) for x in m.group(1).split("-"))
            return date(y, mo, d)
        except ValueError:
            out.warn(None, "FILENAME_DATE_INVALID", f"文件名中的日期“{m.group(1)}”无效，改用沿革中的日期")
    for kinds in (("修正", "修订", "公布"), ("通过", "批准")):
        days = [e.day for e in events if e.kind in kinds]
        if days:
            return max(days)
    return None


_AMENDING_TITLE = re.compile("修正案|修改|废止|失效")
_TRIAL_MARK = re.compile(r"\s*[（(](?:试行|暂行)[）)]$")  # 关于人民法院执行工作若干问题的规定（试行）
# a section heading numbered 一、 (## 一、实际损失的赔偿范围): in a text without articles, each section is one
_ORDINAL_HEADING = re.compile(r"^#{1,6}\s*(?=[一二三四五六七八九十百]{1,4}\s*、)")
_ORDINAL_ARTICLE = re.compile(r"^(?P<num>[一二三四五六七八九十百]{1,4})\s*、\s*")
_ARABIC_ARTICLE = re.compile(r"^(?P<num>\d{1,3})\s*[.．、](?!\d)\s*")


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


def parse_statute(text: str, source: str) -> ParsedStatute:
    """Parse one statute (Markdown or plain text); see the module docstring."""
    out = _Collector(source)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    head = _read_header(lines, source)
    title = head.title
    repealed = bool(_REPEAL_MARK.search(title))
    if repealed:
        title = _REPEAL_MARK.sub("", title).strip()
    events, bad = parse_events(head.header_lines)
    for chunk in bad:
        out.warn(None, "EVENT_BAD_DATE", f"沿革中的日期无效，已跳过：{chunk[:40]}")
    key = statute_key(title)
    version = _version_date(source, events, out)
    if version is None:
        out.warn(head.title_line, "STATUTE_NO_VERSION_DATE", "文件名和沿革中都没有版本日期，版本记为未注明日期")

    articles = _body_articles(lines, head.body_start, title, source, out)
    provisions = _number_provisions(articles, key, version, out)

    # -- statute and version ------------------------------------------------------
    events_text = " ".join(e.text for e in events)
    level, region = infer_level_region(source, title, events_text)
    if level is Level.OTHER:
        out.warn(head.title_line, "LEVEL_UNKNOWN", f"无法从路径或标题判断《{title}》的效力级别，记为“其他”")
    _check_truncated(provisions, level, source, out)
    if level is Level.JUDICIAL_INTERPRETATION:
        # an interpretation directs courts: its 罚款、拘留、没收 are judicial measures, never a 行政处罚
        provisions = [replace(p, sanctions=(), competent_body=None, competent_body_source=None,
                              competent_body_basis=None, township_competent=False, violated=())
                      if p.sanctions else p for p in provisions]
    aliases = tuple(dict.fromkeys(a for a in (key, title, head.subtitle) if a))
    statute = Statute(key=key, title=title, level=level, region=region, aliases=aliases)

    promulgated = _latest(events, ("公布",)) or _latest(events, ("通过", "修正", "修订", "批准"))
    clause = effective_clause(provisions)
    dates = read_effective_dates(events, clause, version)
    if dates.own is None:
        out.warn(head.title_line, "EFFECTIVE_DATE_UNKNOWN", "题注和附则中都没有读到本版本的施行日期")
    if any(e.kind == "废止" for e in events):
        repealed = True
    sv = StatuteVersion(
        statute_key=key, version=version, source=source, events=tuple(events), promulgated=promulgated,
        effective=dates.own, valid_from=dates.own or promulgated or version, repealed=repealed,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        valid_from_basis=dates.own_basis, valid_from_certain=dates.own_certain,
        first_effective=dates.first, first_effective_basis=dates.first_basis,
        first_effective_certain=dates.first_certain,
        repeals=find_repeals(provisions, clause, dates, key, title),
    )
    return ParsedStatute(statute, sv, tuple(provisions), tuple(out.diagnostics))


# a closing article: 本条例自…起施行 / …同时废止 / 由…负责解释 / 参照本条例执行
_CLOSING = re.compile(r"(?:起|之日)(?:施行|生效|实施|执行)|(?:施行|生效)[。）)]|废止|解释|参照[^。]{0,30}执行|公布之日")
_LEGISLATION = frozenset({Level.LAW, Level.ADMIN_REGULATION, Level.LOCAL_REGULATION, Level.DEPARTMENT_RULE,
                          Level.LOCAL_RULE})


def _check_truncated(provisions: Sequence[Provision], level: Level, source: str, out: _Collector) -> None:
    """Warn when a statute file looks cut short: its last article is no closing clause (施行, 解释 …).

    Legislation ends with its effective-date or interpretation article; a file whose last article is an
    ordinary rule (浙江省消防条例 in the corpus stops at article 18, in chapter 3) has lost its tail, and
    with it perhaps its 法律责任 chapter.  Parts of a code split over files (民法典) are exempt.
    """
    if level not in _LEGISLATION or not provisions or "民法典" in PurePosixPath(source.replace("\\", "/")).parts:
        return
    last = provisions[-1]
    if _CLOSING.search(last.text):
        return
    chapter = f"（在“{last.heading[-1]}”中）" if last.heading else ""
    out.warn(last.line, "STATUTE_TRUNCATED",
             f"最后一条{last.label}{chapter}不是施行或解释条款，文件可能不完整（后续条文、法律责任或附则缺失）")


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


def _number_provisions(articles: list[_ArticleBuf], key: str, version: date | None,
                       out: _Collector) -> list[Provision]:
    """One provision per article number (the first of duplicates); warns of gaps and dangling internal cites."""
    provisions: list[Provision] = []
    seen: dict[tuple[int, int], int] = {}
    internal: list[tuple[ProvisionId, int]] = []
    prev: tuple[int, int] | None = None
    jumps: list[str] = []
    for buf in articles:
        num = (buf.number, buf.suffix)
        if num in seen:
            out.warn(buf.line, "ARTICLE_DUPLICATE",
                     f"{buf.label}重复出现（首次在第{seen[num]}行），保留首次出现的条文")
            continue
        if prev is None and num[0] > 1:
            jumps.append(f"从{buf.label}开始（第{buf.line}行），缺少前面的条文")
        if prev is not None and not (num[0] == prev[0] and num[1] == prev[1] + 1) and num != (prev[0] + 1, 0):
            jumps.append(f"{ProvisionId(key, None, prev[0], prev[1]).article_label}之后是{buf.label}（第{buf.line}行）")
        prev = num
        seen[num] = buf.line
        prov, refs = _build_provision(buf, key, version, out)
        provisions.append(prov)
        internal.extend(refs)
    if jumps:
        out.warn(None, "ARTICLE_SEQUENCE",
                 f"条文编号不连续{len(jumps)}处：" + "；".join(jumps[:3]) + ("等" if len(jumps) > 3 else ""))
    provisions = infer_competent_bodies(provisions)
    existing = {(p.id.article, p.id.suffix) for p in provisions}
    dangling = [(t, ln) for t, ln in internal if (t.article, t.suffix) not in existing]
    if dangling:
        shown = "；".join(f"第{ln}行引用{t.article_label}" for t, ln in dangling[:3])
        out.warn(dangling[0][1], "CITATION_DANGLING",
                 f"{len(dangling)}处本法规内部引用指向不存在的条文：{shown}" + ("等" if len(dangling) > 3 else ""))
    return provisions


def _latest(events: Sequence[VersionEvent], kinds: tuple[str, ...]) -> date | None:
    days = [e.day for e in events if e.kind in kinds]
    return max(days) if days else None


def parse_repeal_decision(text: str, source: str) -> tuple[str, tuple[RepealMention, ...]]:
    r"""A 废止 decision without articles ("一、废止《…》（…通过）"): its title and the statutes it repeals.

    The day is the decision's own: "本决定自…起施行", else (自公布之日) its
    公布 date, else its 通过 date, which the quoted text then says is presumed.

    >>> t = ("# 北京市人民代表大会常务委员会关于废止部分地方性法规的决定\n\n2021年9月24日 北京市第十五届人民代表大会常务委员会第三十三次会议通过\n\n"
    ...      "<!-- INFO END -->\n\n一、废止《北京市反不正当竞争条例》（1994年7月22日北京市第十届人民代表大会常务委员会第十一次会议通过）\n\n"
    ...      "本决定自公布之日起施行。")
    >>> title, (m,) = parse_repeal_decision(t, "x.md")
    >>> m.title, m.day, m.provision is None
    ('北京市反不正当竞争条例', datetime.date(2021, 9, 24), True)
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    head = _read_header(lines, source)
    events, _ = parse_events(head.header_lines)
    body = "\n".join(ln.strip() for ln in lines[head.body_start:] if ln.strip())
    m = _EFFECTIVE.search(body)
    day: date | None = None
    how = ""
    if m and m.group("date"):
        dm = _DATE.search(m.group("date"))
        day = _date(dm) if dm else None
        how = _sentence(body, m.start(), m.end())
    else:
        pub = [e for e in events if e.kind == "公布"] or [e for e in events if e.kind in ("通过", "批准")]
        if pub:
            first = min(pub, key=lambda e: e.day)
            day = first.day
            how = (_sentence(body, m.start(), m.end()) if m else "") + f"（按“{first.text}”计）"
    out: list[RepealMention] = []
    for line in body.split("\n"):
        for title in _repeal_titles(line):
            out.append(RepealMention(title, None, day, f"{line}{'；' + how if how else ''}"))
    return head.title, tuple(out)
