"""What an answer may claim: national law before other regions' rules, and honest low confidence.

*Region policy.*  Local legislation applies only in its own region (and the
regions inside it, ``kg.regions.applies``).  When the user's region is known
the index's mask keeps national legislation and the local legislation of that
region and its parents.  When no region is known at all, a local rule may fit
the words well but nobody can say it applies: ``national_first`` lists the
national legislation (and catalog items) first, then the local rules grouped
by region, never mixed above national law.

*Confidence.*  A list of hits always looks confident.  ``query_coverage``
measures how much of what the officer typed the best hit actually contains
(directly, or through the synonym/thesaurus wording it was expanded to).
When the best hit scores low (``LOW_SCORE``) and covers little
(``LOW_COVERAGE``) the answer says 无把握, names the words nothing matched,
and offers the statutes (domains) and items among the hits to narrow the
question.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from kg.gazetteer import gazetteer
from kg.regions import PROVINCE_NAMES, region_parts
from kg.search.schema import NATIONAL
from kg.search.state import _State

__all__ = ["LOW_COVERAGE", "LOW_SCORE", "NO_CONDUCT_MESSAGE", "describes_conduct", "former_region_notes", "low_confidence_message", "narrowing_suggestions", "national_first", "in_a_province", "query_coverage",
           "unplaced_region_message"]

# Both measured on the tuning part of tests/eval/patrol.yaml: a best hit scoring below LOW_SCORE that holds
# less than LOW_COVERAGE of the typed words was wrong in 23 of the 29 such answers, and no answer of the
# colloquial or catalog (dev) sets was flagged.
LOW_SCORE = 30.0  # ranking score of the best hit (BM25 × priors) below which coverage is checked
LOW_COVERAGE = 0.5  # share of the typed words' weight the best hit must contain to be answered plainly
_TYPED_MIN_WEIGHT = 0.5  # sub-words and expansions weigh less; coverage is about what was typed


def national_first(st: _State, ranked: list[tuple[int, float]]) -> tuple[list[tuple[int, float]], list[str]]:
    """No region known: national legislation and catalog items first, then local rules grouped by region.

    Each region's rules stay together, the region whose best rule scores
    highest first; the order inside each part is the score order.  Returns the
    new order and the local regions in it.
    """
    national: list[tuple[int, float]] = []
    local: dict[str, list[tuple[int, float]]] = {}
    for d, s in ranked:
        region = st.region_of(d)
        if region == NATIONAL or not region or st.is_item[d]:
            national.append((d, s))
        else:
            local.setdefault(region, []).append((d, s))
    order = sorted(local, key=lambda r: -local[r][0][1])
    return national + [x for r in order for x in local[r]], order


def _typed_words(q: Any) -> dict[str, float]:
    return {t: w for t, w in q.terms.items() if t in q.typed and len(t) >= 2 and w >= _TYPED_MIN_WEIGHT}


def _alternatives(q: Any) -> dict[str, set[str]]:
    """typed word -> the statute words it was expanded to (thesaurus, synonym phrases containing it)."""
    alt: dict[str, set[str]] = {}
    for word, syn in getattr(q, "thesaurus", ()):
        alt.setdefault(word, set()).add(syn)
    for trigger, phrase in getattr(q, "expansions", ()):
        for word in q.typed:
            if len(word) >= 2 and word in trigger:
                alt.setdefault(word, set()).add(phrase)
    return alt


def _contains(st: _State, d: int, term: str) -> bool:
    for field_name in ("text", "viol", "name"):
        p = st.postings(field_name, term)
        if p is not None and bool(np.any(p[0] == d)):
            return True
    return False


def uncovered_words(st: _State, q: Any, d: int) -> tuple[float, list[str]]:
    """(share of the typed words' weight found in document ``d``, the typed words not found)."""
    typed = _typed_words(q)
    if not typed:
        return 1.0, []
    alt = _alternatives(q)
    found = 0.0
    missing: list[str] = []
    for word, w in typed.items():
        hit = _contains(st, d, word)
        if not hit:
            for a in alt.get(word, ()):
                if _contains(st, d, a) or (len(a) > 2 and a in str(st.stored(d).get("data", {}).get("text", ""))):
                    hit = True
                    break
        if hit:
            found += w
        else:
            missing.append(word)
    return found / sum(typed.values()), missing


def describes_conduct(q: Any) -> bool:
    """Whether anything typed names a conduct, a thing or a place (not only fillers and form words).

    ``怎么罚``, ``罚多少钱`` or ``这个怎么处理`` name no conduct: any list of
    articles would answer a question nobody asked.
    """
    return bool(_typed_words(q))


NO_CONDUCT_MESSAGE = ("无把握：没有识别出具体的违法行为，下列结果与所问无关的可能性很大。请描述行为本身"
                      "（谁、在哪里、做了什么，如“在人行道上摆摊”“露天焚烧秸秆”），或写明法规名称和条号。")


def query_coverage(st: _State, q: Any, d: int) -> float:
    """Share of the typed words' weight that document ``d`` contains (1.0 when nothing was typed)."""
    return uncovered_words(st, q, d)[0]


def low_confidence_message(st: _State, q: Any, ranked: list[tuple[int, float]]) -> str:
    _, missing = uncovered_words(st, q, ranked[0][0])
    words = "、".join(f"「{w}」" for w in missing[:4])
    said = f"查询中的{words}在最相关的条文里都没有出现，" if words else ""
    return (f"无把握：{said}下列结果可能并不对应所问的行为。请换成法律用语（如“占用”“擅自”“未经许可”），"
            "写明法规名称，或从建议的法规、事项中选一个缩小范围。")


def narrowing_suggestions(st: _State, hits: list[Any], limit: int = 5) -> list[str]:
    """Statutes (domains) and catalog items among the hits, to narrow a question answered without confidence."""
    out: list[str] = []
    for h in hits[:10]:
        label = (h.item_name if h.kind == "item" else h.statute_title) or ""
        if label and label not in out:
            out.append(label)
        if len(out) >= limit:
            break
    return out


def in_a_province(region: str) -> bool:
    """Whether a region is known down from its province (浙江省衢州市江山市, not 江山市 alone)."""
    return region_parts(region)[0] in PROVINCE_NAMES


def former_region_notes(names: Iterable[str]) -> list[str]:
    """What the gazetteer says of each division name no longer current among ``names`` (the region given, the
    places said in the question): 江干区 was abolished in 2021 and where its area lies now, once each."""
    g = gazetteer()
    out: list[str] = []
    for name in names:
        for part in region_parts(name) or [name]:
            note = g.note(part)
            if note and note not in out:
                out.append(note)
    return out


def unplaced_region_message(region: str) -> str:
    return (f"未能确定地区「{region}」所属的省、市：本次只列国家法律法规和名称与之相符的地方规定，"
            "请写明省市（如“浙江省衢州市江山市”）。")
