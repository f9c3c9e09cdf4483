"""Round 9 of issue 15: general forms of sanctions, subjects, fines and deciding bodies, read off the failures of
tests/quality/penalty_tuning6.yaml (drawn and annotated before the round) and checked on the whole corpus; each test
holds real corpus wording."""

from __future__ import annotations

from ingest.penalties import analyse_penalty
from ingest.statutes import parse_statute
from kg.model import Sanction, SanctionKind


def _kinds(text: str) -> list[str]:
    return [s.kind.value for s in analyse_penalty(text).sanctions]


def _fines(text: str) -> list[Sanction]:
    return [s for s in analyse_penalty(text).sanctions if s.kind is SanctionKind.FINE]


def test_income_and_fees_taken_are_gains() -> None:
    # 药品管理法 art. 124 / 医疗器械监督管理条例 art. 81: the persons' income from the unit
    t = ("由负责药品监督管理的部门没收违法所得；情节严重的，对违法单位的法定代表人、主要负责人、直接负责的主管人员和其他责任人员，"
         "没收违法行为发生期间自本单位所获收入，并处所获收入30%以上3倍以下罚款。")
    sanctions = analyse_penalty(t).sanctions
    gains = [s for s in sanctions if s.kind is SanctionKind.CONFISCATE_GAINS]
    assert len(gains) == 2 and gains[1].subject == "责任人员"
    assert SanctionKind.CONFISCATE_PROPERTY not in {s.kind for s in sanctions}
    # 食品安全法 art. 138; 河南省国有资产评估管理条例 art. 36; 广告法 art. 55
    assert _kinds("由授予其资质的主管部门或者机构撤销该食品检验机构的检验资质，没收所收取的检验费用，并处检验费用五倍以上十倍以下罚款") == [
        "吊销许可证件", "没收违法所得", "罚款"]
    assert "没收非法财物" not in _kinds("由省国有资产管理部门给予警告，没收评估费用和违法所得，处以评估费用三倍以上五倍以下的罚款")
    assert _kinds("由市场监督管理部门责令停止发布广告，没收广告费用，并处广告费用三倍以上五倍以下的罚款") == [
        "没收违法所得", "罚款"]
    # a thing beside the money stays property: 没收实物或者违法收入
    assert set(_kinds("由工商行政管理机关没收实物或者违法收入，并处罚款")) == {"没收非法财物", "没收违法所得", "罚款"}


def test_suspension_and_revocation_forms() -> None:
    # 统计法实施条例 art. 54
    t = "由国家统计局或者省级人民政府统计机构责令改正，没收违法所得；情节严重的，暂停或者取消涉外统计调查资格。"
    assert {"暂扣许可证件", "吊销许可证件"} <= set(_kinds(t))
    # 证券法 art. 183: 暂停或者撤销相关业务许可
    assert "暂扣许可证件" in _kinds("由国务院证券监督管理机构责令改正，给予警告，并处以二十万元以上二百万元以下的罚款；情节严重的，暂停或者撤销相关业务许可。")
    # not a market measure (国内水路运输管理条例 art. 10) nor a state award (国家科学技术奖励条例 art. 31)
    assert analyse_penalty("国务院交通运输主管部门可以根据水路运输市场监测情况，决定在特定的旅客班轮运输和散装液体危险货物运输航线、"
                           "水域暂停新增运力许可。").sanctions == ()
    assert _kinds("由国务院科学技术行政部门给予通报批评；情节严重的，暂停或者取消其提名资格，并由所在单位或者有关部门依法给予处分。") == [
        "通报批评"]
    # 药品管理法 art. 123: 骗取…许可的，撤销相关许可
    assert "吊销许可证件" in _kinds("提供虚假的证明、数据、资料、样品或者采取其他手段骗取临床试验许可的，撤销相关许可，十年内不受理其相应申请，"
                                    "并处五十万元以上五百万元以下的罚款")


def test_a_revocation_before_the_persons_discipline_is_the_partys() -> None:
    # 医疗纠纷预防和处理条例 art. 48
    t = ("由县级以上人民政府卫生、司法行政部门依据职责没收违法所得，并处5万元以上10万元以下罚款；情节严重的，该医学会、司法鉴定机构和有关"
         "鉴定人员5年内不得从事医疗损害鉴定业务或者撤销登记，对直接负责的主管人员和其他直接责任人员给予或者责令给予开除的处分")
    assert "吊销许可证件" in _kinds(t)
    # the 处分 in the revocation's own segment stays discipline
    assert "吊销许可证件" not in _kinds("对直接负责的主管人员和其他直接责任人员依法给予撤职处分，取消其执业资格的处分")


def test_business_suspended_and_restricted() -> None:
    # 核安全法 art. 79: the order's second object
    assert "责令停产停业" in _kinds("由国务院核安全监督管理部门责令改正，处一百万元以上五百万元以下的罚款；拒不改正的，责令停止建设或者停产整顿")
    # …应当限期解决或者停产整顿 (乡镇企业法 art. 37) is a duty, no sanction
    assert analyse_penalty("对危害职工安全的事故隐患，应当限期解决或者停产整顿。").sanctions == ()
    # 金融违法行为处罚办法 art. 28
    assert "责令停产停业" in _kinds("信托投资公司违反前款规定的，给予警告，没收违法所得；情节严重的，暂停或者停止该项业务")
    # 反电信网络诈骗法 art. 40; 医疗器械监督管理条例 art. 94
    assert "限制开展生产经营活动" in _kinds("由有关主管部门处五十万元以上五百万元以下罚款，并可以由有关主管部门责令停止新增业务、缩减业务类型或者业务范围")
    assert "限制开展生产经营活动" in _kinds("由负责药品监督管理的部门责令改正，处5万元以上10万元以下罚款；造成严重后果的，5年内禁止其开展相关专业"
                                          "医疗器械临床试验")


def test_bans_on_persons() -> None:
    # 浙江省司法鉴定管理条例 art. 47: a term makes 停止从事…业务 a ban
    assert _kinds("违反前款规定，情节严重的，由省司法行政部门给予停止从事司法鉴定业务三个月以上一年以下的处罚。") == ["限制从业"]
    assert analyse_penalty("由市场监督管理部门责令停止从事违法经营活动").sanctions == ()
    # 生猪屠宰管理条例 art. 38
    info = analyse_penalty("违反本条例规定，生猪定点屠宰厂（场）被吊销生猪定点屠宰证书的，其法定代表人（负责人）、直接负责的主管人员和其他"
                           "直接责任人员自处罚决定作出之日起5年内不得申请生猪定点屠宰证书或者从事生猪屠宰管理活动")
    assert [(s.kind.value, s.subject) for s in info.sanctions] == [("限制从业", "责任人员")]
    # 北京市食品安全条例 art. 72: 对单位被吊销…负有责任的…人员 names persons, not the unit
    info = analyse_penalty("对单位被吊销食品生产、流通或者餐饮服务许可证负有责任的单位主要负责人、直接负责的主管人员、直接责任人员自吊销"
                           "许可证的行政处罚决定作出之日起5年内不得从事食品生产、经营和管理工作。")
    assert [(s.kind.value, s.subject) for s in info.sanctions] == [("限制从业", "责任人员")]


def test_a_warning_named_a_punishment_beside_discipline() -> None:
    # 河南省消防条例 art. 70, 消防法 art. 67
    t = ("单位违反本条例第十四条规定，未履行消防安全职责的，由公安机关消防机构责令限期改正；逾期不改正的，对单位处以二千元以上五千元以下罚款。"
         "对其直接负责的主管人员和其他直接责任人员依法给予处分或者给予警告处罚")
    assert [(s.kind.value, s.subject) for s in analyse_penalty(t).sanctions if s.kind is SanctionKind.WARNING] == [("警告", "责任人员")]


def test_a_long_list_of_persons_is_the_subject() -> None:
    # 非银行支付机构监督管理条例 art. 47: 31 characters of persons
    t = ("由中国人民银行依法予以取缔，没收违法所得。对其法定代表人或者主要负责人、直接负责的主管人员和其他直接责任人员给予警告，"
         "并处10万元以上50万元以下罚款。")
    assert [(s.kind.value, s.subject) for s in analyse_penalty(t).sanctions][1:] == [("警告", "责任人员"), ("罚款", "责任人员")]


def test_a_suspension_before_the_decision_is_a_measure() -> None:
    # 郑州市客运出租汽车管理条例 art. 43
    t = ("（八）违反本条例第三十三条的，给予警告，责令改正；情节严重的，可以处五百元以下罚款。\n"
         "有前款所列行为之一，罚款规定在五十元以上的，在作出行政处罚决定之前，可以暂扣车辆运营证，并出具暂扣凭证。")
    assert "暂扣许可证件" not in _kinds(t)


def test_fines_in_alternatives_and_bases_owed() -> None:
    # 财政违法行为处罚处分条例 art. 14: two multiples joined by 或者
    fines = _fines("给予警告，没收违法所得，并处被骗取有关资金10%以上50%以下的罚款或者被违规使用有关资金10%以上30%以下的罚款")
    assert [(f.min_multiple, f.max_multiple, f.multiple_base) for f in fines] == [
        (0.1, 0.5, "被骗取有关资金"), (0.1, 0.3, "被违规使用有关资金")]
    # a 罚款 inside the base is no earlier fine: 处单位罚款数额百分之五以上百分之十以下的罚款 (招标投标法 art. 50)
    fines = _fines("对单位直接负责的主管人员和其他直接责任人员处单位罚款数额百分之五以上百分之十以下的罚款")
    assert [(f.min_multiple, f.max_multiple, f.multiple_base, f.subject) for f in fines] == [
        (0.05, 0.1, "单位罚款数额", "责任人员")]
    # 北京市物业管理条例 art. 98 (十一); 开封市城市市容和环境卫生管理条例 art. 40: 应当缴纳 names the base
    fines = _fines("由规划自然资源主管部门责令当事人限期改正、按照实际使用用途类型应当缴纳的土地使用权地价款数额的二倍处以罚款")
    assert [(f.min_multiple, f.max_multiple) for f in fines] == [(2.0, 2.0)]
    assert _fines("违反本条例规定，未缴纳城市生活垃圾处理费的，由市容环境卫生行政主管部门责令限期缴纳，处以应当缴纳城市生活垃圾处理费"
                  "金额一至三倍罚款")[0].max_multiple == 3.0
    # paying a fine stays procedure
    assert _fines("当事人应当缴纳罚款") == []


def test_bodies() -> None:
    # 药品管理法 art. 124: 并可以由公安机关处…拘留 decides the detention only
    t = ("违反本法规定，有下列行为之一的，没收违法生产、进口、销售的药品和违法所得，责令停产停业整顿，并处违法生产、进口、销售的药品货值金额"
         "十五倍以上三十倍以下的罚款；情节严重的，对法定代表人、主要负责人、直接负责的主管人员和其他责任人员，处二万元以上二十万元以下的罚款，"
         "并可以由公安机关处五日以上十五日以下的拘留：\n（一）未取得药品批准证明文件生产、进口药品；")
    assert analyse_penalty(t).competent_body is None
    # 农药管理条例 art. 58: 并由发证机关吊销 — the fine is the department's
    t = ("农药经营者有下列行为之一的，由县级以上地方人民政府农业主管部门责令改正；拒不改正或者情节严重的，处2000元以上2万元以下罚款，"
         "并由发证机关吊销农药经营许可证：")
    assert analyse_penalty(t).competent_body == "县级以上地方人民政府农业主管部门"
    # 卫星地面接收设施接收外国卫星传送电视节目管理办法 art. 12: X会同Y → X
    t = ("违反本办法第七条的规定，未持有《许可证》而擅自设置卫星地面接收设施的单位，省、自治区、直辖市人民政府广播电视行政管理部门会同"
         "公安机关、国家安全机关可以没收其卫星地面接收设施，并处以五万元以下的罚款。")
    assert analyse_penalty(t).competent_body == "省、自治区、直辖市人民政府广播电视行政管理部门"


_NANYANG = """# 南阳市城市市容和环境卫生管理条例

<!-- INFO END -->

第一条 为了加强城市市容和环境卫生管理，制定本条例。

第六条 市、县（市、区）城市市容环境卫生行政主管部门负责本行政区域内的城市市容和环境卫生管理工作。
市、县（市、区）城市管理综合执法部门负责对违反本条例的行为予以查处。

第三十七条 违反本条例第十一条规定的，按照下列规定予以处罚：
（一）违反第一项规定的，责令限期改正；逾期不改正的，对单位并处一千元以上五千元以下罚款，对个人并处二百元以上一千元以下罚款。
"""

_ZHIAN = """# 治安管理处罚法

<!-- INFO END -->

第七条 国务院公安部门负责全国的治安管理工作。县级以上地方各级人民政府公安机关负责本行政区域内的治安管理工作。

第二十六条 有下列行为之一的，处五日以上十日以下拘留，可以并处五百元以下罚款：
（一）结伙斗殴的；

第九十一条 治安管理处罚由县级以上人民政府公安机关决定；其中警告、五百元以下的罚款可以由公安派出所决定。
"""

_GONGYE = """# 工业产品生产许可证管理条例

<!-- INFO END -->

第六条 国务院工业产品生产许可证主管部门依照本条例负责全国工业产品生产许可证统一管理工作，县级以上地方工业产品生产许可证主管部门负责本行政区域内的工业产品生产许可证管理工作。

第四十六条 取得生产许可证的企业名称发生变化，未依照本条例规定办理变更手续的，责令限期办理相关手续；逾期仍未办理的，责令停止生产、销售，没收违法生产、销售的产品，并处违法生产、销售产品货值金额等值以下的罚款。
"""


def _inferred(md: str, source: str, article: int) -> tuple[str | None, str | None]:
    p = next(p for p in parse_statute(md, source).provisions if p.id.article == article)
    return p.competent_body, p.competent_body_source


def test_inferred_bodies() -> None:
    # the body that deals with breaches before the one that manages the field
    assert _inferred(_NANYANG, "地方性法规/南阳市城市市容和环境卫生管理条例(2019-01-14).md", 37) == (
        "市、县（市、区）城市管理综合执法部门", "inferred")
    # 治安管理处罚由…决定 assigns the penalties like 本法规定的行政处罚，由…
    assert _inferred(_ZHIAN, "法律/治安管理处罚法(2012-10-26).md", 26) == ("县级以上人民政府公安机关", "inferred")
    # the local clause of a sentence that starts with the national body
    assert _inferred(_GONGYE, "行政法规/工业产品生产许可证管理条例(2023-07-20).md", 46) == (
        "县级以上地方工业产品生产许可证主管部门", "inferred")


def test_per_unit_fine_with_a_cap_of_the_total() -> None:
    # 出境入境管理法 art. 80: the figures and the verb before the cap's comma
    t = ("介绍外国人非法就业的，对个人处每非法介绍一人五千元，总额不超过五万元的罚款；对单位处每非法介绍一人五千元，总额不超过十万元的"
         "罚款；有违法所得的，没收违法所得。")
    assert [(f.min_amount, f.max_amount, f.per, f.subject) for f in _fines(t)] == [
        (5000.0, 5000.0, "每人", "个人"), (5000.0, 5000.0, "每人", "单位")]


def test_loose_closures() -> None:
    # 衢州市城市市容和环境卫生管理条例 art. 34; 防止拆船污染环境管理条例 art. 17
    assert "责令关闭" in _kinds("违反本条第二款规定的，由市场监督管理部门责令改正；拒不改正的，予以关闭，并处一万元以上十万元以下罚款。")
    assert "责令关闭" in _kinds("违反本条例规定，擅自在第五条第二款所指的区域设置拆船厂并进行拆船的，按照分级管理的原则，由县级以上人民政府"
                                "责令限期关闭或者搬迁。")
    # a closure by policy, for no breach: 已经建成的 (山东省土壤污染防治条例 art. 42), 本条例实施前已合法建成的 (广州市流溪河流域保护条例
    # art. 35)
    assert analyse_penalty("永久基本农田集中区域不得新建可能造成土壤污染的建设项目；已经建成的，由所在地县级以上人民政府责令限期关闭"
                           "拆除。").sanctions == ()
    assert analyse_penalty("本条例实施前已合法建成的本条第二款规定的设施、项目，不符合功能区规划的，由所在区人民政府在本条例实施之日起"
                           "三年内组织搬迁，并依法给予补偿；未按要求搬迁的，依法予以关闭。").sanctions == ()
    # asked of a government for a breach stays (国务院关于预防煤矿生产安全事故的特别规定 art. 5)
    assert "责令关闭" in _kinds("负责颁发前款规定证照的部门，一经发现煤矿无证照或者证照不全从事生产的，应当责令该煤矿立即停止生产，没收违法"
                                "所得，并处违法所得1倍以上5倍以下的罚款；同时于2日内提请当地县级以上地方人民政府予以关闭")


def test_bans_with_a_term_range_or_again() -> None:
    # 招标投标法 art. 50; 上海市推进浦东新区实施建筑师负责制若干规定 art. 21
    assert "限制开展生产经营活动" in _kinds("禁止其一年至二年内代理依法必须进行招标的项目并予以公告，直至由工商行政管理机关吊销营业执照")
    assert "限制从业" in _kinds("对违法行为人处一万元以上十万元以下罚款，且该违法行为人三年内不得再次担任责任建筑师")


def test_a_body_named_after_the_sanctions_for_its_own_measure() -> None:
    # 期货和衍生品法 art. 136: 由县级以上人民政府予以取缔 decides none of the sanctions before it
    t = ("违反本法第十一条规定，非法设立期货交易场所的，没收违法所得，并处以违法所得一倍以上十倍以下的罚款。对直接负责的主管人员和其他直接"
         "责任人员给予警告，并处以二十万元以上二百万元以下的罚款。非法设立期货交易场所的，由县级以上人民政府予以取缔。")
    assert analyse_penalty(t).competent_body is None


def test_subjects_of_revocations_and_criticism() -> None:
    # 认证认可条例 art. 61; 地名管理条例 art. 37
    t = ("由认证监督管理部门责令改正，处5万元以上20万元以下的罚款；对直接负责的主管人员和负有直接责任的认证人员，撤销其执业资格。")
    assert [(s.kind.value, s.subject) for s in analyse_penalty(t).sanctions][-1] == ("吊销许可证件", "责任人员")
    assert [(s.kind.value, s.subject) for s in analyse_penalty("逾期不改正的，对违法单位通报批评。").sanctions] == [("通报批评", "单位")]


_LONGHU = """# 周口市淮阳龙湖保护条例

<!-- INFO END -->

第七条 市人民政府设立的淮阳龙湖管理机构，负责淮阳龙湖保护区的保护、管理、协调等工作。

第四十七条 违反本条例第三十六条第一款规定的，责令立即改正，并处二百元罚款。
"""


def test_a_body_set_up_to_manage_an_area() -> None:
    assert _inferred(_LONGHU, "地方性法规/周口市淮阳龙湖保护条例(2018-10-30).md", 47) == ("淮阳龙湖管理机构", "inferred")
    # 国家体委或者省、自治区体委视情节轻重，可以分别给予警告 (外国人来华登山管理办法 art. 24)
    t = ("外国人来华登山，违反本办法第十二条规定或者未经国家体委批准擅自登山的，国家体委或者省、自治区体委视情节轻重，可以分别给予警告、"
         "五千元至五万元的罚款以及停止登山活动等处罚。")
    assert analyse_penalty(t).competent_body == "国家体委或者省、自治区体委"


def test_a_revocation_of_the_licence_named_before() -> None:
    # 农药管理条例 art. 62
    t = ("伪造、变造、转让、出租、出借农药登记证、农药生产许可证、农药经营许可证等许可证明文件的，由发证机关收缴或者予以吊销，没收违法所得，"
         "并处1万元以上5万元以下罚款")
    assert _kinds(t) == ["吊销许可证件", "没收违法所得", "罚款"]
    assert analyse_penalty("营业执照由登记机关核发，其他部门或单位不得扣缴或者吊销。").sanctions == ()


def test_forms_of_the_check_sample() -> None:
    # 北京市机动车停车条例 art. 33: 每个泊位
    fines = _fines("违反第一款规定，改变停车设施用途的，由城市管理综合执法部门责令限期改正、恢复原状，并处每个泊位一万元罚款。")
    assert [(f.min_amount, f.per) for f in fines] == [(10000.0, "每泊位")]
    # 浙江省建设工程勘察设计管理条例 art. 37: X或者会同有关部门 → X
    t = ("工程勘察设计单位有下列行为之一的，由县级以上建设行政主管部门或者会同有关部门责令其限期改正，予以警告，没收其违法所得，情节严重的，"
         "可按规定的权限吊销其资质证书，并可处以一万元以上十万元以下的罚款")
    assert analyse_penalty(t).competent_body == "县级以上建设行政主管部门"
    # 非银行支付机构监督管理条例 art. 50; 招标投标法 art. 54 (直至由工商行政管理机关吊销营业执照 decides the revocation only)
    assert "限制开展生产经营活动" in _kinds("情节严重或者逾期不改正的，限制部分支付业务或者责令停业整顿，直至吊销其支付业务许可证")
    t = ("依法必须进行招标的项目的投标人有前款所列行为尚未构成犯罪的，处中标项目金额千分之五以上千分之十以下的罚款；情节严重的，取消其一年至"
         "三年内参加依法必须进行招标的项目的投标资格并予以公告，直至由工商行政管理机关吊销营业执照。")
    info = analyse_penalty(t)
    assert "限制开展生产经营活动" in [s.kind.value for s in info.sanctions] and info.competent_body is None
