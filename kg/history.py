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
    RepealRelation,
    Statute,
    StatuteVersion,
    Validity,
    ValidityStatus,
    statute_key,
)

__all__ = [
    "apply_decisions", "first_in_force", "link_versions", "normalise_title", "repeal_quote", "resolve_repeals",
    "status_on", "statute_validity", "text_for_day", "validity_fields", "version_validity", "with_history",
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
    """
    ordered = sorted(versions, key=lambda v: (_start(v), v.source))
    out: list[StatuteVersion] = []
    for i, v in enumerate(ordered):
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
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
    for key, vs in versions.items():
        for v in vs:
            for m in v.repeals:
                targets = index.get(normalise_title(m.title), set()) - {key}
                if len(targets) != 1:
                    unresolved.append((key, m.title))
                    continue
                target = next(iter(targets))
                day = m.day or v.valid_from
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
) -> tuple[dict[str, Statute], dict[str, list[StatuteVersion]], list[RepealRelation], list[tuple[str, str]]]:
    """Statutes with their first 施行 date and repeal, versions with their periods; the repeal relations.

    A 废止 entry in a statute's own 题注 repeals it too (on that day).
    """
    decisions = list(decisions)
    dated = {k: [apply_decisions(v, decisions) for v in vs] for k, vs in versions.items()}
    relations, unresolved = resolve_repeals(statutes, dated)
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


# --------------------------------------------------------------------------
# status on a day
# --------------------------------------------------------------------------


def status_on(day: date, valid_from: date | None, valid_to: date | None = None,
              repealed_on: date | None = None) -> ValidityStatus:
    """The one rule for 时效性: 尚未生效 before the start, 已废止 from the repeal, 已修改 from the next version.

    >>> from datetime import date
    >>> status_on(date(2015, 6, 1), date(2019, 4, 23)).value
    '尚未生效'
    >>> status_on(date(2024, 1, 1), date(1997, 3, 1), date(2022, 6, 5), repealed_on=date(2022, 6, 5)).value
    '已废止'
    >>> status_on(date(2020, 1, 1), date(2015, 4, 24), date(2019, 4, 23)).value
    '已修改'
    >>> status_on(date(2019, 4, 23), date(2019, 4, 23)).value
    '现行有效'
    """
    if valid_from is not None and day < valid_from:
        return ValidityStatus.NOT_YET
    if repealed_on is not None and day >= repealed_on:
        return ValidityStatus.REPEALED
    if valid_to is not None and day >= valid_to:
        return ValidityStatus.AMENDED
    return ValidityStatus.CURRENT


def statute_validity(statute: Statute, day: date) -> Validity:
    """The statute's own status on ``day``: from its first 施行 date to its repeal."""
    status = status_on(day, statute.in_force_from, None, statute.repealed_on)
    if status is ValidityStatus.REPEALED:
        basis, note = statute.repeal_text, f"《{statute.title}》已于{statute.repealed_on}废止"
    elif status is ValidityStatus.NOT_YET:
        basis, note = statute.in_force_from_basis, f"《{statute.title}》自{statute.in_force_from}起施行，{day}尚未生效"
    else:
        basis, note = statute.in_force_from_basis, ""
    return Validity(status, day, statute.in_force_from, statute.repealed_on, basis, status is ValidityStatus.CURRENT,
                    note, statute.in_force_from_certain)


def version_validity(statute: Statute, version: StatuteVersion, day: date) -> Validity:
    """Status on ``day`` of the text of one version, and whether it is the text in force then.

    >>> from datetime import date
    >>> from kg.model import Level
    >>> s = Statute("城乡规划法", "中华人民共和国城乡规划法", Level.LAW, in_force_from=date(2008, 1, 1),
    ...             in_force_from_basis="附则：“本法自2008年1月1日起施行。”", in_force_from_certain=True)
    >>> v = StatuteVersion("城乡规划法", date(2019, 4, 23), "a.md", valid_from=date(2019, 4, 23))
    >>> val = version_validity(s, v, date(2015, 6, 1))
    >>> val.status.value, val.text_in_force
    ('尚未生效', False)
    >>> val.note
    '该日《中华人民共和国城乡规划法》有效（自2008-01-01起施行），但该日施行的文本未收录；所示为2019-04-23版本（自2019-04-23起施行）'
    """
    status = status_on(day, version.valid_from, version.valid_to, statute.repealed_on)
    shown = f"{version.version.isoformat() if version.version else '未注明日期的'}版本"
    note = ""
    basis = version.valid_from_basis
    if status is ValidityStatus.NOT_YET:
        law = statute_validity(statute, day)
        if law.status is ValidityStatus.CURRENT:
            note = (f"该日《{statute.title}》有效（自{statute.in_force_from}起施行），但该日施行的文本未收录；"
                    f"所示为{shown}（自{version.valid_from}起施行）")
        else:
            note = f"所示{shown}自{version.valid_from}起施行，{day}尚未生效"
    elif status is ValidityStatus.REPEALED:
        basis = statute.repeal_text
        note = f"《{statute.title}》已于{statute.repealed_on}废止"
    elif status is ValidityStatus.AMENDED:
        basis = version.valid_to_basis
        note = f"所示{shown}已于{version.valid_to}被修改（{version.valid_to_basis}），不是该日施行的文本"
    elif not version.valid_from_certain:
        note = f"施行日期为推定：{version.valid_from_basis}"
    return Validity(status, day, version.valid_from, version.valid_to, basis, status is ValidityStatus.CURRENT,
                    note, version.valid_from_certain)


def text_for_day(
    statute: Statute, versions: Sequence[StatuteVersion], day: date,
) -> tuple[StatuteVersion | None, Validity]:
    """The held text to show for ``day`` and its validity.

    The version in force that day; when the statute is in force but that
    text is not held (only a later version is), the earliest later version,
    labelled as not the text in force; None when the statute is repealed or
    not yet in force that day (the validity says which).
    """
    law = statute_validity(statute, day)
    live = [v for v in versions if status_on(day, v.valid_from, v.valid_to, statute.repealed_on)
            is ValidityStatus.CURRENT]
    if live:
        best = max(live, key=lambda v: (_start(v), v.source))
        return best, version_validity(statute, best, day)
    if law.status is not ValidityStatus.CURRENT or not versions:
        return None, law
    later = [v for v in versions if v.valid_from is not None and v.valid_from > day]
    if not later:
        return None, law
    first = min(later, key=lambda v: (_start(v), v.source))
    return first, version_validity(statute, first, day)


def validity_fields(v: Validity) -> dict[str, object]:
    """The fields every answer carries: ``status``, ``valid_from``, ``valid_to`` and the deciding text."""
    return {"status": v.status.value, "valid_from": v.valid_from.isoformat() if v.valid_from else None,
            "valid_to": v.valid_to.isoformat() if v.valid_to else None, "status_basis": v.basis,
            "text_in_force": v.text_in_force, "status_note": v.note, "status_certain": v.certain,
            "status_date": v.day.isoformat()}
