"""Ranking for officers: BM25 with priors, 罚则/违则 partners, diversity (steps 4-5 of ``kg.search``); the
hits and pairs shown are made by ``hits``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from kg.regions import relevant
from kg.search.associations import (
    Associations,
    expansion_pairs,
    expansion_terms,
    load_associations,
    query_words,
)
from kg.search.hits import _Hits
from kg.search.learned import Candidates, features
from kg.search.query import _Query
from kg.search.ranker_model import RankerModel, display_scores, rerank
from kg.search.schema import (
    ARTICLE_MENTION_BOOST,
    CANDIDATES,
    COMMON_TERM_SHARE,
    COMMON_WEAK_TERM_SHARE,
    DIVERSITY,
    NATIONAL,
    PARTNER_SHARE,
    REGION_MENTION_BOOST,
    RERANK_CANDIDATES,
    STATUTE_EVIDENCE,
    STATUTE_MENTION_BOOST,
    TOKEN_FIELDS,
)
from kg.search.state import _State
from kg.search.types import MAX_LIMIT
from kg.search.understand import _article_key

_PARTNER_REASONS = ("与罚则配对", "与违则配对", "与处理依据配对", "事项依据")


def _art_sort(article: str) -> tuple[int, int]:
    a, _, s = article.partition("-")
    try:
        return int(a), int(s or 0)
    except ValueError:
        return (0, 0)


def _widened(q: _Query, expand: bool) -> bool:
    """Whether the associations widen the pool of ``q``: asked to (a learned ranker orders it), and no statute or
    article named (those rules decide)."""
    return expand and not q.statutes and not q.article


class _Ranking(_Hits):
    """``WhooshIndex``'s scoring and reranking for officers (its hits and groups: ``_Hits``)."""

    _meta: dict[str, Any]
    ranker_model: RankerModel | None  # kg.search.learned; None: the hand-set order
    # the learned associations that widen the ranker's candidate pool (kg.search.associations.expansion_terms):
    # None, the shipped table; bench/train_ranker.py sets one learned without the case's own fold
    pool_associations: Associations | None = None
    expand_pool = True  # False: the pool from the query's own terms only (bench/train_ranker.py --no-expand)

    def _useful_terms(self, q: _Query, st: _State, plain: bool) -> dict[str, float]:
        """Query terms with weights; in long queries very common terms are dropped (speed, no loss)."""
        terms = {t: w for t, w in q.terms.items() if w > 0}
        if plain or len(terms) <= 4 or st.total < 5000:
            return terms
        limit = COMMON_TERM_SHARE * st.total
        weak_limit = COMMON_WEAK_TERM_SHARE * st.total
        dfs = {t: st.doc_frequency("text", t) for t in terms}
        rare = {t: w for t, w in terms.items() if 0 < dfs[t] <= (limit if w >= 0.5 else weak_limit)}
        return rare if len(rare) >= 2 else terms

    def _plain_scores(self, st: _State, terms: dict[str, float], mask: np.ndarray, limit: int) -> dict[int, float]:
        """Baseline: whoosh's own BM25F searcher over the article tokens, same filters."""
        from whoosh import query as wq

        allowed = st.doc_set(mask)
        clauses = [wq.Term("text", t, boost=w) for t, w in terms.items()]
        if not clauses or not allowed:
            return {}
        with st.io_lock:
            results = st.searcher.search(wq.Or(clauses), limit=limit, filter=allowed, terms=False)
            return {d: float(s) for d, s in results.items()}

    def _scores(self, q: _Query, st: _State, terms: dict[str, float], mask: np.ndarray,
                why: dict[int, list[str]], national_pool: bool = False,
                user_regions: tuple[str, ...] = ()) -> dict[int, float]:
        """Candidates and their scores; ``national_pool``: national legislation (and catalog items) get a
        candidate pool of their own, so that without a region the many local rules that share the words
        do not crowd the national law out before it is ranked first (kg.search.policy).  A free-text
        question (no statute or article named) is ordered by the learned ranker (kg.search.learned)."""
        model = self.ranker_model
        scores, cands = self._candidates(q, st, terms, mask, why, national_pool,
                                         RERANK_CANDIDATES if model is not None else CANDIDATES, model is not None)
        if cands is None or model is None or not len(cands.docs):
            return self._diversify(q, st, scores)
        learned = rerank(model, features(st, q, cands, user_regions))
        return dict(zip(cands.docs.tolist(), display_scores(cands.base, learned).tolist(), strict=True))

    def _candidates(self, q: _Query, st: _State, terms: dict[str, float], mask: np.ndarray,
                    why: dict[int, list[str]], national_pool: bool, pool: int,
                    expand: bool = True) -> tuple[dict[int, float], Candidates | None]:
        """Steps 4-5 by hand: BM25 × priors × statute evidence, mentions, partners; and what the learned
        ranker needs of them (``None`` when the query names a statute or an article: those rules decide).
        ``expand``: the statute words the question's words are associated with (``_pool_expansion``) add to
        the score that chooses the pool; the field scores the ranker reads stay those of the query's terms."""
        scores: dict[int, float] = {}
        fields: dict[str, np.ndarray] = {}
        evidence = np.zeros(0)
        if terms:
            fields = {f: st.bm25(terms, (f,), mask) for f in TOKEN_FIELDS}
            arr = np.sum(list(fields.values()), axis=0)
            extra = self._pool_expansion(q, st, terms) if _widened(q, expand) else {}
            if extra:
                arr = arr + st.bm25(extra, TOKEN_FIELDS, mask)
            arr = arr * st.prior
            evidence = st.statute_evidence(terms, mask)
            arr *= 1.0 + STATUTE_EVIDENCE * evidence
            nz = np.flatnonzero(arr)
            if national_pool and len(nz) > pool:
                parts = [nz[st.national[nz]], nz[~st.national[nz]]]
                nz = np.concatenate([p[np.argpartition(arr[p], -pool)[-pool:]] if len(p) > pool
                                     else p for p in parts])
            elif len(nz) > pool:
                nz = nz[np.argpartition(arr[nz], -pool)[-pool:]]
            scores = {int(d): float(arr[d]) for d in nz}
            for d in scores:
                if st.penalty[d]:
                    why[d].append("罚则")
        self._rerank(q, st, mask, scores, why)
        if not terms or q.statutes or q.article:
            return scores, None
        docs = np.fromiter(scores, dtype=np.int64, count=len(scores))
        pulled = np.array([any(r in _PARTNER_REASONS for r in why.get(d, ())) for d in docs.tolist()], dtype=bool)
        return scores, Candidates(docs, np.fromiter(scores.values(), dtype=np.float64, count=len(scores)),
                          {f: a[docs].astype(np.float64) for f, a in fields.items()}, evidence[docs], pulled)

    def _pool_expansion(self, q: _Query, st: _State, terms: dict[str, float]) -> dict[str, float]:
        """The associated statute words the pool is chosen with besides ``terms`` (and their weights)."""
        table = self._pool_table()
        if table is None:
            return {}
        return expansion_terms(table, query_words(q), terms, lambda t: st.doc_frequency("text", t), st.total)

    def _pool_words(self, q: _Query, st: _State) -> list[tuple[str, str, float]]:
        """(question word, statute word, weight) of the associations that widened the pool, for the answer (the
        hand-set order, without a learned ranker, is not widened: none)."""
        table = self._pool_table()
        if table is None or not _widened(q, self.ranker_model is not None):
            return []
        return expansion_pairs(table, query_words(q), lambda t: st.doc_frequency("text", t), st.total)

    def _pool_table(self) -> Associations | None:
        return (self.pool_associations or load_associations()) if self.expand_pool else None

    @staticmethod
    def _diversify(q: _Query, st: _State, scores: dict[int, float]) -> dict[int, float]:
        """Let other statutes through: the third and later hits of one statute weigh a little less.

        Officers should see the national law and the local regulation, or two laws that both
        fit, rather than five articles of one statute.  A statute named in the query is exempt.
        """
        out: dict[int, float] = {}
        seen: dict[int, int] = defaultdict(int)
        for d, sc in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            code = int(st.statute_code[d])
            k = seen[code]
            seen[code] = k + 1
            out[d] = sc if (k < 2 or st.statute_of(d) in q.statutes) else sc * DIVERSITY ** (k - 1)
        return out

    def _rerank(self, q: _Query, st: _State, mask: np.ndarray, scores: dict[int, float],
                why: dict[int, list[str]]) -> None:
        for d in list(scores):
            s = scores[d]
            if q.statutes and st.statute_of(d) in q.statutes:
                s *= STATUTE_MENTION_BOOST
                why[d].append("点名法规")
            if q.regions and st.region_of(d) != NATIONAL and any(relevant(st.region_of(d), r)
                                                                 for r in q.regions):
                s *= REGION_MENTION_BOOST
            if q.article and not q.statutes and st.article[d] == _article_key(*q.article):
                s *= ARTICLE_MENTION_BOOST
            scores[d] = s
        # a statute named in the query: that article first, or its penalty articles
        if q.statutes:
            top = max(scores.values(), default=1.0) or 1.0
            if q.article:
                akey = _article_key(*q.article)
                for k in q.statutes:
                    for d in st.by_article.get((k, akey), []):
                        if mask[d]:
                            scores[d] = top * 2 + 1.0
                            why[d].append("点名条文")
            elif not q.terms:
                docs = [d for k in q.statutes for (sk, _), ds in st.by_article.items() if sk == k
                        for d in ds if mask[d]]
                docs.sort(key=lambda d: (not st.penalty[d], _art_sort(st.article[d])))
                for rank, d in enumerate(docs[:MAX_LIMIT]):
                    scores[d] = 1.0 - rank * 0.001
        if not scores:
            return
        # partners: a 罚则 brings its 违则, a 违则 its 罚则, an item its basis
        cache: dict[int, dict[str, Any]] = {}
        for d, s in sorted(scores.items(), key=lambda kv: -kv[1])[:12]:
            data = self._data(st, d, cache)
            if st.is_item[d]:
                partners = [(pid, "事项依据") for _, pid in data.get("basis", [])]
            elif st.penalty[d]:
                partners = [(pid, "与罚则配对") for pid in data.get("violated", [])]
            elif data.get("violated"):  # a 处理依据 (责令停止建设, 限期拆除 … only) brings its 违则 too
                partners = [(pid, "与处理依据配对") for pid in data.get("violated", [])]
            else:
                partners = [(pid, "与违则配对") for pid in data.get("penalized_by", [])[:3]]
            for pid, reason in partners:
                pd = self._find_doc(st, pid, mask)
                if pd is None or pd == d:
                    continue
                share = s * PARTNER_SHARE
                if scores.get(pd, 0.0) < share:
                    scores[pd] = share
                    why[pd].append(reason)

    def _data(self, st: _State, d: int, cache: dict[int, dict[str, Any]]) -> dict[str, Any]:
        if d not in cache:
            cache[d] = st.stored(d).get("data") or {}
        return cache[d]




