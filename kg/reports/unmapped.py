"""Report ``unmapped``: items whose legal basis does not resolve, by reason."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kg.model import Resolution
from kg.reports.graph import Link, _excerpt, _finding, _Graph, article_node_key
from kg.reports.types import (
    CATEGORY_LABELS,
    RESOLVED,
    ROLE_LABELS,
    ROLE_PENALTY,
    STATUS_LABELS,
    SUGGESTED,
    SUGGESTED_ONLY,
    ReportResult,
)

# --------------------------------------------------------------------------
# Report: unmapped
# --------------------------------------------------------------------------

_UNMAPPED_ORDER = (
    Resolution.STATUTE_NOT_FOUND.value, Resolution.ARTICLE_NOT_FOUND.value, Resolution.NOT_IN_FORCE.value,
    Resolution.AMBIGUOUS.value, Resolution.UNPARSED.value, Resolution.NO_BASIS.value,
)


def report_unmapped(g: _Graph) -> ReportResult:
    """Items whose legal basis does not resolve, one finding per item, grouped by the worst reason.

    Categories (``Resolution`` values): statute_not_found, article_not_found,
    not_in_force, ambiguous, unparsed, no_basis, and ``suggested_only`` (the
    catalog gives no basis; only search suggestions exist).  An item with some
    links resolved and others not is reported too, marked
    ``partially_resolved``.  Suggested provisions (best score first, 罚则
    first) come with their text.
    """
    items = g.items()
    findings: list[dict[str, Any]] = []
    pending: list[tuple[dict[str, Any], list[Link]]] = []
    for item in items:
        links = item.basis
        failing = [lk for lk in links if lk.status in _UNMAPPED_ORDER]
        suggested = [lk for lk in links if lk.status == SUGGESTED]
        resolved = [lk for lk in links if lk.status == RESOLVED]
        if not links:
            category, why = Resolution.NO_BASIS.value, "目录未列出法律依据"
        elif failing:
            first = min(failing, key=lambda lk: _UNMAPPED_ORDER.index(lk.status))
            category = first.status
            why = "；".join(dict.fromkeys(
                f"{ROLE_LABELS.get(lk.role, lk.role)}“{_excerpt(lk.citation, 60) or '（空）'}”：{lk.reason or STATUS_LABELS.get(lk.status, lk.status)}"
                for lk in failing))
        elif suggested and not resolved:
            category, why = SUGGESTED_ONLY, "目录未列出法律依据，仅有检索推荐的条文，需人工确认"
        else:
            continue
        part = "（另有依据已解析）" if resolved else ""
        finding = _finding(
            g, category, f"{CATEGORY_LABELS[category]}{part}：{why}", [item],
            partially_resolved=bool(resolved),
            links=[{"role": lk.role, "citation": lk.citation, "status": lk.status,
                    "status_label": STATUS_LABELS.get(lk.status, lk.status), "reason": lk.reason,
                    "provision_id": lk.provision} for lk in links],
            suggestions=[],
        )
        findings.append(finding)
        if suggested:
            best = sorted(suggested, key=lambda lk: (-(lk.score or 0.0), lk.provision or ""))
            pending.append((finding, [lk for lk in best if lk.role == ROLE_PENALTY][:3] or best[:3]))
    # text of the suggested provisions, in one read
    keys = sorted({k for _, links in pending for lk in links if lk.provision
                   for k in [article_node_key(lk.provision)] if k})
    texts = g.store.get_many("Provision", keys) if keys else {}
    for finding, best_links in pending:
        for lk in best_links:
            node = article_node_key(lk.provision) if lk.provision else None
            props = texts.get(node or "") or {}
            finding["suggestions"].append({
                "provision_id": lk.provision, "citation": lk.citation, "score": lk.score,
                "label": props.get("label"), "text": _excerpt(props.get("text")), "role": lk.role,
            })
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f)))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "findings": len(findings),
               **{c: counts.get(c, 0) for c in (*_UNMAPPED_ORDER, SUGGESTED_ONLY)},
               "partially_resolved": sum(1 for f in findings if f["partially_resolved"])}
    return ReportResult("unmapped", "", g.filters, summary, findings)


def _category_rank(category: str) -> int:
    order = list(CATEGORY_LABELS)
    return order.index(category) if category in order else len(order)


def _first_row_key(f: dict[str, Any]) -> tuple[str, str, int, str]:
    items = f.get("items") or []
    if not items:
        return ("", "", 0, str(f.get("key") or ""))
    i = items[0]
    return (i.get("file") or "", i.get("sheet") or "", i.get("row") or 0, i.get("key") or "")


