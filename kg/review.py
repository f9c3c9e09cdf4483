"""Review requirements of a penalty item: hearing, legal review, county-reserved.

Derived from the sanctions of the item's 罚则 provisions and the rules of the
Administrative Penalty Law (行政处罚法, 2021):

- art. 63: a party may ask for a hearing before 较大数额罚款, 没收较大数额违法所得 /
  较大价值非法财物, 降低资质等级, 吊销许可证件, 责令停产停业, 责令关闭, 限制从业;
- art. 58: legal review (法制审核) before deciding cases that went through a
  hearing, and cases of major public interest or that are complex;
- delegation plans keep "major" decisions with the county (the catalog's
  ``county_reserved`` list).

The amount that is "large" is data (``ontologies/hearing_thresholds.yaml``),
with its source.  Everything here is a pure function except
:func:`load_thresholds`, which reads that file.

>>> from datetime import date
>>> from kg.model import Provision, ProvisionId, Sanction, SanctionKind
>>> art64 = Provision(ProvisionId("城乡规划法", date(2019, 4, 23), 64), "…",
...     sanctions=(Sanction(SanctionKind.FINE, "处建设工程造价百分之五以上百分之十以下的罚款",
...                         min_multiple=0.05, max_multiple=0.1, multiple_base="建设工程造价"),))
>>> [r.kind.value for r in derive_review([art64], DEFAULT_THRESHOLDS, ())]
['听证', '法制审核']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InvalidInput
from kg.model import Paragraph, Provision, ProvisionId, ReviewKind, ReviewRequirement, Sanction, SanctionKind

THRESHOLDS_FILE = Path(__file__).resolve().parents[1] / "ontologies" / "hearing_thresholds.yaml"

LARGE_FINE = "较大数额罚款"
DEFAULT_COUNTY_RESERVED: tuple[str, ...] = ("责令停产停业", "吊销许可证件", LARGE_FINE)

_ART63 = "《行政处罚法》第六十三条第一款"
_ART58 = "《行政处罚法》第五十八条第一款"

# art. 63(1) items (3) and (4): sanctions that give a hearing right whatever the amount
_HEARING_KINDS: dict[SanctionKind, str] = {
    SanctionKind.LOWER_QUALIFICATION: "第（三）项",
    SanctionKind.REVOKE_LICENCE: "第（三）项",
    SanctionKind.SUSPEND_BUSINESS: "第（四）项",
    SanctionKind.CLOSE: "第（四）项",
    SanctionKind.RESTRICT_PRACTICE: "第（四）项",
}
_CONFISCATION = {SanctionKind.CONFISCATE_GAINS, SanctionKind.CONFISCATE_PROPERTY}

# Words used in catalogs for the reserved kinds → the sanction kinds they mean
_RESERVED_ALIASES: dict[str, tuple[SanctionKind, ...]] = {
    "吊销许可证或执照": (SanctionKind.REVOKE_LICENCE,),
    "吊销许可证或者执照": (SanctionKind.REVOKE_LICENCE,),
    "吊销许可证": (SanctionKind.REVOKE_LICENCE,),
    "吊销营业执照": (SanctionKind.REVOKE_LICENCE,),
    "吊销执照": (SanctionKind.REVOKE_LICENCE,),
    "责令停业": (SanctionKind.SUSPEND_BUSINESS,),
    "停产停业": (SanctionKind.SUSPEND_BUSINESS,),
    "没收较大数额违法所得": (SanctionKind.CONFISCATE_GAINS,),
}


@dataclass(frozen=True)
class HearingThresholds:
    """The 较大数额罚款 figures of one province (or sector), in yuan, with their source."""

    region: str
    individual: float
    organisation: float
    source: str
    verified: bool = False
    note: str = ""

    @property
    def lowest(self) -> float:
        return min(self.individual, self.organisation)

    def describe(self) -> str:
        flag = "" if self.verified else "，数额未经核实"
        return f"{self.region}较大数额罚款标准：个人{_yuan(self.individual)}、单位{_yuan(self.organisation)}（{self.source}{flag}）"


DEFAULT_THRESHOLDS = HearingThresholds(
    region="默认", individual=10_000, organisation=100_000,
    source="工作默认值（非法定标准）", verified=False,
)


def _yuan(amount: float) -> str:
    """Format an amount in yuan the way rules write it.

    >>> _yuan(10000), _yuan(5000), _yuan(2500.5), _yuan(1500000)
    ('1万元', '5000元', '2500.5元', '150万元')
    """
    if amount >= 10_000 and amount % 10_000 == 0:
        return f"{int(amount // 10_000)}万元"
    return f"{int(amount)}元" if amount == int(amount) else f"{amount}元"


# --------------------------------------------------------------------------
# thresholds
# --------------------------------------------------------------------------


def _entry(region: str, raw: Any, where: str) -> HearingThresholds:
    if not isinstance(raw, dict):
        raise InvalidInput(f"听证数额配置 {where} 格式错误：应为映射", code="THRESHOLDS_INVALID")
    try:
        individual = float(raw["individual"])
        organisation = float(raw["organisation"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(
            f"听证数额配置 {where} 缺少或写错 individual / organisation 数额：{exc}", code="THRESHOLDS_INVALID"
        ) from exc
    source = str(raw.get("source") or "").strip()
    if not source:
        raise InvalidInput(f"听证数额配置 {where} 没有写明来源（source）", code="THRESHOLDS_INVALID")
    return HearingThresholds(
        region=region, individual=individual, organisation=organisation, source=source,
        verified=bool(raw.get("verified", False)), note=str(raw.get("note") or "").strip(),
    )


def parse_thresholds(data: Any, province: str | None, sector: str | None = None) -> HearingThresholds:
    """Pick the entry for ``province`` (a prefix of a region) or ``sector`` from the parsed YAML."""
    if not isinstance(data, dict) or "default" not in data:
        raise InvalidInput("听证数额配置缺少 default 条目", code="THRESHOLDS_INVALID")
    if sector:
        sectors = data.get("sectors") or {}
        if sector not in sectors:
            raise InvalidInput(f"听证数额配置中没有行业“{sector}”", code="THRESHOLDS_INVALID")
        return _entry(sector, sectors[sector], f"sectors.{sector}")
    if province:
        wanted = province.strip()
        for name, raw in (data.get("provinces") or {}).items():
            short = str(name).rstrip("省市")
            if wanted.startswith(str(name)) or (short and wanted.startswith(short)):
                return _entry(str(name), raw, f"provinces.{name}")
    return _entry("默认", data["default"], "default")


@cache
def _thresholds_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_thresholds(
    province: str | None, *, sector: str | None = None, path: Path = THRESHOLDS_FILE
) -> HearingThresholds:
    """The 较大数额罚款 figures for a province or region ("浙江省衢州市柯城区" → 浙江省).

    Falls back to the working default (marked unverified) when the province
    has no entry.

    >>> load_thresholds("浙江省衢州市柯城区").region
    '浙江省'
    >>> t = load_thresholds("西藏自治区")
    >>> t.region, t.individual, t.verified
    ('默认', 10000.0, False)
    >>> load_thresholds(None, sector="公安").verified
    True
    """
    return parse_thresholds(_thresholds_yaml(path), province, sector)


# --------------------------------------------------------------------------
# derivation
# --------------------------------------------------------------------------


def _where(p: Provision, pid: ProvisionId | None = None) -> str:
    label = pid.label if pid is not None and pid.article_id() == p.id.article_id() else p.id.article_label
    return f"《{p.id.statute}》{label}"


def sanctions_in_part(provision: Provision, pid: ProvisionId | None) -> tuple[Sanction, ...]:
    """The sanctions of the cited 款 / 项 of a penalty article.

    A sanction belongs to the part when its text occurs in the paragraph's
    lead-in or in the cited item (the lead-in of "有下列行为之一的，…处…罚款"
    applies to every item).  When nothing matches (texts written
    differently), all the article's sanctions are kept: more requirements,
    never fewer.

    >>> from datetime import date
    >>> from kg.model import Item
    >>> art = Provision(ProvisionId("大气污染防治法", None, 118), "…", (
    ...     Paragraph("…责令改正，处五千元以上五万元以下的罚款；拒不改正的，责令停业整治。"),
    ...     Paragraph("…责令改正，没收烧烤工具和违法所得，并处五百元以上二万元以下的罚款。")),
    ...     sanctions=(Sanction(SanctionKind.FINE, "处五千元以上五万元以下的罚款", 5000, 50000),
    ...                Sanction(SanctionKind.SUSPEND_BUSINESS, "责令停业"),
    ...                Sanction(SanctionKind.FINE, "处五百元以上二万元以下的罚款", 500, 20000)))
    >>> [s.text for s in sanctions_in_part(art, ProvisionId("大气污染防治法", None, 118, paragraph=2))]
    ['处五百元以上二万元以下的罚款']
    >>> len(sanctions_in_part(art, None))
    3
    """
    if pid is None or (pid.paragraph is None and pid.item is None):
        return provision.sanctions
    paragraphs = provision.paragraphs or (Paragraph(provision.text),)
    if pid.paragraph is not None:
        if pid.paragraph > len(paragraphs):
            return provision.sanctions
        para = paragraphs[pid.paragraph - 1]
    else:
        para = next((p for p in paragraphs if p.items), paragraphs[0])
    texts = [para.text, *(i.text for i in para.items if pid.item is None or i.number == pid.item)]
    chosen = tuple(s for s in provision.sanctions if any(s.text and s.text in t for t in texts))
    return chosen or provision.sanctions


def _fine_reason(s: Sanction, where: str, t: HearingThresholds) -> str | None:
    """Why a fine may count as 较大数额, or None when it cannot."""
    if s.max_amount is not None:
        # a fine written for one kind of party ("对单位处…", "对个人处…") is compared with that figure only
        parties = [("个人", t.individual), ("单位", t.organisation)]
        if any(w in s.text for w in ("对单位", "对法人", "对其他组织")):
            parties = parties[1:]
        elif any(w in s.text for w in ("对个人", "对公民", "对自然人")):
            parties = parties[:1]
        reached = [who for who, limit in parties if s.max_amount >= limit]
        if not reached:
            return None
        reach = f"达到对{'和对'.join(reached)}的较大数额标准"
        return (
            f"{where}规定的罚款最高{_yuan(s.max_amount)}，{reach}；"
            f"拟处罚款达到该数额时属{_ART63}第（一）项“较大数额罚款”。{t.describe()}"
        )
    if s.max_multiple is not None or s.min_multiple is not None:
        base = s.multiple_base or "计罚基数"
        return (
            f"{where}规定按{base}的倍数或比例计算罚款，没有数额上限，实际罚款可能达到较大数额；"
            f"达到时属{_ART63}第（一）项“较大数额罚款”，须按实际数额判断。{t.describe()}"
        )
    if s.min_amount is not None:
        return (
            f"{where}规定的罚款最低{_yuan(s.min_amount)}、没有上限，可能达到较大数额"
            f"（{_ART63}第（一）项），须按实际数额判断。{t.describe()}"
        )
    return (
        f"{where}规定罚款但未写明数额幅度，无法排除较大数额罚款（{_ART63}第（一）项），"
        f"须按实际数额判断。{t.describe()}"
    )


def _is_large_fine(s: Sanction, t: HearingThresholds) -> bool:
    return s.kind is SanctionKind.FINE and _fine_reason(s, "", t) is not None


def _reserved_kinds(county_reserved: Sequence[str]) -> tuple[set[SanctionKind], bool, list[str]]:
    """Sanction kinds the county keeps, whether large fines are kept, and unknown entries."""
    kinds: set[SanctionKind] = set()
    large_fine = False
    unknown: list[str] = []
    by_value = {k.value: k for k in SanctionKind}
    for raw in county_reserved:
        word = raw.strip()
        if word == LARGE_FINE:
            large_fine = True
        elif word in by_value:
            kinds.add(by_value[word])
        elif word in _RESERVED_ALIASES:
            kinds.update(_RESERVED_ALIASES[word])
        elif word:
            unknown.append(word)
    return kinds, large_fine, unknown


def derive_review(
    penalty_provisions: Sequence[Provision],
    thresholds: HearingThresholds,
    county_reserved: Sequence[str] = DEFAULT_COUNTY_RESERVED,
    *,
    cited: Sequence[ProvisionId | None] | None = None,
) -> tuple[ReviewRequirement, ...]:
    """Hearing, legal-review and county-reserved requirements of an item's 罚则 provisions.

    ``cited``, parallel to ``penalty_provisions``, gives the 款 / 项 the
    catalog cites in each article: only the sanctions of that part count
    (:func:`sanctions_in_part`), so 第一百一十八条第三款 does not inherit the
    closure of 第二款.  Without it every sanction of the article counts.

    Returns hearing requirements first (one per triggering sanction), then at
    most one legal-review requirement, then the county-reserved ones.  An item
    whose 罚则 allow only small fines or warnings gets ``()``.  Entries of
    ``county_reserved`` that name no known sanction kind are ignored.
    """
    hearing: list[str] = []
    reserved: list[str] = []
    reserved_kinds, reserve_large_fine, _ = _reserved_kinds(county_reserved)
    parts = list(cited) if cited is not None else []
    sanctions_by_provision: list[tuple[Provision, tuple[Sanction, ...]]] = []
    for n, p in enumerate(penalty_provisions):
        pid = parts[n] if n < len(parts) else None
        where = _where(p, pid)
        chosen = sanctions_in_part(p, pid)
        sanctions_by_provision.append((p, chosen))
        for s in chosen:
            if s.kind is SanctionKind.FINE:
                reason = _fine_reason(s, where, thresholds)
                if reason:
                    hearing.append(reason)
                    if reserve_large_fine:
                        reserved.append(
                            f"{where}规定的罚款可能达到较大数额；本目录将“{LARGE_FINE}”保留由县级部门办理，"
                            f"达到较大数额的案件应移交县级部门。"
                        )
            elif s.kind in _CONFISCATION:
                hearing.append(
                    f"{where}规定{s.kind.value}；没收数额或价值较大时属{_ART63}第（二）项，"
                    f"须按实际数额判断（参照{thresholds.describe()}）。"
                )
            elif s.kind in _HEARING_KINDS:
                hearing.append(f"{where}规定“{s.kind.value}”，属{_ART63}{_HEARING_KINDS[s.kind]}，应告知听证权利。")
            if s.kind in reserved_kinds:
                reserved.append(f"{where}规定“{s.kind.value}”；本目录将其保留由县级部门办理。")

    out: list[ReviewRequirement] = [ReviewRequirement(ReviewKind.HEARING, r) for r in _unique(hearing)]
    if hearing:
        major = sorted({
            s.kind.value for _, chosen in sanctions_by_provision for s in chosen
            if s.kind in _HEARING_KINDS or _is_large_fine(s, thresholds)
        })
        extra = f"；涉及{'、'.join(major)}等较重处罚的，一般也属重大执法决定" if major else ""
        out.append(ReviewRequirement(
            ReviewKind.LEGAL_REVIEW,
            f"本事项可能适用听证程序，经过听证程序的案件在作出决定前须法制审核（{_ART58}第（二）项）{extra}。",
        ))
    out.extend(ReviewRequirement(ReviewKind.COUNTY_RESERVED, r) for r in _unique(reserved))
    return tuple(out)


def _unique(reasons: list[str]) -> list[str]:
    return list(dict.fromkeys(reasons))
