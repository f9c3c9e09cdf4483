"""Everyday expressions -> legal phrasing (``ontologies/synonyms.yaml``), used to expand queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.analysis import cut_words, normalize

SYNONYMS_PATH = Path(__file__).resolve().parent.parent.parent / "ontologies" / "synonyms.yaml"

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
        compact = text.replace(" ", "")
        by_first = self._by_first_word()
        singles, by_bigram, order = self._trigger_index()
        hits = {t for t in tokens if t in singles}
        for i in range(len(compact) - 1):  # the triggers the text holds, found by their first two characters
            for trigger in by_bigram.get(compact[i:i + 2], ()):
                if compact.startswith(trigger, i):
                    hits.add(trigger)
        hits.update(t for w in set(words) for t in by_first.get(w, ())
                    if t not in hits and _in_order(self._trigger_words(t), words))
        for trigger in sorted(hits, key=order.__getitem__):  # in the vocabulary's order, as a scan of it gives
            for i in self.triggers[trigger]:
                e = self.entries[i]
                # everyday variants of the trigger are not in statutes: expand to legal wording only;
                # a symmetric entry read from the legal side brings the everyday terms
                targets = list(e.legal) if trigger in e.terms else list(e.terms)
                for t in targets:
                    if t != trigger and t not in seen and t not in compact:
                        seen.add(t)
                        found.append((trigger, t))
        return found

    def _trigger_index(self) -> tuple[frozenset[str], dict[str, tuple[str, ...]], dict[str, int]]:
        """The one-character triggers, the longer ones by their first two characters, and each trigger's place
        in the vocabulary (built once)."""
        got: tuple[frozenset[str], dict[str, tuple[str, ...]], dict[str, int]] | None = \
            self.__dict__.get("_trigger_index_")
        if got is None:
            index: dict[str, list[str]] = defaultdict(list)
            for trigger in self.triggers:
                if len(trigger) > 1:
                    index[trigger[:2]].append(trigger)
            got = (frozenset(t for t in self.triggers if len(t) == 1), {k: tuple(v) for k, v in index.items()},
                   {t: i for i, t in enumerate(self.triggers)})
            self.__dict__["_trigger_index_"] = got
        return got

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


# Words of officer speech that say nothing about the conduct; dropped from queries only (statutes keep
# them, e.g. 有人 is also a dictionary word inside 所有人).
QUERY_FILLERS = frozenset(["有人", "有个", "有些", "有的", "一些", "某人", "某某", "别人", "人家", "老板", "老人家", "村民们", "群众", "老百姓", "居民们", "大家", "他们", "我们", "村里", "城里", "家里", "镇上", "街上", "这里", "那里", "这边", "那边", "附近", "旁边", "边上", "周边", "当地", "本地", "偷偷", "悄悄", "到处", "随便", "随手", "随意地", "一直", "还在", "还有", "总是", "经常", "老是", "天天", "每天", "好多", "很多", "不少", "好几", "特别", "非常", "结果", "直接", "居然", "竟然", "已经", "正在", "然后", "而且", "看到", "发现", "听说", "据说", "举报", "投诉", "反映", "有没有", "是不是", "能不能", "怎么办", "怎么", "咋办", "咋", "请问", "该", "归", "谁管", "哪个", "部门", "管不管", "可以", "行不行", "属于", "算不算", "情况", "问题", "事情", "东西", "我想", "想问", "帮我", "一下", "查一下"])

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

    # the C loader when libyaml is there (a tenth of the time of the pure-Python one; the same data)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
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


