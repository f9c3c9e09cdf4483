"""Catalogs of powers: their items, basis links, discretion rules, the townships that hold them, review duties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.model.provision_id import ProvisionId
from kg.model.vocabulary import AuthoritySource, BasisRole, Duty, PowerType, Resolution, ReviewKind
from kg.validity import in_force


@dataclass(frozen=True)
class SourceRef:
    """Provenance of a record: file, sheet and 1-based row."""

    file: str
    sheet: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        return " ".join(parts)


@dataclass(frozen=True)
class Catalog:
    key: str
    title: str
    issuer: str | None = None
    doc_number: str | None = None
    published: date | None = None
    effective: date | None = None
    valid_to: date | None = None  # set when a later edition supersedes it
    region: str | None = None
    # where the region comes from when the catalog's metadata does not give it: the name it was read from
    # (发文机关, title or the departments' names), e.g. "推定自：深圳市龙华区城市管理和综合执法局"
    region_basis: str | None = None
    authority: AuthoritySource = AuthoritySource.DELEGATED
    source: str = ""
    kind: str = "赋权目录"  # or 裁量基准, 省级指导目录, 综合行政执法目录
    enforcement_body: str | None = None  # 综合行政执法目录: the body that takes over the penalty powers


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    region: str | None = None


@dataclass(frozen=True)
class Township:
    key: str
    name: str
    region: str | None = None


@dataclass(frozen=True)
class BasisLink:
    """An item's legal basis: a citation and how it resolved."""

    role: BasisRole
    citation: str  # the cited text as the catalog gives it
    status: Resolution
    provision: ProvisionId | None = None
    reason: str = ""
    score: float | None = None  # for suggestions


@dataclass(frozen=True)
class DiscretionRule:
    """One tier of a discretion standard (裁量基准)."""

    group: int
    order: int
    tier: str  # 情节轻微 / 较轻 / 较重 / 严重
    condition: str
    standard: str
    range_text: str = ""


@dataclass(frozen=True)
class PenaltyItem:
    """A power listed in a catalog (行政处罚事项 and its siblings)."""

    key: str
    catalog_key: str
    name: str
    code: str | None = None
    power_type: PowerType = PowerType.PENALTY
    domain: str | None = None
    department: str | None = None  # department key
    scope_note: str | None = None
    basis_text: str = ""
    basis: tuple[BasisLink, ...] = ()
    townships: tuple[str, ...] = ()  # township keys
    source: SourceRef = field(default_factory=lambda: SourceRef(""))
    discretion: tuple[DiscretionRule, ...] = ()


@dataclass(frozen=True)
class Holding:
    """Township → item: the township holds the power for a period."""

    township: str
    item: str
    source: AuthoritySource
    catalog: str | None
    valid_from: date | None
    valid_to: date | None = None
    scope_note: str | None = None
    provenance: SourceRef | None = None
    clause: str | None = None  # 法定: the statute's clause that names the township as deciding body

    def in_force(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class ReviewRequirement:
    """One reason why an item may need a review step; an item keeps every reason it has."""

    kind: ReviewKind
    reason: str
    status: Duty = Duty.DEPENDS  # required: every decision under the item; depends: some decisions
    rule: str = ""  # the article that sets the duty, e.g. 《行政处罚法》第六十三条第一款第（三）项
