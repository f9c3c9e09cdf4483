"""A small graph whose report findings are known, for tests/unit and tests/contract.

Statutes are real snippets (cut short) from ../shared/corpus/laws, built as
model objects: 城乡规划法 (2019) arts. 40, 64, 65; 城市市容和环境卫生管理条例
arts. 34-36; 特种设备安全法 art. 84; 文物保护法 in two versions (2017 art. 66
became 2024 art. 83; 2024 art. 66 is about private collections).

Catalogs (柯城区, 浙江省衢州市):
- 赋权目录 A (effective 2022-01-01), held by 航埠镇 and 石室乡;
- the 自然资源和规划局's own list B (effective 2021-06-01), held by nobody;
- 委托目录 C of the 综合行政执法局 (effective 2022-01-01), held by 航埠镇;
- the statutory catalog (城乡规划法 art. 65 names the township itself).

Known answers (item keys):
- unmapped: A#4 statute_not_found, A#5 article_not_found, A#8 and C#2 unparsed, A#9 suggested only;
- ownerless: A#6 no department; A#8 "柯城区城市管里局" unknown (closest 城市管理局);
- overlaps: (a) A#1, B#1, C#1 cite 城乡规划法 art. 64 across two departments;
  (b) A#3 and C#2 have near-identical names; (c) A#1 delegated while B#1 is
  still listed by the same department; (d) 航埠镇 holds art. 64 via A and C,
  and art. 65 by law and via A#11;
- gaps: 市容条例 art. 36 and 文物保护法 (2024) art. 83 are cited by no item;
- negative-list: A#7 (特种设备) and A#2 (文物保护法 2017 art. 66 can revoke a qualification);
- stale: A#2 cites 文物保护法@2017-11-04/art_66, which became art. 83.
"""

from __future__ import annotations

from datetime import date

from kg.authority import decide_statutory, load_statutory_reviews
from kg.graph_build import catalog_bundle, statutes_bundle, statutory_items
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
    ReviewKind,
    ReviewRequirement,
    Sanction,
    SanctionKind,
    SourceRef,
    Statute,
    StatuteVersion,
    Township,
)
from kg.store import GraphStore

REGION = "浙江省衢州市柯城区"
D_2019 = date(2019, 4, 23)
D_RONG = date(2017, 3, 1)
D_TZ = date(2013, 6, 29)
D_WW17 = date(2017, 11, 4)
D_WW24 = date(2024, 11, 8)
CAT_DAY = date(2022, 1, 1)

ART64 = ("第六十四条 未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府城乡规划主管部门"
         "责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；"
         "无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。")
ART65 = ("第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，"
         "由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。")
ART40 = ("第四十条 在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当向城市、"
         "县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程规划许可证。")
RONG34 = ("第三十四条 有下列行为之一者，城市人民政府市容环境卫生行政主管部门或者其委托的单位除责令其纠正违法行为、"
          "采取补救措施外，可以并处警告、罚款：\n(一)随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物的；")
RONG35 = ("第三十五条 饲养家畜家禽影响市容和环境卫生的，由城市人民政府市容环境卫生行政主管部门或者其委托的单位，"
          "责令其限期处理或者予以没收，并可处以罚款。")
RONG36 = ("第三十六条 有下列行为之一者，由城市人民政府市容环境卫生行政主管部门或者其委托的单位责令其停止违法行为，"
          "限期清理、拆除或者采取其他补救措施，并可处以罚款：\n(一)未经城市人民政府市容环境卫生行政主管部门同意，"
          "擅自设置大型户外广告，影响市容的；")
TZ84 = ("第八十四条 违反本法规定，特种设备使用单位有下列行为之一的，责令停止使用有关特种设备，处三万元以上三十万元以下罚款:\n"
        "（一）使用未取得许可生产，未经检验或者检验不合格的特种设备，或者国家明令淘汰、已经报废的特种设备的；")
WW17_66 = ("第六十六条 有下列行为之一，尚不构成犯罪的，由县级以上人民政府文物主管部门责令改正，造成严重后果的，"
           "处五万元以上五十万元以下的罚款；情节严重的，由原发证机关吊销资质证书:\n"
           "（一）擅自在文物保护单位的保护范围内进行建设工程或者爆破、钻探、挖掘等作业的；\n"
           "（二）在文物保护单位的建设控制地带内进行建设工程，其工程设计方案未经文物行政部门同意、报城乡建设规划部门批准，"
           "对文物保护单位的历史风貌造成破坏的；\n（三）擅自迁移、拆除不可移动文物的；\n"
           "（四）擅自修缮不可移动文物，明显改变文物原状的；\n（五）擅自在原址重建已全部毁坏的不可移动文物，造成文物破坏的；\n"
           "（六）施工单位未取得文物保护工程资质证书，擅自从事文物修缮、迁移、重建的。")
WW24_66 = "第六十六条 国家鼓励公民、组织合法收藏，加强对民间收藏活动的指导、管理和服务。"
WW24_83 = ("第八十三条 有下列行为之一的，由县级以上人民政府文物行政部门责令改正，给予警告；造成文物损坏或者其他严重后果的，"
           "对单位处五十万元以上五百万元以下的罚款，对个人处五万元以上五十万元以下的罚款，责令承担相关文物修缮和复原费用，"
           "由原发证机关降低资质等级；情节严重的，对单位可以处五百万元以上一千万元以下的罚款，由原发证机关吊销资质证书：\n"
           "（一）擅自在文物保护单位的保护范围内进行文物保护工程以外的其他建设工程或者爆破、钻探、挖掘等作业；\n"
           "（二）工程设计方案未经文物行政部门同意，擅自在文物保护单位的建设控制地带内进行建设工程；\n"
           "（三）未制定不可移动文物原址保护措施，或者不可移动文物原址保护措施未经文物行政部门批准，擅自开工建设；\n"
           "（四）擅自迁移、拆除不可移动文物；\n（五）擅自修缮不可移动文物，明显改变文物原状；\n"
           "（六）擅自在原址重建已经全部毁坏的不可移动文物；\n（七）未取得文物保护工程资质证书，擅自从事文物修缮、迁移、重建。")
WW24_84 = "第八十四条 在文物保护单位的保护范围内或者建设控制地带内建设污染文物保护单位及其环境的设施的，由生态环境主管部门依法给予处罚。"


def _fine(text: str, lo: float | None = None, hi: float | None = None) -> Sanction:
    return Sanction(SanctionKind.FINE, text, min_amount=lo, max_amount=hi)


def _art(statute: str, version: date, n: int, text: str, *sanctions: Sanction, body: str | None = None,
         township: bool = False, violated: tuple[int, ...] = ()) -> Provision:
    return Provision(ProvisionId(statute, version, n), text, sanctions=sanctions, competent_body=body,
                     township_competent=township, heading=("第七章 法律责任",) if sanctions else (),
                     violated=tuple(ProvisionId(statute, None, v) for v in violated))


def statutes() -> list[ParsedStatute]:
    plan = Statute("城乡规划法", "中华人民共和国城乡规划法", Level.LAW, aliases=("城乡规划法",))
    rong = Statute("城市市容和环境卫生管理条例", "城市市容和环境卫生管理条例", Level.ADMIN_REGULATION)
    tz = Statute("特种设备安全法", "中华人民共和国特种设备安全法", Level.LAW)
    ww = Statute("文物保护法", "中华人民共和国文物保护法", Level.LAW)
    stop = Sanction(SanctionKind.STOP_CONSTRUCTION, "责令停止建设")
    return [
        ParsedStatute(plan, StatuteVersion("城乡规划法", D_2019, "城乡规划法(2019-04-23).md", valid_from=D_2019), (
            _art("城乡规划法", D_2019, 40, ART40),
            _art("城乡规划法", D_2019, 64, ART64, stop,
                 Sanction(SanctionKind.FINE, "处建设工程造价百分之五以上百分之十以下的罚款", min_multiple=0.05,
                          max_multiple=0.1, multiple_base="建设工程造价"),
                 Sanction(SanctionKind.DEMOLISH, "限期拆除"), body="县级以上地方人民政府城乡规划主管部门",
                 violated=(40,)),
            _art("城乡规划法", D_2019, 65, ART65, stop, Sanction(SanctionKind.DEMOLISH, "可以拆除"),
                 body="乡、镇人民政府", township=True),
        )),
        ParsedStatute(rong, StatuteVersion("城市市容和环境卫生管理条例", D_RONG, "城市市容和环境卫生管理条例(2017-03-01).md",
                                           valid_from=D_RONG), (
            _art("城市市容和环境卫生管理条例", D_RONG, 34, RONG34, Sanction(SanctionKind.WARNING, "警告"), _fine("罚款")),
            _art("城市市容和环境卫生管理条例", D_RONG, 35, RONG35, _fine("罚款")),
            _art("城市市容和环境卫生管理条例", D_RONG, 36, RONG36, _fine("罚款")),
        )),
        ParsedStatute(tz, StatuteVersion("特种设备安全法", D_TZ, "特种设备安全法(2013-06-29).md", valid_from=date(2014, 1, 1)), (
            _art("特种设备安全法", D_TZ, 84, TZ84, _fine("处三万元以上三十万元以下罚款", 30000, 300000)),
        )),
        ParsedStatute(ww, StatuteVersion("文物保护法", D_WW17, "文物保护法(2017-11-04).md", valid_from=D_WW17), (
            _art("文物保护法", D_WW17, 66, WW17_66, _fine("处五万元以上五十万元以下的罚款", 50000, 500000),
                 Sanction(SanctionKind.REVOKE_LICENCE, "吊销资质证书")),
        )),
        ParsedStatute(ww, StatuteVersion("文物保护法", D_WW24, "文物保护法(2024-11-08).md", valid_from=date(2025, 3, 1)), (
            _art("文物保护法", D_WW24, 66, WW24_66),
            _art("文物保护法", D_WW24, 83, WW24_83, Sanction(SanctionKind.WARNING, "警告"),
                 _fine("处五十万元以上五百万元以下的罚款", 500000, 5000000),
                 Sanction(SanctionKind.REVOKE_LICENCE, "吊销资质证书")),
            _art("文物保护法", D_WW24, 84, WW24_84, _fine("依法给予处罚")),
        )),
    ]


def _ok(role: BasisRole, citation: str, pid: str) -> BasisLink:
    return BasisLink(role, citation, Resolution.RESOLVED, ProvisionId.parse(pid))


def _bad(role: BasisRole, citation: str, status: Resolution, reason: str) -> BasisLink:
    return BasisLink(role, citation, status, reason=reason)


P64 = "城乡规划法@2019-04-23/art_64"
P65 = "城乡规划法@2019-04-23/art_65"
P40 = "城乡规划法@2019-04-23/art_40"
R34 = "城市市容和环境卫生管理条例@2017-03-01/art_34"
R35 = "城市市容和环境卫生管理条例@2017-03-01/art_35"
T84 = "特种设备安全法@2013-06-29/art_84"
W66 = "文物保护法@2017-11-04/art_66"

TOWNS = (Township("航埠镇", "航埠镇", REGION), Township("石室乡", "石室乡", REGION))
DEPT_ZR = Department("柯城区自然资源和规划局", "柯城区自然资源和规划局", REGION)
DEPT_ZF = Department("柯城区综合行政执法局", "柯城区综合行政执法局", REGION)
DEPT_WL = Department("柯城区文化广电旅游体育局", "柯城区文化广电旅游体育局", REGION)
DEPT_SJ = Department("柯城区市场监督管理局", "柯城区市场监督管理局", REGION)
DEPT_BAD = Department("柯城区城市管里局", "柯城区城市管里局", REGION)


def _item(cat: str, n: int, name: str, dept: Department | None, *basis: BasisLink, code: str | None = None,
          domain: str | None = None, file: str = "A.xlsx", sheet: str | None = "处罚事项") -> PenaltyItem:
    return PenaltyItem(key=f"{cat}#{n}", catalog_key=cat, name=name, code=code or f"{cat}-{n:03d}",
                       domain=domain, department=dept.key if dept else None, basis=basis,
                       source=SourceRef(file, sheet, n + 2), power_type=PowerType.PENALTY)


def catalog_a() -> tuple[Catalog, list[PenaltyItem]]:
    cat = Catalog("A", "柯城区乡镇（街道）综合行政执法事项目录", issuer="衢州市柯城区人民政府", effective=CAT_DAY,
                  region=REGION, authority=AuthoritySource.DELEGATED, source="A.xlsx")
    P, V, S = BasisRole.PENALTY, BasisRole.VIOLATED, BasisRole.SETTING
    items = [
        _item("A", 1, "对未取得建设工程规划许可证进行建设的处罚", DEPT_ZR,
              _ok(V, "《中华人民共和国城乡规划法》第四十条", P40), _ok(P, "《中华人民共和国城乡规划法》第六十四条", P64),
              domain="城乡规划"),
        _item("A", 2, "对擅自在文物保护单位保护范围内进行建设工程的处罚", DEPT_WL,
              _ok(P, "《中华人民共和国文物保护法》第六十六条第一款第（一）项", W66 + "/para_1/item_1"),
              domain="文化旅游"),
        _item("A", 3, "对在城市人行道上摆摊设点的处罚", DEPT_ZF,
              _ok(P, "《城市市容和环境卫生管理条例》第三十四条", R34), domain="市容环境卫生"),
        _item("A", 4, "对擅自砍伐城市树木的处罚", DEPT_ZF,
              _bad(P, "《浙江省城市绿化管理条例》第二十条", Resolution.STATUTE_NOT_FOUND, "未找到法规《浙江省城市绿化管理条例》"),
              domain="市容环境卫生"),
        _item("A", 5, "对违反规划条件进行建设的处罚", DEPT_ZR,
              _bad(P, "《中华人民共和国城乡规划法》第九十九条", Resolution.ARTICLE_NOT_FOUND,
                   "《中华人民共和国城乡规划法》（2019-04-23）中没有第九十九条"), domain="城乡规划"),
        _item("A", 6, "对饲养家畜家禽影响市容的处罚", None,
              _ok(P, "《城市市容和环境卫生管理条例》第三十五条", R35), domain="市容环境卫生"),
        _item("A", 7, "对使用未经检验的特种设备的处罚", DEPT_SJ,
              _ok(P, "《中华人民共和国特种设备安全法》第八十四条", T84), domain="市场监管"),
        _item("A", 8, "对在街道两侧堆放物料的处罚", DEPT_BAD,
              _bad(S, "城市市容有关规定", Resolution.UNPARSED, "未识别出法规名称和条文"), domain="市容环境卫生"),
        _item("A", 9, "对违法占用城市绿地的处罚", DEPT_ZF,
              BasisLink(P, "城乡规划法第六十四条", Resolution.SUGGESTED, ProvisionId.parse(P64), "检索推荐第1位", 0.42),
              domain="市容环境卫生"),
        _item("A", 11, "对在乡、村庄规划区内未取得乡村建设规划许可证进行建设的处罚", DEPT_ZR,
              _ok(P, "《中华人民共和国城乡规划法》第六十五条", P65), domain="城乡规划"),
    ]
    return cat, items


def catalog_b() -> tuple[Catalog, list[PenaltyItem]]:
    cat = Catalog("B", "柯城区自然资源和规划局行政处罚事项清单（保留）", issuer="柯城区自然资源和规划局",
                  effective=date(2021, 6, 1), region=REGION, authority=AuthoritySource.DELEGATED, source="B.xlsx",
                  kind="部门权力清单")
    items = [_item("B", 1, "对未取得建设工程规划许可证进行建设的行政处罚", DEPT_ZR,
                   _ok(BasisRole.PENALTY, "《城乡规划法》第六十四条", P64), domain="自然资源", file="B.xlsx",
                   sheet=None)]
    return cat, items


def catalog_c() -> tuple[Catalog, list[PenaltyItem]]:
    cat = Catalog("C", "柯城区综合行政执法局委托乡镇实施事项", issuer="柯城区综合行政执法局", effective=CAT_DAY,
                  region=REGION, authority=AuthoritySource.ENTRUSTED, source="C.xlsx")
    items = [
        _item("C", 1, "对未按照建设工程规划许可证的规定进行建设的处罚", DEPT_ZF,
              _ok(BasisRole.PENALTY, "《城乡规划法》第六十四条", P64), domain="城乡规划", file="C.xlsx"),
        _item("C", 2, "对在城市人行道摆摊设点的处罚", DEPT_ZF,
              _bad(BasisRole.SETTING, "市容环境卫生管理相关规定", Resolution.UNPARSED, "未识别出法规名称和条文"),
              domain="市容环境卫生", file="C.xlsx"),
    ]
    return cat, items


def _holds(cat: Catalog, items: list[PenaltyItem], towns: tuple[Township, ...]) -> list[Holding]:
    return [Holding(t.key, i.key, cat.authority, cat.key, cat.effective, provenance=i.source)
            for i in items for t in towns]


def build(store: GraphStore) -> GraphStore:
    parsed = statutes()
    store.write(statutes_bundle(parsed))
    existing = {str(p.id) for ps in parsed for p in ps.provisions}
    heavy = (ReviewRequirement(ReviewKind.HEARING, "可处较大数额罚款"),
             ReviewRequirement(ReviewKind.LEGAL_REVIEW, "经过听证程序的案件须法制审核"))
    a, a_items = catalog_a()
    store.write(catalog_bundle(a, a_items, _holds(a, a_items, TOWNS),
                               [DEPT_ZR, DEPT_ZF, DEPT_WL, DEPT_SJ, DEPT_BAD], list(TOWNS),
                               {"A#1": heavy, "A#2": heavy}, existing))
    b, b_items = catalog_b()
    store.write(catalog_bundle(b, b_items, [], [DEPT_ZR], [], {}, existing))
    c, c_items = catalog_c()
    store.write(catalog_bundle(c, c_items, _holds(c, c_items, TOWNS[:1]), [DEPT_ZF], [TOWNS[0]], {}, existing))
    plan = next(p for p in parsed if p.statute.key == "城乡规划法")
    reviews = load_statutory_reviews()
    rows = [(p, plan.version, plan.statute, decide_statutory(p, reviews)) for p in plan.provisions
            if p.is_penalty or p.township_competent]  # as apply_statutory_powers
    s_cat, s_items, s_holds = statutory_items(rows, TOWNS)
    store.write(catalog_bundle(s_cat, s_items, s_holds, [], [], {}, existing))
    return store
