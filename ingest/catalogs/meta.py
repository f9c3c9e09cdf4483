"""What a catalog file does not say about itself (``CatalogMeta``, the sidecar YAML) and what reading it gives
(``ParsedCatalog``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ingest.catalogs.vocabulary import _SPLIT_TOWNSHIPS_RE, DEFAULT_COUNTY_RESERVED
from kg.errors import InvalidInput
from kg.model import (
    AuthoritySource,
    Catalog,
    Department,
    Diagnostic,
    Holding,
    PenaltyItem,
    PowerType,
    Township,
)

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


PROVINCE_LIST = "省级指导目录"
ENFORCEMENT_LIST = "综合行政执法目录"
#: ``kind`` values a sidecar may give (English or Chinese) -> Catalog.kind
CATALOG_KINDS: dict[str, str] = {
    "province_list": PROVINCE_LIST, PROVINCE_LIST: PROVINCE_LIST, "省级统一目录": PROVINCE_LIST,
    "enforcement_list": ENFORCEMENT_LIST, ENFORCEMENT_LIST: ENFORCEMENT_LIST,
    "delegation_list": "赋权目录", "赋权目录": "赋权目录",
}


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
    # what the catalog is: a county's 赋权/委托 list (default), a province-approved 指导目录 / 统一目录
    # (``province_list``), or a 综合行政执法 catalog (``enforcement_list``, 行政处罚法 art. 18) whose
    # ``enforcement_body`` takes over the listed departments' penalty powers
    kind: str | None = None
    enforcement_body: str | None = None
    valid_to: date | None = None  # end of the term (委托书的期限), when stated

    def __post_init__(self) -> None:
        def put(key: str, value: Any) -> None:  # the dataclass is frozen
            object.__setattr__(self, key, value)

        for key in ("title", "issuer", "doc_number", "region", "department", "domain", "power_type"):
            put(key, _meta_str(getattr(self, key), key))
        put("enforcement_body", _meta_str(self.enforcement_body, "enforcement_body"))
        raw_kind = _meta_str(self.kind, "kind")
        if raw_kind is not None and raw_kind not in CATALOG_KINDS:
            raise _meta_error(f"kind 应为 {'、'.join(sorted(set(CATALOG_KINDS)))} 之一，实为“{raw_kind}”")
        put("kind", CATALOG_KINDS[raw_kind] if raw_kind else None)
        put("valid_to", _meta_date(self.valid_to, "valid_to"))
        if self.kind == ENFORCEMENT_LIST and not self.enforcement_body:
            raise _meta_error("综合行政执法目录（kind: enforcement_list）须写明 enforcement_body（综合行政执法部门）")
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


