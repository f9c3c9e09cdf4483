"""Search policy of issue 16: region rule, national law first without a region, as of today by default,
the thesaurus expansion and honest low confidence (kg/search/policy.py, kg/thesaurus.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kg.search import SearchDoc, WhooshIndex
from kg.thesaurus import parse_cilin
from tests.unit.search_fixture import RS, RS_14, RS_36, ZJ, ZJ_16, in_memory_index, prov

QZ = "衢州市城市市容和环境卫生管理条例"
SH = "上海市市容环境卫生管理条例"
QZ_11 = ("第十一条 沿街和广场周边的经营者不得擅自超出门、窗进行店外经营、作业或者展示商品。\n"
         "违反前两款规定的，责令限期改正；逾期不改正的，可以处一百元以上一千元以下罚款。")
SH_20 = ("第二十条 任何单位和个人不得擅自占用道路、桥梁、人行天桥、地下通道及其他公共场所设摊经营、兜售物品，"
         "违反规定的，责令改正，可以处五十元以上五百元以下罚款。")
FISH = ("第九十一条 个人在饮用水水源一级保护区内游泳、垂钓或者从事其他可能污染饮用水水体的活动的，"
        "由县级以上地方人民政府环境保护主管部门责令停止违法行为，可以处五百元以下的罚款。")
FUTURE = "第一条 禁止在人行道上设摊经营，违反的处五十元罚款。"
OLD = "第一条 在街道两侧设摊经营兜售物品的，处二十元罚款。"


def docs() -> list[SearchDoc]:
    rs = f"{RS}@2017-03-01"
    tomorrow = date.today() + timedelta(days=1)
    return [
        prov(RS, RS, "2017-03-01", date(2017, 3, 1), 14, "第十四条", RS_14, level="行政法规",
             penalized_by=(f"{rs}/art_36",)),
        prov(RS, RS, "2017-03-01", date(2017, 3, 1), 36, "第三十六条", RS_36, level="行政法规", penalty=True,
             violated=(f"{rs}/art_14",)),
        prov(ZJ, ZJ, "2021-09-30", date(2021, 9, 30), 16, "第十六条", ZJ_16, level="地方性法规", region="浙江省",
             penalty=True),
        prov(QZ, QZ, "2016-12-12", date(2017, 1, 1), 11, "第十一条", QZ_11, level="地方性法规",
             region="浙江省衢州市", penalty=True),
        prov(SH, SH, "2022-01-01", date(2022, 1, 1), 20, "第二十条", SH_20, level="地方性法规", region="上海市",
             penalty=True),
        prov("水污染防治法", "中华人民共和国水污染防治法", "2017-06-27", date(2018, 1, 1), 91, "第九十一条", FISH,
             penalty=True),
        prov("未来条例", "未来条例", "2099-01-01", tomorrow, 1, "第一条", FUTURE, level="行政法规", penalty=True),
        prov("旧条例", "旧条例", "2000-01-01", date(2000, 1, 1), 1, "第一条", OLD, level="行政法规", penalty=True,
             vto=date(2010, 1, 1)),
    ]


@pytest.fixture(scope="module")
def index() -> WhooshIndex:
    return in_memory_index(docs())


def regions_of(result) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [h.region for h in result.hits]


def test_without_region_national_law_comes_first_and_local_rules_are_grouped(index: WhooshIndex) -> None:
    r = index.search("在人行道上设摊经营兜售物品", limit=10)
    regions = regions_of(r)
    assert None in regions and any(regions)
    first_local = next(i for i, g in enumerate(regions) if g)
    assert all(g for g in regions[first_local:]), regions  # never a national article below a local one
    local = [g for g in regions if g]
    assert local == sorted(local, key=local.index)  # each region's rules stay together
    assert r.interpreted["local_regions"] and "未指定地区" in (r.message or "")


def test_with_a_region_only_its_own_and_parent_legislation(index: WhooshIndex) -> None:
    city = regions_of(index.search("店外经营 设摊经营", region="浙江省衢州市", limit=10))
    assert "浙江省衢州市" in city and "浙江省" in city and "上海市" not in city
    province = regions_of(index.search("店外经营 设摊经营", region="浙江省", limit=10))
    assert "浙江省" in province and "浙江省衢州市" not in province  # a city's rule does not bind the province


def test_as_of_today_by_default(index: WhooshIndex) -> None:
    keys = {h.statute_key for h in index.search("设摊经营 罚款", limit=20).hits}
    assert "未来条例" not in keys and "旧条例" not in keys
    keys_then = {h.statute_key for h in index.search("设摊经营 罚款", as_of=date(2005, 1, 1), limit=20).hits}
    assert "旧条例" in keys_then
    future = date.today() + timedelta(days=2)
    assert "未来条例" in {h.statute_key for h in index.search("设摊经营 罚款", as_of=future, limit=20).hits}


def test_thesaurus_brings_everyday_words_to_the_statutes_wording() -> None:
    ix = in_memory_index(docs())
    ix._thesaurus = parse_cilin(["Hd26B02= 钓鱼 垂钓 钓", "Aa01A01= 水库 蓄水池"])
    with_t = ix.search("水库边钓鱼", limit=5)
    assert "钓鱼→垂钓" in with_t.interpreted.get("thesaurus", [])
    assert with_t.hits and with_t.hits[0].statute_key == "水污染防治法"
    ix.use_thesaurus = False
    without = ix.search("水库边钓鱼", limit=5)
    assert "thesaurus" not in without.interpreted
    assert not without.hits or without.hits[0].statute_key != "水污染防治法" or without.hits[0].score < with_t.hits[0].score


def test_low_confidence_is_said_and_offers_narrowing(index: WhooshIndex) -> None:
    r = index.search("邻居家的猫半夜叫得厉害还抓坏了沙发 经营", limit=5)
    assert r.hits
    assert r.interpreted.get("low_confidence") is True
    assert "无把握" in (r.message or "") and r.suggestions
    sure = index.search("擅自在街道两侧和公共场地堆放物料", region="浙江省", limit=5)
    assert not sure.interpreted.get("low_confidence") and "无把握" not in (sure.message or "")


@pytest.mark.parametrize("query", ["怎么罚", "罚多少钱", "这个东西归谁管", "有人违法了怎么办", "我想投诉"])
def test_a_question_naming_no_conduct_is_answered_without_confidence(index: WhooshIndex, query: str) -> None:
    from kg.search.policy import NO_CONDUCT_MESSAGE

    r = index.search(query, limit=5)
    if r.hits:  # whatever is listed is not presented as the answer to a conduct nobody named
        assert r.interpreted.get("low_confidence") is True, (query, r.interpreted)
        assert NO_CONDUCT_MESSAGE in (r.message or "")
    conduct = index.search("擅自在街道两侧和公共场地堆放物料怎么罚", region="浙江省", limit=5)
    assert conduct.hits and NO_CONDUCT_MESSAGE not in (conduct.message or "")
    named = index.search("城乡规划法怎么罚", limit=5)
    assert NO_CONDUCT_MESSAGE not in (named.message or "")


def test_many_local_rules_cannot_crowd_national_law_out_without_a_region() -> None:
    from kg.search.schema import CANDIDATES

    local = [
        prov(f"第{n}市市容条例", f"第{n}市市容条例", "2020-01-01", date(2020, 1, 1), 20, "第二十条", SH_20,
             level="地方性法规", region=f"测试省第{n}市", penalty=True)
        for n in range(CANDIDATES + 10)
    ]
    national = prov("兜售条例", "兜售条例", "2020-01-01", date(2020, 1, 1), 9, "第九条",
                    "第九条 禁止在车站兜售物品，违反的处二十元罚款。", level="行政法规", penalty=True)
    filler = [prov(f"其他条例{n}", f"其他条例{n}", "2020-01-01", date(2020, 1, 1), 1, "第一条",
                   f"第一条 本条例自公布之日起施行，编号{n}。", level="行政法规") for n in range(400)]
    ix = in_memory_index([*local, national, *filler])
    hits = ix.search("在人行道上设摊经营兜售物品", limit=5).hits
    assert hits and hits[0].statute_key == "兜售条例", [(h.statute_title, h.region, h.score) for h in hits]
    assert hits[1].region  # the local rules follow
    ix.ranker_model = None  # the hand-set order, where each local rule scores higher than the national one
    hits = ix.search("在人行道上设摊经营兜售物品", limit=5).hits
    assert hits and hits[0].statute_key == "兜售条例", [(h.statute_title, h.region, h.score) for h in hits]
    assert hits[1].region and hits[1].score > hits[0].score
    regional = {h.region for h in ix.search("在人行道上设摊经营兜售物品", region="测试省第3市", limit=20).hits}
    assert "测试省第3市" in regional and regional <= {None, "测试省第3市"}


def test_the_deployment_region_is_the_default(demo_data) -> None:  # type: ignore[no-untyped-def]
    from api.service import Yiju
    from kg.settings import Settings

    svc = Yiju(Settings(data_dir=demo_data, region="浙江省衢州市"))
    assert svc.search("店外经营")["interpreted"]["region"] == "浙江省衢州市"
    assert svc.search("店外经营", region="广东省深圳市")["interpreted"]["region"] == "广东省深圳市"
    plain = Yiju(Settings(data_dir=demo_data))
    assert "region" not in plain.search("店外经营")["interpreted"]


def test_a_county_named_in_the_question_is_known_from_its_catalog(demo_data) -> None:  # type: ignore[no-untyped-def]
    """No statute names 柯城区, the demo's delegation catalog does: 柯城这边 … applies its region."""
    from api.service import Yiju
    from kg.settings import Settings

    svc = Yiju(Settings(data_dir=demo_data))
    for said in ("柯城这边有人在人行道上摆摊", "柯城区有人在人行道上摆摊"):
        r = svc.search(said)
        assert r["interpreted"].get("region") == "浙江省衢州市柯城区", (said, r["interpreted"])
        assert r["hits"] and r["hits"][0]["region"] == "浙江省", [(h["statute_title"], h["region"]) for h in r["hits"]]
        assert not r["interpreted"].get("low_confidence")
