"""The ranker's candidate pool widened by learned associations (kg.search.associations.expansion_terms), and the
fold discipline of bench/train_ranker.py's pools (a case's pool never chosen by a table that learned its pair)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from kg.search import WhooshIndex
from kg.search.associations import EXPANSION_TOP, EXPANSION_WEIGHT, Associations, expansion_terms
from kg.search.learned import FEATURES
from tests.unit.search_fixture import RS, corpus

REPO = Path(__file__).resolve().parents[2]
RS14 = f"{RS}@2017-03-01/art_14"  # 堆放物料
QUERY = "绳子"  # no statute word, no synonym: nothing matches it literally


@pytest.fixture
def index() -> WhooshIndex:
    ix = WhooshIndex.in_memory()
    ix.add(corpus())
    ix.commit()
    return ix


def test_expansion_takes_each_words_best_statute_words_at_a_low_weight() -> None:
    pairs = tuple((f"t{i}", 3.0 - 0.1 * i) for i in range(EXPANSION_TOP + 2))
    a = Associations({"电子秤": (("常见", 9.0), *pairs)}, {})
    df = {"常见": 5000}.get
    got = expansion_terms(a, ["电子秤", "没有的词"], {}, lambda t: df(t, 1), 10_000)
    assert "常见" not in got  # in half the articles: left out
    assert list(got) == [t for t, _ in pairs[:EXPANSION_TOP]]  # the best few only
    assert got["t0"] == pytest.approx(EXPANSION_WEIGHT)
    assert got["t1"] == pytest.approx(EXPANSION_WEIGHT * 2.9 / 3.0)
    # a statute word the query weighs already: only what it lacks; weighed more already: nothing
    c = Associations({"电子秤": pairs}, {})
    assert expansion_terms(c, ["电子秤"], {"t0": 0.1, "t1": 1.0}, lambda t: 1, 100)["t0"] == pytest.approx(
        EXPANSION_WEIGHT - 0.1)
    assert "t1" not in expansion_terms(c, ["电子秤"], {"t1": 1.0}, lambda t: 1, 100)
    # a statute word two question words stand for: the larger weight, not the sum
    b = Associations({"甲": (("物料", 2.0),), "乙": (("设施", 2.0), ("物料", 1.0))}, {})
    assert expansion_terms(b, ["甲", "乙"], {}, lambda t: 1, 100)["物料"] == pytest.approx(EXPANSION_WEIGHT)


def test_pool_reaches_an_article_only_an_association_names(index: WhooshIndex) -> None:
    index.pool_associations = Associations({QUERY: (("物料", 2.0),)}, {})
    got = index.ranking_candidates(QUERY)
    assert got is not None
    docs, x = got
    st = index._get_state()
    ids = [st.doc_id[d] for d in docs]
    assert RS14 in ids
    row = x[ids.index(RS14)]
    # the ranker reads the query's own field scores: the widening only chose the pool
    assert row[[FEATURES.index(f) for f in ("text", "viol", "name")]].tolist() == [0.0, 0.0, 0.0]
    index.expand_pool = False
    assert index.ranking_candidates(QUERY) is None  # the contrast: no term of the query's own matches
    index.expand_pool = True
    index.pool_associations = Associations({"别的词": (("物料", 2.0),)}, {})
    assert index.ranking_candidates(QUERY) is None


def test_hand_set_order_is_not_widened(index: WhooshIndex) -> None:
    index.pool_associations = Associations({QUERY: (("物料", 2.0),)}, {})
    index.ranker_model = None
    assert not index.search(QUERY).hits  # no learned ranker: the hand-set order keeps the query's own terms
    # …and the answer does not claim an association widened it, even when a hit holds the associated word
    assert "associations" not in index.search(f"{QUERY}乱堆放").interpreted


def test_training_pools_come_from_tables_without_the_cases_fold(index: WhooshIndex, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO))
    import bench.train_ranker as tr

    queries = ["街道两侧堆放物料", "在树木上涂写", "建筑物上刻画", "公共场地堆放物料", "街道堆放设施", "树木涂写刻画"]
    articles = [14, 17, 17, 14, 14, 17]
    lines = ["cases:"]
    for i, (query, art) in enumerate(zip(queries, articles, strict=True)):
        lines += [f"- id: p-{i}", f"  query: {query}", "  expected:", f"  - law: {RS}", f"    article: {art}"]
    path = tmp_path / "cases.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(tr, "TRAINING_SETS", ((path, "all"),))
    learned_from: dict[int, frozenset[str]] = {}
    tables: list[Associations] = []
    real_learn = tr.learn

    def spy_learn(cases: object, *a: object, **kw: object) -> Associations:
        got = list(cases)  # type: ignore[call-overload]
        table = real_learn(got, *a, **kw)  # type: ignore[arg-type]
        learned_from[id(table)] = frozenset(" ".join(sorted(words)) for words, _ in got)
        tables.append(table)
        return table

    used: list[tuple[str, int]] = []
    real_candidates = index.ranking_candidates

    def spy_candidates(query: str, **kw: object) -> object:
        used.append((query, id(index.pool_associations)))
        return real_candidates(query, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(tr, "learn", spy_learn)
    monkeypatch.setattr(index, "ranking_candidates", spy_candidates)
    data = tr.collect(index, None, tr.AssocSetting(min_count=1), folds=3, seed=0)
    assert len(used) == len(queries) and len(tables) == 3
    words = {s.case_id: " ".join(sorted(s.words)) for s in data.samples}
    by_query = dict(zip(queries, [f"p-{i}" for i in range(len(queries))], strict=True))
    for query, table in used:
        if by_query[query] in words:
            assert words[by_query[query]] not in learned_from[table]  # not its own words' table
    assert data.folds == 3 and {s.fold for s in data.samples} <= {0, 1, 2}
    assert index.pool_associations is None and index.expand_pool  # the index is left as it was
    # the cross-validation keeps the folds the pools were chosen by
    split = tr.fold_samples(data, 3, 99, None)
    for k, (_, test, _) in enumerate(split):
        assert all(data.samples[i].fold == k for i in test)
    assert np.concatenate([np.array(t) for _, t, _ in split]).size == len(data.samples)


def test_a_feature_cache_of_another_ingest_is_refused(tmp_path: Path) -> None:
    """Features collected from another data dir (or pool) would train a model that does not fit this one: the
    cache is refused, not silently reused."""
    import pickle

    import bench.train_ranker as tr

    data_dir = tmp_path / "data"
    (data_dir / "generations" / "g1").mkdir(parents=True)
    (data_dir / "current").symlink_to(Path("generations") / "g1")
    cache = tmp_path / "features.pkl"
    stale = tr.Collected([], [], {}, 0, tr.K, source="/elsewhere generation=g0 pool=None expand=True")
    cache.write_bytes(pickle.dumps(stale))
    with pytest.raises(SystemExit):
        tr.main(["--data-dir", str(data_dir), "--cache", str(cache)])
    assert tr.collected_from(str(data_dir), None, True, tr.AssocSetting()) != stale.source


def test_answer_says_which_learned_association_brought_a_hit(index: WhooshIndex) -> None:
    index.pool_associations = Associations({QUERY: (("物料", 2.0), ("不在结果里的词", 1.0))}, {})
    result = index.search(QUERY, limit=20)
    hit = next(h for h in result.hits if h.provision_id == RS14)
    assert "联想：物料（由“绳子”）" in hit.why
    # only the associations a shown hit holds are listed as understood
    assert result.interpreted["associations"] == ["绳子→物料"]
    assert "<em>物料</em>" in hit.snippet
    index.expand_pool = False
    assert "associations" not in index.search(QUERY, limit=20).interpreted
