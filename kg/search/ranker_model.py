"""The learned ranker's model: standardised features weighed by a linear model, blended with LightGBM
LambdaRank trees over the same features, as shipped in ``ranker_model.json`` and ``ranker_trees.txt`` beside
this module (trained by ``bench/train_ranker.py``; ``learned`` computes the features it weighs)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kg.search.learned import FEATURES

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).with_name("ranker_model.json")


@dataclass(frozen=True)
class RankerModel:
    """Standardised features, one weight each: score = weights · (x - mean) / scale.

    With ``trees`` (gradient-boosted trees fitted with LightGBM's LambdaRank on the same features, which see
    what a sum of weights cannot: a feature that counts only beside another) the score is the blend
    ``blend · z(linear) + (1 - blend) · z(trees)``, each standardised over the question's candidates.
    """

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    info: dict[str, Any]
    trees: Any = None  # a lightgbm.Booster, or None: the linear score alone
    blend: float = 1.0  # the linear score's share of the blend

    def linear(self, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = ((x - self.mean) / self.scale) @ self.weights
        return out

    def score(self, x: np.ndarray) -> np.ndarray:
        lin = self.linear(x)
        if self.trees is None or self.blend >= 1.0:
            return lin
        trees = np.asarray(self.trees.predict(x, num_threads=1), dtype=np.float64)
        return blend_scores(lin, trees, self.blend)

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale],
                "weights": [round(float(v), 6) for v in self.weights], "blend": self.blend, "info": self.info}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> RankerModel:
        feats = tuple(str(f) for f in raw["features"])
        mean, scale, weights = (np.asarray(raw[k], dtype=np.float64) for k in ("mean", "scale", "weights"))
        if not (len(feats) == len(mean) == len(scale) == len(weights)):
            raise ValueError("ranker model: features, mean, scale and weights differ in length")
        return cls(feats, mean, np.where(scale > 0, scale, 1.0), weights, dict(raw.get("info") or {}),
                   blend=float(raw.get("blend", 1.0)))


def _standard(v: np.ndarray) -> np.ndarray:
    sd = float(v.std())
    return (v - float(v.mean())) / sd if sd > 1e-12 else np.zeros_like(v)


def blend_scores(linear: np.ndarray, trees: np.ndarray, blend: float) -> np.ndarray:
    """``blend · z(linear) + (1 - blend) · z(trees)`` over one question's candidates.

    >>> blend_scores(np.array([1.0, 2.0, 3.0]), np.array([30.0, 10.0, 20.0]), 0.5).round(3).tolist()
    [0.0, -0.612, 0.612]
    """
    out: np.ndarray = blend * _standard(linear) + (1.0 - blend) * _standard(trees)
    return out


def _load_trees(path: Path) -> Any:
    """The trees of the blend (LightGBM's own text format), or None when the file or LightGBM is missing."""
    if not path.is_file():
        log.warning("ranker trees %s missing: the linear ranker alone orders the candidates", path)
        return None
    try:
        import lightgbm
    except ImportError:  # pragma: no cover - lightgbm is a dependency
        log.warning("lightgbm is not installed: the linear ranker alone orders the candidates")
        return None
    return lightgbm.Booster(model_file=str(path))


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> RankerModel | None:
    """The shipped model, or None when the file is absent (the hand-set ranking then stands)."""
    p = Path(path)
    if not p.is_file():
        return None
    raw = json.loads(p.read_text(encoding="utf-8"))
    model = RankerModel.from_json(raw)
    if model.features != FEATURES:
        # a model trained on other features would order at random: keep the hand-set order, say why
        log.warning("ranker model %s was trained on other features; retrain it (bench/train_ranker.py --write)", p)
        return None
    if raw.get("trees") and model.blend < 1.0:
        trees = _load_trees(p.with_name(str(raw["trees"])))
        if trees is not None and trees.num_feature() == len(FEATURES):
            return replace(model, trees=trees)
        if trees is not None:
            log.warning("ranker trees were trained on %d features, not %d: the linear ranker alone orders the "
                        "candidates; retrain them (bench/train_ranker.py --write)", trees.num_feature(), len(FEATURES))
        return replace(model, blend=1.0)
    return model


def rerank(model: RankerModel, x: np.ndarray) -> np.ndarray:
    """Model scores of the candidates (higher first)."""
    if x.shape[1] != len(model.features):
        raise ValueError("ranker model: feature count differs from the features computed")
    return model.score(x)


def display_scores(base: np.ndarray, learned: np.ndarray) -> np.ndarray:
    """Positive scores in the learned order, the best equal to the best hand-set score (what policy reads)."""
    if not len(base):
        return base
    top = float(base.max())
    return top * np.exp(np.clip(learned - float(learned.max()), -30.0, 0.0))
