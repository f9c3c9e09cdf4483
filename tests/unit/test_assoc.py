"""Learned word associations (kg.search.associations): the table, the features, and the fold discipline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.search import WhooshIndex
from kg.search.associations import (
    ASSOCIATION_FEATURES,
    Associations,
    association_features,
    candidate_features,
    learn,
    load_associations,
    query_words,
)
from kg.search.learned import FEATURES
from kg.search.query import _Query
from tests.unit.search_fixture import RS

REPO = Path(__file__).resolve().parents[2]
RS17, RS14 = f"{RS}@2017-03-01/art_17", f"{RS}@2017-03-01/art_14"  # 涂写、刻画 / 堆放物料


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


def test_candidate_features_on_an_index(snippet_index: WhooshIndex) -> None:
    st = snippet_index._get_state()
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


def test_features_carry_the_shipped_table(snippet_index: WhooshIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.search.learned as learned

    query = "用绳子在街道两侧堆放东西"  # 绳子: no statute word, no synonym
    monkeypatch.setattr(learned, "load_associations", lambda: Associations({"绳子": (("物料", 2.0),)}, {}))
    got = snippet_index.ranking_candidates(query)
    assert got is not None
    docs, x = got
    st = snippet_index._get_state()
    row = dict(zip([st.doc_id[d] for d in docs], x[:, [FEATURES.index(f) for f in ASSOCIATION_FEATURES]].tolist(),
                   strict=True))
    assert row[RS14] == [0.5, 2.0, 0.25]  # 物料 for 绳子, one of four words (两侧, 堆放, 绳子, 街道)
    monkeypatch.setattr(learned, "load_associations", lambda: None)
    _, x0 = snippet_index.ranking_candidates(query)  # type: ignore[misc]
    assert not x0[:, [FEATURES.index(f) for f in ASSOCIATION_FEATURES]].any()


def test_shipped_table_is_small_and_says_what_it_was_learned_from() -> None:
    path = REPO / "kg/search/associations.json"
    if not path.exists():
        pytest.skip("no association table shipped")
    assert path.stat().st_size < 2_000_000
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert {"learned_from", "learned_on", "cases"} <= set(raw["info"])
    a = load_associations(str(path))
    assert a is not None and a.table
    assert all(0 < len(pairs) <= a.info["top_k"] for pairs in a.table.values())


def test_a_case_never_scores_with_a_table_that_learned_its_own_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO))
    import bench.train_ranker as tr

    rng = np.random.default_rng(3)
    samples = []
    for n in range(30):
        x = rng.normal(size=(6, len(FEATURES)))
        y = np.zeros(6)
        y[n % 6] = 1.0
        samples.append(tr.Sample(f"c{n}", x, y, np.zeros(6, dtype=bool), False, words=(f"w{n}", "shared"),
                                 alts=(((f"w{n}",),), (("shared",),)), answer=(f"t{n}", "common"),
                                 pair_token=np.array([0, 1]), pair_cand=np.array([n % 6, 0])))
    data = tr.Collected(samples, ["common", "x"], {"common": 1}, 100)
    learned_from: dict[int, frozenset[str]] = {}
    tables: list[Associations] = []  # kept alive: their ids stay theirs
    real_learn = tr.learn_table

    def spy(d: tr.Collected, idx: np.ndarray, setting: tr.AssocSetting) -> Associations:
        table = real_learn(d, idx, setting)
        learned_from[id(table)] = frozenset(d.samples[i].case_id for i in idx)
        tables.append(table)
        return table

    scored: list[tuple[str, int]] = []
    real_with = tr.with_associations

    def spy_with(d: tr.Collected, idx: np.ndarray, table: Associations, ids: dict[str, int]) -> dict[int, tr.Sample]:
        scored.extend((d.samples[i].case_id, id(table)) for i in idx)
        return real_with(d, idx, table, ids)

    monkeypatch.setattr(tr, "learn_table", spy)
    monkeypatch.setattr(tr, "with_associations", spy_with)
    folds = tr.fold_samples(data, 5, 0, tr.AssocSetting(min_count=2))
    assert len(folds) == 5 and scored
    for case_id, table in scored:
        assert case_id not in learned_from[table]  # its own pair is not in the table that scores it
    # every case is scored once as held out and four times as a training case (cross-fitted)
    assert len(scored) == 5 * len(samples)
    # the pair all cases share is learned, and the held-out fold sees it
    held = [s for _, _, test in folds for s in test]
    assert any(s.x[:, FEATURES.index("assoc_max")].any() for s in held)
