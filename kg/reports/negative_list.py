"""Report ``negative-list``: handed-down items a negative-list rule says should stay with the county."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from kg.reports.gaps import _sanction_kinds
from kg.reports.graph import Hold, Item, Link, _finding, _Graph, article_key, article_node_key
from kg.reports.overlaps import _join_limited, _town_name
from kg.reports.types import HANDED_DOWN, RESOLVED, ROLE_VIOLATED, ReportResult
from kg.reports.unmapped import _category_rank, _first_row_key
from kg.reports.vocabularies import NegativeRule, _norm, negative_rules

# --------------------------------------------------------------------------
# Report: negative list
# --------------------------------------------------------------------------

_SANCTION_WORDS: dict[str, tuple[str, ...]] = {
    "吊销许可证件": ("吊销",),
    "责令停产停业": ("停产停业", "责令停业"),
    "责令关闭": ("责令关闭",),
    "降低资质等级": ("降低资质",),
    "限制从业": ("限制从业",),
    "行政拘留": ("拘留",),
    "限制开展生产经营活动": ("限制开展生产经营活动",),
}


def _negative_matches(item: Item, rules: Sequence[NegativeRule], words_of: dict[str, tuple[tuple[str, str], ...]],
                      kinds: set[str], titles: dict[str, str]) -> tuple[list[tuple[NegativeRule, str]], list[str], list[str]]:
    """Rules an item matches, with the evidence; also its sanction kinds and cited statute titles."""
    cited = sorted({titles.get(k[0], k[0]) for lk in item.basis if lk.provision
                    for k in [article_key(lk.provision)] if k})
    name = _norm(item.name)
    hay = name + "|" + "|".join(_norm(t) for t in cited)
    matched: list[tuple[NegativeRule, str]] = []
    for rule in rules:
        if rule.kind == "sanction":
            hit = [v for v in rule.values if v in kinds]
            if hit:
                matched.append((rule, f"罚则可处{'、'.join(hit)}"))
                continue
            words = [w for v in rule.values for w in _SANCTION_WORDS.get(v, (v,)) if w in item.name]
            if words:
                matched.append((rule, f"事项名称含“{words[0]}”"))
        else:
            found = [(v, nv) for v, nv in words_of[rule.id] if nv in hay]
            if found:
                where = "事项名称" if any(nv in name for _, nv in found) else "所引法规名称"
                matched.append((rule, f"{where}含“{'、'.join(v for v, _ in found)}”"))
    return matched, sorted(kinds), cited


def report_negative_list(g: _Graph) -> ReportResult:
    """Items held by a township through 赋权 or 委托 that a negative-list rule covers.

    Rules (``ontologies/negative_list.yaml``) match the sanction kinds of the
    item's resolved 罚则 / 设定依据 provisions (or the sanction words in its
    name), or keywords in its name and in the titles of the statutes it
    cites.  Category ``certain`` when at least one matching rule follows from
    the statute text, else ``uncertain`` (to be checked).
    """
    rules = negative_rules()
    delegated: dict[str, list[Hold]] = defaultdict(list)
    for h in g.holds(catalogs=False):
        if h.source in HANDED_DOWN:
            delegated[h.item].append(h)
    items = [i for i in g.items() if i.key in delegated]
    nodes_of: dict[str, list[str]] = {}
    for item in items:
        nodes_of[item.key] = [n for lk in item.basis if lk.provision and lk.status == RESOLVED
                              and lk.role != ROLE_VIOLATED
                              for n in [article_node_key(lk.provision)] if n]
    wanted = sorted({n for ns in nodes_of.values() for n in ns})
    provisions = g.store.get_many("Provision", wanted) if wanted else {}
    kinds_of_node = {k: _sanction_kinds(p.get("sanctions")) for k, p in provisions.items()}
    statute_keys = sorted({k[0] for item in items for lk in item.basis if lk.provision
                           for k in [article_key(lk.provision)] if k})
    titles = {k: str(p.get("title") or k) for k, p in g.store.get_many("Statute", statute_keys).items()}
    findings = []
    per_rule: Counter[str] = Counter()
    words_of = {r.id: tuple((v, _norm(v)) for v in r.values) for r in rules}
    memo: dict[tuple[str, tuple[Link, ...]], tuple[list[tuple[NegativeRule, str]], list[str], list[str]]] = {}
    for item in items:
        # the same template recurs in many catalogs: match each (name, basis) once
        got = memo.get((item.name, item.basis))
        if got is None:
            got = memo[(item.name, item.basis)] = _negative_matches(
                item, rules, words_of, {k for n in nodes_of[item.key] for k in kinds_of_node.get(n, ())}, titles)
        matched, kinds_list, cited = got
        if not matched:
            continue
        holds = delegated[item.key]
        towns = sorted({_town_name(g, h.township) for h in holds})
        sources = sorted({h.source for h in holds})
        why = "；".join(f"[{r.id}{'' if r.certain else '，待核实'}] {r.reason}（{ev}；依据：{r.basis}）"
                        for r, ev in matched)
        for r, _ in matched:
            per_rule[r.id] += 1
        findings.append(_finding(
            g, "certain" if any(r.certain for r, _ in matched) else "uncertain",
            f"{'、'.join(sources)}给{_join_limited(towns)}的事项命中负面清单：{why}",
            [item], rules=[{"id": r.id, "reason": r.reason, "basis": r.basis, "certain": r.certain,
                            "note": r.note, "evidence": ev} for r, ev in matched],
            rule_ids=[r.id for r, _ in matched], townships=towns, sources=sources, sanctions=kinds_list,
            statutes=cited))
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f)))
    rule_rows = [{"id": r.id, "kind": "处罚种类" if r.kind == "sanction" else "关键词", "match": "、".join(r.values),
                  "reason": r.reason, "basis": r.basis, "certain": "确定" if r.certain else "待核实",
                  "note": r.note, "items": per_rule.get(r.id, 0)} for r in rules]
    summary = {"delegated_items": len(items), "findings": len(findings),
               "certain": sum(1 for f in findings if f["category"] == "certain"),
               "uncertain": sum(1 for f in findings if f["category"] == "uncertain"),
               "rules": len(rules)}
    return ReportResult("negative-list", "", g.filters, summary, findings, {"按规则汇总": rule_rows})


