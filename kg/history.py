"""A statute's history across its held versions and the rest of the corpus.

Pure functions over domain objects: when the statute first took effect,
when each held version did and until when, and which statutes a later text
repealed.  Every date carries the text that decides it (quoted) or says why
it is presumed.

>>> from datetime import date
>>> from kg.model import Level, ProvisionId, RepealMention
>>> noise = Statute("噪声污染防治法", "中华人民共和国噪声污染防治法", Level.LAW)
>>> old = Statute("环境噪声污染防治法", "中华人民共和国环境噪声污染防治法", Level.LAW)
>>> by = ProvisionId("噪声污染防治法", date(2021, 12, 24), 90)
>>> v = StatuteVersion("噪声污染防治法", date(2021, 12, 24), "a.md", repeals=(RepealMention(
...     "中华人民共和国环境噪声污染防治法", by, date(2022, 6, 5), "《中华人民共和国环境噪声污染防治法》同时废止。"),))
>>> rels, unresolved = resolve_repeals({s.key: s for s in (noise, old)}, {"噪声污染防治法": [v]})
>>> [(r.repealed, str(r.by), r.day) for r in rels], unresolved
([('环境噪声污染防治法', '噪声污染防治法@2021-12-24/art_90', datetime.date(2022, 6, 5))], [])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from kg.model import (
    AmendmentDecision,
    RepealMention,
    RepealRelation,
    Statute,
    StatuteVersion,
    statute_key,
)

__all__ = [
    "apply_decisions", "first_in_force", "link_versions", "normalise_title", "repeal_quote", "resolve_repeals",
    "with_history",
]

_BRACKETS = str.maketrans({"〈": "《", "〉": "》", "（": "(", "）": ")", "<": "《", ">": "》"})


def normalise_title(title: str) -> str:
    """A title as a lookup key: the statute key with brackets folded and spaces removed.

    >>> normalise_title("北京市实施〈中华人民共和国水法〉办法") == normalise_title("北京市实施《中华人民共和国水法》办法")
    True
    """
    return re.sub(r"\s+", "", statute_key(title).translate(_BRACKETS))


def apply_decisions(version: StatuteVersion, decisions: Iterable[AmendmentDecision]) -> StatuteVersion:
    """A version made by an amendment whose decision names its own 施行 date (reviewed data) starts then.

    >>> from datetime import date
    >>> v = StatuteVersion("劳动合同法", date(2012, 12, 28), "a.md", valid_from=date(2012, 12, 28))
    >>> d = AmendmentDecision("劳动合同法", date(2012, 12, 28), date(2013, 7, 1), "关于修改…的决定", "本决定自2013年7月1日起施行。")
    >>> apply_decisions(v, [d]).valid_from
    datetime.date(2013, 7, 1)
    """
    if version.valid_from_certain:
        return version
    amended = [e.day for e in version.events if e.kind in ("修正", "修订")]
    last = max(amended) if amended else version.version
    for d in decisions:
        if d.statute == version.statute_key and d.amended == last:
            return replace(version, valid_from=d.effective, effective=d.effective, valid_from_certain=True,
                           valid_from_basis=f"《{d.decision}》：“{d.quote}”")
    return version


def first_in_force(versions: Sequence[StatuteVersion]) -> tuple[date | None, str, bool]:
    """The statute's first 施行 date over its held versions: a date read from a text wins over a presumed one."""
    read = [(v.first_effective, v.first_effective_basis) for v in versions
            if v.first_effective and v.first_effective_certain]
    if read:
        day, basis = min(read, key=lambda x: x[0])
        return day, basis, True
    presumed = [(v.first_effective, v.first_effective_basis) for v in versions if v.first_effective]
    if presumed:
        day, basis = min(presumed, key=lambda x: x[0])
        return day, basis, False
    return None, "", False


def _start(v: StatuteVersion) -> date:
    return v.valid_from or v.version or date.min


def link_versions(versions: Sequence[StatuteVersion], repealed_on: date | None = None,
                  repeal_basis: str = "") -> list[StatuteVersion]:
    """Give each version of one statute its end: the start of the next, or the statute's repeal.

    >>> from datetime import date
    >>> a = StatuteVersion("x", date(2015, 4, 24), "a", valid_from=date(2015, 4, 24))
    >>> b = StatuteVersion("x", date(2019, 4, 23), "b", valid_from=date(2019, 4, 23))
    >>> [(str(v.version), str(v.valid_to)) for v in link_versions([b, a], date(2022, 6, 5), "废止")]
    [('2015-04-24', '2019-04-23'), ('2019-04-23', '2022-06-05')]
    >>> twin = StatuteVersion("x", date(2019, 4, 23), "c", valid_from=date(2019, 4, 23))
    >>> [str(v.valid_to) for v in link_versions([b, twin, a])]
    ['2019-04-23', 'None', 'None']
    """
    ordered = sorted(versions, key=lambda v: (_start(v), v.source))
    out: list[StatuteVersion] = []
    for i, v in enumerate(ordered):
        # two files of one version (the same text filed under two branches of law) are one version: it ends
        # where the next OTHER version starts, never on the day it starts
        nxt = next((n for n in ordered[i + 1:] if n.key != v.key), None)
        valid_to, basis = v.valid_to, v.valid_to_basis
        if nxt is not None and _start(nxt) > _start(v):
            valid_to = _start(nxt)
            basis = f"被{nxt.version.isoformat() if nxt.version else '后一'}版本取代（该版本自{valid_to.isoformat()}施行）"
        elif nxt is not None:  # same start date: keep the later file only
            valid_to, basis = _start(v), "同日有另一文件的版本"
        elif repealed_on is not None and (valid_to is None or repealed_on < valid_to):
            valid_to, basis = repealed_on, repeal_basis
        repealed = v.repealed or (nxt is None and repealed_on is not None)
        out.append(replace(v, valid_to=valid_to, valid_to_basis=basis, repealed=repealed))
    return out


def resolve_repeals(
    statutes: Mapping[str, Statute], versions: Mapping[str, Sequence[StatuteVersion]],
    repeal_decisions: Sequence[tuple[str, Sequence[RepealMention]]] = (),
) -> tuple[list[RepealRelation], list[tuple[str, str]]]:
    """Repeal mentions resolved to statutes of the corpus; and (repealing statute, title) pairs not found.

    A title is looked up by its key and every alias, brackets folded.  A
    statute whose held text starts after the repeal was enacted anew under
    the same title: the mention does not repeal it.  The earliest repeal of a
    statute wins.
    """
    index: dict[str, set[str]] = {}
    for s in statutes.values():
        for name in (s.key, s.title, *s.aliases):
            index.setdefault(normalise_title(name), set()).add(s.key)
    found: dict[str, RepealRelation] = {}
    unresolved: list[tuple[str, str]] = []
    sources: list[tuple[str, date | None, Sequence[RepealMention]]] = [
        (key, v.valid_from, v.repeals) for key, vs in versions.items() for v in vs]
    sources += [(title, None, mentions) for title, mentions in repeal_decisions]
    for key, valid_from, mentions in sources:
        for m in mentions:
            targets = index.get(normalise_title(m.title), set()) - {key}
            if len(targets) != 1:
                unresolved.append((key, m.title))
                continue
            target = next(iter(targets))
            day = m.day or valid_from
            held = versions.get(target, ())
            if day is not None and any(_start(h) >= day for h in held):
                unresolved.append((key, m.title))  # a text of the same title begins after: re-enacted
                continue
            rel = RepealRelation(target, key, m.provision, day, m.text, m.title)
            prev = found.get(target)
            if prev is None or (day is not None and (prev.day is None or day < prev.day)):
                found[target] = rel
    return sorted(found.values(), key=lambda r: r.repealed), unresolved


def repeal_quote(rel: RepealRelation, statutes: Mapping[str, Statute]) -> str:
    """``《中华人民共和国噪声污染防治法》第九十条：“…同时废止。”``"""
    by = statutes.get(rel.by_statute)
    where = f"《{by.title if by else rel.by_statute}》" + (rel.by.article_label if rel.by else "")
    return f"{where}：“{rel.text}”"


def with_history(
    statutes: Mapping[str, Statute], versions: Mapping[str, Sequence[StatuteVersion]],
    decisions: Iterable[AmendmentDecision] = (),
    repeal_decisions: Sequence[tuple[str, Sequence[RepealMention]]] = (),
) -> tuple[dict[str, Statute], dict[str, list[StatuteVersion]], list[RepealRelation], list[tuple[str, str]]]:
    """Statutes with their first 施行 date and repeal, versions with their periods; the repeal relations.

    A 废止 entry in a statute's own 题注 repeals it too (on that day).
    """
    decisions = list(decisions)
    dated = {k: [apply_decisions(v, decisions) for v in vs] for k, vs in versions.items()}
    relations, unresolved = resolve_repeals(statutes, dated, repeal_decisions)
    by_target = {r.repealed: r for r in relations}
    out_statutes: dict[str, Statute] = {}
    out_versions: dict[str, list[StatuteVersion]] = {}
    for key, statute in statutes.items():
        vs = dated.get(key, [])
        first, basis, certain = first_in_force(vs)
        rel = by_target.get(key)
        repealed_on, repealed_by, repeal_text = None, None, ""
        if rel is not None:
            repealed_on, repealed_by, repeal_text = rel.day, str(rel.by) if rel.by else rel.by_statute, \
                repeal_quote(rel, statutes)
        own = [e for v in vs for e in v.events if e.kind == "废止"]
        if own and (repealed_on is None or min(e.day for e in own) < repealed_on):
            e = min(own, key=lambda e: e.day)
            repealed_on, repealed_by, repeal_text = e.day, None, f"题注：“{e.text}”"
        out_statutes[key] = replace(statute, in_force_from=first, in_force_from_basis=basis,
                                    in_force_from_certain=certain, repealed_on=repealed_on,
                                    repealed_by=repealed_by, repeal_text=repeal_text)
        out_versions[key] = link_versions(vs, repealed_on, repeal_text)
    return out_statutes, out_versions, relations, unresolved
