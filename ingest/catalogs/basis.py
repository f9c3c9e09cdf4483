"""Basis cells to links: citations parsed, each with its role (违则 / 罚则 / 设定依据)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.catalogs.vocabulary import _LABEL_RE, _LABEL_ROLE, _TITLE_RE
from ingest.citations import Citation, parse_citations, render_citation
from kg.model import (
    BasisLink,
    BasisRole,
    ProvisionId,
    Resolution,
)

# --------------------------------------------------------------------------
# basis cells → links
# --------------------------------------------------------------------------


def citation_text(title: str, c: Citation) -> str:
    """A self-contained citation: 《title》 plus the article label (resolution re-parses it)."""
    assert c.article is not None
    pid = ProvisionId("x", None, c.article, c.suffix or 0, c.paragraph, c.item,
                      c.subitem if c.item is not None else None)
    return render_citation(pid, title)


def _segments(text: str, default: BasisRole) -> list[tuple[int, BasisRole]]:
    """(start offset, role) of each labelled part of a basis cell; one segment when unlabelled."""
    marks = [(m.start(), _LABEL_ROLE[m.group(1) or m.group(2)]) for m in _LABEL_RE.finditer(text)]
    if not marks:
        return [(0, default)]
    if marks[0][0] > 0:
        marks.insert(0, (0, default))
    return marks


def _role_at(segments: list[tuple[int, BasisRole]], pos: int) -> BasisRole:
    role = segments[0][1]
    for start, r in segments:
        if start <= pos:
            role = r
    return role


@dataclass
class _BasisResult:
    links: list[BasisLink]
    cells: int = 0  # non-empty basis cells
    parsed: int = 0  # cells in which at least one article citation was found
    found: int = 0  # article citations found (before dropping excluded ones and duplicates)


def basis_links(
    cells: Sequence[tuple[BasisRole, str]],
    default_title: str | None = None,
    *,
    exclude_articles: frozenset[tuple[int, int]] = frozenset(),
) -> _BasisResult:
    """Links for the basis cells of one row, as (column role, text) pairs.

    Citations without a title take ``default_title`` (the row's 法规规章)
    when there is one, else the title cited before them in the same cell;
    internal citations (本法 / 本条例) take ``default_title`` only.  Citations of an article in
    ``exclude_articles`` ((article, suffix)) are left out.
    """
    result = _BasisResult([])
    seen: set[tuple[BasisRole, str]] = set()
    for column_role, text in cells:
        if not text.strip():
            continue
        result.cells += 1
        segments = _segments(text, column_role)
        found = False
        last_title: str | None = None
        for c in parse_citations(text):
            if c.title:
                last_title = c.title
            if c.article is None:
                continue
            found = True
            result.found += 1
            if (c.article, c.suffix or 0) in exclude_articles:
                continue
            role = _role_at(segments, c.start)
            title = c.title or default_title or (None if c.internal else last_title)
            if title:
                link = BasisLink(role, citation_text(title, c), Resolution.UNPARSED)
            else:
                why = ("引文为“本法/本条例”等内部引用，目录未写明所指法规" if c.internal
                       else "引文未写明法律法规名称")
                link = BasisLink(role, c.raw, Resolution.UNPARSED, reason=why)
            if (link.role, link.citation) not in seen:
                seen.add((link.role, link.citation))
                result.links.append(link)
        if found:
            result.parsed += 1
        else:
            snippet = text.strip().replace("\n", " ")
            titles = list(dict.fromkeys(_TITLE_RE.findall(text)))
            reason = (f"只写明了{'、'.join(titles[:3])}，未写明第几条" if titles
                      else "未能从依据文字中识别出条文引用（需写明法规名称和第几条）")
            result.links.append(BasisLink(column_role, snippet[:200], Resolution.UNPARSED, reason=reason))
    return result


