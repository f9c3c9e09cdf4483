"""Learned word associations (kg.search.associations): the table, the features, and the fold discipline."""

from __future__ import annotations

import numpy as np
import pytest

from kg.search import WhooshIndex
from kg.search.associations import (
    ASSOCIATION_FEATURES,
    Associations,
    association_features,
    candidate_features,
    learn,
    query_words,
)
from kg.search.understand import _Query
from tests.unit.test_search import RS, corpus

RS17, RS14 = f"{RS}@2017-03-01/art_17", f"{RS}@2017-03-01/art_14"  # 涂写、刻画 / 堆放物料


@pytest.fixture(scope="module")
def index() -> WhooshIndex:
    ix = WhooshIndex.in_memory()
    ix.add(corpus())
    ix.commit()
    return ix


def _query(*words: str) -> _Query:
    q = _Query(raw="".join(words), text="".join(words), free="".join(words))
    q.terms = dict.fromkeys(words, 1.0)
    q.typed = set(words)
    return q


def test_learn_keeps_words_that_answer_more_often_than_at_large() -> None:
    df = {"计量器具": 3, "准确度": 2, "罚款": 900, "一次": 1}
    cases = [({"电子秤", "遥控器"}, {"计量器具", "准确度", "罚款"}),
             ({"电子秤"}, {"计量器具", "罚款"}),
             ({"电子秤", "缺斤少两"}, {"计量器具", "准确度", "罚款", "一次"}),
             ({"占道"}, {"罚款"})]
    a = learn(cases, lambda t: df.get(t, 0), 1000, min_count=2)
    got = dict(a.table["电子秤"])
    assert list(got) == ["计量器具", "准确度"]  # best first; 罚款 stands in nearly every answer
    assert got["计量器具"] > got["准确度"] > 0
    assert "一次" not in got  # seen in one case only: that case's own wording
    assert "占道" not in a.table and "遥控器" not in a.table  # one case each: nothing kept
    assert a.info["cases"] == 4
    assert len(learn(cases, lambda t: df.get(t, 0), 1000, min_count=2, top_k=1).table["电子秤"]) == 1


def test_feature_counts_only_words_the_candidate_does_not_match() -> None:
    a = Associations({"涂鸦": (("刻画", 2.0), ("宣传品", 1.0)), "建筑物": (("刻画", 3.0),)}, {})
    holds = {"刻画": np.array([True, False, True]), "宣传品": np.array([False, False, True])}
    words = ["涂鸦", "建筑物"]
    matched = np.array([[False, True], [False, False], [False, False]])  # candidate 0 holds 建筑物 itself
    x = association_features(a, words, matched, lambda t: holds.get(t, np.zeros(3, dtype=bool)))
    assert x.shape == (3, len(ASSOCIATION_FEATURES))
    assert x[0].tolist() == [1.0, 2.0, 0.5]  # only 涂鸦 counts: mean (2 + 0) / 2, max 2, one word of two
    assert x[1].tolist() == [0.0, 0.0, 0.0]  # holds no associated word: the contrast
    assert x[2].tolist() == [2.5, 3.0, 1.0]


def test_candidate_features_on_an_index(index: WhooshIndex) -> None:
    st = index._get_state()
    docs = np.array([st.by_id[RS17], st.by_id[RS14]])
    q = _query("涂鸦")
    assert query_words(q) == ["涂鸦"]
    a = Associations({"涂鸦": (("刻画", 2.0),)}, {})
    x = candidate_features(st, q, docs, a)
    assert x[0, 1] == pytest.approx(2.0) and x[1].tolist() == [0.0, 0.0, 0.0]
    assert not candidate_features(st, q, docs, None).any()
    # a word the candidate holds literally gives no association
    lit = candidate_features(st, _query("刻画"), docs, Associations({"刻画": (("涂写", 2.0),)}, {}))
    assert not lit.any()
