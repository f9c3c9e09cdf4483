"""Character units: the Chinese characters of a text and its bigrams of adjacent characters, which catch the
words jieba cuts differently in a question and in a statute (摆摊 / 设摊, 晒 / 晾晒); the learned ranker's
character-overlap features compare the query's units with a candidate's."""

from __future__ import annotations

from kg.analysis import longest_first
from kg.search.query import _Query
from kg.search.query_terms import _FORM_WORDS
from kg.search.synonyms import QUERY_FILLERS


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def char_units(text: str) -> frozenset[str]:
    """The Chinese characters of ``text`` and its bigrams of adjacent Chinese characters.

    >>> sorted(char_units("设摊 a经营"))
    ['摊', '经', '经营', '营', '设', '设摊']
    """
    out = {ch for ch in text if _is_han(ch)}
    out.update(text[i: i + 2] for i in range(len(text) - 1) if _is_han(text[i]) and _is_han(text[i + 1]))
    return frozenset(out)


_NOISE_WORDS = tuple(sorted({*QUERY_FILLERS, *(w for w, v in _FORM_WORDS.items() if v <= 0.3)}, key=longest_first))


def query_units(q: _Query) -> frozenset[str]:
    """Character units of the free text, fillers and the form words of a request (处罚, 怎么) left out."""
    text = q.free
    for w in _NOISE_WORDS:
        if w in text:
            text = text.replace(w, " ")
    return char_units(text)
