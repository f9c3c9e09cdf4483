"""The learned ranker's blend of a linear score and LightGBM trees (kg.search.ranker_model)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import lightgbm
import numpy as np
import pytest

from kg.search.learned import FEATURES
from kg.search.ranker_model import MODEL_PATH, RankerModel, blend_scores, load_model


def _linear(n: int, weights: list[float]) -> RankerModel:
    return RankerModel(tuple(f"f{i}" for i in range(n)), np.zeros(n), np.ones(n), np.asarray(weights), {})


def _load_naming_trees(tmp_path: Path, trees: str, caplog: pytest.LogCaptureFixture) -> RankerModel | None:
    """``load_model`` of a model file over ``FEATURES`` whose blend names the trees file ``trees``."""
    raw = _linear(len(FEATURES), [1.0] * len(FEATURES)).to_json()
    raw.update(features=list(FEATURES), blend=0.5, trees=trees)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        return load_model(str(path))


def test_the_blend_weighs_standardised_scores() -> None:
    lin, trees = np.array([0.0, 10.0, 20.0]), np.array([3.0, 2.0, 1.0])
    assert blend_scores(lin, trees, 1.0).argmax() == 2 and blend_scores(lin, trees, 0.0).argmax() == 0
    # the scale of either score does not matter, only its order and spread within the question
    assert np.allclose(blend_scores(lin * 100, trees, 0.5), blend_scores(lin, trees, 0.5))
    assert np.allclose(blend_scores(np.ones(3), trees, 0.5), 0.5 * (trees - trees.mean()) / trees.std())


def test_trees_find_what_a_sum_of_weights_cannot() -> None:
    """Relevant: a candidate whose two features are BOTH high (an interaction); a linear score prefers one very
    high feature.  The blend with trees trained on such questions puts the relevant candidate first."""
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for _ in range(300):
        x = rng.uniform(0, 1, (8, 2))
        x[0] = rng.uniform(0.6, 0.8, 2)  # both fairly high: relevant
        x[1] = [1.0, 0.05]  # one very high
        xs.append(x)
        ys.append(np.array([1] + [0] * 7))
    data = lightgbm.Dataset(np.vstack(xs), np.concatenate(ys), group=[8] * 300, params={"verbose": -1})
    trees = lightgbm.train({"objective": "lambdarank", "num_leaves": 7, "min_data_in_leaf": 5, "verbose": -1,
                            "num_threads": 1, "seed": 0, "deterministic": True}, data, num_boost_round=40)
    q = np.array([[0.7, 0.7], [1.0, 0.0], [0.2, 0.3]])
    linear = _linear(2, [1.0, 0.2])
    assert linear.score(q).argmax() == 1
    assert replace(linear, trees=trees, blend=0.3).score(q).argmax() == 0
    assert replace(linear, trees=trees, blend=1.0).score(q).argmax() == 1  # blend 1: the linear score alone


def test_a_model_whose_trees_are_missing_falls_back_to_the_linear_score(tmp_path: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    model = _load_naming_trees(tmp_path, "absent_trees.txt", caplog)
    assert model is not None and model.trees is None and model.blend == 1.0
    assert "absent_trees.txt" in caplog.text


def test_the_shipped_model_loads_its_trees_when_it_names_them() -> None:
    raw = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = load_model()
    assert model is not None and model.features == FEATURES
    if raw.get("trees"):
        assert model.trees is not None and model.trees.num_feature() == len(FEATURES) and 0 < model.blend < 1
        x = np.random.default_rng(1).uniform(0, 1, (5, len(FEATURES)))
        assert model.score(x).shape == (5,)
    else:
        assert model.trees is None and model.blend == 1.0


def test_trees_trained_on_other_features_are_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    x = np.random.default_rng(2).uniform(0, 1, (40, 2))
    data = lightgbm.Dataset(x, (x[:, 0] > 0.5).astype(int), group=[8] * 5, params={"verbose": -1})
    lightgbm.train({"objective": "lambdarank", "verbose": -1, "num_threads": 1, "min_data_in_leaf": 2}, data,
                   num_boost_round=3).save_model(str(tmp_path / "two_features.txt"))
    model = _load_naming_trees(tmp_path, "two_features.txt", caplog)
    assert model is not None and model.trees is None and model.blend == 1.0
    assert "trained on 2 features" in caplog.text
