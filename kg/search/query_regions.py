"""Regions in a query and the user's region: names of provinces, of the indexed statutes' and catalogs'
regions and, from the gazetteer, of counties and cities no statute names; placed down from their province,
and the regions whose legislation applies to the user's (``kg.regions.applies``)."""

from __future__ import annotations

import re
from typing import Any

from kg.analysis import longest_first, normalize, tokenize
from kg.gazetteer import gazetteer
from kg.regions import PROVINCE_NAMES, PROVINCES, UNKNOWN_REGION, applies, region_parts, relevant, short_name
from kg.search.query import _Query
from kg.search.schema import NATIONAL
from kg.search.state import _State

# the end of a division's name written out (常山县, 江山市, 柯城区) and what may not follow it (区域, 市场)
_DIVISION_SUFFIX = re.compile(r"[县区市]")
_NOT_A_PLACE_AFTER = {"区": "域", "市": "场"}
# divisions whose names are also everyday phrases: never taken for the place without the user saying so
_EVERYDAY_NAMES = frozenset(["老城区", "新城区", "城东区", "城西区", "城南区", "城北区", "城中区", "解放区", "前进区",
                             "红旗区", "工农区", "光明区", "新市区", "市中区", "开发区", "高新区"])
# a short name before a word of place: 常山这边, 淳安那边, 义乌一带
_BEFORE_PLACE_WORD = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?=这边|那边|这里|那里|一带|境内)")


def _placed(region: str) -> str | None:
    """A region the query understanding does not know, placed by the gazetteer (江山市 -> 浙江省衢州市江山市)."""
    g = gazetteer()
    placed = g.place(region) or g.place_short(region)
    if placed:
        return placed
    parts = region_parts(region)
    if len(parts) > 1 and parts[0] not in PROVINCE_NAMES:
        last = g.place(parts[-1])
        if last and all(p in last for p in parts):
            return last
    return None


def _complete_region(names: dict[str, str], region: str) -> str:
    """A region down from its province when its first part is known (深圳市龙华区 → 广东省深圳市龙华区) or the
    gazetteer places it; else as given."""
    parts = region_parts(region)
    if parts and parts[0] in names and names[parts[0]] != parts[0]:
        return names[parts[0]] + region[len(parts[0]):]
    return _placed(region) or region


def _add_region_names(names: dict[str, str], region: str | None) -> None:
    """Each part of ``region`` (and its short name below the province) -> the region down to that part."""
    if not region or region == UNKNOWN_REGION:
        return
    parts = region_parts(region)
    for i, part in enumerate(parts):
        canonical = "".join(parts[: i + 1])
        names.setdefault(part, canonical)
        short = short_name(part)
        if i > 0 and short != part and len(short) >= 2:
            names.setdefault(short, canonical)


class _QueryRegions:
    """``_QueryUnderstanding``'s regions: the names a query may use, the user's region resolved, the regions
    whose legislation the answer may hold."""

    _meta: dict[str, Any]
    _state: _State | None
    _region_names: dict[str, str] | None
    _region_state: _State | None  # the search state whose catalog regions ``_region_names`` holds
    _region_order: list[str]
    _allowed_cache: dict[str | None, frozenset[str] | None]

    def regions(self) -> dict[str, str]:
        """Region names a query may use (浙江, 浙江省, 台州市, 台州) -> canonical region."""
        if self._region_names is None or self._region_state is not self._state:
            names: dict[str, str] = {}
            for full, short in PROVINCES:
                names[full] = full
                names[short] = full
            for region in (info.get("region") for info in self._meta.get("statutes", {}).values()):
                _add_region_names(names, region)
            if self._state is not None:  # catalogs' regions too, placed: a township's catalog names its county
                for region in self._state.region_names:
                    if region and region not in (NATIONAL, UNKNOWN_REGION):
                        _add_region_names(names, _complete_region(names, region))
            self._region_names, self._region_state = names, self._state
            self._allowed_cache = {}
            self._region_order = sorted(names, key=longest_first)
        return self._region_names

    def _resolve_region(self, region: str | None) -> str | None:
        if not region or not isinstance(region, str):
            return None
        r = normalize(region).replace(" ", "")
        if not r:
            return None
        names = self.regions()
        return names[r] if r in names else _complete_region(names, r)

    def _allowed_regions(self, region: str | None) -> frozenset[str] | None:
        if region in self._allowed_cache:
            return self._allowed_cache[region]
        user = self._resolve_region(region)
        if not user:
            return None
        known = {info.get("region") for info in self._meta.get("statutes", {}).values() if info.get("region")}
        st = self._state
        if st is not None:
            known |= set(st.region_names) - {NATIONAL}
        out = frozenset(r for r in known if r and applies(r, user))  # the user's region and its parents
        if len(self._allowed_cache) > 256:
            self._allowed_cache.clear()
        self._allowed_cache[region] = out
        return out

    def _filter_region(self, q: _Query, region: str | None) -> tuple[str | None, str | None]:
        """(the user's region, the region whose legislation the answer may hold)."""
        user_region = self._resolve_region(region)
        if q.regions and (not user_region or not any(relevant(r, user_region) for r in q.regions)):
            return user_region, q.regions[0]  # the officer asks about another place explicitly
        return user_region, user_region

    @staticmethod
    def _user_regions(q: _Query, user_region: str | None, filter_region: str | None) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for r in (filter_region, user_region, *q.regions) if r))

    def _take_regions(self, q: _Query, free: str, spans: list[tuple[int, int]]) -> None:
        """Regions: provinces anywhere; cities when written out with 市 or cut as a word."""
        region_names = self.regions()
        words_here: set[str] | None = None
        words: set[str] = set()
        for name in self._region_order:
            pos = free.find(name)
            if pos < 0 or any(a <= pos < b or a < pos + len(name) <= b for a, b in spans):
                continue
            canonical = region_names[name]
            if words_here is None:
                words_here = set(tokenize(free))
            words = words_here
            is_province = canonical in PROVINCE_NAMES
            if not is_province and not name.endswith(("市", "州", "盟", "县", "区")) and name not in words:
                continue
            if canonical not in q.regions:
                q.regions.append(canonical)
            spans.append((pos, pos + len(name)))

        self._take_divisions(q, free, spans)

    @staticmethod
    def _take_divisions(q: _Query, free: str, spans: list[tuple[int, int]]) -> None:
        """Counties and cities no statute or catalog names, from the gazetteer: a full name (江山市, 常山县)
        anywhere, a name without its suffix only before a word of place (常山这边, 淳安那边, 义乌一带)."""
        g = gazetteer()
        if not len(g):
            return
        taken: list[tuple[int, int, str | None]] = []
        for m in _DIVISION_SUFFIX.finditer(free):
            end, after = m.end(), free[m.end(): m.end() + 1]
            if after and after in _NOT_A_PLACE_AFTER.get(m.group(), ""):
                continue  # 河口区域, 中山市场
            for start in range(max(0, end - 7), end - 2):  # longest name first, three characters or more
                name = free[start:end]
                region = None if name in _EVERYDAY_NAMES else g.place(name)
                if region:
                    taken.append((start, end, region))
                    break
        for m in _BEFORE_PLACE_WORD.finditer(free):
            head = m.group(1)
            for k in range(min(len(head), 4), 1, -1):
                region = g.place_short(head[-k:])
                if region:
                    taken.append((m.end(1) - k, m.end(1), region))
                    break
        for a, b, region in taken:
            if region and not any(x <= a < y or x < b <= y for x, y in spans):
                if region not in q.regions:
                    q.regions.append(region)
                q.places_said.append(free[a:b])
                spans.append((a, b))
