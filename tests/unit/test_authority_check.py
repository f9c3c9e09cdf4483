"""Legal fixtures: the authority check per item, 赋权 / 委托 / 相对集中, province lists, suggested links, review.

A small graph over real articles (cut from ../shared/corpus/laws) and three
catalogs modelled on the demo: a 柯城区 赋权 catalog, a 委托 catalog of the
same county, and a Shenzhen 街道 catalog that must never show in a 柯城区
answer.  Each test says which legal text decides it.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.graph_build import catalog_bundle, statutes_bundle
from kg.model import (
    AuthoritySource,
    BasisLink,
    BasisRole,
    Catalog,
    Department,
    Holding,
    Level,
    ParsedStatute,
    PenaltyItem,
    PowerType,
    Provision,
    ProvisionId,
    Resolution,
    Sanction,
    SanctionKind,
    Statute,
    StatuteVersion,
    Township,
)
from kg.nx_store import NetworkxStore
from kg.queries import check_authority, item_view, items_citing
from kg.review import derive_review, load_thresholds

D17 = date(2017, 3, 1)
D19 = date(2019, 4, 23)
SR = "城市市容和环境卫生管理条例"
GH = "城乡规划法"
# 《城市市容和环境卫生管理条例》第十四条 (违则) and 第三十六条 (罚则)
SR14 = ("第十四条 任何单位和个人都不得在街道两侧和公共场地堆放物料，搭建建筑物、构筑物或者其他设施。")
SR36 = ("第三十六条 有下列行为之一者，由城市人民政府市容环境卫生行政主管部门或者其委托的单位责令其停止违法行为，"
        "限期清理、拆除或者采取其他补救措施，并可处以罚款：\n（一）未经城市规划行政主管部门批准，"
        "擅自在街道两侧和公共场地修建建筑物、构筑物或者其他设施的；")
SR34 = ("第三十四条 有下列行为之一者，城市人民政府市容环境卫生行政主管部门或者其委托的单位除责令其纠正违法行为、"
        "采取补救措施外，可以并处警告、罚款：")
# 《城乡规划法》第六十四条: the 工程造价 fines and the confiscation (KC-GH-001 must keep every hearing reason)
GH64 = ("第六十四条 未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府城乡规划主管部门"
        "责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；"
        "无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。")
GH64_SANCTIONS = (
    Sanction(SanctionKind.STOP_CONSTRUCTION, "责令停止建设"),
    Sanction(SanctionKind.FINE, "处建设工程造价百分之五以上百分之十以下的罚款", min_multiple=0.05, max_multiple=0.1,
             multiple_base="建设工程造价"),
    Sanction(SanctionKind.CONFISCATE_PROPERTY, "没收实物或者违法收入"),
    Sanction(SanctionKind.FINE, "可以并处建设工程造价百分之十以下的罚款", max_multiple=0.1, multiple_base="建设工程造价"),
)

KECHENG = "浙江省衢州市柯城区"
LONGHUA = "广东省深圳市龙华区"
TOWNS = [Township("石梁镇", "石梁镇", KECHENG), Township("航埠镇", "航埠镇", KECHENG),
         Township("龙华街道办事处", "龙华街道办事处", LONGHUA)]
DEPT = Department("柯城区综合行政执法局", "柯城区综合行政执法局", KECHENG)
SCJG = Department("柯城区市场监督管理局", "柯城区市场监督管理局", KECHENG)
SZ = Department("深圳市龙华区城市管理和综合执法局", "深圳市龙华区城市管理和综合执法局", LONGHUA)


def _pid(statute: str, version: date, art: int, para: int | None = None) -> ProvisionId:
    return ProvisionId(statute, version, art, paragraph=para)


def _link(role: BasisRole, pid: ProvisionId, status: Resolution = Resolution.RESOLVED) -> BasisLink:
    return BasisLink(role, f"《{pid.statute}》{pid.label}", status, pid)


def _item(catalog: str, code: str, name: str, *basis: BasisLink, dept: str = DEPT.key,
          power: PowerType = PowerType.PENALTY, scope: str | None = None) -> PenaltyItem:
    return PenaltyItem(key=f"{catalog}#{code}", catalog_key=catalog, code=code, name=name, department=dept,
                       basis=basis, power_type=power, scope_note=scope)


def _hold(town: str, item: PenaltyItem, source: AuthoritySource, start: date, end: date | None = None,
          scope: str | None = None) -> Holding:
    return Holding(town, item.key, source, item.catalog_key, start, end, scope_note=scope)


STALL = _item("K", "K-1", "对擅自在街道两侧和公共场地搭建设施的行政处罚", _link(BasisRole.VIOLATED, _pid(SR, D17, 14)),
              _link(BasisRole.PENALTY, _pid(SR, D17, 36)), scope="限于城管职权范围内")
POSTER = _item("K", "K-2", "对乱张贴的行政处罚", _link(BasisRole.PENALTY, _pid(SR, D17, 34)))
BUILD = _item("K", "K-GH-001", "对未取得建设工程规划许可证进行建设的行政处罚", _link(BasisRole.PENALTY, _pid(GH, D19, 64)),
              dept="衢州市自然资源和规划局柯城分局")
ENTRUSTED = _item("W", "W-1", "对销售过期食品的行政处罚", _link(BasisRole.PENALTY, _pid(SR, D17, 34)), dept=SCJG.key)
SUGGESTED_ONLY = _item("K", "K-9", "对占道经营的行政处罚",
                       _link(BasisRole.PENALTY, _pid(SR, D17, 36), Resolution.SUGGESTED))
SZ_STALL = _item("L", "L-1", "对擅自搭建设施的行政处罚", _link(BasisRole.PENALTY, _pid(SR, D17, 36)), dept=SZ.key)


def build(*extra: tuple[Catalog, list[PenaltyItem]]) -> NetworkxStore:
    store = NetworkxStore()
    sr = Statute(SR, SR, Level.ADMIN_REGULATION)
    gh = Statute(GH, "中华人民共和国城乡规划法", Level.LAW)
    fine = Sanction(SanctionKind.FINE, "处以罚款")
    store.write(statutes_bundle([
        ParsedStatute(sr, StatuteVersion(SR, D17, f"{SR}.md", valid_from=D17), (
            Provision(_pid(SR, D17, 14), SR14), Provision(_pid(SR, D17, 34), SR34, sanctions=(
                Sanction(SanctionKind.WARNING, "警告"), Sanction(SanctionKind.FINE, "罚款"))),
            Provision(_pid(SR, D17, 36), SR36, sanctions=(fine,)))),
        ParsedStatute(gh, StatuteVersion(GH, D19, f"{GH}.md", valid_from=D19), (
            Provision(_pid(GH, D19, 64), GH64, sanctions=GH64_SANCTIONS),)),
    ]))
    existing = {str(p.article_id()) for p in (_pid(SR, D17, 14), _pid(SR, D17, 34), _pid(SR, D17, 36),
                                              _pid(GH, D19, 64))}
    k = Catalog("K", "柯城区乡镇综合行政执法赋权事项目录", region=KECHENG, effective=date(2022, 7, 1))
    k_items = [STALL, POSTER, BUILD, SUGGESTED_ONLY]
    reviews = {BUILD.key: derive_review([Provision(_pid(GH, D19, 64), GH64, sanctions=GH64_SANCTIONS)],
                                        load_thresholds(KECHENG))}
    holds = [_hold("石梁镇", STALL, AuthoritySource.DELEGATED, date(2022, 7, 1), scope="限于城管职权范围内"),
             _hold("航埠镇", STALL, AuthoritySource.DELEGATED, date(2022, 7, 1)),
             _hold("航埠镇", POSTER, AuthoritySource.DELEGATED, date(2022, 7, 1)),
             _hold("石梁镇", BUILD, AuthoritySource.DELEGATED, date(2022, 7, 1))]
    store.write(catalog_bundle(k, k_items, holds, [DEPT], TOWNS[:2], reviews, existing))
    w = Catalog("W", "柯城区市场监管局委托乡镇实施行政处罚事项", region=KECHENG, authority=AuthoritySource.ENTRUSTED,
                effective=date(2023, 1, 1), valid_to=date(2026, 1, 1))
    store.write(catalog_bundle(w, [ENTRUSTED], [_hold("石梁镇", ENTRUSTED, AuthoritySource.ENTRUSTED,
                                                      date(2023, 1, 1), date(2026, 1, 1))],
                               [SCJG], TOWNS[:1], {}, existing))
    lh = Catalog("L", "龙华区街道赋权事项", region=LONGHUA, effective=date(2021, 1, 1))
    store.write(catalog_bundle(lh, [SZ_STALL], [_hold("龙华街道办事处", SZ_STALL, AuthoritySource.DELEGATED,
                                                      date(2021, 1, 1))], [SZ], TOWNS[2:], {}, existing))
    for catalog, items in extra:
        store.write(catalog_bundle(catalog, items, [], [], [], {}, existing))
    return store


DAY = date(2024, 6, 1)


def test_delegated_power_is_the_townships_own_and_the_department_keeps_approval_and_supervision() -> None:
    # 行政处罚法 art. 24: the township exercises the delegated power itself; 管罚分离 keeps 审批 and 监管
    answer = check_authority(build(), "石梁镇", item_code="K-1", day=DAY)
    assert answer["verdict"] == "holds_within_scope" and answer["source"] == "赋权"
    sep = answer["evidence"][0]["separation"]
    assert sep["执法"] == ["石梁镇"] and sep["审批"] == [DEPT.key] and sep["监管"] == [DEPT.key]


def test_a_check_never_names_another_regions_holders_or_departments() -> None:
    # 第三十六条 is cited by the 柯城区 item and by a Shenzhen 街道 item; only the first concerns 石梁镇
    answer = check_authority(build(), "石梁镇", provision=f"{SR}/art_36", day=DAY)
    text = json.dumps(answer, ensure_ascii=False)
    assert "龙华" not in text and "深圳" not in text
    assert answer["candidates_outside_region"] == 1 and answer["verdict"] == "holds_within_scope"


def test_candidates_that_disagree_make_the_answer_ambiguous() -> None:
    answer = check_authority(build(), "石梁镇", items=[STALL, POSTER], day=DAY)
    assert answer["verdict"] == "ambiguous" and answer["source"] is None
    assert {(c["code"], c["verdict"]) for c in answer["candidates"]} == {
        ("K-1", "holds_within_scope"), ("K-2", "does_not_hold")}
    assert "请选择具体事项" in answer["message"]


def test_candidates_that_agree_give_their_verdict() -> None:
    answer = check_authority(build(), "石梁镇", items=[POSTER], day=DAY)
    assert answer["verdict"] == "does_not_hold"
    assert DEPT.key in answer["message"] and "航埠镇" in answer["message"]  # same catalog: same county


def test_entrusted_power_stays_the_departments() -> None:
    # 行政处罚法 art. 20: 受委托组织在委托范围内，以委托行政机关名义实施行政处罚；委托行政机关…承担法律责任
    answer = check_authority(build(), "石梁镇", item_code="W-1", day=DAY)
    assert answer["verdict"] == "does_not_hold"
    ev = answer["evidence"][0]
    assert ev["entrustment"]["decides_in_name_of"] == SCJG.name == ev["entrustment"]["responsible"]
    assert ev["entrustment"]["term"] == "2023-01-01至2026-01-01" and ev["entrustment"]["items"] == ["W-1"]
    assert ev["separation"]["执法"] == [SCJG.key] and ev["separation"]["受委托实施"] == ["石梁镇"]
    assert f"以{SCJG.name}的名义实施" in answer["message"]


def test_entrustment_ends_with_its_term() -> None:
    answer = check_authority(build(), "石梁镇", item_code="W-1", day=date(2026, 1, 1))
    assert answer["evidence"][0]["entrustment"] is None


def test_without_a_province_list_the_evidence_says_it_was_not_checked() -> None:
    ev = check_authority(build(), "石梁镇", item_code="K-1", day=DAY)["evidence"][0]
    assert ev["province_list"]["status"] == "not_checked"


def test_a_delegated_item_outside_the_province_list_is_a_finding() -> None:
    # 浙江省综合行政执法条例 art. 9(2): 县（市、区）人民政府可以在省人民政府批准的综合行政执法事项目录中，选择…
    province = Catalog("P", "浙江省乡镇（街道）综合行政执法事项指导目录", region="浙江省", kind="省级指导目录")
    listed = _item("P", "P-1", "对擅自在街道两侧和公共场地搭建设施的行政处罚", _link(BasisRole.PENALTY, _pid(SR, D17, 36)))
    store = build((province, [listed]))
    assert check_authority(store, "石梁镇", item_code="K-1", day=DAY)["evidence"][0]["province_list"]["status"] == "listed"
    answer = check_authority(store, "石梁镇", item_code="K-GH-001", day=DAY)
    assert answer["verdict"] == "unknown"
    assert "省级目录" in answer["evidence"][0]["province_list"]["reason"]


def test_an_enforcement_catalog_moves_the_departments_power() -> None:
    # 行政处罚法 art. 18(2): 省级人民政府可以决定一个行政机关行使有关行政机关的行政处罚权
    enforcement = Catalog("E", "衢州市综合行政执法事项目录", region="浙江省衢州市", kind="综合行政执法目录",
                          enforcement_body="衢州市综合行政执法局", effective=date(2022, 1, 1))
    moved = _item("E", "E-1", "对乱张贴的行政处罚", _link(BasisRole.PENALTY, _pid(SR, D17, 34)))
    answer = check_authority(build((enforcement, [moved])), "石梁镇", item_code="K-2", day=DAY)
    assert answer["evidence"][0]["separation"]["执法"] == ["衢州市综合行政执法局"]
    assert "衢州市综合行政执法局" in answer["message"]


def test_suggested_links_are_never_basis() -> None:
    store = build()
    citing = {i["code"] for i in items_citing(store, str(_pid(SR, D17, 36)))}
    assert "K-9" not in citing and "K-1" in citing
    answer = check_authority(store, "石梁镇", provision=f"{SR}/art_36", day=DAY)
    assert "K-9" not in {c["code"] for c in answer["candidates"]}
    ev = check_authority(store, "石梁镇", item_code="K-9", day=DAY)["evidence"][0]
    assert ev["basis"] == [] and ev["suggested"][0]["label"].startswith("建议")


def test_every_hearing_reason_of_an_item_is_kept() -> None:
    # 城乡规划法 art. 64 sets 工程造价 fines and a confiscation: each is its own art. 63 reason
    ev = check_authority(build(), "石梁镇", item_code="K-GH-001", day=DAY)["evidence"][0]
    reasons = [r["reason"] for r in ev["hearing"]["reasons"]]
    assert any("建设工程造价" in r for r in reasons) and any("没收" in r for r in reasons)
    assert ev["hearing"]["status"] == "depends"
    assert ev["hearing"]["threshold"]["verified"] is False and ev["hearing"]["threshold"]["warning"]


def test_item_view_shows_the_holding_townships_as_the_penalising_party() -> None:
    sep = item_view(build(), "K#K-1", DAY)["separation"]
    assert sep["执法"] == ["石梁镇", "航埠镇"] and sep["审批"] == [DEPT.key]


@pytest.mark.parametrize("code", ["K-1", "K-GH-001"])
def test_review_duties_carry_the_conditions_of_art_58_and_the_provincial_rule(code: str) -> None:
    ev = check_authority(build(), "石梁镇", item_code=code, day=DAY)["evidence"][0]
    rules = [r["rule"] for r in ev["legal_review"]["reasons"]]
    assert "《行政处罚法》第五十八条第一款第（一）项" in rules and "《行政处罚法》第五十八条第一款第（三）项" in rules
    assert "《浙江省综合行政执法条例》第二十条" in rules  # 重大行政执法决定法制审核, 浙江 only
    assert ev["legal_review"]["status"] == "depends" and ev["collective_decision"]["status"] == "depends"
    assert ev["collective_decision"]["reasons"][0]["rule"] == "《行政处罚法》第五十七条第二款"


def test_a_shenzhen_check_gets_no_zhejiang_rule() -> None:
    ev = check_authority(build(), "龙华街道办事处", item_code="L-1", day=DAY)["evidence"][0]
    assert all("浙江" not in r["rule"] for r in ev["legal_review"]["reasons"])


def test_provision_view_says_whether_the_article_gives_townships_a_power() -> None:
    # 《血吸虫病防治条例》第五十一条: 由乡(镇)人民政府…给予警告；情节严重的，对单位处…罚款
    from kg.queries import provision_view

    text = ("第五十一条 单位和个人损坏或者擅自移动有钉螺地带警示标志的，由乡(镇)人民政府责令修复或者赔偿损失，给予警告；"
            "情节严重的，对单位处1000元以上3000元以下的罚款，对个人处50元以上200元以下的罚款。")
    xx = Statute("血吸虫病防治条例", "血吸虫病防治条例", Level.ADMIN_REGULATION)
    store = build()
    pid = _pid("血吸虫病防治条例", D19, 51)
    store.write(statutes_bundle([ParsedStatute(xx, StatuteVersion(xx.key, D19, "x.md", valid_from=D19), (
        Provision(pid, text, sanctions=(Sanction(SanctionKind.WARNING, "给予警告"),
                                        Sanction(SanctionKind.FINE, "对单位处1000元以上3000元以下的罚款"))),))]))
    view = provision_view(store, str(pid))["statutory_power"]
    assert view["holds"] and view["clauses"][0]["applies_to"] == ["乡镇"]
    assert view["clauses"][0]["clause"].startswith("第五十一条 单位和个人损坏")
    assert provision_view(store, str(_pid(SR, D17, 36)))["statutory_power"]["holds"] is False


def test_a_subdistrict_does_not_hold_what_the_law_gives_townships_and_sees_no_other_region() -> None:
    # 《血吸虫病防治条例》第五十一条 names 乡(镇)人民政府: 石梁镇 holds it by law, 龙华街道办事处 does not
    from kg.authority import decide_statutory
    from kg.graph_build import statutory_items

    text = ("第五十一条 单位和个人损坏或者擅自移动有钉螺地带警示标志的，由乡(镇)人民政府责令修复或者赔偿损失，给予警告；"
            "情节严重的，对单位处1000元以上3000元以下的罚款，对个人处50元以上200元以下的罚款。")
    xx = Statute("血吸虫病防治条例", "血吸虫病防治条例", Level.ADMIN_REGULATION)
    version = StatuteVersion(xx.key, D19, "x.md", valid_from=D19)
    art = Provision(_pid(xx.key, D19, 51), text, sanctions=(Sanction(SanctionKind.WARNING, "给予警告"),))
    store = build()
    store.write(statutes_bundle([ParsedStatute(xx, version, (art,))]))
    cat, items, holds = statutory_items([(art, version, xx, decide_statutory(art))], TOWNS)
    store.write(catalog_bundle(cat, items, holds, [], [], {}, {str(art.id)}))
    mine = check_authority(store, "石梁镇", provision="血吸虫病防治条例/art_51", day=DAY)
    assert mine["verdict"] == "holds" and mine["source"] == "法定" and "由乡(镇)人民政府" in mine["message"]
    # the statutory power's review duties are derived too: a warning alone gives no hearing right (art. 63)
    assert mine["evidence"][0]["hearing"]["status"] == "not_required"
    theirs = check_authority(store, "龙华街道办事处", provision="血吸虫病防治条例/art_51", day=DAY)
    assert theirs["verdict"] == "does_not_hold" and "不是该类主体" in theirs["message"]
    text_out = json.dumps(theirs, ensure_ascii=False)
    assert "石梁镇" not in text_out and "航埠镇" not in text_out


def test_item_view_shows_suggestions_apart_from_the_basis() -> None:
    view = item_view(build(), "K#K-9", DAY)
    assert view["basis"] == [] and view["suggested"][0]["provision_id"] == str(_pid(SR, D17, 36))
