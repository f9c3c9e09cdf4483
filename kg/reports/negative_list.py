"""Report ``negative-list``: handed-down items a negative-list rule says should stay with the county."""

from __future__ import annotations

import re
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


# "（吊销许可证件除外）", "不含责令停产停业", "不包括吊销…", "除吊销…外": the item's own exclusion
_EXCLUSION = re.compile(r"[（(][^（）()]*(?:除外|不含|不包括)[^（）()]*[）)]|(?:不含|不包括|除)[^，。；）)]{0,40}?(?:外|$|[，。；）)])")


# inside an exclusion the words are shorter: "不含责令停业、关闭"
_EXCLUDED_WORDS: dict[str, tuple[str, ...]] = {
    **_SANCTION_WORDS, "责令停产停业": ("停产停业", "停业"), "责令关闭": ("关闭",),
}


def own_exclusions(*texts: str | None) -> set[str]:
    """Sanction kinds an item's name or scope note excludes ("…（吊销许可证件除外）").

    >>> sorted(own_exclusions("对无证经营的行政处罚（吊销许可证件除外）", None))
    ['吊销许可证件']
    >>> sorted(own_exclusions("对违法排污的行政处罚", "不含责令停产停业、责令关闭"))
    ['责令停产停业', '责令关闭']
    >>> own_exclusions("对吊销许可证件后继续经营的行政处罚")
    set()
    """
    out: set[str] = set()
    for text in texts:
        for m in _EXCLUSION.finditer(text or ""):
            seg = m.group()
            out.update(kind for kind, words in _EXCLUDED_WORDS.items() if any(w in seg for w in words))
    return out


def _certain_for_item(rule: NegativeRule, texts: Sequence[str]) -> str | None:
    """The sentence of a cited 罚则 that makes a sanction rule certain for this item, or None."""
    if not rule.certain_when:
        return None
    words = [w for v in rule.values for w in _SANCTION_WORDS.get(v, (v,))]
    for text in texts:
        for sentence in re.split(r"(?<=[。；])", text):
            if any(w in sentence for w in words) and any(p in sentence for p in rule.certain_when):
                return sentence.strip()
    return None


def _negative_matches(item: Item, rules: Sequence[NegativeRule], words_of: dict[str, tuple[tuple[str, str], ...]],
                      kinds: set[str], titles: dict[str, str], texts: Sequence[str] = (),
                      ) -> tuple[list[tuple[NegativeRule, str, bool]], list[str], list[str]]:
    """Rules an item matches, with the evidence and whether it is certain; its sanction kinds and cited titles.

    A sanction the item itself excludes ("吊销许可证件除外") matches no rule.
    """
    # suggested links are never basis: only resolved citations name the statutes an item rests on
    cited = sorted({titles.get(k[0], k[0]) for lk in item.basis if lk.provision and lk.status == RESOLVED
                    for k in [article_key(lk.provision)] if k})
    name = _norm(item.name)
    hay = name + "|" + "|".join(_norm(t) for t in cited)
    excluded = own_exclusions(item.name, item.scope_note)
    matched: list[tuple[NegativeRule, str, bool]] = []
    for rule in rules:
        if rule.kind == "sanction":
            if set(rule.values) <= excluded:
                continue
            hit = [v for v in rule.values if v in kinds and v not in excluded]
            if hit:
                quote = _certain_for_item(rule, texts)
                if quote:
                    matched.append((rule, f"罚则可处{'、'.join(hit)}；{rule.certain_basis}（原文：“{quote}”）", True))
                else:
                    matched.append((rule, f"罚则可处{'、'.join(hit)}", rule.certain))
                continue
            name_wo = _EXCLUSION.sub("", item.name)
            words = [w for v in rule.values if v not in excluded for w in _SANCTION_WORDS.get(v, (v,)) if w in name_wo]
            if words:
                matched.append((rule, f"事项名称含“{words[0]}”", rule.certain))
        else:
            found = [(v, nv) for v, nv in words_of[rule.id] if nv in hay]
            if found:
                where = "事项名称" if any(nv in name for _, nv in found) else "所引法规名称"
                matched.append((rule, f"{where}含“{'、'.join(v for v, _ in found)}”", rule.certain))
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
    statute_keys = sorted({k[0] for item in items for lk in item.basis if lk.provision and lk.status == RESOLVED
                           for k in [article_key(lk.provision)] if k})
    titles = {k: str(p.get("title") or k) for k, p in g.store.get_many("Statute", statute_keys).items()}
    findings = []
    per_rule: Counter[str] = Counter()
    words_of = {r.id: tuple((v, _norm(v)) for v in r.values) for r in rules}
    texts_of_node = {k: str(p.get("text") or "") for k, p in provisions.items()}
    memo: dict[tuple[str, str | None, tuple[Link, ...]],
               tuple[list[tuple[NegativeRule, str, bool]], list[str], list[str]]] = {}
    honoured = 0
    for item in items:
        # the same template recurs in many catalogs: match each (name, scope, basis) once
        mkey = (item.name, item.scope_note, item.basis)
        got = memo.get(mkey)
        if got is None:
            got = memo[mkey] = _negative_matches(
                item, rules, words_of, {k for n in nodes_of[item.key] for k in kinds_of_node.get(n, ())}, titles,
                [texts_of_node.get(n, "") for n in nodes_of[item.key]])
        matched, kinds_list, cited = got
        honoured += bool(own_exclusions(item.name, item.scope_note))
        if not matched:
            continue
        holds = delegated[item.key]
        towns = sorted({_town_name(g, h.township) for h in holds})
        sources = sorted({h.source for h in holds})
        why = "；".join(f"[{r.id}{'' if sure else '，待核实'}] {r.reason}（{ev}；依据：{r.basis}）"
                        for r, ev, sure in matched)
        for r, _, _ in matched:
            per_rule[r.id] += 1
        findings.append(_finding(
            g, "certain" if any(sure for _, _, sure in matched) else "uncertain",
            f"{'、'.join(sources)}给{_join_limited(towns)}的事项命中负面清单：{why}",
            [item], rules=[{"id": r.id, "reason": r.reason, "basis": r.basis, "certain": sure,
                            "note": r.note, "evidence": ev} for r, ev, sure in matched],
            rule_ids=[r.id for r, _, _ in matched], townships=towns, sources=sources, sanctions=kinds_list,
            statutes=cited, exclusions=sorted(own_exclusions(item.name, item.scope_note))))
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f)))
    rule_rows = [{"id": r.id, "kind": "处罚种类" if r.kind == "sanction" else "关键词", "match": "、".join(r.values),
                  "reason": r.reason, "basis": r.basis, "certain": "确定" if r.certain else "待核实",
                  "note": r.note, "items": per_rule.get(r.id, 0)} for r in rules]
    summary = {"delegated_items": len(items), "findings": len(findings),
               "certain": sum(1 for f in findings if f["category"] == "certain"),
               "uncertain": sum(1 for f in findings if f["category"] == "uncertain"),
               "rules": len(rules), "items_with_own_exclusions": honoured}
    return ReportResult("negative-list", "", g.filters, summary, findings, {"按规则汇总": rule_rows})


