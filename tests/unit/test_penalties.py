"""Penalty analysis on real articles (corpus/laws) and Shenzhen discretion rows (corpus/catalogs)."""

from __future__ import annotations

import pytest

from ingest.penalties import PenaltyInfo, analyse_penalty, parse_amount_range, parse_multiple_range
from kg.model import Sanction, SanctionKind

K = SanctionKind

# 城乡规划法 (2019) art. 64 and 65
CXGH_64 = (
    "第六十四条 未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府城乡规划主管部门"
    "责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；无法采取"
    "改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。"
)
CXGH_65 = (
    "第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，"
    "由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。"
)
CXGH_67 = (
    "第六十七条 建设单位未在建设工程竣工验收后六个月内向城乡规划主管部门报送有关竣工验收资料的，由所在地城市、县人民政府"
    "城乡规划主管部门责令限期补报；逾期不补报的，处一万元以上五万元以下的罚款。"
)
CXGH_68 = (
    "第六十八条 城乡规划主管部门作出责令停止建设或者限期拆除的决定后，当事人不停止建设或者逾期不拆除的，建设工程所在地"
    "县级以上地方人民政府可以责成有关部门采取查封施工现场、强制拆除等措施。"
)
# 大气污染防治法 (2018) art. 119
DQ_119 = (
    "第一百一十九条 违反本法规定，在人口集中地区对树木、花草喷洒剧毒、高毒农药，或者露天焚烧秸秆、落叶等产生烟尘污染的"
    "物质的，由县级以上地方人民政府确定的监督管理部门责令改正，并可以处五百元以上二千元以下的罚款。\n"
    "违反本法规定，在人口集中地区和其他依法需要特殊保护的区域内，焚烧沥青、油毡、橡胶、塑料、皮革、垃圾以及其他产生有毒"
    "有害烟尘和恶臭气体的物质的，由县级人民政府确定的监督管理部门责令改正，对单位处一万元以上十万元以下的罚款，对个人处"
    "五百元以上二千元以下的罚款。\n"
    "违反本法规定，在城市人民政府禁止的时段和区域内燃放烟花爆竹的，由县级以上地方人民政府确定的监督管理部门依法予以处罚。"
)
# 城市市容和环境卫生管理条例 (2017) art. 34, with half-width item brackets as in the corpus file
SRHJ_34 = (
    "第三十四条 有下列行为之一者，城市人民政府市容环境卫生行政主管部门或者其委托的单位除责令其纠正违法行为、"
    "采取补救措施外，可以并处警告、罚款：\n"
    "(一)随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物的；\n"
    "(二)在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品等的；\n"
    "(三)在城市人民政府规定的街道的临街建筑物的阳台和窗外，堆放、吊挂有碍市容的物品的；\n"
    "(四)不按规定的时间、地点、方式，倾倒垃圾、粪便的；"
)
# 城市道路管理条例 (2019) art. 42 (lead-in)
CSDL_42 = (
    "第四十二条 违反本条例第二十七条规定，或者有下列行为之一的，由市政工程行政主管部门或者其他有关部门责令限期改正，"
    "可以处以2万元以下的罚款；造成损失的，应当依法承担赔偿责任："
)
# 治安管理处罚法 (2012) art. 23 (lead-in)
ZAGL_23 = "第二十三条 有下列行为之一的，处警告或者二百元以下罚款；情节较重的，处五日以上十日以下拘留，可以并处五百元以下罚款:"
# 建筑法 art. 66
JZF_66 = (
    "第六十六条 建筑施工企业转让、出借资质证书或者以其他方式允许他人以本企业的名义承揽工程的，责令改正，没收违法所得，"
    "并处罚款，可以责令停业整顿，降低资质等级；情节严重的，吊销资质证书。"
)
# 突发事件应对法 art. 96 (lead-in)
TFSJ_96 = (
    "第九十六条 有关单位有下列情形之一，由所在地履行统一领导职责的人民政府有关部门责令停产停业，暂扣或者吊销许可证件，"
    "并处五万元以上二十万元以下的罚款；情节特别严重的，并处二十万元以上一百万元以下的罚款："
)
# 产品质量法 art. 49
CPZL_49 = (
    "第四十九条 生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的，责令停止生产、销售，没收违法"
    "生产、销售的产品，并处违法生产、销售产品（包括已售出和未售出的产品，下同）货值金额等值以上三倍以下的罚款；有违法"
    "所得的，并处没收违法所得；情节严重的，吊销营业执照；构成犯罪的，依法追究刑事责任。"
)
# Shenzhen discretion standard rows (设定依据), 深圳经济特区市容和环境卫生管理条例 art. 20 and 18
SZ_20 = (
    "禁止擅自在城市道路、公共场所上空和住宅、楼宇之间设置架空管线。违反第一款规定的，由市、区城管和综合执法部门责令限期"
    "改正；逾期未改正的，处五百元以上一千元以下罚款，并没收设置的架空管线。违反第二款规定的，由市、区城管和综合执法部门"
    "责令改正；拒不改正的，处二百元罚款。"
)
SZ_18 = (
    "违反第二款规定的，由市、区城管和综合执法部门责令改正；拒不改正的，由市、区城管和综合执法部门按照占地面积处每平方米"
    "一千元罚款；情节严重的，并处没收违法堆放、摆卖的物品和实施违法行为的工具。"
)
# 深圳经济特区城市园林条例 art. 45 para. 2 and 深圳市城市照明管理办法 art. 41 item 4 (Arabic amounts)
SZ_YL_45 = (
    "违反本条例第三十二条第二款规定的，由园林主管部门责令改正；造成损失的，应当承担赔偿责任，并可以处赔偿额一至二倍罚款；"
    "违反《中华人民共和国治安管理处罚法》的，由公安部门给予处罚；构成犯罪的，依法追究刑事责任。"
)
SZ_ZM_41 = (
    "（四）违反本办法第二十六条第一款规定，擅自迁移、拆除、改动城市道路照明设施，或者在城市道路照明管线上方开挖的，责令单位"
    "或者个人恢复原状，对个人处200元罚款，对单位处20000元罚款；损坏城市道路照明设施的，责令单位或者个人恢复原状，赔偿损失，"
    "对个人处500元罚款，对单位处20000元以上50000元以下罚款"
)


def kinds(info: PenaltyInfo) -> list[SanctionKind]:
    return [s.kind for s in info.sanctions]


def fines(info: PenaltyInfo) -> list[Sanction]:
    return [s for s in info.sanctions if s.kind is K.FINE]


def test_cxgh_64_percentages_are_multiples_of_the_project_cost() -> None:
    info = analyse_penalty(CXGH_64)
    assert kinds(info) == [K.STOP_CONSTRUCTION, K.CORRECT, K.FINE, K.DEMOLISH, K.CONFISCATE_GAINS,
                           K.CONFISCATE_PROPERTY, K.FINE]
    first, second = fines(info)
    assert (first.min_multiple, first.max_multiple, first.multiple_base) == (0.05, 0.1, "建设工程造价")
    assert first.text == "处建设工程造价百分之五以上百分之十以下的罚款"
    assert (second.min_multiple, second.max_multiple) == (None, 0.1)
    assert first.min_amount is None and first.max_amount is None
    assert info.competent_body == "县级以上地方人民政府城乡规划主管部门"
    assert not info.township_competent
    assert info.violated == ()  # 未取得…许可证: no article is named


def test_cxgh_65_township_is_competent() -> None:
    info = analyse_penalty(CXGH_65)
    assert kinds(info) == [K.STOP_CONSTRUCTION, K.CORRECT, K.DEMOLISH]
    assert info.competent_body == "乡、镇人民政府"
    assert info.township_competent
    assert not info.is_penalty  # orders only (责令停止建设, 限期改正, 拆除): no 行政处罚 of art. 9


def test_cxgh_67_fine_by_city_or_county() -> None:
    info = analyse_penalty(CXGH_67)
    (fine,) = fines(info)
    assert (fine.min_amount, fine.max_amount) == (10_000, 50_000)
    assert info.competent_body == "所在地城市、县人民政府城乡规划主管部门"


def test_cxgh_68_enforcement_is_no_penalty() -> None:
    # 责令停止建设 / 限期拆除 named as earlier decisions, no sanction set here
    assert analyse_penalty(CXGH_68) == PenaltyInfo()


def test_daqi_119_two_bodies_and_distinct_fines() -> None:
    info = analyse_penalty(DQ_119)
    ranges = [(f.min_amount, f.max_amount) for f in fines(info)]
    # the 500–2000 fine for persons of para. 2 has the range of para. 1's but its own subject: both are kept
    assert ranges == [(500, 2000), (10_000, 100_000), (500, 2000)]
    assert [f.subject for f in fines(info)] == [None, "单位", "个人"]
    assert [f.text for f in fines(info)][1] == "对单位处一万元以上十万元以下的罚款"
    assert info.competent_body == "县级以上地方人民政府确定的监督管理部门"


def test_city_appearance_34_subject_without_you_and_listed_sanctions() -> None:
    info = analyse_penalty(SRHJ_34)
    assert kinds(info) == [K.CORRECT, K.WARNING, K.FINE]
    assert fines(info)[0].max_amount is None
    assert info.competent_body == "城市人民政府市容环境卫生行政主管部门或者其委托的单位"


def test_arabic_amounts_and_violated_internal_article() -> None:
    info = analyse_penalty(CSDL_42)
    (fine,) = fines(info)
    assert (fine.min_amount, fine.max_amount) == (None, 20_000)
    assert [(c.internal, c.article) for c in info.violated] == [(True, 27)]


def test_public_security_detention() -> None:
    info = analyse_penalty(ZAGL_23)
    assert K.WARNING in kinds(info) and K.DETENTION in kinds(info)
    assert [(f.min_amount, f.max_amount) for f in fines(info)] == [(None, 200), (None, 500)]
    detention = next(s for s in info.sanctions if s.kind is K.DETENTION)
    assert detention.text == "五日以上十日以下拘留"


def test_licences_qualification_and_business_suspension() -> None:
    info = analyse_penalty(JZF_66)
    assert kinds(info) == [K.CORRECT, K.CONFISCATE_GAINS, K.FINE, K.SUSPEND_BUSINESS, K.LOWER_QUALIFICATION,
                           K.REVOKE_LICENCE]
    info = analyse_penalty(TFSJ_96)
    assert kinds(info)[:3] == [K.SUSPEND_BUSINESS, K.SUSPEND_LICENCE, K.REVOKE_LICENCE]
    assert [(f.min_amount, f.max_amount) for f in fines(info)] == [(50_000, 200_000), (200_000, 1_000_000)]


def test_product_quality_goods_value_multiple_with_bracketed_comma() -> None:
    info = analyse_penalty(CPZL_49)
    (fine,) = fines(info)
    assert (fine.min_multiple, fine.max_multiple, fine.multiple_base) == (1.0, 3.0, "货值金额")
    assert K.CONFISCATE_PROPERTY in kinds(info) and K.CONFISCATE_GAINS in kinds(info)
    assert any(s.text == "吊销营业执照" for s in info.sanctions)


def test_shenzhen_row_with_two_paragraph_references() -> None:
    info = analyse_penalty(SZ_20)
    assert [(f.min_amount, f.max_amount) for f in fines(info)] == [(500, 1000), (200, 200)]
    assert K.CONFISCATE_PROPERTY in kinds(info)
    assert [(c.relative, c.paragraph) for c in info.violated] == [("本条", 1), ("本条", 2)]
    assert info.competent_body == "市、区城管和综合执法部门"


def test_shenzhen_per_square_metre_and_multiple_of_damages() -> None:
    (fine,) = fines(analyse_penalty(SZ_18))
    assert (fine.min_amount, fine.max_amount) == (1000, 1000)
    info = analyse_penalty(SZ_YL_45)
    (fine,) = fines(info)
    assert (fine.min_multiple, fine.max_multiple, fine.multiple_base) == (1.0, 2.0, "赔偿额")
    assert [(c.article, c.paragraph) for c in info.violated] == [(32, 2)]


def test_shenzhen_lighting_arabic_amounts() -> None:
    info = analyse_penalty(SZ_ZM_41)
    assert [(f.min_amount, f.max_amount) for f in fines(info)] == [
        (200, 200), (20_000, 20_000), (500, 500), (20_000, 50_000)]
    assert [(c.article, c.paragraph) for c in info.violated] == [(26, 1)]


@pytest.mark.parametrize("text", [
    # 行政处罚法 (2021) art. 74 / 67 / 69: fines in procedure, not set
    ("第七十四条 除依法应当予以销毁的物品外，依法没收的非法财物必须按照国家规定公开拍卖或者按照国家有关规定处理。"
    "罚款、没收的违法所得或者没收非法财物拍卖的款项，必须全部上缴国库，任何行政机关或者个人不得以任何形式截留、私分或者变相私分。"),
    ("第六十七条 作出罚款决定的行政机关应当与收缴罚款的机构分离。除依照本法第六十八条、第六十九条的规定当场收缴的罚款外，"
    "作出行政处罚决定的行政机关及其执法人员不得自行收缴罚款。当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行"
    "或者通过电子支付系统缴纳罚款。"),
    "第八条 代收机构代收罚款，应当向当事人出具罚款收据。罚款收据的格式和印制，由财政部规定。",
    "第七条 处分的种类为：（一）警告；（二）记过；（三）记大过；（四）降级；（五）撤职；（六）开除。",
    "第十四条 船舶、设施的有关人员必须按照规定抄收海岸电台播发的海上航行警告。",
    "第三十一条 对桥梁、隧道、急弯、陡坡或者容易发生危险的路段，应当按照国家标准设置警告标志和安全防护设施。",
    "第五百二十九条 人民法院对没收违法所得的申请进行审理，人民检察院应当承担举证责任。",
    ("第五十三条 主管部门及其工作人员有下列行为之一的，由其所在单位或者上级主管机关责令限期改正，对直接负责的主管人员"
    "和其他直接责任人员依法给予行政处分；构成犯罪的，依法追究刑事责任："),
    "第二条 为了加强城乡规划管理，协调城乡空间布局，改善人居环境，制定本法。",
])
def test_no_sanction_set(text: str) -> None:
    info = analyse_penalty(text)
    assert info == PenaltyInfo() and not info.is_penalty


def test_orders_alone_need_a_named_body() -> None:
    assert analyse_penalty("违反前款规定的，责令改正。").sanctions == ()
    assert kinds(analyse_penalty("专利标识不符合前款规定的，由县级以上负责专利执法的部门责令改正。")) == [K.CORRECT]


def test_violated_only_from_violation_phrases() -> None:
    info = analyse_penalty("违反本法第十二条、第十三条规定的，依照本法第六十四条的规定处罚，处一万元以下罚款。")
    assert [c.article for c in info.violated] == [12, 13]
    assert analyse_penalty("有下列行为之一的，处二百元罚款：").violated == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("处五千元以上五万元以下的罚款", (5000, 50_000)),
    ("处一万元以下罚款", (None, 10_000)),
    ("处二千元罚款", (2000, 2000)),
    ("五万元以上十万元以下", (50_000, 100_000)),
    ("对个人处200元罚款", (200, 200)),
    ("处二十万元罚款", (200_000, 200_000)),
    ("处1万元以上5万元以下罚款", (10_000, 50_000)),
    ("处一至三万元罚款", (10_000, 30_000)),
    ("处一百五十万元以下的罚款", (None, 1_500_000)),
    ("处0.5万元罚款", (5000, 5000)),
])
def test_amounts(text: str, expected: tuple[float | None, float | None]) -> None:
    assert parse_amount_range(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("处违法所得一倍以上三倍以下的罚款", (1.0, 3.0, "违法所得")),
    ("处货值金额五倍以上十倍以下的罚款", (5.0, 10.0, "货值金额")),
    ("处工程造价百分之五以上百分之十以下的罚款", (0.05, 0.1, "工程造价")),
    ("可以并处临时建设工程造价一倍以下的罚款", (None, 1.0, "临时建设工程造价")),
    ("并处欠缴税款百分之五十以上五倍以下的罚款", (0.5, 5.0, "欠缴税款")),
    ("对企业处项目总投资额5‰以上10‰以下的罚款", (0.005, 0.01, "项目总投资额")),
    ("处其造成损失部分10%到50%的罚款", (0.1, 0.5, "造成损失部分")),
])
def test_multiples(text: str, expected: tuple[float | None, float | None, str | None]) -> None:
    assert parse_multiple_range(text) == expected


def test_no_amount_in_plain_numbers() -> None:
    assert parse_amount_range("处五日以上十日以下拘留") is None
    assert parse_multiple_range("处五千元以上五万元以下的罚款") is None
