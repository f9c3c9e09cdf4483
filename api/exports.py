"""Report exports: a ``ReportResult`` as a text table, JSON, CSV, XLSX or PNG (``render_report``)."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import date
from functools import cache
from typing import Any

from kg.errors import InvalidInput
from kg.reports.graph import _excerpt
from kg.reports.types import SUMMARY_LABELS, TABLE_ROW_LIMIT, ReportResult

# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

Column = tuple[str, Callable[[dict[str, Any], dict[str, Any] | None], Any]]


def _f(key: str) -> Callable[[dict[str, Any], dict[str, Any] | None], Any]:
    return lambda finding, item: _cell(finding.get(key))


def _i(key: str) -> Callable[[dict[str, Any], dict[str, Any] | None], Any]:
    return lambda finding, item: _cell(item.get(key)) if item else None


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "；".join(_cell_text(v) for v in value)
    if isinstance(value, dict):
        return _cell_text(value)
    return value


def _cell_text(v: Any) -> str:
    if isinstance(v, dict):
        if "file" in v and "row" in v:
            return _row_text(v)
        if "similarity" in v:
            return f"{v.get('article')}（{v.get('similarity')}）"
        if "score" in v:
            return f"{v.get('label') or v.get('provision_id')}（{v.get('score')}）"
        if "id" in v:
            return str(v["id"])
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _row_text(r: dict[str, Any]) -> str:
    parts = [str(r.get("file") or "")]
    if r.get("sheet"):
        parts.append(f"「{r['sheet']}」")
    if r.get("row") is not None:
        parts.append(f"第{r['row']}行")
    return "".join(parts)


_ITEM_COLUMNS: list[Column] = [
    ("事项编码", lambda f, i: (i.get("code") or i.get("key")) if i else None),
    ("事项名称", _i("name")), ("目录", _i("catalog_title")), ("部门", _i("department")), ("领域", _i("domain")),
    ("来源文件", _i("file")), ("工作表", _i("sheet")), ("行号", _i("row")),
]
_HEAD: list[Column] = [("序号", _f("_n")), ("类别", _f("category_label"))]

COLUMNS: dict[str, list[Column]] = {
    "unmapped": [*_HEAD, *_ITEM_COLUMNS, ("原因", _f("reason")),
                 ("依据", lambda f, i: "；".join(f"{lk['role']}：{lk['citation']}（{lk['status_label']}）"
                                              for lk in f.get("links", []))),
                 ("推荐条文", _f("suggestions"))],
    "ownerless": [*_HEAD, *_ITEM_COLUMNS, ("填写的部门", _f("department")), ("最接近的已知部门", _f("closest")),
                  ("原因", _f("reason"))],
    "overlaps": [*_HEAD, *_ITEM_COLUMNS, ("罚则", _f("article")), ("乡镇", _f("township")),
                 ("涉及乡镇", _f("townships")), ("原因", _f("reason"))],
    "gaps": [*_HEAD, ("领域", _f("domain")), ("法规", _f("statute_title")), ("效力级别", _f("level")),
             ("地区", _f("region")), ("条文", _f("article")), ("处罚种类", _f("sanctions")),
             ("实施主体", _f("competent_body")), ("乡镇法定职权", _f("township_competent")), ("条文摘录", _f("text")),
             ("条文标识", _f("provision_id"))],
    "negative-list": [*_HEAD, *_ITEM_COLUMNS, ("规则", _f("rule_ids")), ("承接乡镇", _f("townships")),
                      ("方式", _f("sources")), ("处罚种类", _f("sanctions")), ("原因", _f("reason"))],
    "stale": [*_HEAD, *_ITEM_COLUMNS, ("法规", _f("statute_title")), ("引用版本", _f("cited_version")),
              ("现行版本", _f("current_version")), ("条文", _f("article")), ("原条文", _f("old_text")),
              ("现行同号条文", _f("new_text")), ("同号相似度", _f("same_number_similarity")),
              ("候选新条文", lambda f, i: _cell_text(f["candidate"]) if f.get("candidate") else None),
              ("候选条文内容", lambda f, i: f["candidate"]["text"] if f.get("candidate") else None),
              ("原因", _f("reason"))],
    "coverage": [*_HEAD, ("乡镇（街道）", _f("township")), ("地区", _f("region")), ("领域", _f("domain")),
                 ("事项数", _f("held")), ("法定", _f("statutory")), ("赋权", _f("delegated")), ("委托", _f("entrusted")),
                 ("需法制审核", _f("legal_review")), ("可能需听证", _f("hearing")),
                 ("事项编码", lambda f, i: _cell(f.get("item_codes")) + ("…" if f.get("listed_truncated") else ""))],
}
# reports whose findings are aggregates: one table row per finding, not one per item
_AGGREGATE = {"gaps", "coverage"}

SECTION_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "按法规汇总": [("领域", "domain"), ("法规", "title"), ("效力级别", "level"), ("地区", "region"),
                 ("现行版本", "version"), ("罚则条文数", "penalty_provisions"), ("已覆盖", "covered"),
                 ("未覆盖", "uncovered")],
    "按规则汇总": [("规则", "id"), ("类型", "kind"), ("匹配", "match"), ("原因", "reason"), ("来源", "basis"),
                 ("确定性", "certain"), ("说明", "note"), ("命中事项数", "items")],
    "部门职权类型": [("部门", "department"), ("标准名称", "standard_name"), ("审批", "审批"), ("监管", "监管"),
                 ("执法", "执法"), ("配合", "配合"), ("其他", "其他"), ("合计", "total")],
}


def _table_rows(result: ReportResult, findings: Sequence[dict[str, Any]] | None = None
                ) -> tuple[list[str], Iterator[list[Any]]]:
    cols = COLUMNS[result.name]
    explode = result.name not in _AGGREGATE

    def rows() -> Iterator[list[Any]]:
        for n, f in enumerate(findings if findings is not None else result.findings, start=1):
            f = {**f, "_n": f.get("_n", n)}
            items = f.get("items") if explode else None
            for item in (items or [None]):
                yield [fn(f, item) for _, fn in cols]

    return [h for h, _ in cols], rows()


def _summary_rows(result: ReportResult) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [("报表", f"{result.title}（{result.name}）")]
    flt = {k: v for k, v in asdict(result.filters).items() if v is not None}
    names = {"region": "地区", "county": "县（区）", "township": "乡镇", "domain": "领域", "department": "部门",
             "as_of": "日期"}
    out.extend((f"筛选：{names[k]}", v.isoformat() if isinstance(v, date) else v) for k, v in flt.items())
    out.extend((SUMMARY_LABELS.get(k, k), v) for k, v in result.summary.items())
    if result.message:
        out.append(("说明", result.message))
    out.extend(("备注", n) for n in result.notes)
    return out


def render_report(result: ReportResult, fmt: str) -> str | bytes:
    """Render as ``table`` (text), ``json``, ``csv`` (str) or ``xlsx``, ``png`` (bytes)."""
    fmt = (fmt or "").lower()
    if fmt in ("table", "text"):
        return _render_table(result)
    if fmt == "json":
        return _render_json(result)
    if fmt == "csv":
        return _render_csv(result)
    if fmt == "xlsx":
        return _render_xlsx(result)
    if fmt == "png":
        return _render_png(result)
    raise InvalidInput(f"不支持的报表格式“{fmt}”，可用：table、json、csv、xlsx、png", code="REPORT_FORMAT")


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def report_to_dict(result: ReportResult) -> dict[str, Any]:
    out: dict[str, Any] = _jsonable({
        "name": result.name, "title": result.title, "filters": asdict(result.filters), "summary": result.summary,
        "message": result.message, "notes": result.notes, "findings": result.findings, "sections": result.sections})
    return out


def _render_json(result: ReportResult) -> str:
    return json.dumps(report_to_dict(result), ensure_ascii=False, indent=1)


# A spreadsheet program reads a CSV cell starting with one of these as a formula (CSV injection):
# catalog text is data, so such a cell gets a leading apostrophe, which shows it as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet program runs as a formula.

    >>> csv_safe("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> csv_safe("-1"), csv_safe("\\tx"), csv_safe("城乡规划法"), csv_safe(-1)
    ("'-1", "'\\tx", '城乡规划法', -1)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _render_csv(result: ReportResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    header, rows = _table_rows(result)
    w.writerow([csv_safe(h) for h in header])
    for r in rows:
        w.writerow(["" if v is None else csv_safe(v) for v in r])
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 CSV correctly


def _render_table(result: ReportResult) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    console.print(f"{result.title}（{result.name}）")
    summary = Table(box=box.SIMPLE, show_header=False)
    for k, v in _summary_rows(result)[1:]:
        summary.add_row(str(k), str(v))
    console.print(summary)
    if result.findings:
        shown = result.findings[:TABLE_ROW_LIMIT]
        t = Table(box=box.SIMPLE_HEAD, show_lines=False)
        if result.name in _AGGREGATE:
            header, rows = _table_rows(result, shown)
            keep = [i for i, h in enumerate(header) if h not in _TABLE_SKIP]
            for i in keep:
                t.add_column(header[i], overflow="fold", max_width=60)
            for r in rows:
                t.add_row(*["" if r[i] is None else _excerpt(str(r[i]), 160) for i in keep])
        else:
            for h in ("序号", "类别", "事项编码", "事项名称", "来源行", "原因"):
                t.add_column(h, overflow="fold", max_width=70 if h == "原因" else 36)
            for n, f in enumerate(shown, start=1):
                t.add_row(str(n), f.get("category_label") or "", _first_and_more(f.get("item_codes") or []),
                          _first_and_more([i.get("name") or "" for i in f.get("items") or []]),
                          _first_and_more([_row_text(r) for r in f.get("rows") or []]),
                          _excerpt(f.get("reason"), 200))
        console.print(t)
        if len(result.findings) > TABLE_ROW_LIMIT:
            console.print(f"（仅显示前 {TABLE_ROW_LIMIT} 条，共 {len(result.findings)} 条；完整结果请导出 xlsx、csv 或 json）")
    for name, rows_ in result.sections.items():
        cols = SECTION_COLUMNS.get(name) or [(k, k) for k in (rows_[0] if rows_ else {})]
        t = Table(title=name, box=box.SIMPLE_HEAD)
        for h, _ in cols:
            t.add_column(h, overflow="fold", max_width=40)
        for srow in rows_[:TABLE_ROW_LIMIT]:
            t.add_row(*["" if srow.get(k) is None else _excerpt(str(_cell(srow.get(k))), 80) for _, k in cols])
        console.print(t)
    return console.export_text()


_TABLE_SKIP = {"目录", "工作表", "条文标识", "原条文", "现行同号条文", "候选条文内容", "依据", "事项编码", "条文摘录"}


def _first_and_more(values: Sequence[str], n: int = 2) -> str:
    values = [v for v in values if v]
    return "；".join(values[:n]) + (f" 等{len(values)}项" if len(values) > n else "")


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name)[:28] or "Sheet"
    title, n = base, 2
    while title in used:
        title = f"{base[:26]}{n}"
        n += 1
    used.add(title)
    return title


_XLSX_CELL_MAX = 32000


def _xlsx_value(v: Any) -> Any:
    if isinstance(v, str):
        v = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", v)
        return v if len(v) <= _XLSX_CELL_MAX else v[: _XLSX_CELL_MAX - 20] + "…（已截断）"
    return v


def _render_xlsx(result: ReportResult) -> bytes:
    """One sheet for the summary, one per finding category, one per extra section.

    Written in openpyxl's write-only mode (rows streamed, a fraction of the
    memory and time of the normal mode on large reports): each sheet's rows
    are computed first so that column widths can be set before they are
    written.
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    used: set[str] = set()
    _write_sheet(wb, _sheet_title("汇总", used), ["项目", "数值"],
                 [[k, _xlsx_value(v)] for k, v in _summary_rows(result)], fixed_widths=[16, 80])
    by_cat: dict[str, list[dict[str, Any]]] = {}
    for n, f in enumerate(result.findings, start=1):
        by_cat.setdefault(f.get("category_label") or "明细", []).append({**f, "_n": n})
    if not by_cat:
        by_cat["明细"] = []
    for label, findings in by_cat.items():
        header, rows = _table_rows(result, findings)
        _write_sheet(wb, _sheet_title(label, used), header, [[_xlsx_value(v) for v in r] for r in rows])
    for name, section_rows in result.sections.items():
        cols = SECTION_COLUMNS.get(name) or [(k, k) for k in (section_rows[0] if section_rows else {})]
        _write_sheet(wb, _sheet_title(name, used), [h for h, _ in cols],
                     [[_xlsx_value(_cell(srow.get(k))) for _, k in cols] for srow in section_rows])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s[:60])


def _write_sheet(wb: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 fixed_widths: Sequence[int] | None = None) -> None:
    """A sheet with a bold, frozen, filterable header row and column widths fitted to the content."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    widths = list(fixed_widths or [max(6, min(50, _display_width(h) + 2)) for h in header])
    if fixed_widths is None:
        for r in rows[:5000]:  # a sample is enough to fit the widths
            for i, v in enumerate(r[: len(widths)]):
                if v is not None and widths[i] < 50:
                    widths[i] = max(widths[i], min(50, _display_width(str(v)) + 2))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(header)))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    bold, middle = Font(bold=True), Alignment(vertical="center", wrap_text=True)
    cells = []
    for h in header:
        c = WriteOnlyCell(ws, value=h)
        c.data_type = "s"  # a header is text, never a formula
        c.font, c.alignment = bold, middle
        cells.append(c)
    ws.append(cells)
    for r in rows:
        ws.append([_text_cell(ws, v) for v in r])


def _text_cell(ws: Any, value: Any) -> Any:
    """A value for an XLSX cell: text that openpyxl would store as a formula (``=…``) is stored as text."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


_CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
              "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN", "Droid Sans Fallback")


@cache
def cjk_font() -> str | None:
    """A font family that can draw Chinese, if one is installed (fonts-noto-cjk on Debian/Ubuntu)."""
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in available:
            return name
    for f in font_manager.fontManager.ttflist:
        if "CJK" in f.name or "Hei" in f.name or "Han" in f.name:
            return str(f.name)
    return None


HEATMAP_MAX_TOWNSHIPS = 60


def _render_png(result: ReportResult) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    rc: dict[str, Any] = {"axes.unicode_minus": False}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    # without a Chinese font the labels come out as boxes: say so in ASCII, which any font draws
    note = "" if font else "\n[no CJK font installed - apt-get install fonts-noto-cjk]"
    with plt.rc_context(rc), warnings.catch_warnings():  # type: ignore[arg-type]
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        if result.name == "coverage":
            fig = _coverage_heatmap(plt, result, note)
        else:
            fig = _category_bars(plt, result, note)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
        plt.close(fig)
    return buf.getvalue()


def _coverage_heatmap(plt: Any, result: ReportResult, note: str) -> Any:
    totals: Counter[str] = Counter()
    cells: dict[tuple[str, str], int] = {}
    for f in result.findings:
        totals[f["township"]] += f["held"]
        cells[(f["township"], f["domain"])] = f["held"]
    towns = [t for t, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:HEATMAP_MAX_TOWNSHIPS]]
    towns.sort()
    domains = sorted({d for _, d in cells})
    title = f"{result.title}：乡镇×领域事项数"
    if len(totals) > len(towns):
        title += f"（仅显示事项最多的 {len(towns)} 个乡镇，共 {len(totals)} 个）"
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(domains) + 3), max(3.0, 0.32 * len(towns) + 2)))
    if not towns:
        ax.text(0.5, 0.5, result.message or "没有数据", ha="center", va="center")
        ax.axis("off")
    else:
        grid = [[cells.get((t, d), 0) for d in domains] for t in towns]
        im = ax.imshow(grid, cmap="YlGnBu", aspect="auto")
        ax.set_xticks(range(len(domains)), labels=domains, rotation=45, ha="right")
        ax.set_yticks(range(len(towns)), labels=towns)
        if len(towns) * len(domains) <= 900:
            top = max(max(r) for r in grid) or 1
            for y, r in enumerate(grid):
                for x, v in enumerate(r):
                    if v:
                        ax.text(x, y, str(v), ha="center", va="center", fontsize=7,
                                color="white" if v > top * 0.6 else "black")
        fig.colorbar(im, ax=ax, label="事项数")
    ax.set_title(title + note, fontsize=10)
    return fig


def _category_bars(plt: Any, result: ReportResult, note: str) -> Any:
    counts = Counter(f.get("category_label") or f.get("category") for f in result.findings)
    labels = [k for k, _ in counts.most_common()]
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.45 * len(labels) + 1.5)))
    if labels:
        ax.barh(labels[::-1], [counts[k] for k in labels[::-1]], color="#4C72B0")
        ax.set_xlabel("发现数")
    else:
        ax.text(0.5, 0.5, result.message or "未发现问题", ha="center", va="center")
        ax.axis("off")
    ax.set_title(f"{result.title}{note}", fontsize=10)
    return fig
