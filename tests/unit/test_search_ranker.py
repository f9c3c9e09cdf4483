"""The learned ranker (kg.search.learned): features on a tiny index, the shipped model, and its effect on order."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.search import SearchDoc, WhooshIndex
from kg.search.char_units import char_units, query_units
from kg.search.learned import FEATURES
from kg.search.query import _Query
from kg.search.ranker_model import MODEL_PATH, RankerModel, display_scores, load_model
from tests.unit.search_fixture import CX, RS, V2019, corpus, in_memory_index

REPO = Path(__file__).resolve().parents[2]
GRAFFITI = "在建筑物上涂写刻画张贴宣传品"  # 市容条例 art. 17 (违则) and art. 34 (its 罚则)


def _one_weight(feature: str, weight: float) -> RankerModel:
    """A model that prefers ``feature`` and, among equals, the better hand-set score."""
    w = np.zeros(len(FEATURES))
    w[FEATURES.index("base")] = 1.0
    w[FEATURES.index(feature)] = weight
    return RankerModel(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), w, {})


def _row(snippet_index: WhooshIndex, query: str, doc_id: str, **kw: object) -> dict[str, float]:
    got = snippet_index.ranking_candidates(query, **kw)  # type: ignore[arg-type]
    assert got is not None
    docs, x = got
    assert x.shape == (len(docs), len(FEATURES))
    st = snippet_index._get_state()
    i = [st.doc_id[d] for d in docs].index(doc_id)
    return dict(zip(FEATURES, x[i].tolist(), strict=True))


def test_features_describe_role_partner_and_coverage(snippet_index: WhooshIndex) -> None:
    pen = _row(snippet_index, GRAFFITI, f"{RS}@2017-03-01/art_34")
    viol = _row(snippet_index, GRAFFITI, f"{RS}@2017-03-01/art_17")
    assert pen["penalty"] == 1.0 and pen["violated"] == 0.0 and viol["violated"] == 1.0
    assert pen["partner_found"] == 1.0 and viol["partner_found"] == 1.0  # each found its partner
    assert viol["cover_typed"] > 0.5 and viol["text"] > 0.0
    assert pen["viol"] > 0.0  # a 罚则 matches through the wording of the 违则 it names
    assert pen["admin_reg"] == 1.0 and pen["national"] == 1.0 and pen["law"] == 0.0
    assert 0.0 < viol["position"] < pen["position"] <= 1.0
    assert max(pen["base"], viol["base"]) == 0.0  # the best candidate's relative hand-set score is log 1


def test_liability_chapter_and_region_features(snippet_index: WhooshIndex) -> None:
    art64 = _row(snippet_index, "未取得建设工程规划许可证进行建设", f"{V2019}/art_64")
    assert art64["liability"] == 1.0  # its heading is 第七章 法律责任
    art40 = _row(snippet_index, "未取得建设工程规划许可证进行建设", f"{V2019}/art_40")
    assert art40["liability"] == 0.0
    query = "擅自占用人行道设摊经营兜售物品"
    zj = "浙江省城市市容和环境卫生管理条例@2021-09-30/art_16"
    assert _row(snippet_index, query, zj)["local_unknown"] == 1.0
    own = _row(snippet_index, query, zj, region="浙江省")
    assert own["local_own"] == 1.0 and own["local_unknown"] == 0.0 and own["local_level"] == 1.0


def test_named_statute_or_article_is_left_to_the_rules(snippet_index: WhooshIndex) -> None:
    assert snippet_index.ranking_candidates("城乡规划法第六十四条") is None
    saved = snippet_index.ranker_model
    try:
        snippet_index.ranker_model = _one_weight("violated", 10.0)
        assert snippet_index.search("城乡规划法第六十四条").hits[0].provision_id == f"{V2019}/art_64"
    finally:
        snippet_index.ranker_model = saved


def test_the_model_decides_the_order(snippet_index: WhooshIndex) -> None:
    saved = snippet_index.ranker_model
    try:
        snippet_index.ranker_model = None
        handset = [h.provision_id for h in snippet_index.search(GRAFFITI).hits]
        snippet_index.ranker_model = _one_weight("violated", 10.0)
        first_violated = [h.provision_id for h in snippet_index.search(GRAFFITI).hits]
        snippet_index.ranker_model = _one_weight("penalty", 10.0)
        first_penalty = [h.provision_id for h in snippet_index.search(GRAFFITI).hits]
    finally:
        snippet_index.ranker_model = saved
    assert handset[0] == f"{RS}@2017-03-01/art_34"
    assert first_violated[0] == f"{RS}@2017-03-01/art_17" != handset[0]
    assert first_penalty[0] == f"{RS}@2017-03-01/art_34"
    assert set(first_violated) == set(handset)  # the same candidates, reordered


def test_shipped_model_loads_and_is_used() -> None:
    model = load_model()
    assert model is not None and MODEL_PATH.is_file()
    assert model.features == FEATURES and np.all(np.isfinite(model.weights)) and np.all(model.scale > 0)
    assert model.info.get("trained_on") and all("held" not in s and "dev" not in s for s in model.info["trained_on"])
    ix = WhooshIndex.in_memory()
    assert ix.ranker_model is model


def test_model_file_round_trip_and_mismatch() -> None:
    m = _one_weight("text", 1.5)  # and base 1
    again = RankerModel.from_json(m.to_json())
    assert again.features == m.features and np.allclose(again.weights, m.weights)
    bad = m.to_json()
    bad["weights"] = bad["weights"][:-1]
    with pytest.raises(ValueError):
        RankerModel.from_json(bad)


def test_display_scores_keep_the_learned_order_and_the_best_score() -> None:
    base = np.array([10.0, 30.0, 20.0])
    learned = np.array([2.0, 0.5, 1.0])
    shown = display_scores(base, learned)
    assert list(np.argsort(-shown)) == [0, 2, 1]
    assert shown.max() == pytest.approx(30.0) and np.all(shown > 0)


def test_training_learns_a_separating_feature() -> None:
    sys.path.insert(0, str(REPO))
    from bench.train_ranker import Sample, cross_validate, fit

    rng = np.random.default_rng(1)
    samples = []
    for q in range(80):
        x = rng.normal(size=(12, len(FEATURES)))
        y = np.zeros(12)
        y[int(np.argmax(x[:, 1]))] = 1.0  # the relevant candidate is the one with the largest feature 1
        samples.append(Sample(f"q{q}", x, y, np.zeros(12, dtype=bool), False))
    model = fit(samples, l2=0.01, seed=0)
    assert int(np.argmax(np.abs(model.weights))) == 1 and model.weights[1] > 0
    recall, mrr = cross_validate(samples, len(samples), 0.01, seed=0, folds=4)
    assert recall >= 0.9 and mrr >= 0.8
    assert CX  # the tiny corpus is the one of tests/unit/search_fixture.py


def test_a_model_of_other_features_is_not_used(tmp_path: Path) -> None:
    raw = _one_weight("text", 1.0).to_json()
    raw["features"] = [*raw["features"][:-1], "something_else"]
    stale = tmp_path / "model.json"
    stale.write_text(json.dumps(raw), encoding="utf-8")
    assert load_model(str(stale)) is None  # the hand-set order stands rather than a model read wrongly
    assert load_model(str(tmp_path / "absent.json")) is None


def test_character_units_and_what_the_query_leaves_out() -> None:
    assert char_units("设摊 a经营") == frozenset({"设", "摊", "经", "营", "设摊", "经营"})
    assert char_units("abc 123") == frozenset()
    q = _Query(raw="", text="", free="有人在路边摆摊怎么处罚")
    units = query_units(q)
    assert {"摆摊", "路边", "摊"} <= units
    assert not {"有人", "处罚", "怎么"} & units  # fillers and the form words of a request


def test_character_overlap_features(snippet_index: WhooshIndex) -> None:
    # jieba cuts 摆摊 where the statute writes 设摊: the shared character still counts
    query = "占用人行道摆摊"
    zj = _row(snippet_index, query, "浙江省城市市容和环境卫生管理条例@2021-09-30/art_16")
    assert 0.0 < zj["chars_text"] <= 1.0 and 0.0 < zj["bigrams_text"] <= 1.0
    for f in ("chars_text", "bigrams_text", "chars_title", "bigrams_title", "bigrams_heading", "bigrams_partner"):
        assert 0.0 <= zj[f] <= 1.0 + 1e-9
    # a 罚则 carries the overlap of the 违则 it names
    pen = _row(snippet_index, GRAFFITI, f"{RS}@2017-03-01/art_34")
    viol = _row(snippet_index, GRAFFITI, f"{RS}@2017-03-01/art_17")
    assert viol["bigrams_text"] > 0.0 and pen["bigrams_partner"] == pytest.approx(viol["bigrams_text"])
    # the statute title's words
    art64 = _row(snippet_index, "城乡规划 未取得建设工程规划许可证进行建设", f"{V2019}/art_64")
    assert art64["bigrams_title"] > 0.0 and art64["chars_title"] > 0.0


def test_training_on_a_feature_subset_leaves_the_rest_unweighted() -> None:
    sys.path.insert(0, str(REPO))
    from bench.train_ranker import Sample, fit

    rng = np.random.default_rng(2)
    samples = []
    for q in range(40):
        x = rng.normal(size=(10, len(FEATURES)))
        y = np.zeros(10)
        y[int(np.argmax(x[:, 1] + x[:, 2]))] = 1.0
        samples.append(Sample(f"q{q}", x, y, np.zeros(10, dtype=bool), False))
    model = fit(samples, l2=0.01, seed=0, cols=[0, 2])
    assert model.weights[1] == 0.0 and model.weights[2] > 0.0  # feature 1 left out, feature 2 learned
    assert np.all(model.scale > 0) and len(model.weights) == len(FEATURES)


def test_items_citing_no_statute_each_have_their_own_title() -> None:
    """Catalog items whose basis names no statute share one empty statute code; each must still be judged by its
    own name (a shared cache slot once gave every such item the first-seen item's title)."""
    def item(n: int, name: str) -> SearchDoc:
        return SearchDoc(kind="item", doc_id=f"cat/{n:04d}", statute_key="", statute_title="", level="",
                         item_name=name, text="", catalog_key="cat", item_code=f"X-{n}", is_penalty=True)

    ix = in_memory_index([*corpus(), item(1, "对擅自砍伐城市树木的行政处罚"), item(2, "对在街道两侧晾晒衣物的行政处罚")])
    for query, own, other in (("擅自砍伐城市树木", "cat/0001", "cat/0002"),
                              ("在街道两侧晾晒衣物", "cat/0002", "cat/0001")):
        got = ix.ranking_candidates(query)
        assert got is not None
        docs, x = got
        st = ix._get_state()
        ids = [st.doc_id[d] for d in docs]
        row = dict(zip(FEATURES, x[ids.index(own)].tolist(), strict=True))
        assert row["bigrams_title"] > 0.5 and row["title"] > 0.5, row
        if other in ids:
            assert dict(zip(FEATURES, x[ids.index(other)].tolist(), strict=True))["bigrams_title"] < 0.5
