"""Regions: the province table and the one rule of where legislation applies.

Local legislation (地方性法规, 地方政府规章) carries the region that made it
(``浙江省``, ``浙江省台州市``) and applies only there: in that region and in
every region inside it.  National legislation has no region (``None`` or
``""``) and applies everywhere.

Regions are written province first (``浙江省台州市黄岩区``), as
``ingest.statutes`` infers them.  Officers often leave the province out
(``台州市``): a region without a province matches a province-qualified one
whose parts below the province it equals (by suffix).  Without a gazetteer a
bare county (``黄岩区``) cannot be placed in its city, and a bare city cannot
be placed in its province: such pairs do not match (callers that know more,
like ``kg.search``'s region names, resolve the region to its full form first).

- ``applies(legislation_region, user_region)``: the legal rule;
- ``within(region, area)``: ``region`` is ``area`` or lies inside it;
- ``related(a, b)``: one of the two lies within the other (scope filters:
  a report for 浙江省 covers the catalogs of its cities);
- ``relevant(legislation_region, user_region)``: what a search or a listing
  for a region shows: the legislation that applies there, and the local
  legislation of the regions inside it (an officer who names only a
  province also sees its cities' legislation, marked with its region).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "PROVINCES",
    "PROVINCE_BY_SHORT",
    "PROVINCE_NAMES",
    "UNKNOWN_REGION",
    "applies",
    "region_parts",
    "related",
    "relevant",
    "short_name",
    "within",
]

# Province-level divisions: full name, short name.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("北京市", "北京"), ("天津市", "天津"), ("上海市", "上海"), ("重庆市", "重庆"), ("河北省", "河北"),
    ("山西省", "山西"), ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("黑龙江省", "黑龙江"), ("江苏省", "江苏"),
    ("浙江省", "浙江"), ("安徽省", "安徽"), ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"),
    ("河南省", "河南"), ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("海南省", "海南"),
    ("四川省", "四川"), ("贵州省", "贵州"), ("云南省", "云南"), ("陕西省", "陕西"), ("甘肃省", "甘肃"),
    ("青海省", "青海"), ("台湾省", "台湾"), ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"),
    ("西藏自治区", "西藏"), ("宁夏回族自治区", "宁夏"), ("新疆维吾尔自治区", "新疆"),
    ("香港特别行政区", "香港"), ("澳门特别行政区", "澳门"),
)
PROVINCE_NAMES: tuple[str, ...] = tuple(full for full, _ in PROVINCES)
PROVINCE_BY_SHORT: dict[str, str] = {short: full for full, short in PROVINCES}

_LOCAL_PART = re.compile(r"[^市盟县区旗]{1,12}?(?:自治州|自治县|自治旗|地区|市|盟|县|区|旗)")
_REGION_SUFFIX = re.compile(r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|省|市|地区|盟|县|区)$")


@lru_cache(maxsize=4096)
def region_parts(region: str) -> list[str]:
    """浙江省台州市黄岩区 -> [浙江省, 台州市, 黄岩区]; the province comes from the known list.

    >>> region_parts("浙江省杭州市")
    ['浙江省', '杭州市']
    >>> region_parts("广西壮族自治区南宁市")
    ['广西壮族自治区', '南宁市']
    >>> region_parts("衢州市"), region_parts("台州市黄岩区"), region_parts("湘西土家族苗族自治州吉首市")
    (['衢州市'], ['台州市', '黄岩区'], ['湘西土家族苗族自治州', '吉首市'])
    """
    r = region.replace(" ", "")
    out: list[str] = []
    prov = next((p for p in PROVINCE_NAMES if r.startswith(p)), None)
    if prov:
        out.append(prov)
        r = r[len(prov):]
    parts = _LOCAL_PART.findall(r)
    if "".join(parts) == r:
        out.extend(parts)
    elif r:
        out.append(r)
    return out or [region]


def short_name(part: str) -> str:
    """A region part without its administrative suffix, when two characters or more remain.

    >>> short_name("浙江省"), short_name("台州市"), short_name("内蒙古自治区"), short_name("黄岩区"), short_name("沙市")
    ('浙江', '台州', '内蒙古', '黄岩', '沙市')
    """
    s = _REGION_SUFFIX.sub("", part)
    return s if len(s) >= 2 else part


def _province_split(region: str) -> tuple[str | None, list[str]]:
    """(province, the parts below it, compared by short name); a province given by its short name counts."""
    parts = region_parts(region)
    if parts[0] in PROVINCE_NAMES:
        return parts[0], [short_name(p) for p in parts[1:]]
    if parts[0] in PROVINCE_BY_SHORT:
        return PROVINCE_BY_SHORT[parts[0]], [short_name(p) for p in parts[1:]]
    return None, [short_name(p) for p in parts]


def within(region: str, area: str) -> bool:
    """``region`` is ``area`` or lies inside it; a side without its province matches by suffix.

    >>> within("浙江省台州市黄岩区", "浙江省台州市"), within("浙江省台州市", "浙江省"), within("浙江省", "浙江省")
    (True, True, True)
    >>> within("浙江省", "浙江省台州市"), within("浙江省杭州市", "浙江省台州市")
    (False, False)
    >>> within("台州市", "浙江省台州市"), within("浙江省台州市", "台州市"), within("台州市黄岩区", "浙江省台州市")
    (True, True, True)
    >>> within("浙江", "浙江省"), within("台州", "浙江省台州市")
    (True, True)

    A bare city cannot be placed in a province, nor a bare county in its city:

    >>> within("台州市", "浙江省"), within("黄岩区", "浙江省台州市")
    (False, False)
    """
    r, a = region.replace(" ", ""), area.replace(" ", "")
    if not r or not a:
        return False
    if r == a:
        return True
    r_prov, r_rest = _province_split(r)
    a_prov, a_rest = _province_split(a)
    if r_prov and a_prov and r_prov != a_prov:
        return False
    if a_prov and not r_prov and not a_rest:
        return False  # a bare city or county inside a province: unknown without a gazetteer
    return r_rest[: len(a_rest)] == a_rest


# the region of something whose region could not be read (a catalog whose metadata, issuer and departments
# name no place): it applies nowhere in particular, so a search for a region never offers it there
UNKNOWN_REGION = "地区不明"


def applies(legislation_region: str | None, user_region: str | None) -> bool:
    """Does legislation of ``legislation_region`` apply in ``user_region``?

    National legislation applies everywhere; local legislation applies in its
    own region and in the regions inside it, never in a parent or a sibling.
    Without a user region nothing restricts the answer.

    >>> applies(None, "浙江省台州市"), applies("", "浙江省"), applies("浙江省", None)
    (True, True, True)
    >>> applies("浙江省", "浙江省台州市"), applies("浙江省台州市", "浙江省台州市黄岩区")
    (True, True)
    >>> applies("浙江省台州市", "浙江省"), applies("浙江省杭州市", "浙江省台州市"), applies("浙江省", "广东省深圳市")
    (False, False, False)
    >>> applies("浙江省台州市", "台州市"), applies("深圳市", "广东省深圳市")
    (True, True)
    >>> applies(UNKNOWN_REGION, "浙江省"), applies(UNKNOWN_REGION, None), relevant(UNKNOWN_REGION, "浙江省")
    (False, True, False)
    """
    if not legislation_region or not user_region:
        return True
    if legislation_region == UNKNOWN_REGION:
        return False
    return within(user_region, legislation_region)


def related(a: str | None, b: str | None) -> bool:
    """One region lies within the other (either way); ``False`` when either is unknown.

    >>> related("浙江省台州市", "浙江省"), related("浙江省", "浙江省台州市"), related("浙江省台州市", "台州市")
    (True, True, True)
    >>> related("浙江省杭州市", "浙江省台州市"), related(None, "浙江省"), related("浙江省", "")
    (False, False, False)
    """
    if not a or not b or UNKNOWN_REGION in (a, b):
        return False
    return within(a, b) or within(b, a)


def relevant(legislation_region: str | None, user_region: str | None) -> bool:
    """Legislation a search or listing for ``user_region`` shows: it applies there, or it is of a region inside.

    >>> relevant(None, "浙江省"), relevant("广东省", "广东省深圳市"), relevant("广东省深圳市", "广东省")
    (True, True, True)
    >>> relevant("浙江省", "广东省深圳市"), relevant("深圳市", "广东省深圳市"), relevant("浙江省台州市", "台州市")
    (False, True, True)
    """
    return applies(legislation_region, user_region) or related(legislation_region, user_region)
