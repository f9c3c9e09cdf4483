"""A learned ranker over the candidates that BM25 and the officer priors produce (step 5 of ``kg.search``).

The hand-set priors find the right statute often, but pick the wrong article of
it or let a well-worded local rule pass the national article.  ``features``
describes each candidate by what a reviewer would look at: how well each field
matches (the article, the wording of the articles a 罚则 names, item names), how
much of what was typed the article and its statute title contain, its role
(违则 / 罚则 / item) and whether its partner was found too, its level and region
against the user's, whether it sits in a 法律责任 chapter, its place in its
statute and among the statute's other candidates, and how many of the typed characters and character
bigrams the article, its statute title, its chapter heading and its partner hold (each weighed by how few
candidates hold it: jieba may cut the officer's words and the statute's differently, 摆摊 / 设摊), and how strongly
the officer's words the article does not hold are associated, in the training cases, with words it does hold
(``kg.search.associations``: 电子秤 -> 计量器具), and how strongly the question's words name the article itself (the articles
officers asked for with them in the training cases, ``kg.search.asked``).  A linear model
(``RankerModel``) trained (listwise softmax loss) on the training cases only
(``bench/train_ranker.py``, seeded, k-fold cross-validated) weighs them, blended with LightGBM LambdaRank
trees over the same features (which see interactions a sum of weights cannot); the weights ship as
``ranker_model.json``, the trees as ``ranker_trees.txt``, the association table as ``associations.json`` and the
asked-article table as ``asked.json`` beside this module.

This module computes the features (``FEATURES``, ``features``); its parts are ``ranker_lookups`` (what is
built once per searcher and cached per document), ``char_units`` (characters and bigrams) and
``associations``; ``ranker_model`` holds the model that weighs them and its files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kg.search.asked import ASKED_FEATURES, asked_features, candidate_keys, load_asked
from kg.search.associations import ASSOCIATION_FEATURES, candidate_features, load_associations, query_words
from kg.search.char_units import query_units
from kg.search.query import _Query
from kg.search.ranker_lookups import _doc_units, _Lookups, _partner_ids, _title, _title_key, lookups
from kg.search.schema import NATIONAL
from kg.search.state import _State

_TYPED_MIN_WEIGHT = 0.5

_LEVEL_FEATURES = ("law", "admin_reg", "dept_rule", "judicial", "local_level")
FEATURES = (
    "base", "text", "viol", "name", "evidence", "cover_typed", "cover_all", "cover_expansion", "title",
    "penalty", "violated", "item", "partner_pulled", "partner_found", "partner_score", "liability", "position",
    "statute_first", "statute_rank", "statute_best", "statute_count", "length",
    "law", "admin_reg", "dept_rule", "judicial", "local_level",
    "national", "local_own", "local_parent", "local_unknown",
    # characters and character bigrams of what was typed found in the article, its statute title, its chapter
    # heading and its partner (they catch words jieba cuts differently: 摆摊 / 设摊, 晒 / 晾晒)
    "chars_text", "bigrams_text", "chars_title", "bigrams_title", "bigrams_heading", "bigrams_partner",
    # learned associations of the question's words the candidate does not hold with its words (kg.search.associations)
    *ASSOCIATION_FEATURES,
    # the articles officers asked for with the question's words in the training cases (kg.search.asked)
    *ASKED_FEATURES,
)


@dataclass
class Candidates:
    """What retrieval knows about the candidates: field scores, statute evidence, final hand-set scores."""

    docs: np.ndarray  # docnums
    base: np.ndarray  # hand-set score after priors and partners
    fields: dict[str, np.ndarray]  # per-field BM25 of each candidate
    evidence: np.ndarray
    pulled: np.ndarray  # brought in (or raised) as a partner


def _char_overlap(st: _State, lk: _Lookups, q: _Query, docs: np.ndarray,
                  partners: list[list[int]]) -> np.ndarray:
    """Share of the query's characters and bigrams (each weighed by how few candidates hold it) in each
    candidate's text, title, heading, and the best partner's text: six columns."""
    out = np.zeros((len(docs), 6))
    units = query_units(q)
    if not units or not len(docs):
        return out
    ulist = sorted(units)
    body = [_doc_units(st, lk, d) for d in docs.tolist()]
    titles = [_title(st, lk, d)[1] for d in docs.tolist()]
    in_text = np.array([[u in b for u in ulist] for b, _ in body], dtype=bool)
    in_head = np.array([[u in h for u in ulist] for _, h in body], dtype=bool)
    in_title = np.array([[u in t for u in ulist] for t in titles], dtype=bool)
    in_any = in_text | in_title
    n = len(docs)
    weight = np.log((n + 1.0) / (in_any.sum(axis=0) + 0.5))  # a unit every candidate holds tells nothing
    single = np.array([len(u) == 1 for u in ulist])
    cw = np.where(single, weight, 0.0)
    gw = np.where(single, 0.0, weight)
    cw /= float(cw.sum()) or 1.0
    gw /= float(gw.sum()) or 1.0
    out[:, 0] = in_any @ cw
    out[:, 1] = in_any @ gw
    out[:, 2] = in_title @ cw
    out[:, 3] = in_title @ gw
    out[:, 4] = in_head @ gw
    for i, js in enumerate(partners):
        if js:
            out[i, 5] = max(out[j, 1] for j in js)
    return out


def _coverage(st: _State, q: _Query, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share of the typed words', all terms' and expansion terms' weight each candidate contains."""
    where = np.full(st.n, -1, dtype=np.int64)
    where[docs] = np.arange(len(docs))
    typed = np.zeros(len(docs))
    all_ = np.zeros(len(docs))
    exp = np.zeros(len(docs))
    tw = aw = ew = 0.0
    for t, w in q.terms.items():
        if w <= 0:
            continue
        present = np.zeros(len(docs), dtype=bool)
        for f in ("text", "viol", "name"):
            p = st.postings(f, t)
            if p is not None:
                pos = where[p[0]]
                present[pos[pos >= 0]] = True
        is_typed = t in q.typed and len(t) >= 2 and w >= _TYPED_MIN_WEIGHT
        all_ += w * present
        aw += w
        if is_typed:
            typed += w * present
            tw += w
        elif t not in q.typed:
            exp += w * present
            ew += w
    return typed / (tw or 1.0), all_ / (aw or 1.0), exp / (ew or 1.0)


def _title_cover(st: _State, lk: _Lookups, q: _Query, docs: np.ndarray) -> np.ndarray:
    typed = {t: w for t, w in q.terms.items() if t in q.typed and len(t) >= 2 and w >= _TYPED_MIN_WEIGHT}
    total = sum(typed.values()) or 1.0
    per_statute: dict[int, float] = {}
    out = np.zeros(len(docs))
    for i, d in enumerate(docs.tolist()):
        key = _title_key(st, d)
        if key not in per_statute:
            words = _title(st, lk, d)[0]
            per_statute[key] = sum(w for t, w in typed.items() if t in words) / total
        out[i] = per_statute[key]
    return out


def _partner_found(st: _State, lk: _Lookups, docs: np.ndarray,
                   rel: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """A 罚则 whose 违则 (or a 违则 whose 罚则) is among the candidates too, the best such partner's
    relative score (the floor of ``rel`` when none) and the partners' positions."""
    where: dict[str, int] = {}
    for i, d in enumerate(docs.tolist()):
        where.setdefault(st.doc_id[d], i)
        where.setdefault(st.doc_id[d].partition("/para_")[0], i)
    found = np.zeros(len(docs))
    best = np.full(len(docs), float(rel.min()) if len(rel) else 1.0)
    partners: list[list[int]] = [[] for _ in range(len(docs))]
    for i, d in enumerate(docs.tolist()):
        if st.penalty[d] or st.violated[d]:
            hits = list(dict.fromkeys(where[p] for p in _partner_ids(st, lk, d) if p in where and where[p] != i))
            if hits:
                found[i] = 1.0
                best[i] = max(float(rel[j]) for j in hits)
                partners[i] = hits
    return found, best, partners


def _statute_stats(st: _State, docs: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rank of each candidate inside its statute, its statute's best score and candidate count."""
    codes = st.statute_code[docs]
    order = np.lexsort((docs, -base))
    rank = np.zeros(len(docs))
    best: dict[int, float] = {}
    count: dict[int, int] = {}
    for i in order.tolist():
        c = int(codes[i])
        rank[i] = count.get(c, 0)
        count[c] = count.get(c, 0) + 1
        best.setdefault(c, float(base[i]))
    best_arr = np.array([best[int(c)] for c in codes.tolist()])
    count_arr = np.array([count[int(c)] for c in codes.tolist()], dtype=np.float64)
    return rank, best_arr, count_arr


def _level_features(st: _State, lk: _Lookups, docs: np.ndarray) -> np.ndarray:
    out = np.zeros((len(docs), len(_LEVEL_FEATURES)))
    for i, d in enumerate(docs.tolist()):
        group = lk.level_group[int(st.level_code[d])]
        if group in _LEVEL_FEATURES:
            out[i, _LEVEL_FEATURES.index(group)] = 1.0
    return out


def _region_features(st: _State, docs: np.ndarray, user_regions: tuple[str, ...]) -> np.ndarray:
    out = np.zeros((len(docs), 4))
    for i, d in enumerate(docs.tolist()):
        r = st.region_of(d)
        if r == NATIONAL or not r or st.is_item[d]:
            out[i, 0] = 1.0
        elif not user_regions:
            out[i, 3] = 1.0
        elif r in user_regions:
            out[i, 1] = 1.0
        else:
            out[i, 2] = 1.0
    return out


def features(st: _State, q: _Query, cands: Candidates, user_regions: tuple[str, ...]) -> np.ndarray:
    """One row of ``FEATURES`` per candidate."""
    lk = lookups(st)
    docs = cands.docs
    top = float(cands.base.max()) if len(docs) else 1.0
    rel = np.maximum(cands.base / (top or 1.0), 1e-4)
    zero = np.zeros(len(docs))
    total_bm = np.sum([cands.fields.get(f, zero) for f in ("text", "viol", "name")], axis=0)
    norm = float(total_bm.max()) if len(docs) else 1.0
    norm = norm or 1.0
    cover_typed, cover_all, cover_exp = _coverage(st, q, docs)
    rank, best, count = _statute_stats(st, docs, cands.base)
    partner_found, partner_best, partners = _partner_found(st, lk, docs, rel)
    is_item = st.is_item[docs].astype(np.float64)
    cols = [
        np.log(rel), cands.fields.get("text", zero) / norm, cands.fields.get("viol", zero) / norm,
        cands.fields.get("name", zero) / norm,
        cands.evidence, cover_typed, cover_all, cover_exp, _title_cover(st, lk, q, docs),
        st.penalty[docs].astype(np.float64), (st.violated[docs] & ~st.penalty[docs]).astype(np.float64), is_item,
        cands.pulled.astype(np.float64), partner_found, np.log(partner_best),
        lk.liability[docs].astype(np.float64), lk.position[docs].astype(np.float64),
        (rank == 0).astype(np.float64), np.log1p(rank), np.log(np.maximum(best / (top or 1.0), 1e-4)),
        np.log1p(count), np.log1p(st.length["text"][docs].astype(np.float64)),
    ]
    x = np.column_stack([*cols, _level_features(st, lk, docs), _region_features(st, docs, user_regions),
                         _char_overlap(st, lk, q, docs, partners), candidate_features(st, q, docs, load_associations()),
                         _asked(st, q, docs)])
    return x


def _asked(st: _State, q: _Query, docs: np.ndarray) -> np.ndarray:
    """``ASKED_FEATURES`` of the candidates (zeros without the shipped table)."""
    table = load_asked()
    if table is None or not len(docs):
        return np.zeros((len(docs), len(ASKED_FEATURES)))
    return asked_features(table, query_words(q), candidate_keys(st, docs))


