"""Infer the 违则 of a 罚则 that does not cite it.

Many penalty articles name the conduct instead of the rule: 城乡规划法 art. 64
"未取得建设工程规划许可证……进行建设的，由……" punishes what art. 40 requires.
Officers need both, so for a penalty article with no explicit "违反本法第X条"
we look, inside the same statute version, for the duty articles whose wording
best matches the conduct clauses (the text before "的，由/的，处/的，责令", one
per 项 when the article lists several).  Matching is character-bigram
overlap (containment of the clause in the duty article), which is robust to
the small rewordings between a duty ("不得擅自占用城市绿化用地") and its
breach ("擅自占用城市绿化用地的").  Pairs are marked inferred and never
replace explicit citations.

>>> from kg.model import Provision, ProvisionId
>>> duty = Provision(ProvisionId("城市绿化条例", None, 19), "第十九条 任何单位和个人都不得擅自占用城市绿化用地；占用的城市绿化用地，应当限期归还。")
>>> other = Provision(ProvisionId("城市绿化条例", None, 3), "第三条 城市人民政府应当把城市绿化建设纳入国民经济和社会发展计划。")
>>> pen = Provision(ProvisionId("城市绿化条例", None, 27), "第二十七条 未经同意擅自占用城市绿化用地的，由城市人民政府城市绿化行政主管部门责令限期退还、恢复原状，可以并处罚款。")
>>> infer_violated([duty, other, pen], {pen.id})
{ProvisionId(statute='城市绿化条例', version=None, article=27, suffix=0, paragraph=None, item=None, subitem=None): (ProvisionId(statute='城市绿化条例', version=None, article=19, suffix=0, paragraph=None, item=None, subitem=None),)}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

from kg.model import Provision, ProvisionId
from kg.numerals import strip_article_label

MIN_SCORE = 0.3  # weighted share of the clause's bigrams found in the duty article
MAX_PARTNERS = 6
_CONDUCT_END = re.compile(r"的[，,]\s*(?:由|处|责令|给予|没收|对|可以|依照|按照|应当|并处|予以)")
_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_PUNCT = re.compile(r"[\s，。；：、,.;:（）()“”\"《》〈〉【】\[\]]")
# words that say nothing about the conduct itself
_STOP = ("违反本法规定", "违反本条例规定", "违反本规定", "违反本办法规定", "有下列行为之一", "下列行为之一",
         "单位和个人", "任何单位", "个人", "有关", "规定")


def _bigrams(text: str) -> Counter[str]:
    s = _PUNCT.sub("", text)
    return Counter(s[i:i + 2] for i in range(len(s) - 1))


def conduct_clauses(text: str) -> list[str]:
    """The conduct a penalty article punishes: its lead clause and its listed items."""
    body = strip_article_label(text)
    clauses: list[str] = []
    for line in body.split("\n"):
        line = line.strip()
        if _ITEM.match(line):
            clauses.append(_ITEM.sub("", line).rstrip("；;。的"))
            continue
        m = _CONDUCT_END.search(line)
        if m:
            clause = line[: m.start()]
            # the conduct is the last sentence before 的，由
            clause = re.split(r"[。；]", clause)[-1]
            clauses.append(clause)
    out = []
    for c in clauses:
        for w in _STOP:
            c = c.replace(w, "")
        if len(_PUNCT.sub("", c)) >= 4:
            out.append(c)
    return out


def infer_violated(
    provisions: Sequence[Provision], penalty_ids: Collection[ProvisionId]
) -> dict[ProvisionId, tuple[ProvisionId, ...]]:
    """Inferred 违则 for the given penalty articles of one statute version."""
    duties = [p for p in provisions if p.id not in penalty_ids and not p.sanctions]
    if not duties:
        return {}
    duty_grams = [(_bigrams(strip_article_label(p.text)), p.id) for p in duties]
    # bigrams frequent across the statute (本条例, 人民政府 …) say little: weight by rarity
    df: Counter[str] = Counter()
    for grams, _ in duty_grams:
        df.update(grams.keys())
    n = len(duty_grams)

    def weight(g: str) -> float:
        return 1.0 if df[g] <= max(2, n // 10) else 0.3

    by_id = {p.id: p for p in provisions}
    out: dict[ProvisionId, tuple[ProvisionId, ...]] = {}
    for pid in penalty_ids:
        pen = by_id.get(pid)
        if pen is None:
            continue
        found: dict[ProvisionId, float] = {}
        for clause in conduct_clauses(pen.text):
            weighted = [(g, weight(g)) for g in _bigrams(clause)]
            total = sum(w for _, w in weighted)
            if total == 0:
                continue
            best: tuple[float, ProvisionId] | None = None
            for dgrams, did in duty_grams:
                if did.article > pid.article:  # duties come before the penalties for breaking them
                    continue
                score = sum(w for g, w in weighted if g in dgrams) / total
                if best is None or score > best[0]:
                    best = (score, did)
            if best and best[0] >= MIN_SCORE:
                found[best[1]] = max(found.get(best[1], 0.0), best[0])
        if found:
            ranked = sorted(found, key=lambda k: -found[k])[:MAX_PARTNERS]
            out[pid] = tuple(sorted(ranked))
    return out
