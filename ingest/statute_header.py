"""The head of a statute text: its title (perhaps wrapped, with a subtitle) and the history lines before the body."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.statute_dates import _DATE
from ingest.statute_lines import _ARTICLE, _CHAPTER, _INFO_END, _normalise_title
from kg.errors import ParseError

_TITLE_END = ("法", "条例", "规定", "办法", "细则", "决定", "规则", "解释", "意见", "通知", "批复", "标准", "章程",
              "修正案", "决议", "答复", "规程", "方案", "纲要", "命令", "令", "安排", "解答", "公告", "准则", "通则")


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
