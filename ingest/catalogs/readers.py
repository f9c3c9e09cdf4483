"""Reading the containers: .xlsx (with zip-bomb checks), .xls, .csv (encoding and dialect) into ``Sheet`` grids."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from typing import Any

from ingest.catalogs.grid import Sheet, _grid, _Reject
from ingest.catalogs.headers import detect_header
from ingest.catalogs.vocabulary import MAX_MEMBER_RATIO, MAX_UNCOMPRESSED, vocabulary
from ingest.decode import decode_with_encoding
from kg.errors import ParseError

# --------------------------------------------------------------------------
# reading the containers
# --------------------------------------------------------------------------


def _check_xlsx_zip(data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _Reject("CATALOG_NOT_A_SPREADSHEET", "文件不是有效的 .xlsx（ZIP 结构损坏或不完整）") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise _Reject(
                "CATALOG_ZIP_BOMB",
                f"文件解压后共 {total // (1024 * 1024)} MB，超过上限 {MAX_UNCOMPRESSED // (1024 * 1024)} MB，疑为压缩炸弹，拒绝读取",
            )
        for i in infos:
            if i.file_size > 1024 * 1024 and i.file_size > MAX_MEMBER_RATIO * max(i.compress_size, 1):
                raise _Reject(
                    "CATALOG_ZIP_BOMB",
                    f"压缩包成员 {i.filename} 的压缩比异常（{i.file_size // max(i.compress_size, 1)} 倍），疑为压缩炸弹，拒绝读取",
                )
        if "xl/workbook.xml" not in names:
            kind = "Word 文档（.docx）" if "word/document.xml" in names else "其他 ZIP 文件"
            raise _Reject("CATALOG_NOT_A_SPREADSHEET", f"文件不是 Excel 工作簿，而是{kind}")


def _read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl

    _check_xlsx_zip(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except zipfile.BadZipFile as exc:  # a damaged member: name it, in Chinese
        member = re.search(r"file '([^']+)'", str(exc))
        where = f"（成员 {member.group(1)}）" if member else ""
        raise _Reject("CATALOG_NOT_A_SPREADSHEET",
                      f"Excel 工作簿已损坏：压缩数据校验失败{where}，请重新导出或重新下载该文件") from None
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on malformed parts
        raise _Reject("CATALOG_NOT_A_SPREADSHEET",
                      "无法打开 Excel 工作簿：文件结构不完整或不是 Excel 2007 及以上版本保存的 .xlsx") from None
    sheets: list[Sheet] = []
    try:
        for ws in wb.worksheets:
            # ws._cells holds only the cells that exist; iterating the full
            # rectangle would create cells for a sheet formatted down to row 1,048,576
            cells = ((r, c, cell.value) for (r, c), cell in ws._cells.items())
            merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
            sheets.append(_grid(cells, merged, ws.title))
    finally:
        wb.close()
    return sheets


def xlrd_sheet_to_grid(sheet: Any, datemode: int = 0) -> Sheet:
    """A :class:`Sheet` from an xlrd sheet (or anything with its interface)."""
    import xlrd

    cells: list[tuple[int, int, Any]] = []
    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            ctype = sheet.cell_type(r, c)
            value = sheet.cell_value(r, c)
            if ctype == xlrd.XL_CELL_DATE:
                with contextlib.suppress(ValueError, OverflowError, xlrd.xldate.XLDateError):
                    value = xlrd.xldate_as_datetime(value, datemode)
            elif ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                value = None
            cells.append((r + 1, c + 1, value))
    # xlrd: (rlo, rhi, clo, chi), upper bounds exclusive
    merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in getattr(sheet, "merged_cells", ())]
    return Sheet(sheet.name, _grid(cells, merged, sheet.name).rows)


def _read_xls(data: bytes) -> list[Sheet]:
    import xlrd

    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True)
        except NotImplementedError:
            book = xlrd.open_workbook(file_contents=data, formatting_info=False)
    except Exception:  # noqa: BLE001 - xlrd raises XLRDError, CompDocError, AssertionError …
        raise _Reject(
            "CATALOG_NOT_A_SPREADSHEET",
            "文件是 OLE 复合文档，但不是可读的 Excel 97-2003 工作簿（可能是改了扩展名的 Word .doc）",
        ) from None
    return [xlrd_sheet_to_grid(book.sheet_by_index(i), book.datemode) for i in range(book.nsheets)]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV or JSON bytes by the one policy of ``ingest.decode``: (text, encoding read).

    Text that cannot be decoded (binary, a broken BOM) is a whole-file problem.

    >>> decode_text("序号,事项名称".encode("gbk"))[1]
    'gb18030'
    >>> decode_text("\\ufeff序号".encode("utf-8"))
    ('序号', 'utf-8-sig')
    """
    try:
        return decode_with_encoding(data, "", "目录")
    except ParseError as exc:
        raise _Reject(exc.code, exc.reason) from exc


def _read_csv(data: bytes) -> tuple[list[Sheet], str]:
    """The CSV as one sheet; the sniffed delimiter is kept only if it yields a header."""
    text, encoding = decode_text(data)
    dialects: list[Any] = []
    with contextlib.suppress(csv.Error):
        dialects.append(csv.Sniffer().sniff(text[:8192], delimiters=",\t;|"))
    dialects += [csv.excel, csv.excel_tab]
    sheets: list[Sheet] = []
    for dialect in dialects:
        rows: list[list[str]] = []
        try:
            rows.extend(csv.reader(io.StringIO(text), dialect))
        except csv.Error as exc:  # a cell over csv.field_size_limit(), often an unclosed quote
            if "field limit" not in str(exc):
                raise _Reject("CATALOG_CSV_INVALID", f"第{len(rows) + 1}行无法按 CSV 读取：{exc}") from None
            raise _Reject("CATALOG_CELL_TOO_LONG",
                          f"第{len(rows) + 1}行有单元格超过 {csv.field_size_limit():,} 个字符，无法导入"
                          "（常见原因：该单元格的引号未闭合）") from None
        cells = ((r + 1, c + 1, v) for r, row in enumerate(rows) for c, v in enumerate(row))
        sheet = _grid(cells, (), None)
        if detect_header(sheet, vocabulary()) is not None:
            return [sheet], encoding
        sheets.append(sheet)
    return sheets[:1], encoding


