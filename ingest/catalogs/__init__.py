"""Read delegation catalogs (赋权事项清单) and discretion standards into model objects.

Pure parsing: ``read_catalog(data, filename, meta)`` receives the file's bytes
and name and returns a :class:`ParsedCatalog`; nothing here touches the graph
(``load_sidecar`` is the one function that reads a file, the sidecar YAML).

Formats: .xlsx (openpyxl; merged ranges are expanded, the value of a merged
range fills each of its cells), .xls (xlrd, merged ranges when the file keeps
formatting), .csv (UTF-8, UTF-8 with BOM, GBK / GB18030) and .json (the
Longhua array and the Shenzhen discretion standard, see
``shared/corpus/catalogs/SOURCES.md``; other JSON arrays of objects whose
keys are catalog headers are read as tables).

What real spreadsheets hold, and what happens to it:

- the header in one of rows 1–10: the row with the most vocabulary hits
  (``ontologies/catalog_headers.yaml``); a merged group header above
  sub-headers is combined with them; unknown headers are reported;
- title rows above the header (the first is the sheet title), blank rows,
  subtotal rows (合计 / 小计 / 共计) and section-title rows
  ("一、城市管理（45项）" sets the domain of the rows below);
- several citations in one basis cell, labelled or not ("违则：…罚则：…");
- scope notes in a remark column or in the item name ("（限于水务工程）");
- several sheets; a sheet whose name or title names a power type sets it.

Every problem is a :class:`kg.model.Diagnostic` with a stable code and a
Chinese message naming the file, sheet and row; a bad row is rejected, the
rest loads.

The package, in reading order: ``readers`` (containers to grids),
``headers`` (header detection), ``rows`` (rows to item rows), ``basis``
(basis cells to links), ``assemble`` (the catalog), ``standards`` (JSON and
discretion standards); ``vocabulary`` and ``meta`` are what they share.
"""

from __future__ import annotations

from pathlib import Path

from ingest.catalogs.assemble import _catalog, _finish, _read_tables, catalog_key_for
from ingest.catalogs.basis import basis_links, citation_text
from ingest.catalogs.grid import Sheet, _Reject
from ingest.catalogs.headers import Header, detect_header
from ingest.catalogs.meta import CatalogMeta, ParsedCatalog, load_sidecar, parse_sidecar
from ingest.catalogs.readers import _read_csv, _read_xls, _read_xlsx, decode_text, xlrd_sheet_to_grid
from ingest.catalogs.rows import _Context
from ingest.catalogs.standards import _read_json
from ingest.catalogs.vocabulary import (
    DEFAULT_COUNTY_RESERVED,
    HEADER_SEARCH_ROWS,
    MAX_CELL_CHARS,
    MAX_GRID_CELLS,
    MAX_MEMBER_RATIO,
    MAX_UNCOMPRESSED,
    OLE_MAGIC,
    ZIP_MAGIC,
    Vocabulary,
    normalize_header,
    normalize_name,
    power_type_hint,
    power_type_of_cell,
    vocabulary,
)

__all__ = [
    "DEFAULT_COUNTY_RESERVED",
    "HEADER_SEARCH_ROWS",
    "MAX_CELL_CHARS",
    "MAX_GRID_CELLS",
    "MAX_MEMBER_RATIO",
    "MAX_UNCOMPRESSED",
    "OLE_MAGIC",
    "ZIP_MAGIC",
    "CatalogMeta",
    "Header",
    "ParsedCatalog",
    "Sheet",
    "Vocabulary",
    "basis_links",
    "catalog_key_for",
    "citation_text",
    "decode_text",
    "detect_header",
    "load_sidecar",
    "normalize_header",
    "normalize_name",
    "parse_sidecar",
    "power_type_hint",
    "power_type_of_cell",
    "read_catalog",
    "vocabulary",
    "xlrd_sheet_to_grid",
]


def read_catalog(data: bytes, filename: str, meta: CatalogMeta | None = None) -> ParsedCatalog:
    """Parse one catalog file (bytes and its name) into a :class:`ParsedCatalog`.

    Never raises for bad input: whole-file problems come back as one error
    diagnostic with an empty item list.
    """
    meta = meta or CatalogMeta()
    ctx = _Context(filename, meta, vocabulary(), catalog_key_for(meta.doc_number, filename))
    suffix = Path(filename).suffix.lower()
    try:
        if not data or not data.strip():
            raise _Reject("CATALOG_EMPTY", "文件为空")
        if data.startswith(ZIP_MAGIC):
            return _read_tables(ctx, _read_xlsx(data), filename)
        if data.startswith(OLE_MAGIC):
            sheets = _read_xls(data)
            if suffix == ".xlsx":
                ctx.diag("CATALOG_WRONG_EXTENSION", "扩展名为 .xlsx，实为 Excel 97-2003（.xls）工作簿，已按 .xls 读取",
                         severity="warning")
            return _read_tables(ctx, sheets, filename)
        if suffix in (".xlsx", ".xls", ".xlsm"):
            head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
            if head.startswith(b"<") and (b"<table" in head or b"<html" in head or b"<!doctype" in head):
                raise _Reject("CATALOG_NOT_A_SPREADSHEET",
                              f"扩展名为 {suffix}，但文件是网页（HTML）表格，请在 Excel 中打开后另存为 .xlsx 再导入")
            raise _Reject("CATALOG_NOT_A_SPREADSHEET", f"扩展名为 {suffix}，但文件内容不是 Excel 工作簿")
        if suffix == ".json" or data.lstrip()[:1] in (b"{", b"["):
            return _read_json(ctx, data, filename)
        if suffix in (".csv", ".txt", ".tsv", ""):
            sheets, encoding = _read_csv(data)
            if encoding not in ("utf-8", "utf-8-sig", "gb18030", "ascii"):
                ctx.diag("CATALOG_ENCODING", f"按检测到的编码 {encoding} 读取，请核对文字是否正确", severity="warning")
            return _read_tables(ctx, sheets, filename)
        raise _Reject("CATALOG_FORMAT", f"不支持的目录文件格式：{suffix}（支持 xlsx、xls、csv、json）")
    except _Reject as rej:
        ctx.diag(rej.code, rej.message, sheet=rej.sheet)
        return _finish(ctx, _catalog(ctx, filename), None)
