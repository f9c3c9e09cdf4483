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

The reading steps live beside this module: ``statute_lines`` (the line
grammar), ``statute_header`` (title and history), ``statute_articles`` (the
body as articles, 款, 项 and 目), ``statute_provisions`` (articles become
provisions), ``statute_diagnostics``; ``statute_meta`` and ``statute_dates``
read level, region, history and dates; ``repeal_decision`` reads a 废止
decision that has no articles.

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
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import PurePosixPath

from ingest.repeal_decision import parse_repeal_decision
from ingest.statute_articles import _body_articles
from ingest.statute_dates import effective_clause, find_repeals, read_effective_dates
from ingest.statute_diagnostics import _Collector
from ingest.statute_header import _read_header
from ingest.statute_lines import normalise_heading
from ingest.statute_meta import infer_level_region, parse_events
from ingest.statute_provisions import _number_provisions
from kg.model import (
    Level,
    ParsedStatute,
    Provision,
    Statute,
    StatuteVersion,
    VersionEvent,
    statute_key,
)
from kg.numerals import cn_to_int, int_to_cn

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

_FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)")
_FILE_DATE_LOOSE = re.compile(r"\((\d{4}-\d{1,2}-\d{1,2})\)")
_REPEAL_MARK = re.compile(r"[（(【\[]\s*(?:已\s*)?(?:废止|失效)\s*[）)】\]]")


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

    lines = _restore_unlabelled_chapters(lines, head.body_start)
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


_CHAPTER_LINE = re.compile(r"^(?P<marks>#*)\s*第\s*(?P<num>[零〇一二三四五六七八九十百两]+)\s*章")
_ARTICLE_LINE = re.compile(r"^第\s*[零〇一二三四五六七八九十百千两\d]+\s*条")
_BARE_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,15}$")


def _restore_unlabelled_chapters(lines: list[str], body_start: int) -> list[str]:
    """The body lines with chapter titles that lost their label restored as headings.

    Some corpus files lost the label of a chapter: between the last article of 第四章 and 第二十七条 stands the bare
    line 法律责任, and 第六章 附则 follows (河南省建设项目环境保护条例; 东营市城镇容貌和环境卫生管理条例 lost 第三章 and
    第五章).  Read as it stands, the line is a paragraph of the article before and the 罚则 stay under 第四章.  A bare
    title (2 to 15 characters, no punctuation) between an article and the next article label, in a file whose
    chapters are Markdown headings, is restored as a heading of their rank: numbered when the bare titles exactly
    fill the numbers the labelled chapters leave free (第四章 … 第六章; one title after the last chapter), else with
    its title alone (their number cannot be told: some may be sections).  第五章法律责任, a label without its
    space, is spaced.

    >>> body = ["## 第四章 竣工验收", "第二十六条 …验收合格后，方可投入生产。", "法律责任", "第二十七条 …处罚款。", "## 第六章 附则"]
    >>> _restore_unlabelled_chapters(body, 0)[2]
    '## 第五章 法律责任'
    """
    chapters = [(i, m) for i, m in ((i, _CHAPTER_LINE.match(lines[i].strip())) for i in range(body_start, len(lines)))
                if m and m.group("marks")]
    if not chapters:
        return lines
    out = list(lines)
    bare: list[int] = []
    for i in range(chapters[0][0] + 1, len(lines)):
        line = lines[i].strip()
        if not _BARE_TITLE.match(line) or line in ("目录", "附件", "附录"):
            continue
        prev = next((lines[k].strip() for k in range(i - 1, body_start - 1, -1) if lines[k].strip()), "")
        nxt = next((lines[k].strip() for k in range(i + 1, len(lines)) if lines[k].strip()), "")
        if not _ARTICLE_LINE.match(nxt) or prev.startswith("#") or _CHAPTER_LINE.match(prev):
            continue  # no article after it, or the second line of a heading (…死亡案件\n违法所得的没收程序)
        label = _CHAPTER_LINE.match(line)
        if label:
            out[i] = f"{chapters[0][1].group('marks')} {line[: label.end()]} {line[label.end():]}"
            continue
        bare.append(i)
    for n, (k, m) in enumerate(chapters):
        here = [i for i in bare if i > k and (n + 1 == len(chapters) or i < chapters[n + 1][0])]
        if not here:
            continue
        first = cn_to_int(m.group("num")) + 1
        free = (cn_to_int(chapters[n + 1][1].group("num")) - first) if n + 1 < len(chapters) else 1
        for j, i in enumerate(here):
            title = lines[i].strip()
            out[i] = (f"{m.group('marks')} 第{int_to_cn(first + j)}章 {title}" if len(here) == free
                      else f"{m.group('marks')} {title}")
    return out


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


def _latest(events: Sequence[VersionEvent], kinds: tuple[str, ...]) -> date | None:
    days = [e.day for e in events if e.kind in kinds]
    return max(days) if days else None
