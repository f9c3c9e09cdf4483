"""Query understanding: statute titles, article numbers, regions and the catalog form taken out of the
free text, everyday expressions expanded (steps 1-3 of ``kg.search``).

``_QueryUnderstanding`` puts the steps together; its parts are ``statute_names`` (statute titles and
aliases), ``query_regions`` (the query's and the user's regions) and ``query_terms`` (the free text's
weighed and expanded terms); ``query`` holds ``_Query``, what they find.  Article numbers are read here.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from kg.analysis import tokenize
from kg.numerals import CN_NUMERAL_CHARS, cn_to_int
from kg.search.query import _clean, _Query
from kg.search.query_regions import _QueryRegions
from kg.search.query_terms import _QueryTerms, _weights
from kg.search.statute_names import _StatuteNames

_NUM = f"[0-9{CN_NUMERAL_CHARS}]"
_ARTICLE_RE = re.compile(
    rf"(?:第\s*)?({_NUM}{{1,8}})\s*条(?:\s*之\s*({_NUM}{{1,3}}))?"
    rf"(?:\s*第?\s*{_NUM}{{1,4}}\s*款)?(?:\s*第?\s*[\(（]?\s*{_NUM}{{1,4}}\s*[\)）]?\s*项)?"
)

_PENALTY_INTENT = ("处罚", "罚款", "罚则", "怎么罚", "罚多少", "查处")


def _article_from_match(m: re.Match[str]) -> tuple[int, int] | None:
    try:
        art = cn_to_int(m.group(1))
        suffix = cn_to_int(m.group(2)) if m.group(2) else 0
    except ValueError:
        return None
    if not 1 <= art <= 2000 or suffix > 50:
        return None
    return art, suffix


def _article_key(article: int, suffix: int) -> str:
    return f"{article}-{suffix}" if suffix else str(article)


def _take_article(q: _Query, free: str, spans: list[tuple[int, int]]) -> None:
    """The first article number outside the statute titles (``64条``, ``第六十四条之一``)."""
    for m in _ARTICLE_RE.finditer(free):
        art = _article_from_match(m)
        if art and not any(a <= m.start() < b for a, b in spans):
            q.article = art
            spans.append(m.span())
            break


class _QueryUnderstanding(_StatuteNames, _QueryRegions, _QueryTerms):
    """``WhooshIndex``'s query understanding: statute titles, regions, article numbers, synonyms."""

    # -- query understanding
    def _understand(self, query: Any, plain: bool) -> _Query:
        """Steps 1-3 of ``kg.search``: clean, take out statutes, article and regions, weigh and expand the rest."""
        q = _clean(query)
        if plain:
            q.terms = _weights(tokenize(q.text))
            q.typed = set(q.terms)
            return q
        free = q.text.replace(" ", "")
        spans: list[tuple[int, int]] = []
        self._take_statutes(q, free, spans)
        _take_article(q, free, spans)
        self._take_regions(q, free, spans)
        for a, b in sorted(spans, reverse=True):
            free = free[:a] + " " + free[b:]
        q.free = re.sub(r"\s+", " ", free).strip()
        q.penalty_intent = any(w in q.text for w in _PENALTY_INTENT)
        tokens, typed_words = self._weigh(q)
        self._expand(q, tokens, typed_words)
        return q

    def _suggest(self, q: _Query) -> list[str]:
        """Did-you-mean: everyday expressions and statute titles close to the query."""
        text = q.free.replace(" ", "") or q.text.replace(" ", "")
        if not text or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return ["占道经营", "未批先建", "露天焚烧秸秆", "建筑垃圾", "夜间施工噪声"]
        pool = list(self.synonyms.triggers)
        out = difflib.get_close_matches(text, pool, n=4, cutoff=0.4)
        grams = {text[i: i + 2] for i in range(len(text) - 1)}
        for t in pool:
            if len(out) >= 6:
                break
            if t not in out and len(t) >= 2 and any(g in t for g in grams):
                out.append(t)
        out.extend(self._similar_titles(text)[:2])
        return list(dict.fromkeys(out))

