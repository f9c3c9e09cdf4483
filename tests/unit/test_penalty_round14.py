"""Round 14 of issue 15: fine forms whose figures could not be right, found by a census of every 罚则 sentence of
the corpus (bench/fine_census.py), not by a sample; each test holds real corpus wording."""

from __future__ import annotations

from ingest.penalties import analyse_penalty
from kg.model import Sanction, SanctionKind


def _fines(text: str) -> list[Sanction]:
    return [s for s in analyse_penalty(text).sanctions if s.kind is SanctionKind.FINE]


def _figures(text: str) -> list[tuple[float | None, ...]]:
    return [(s.min_amount, s.max_amount) for s in _fines(text)]


def test_range_whose_ends_a_dun_parts() -> None:
    # 船舶登记条例 art. 50, 中国公民往来台湾地区管理办法 art. 34, 河南省企业负担监督管理条例 art. 21 (27 such ranges)
    assert _figures("(一)500总吨以下的船舶，处2000元以上、1万元以下的罚款；") == [(2000.0, 10000.0)]
    assert _figures("违反本办法第十六条的规定，不办理暂住登记的，处以警告或者100元以上、500元以下的罚款。") == [(100.0, 500.0)]
    fine = _fines("由县级以上人民政府负责企业负担监督管理的部门没收违法所得，并处以违法所得一倍以上、三倍以下的罚款。")[0]
    assert (fine.min_multiple, fine.max_multiple, fine.multiple_base) == (1.0, 3.0, "违法所得")


def test_fine_of_another_subject_after_a_dun() -> None:
    # 人民防空法 art. 49; 水土保持法 art. 49; 计算机信息系统安全保护条例 art. 23
    fines = _fines("由县级以上人民政府人民防空主管部门对当事人给予警告，并责令限期改正违法行为，可以对个人并处五千元以下的罚款、"
                   "对单位并处一万元至五万元的罚款；")
    assert [(s.min_amount, s.max_amount, s.subject) for s in fines] == [
        (None, 5000.0, "个人"), (10000.0, 50000.0, "单位")]
    fines = _fines("按照开垦或者开发面积，可以对个人处每平方米二元以下的罚款、对单位处每平方米十元以下的罚款。")
    assert [(s.max_amount, s.per, s.subject) for s in fines] == [(2.0, "每平方米", "个人"), (10.0, "每平方米", "单位")]
    fines = _fines("由公安机关处以警告或者对个人处以5000元以下的罚款、对单位处以1.5万元以下的罚款；")
    assert [(s.max_amount, s.subject) for s in fines] == [(5000.0, "个人"), (15000.0, "单位")]


def test_fine_of_another_unit_after_a_dun() -> None:
    # 漯河市机动车和非道路移动机械排气污染防治条例 art. 26
    fines = _fines("违反本条例第二十一条第二款规定的，由生态环境主管部门按每辆机动车处五千元罚款、每台非道路移动机械处一万元罚款。")
    assert [(s.max_amount, s.per) for s in fines] == [(5000.0, "每辆"), (10000.0, "每台")]


def test_two_units_one_fine_word() -> None:
    # 许昌市中心城区河湖水系保护条例 art. 41, 鹤壁市循环经济生态城市建设条例 art. 47, 日照市城市管理条例 art. 102
    fines = _fines("（一）在水系保护重点区域进行规模以下养殖的，责令拆除或者关闭，处禽类每只十元、畜类每头一百元罚款，但最高不得超过三万元；")
    assert [(s.min_amount, s.max_amount, s.per) for s in fines] == [(10.0, 10.0, "每只"), (100.0, 100.0, "每头")]
    fines = _fines("随意抛弃病死畜禽的，由县级以上人民政府动物卫生监督行政主管部门责令其无害化处理，并处禽类每只二百元、畜类每头一千元以上"
                   "二千元以下的罚款。")
    assert [(s.min_amount, s.max_amount, s.per) for s in fines] == [(200.0, 200.0, "每只"), (1000.0, 2000.0, "每头")]
    fines = _fines("逾期未处理的，予以没收，可以按照每只禽二十元、每头畜五十元并处罚款。")
    assert sorted((s.max_amount, s.per) for s in fines) == [(20.0, "每只"), (50.0, "每头")]


def test_unit_in_a_segment_of_its_own() -> None:
    # 北京市邮政通信条例 art. 37; 河南省物业管理条例 art. 87
    assert [s.per for s in _fines("逾期不补建的，每逾期一天，处以100元罚款，直至补建合格。")] == ["每天"]
    assert [s.per for s in _fines("逾期不改正的，没收违法所得，每违规出售一个车位、车库，处五万元以上十万元以下罚款。")] == ["每车位"]
    # a segment with figures of its own is a fine, no unit of the next: 北京市水利工程保护管理条例 art. 22
    fines = _fines("(三)违反本条例第九条第三项的，除恢复原状外，对倾倒垃圾、渣土、工矿废弃物的，每倾倒1吨罚款1000元，对直接责任人罚款200元。")
    assert [(s.max_amount, s.per) for s in fines] == [(1000.0, "每吨"), (200.0, None)]


def test_per_unit_and_flat_fines_of_one_item_are_two() -> None:
    # 洛阳市城市市容和环境卫生管理条例 art. 41 (四): 每处…; 处以… for another conduct, the same figures
    t = ("第四十一条 违反本条例规定，有下列行为之一的，由市、县(市、区)人民政府市容环境卫生行政主管部门责令改正：\n"
         "（四）违反第十九条第一款规定的，每处处以一百元以上五百元以下罚款；违反第二十八条第一款规定，不能保证公共厕所正常使用的，"
         "处以一百元以上五百元以下罚款；")
    assert sorted((s.min_amount, s.max_amount, s.per or "") for s in _fines(t)) == [
        (100.0, 500.0, ""), (100.0, 500.0, "每处")]
    # 广东省机动车排气污染防治条例 art. 35: 每车次 is the unit, not 每车
    assert [s.per for s in _fines("处每车次五百元以上一千元以下的罚款。")] == ["每车次"]


def test_multiple_without_base_multiplies_the_one_before() -> None:
    # 动物防疫法 art. 100; 上海市价格管理条例 art. 33
    fines = _fines("由县级以上地方人民政府农业农村主管部门责令改正，对货主以外的承运人处运输费用三倍以上五倍以下罚款，情节严重的，"
                   "处五倍以上十倍以下罚款。")
    assert [(s.min_multiple, s.max_multiple, s.multiple_base) for s in fines] == [
        (3.0, 5.0, "运输费用"), (5.0, 10.0, "运输费用")]
    # a multiple with no base before it in its paragraph keeps none: 河南省人才流动条例 art. 39
    fines = _fines("第三十九条 违反本条例第二十三条规定，向应聘人员收取报名费、抵押金的，责令退还，并处以三倍罚款。")
    assert [(s.max_multiple, s.multiple_base) for s in fines] == [(3.0, None)]


def test_amount_alternative_after_a_multiple() -> None:
    # 上海市价格管理条例 art. 33; 浙江省反不正当竞争条例 art. 25
    fines = _fines("（二）违反第十九条第二款规定的，没收违法所得，处违法所得一倍以上三倍以下或者一千元以上一万元以下罚款；")
    assert sorted((s.min_amount or 0, s.max_amount or 0, s.min_multiple or 0, s.max_multiple or 0) for s in fines) == [
        (0, 0, 1.0, 3.0), (1000.0, 10000.0, 0, 0)]


def test_cap_after_but() -> None:
    # 杭州市交通建设工程监督管理条例 art. 43
    fine = _fines("有违法所得的，并处违法所得三倍以上但不超过五万元罚款。")[0]
    assert (fine.min_multiple, fine.max_amount, fine.multiple_base) == (3.0, 50000.0, "违法所得")


def test_refusal_to_correct_names_the_party() -> None:
    # 漯河市黑臭水体防治条例 art. 14: 对拒不改正的个人处…; 拒不缴纳罚款 stays no fine set
    fines = _fines("由本级人民政府确定的有关执法部门责令停止违法行为，限期改正，消除污染，对拒不改正的个人处一百元以上五百元以下罚款，"
                   "对单位处二万元以上二十万元以下罚款。")
    assert [(s.max_amount, s.subject) for s in fines] == [(500.0, "个人"), (200000.0, "单位")]
    assert _fines("当事人拒不缴纳罚款的，可以申请人民法院强制执行。") == []


def test_party_under_decision_sets_no_fine() -> None:
    # 河南省城市人民警察巡察条例 art. 22: who may decide on the spot
    t = ("第二十二条 对被处罚人处警告或者五十元以下罚款的，可以由巡警当场处罚；对被处罚人处五十元以上、二百元以下罚款，"
         "被处罚人无异议的，可以由巡警当场处罚。")
    assert analyse_penalty(t).sanctions == ()


def test_letter_l_typed_for_the_digit_one() -> None:
    # 收费公路管理条例 art. 49, 地质灾害防治条例 art. 43 (6 in the corpus): 0 yuan was read
    assert _figures("没有违法所得的，处l万元以上5万元以下的罚款。") == [(10000.0, 50000.0)]
    fines = _fines("责令停止违法行为，对单位处5万元以上20万元以下的罚款，对个人处l万元以上5万元以下的罚款；")
    assert [(s.min_amount, s.subject) for s in fines] == [(50000.0, "单位"), (10000.0, "个人")]


def test_hearing_notice_before_a_fine_sets_none() -> None:
    # 重庆市轨道交通条例 art. 58: when a hearing is offered, no fine set
    t = "第五十八条 依照本条例对个人处三千元、对单位处五万元以上罚款前，作出处罚的行政机关应当告知当事人有要求听证的权利。"
    assert analyse_penalty(t).sanctions == ()


def test_party_named_by_a_passive_noun_is_no_condition() -> None:
    # 劳动合同法实施条例 art. 35: 被派遣劳动者 is whom the fine counts, not a sanction undergone
    t = ("第三十五条 用工单位违反劳动合同法和本条例有关劳务派遣规定的，由劳动行政部门和其他有关主管部门责令改正；情节严重的，"
         "以每位被派遣劳动者1000元以上5000元以下的标准处以罚款；")
    assert [(s.min_amount, s.max_amount, s.per) for s in _fines(t)] == [(1000.0, 5000.0, "每人")]
    # 海关事务担保条例 art. 23: 被担保人 is a party
    t = ("第二十三条 担保人、被担保人违反本条例，使用欺骗、隐瞒等手段提供担保的，由海关责令其继续履行法律义务，处5000元以上50000元"
         "以下的罚款；情节严重的，可以暂停被担保人从事有关海关业务或者撤销其从事有关海关业务的注册。")
    assert "吊销许可证件" in [s.kind.value for s in analyse_penalty(t).sanctions]
    # 被申请人 of 行政复议 is an organ: its criticism stays no 行政处罚 (行政复议法 art. 77)
    t = ("第七十七条 被申请人应当履行行政复议决定书、调解书、意见书。\n被申请人不履行或者无正当理由拖延履行行政复议决定书、调解书、意见书的，"
         "行政复议机关或者有关上级行政机关应当责令其限期履行，并可以约谈被申请人的有关负责人或者予以通报批评。")
    assert not analyse_penalty(t).is_penalty


def test_paragraph_of_an_authority_beside_a_court_paragraph() -> None:
    # 种子法 art. 72: the court sets damages in one paragraph, the authority fines in another
    t = ("第七十二条 权利人的损失、侵权人获得的利益和植物新品种权许可使用费均难以确定的，人民法院可以根据植物新品种权的类型、侵权行为的"
         "性质和情节等因素，确定给予五百万元以下的赔偿。\n县级以上人民政府农业农村、林业草原主管部门处理侵犯植物新品种权案件时，为了维护社会"
         "公共利益，责令侵权人停止侵权行为，没收违法所得和种子；货值金额不足五万元的，并处一万元以上二十五万元以下罚款；货值金额五万元"
         "以上的，并处货值金额五倍以上十倍以下罚款。")
    fines = _fines(t)
    assert [(s.min_amount, s.max_amount, s.max_multiple) for s in fines] == [(10000.0, 250000.0, None), (None, None, 10.0)]
    # the court's own paragraph sets none (行政诉讼法 art. 59 style), and a paragraph naming no body stays the court's
    t = ("在法庭审判过程中，如果诉讼参与人或者旁听人员违反法庭秩序，审判长应当警告制止。\n情节严重的，处以一千元以下的罚款或者十五日以下的"
         "拘留。")
    assert analyse_penalty(t).sanctions == ()


def _kinds(text: str) -> list[str]:
    return [s.kind.value for s in analyse_penalty(text).sanctions]


def test_suspension_for_a_term_without_an_order() -> None:
    # 法律援助条例 art. 27 (and its Beijing and Zhejiang copies); 北京市道路运输条例 art. 63
    assert "责令停产停业" in _kinds(
        "第二十七条 律师事务所拒绝法律援助机构的指派，不安排本所律师办理法律援助案件的，由司法行政部门给予警告、责令改正；情节严重的，"
        "给予1个月以上3个月以下停业整顿的处罚。")
    assert "责令停产停业" in _kinds(
        "逾期未改正的，处二千元以上五千元以下的罚款；严重侵犯消费者合法权益的，由道路运输管理机构处五日以上十五日以下的停业整顿：")
    # the term of a supervisory measure named as a subject stays none (证券公司风险处置条例 art. 7)
    assert _kinds("第七条 证券公司风险控制指标不符合有关规定，在规定期限内未能完成整改的，国务院证券监督管理机构可以责令证券公司停止部分"
                  "或者全部业务进行整顿。停业整顿的期限不超过3个月。") == []


def test_measure_taken_then_a_revocation() -> None:
    # 节约用水条例 art. 48: 采取…措施 is no referral of the revocation after it
    assert "吊销许可证件" in _kinds(
        "拒不改正的，处10万元以上50万元以下的罚款，情节严重的，采取限制用水措施或者吊销其取水许可证。")
    # 依法采取吊销相关证照等市场退出措施 stays a policy
    assert "吊销许可证件" not in _kinds("对严重失信主体，依法采取吊销相关证照等市场退出措施，并处一万元以下罚款。")


def test_figures_of_a_fine_set_under_another_law() -> None:
    # 土地管理法实施条例 art. 57; 水土保持法实施条例 art. 28; 北京市实施《中华人民共和国矿山安全法》办法 art. 11
    t = "第五十七条 依照《土地管理法》第七十七条的规定处以罚款的，罚款额为非法占用土地每平方米100元以上1000元以下。"
    info = analyse_penalty(t)
    assert info.is_penalty
    assert [(s.min_amount, s.max_amount, s.per) for s in _fines(t)] == [(100.0, 1000.0, "每平方米")]
    assert _figures("第二十八条 依照《水土保持法》第三十四条的规定处以罚款的，罚款幅度为500元以上、5000元以下。") == [(500.0, 5000.0)]
    assert _figures("未按照规定的时间、考试不合格上岗作业的，按照《矿山安全法》第四十条的规定处理。处以罚款的，罚款数额为四万元以下。") == [
        (None, 40000.0)]
    # a limit of legislation sets none (北京市规章设定罚款限额规定 art. 2)
    assert analyse_penalty("第二条 市人民政府制定的规章，对违反行政管理秩序的行为需要设定罚款的，设定罚款的限额为3万元。").sanctions == ()


def test_upper_end_not_reached() -> None:
    # 上海市反不正当竞争条例 art. 27: 以上不满 (10 in the corpus)
    assert _figures("由市监督检查部门责令停止违法行为，可以处以五万元以上不满十万元的罚款；") == [(50000.0, 100000.0)]
    fine = _fines("没收违法所得，可以处以违法所得一倍以上不满二倍的罚款；")[0]
    assert (fine.min_multiple, fine.max_multiple, fine.multiple_base) == (1.0, 2.0, "违法所得")


def test_warning_of_the_party_before_the_persons_discipline() -> None:
    # 疫苗管理法 art. 91: the persons named 主要负责人 first
    t = ("由县级以上人民政府卫生健康主管部门责令改正，给予警告，没收违法所得和违法持有的疫苗，责令停业整顿，并处十万元以上一百万元以下的"
         "罚款，对主要负责人、直接负责的主管人员和其他直接责任人员依法给予处分。")
    assert "警告" in _kinds(t)
    # 国家情报法 art. 28: the warning with a body of its own after 处分或者由…
    t = ("第二十八条 违反本法规定，阻碍国家情报工作机构及其工作人员依法开展情报工作的，由国家情报工作机构建议相关单位给予处分或者由国家"
         "安全机关、公安机关处警告或者十五日以下拘留；构成犯罪的，依法追究刑事责任。")
    assert "警告" in _kinds(t)
    # a warning among the 处分 stays out (给予警告、记过或者记大过处分)
    assert "警告" not in _kinds("对直接负责的主管人员和其他直接责任人员，由其所在单位给予警告、记过或者记大过处分。")
