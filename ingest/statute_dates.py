"""施行 dates and repeals read from a statute's own text: one home for the time facts a parse finds.

The 题注 history (``parse_events`` in ingest.statutes) and the closing
article ("本法自…起施行") decide when a statute and a version come into force
(:func:`read_effective_dates`); "《…》同时废止" / "予以废止" sentences name the
statutes a text repeals (:func:`find_repeals`).  Pure functions over parsed
provisions: ingest.statutes calls them while it parses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ingest.statute_lines import _ARTICLE
from kg.history import normalise_title
from kg.model import Provision, ProvisionId, RepealMention, VersionEvent
from kg.numerals import cn_to_int

_DATE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<cy>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,3})\s*月\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
)
_EFFECTIVE = re.compile(
    r"本(?:实施细则|实施办法|实施条例|条例|法|规定|办法|细则|决定|规则|解释|准则|通则)?\s*自\s*"
    r"(?:(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}\s*年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
    r"|(?P<pub>公布|发布|颁布)之日)\s*起\s*(?:施行|生效|实施)"
)

def _date(m: re.Match[str]) -> date:
    if m.group("y"):
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    year = int("".join(str(cn_to_int(ch)) for ch in m.group("cy")))
    return date(year, cn_to_int(m.group("cm")), cn_to_int(m.group("cd")))


# --------------------------------------------------------------------------
# 施行 dates
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveClause:
    """The "本法自…起施行" sentence of a text: its date, or whether it says 自公布之日."""

    day: date | None
    on_publication: bool
    sentence: str
    provision: ProvisionId | None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around [start, end) (between 。 marks or line breaks)."""
    left = max(text.rfind("。", 0, start), text.rfind("\n", 0, start))
    stops = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    out = text[left + 1:right].strip()
    label = _ARTICLE.match(out) if out.startswith("第") else None
    return out[label.end():].strip() if label else out  # without the label "第七十条 "


def effective_clause(provisions: Sequence[Provision]) -> EffectiveClause | None:
    """The last article's "本法自…起施行" (searched from the end), or None.

    >>> from kg.model import ProvisionId
    >>> p = Provision(ProvisionId("城乡规划法", None, 70), "第七十条 本法自2008年1月1日起施行。《中华人民共和国城市规划法》同时废止。")
    >>> c = effective_clause([p])
    >>> c.day, c.sentence
    (datetime.date(2008, 1, 1), '本法自2008年1月1日起施行。')
    """
    for prov in reversed(provisions):
        if "施行" not in prov.text and "生效" not in prov.text and "实施" not in prov.text:
            continue
        m = _EFFECTIVE.search(prov.text)
        if not m:
            continue
        sentence = _sentence(prov.text, m.start(), m.end())
        if m.group("pub"):
            return EffectiveClause(None, True, sentence, prov.id)
        dm = _DATE.search(m.group("date"))
        try:
            day = _date(dm) if dm else None
        except ValueError:
            day = None
        return EffectiveClause(day, False, sentence, prov.id)
    return None


@dataclass(frozen=True)
class EffectiveDates:
    """When a statute first took effect, and when this version did, each with the text that decides it.

    ``*_certain`` is False when the date is presumed (the text that would
    decide it is not held); the basis then says so.
    """

    first: date | None
    first_basis: str
    first_certain: bool
    own: date | None
    own_basis: str
    own_certain: bool


def _quote(e: VersionEvent) -> str:
    return f"题注：“{e.text}”"


def read_effective_dates(
    events: Sequence[VersionEvent], clause: EffectiveClause | None, version: date | None
) -> EffectiveDates:
    """The statute's first 施行 date and this version's own 施行 date.

    A version is in force from its own 施行 date, not its 公布 date; the
    statute from its first 施行 date, which an amended text still records
    ("本法自2008年1月1日起施行" in 城乡规划法 as amended in 2019).

    >>> from datetime import date
    >>> evs = [VersionEvent(date(2007, 10, 28), "通过", "2007年10月28日 …通过"),
    ...        VersionEvent(date(2019, 4, 23), "修正", "2019年4月23日 …第二次修正")]
    >>> c = EffectiveClause(date(2008, 1, 1), False, "本法自2008年1月1日起施行。", None)
    >>> d = read_effective_dates(evs, c, date(2019, 4, 23))
    >>> d.first, d.first_certain, d.own, d.own_certain
    (datetime.date(2008, 1, 1), True, datetime.date(2019, 4, 23), False)
    >>> d.first_basis
    '附则：“本法自2008年1月1日起施行。”'

    A text dated later than its recorded history (城市道路管理条例 of 2019-03-24, whose 题注 stops at its
    2017 amendment) is presumed in force from its own date, not from the earlier amendment's:

    >>> evs = [VersionEvent(date(1996, 6, 4), "公布", "1996年6月4日 …发布"),
    ...        VersionEvent(date(2017, 3, 1), "修订", "2017年3月1日 …第二次修订")]
    >>> d = read_effective_dates(evs, EffectiveClause(date(1996, 10, 1), False, "本条例自1996年10月1日起施行。", None),
    ...                          date(2019, 3, 24))
    >>> d.own, d.own_certain
    (datetime.date(2019, 3, 24), False)
    """
    adoptions = sorted(e.day for e in events if e.kind == "通过")
    # a later 通过 in the 题注 adopts an amendment ("2019年7月26日 …会议通过" after "2004年5月27日 …通过")
    events = [VersionEvent(e.day, "修正", e.text) if e.kind == "通过" and adoptions and e.day > adoptions[0] else e
              for e in events]
    amend_days = sorted(e.day for e in events if e.kind in ("修正", "修订"))
    first_amend = amend_days[0] if amend_days else None
    last_amend = amend_days[-1] if amend_days else None
    starts = sorted((e for e in events if e.kind == "施行"), key=lambda e: e.day)
    published = sorted((e for e in events if e.kind == "公布"), key=lambda e: e.day)
    adopted = sorted((e for e in events if e.kind in ("通过", "批准")), key=lambda e: e.day)
    clause_day = clause.day if clause else None
    clause_basis = f"附则：“{clause.sentence}”" if clause else ""

    def on_publication(before: date | None) -> tuple[date | None, str, bool]:
        """"自公布之日起施行": the 公布 date from the 题注, else the adoption date, presumed."""
        pub = [e for e in published if before is None or e.day < before]
        if pub:
            return pub[0].day, f"{clause_basis}；{_quote(pub[0])}", True
        ado = [e for e in adopted if before is None or e.day < before]
        if ado:
            last = ado[-1]  # a city's regulation is published after the province approves it
            return last.day, f"{clause_basis}；题注未载公布日期，按“{last.text}”推定", False
        return None, "", False

    # -- the statute's first 施行 date
    first: tuple[date | None, str, bool] = (None, "", False)
    early = [e for e in starts if first_amend is None or e.day < first_amend]
    if early:
        first = (early[0].day, _quote(early[0]), True)
    elif clause_day and (first_amend is None or clause_day < first_amend):
        first = (clause_day, clause_basis, True)
    elif clause and clause.on_publication and first_amend is None:
        first = on_publication(None)
    if first[0] is None:
        # the earliest day the text could have taken effect: its 公布, else its approval (a city's regulation
        # needs the province's 批准), else its adoption
        before = [e for e in published + adopted if first_amend is None or e.day < first_amend]
        base = ([e for e in before if e.kind == "公布"] or [e for e in before if e.kind == "批准"]
                or [e for e in before if e.kind == "通过"])
        if base:
            e = min(base, key=lambda e: e.day)
            first = (e.day, f"首次施行日期未载明，按“{e.text}”推定", False)

    # -- this version's own 施行 date
    own: tuple[date | None, str, bool]
    if last_amend is None:
        own = first if first[2] else (None, "", False)
        if own[0] is None and first[0] is not None:
            own = first
    else:
        later = [e for e in starts if e.day >= last_amend]
        amend = max((e for e in events if e.kind in ("修正", "修订")), key=lambda e: e.day)
        if later:
            own = (later[0].day, _quote(later[0]), True)
        elif clause_day and clause_day >= last_amend:
            own = (clause_day, clause_basis, True)
        elif clause and clause.on_publication and amend.kind == "修订":
            pub = [e for e in published if e.day >= last_amend]
            own = ((pub[0].day, f"{clause_basis}；{_quote(pub[0])}", True) if pub else
                   (last_amend, f"{clause_basis}；题注未载公布日期，按“{amend.text}”推定", False))
        else:
            own = (last_amend, f"修改决定的施行日期未收录，按“{amend.text}”推定（修改决定多自公布之日起施行）",
                   False)
    if not own[2] and version is not None and own[0] is not None and version > own[0]:
        # the held text is dated later than anything its 题注 records (an amendment the history omits):
        # presume the version's own date rather than an earlier amendment's
        own = (version, f"题注未载该版本的修改记录，按文本所标版本日期{version.isoformat()}推定", False)
    return EffectiveDates(first[0], first[1], first[2], own[0], own[1], own[2])


# --------------------------------------------------------------------------
# repeals
# --------------------------------------------------------------------------

_TITLE_NOTE = r"(?:[（(][^（）()]{0,80}[）)])?"
_TITLE_SEP = r"(?:[、，,]|和|及|以及|与)"
_TITLES = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》")
# 《A》（1997年…发布）、《B》同时废止 / 《A》予以废止 / 废止《A》
_REPEAL_AFTER = re.compile(
    r"》" + _TITLE_NOTE + r"(?:等[^。；;《》]{0,12})?(?:，|,)?(?:自[^。；;《》]{0,20}起)?(?:同时|一并|即行|予以|亦|也|相应)?废止"
)
_REPEAL_BEFORE = re.compile(r"(?:废止|废除)(?:下列[^。；;《》]{0,10})?[：:]?《")
_PARTIAL = re.compile(r"》" + _TITLE_NOTE + r"(?:中的|的)?第[一二三四五六七八九十百零〇0-9]+条")


def _repeal_titles(sentence: str) -> list[str]:
    """Titles a sentence repeals (whole statutes only; "《…》第十条同时废止" is a partial repeal, skipped).

    >>> _repeal_titles("本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止。")
    ['中华人民共和国环境噪声污染防治法']
    >>> _repeal_titles("1989年国务院发布的《A条例》、《B规定》（1990年发布）同时废止")
    ['A条例', 'B规定']
    >>> _repeal_titles("依照《行政许可法》的规定办理")
    []
    """
    titles: list[str] = []
    matches = list(_TITLES.finditer(sentence))
    if not matches:
        return titles
    for i, m in enumerate(matches):
        tail = sentence[m.end() - 1:]
        # a title in a run "《A》、《B》…同时废止": walk to the run's last title
        j = i
        while j + 1 < len(matches):
            gap = sentence[matches[j].end():matches[j + 1].start()]
            if re.fullmatch(_TITLE_NOTE + r"\s*" + _TITLE_SEP + r"?\s*(?:[^。；;《》]{0,30}的)?", gap):
                j += 1
            else:
                break
        tail = sentence[matches[j].end() - 1:]
        before = sentence[max(0, m.start() - 12):m.start() + 1]
        repealed = bool(_REPEAL_AFTER.match(tail)) and not _PARTIAL.match(sentence[matches[j].end() - 1:])
        if not repealed:
            k = i
            while k > 0:  # "废止《A》、《B》": walk back to the run's first title
                gap = sentence[matches[k - 1].end():matches[k].start()]
                if re.fullmatch(_TITLE_NOTE + r"\s*" + _TITLE_SEP + r"?\s*", gap):
                    k -= 1
                else:
                    break
            before = sentence[max(0, matches[k].start() - 16):matches[k].start() + 1]
            repealed = bool(_REPEAL_BEFORE.search(before)) and not _PARTIAL.match(sentence[m.end() - 1:])
        if repealed:
            title = m.group()[1:-1].strip()
            if title and title not in titles:
                titles.append(title)
    return titles


def find_repeals(
    provisions: Sequence[Provision], clause: EffectiveClause | None, dates: EffectiveDates,
    own_key: str, own_title: str,
) -> tuple[RepealMention, ...]:
    """Repeal sentences of a text, each with the day it takes effect.

    The day is the 施行 date stated in the same article ("本法自2022年6月5日起
    施行。《…》同时废止"), else the statute's first 施行 date (the final
    articles that repeal belong to the original enactment).  A text that
    names itself (an earlier edition with the same title) repeals no statute.
    """
    out: list[RepealMention] = []
    for prov in provisions:
        if "废止" not in prov.text or "《" not in prov.text:
            continue
        for m in re.finditer("废止", prov.text):
            sentence = _sentence(prov.text, m.start(), m.end())
            for title in _repeal_titles(sentence):
                if normalise_title(title) in (normalise_title(own_key), normalise_title(own_title)):
                    continue
                day = None
                local = _EFFECTIVE.search(prov.text)
                if local and local.group("date"):
                    dm = _DATE.search(local.group("date"))
                    try:
                        day = _date(dm) if dm else None
                    except ValueError:
                        day = None
                elif local and local.group("pub") and clause is not None and clause.provision == prov.id:
                    day = dates.first if dates.first_certain else None
                if day is None and dates.first_certain and clause is not None and clause.provision == prov.id:
                    day = dates.first
                quoted = sentence
                if local and local.group() not in sentence:  # quote the 施行 sentence that dates the repeal
                    quoted = _sentence(prov.text, local.start(), local.end()) + sentence
                mention = RepealMention(title, prov.id, day, quoted)
                if mention not in out:
                    out.append(mention)
    return tuple(out)
