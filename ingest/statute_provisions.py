"""Buffered articles become provisions: citations resolved, penalty facts read, numbering checked."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from datetime import date

from ingest.citations import Citation, parse_citations, to_provision_ids
from ingest.penalties import analyse_penalty
from ingest.penalty_bodies import infer_competent_bodies
from ingest.statute_articles import _ArticleBuf
from ingest.statute_diagnostics import _Collector
from kg.model import Item, Paragraph, Provision, ProvisionId


def _context(buf_meta: list[tuple[int, int | None]], offsets: list[int], pos: int, base: ProvisionId) -> ProvisionId:
    """Where in the article the character ``pos`` lies: article, paragraph and item."""
    k = max(0, bisect_right(offsets, pos) - 1)
    para, item = buf_meta[k]
    return ProvisionId(base.statute, base.version, base.article, base.suffix, para, item)


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
