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
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ingest.citations import Citation, parse_citations, render_citation
from kg.errors import InvalidInput
from kg.model import (
    AuthoritySource,
    BasisLink,
    BasisRole,
    Catalog,
    Department,
    Diagnostic,
    DiscretionRule,
    Holding,
    PenaltyItem,
    PowerType,
    ProvisionId,
    Resolution,
    SourceRef,
    Township,
)
from kg.safenames import safe_component

ONTOLOGIES = Path(__file__).resolve().parents[1] / "ontologies"

MAX_CELL_CHARS = 20_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, sum over the members of an .xlsx
MAX_MEMBER_RATIO = 200  # uncompressed / compressed of one member above 1 MiB
HEADER_SEARCH_ROWS = 10
MAX_GRID_CELLS = 20_000_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_COUNTY_RESERVED = ["责令停产停业", "吊销许可证件", "较大数额罚款"]

# fields whose cells hold legal-basis text, and the role their citations get
_BASIS_FIELDS: dict[str, BasisRole] = {
    "violated": BasisRole.VIOLATED,
    "penalty": BasisRole.PENALTY,
    "basis": BasisRole.SETTING,
}
# fields where several columns are joined; for the others the first non-empty column wins
_JOINED_FIELDS = {"basis", "violated", "penalty", "note", "townships", "sanction_text",
                  "discretion_condition", "discretion_standard"}
_DISCRETION_FIELDS = {"discretion_tier", "discretion_condition", "discretion_standard"}

_LABEL_RE = re.compile(
    r"(?:[【\[〔]\s*(违则|罚则|设定依据|实施依据|处罚依据|法律依据|违法依据|处罚条款)\s*[】\]〕]\s*[:：]?"
    r"|(违则|罚则|设定依据|实施依据|处罚依据|法律依据|违法依据|处罚条款)\s*[:：])"
)
_LABEL_ROLE = {
    "违则": BasisRole.VIOLATED, "违法依据": BasisRole.VIOLATED,
    "罚则": BasisRole.PENALTY, "处罚依据": BasisRole.PENALTY, "处罚条款": BasisRole.PENALTY,
    "设定依据": BasisRole.SETTING, "实施依据": BasisRole.SETTING, "法律依据": BasisRole.SETTING,
}
_SECTION_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+(?:部分|类|章))\s*(?P<title>.+)$"
)
_COUNT_SUFFIX_RE = re.compile(r"[（(]\s*(?:共|计)?\s*\d+\s*(?:项|个|条|类)[^（）()]*[）)]\s*$")
# rows above a header that are not its title: 附件1, （2022年版）, 填报单位：…
_NOT_A_TITLE_RE = re.compile(r"^(?:附[件表]\s*[0-9一二三四五六七八九十]*\s*[:：]?|[（(][^（）()]*[）)]|.{0,8}[:：].*)$")
_TITLE_RE = re.compile(r"《[^《》\n]{2,60}》")
_PAREN_RE = re.compile(r"[（(]([^（）()]{1,200})[）)]")
_SPLIT_TOWNSHIPS_RE = re.compile(r"[、，,；;／/\n\s]+")
_GENERIC_TOWNSHIPS_RE = re.compile(r"^(?:全[县区市]?|各|所有|全部)")


# --------------------------------------------------------------------------
# metadata (sidecar YAML or CLI options)
# --------------------------------------------------------------------------


def _meta_error(message: str) -> InvalidInput:
    return InvalidInput(message, code="CATALOG_META_INVALID")


def _meta_date(value: Any, key: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _meta_error(f"{key} 应为 ISO 日期（如 2023-01-01），实为“{value}”") from None


def _meta_str(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list, tuple, set)):
        raise _meta_error(f"{key} 应为文字")
    text = str(value).strip()
    return text or None


def _meta_list(value: Any, key: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [t for t in _SPLIT_TOWNSHIPS_RE.split(value) if t]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, int)) for v in value):
        raise _meta_error(f"{key} 应为文字列表")
    return [str(v).strip() for v in value if str(v).strip()]


@dataclass(frozen=True)
class CatalogMeta:
    """What a catalog file does not say about itself: from ``NAME.meta.yaml`` or CLI options.

    Values are checked and normalised on construction (ISO date strings become
    dates, a township string is split on 、), so CLI options can be passed as
    they come; a bad value raises :class:`InvalidInput` (CATALOG_META_INVALID).
    Plain types only, so it serialises to YAML as is.

    >>> CatalogMeta(effective="2022-07-01", townships="甲镇、乙镇").townships
    ['甲镇', '乙镇']
    >>> CatalogMeta(authority="授权")
    Traceback (most recent call last):
    ...
    kg.errors.InvalidInput: authority 应为“赋权”或“委托”，实为“授权”
    """

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    published: date | None = None
    effective: date | None = None
    region: str | None = None  # e.g. 浙江省衢州市柯城区
    authority: str = AuthoritySource.DELEGATED.value  # 赋权 | 委托
    department: str | None = None  # default when there is no department column
    townships: list[str] = field(default_factory=list)  # used when there is no township column
    domain: str | None = None
    power_type: str | None = None
    county_reserved: list[str] = field(default_factory=lambda: list(DEFAULT_COUNTY_RESERVED))

    def __post_init__(self) -> None:
        def put(key: str, value: Any) -> None:  # the dataclass is frozen
            object.__setattr__(self, key, value)

        for key in ("title", "issuer", "doc_number", "region", "department", "domain", "power_type"):
            put(key, _meta_str(getattr(self, key), key))
        put("published", _meta_date(self.published, "published"))
        put("effective", _meta_date(self.effective, "effective"))
        put("townships", _meta_list(self.townships, "townships") or [])
        reserved = _meta_list(self.county_reserved, "county_reserved")
        put("county_reserved", list(DEFAULT_COUNTY_RESERVED) if reserved is None else reserved)
        authority = _meta_str(self.authority, "authority") or AuthoritySource.DELEGATED.value
        if authority not in (AuthoritySource.DELEGATED.value, AuthoritySource.ENTRUSTED.value):
            raise _meta_error(f"authority 应为“赋权”或“委托”，实为“{authority}”")
        put("authority", authority)
        if self.power_type is not None and self.power_type not in {p.value for p in PowerType}:
            raise _meta_error(
                f"power_type 应为 {'、'.join(p.value for p in PowerType)} 之一，实为“{self.power_type}”")
        if self.published and self.effective and self.effective < self.published:
            raise _meta_error(f"施行日期 effective（{self.effective}）早于发布日期 published（{self.published}）")


_META_KEYS = {f for f in CatalogMeta.__dataclass_fields__}


def parse_sidecar(raw: Any, source: str = "meta.yaml") -> CatalogMeta:
    """Validate sidecar data (already parsed YAML, or its text) into a :class:`CatalogMeta`.

    >>> m = parse_sidecar("title: 某县乡镇赋权事项目录\\neffective: 2022-07-01\\ntownships: [甲镇, 乙镇]")
    >>> m.title, m.effective, m.townships, m.authority
    ('某县乡镇赋权事项目录', datetime.date(2022, 7, 1), ['甲镇', '乙镇'], '赋权')
    >>> parse_sidecar("authority: 授权")
    Traceback (most recent call last):
    ...
    kg.errors.InvalidInput: meta.yaml：authority 应为“赋权”或“委托”，实为“授权”
    """
    if isinstance(raw, (str, bytes)):
        try:
            raw = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise _meta_error(f"{source}：不是有效的 YAML：{exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise _meta_error(f"{source}：应为“键: 值”形式的映射")
    unknown = sorted(str(k) for k in raw if k not in _META_KEYS)
    if unknown:
        raise _meta_error(f"{source}：不认识的字段 {'、'.join(unknown)}（可用字段：{'、'.join(sorted(_META_KEYS))}）")
    try:
        return CatalogMeta(**{str(k): v for k, v in raw.items()})
    except InvalidInput as exc:
        raise _meta_error(f"{source}：{exc.message}") from None


def load_sidecar(path: Path | str) -> CatalogMeta:
    """Read and validate ``NAME.meta.yaml``; errors are :class:`InvalidInput` in Chinese."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _meta_error(f"无法读取目录元数据文件 {p.name}：{exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise _meta_error(f"目录元数据文件 {p.name} 不是 UTF-8 编码") from None
    return parse_sidecar(text, p.name)


# --------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------


@dataclass
class ParsedCatalog:
    catalog: Catalog
    items: list[PenaltyItem]
    holdings: list[Holding]
    departments: list[Department]
    townships: list[Township]
    diagnostics: list[Diagnostic]
    stats: dict[str, int]


# --------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------


def normalize_header(text: str) -> str:
    """A header as compared with the vocabulary.

    >>> normalize_header(" 事项\\n名称： ")
    '事项名称'
    >>> normalize_header("承接乡镇（街道）*")
    '承接乡镇(街道)'
    """
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    return t.strip("*:").strip()


def normalize_name(text: str) -> str:
    """Key of a township or department: NFKC, no whitespace.

    >>> normalize_name(" 龙华 街道办事处 ")
    '龙华街道办事处'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Vocabulary:
    headers: dict[str, str]  # normalised header text -> field
    subtotal_markers: tuple[str, ...]
    scope_markers: tuple[str, ...]
    list_hints: tuple[tuple[str, PowerType], ...]
    keywords: tuple[tuple[PowerType, tuple[str, ...]], ...]

    def field_for(self, header: str) -> str | None:
        h = normalize_header(header)
        if not h or len(h) > 40:
            return None
        if h in self.headers:
            return self.headers[h]
        bare = re.sub(r"\([^()]*\)$", "", h)
        return self.headers.get(bare) if bare and bare != h else None


@cache
def vocabulary(root: Path = ONTOLOGIES) -> Vocabulary:
    heads = yaml.safe_load((root / "catalog_headers.yaml").read_text(encoding="utf-8"))
    types = yaml.safe_load((root / "power_types.yaml").read_text(encoding="utf-8"))
    headers: dict[str, str] = {}
    for fld, names in heads["fields"].items():
        for name in names:
            headers[normalize_header(str(name))] = str(fld)
    return Vocabulary(
        headers=headers,
        subtotal_markers=tuple(heads.get("subtotal_markers", ())),
        scope_markers=tuple(heads.get("scope_markers", ())),
        list_hints=tuple((normalize_header(h["text"]), PowerType(h["type"])) for h in types.get("list_hints", ())),
        keywords=tuple((PowerType(k), tuple(v)) for k, v in types.get("keywords", {}).items()),
    )


def power_type_of_cell(text: str, vocab: Vocabulary | None = None) -> PowerType | None:
    """The power type a 职权类型 cell names (first matching keyword).

    >>> power_type_of_cell("行政处罚"), power_type_of_cell("行政强制措施"), power_type_of_cell("其他")
    (<PowerType.PENALTY: '行政处罚'>, <PowerType.COERCION: '行政强制'>, None)
    """
    vocab = vocab or vocabulary()
    t = normalize_header(text)
    for ptype, words in vocab.keywords:
        if any(w in t for w in words):
            return ptype
    return None


_HINT_STRIP_RE = re.compile(r"(?:清单|目录|事项|类|表|一览表)+$")


def power_type_hint(text: str, vocab: Vocabulary | None = None) -> PowerType | None:
    """The power type a sheet name, sheet title or section title suggests, or None.

    Short keywords (处罚, 监管 …) must be the whole title, so that a domain
    such as 市场监管 is not taken for a power type.

    >>> power_type_hint("配合事项清单"), power_type_hint("二、行政检查事项（12项）")
    (<PowerType.COOPERATION: '配合事项'>, <PowerType.INSPECTION: '行政检查'>)
    >>> power_type_hint("市场监管") is None, power_type_hint("Sheet1") is None
    (True, True)
    """
    vocab = vocab or vocabulary()
    t = normalize_header(text)
    for hint, ptype in vocab.list_hints:
        if hint in t:
            return ptype
    t = _COUNT_SUFFIX_RE.sub("", normalize_header(_section_title(text) or text))
    bare = _HINT_STRIP_RE.sub("", t)
    for ptype, words in vocab.keywords:
        for w in words:
            if bare == w or (len(w) >= 4 and w in t):
                return ptype
    return None


def _section_title(text: str) -> str | None:
    m = _SECTION_RE.match(text.strip())
    return m.group("title").strip() if m else None


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
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on malformed parts
        raise _Reject("CATALOG_NOT_A_SPREADSHEET", f"无法打开 Excel 工作簿：{type(exc).__name__}: {exc}") from None
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
    except Exception as exc:  # noqa: BLE001 - xlrd raises XLRDError, CompDocError, AssertionError …
        raise _Reject(
            "CATALOG_NOT_A_SPREADSHEET",
            f"文件是 OLE 复合文档，但不是可读的 Excel 97-2003 工作簿（可能是改了扩展名的 Word .doc）：{exc}",
        ) from None
    return [xlrd_sheet_to_grid(book.sheet_by_index(i), book.datemode) for i in range(book.nsheets)]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), else the detected Chinese encoding.

    Returns (text, encoding).  GBK-family results are decoded as GB18030, its superset.

    >>> decode_text("序号,事项名称".encode("gbk"))[1]
    'gb18030'
    >>> decode_text("\\ufeff序号".encode("utf-8"))
    ('序号', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "gb18030"
    if encoding.replace("_", "").lower() in {"gbk", "gb2312", "gb18030", "cp936", "hz"}:
        encoding = "gb18030"
    return data.decode(encoding, errors="replace"), encoding


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


# --------------------------------------------------------------------------
# header detection
# --------------------------------------------------------------------------


@dataclass
class Header:
    rows: tuple[int, ...]  # indexes into Sheet.rows
    columns: dict[int, str]  # column index -> field
    labels: dict[int, str]  # column index -> header text as shown
    unknown: list[tuple[int, str]]
    titles: list[str]  # title rows above the header


def _hits(cells: Sequence[str], vocab: Vocabulary) -> dict[int, str]:
    return {i: f for i, c in enumerate(cells) if c and (f := vocab.field_for(c))}


def _header_like(cells: Sequence[str], other: Sequence[str], vocab: Vocabulary, *, below: bool = False) -> bool:
    """Whether a row next to the header row is part of the header.

    Every non-empty cell must be a vocabulary header, repeat the cell of the
    other header row (a vertically merged header), or, for a row below the
    header, be a short sub-header under a horizontally merged group header.
    """
    def grouped(i: int) -> bool:
        up = other[i] if i < len(other) else ""
        return bool(up) and ((i > 0 and other[i - 1] == up) or (i + 1 < len(other) and other[i + 1] == up))

    return any(cells) and all(
        not c
        or vocab.field_for(c) is not None
        or (i < len(other) and c == other[i])
        or (below and len(c) <= 12 and grouped(i))
        for i, c in enumerate(cells)
    )


def _column_letter(i: int) -> str:
    out = ""
    n = i + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def detect_header(sheet: Sheet, vocab: Vocabulary) -> Header | None:
    """The header of a sheet: the row (among the first 10 non-empty) with the most vocabulary hits."""
    candidates = [i for i, (_, cells) in enumerate(sheet.rows) if any(cells)][:HEADER_SEARCH_ROWS]
    best: int | None = None
    best_hits: dict[int, str] = {}
    for i in candidates:
        hits = _hits(sheet.rows[i][1], vocab)
        if len(set(hits.values())) > len(set(best_hits.values())):
            best, best_hits = i, hits
    if best is None:
        return None
    fields = set(best_hits.values())
    if "name" not in fields and not _two_row_has_name(sheet, best, vocab):
        return None
    if len(fields) < 2 and len([c for c in sheet.rows[best][1] if c]) > 2:
        return None

    rows = [best]
    upper: Sequence[str] = ()
    lower: Sequence[str] = sheet.rows[best][1]
    nxt = sheet.rows[best + 1][1] if best + 1 < len(sheet.rows) else []
    if nxt and nxt != lower and _header_like(nxt, lower, vocab, below=True):
        upper, lower = lower, sheet.rows[best + 1][1]
        rows.append(best + 1)
    elif best > 0 and _header_like(sheet.rows[best - 1][1], lower, vocab) and sheet.rows[best - 1][1] != lower:
        upper = sheet.rows[best - 1][1]
        rows.insert(0, best - 1)

    columns: dict[int, str] = {}
    labels: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    pending: list[tuple[int, str, str]] = []  # sub-header not in the vocabulary: (column, label, group)
    for i in range(max(len(lower), len(upper))):
        low = lower[i] if i < len(lower) else ""
        up = upper[i] if i < len(upper) else ""
        label = f"{up}/{low}" if up and low and up != low else (low or up)
        if not label:
            continue
        fld = (vocab.field_for(low) if low else None) or (vocab.field_for(up + low) if up else None)
        if fld is None and up and (not low or low == up):
            fld = vocab.field_for(up)
        if fld is None and up and low:
            pending.append((i, label, up))
            continue
        if fld is None:
            unknown.append((i, label))
            continue
        columns[i] = fld
        labels[i] = label
    # an unknown sub-header takes its group's field only when no sibling already names that field
    for i, label, up in pending:
        group_field = vocab.field_for(up)
        if group_field is not None and group_field not in columns.values():
            columns[i] = group_field
            labels[i] = label
        else:
            unknown.append((i, label))
    unknown.sort()
    titles: list[str] = []
    for j in range(min(rows)):
        texts = list(dict.fromkeys(c for c in sheet.rows[j][1] if c))
        if len(texts) == 1 and not _NOT_A_TITLE_RE.match(texts[0]):
            titles.append(texts[0])
    return Header(tuple(rows), columns, labels, unknown, titles)


def _two_row_has_name(sheet: Sheet, best: int, vocab: Vocabulary) -> bool:
    for j in (best - 1, best + 1):
        if 0 <= j < len(sheet.rows) and "name" in _hits(sheet.rows[j][1], vocab).values():
            return True
    return False


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


# --------------------------------------------------------------------------
# basis cells → links
# --------------------------------------------------------------------------


def citation_text(title: str, c: Citation) -> str:
    """A self-contained citation: 《title》 plus the article label (resolution re-parses it)."""
    assert c.article is not None
    pid = ProvisionId("x", None, c.article, c.suffix or 0, c.paragraph, c.item,
                      c.subitem if c.item is not None else None)
    return render_citation(pid, title)


def _segments(text: str, default: BasisRole) -> list[tuple[int, BasisRole]]:
    """(start offset, role) of each labelled part of a basis cell; one segment when unlabelled."""
    marks = [(m.start(), _LABEL_ROLE[m.group(1) or m.group(2)]) for m in _LABEL_RE.finditer(text)]
    if not marks:
        return [(0, default)]
    if marks[0][0] > 0:
        marks.insert(0, (0, default))
    return marks


def _role_at(segments: list[tuple[int, BasisRole]], pos: int) -> BasisRole:
    role = segments[0][1]
    for start, r in segments:
        if start <= pos:
            role = r
    return role


@dataclass
class _BasisResult:
    links: list[BasisLink]
    cells: int = 0  # non-empty basis cells
    parsed: int = 0  # cells in which at least one article citation was found
    found: int = 0  # article citations found (before dropping excluded ones and duplicates)


def basis_links(
    cells: Sequence[tuple[BasisRole, str]],
    default_title: str | None = None,
    *,
    exclude_articles: frozenset[tuple[int, int]] = frozenset(),
) -> _BasisResult:
    """Links for the basis cells of one row, as (column role, text) pairs.

    Citations without a title take ``default_title`` (the row's 法规规章)
    when there is one, else the title cited before them in the same cell;
    internal citations (本法 / 本条例) take ``default_title`` only.  Citations of an article in
    ``exclude_articles`` ((article, suffix)) are left out.
    """
    result = _BasisResult([])
    seen: set[tuple[BasisRole, str]] = set()
    for column_role, text in cells:
        if not text.strip():
            continue
        result.cells += 1
        segments = _segments(text, column_role)
        found = False
        last_title: str | None = None
        for c in parse_citations(text):
            if c.title:
                last_title = c.title
            if c.article is None:
                continue
            found = True
            result.found += 1
            if (c.article, c.suffix or 0) in exclude_articles:
                continue
            role = _role_at(segments, c.start)
            title = c.title or default_title or (None if c.internal else last_title)
            if title:
                link = BasisLink(role, citation_text(title, c), Resolution.UNPARSED)
            else:
                why = ("引文为“本法/本条例”等内部引用，目录未写明所指法规" if c.internal
                       else "引文未写明法律法规名称")
                link = BasisLink(role, c.raw, Resolution.UNPARSED, reason=why)
            if (link.role, link.citation) not in seen:
                seen.add((link.role, link.citation))
                result.links.append(link)
        if found:
            result.parsed += 1
        else:
            snippet = text.strip().replace("\n", " ")
            titles = list(dict.fromkeys(_TITLE_RE.findall(text)))
            reason = (f"只写明了{'、'.join(titles[:3])}，未写明第几条" if titles
                      else "未能从依据文字中识别出条文引用（需写明法规名称和第几条）")
            result.links.append(BasisLink(column_role, snippet[:200], Resolution.UNPARSED, reason=reason))
    return result


# --------------------------------------------------------------------------
# assembling the catalog
# --------------------------------------------------------------------------


def catalog_key_for(doc_number: str | None, filename: str) -> str:
    """A stable catalog key: the document number, else the file stem.

    >>> catalog_key_for("柯政办发〔2022〕15号", "x.xlsx"), catalog_key_for(None, "目录 2022/v1.xlsx")
    ('柯政办发〔2022〕15号', 'v1')

    The key names the catalog's folder in the data directory too, so it is
    never ``.`` or ``..`` and holds no separator (see kg.safenames).

    >>> catalog_key_for("..", "x.csv").startswith("catalog-"), catalog_key_for(None, "...csv").startswith("catalog-")
    (True, True)
    """
    base = doc_number or Path(filename).stem
    key = re.sub(r"[\s/#@]+", "", unicodedata.normalize("NFKC", base))
    return safe_component(key) if key else "catalog"


def _scope_phrases(text: str, vocab: Vocabulary) -> list[str]:
    return [m.group(1).strip().rstrip("。.") for m in _PAREN_RE.finditer(text)
            if any(w in m.group(1) for w in vocab.scope_markers)]


def _split_townships(text: str) -> list[str]:
    return [t for t in (normalize_name(x) for x in _SPLIT_TOWNSHIPS_RE.split(text)) if t]


class _Builder:
    """Turns rows into items, holdings, departments and townships; checks conflicts."""

    def __init__(self, ctx: _Context, catalog: Catalog, multi: bool) -> None:
        self.ctx = ctx
        self.catalog = catalog
        self.multi = multi
        self.items: list[PenaltyItem] = []
        self.holdings: list[Holding] = []
        self.departments: dict[str, Department] = {}
        self.townships: dict[str, Township] = {}
        self._keys: set[str] = set()
        self._by_code: dict[str, list[tuple[_Row, str | None]]] = {}
        self._by_name: dict[str, list[tuple[_Row, str | None]]] = {}

    def rowref(self, r: _Row) -> str:
        return f"{r.sheet}!{r.row}" if self.multi and r.sheet else str(r.row)

    def where(self, r: _Row) -> str:
        return (f"工作表「{r.sheet}」" if r.sheet else "") + f"第{r.row}行"

    def department(self, name: str | None) -> str | None:
        if not name:
            return None
        key = normalize_name(name)
        self.departments.setdefault(key, Department(key, name.strip(), self.catalog.region))
        return key

    def township(self, name: str) -> str:
        key = normalize_name(name)
        self.townships.setdefault(key, Township(key, name.strip(), self.catalog.region))
        return key

    def add(
        self,
        r: _Row,
        *,
        name: str,
        code: str | None,
        department: str | None,
        townships: Sequence[str],
        scope_note: str | None,
        authority: AuthoritySource,
        basis_text: str,
        basis: Sequence[BasisLink],
    ) -> PenaltyItem:
        ident = code or self.rowref(r)
        key = f"{self.catalog.key}#{ident}"
        if key in self._keys:
            key = f"{self.catalog.key}#{ident}@{self.rowref(r)}"
            self.ctx.diag("CATALOG_DUPLICATE_CODE", f"事项编码“{code}”与前面的行重复，本行以行号区分",
                          sheet=r.sheet, row=r.row, severity="warning")
        self._keys.add(key)
        dept_key = self.department(department)
        town_keys = tuple(dict.fromkeys(self.township(t) for t in townships))
        source = SourceRef(self.ctx.filename, r.sheet, r.row)
        item = PenaltyItem(
            key=key, catalog_key=self.catalog.key, name=name, code=code, power_type=r.power_type,
            domain=r.domain, department=dept_key, scope_note=scope_note, basis_text=basis_text,
            basis=tuple(basis), townships=town_keys, source=source, discretion=tuple(r.discretion),
        )
        self.items.append(item)
        for t in town_keys:
            self.holdings.append(Holding(
                township=t, item=key, source=authority, catalog=self.catalog.key,
                valid_from=self.catalog.effective, scope_note=scope_note, provenance=source,
            ))
        self._check_conflict(r, code, name, dept_key, department)
        return item

    def _check_conflict(self, r: _Row, code: str | None, name: str, dept_key: str | None, dept: str | None) -> None:
        reported: set[int] = set()
        groups = [(self._by_name, normalize_name(name), "名称")]
        if code:
            groups.insert(0, (self._by_code, code, "编码"))
        for index, k, what in groups:
            for other, other_dept in index.get(k, []):
                other_key = normalize_name(other_dept) if other_dept else None
                if id(other) in reported or dept_key is None or other_key is None or other_key == dept_key:
                    continue
                reported.add(id(other))
                self.ctx.diag(
                    "CATALOG_CONFLICTING_DEPARTMENT",
                    f"同一事项（相同{what}“{k[:60]}”）在{self.where(other)}属“{other_dept}”，"
                    f"在{self.where(r)}属“{dept}”，两行均已导入，请核实主管部门",
                    sheet=r.sheet, row=r.row, severity="warning",
                )
            index.setdefault(k, []).append((r, dept))


def _authority_of(note: str) -> AuthoritySource | None:
    t = normalize_header(note)
    for a in AuthoritySource:
        if t == a.value or t == f"{a.value}实施":
            return a
    return None


def _build_from_rows(ctx: _Context, builder: _Builder, rows: Sequence[_Row], has_basis_columns: bool,
                     has_township_column: bool, has_department_column: bool) -> None:
    meta = ctx.meta
    vocab = ctx.vocab
    default_authority = builder.catalog.authority
    for r in rows:
        v = r.values
        name = v["name"].strip()
        note = v.get("note", "").strip()
        row_authority = _authority_of(note) if note else None
        scope = _scope_phrases(name, vocab)
        if note and row_authority is None:
            scope.insert(0, note)
        scope_note = "；".join(dict.fromkeys(scope)) or None

        cells = [(role, v[f]) for f, role in _BASIS_FIELDS.items() if v.get(f)]
        res = basis_links(cells, _one_line(v.get("statute", "")).strip("《》") or None)
        ctx.stats["cells_with_basis"] += res.cells
        ctx.stats["cells_parsed"] += res.parsed
        links = res.links
        ctx.stats["citations_found"] += res.found
        if not links:
            why = "本行法律依据栏为空" if has_basis_columns else "目录未列出法律依据"
            links = [BasisLink(BasisRole.SETTING, "", Resolution.NO_BASIS, reason=why)]
        basis_text = "\n".join(t for _, t in cells)

        department = _one_line(v.get("department", "")) or meta.department
        if has_department_column and not v.get("department"):
            ctx.diag("CATALOG_ROW_NO_DEPARTMENT",
                     "本行没有主管部门" + (f"，按元数据默认为“{meta.department}”" if meta.department else "，事项已导入但无主管部门"),
                     sheet=r.sheet, row=r.row, severity="warning")

        towns_text = v.get("townships", "")
        townships = _split_townships(towns_text) if towns_text else list(meta.townships)
        if towns_text and any(_GENERIC_TOWNSHIPS_RE.match(t) for t in townships):
            if meta.townships:
                townships = list(meta.townships)
            else:
                ctx.diag("CATALOG_TOWNSHIPS_UNSPECIFIED",
                         f"承接乡镇写作“{towns_text[:40]}”，未列出具体乡镇，且元数据未给出乡镇名单，本行不生成承接关系",
                         sheet=r.sheet, row=r.row, severity="warning")
                townships = []
        builder.add(r, name=name, code=v.get("code") or None, department=department, townships=townships,
                    scope_note=scope_note, authority=row_authority or default_authority,
                    basis_text=basis_text, basis=links)
    if not has_township_column and not meta.townships and rows:
        ctx.diag("CATALOG_NO_TOWNSHIPS", "目录没有承接乡镇列，元数据也未给出乡镇名单，未生成承接关系",
                 severity="warning")
    if not has_department_column and not meta.department and rows:
        ctx.diag("CATALOG_NO_DEPARTMENT", "目录没有主管部门列，元数据也未给出默认部门，事项无主管部门",
                 severity="warning")


def _catalog(ctx: _Context, filename: str, *, title: str | None = None, issuer: str | None = None,
             doc_number: str | None = None, published: date | None = None, effective: date | None = None,
             kind: str = "赋权目录") -> Catalog:
    meta = ctx.meta
    return Catalog(
        key=ctx.catalog_key,
        title=meta.title or title or Path(filename).stem,
        issuer=meta.issuer or issuer,
        doc_number=meta.doc_number or doc_number,
        published=meta.published or published,
        effective=meta.effective or effective,
        region=meta.region,
        authority=AuthoritySource(meta.authority),
        source=filename,
        kind=kind,
    )


def _finish(ctx: _Context, catalog: Catalog, builder: _Builder | None) -> ParsedCatalog:
    if builder is None:
        return ParsedCatalog(catalog, [], [], [], [], ctx.diagnostics, ctx.stats)
    ctx.stats["items"] = len(builder.items)
    return ParsedCatalog(catalog, builder.items, builder.holdings, list(builder.departments.values()),
                         list(builder.townships.values()), ctx.diagnostics, ctx.stats)


def _read_tables(ctx: _Context, sheets: list[Sheet], filename: str) -> ParsedCatalog:
    vocab = ctx.vocab
    headers: list[tuple[Sheet, Header]] = []
    missing: list[Sheet] = []
    for sheet in sheets:
        if not sheet.rows:
            continue
        header = detect_header(sheet, vocab)
        if header is None:
            missing.append(sheet)
        else:
            headers.append((sheet, header))
    ctx.stats["sheets"] = len(headers)
    if not headers:
        if not any(s.rows for s in sheets):
            ctx.diag("CATALOG_EMPTY", "文件中没有任何内容")
        for sheet in missing:
            ctx.diag("CATALOG_NO_HEADER",
                     "前 10 行中找不到可识别的表头（至少需要“事项名称”等列名），该表未导入",
                     sheet=sheet.name)
        return _finish(ctx, _catalog(ctx, filename), None)
    for sheet in missing:
        ctx.diag("CATALOG_WRONG_SHEET", "该工作表找不到可识别的表头，不是事项清单，已跳过",
                 sheet=sheet.name, severity="warning")
    multi = len(headers) > 1
    rows: list[_Row] = []
    for sheet, header in headers:
        _parse_sheet(ctx, sheet, header, rows)
    fields = {f for _, h in headers for f in h.columns.values()}
    title = next((t for _, h in headers for t in h.titles), None)
    kind = "裁量基准" if fields & _DISCRETION_FIELDS else "赋权目录"
    catalog = _catalog(ctx, filename, title=title, kind=kind)
    builder = _Builder(ctx, catalog, multi)
    _build_from_rows(ctx, builder, rows, bool(fields & set(_BASIS_FIELDS)), "townships" in fields,
                     "department" in fields)
    return _finish(ctx, catalog, builder)


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


def _read_json(ctx: _Context, data: bytes, filename: str) -> ParsedCatalog:
    text, _ = decode_text(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Reject("CATALOG_BAD_JSON", f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") from None
    if isinstance(doc, dict) and isinstance(doc.get("items"), list) and any(
        isinstance(i, dict) and "违法行为" in i for i in doc["items"]
    ):
        return _read_discretion_standard(ctx, doc, filename)
    records = doc.get("items") if isinstance(doc, dict) else doc
    if isinstance(records, list) and records and all(isinstance(r, dict) for r in records):
        return _read_tables(ctx, [_records_sheet(records)], filename)
    raise _Reject("CATALOG_UNKNOWN_JSON",
                  "JSON 结构无法识别：应为事项对象数组，或含 metadata 与 items 的裁量基准")


# --------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------


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
