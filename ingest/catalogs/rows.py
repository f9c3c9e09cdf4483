"""Rows to item rows: values per field, subtotal and section rows, repeated headers, discretion tiers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ingest.catalogs.grid import Sheet
from ingest.catalogs.headers import Header, _column_letter
from ingest.catalogs.meta import CatalogMeta
from ingest.catalogs.vocabulary import (
    _COUNT_SUFFIX_RE,
    _DISCRETION_FIELDS,
    _JOINED_FIELDS,
    MAX_CELL_CHARS,
    Vocabulary,
    _section_title,
    normalize_header,
    power_type_hint,
    power_type_of_cell,
)
from kg.model import (
    Diagnostic,
    DiscretionRule,
    PowerType,
)

# --------------------------------------------------------------------------
# rows → items
# --------------------------------------------------------------------------


@dataclass
class _Context:
    filename: str
    meta: CatalogMeta
    vocab: Vocabulary
    catalog_key: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("rows_read", "rows_rejected", "rows_skipped", "items", "citations_found", "cells_with_basis",
         "cells_parsed", "sheets"), 0))

    def diag(self, code: str, message: str, *, sheet: str | None = None, row: int | None = None,
             severity: str = "error") -> None:
        """Record a problem; file, sheet and row go in the Diagnostic's fields, not in the message."""
        self.diagnostics.append(Diagnostic(self.filename, row, code, message, severity, sheet))


@dataclass
class _Row:
    """A data row on its way to a PenaltyItem."""

    sheet: str | None
    row: int
    values: dict[str, str]
    domain: str | None
    power_type: PowerType
    discretion: list[DiscretionRule] = field(default_factory=list)


def _truncate(ctx: _Context, text: str, sheet: str | None, row: int, label: str) -> str:
    if len(text) <= MAX_CELL_CHARS:
        return text
    ctx.diag("CATALOG_CELL_TOO_LONG",
             f"“{label}”单元格有 {len(text)} 个字符，超过上限 {MAX_CELL_CHARS}，已截断，本行仍导入",
             sheet=sheet, row=row, severity="warning")
    return text[:MAX_CELL_CHARS]


def _row_values(ctx: _Context, header: Header, cells: Sequence[str], sheet: str | None, row: int) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for i, fld in header.columns.items():
        if i >= len(cells) or not cells[i]:
            continue
        text = _truncate(ctx, cells[i], sheet, row, header.labels[i])
        bucket = out.setdefault(fld, [])
        if fld in _JOINED_FIELDS:
            if text not in bucket:
                bucket.append(text)
        elif not bucket:
            bucket.append(text)
    return {k: "\n".join(v) for k, v in out.items()}


def _is_subtotal(cells: Sequence[str], vocab: Vocabulary) -> bool:
    """A 合计 / 小计 / 共计 row: its first non-empty cell starts with the marker."""
    first = next((c for c in cells if c), "")
    return len(first) <= 12 and normalize_header(first).startswith(vocab.subtotal_markers)


def _is_repeated_header(cells: Sequence[str], vocab: Vocabulary) -> bool:
    """A header row repeated below the header (sections that restate the column names)."""
    texts = [c for c in cells if c]
    return len(set(texts)) >= 2 and all(vocab.field_for(c) is not None for c in texts)


def _section(cells: Sequence[str], name_cols: Sequence[int]) -> str | None:
    """The title of a section-title row, or None when the row is not one."""
    texts = [c for c in cells if c]
    distinct = set(texts)
    if len(distinct) != 1:
        return None
    text = texts[0]
    if _section_title(text) or _COUNT_SUFFIX_RE.search(text):
        return text
    in_name = any(i < len(cells) and cells[i] for i in name_cols)
    return text if (len(texts) >= 2 or not in_name) else None


def _clean_section(text: str) -> str:
    t = _section_title(text) or text.strip()
    return _COUNT_SUFFIX_RE.sub("", t).strip(" ：:、") or t


def _parse_sheet(ctx: _Context, sheet: Sheet, header: Header, out: list[_Row]) -> None:
    vocab = ctx.vocab
    sname = sheet.name
    sheet_type = (power_type_hint(sname, vocab) if sname else None) or next(
        (t for t in (power_type_hint(x, vocab) for x in header.titles) if t), None)
    default_type = sheet_type or (PowerType(ctx.meta.power_type) if ctx.meta.power_type else PowerType.PENALTY)
    if header.unknown:
        listed = "、".join(f"{_column_letter(i)}列“{t}”" for i, t in header.unknown)
        ctx.diag("CATALOG_UNKNOWN_HEADER", f"不认识的表头：{listed}，这些列未导入",
                 sheet=sname, row=sheet.rows[header.rows[-1]][0], severity="warning")
    name_cols = [i for i, f in header.columns.items() if f == "name"]
    has_discretion = any(f in _DISCRETION_FIELDS for f in header.columns.values())
    domain = ctx.meta.domain
    section_type: PowerType | None = None
    prev: _Row | None = None
    for idx in range(header.rows[-1] + 1, len(sheet.rows)):
        rownum, cells = sheet.rows[idx]
        if not any(cells):
            continue
        if _is_subtotal(cells, vocab) or _is_repeated_header(cells, vocab):
            ctx.stats["rows_skipped"] += 1
            continue
        title = _section(cells, name_cols)
        if title is not None:
            ctx.stats["rows_skipped"] += 1
            clean = _clean_section(title)
            hinted = power_type_hint(title, vocab)
            if hinted:
                section_type = hinted
            else:
                domain = clean
            continue
        ctx.stats["rows_read"] += 1
        values = _row_values(ctx, header, cells, sname, rownum)
        name = _one_line(values.get("name", ""))
        if name:
            values["name"] = name
        if not name:
            ctx.stats["rows_rejected"] += 1
            ctx.diag("CATALOG_ROW_NO_NAME", "本行没有事项名称，已拒收", sheet=sname, row=rownum)
            continue
        cell_type = power_type_of_cell(values["power_type"], vocab) if values.get("power_type") else None
        row = _Row(sname, rownum, values, values.get("domain") or domain,
                   cell_type or section_type or default_type)
        if has_discretion:
            rule = _discretion_rule(values, prev)
            if prev is not None and _same_item(prev.values, row.values):
                if rule:
                    prev.discretion.append(rule)
                continue
            if rule:
                row.discretion.append(rule)
        out.append(row)
        prev = row


def _one_line(text: str) -> str:
    """A name typed with line breaks inside a cell, as one line."""
    return re.sub(r"\s*\n\s*", "", text).strip()


_ITEM_FIELDS = ("name", "code", "basis", "violated", "penalty", "department")


def _same_item(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    """Two rows of one item (a discretion standard lists each tier on its own row)."""
    return all(a.get(k) == b.get(k) for k in _ITEM_FIELDS)


def _discretion_rule(values: Mapping[str, str], prev: _Row | None) -> DiscretionRule | None:
    tier = values.get("discretion_tier", "")
    cond = values.get("discretion_condition", "")
    std = values.get("discretion_standard", "")
    if not (tier or cond or std):
        return None
    rng = values.get("sanction_text", "")
    rules = prev.discretion if prev is not None and _same_item(prev.values, values) else []
    groups = list(dict.fromkeys(r.range_text for r in rules))
    group = groups.index(rng) + 1 if rng in groups else len(groups) + 1
    return DiscretionRule(group=group, order=len(rules) + 1, tier=tier, condition=cond, standard=std, range_text=rng)


