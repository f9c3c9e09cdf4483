"""Round 10 of issue 15: forms the extractor missed anywhere in the corpus, found by census over all 罚则 of the
shared corpus (every sanction-like phrase no extracted sanction covers, grouped by form and counted), not by a
sample; each test holds real corpus wording."""

from __future__ import annotations

from ingest.penalties import analyse_penalty
from kg.model import Sanction, SanctionKind


def _sanctions(text: str) -> list[tuple[str, str]]:
    return [(s.kind.value, s.text) for s in analyse_penalty(text).sanctions]


def _kinds(text: str) -> list[str]:
    return [s.kind.value for s in analyse_penalty(text).sanctions]


def _fines(text: str) -> list[Sanction]:
    return [s for s in analyse_penalty(text).sanctions if s.kind is SanctionKind.FINE]


def test_a_licence_whose_name_starts_with_qi() -> None:
    # 期货交易管理条例 art. 66: 吊销期货… is no 吊销期间 / 吊销期限
    t = "期货公司有下列行为之一的，责令改正，给予警告，没收违法所得；情节严重的，责令停业整顿或者吊销期货业务许可证："
    assert ("吊销许可证件", "吊销期货业务许可证") in _sanctions(t)


def test_revoking_an_approval_or_a_registration() -> None:
    # 认证认可条例 art. 57; 广告法 art. 55; 反垄断法 art. 56 (依法撤销登记)
    assert ("吊销许可证件", "撤销批准文件") in _sanctions(
        "由认证认可监督管理部门责令改正，处5万元以上20万元以下的罚款，有违法所得的，没收违法所得；情节严重的，撤销批准文件，并予公布。")
    assert ("吊销许可证件", "撤销广告审查批准文件") in _sanctions(
        "由市场监督管理部门责令停止发布广告，处广告费用五倍以上十倍以下的罚款，并可以吊销营业执照，并由广告审查机关撤销广告审查批准文件。")
    assert ("吊销许可证件", "撤销登记") in _sanctions(
        "行业协会违反本法规定，组织本行业的经营者达成垄断协议的，由反垄断执法机构责令改正，可以处三百万元以下的罚款；情节严重的，"
        "社会团体登记管理机关可以依法撤销登记。")
    # the order to withdraw a decision stays out: 撤销…决定
    assert "吊销许可证件" not in _kinds("由上级机关责令撤销批准文件的决定，处一万元以下罚款。")


def test_business_suspended_with_the_party_between() -> None:
    # 山东省安全生产条例 art. 72; 公司法 art. 207 (责令该机构停业, not 停业执照)
    assert ("责令停产停业", "责令生产经营单位停产停业整顿") in _sanctions(
        "由应急管理部门责令限期改正，处十万元以上五十万元以下的罚款，责令生产经营单位停产停业整顿。")
    assert ("责令停产停业", "责令该机构停业") in _sanctions(
        "由公司登记机关没收违法所得，处以违法所得一倍以上五倍以下的罚款，并可以由有关主管部门依法责令该机构停业、"
        "吊销直接责任人员的资格证书，吊销营业执照。")
    # 证券投资基金法 art. 137: a lawful business stopped when the breach is grave
    assert ("责令停产停业", "责令其停止基金服务业务") in _sanctions(
        "责令改正，给予警告，没收违法所得，并处违法所得一倍以上五倍以下罚款；情节严重的，责令其停止基金服务业务。")
    # 广告法 art. 55: 由有关部门暂停广告发布业务
    assert "责令停产停业" in _kinds(
        "处广告费用五倍以上十倍以下的罚款，并可以由有关部门暂停广告发布业务、吊销营业执照。")


def test_stopping_enrolment_is_a_sanction_only_beside_another() -> None:
    # 民办教育促进法 art. 62: 情节严重的，责令停止招生、吊销办学许可证
    assert ("责令停产停业", "责令停止招生") in _sanctions(
        "由县级以上人民政府教育行政部门责令限期改正，并予以警告；有违法所得的，退还所收费用后没收违法所得；情节严重的，"
        "责令停止招生、吊销办学许可证。")
    # 北京市实施《中华人民共和国民办教育促进法》办法 art. 37: the order to stop enrolling unlawfully, no 罚则
    info = analyse_penalty("民办学校违反本办法第十四条的规定，在筹备设立期内招收学生的，由审批机关责令停止招生，退还向学生收取的费用。")
    assert not info.is_penalty


def test_bans_for_a_term_on_activities_and_practice() -> None:
    # 北京市建设工程质量条例 art. 76; 科学技术进步法 art. 110; 生物安全法 art. 74; 人体器官移植条例 art. 28
    assert ("限制开展生产经营活动", "一年内暂停承接工程") in _sanctions(
        "由住房城乡建设行政主管部门责令改正，处5万元以上10万元以下的罚款，一年内暂停承接工程质量检测、房屋安全鉴定业务。")
    assert "限制开展生产经营活动" in _kinds(
        "由有关主管部门责令改正，追回有关财政性资金和违法所得，依法处以罚款，禁止一定期限内承担或者参与财政性资金支持的科学技术活动。")
    assert "限制从业" in _kinds(
        "处违法所得十倍以上二十倍以下的罚款，并可以依法禁止一定期限内从事相应的生物技术研究、开发与应用活动。")
    assert "限制从业" in _kinds(
        "由县级以上地方人民政府卫生主管部门依照职责分工暂停其6个月以上1年以下执业活动；情节特别严重的，由原发证部门吊销其执业证书。")


def test_suspension_forms_of_the_second_census_pass() -> None:
    # 安全生产法 art. 98: the order's second object; 未成年人保护法 art. 121: 停产停业 before 或者吊销
    assert ("责令停产停业", "停产停业整顿") in _sanctions(
        "有下列行为之一的，责令停止建设或者停产停业整顿，限期改正，并处十万元以上五十万元以下的罚款")
    assert ("责令停产停业", "停业") in _sanctions("由省人民政府司法行政部门给予三个月以上一年以下的停业处罚")  # 广东省司法鉴定管理条例
    # 海关行政处罚实施条例 art. 17: the term before the business; a business barred → 责令停产停业
    assert ("责令停产停业", "暂停其6个月以内从事报关业务") in _sanctions(
        "报关企业、报关人员对委托人所提供情况的真实性未进行合理审查的，可以对报关企业处货物价值10%以下罚款，暂停其6个月以内从事报关"
        "业务或者执业")
    # 生物安全法 art. 73
    assert "限制从业" in _kinds("对直接负责的主管人员依法给予处分，并可以依法暂停一定期限的执业活动直至吊销相关执业证书")


def test_a_registered_item_of_an_institutions_licence() -> None:
    # 人体器官捐献和移植条例 art. 40: revoked for the institution, whatever persons the sentence named before
    t = ("由县级以上地方人民政府卫生健康部门没收违法所得，并处10万元以上50万元以下的罚款，对有关医务人员责令暂停6个月以上1年以下执业"
         "活动，并可以由原登记部门吊销该医疗机构的人体器官移植诊疗科目")
    revoked = [s for s in analyse_penalty(t).sanctions if s.kind is SanctionKind.REVOKE_LICENCE]
    assert [(s.text, s.subject) for s in revoked] == [("吊销该医疗机构的人体器官移植诊疗科目", None)]


def test_fines_of_the_census() -> None:
    # 税收征收管理法 art. 61: 代收代缴税款 is a withholding duty, no fine procedure
    t = ("扣缴义务人未按照规定设置、保管代扣代缴、代收代缴税款帐簿或者保管代扣代缴、代收代缴税款记帐凭证及有关资料的，由税务机关责令限期"
         "改正，可以处二千元以下的罚款；情节严重的，处二千元以上五千元以下的罚款。")
    assert [(f.min_amount, f.max_amount) for f in _fines(t)] == [(None, 2000), (2000, 5000)]
    # 财政违法行为处罚处分条例 art. 13: 收缴应当上缴的财政收入 is revenue owed
    t = ("企业和个人有下列不缴或者少缴财政收入行为之一的，责令改正，调整有关会计账目，收缴应当上缴的财政收入，给予警告，没收违法所得，"
         "并处不缴或者少缴财政收入10%以上30%以下的罚款；对直接负责的主管人员和其他直接责任人员处3000元以上5万元以下的罚款")
    assert [(f.min_multiple, f.max_multiple) for f in _fines(t)][0] == (0.1, 0.3)
    # 北京市出租汽车管理条例 art. 25: 减少 is no 减免
    fines = _fines("由交通行政主管部门责令限期改正，没收违法所得，并按每增加或者减少一辆车处以2000元至5000元罚款。")
    assert [(f.min_amount, f.max_amount, f.per) for f in fines] == [(2000, 5000, "每辆")]
    # 新乡市城市市容和环境卫生管理条例 art. 57: a second per-unit fine without its own verb
    fines = _fines("拒不处理的，处以禽类每只十元以上五十元以下的罚款，畜类每头五十元以上一百元以下的罚款")
    assert [(f.min_amount, f.max_amount, f.per) for f in fines] == [(10, 50, "每只"), (50, 100, "每头")]


def test_an_item_naming_the_court_is_no_court_measure() -> None:
    # 律师法 art. 49: （八）…严重扰乱法庭秩序的言论的 is the lawyer's conduct; the 司法行政部门 fines and revokes
    t = ("律师有下列行为之一的，由设区的市级或者直辖市的区人民政府司法行政部门给予停止执业六个月以上一年以下的处罚，可以处五万元以下的罚款；"
         "有违法所得的，没收违法所得；情节严重的，由省、自治区、直辖市人民政府司法行政部门吊销其律师执业证书：\n"
         "（八）发表危害国家安全、恶意诽谤他人、严重扰乱法庭秩序的言论的；\n（九）泄露国家秘密的。")
    assert _kinds(t) == ["限制从业", "罚款", "没收违法所得", "吊销许可证件"]
    # a court's own measure stays out (民事诉讼法 art. 114 form)
    assert not analyse_penalty("诉讼参与人或者其他人有下列行为之一的，人民法院可以根据情节轻重予以罚款、拘留：").is_penalty


def _subjects(text: str) -> list[tuple[str, str | None]]:
    return [(s.text, s.subject) for s in analyse_penalty(text).sanctions]


def test_subjects_of_the_census() -> None:
    # 公证法 art. 41, 国有土地上房屋征收与补偿条例 art. 34: a person set against a business
    assert _subjects("情节严重的，对公证机构处一万元以上五万元以下罚款，对公证员处一千元以上五千元以下罚款") == [
        ("对公证机构处一万元以上五万元以下罚款", "单位"), ("对公证员处一千元以上五千元以下罚款", "个人")]
    assert _subjects("对房地产价格评估机构并处5万元以上20万元以下罚款，对房地产估价师并处1万元以上3万元以下罚款")[1][1] == "个人"
    # two persons of different kinds: no subject decided
    assert [s for _, s in _subjects("对机动车驾驶人处二百元罚款，对非机动车驾驶人处二十元罚款")] == [None, None]
    # 融资担保公司监督管理条例 art. 43: 负有直接责任的董事、监事、高级管理人员 are the persons responsible
    assert {s for _, s in _subjects("可以同时对负有直接责任的董事、监事、高级管理人员处5万元以下的罚款。")} == {"责任人员"}
    # …but 负有责任的施工、监理单位 is a business (北京市建设工程质量条例 art. 93)
    assert _subjects("对负有责任的施工、监理单位处10万元以上20万元以下的罚款")[0][1] == "单位"


def test_deciding_bodies_of_the_census() -> None:
    # 上海市征兵工作条例 art. 40: an office; 关税法 art. 64 / 税收征收管理法 art. 69: 由…向…; 郑州市水资源管理条例 art. 42
    assert analyse_penalty("伪造兵役证的，由区、县人民政府征兵办公室处以五千元以上五万元以下罚款，伪造的兵役证予以没收。"
                           ).competent_body == "区、县人民政府征兵办公室"
    assert analyse_penalty("扣缴义务人应扣未扣、应收而不收税款的，由税务机关向纳税人追缴税款，对扣缴义务人处应扣未扣、应收未收税款"
                           "百分之五十以上三倍以下的罚款。").competent_body == "税务机关"
    assert analyse_penalty("未按照批准文件规定建设取水工程或者设施的，由水行政主管部门拆除或者封闭，所需费用由违法行为人承担，可以处五万元"
                           "以下罚款。").competent_body == "水行政主管部门"


def test_confiscation_forbidden_or_named_as_history_sets_none() -> None:
    # 北京市农村集体资产管理条例 art. 3; 郑州市确定土地权属条例 art. 9
    assert not analyse_penalty("农村集体资产受法律保护，禁止任何组织或者个人侵占、哄抢、私分、破坏、平调或者非法查封、扣押、冻结、没收。"
                               ).sanctions
    assert not analyse_penalty("农村和城市郊区中国家依法接收、没收、代管、征收、征购、收归国家所有的土地及房产占地属国有土地。").sanctions


def test_revocation_after_kyi_and_a_ban_for_ten_years_up_to_life() -> None:
    # 国际货物运输代理业管理规定 art. 23; 疫苗管理法 art. 81
    assert ("吊销许可证件", "撤销其批准证书") in _sanctions(
        "国际货物运输代理企业违反本规定第十九条、第二十一条规定的，由国务院对外贸易经济合作主管部门予以警告并责令限期改正；未在限期内"
        "改正的，可以撤销其批准证书。")
    t = ("对法定代表人、主要负责人、直接负责的主管人员和关键岗位人员以及其他责任人员，没收违法行为发生期间自本单位所获收入，并处所获"
         "收入一倍以上十倍以下的罚款，十年内直至终身禁止从事药品生产经营活动")
    assert ("限制从业", "十年内直至终身禁止从事") in _sanctions(t)


def test_procedure_on_penalties_decided_elsewhere_sets_none() -> None:
    # 治安管理处罚法 art. 92; 公安机关办理行政案件程序规定 art. 252; 核材料管制条例 art. 20; 森林采伐更新管理办法 art. 25
    for t in ("对决定给予行政拘留处罚的人，在处罚前已经采取强制措施限制人身自由的时间，应当折抵。限制人身自由一日，折抵行政拘留一日。",
              "对外国人处以罚款或者行政拘留并处限期出境或者驱逐出境的，应当于罚款或者行政拘留执行完毕后执行限期出境或者驱逐出境。",
              "当事人对行政处罚不服的，可在接到处罚通知之日起十五日内向人民法院起诉。但是，对吊销许可证的决定应当立即执行。",
              "对国营企业事业单位所处罚款，从其自有资金或预算包干结余经费中开支。"):
        assert not analyse_penalty(t).is_penalty, t
    # a detention set stays: 处十日以下拘留
    assert _kinds("伪造、涂改、转让、买卖出境入境证件的，处10日以下拘留") == ["行政拘留"]


def test_bank_managers_barred_and_a_body_that_finds_the_breach() -> None:
    # 商业银行法 art. 89: the body as the sentence's subject, 取消…任职资格, 禁止…一定期限直至终身从事
    info = analyse_penalty(
        "商业银行违反本法规定的，国务院银行业监督管理机构可以区别不同情形，取消其直接负责的董事、高级管理人员一定期限直至终身的任职资格，"
        "禁止直接负责的董事、高级管理人员和其他直接责任人员一定期限直至终身从事银行业工作。")
    assert [s.kind.value for s in info.sanctions] == ["吊销许可证件", "限制从业"]
    assert info.competent_body == "国务院银行业监督管理机构"
    # 煤矿安全监察条例 art. 25
    assert analyse_penalty("煤矿安全监察机构发现煤矿进行独眼井开采的，应当责令关闭。").competent_body == "煤矿安全监察机构"
