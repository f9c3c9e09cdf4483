"""Articles the officers asked for (kg.search.asked): the table, the features, and the fold discipline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.search import WhooshIndex
from kg.search.asked import (
    ASKED_FEATURES,
    Asked,
    asked_articles,
    asked_features,
    candidate_keys,
    learn,
    load_asked,
)
from kg.search.learned import FEATURES
from tests.unit.search_fixture import RS

REPO = Path(__file__).resolve().parents[2]
RS14 = f"{RS}@2017-03-01/art_14"  # 堆放物料
COLS = [FEATURES.index(f) for f in ASKED_FEATURES]


def _background(n: int) -> list[tuple[set[str], set[str]]]:
    return [({"罚款"}, {f"其他|{i}"}) for i in range(n)]


def test_learn_keeps_articles_asked_with_a_word_more_often_than_at_large() -> None:
    cases = [({"电子秤", "遥控器"}, {"计量法|26"}),
             ({"电子秤"}, {"计量法|26"}),
             ({"电子秤", "缺斤少两"}, {"计量法|26", "计量法|27"}),
             ({"占道"}, {"市容|14"}),
             *_background(20)]
    a = learn(cases)
    assert list(a.table["电子秤"]) == ["计量法|26"]  # 计量法|27: asked in one case only, that case's own pair
    assert a.table["电子秤"]["计量法|26"] > 1.0
    assert "占道" not in a.table and "遥控器" not in a.table  # one case each: nothing kept
    assert "罚款" not in a.table  # twenty articles, each once
    assert a.info["cases"] == 24
    assert "计量法|27" in learn(cases, min_count=1).table["电子秤"]


def test_an_article_asked_with_every_word_has_no_lift() -> None:
    """The lift is against the article's own rate: an article every case asks for names no word."""
    cases = [({"电子秤"}, {"通则|1"}), ({"电子秤"}, {"通则|1"}), ({"占道"}, {"通则|1"}), ({"占道"}, {"通则|1"})]
    assert not learn(cases).table


def test_features_of_the_candidates() -> None:
    a = Asked({"电子秤": {"计量法|26": 2.0}, "遥控器": {"计量法|26": 1.0, "计量法|27": 1.5}}, {})
    x = asked_features(a, ["电子秤", "遥控器", "夜市"], ["计量法|26", "计量法|27", "市容|14", ""])
    assert x.shape == (4, len(ASKED_FEATURES))
    assert x[0].tolist() == [1.0, 2.0, pytest.approx(2 / 3)]  # mean over the three words, max, two words of three
    assert x[1].tolist() == [0.5, 1.5, pytest.approx(1 / 3)]
    assert not x[2:].any()  # an article no word names, an item: the contrast
    assert not asked_features(a, ["夜市"], ["计量法|26"]).any()
    assert [k for k, _ in asked_articles(a, ["电子秤", "遥控器"], 5)] == ["计量法|26", "计量法|27"]


def test_features_carry_the_shipped_table(snippet_index: WhooshIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """The product computes the asked features from the shipped table, for the candidate's article key (the
    same key for every version of the article)."""
    import kg.search.learned as learned

    st = snippet_index._get_state()
    key = candidate_keys(st, np.array([st.by_id[RS14]]))[0]
    assert key.endswith("|14") and RS in key
    query = "用绳子在街道两侧堆放东西"
    monkeypatch.setattr(learned, "load_asked", lambda: Asked({"绳子": {key: 2.0}}, {}))
    got = snippet_index.ranking_candidates(query)
    assert got is not None
    docs, x = got
    rows = {st.doc_id[d]: x[i, COLS].tolist() for i, d in enumerate(docs)}
    assert rows[RS14] == [0.5, 2.0, 0.25]  # one of four words (两侧, 堆放, 绳子, 街道)
    assert sum(1 for r in rows.values() if any(r)) == sum(1 for d in docs if st.article[d] == "14"
                                                          and not st.is_item[d])
    monkeypatch.setattr(learned, "load_asked", lambda: None)
    _, x0 = snippet_index.ranking_candidates(query)  # type: ignore[misc]
    assert not x0[:, COLS].any()


def test_shipped_table_is_small_and_says_what_it_was_learned_from() -> None:
    path = REPO / "kg/search/asked.json"
    if not path.exists():
        pytest.skip("no asked-article table shipped")
    assert path.stat().st_size < 3_000_000
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert {"learned_from", "learned_on", "cases", "min_count"} <= set(raw["info"])
    a = load_asked(str(path))
    assert a is not None and a.table
    assert all(0 < len(arts) <= a.info["top_k"] for arts in a.table.values())


def test_a_case_never_scores_with_a_table_that_learned_its_own_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO))
    import bench.train_ranker as tr

    rng = np.random.default_rng(3)
    samples = []
    for n in range(30):
        x = rng.normal(size=(6, len(FEATURES)))
        y = np.zeros(6)
        y[n % 6] = 1.0
        keys = tuple(f"法|{j}" for j in range(6))
        samples.append(tr.Sample(f"c{n}", x, y, np.zeros(6, dtype=bool), False, words=(f"w{n}", f"g{n % 6}"),
                                 alts=(((f"w{n}",),), ((f"g{n % 6}",),)), answer=(f"t{n}",),
                                 pair_token=np.zeros(0, dtype=np.int32), pair_cand=np.zeros(0, dtype=np.int32),
                                 cand_keys=keys, wanted=(keys[n % 6],)))
    data = tr.Collected(samples, [], {}, 100)
    learned_from: dict[int, frozenset[str]] = {}
    tables: list[Asked] = []  # kept alive: their ids stay theirs
    real_learn = tr.learn_asked_table

    def spy(d: tr.Collected, idx: np.ndarray, setting: tr.AskedSetting) -> Asked:
        table = real_learn(d, idx, setting)
        learned_from[id(table)] = frozenset(d.samples[i].case_id for i in idx)
        tables.append(table)
        return table

    scored: list[tuple[str, int]] = []
    real_with = tr.with_asked

    def spy_with(d: tr.Collected, got: dict[int, tr.Sample], table: Asked | None) -> dict[int, tr.Sample]:
        scored.extend((d.samples[i].case_id, id(table)) for i in got)
        return real_with(d, got, table)

    monkeypatch.setattr(tr, "learn_asked_table", spy)
    monkeypatch.setattr(tr, "with_asked", spy_with)
    folds = tr.fold_samples(data, 5, 0, tr.AssocSetting(min_count=2), tr.AskedSetting(min_count=2))
    assert len(folds) == 5 and scored
    for case_id, table in scored:
        assert case_id not in learned_from[table]  # its own pair is not in the table that scores it
    assert len(scored) == 5 * len(samples)  # once held out, four times as a training case (cross-fitted)
    # the word the cases of an article share names it; the held-out cases see it on their expected article
    held = [s for _, _, test in folds for s in test]
    assert all(s.x[s.y > 0, COLS[1]].item() > 0 for s in held)
    # without a table the columns are 0 (the columns of the sample were random)
    off = tr.fold_samples(data, 5, 0, tr.AssocSetting(min_count=2), tr.AskedSetting(off=True))
    assert not any(s.x[:, COLS].any() for _, _, test in off for s in test)


def test_answer_says_which_question_words_officers_asked_the_article_with(
        snippet_index: WhooshIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hit the table names says so (常问：…) and the answer lists the words as understood; not without a learned
    ranker (the table then reads nothing), nor for words that are numbers."""
    st = snippet_index._get_state()
    key = candidate_keys(st, np.array([st.by_id[RS14]]))[0]
    query = "用绳子在街道两侧堆放东西"
    import kg.search.answer as answer
    import kg.search.learned as learned

    table = Asked({"绳子": {key: 2.0}, "街道": {key: 0.5}}, {})
    monkeypatch.setattr(learned, "load_asked", lambda: table)  # what the ranker reads is what the answer names
    monkeypatch.setattr(answer, "load_asked", lambda: table)
    assert snippet_index.ranker_model is not None
    result = snippet_index.search(query, limit=20)
    hit = next(h for h in result.hits if h.provision_id == RS14)
    assert "常问：绳子、街道" in hit.why  # strongest first
    assert not [h for h in result.hits if h.provision_id != RS14 and any(w.startswith("常问") for w in h.why)]
    assert result.interpreted["asked"] == ["绳子", "街道"]
    monkeypatch.setattr(snippet_index, "ranker_model", None)
    plain = snippet_index.search(query, limit=20)
    assert "asked" not in plain.interpreted and not any("常问" in w for h in plain.hits for w in h.why)


def test_an_association_from_a_word_the_hit_is_asked_for_with_is_not_repeated(
        snippet_index: WhooshIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hit named as asked for with 绳子 does not also list the associations of 绳子 (they only say the same in the
    article's words); a hit not so named keeps them, and the answer lists only associations some hit keeps."""
    import kg.search.answer as answer
    import kg.search.learned as learned
    from kg.search.associations import Associations

    st = snippet_index._get_state()
    key = candidate_keys(st, np.array([st.by_id[RS14]]))[0]
    monkeypatch.setattr(snippet_index, "pool_associations", Associations({"绳子": (("物料", 2.0),)}, {}))
    query = "绳子"
    before = snippet_index.search(query, limit=20)
    hit = next(h for h in before.hits if h.provision_id == RS14)
    assert "联想：物料（由“绳子”）" in hit.why and before.interpreted["associations"] == ["绳子→物料"]
    table = Asked({"绳子": {key: 2.0}}, {})
    monkeypatch.setattr(learned, "load_asked", lambda: table)
    monkeypatch.setattr(answer, "load_asked", lambda: table)
    after = snippet_index.search(query, limit=20)
    hit = next(h for h in after.hits if h.provision_id == RS14)
    assert "常问：绳子" in hit.why and not any(w.startswith("联想") for w in hit.why)
    others = [h for h in after.hits if h.provision_id != RS14 and "物料" in h.text]
    assert all("联想：物料（由“绳子”）" in h.why for h in others)
    assert ("associations" in after.interpreted) == bool(others)
