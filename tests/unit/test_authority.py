"""Legal fixtures: statutory township powers (法定) and the region rule.

Each case quotes the article that decides it, cut from ../shared/corpus/laws.
The sanctions are given as the penalty extraction would give them (kind and
the phrase of the text), so the cases test who decides, not what the
extraction finds.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.authority import (
    decide_statutory,
    load_statutory_reviews,
    parse_statutory_reviews,
    region_covers,
    statutory_clauses,
)
from kg.errors import InvalidInput
from kg.graph_build import statutory_items
from kg.model import Level, Provision, ProvisionId, Sanction, SanctionKind, Statute, StatuteVersion, Township

K = SanctionKind


def article(statute: str, number: int, text: str, *sanctions: tuple[SanctionKind, str]) -> Provision:
    for _, phrase in sanctions:
        assert phrase in text, phrase  # the phrase must be the statute's own words
    return Provision(ProvisionId(statute, None, number), text,
                     sanctions=tuple(Sanction(kind, phrase) for kind, phrase in sanctions))


REVIEWS = load_statutory_reviews()

# -- 法定: the clause that sets the sanction names the township -----------------------------------

HOLDS = [
    pytest.param(
        article("血吸虫病防治条例", 51,
                "第五十一条 单位和个人损坏或者擅自移动有钉螺地带警示标志的，由乡(镇)人民政府责令修复或者赔偿损失，给予警告；"
                "情节严重的，对单位处1000元以上3000元以下的罚款，对个人处50元以上200元以下的罚款。",
                (K.WARNING, "给予警告"), (K.FINE, "对单位处1000元以上3000元以下的罚款"),
                (K.FINE, "对个人处50元以上200元以下的罚款")),
        "乡(镇)人民政府", ("警告", "罚款"), id="血吸虫病防治条例-51-warning-and-fine"),
    pytest.param(
        article("村庄和集镇规划建设管理条例", 40,
                "第四十条 擅自在村庄、集镇规划区内的街道、广场、市场和车站等场所修建临时建筑物、构筑物和其他设施的，"
                "由乡级人民政府责令限期拆除，并可处以罚款。",
                (K.DEMOLISH, "责令限期拆除"), (K.FINE, "处以罚款")),
        "乡级人民政府", ("罚款",), id="村庄和集镇-40-乡级人民政府"),
    pytest.param(
        article("浙江省实施《中华人民共和国农村土地承包法》办法", 49,
                "第四十九条 承包方无正当理由弃耕抛荒两年以下的，由乡（镇）人民政府给予警告。", (K.WARNING, "给予警告")),
        "乡（镇）人民政府", ("警告",), id="浙江土地承包办法-49-warning"),
    pytest.param(
        article("重庆市村镇规划建设管理条例", 50,
                "第五十条 违反村镇环境卫生和村容镇貌管理的规定，乱堆粪便、垃圾、柴草、杂物的，由村民委员会批评教育，责令改正；"
                "拒不改正的，乡（镇）人民政府可以处五百元以下罚款。",
                (K.CORRECT, "责令改正"), (K.FINE, "处五百元以下罚款")),
        "乡（镇）人民政府", ("罚款",), id="重庆村镇-50-township-as-subject"),
    pytest.param(
        article("深圳经济特区学前教育条例", 70,
                "第七十条 违反本条例第二十三条规定，未经许可或者登记擅自举办民办幼儿园的，由街道办事处责令限期改正；"
                "逾期未改正的，没收违法所得，并对举办者处违法所得一倍以上五倍以下罚款。",
                (K.CONFISCATE_GAINS, "没收违法所得"), (K.FINE, "处违法所得一倍以上五倍以下罚款")),
        "街道办事处", ("罚款", "没收违法所得"), id="深圳学前教育-70-街道办事处"),
]


@pytest.mark.parametrize(("provision", "body", "kinds"), HOLDS)
def test_township_named_in_the_sanction_clause_holds(provision: Provision, body: str, kinds: tuple[str, ...]) -> None:
    decision = decide_statutory(provision, REVIEWS)
    assert decision.holds, decision.reason
    clause = decision.clauses[0]
    assert clause.body == body
    assert set(clause.kinds) == set(kinds)
    assert body in clause.clause and clause.clause in provision.text  # the holding quotes the statute


def test_alternative_bodies_are_kept_as_shared() -> None:
    p = article("上海市黄浦江苏州河滨水公共空间条例", 57,
                "第五十七条 违反本条例第四十八条第一项、第二项、第三项、第四项规定，从事相关禁止行为的，由城管执法部门或者"
                "镇人民政府、街道办事处按照职责责令改正；拒不改正的，处一百元以上一千元以下的罚款。",
                (K.CORRECT, "责令改正"), (K.FINE, "处一百元以上一千元以下的罚款"))
    (clause,) = statutory_clauses(p)
    assert clause.body == "镇人民政府" and clause.shared_with == ("城管执法部门",)


def test_art65_is_a_reviewed_confirmation_with_its_reason() -> None:
    # orders only (责令停止建设、限期改正、拆除): no rule makes it a penalty; the reviewed entry does
    p = article("城乡规划法", 65,
                "第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，"
                "由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。",
                (K.STOP_CONSTRUCTION, "责令停止建设"), (K.CORRECT, "限期改正"))
    assert statutory_clauses(p) == ()
    decision = decide_statutory(p, REVIEWS)
    assert decision.holds and decision.reviewed is not None
    assert decision.reason.startswith("经人工审查确认")
    assert "由乡、镇人民政府责令停止建设" in decision.clauses[0].clause


def test_a_reviewed_entry_ends_when_the_text_changes() -> None:
    p = article("城乡规划法", 65, "第六十五条 由县级人民政府城乡规划主管部门责令停止建设。", (K.STOP_CONSTRUCTION, "责令停止建设"))
    assert not decide_statutory(p, REVIEWS).holds


# -- not 法定 -------------------------------------------------------------------------------------

NOT_HOLDS = [
    pytest.param(
        article("浙江省城市市容和环境卫生管理条例", 16,
                "第十六条 任何单位和个人不得擅自占用城市人行道、桥梁、地下通道以及其他公共场所设摊经营、兜售物品。\n"
                "市、县、镇人民政府应当合理布局商业配套设施，确定相应的经营场所，供农产品、日用小商品等经营者从事经营。\n"
                "违反本条第一款规定的，责令改正；拒不改正的，可以处五十元以下罚款。",
                (K.CORRECT, "责令改正"), (K.FINE, "处五十元以下罚款")),
        id="市容条例-16-duty-sentence-is-not-the-deciding-body"),
    pytest.param(
        article("义务教育法", 58,
                "第五十八条 适龄儿童、少年的父母或者其他法定监护人无正当理由未依照本法规定送适龄儿童、少年入学接受义务教育的，"
                "由当地乡镇人民政府或者县级人民政府教育行政部门给予批评教育，责令限期改正。",
                (K.CORRECT, "责令限期改正")),
        id="义务教育法-58-order-to-parents"),
    pytest.param(
        article("流动人口计划生育工作条例", 20,
                "第二十条 流动人口户籍所在地的乡(镇)人民政府或者街道办事处在流动人口计划生育工作中有下列情形之一的，"
                "分别由乡(镇)人民政府的上级人民政府或者设立街道办事处的人民政府责令改正，通报批评；情节严重的，"
                "对主要负责人、直接负责的主管人员和其他直接责任人员依法给予处分：",
                (K.CORRECT, "责令改正"), (K.CRITICISM, "通报批评")),
        id="流动人口-20-discipline-of-the-township"),
    pytest.param(
        article("村民委员会组织法", 36,
                "第三十六条 村民委员会或者村民委员会成员作出的决定侵害村民合法权益的，受侵害的村民可以申请人民法院予以撤销，"
                "责任人依法承担法律责任。\n村民委员会不依照法律、法规的规定履行法定义务的，由乡、民族乡、镇的人民政府责令改正。",
                (K.CORRECT, "责令改正")),
        id="村委会组织法-36-order-to-village-committee"),
    pytest.param(
        article("青岛市房屋使用安全条例", 39,
                "第三十九条 违反本条例第九条第一项至五项规定的，由区（市）房屋行政主管部门、镇人民政府、街道办事处责令改正并排除危险，"
                "由区（市）房屋行政主管部门处二万元以上十万元以下罚款。",
                (K.CORRECT, "责令改正"), (K.FINE, "处二万元以上十万元以下罚款")),
        id="青岛房屋安全-39-township-orders-department-fines"),
    pytest.param(
        article("浙江省土地管理条例", 59,
                "第五十九条 农村村民经批准易地建造住宅的，原宅基地应当交还农村集体经济组织；属于建新拆旧的，原地上建筑物应当自行拆除，"
                "不自行拆除的，由乡镇人民政府、街道办事处责令限期拆除，逾期未拆除的，依法申请人民法院强制执行。",
                (K.DEMOLISH, "责令限期拆除")),
        id="浙江土地管理条例-59-demolition-order-and-court-enforcement"),
    pytest.param(
        article("上海市实施《中华人民共和国村民委员会组织法》办法", 43,
                "第四十三条 村民委员会及其成员违反本办法规定，经村务监督委员会指出后拒不改正或者村务监督委员会无法发挥监督作用的，"
                "由乡、镇人民政府责令改正，通报批评；构成犯罪的，依法追究刑事责任。",
                (K.CORRECT, "责令改正"), (K.CRITICISM, "通报批评")),
        id="上海村委会办法-43-supervision-of-village-committee"),
    pytest.param(
        article("粮食安全保障法", 66,
                "第六十六条 违反本法规定，种植不符合耕地种植用途管控要求作物的，由县级人民政府农业农村主管部门或者乡镇人民政府给予"
                "批评教育；经批评教育仍不改正的，可以不予发放粮食生产相关补贴；对有关农业生产经营组织，可以依法处以罚款。",
                (K.FINE, "处以罚款")),
        id="粮食安全保障法-66-reviewed-exclusion"),
    pytest.param(
        article("郑州市农村财务管理条例", 33,
                "第三十三条 违反本条例规定，有下列行为之一的，由乡（镇）人民政府或市、县（市、区）农业行政管理部门责令限期纠正，"
                "对单位和有关责任人员给予通报批评：\n（一）未按规定配备或者随意撤换财会人员的；",
                (K.CRITICISM, "给予通报批评")),
        id="郑州农村财务-33-reviewed-exclusion-village-finances"),
]


@pytest.mark.parametrize("provision", NOT_HOLDS)
def test_no_statutory_power(provision: Provision) -> None:
    decision = decide_statutory(provision, REVIEWS)
    assert not decision.holds, decision.clauses


def test_grain_law_exclusion_is_reviewed_and_says_why() -> None:
    grain = next(p.values[0] for p in NOT_HOLDS if p.id.startswith("粮食安全保障法"))
    decision = decide_statutory(grain, REVIEWS)
    assert decision.reviewed is not None and "依法处以罚款" in decision.reviewed.reason


def test_without_its_reviewed_exclusion_the_village_finance_article_would_be_credited() -> None:
    # the rule alone reads 由乡（镇）人民政府…给予通报批评; only the reviewed entry knows art. 2 limits the parties
    zz = next(p.values[0] for p in NOT_HOLDS if p.id.startswith("郑州"))
    assert decide_statutory(zz, ()).holds and not decide_statutory(zz, REVIEWS).holds


def test_reviews_without_reason_or_quote_are_rejected() -> None:
    with pytest.raises(InvalidInput, match="缺少 reason、quote"):
        parse_statutory_reviews({"reviewed": [{"statute": "甲法", "article": "第一条", "decision": "confirm"}]})
    with pytest.raises(InvalidInput, match="decision"):
        parse_statutory_reviews({"reviewed": [{"statute": "甲法", "article": "第一条", "decision": "maybe",
                                               "reason": "因为", "quote": "原文"}]})


# -- regions --------------------------------------------------------------------------------------


def test_region_rule() -> None:
    assert region_covers(None, "浙江省衢州市柯城区") is True
    assert region_covers("浙江省", "浙江省衢州市柯城区") is True
    assert region_covers("北京市", "浙江省衢州市柯城区") is False
    assert region_covers("北京市", None) is None


def test_local_powers_go_only_to_townships_inside_the_region() -> None:
    beijing = Statute("北京市物业管理条例", "北京市物业管理条例", Level.LOCAL_REGULATION, region="北京市")
    national = Statute("血吸虫病防治条例", "血吸虫病防治条例", Level.ADMIN_REGULATION)
    p_bj = article("北京市物业管理条例", 93,
                   "第九十三条 违反本条例第六十六条规定，物业服务企业项目负责人未按时报到的，由街道办事处、乡镇人民政府责令限期改正；"
                   "逾期不改的，处五千元以上一万元以下的罚款。", (K.FINE, "处五千元以上一万元以下的罚款"))
    p_nat = HOLDS[0].values[0]
    version = StatuteVersion("x", date(2024, 3, 29), "x.md", valid_from=date(2024, 5, 1))
    towns = [Township("石梁镇", "石梁镇", "浙江省衢州市柯城区"), Township("朝阳某街道办事处", "朝阳某街道办事处", "北京市朝阳区"),
             Township("某镇", "某镇", None), Township("龙华街道办事处", "龙华街道办事处", "广东省深圳市龙华区")]
    rows = [(p, version, s, decide_statutory(p, REVIEWS)) for p, s in ((p_bj, beijing), (p_nat, national))]
    _, items, holdings = statutory_items(rows, towns)
    held: dict[str, set[str]] = {t.key: set() for t in towns}
    for h in holdings:
        held[h.township].add(h.item)
    bj, xx = "法定#北京市物业管理条例/第九十三条", "法定#血吸虫病防治条例/第五十一条"
    assert held["石梁镇"] == {xx}  # national law; Beijing's only binds Beijing
    assert held["朝阳某街道办事处"] == {bj}  # 由街道办事处、乡镇人民政府…; 血吸虫 art. 51 names 乡(镇)人民政府 only
    assert held["某镇"] == {xx}  # a township of unknown region gets national law only
    assert held["龙华街道办事处"] == set()  # a 街道办事处 is not a 乡、镇人民政府
    assert all(h.clause and "由乡(镇)人民政府" in h.clause for h in holdings if h.item == xx)
    bj_item = next(i for i in items if i.key == bj)
    assert bj_item.basis[0].reason in p_bj.text and "由街道办事处、乡镇人民政府" in bj_item.basis[0].reason
