"""违则 pairing round 14 (issue 15): wrong pairs out, the explicit forms readers find in.  Real corpus wording."""

from __future__ import annotations

from ingest.citations import parse_citations
from ingest.pairing import follow_cited_penalties
from kg.model import InferredPair, Provision, ProvisionId, Sanction, SanctionKind

LIABILITY = ("第十章 法律责任",)
FINE = (Sanction(SanctionKind.FINE, "处罚款"),)


def test_an_item_range_naming_its_unit_once_is_read_whole() -> None:
    # 北京市旅游管理条例 art. 55; 郑州市客运出租汽车管理条例 art. 43 (第十八条第一至十项)
    cites = parse_citations("违反本条例第二十八条第（一）至（四）项，第三十一条第二款规定的")
    assert [(c.article, c.paragraph, c.item) for c in cites] == [
        (28, None, 1), (28, None, 2), (28, None, 3), (28, None, 4), (31, 2, None)]
    assert [c.item for c in parse_citations("客运出租汽车不符合本条例第十八条第一至十项规定之一的")] == list(range(1, 11))
    # 国境卫生检疫法实施细则 art. 110: 第一百零九条所列第(一)至第(五)项 (the items after 所列 read on their own)
    assert [c.item for c in parse_citations("具有本细则第一百零九条所列第(一)至第(五)项行为的")] == [None, 1, 2, 3, 4, 5]


def test_the_old_range_forms_read_as_before() -> None:
    assert [c.item for c in parse_citations("违反本法第十条第一项至第三项规定的")] == [1, 2, 3]
    assert [c.article for c in parse_citations("本法第三十条至第三十二条")] == [30, 31, 32]
    assert [(c.article, c.suffix) for c in parse_citations("第十八条之一")] == [(18, 1)]


def _law(article: int, text: str, **kw: object) -> Provision:
    return Provision(ProvisionId("疫苗管理法", None, article), text, **kw)  # type: ignore[arg-type]


def test_a_penalty_named_as_conduct_gives_its_own_rules() -> None:
    # 慈善法 art. 100: 慈善组织有本法第九十八条、第九十九条规定的情形 → the 违则 of arts. 98, 99, never those 罚则
    rule = _law(14, "第十四条 慈善组织的发起人、主要捐赠人以及管理人员，不得利用其关联关系损害慈善组织、受益人的利益和社会公共利益。")
    a98 = _law(98, "第九十八条 慈善组织有下列情形之一的，由民政部门责令限期改正，予以警告，并没收违法所得：（一）私分、挪用、截留或者侵占慈善财产的",
               heading=LIABILITY, sanctions=FINE)
    a99 = _law(99, "第九十九条 慈善组织违反本法第十四条规定造成慈善财产损失的，由民政部门予以警告。",
               heading=LIABILITY, sanctions=FINE, violated=(rule.id,))
    a100 = _law(100, "第一百条 慈善组织有本法第九十八条、第九十九条规定的情形，有违法所得的，由民政部门予以没收；"
                     "对直接负责的主管人员和其他直接责任人员处二万元以上二十万元以下罚款。",
                heading=LIABILITY, sanctions=FINE, violated=(a98.id, a99.id))
    pair = InferredPair(ProvisionId("疫苗管理法", None, 52), 1.0, "行为“私分、挪用、截留或者侵占慈善财产”与该条用语相合（100%）")
    explicit, inferred = follow_cited_penalties([rule, a98, a99, a100], {a98.id: (pair,)})
    assert explicit[a100.id] == (rule.id,)
    assert [n.target.article for n in inferred[a100.id]] == [52]
    assert inferred[a100.id][0].confidence == 1.0 and inferred[a100.id][0].reason.startswith("所引第九十八条的违则")


def test_a_penalty_named_as_what_is_not_covered_gives_none() -> None:
    # 疫苗管理法 art. 86: 有本法第八十五条规定以外的违反疫苗储存、运输管理规范行为的 → not art. 85, nor its 违则
    rule = _law(37, "第三十七条 疫苗上市许可持有人应当按照规定，建立疫苗储存、运输管理制度。")
    a85 = _law(85, "第八十五条 疾病预防控制机构、接种单位…违反疫苗储存、运输管理规范有关冷链储存、运输要求的，由…责令改正，给予警告",
               heading=LIABILITY, sanctions=FINE, violated=(rule.id,))
    a86 = _law(86, "第八十六条 疾病预防控制机构、接种单位、疫苗上市许可持有人、疫苗配送单位有本法第八十五条规定以外的违反疫苗储存、"
                   "运输管理规范行为的，由县级以上人民政府药品监督管理部门责令改正，给予警告，没收违法所得",
               heading=LIABILITY, sanctions=FINE, violated=(a85.id,))
    explicit, inferred = follow_cited_penalties([rule, a85, a86], {})
    assert explicit == {a86.id: ()} and not inferred


def test_own_items_named_in_the_lead_in_are_no_rule() -> None:
    # 河南省暂住人口管理条例 art. 20: 违反本条例有下列第（一）至（六）项行为之一的，由公安派出所处以五十元以下罚款或警告
    pid = ProvisionId("河南省暂住人口管理条例", None, 20)
    own = tuple(ProvisionId(pid.statute, None, 20, item=i) for i in (1, 2, 3))
    pen = Provision(pid, "第二十条 单位、业主或者暂住人员违反本条例有下列第（一）至（六）项行为之一的，由公安派出所处以五十元以下罚款或警告",
                    heading=("第五章 法律责任",), sanctions=FINE, violated=own)
    assert follow_cited_penalties([pen], {})[0] == {pid: ()}


def _relic(article: int, text: str, heading: tuple[str, ...] = ("第一章 总则",)) -> Provision:
    return Provision(ProvisionId("文物保护法", None, article), text, heading=heading)


def test_what_is_rewarded_is_no_rule() -> None:
    # 文物保护法 (2024) art. 91 (一) 发现文物隐匿不报 came to art. 22 (给予表彰、奖励：…发现文物及时上报或者上交), 0.65
    from ingest.pairing import infer_violated, states_rewards

    reward = _relic(22, "第二十二条 有下列事迹之一的单位或者个人，按照国家有关规定给予表彰、奖励：\n（一）认真执行文物保护法律、法规，"
                        "保护文物成绩显著的；\n（四）发现文物及时上报或者上交，使文物得到保护的；")
    other = _relic(30, "第三十条 建设工程选址，应当尽可能避开不可移动文物；因特殊情况不能避开的，应当尽可能实施原址保护。",
                   ("第二章 不可移动文物",))
    pen = Provision(ProvisionId("文物保护法", None, 91),
                    "第九十一条 有下列行为之一的，由县级以上人民政府文物行政部门给予警告：\n（一）发现文物隐匿不报或者拒不上交；",
                    heading=("第八章 法律责任",), sanctions=FINE)
    assert states_rewards(reward) and not states_rewards(other)
    assert infer_violated([reward, other, pen], {pen.id}) == {}


def test_a_rule_binding_other_parties_alone_is_not_theirs() -> None:
    # 建设工程抗震管理条例 art. 41 (三): 设计单位 未按照抗震设防强制性标准进行设计 came to art. 14 (施工单位应当按照抗震设防
    # 强制性标准进行施工, 0.68); art. 9 (…应当符合抗震设防强制性标准) binds whoever builds
    from ingest.pairing import infer_violated

    def p(article: int, text: str, heading: str = "第二章 勘察、设计和施工") -> Provision:
        return Provision(ProvisionId("建设工程抗震管理条例", None, article), text, heading=(heading,))

    a14 = p(14, "第十四条 工程总承包单位、施工单位及工程监理单位应当建立建设工程质量责任制度，加强对建设工程抗震设防措施施工质量的管理。\n"
                "施工单位应当按照抗震设防强制性标准进行施工。")
    a12 = p(12, "第十二条 对位于高烈度设防地区、地震重点监视防御区的下列建设工程，设计单位应当在初步设计阶段按照国家有关规定编制"
                "建设工程抗震设防专篇，并作为设计文件组成部分：\n（一）重大建设工程；")
    a20 = p(20, "第二十条 县级以上人民政府应当组织有关部门对建设工程抗震性能进行普查。", "第三章 鉴定、加固和维护")
    pen = Provision(ProvisionId("建设工程抗震管理条例", None, 41),
                    "第四十一条 违反本条例规定，设计单位有下列行为之一的，责令改正，处10万元以上30万元以下的罚款：\n"
                    "（三）未按照抗震设防强制性标准进行设计。", heading=("第七章 法律责任",), sanctions=FINE)
    assert infer_violated([a12, a14, a20, pen], {pen.id}) == {}
    a9 = p(9, "第九条 新建、扩建、改建建设工程，应当符合抗震设防强制性标准。")
    assert infer_violated([a9, a12, a14, a20, pen], {pen.id}) in ({}, {pen.id: (a9.id,)})


def test_an_article_that_only_speaks_of_the_licence_is_no_rule_for_acting_without_it() -> None:
    # 取水许可和水资源费征收管理条例 art. 49 未取得取水申请批准文件擅自建设取水工程 came to art. 22 (when the approval lapses)
    from ingest.pairing import infer_violated

    def p(article: int, text: str) -> Provision:
        return Provision(ProvisionId("取水许可和水资源费征收管理条例", None, article), text, heading=("第三章 取水申请和受理",))

    lapse = p(22, "第二十二条 取水申请批准后3年内，取水工程或者设施未开工建设，或者需由国家审批、核准的建设项目未取得国家审批、"
                  "核准的，取水申请批准文件自行失效。\n建设项目中取水事项有较大变更的，建设单位应当重新进行建设项目水资源论证，并重新申请取水。")
    other = p(30, "第三十条 取水单位或者个人应当依照国家技术标准安装计量设施，保证计量设施正常运行。")
    pen = Provision(ProvisionId("取水许可和水资源费征收管理条例", None, 49),
                    "第四十九条 未取得取水申请批准文件擅自建设取水工程或者设施的，责令停止违法行为，限期补办有关手续。",
                    heading=("第六章 法律责任",), sanctions=FINE)
    assert infer_violated([lapse, other, pen], {pen.id}) == {}


def test_an_article_that_binds_no_one_is_no_rule() -> None:
    # 电力监管条例 art. 32 (供电企业未按照国家规定的电能质量和供电服务质量标准向用户提供供电服务) came to art. 18, which
    # says what the authority oversees (电力监管机构对…实施监管): no duty, prohibition or approval of anyone
    from ingest.pairing import infer_violated

    def p(article: int, text: str, heading: str = "第三章 监管职责") -> Provision:
        return Provision(ProvisionId("电力监管条例", None, article), text, heading=(heading,))

    a18 = p(18, "第十八条 电力监管机构对供电企业按照国家规定的电能质量和供电服务质量标准向用户提供供电服务的情况实施监管。")
    a13 = p(13, "第十三条 电力企业应当依法按照国家有关规定申请取得电力业务许可证。", "第二章 监管机构")
    pen = Provision(ProvisionId("电力监管条例", None, 32),
                    "第三十二条 供电企业未按照国家规定的电能质量和供电服务质量标准向用户提供供电服务的，由电力监管机构责令改正，给予警告。",
                    heading=("第五章 法律责任",), sanctions=FINE)
    assert infer_violated([a13, a18, pen], {pen.id}) == {}
    # a list of conduct to be curbed is read as forbidding it (日照市文明行为促进条例 art. 12, judged right in
    # penalty_pairs_tuning2.yaml)
    from ingest.pairing import _ANY_DUTY

    assert _ANY_DUTY.search("第十二条 重点治理下列不文明行为：（一）驾驶机动车不按照规定礼让行人")


def test_own_items_a_later_paragraph_names_are_no_rule_when_the_list_is_sanctioned() -> None:
    # 海洋观测预报管理条例 art. 33: 违反本条第一款第二项、第三项规定的，责令限期更换…: items of its own sanctioned list
    pid = ProvisionId("海洋观测预报管理条例", None, 33)
    own = tuple(ProvisionId(pid.statute, None, 33, paragraph=1, item=i) for i in (2, 3))
    text = ("第三十三条 违反本条例规定，有下列行为之一的，由有关主管部门责令限期改正，给予警告；逾期不改正的，处1万元以上5万元以下的罚款：\n"
            "(一)不遵守国家海洋观测技术标准、规范或者规程的；\n"
            "(二)使用不符合国家有关产品标准、规范或者海洋观测技术要求的海洋观测仪器设备的；\n"
            "(三)使用未经检定、检定不合格或者超过检定周期的海洋观测计量器具的。\n"
            "违反本条第一款第二项、第三项规定的，责令限期更换有关海洋观测仪器设备、海洋观测计量器具。")
    pen = Provision(pid, text, heading=("第五章 法律责任",), sanctions=FINE, violated=own)
    assert follow_cited_penalties([pen], {})[0] == {pid: ()}
    # a rule the article states itself (禁止下列行为：…违反前款第（一）项规定的，处…) is no sanctioned list: kept
    rule_pid = ProvisionId("x", None, 20)
    item = ProvisionId("x", None, 20, paragraph=1, item=1)
    ruled = Provision(rule_pid, "第二十条 禁止下列行为：\n（一）在桥梁上架设管线；\n违反前款第（一）项规定的，处五百元罚款。",
                      heading=("第三章 管理",), sanctions=FINE, violated=(item,))
    assert follow_cited_penalties([ruled], {}) == ({}, {})
