"""Assembling the catalog: items, departments, townships and holdings from the rows of its sheets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from ingest.catalogs.basis import basis_links
from ingest.catalogs.grid import Sheet
from ingest.catalogs.headers import Header, detect_header
from ingest.catalogs.meta import ENFORCEMENT_LIST, PROVINCE_LIST, ParsedCatalog
from ingest.catalogs.region import infer_region
from ingest.catalogs.rows import _Context, _one_line, _parse_sheet, _Row
from ingest.catalogs.vocabulary import (
    _BASIS_FIELDS,
    _DISCRETION_FIELDS,
    _GENERIC_TOWNSHIPS_RE,
    _PAREN_RE,
    _SPLIT_TOWNSHIPS_RE,
    Vocabulary,
    normalize_header,
    normalize_name,
)
from kg.model import (
    AuthoritySource,
    BasisLink,
    BasisRole,
    Catalog,
    Department,
    Holding,
    PenaltyItem,
    Resolution,
    SourceRef,
    Township,
)
from kg.safenames import safe_component

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
        # a province list or a 综合行政执法 catalog gives no township anything: it lists powers, not holders
        for t in town_keys if self.catalog.kind not in (PROVINCE_LIST, ENFORCEMENT_LIST) else ():
            self.holdings.append(Holding(
                township=t, item=key, source=authority, catalog=self.catalog.key,
                valid_from=self.catalog.effective, valid_to=self.catalog.valid_to, scope_note=scope_note,
                provenance=source,
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
        kind=meta.kind or kind,
        valid_to=meta.valid_to,
        enforcement_body=meta.enforcement_body,
    )


def _finish(ctx: _Context, catalog: Catalog, builder: _Builder | None) -> ParsedCatalog:
    if builder is None:
        return ParsedCatalog(catalog, [], [], [], [], ctx.diagnostics, ctx.stats)
    ctx.stats["items"] = len(builder.items)
    departments, townships = list(builder.departments.values()), list(builder.townships.values())
    if catalog.region is None:
        catalog = _with_inferred_region(ctx, catalog, [d.name for d in departments])
        departments = [replace(d, region=d.region or catalog.region) for d in departments]
        townships = [replace(t, region=t.region or catalog.region) for t in townships]
    return ParsedCatalog(catalog, builder.items, builder.holdings, departments, townships, ctx.diagnostics,
                         ctx.stats)


def _with_inferred_region(ctx: _Context, catalog: Catalog, department_names: list[str]) -> Catalog:
    """A catalog without a region in its metadata: the place its issuer, title or departments name."""
    found = infer_region([catalog.issuer, catalog.title, catalog.enforcement_body, *department_names])
    if found is None:
        ctx.diag("CATALOG_REGION_UNKNOWN", "目录未写明地区（元数据 region），发文机关、标题和部门名称中也读不出地区；"
                 "检索时不会按地区筛选该目录的事项，请在元数据中写明 region", severity="warning")
        return catalog
    region, source = found
    ctx.diag("CATALOG_REGION_INFERRED", f"目录未写明地区（元数据 region），按「{source}」推定为{region}；"
             "如不对，请在元数据中写明 region", severity="warning")
    return replace(catalog, region=region, region_basis=f"推定自：{source}")


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


