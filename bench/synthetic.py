"""A synthetic province-sized catalog graph for benchmarks (deterministic per seed).

Shape (defaults): 1,000 townships in 100 counties; each county publishes one
赋权目录 (Catalog) of 500 items (PenaltyItem) drawn from a pool of province
item codes, so one ``code`` is listed by many catalogs, as in real
provincial catalogs; every township HOLDS every item of its county's catalog
(a few also by 委托, a parallel edge told apart by its key), with dates and
the catalog as source; each item has 1-3 BASIS edges to synthetic Provision
nodes (a few thousand, under a few hundred Statute/StatuteVersion nodes),
one COMPETENT department and one IN_DOMAIN domain.

``corpus_bundle`` is a statute layer of the shared corpus's size, for
measuring bulk loads when the real corpus graph has not been built.

>>> b = province_bundle(townships=20, items=5, provisions=50, seed=1)
>>> sorted((label, len(rows)) for label, rows in b.nodes.items())[:3]
[('Catalog', 2), ('Department', 30), ('Domain', 20)]
>>> province_bundle(townships=20, items=5, provisions=50, seed=1).edges == b.edges
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kg.store import GraphBundle

DOMAINS = ("市容环境卫生", "城乡规划", "市政公用", "园林绿化", "环境保护", "工商管理", "交通运输", "水利",
           "农业", "林业", "安全生产", "食品安全", "消防", "卫生健康", "自然资源", "文化旅游", "教育",
           "民政", "人力社保", "住房建设")
DEPARTMENTS = tuple(f"{d}局" for d in ("综合行政执法", "自然资源和规划", "生态环境", "住房和城乡建设", "交通运输",
                                        "水利", "农业农村", "市场监督管理", "应急管理", "卫生健康", "文化广电旅游",
                                        "教育", "民政", "人力资源和社会保障", "林业", "消防救援", "公安", "城市管理",
                                        "商务", "统计", "气象", "档案", "粮食和物资储备", "医疗保障", "退役军人事务",
                                        "体育", "人民防空", "机关事务管理", "信访", "数据资源管理"))
VERBS = ("擅自", "未经批准", "违反规定", "拒不", "未按照规定", "非法")
ACTS = ("占用城市道路", "设置户外广告", "倾倒建筑垃圾", "搭建建筑物", "砍伐树木", "排放污水", "堆放物料",
        "摆摊设点", "损坏绿地", "挖掘道路", "焚烧垃圾", "饲养家禽", "经营食品", "使用燃气", "改变房屋用途")
WORDS = ("违法", "建设", "罚款", "责令", "限期", "改正", "没收", "拆除", "警告", "处", "万元", "以下", "以上",
         "乡镇", "人民政府", "城市", "管理", "主管部门", "规定", "许可")


@dataclass(frozen=True)
class Sample:
    """Keys to query in a benchmark, drawn from the generated graph."""

    items: list[str]
    codes: list[str]
    townships: list[str]


def province_bundle(
    townships: int = 1_000,
    items: int = 500,
    provisions: int = 3_000,
    *,
    per_county: int = 10,
    code_pool: int | None = None,
    seed: int = 20240601,
) -> GraphBundle:
    """The whole synthetic province as one bundle (see the module docstring)."""
    rng = random.Random(seed)
    b = GraphBundle()
    counties = max(1, -(-townships // per_county))
    code_pool = code_pool or int(items * 1.6)
    codes = [f"3300{i:06d}" for i in range(code_pool)]
    code_names = {c: f"对{rng.choice(VERBS)}{rng.choice(ACTS)}的行政处罚（{i}）" for i, c in enumerate(codes)}

    for d in DOMAINS:
        b.add_node("Domain", d, {"name": d})
    for d in DEPARTMENTS:
        b.add_node("Department", d, {"name": d, "region": "浙江省"})

    statutes = max(1, provisions // 15)
    prov_keys: list[str] = []
    for s in range(statutes):
        skey = f"合成条例{s:03d}"
        vkey = f"{skey}@2020-01-01"
        b.add_node("Statute", skey, {"title": f"浙江省{skey}", "level": "地方性法规", "region": "浙江省",
                                     "aliases": [skey, f"浙江省{skey}"]})
        b.add_node("StatuteVersion", vkey, {"statute_key": skey, "version": "2020-01-01",
                                            "valid_from": "2020-01-01", "valid_to": None})
        b.add_edge("HAS_VERSION", skey, vkey)
        n_art = provisions // statutes + (1 if s < provisions % statutes else 0)
        for a in range(1, n_art + 1):
            pkey = f"{vkey}/art_{a}"
            words = [rng.choice(WORDS) for _ in range(rng.randint(20, 60))]
            b.add_node("Provision", pkey, {
                "statute_key": skey, "version_key": vkey, "article": a, "is_penalty": a > n_art * 2 // 3,
                "text": "".join(words) + "。", "heading": ["第五章 法律责任"] if a > n_art * 2 // 3 else [],
                "tokens": " ".join(words), "township_competent": rng.random() < 0.1,
            })
            b.add_edge("CONTAINS", vkey, pkey)
            prov_keys.append(pkey)
    penalty_keys = [p["key"] for p in b.nodes["Provision"] if p["is_penalty"]] or prov_keys

    town_no = 0
    for c in range(counties):
        county = f"合成县{c:03d}"
        ckey = f"{county}赋权目录2022"
        b.add_node("Catalog", ckey, {"title": f"{county}乡镇（街道）综合行政执法事项目录", "issuer": f"{county}人民政府",
                                     "doc_number": f"合政发〔2022〕{c + 1}号", "published": "2022-03-01",
                                     "effective": "2022-04-01", "valid_to": None, "region": f"浙江省{county}",
                                     "authority": "赋权", "source": f"{ckey}.xlsx", "kind": "赋权目录"})
        chosen = rng.sample(codes, min(items, len(codes)))
        item_keys = []
        for i, code in enumerate(chosen, start=1):
            ikey = f"{ckey}#{i}"
            dept = rng.choice(DEPARTMENTS)
            domain = rng.choice(DOMAINS)
            b.add_node("PenaltyItem", ikey, {
                "catalog_key": ckey, "name": code_names[code], "code": code, "power_type": "行政处罚",
                "domain": domain, "department": dept, "scope_note": None,
                "basis_text": f"《合成条例》第{rng.randint(1, 40)}条", "townships": [],
                "tokens": " ".join(rng.choice(WORDS) for _ in range(8)),
            })
            b.add_edge("LISTS", ckey, ikey)
            b.add_edge("COMPETENT", ikey, dept)
            b.add_edge("IN_DOMAIN", ikey, domain)
            for role, pkey in zip(("违则", "罚则", "参照"), rng.sample(penalty_keys, rng.randint(1, 3)), strict=False):
                b.add_edge("BASIS", ikey, pkey, role, role=role, status="resolved", citation=pkey)
            item_keys.append(ikey)
        for _ in range(min(per_county, townships - town_no)):
            tkey = f"{county}第{town_no:04d}镇"
            town_no += 1
            b.add_node("Township", tkey, {"name": tkey, "region": f"浙江省{county}"})
            start = date(2022, 4, 1) + timedelta(days=rng.randint(0, 90))
            for ikey in item_keys:
                b.add_edge("HOLDS", tkey, ikey, f"赋权|{ckey}", source="赋权", catalog=ckey,
                           valid_from=start.isoformat(), valid_to=None)
                if rng.random() < 0.02:
                    b.add_edge("HOLDS", tkey, ikey, f"委托|{ckey}-2020", source="委托", catalog=f"{ckey}-2020",
                               valid_from="2020-01-01", valid_to=start.isoformat())
    return b


def corpus_bundle(
    statutes: int = 3_500,
    versions: int = 5_000,
    provisions: int = 150_000,
    *,
    text_chars: int = 140,
    seed: int = 20240602,
) -> GraphBundle:
    """A statute layer shaped like the shared corpus (for when the real one is not built).

    Statutes with one or more versions, articles with texts of about
    ``text_chars`` characters and their space-joined tokens, and citation
    (CITES, ~20%) and 罚则 -> 违则 (PENALIZES, ~10%) edges inside a version:
    ~200k edges at the default size.
    """
    rng = random.Random(seed)
    b = GraphBundle()
    vkeys: list[tuple[str, str]] = []
    for s in range(statutes):
        key = f"合成法{s:04d}"
        b.add_node("Statute", key, {"title": f"中华人民共和国{key}", "level": rng.choice(("法律", "行政法规", "地方性法规")),
                                    "region": rng.choice((None, "浙江省", "衢州市")), "aliases": [key, f"中华人民共和国{key}"]})
        vkeys.append((key, f"{key}@2000-01-01"))
    for v in range(versions - statutes):
        key = f"合成法{rng.randrange(statutes):04d}"
        vkeys.append((key, f"{key}@{2001 + v % 24}-{1 + v % 12:02d}-01"))
    vkeys = sorted(set(vkeys))
    per_version = max(1, provisions // len(vkeys))
    made = 0
    for i, (skey, vkey) in enumerate(vkeys):
        b.add_node("StatuteVersion", vkey, {"statute_key": skey, "version": vkey.split("@")[1],
                                            "valid_from": vkey.split("@")[1], "source": f"{skey}.md"})
        b.add_edge("HAS_VERSION", skey, vkey)
        n = per_version + (1 if i < provisions - per_version * len(vkeys) else 0)
        n = min(n, provisions - made)
        for a in range(1, n + 1):
            pkey = f"{vkey}/art_{a}"
            words: list[str] = []
            size = 0
            while size < text_chars:
                words.append(rng.choice(WORDS))
                size += len(words[-1])
            penalty = a > n * 3 // 4
            b.add_node("Provision", pkey, {
                "statute_key": skey, "version_key": vkey, "article": a, "is_penalty": penalty,
                "text": f"第{a}条 " + "".join(words) + "。", "heading": ["第一章 总则"] if a < 5 else ["第六章 法律责任"],
                "line": a * 3, "tokens": " ".join(words), "township_competent": penalty and rng.random() < 0.05,
                "sanctions": "[]",
            })
            b.add_edge("CONTAINS", vkey, pkey)
            if a > 1 and rng.random() < 0.2:
                b.add_edge("CITES", pkey, f"{vkey}/art_{rng.randint(1, a - 1)}")
            if penalty and rng.random() < 0.4:
                target = f"{vkey}/art_{rng.randint(1, max(1, n * 3 // 4))}"
                b.add_edge("PENALIZES", pkey, target, target)
        made += n
    return b


def sample_keys(bundle: GraphBundle, n: int = 1_000, seed: int = 7) -> Sample:
    """Random query keys (items, their codes, townships) from a bundle."""
    rng = random.Random(seed)
    items = bundle.nodes.get("PenaltyItem", [])
    towns = bundle.nodes.get("Township", [])
    picked = [rng.choice(items) for _ in range(n)] if items else []
    return Sample(
        items=[p["key"] for p in picked],
        codes=[p["code"] for p in picked],
        townships=[rng.choice(towns)["key"] for _ in range(n)] if towns else [],
    )
