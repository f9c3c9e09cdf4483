"""Search results with their answer cards as a Word document or an Excel workbook.

Rendering only: the cards come from ``api.answers`` (JSON-shaped dicts).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from api.answers import REVIEW_KINDS


def sanction_line(s: Mapping[str, Any]) -> str:
    """>>> sanction_line({"kind": "罚款", "text": "处以2万元以下的罚款", "range": "2万元以下", "is_penalty": True})
    '罚款（2万元以下）：处以2万元以下的罚款'
    >>> sanction_line({"kind": "责令改正", "text": "责令限期改正", "is_penalty": False})
    '责令改正［非行政处罚］：责令限期改正'
    """
    head = s.get("kind") or ""
    if s.get("range"):
        head += f"（{s['range']}）"
    if s.get("is_penalty") is False:
        head += "［非行政处罚］"
    return f"{head}：{s.get('text') or ''}"


def review_line(review: Mapping[str, Any] | None) -> str:
    """The three review duties of an item in one line, each with its reasons and rules.

    >>> review_line({"legal_review": {"kind": "法制审核", "status": "required",
    ...                               "reasons": [{"reason": "经过听证的案件", "rule": "行政处罚法第五十八条"}]},
    ...              "hearing": {"kind": "听证", "status": "unknown", "reasons": []},
    ...              "collective_decision": {"kind": "集体讨论", "status": "depends", "reasons": [{"reason": "情节复杂"}]}})
    '法制审核：需要（经过听证的案件（行政处罚法第五十八条））；听证：无法判断；集体讨论：视情况而定（情节复杂）'
    """
    words = {"required": "需要", "depends": "视情况而定", "not_required": "不需要", "unknown": "无法判断"}
    parts = []
    for field, kind in REVIEW_KINDS:
        r = (review or {}).get(field) or {}
        text = words.get(str(r.get("status")), "无法判断")
        reason = "；".join(f"{x.get('reason') or ''}" + (f"（{x['rule']}）" if x.get("rule") else "")
                         for x in r.get("reasons") or [])
        parts.append(f"{kind}：{text}" + (f"（{reason}）" if reason else ""))
    return "；".join(parts)


def holding_line(h: Mapping[str, Any]) -> str:
    """>>> holding_line({"township_name": "航埠镇", "source": "赋权", "valid_from": "2022-07-01", "in_force": True})
    '航埠镇（赋权，自 2022-07-01 起）'
    """
    since = f"，自 {h['valid_from']} 起" if h.get("valid_from") else "，起始日期未注明"
    until = f"至 {h['valid_to']}" if h.get("valid_to") else ""
    gone = "" if h.get("in_force", True) else "，该日不持有"
    return f"{h.get('township_name') or h.get('township')}（{h.get('source') or ''}{since}{until}{gone}）"


def _rows(hits: Sequence[Mapping[str, Any]], cards: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for n, (hit, card) in enumerate(zip(hits, cards, strict=True), 1):
        items = card.get("items") or []
        penalties = card.get("penalties") or []
        rows.append({
            "序号": str(n),
            "类型": card.get("role") or hit.get("role") or "",
            "引用": card.get("citation") or hit.get("provision_id", ""),
            "效力级别": hit.get("level") or "",
            "时效性": card.get("status") or hit.get("status") or "",
            "版本": card.get("version") or hit.get("version") or "",
            "条文": card.get("text") or hit.get("text") or "",
            "违则": "\n".join(f"{v.get('citation')} {v.get('text') or ''}" for v in card.get("violated") or []),
            "罚则": "\n".join(f"{p.get('citation')} {p.get('text') or ''}" for p in penalties),
            "处罚种类": "\n".join(sanction_line(s) for p in penalties for s in p.get("sanctions") or []),
            "执法主体": "；".join(dict.fromkeys(p.get("competent_body") or "" for p in penalties if p.get("competent_body"))),
            "事项": "\n".join(f"{i.get('code') or ''} {i.get('name')}" for i in items),
            "承接乡镇": "\n".join("、".join(holding_line(h) for h in i.get("holdings") or []) for i in items),
            "审核要求": "\n".join(review_line(i.get("review")) for i in items),
            "裁量基准": "\n".join(f"{d.get('tier') or ''} {d.get('condition') or ''} {d.get('standard') or ''}".strip()
                              for i in items for d in i.get("discretion") or []),
            "说明": card.get("missing") or "",
        })
    return rows


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    """Text that docx and xlsx (XML inside) can hold: control characters and lone surrogates dropped.

    >>> _xml_text("摆摊" + chr(0x19) + "设点" + chr(0))
    '摆摊设点'
    """
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def render_answers(query: str, filters: Mapping[str, str | None], hits: Sequence[Mapping[str, Any]],
                   cards: Sequence[Mapping[str, Any]], fmt: str) -> bytes:
    rows = [{k: _xml_text(v) for k, v in r.items()} for r in _rows(hits, cards)]
    query = _xml_text(query)
    used = _xml_text("；".join(f"{k} {v}" for k, v in filters.items() if v) or "无")
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    if fmt == "xlsx":
        return _xlsx(query, used, stamp, rows)
    return _docx(query, used, stamp, rows)


def _xlsx(query: str, used: str, stamp: str, rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "检索结果"
    ws.append([f"检索：{query}", f"筛选：{used}", f"导出时间：{stamp}"])
    ws.append([])
    head = list(rows[0]) if rows else ["序号", "引用"]
    ws.append(head)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r[k] for k in head])
    widths = {"序号": 6, "类型": 8, "引用": 30, "效力级别": 10, "时效性": 10, "版本": 12}
    for i, name in enumerate(head, 1):
        ws.column_dimensions[ws.cell(row=3, column=i).column_letter].width = widths.get(name, 40)
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # user text such as =HYPERLINK(...) stays text, never a live formula
            if cell.row >= 4:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C4"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx(query: str, used: str, stamp: str, rows: list[dict[str, str]]) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.add_heading(f"法律依据检索结果：{query}", level=1)
    doc.add_paragraph(f"筛选：{used}　导出时间：{stamp}")
    doc.add_paragraph("说明：法规条文以国家法律法规数据库公布文本为准；核查结论供执法参考，须经法制审核。")
    if not rows:
        doc.add_paragraph("没有找到相关的法律依据。")
    for r in rows:
        doc.add_heading(f"{r['序号']}. {r['引用']}（{r['类型']}）", level=2)
        meta = "；".join(f"{k}：{r[k]}" for k in ("效力级别", "时效性", "版本") if r[k])
        if meta:
            doc.add_paragraph(meta)
        for k in ("条文", "违则", "罚则", "处罚种类", "执法主体", "事项", "承接乡镇", "审核要求", "裁量基准", "说明"):
            if r[k]:
                p = doc.add_paragraph()
                p.add_run(f"{k}：").bold = True
                p.add_run(r[k])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
