"""The free text's terms: the words typed and their weights (the catalog form's words weighed down, adjacent
words the statutes write as one added), expanded by everyday expressions (``synonyms``) and a general
thesaurus kept to the statutes' conduct wording (``kg.thesaurus``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from kg.analysis import cut_words, tokenize
from kg.search.query import _Query
from kg.search.schema import (
    COMPOUND_WEIGHT,
    EXPANSION_WEIGHT,
    EXPANSION_WEIGHT_UNKNOWN,
    RARE_TRIGGER_DF,
    SINGLE_CHAR_WEIGHT,
    SUBWORD_WEIGHT,
)
from kg.search.state import _State
from kg.search.synonyms import QUERY_FILLERS, SYNONYMS_PATH, Synonyms, _default_synonyms
from kg.thesaurus import MIN_CONDUCT_DF, Thesaurus, load_thesaurus
from kg.thesaurus import expand as expand_thesaurus

# Words of the catalog form "对……的行政处罚" that say *what kind* of power,
# not *which behaviour*: they are weighted down and mark a penalty intent.
_FORM_WORDS = {"行政处罚": 0.1, "处罚": 0.1, "行政": 0.15, "行为": 0.15, "违法行为": 0.15, "违法": 0.15, "违规": 0.15, "处理": 0.3,
               "行政强制": 0.1, "强制": 0.3, "行政检查": 0.1, "检查": 0.5, "查处": 0.2, "罚": 0.2,
               "怎么": 0.0, "处理办法": 0.1, "依据": 0.1, "法律依据": 0.1, "条款": 0.1, "法条": 0.1}


@lru_cache(maxsize=8192)
def _phrase_words(phrase: str) -> list[str]:
    return list(dict.fromkeys(cut_words(phrase)))


def _weights(tokens: Sequence[str]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    return {t: 1.0 + 0.3 * math.log(c) for t, c in counts.items()}


class _QueryTerms:
    """``_QueryUnderstanding``'s terms: weighs what was typed and expands it with synonyms and the thesaurus."""

    _state: _State | None
    _synonyms: Synonyms | None
    _thesaurus: Thesaurus | None
    use_thesaurus: bool

    @property
    def thesaurus(self) -> Thesaurus:
        """The general thesaurus (kg.thesaurus); empty when its package is not installed."""
        if self._thesaurus is None:
            self._thesaurus = load_thesaurus()
        return self._thesaurus

    @property
    def synonyms(self) -> Synonyms:
        if self._synonyms is None:
            self._synonyms = _default_synonyms(str(SYNONYMS_PATH))
        return self._synonyms

    def _weigh(self, q: _Query) -> tuple[list[str], list[str]]:
        """The free text's terms and weights (``q.terms``, ``q.typed``); returns its tokens and typed words."""
        tokens = tokenize(q.free)
        typed_words = [w for w in cut_words(q.free) if w not in QUERY_FILLERS]
        # the words typed weigh 1; the dictionary words inside them (search mode) less, as they
        # also match unrelated compounds (人行道 -> 行道 of 行道树)
        weights = _weights(typed_words)
        for tok in tokens:
            if tok not in weights and tok not in QUERY_FILLERS:
                weights[tok] = SUBWORD_WEIGHT
        # adjacent words that statutes write as one word: 劣 + 林木种子 -> 劣种子 (one word may sit between)
        st = self._state
        if st is not None:
            for i, w1 in enumerate(typed_words):
                for w2 in typed_words[i + 1: i + 3]:
                    cand = w1 + w2
                    if cand not in weights and len(cand) <= 6 and st.doc_frequency("text", cand) > 0:
                        weights[cand] = COMPOUND_WEIGHT
        for tok in list(weights):
            if len(tok) == 1:  # a lone character is mostly noise (开, 办, 没); statutes rarely cut one out
                weights[tok] *= SINGLE_CHAR_WEIGHT
            if tok in _FORM_WORDS:
                weights[tok] *= _FORM_WORDS[tok]
                if weights[tok] <= 0:
                    del weights[tok]
        q.typed = set(weights)
        q.terms = dict(weights)
        return tokens, typed_words

    def _expand(self, q: _Query, tokens: list[str], typed_words: list[str]) -> None:
        """Synonyms: lower weight than what was typed, unless the typed phrase is unknown to the
        statutes (then the legal wording stands in for it)."""
        q.expansions = self.synonyms.expand(q.free.replace(" ", ""), tokens, typed_words)
        per_phrase: dict[str, float] = {}
        st = self._state
        for trigger, phrase in q.expansions:
            ptoks = _phrase_words(phrase)
            if not ptoks:
                continue
            known = st.doc_frequency("text", trigger) if st is not None else 0
            base = EXPANSION_WEIGHT if known > RARE_TRIGGER_DF else EXPANSION_WEIGHT_UNKNOWN
            w = base / math.sqrt(len(ptoks))
            for t in ptoks:
                if t not in QUERY_FILLERS:
                    wt = w * SINGLE_CHAR_WEIGHT if len(t) == 1 else w
                    per_phrase[t] = max(per_phrase.get(t, 0.0), wt)
        for t, w in per_phrase.items():
            if q.terms.get(t, 0.0) < w:
                q.terms[t] = w
        # a general thesaurus, kept to the words the statutes use for conduct (kg.thesaurus)
        if st is not None and self.use_thesaurus:
            # a small index (tests, the demo) has few 违则/罚则 articles: one use is evidence enough there
            min_df = MIN_CONDUCT_DF if st.total >= 5000 else 1
            extra, q.thesaurus = expand_thesaurus(typed_words, st.conduct_df, self.thesaurus, skip=QUERY_FILLERS,
                                                  min_df=min_df)
            for t, w in extra.items():
                if q.terms.get(t, 0.0) < w:
                    q.terms[t] = w
