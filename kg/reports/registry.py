"""The registry of reports, their labels, and ``run_report``."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date

from kg.errors import NotFound
from kg.reports.coverage import report_coverage
from kg.reports.gaps import report_gaps
from kg.reports.graph import _day, _Graph
from kg.reports.negative_list import report_negative_list
from kg.reports.overlaps import report_overlaps
from kg.reports.ownerless import report_ownerless
from kg.reports.stale import report_stale
from kg.reports.types import (
    EMPTY_GRAPH,
    NO_ITEMS,
    NO_PROVISIONS,
    ReportFilters,
    ReportResult,
)
from kg.reports.unmapped import report_unmapped
from kg.store import GraphStore

# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

ReportFn = Callable[[_Graph], ReportResult]

REPORTS: dict[str, tuple[str, ReportFn]] = {
    "unmapped": ("依据未解析事项", report_unmapped),
    "ownerless": ("无主管部门事项", report_ownerless),
    "overlaps": ("职权重叠", report_overlaps),
    "gaps": ("罚则空白（无事项覆盖的罚则条文）", report_gaps),
    "negative-list": ("负面清单事项（不宜赋权）", report_negative_list),
    "stale": ("依据过时（条文已修改、调整序号或废止）", report_stale),
    "coverage": ("乡镇职权覆盖情况", report_coverage),
}
_ALIASES = {"negative_list": "negative-list", "negativelist": "negative-list", "负面清单": "negative-list",
            "未解析": "unmapped", "无主": "ownerless", "重叠": "overlaps", "空白": "gaps", "过时": "stale",
            "覆盖": "coverage"}
_NEEDS = {"gaps": "provisions"}

def report_names() -> list[str]:
    return list(REPORTS)


def _resolve_name(name: str) -> str:
    key = (name or "").strip().lower().replace("_", "-")
    key = _ALIASES.get(key, _ALIASES.get(name.strip(), key))
    if key not in REPORTS:
        valid = "、".join(f"{k}（{t.split('（')[0]}）" for k, (t, _) in REPORTS.items())
        raise NotFound(f"没有名为“{name[:40]}”的报表，可用的报表：{valid}", code="REPORT_NOT_FOUND",
                       valid=list(REPORTS))
    return key


def _earliest_date(store: GraphStore) -> date | None:
    days = []
    for c in store.find("Catalog"):
        d = _day(c.get("effective") or c.get("published"))
        if d:
            days.append(d)
    for v in store.find("StatuteVersion"):
        d = _day(v.get("valid_from") or v.get("version"))
        if d:
            days.append(d)
    return min(days) if days else None


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report runs.

    A report allocates hundreds of thousands of small records; each
    allocation burst triggers collections that walk every object of the
    process (an embedded graph is millions of them), which cost more than
    the report itself.  Reports create no reference cycles worth collecting
    mid-run; the collector is restored (and catches up) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_report(store: GraphStore, name: str, filters: ReportFilters | None = None,
               *, today: date | None = None) -> ReportResult:
    """Run one report over any store.

    Raises ``NotFound`` (REPORT_NOT_FOUND, TOWNSHIP_NOT_FOUND) for an unknown
    report or township; an empty graph or a date before all data gives an
    empty result with a ``message``.
    """
    key = _resolve_name(name)
    title, fn = REPORTS[key]
    filters = filters or ReportFilters()
    if isinstance(filters.as_of, str):  # tolerate ISO strings from loose callers
        from kg.queries import parse_day

        filters = ReportFilters(**{**asdict(filters), "as_of": parse_day(filters.as_of, "as_of")})
    empty = ReportResult(key, title, filters)
    items, provisions = store.count("PenaltyItem"), store.count("Provision")
    if items == 0 and provisions == 0:
        empty.message = EMPTY_GRAPH
        return empty
    if _NEEDS.get(key) == "provisions" and provisions == 0:
        empty.message = NO_PROVISIONS
        return empty
    if _NEEDS.get(key) != "provisions" and items == 0:
        empty.message = NO_ITEMS
        return empty
    g = _Graph(store, filters, today or date.today())
    if filters.township:
        from kg.queries import find_township

        g.township = find_township(store, filters.township)
    if filters.as_of is not None:
        first = _earliest_date(store)
        if first is not None and filters.as_of < first:
            empty.message = f"该日期（{filters.as_of.isoformat()}）早于所有数据（最早为 {first.isoformat()}），没有可报告的内容"
            return empty
    with _no_gc_pauses():
        result = fn(g)
    result.name, result.title, result.filters = key, title, filters
    result.notes.extend(g.notes)
    if g.township is not None:
        result.notes.append(f"乡镇：{g.township.get('name')}（{g.township['key']}）")
    if not result.findings and result.message is None:
        if key != "gaps" and g._items is not None and not g._items:
            when = f"在 {filters.as_of.isoformat()} " if filters.as_of else ""
            result.message = f"{when}没有符合筛选条件的目录事项（生效的目录、地区、领域、部门或乡镇）"
        else:
            result.message = "未发现问题" if key != "coverage" else "没有符合条件的承接关系"
    return result


