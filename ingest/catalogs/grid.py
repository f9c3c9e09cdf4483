"""Sheets as grids of cell text: what every reader produces and header detection reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ingest.catalogs.vocabulary import MAX_GRID_CELLS

# --------------------------------------------------------------------------
# reading the containers
# --------------------------------------------------------------------------


@dataclass
class Sheet:
    """One table: rows of cell texts, with their 1-based row numbers, merged ranges expanded."""

    name: str | None
    rows: list[tuple[int, list[str]]]


class _Reject(Exception):
    """A whole-file problem: becomes one error diagnostic."""

    def __init__(self, code: str, message: str, sheet: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.sheet = sheet


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _grid(
    cells: Iterable[tuple[int, int, Any]],
    merged: Iterable[tuple[int, int, int, int]],
    name: str | None,
) -> Sheet:
    """A sheet from (row, col, value) cells (1-based) and merged ranges (min_row, min_col, max_row, max_col)."""
    values: dict[tuple[int, int], str] = {}
    for r, c, v in cells:
        text = _cell_text(v)
        if text:
            values[(r, c)] = text
    if not values:
        return Sheet(name, [])
    max_row = max(r for r, _ in values)
    max_col = max(c for _, c in values)
    if max_row * max_col > MAX_GRID_CELLS:
        raise _Reject("CATALOG_TOO_LARGE",
                      f"工作表范围 {max_row} 行 × {max_col} 列过大（上限 {MAX_GRID_CELLS} 个单元格），拒绝读取",
                      sheet=name)
    for r1, c1, r2, c2 in merged:
        v = values.get((r1, c1))
        if not v:
            continue
        for r in range(r1, min(r2, max_row) + 1):
            for c in range(c1, min(c2, max_col) + 1):
                values[(r, c)] = v
    rows = [(r, [values.get((r, c), "") for c in range(1, max_col + 1)]) for r in range(1, max_row + 1)]
    return Sheet(name, rows)
