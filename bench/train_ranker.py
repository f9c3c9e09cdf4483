"""Train the learned ranker of ``kg.search.learned`` on the TUNING cases only, choose by k-fold cross-validation.

    YIJU_DATA_DIR=/path/to/full-corpus-data python bench/train_ranker.py [--folds 5] [--seed 0] [--write]

Training cases: the tuning part of tests/eval/patrol.yaml (``kg.evaluation.split_cases``),
tests/eval/colloquial.yaml and the training sets tests/eval/patrol3{a,b,c}.yaml, patrol4a.yaml,
patrol5{a,b}.yaml, patrol6{a,b,c}.yaml, patrol7{a..h}.yaml, patrol8{a..h}.yaml and patrol9{a..h}.yaml (whole
files; each scored once before any training on it).
The held-out part of the patrol set, the held-out sets tests/eval/patrol2.yaml, patrol4h.yaml and
heldout10{a,b,c}.yaml and shared/eval/dev.yaml are never read here (tests/unit/test_evaluation.py checks it).
For each case the index's own retrieval gives the candidates and their features
(``WhooshIndex.ranking_candidates``); a candidate is relevant when it is one of the case's expected articles.
The model is a linear ranker fitted with a listwise softmax loss (numpy, Adam, seeded), blended with
LightGBM LambdaRank trees over the same features (``--blend``: the linear share, chosen in the same CV).
Its L2 strength is chosen by k-fold cross-validation over the cases (folds by case, seeded); the figures
printed are the out-of-fold recall@5 and MRR of the candidate order, next to the hand-set order of the same candidates.  ``--write`` fits on all
training cases with the chosen setting and writes ``kg/search/ranker_model.json``.  ``--ablate`` also
cross-validates without each feature group of ``GROUPS`` (what the group adds, same folds, at the chosen L2;
``--ablate a,b+c`` only those groups, ``b+c`` both left out at once; each figure with its fold-to-fold standard
error and the standard error of the paired fold differences); ``--pool`` sets
the candidates per case (how many cases have their expected article among them).

The association features (``kg.search.associations``) are learned from the training cases themselves, so they
are computed fold by fold: the held-out fold's cases are scored with a table learned from the training folds
only, and the training folds' own cases with tables cross-fitted inside them (each from the other inner folds),
so that no case is ever scored by a table that learned its own pair.  ``--write`` fits the model on
cross-fitted features of all cases and writes the table learned from all of them as
``kg/search/associations.json``; ``--assoc`` sets the table's pruning (min_count, top_k, prior, min_lift).
The same table widens the candidate pool (``kg.search.associations.expansion_terms``): a case's candidates are
retrieved with a table learned from the other folds' cases only (the folds by case, kept by the cross-validation),
so the share of cases with their expected article among the candidates is an out-of-fold figure;
``--no-expand`` retrieves without it (the pool of the query's own terms).

The asked-article features (``kg.search.asked``: question word -> the articles officers asked for with it, by
article key) are learned and cross-fitted the same way, fold by fold (``--asked`` sets the table's pruning,
``--asked off`` zeroes them; ``--ablate asked`` says what they add, linear and blended, same folds);
``--asked-pool`` prints the out-of-fold pool coverage if the top few asked articles joined the candidates.
``--write`` also writes the table learned from all cases as ``kg/search/asked.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.evaluation import _key, _statute_matcher, load_cases, split_cases  # noqa: E402
from kg.search.asked import (  # noqa: E402
    ASKED_FEATURES,
    ASKED_PATH,
    Asked,
    article_key,
    asked_articles,
    asked_features,
    candidate_keys,
)
from kg.search.asked import learn as learn_asked  # noqa: E402
from kg.search.associations import (  # noqa: E402
    ASSOCIATION_FEATURES,
    ASSOCIATIONS_PATH,
    Associations,
    alternatives,
    association_features,
    learn,
    matched_by,
    query_words,
)
from kg.search.learned import FEATURES  # noqa: E402
from kg.search.ranker_model import MODEL_PATH, RankerModel, blend_scores  # noqa: E402
from kg.search.schema import TOKEN_FIELDS  # noqa: E402

TRAINING_SETS = ((REPO / "tests/eval/patrol.yaml", "tuning"), (REPO / "tests/eval/colloquial.yaml", "all"),
                 *((REPO / f"tests/eval/patrol3{part}.yaml", "all") for part in "abc"),
                 (REPO / "tests/eval/patrol4a.yaml", "all"),
                 *((REPO / f"tests/eval/patrol5{part}.yaml", "all") for part in "ab"),
                 *((REPO / f"tests/eval/patrol6{part}.yaml", "all") for part in "abc"),
                 *((REPO / f"tests/eval/patrol7{part}.yaml", "all") for part in "abcdefgh"),
                 *((REPO / f"tests/eval/patrol8{part}.yaml", "all") for part in "abcdefgh"),
                 *((REPO / f"tests/eval/patrol9{part}.yaml", "all") for part in "abcdefgh"))
L2_GRID = (0.0003, 0.003, 0.03, 0.3)
K = 5
# the trees of the blend (LightGBM LambdaRank; chosen in 5-fold CV over the 1,034 training cases of the
# eighth session against the linear ranker on the same folds) and the blend weights tried
GBM_PARAMS = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 10,
              "lambdarank_truncation_level": 20, "num_threads": 1, "deterministic": True, "verbose": -1}
GBM_ROUNDS = 300
BLEND_GRID = (1.0, 0.7, 0.5, 0.3)
TREES_FILE = "ranker_trees.txt"
# feature groups that ``--ablate`` leaves out one at a time (the figures of each attempt, in one run)
GROUPS = {
    "chars": ("chars_text", "bigrams_text", "chars_title", "bigrams_title", "bigrams_heading", "bigrams_partner"),
    "assoc": ASSOCIATION_FEATURES,
    "asked": ASKED_FEATURES,
}
ASSOC_COLS = [FEATURES.index(f) for f in ASSOCIATION_FEATURES]
ASKED_COLS = [FEATURES.index(f) for f in ASKED_FEATURES]
ASKED_TOPS = (3, 5, 10, 20)  # the asked articles that would widen the pool (--asked-pool: its coverage)


_Setting = TypeVar("_Setting")


def _parsed(cls: type[_Setting], text: str) -> _Setting:
    """A table setting from ``name=value,…``: each number field ``text`` names read as its default's type, the
    others at their defaults (unknown names ignored)."""
    kw = dict(part.split("=") for part in text.split(",") if part)
    return cls(**{f.name: type(f.default)(kw[f.name]) for f in fields(cls)  # type: ignore[arg-type]
                  if f.name in kw and isinstance(f.default, int | float) and not isinstance(f.default, bool)})


@dataclass(frozen=True)
class AssocSetting:
    min_count: int = 2
    top_k: int = 12
    prior: float = 2.0
    min_lift: float = 1.0

    @classmethod
    def parse(cls, text: str) -> AssocSetting:
        return _parsed(cls, text)

    def learn(self, cases: Iterable[tuple[Collection[str], Collection[str]]], df: Callable[[str], int],
              n_docs: int) -> Associations:
        """The table of ``cases`` (question words, answer words) with this pruning."""
        return learn(cases, df, n_docs, min_count=self.min_count, top_k=self.top_k, prior=self.prior,
                     min_lift=self.min_lift)


@dataclass(frozen=True)
class AskedSetting:
    """The pruning of the asked-article table (``kg.search.asked.learn``); ``off``: no table (features 0)."""

    min_count: int = 2
    top_k: int = 30
    prior: float = 2.0
    min_lift: float = 1.0
    off: bool = False

    @classmethod
    def parse(cls, text: str) -> AskedSetting:
        return cls(off=True) if text == "off" else _parsed(cls, text)

    def learn(self, cases: Iterable[tuple[Collection[str], Collection[str]]]) -> Asked:
        """The table of ``cases`` (question words, expected article keys) with this pruning."""
        if self.off:
            return Asked({}, {"off": True})
        return learn_asked(cases, min_count=self.min_count, top_k=self.top_k, prior=self.prior,
                           min_lift=self.min_lift)


@dataclass
class Sample:
    case_id: str
    x: np.ndarray
    y: np.ndarray  # 1: an expected article
    item: np.ndarray  # catalog items: not counted by the evaluation
    grouped: bool  # no region: national legislation is listed first (kg.search.policy.national_first)
    # what the association features of kg.search.associations are computed from, fold by fold
    words: tuple[str, ...] = ()  # the question's words (query_words)
    alts: tuple[tuple[tuple[str, ...], ...], ...] = ()  # their matches (kg.search.associations.alternatives)
    pair_token: np.ndarray | None = None  # (token id, candidate) pairs of the candidates' words, by token id
    pair_cand: np.ndarray | None = None
    answer: tuple[str, ...] = ()  # the words of the expected articles (any version)
    gap: bool = False  # a question word no expected article holds, literally or through synonyms / thesaurus
    fold: int = -1  # the case's cross-validation fold, as its pool was chosen (collect); -1: none
    # what the asked-article features of kg.search.asked are computed from, fold by fold
    cand_keys: tuple[str, ...] = ()  # each candidate's article key (kg.search.asked.article_key; "" for an item)
    wanted: tuple[str, ...] = ()  # the expected articles' keys


@dataclass
class Collected:
    samples: list[Sample]
    vocab: list[str]  # token ids of pair_token
    df: dict[str, int]  # articles holding each word of an expected article
    n_docs: int
    folds: int = 0  # the folds the samples' pools were chosen by (Sample.fold); 0: none
    source: str = ""  # what was collected, from which data dir (``collected_from``); a cache of another is refused


def collected_from(data_dir: str, pool: int | None, expand: bool, setting: AssocSetting) -> str:
    """What a feature cache holds: the data dir's current generation, the pool and its widening."""
    generation = (Path(data_dir) / "current").resolve().name
    return f"{Path(data_dir).resolve()} generation={generation} pool={pool} expand={expand} assoc={setting}"


def collect(index: object, pool: int | None = None, setting: AssocSetting | None = None, folds: int = K,
            seed: int = 0) -> Collected:
    """Candidates, features and labels of every training case, and what the association features need.

    The candidate pool is widened by learned associations (``kg.search.associations.expansion_terms``); a
    case's pool is chosen with a table learned from the other folds' cases only (``setting``; None: no
    widening), the folds by case, seeded, and the cross-validation keeps them (``Sample.fold``)."""
    st = index._get_state()  # type: ignore[attr-defined]
    match = _statute_matcher(index)  # type: ignore[arg-type]
    local_unknown = FEATURES.index("local_unknown")
    by_article: dict[tuple[str, str], list[int]] = {}
    for (statute, article), ds in st.by_article.items():
        by_article.setdefault((_key(statute), article), []).extend(ds)
    words_of = st.token_texts(TOKEN_FIELDS, distinct=True)  # doc id -> its distinct words, as the postings hold
    tokens = {}  # docnum -> set of words (only the docs needed)

    def doc_tokens(d: int) -> frozenset[str]:
        got = tokens.get(d)
        if got is None:
            got = frozenset(words_of.get(st.doc_id[d], "").split())
            tokens[d] = got
        return got

    found = []  # the cases, what was wanted, their question words, matches and answers
    for path, part in TRAINING_SETS:
        for case in split_cases(load_cases(path), part):
            wanted = {(s, f"{e.article}-{e.suffix}" if e.suffix else str(e.article))
                      for e in case.expected for s in match(e.law)}
            q = index._understand(case.query, False)  # type: ignore[attr-defined]
            words = query_words(q)
            alts = alternatives(q, words)
            answer_docs = [d for key in wanted for d in by_article.get(key, ())]
            answer = frozenset().union(*(doc_tokens(d) for d in answer_docs)) if answer_docs else frozenset()
            gap = bool(answer_docs) and any(not any(2 * len(set(a) & answer) >= len(a) for a in word_alts)
                                            for word_alts in alts)
            found.append((case, wanted, words, alts, answer, gap))
    case_fold = np.random.default_rng(seed).permutation(len(found)) % folds
    if setting is not None:
        tables = [setting.learn(((words, answer) for (_, _, words, _, answer, _), f
                                 in zip(found, case_fold, strict=True) if f != k),
                                lambda t: st.doc_frequency("text", t), st.total)
                  for k in range(folds)]
    index.expand_pool = setting is not None  # type: ignore[attr-defined]
    rows: list[tuple[Sample, list[int]]] = []
    for (case, wanted, words, alts, answer, gap), k in zip(found, case_fold.tolist(), strict=True):
        if setting is not None:
            index.pool_associations = tables[k]  # type: ignore[attr-defined]
        got = index.ranking_candidates(case.query, region=case.region, as_of=case.as_of,  # type: ignore[attr-defined]
                                       pool=pool)
        if got is None:
            continue
        docs, x = got
        y = np.array([(_key(st.statute_of(d)), st.article[d]) in wanted and not st.is_item[d] for d in docs],
                     dtype=np.float64)
        item = np.array([bool(st.is_item[d]) for d in docs])
        cand_keys = tuple(candidate_keys(st, np.asarray(docs, dtype=np.int64)))
        rows.append((Sample(case.id, x, y, item, bool(x[:, local_unknown].any()), tuple(words), tuple(alts),
                            answer=tuple(sorted(answer)), gap=gap, fold=k, cand_keys=cand_keys,
                            wanted=tuple(sorted(article_key(s, a) for s, a in wanted))), docs))
    index.pool_associations, index.expand_pool = None, True  # type: ignore[attr-defined]
    # the words any table can hold, and the words that count as a match
    vocab = sorted({t for s, _ in rows for t in (*s.answer, *(t for a in s.alts for alt in a for t in alt))})
    ids = {t: i for i, t in enumerate(vocab)}
    for s, docs in rows:
        pairs = sorted((ids[t], c) for c, d in enumerate(docs) for t in doc_tokens(d) if t in ids)
        s.pair_token = np.array([t for t, _ in pairs], dtype=np.int32)
        s.pair_cand = np.array([c for _, c in pairs], dtype=np.int32)
    df = {t: st.doc_frequency("text", t) for t in vocab}
    return Collected([s for s, _ in rows], vocab, df, st.total, folds)


class _SampleHolds:
    """Which of a sample's candidates hold a word (from its (token, candidate) pairs)."""

    def __init__(self, s: Sample, ids: dict[str, int]) -> None:
        self.s, self.ids, self.n = s, ids, len(s.y)

    def __call__(self, t: str) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        i = self.ids.get(t)
        if i is not None and self.s.pair_token is not None and self.s.pair_cand is not None:
            a, b = np.searchsorted(self.s.pair_token, [i, i + 1])
            out[self.s.pair_cand[a:b]] = True
        return out


def learn_table(data: Collected, idx: list[int] | np.ndarray, setting: AssocSetting) -> Associations:
    """The association table from the cases ``idx`` only."""
    return setting.learn(((data.samples[i].words, data.samples[i].answer) for i in idx),
                         lambda t: data.df.get(t, 0), data.n_docs)


def learn_asked_table(data: Collected, idx: list[int] | np.ndarray, asked: AskedSetting) -> Asked:
    """The asked-article table from the cases ``idx`` only."""
    return asked.learn((data.samples[i].words, data.samples[i].wanted) for i in idx)


def with_associations(data: Collected, idx: list[int] | np.ndarray, table: Associations,
                      ids: dict[str, int]) -> dict[int, Sample]:
    """The samples ``idx`` with their association columns computed from ``table``."""
    out: dict[int, Sample] = {}
    for i in idx:
        s = data.samples[i]
        x = s.x.copy()
        holds = _SampleHolds(s, ids)
        x[:, ASSOC_COLS] = association_features(table, s.words, matched_by(s.alts, holds, len(s.y)), holds)
        out[int(i)] = Sample(s.case_id, x, s.y, s.item, s.grouped)
    return out


def with_asked(data: Collected, got: dict[int, Sample], asked: Asked | None) -> dict[int, Sample]:
    """``got`` (copies of samples of ``data``) with their asked-article columns computed from ``asked``
    (None: 0), in place."""
    for i, s in got.items():
        s.x[:, ASKED_COLS] = 0.0 if asked is None else asked_features(asked, data.samples[i].words,
                                                                      data.samples[i].cand_keys)
    return got


def cross_fitted(data: Collected, idx: np.ndarray, setting: AssocSetting, folds: int, seed: int,
                 ids: dict[str, int], asked: AskedSetting | None = None) -> dict[int, Sample]:
    """The samples ``idx`` with association (and asked-article) columns each from a table learned without the
    sample's own fold (so that a case's own pair never scores it, in training as in testing)."""
    inner = np.random.default_rng(seed + 1).permutation(len(idx)) % folds
    out: dict[int, Sample] = {}
    for k in range(folds):
        table = learn_table(data, idx[inner != k], setting)
        asked_table = None if asked is None else learn_asked_table(data, idx[inner != k], asked)
        out.update(with_asked(data, with_associations(data, idx[inner == k], table, ids), asked_table))
    return out


def case_folds(data: Collected, folds: int, seed: int) -> np.ndarray:
    """Each sample's cross-validation fold: the folds its pool was chosen by when ``data`` was collected with as
    many (no case is tested on a pool its own fold chose), else a seeded permutation."""
    if data.folds == folds:
        return np.array([s.fold for s in data.samples])
    return np.random.default_rng(seed).permutation(len(data.samples)) % folds


def fold_samples(data: Collected, folds: int, seed: int, setting: AssocSetting | None,
                 asked: AskedSetting | None = None) -> list[tuple[list[Sample], list[int], list[Sample]]]:
    """Per outer fold: the training samples, the held-out indexes and samples; association columns from
    tables learned on the training folds only (cross-fitted inside them for the training samples)."""
    fold = case_folds(data, folds, seed)
    ids = {t: i for i, t in enumerate(data.vocab)}
    out = []
    for k in range(folds):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        if setting is None:
            tr = [data.samples[i] for i in train]
            te = [data.samples[i] for i in test]
        else:
            got = cross_fitted(data, train, setting, folds, seed, ids, asked)
            tr = [got[int(i)] for i in train]
            asked_table = None if asked is None else learn_asked_table(data, train, asked)
            held = with_asked(data, with_associations(data, test, learn_table(data, train, setting), ids),
                              asked_table)
            te = [held[int(i)] for i in test]
        out.append((tr, test.tolist(), te))
    return out


def first_rank(s: Sample, score: np.ndarray) -> int | None:
    """1-based rank of the first expected article among the provisions, as the evaluation counts it."""
    order = sorted(range(len(score)), key=lambda i: (-score[i], i))
    if s.grouped:
        national = s.x[:, FEATURES.index("national")] > 0
        order = [i for i in order if national[i]] + [i for i in order if not national[i]]
    r = 0
    for i in order:
        if s.item[i]:
            continue
        r += 1
        if s.y[i] > 0:
            return r
    return None


def metrics(samples: list[Sample], scores: list[np.ndarray], n_cases: int) -> tuple[float, float]:
    ranks = [first_rank(s, sc) for s, sc in zip(samples, scores, strict=True)]
    recall = sum(1 for r in ranks if r is not None and r <= 5) / n_cases
    mrr = sum(1.0 / r for r in ranks if r is not None and r <= 20) / n_cases
    return recall, mrr


def list_loss(w: np.ndarray, zs: list[np.ndarray], ys: list[np.ndarray], l2: float) -> tuple[float, np.ndarray]:
    """Mean over cases of the listwise softmax loss, plus L2; and its gradient.

    A case's loss is -log of the share of the softmax over all its candidates that falls on its expected
    articles: it is small only when they stand above every other candidate, so the hard negatives at the
    top weigh most (what recall@5 and MRR count).  A mean over all (expected, other) pairs, the earlier
    loss, weighed the many easy pairs far down the list as much: 5-fold CV over the 1,034 training cases,
    same folds, recall@5 0.769 -> 0.787, MRR 0.589 -> 0.610.
    """
    loss, grad, nq = 0.0, np.zeros_like(w), 0
    for z, y in zip(zs, ys, strict=True):
        pos = y > 0
        if not pos.any() or pos.all():
            continue
        nq += 1
        s = z @ w
        e = np.exp(s - s.max())
        e_pos = np.where(pos, e, 0.0)
        loss += float(np.log(e.sum()) - np.log(e_pos.sum()))
        grad += (e / e.sum() - e_pos / e_pos.sum()) @ z
    nq = max(nq, 1)
    return loss / nq + 0.5 * l2 * float(w @ w), grad / nq + l2 * w


def fit(samples: list[Sample], l2: float, seed: int, steps: int = 300, lr: float = 0.05,
        cols: list[int] | None = None) -> RankerModel:
    """Fit on ``samples``; ``cols``: only these feature columns (the others weigh 0)."""
    cols = list(range(len(FEATURES))) if cols is None else cols
    allx = np.vstack([s.x[:, cols] for s in samples])
    mean, scale = allx.mean(axis=0), allx.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    zs = [(s.x[:, cols] - mean) / scale for s in samples]
    ys = [s.y for s in samples]
    w = np.random.default_rng(seed).normal(0.0, 0.01, allx.shape[1])
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        _, g = list_loss(w, zs, ys, l2)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    full_mean, full_scale, full_w = np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES))
    full_mean[cols], full_scale[cols], full_w[cols] = mean, scale, w
    return RankerModel(FEATURES, full_mean, full_scale, full_w, {})


@dataclass
class CV:
    """Out-of-fold recall@5 and MRR over all training cases, and the same per fold (to compare runs fold by fold)."""

    recall: float
    mrr: float
    fold_recall: np.ndarray
    fold_mrr: np.ndarray

    def se(self) -> tuple[float, float]:
        """Fold-to-fold standard error of recall@5 and MRR."""
        k = len(self.fold_recall)
        return (float(self.fold_recall.std(ddof=1) / np.sqrt(k)), float(self.fold_mrr.std(ddof=1) / np.sqrt(k)))

    def line(self) -> str:
        se = self.se()
        return f"recall@5 {self.recall:.3f} ±{se[0]:.3f}  MRR {self.mrr:.3f} ±{se[1]:.3f}"


def paired_se(a: CV, b: CV) -> tuple[float, float, float, float]:
    """Mean fold difference (a - b) of recall@5 and MRR and its standard error (the same folds in both)."""
    k = len(a.fold_recall)
    dr, dm = a.fold_recall - b.fold_recall, a.fold_mrr - b.fold_mrr
    return (float(dr.mean()), float(dr.std(ddof=1) / np.sqrt(k)), float(dm.mean()), float(dm.std(ddof=1) / np.sqrt(k)))


Folds = list[tuple[list[Sample], list[int], list[Sample]]]


def cross_validate(samples: list[Sample], n_cases: int, l2: float, seed: int, folds: int,
                   cols: list[int] | None = None) -> tuple[float, float]:
    """Out-of-fold recall@5 and MRR of ``samples`` as they are (no association columns computed)."""
    split = fold_samples(Collected(samples, [], {}, 0), folds, seed, None)
    cv = cross_validate_folds(split, len(samples), n_cases, l2, seed, cols)
    return cv.recall, cv.mrr


def cross_validate_folds(folds: Folds, n_samples: int, n_cases: int, l2: float, seed: int,
                         cols: list[int] | None = None) -> CV:
    """Out-of-fold recall@5 and MRR, and the same per fold (``folds``: ``fold_samples``)."""
    scores: list[np.ndarray] = [np.zeros(0)] * n_samples
    held: list[Sample | None] = [None] * n_samples
    for train, test, test_samples in folds:
        model = fit(train, l2, seed, cols=cols)
        for i, s in zip(test, test_samples, strict=True):
            scores[i], held[i] = model.score(s.x), s
    return out_of_fold(folds, held, scores, n_cases)


def out_of_fold(folds: Folds, held: list[Sample | None], scores: list[np.ndarray], n_cases: int) -> CV:
    """Recall@5 and MRR of the out-of-fold ``scores`` over all cases, and the same per fold."""
    samples = [s for s in held if s is not None]
    # per fold: the fold's cases with candidates, scaled by the share of all cases that have candidates
    share = len(scores) / n_cases
    per = [metrics(ts, [scores[i] for i in test], len(test)) for _, test, ts in folds]
    recall, mrr = metrics(samples, scores, n_cases)
    return CV(recall, mrr, np.array([r * share for r, _ in per]), np.array([m * share for _, m in per]))


def fit_trees(samples: list[Sample], seed: int, cols: list[int] | None = None) -> Any:
    """LightGBM LambdaRank trees over the same features (a group per case; ``cols``: only these columns)."""
    import lightgbm

    x = np.vstack([s.x if cols is None else s.x[:, cols] for s in samples])
    y = np.concatenate([s.y for s in samples]).astype(int)
    data = lightgbm.Dataset(x, y, group=[len(s.y) for s in samples], params={"verbose": -1})
    return lightgbm.train({**GBM_PARAMS, "seed": seed}, data, num_boost_round=GBM_ROUNDS)


def cross_validate_blends(folds: Folds, n_samples: int, n_cases: int, l2: float, seed: int,
                          blends: tuple[float, ...], cols: list[int] | None = None) -> dict[float, CV]:
    """Out-of-fold figures of each blend of the linear ranker and the trees (1.0: the linear ranker alone);
    ``cols``: only these feature columns (for both)."""
    lin: list[np.ndarray] = [np.zeros(0)] * n_samples
    trees: list[np.ndarray] = [np.zeros(0)] * n_samples
    held: list[Sample | None] = [None] * n_samples
    for train, test, test_samples in folds:
        model, booster = fit(train, l2, seed, cols=cols), fit_trees(train, seed, cols)
        for i, s in zip(test, test_samples, strict=True):
            x = s.x if cols is None else s.x[:, cols]
            lin[i], trees[i], held[i] = model.linear(s.x), booster.predict(x, num_threads=1), s
    # blend 1.0 standardises the linear score alone: the same order as the linear ranker's
    return {a: out_of_fold(folds, held, [blend_scores(lin[i], trees[i], a) for i in range(n_samples)], n_cases)
            for a in blends}


def asked_pool_coverage(data: Collected, asked: AskedSetting, folds: int, seed: int, n_cases: int) -> None:
    """Print the share of cases with an expected article among the candidates, and the same if the top
    ``ASKED_TOPS`` articles the question's words name (``kg.search.asked.asked_articles``, a table learned from
    the other folds' cases only) joined them: out of fold."""
    fold = case_folds(data, folds, seed)
    hit = {top: 0 for top in (0, *ASKED_TOPS)}
    alone = dict.fromkeys(ASKED_TOPS, 0)
    for k in range(folds):
        table = learn_asked_table(data, np.flatnonzero(fold != k), asked)
        for i in np.flatnonzero(fold == k):
            s = data.samples[i]
            wanted = set(s.wanted)
            in_pool = bool(s.y.any())
            named = [a for a, _ in asked_articles(table, s.words, max(ASKED_TOPS))]
            hit[0] += in_pool
            for top in ASKED_TOPS:
                found = bool(wanted & set(named[:top]))
                hit[top] += in_pool or found
                alone[top] += found
    print(f"pool coverage (out of fold, of {n_cases} cases): pool {hit[0] / n_cases:.3f}; "
          + "; ".join(f"+ top {t} asked {hit[t] / n_cases:.3f} (top {t} alone {alone[t] / n_cases:.3f})"
                      for t in ASKED_TOPS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default=os.environ.get("YIJU_DATA_DIR"))
    ap.add_argument("--folds", type=int, default=K)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, help="keep the collected features in this file (pickle) between runs")
    ap.add_argument("--write", action="store_true", help="fit on all training cases and write the model file")
    ap.add_argument("--ablate", nargs="?", const="", metavar="GROUPS",
                    help="also cross-validate without each feature group of GROUPS (or those named: a,b+c)")
    ap.add_argument("--l2", help=f"only these L2 strengths (comma-separated; default: the grid {L2_GRID})")
    ap.add_argument("--pool", type=int, help="candidates per case (default: the index's RERANK_CANDIDATES)")
    ap.add_argument("--blend", help=f"only these blend weights of the linear ranker against the trees "
                                    f"(comma-separated; default: the grid {BLEND_GRID}; 1: no trees)")
    ap.add_argument("--no-expand", action="store_true",
                    help="candidates from the query's own terms only (no pool widened by the associations)")
    ap.add_argument("--assoc", default="", metavar="SETTING",
                    help="association table setting, e.g. min_count=2,top_k=12,prior=2,min_lift=1")
    ap.add_argument("--asked", default="", metavar="SETTING",
                    help="asked-article table setting (kg.search.asked), e.g. min_count=2,top_k=30,prior=2,"
                         "min_lift=1; off: no table (its features 0)")
    ap.add_argument("--asked-pool", action="store_true",
                    help="also print the out-of-fold pool coverage if the top asked articles joined the pool")
    args = ap.parse_args(argv)
    if not args.data_dir:
        ap.error("--data-dir or YIJU_DATA_DIR: a data dir ingested from the full shared corpus")
    n_cases = sum(len(split_cases(load_cases(p), part)) for p, part in TRAINING_SETS)
    setting = AssocSetting.parse(args.assoc)
    source = collected_from(args.data_dir, args.pool, not args.no_expand, setting)
    if args.cache and args.cache.exists():
        data: Collected = pickle.loads(args.cache.read_bytes())
        if data.folds and data.folds != args.folds:
            ap.error(f"{args.cache}: its pools were chosen by {data.folds} folds, not {args.folds}")
        if data.source != source:  # features of another ingest or pool would train a model that does not fit
            ap.error(f"{args.cache}: collected as {data.source or 'unknown'}, not {source}; remove it to collect")
    else:
        from api.service import Yiju
        from kg.settings import Settings

        index = Yiju(Settings(data_dir=Path(args.data_dir))).index
        index.ranker_model = None
        index.warm()
        data = collect(index, args.pool, None if args.no_expand else setting, args.folds, args.seed)
        data.source = source
        if args.cache:
            args.cache.write_bytes(pickle.dumps(data))
    samples = data.samples
    width = samples[0].x.shape[1] if samples else len(FEATURES)
    if width == len(FEATURES) - len(ASKED_FEATURES) and FEATURES[-len(ASKED_FEATURES):] == ASKED_FEATURES:
        # a cache collected before the asked-article features: their columns are computed fold by fold anyway
        for s in samples:
            s.x = np.hstack([s.x, np.zeros((len(s.y), len(ASKED_FEATURES)))])
    elif width != len(FEATURES):
        ap.error(f"{args.cache}: {width} feature columns, not {len(FEATURES)}; remove it to collect")
    if any(s.y.any() and not s.cand_keys for s in samples):
        ap.error(f"{args.cache}: collected without the candidates' article keys; remove it to collect")
    asked = AskedSetting.parse(args.asked)
    reachable = sum(1 for s in samples if s.y.any())
    print(f"training cases {n_cases}, with candidates {len(samples)}, expected article among them {reachable}")
    gaps = sum(1 for s in samples if s.gap)
    print(f"cases with a question word no expected article holds (literally, by synonym or thesaurus): {gaps}"
          f" of {len(samples)}; words {sum(len(s.words) for s in samples)}, of them unmatched in the answer "
          f"{sum(1 for s in samples for w in s.words if w not in s.answer)}")
    base = metrics(samples, [s.x[:, 0] for s in samples], n_cases)
    print(f"hand-set order of the candidates: recall@5 {base[0]:.3f}  MRR {base[1]:.3f}")
    print(f"association table: {setting}")
    print(f"asked-article table: {asked}")
    if args.asked_pool:
        asked_pool_coverage(data, asked, args.folds, args.seed, n_cases)
    split = fold_samples(data, args.folds, args.seed, setting, asked)
    grid = tuple(float(v) for v in args.l2.split(",")) if args.l2 else L2_GRID
    results: dict[float, CV] = {}
    for l2 in grid:
        results[l2] = cross_validate_folds(split, len(samples), n_cases, l2, args.seed)
        print(f"l2 {l2:<7} {args.folds}-fold CV: {results[l2].line()}")
    best = max(grid, key=lambda k: (results[k].recall + results[k].mrr, -k))
    print(f"chosen l2 {best}")
    blends = tuple(float(v) for v in args.blend.split(",")) if args.blend else BLEND_GRID
    blended = cross_validate_blends(split, len(samples), n_cases, best, args.seed, tuple({1.0, *blends}))
    for a in blends:
        d = paired_se(blended[a], blended[1.0])
        print(f"blend {a:<4} (linear share) {args.folds}-fold CV: {blended[a].line()}   against linear alone:"
              f" recall@5 {d[0]:+.3f} ±{d[1]:.3f}  MRR {d[2]:+.3f} ±{d[3]:.3f}")
    blend = max(blends, key=lambda a: (blended[a].recall + blended[a].mrr, a))
    print(f"chosen blend {blend}")
    if args.ablate is not None:  # feature groups left out at the chosen l2, same folds and seed: what each adds
        names = [n for n in args.ablate.split(",") if n] or list(GROUPS)
        for name in names:
            group = {f for part in name.split("+") for f in GROUPS[part]}
            cols = [i for i, f in enumerate(FEATURES) if f not in group]
            r = cross_validate_folds(split, len(samples), n_cases, best, args.seed, cols)
            d = paired_se(results[best], r)
            print(f"without {name:<20} l2 {best:<7} {args.folds}-fold CV: {r.line()}")
            print(f"  {name} adds: recall@5 {results[best].recall - r.recall:+.3f} (per fold {d[0]:+.3f} ±{d[1]:.3f})"
                  f"  MRR {results[best].mrr - r.mrr:+.3f} (per fold {d[2]:+.3f} ±{d[3]:.3f})")
            if blend < 1.0:
                rb = cross_validate_blends(split, len(samples), n_cases, best, args.seed, (blend,), cols)[blend]
                d = paired_se(blended[blend], rb)
                print(f"without {name:<20} blend {blend:<5} {args.folds}-fold CV: {rb.line()}")
                print(f"  {name} adds (blend): recall@5 {d[0]:+.3f} ±{d[1]:.3f}  MRR {d[2]:+.3f} ±{d[3]:.3f}")
    if args.write:
        ids = {t: i for i, t in enumerate(data.vocab)}
        everything = np.arange(len(samples))
        fitted = cross_fitted(data, everything, setting, args.folds, args.seed, ids, asked)
        model = fit([fitted[i] for i in range(len(samples))], best, args.seed)
        info = {"trained_on": [f"{p.relative_to(REPO)}:{part}" for p, part in TRAINING_SETS], "cases": n_cases,
                "l2": best, "seed": args.seed, "folds": args.folds,
                "cv_recall_at_5": round(results[best].recall, 4), "cv_mrr": round(results[best].mrr, 4),
                "handset_recall_at_5": round(base[0], 4), "handset_mrr": round(base[1], 4),
                "cv_blend_recall_at_5": round(blended[blend].recall, 4), "cv_blend_mrr": round(blended[blend].mrr, 4)}
        model = RankerModel(model.features, model.mean, model.scale, model.weights, info, blend=blend)
        raw = model.to_json()
        trees_path = MODEL_PATH.with_name(TREES_FILE)
        if blend < 1.0:
            info["trees"] = {**GBM_PARAMS, "rounds": GBM_ROUNDS, "seed": args.seed}
            fit_trees([fitted[i] for i in range(len(samples))], args.seed).save_model(str(trees_path))
            raw["trees"] = TREES_FILE
            print(f"wrote {trees_path.relative_to(REPO)} ({trees_path.stat().st_size} bytes)")
        elif trees_path.exists():
            trees_path.unlink()
        MODEL_PATH.write_text(json.dumps(raw, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(REPO)}")
        table = learn_table(data, everything, setting)
        table.info.update({"learned_from": info["trained_on"], "learned_on": date.today().isoformat(),
                           "question_words": len(table.table),
                           "pairs": sum(len(v) for v in table.table.values()),
                           "what": "question word -> statute words of the articles that answer it, log lift "
                                   "(kg.search.associations.learn)"})
        ASSOCIATIONS_PATH.write_text(json.dumps(table.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                                     encoding="utf-8")
        print(f"wrote {ASSOCIATIONS_PATH.relative_to(REPO)}: {len(table.table)} words, "
              f"{table.info['pairs']} pairs, {ASSOCIATIONS_PATH.stat().st_size} bytes")
        if asked.off:
            ASKED_PATH.unlink(missing_ok=True)
        else:
            asked_table = learn_asked_table(data, everything, asked)
            asked_table.info.update({"learned_from": info["trained_on"], "learned_on": date.today().isoformat(),
                                     "question_words": len(asked_table.table),
                                     "pairs": sum(len(v) for v in asked_table.table.values()),
                                     "what": "question word -> key of an article officers asked for with it, log "
                                             "lift (kg.search.asked.learn)"})
            ASKED_PATH.write_text(json.dumps(asked_table.to_json(), ensure_ascii=False, separators=(",", ":"))
                                  + "\n", encoding="utf-8")
            print(f"wrote {ASKED_PATH.relative_to(REPO)}: {len(asked_table.table)} words, "
                  f"{asked_table.info['pairs']} pairs, {ASKED_PATH.stat().st_size} bytes")
        for f, w in sorted(zip(FEATURES, model.weights, strict=True), key=lambda fw: -abs(fw[1])):
            print(f"  {f:<16} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
