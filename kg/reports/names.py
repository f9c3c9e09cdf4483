"""Item names: normalisation and near-identical pairs (used by ``overlaps``)."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from kg.reports.types import NAME_SIMILARITY

_NAME_PARENS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NAME_DROP = re.compile(r"[^\w]|_")
_NAME_TAIL = re.compile(r"(?:的)?(?:行政)?处罚$|行为$")


@lru_cache(maxsize=500_000)
def normalize_item_name(name: str) -> str:
    """An item name without punctuation, parentheses and the 对……的处罚 frame.

    >>> normalize_item_name("对未取得建设工程规划许可证进行建设的行政处罚（限于城管职权范围内）")
    '未取得建设工程规划许可证进行建设'
    """
    n = unicodedata.normalize("NFKC", name)
    n = _NAME_PARENS.sub("", n)
    n = _NAME_DROP.sub("", n)
    if n.startswith("对") and len(n) > 3:
        n = n[1:]
    for _ in range(2):
        n = _NAME_TAIL.sub("", n) or n
    return n


def _grams(s: str) -> list[str]:
    if len(s) < 2:
        return [s] if s else []
    return list(dict.fromkeys(s[i:i + 2] for i in range(len(s) - 1)))


def similar_name_pairs(names: Sequence[str], threshold: float = NAME_SIMILARITY) -> list[tuple[int, int, float]]:
    """Pairs (i, j, ratio) of names with difflib ratio ≥ threshold, without comparing all pairs.

    Prefix filtering on character bigrams.  With M matched characters,
    ratio = 2M/(|a|+|b|) ≥ t means the unmatched characters U = |a|+|b|−2M
    are at most (1−t)(|a|+|b|), and |b| ≤ |a|(2−t)/t, so U ≤ 2(1−t)|a|/t.
    A bigram of ``a`` that is missing from ``b`` touches an unmatched
    character of ``a`` or bridges two matching blocks (which needs an
    unmatched character of ``b``), so at most 2U of a's distinct bigrams are
    missing from b.  Ordering bigrams from rare to common, two such names
    share a bigram among the first 2·U_max(a)+1 of a's (and of b's), so
    only names that share a rare bigram are compared.

    >>> similar_name_pairs(["未经批准占用城市道路", "未经批准占用城市道路的", "擅自砍伐树木"])
    [(0, 1, 0.952)]
    """
    grams = [_grams(n) for n in names]
    sets = [frozenset(gs) for gs in grams]
    df: Counter[str] = Counter(g for gs in grams for g in gs)
    index: dict[str, list[int]] = defaultdict(list)
    out: list[tuple[int, int, float]] = []
    slack = 2 * (1 - threshold)
    for i, gs in enumerate(grams):
        la = len(names[i])
        if la == 0:
            continue
        u_max = math.floor(slack * la / threshold + 1e-9)
        prefix = sorted(gs, key=lambda x: (df[x], x))[: 2 * u_max + 1]
        seen: set[int] = set()
        for gram in prefix:
            for j in index[gram]:
                if j in seen:
                    continue
                seen.add(j)
                lb = len(names[j])
                if 2 * min(la, lb) / (la + lb) < threshold:
                    continue
                # count filter: at most 2U bigrams of each name are missing from the other, U ≤ (1−t)(|a|+|b|)
                need = max(len(sets[i]), len(sets[j])) - 2 * math.floor((1 - threshold) * (la + lb) + 1e-9)
                if need > 0 and len(sets[i] & sets[j]) < need:
                    continue
                sm = difflib.SequenceMatcher(None, names[j], names[i], autojunk=False)
                if sm.quick_ratio() < threshold:
                    continue
                r = sm.ratio()
                if r >= threshold:
                    out.append((j, i, round(r, 3)))
            index[gram].append(i)
    out.sort()
    return out


