"""Statute names in a query: the titles and aliases of the indexed statutes, taken out of the free text
(``《…》`` first, then known names anywhere, longest first), and titles close to a name the index lacks."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any

from kg.analysis import longest_first, normalize
from kg.model import statute_key
from kg.search.query import _Query

_BOOK_TITLE = re.compile(r"《([^《》]{1,60})》")

def _title_like(name: str) -> bool:
    """Recognise only names that look like statute names, not any two-character alias."""
    return len(name) >= 3 or name.endswith(("法", "典"))


class _StatuteNames:
    """``_QueryUnderstanding``'s statute titles and aliases, from the index's meta file."""

    _meta: dict[str, Any]
    _title_index: dict[str, list[str]] | None
    _title_by_start: dict[str, list[str]]

    def statute_names(self) -> dict[str, list[str]]:
        """Normalised title/alias -> statute keys."""
        if self._title_index is None:
            idx: dict[str, list[str]] = defaultdict(list)
            for key, info in self._meta.get("statutes", {}).items():
                for name in {key, info.get("title") or key, *info.get("names", [])}:
                    for form in {normalize(name).replace(" ", ""), normalize(statute_key(name)).replace(" ", "")}:
                        if len(form) >= 2 and key not in idx[form]:
                            idx[form].append(key)
            self._title_index = dict(idx)
            by_start: dict[str, list[str]] = defaultdict(list)
            for name in idx:
                if _title_like(name):
                    by_start[name[:2]].append(name)
            self._title_by_start = {k: sorted(v, key=longest_first) for k, v in by_start.items()}
        return self._title_index

    def _resolve_statutes(self, statute: str) -> list[str]:
        names = self.statute_names()
        s = normalize(statute).replace(" ", "").strip("《》")
        if s in self._meta.get("statutes", {}):
            return [s]
        for form in (s, statute_key(s)):
            if form in names:
                return names[form]
        return []

    def _take_statutes(self, q: _Query, free: str, spans: list[tuple[int, int]]) -> None:
        """Statute titles: 《…》 first, then known names anywhere (longest first)."""
        names = self.statute_names()
        for m in _BOOK_TITLE.finditer(free):
            title = m.group(1)
            keys = names.get(title) or names.get(normalize(statute_key(title)).replace(" ", ""))
            if keys:
                q.statutes.extend(k for k in keys if k not in q.statutes)
            else:
                q.unknown_titles.append(title)
            spans.append(m.span())
        by_start = self._title_by_start
        i = 0
        while by_start and i < len(free) - 1:
            found = next((nm for nm in by_start.get(free[i: i + 2], ()) if free.startswith(nm, i)), None)
            if found and not any(a <= i < b for a, b in spans):
                q.statutes.extend(k for k in names[found] if k not in q.statutes)
                spans.append((i, i + len(found)))
                i += len(found)
            else:
                i += 1

    def _similar_titles(self, text: str) -> list[str]:
        names = self.statute_names()
        s = normalize(text).replace(" ", "").strip("《》")
        if not s:
            return []
        out: list[str] = []
        for c in difflib.get_close_matches(s, list(names), n=5, cutoff=0.5):
            key = names[c][0]
            out.append(self._meta["statutes"].get(key, {}).get("title", key))
        if not out:
            out = [info.get("title", k) for k, info in self._meta.get("statutes", {}).items()
                   if s in (info.get("title") or k)][:5]
        return list(dict.fromkeys(out))
