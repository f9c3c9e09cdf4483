"""JSON catalogs: the Longhua array, other arrays of objects, and discretion standards (Shenzhen)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from ingest.catalogs.assemble import _Builder, _catalog, _finish, _read_tables, catalog_key_for
from ingest.catalogs.basis import basis_links
from ingest.catalogs.grid import Sheet, _cell_text, _Reject
from ingest.catalogs.meta import ParsedCatalog
from ingest.catalogs.readers import decode_text
from ingest.catalogs.rows import _Context, _Row, _truncate
from ingest.citations import render_citation
from kg.model import (
    BasisLink,
    BasisRole,
    DiscretionRule,
    PowerType,
    ProvisionId,
    Resolution,
)

# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------

_LONGHUA_KEYS = {"item_name": "事项名称", "related_district_authority": "原实施部门",
                 "implementation_scope": "承接乡镇", "remark": "备注"}


def _json_cell(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_cell_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return _cell_text(value)


def _records_sheet(records: list[Any]) -> Sheet:
    """A JSON array of objects as a table: row 0 is the header (keys), row n is record n."""
    keys: list[str] = []
    for rec in records:
        if isinstance(rec, dict):
            keys.extend(k for k in rec if k not in keys)
    header = [_LONGHUA_KEYS.get(k, k) for k in keys]
    rows = [(0, header)]
    for n, rec in enumerate(records, start=1):
        cells = [_json_cell(rec.get(k)) if isinstance(rec, dict) else "" for k in keys]
        rows.append((n, cells))
    return Sheet(None, rows)


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _read_discretion_standard(ctx: _Context, doc: Mapping[str, Any], filename: str) -> ParsedCatalog:
    """The Shenzhen discretion-standard shape: {metadata, items[]}."""
    md = doc.get("metadata") or {}
    if not ctx.meta.doc_number and md.get("document_no"):
        ctx.catalog_key = catalog_key_for(str(md["document_no"]), filename)
    catalog = _catalog(ctx, filename, title=md.get("title"), issuer=md.get("issuing_authority"),
                       doc_number=md.get("document_no"), published=_iso(md.get("issued_date")),
                       effective=_iso(md.get("effective_date")), kind="裁量基准")
    builder = _Builder(ctx, catalog, multi=False)
    ctx.stats["sheets"] = 1
    department = ctx.meta.department or md.get("issuing_authority")
    for n, rec in enumerate(doc.get("items") or [], start=1):
        ctx.stats["rows_read"] += 1
        if not isinstance(rec, dict):
            ctx.stats["rows_rejected"] += 1
            ctx.diag("CATALOG_ROW_INVALID", "记录不是对象，已拒收", row=n)
            continue
        row_no = _int_or_none(rec.get("序号")) or n
        name = _cell_text(rec.get("违法行为"))
        if not name:
            ctx.stats["rows_rejected"] += 1
            ctx.diag("CATALOG_ROW_NO_NAME", "记录没有“违法行为”（事项名称），已拒收", row=row_no)
            continue
        name = _truncate(ctx, name, None, row_no, "违法行为")
        law = _cell_text(rec.get("法规规章")).strip("《》") or None
        setting = _truncate(ctx, _cell_text(rec.get("设定依据")), None, row_no, "设定依据")
        links: list[BasisLink] = []
        penalty_articles: set[tuple[int, int]] = set()
        for entry in (rec.get("检索元数据") or {}).get("处罚依据") or []:
            article = _int_or_none(entry.get("article"))
            title = _cell_text(entry.get("law_name")).strip("《》") or law
            if article is None or not title:
                continue
            item = _int_or_none(entry.get("item"))
            pid = ProvisionId("x", None, article, 0, _int_or_none(entry.get("paragraph")), item,
                              _int_or_none(entry.get("subitem")) if item else None)
            link = BasisLink(BasisRole.PENALTY, render_citation(pid, title), Resolution.UNPARSED)
            if link not in links:
                links.append(link)
            penalty_articles.add((article, 0))
        res = basis_links([(BasisRole.VIOLATED, setting)], law, exclude_articles=frozenset(penalty_articles))
        ctx.stats["cells_with_basis"] += res.cells
        ctx.stats["cells_parsed"] += res.parsed
        links.extend(link for link in res.links if link.reason == "" or not penalty_articles)
        ctx.stats["citations_found"] += res.found
        if not links:
            links = [BasisLink(BasisRole.SETTING, "", Resolution.NO_BASIS, reason="记录没有设定依据")]
        rules = []
        for g in rec.get("裁量分组") or []:
            for rule in g.get("裁量规则") or []:
                rules.append(DiscretionRule(
                    group=_int_or_none(g.get("分组序号")) or 0, order=_int_or_none(rule.get("裁量序号")) or 0,
                    tier=_cell_text(rule.get("裁量阶次")), condition=_cell_text(rule.get("适用条件")),
                    standard=_cell_text(rule.get("处罚标准")), range_text=_cell_text(g.get("处罚种类及幅度")),
                ))
        r = _Row(None, row_no, {"name": name}, ctx.meta.domain,
                 PowerType(ctx.meta.power_type) if ctx.meta.power_type else PowerType.PENALTY, rules)
        code = _cell_text(rec.get("id")) or None
        builder.add(r, name=name, code=code, department=department, townships=ctx.meta.townships,
                    scope_note=None, authority=catalog.authority,
                    basis_text=setting, basis=links)
    return _finish(ctx, catalog, builder)


_JSON_PROBLEMS = (  # json's English messages, by their start
    ("Expecting value", "此处缺少值"),
    ("Expecting property name", "属性名须用双引号括起"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Unterminated string", "字符串没有结束引号"),
    ("Extra data", "JSON 结束后还有多余内容"),
    ("Invalid control character", "字符串中有不允许的控制字符"),
    ("Invalid \\escape", "不正确的转义符"),
    ("Invalid \\uXXXX escape", "不正确的 \\u 转义"),
)


def json_problem(message: str) -> str:
    """A Chinese description of a json.JSONDecodeError message.

    >>> json_problem("Expecting value"), json_problem("Something new")
    ('此处缺少值', '格式不正确')
    """
    return next((cn for en, cn in _JSON_PROBLEMS if message.startswith(en)), "格式不正确")


def _read_json(ctx: _Context, data: bytes, filename: str) -> ParsedCatalog:
    text, _ = decode_text(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Reject("CATALOG_BAD_JSON",
                      f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{json_problem(exc.msg)}）") from None
    if isinstance(doc, dict) and isinstance(doc.get("items"), list) and any(
        isinstance(i, dict) and "违法行为" in i for i in doc["items"]
    ):
        return _read_discretion_standard(ctx, doc, filename)
    records = doc.get("items") if isinstance(doc, dict) else doc
    if isinstance(records, list) and records and all(isinstance(r, dict) for r in records):
        return _read_tables(ctx, [_records_sheet(records)], filename)
    raise _Reject("CATALOG_UNKNOWN_JSON",
                  "JSON 结构无法识别：应为事项对象数组，或含 metadata 与 items 的裁量基准")


