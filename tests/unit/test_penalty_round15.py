"""Round 15 of issue 15: wrong inferred 违则 of the fresh tuning draw (penalty_tuning10a.yaml) traced to general
causes; each test holds real corpus wording."""

from __future__ import annotations

from ingest.pairing import conduct_clauses, infer_violated
from kg.model import Provision, ProvisionId, Sanction, SanctionKind

WARN = (Sanction(SanctionKind.WARNING, "给予警告"),)


def _art(statute: str, article: int, text: str, **kw: object) -> Provision:
    return Provision(ProvisionId(statute, None, article), text, **kw)  # type: ignore[arg-type]


def test_two_verbs_on_one_object_keep_the_object() -> None:
    # 核安全法 art. 77 (二): the first verb of 未建立或者未实施质量保证体系 is no conduct of its own, matched by its
    # party alone against art. 9 (…的单位应当积极培育和建设核安全文化); 农产品质量安全法 (2018) art. 47 likewise
    clauses = conduct_clauses("第四十七条 农产品生产企业、农民专业合作经济组织未建立或者未按照规定保存农产品生产记录的，"
                              "或者伪造农产品生产记录的，责令限期改正；逾期不改正的，可以处二千元以下罚款。")
    assert not any(c.endswith("未建立") for c in clauses)
    a9 = _art("核安全法", 9, "第九条 国家制定核安全政策，加强核安全文化建设。\n"
              "核设施营运单位和为其提供设备、工程以及服务等的单位应当积极培育和建设核安全文化，将核安全文化融入生产、经营、"
              "科研和管理的各个环节。")
    a17 = _art("核安全法", 17, "第十七条 核设施营运单位和为其提供设备、工程以及服务等的单位应当建立并实施质量保证体系，"
               "有效保证设备、工程和服务等的质量。")
    a77 = _art("核安全法", 77, "第七十七条 违反本法规定，有下列情形之一的，由国务院核安全监督管理部门或者其他有关部门责令改正，"
               "给予警告:\n（二）核设施营运单位或者为其提供设备、工程以及服务等的单位未建立或者未实施质量保证体系的；",
               sanctions=WARN)
    assert [str(x) for x in infer_violated([a9, a17, a77], {a77.id})[a77.id]] == ["核安全法/art_17"]


def test_a_list_lead_without_zhiyi_is_no_conduct() -> None:
    # 著作权法 art. 53: 有下列侵权行为的，…承担本法第五十二条规定的民事责任 names no conduct (the items do); it matched
    # art. 52, which lists the infringements bearing civil liability.  济南市湿地保护条例 art. 36: 在湿地保护范围内，有下列
    # 行为的 is a place and a lead-in
    text = ("第五十三条 有下列侵权行为的，应当根据情况，承担本法第五十二条规定的民事责任；侵权行为同时损害公共利益的，"
            "由主管著作权的部门责令停止侵权行为，予以警告:\n（二）出版他人享有专有出版权的图书的；")
    assert conduct_clauses(text) == ["出版他人享有专有出版权的图书"]
    lead = ("第三十六条 违反本条例规定，在湿地保护范围内，有下列行为的，由林业或者渔业主管部门责令停止违法行为，"
            "采取相应补救措施，并按照下列规定进行处罚：\n（一）放牧、烧荒、采挖湿地植物的，并处二百元以上一千元以下罚款；")
    assert conduct_clauses(lead) == ["放牧、烧荒、采挖湿地植物"]
    # the lead-in with 之一 as before
    assert conduct_clauses("第十条 有下列行为之一的，处一千元罚款：\n（一）擅自设置户外广告的；") == ["擅自设置户外广告"]


def test_operations_stopped_when_grave_are_a_suspension() -> None:
    # 职业病防治法 art. 75 (and its other versions), 使用有毒物品作业场所劳动保护条例, a ship's 责令停止作业或者航行:
    # 情节严重的，责令停止…作业 stops the business's operations (art. 9 (四)), as tuning10a reads it
    from ingest.penalties import analyse_penalty

    def kinds(text: str) -> list[str]:
        return [s.kind.value for s in analyse_penalty(text).sanctions]

    assert "责令停产停业" in kinds("由卫生行政部门责令限期治理，并处五万元以上三十万元以下的罚款；情节严重的，责令停止产生职业病"
                                   "危害的作业，或者提请有关人民政府按照国务院规定的权限责令关闭。")
    assert "责令停产停业" in kinds("处5万元以上30万元以下的罚款；情节严重的，责令停止有关作业，或者提请有关人民政府按照国务院规定的"
                                   "权限责令关闭。")
    # an emergency stop is no sanction
    assert kinds("煤矿安全监察机构发现煤矿作业场所有下列情形之一的，应当责令立即停止作业，限期改正：") == []


def test_an_unlawfully_founded_school_revoked_is_closed() -> None:
    # 教育法 art. 75 (予以撤销 at the clause's end, before ；), 河南省实施《职业教育法》办法 art. 27, 北京市实施《职业教育法》办法
    # art. 27: the institution founded unlawfully is dissolved, art. 9 (四) 责令关闭 (tuning10a's reading)
    from ingest.penalties import analyse_penalty

    def kinds(text: str) -> list[str]:
        return [s.kind.value for s in analyse_penalty(text).sanctions]

    assert kinds("第七十五条 违反国家有关规定，举办学校或者其他教育机构的，由教育行政部门或者其他有关行政部门予以撤销；有违法所得的，"
                 "没收违法所得；对直接负责的主管人员和其他直接责任人员，依法给予处分。") == ["责令关闭", "没收违法所得"]
    assert kinds("第二十七条 违反本办法第八条规定，未经批准擅自举办职业学校和职业培训机构的，由教育行政部门或者劳动行政部门予以撤销，"
                 "有违法所得的，没收违法所得。") == ["责令关闭", "没收违法所得"]
    # a decision set aside is none
    assert kinds("对不适当的决定予以撤销。") == []
