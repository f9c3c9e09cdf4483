"""Catalog uploads: the body read under a size cap, and the file's content checked against limits.

Order of the checks (each before the costlier step): the token and ``Content-Length`` from the
headers alone; the multipart body streamed to a temporary file, stopped at the cap; the zip's
central directory of an .xlsx (sum of uncompressed sizes, number of worksheets) before anything
unpacks it; then, in the import job, rows and cell lengths before the catalog parser reads it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError as XmlParseError
from xml.etree.ElementTree import iterparse

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from api.errors import PayloadTooLarge, UnsupportedMedia
from kg.errors import InvalidInput
from kg.settings import MIB, Settings

WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
ZIP_MAGIC = b"PK\x03\x04"


def _mib(n: int) -> str:
    return f"{n / MIB:.1f} MB" if n >= MIB else f"{n // 1024} KB"


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"上传内容超过上限 {_mib(limit)}", code="UPLOAD_TOO_LARGE", limit=limit)


def check_headers(request: Request, settings: Settings) -> None:
    """Content type and declared length, before one byte of the body is read."""
    ctype = request.headers.get("content-type", "")
    if not ctype.lower().startswith("multipart/form-data"):
        raise UnsupportedMedia("上传应为 multipart/form-data（字段 file：目录文件；sidecar：可选的元数据 YAML）",
                               code="UNSUPPORTED_MEDIA_TYPE")
    length = request.headers.get("content-length")
    if length is not None:
        try:
            declared = int(length)
        except ValueError:
            raise InvalidInput("请求头 Content-Length 不是整数", code="BAD_CONTENT_LENGTH") from None
        if declared > settings.upload_max_bytes:
            raise too_large(settings.upload_max_bytes)


async def _capped(stream: AsyncIterator[bytes], cap: int) -> AsyncGenerator[bytes, None]:
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > cap:
            raise too_large(cap)
        yield chunk


async def read_form(request: Request, settings: Settings) -> tuple[UploadFile, UploadFile | None]:
    """The ``file`` and optional ``sidecar`` parts, read under the size cap (files spool to disk)."""
    parser = MultiPartParser(request.headers, _capped(request.stream(), settings.upload_max_bytes),
                             max_files=2, max_fields=8, max_part_size=64 * 1024)
    try:
        form = await parser.parse()
    except MultiPartException:
        raise InvalidInput("上传内容不是有效的 multipart/form-data", code="BAD_MULTIPART") from None
    file = form.get("file")
    sidecar = form.get("sidecar")
    others = [v for k, v in form.multi_items() if k not in ("file", "sidecar") and isinstance(v, UploadFile)]
    for extra in others:
        await extra.close()
    if not isinstance(file, UploadFile):
        if isinstance(sidecar, UploadFile):
            await sidecar.close()
        raise InvalidInput("缺少上传文件字段 file（目录文件：xlsx、xls、csv 或 json）", code="UPLOAD_NO_FILE")
    return file, sidecar if isinstance(sidecar, UploadFile) else None


def save(upload: UploadFile, target: Path) -> None:
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, 1024 * 1024)


def check_zip(path: Path, settings: Settings) -> None:
    """An .xlsx's central directory: unpacked size and worksheets within the limits (nothing unpacked)."""
    with path.open("rb") as f:
        if f.read(4) != ZIP_MAGIC:
            return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput(f"{path.name}：文件不是有效的 .xlsx（ZIP 结构损坏或不完整）", code="CATALOG_NOT_A_SPREADSHEET") from None
    total = sum(i.file_size for i in infos)
    if total > settings.upload_max_uncompressed_bytes:
        raise PayloadTooLarge(
            f"{path.name}：解压后共 {_mib(total)}，超过上限 {_mib(settings.upload_max_uncompressed_bytes)}，拒绝读取",
            code="CATALOG_UNPACKED_TOO_LARGE")
    sheets = sum(1 for i in infos if WORKSHEET.fullmatch(i.filename))
    if sheets > settings.upload_max_sheets:
        raise PayloadTooLarge(f"{path.name}：共 {sheets} 个工作表，超过上限 {settings.upload_max_sheets} 个，拒绝读取",
                              code="CATALOG_TOO_MANY_SHEETS")


# -- content limits, checked in the import job before the parser ---------------------------


def check_catalog_content(path: Path, settings: Settings) -> None:
    """Rows and cell lengths within the limits; raises a Chinese error naming the file and row."""
    check_zip(path, settings)
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(ZIP_MAGIC):
        _scan_xlsx(path, settings)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        _scan_xls(path, settings)
    elif path.suffix.lower() == ".json" or head.lstrip()[:1] in (b"{", b"["):
        _scan_json(path, settings)
    else:
        _scan_csv(path, settings)


def _too_many_rows(name: str, rows: int, settings: Settings) -> PayloadTooLarge:
    return PayloadTooLarge(f"{name}：超过 {settings.upload_max_rows} 行的上限（已读到第 {rows} 行），拒绝导入",
                           code="CATALOG_TOO_MANY_ROWS")


def _cell_too_long(where: str, length: int, settings: Settings) -> InvalidInput:
    return InvalidInput(f"{where}的单元格有 {length} 个字符，超过上限 {settings.upload_max_cell_chars}，拒绝导入",
                        code="CATALOG_CELL_TOO_LONG")


def _scan_xlsx(path: Path, settings: Settings) -> None:
    rows = cells = 0
    limit = settings.upload_max_cell_chars
    try:
        with zipfile.ZipFile(path) as zf:
            names = [i.filename for i in zf.infolist()]
            sheets = [n for n in names if WORKSHEET.fullmatch(n)]
            for number, member in enumerate(sheets, 1):
                row_in_sheet = 0
                with zf.open(member) as f:
                    for _, elem in iterparse(f, events=("end",)):
                        tag = elem.tag.rpartition("}")[2]
                        if tag == "row":
                            rows += 1
                            row_in_sheet += 1
                            if rows > settings.upload_max_rows:
                                raise _too_many_rows(path.name, rows, settings)
                            elem.clear()
                        elif tag == "c":
                            cells += 1
                            if cells > settings.upload_max_cells:
                                raise PayloadTooLarge(
                                    f"{path.name}：单元格超过 {settings.upload_max_cells} 个的上限"
                                    f"（第 {number} 个工作表第 {row_in_sheet + 1} 行），拒绝导入",
                                    code="CATALOG_TOO_MANY_CELLS")
                        elif tag in ("t", "v", "f") and elem.text and len(elem.text) > limit:
                            raise _cell_too_long(f"{path.name} 第 {number} 个工作表第 {row_in_sheet + 1} 行",
                                                 len(elem.text), settings)
            if "xl/sharedStrings.xml" in names:
                with zf.open("xl/sharedStrings.xml") as f:
                    for number, (_, elem) in enumerate(
                            (e for e in iterparse(f, events=("end",)) if e[1].tag.rpartition("}")[2] == "si"), 1):
                        length = sum(len(t) for t in elem.itertext())
                        if length > limit:
                            raise _cell_too_long(f"{path.name} 共享文本第 {number} 项", length, settings)
                        elem.clear()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise InvalidInput(f"{path.name}：工作簿已损坏（压缩数据校验失败），请在 Excel 中重新保存后再导入",
                           code="CATALOG_NOT_A_SPREADSHEET") from None
    except XmlParseError:
        raise InvalidInput(f"{path.name}：工作簿的内部 XML 已损坏，请在 Excel 中重新保存后再导入",
                           code="CATALOG_NOT_A_SPREADSHEET") from None


def _scan_xls(path: Path, settings: Settings) -> None:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception:  # noqa: BLE001 - the parser reports an unreadable .xls in its own words
        return
    try:
        if book.nsheets > settings.upload_max_sheets:
            raise PayloadTooLarge(f"{path.name}：共 {book.nsheets} 个工作表，超过上限 {settings.upload_max_sheets} 个，拒绝读取",
                                  code="CATALOG_TOO_MANY_SHEETS")
        rows = 0
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            rows += sheet.nrows
            if rows > settings.upload_max_rows:
                raise _too_many_rows(path.name, rows, settings)
            for r in range(sheet.nrows):
                for value in sheet.row_values(r):
                    if isinstance(value, str) and len(value) > settings.upload_max_cell_chars:
                        raise _cell_too_long(f"{path.name} 工作表「{sheet.name}」第 {r + 1} 行", len(value), settings)
            book.unload_sheet(i)
    finally:
        book.release_resources()


def _scan_csv(path: Path, settings: Settings) -> None:
    from ingest.catalogs import decode_text

    text, _ = decode_text(path.read_bytes())
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    row = 0
    try:
        for row, cells in enumerate(reader, 1):
            if row > settings.upload_max_rows:
                raise _too_many_rows(path.name, row, settings)
            for col, cell in enumerate(cells, 1):
                if len(cell) > settings.upload_max_cell_chars:
                    raise _cell_too_long(f"{path.name} 第 {row} 行第 {col} 列", len(cell), settings)
    except csv.Error:
        raise InvalidInput(f"{path.name} 第 {reader.line_num} 行：CSV 格式错误（单元格过长或引号不配对），拒绝导入",
                           code="CATALOG_BAD_CSV") from None


def _scan_json(path: Path, settings: Settings) -> None:
    from ingest.catalogs import decode_text

    text, _ = decode_text(path.read_bytes())
    try:
        doc = json.loads(text)
    except ValueError:
        return  # the parser reports invalid JSON with its position
    stack: list[Any] = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if len(value) > settings.upload_max_cell_chars:
                raise _cell_too_long(f"{path.name} 中", len(value), settings)
        elif isinstance(value, list):
            if len(value) > settings.upload_max_rows:
                raise _too_many_rows(path.name, len(value), settings)
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
