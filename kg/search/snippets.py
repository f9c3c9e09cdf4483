"""Snippets: the passage of an article around the query's words."""

from __future__ import annotations

import html
from collections.abc import Sequence

from kg.analysis import normalize_aligned

# --------------------------------------------------------------------------
# Snippets
# --------------------------------------------------------------------------

SNIPPET_CHARS = 120


def make_snippet(text: str, terms: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the densest matches, terms in <em>, HTML-escaped.

    >>> make_snippet("第六十四条 未取得建设工程规划许可证进行建设的，由……", ["建设工程规划许可证"])
    '第六十四条 未取得<em>建设工程规划许可证</em>进行建设的，由……'
    """
    if not text:
        return ""
    norm = normalize_aligned(text)
    if len(norm) != len(text):
        text = norm
    spans: list[tuple[int, int]] = []
    taken = [False] * len(norm)
    for term in terms[:40]:
        if not term:
            continue
        start = 0
        while True:
            pos = norm.find(term, start)
            if pos < 0:
                break
            end = pos + len(term)
            if not any(taken[pos:end]):
                spans.append((pos, end))
                for i in range(pos, end):
                    taken[i] = True
            start = pos + 1
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:  # 建设工程 + 规划许可证 side by side: one highlight
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    spans = merged
    if len(text) <= width:
        lo, hi = 0, len(text)
    elif spans:
        best, best_lo = -1, 0
        for a, _ in spans:
            lo_c = max(0, a - 20)
            covered = sum(e - s for s, e in spans if s >= lo_c and e <= lo_c + width)
            if covered > best:
                best, best_lo = covered, lo_c
        lo, hi = best_lo, min(len(text), best_lo + width)
    else:
        lo, hi = 0, width
    out: list[str] = ["…" if lo > 0 else ""]
    cur = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out.append(html.escape(text[cur:s]))
        out.append(f"<em>{html.escape(text[s:e])}</em>")
        cur = e
    out.append(html.escape(text[cur:hi]))
    if hi < len(text):
        out.append("…")
    return "".join(out)
