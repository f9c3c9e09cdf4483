"""Legal-basis search: officer wording in, 违则/罚则 articles and catalog items out.

One small protocol, ``SearchIndex``, and one implementation over whoosh,
``WhooshIndex``.  Documents arrive pre-tokenised (``kg.analysis.tokenize``,
run by the pipeline in worker processes); the index stores them with a
whitespace analyzer and never runs jieba at index time when tokens are given.

How a query is answered (``WhooshIndex.search``):

1. *Clean*: any input is accepted.  Text is normalised (script, width,
   punctuation), cut to ``MAX_QUERY_CHARS`` (the result says so), and never
   parsed by whoosh's query language: query objects are built here.
2. *Understand*: statute titles and aliases in the query (longest match),
   article numbers (``64条``, ``第六十四条之一``), regions (``浙江``,
   ``深圳市``) and the catalog form "对……的行政处罚" are recognised and
   taken out of the free text.
3. *Expand*: everyday expressions found in the text add the legal phrasing
   of ``ontologies/synonyms.yaml`` with a lower weight than the words typed.
4. *Retrieve*: BM25 over three token fields — the article (its tokens
   carry the statute title and chapter heading, as the pipeline makes
   them), the wording of the articles a 罚则 names as violated (so a 罚则
   that only says "违反本法第四十二条" still matches the behaviour) and
   catalog item names — multiplied by how much of the query the article's
   whole statute covers (a statute is about one subject).  whoosh keeps the
   term dictionary, postings, stored fields and deletions; scoring is
   vectorised (numpy) over posting arrays that each commit saves beside its
   new segments (``yiju_postings_<segment>.npz``), because whoosh's
   pure-Python matcher tree needs seconds for a 40-term query over 150k
   articles.  Filters are boolean masks computed once per searcher and
   cached: the version in force on ``as_of`` (or the latest version of each
   statute), the region (national legislation always, local legislation of
   the user's region), level, statute.
5. *Rank for officers*: penalty articles (罚则) and the articles some 罚则
   names (违则) get a prior, judicial interpretations a lower one; a 罚则
   pulls the 违则 it names next to it and vice versa, and a catalog item
   pulls its basis; a statute or article named in the query comes first;
   the third and later hits of one statute weigh a little less, so a
   second law or the local regulation shows.  Hits are then grouped into
   违则/罚则 pairs.

``plain=True`` is the baseline of ``bench/search_bench.py``: the query's
tokens only, scored by whoosh's own BM25F searcher on the article tokens,
with the same filters — no understanding, synonyms, priors or pairing.
"""

from __future__ import annotations

import difflib
import html
import json
import math
import os
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from whoosh import columns, fields
from whoosh.system import pack_uint

from kg.analysis import cut_words, ensure_jieba_ready, normalize, normalize_aligned, tokenize
from kg.model import ProvisionId, statute_key
from kg.numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn
from kg.whoosh_bulk import PostingTable, write_segments

__all__ = [
    "Hit",
    "HitGroup",
    "SearchDoc",
    "SearchIndex",
    "SearchResult",
    "Synonyms",
    "WhooshIndex",
    "index_token_texts",
    "load_synonyms",
]

MAX_QUERY_CHARS = 200
MAX_LIMIT = 100
SYNONYMS_PATH = Path(__file__).resolve().parent.parent / "ontologies" / "synonyms.yaml"

# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SearchDoc:
    """One searchable document: an article of a statute version, or a catalog item."""

    kind: str  # "provision" | "item"
    doc_id: str  # provision id (城乡规划法@2019-04-23/art_64) or item key
    statute_key: str | None = None
    statute_title: str | None = None
    aliases: tuple[str, ...] = ()
    level: str | None = None
    region: str | None = None
    version_key: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    article_label: str | None = None
    heading: str = ""
    text: str = ""
    tokens: list[str] | None = None  # kg.analysis.tokenize output; None: tokenised here
    token_text: str | None = None  # or the same tokens joined by spaces (compact: what the parse cache keeps)
    is_penalty: bool = False
    violated: tuple[str, ...] = ()  # 违则 this 罚则 names
    penalized_by: tuple[str, ...] = ()  # 罚则 that penalise this article
    # items
    catalog_key: str | None = None
    item_code: str | None = None
    item_name: str | None = None
    department: str | None = None
    townships: tuple[str, ...] = ()
    basis: tuple[tuple[str, str], ...] = ()  # (role, provision id)
    power_type: str | None = None
    domain: str | None = None


@dataclass
class Hit:
    provision_id: str  # provision id, or item key for items
    kind: str
    statute_key: str
    statute_title: str
    article: str  # 第六十四条
    version: str | None
    level: str
    region: str | None
    score: float
    snippet: str
    text: str
    is_penalty: bool
    violated: tuple[str, ...] = ()
    penalized_by: tuple[str, ...] = ()
    item_code: str | None = None
    item_name: str | None = None
    catalog_key: str | None = None
    townships: tuple[str, ...] = ()
    department: str | None = None
    basis: tuple[tuple[str, str], ...] = ()
    why: tuple[str, ...] = ()  # ranking reasons, for people ("罚则", "与罚则配对", "点名条文")

    @property
    def role(self) -> str:
        if self.kind == "item":
            return "事项"
        return "罚则" if self.is_penalty else ("违则" if self.penalized_by else "条文")

    def to_dict(self) -> dict[str, Any]:
        return {
            "provision_id": self.provision_id, "kind": self.kind, "role": self.role,
            "statute_key": self.statute_key, "statute_title": self.statute_title, "article": self.article,
            "version": self.version, "level": self.level, "region": self.region, "score": round(self.score, 4),
            "snippet": self.snippet, "text": self.text, "is_penalty": self.is_penalty,
            "violated": list(self.violated), "penalized_by": list(self.penalized_by),
            "item_code": self.item_code, "item_name": self.item_name, "catalog_key": self.catalog_key,
            "townships": list(self.townships), "department": self.department,
            "basis": [list(b) for b in self.basis], "why": list(self.why),
        }


@dataclass
class HitGroup:
    """A 违则/罚则 pair (or a catalog item with its basis) found together."""

    title: str  # 城市绿化条例 第二十七条（罚则）
    penalty: Hit | None
    violated: list[Hit]
    items: list[Hit] = field(default_factory=list)
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "score": round(self.score, 4),
            "penalty": self.penalty.to_dict() if self.penalty else None,
            "violated": [h.to_dict() for h in self.violated], "items": [h.to_dict() for h in self.items],
        }


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    groups: list[HitGroup] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    message: str | None = None
    interpreted: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "hits": [h.to_dict() for h in self.hits],
            "groups": [g.to_dict() for g in self.groups], "suggestions": list(self.suggestions),
            "message": self.message, "interpreted": self.interpreted,
        }


@runtime_checkable
class SearchIndex(Protocol):
    def add(self, docs: Iterable[SearchDoc]) -> None: ...

    def delete_catalog(self, catalog_key: str) -> None: ...

    def commit(self) -> None: ...

    def search(
        self,
        query: str,
        *,
        as_of: date | None = None,
        region: str | None = None,
        level: str | None = None,
        statute: str | None = None,
        limit: int = 10,
    ) -> SearchResult: ...

    def doc_count(self) -> int: ...


# --------------------------------------------------------------------------
# Vocabulary: synonyms
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SynonymEntry:
    terms: tuple[str, ...]  # what people say (normalised)
    legal: tuple[str, ...]  # how statutes say it (normalised)
    both: bool  # legal wording also brings in the everyday terms
    domain: str | None
    note: str


@dataclass(frozen=True)
class Synonyms:
    entries: tuple[SynonymEntry, ...]
    triggers: dict[str, tuple[int, ...]]  # phrase -> entry indexes

    def expand(self, text: str, tokens: Sequence[str], words: Sequence[str] = ()) -> list[tuple[str, str]]:
        """(trigger, expansion phrase) pairs for a normalised query text.

        A trigger of two or more characters fires when it occurs in the text,
        or when its words occur in the query's words in the same order with at
        most ``TRIGGER_GAP`` other words between them ("灭火器过期" fires for
        "灭火器都过期了"); a single character only when it stands as a token.
        """
        found: list[tuple[str, str]] = []
        seen: set[str] = set()
        token_set = set(tokens)
        compact = text.replace(" ", "")
        by_first = self._by_first_word()
        candidates = {t for w in set(words) for t in by_first.get(w, ())}
        for trigger, idxs in self.triggers.items():
            if len(trigger) == 1:
                hit = trigger in token_set
            else:
                hit = trigger in compact or (trigger in candidates and _in_order(self._trigger_words(trigger), words))
            if not hit:
                continue
            for i in idxs:
                e = self.entries[i]
                # everyday variants of the trigger are not in statutes: expand to legal wording only;
                # a symmetric entry read from the legal side brings the everyday terms
                targets = list(e.legal) if trigger in e.terms else list(e.terms)
                for t in targets:
                    if t != trigger and t not in seen and t not in compact:
                        seen.add(t)
                        found.append((trigger, t))
        return found

    def _by_first_word(self) -> dict[str, tuple[str, ...]]:
        """First word -> triggers of two or more words that start with it (built once)."""
        got: dict[str, tuple[str, ...]] | None = self.__dict__.get("_first_index")
        if got is None:
            index: dict[str, list[str]] = defaultdict(list)
            for trigger in self.triggers:
                ws = self._trigger_words(trigger) if len(trigger) > 1 else ()
                if len(ws) >= 2:
                    index[ws[0]].append(trigger)
            got = {k: tuple(v) for k, v in index.items()}
            self.__dict__["_first_index"] = got
        return got

    def _trigger_words(self, trigger: str) -> tuple[str, ...]:
        cache: dict[str, tuple[str, ...]] = self.__dict__.setdefault("_words_cache", {})
        got = cache.get(trigger)
        if got is None:
            got = tuple(w for w in cut_words(trigger) if w not in QUERY_FILLERS)
            cache[trigger] = got
        return got


TRIGGER_GAP = 3


def _in_order(needles: Sequence[str], words: Sequence[str]) -> bool:
    """All of ``needles`` (two or more) in ``words``, in order, each within TRIGGER_GAP words of the last."""
    if len(needles) < 2 or not words:
        return False
    start = 0
    while True:
        try:
            i = words.index(needles[0], start)
        except ValueError:
            return False
        pos, ok = i, True
        for nd in needles[1:]:
            window = words[pos + 1: pos + 2 + TRIGGER_GAP]
            if nd not in window:
                ok = False
                break
            pos = pos + 1 + window.index(nd)
        if ok:
            return True
        start = i + 1


def load_synonyms(path: Path = SYNONYMS_PATH) -> Synonyms:
    """Read ``synonyms.yaml``; a missing file gives an empty vocabulary.

    Raises ``ValueError`` (Chinese message) for an entry without terms.
    """
    if not path.exists():
        return Synonyms((), {})
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries: list[SynonymEntry] = []
    triggers: dict[str, list[int]] = defaultdict(list)
    for n, e in enumerate(raw.get("entries") or [], 1):
        if not isinstance(e, dict):
            raise ValueError(f"{path.name} 第{n}条：应为映射（terms/legal/…）")  # noqa: TRY004 - a bad file
        terms = tuple(dict.fromkeys(normalize(str(t)).replace(" ", "") for t in e.get("terms") or [] if t))
        legal = tuple(dict.fromkeys(normalize(str(t)).replace(" ", "") for t in e.get("legal") or [] if t))
        if not terms:
            raise ValueError(f"{path.name} 第{n}条：缺少 terms")
        both = bool(e.get("both", False))
        entry = SynonymEntry(terms, legal, both, e.get("domain"), str(e.get("source") or e.get("reason") or ""))
        idx = len(entries)
        entries.append(entry)
        for t in terms + (legal if both else ()):
            if t and idx not in triggers[t]:
                triggers[t].append(idx)
    # longest triggers first, so "乱倒垃圾" is seen before "垃圾"
    ordered = dict(sorted(((k, tuple(v)) for k, v in triggers.items()), key=lambda kv: (-len(kv[0]), kv[0])))
    return Synonyms(tuple(entries), ordered)


@lru_cache(maxsize=4)
def _default_synonyms(path: str) -> Synonyms:
    return load_synonyms(Path(path))


# --------------------------------------------------------------------------
# Query understanding helpers
# --------------------------------------------------------------------------

_PROVINCES = [
    ("北京市", "北京"), ("天津市", "天津"), ("上海市", "上海"), ("重庆市", "重庆"), ("河北省", "河北"),
    ("山西省", "山西"), ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("黑龙江省", "黑龙江"), ("江苏省", "江苏"),
    ("浙江省", "浙江"), ("安徽省", "安徽"), ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"),
    ("河南省", "河南"), ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("海南省", "海南"),
    ("四川省", "四川"), ("贵州省", "贵州"), ("云南省", "云南"), ("陕西省", "陕西"), ("甘肃省", "甘肃"),
    ("青海省", "青海"), ("台湾省", "台湾"), ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"),
    ("西藏自治区", "西藏"), ("宁夏回族自治区", "宁夏"), ("新疆维吾尔自治区", "新疆"),
    ("香港特别行政区", "香港"), ("澳门特别行政区", "澳门"),
]
_PROVINCE_NAMES = tuple(full for full, _ in _PROVINCES)
_LOCAL_PART = re.compile(r"[^市州盟县区旗]{1,12}?(?:自治州|自治县|自治旗|地区|市|盟|县|区|旗)")
_REGION_SUFFIX = re.compile(r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|省|市|地区|盟|县|区)$")

_NUM = f"[0-9{CN_NUMERAL_CHARS}]"
_ARTICLE_RE = re.compile(
    rf"(?:第\s*)?({_NUM}{{1,8}})\s*条(?:\s*之\s*({_NUM}{{1,3}}))?"
    rf"(?:\s*第?\s*{_NUM}{{1,4}}\s*款)?(?:\s*第?\s*[\(（]?\s*{_NUM}{{1,4}}\s*[\)）]?\s*项)?"
)
_BOOK_TITLE = re.compile(r"《([^《》]{1,60})》")

# Words of the catalog form "对……的行政处罚" that say *what kind* of power,
# not *which behaviour*: they are weighted down and mark a penalty intent.
_FORM_WORDS = {"行政处罚": 0.1, "处罚": 0.1, "行政": 0.15, "行为": 0.15, "违法行为": 0.15, "处理": 0.3,
               "行政强制": 0.1, "强制": 0.3, "行政检查": 0.1, "检查": 0.5, "查处": 0.2, "罚": 0.2,
               "怎么": 0.0, "处理办法": 0.1, "依据": 0.1, "法律依据": 0.1, "条款": 0.1, "法条": 0.1}
# Words of officer speech that say nothing about the conduct; dropped from queries only (statutes keep
# them, e.g. 有人 is also a dictionary word inside 所有人).
QUERY_FILLERS = frozenset(["有人", "有个", "有些", "有的", "一些", "某人", "某某", "别人", "人家", "老板", "老人家", "村民们", "群众", "老百姓", "居民们", "大家", "他们", "我们", "村里", "城里", "家里", "镇上", "街上", "这里", "那里", "这边", "那边", "附近", "旁边", "边上", "周边", "当地", "本地", "偷偷", "悄悄", "到处", "随便", "随手", "随意地", "一直", "还在", "还有", "总是", "经常", "老是", "天天", "每天", "好多", "很多", "不少", "好几", "特别", "非常", "结果", "直接", "居然", "竟然", "已经", "正在", "然后", "而且", "看到", "发现", "听说", "据说", "举报", "投诉", "反映", "有没有", "是不是", "能不能", "怎么办", "怎么", "咋办", "咋", "请问", "该", "归", "谁管", "哪个", "部门", "管不管", "可以", "行不行", "属于", "算不算", "情况", "问题", "事情"])
_PENALTY_INTENT = ("处罚", "罚款", "罚则", "怎么罚", "罚多少", "查处")


@lru_cache(maxsize=4096)
def _region_parts(region: str) -> list[str]:
    """浙江省台州市黄岩区 -> [浙江省, 台州市, 黄岩区]; the province comes from the known list.

    >>> _region_parts("浙江省杭州市")
    ['浙江省', '杭州市']
    >>> _region_parts("广西壮族自治区南宁市")
    ['广西壮族自治区', '南宁市']
    >>> _region_parts("衢州市")
    ['衢州市']
    """
    r = region.replace(" ", "")
    out: list[str] = []
    prov = next((p for p in _PROVINCE_NAMES if r.startswith(p)), None)
    if prov:
        out.append(prov)
        r = r[len(prov):]
    parts = _LOCAL_PART.findall(r)
    if "".join(parts) == r:
        out.extend(parts)
    elif r:
        out.append(r)
    return out or [region]


def _short(part: str) -> str:
    s = _REGION_SUFFIX.sub("", part)
    return s if len(s) >= 2 else part


def region_applies(statute_region: str | None, user_region: str | None) -> bool:
    """Does legislation of ``statute_region`` apply in ``user_region``?

    National legislation (no region) always applies; local legislation
    applies in its own region and below it; a user who names only a
    province also sees the local legislation of its cities.

    >>> region_applies(None, "浙江省")
    True
    >>> region_applies("广东省", "广东省深圳市")
    True
    >>> region_applies("广东省深圳市", "广东省")
    True
    >>> region_applies("浙江省", "广东省深圳市")
    False
    >>> region_applies("深圳市", "广东省深圳市")
    True
    """
    if not statute_region:
        return True
    if not user_region:
        return True
    a, u = statute_region.replace(" ", ""), user_region.replace(" ", "")
    if u.startswith(a) or a.startswith(u):
        return True
    ap = [_short(p) for p in _region_parts(a)]
    up = [_short(p) for p in _region_parts(u)]
    # 台州市 vs 浙江省台州市: the statute's parts appear, in order, in the user's region
    if all(p in up for p in ap):
        return True
    return all(p in ap for p in up)


def _article_from_match(m: re.Match[str]) -> tuple[int, int] | None:
    try:
        art = cn_to_int(m.group(1))
        suffix = cn_to_int(m.group(2)) if m.group(2) else 0
    except ValueError:
        return None
    if not 1 <= art <= 2000 or suffix > 50:
        return None
    return art, suffix


def _article_key(article: int, suffix: int) -> str:
    return f"{article}-{suffix}" if suffix else str(article)


def _article_label(article: int, suffix: int) -> str:
    s = f"第{int_to_cn(article)}条"
    return s + (f"之{int_to_cn(suffix)}" if suffix else "")


# --------------------------------------------------------------------------
# whoosh schema
# --------------------------------------------------------------------------


class TokensField(fields.TEXT):  # type: ignore[misc]
    """A TEXT field fed with a list of tokens: term counts, no analysis (fast bulk writes)."""

    def __init__(self) -> None:
        super().__init__(phrase=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, str):
            value = value.split()
        counts: dict[str, int] = {}
        for tok in value:
            counts[tok] = counts.get(tok, 0) + 1
        for tok, freq in counts.items():
            yield tok.encode("utf-8"), freq, float(freq), pack_uint(freq)


TOKEN_FIELDS = ("text", "viol", "name")
FIELD_WEIGHTS = {"text": 1.0, "viol": 0.35, "name": 1.0}
FIELD_B = {"text": 0.6, "viol": 0.3, "name": 0.3}  # length normalisation per field
K1 = 1.2
VIOL_TOKENS = 150  # distinct words taken over from the articles a 罚则 names as violated
WRITER_LIMIT_MB = 2048  # postings of the whole corpus fit in memory: one in-memory sort, no run merging
BLOCK_LIMIT = 1024  # postings per block: fewer, larger blocks read faster into arrays
BULK_SPLIT_DOCS = 20_000  # from this many documents a new index is written by two processes, two segments
CANDIDATES = 60
DIVERSITY = 0.8  # the third hit of a statute weighs 0.8, the fourth 0.64 … when ranked
STATUTE_EVIDENCE = 0.8  # an article's score grows by up to this share when its statute covers the query
PENALTY_PRIOR = 1.3  # a 罚则 is what the officer needs
# what officers cite: laws and regulations first; local legislation close behind (it applies only
# where the filter lets it through); judicial interpretations and the constitution are rarely a basis
LEVEL_PRIOR = {"地方性法规": 0.9, "地方政府规章": 0.9, "司法解释": 0.7, "宪法": 0.5, "其他": 0.8}
ITEM_PRIOR = 0.9  # a catalog item ranks just below an article that matches as well (it brings its basis along)
VIOLATED_PRIOR = 1.1  # an article that some 罚则 names as violated
PARTNER_SHARE = 0.92  # a partner's score is at least this share of its anchor's
STATUTE_MENTION_BOOST = 1.8
REGION_MENTION_BOOST = 1.25
ARTICLE_MENTION_BOOST = 1.4
EXPANSION_WEIGHT = 0.45
EXPANSION_WEIGHT_UNKNOWN = 0.8  # the trigger is (almost) absent from the statutes: its legal wording stands in
RARE_TRIGGER_DF = 30
SINGLE_CHAR_WEIGHT = 0.3
COMPOUND_WEIGHT = 0.6
SUBWORD_WEIGHT = 0.35
COMMON_TERM_SHARE = 0.2  # in long queries, terms in more than this share of documents are dropped
COMMON_WEAK_TERM_SHARE = 0.06  # … and expansions or sub-words in more than this share
POSTINGS_CACHE = 8192  # terms whose posting arrays stay in memory (besides preloaded ones)
PRELOAD_DF = 300  # warm() loads the posting arrays of terms in at least this many articles
META_FILE = "yiju_meta.json"
NATIONAL = "_national"
_SEP = "\x1f"


def _schema() -> Any:
    """Token fields take lists of tokens; per-document attributes live in one column."""
    return fields.Schema(
        # stored, not indexed: 146k one-posting terms cost seconds to write; a document added again
        # replaces the earlier one by its number (see WhooshIndex.commit)
        doc_id=fields.STORED(),
        catalog_term=fields.ID(),  # items only: lets delete_catalog delete by term
        text=TokensField(),
        viol=TokensField(),
        name=TokensField(),
        data=fields.STORED(),
        # doc_id, kind, statute, version, region, level, catalog, article, flags, lengths — joined by \x1f
        meta=fields.COLUMN(columns.VarBytesColumn()),
    )


def _codec() -> Any:
    from whoosh.codec.whoosh3 import W3Codec

    # blocks are not compressed: zlib costs ~20 µs a call on ~200k mostly tiny blocks, and Yiju
    # reads postings from its own arrays (yiju_postings_*.npz), not from these blocks
    return W3Codec(blocklimit=BLOCK_LIMIT, compression=0)


# --------------------------------------------------------------------------
# Per-searcher state: document attributes as arrays, filter masks, postings
# --------------------------------------------------------------------------


def _codes(values: Sequence[str]) -> tuple[np.ndarray, list[str], dict[str, int]]:
    names: dict[str, int] = {}
    out = np.empty(len(values), dtype=np.int32)
    for i, v in enumerate(values):
        code = names.get(v)
        if code is None:
            code = names[v] = len(names)
        out[i] = code
    return out, list(names), names


def _read_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, term frequency) of one segment's posting list, as arrays."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    m = matcher
    while not isinstance(m, W3LeafMatcher) and hasattr(m, "child"):
        m = m.child  # FilterMatcher around a segment with deletions: deleted docs are masked later
    if isinstance(m, W3LeafMatcher):
        id_parts: list[np.ndarray] = []
        w_parts: list[np.ndarray] = []
        m.reset()
        while True:
            if m._data is None:
                m._read_data()
            raw_ids = m._data[0]
            if m._byteids:
                ids = np.frombuffer(bytes(raw_ids), dtype=np.uint8).astype(np.int64) if isinstance(
                    raw_ids, (bytes, bytearray)) else np.asarray(raw_ids, dtype=np.int64)
            else:
                ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
            weights = m._data[1]
            if weights is None:
                w = np.ones(len(ids), dtype=np.float32)
            elif isinstance(weights, float):
                w = np.full(len(ids), weights, dtype=np.float32)
            else:
                w = np.asarray(weights, dtype=np.float32)
            id_parts.append(ids)
            w_parts.append(w)
            if m._lastblock:
                break
            m._goto(m._nextoffset)
        return np.concatenate(id_parts), np.concatenate(w_parts)
    ids_l: list[int] = []
    w_l: list[float] = []
    while m.is_active():
        ids_l.append(m.id())
        w_l.append(m.weight())
        m.next()
    return np.asarray(ids_l, dtype=np.int64), np.asarray(w_l, dtype=np.float32)


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


class _PostingArrays:
    """The postings of one whoosh segment's token fields as flat arrays (CSR), saved beside it.

    Decoding whoosh's pickled posting blocks costs about a millisecond per thousand postings;
    reading a segment once when it is written and loading the arrays at open makes every
    query's postings a slice.  Segments never change after they are written, so a commit only
    reads its new segments (a catalog commit adds a small one; the statutes' big segment keeps
    its file); files of segments that merges removed are deleted.
    """

    def __init__(self, keys: list[str], offsets: np.ndarray, ids: np.ndarray, tfs: np.ndarray) -> None:
        self.index = {k: i for i, k in enumerate(keys)}
        self.offsets = offsets
        self.ids = ids
        self.tfs = tfs

    def get(self, field_name: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        i = self.index.get(f"{field_name}{_SEP}{term}")
        if i is None:
            return None
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.ids[a:b], self.tfs[a:b]

    @staticmethod
    def file_name(segment_id: str) -> str:
        return f"yiju_postings_{segment_id}.npz"

    @classmethod
    def build(cls, leaf: Any) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """Arrays of one segment reader (docnums local to the segment)."""
        from whoosh.reading import TermNotFound

        keys: list[str] = []
        id_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        lengths: list[int] = []
        for f in TOKEN_FIELDS:
            if f not in leaf.schema:
                continue
            for term in [_text(t) for t, _ in leaf.iter_field(f)]:
                try:
                    m = leaf.postings(f, term)
                except TermNotFound:
                    continue
                ids, w = _read_postings(m)
                keys.append(f"{f}{_SEP}{term}")
                id_parts.append(ids.astype(np.int32))
                tf_parts.append(w.astype(np.float32))
                lengths.append(len(ids))
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        if lengths:
            np.cumsum(lengths, out=offsets[1:])
        ids_all = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int32)
        tfs_all = np.concatenate(tf_parts) if tf_parts else np.zeros(0, dtype=np.float32)
        return keys, offsets, ids_all, tfs_all

    @classmethod
    def save(cls, path: Path, reader: Any) -> None:
        cls._write(path, *cls.build(reader))

    @classmethod
    def save_tables(cls, path: Path, tables: dict[str, PostingTable]) -> None:
        """The arrays of a segment written by ``kg.whoosh_bulk`` (no need to read it back)."""
        keys: list[str] = []
        offsets: list[np.ndarray] = []
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        base = 0
        for f in TOKEN_FIELDS:
            t = tables.get(f)
            if t is None or not t.terms:
                continue
            keys.extend(f"{f}{_SEP}{term}" for term in t.terms)
            offsets.append(t.offsets[:-1] + base)
            base += int(t.offsets[-1])
            ids.append(t.docs.astype(np.int32))
            tfs.append(t.freqs.astype(np.float32))
        offsets.append(np.array([base], dtype=np.int64))
        cls._write(path, keys, np.concatenate(offsets).astype(np.int64),
                   np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32),
                   np.concatenate(tfs) if tfs else np.zeros(0, dtype=np.float32))

    @classmethod
    def _write(cls, path: Path, keys: list[str], offsets: np.ndarray, ids: np.ndarray, tfs: np.ndarray) -> None:
        blob = np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=blob, offsets=offsets, ids=ids, tfs=tfs)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> _PostingArrays | None:
        try:
            data = np.load(path, mmap_mode="r")
            keys = bytes(data["keys"]).decode("utf-8").split("\n") if len(data["keys"]) else []
            return cls(keys, np.asarray(data["offsets"]), np.asarray(data["ids"]), np.asarray(data["tfs"]))
        except (OSError, ValueError, KeyError):
            return None


class _State:
    """What one whoosh searcher needs besides stored fields: attribute arrays, masks, postings."""

    def __init__(self, searcher: Any, meta: dict[str, Any], folder: Path | None = None) -> None:
        self.searcher = searcher
        self.meta = meta
        reader = searcher.reader()
        self.reader = reader
        n = reader.doc_count_all()
        self.n = n
        rows: list[list[str]] = []
        if n:
            for v in reader.column_reader("meta"):
                rows.append(v.decode("utf-8").split(_SEP) if v else [""] * 12)
        cols = list(zip(*rows)) if rows else [()] * 12
        self.doc_id: list[str] = list(cols[0])
        kinds = cols[1]
        self.is_item = np.fromiter((k == "item" for k in kinds), dtype=bool, count=n)
        self.statute_code, self.statute_names, self.statute_index = _codes(cols[2])
        self.version_code, self.version_names, _ = _codes(cols[3])
        self.region_code, self.region_names, _ = _codes(cols[4])
        self.level_code, self.level_names, _ = _codes(cols[5])
        self.catalog_code, self.catalog_names, _ = _codes(cols[6])
        self.article: list[str] = list(cols[7])
        flags = cols[8]
        self.penalty = np.fromiter(("p" in f for f in flags), dtype=bool, count=n)
        self.violated = np.fromiter(("v" in f for f in flags), dtype=bool, count=n)
        self.length = {
            name: np.fromiter((float(x or 0) for x in cols[9 + i]), dtype=np.float32, count=n)
            for i, name in enumerate(TOKEN_FIELDS)
        }
        live = np.ones(n, dtype=bool)
        if reader.has_deletions():
            for d in range(n):
                if reader.is_deleted(d):
                    live[d] = False
        self.live = live
        self.has_deletions = not bool(live.all())
        self.total = int(live.sum())
        self.has_field = {name: bool((arr > 0).any()) for name, arr in self.length.items()}
        self.avg_length = {
            name: float(arr[live & (arr > 0)].mean()) if (live & (arr > 0)).any() else 1.0
            for name, arr in self.length.items()
        }
        # BM25's length normalisation per document and field, K1 * (1 - b + b * dl / avgdl)
        self.norm = {
            name: (K1 * (1.0 - FIELD_B[name] + FIELD_B[name] * arr / self.avg_length[name])).astype(np.float32)
            for name, arr in self.length.items()
        }
        self.prior = np.where(self.penalty, PENALTY_PRIOR, np.where(self.violated, VIOLATED_PRIOR, 1.0))
        self.prior = np.where(self.is_item, ITEM_PRIOR, self.prior)
        level_prior = np.array([LEVEL_PRIOR.get(name, 1.0) for name in self.level_names] or [1.0], dtype=np.float32)
        self.prior = (self.prior * level_prior[self.level_code]).astype(np.float32)
        self.by_id: dict[str, int] = {}
        self.by_article: dict[tuple[str, str], list[int]] = defaultdict(list)
        for d in np.flatnonzero(live).tolist():
            self.by_id[self.doc_id[d]] = d
            if not self.is_item[d]:
                self.by_article[(self.statute_names[self.statute_code[d]], self.article[d])].append(d)
        self._masks: OrderedDict[tuple[Any, ...], np.ndarray] = OrderedDict()
        self._sets: OrderedDict[tuple[Any, ...], set[int]] = OrderedDict()
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray] | None] = OrderedDict()
        self.leaves = list(reader.leaf_readers())
        # posting arrays per segment, where saved (None: read from whoosh on demand)
        self.arrays: list[_PostingArrays | None] = []
        for leaf, _ in self.leaves:
            arr = None
            seg = leaf.segment() if hasattr(leaf, "segment") else None
            if folder is not None and seg is not None:
                f = folder / _PostingArrays.file_name(seg.segment_id())
                arr = _PostingArrays.load(f) if f.exists() else None
            self.arrays.append(arr)
        self.all_arrays = bool(self.arrays) and all(a is not None for a in self.arrays)
        self._postings_limit = POSTINGS_CACHE
        self._versions_of: OrderedDict[str, np.ndarray | None] = OrderedDict()
        self.lock = threading.Lock()
        self.io_lock = threading.Lock()

    def stored(self, d: int) -> dict[str, Any]:
        with self.io_lock:
            out: dict[str, Any] = self.searcher.stored_fields(d)
        return out

    def statute_of(self, d: int) -> str:
        return self.statute_names[int(self.statute_code[d])]

    def region_of(self, d: int) -> str:
        return self.region_names[int(self.region_code[d])]

    # -- postings
    def postings(self, field_name: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        key = (field_name, term)
        with self.lock:
            if key in self._postings:
                self._postings.move_to_end(key)
                return self._postings[key]
        from whoosh.reading import TermNotFound

        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for (leaf, base), arrays in zip(self.leaves, self.arrays):
            if arrays is not None:
                got = arrays.get(field_name, term)
                if got is not None:
                    parts.append((got[0] + base if base else got[0], got[1]))
                continue
            with self.io_lock:  # whoosh reads through shared file handles
                try:
                    m = leaf.postings(field_name, term)
                except TermNotFound:
                    continue
                ids, w = _read_postings(m)
            parts.append((ids + base, w))
        if self.all_arrays:  # slices are cheap: no caching needed
            if not parts:
                return None
            ids = parts[0][0] if len(parts) == 1 else np.concatenate([p[0] for p in parts])
            w = parts[0][1] if len(parts) == 1 else np.concatenate([p[1] for p in parts])
            if self.has_deletions:
                keep = self.live[ids]
                ids, w = ids[keep], w[keep]
            return (ids, w) if len(ids) else None
        value: tuple[np.ndarray, np.ndarray] | None = None
        if parts:
            ids = np.concatenate([p[0] for p in parts])
            w = np.concatenate([p[1] for p in parts])
            keep = self.live[ids]
            value = (ids[keep], w[keep]) if not keep.all() else (ids, w)
            if len(value[0]) == 0:
                value = None
        with self.lock:
            self._postings[key] = value
            if len(self._postings) > self._postings_limit:
                self._postings.popitem(last=False)
        return value

    def token_texts(self, field_names: Sequence[str], distinct: bool = False) -> dict[str, str]:
        """Each live document's terms of ``field_names``, space-joined, by doc id.

        Rebuilt from the postings, so they are exactly the index's terms: each
        term repeated as often as it occurs in the document (once with
        ``distinct``), in the order of the term dictionary (fields in the order
        given), not of the text.  Documents without any such term are left out.
        """
        vocab: list[str] = []
        docs: list[np.ndarray] = []
        terms: list[np.ndarray] = []
        for (leaf, base), arrays in zip(self.leaves, self.arrays):
            if arrays is None:
                arrays = _PostingArrays(*_PostingArrays.build(leaf))
            keys = sorted(arrays.index.items(), key=lambda kv: kv[1])
            for name in field_names:
                prefix = f"{name}{_SEP}"
                rows = [(key[len(prefix):], i) for key, i in keys if key.startswith(prefix)]
                if not rows:
                    continue
                idx = np.array([i for _, i in rows], dtype=np.int64)
                starts = arrays.offsets[idx].astype(np.int64)
                lengths = arrays.offsets[idx + 1].astype(np.int64) - starts
                # positions of all these terms' postings: each term's range, concatenated
                pos = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
                doc_ids = arrays.ids[pos].astype(np.int64) + base
                term_ids = np.repeat(np.arange(len(rows), dtype=np.int64) + len(vocab), lengths)
                if not distinct:  # each posting as often as the term occurs
                    counts = np.maximum(np.rint(arrays.tfs[pos]).astype(np.int64), 1)
                    doc_ids, term_ids = np.repeat(doc_ids, counts), np.repeat(term_ids, counts)
                docs.append(doc_ids)
                terms.append(term_ids)
                vocab.extend(term for term, _ in rows)
        if not docs:
            return {}
        doc_all, term_all = np.concatenate(docs), np.concatenate(terms)
        keep = self.live[doc_all]
        doc_all, term_all = doc_all[keep], term_all[keep]
        if not len(doc_all):
            return {}
        order = np.argsort(doc_all, kind="stable")  # stable: a document's terms stay in dictionary order
        doc_all, term_all = doc_all[order], term_all[order]
        words = np.array(vocab, dtype=object)
        starts = np.flatnonzero(np.r_[True, doc_all[1:] != doc_all[:-1]])
        ends = np.r_[starts[1:], len(doc_all)]
        if distinct:  # a term of two fields once
            return {self.doc_id[int(doc_all[a])]: " ".join(dict.fromkeys(words[term_all[a:b]]))
                    for a, b in zip(starts, ends)}
        return {self.doc_id[int(doc_all[a])]: " ".join(words[term_all[a:b]]) for a, b in zip(starts, ends)}

    def preload(self, min_df: int) -> int:
        """Read the posting arrays of every article term with at least ``min_df`` documents."""
        terms = [_text(t) for t, info in self.reader.iter_field("text") if info.doc_frequency() >= min_df]
        with self.lock:
            self._postings_limit = max(POSTINGS_CACHE, len(terms) + POSTINGS_CACHE)
        for t in terms:
            self.postings("text", t)
        return len(terms)

    def versions_with(self, term: str) -> np.ndarray | None:
        """Codes of the statute versions whose articles contain ``term`` (cached)."""
        with self.lock:
            if term in self._versions_of:
                self._versions_of.move_to_end(term)
                return self._versions_of[term]
        p = self.postings("text", term)
        out = None if p is None else np.unique(self.version_code[p[0]])
        with self.lock:
            self._versions_of[term] = out
            if len(self._versions_of) > POSTINGS_CACHE:
                self._versions_of.popitem(last=False)
        return out

    def doc_frequency(self, field_name: str, term: str) -> int:
        p = self.postings(field_name, term)
        return 0 if p is None else len(p[0])

    # -- filters
    def _versions_allowed(self, as_of: date | None) -> set[str]:
        allowed: set[str] = set()
        for info in self.meta.get("statutes", {}).values():
            versions: dict[str, dict[str, str | None]] = info.get("versions", {})
            if not versions:
                continue
            if as_of is None:
                allowed.add(max(versions.items(), key=lambda kv: _version_order(kv[0], kv[1]))[0])
                continue
            d = as_of.isoformat()
            for vkey, span in versions.items():
                vf, vt = span.get("from"), span.get("to")
                if (vf is None or vf <= d) and (vt is None or d < vt):
                    allowed.add(vkey)
        return allowed

    def _catalogs_allowed(self, as_of: date | None) -> set[str]:
        out: set[str] = {""}
        for key, span in self.meta.get("catalogs", {}).items():
            if as_of is None:
                out.add(key)
                continue
            d = as_of.isoformat()
            vf, vt = span.get("from"), span.get("to")
            if (vf is None or vf <= d) and (vt is None or d < vt):
                out.add(key)
        return out

    def _code_mask(self, codes: np.ndarray, names: list[str], allowed: Iterable[str]) -> np.ndarray:
        wanted = set(allowed)
        table = np.fromiter((nm in wanted for nm in names), dtype=bool, count=len(names))
        return table[codes] if len(names) else np.zeros(len(codes), dtype=bool)

    def mask(
        self, as_of: date | None, regions: frozenset[str] | None, levels: frozenset[str] | None,
        statutes: frozenset[str] | None,
    ) -> np.ndarray:
        key = (as_of, regions, levels, statutes)
        with self.lock:
            cached = self._masks.get(key)
            if cached is not None:
                self._masks.move_to_end(key)
                return cached
        m = self.live.copy()
        versions = self._code_mask(self.version_code, self.version_names, self._versions_allowed(as_of))
        catalogs = self._code_mask(self.catalog_code, self.catalog_names, self._catalogs_allowed(as_of))
        m &= np.where(self.is_item, catalogs, versions)
        if regions is not None:
            m &= self._code_mask(self.region_code, self.region_names, set(regions) | {NATIONAL})
        if levels is not None:
            m &= self._code_mask(self.level_code, self.level_names, levels)
        if statutes is not None:
            m &= self._code_mask(self.statute_code, self.statute_names, statutes)
        m.setflags(write=False)
        with self.lock:
            self._masks[key] = m
            if len(self._masks) > 128:
                self._masks.popitem(last=False)
        return m

    def doc_set(self, mask: np.ndarray) -> set[int]:
        """The mask as a set of docnums (whoosh's searcher takes sets as filters); cached."""
        key = (id(mask),)
        with self.lock:
            if key in self._sets:
                return self._sets[key]
        s = set(np.flatnonzero(mask).tolist())
        with self.lock:
            self._sets[key] = s
            if len(self._sets) > 16:
                self._sets.popitem(last=False)
        return s

    # -- scoring
    def bm25(self, terms: dict[str, float], fields_: Sequence[str], mask: np.ndarray) -> np.ndarray:
        """Sum over terms and fields of weight * idf * saturated tf, masked."""
        scores = np.zeros(self.n, dtype=np.float32)
        n_docs = max(self.total, 1)
        fields_ = [f for f in fields_ if self.has_field[f]]
        for tok, w in terms.items():
            for f in fields_:
                p = self.postings(f, tok)
                if p is None:
                    continue
                ids, tf = p
                df = len(ids)
                idf = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
                scores[ids] += (w * FIELD_WEIGHTS[f] * idf) * (tf * (K1 + 1.0) / (tf + self.norm[f][ids]))
        scores *= mask
        return scores

    def statute_evidence(self, terms: dict[str, float], mask: np.ndarray) -> np.ndarray:
        """Per document, how much of the query its whole statute version covers (0..1).

        A statute is about one subject: a version whose articles, taken together, contain
        many of the query's words (weighted by how few versions contain them) is likely the
        law the officer means, even when no single article has them all.
        """
        nv = len(self.version_names)
        if not nv:
            return np.zeros(self.n, dtype=np.float32)
        allowed_versions = np.zeros(nv, dtype=bool)
        allowed_versions[self.version_code[mask]] = True
        n_versions = max(int(allowed_versions.sum()), 1)
        cover = np.zeros(nv, dtype=np.float32)
        for tok, w in terms.items():
            vs = self.versions_with(tok)
            if vs is None:
                continue
            vs = vs[allowed_versions[vs]]
            k = len(vs)
            if not k:
                continue
            cover[vs] += w * math.log(1.0 + (n_versions - k + 0.5) / (k + 0.5))
        top = float(cover.max())
        if top <= 0:
            return np.zeros(self.n, dtype=np.float32)
        out: np.ndarray = (cover / top)[self.version_code]
        return out


def _version_order(vkey: str, span: dict[str, str | None]) -> tuple[str, str]:
    return (span.get("from") or "", vkey.rpartition("@")[2] if "@" in vkey else "")


# --------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------


@dataclass
class _Query:
    """What the query understanding found."""

    raw: str
    text: str  # normalised, truncated
    free: str  # text with recognised statutes/articles/regions removed
    truncated: bool = False
    statutes: list[str] = field(default_factory=list)
    unknown_titles: list[str] = field(default_factory=list)
    article: tuple[int, int] | None = None
    regions: list[str] = field(default_factory=list)
    penalty_intent: bool = False
    terms: dict[str, float] = field(default_factory=dict)  # token -> weight
    typed: set[str] = field(default_factory=set)  # tokens the user typed
    expansions: list[tuple[str, str]] = field(default_factory=list)


class WhooshIndex:
    """``SearchIndex`` over a whoosh index (on disk, or in memory for tests).

    Writes are buffered: ``add`` collects documents, ``commit`` writes them
    with one writer (so a 罚则 can take over the wording of the 违则 it names,
    found in the same batch).  Searching is thread-safe.
    """

    def __init__(self, ix: Any, storage: Any, *, synonyms: Synonyms | None = None) -> None:
        self._ix = ix
        self._storage = storage
        self._path: Path | None = Path(storage.folder) if hasattr(storage, "folder") else None
        self._lock = threading.RLock()
        self._pending: list[SearchDoc] = []
        self._deletes: list[str] = []
        self._meta = self._read_meta()
        self._state: _State | None = None
        self._searcher: Any = None
        self._synonyms = synonyms
        self._title_index: dict[str, list[str]] | None = None
        self._title_by_start: dict[str, list[str]] = {}
        self._region_names: dict[str, str] | None = None
        self._region_order: list[str] = []
        self._allowed_cache: dict[str | None, frozenset[str] | None] = {}
        self.last_commit_stats: dict[str, Any] = {}
        # Statute titles are not added to jieba here: query words must be cut as the index's
        # tokens were (the pipeline decides, through ensure_jieba_ready, in every process);
        # titles in queries are recognised by substring, see _understand.
        ensure_jieba_ready()

    # -- constructors
    @classmethod
    def create(cls, path: Path, **kw: Any) -> WhooshIndex:
        from whoosh.filedb.filestore import FileStorage

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(path))
        ix = storage.create_index(_schema())
        (path / META_FILE).unlink(missing_ok=True)
        return cls(ix, storage, **kw)

    @classmethod
    def open(cls, path: Path, **kw: Any) -> WhooshIndex:
        from whoosh.filedb.filestore import FileStorage

        storage = FileStorage(str(path))
        return cls(storage.open_index(), storage, **kw)

    @classmethod
    def in_memory(cls, **kw: Any) -> WhooshIndex:
        from whoosh.filedb.filestore import RamStorage

        storage = RamStorage()
        return cls(storage.create_index(_schema()), storage, **kw)

    # -- meta (statute names, versions, regions, catalogs), kept beside the index
    def _read_meta(self) -> dict[str, Any]:
        try:
            if self._storage.file_exists(META_FILE):
                f = self._storage.open_file(META_FILE)
                try:
                    data: dict[str, Any] = json.loads(f.read().decode("utf-8"))
                finally:
                    f.close()
                return data
        except (OSError, ValueError):
            pass
        return {"statutes": {}, "catalogs": {}}

    def _write_meta(self) -> None:
        blob = json.dumps(self._meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
        f = self._storage.create_file(META_FILE)
        try:
            f.write(blob)
        finally:
            f.close()

    def dictionary_words(self) -> list[str]:
        """Statute keys and short aliases in this index (what a pipeline may pass to ensure_jieba_ready)."""
        words: set[str] = set()
        for key, info in self._meta.get("statutes", {}).items():
            words.add(key)
            words.update(n for n in info.get("names", []) if len(n) <= 30)
        return sorted(words)

    # -- writing
    def add(self, docs: Iterable[SearchDoc]) -> None:
        with self._lock:
            self._pending.extend(docs)

    def delete_catalog(self, catalog_key: str) -> None:
        with self._lock:
            self._pending = [d for d in self._pending if not (d.kind == "item" and d.catalog_key == catalog_key)]
            self._deletes.append(catalog_key)

    def commit(self) -> None:
        """Write pending documents with one writer; refresh the searcher."""
        import time

        with self._lock:
            started, cpu = time.perf_counter(), time.process_time()
            pending, self._pending = self._pending, []
            deletes, self._deletes = self._deletes, []
            if not pending and not deletes:
                return
            for key in deletes:
                self._meta.get("catalogs", {}).pop(key, None)
            fresh = self._ix.doc_count_all() == 0
            by_id = {d.doc_id: d for d in pending}
            if fresh and not deletes:
                # a new index (the statute layer): segments from numpy postings, see kg.whoosh_bulk
                docs = list(by_id.values())
                for doc in docs:
                    self._note_meta(doc)
                processes = min(2, os.cpu_count() or 1) if len(docs) >= BULK_SPLIT_DOCS else 1
                for seg_id, tables in write_segments(self._ix, _codec(), docs, lambda d: self._fields(d, by_id),
                                                     TOKEN_FIELDS, processes):
                    if self._path is not None:
                        _PostingArrays.save_tables(self._path / _PostingArrays.file_name(seg_id), tables)
            else:
                writer = self._ix.writer(limitmb=WRITER_LIMIT_MB, procs=1, multisegment=False, codec=_codec())
                try:
                    for key in deletes:
                        writer.delete_by_term("catalog_term", key)
                    if not fresh:
                        for docnum in self._docnums_of(by_id):
                            writer.delete_document(docnum)
                    for fields_ in self._fields_noted(by_id):
                        writer.add_document(**fields_)
                    writer.commit(merge=not fresh, optimize=False)
                except BaseException:
                    writer.cancel()
                    raise
            self._write_meta()
            self._close_searcher()
            self._save_posting_arrays()
            self._title_index = None
            self._region_names = None
            self._allowed_cache = {}
            elapsed = time.perf_counter() - started
            self.last_commit_stats = {
                "docs": len(by_id), "seconds": round(elapsed, 3), "cpu_seconds": round(time.process_time() - cpu, 3),
                "docs_per_second": round(len(by_id) / elapsed, 1) if elapsed else None,
            }

    def _docnums_of(self, doc_ids: Iterable[str]) -> list[int]:
        """Numbers of the live documents with these ids (what a re-added document replaces)."""
        wanted = set(doc_ids)
        out: list[int] = []
        with self._ix.reader() as reader:
            if not reader.doc_count_all():
                return out
            deleted = reader.has_deletions()
            for d, v in enumerate(reader.column_reader("meta")):
                if v and v.split(_SEP.encode(), 1)[0].decode("utf-8") in wanted and not (deleted and reader.is_deleted(d)):
                    out.append(d)
        return out

    def _fields_noted(self, by_id: dict[str, SearchDoc]) -> Iterator[dict[str, Any]]:
        for doc in by_id.values():
            yield self._fields(doc, by_id)
            self._note_meta(doc)

    def _fields(self, doc: SearchDoc, by_id: dict[str, SearchDoc]) -> dict[str, Any]:
        tokens = _doc_tokens(doc)
        viol: dict[str, None] = {}
        for vid in doc.violated:
            target = by_id.get(vid) or by_id.get(_article_doc_id(vid))
            if target is not None and target.doc_id != doc.doc_id:
                vt = _doc_tokens(target)
                viol.update(dict.fromkeys(vt))
            if len(viol) >= VIOL_TOKENS:
                break
        viol_tokens = list(viol)[:VIOL_TOKENS]
        name_tokens = tokenize(doc.item_name) if doc.kind == "item" and doc.item_name else []
        art = ""
        if doc.kind == "provision":
            try:
                pid = ProvisionId.parse(doc.doc_id)
                art = _article_key(pid.article, pid.suffix)
            except ValueError:
                art = ""
        data: dict[str, Any] = {
            "kind": doc.kind, "statute_key": doc.statute_key or "", "statute_title": doc.statute_title or "",
            "level": doc.level or "", "region": doc.region, "version": _version_iso(doc),
            "article": doc.article_label or "", "heading": doc.heading, "text": doc.text,
            "is_penalty": doc.is_penalty, "violated": list(doc.violated), "penalized_by": list(doc.penalized_by),
        }
        if doc.kind == "item":
            data.update({"item_code": doc.item_code, "item_name": doc.item_name, "catalog_key": doc.catalog_key,
                         "townships": list(doc.townships), "department": doc.department,
                         "basis": [list(b) for b in doc.basis], "power_type": doc.power_type, "domain": doc.domain})
        meta = _SEP.join([
            doc.doc_id, doc.kind, doc.statute_key or "", doc.version_key or "", doc.region or NATIONAL,
            doc.level or "", doc.catalog_key or "", art,
            ("p" if doc.is_penalty else "") + ("v" if doc.penalized_by else ""),
            str(len(tokens)), str(len(viol_tokens)), str(len(name_tokens)),
        ])
        out: dict[str, Any] = {"doc_id": doc.doc_id, "text": tokens, "data": data, "meta": meta.encode("utf-8")}
        if viol_tokens:
            out["viol"] = viol_tokens
        if name_tokens:
            out["name"] = name_tokens
        if doc.kind == "item" and doc.catalog_key:
            out["catalog_term"] = doc.catalog_key
        return out

    def ensure_posting_arrays(self) -> bool:
        """Write missing posting arrays of an on-disk index (e.g. one built by an older version)."""
        with self._lock:
            written = self._save_posting_arrays()
            if written:
                self._close_searcher()
            return written > 0

    def _save_posting_arrays(self) -> int:
        """Posting arrays for the segments that have none; those of vanished segments are deleted."""
        if self._path is None:
            return 0
        written = 0
        with self._ix.reader() as reader:
            wanted: set[str] = set()
            for leaf, _ in reader.leaf_readers():
                seg = leaf.segment() if hasattr(leaf, "segment") else None
                if seg is None:
                    continue
                name = _PostingArrays.file_name(seg.segment_id())
                wanted.add(name)
                target = self._path / name
                if not target.exists():
                    _PostingArrays.save(target, leaf)
                    written += 1
        for old in self._path.glob("yiju_postings_*.npz"):
            if old.name not in wanted:
                old.unlink(missing_ok=True)
        return written

    def _note_meta(self, doc: SearchDoc) -> None:
        if doc.kind == "item":
            if doc.catalog_key:
                self._meta.setdefault("catalogs", {})[doc.catalog_key] = {
                    "from": doc.valid_from.isoformat() if doc.valid_from else None,
                    "to": doc.valid_to.isoformat() if doc.valid_to else None,
                }
            return
        if not doc.statute_key:
            return
        info = self._meta.setdefault("statutes", {}).setdefault(doc.statute_key, {
            "title": doc.statute_title or doc.statute_key, "names": [], "level": doc.level, "region": doc.region,
            "versions": {},
        })
        names = dict.fromkeys([*info.get("names", []), doc.statute_key, doc.statute_title or "", *doc.aliases])
        info["names"] = [n for n in names if n]
        info["title"] = doc.statute_title or info.get("title")
        info["level"], info["region"] = doc.level, doc.region
        vkey = doc.version_key or ""
        span = {
            "from": doc.valid_from.isoformat() if doc.valid_from else None,
            "to": doc.valid_to.isoformat() if doc.valid_to else None,
        }
        if info["versions"].get(vkey) != span:
            info["versions"][vkey] = span

    # -- reading
    def doc_count(self) -> int:
        with self._lock:
            return int(self._ix.doc_count())

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._state = None

    def close(self) -> None:
        with self._lock:
            self._close_searcher()

    def _get_state(self) -> _State:
        with self._lock:
            if self._state is None:
                from whoosh import scoring

                self._searcher = self._ix.searcher(weighting=scoring.BM25F(B=FIELD_B["text"], K1=K1))
                self._state = _State(self._searcher, self._meta, self._path)
            return self._state

    def token_texts(self, field_names: Sequence[str] = ("text", "name"), *, distinct: bool = False) -> dict[str, str]:
        """The indexed terms of every document by doc id (see ``_State.token_texts``).

        What a second full-text engine needs to match exactly what this index
        matches (``yiju sync neo4j`` gives them to Neo4j's whitespace index).
        """
        return self._get_state().token_texts(field_names, distinct)

    def warm(self, regions: Iterable[str | None] = (None,), preload_df: int | None = PRELOAD_DF) -> None:
        """Open the searcher, build the common filters and load the long posting lists.

        Posting lists of terms in at least ``preload_df`` articles are the costly ones to
        decode; a server loads them once at start (a few seconds, some tens of MB).
        """
        st = self._get_state()
        for r in regions:
            st.mask(None, self._allowed_regions(r), None, None)
        self.statute_names()
        self.regions()
        _ = self.synonyms._by_first_word()
        if st.n:
            st.stored(0)  # opens the stored-fields column (its offsets load once)
        if preload_df and not st.all_arrays:
            st.preload(preload_df)

    @property
    def synonyms(self) -> Synonyms:
        if self._synonyms is None:
            self._synonyms = _default_synonyms(str(SYNONYMS_PATH))
        return self._synonyms

    def statute_names(self) -> dict[str, list[str]]:
        """Normalised title/alias -> statute keys."""
        if self._title_index is None:
            idx: dict[str, list[str]] = defaultdict(list)
            for key, info in self._meta.get("statutes", {}).items():
                for name in {key, info.get("title") or key, *info.get("names", [])}:
                    for form in {normalize(name).replace(" ", ""), normalize(statute_key(name)).replace(" ", "")}:
                        if len(form) >= 2 and key not in idx[form]:
                            idx[form].append(key)
            self._title_index = dict(idx)
            by_start: dict[str, list[str]] = defaultdict(list)
            for name in idx:
                if _title_like(name):
                    by_start[name[:2]].append(name)
            self._title_by_start = {k: sorted(v, key=len, reverse=True) for k, v in by_start.items()}
        return self._title_index

    def regions(self) -> dict[str, str]:
        """Region names a query may use (浙江, 浙江省, 台州市, 台州) -> canonical region."""
        if self._region_names is None:
            names: dict[str, str] = {}
            for full, short in _PROVINCES:
                names[full] = full
                names[short] = full
            for info in self._meta.get("statutes", {}).values():
                region = info.get("region")
                if not region:
                    continue
                parts = _region_parts(region)
                for i, part in enumerate(parts):
                    canonical = "".join(parts[: i + 1])
                    names.setdefault(part, canonical)
                    short = _short(part)
                    if i > 0 and short != part and len(short) >= 2:
                        names.setdefault(short, canonical)
            self._region_names = names
            self._region_order = sorted(names, key=len, reverse=True)
        return self._region_names

    def _resolve_region(self, region: str | None) -> str | None:
        if not region or not isinstance(region, str):
            return None
        r = normalize(region).replace(" ", "")
        if not r:
            return None
        names = self.regions()
        if r in names:
            return names[r]
        # 深圳市龙华区 → 广东省深圳市龙华区 when 深圳市 is known under a province
        parts = _region_parts(r)
        if parts and parts[0] in names and names[parts[0]] != parts[0]:
            return names[parts[0]] + r[len(parts[0]):]
        return r

    def _allowed_regions(self, region: str | None) -> frozenset[str] | None:
        if region in self._allowed_cache:
            return self._allowed_cache[region]
        user = self._resolve_region(region)
        if not user:
            return None
        known = {info.get("region") for info in self._meta.get("statutes", {}).values() if info.get("region")}
        st = self._state
        if st is not None:
            known |= set(st.region_names) - {NATIONAL}
        out = frozenset(r for r in known if r and region_applies(r, user))
        if len(self._allowed_cache) > 256:
            self._allowed_cache.clear()
        self._allowed_cache[region] = out
        return out

    def _resolve_statutes(self, statute: str) -> list[str]:
        names = self.statute_names()
        s = normalize(statute).replace(" ", "").strip("《》")
        if s in self._meta.get("statutes", {}):
            return [s]
        for form in (s, statute_key(s)):
            if form in names:
                return names[form]
        return []

    # -- query understanding
    def _understand(self, query: Any, plain: bool) -> _Query:
        raw = query if isinstance(query, str) else ("" if query is None else str(query))
        text = normalize(raw[: MAX_QUERY_CHARS * 20])
        truncated = False
        if len(text) > MAX_QUERY_CHARS:
            text, truncated = text[:MAX_QUERY_CHARS], True
        q = _Query(raw=raw, text=text, free=text, truncated=truncated)
        if plain:
            q.terms = _weights(tokenize(text))
            q.typed = set(q.terms)
            return q
        free = text.replace(" ", "")
        spans: list[tuple[int, int]] = []
        # statute titles: 《…》 first, then known names anywhere (longest first)
        names = self.statute_names()
        for m in _BOOK_TITLE.finditer(free):
            title = m.group(1)
            keys = names.get(title) or names.get(normalize(statute_key(title)).replace(" ", ""))
            if keys:
                q.statutes.extend(k for k in keys if k not in q.statutes)
            else:
                q.unknown_titles.append(title)
            spans.append(m.span())
        by_start = self._title_by_start
        i = 0
        while by_start and i < len(free) - 1:
            found = next((nm for nm in by_start.get(free[i: i + 2], ()) if free.startswith(nm, i)), None)
            if found and not any(a <= i < b for a, b in spans):
                q.statutes.extend(k for k in names[found] if k not in q.statutes)
                spans.append((i, i + len(found)))
                i += len(found)
            else:
                i += 1
        for m in _ARTICLE_RE.finditer(free):
            art = _article_from_match(m)
            if art and not any(a <= m.start() < b for a, b in spans):
                q.article = art
                spans.append(m.span())
                break
        # regions: provinces anywhere; cities when written out with 市 or cut as a word
        region_names = self.regions()
        words_here: set[str] | None = None
        words: set[str] = set()
        for name in self._region_order:
            pos = free.find(name)
            if pos < 0 or any(a <= pos < b or a < pos + len(name) <= b for a, b in spans):
                continue
            canonical = region_names[name]
            if words_here is None:
                words_here = set(tokenize(free))
            words = words_here
            is_province = canonical in _PROVINCE_NAMES
            if not is_province and not name.endswith(("市", "州", "盟", "县", "区")) and name not in words:
                continue
            if canonical not in q.regions:
                q.regions.append(canonical)
            spans.append((pos, pos + len(name)))
        for a, b in sorted(spans, reverse=True):
            free = free[:a] + " " + free[b:]
        q.free = re.sub(r"\s+", " ", free).strip()
        tokens = tokenize(q.free)
        typed_words = [w for w in cut_words(q.free) if w not in QUERY_FILLERS]
        q.penalty_intent = any(w in text for w in _PENALTY_INTENT)
        # the words typed weigh 1; the dictionary words inside them (search mode) less, as they
        # also match unrelated compounds (人行道 -> 行道 of 行道树)
        weights = _weights(typed_words)
        for tok in tokens:
            if tok not in weights and tok not in QUERY_FILLERS:
                weights[tok] = SUBWORD_WEIGHT
        # adjacent words that statutes write as one word: 劣 + 林木种子 -> 劣种子 (one word may sit between)
        st = self._state
        if st is not None:
            for i, w1 in enumerate(typed_words):
                for w2 in typed_words[i + 1: i + 3]:
                    cand = w1 + w2
                    if cand not in weights and len(cand) <= 6 and st.doc_frequency("text", cand) > 0:
                        weights[cand] = COMPOUND_WEIGHT
        for tok in list(weights):
            if len(tok) == 1:  # a lone character is mostly noise (开, 办, 没); statutes rarely cut one out
                weights[tok] *= SINGLE_CHAR_WEIGHT
            if tok in _FORM_WORDS:
                weights[tok] *= _FORM_WORDS[tok]
                if weights[tok] <= 0:
                    del weights[tok]
        q.typed = set(weights)
        q.terms = dict(weights)
        # synonyms: lower weight than what was typed, unless the typed phrase is unknown to the
        # statutes (then the legal wording stands in for it)
        q.expansions = self.synonyms.expand(q.free.replace(" ", ""), tokens, typed_words)
        per_phrase: dict[str, float] = {}
        st = self._state
        for trigger, phrase in q.expansions:
            ptoks = _phrase_words(phrase)
            if not ptoks:
                continue
            known = st.doc_frequency("text", trigger) if st is not None else 0
            base = EXPANSION_WEIGHT if known > RARE_TRIGGER_DF else EXPANSION_WEIGHT_UNKNOWN
            w = base / math.sqrt(len(ptoks))
            for t in ptoks:
                if t not in QUERY_FILLERS:
                    wt = w * SINGLE_CHAR_WEIGHT if len(t) == 1 else w
                    per_phrase[t] = max(per_phrase.get(t, 0.0), wt)
        for t, w in per_phrase.items():
            if q.terms.get(t, 0.0) < w:
                q.terms[t] = w
        return q

    # -- search
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
        user_region = self._resolve_region(region)
        filter_region = user_region
        if q.regions:
            interpreted["regions"] = q.regions
            if not user_region or not any(region_applies(r, user_region) for r in q.regions):
                filter_region = q.regions[0]  # the officer asks about another place explicitly
        mask = st.mask(as_of, self._allowed_regions(filter_region), _levels(level), statute_keys)
        if q.statutes:
            interpreted["statutes"] = [self._meta["statutes"].get(k, {}).get("title", k) for k in q.statutes]
        if q.article:
            interpreted["article"] = _article_label(*q.article)
        if q.expansions:
            interpreted["synonyms"] = sorted({f"{a}→{b}" for a, b in q.expansions})
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
            scores = self._scores(q, st, terms, mask, why)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        highlight = self._highlight_terms(q)
        hits = [self._hit(st, d, s, highlight, why.get(d, [])) for d, s in ranked]
        groups = [] if plain else self._groups(st, hits, mask)
        if q.article and not q.statutes and not statute_keys:
            messages.append(f"已识别条号「{_article_label(*q.article)}」，请同时写明法规名称，"
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
                why: dict[int, list[str]]) -> dict[int, float]:
        scores: dict[int, float] = {}
        if terms:
            arr = st.bm25(terms, TOKEN_FIELDS, mask)
            arr *= st.prior
            arr *= 1.0 + STATUTE_EVIDENCE * st.statute_evidence(terms, mask)
            nz = np.flatnonzero(arr)
            if len(nz) > CANDIDATES:
                nz = nz[np.argpartition(arr[nz], -CANDIDATES)[-CANDIDATES:]]
            scores = {int(d): float(arr[d]) for d in nz}
            for d in scores:
                if st.penalty[d]:
                    why[d].append("罚则")
        self._rerank(q, st, mask, scores, why)
        return self._diversify(q, st, scores)

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
            if q.regions and st.region_of(d) != NATIONAL and any(region_applies(st.region_of(d), r)
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

    def _find_doc(self, st: _State, pid: str, mask: np.ndarray) -> int | None:
        d = st.by_id.get(pid)
        if d is None:
            d = st.by_id.get(_article_doc_id(pid))
        if d is not None and mask[d]:
            return d
        try:
            p = ProvisionId.parse(pid)
        except ValueError:
            return None
        for cand in st.by_article.get((p.statute, _article_key(p.article, p.suffix)), []):
            if mask[cand]:
                return cand
        return None

    def _data(self, st: _State, d: int, cache: dict[int, dict[str, Any]]) -> dict[str, Any]:
        if d not in cache:
            cache[d] = st.stored(d).get("data") or {}
        return cache[d]

    def _highlight_terms(self, q: _Query) -> list[str]:
        words = {w for w in q.typed if len(w) >= 2} | {b for _, b in q.expansions}
        return sorted(words, key=len, reverse=True)

    def _hit(self, st: _State, d: int, score: float, terms: list[str] | None, why: list[str]) -> Hit:
        """A result; ``terms`` None: a partner shown in a group, its snippet is the opening of the text."""
        stored = st.stored(d)
        data = stored.get("data") or {}
        text = data.get("text") or ""
        return Hit(
            provision_id=stored.get("doc_id", st.doc_id[d]), kind=data.get("kind", "provision"),
            statute_key=data.get("statute_key", ""), statute_title=data.get("statute_title", ""),
            article=data.get("article", ""), version=data.get("version"), level=data.get("level", ""),
            region=data.get("region"), score=score, text=text,
            snippet=make_snippet(text, terms) if terms is not None else html.escape(text[:SNIPPET_CHARS]),
            is_penalty=bool(data.get("is_penalty")), violated=tuple(data.get("violated") or ()),
            penalized_by=tuple(data.get("penalized_by") or ()), item_code=data.get("item_code"),
            item_name=data.get("item_name"), catalog_key=data.get("catalog_key"),
            townships=tuple(data.get("townships") or ()), department=data.get("department"),
            basis=tuple((str(b[0]), str(b[1])) for b in data.get("basis") or ()),
            why=tuple(dict.fromkeys(why)),
        )

    def _groups(self, st: _State, hits: list[Hit], mask: np.ndarray) -> list[HitGroup]:
        """违则/罚则 pairs among the hits (partners looked up when missing), and items with their basis."""
        by_id = {h.provision_id: h for h in hits}
        groups: list[HitGroup] = []
        used: set[str] = set()

        def fetch(pid: str) -> Hit | None:
            if pid in by_id:
                return by_id[pid]
            d = self._find_doc(st, pid, mask)
            if d is None:
                return None
            doc_id = st.doc_id[d]
            if doc_id in by_id:
                return by_id[doc_id]
            return self._hit(st, d, 0.0, None, [])

        for h in hits:
            if h.provision_id in used:
                continue
            if h.kind == "item":
                basis = [(role, fetch(pid)) for role, pid in h.basis]
                pen = next((b for role, b in basis if b and role == "罚则"), None)
                viol = [b for _, b in basis if b and b is not pen]
                groups.append(HitGroup(f"{h.item_name or h.provision_id}（事项）", pen, viol, [h], h.score))
                used.add(h.provision_id)
                continue
            if h.is_penalty:
                viol = [v for v in (fetch(pid) for pid in h.violated) if v is not None]
                used.add(h.provision_id)
                used.update(v.provision_id for v in viol)
                groups.append(HitGroup(f"{h.statute_title} {h.article}（罚则）", h, viol, [], h.score))
            elif h.penalized_by:
                pens = [p for p in (fetch(pid) for pid in h.penalized_by[:2]) if p is not None]
                if not pens or pens[0].provision_id in used:
                    continue
                pen = pens[0]
                viol = [h] + [v for v in (fetch(pid) for pid in pen.violated)
                              if v is not None and v.provision_id != h.provision_id][:3]
                used.add(h.provision_id)
                used.add(pen.provision_id)
                groups.append(HitGroup(f"{pen.statute_title} {pen.article}（罚则）", pen, viol, [], h.score))
        return groups

    def _similar_titles(self, text: str) -> list[str]:
        names = self.statute_names()
        s = normalize(text).replace(" ", "").strip("《》")
        if not s:
            return []
        out: list[str] = []
        for c in difflib.get_close_matches(s, list(names), n=5, cutoff=0.5):
            key = names[c][0]
            out.append(self._meta["statutes"].get(key, {}).get("title", key))
        if not out:
            out = [info.get("title", k) for k, info in self._meta.get("statutes", {}).items()
                   if s in (info.get("title") or k)][:5]
        return list(dict.fromkeys(out))

    def _suggest(self, q: _Query) -> list[str]:
        """Did-you-mean: everyday expressions and statute titles close to the query."""
        text = q.free.replace(" ", "") or q.text.replace(" ", "")
        if not text or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return ["占道经营", "未批先建", "露天焚烧秸秆", "建筑垃圾", "夜间施工噪声"]
        pool = list(self.synonyms.triggers)
        out = difflib.get_close_matches(text, pool, n=4, cutoff=0.4)
        grams = {text[i: i + 2] for i in range(len(text) - 1)}
        for t in pool:
            if len(out) >= 6:
                break
            if t not in out and len(t) >= 2 and any(g in t for g in grams):
                out.append(t)
        out.extend(self._similar_titles(text)[:2])
        return list(dict.fromkeys(out))


@lru_cache(maxsize=8192)
def _phrase_words(phrase: str) -> list[str]:
    return list(dict.fromkeys(cut_words(phrase)))


def _title_like(name: str) -> bool:
    """Recognise only names that look like statute names, not any two-character alias."""
    return len(name) >= 3 or name.endswith(("法", "典"))


def _art_sort(article: str) -> tuple[int, int]:
    a, _, s = article.partition("-")
    try:
        return int(a), int(s or 0)
    except ValueError:
        return (0, 0)


def index_token_texts(path: Path) -> dict[str, str]:
    """The distinct terms per document of the index at ``path`` (``WhooshIndex.token_texts``); ``{}`` if none.

    What Neo4j's full-text index is given, so that it matches what this index
    matches.  Each term once: Yiju ranks with whoosh on both backends, and the
    repeats (102 MB of terms for the shared corpus instead of 63 MB) made the
    full load into Neo4j about a tenth slower (paired loads on fresh servers).
    """
    if not Path(path).is_dir():
        return {}
    index = WhooshIndex.open(path)
    try:
        return index.token_texts(distinct=True)
    finally:
        index.close()


def _doc_tokens(doc: SearchDoc) -> list[str]:
    """Tokens of a document: given, or made as the pipeline makes them."""
    if doc.tokens is not None:
        return doc.tokens
    if doc.token_text is not None:
        return doc.token_text.split(" ") if doc.token_text else []
    if doc.kind == "item":  # the name goes to its own field; text only when it says more
        return tokenize(doc.text) if doc.text and doc.text != doc.item_name else []
    prefix = " ".join(x for x in (doc.statute_title, *doc.aliases) if x)
    return tokenize(f"{prefix} {doc.heading or ''} {doc.text}")


def _article_doc_id(pid: str) -> str:
    try:
        return str(ProvisionId.parse(pid).article_id())
    except ValueError:
        return pid


def _version_iso(doc: SearchDoc) -> str | None:
    if doc.version_key and "@" in doc.version_key:
        return doc.version_key.rpartition("@")[2]
    return doc.valid_from.isoformat() if doc.valid_from else None


def _weights(tokens: Sequence[str]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    return {t: 1.0 + 0.3 * math.log(c) for t, c in counts.items()}


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


# --------------------------------------------------------------------------
# Snippets
# --------------------------------------------------------------------------

SNIPPET_CHARS = 120


def make_snippet(text: str, terms: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the densest matches, terms in <em>, HTML-escaped.

    >>> make_snippet("第六十四条 未取得建设工程规划许可证进行建设的，由……", ["建设工程规划许可证"])
    '第六十四条 未取得<em>建设工程规划许可证</em>进行建设的，由……'
    """
    if not text:
        return ""
    norm = normalize_aligned(text)
    if len(norm) != len(text):
        text = norm
    spans: list[tuple[int, int]] = []
    taken = [False] * len(norm)
    for term in terms[:40]:
        if not term:
            continue
        start = 0
        while True:
            pos = norm.find(term, start)
            if pos < 0:
                break
            end = pos + len(term)
            if not any(taken[pos:end]):
                spans.append((pos, end))
                for i in range(pos, end):
                    taken[i] = True
            start = pos + 1
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:  # 建设工程 + 规划许可证 side by side: one highlight
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    spans = merged
    if len(text) <= width:
        lo, hi = 0, len(text)
    elif spans:
        best, best_lo = -1, 0
        for a, _ in spans:
            lo_c = max(0, a - 20)
            covered = sum(e - s for s, e in spans if s >= lo_c and e <= lo_c + width)
            if covered > best:
                best, best_lo = covered, lo_c
        lo, hi = best_lo, min(len(text), best_lo + width)
    else:
        lo, hi = 0, width
    out: list[str] = ["…" if lo > 0 else ""]
    cur = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out.append(html.escape(text[cur:s]))
        out.append(f"<em>{html.escape(text[s:e])}</em>")
        cur = e
    out.append(html.escape(text[cur:hi]))
    if hi < len(text):
        out.append("…")
    return "".join(out)
