"""Report exports: catalog text that looks like a spreadsheet formula stays text (CSV/formula injection)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from api.exports import render_report
from kg.graph_build import catalog_bundle
from kg.model import AuthoritySource, BasisRole, Catalog, Resolution
from kg.nx_store import NetworkxStore
from kg.reports import ReportResult, run_report
from tests.unit.reports_fixture import CAT_DAY, DEPT_ZF, REGION, _bad, _item

CMD = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","y")'
OTHERS = ("+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1")


@pytest.fixture(scope="module")
def result() -> ReportResult:
    """The unmapped report over a catalog whose cells (names, codes, sheet) look like formulas."""
    store = NetworkxStore()
    cat = Catalog("X", "公式目录", issuer="柯城区人民政府", effective=CAT_DAY, region=REGION,
                  authority=AuthoritySource.DELEGATED, source="X.xlsx")
    unparsed = _bad(BasisRole.PENALTY, "相关规定", Resolution.UNPARSED, "未识别出法规名称和条文")
    items = [_item("X", 1, CMD, DEPT_ZF, unparsed, code=LINK, file="X.xlsx", sheet=CMD),
             *[_item("X", n, text, DEPT_ZF, unparsed, code=f"X-{n}", file="X.xlsx")
               for n, text in enumerate(OTHERS, start=2)]]
    store.write(catalog_bundle(cat, items, [], [DEPT_ZF], [], {}, set()))
    return run_report(store, "unmapped")


def test_csv_cells_starting_like_a_formula_get_an_apostrophe(result: ReportResult) -> None:
    text = render_report(result, "csv")
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    cells = [c for r in rows for c in r]
    assert "'" + CMD in cells and "'" + LINK in cells
    for other in OTHERS:
        assert "'" + other in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_xlsx_cells_are_text_never_formulas(result: ReportResult) -> None:
    data = render_report(result, "xlsx")
    assert isinstance(data, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value)
    # the catalog's text is kept as it was, shown as text
    assert CMD in values and LINK in values
    for other in OTHERS:
        assert other in values
