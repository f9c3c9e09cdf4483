"""Resolve catalog citations (BasisLink) to provisions of the version in force.

A link's ``citation`` is the cited text ("《城乡规划法》第六十四条第一款");
it is parsed with :func:`ingest.citations.parse_citations`, the statute is
found by title or alias, the version in force on the given day is chosen, and
the article and the cited 款 / 项 / 目 are checked in that version.

Outcomes (``Resolution``), each with a true Chinese reason:

- RESOLVED: the exact ``ProvisionId`` (with version and parts);
- STATUTE_NOT_FOUND: no statute with that title or alias;
- AMBIGUOUS: the title matches several statutes (never picked by guess);
- NOT_IN_FORCE: the statute exists but no version is in force that day;
- ARTICLE_NOT_FOUND: the article, or the cited 款 / 项 / 目, is missing in
  that version;
- UNPARSED: the text holds no citation with a statute title and an article.

Storage comes in through :class:`StatuteLookup`; :class:`DictLookup` is the
in-memory implementation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from ingest.citations import parse_citations, render_citation
from kg.model import (
    BasisLink,
    ParsedStatute,
    PenaltyItem,
    Provision,
    ProvisionId,
    Resolution,
    Statute,
    StatuteVersion,
    statute_key,
)
from kg.numerals import int_to_cn


class StatuteLookup(Protocol):
    """What resolution needs from a statute store."""

    def statute_keys_for_title(self, title: str) -> list[str]:
        """Keys of statutes whose title or an alias matches exactly, compared via ``statute_key()``."""
        ...

    def versions(self, statute_key: str) -> list[StatuteVersion]:
        """All known versions of a statute."""
        ...

    def provision(self, pid: ProvisionId) -> Provision | None:
        """The article ``pid`` (article-level, with version), or None."""
        ...


class DictLookup:
    """An in-memory :class:`StatuteLookup` built from model objects.

    >>> from kg.model import Level
    >>> law = Statute("城乡规划法", "中华人民共和国城乡规划法", Level.LAW)
    >>> v = StatuteVersion("城乡规划法", date(2019, 4, 23), "城乡规划法(2019-04-23).md",
    ...                    valid_from=date(2019, 4, 23))
    >>> art = Provision(ProvisionId("城乡规划法", date(2019, 4, 23), 64), "第六十四条 …")
    >>> lookup = DictLookup([law], [v], [art])
    >>> lookup.statute_keys_for_title("《中华人民共和国城乡规划法》")
    ['城乡规划法']
    >>> lookup.provision(ProvisionId("城乡规划法", date(2019, 4, 23), 64, paragraph=1)) is art
    True
    """

    def __init__(
        self,
        statutes: Iterable[Statute],
        versions: Iterable[StatuteVersion],
        provisions: Iterable[Provision],
    ) -> None:
        self._titles: dict[str, set[str]] = {}
        for s in statutes:
            for name in (s.key, s.title, *s.aliases):
                self._titles.setdefault(statute_key(name), set()).add(s.key)
        self._versions: dict[str, list[StatuteVersion]] = {}
        for v in versions:
            self._versions.setdefault(v.statute_key, []).append(v)
        self._provisions: dict[ProvisionId, Provision] = {p.id.article_id(): p for p in provisions}

    @classmethod
    def from_parsed(cls, parsed: Iterable[ParsedStatute]) -> DictLookup:
        items = list(parsed)
        return cls(
            [p.statute for p in items],
            [p.version for p in items],
            [prov for p in items for prov in p.provisions],
        )

    def statute_keys_for_title(self, title: str) -> list[str]:
        return sorted(self._titles.get(statute_key(title), ()))

    def versions(self, statute_key: str) -> list[StatuteVersion]:
        return list(self._versions.get(statute_key, ()))

    def provision(self, pid: ProvisionId) -> Provision | None:
        return self._provisions.get(pid.article_id())


# --------------------------------------------------------------------------
# version choice
# --------------------------------------------------------------------------


def _start(v: StatuteVersion) -> date:
    return v.valid_from or v.effective or v.promulgated or v.version or date.min


def _period(v: StatuteVersion) -> str:
    name = v.version.isoformat() if v.version else "未注明日期的版本"
    start = v.valid_from or v.effective or v.promulgated
    frm = f"{start.isoformat()}起" if start else "起始日期不明"
    to = f"至{v.valid_to.isoformat()}止" if v.valid_to else ("，已废止" if v.repealed else "，至今有效")
    return f"{name}（{frm}{to}）"


def choose_version(versions: list[StatuteVersion], day: date | None) -> StatuteVersion | None:
    """The version in force on ``day`` (the latest one starting by then), or the latest when ``day`` is None.

    >>> a = StatuteVersion("x", date(2015, 4, 24), "a", valid_from=date(2015, 4, 24), valid_to=date(2019, 4, 23))
    >>> b = StatuteVersion("x", date(2019, 4, 23), "b", valid_from=date(2019, 4, 23))
    >>> choose_version([a, b], date(2018, 1, 1)).version
    datetime.date(2015, 4, 24)
    >>> choose_version([a, b], None).version
    datetime.date(2019, 4, 23)
    >>> choose_version([b], date(2010, 1, 1)) is None
    True
    """
    if not versions:
        return None
    if day is None:
        live = [v for v in versions if not v.repealed] or versions
        return max(live, key=lambda v: (_start(v), v.version or date.min))
    in_force = [v for v in versions if v.in_force(day) and not (v.repealed and v.valid_to is None)]
    if not in_force:
        return None
    return max(in_force, key=lambda v: (_start(v), v.version or date.min))


# --------------------------------------------------------------------------
# resolution of one citation
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CitedPart:
    """The structured part of a citation that resolution needs."""

    title: str
    article: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None


def _missing_part(prov: Provision, pid: ProvisionId) -> str | None:
    """Which cited part of the article is missing (in Chinese), or None when all exist."""
    if pid.paragraph is None and pid.item is None:
        return None
    paragraphs = prov.paragraphs or ()
    count = max(len(paragraphs), 1)
    art = prov.id.article_label
    if pid.paragraph is not None and pid.paragraph > count:
        return f"{art}只有{int_to_cn(count)}款，没有第{int_to_cn(pid.paragraph)}款"
    if prov.part_text(pid) is not None:
        return None
    if pid.item is not None:
        within = f"{art}第{int_to_cn(pid.paragraph)}款" if pid.paragraph is not None else art
        if pid.subitem is not None and prov.part_text(replace(pid, subitem=None)) is not None:
            return f"{within}第（{int_to_cn(pid.item)}）项没有第{pid.subitem}目"
        return f"{within}没有第（{int_to_cn(pid.item)}）项"
    return f"{art}没有所引的款项（{pid.label}）"


def resolve_part(
    part: CitedPart, lookup: StatuteLookup, day: date | None
) -> tuple[Resolution, ProvisionId | None, str]:
    """Resolve one structured citation: (status, provision id or None, Chinese reason)."""
    shown = f"《{part.title}》"
    keys = lookup.statute_keys_for_title(part.title)
    if not keys:
        return Resolution.STATUTE_NOT_FOUND, None, f"法规库中没有名为{shown}的法律法规（按全称、简称和别名查找）"
    if len(keys) > 1:
        return Resolution.AMBIGUOUS, None, f"{shown}对应多部法规：{'、'.join(keys)}，无法确定所指，未自动选择"
    key = keys[0]
    versions = lookup.versions(key)
    if not versions:
        return Resolution.STATUTE_NOT_FOUND, None, f"法规库中有{shown}，但没有任何版本的文本"
    version = choose_version(versions, day)
    if version is None:
        listed = "；".join(_period(v) for v in sorted(versions, key=_start))
        when = day.isoformat() if day else "今日"
        first = min((v.first_effective for v in versions if v.first_effective), default=None)
        if day is not None and first is not None and first <= day < min(_start(v) for v in versions):
            why = (f"{shown}在{when}有效（自{first.isoformat()}起施行），但该日施行的文本未收录，"
                   f"不以其他版本的条文代替。库中版本：{listed}")
            return Resolution.NOT_IN_FORCE, None, why
        return Resolution.NOT_IN_FORCE, None, f"{shown}在{when}没有有效版本。库中版本：{listed}"
    pid = ProvisionId(key, version.version, part.article, part.suffix, part.paragraph, part.item, part.subitem)
    vname = version.version.isoformat() if version.version else "未注明日期"
    prov = lookup.provision(pid.article_id())
    if prov is None:
        return (Resolution.ARTICLE_NOT_FOUND, None,
                f"{shown}（{vname}版本）没有{pid.article_label}")
    missing = _missing_part(prov, pid)
    if missing:
        return Resolution.ARTICLE_NOT_FOUND, None, f"{shown}（{vname}版本）{missing}"
    return Resolution.RESOLVED, pid, ""


# --------------------------------------------------------------------------
# links and items
# --------------------------------------------------------------------------

_RESOLVABLE = {
    Resolution.UNPARSED,
    Resolution.RESOLVED,
    Resolution.STATUTE_NOT_FOUND,
    Resolution.ARTICLE_NOT_FOUND,
    Resolution.AMBIGUOUS,
    Resolution.NOT_IN_FORCE,
}


def resolve_link(link: BasisLink, lookup: StatuteLookup, day: date | None) -> list[BasisLink]:
    """The link resolved; a text that holds several citations gives one link each.

    NO_BASIS and SUGGESTED links are returned unchanged.
    """
    if link.status not in _RESOLVABLE:
        return [link]
    citations = [c for c in parse_citations(link.citation) if c.article is not None]
    if not citations:
        reason = link.reason if link.status is Resolution.UNPARSED and link.reason else "未能从依据文字中识别出条文引用"
        return [replace(link, status=Resolution.UNPARSED, provision=None, reason=reason)]
    out: list[BasisLink] = []
    for c in citations:
        if c.article is None:  # filtered above; narrows the type
            continue
        if len(citations) == 1:
            text = link.citation
        elif c.title:  # one link per citation, each readable on its own
            text = render_citation(ProvisionId("x", None, c.article, c.suffix, c.paragraph, c.item, c.subitem), c.title)
        else:
            text = c.raw
        if not c.title:
            why = ("引文为“本法/本条例”等内部引用，但未写明所指法规" if c.internal
                   else "引文未写明法律法规名称，无法确定所指法规")
            out.append(BasisLink(link.role, text, Resolution.UNPARSED, None, why, link.score))
            continue
        part = CitedPart(c.title, c.article, c.suffix or 0, c.paragraph, c.item, c.subitem)
        status, pid, reason = resolve_part(part, lookup, day)
        out.append(BasisLink(link.role, text, status, pid, reason, link.score))
    return out


def resolve_item(item: PenaltyItem, lookup: StatuteLookup, day: date | None) -> PenaltyItem:
    """The item with every citation link resolved against ``lookup`` for ``day``.

    ``day`` is the catalog's effective date; None means the latest version.
    """
    links = [out for link in item.basis for out in resolve_link(link, lookup, day)]
    return replace(item, basis=tuple(links))
