"""A synthetic province for the report benchmark, built the way ingest builds graphs.

Unlike ``bench/synthetic.py`` (sized for store primitives), every record
here goes through ``kg.graph_build`` (``statutes_bundle``, ``catalog_bundle``,
``statutory_items``), so items carry their ``basis`` links, source rows and
review requirements exactly as ingested catalogs do, and the planner reports
have real work to do:

- statutes (national and provincial) with one or two versions; a second
  version amends, inserts (so renumbers) and drops articles, and comes
  into force after the catalogs were resolved, so items citing the first
  version are *stale*;
- a province pool of item templates (names from word pools, a department,
  a domain, a 罚则 and a 违则), with near-identical names, one 罚则 claimed
  by two departments, technical / life-safety names (negative list),
  unresolved citations of every kind (statute or article not found,
  unparsed, no basis, suggestion only) and missing or misspelt departments;
- per county: a 赋权目录 of ``items`` templates held by all its townships
  (``layout="county"``: 1,000 townships × 500 items = 50,000 items and
  500,000 holdings), or one catalog per township (``layout="township"``:
  500,000 items); the department's own retained list (held by nobody) that
  repeats some delegated powers; a 委托 list that repeats some powers for two
  townships; the statutory powers of township-competent articles.

Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

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

PROVINCE = "浙江省"
V1 = date(2018, 1, 1)
V2 = date(2023, 1, 1)
CATALOG_DAY = date(2022, 4, 1)
COUNTY_LIST_DAY = date(2021, 1, 1)

DEPARTMENTS = {
    "综合行政执法局": ("市容环卫", ("市容环境卫生", "城市管理", "户外广告", "城市绿化")),
    "自然资源和规划局": ("城乡规划", ("城乡规划", "土地管理", "村庄规划")),
    "生态环境分局": ("生态环境", ("大气污染防治", "水污染防治", "固体废物污染环境防治", "环境噪声污染防治")),
    "市场监督管理局": ("市场监管", ("食品安全", "产品质量", "特种设备安全", "广告")),
    "农业农村局": ("农业农村", ("动物防疫", "农药管理", "种子", "农产品质量安全")),
    "林业局": ("林业", ("森林", "野生动物保护", "森林防火")),
    "水利局": ("水利", ("水法", "防洪", "河道管理", "水土保持")),
    "交通运输局": ("交通运输", ("公路", "道路运输", "公路安全保护")),
    "文化广电旅游体育局": ("文化旅游", ("文物保护", "旅游", "娱乐场所管理")),
    "卫生健康局": ("卫生健康", ("公共场所卫生", "传染病防治", "控制吸烟")),
    "消防救援大队": ("消防", ("消防",)),
    "民政局": ("殡葬", ("殡葬管理",)),
    "住房和城乡建设局": ("住房城乡建设", ("建筑", "城镇燃气管理", "物业管理", "建设工程质量管理")),
    "应急管理局": ("应急管理", ("安全生产", "危险化学品安全管理", "烟花爆竹安全管理")),
}
VERBS = ("擅自", "未经批准", "违反规定", "拒不", "未按照规定", "非法", "未取得许可", "超过期限")
ACTS = ("占用城市道路", "设置户外广告", "倾倒建筑垃圾", "搭建建筑物", "砍伐树木", "排放污水", "堆放物料", "摆摊设点",
        "损坏绿地", "挖掘道路", "焚烧秸秆", "饲养家禽", "经营食品", "使用燃气", "改变房屋用途", "使用特种设备",
        "储存危险化学品", "开采砂石", "填埋河道", "屠宰生猪", "经营娱乐场所", "遗撒渣土", "燃放烟花爆竹", "停放车辆")
PLACES = ("", "在城市道路上", "在公共场所", "在河道管理范围内", "在村庄规划区内", "在文物保护单位保护范围内", "在林地内",
          "在饮用水水源保护区内", "在公路用地范围内", "在居民区")
WORDS = ("违法", "建设", "罚款", "责令", "限期", "改正", "没收", "拆除", "警告", "处", "万元", "以下", "以上", "单位",
         "个人", "主管部门", "规定", "许可", "行为", "采取", "措施", "情节", "严重", "造成", "损失", "恢复", "原状",
         "设施", "管理", "使用", "经营", "场所", "批准", "登记", "备案", "检验", "标准", "安全", "保护", "防治")
MISSPELT = {"综合行政执法局": "综合行政执罚局", "自然资源和规划局": "自然资源和规化局", "林业局": "林叶局"}


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    dept: str
    domain: str
    basis: tuple[BasisLink, ...]


@dataclass
class Province:
    statutes: list[ParsedStatute]
    templates: list[Template]
    sanctions: dict[str, tuple[Sanction, ...]]  # article key -> sanctions (for review requirements)


# characters of real statute text, so synthetic articles are as varied as real ones
_CHARS = ("的人民政府规定本法应当和或者行政主管部门有关单位个人管理国家违反依照处罚款以上下元责令改正没收违法所得情节严重"
          "吊销许可证建设工程城市道路环境保护污染防治设施使用经营场所批准登记备案检验标准安全生产事故损失恢复原状限期拆除"
          "县级地方各级组织机构监督检查职责范围内实施办法条例决定公布施行修改废止第一二三四五六七八九十百千万款项目之")


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(_CHARS) for _ in range(n * 2))


def _sanctions(rng: random.Random) -> tuple[Sanction, ...]:
    out = [Sanction(SanctionKind.CORRECT, "责令改正")]
    hi = rng.choice((2000.0, 10000.0, 50000.0, 200000.0, 1000000.0))
    out.append(Sanction(SanctionKind.FINE, f"处{int(hi)}元以下罚款", max_amount=hi))
    r = rng.random()
    if r < 0.08:
        out.append(Sanction(SanctionKind.REVOKE_LICENCE, "吊销许可证"))
    elif r < 0.12:
        out.append(Sanction(SanctionKind.SUSPEND_BUSINESS, "责令停产停业"))
    elif r < 0.3:
        out.append(Sanction(SanctionKind.CONFISCATE_GAINS, "没收违法所得"))
    return tuple(out)


def _statutes(rng: random.Random, n_statutes: int) -> tuple[list[ParsedStatute], dict[str, list[ProvisionId]]]:
    """Statutes with one or two versions; returns them and, per domain, the 罚则 of the first version."""
    parsed: list[ParsedStatute] = []
    penalties: dict[str, list[ProvisionId]] = {}
    subjects = [(dept, dom, subj) for dept, (dom, subjects) in DEPARTMENTS.items() for subj in subjects]
    for s in range(n_statutes):
        _dept, dom, subj = subjects[s % len(subjects)]
        local = s >= len(subjects)
        title = f"{PROVINCE}{subj}条例（第{s}号）" if local else f"中华人民共和国{subj}法"
        key = title.removeprefix("中华人民共和国")
        statute = Statute(key, title, Level.LOCAL_REGULATION if local else Level.LAW,
                          region=PROVINCE if local else None, aliases=(key,))
        n_art = rng.randint(40, 90)
        first_penalty = n_art * 2 // 3
        arts: list[Provision] = []
        for a in range(1, n_art + 1):
            pen = a > first_penalty
            text = f"第{a}条 " + _text(rng, rng.randint(30, 80)) + "。"
            arts.append(Provision(
                ProvisionId(key, V1, a), text, sanctions=_sanctions(rng) if pen else (),
                heading=("第六章 法律责任",) if pen else (), township_competent=pen and rng.random() < 0.01,
                competent_body=f"县级以上人民政府{subj}主管部门" if pen else None,
            ))
        parsed.append(ParsedStatute(statute, StatuteVersion(key, V1, f"{key}({V1}).md", valid_from=V1), tuple(arts)))
        penalties.setdefault(dom, []).extend(p.id for p in arts if p.is_penalty)
        if rng.random() < 0.3:  # a later revision: amend some articles, insert two, drop one
            v2: list[Provision] = []
            insert_at = rng.randint(first_penalty - 5, n_art - 3)
            shift = 0
            for p in arts:
                n = p.id.article
                if n == insert_at:
                    for _ in range(2):
                        shift += 1
                        v2.append(Provision(ProvisionId(key, V2, n + shift - 1), _text(rng, 50), sanctions=_sanctions(rng),
                                            heading=p.heading))
                if rng.random() < 0.02:
                    shift -= 1
                    continue
                text = p.text
                if p.is_penalty and rng.random() < 0.2:
                    text = text[: len(text) // 2] + _text(rng, 30) + "。"
                v2.append(replace(p, id=ProvisionId(key, V2, n + shift), text=text))
            parsed.append(ParsedStatute(statute, StatuteVersion(key, V2, f"{key}({V2}).md", valid_from=V2), tuple(v2)))
    return parsed, penalties


def province(seed: int = 20240601, templates: int = 800, n_statutes: int = 150) -> Province:
    rng = random.Random(seed)
    parsed, penalties = _statutes(rng, n_statutes)
    sanctions = {str(p.id): p.sanctions for ps in parsed for p in ps.provisions if p.is_penalty}
    out: list[Template] = []
    depts = list(DEPARTMENTS)
    names_seen: set[str] = set()
    P, V, S = BasisRole.PENALTY, BasisRole.VIOLATED, BasisRole.SETTING
    for t in range(templates):
        dept = depts[t % len(depts)]
        dom = DEPARTMENTS[dept][0]
        while True:
            name = f"对{rng.choice(PLACES)}{rng.choice(VERBS)}{rng.choice(ACTS)}的处罚"
            if name not in names_seen:
                names_seen.add(name)
                break
        pen = rng.choice(penalties[dom])
        basis: tuple[BasisLink, ...] = (
            BasisLink(V, f"《{pen.statute}》第{pen.article - 20}条", Resolution.RESOLVED,
                      ProvisionId(pen.statute, pen.version, max(1, pen.article - 20))),
            BasisLink(P, f"《{pen.statute}》第{pen.article}条", Resolution.RESOLVED, pen),
        )
        r = rng.random()
        if r < 0.01:
            basis = (BasisLink(P, f"《{PROVINCE}已废止的某条例》第{pen.article}条", Resolution.STATUTE_NOT_FOUND,
                               reason="未找到法规"),)
        elif r < 0.02:
            basis = (BasisLink(P, f"《{pen.statute}》第{pen.article + 300}条", Resolution.ARTICLE_NOT_FOUND,
                               reason=f"《{pen.statute}》中没有第{pen.article + 300}条"),)
        elif r < 0.03:
            basis = (BasisLink(S, "有关法律法规", Resolution.UNPARSED, reason="未识别出法规名称和条文"),)
        elif r < 0.035:
            basis = (BasisLink(S, "", Resolution.NO_BASIS, reason="本行法律依据栏为空"),)
        elif r < 0.045:
            basis = (BasisLink(P, f"{pen.statute}第{pen.article}条", Resolution.SUGGESTED, pen, "检索推荐第1位",
                               round(rng.random(), 3)),)
        elif r < 0.06 and out:  # one 罚则, two departments
            other = rng.choice(out)
            basis = other.basis
        if rng.random() < 0.03 and out:  # a near-identical name of an earlier template
            base = rng.choice(out).name
            name = base.replace("的处罚", "的行政处罚") if rng.random() < 0.5 else base.replace("对", "对在", 1)
        out.append(Template(f"3300{t:06d}", name, dept, dom, basis))
    return Province(parsed, out, sanctions)


def _reviews(item: PenaltyItem, sanctions: dict[str, tuple[Sanction, ...]]) -> tuple[ReviewRequirement, ...]:
    kinds = {s.kind for link in item.basis if link.role is BasisRole.PENALTY and link.provision
             for s in sanctions.get(str(link.provision.article_id()), ())}
    large = any(s.kind is SanctionKind.FINE and (s.max_amount or 0) >= 10000 for link in item.basis
                if link.provision for s in sanctions.get(str(link.provision.article_id()), ()))
    if large or kinds & {SanctionKind.REVOKE_LICENCE, SanctionKind.SUSPEND_BUSINESS}:
        return (ReviewRequirement(ReviewKind.HEARING, "可能适用听证"),
                ReviewRequirement(ReviewKind.LEGAL_REVIEW, "经过听证程序的案件须法制审核"))
    return ()


def build_province(store: GraphStore, *, townships: int = 1_000, items: int = 500, per_county: int = 10,
                   layout: str = "county", seed: int = 20240601) -> dict[str, int]:
    """Write the synthetic province into ``store``; returns counts of what was written."""
    rng = random.Random(seed + 1)
    prov = province(seed, templates=max(items + items // 2, 60))
    store.write(statutes_bundle(prov.statutes))
    existing = {str(p.id) for ps in prov.statutes for p in ps.provisions}
    counties = max(1, -(-townships // per_county))
    counts = {"items": 0, "holdings": 0, "townships": 0, "catalogs": 0}
    all_towns: list[Township] = []
    for c in range(counties):
        county = f"合成{c:03d}县"
        region = f"{PROVINCE}合成市{county}"
        n_towns = min(per_county, townships - counts["townships"])
        towns = [Township(f"{county}第{i}镇", f"{county}第{i}镇", region) for i in range(n_towns)]
        counts["townships"] += n_towns
        all_towns.extend(towns)
        chosen = rng.sample(prov.templates, min(items, len(prov.templates)))
        depts: dict[str, Department] = {}

        def dept_of(t: Template, *, _depts: dict[str, Department] = depts, _county: str = county,
                    _region: str = region) -> str | None:
            if rng.random() < 0.01:
                return None
            name = t.dept if rng.random() > 0.01 else MISSPELT.get(t.dept, t.dept + "办")
            full = f"{_county}{name}"
            _depts.setdefault(full, Department(full, full, _region))
            return full

        def make(cat: Catalog, n: int, t: Template, file: str) -> PenaltyItem:
            return PenaltyItem(key=f"{cat.key}#{t.code}", catalog_key=cat.key, name=t.name, code=t.code,
                               power_type=PowerType.PENALTY, domain=t.domain, department=dept_of(t),
                               basis=t.basis, source=SourceRef(file, "行政处罚", n + 3))

        groups = [towns] if layout == "county" else [[t] for t in towns]
        for gi, group in enumerate(groups):
            suffix = "" if layout == "county" else f"-{gi}"
            cat = Catalog(f"{county}赋权目录{suffix}", f"{county}乡镇（街道）综合行政执法事项目录{suffix}",
                          issuer=f"{county}人民政府", effective=CATALOG_DAY, region=region,
                          authority=AuthoritySource.DELEGATED, source=f"{county}赋权目录{suffix}.xlsx")
            its = [make(cat, n, t, cat.source) for n, t in enumerate(chosen)]
            holds = [Holding(tw.key, i.key, AuthoritySource.DELEGATED, cat.key, CATALOG_DAY, provenance=i.source)
                     for i in its for tw in group]
            store.write(catalog_bundle(cat, its, holds, list(depts.values()), group,
                                       {i.key: _reviews(i, prov.sanctions) for i in its}, existing))
            counts["items"] += len(its)
            counts["holdings"] += len(holds)
            counts["catalogs"] += 1
        # the department's own list, still listing some delegated powers (held by nobody)
        kept = rng.sample(chosen, min(8, len(chosen))) + rng.sample(prov.templates, 30)
        cat = Catalog(f"{county}部门保留事项", f"{county}县级部门保留行政处罚事项清单", issuer=f"{county}人民政府",
                      effective=COUNTY_LIST_DAY, region=region, source=f"{county}保留事项.xlsx", kind="部门权力清单")
        its = list({i.key: i for i in (make(cat, n, t, cat.source) for n, t in enumerate(kept))}.values())
        store.write(catalog_bundle(cat, its, [], list(depts.values()), [], {}, existing))
        counts["items"] += len(its)
        # a 委托 list repeating some delegated powers for two townships
        cat = Catalog(f"{county}委托事项", f"{county}综合行政执法局委托乡镇实施事项", issuer=f"{county}综合行政执法局",
                      effective=CATALOG_DAY, region=region, authority=AuthoritySource.ENTRUSTED,
                      source=f"{county}委托事项.xlsx")
        its = [make(cat, n, t, cat.source) for n, t in enumerate(rng.sample(chosen, min(10, len(chosen))))]
        holds = [Holding(tw.key, i.key, AuthoritySource.ENTRUSTED, cat.key, CATALOG_DAY, provenance=i.source)
                 for i in its for tw in towns[:2]]
        store.write(catalog_bundle(cat, its, holds, list(depts.values()), towns[:2], {}, existing))
        counts["items"] += len(its)
        counts["holdings"] += len(holds)
        counts["catalogs"] += 2
    latest: dict[str, date] = {}
    for ps in prov.statutes:
        if ps.version.version and ps.version.version > latest.get(ps.statute.key, date.min):
            latest[ps.statute.key] = ps.version.version
    rows = [(p, ps.version, ps.statute) for ps in prov.statutes if ps.version.version == latest[ps.statute.key]
            for p in ps.provisions if p.township_competent]
    s_cat, s_items, s_holds = statutory_items(rows, all_towns)
    store.write(catalog_bundle(s_cat, s_items, s_holds, [], [], {}, existing))
    counts["holdings"] += len(s_holds)
    counts["provisions"] = store.count("Provision")
    return counts
