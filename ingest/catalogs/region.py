"""A catalog's region when its metadata does not give one: read from the names it carries.

A county's catalog names its issuer (``衢州市柯城区人民政府``) and its departments
(``深圳市龙华区城市管理和综合执法局``); the place at the start of those names is the
catalog's region.  Only a place that can be located is taken: a province, or a
city (with its county or district when named).  A bare county (``柯城区``) cannot
be placed without a gazetteer and is not used.  The result always names the text
it was read from, so the answer can show it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from kg.analysis import longest_first
from kg.regions import PROVINCE_NAMES

__all__ = ["infer_region", "region_from_name"]

_PROVINCES = "|".join(sorted(PROVINCE_NAMES, key=longest_first))
_PLACE = re.compile(
    rf"^(?P<prov>{_PROVINCES})?"
    r"(?P<city>[\u4e00-\u9fff]{2,4}?(?:自治州|市|盟|地区))?"
    r"(?P<county>[\u4e00-\u9fff]{1,5}?(?:自治县|区|县|旗))?"
)
# words that end in 市 / 区 / 县 without being a place: 市场, 城市, 社区, 园区, 本县 …
_NOT_CITY = re.compile("^(?:城|国家|超|都|农贸|集|夜|菜|本|全|各|该)|省|人民|政府")
_NOT_COUNTY = re.compile("^(?:主城|老城|新城|社|园|景|辖|城|片|小|山|街|校|营|禁|保护|开发|功能|行政|市辖)区$|^(?:本|全|各|该|县)|人民|政府")


def region_from_name(name: str) -> str | None:
    """The place a name starts with, when it can be located (a province or a city).

    >>> region_from_name("深圳市龙华区城市管理和综合执法局"), region_from_name("浙江省衢州市柯城区人民政府")
    ('深圳市龙华区', '浙江省衢州市柯城区')
    >>> region_from_name("深圳市城市管理和综合执法局"), region_from_name("浙江省人民政府")
    ('深圳市', '浙江省')
    >>> region_from_name("柯城区综合行政执法局"), region_from_name("国家市场监督管理总局"), region_from_name("市场监管所")
    (None, None, None)
    """
    text = re.sub(r"\s", "", name or "")
    m = _PLACE.match(text)
    if not m:
        return None
    prov, city, county = m.group("prov"), m.group("city"), m.group("county")
    if city and (_NOT_CITY.search(city) or text[m.start("city") + len(city):].startswith(("场", "民", "容"))):
        city, county = None, None
    if county and _NOT_COUNTY.search(county):
        county = None
    if not prov and not city:
        return None
    return (prov or "") + (city or "") + (county or "" if city else "")


def infer_region(names: Iterable[str | None]) -> tuple[str, str] | None:
    """``(region, the name it was read from)``: the place most of the names start with.

    Ties go to the earlier name (callers pass the issuer and title first).

    >>> infer_region([None, "龙华区目录", "深圳市龙华区城市管理和综合执法局", "深圳市龙华区水务局"])
    ('深圳市龙华区', '深圳市龙华区城市管理和综合执法局')
    >>> infer_region(["市场监管所", None]) is None
    True
    """
    found: list[tuple[str, str]] = []
    for name in names:
        region = region_from_name(name or "")
        if region:
            found.append((region, name or ""))
    if not found:
        return None
    counts = Counter(r for r, _ in found)
    best = max(counts.values())
    return next((r, n) for r, n in found if counts[r] == best)
