"""Report ``ownerless``: items with no competent department or an unknown one."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence

from kg.graph_build import STATUTORY_CATALOG
from kg.reports.graph import _finding, _Graph
from kg.reports.types import ReportResult
from kg.reports.unmapped import _category_rank, _first_row_key
from kg.reports.vocabularies import DepartmentVocabulary, _norm, department_vocabulary

# --------------------------------------------------------------------------
# Report: ownerless
# --------------------------------------------------------------------------


_PLACE_END = "省市区县州盟旗"


def _closest(name: str, candidates: Sequence[str], n: int = 3, *, cache: dict[str, list[tuple[float, str]]] | None = None
             ) -> list[str]:
    """Known names closest to ``name`` (difflib ratio ≥ 0.5), also trying the name without its place prefix.

    "柯城区城市管里局" is compared as itself and as "城市管里局", "管里局" (the
    parts after 区 / 市 …); each candidate keeps its best score.  ``cache``
    keeps the scores per compared string: the same misspelling recurs with
    every county's prefix.
    """
    target = _norm(name)
    variants = [target] + [target[i + 1:] for i, c in enumerate(target[:-2]) if c in _PLACE_END]
    best: dict[str, float] = {}
    for v in variants:
        scores = cache.get(v) if cache is not None else None
        if scores is None:
            scores = []
            for c in candidates:
                sm = difflib.SequenceMatcher(None, c, v, autojunk=False)
                if sm.real_quick_ratio() >= 0.5 and sm.quick_ratio() >= 0.5:
                    r = sm.ratio()
                    if r >= 0.5:
                        scores.append((round(r, 3), c))
            if cache is not None:
                cache[v] = scores
        for r, c in scores:
            best[c] = max(best.get(c, 0.0), r)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    return [c for c, _ in ranked[:n]]


def _closest_standard(name: str, candidates: Sequence[str], vocab: DepartmentVocabulary, n: int = 3,
                      cache: dict[str, list[tuple[float, str]]] | None = None) -> list[str]:
    """Closest known names, one per standard department, as "alias（standard）"."""
    out: list[str] = []
    seen: set[str] = set()
    for c in _closest(name, candidates, n=n * 4, cache=cache):
        standard = vocab.canonical(c) or c
        if standard in seen:
            continue
        seen.add(standard)
        out.append(c if standard == c else f"{c}（{standard}）")
        if len(out) == n:
            break
    return out


def report_ownerless(g: _Graph) -> ReportResult:
    """Items with no competent department, or one that is not a known department.

    A department name is known when it contains a name or alias of
    ``ontologies/departments.yaml`` ("柯城区市场监管局" → 市场监督管理局) or
    is the issuer of a catalog.  Department nodes are not taken as proof: a
    catalog creates one for whatever its department cell says.  Unknown names
    get the closest vocabulary names (difflib), one per standard department.
    The statutory catalog is left out: the township itself is competent.
    """
    vocab = department_vocabulary()
    issuers = {_norm(str(c.get("issuer"))) for c in g.catalogs.values() if c.get("issuer")}
    # hints come from the vocabulary, not from every place-prefixed department node
    # (those are variants of vocabulary names) nor from issuers (mostly governments)
    candidates = vocab.all_names()
    scores: dict[str, list[tuple[float, str]]] = {}
    verdicts: dict[str, tuple[bool, list[str]]] = {}
    findings = []
    items = [i for i in g.items() if i.catalog != STATUTORY_CATALOG]
    for item in items:
        if item.department is None:
            findings.append(_finding(g, "no_department", "事项未填写主管部门（原实施部门），无法确定由谁审批、监管和执法",
                                     [item], department=None, closest=[]))
            continue
        name = g.department_name(item.department) or item.department
        if name not in verdicts:
            known = vocab.canonical(name) is not None or _norm(name) in issuers
            verdicts[name] = (known, [] if known else _closest_standard(name, candidates, vocab, cache=scores))
        known, close = verdicts[name]
        if known:
            continue
        hint = f"；最接近的已知部门：{'、'.join(close)}" if close else "；没有相近的已知部门"
        findings.append(_finding(
            g, "unknown_department",
            f"主管部门“{name}”不在已知部门名录中（ontologies/departments.yaml 及发布目录的部门）{hint}",
            [item], department=name, closest=close))
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f)))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "findings": len(findings),
               "no_department": counts.get("no_department", 0),
               "unknown_department": counts.get("unknown_department", 0),
               "unknown_department_names": sum(1 for k, v in verdicts.items() if not v[0])}
    return ReportResult("ownerless", "", g.filters, summary, findings)


