"""Hits and groups of an answer: a ranked document as a ``Hit`` with its snippet, 违则/罚则 pairs and catalog
items with their basis as ``HitGroup``; and the document a provision id names, as partners and groups look it up."""

from __future__ import annotations

import html

import numpy as np

from kg.analysis import longest_first
from kg.model import ProvisionId
from kg.search.query import _Query
from kg.search.snippets import SNIPPET_CHARS, make_snippet
from kg.search.state import _State
from kg.search.types import Hit, HitGroup
from kg.search.understand import _article_key


def _article_doc_id(pid: str) -> str:
    try:
        return str(ProvisionId.parse(pid).article_id())
    except ValueError:
        return pid


class _Hits:
    """``WhooshIndex``'s hits and 违则/罚则 groups (``_Ranking`` finds partners with ``_find_doc`` too)."""

    def _find_doc(self, st: _State, pid: str, mask: np.ndarray) -> int | None:
        d = st.by_id.get(pid)
        if d is None:
            d = st.by_id.get(_article_doc_id(pid))
        if d is not None and mask[d]:
            return d
        try:
            p = ProvisionId.parse(pid)
        except ValueError:
            return None
        for cand in st.by_article.get((p.statute, _article_key(p.article, p.suffix)), []):
            if mask[cand]:
                return cand
        return None

    def _highlight_terms(self, q: _Query) -> list[str]:
        words = {w for w in q.typed if len(w) >= 2} | {b for _, b in q.expansions}
        return sorted(words, key=longest_first)

    def _hit(self, st: _State, d: int, score: float, terms: list[str] | None, why: list[str]) -> Hit:
        """A result; ``terms`` None: a partner shown in a group, its snippet is the opening of the text."""
        stored = st.stored(d)
        data = stored.get("data") or {}
        text = data.get("text") or ""
        return Hit(
            provision_id=stored.get("doc_id", st.doc_id[d]), kind=data.get("kind", "provision"),
            statute_key=data.get("statute_key", ""), statute_title=data.get("statute_title", ""),
            article=data.get("article", ""), version=data.get("version"), level=data.get("level", ""),
            region=data.get("region"), score=score, text=text,
            snippet=make_snippet(text, terms) if terms is not None else html.escape(text[:SNIPPET_CHARS]),
            is_penalty=bool(data.get("is_penalty")), violated=tuple(data.get("violated") or ()),
            penalized_by=tuple(data.get("penalized_by") or ()), item_code=data.get("item_code"),
            item_name=data.get("item_name"), catalog_key=data.get("catalog_key"),
            townships=tuple(data.get("townships") or ()), department=data.get("department"),
            basis=tuple((str(b[0]), str(b[1])) for b in data.get("basis") or ()),
            why=tuple(dict.fromkeys(why)),
        )

    def _groups(self, st: _State, hits: list[Hit], mask: np.ndarray) -> list[HitGroup]:
        """违则/罚则 pairs among the hits (partners looked up when missing), and items with their basis."""
        by_id = {h.provision_id: h for h in hits}
        groups: list[HitGroup] = []
        used: set[str] = set()

        def fetch(pid: str) -> Hit | None:
            if pid in by_id:
                return by_id[pid]
            d = self._find_doc(st, pid, mask)
            if d is None:
                return None
            doc_id = st.doc_id[d]
            if doc_id in by_id:
                return by_id[doc_id]
            return self._hit(st, d, 0.0, None, [])

        for h in hits:
            if h.provision_id in used:
                continue
            if h.kind == "item":
                basis = [(role, fetch(pid)) for role, pid in h.basis]
                pen = next((b for role, b in basis if b and role == "罚则"), None)
                viol = [b for _, b in basis if b and b is not pen]
                groups.append(HitGroup(f"{h.item_name or h.provision_id}（事项）", pen, viol, [h], h.score))
                used.add(h.provision_id)
                continue
            if h.is_penalty or h.violated:  # a 罚则, or a 处理依据 that only orders
                viol = [v for v in (fetch(pid) for pid in h.violated) if v is not None]
                used.add(h.provision_id)
                used.update(v.provision_id for v in viol)
                groups.append(HitGroup(f"{h.statute_title} {h.article}（{h.role}）", h, viol, [], h.score))
            elif h.penalized_by:
                pens = [p for p in (fetch(pid) for pid in h.penalized_by[:2]) if p is not None]
                if not pens or pens[0].provision_id in used:
                    continue
                pen = pens[0]
                viol = [h] + [v for v in (fetch(pid) for pid in pen.violated)
                              if v is not None and v.provision_id != h.provision_id][:3]
                used.add(h.provision_id)
                used.add(pen.provision_id)
                groups.append(HitGroup(f"{pen.statute_title} {pen.article}（{pen.role}）", pen, viol, [], h.score))
        return groups
