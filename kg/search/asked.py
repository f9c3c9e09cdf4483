"""Articles the officers asked for: a question word -> article table learned from the training cases.

The word associations (``kg.search.associations``) reach an article only through its wording: 电子秤 -> 计量器具
helps an article that says 计量器具.  Officers ask for the same articles again and again in words the article does
not hold (of the newest training cases, most expect an article an older case expects too).  ``learn`` counts, for
each word of a question, in how many cases each expected article (by ``article_key``: every version of the article
shares it) was the answer, and keeps the articles asked far more often with the word than at large: a smoothed
lift log P(article | word) / P(article), seen in at least ``min_count`` cases (document expansion from the
questions, doc2query in reverse: the words officers used when the article was the answer).
``asked_features`` turns the table into features of a candidate: over the question's words, the mean and the max
of the candidate article's lift and the share of the words that name it.

The table ships as ``asked.json`` beside this module, written with the ranker's weights by
``bench/train_ranker.py --write`` from all training cases; it says from what and when it was learned.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from kg.evaluation import _key
from kg.search.state import _State

ASKED_PATH = Path(__file__).with_name("asked.json")
ASKED_FEATURES = ("asked_sum", "asked_max", "asked_share")
MIN_COUNT = 2  # cases a (word, article) pair must share: one case's pair is its own question, not a habit
TOP_K = 30  # articles kept per question word
PRIOR = 2.0  # pseudo-cases at the article's overall rate: a word seen in few cases is pulled towards no lift
MIN_LIFT = 1.0  # log P(article | word) / P(article): at least e times the article's overall rate


def article_key(statute_title: str, article: str) -> str:
    """The key every version of an article shares: its statute's normalised key (``kg.evaluation._key``, as the
    evaluation matches an expected article) and its article number.

    >>> article_key("中华人民共和国计量法", "26")
    '计量法|26'
    """
    return f"{_key(statute_title)}|{article}"


@dataclass(frozen=True)
class Asked:
    """Question word -> {article key: lift}."""

    table: dict[str, dict[str, float]]
    info: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"info": self.info,
                "words": {w: [[a, round(s, 3)] for a, s in sorted(arts.items(), key=lambda kv: (-kv[1], kv[0]))]
                          for w, arts in sorted(self.table.items())}}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Asked:
        table = {str(w): {str(a): float(s) for a, s in pairs} for w, pairs in raw["words"].items()}
        return cls(table, dict(raw.get("info") or {}))


@lru_cache(maxsize=4)
def load_asked(path: str = str(ASKED_PATH)) -> Asked | None:
    """The shipped table, or None when the file is absent (the asked features are then 0)."""
    p = Path(path)
    if not p.is_file():
        return None
    return Asked.from_json(json.loads(p.read_text(encoding="utf-8")))


def learn(cases: Iterable[tuple[Collection[str], Collection[str]]], *, min_count: int = MIN_COUNT,
          top_k: int = TOP_K, prior: float = PRIOR, min_lift: float = MIN_LIFT) -> Asked:
    """The table from (question words, keys of the expected articles) pairs.

    P(a | w) is the share of the cases with question word ``w`` that expect article ``a``, smoothed by ``prior``
    pseudo-cases at the article's rate over all cases P(a); a pair is kept when seen in ``min_count`` cases and
    its lift log P(a | w) / P(a) is at least ``min_lift``.

    >>> cases = [({"电子秤", "遥控器"}, {"计量法|26"}), ({"电子秤"}, {"计量法|26"}), ({"摆摊"}, {"市容|17"}),
    ...          ({"摆摊"}, {"市容|17"}), ({"占道"}, {"市容|17"}), *(({"罚款"}, {f"其他|{i}"}) for i in range(10))]
    >>> a = learn(cases)
    >>> sorted(a.table), round(a.table["电子秤"]["计量法|26"], 2)
    (['摆摊', '电子秤'], 1.31)
    """
    n_word: Counter[str] = Counter()
    n_article: Counter[str] = Counter()
    n_pair: dict[str, Counter[str]] = defaultdict(Counter)
    n_cases = 0
    for words, articles in cases:
        n_cases += 1
        n_article.update(set(articles))
        for w in set(words):
            n_word[w] += 1
            n_pair[w].update(set(articles))
    table: dict[str, dict[str, float]] = {}
    for w, pairs in n_pair.items():
        kept: list[tuple[str, float]] = []
        for a, c in pairs.items():
            if c < min_count:
                continue
            rate = (n_article[a] + 0.5) / (n_cases + 1.0)
            lift = math.log((c + prior * rate) / (n_word[w] + prior) / rate)
            if lift >= min_lift:
                kept.append((a, lift))
        if kept:
            table[w] = dict(sorted(kept, key=lambda kv: (-kv[1], kv[0]))[:top_k])
    info = {"cases": n_cases, "min_count": min_count, "top_k": top_k, "prior": prior, "min_lift": min_lift}
    return Asked(table, info)


def asked_features(asked: Asked, words: Sequence[str], keys: Sequence[str]) -> np.ndarray:
    """``ASKED_FEATURES`` of each candidate (``keys``: its article key, "" for none): over the question's
    ``words``, the mean and the max of the lift the table gives the candidate's article, and the share of the
    words that give one.

    >>> a = Asked({"电子秤": {"计量法|26": 2.0}, "遥控器": {"计量法|26": 1.0, "计量法|27": 1.5}}, {})
    >>> asked_features(a, ["电子秤", "遥控器"], ["计量法|26", "计量法|27", ""]).tolist()
    [[1.5, 2.0, 1.0], [0.75, 1.5, 0.5], [0.0, 0.0, 0.0]]
    """
    out = np.zeros((len(keys), len(ASKED_FEATURES)))
    rows = [r for r in (asked.table.get(w) for w in words) if r]
    if not rows or not len(keys):
        return out
    lift = np.array([[r.get(k, 0.0) if k else 0.0 for r in rows] for k in keys])
    out[:, 0] = lift.sum(axis=1) / len(words)
    out[:, 1] = lift.max(axis=1)
    out[:, 2] = (lift > 0).sum(axis=1) / len(words)
    return out


def asked_articles(asked: Asked, words: Sequence[str], top: int) -> list[tuple[str, float]]:
    """The ``top`` articles the question's ``words`` name, by their summed lift (best first)."""
    total: dict[str, float] = defaultdict(float)
    for w in dict.fromkeys(words):
        for a, s in asked.table.get(w, {}).items():
            total[a] += s
    return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def asking_words(asked: Asked, words: Sequence[str], key: str, top: int = 3) -> list[str]:
    """The question's ``words`` whose row names the article ``key``, strongest first (at most ``top``): what the
    answer says brought the article (常问).

    >>> a = Asked({"电子秤": {"计量法|26": 2.0}, "遥控器": {"计量法|26": 3.0}, "菜场": {"计量法|27": 1.0}}, {})
    >>> asking_words(a, ["菜场", "电子秤", "遥控器"], "计量法|26")
    ['遥控器', '电子秤']
    """
    lifts = [(asked.table.get(w, {}).get(key, 0.0), w) for w in dict.fromkeys(words)] if key else []
    return [w for s, w in sorted(lifts, key=lambda sw: -sw[0]) if s > 0][:top]


_KEYS: WeakKeyDictionary[_State, dict[int, str]] = WeakKeyDictionary()


def candidate_keys(st: _State, docs: np.ndarray) -> list[str]:
    """Each candidate's article key ("" for a catalog item), cached per searcher."""
    cache = _KEYS.get(st)
    if cache is None:
        cache = _KEYS[st] = {}
    out: list[str] = []
    for d in docs.tolist():
        got = cache.get(d)
        if got is None:
            got = cache[d] = "" if st.is_item[d] else article_key(st.statute_of(d), st.article[d])
        out.append(got)
    return out
