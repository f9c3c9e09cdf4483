"""Learned word associations: an officer's word and the statute words that answer it (a translation model).

Officers say 电子秤装遥控器 where the statute says 计量器具 … 破坏其准确度.  The training cases pair an
officer's words with the articles that answer them.  ``learn`` counts, for each word of a question, in how
many cases each statute word stands in an answering article, and keeps the statute words that stand there far
more often than in articles at large: a smoothed lift, log P(statute word | question word) / P(statute word),
seen in at least ``min_count`` cases, the ``top_k`` best per question word (Berger & Lafferty's translation
model, with pointwise mutual information for the translation table).  ``association_features`` turns the
table into features of a candidate, counting only the question's words the candidate does not already hold
literally or through the synonyms and the thesaurus: that is where the vocabulary gap is.
``expansion_terms`` lets the table widen the retrieval as well: the best few statute words of each question word
join the query at a low weight, so that an article in the statute's words reaches the ranker's candidate pool
(out of fold over the 1,541 training cases before patrol7: 94.7 % -> 96.0 % of them have an expected article
among the 150; the linear ranker's 5-fold CV on those pools, same folds, recall@5 0.795 -> 0.824 (+0.029 ±0.005
paired), MRR 0.617 -> 0.641 (+0.025 ±0.004); blended with the trees 0.811/0.647 -> 0.823/0.663).

The table ships as ``associations.json`` beside this module, written with the ranker's weights by
``bench/train_ranker.py --write`` from all training cases; it says from what and when it was learned.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from kg.search.query import _Query
from kg.search.query_terms import _phrase_words
from kg.search.schema import TOKEN_FIELDS
from kg.search.state import _State

ASSOCIATIONS_PATH = Path(__file__).with_name("associations.json")
ASSOCIATION_FEATURES = ("assoc_sum", "assoc_max", "assoc_share")
MIN_COUNT = 2  # cases a pair must share: one case's pair is its own wording, not an association
TOP_K = 12  # statute words kept per question word
PRIOR = 2.0  # pseudo-cases at the corpus rate: a word seen in few cases is pulled towards no association
MIN_LIFT = 1.0  # log P(t | w) / P(t): at least e times the corpus rate (罚款 stands in most answers: no association)
# retrieval (``expansion_terms``): per question word its best EXPANSION_TOP statute words, the best at
# EXPANSION_WEIGHT and the others in proportion to their association; words in more than EXPANSION_MAX_SHARE of
# the articles (and in more than EXPANSION_MIN_DF) are left out (they cost time and find nothing).  Chosen on
# out-of-fold pool coverage of the training cases (bench/train_ranker.py): weight 0.15 / 0.3 / 0.5, top
# 4 / 6 / 12, all question words or only those the corpus or the thesaurus does not match; all words at 0.3,
# top 4, was as good as more terms.
EXPANSION_WEIGHT = 0.3
EXPANSION_TOP = 4
EXPANSION_MAX_SHARE = 0.06
EXPANSION_MIN_DF = 50  # a word in this few articles is never too common (a small index: tests, the demo)
_WORD_MIN_WEIGHT = 0.5  # the words typed (1.0) and the compounds statutes write as one (0.6), not sub-words


@dataclass(frozen=True)
class Associations:
    """Question word -> (statute word, association) pairs, best first."""

    table: dict[str, tuple[tuple[str, float], ...]]
    info: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"info": self.info,
                "words": {w: [[t, round(s, 3)] for t, s in pairs] for w, pairs in sorted(self.table.items())}}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Associations:
        table = {str(w): tuple((str(t), float(s)) for t, s in pairs) for w, pairs in raw["words"].items()}
        return cls(table, dict(raw.get("info") or {}))


@lru_cache(maxsize=4)
def load_associations(path: str = str(ASSOCIATIONS_PATH)) -> Associations | None:
    """The shipped table, or None when the file is absent (the association features are then 0)."""
    p = Path(path)
    if not p.is_file():
        return None
    return Associations.from_json(json.loads(p.read_text(encoding="utf-8")))


def learn(cases: Iterable[tuple[Collection[str], Collection[str]]], df: Callable[[str], int], n_docs: int, *,
          min_count: int = MIN_COUNT, top_k: int = TOP_K, prior: float = PRIOR,
          min_lift: float = MIN_LIFT) -> Associations:
    """The table from (question words, words of the articles that answer it) pairs; ``df``: in how many of the
    ``n_docs`` articles a word stands.

    P(t | w) is the share of the cases with question word ``w`` whose answer holds ``t``, smoothed by ``prior``
    pseudo-cases at the corpus rate P(t) = df(t) / n_docs; a pair is kept when seen in ``min_count`` cases and
    its lift log P(t | w) / P(t) is at least ``min_lift``.

    >>> df = {"计量器具": 3, "罚款": 80, "电子秤": 0}.get
    >>> cases = [({"电子秤"}, {"计量器具", "罚款"}), ({"电子秤", "遥控器"}, {"计量器具", "罚款"})]
    >>> a = learn(cases, lambda t: df(t, 0), 100, min_count=2)
    >>> [t for t, _ in a.table["电子秤"]], round(a.table["电子秤"][0][1], 2)
    (['计量器具'], 2.7)
    """
    n_word: Counter[str] = Counter()
    n_pair: dict[str, Counter[str]] = defaultdict(Counter)
    n_cases = 0
    for words, answer in cases:
        n_cases += 1
        for w in set(words):
            n_word[w] += 1
            n_pair[w].update(set(answer))
    table: dict[str, tuple[tuple[str, float], ...]] = {}
    for w, pairs in n_pair.items():
        kept: list[tuple[str, float]] = []
        for t, c in pairs.items():
            if c < min_count:
                continue
            rate = (max(df(t), 1) + 0.5) / (n_docs + 1.0)
            lift = math.log((c + prior * rate) / (n_word[w] + prior) / rate)
            if lift >= min_lift:
                kept.append((t, lift))
        if kept:
            table[w] = tuple(sorted(kept, key=lambda ts: (-ts[1], ts[0]))[:top_k])
    info = {"cases": n_cases, "min_count": min_count, "top_k": top_k, "prior": prior, "min_lift": min_lift,
            "articles": n_docs}
    return Associations(table, info)


def query_words(q: _Query) -> list[str]:
    """The words of a question an association may stand for: typed words of two or more characters (and the
    compounds statutes write as one), fillers and the form words of a request (处罚, 怎么) left out."""
    return sorted(t for t, w in q.terms.items() if t in q.typed and len(t) >= 2 and w >= _WORD_MIN_WEIGHT)


def expansion_pairs(assoc: Associations, words: Iterable[str], df: Callable[[str], int],
                    n_docs: int) -> list[tuple[str, str, float]]:
    """(question word, statute word, weight) for each of the question ``words``' best ``EXPANSION_TOP``
    associated statute words (those in at most ``EXPANSION_MAX_SHARE`` of the ``n_docs`` articles or
    ``EXPANSION_MIN_DF`` articles), weighed ``EXPANSION_WEIGHT`` times their association over the word's best.
    What the answer shows as 联想 comes from here, as what the retrieval adds does.

    >>> a = Associations({"电子秤": (("计量器具", 2.0), ("准确度", 1.0))}, {})
    >>> expansion_pairs(a, ["电子秤"], lambda t: 3, 100)
    [('电子秤', '计量器具', 0.3), ('电子秤', '准确度', 0.15)]
    """
    limit = max(EXPANSION_MAX_SHARE * n_docs, EXPANSION_MIN_DF)
    out: list[tuple[str, str, float]] = []
    for w in dict.fromkeys(words):
        pairs = [(t, s) for t, s in assoc.table.get(w, ()) if df(t) <= limit][:EXPANSION_TOP]
        out.extend((w, t, EXPANSION_WEIGHT * s / pairs[0][1]) for t, s in pairs)
    return out


def expansion_terms(assoc: Associations, words: Iterable[str], terms: dict[str, float], df: Callable[[str], int],
                    n_docs: int) -> dict[str, float]:
    """What the retrieval adds to ``terms`` for the question ``words``: each statute word of
    :func:`expansion_pairs` at its best weight; a word the query holds already adds only what its weight there
    lacks (BM25 is linear in the weight: the sum weighs the larger of the two).

    >>> a = Associations({"电子秤": (("计量器具", 2.0), ("准确度", 1.0))}, {})
    >>> expansion_terms(a, ["电子秤"], {"准确度": 0.1}, lambda t: 3, 100)
    {'计量器具': 0.3, '准确度': 0.05}
    """
    best: dict[str, float] = {}
    for _, t, wt in expansion_pairs(assoc, words, df, n_docs):
        if wt > best.get(t, 0.0):
            best[t] = wt
    return {t: round(wt - terms.get(t, 0.0), 6) for t, wt in best.items() if wt > terms.get(t, 0.0)}


def alternatives(q: _Query, words: Sequence[str]) -> list[tuple[tuple[str, ...], ...]]:
    """Each word's matches: the word itself, each statute word the thesaurus puts for it, and the words of each
    everyday expression's legal wording whose trigger holds it (a candidate matches those when it holds half
    of them: the wording 在城市建筑物、设施以及树木上涂写、刻画 also holds 城市)."""
    out: list[tuple[tuple[str, ...], ...]] = []
    for w in words:
        alt: list[tuple[str, ...]] = [(w,), *((s,) for typed, s in q.thesaurus if typed == w)]
        for trigger, phrase in q.expansions:
            if w in trigger or trigger in w:
                alt.append(tuple(_phrase_words(phrase)))
        out.append(tuple(dict.fromkeys(a for a in alt if a)))
    return out


def association_features(assoc: Associations, words: Sequence[str], matched: np.ndarray,
                         holds: Callable[[str], np.ndarray]) -> np.ndarray:
    """``ASSOCIATION_FEATURES`` of each candidate: over the question's words the candidate does not match
    (``matched``: candidates × words), the mean and the max of the best association the candidate's words give,
    and the share of the question's words with one.  ``holds(t)``: which candidates hold statute word ``t``."""
    best = _best(assoc, words, holds, matched.shape[0])
    best[matched] = 0.0
    return _summary(best)


def _best(assoc: Associations, words: Sequence[str], holds: Callable[[str], np.ndarray], n: int) -> np.ndarray:
    """Candidates × words: the best association of each word the candidate's words give."""
    best = np.zeros((n, len(words)))
    for j, w in enumerate(words):
        for t, s in assoc.table.get(w, ()):
            np.maximum(best[:, j], np.where(holds(t), s, 0.0), out=best[:, j])
    return best


def _summary(best: np.ndarray) -> np.ndarray:
    out = np.zeros((best.shape[0], len(ASSOCIATION_FEATURES)))
    if best.size:
        out[:, 0] = best.mean(axis=1)
        out[:, 1] = best.max(axis=1)
        out[:, 2] = (best > 0).mean(axis=1)
    return out


_HOLDERS_CACHE = 65536  # words whose documents (all fields) stay in memory per searcher
_HOLDERS: WeakKeyDictionary[_State, dict[str, np.ndarray]] = WeakKeyDictionary()


def _holders(st: _State, t: str) -> np.ndarray:
    """The sorted documents holding ``t`` in any field the search matches (cached per searcher)."""
    cache = _HOLDERS.get(st)
    if cache is None:
        cache = _HOLDERS[st] = {}
    got = cache.get(t)
    if got is None:
        parts = [p[0] for p in (st.postings(f, t) for f in TOKEN_FIELDS) if p is not None]
        got = np.asarray(reduce(np.union1d, parts[1:], parts[0]) if parts else np.zeros(0, dtype=np.int64))
        if len(cache) >= _HOLDERS_CACHE:
            cache.clear()
        cache[t] = got
    return got


class _Holds:
    """Which candidates hold a word, in any field the search matches (read from the postings)."""

    def __init__(self, st: _State, docs: np.ndarray) -> None:
        self.st = st
        self.docs = docs
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, t: str) -> np.ndarray:
        got = self.cache.get(t)
        if got is None:
            ids = _holders(self.st, t)  # sorted: look the candidates up in it, not it in the candidates
            if len(ids):
                got = ids[np.minimum(np.searchsorted(ids, self.docs), len(ids) - 1)] == self.docs
            else:
                got = np.zeros(len(self.docs), dtype=bool)
            self.cache[t] = got
        return got


def matched_by(alternatives_: Sequence[Sequence[Sequence[str]]], holds: Callable[[str], np.ndarray],
               n: int) -> np.ndarray:
    """Candidates × words: the candidate holds one of the word's ``alternatives`` (half the words of a long one)."""
    out = np.zeros((n, len(alternatives_)), dtype=bool)
    for j, alts in enumerate(alternatives_):
        for alt in alts:
            held = np.sum([holds(t) for t in alt], axis=0)
            out[:, j] |= held * 2 >= len(alt)
    return out


def literal_matches(q: _Query, words: Sequence[str], holds: Callable[[str], np.ndarray], n: int) -> np.ndarray:
    """Candidates × words: the candidate holds the word, a thesaurus word put for it, or half the words of the
    legal wording of an everyday expression that holds it."""
    return matched_by(alternatives(q, words), holds, n)


def candidate_features(st: _State, q: _Query, docs: np.ndarray, assoc: Associations | None) -> np.ndarray:
    """``ASSOCIATION_FEATURES`` of the candidates ``docs`` of question ``q`` (zeros without a table)."""
    words = query_words(q)
    if assoc is None or not words or not len(docs):
        return np.zeros((len(docs), len(ASSOCIATION_FEATURES)))
    holds = _Holds(st, docs)
    best = _best(assoc, words, holds, len(docs))
    some = [j for j in range(len(words)) if best[:, j].any()]  # only these need their literal matches
    if some:
        best[:, some] = np.where(literal_matches(q, [words[j] for j in some], holds, len(docs)), 0.0, best[:, some])
    return _summary(best)
