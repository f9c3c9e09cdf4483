"""Answering a query (``WhooshIndex.search``): the steps of ``kg.search`` put together, with the answer's
messages, suggestions and what was understood."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from kg.analysis import longest_first, normalize
from kg.numerals import article_label
from kg.search.asked import asking_words, candidate_keys, load_asked
from kg.search.associations import query_words
from kg.search.learned import features
from kg.search.policy import (
    LOW_COVERAGE,
    LOW_SCORE,
    NO_CONDUCT_MESSAGE,
    describes_conduct,
    former_region_notes,
    in_a_province,
    low_confidence_message,
    narrowing_suggestions,
    national_first,
    query_coverage,
    unplaced_region_message,
)
from kg.search.query import _Query
from kg.search.ranking import _Ranking
from kg.search.schema import RERANK_CANDIDATES
from kg.search.searcher import _Searcher
from kg.search.state import _State
from kg.search.types import MAX_LIMIT, MAX_QUERY_CHARS, Hit, SearchResult
from kg.search.understand import _QueryUnderstanding

_LEVEL_GROUPS = {
    "国家": ("宪法", "法律", "行政法规", "部门规章", "司法解释"),
    "全国": ("宪法", "法律", "行政法规", "部门规章", "司法解释"),
    "地方": ("地方性法规", "地方政府规章"),
}


def _levels(level: str | None) -> frozenset[str] | None:
    if not level or not isinstance(level, str):
        return None
    lv = normalize(level).replace(" ", "")
    if lv in _LEVEL_GROUPS:
        return frozenset(_LEVEL_GROUPS[lv])
    return frozenset(x for x in re.split(r"[,;|]", lv) if x)


MAX_SHOWN_ASSOCIATIONS = 12
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def _with_associations(hit: Hit, associated: list[tuple[str, str]], asked: Collection[str] = ()) -> Hit:
    """The hit's reasons with each associated statute word its text holds (联想：有限空间 ← 窨井); not from a
    question word the hit is already named by as asked for (常问: the association then only repeats, in the
    article's rarer words, that officers asked for this article with that word: 人行道 → 煤气管)."""
    found = [f"联想：{t}（由“{w}”）" for w, t in associated if t in hit.text and w not in asked]
    return replace(hit, why=tuple(dict.fromkeys([*hit.why, *found]))) if found else hit


def _with_asked(hit: Hit, words: list[str]) -> Hit:
    """The hit's reasons with the question words officers asked this article with (常问：人行道、摆摊)."""
    return replace(hit, why=(*hit.why, f"常问：{'、'.join(words)}")) if words else hit


class _Answering(_Searcher, _QueryUnderstanding, _Ranking):
    """``WhooshIndex``'s ``search``: clean, understand, filter, score, rank, apply the policy; and the ranker's
    candidates."""

    def search(
        self,
        query: str,
        *,
        as_of: date | None = None,
        region: str | None = None,
        level: str | None = None,
        statute: str | None = None,
        limit: int = 10,
        plain: bool = False,
    ) -> SearchResult:
        """Search; never raises for bad input (see the module docstring)."""
        try:
            limit = max(1, min(int(limit), MAX_LIMIT))
        except (TypeError, ValueError):
            limit = 10
        if as_of is not None and not isinstance(as_of, date):
            try:
                as_of = date.fromisoformat(str(as_of))
            except ValueError:
                return SearchResult(str(query)[:MAX_QUERY_CHARS], [], message=f"日期「{str(as_of)[:20]}」格式不正确，"
                                    "应为 YYYY-MM-DD。")
        try:
            return self._search(query, as_of, region, level, statute, limit, plain)
        except (KeyboardInterrupt, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - a search box must not crash on input
            return SearchResult(
                query=str(query)[:MAX_QUERY_CHARS], hits=[],
                message=f"检索出错（{type(exc).__name__}），请换个说法或缩短查询后重试。",
            )

    def ranking_candidates(self, query: str, *, region: str | None = None, as_of: date | None = None,
                           pool: int | None = None) -> tuple[list[int], np.ndarray] | None:
        """The candidates of a free-text question and their ranker features (``bench/train_ranker.py``);
        None when the hand-set rules decide (a statute or article named, no terms)."""
        st = self._get_state()
        q = self._understand(query, False)
        user_region, filter_region = self._filter_region(q, region)
        mask = st.mask(as_of or date.today(), self._allowed_regions(filter_region), None, None)
        why: dict[int, list[str]] = defaultdict(list)
        _, cands = self._candidates(q, st, self._useful_terms(q, st, False), mask, why, not filter_region,
                                    pool or RERANK_CANDIDATES)
        if cands is None or not len(cands.docs):
            return None
        x = features(st, q, cands, self._user_regions(q, user_region, filter_region))
        return cands.docs.tolist(), x

    def _asked_by(self, q: _Query, st: _State, docs: list[int]) -> list[list[str]]:
        """Per shown document, the question's words the training officers asked it with (kg.search.asked): what
        the learned ranker read; none without a learned ranker or a table.  Numbers and single characters are no
        words a reader can weigh."""
        table = load_asked()  # the table the ranker's features read (kg.search.learned)
        if table is None or self.ranker_model is None or not docs:
            return [[] for _ in docs]
        words = [w for w in query_words(q) if _HAN_WORD.fullmatch(w)]
        return [asking_words(table, words, key) for key in candidate_keys(st, np.array(docs, dtype=np.int64))]

    def _shown_associations(self, q: _Query, st: _State) -> list[tuple[str, str]]:
        """The learned associations that widened the pool, as (question word, statute word), strongest first;
        a statute word the query holds already, or the synonyms or the thesaurus brought, is not news; numbers and
        single characters (0.4, 兆, 帕 of 0.4兆帕) are fragments, not words a reader can weigh."""
        said = normalize(q.raw).replace(" ", "")
        known = {b for _, b in q.expansions} | {b for _, b in q.thesaurus}
        pairs = sorted(self._pool_words(q, st), key=lambda p: (-p[2], p[0], p[1]))
        shown = [(w, t) for w, t, _ in pairs if t not in said and t not in known and _HAN_WORD.fullmatch(t)]
        return list(dict.fromkeys(shown))[:MAX_SHOWN_ASSOCIATIONS]

    def _search(
        self, query: Any, as_of: date | None, region: str | None, level: str | None, statute: str | None,
        limit: int, plain: bool,
    ) -> SearchResult:
        st = self._get_state()
        q = self._understand(query, plain)
        interpreted: dict[str, Any] = {}
        messages: list[str] = []
        suggestions: list[str] = []
        if q.truncated:
            messages.append(f"查询过长，已截取前{MAX_QUERY_CHARS}个字检索。")
        statute_keys: frozenset[str] | None = None
        if statute:
            keys = self._resolve_statutes(str(statute))
            if not keys:
                suggestions.extend(self._similar_titles(str(statute)))
                return SearchResult(q.raw[:MAX_QUERY_CHARS], [], [], suggestions,
                                    f"未找到法规「{str(statute)[:40]}」，请检查名称或从建议中选择。",
                                    {"statute": statute})
            statute_keys = frozenset(keys)
        user_region, filter_region = self._filter_region(q, region)
        if q.regions:
            interpreted["regions"] = q.regions
        if filter_region and not in_a_province(filter_region):
            messages.append(unplaced_region_message(filter_region))
        messages.extend(former_region_notes([*([region] if region else []), *q.places_said]))
        if as_of is None:
            as_of = date.today()  # as of today unless asked: repealed and not-yet-in-force law stays out
        mask = st.mask(as_of, self._allowed_regions(filter_region), _levels(level), statute_keys)
        if q.statutes:
            interpreted["statutes"] = [self._meta["statutes"].get(k, {}).get("title", k) for k in q.statutes]
        if q.article:
            interpreted["article"] = article_label(*q.article)
        if q.expansions:
            interpreted["synonyms"] = sorted({f"{a}→{b}" for a, b in q.expansions})
        if q.thesaurus:
            interpreted["thesaurus"] = sorted({f"{a}→{b}" for a, b in q.thesaurus})
        if q.penalty_intent:
            interpreted["penalty_intent"] = True
        if filter_region:
            interpreted["region"] = filter_region
        if as_of:
            interpreted["as_of"] = as_of.isoformat()
        for t in q.unknown_titles:
            messages.append(f"未找到法规《{t}》。")
            suggestions.extend(self._similar_titles(t))

        why: dict[int, list[str]] = defaultdict(list)
        terms = self._useful_terms(q, st, plain)
        if plain:
            scores = self._plain_scores(st, terms, mask, limit)
        else:
            scores = self._scores(q, st, terms, mask, why, national_pool=not filter_region,
                                  user_regions=self._user_regions(q, user_region, filter_region))
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        if not filter_region and not plain:
            ranked, local_regions = national_first(st, ranked)
            if local_regions:
                interpreted["local_regions"] = local_regions
                messages.append("未指定地区：先列国家法律法规；地方性法规按地区分组列在其后，只在该地区适用"
                                "（选择地区后再查更准）。")
        ranked = ranked[:limit]
        highlight = self._highlight_terms(q)
        associated = [] if plain else self._shown_associations(q, st)
        if associated:
            highlight = sorted({*highlight, *(t for _, t in associated)}, key=longest_first)
        hits = [self._hit(st, d, s, highlight, why.get(d, [])) for d, s in ranked]
        asked_by = [] if plain else self._asked_by(q, st, [d for d, _ in ranked])
        if any(asked_by):  # the articles the training officers asked for with these words: the ranker read it
            hits = [_with_asked(h, ws) for h, ws in zip(hits, asked_by, strict=True)]
            interpreted["asked"] = list(dict.fromkeys(w for ws in asked_by for w in ws))
        if associated:  # only the associations a shown hit holds: those the answer owes something to
            asked_of = asked_by or [[] for _ in hits]
            hits = [_with_associations(h, associated, ws) for h, ws in zip(hits, asked_of, strict=True)]
            used = [f"{w}→{t}" for w, t in associated
                    if any(t in h.text and w not in ws for h, ws in zip(hits, asked_of, strict=True))]
            if used:
                interpreted["associations"] = used
        if ranked and not plain and not q.statutes and not q.article and not describes_conduct(q):
            interpreted["low_confidence"] = True
            interpreted["coverage"] = 0.0
            messages.append(NO_CONDUCT_MESSAGE)
            suggestions.extend(narrowing_suggestions(st, hits))
        elif ranked and not plain and not q.statutes and not q.article and ranked[0][1] < LOW_SCORE:
            coverage = query_coverage(st, q, ranked[0][0])
            interpreted["coverage"] = round(coverage, 2)
            if coverage < LOW_COVERAGE:
                interpreted["low_confidence"] = True
                messages.append(low_confidence_message(st, q, ranked))
                suggestions.extend(narrowing_suggestions(st, hits))
        groups = [] if plain else self._groups(st, hits, mask)
        if q.article and not q.statutes and not statute_keys:
            messages.append(f"已识别条号「{article_label(*q.article)}」，请同时写明法规名称，"
                            "例如「城乡规划法第六十四条」。")
        if not hits:
            if not q.text.strip() or (not terms and not q.statutes and not q.article):
                messages.append("请输入违法行为的描述（如“占道经营”“未批先建”“露天焚烧秸秆”）、"
                                "法规名称或条号。")
            elif not q.article:
                messages.append("没有找到匹配的条文。可以换一种说法、去掉地区或日期条件，或参考下面的建议。")
            if not suggestions:
                suggestions.extend(self._suggest(q))
        return SearchResult(
            query=q.raw[:MAX_QUERY_CHARS], hits=hits, groups=groups, suggestions=suggestions[:8],
            message=" ".join(dict.fromkeys(messages)) or None, interpreted=interpreted,
        )
