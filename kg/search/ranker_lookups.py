"""The learned ranker's per-searcher lookups, built once per search state (``WhooshIndex.warm`` builds them):
which articles sit in a 法律责任 chapter, an article's place in its statute, each level's feature group, and
caches of a document's title, character units and 违则/罚则 partners read from its stored fields."""

from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np

from kg.analysis import tokenize
from kg.search.associations import load_associations
from kg.search.char_units import char_units
from kg.search.state import _State

LIABILITY_HEADING = "法律责任"  # the chapter that holds a statute's 罚则 (its heading is among the article tokens)
_PARTNER_CACHE = 65536  # documents whose partner ids stay in memory (read from stored fields once)
_LEVEL_GROUPS = {"法律": "law", "行政法规": "admin_reg", "部门规章": "dept_rule", "司法解释": "judicial",
                 "地方性法规": "local_level", "地方政府规章": "local_level"}


class _Lookups:
    def __init__(self, st: _State) -> None:
        p = st.postings("text", LIABILITY_HEADING)
        self.liability = np.zeros(st.n, dtype=bool)
        if p is not None:
            self.liability[p[0]] = True
        nums = np.array([_article_number(a) for a in st.article], dtype=np.float32)
        top = np.zeros(max(len(st.version_names), 1), dtype=np.float32)
        np.maximum.at(top, st.version_code, nums)
        self.position = np.where(nums > 0, nums / np.maximum(top[st.version_code], 1.0), 0.5).astype(np.float32)
        # statute code (or -1 - docnum for an item citing no statute) -> tokens and character units of its title
        self.titles: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        self.partners: dict[int, tuple[str, ...]] = {}  # docnum -> the ids its 违则/罚则 partners go by
        self.level_group = [_LEVEL_GROUPS.get(name, "") for name in st.level_names]
        self.units: dict[int, tuple[frozenset[str], frozenset[str]]] = {}  # docnum -> units of text, heading
        load_associations()  # read once with the other lookups (``WhooshIndex.warm``), not at the first question



def _article_number(article: str) -> int:
    head = article.partition("-")[0]
    return int(head) if head.isdigit() else 0



_LOOKUPS: WeakKeyDictionary[_State, _Lookups] = WeakKeyDictionary()



def lookups(st: _State) -> _Lookups:
    """The per-searcher lookups of the features (built on first use; ``WhooshIndex.warm`` builds them)."""
    got = _LOOKUPS.get(st)
    if got is None:
        got = _Lookups(st)
        _LOOKUPS[st] = got
    return got



def _title_key(st: _State, d: int) -> int:
    """What a document's title is cached under: its statute code, or, for a catalog item that cites no statute,
    its own number (those items share one empty statute code: never one slot)."""
    code = int(st.statute_code[d])
    return code if st.statute_names[code] else -1 - d



def _title(st: _State, lk: _Lookups, d: int) -> tuple[frozenset[str], frozenset[str]]:
    """The tokens and the character units of the title a document goes by: its statute's, or an item's own name."""
    key = _title_key(st, d)
    got = lk.titles.get(key)
    if got is None:
        data = st.stored(d).get("data") or {}
        title = str(data.get("statute_title") or data.get("item_name") or st.statute_names[int(st.statute_code[d])])
        got = (frozenset(tokenize(title)), char_units(title))
        lk.titles[key] = got
    return got



def _doc_units(st: _State, lk: _Lookups, d: int) -> tuple[frozenset[str], frozenset[str]]:
    got = lk.units.get(d)
    if got is None:
        data = st.stored(d).get("data") or {}
        heading = str(data.get("heading") or "")
        text = str(data.get("text") or data.get("item_name") or "")
        got = (char_units(f"{heading} {text}"), char_units(heading))
        if len(lk.units) >= _PARTNER_CACHE:
            lk.units.clear()
        lk.units[d] = got
    return got



def _partner_ids(st: _State, lk: _Lookups, d: int) -> tuple[str, ...]:
    got = lk.partners.get(d)
    if got is None:
        data = st.stored(d).get("data") or {}
        ids = [*(data.get("violated") or ()), *(data.get("penalized_by") or ())]
        got = tuple(dict.fromkeys(i for p in ids for i in (p, p.partition("/para_")[0])))
        if len(lk.partners) >= _PARTNER_CACHE:
            lk.partners.clear()
        lk.partners[d] = got
    return got
