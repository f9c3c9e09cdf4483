"""Report ``coverage``: items held per township and domain, power types per department."""

from __future__ import annotations

from collections import Counter, defaultdict

from kg.graph_build import STATUTORY_CATALOG
from kg.model import AuthoritySource, PowerType
from kg.reports.graph import _Graph
from kg.reports.overlaps import _town_name
from kg.reports.types import CATEGORY_LABELS, COVERAGE_LIST_LIMIT, POWER_PENALTY, ReportResult
from kg.reports.vocabularies import department_vocabulary

# --------------------------------------------------------------------------
# Report: coverage
# --------------------------------------------------------------------------

POWER_GROUPS = {
    PowerType.LICENSING.value: "审批", PowerType.INSPECTION.value: "监管", POWER_PENALTY: "执法",
    PowerType.COERCION.value: "执法", PowerType.COOPERATION.value: "配合", PowerType.OTHER.value: "其他",
}


def report_coverage(g: _Graph) -> ReportResult:
    """Powers held per township and domain, by source, with review needs; power types per department.

    One finding per (township, domain): distinct items held in the period,
    how many by 法定 / 赋权 / 委托, how many need 法制审核 or may need 听证
    (REQUIRES edges); ``item_codes`` and ``rows`` list the first
    ``COVERAGE_LIST_LIMIT`` items as examples.  ``sections["部门职权类型"]``
    counts items per department and power type (审批 / 监管 / 执法 / 配合).
    """
    g.prefetch_holds(catalogs=False)  # read beside the items (on a database server)
    items = g.items()
    by_key = {i.key: i for i in items}
    review = {r[0] for r in g.store.edge_rows("REQUIRES", (), dst="法制审核")}
    hearing = {r[0] for r in g.store.edge_rows("REQUIRES", (), dst="听证")}
    bits = {source.value: 1 << n for n, source in enumerate(AuthoritySource)}
    domain_of = {i.key: g.domain(i) for i in items}
    # (township, domain) -> item -> the sources it is held by, as bits
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for h in g.holds(catalogs=False):
        dom = domain_of.get(h.item)
        if dom is None:
            continue
        cell = cells[(h.township, dom)]
        cell[h.item] = cell.get(h.item, 0) | bits.get(h.source, 0)
    findings = []
    names = {t: _town_name(g, t) for t, _ in cells}
    # the example items of a cell are its first by (catalog, row, key): rank every item once
    rank = {i.key: n for n, i in enumerate(sorted(items, key=lambda i: (i.catalog, i.row or 0, i.key)))}
    for (town, dom), held_bits in sorted(cells.items(), key=lambda kv: (names[kv[0][0]], kv[0][0], kv[0][1])):
        listed = [by_key[k] for k in sorted(held_bits, key=rank.__getitem__)[:COVERAGE_LIST_LIMIT]]
        n_review = len(review.intersection(held_bits))
        n_hearing = len(hearing.intersection(held_bits))
        by_bits: Counter[int] = Counter(held_bits.values())
        counts = {source: sum(n for b, n in by_bits.items() if b & bit) for source, bit in bits.items()}
        findings.append({
            "category": "township_domain", "category_label": CATEGORY_LABELS["township_domain"],
            "reason": (f"{names[town]}在“{dom}”领域持有{len(held_bits)}项职权（法定{counts['法定']}、赋权{counts['赋权']}、"
                       f"委托{counts['委托']}），其中需法制审核{n_review}项、可能需听证{n_hearing}项"),
            "item_codes": [i.code or i.key for i in listed],
            "rows": [{"file": i.file, "sheet": i.sheet, "row": i.row} for i in listed],
            "township": names[town], "township_key": town, "region": (g.townships.get(town) or {}).get("region"),
            "domain": dom, "held": len(held_bits), "statutory": counts["法定"], "delegated": counts["赋权"],
            "entrusted": counts["委托"], "legal_review": n_review, "hearing": n_hearing,
            "listed_truncated": len(held_bits) > len(listed),
        })
    vocab = department_vocabulary()
    per_dept: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        if item.catalog == STATUTORY_CATALOG:
            continue
        raw = g.department_name(item.department) or "（未填写）"
        per_dept[raw][POWER_GROUPS.get(item.power_type, "其他")] += 1
    dept_rows = [{"department": d, "standard_name": vocab.canonical(d), **{k: c.get(k, 0) for k in
                  ("审批", "监管", "执法", "配合", "其他")}, "total": sum(c.values())}
                 for d, c in sorted(per_dept.items())]
    towns = {f["township_key"] for f in findings}
    summary = {"townships": len(towns), "domains": len({f["domain"] for f in findings}),
               "holdings": len(g.holds(catalogs=False)), "items": len(items), "findings": len(findings),
               "legal_review_items": len(review & set(by_key)), "hearing_items": len(hearing & set(by_key))}
    return ReportResult("coverage", "", g.filters, summary, findings, {"部门职权类型": dept_rows})


