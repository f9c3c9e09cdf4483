"""Legal fixtures for 时效性: each case quotes the corpus text that decides it (cut small).

Sources are files of ../shared/corpus/laws; the snippets keep their 题注 and
the articles that decide the case, nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ingest.statute_dates import _repeal_titles
from ingest.statutes import parse_statute
from kg.codec import from_props, to_props
from kg.graph_build import statutes_bundle
from kg.history import with_history
from kg.model import AmendmentDecision, ParsedStatute, Statute, StatuteVersion
from kg.nx_store import NetworkxStore
from kg.validity import ValidityStatus, status_on, statute_validity, text_for_day, version_validity

CURRENT, AMENDED, REPEALED, NOT_YET = (ValidityStatus.CURRENT, ValidityStatus.AMENDED, ValidityStatus.REPEALED,
                                       ValidityStatus.NOT_YET)

# 行政法/城乡规划法(2019-04-23).md
CXGH = """# 中华人民共和国城乡规划法

2007年10月28日 第十届全国人民代表大会常务委员会第三十次会议通过

2015年4月24日 第十二届全国人民代表大会常务委员会第十四次会议《关于修改<中华人民共和国港口法>等七部法律的决定》第一次修正

2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议《关于修改<中华人民共和国建筑法>等八部法律的决定》第二次修正

<!-- INFO END -->

第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。

第七十条 本法自2008年1月1日起施行。《中华人民共和国城市规划法》同时废止。
"""

# 社会法/劳动合同法(2012-12-28).md
LDHT = """# 中华人民共和国劳动合同法

2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过

2012年12月28日 第十一届全国人民代表大会常务委员会第三十次会议《关于修改<中华人民共和国劳动合同法>的决定》修正

<!-- INFO END -->

第九十八条 本法自2008年1月1日起施行。
"""
LDHT_DECISION = AmendmentDecision("劳动合同法", date(2012, 12, 28), date(2013, 7, 1),
                                  "全国人民代表大会常务委员会关于修改〈中华人民共和国劳动合同法〉的决定",
                                  "本决定自2013年7月1日起施行。")

# 行政法/噪声污染防治法(2021-12-24).md
ZS = """# 中华人民共和国噪声污染防治法

2021年12月24日 第十三届全国人民代表大会常务委员会第三十二次会议通过

<!-- INFO END -->

第八十九条 省、自治区、直辖市或者设区的市、自治州根据实际情况，制定本地方噪声污染防治具体办法。

第九十条 本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止。
"""

# 行政法/环境噪声污染防治法(2018-12-29).md
HJZS = """# 中华人民共和国环境噪声污染防治法

1996年10月29日 第八届全国人民代表大会常务委员会第二十二次会议通过

2018年12月29日 第十三届全国人民代表大会常务委员会第七次会议《关于修改〈中华人民共和国劳动法〉等七部法律的决定》修正

<!-- INFO END -->

第六十四条 本法自1997年3月1日起施行。1989年9月26日国务院发布的《中华人民共和国环境噪声污染防治条例》同时废止。
"""

# DLC/山东地方法规/地方性法规/山东/青岛市机动车驾驶员培训管理条例(2018-11-30).md
QD = """# 青岛市机动车驾驶员培训管理条例

2011年12月29日 青岛市第十四届人民代表大会常务委员会第三十四次会议通过

2012年1月13日 山东省第十一届人民代表大会常务委员会第二十八次会议批准

2012年1月13日 青岛市人民代表大会常务委员会公告公布

2012年3月1日 施行根据2018年9月7日青岛市第十六届人民代表大会常务委员会第十一次会议《关于修改〈青岛市环境噪声管理规定〉等十九件地方性法规的决定》修正

<!-- INFO END -->

第五十一条 本条例自2012年3月1日起施行。
"""

# 部门规章/人力资源社会保障部/企业职工带薪年休假实施办法(2008-07-17).md
NXJ = """# 企业职工带薪年休假实施办法

2008年7月17日 经人力资源和社会保障部第6次部务会议通过

<!-- INFO END -->

第十九条 本办法自发布之日起施行
"""

# 行政法/行政处罚法(2021-01-22).md
XZCF = """# 中华人民共和国行政处罚法

1996年3月17日 第八届全国人民代表大会第四次会议通过

2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正

2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议《关于修改〈中华人民共和国法官法〉等八部法律的决定》第二次修正

2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订

<!-- INFO END -->

第八十六条 本法自2021年7月15日起施行。
"""

SOURCES = {
    "CXGH": (CXGH, "行政法/城乡规划法(2019-04-23).md"),
    "LDHT": (LDHT, "社会法/劳动合同法(2012-12-28).md"),
    "ZS": (ZS, "行政法/噪声污染防治法(2021-12-24).md"),
    "HJZS": (HJZS, "行政法/环境噪声污染防治法(2018-12-29).md"),
    "QD": (QD, "DLC/山东地方法规/地方性法规/山东/青岛市机动车驾驶员培训管理条例(2018-11-30).md"),
    "NXJ": (NXJ, "部门规章/人力资源社会保障部/企业职工带薪年休假实施办法(2008-07-17).md"),
    "XZCF": (XZCF, "行政法/行政处罚法(2021-01-22).md"),
}


def parsed(*names: str) -> list[ParsedStatute]:
    return [parse_statute(*SOURCES[n]) for n in names]


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, Statute], dict[str, list[StatuteVersion]]]:
    ps = parsed(*SOURCES)
    statutes, versions, _, _ = with_history({p.statute.key: p.statute for p in ps},
                                            {p.statute.key: [p.version] for p in ps}, [LDHT_DECISION])
    return statutes, versions


def law(corpus: tuple[dict[str, Statute], dict[str, list[StatuteVersion]]], key: str) -> tuple[Statute, StatuteVersion]:
    statutes, versions = corpus
    return statutes[key], versions[key][0]


# -- 施行, not 公布 ----------------------------------------------------------------------


@pytest.mark.parametrize("name, key, first, own, own_certain", [
    # "第七十条 本法自2008年1月1日起施行。" — the amended text still records the first 施行 date
    ("CXGH", "城乡规划法", date(2008, 1, 1), date(2019, 4, 23), False),
    # "第九十条 本法自2022年6月5日起施行。" — 通过 2021-12-24 is not the start
    ("ZS", "噪声污染防治法", date(2022, 6, 5), date(2022, 6, 5), True),
    # "2012年3月1日 施行" in the 题注, after "2012年1月13日 …公告公布"
    # the 2018 amendment adopted 2018-09-07 needs the province's approval: the text's own date (2018-11-30),
    # later than anything its 题注 records, is the better presumption (still presumed)
    ("QD", "青岛市机动车驾驶员培训管理条例", date(2012, 3, 1), date(2018, 11, 30), False),
    # "第八十六条 本法自2021年7月15日起施行。" — the 2021 revision's own date, not 2021-01-22
    ("XZCF", "行政处罚法", date(1996, 3, 17), date(2021, 7, 15), True),
])
def test_version_starts_at_its_own_effective_date(corpus, name, key, first, own, own_certain) -> None:
    statute, version = law(corpus, key)
    assert statute.in_force_from == first
    assert version.valid_from == own and version.valid_from_certain is own_certain
    assert version.valid_from_basis  # always says what decided it


def test_amendment_decision_date_from_reviewed_data(corpus) -> None:
    # 《关于修改〈中华人民共和国劳动合同法〉的决定》："本决定自2013年7月1日起施行。" (not 2012-12-28)
    statute, version = law(corpus, "劳动合同法")
    assert version.valid_from == date(2013, 7, 1) and version.valid_from_certain
    assert "本决定自2013年7月1日起施行" in version.valid_from_basis
    assert statute.in_force_from == date(2008, 1, 1)
    val = version_validity(statute, version, date(2013, 1, 1))
    assert val.status is NOT_YET and not val.text_in_force and "未收录" in val.note


def test_amendment_decision_not_held_is_presumed_and_said() -> None:
    # without the decision, the 2012-12-28 amendment date is only a presumption
    (p,) = parsed("LDHT")
    assert p.version.valid_from == date(2012, 12, 28) and not p.version.valid_from_certain
    assert "推定" in p.version.valid_from_basis


def test_first_effective_not_read_is_presumed(corpus) -> None:
    # 行政处罚法 (2021 revision) no longer states the 1996 施行 date: the 通过 date stands in, marked presumed
    statute, _ = law(corpus, "行政处罚法")
    assert not statute.in_force_from_certain and "推定" in statute.in_force_from_basis


def test_on_publication_without_publication_date_is_presumed(corpus) -> None:
    # "本办法自发布之日起施行" with only "2008年7月17日 经…部务会议通过" in the 题注
    _, version = law(corpus, "企业职工带薪年休假实施办法")
    assert version.valid_from == date(2008, 7, 17) and not version.valid_from_certain
    assert "自发布之日起施行" in version.valid_from_basis


def test_on_publication_with_publication_date_is_read() -> None:
    text = "# 某某办法\n\n2010年5月1日 某部令第1号公布\n\n<!-- INFO END -->\n\n第九条 本办法自公布之日起施行。\n"
    v = parse_statute(text, "部门规章/某某办法(2010-05-01).md").version
    assert v.valid_from == date(2010, 5, 1) and v.valid_from_certain


# -- a statute held only in a later version ------------------------------------------------------


def test_statute_in_force_before_its_held_text(corpus) -> None:
    statute, version = law(corpus, "城乡规划法")
    shown, val = text_for_day(statute, [version], date(2015, 6, 1))
    assert shown is version  # found, not dropped
    assert statute_validity(statute, date(2015, 6, 1)).status is CURRENT
    assert val.status is NOT_YET and not val.text_in_force
    assert "该日施行的文本未收录" in val.note and "2019-04-23版本" in val.note


def test_statute_not_yet_in_force(corpus) -> None:
    statute, version = law(corpus, "城乡规划法")
    shown, val = text_for_day(statute, [version], date(2007, 12, 31))
    assert shown is None and val.status is NOT_YET
    assert "本法自2008年1月1日起施行" in val.basis


def test_new_law_not_yet_in_force_between_adoption_and_effect(corpus) -> None:
    statute, version = law(corpus, "噪声污染防治法")
    assert version_validity(statute, version, date(2022, 1, 1)).status is NOT_YET
    assert version_validity(statute, version, date(2022, 6, 5)).status is CURRENT


# -- repeal -------------------------------------------------------------------------------------


def test_repeal_by_tongshi_feizhi(corpus) -> None:
    # 噪声污染防治法 第九十条："本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止。"
    statute, version = law(corpus, "环境噪声污染防治法")
    assert statute.repealed_on == date(2022, 6, 5)
    assert statute.repealed_by == "噪声污染防治法@2021-12-24/art_90"
    assert "《中华人民共和国噪声污染防治法》第九十条" in statute.repeal_text
    assert version.valid_to == date(2022, 6, 5) and version.repealed
    val = version_validity(statute, version, date(2024, 1, 1))
    assert val.status is REPEALED and "同时废止" in val.basis
    assert text_for_day(statute, [version], date(2024, 1, 1))[0] is None
    assert version_validity(statute, version, date(2020, 1, 1)).status is CURRENT


def test_repeal_of_a_title_not_in_corpus_is_left_unresolved() -> None:
    # 环境噪声污染防治法 第六十四条："…国务院发布的《中华人民共和国环境噪声污染防治条例》同时废止。"
    ps = parsed("HJZS")
    _, _, relations, unresolved = with_history({p.statute.key: p.statute for p in ps},
                                               {p.statute.key: [p.version] for p in ps})
    assert relations == [] and unresolved == [("环境噪声污染防治法", "中华人民共和国环境噪声污染防治条例")]


def test_city_planning_law_repeals_the_old_one() -> None:
    (p,) = parsed("CXGH")
    (m,) = p.version.repeals
    assert (m.title, m.day, str(m.provision)) == ("中华人民共和国城市规划法", date(2008, 1, 1), "城乡规划法@2019-04-23/art_70")


@pytest.mark.parametrize("sentence, titles", [
    # 第六十条 本条例自2006年10月1日起施行。1999年5月11日省人民政府颁布的《浙江省住宅区物业管理办法》同时废止。
    ("1999年5月11日省人民政府颁布的《浙江省住宅区物业管理办法》同时废止。", ["浙江省住宅区物业管理办法"]),
    # 出境入境边防检查条例："…《出入国境治安检查暂行条例》和1965年4月30日国务院发布的《边防检查条例》同时废止。"
    ("1952年7月29日中央人民政府政务院批准实施的《出入国境治安检查暂行条例》和1965年4月30日国务院发布的《边防检查条例》同时废止。",
     ["出入国境治安检查暂行条例", "边防检查条例"]),
    # 北京市人民代表大会常务委员会关于废止部分地方性法规的决定："一、废止《北京市社会治安综合治理条例》（1992年…通过）"
    ("一、废止《北京市社会治安综合治理条例》（1992年9月19日北京市第九届人民代表大会常务委员会第三十六次会议通过）",
     ["北京市社会治安综合治理条例"]),
    # 最高人民法院关于审判人员在诉讼活动中执行回避制度若干问题的规定：“…（法发〔2000〕5号）即行废止”
    ("自本规定施行之日起，《最高人民法院关于审判人员严格执行回避制度的若干规定》（法发〔2000〕5号）即行废止；",
     ["最高人民法院关于审判人员严格执行回避制度的若干规定"]),
    ("《某某条例》第十条同时废止。", []),  # a partial repeal is not a repeal of the statute
    ("依照《中华人民共和国行政许可法》的规定办理。", []),
])
def test_repeal_sentences(sentence: str, titles: list[str]) -> None:
    assert _repeal_titles(sentence) == titles


def test_an_earlier_edition_of_the_same_title_is_no_repeal() -> None:
    text = ("# 北京市实施《中华人民共和国水法》办法\n\n2004年5月21日 北京市第十二届人民代表大会常务委员会第十二次会议通过\n\n"
            "<!-- INFO END -->\n\n第五十条 本办法自2004年10月1日起施行。1991年通过的《北京市实施〈中华人民共和国水法〉办法》同时废止。\n")
    assert parse_statute(text, "DLC/北京地方法规/地方性法规/北京/x.md").version.repeals == ()


def test_a_statute_enacted_again_after_the_repeal_is_not_repealed() -> None:
    # a text repeals "《A条例》" on 2010-01-01 but the corpus holds an 《A条例》 in force from 2015: re-enacted
    a = parse_statute("# A条例\n\n2015年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 本条例自2015年3月1日起施行。\n", "x/A条例.md")
    b = parse_statute("# B条例\n\n2009年1月1日 通过\n\n<!-- INFO END -->\n\n第九条 本条例自2010年1月1日起施行。《A条例》同时废止。\n",
                      "x/B条例.md")
    statutes, _, relations, unresolved = with_history({p.statute.key: p.statute for p in (a, b)},
                                                      {p.statute.key: [p.version] for p in (a, b)})
    assert relations == [] and statutes["A条例"].repealed_on is None and unresolved == [("B条例", "A条例")]


def test_own_history_feizhi_entry_repeals() -> None:
    text = ("# 某市某某规定\n\n2001年3月1日 某市人民政府令第5号公布\n\n2016年12月30日 某市人民政府令第9号废止\n\n"
            "<!-- INFO END -->\n\n第九条 本规定自2001年5月1日起施行。\n")
    p = parse_statute(text, "x/某市某某规定.md")
    statutes, versions, _, _ = with_history({p.statute.key: p.statute}, {p.statute.key: [p.version]})
    s = statutes["某市某某规定"]
    assert s.repealed_on == date(2016, 12, 30) and "废止" in s.repeal_text
    assert version_validity(s, versions[s.key][0], date(2017, 1, 1)).status is REPEALED


# -- versions and the status rule ----------------------------------------------------------------


def test_earlier_version_is_amended_once_the_next_starts() -> None:
    s = Statute("x", "x法", parsed("ZS")[0].statute.level, in_force_from=date(2008, 1, 1))
    a = StatuteVersion("x", date(2015, 4, 24), "a.md", valid_from=date(2015, 4, 24))
    b = StatuteVersion("x", date(2019, 4, 23), "b.md", valid_from=date(2019, 4, 23))
    _, versions, _, _ = with_history({"x": s}, {"x": [b, a]})
    first, second = versions["x"]
    assert first.valid_to == date(2019, 4, 23) and "被2019-04-23版本取代" in first.valid_to_basis
    assert version_validity(s, first, date(2020, 1, 1)).status is AMENDED
    assert text_for_day(s, versions["x"], date(2020, 1, 1))[0] == second
    assert text_for_day(s, versions["x"], date(2016, 1, 1))[0] == first


@pytest.mark.parametrize("day, expected", [
    (date(2022, 6, 4), CURRENT), (date(2022, 6, 5), REPEALED),  # the repeal takes effect on its 施行 day
    (date(1997, 2, 28), NOT_YET), (date(1997, 3, 1), CURRENT),
])
def test_status_boundaries(day: date, expected: ValidityStatus) -> None:
    assert status_on(day, date(1997, 3, 1), date(2022, 6, 5), repealed_on=date(2022, 6, 5)) is expected


def test_new_fields_round_trip_through_the_codec(corpus) -> None:
    statute, version = law(corpus, "环境噪声污染防治法")
    assert from_props(Statute, to_props(statute)) == statute
    (_, zs) = law(corpus, "噪声污染防治法")
    assert zs.repeals and from_props(StatuteVersion, to_props(zs)) == zs
    assert from_props(StatuteVersion, to_props(version)) == version


def test_bundle_draws_repeal_edges_and_counts() -> None:
    bundle = statutes_bundle(parsed(*SOURCES), [LDHT_DECISION])
    store = NetworkxStore()
    store.write(bundle)
    edges = store.edges("REPEALS")
    assert [(e.src, e.dst) for e in edges] == [("噪声污染防治法@2021-12-24/art_90", "环境噪声污染防治法")]
    assert bundle.figures["repeal_relations"] == 1 and bundle.figures["repeal_titles_unresolved"] == 2
    props = store.get("Statute", "环境噪声污染防治法")
    assert props is not None and props["repealed_on"] == "2022-06-05"


def test_check_time_answer_over_the_graph() -> None:
    from kg.time_check import time_answer

    store = NetworkxStore()
    store.write(statutes_bundle(parsed(*SOURCES), [LDHT_DECISION]))
    answer = time_answer(store, [], date(2021, 3, 1), date(2023, 1, 1),
                         ["环境噪声污染防治法/art_64", "环境噪声污染防治法@2018-12-29/art_64"])
    (rule,) = answer["applicable"]  # one answer per article
    assert rule["rule"] == "no_longer_punishes_candidate" and answer["flags"] == ["no_longer_punishes_candidate"]
    assert "同时废止" in rule["message"]
    # the fixture's 行政处罚法 snippet has no art. 36: the answer says the rule is not quoted rather than inventing it
    assert answer["limitation"]["verdict"] == "within" and answer["limitation"]["rule_text"] == ""


def test_search_as_of_finds_a_statute_held_only_in_a_later_text_and_drops_repealed_law() -> None:
    from ingest.pipeline import search_docs
    from kg.queries import attach_validity
    from kg.search import WhooshIndex

    store = NetworkxStore()
    store.write(statutes_bundle(parsed(*SOURCES), [LDHT_DECISION]))
    ix = WhooshIndex.in_memory()
    ix.add(search_docs(store, {}))
    ix.commit()
    # 2015-06-01: 城乡规划法 in force since 2008-01-01, only its 2019 text held → found, labelled
    hits = [h.__dict__.copy() for h in ix.search("乡村建设规划许可证 乡、镇人民政府责令停止建设", as_of=date(2015, 6, 1)).hits]
    hit = next(h for h in hits if h["provision_id"] == "城乡规划法@2019-04-23/art_65")
    attach_validity(store, [hit], date(2015, 6, 1))
    assert hit["status"] == "尚未生效" and hit["text_in_force"] is False and "该日施行的文本未收录" in hit["status_note"]
    assert hit["valid_from"] == "2019-04-23"
    # before 2008-01-01 the statute itself was not in force
    assert not any(h.statute_key == "城乡规划法"
                   for h in ix.search("乡村建设规划许可证", as_of=date(2007, 6, 1)).hits)
    # 2024: 环境噪声污染防治法 was repealed on 2022-06-05
    assert not any(h.statute_key == "环境噪声污染防治法" for h in ix.search("环境噪声污染防治条例", as_of=date(2024, 1, 1)).hits)
    assert any(h.statute_key == "环境噪声污染防治法" for h in ix.search("环境噪声污染防治条例", as_of=date(2020, 1, 1)).hits)


# -- stale citations after a repeal (issue part 8) -------------------------------------------------

# 行政法/环境噪声污染防治法(2018-12-29).md 第五十八条 and 行政法/噪声污染防治法(2021-12-24).md 第八十一、八十二条 (cut)
HJZS_58 = ("第五十八条 违反本法规定，有下列行为之一的，由公安机关给予警告，可以并处罚款：\n"
           "（一）在城市市区噪声敏感建筑物集中区域内使用高音广播喇叭；\n"
           "（二）违反当地公安机关的规定，在城市市区街道、广场、公园等公共场所组织娱乐、集会等活动，使用音响器材，"
           "产生干扰周围生活环境的过大音量的；")
ZS_81 = ("第八十一条 违反本法规定，有下列行为之一，由地方人民政府指定的部门责令改正，处五千元以上五万元以下的罚款：\n"
         "（一）超过噪声排放标准排放社会生活噪声的；\n"
         "（二）在商业经营活动中使用高音广播喇叭或者采用其他持续反复发出高噪声的方法进行广告宣传的；")
ZS_82 = ("第八十二条 违反本法规定，有下列行为之一，由地方人民政府指定的部门说服教育，责令改正；拒不改正的，给予警告，"
         "对个人可以处二百元以上一千元以下的罚款，对单位可以处二千元以上二万元以下的罚款：\n"
         "（一）在噪声敏感建筑物集中区域使用高音广播喇叭的；\n"
         "（二）在公共场所组织或者开展娱乐、健身等活动，未遵守公共场所管理者有关活动区域、时段、音量等规定，"
         "未采取有效措施造成噪声污染，或者违反规定使用音响器材产生过大音量的；")


def build_stale_fixture(store: Any) -> Any:
    """环境噪声污染防治法 (repealed 2022-06-05 by 噪声污染防治法 art. 90) cited by one catalog item."""
    from kg.graph_build import catalog_bundle
    from kg.model import BasisLink, BasisRole, Catalog, PenaltyItem, ProvisionId, Resolution, SourceRef

    zs = ZS.replace("第八十九条", ZS_81 + "\n\n" + ZS_82 + "\n\n第八十九条")
    hjzs = HJZS.replace("第六十四条", HJZS_58 + "\n\n第六十四条")
    ps = [parse_statute(zs, SOURCES["ZS"][1]), parse_statute(hjzs, SOURCES["HJZS"][1])]
    store.write(statutes_bundle(ps))
    cited = ProvisionId("环境噪声污染防治法", date(2018, 12, 29), 58, item=1)
    item = PenaltyItem("K#1", "K", "对在城市市区噪声敏感建筑物集中区域内使用高音广播喇叭的处罚", code="K1",
                       basis=(BasisLink(BasisRole.PENALTY, "《中华人民共和国环境噪声污染防治法》第五十八条第（一）项",
                                        Resolution.RESOLVED, cited),), source=SourceRef("K.xlsx", None, 5))
    store.write(catalog_bundle(Catalog("K", "某目录", effective=date(2020, 1, 1)), [item], [], [], [], {},
                               {"环境噪声污染防治法@2018-12-29/art_58"}))
    return store


def test_stale_report_names_items_citing_a_repealed_statute_with_a_suggested_successor() -> None:
    from kg.reports import ReportFilters, run_report

    store = build_stale_fixture(NetworkxStore())
    (f,) = run_report(store, "stale", ReportFilters(), today=date(2024, 1, 1)).findings
    assert f["category"] == "statute_repealed" and f["item_codes"] == ["K1"]
    assert f["repealed_on"] == "2022-06-05" and "同时废止" in f["repeal_text"]
    assert f["candidate"]["provision_id"] == "噪声污染防治法@2021-12-24/art_82"  # the same conduct, reworded
    assert f["candidate"]["status"] == "suggested" and f["candidate"]["confirmed"] is False
    assert "待人工确认" in f["reason"]
    # before the repeal took effect nothing is stale
    assert run_report(store, "stale", ReportFilters(as_of=date(2022, 6, 4)), today=date(2024, 1, 1)).findings == []


def test_repeal_decision_without_articles() -> None:
    # DLC/北京地方法规/地方性法规/北京/北京市人民代表大会常务委员会关于废止部分地方性法规的决定.md (cut)
    from ingest.repeal_decision import parse_repeal_decision

    decision = ("# 北京市人民代表大会常务委员会关于废止部分地方性法规的决定\n\n"
                "2021年9月24日 北京市第十五届人民代表大会常务委员会第三十三次会议通过\n\n<!-- INFO END -->\n\n"
                "北京市第十五届人民代表大会常务委员会第三十三次会议决定：\n\n"
                "二、废止《北京市反不正当竞争条例》（1994年7月22日北京市第十届人民代表大会常务委员会第十一次会议通过）\n\n"
                "本决定自公布之日起施行。")
    old = parse_statute("# 北京市反不正当竞争条例\n\n1994年7月22日 北京市第十届人民代表大会常务委员会第十一次会议通过\n\n"
                        "<!-- INFO END -->\n\n第三十条 本条例自1994年9月1日起施行。\n", "DLC/北京地方法规/地方性法规/北京/x.md")
    title, mentions = parse_repeal_decision(decision, "d.md")
    bundle = statutes_bundle([old], (), [(title, mentions)])
    store = NetworkxStore()
    store.write(bundle)
    props = store.get("Statute", "北京市反不正当竞争条例")
    assert props is not None and props["repealed_on"] == "2021-09-24"
    assert props["repealed_by"] == title and "废止《北京市反不正当竞争条例》" in props["repeal_text"]
    assert bundle.figures["repeal_relations"] == 1


def test_catalog_citation_on_a_day_whose_text_is_not_held_says_so() -> None:
    # a catalog effective 2015-06-01 citing 城乡规划法 第六十五条: in force since 2008, only the 2019 text held
    from ingest.resolve import CitedPart, resolve_part
    from kg.model import Resolution

    (p,) = parsed("CXGH")

    class Lookup:
        def statute_keys_for_title(self, title: str) -> list[str]:
            return ["城乡规划法"] if "城乡规划法" in title else []

        def versions(self, key: str) -> list[StatuteVersion]:
            return [p.version]

        def provision(self, pid):
            return next((x for x in p.provisions if x.id == pid), None)

    status, pid, why = resolve_part(CitedPart("中华人民共和国城乡规划法", 65), Lookup(), date(2015, 6, 1))
    assert status is Resolution.NOT_IN_FORCE and pid is None
    assert "自2008-01-01起施行" in why and "该日施行的文本未收录" in why
    assert resolve_part(CitedPart("中华人民共和国城乡规划法", 65), Lookup(), date(2020, 1, 1))[0] is Resolution.RESOLVED


def test_city_regulation_without_effective_date_is_presumed_from_the_approval() -> None:
    # DLC/山东地方法规/地方性法规/山东/德州市烟花爆竹燃放管理条例(2020-10-26).md: the held text ends before its 施行 article
    text = ("# 德州市烟花爆竹燃放管理条例\n\n2020年8月27日 德州市第十八届人民代表大会常务委员会第三十五次会议通过\n\n"
            "2020年9月25日 山东省第十三届人民代表大会常务委员会第二十三次会议批准\n\n<!-- INFO END -->\n\n"
            "第十一条 在禁止燃放烟花爆竹的区域和地点内，不得销售烟花爆竹。\n")
    v = parse_statute(text, "DLC/山东地方法规/地方性法规/山东/德州市烟花爆竹燃放管理条例(2020-10-26).md").version
    assert v.first_effective == date(2020, 9, 25) and not v.first_effective_certain
    assert "推定" in v.first_effective_basis and "批准" in v.first_effective_basis


def test_a_later_adoption_in_the_history_is_an_amendment() -> None:
    # DLC/北京地方法规/地方性法规/北京/北京市实施《水法》办法(2022-11-25).md: three "通过" lines, the final article unchanged
    text = ("# 北京市实施《中华人民共和国水法》办法\n\n2004年5月27日 北京市第十二届人民代表大会常务委员会第十二次会议通过\n\n"
            "2019年7月26日 北京市第十五届人民代表大会常务委员会第十四次会议通过\n\n"
            "2022年11月25日 北京市第十五届人民代表大会常务委员会第四十五次会议通过\n\n<!-- INFO END -->\n\n"
            "第五十条 本办法自2004年10月1日起施行。\n")
    v = parse_statute(text, "DLC/北京地方法规/地方性法规/北京/北京市实施《水法》办法(2022-11-25).md").version
    assert v.first_effective == date(2004, 10, 1) and v.first_effective_certain
    assert v.valid_from == date(2022, 11, 25) and not v.valid_from_certain
