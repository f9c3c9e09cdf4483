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
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.authority import PENALTY_KINDS, region_covers
from kg.errors import InvalidInput
from kg.model import (
    Duty,
    Paragraph,
    Provision,
    ProvisionId,
    ReviewKind,
    ReviewRequirement,
    Sanction,
    SanctionKind,
)

THRESHOLDS_FILE = Path(__file__).resolve().parents[1] / "ontologies" / "hearing_thresholds.yaml"
RULES_FILE = Path(__file__).resolve().parents[1] / "ontologies" / "review_rules.yaml"

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
    document: str = ""  # the rule that sets the figures, when known
    article: str = ""

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
        document=str(raw.get("document") or "").strip(), article=str(raw.get("article") or "").strip(),
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
    hearing: list[tuple[str, str, bool]] = []  # (reason, rule, certain: applies whenever the sanction is imposed)
    reserved: list[str] = []
    reserved_kinds, reserve_large_fine, _ = _reserved_kinds(county_reserved)
    parts = list(cited) if cited is not None else []
    sanctions_by_provision: list[tuple[Provision, tuple[Sanction, ...]]] = []
    every_decision_triggers = True  # every art. 9 sanction the item allows gives a hearing right
    for n, p in enumerate(penalty_provisions):
        pid = parts[n] if n < len(parts) else None
        where = _where(p, pid)
        chosen = sanctions_in_part(p, pid)
        sanctions_by_provision.append((p, chosen))
        for s in chosen:
            certain = False
            if s.kind is SanctionKind.FINE:
                reason = _fine_reason(s, where, thresholds)
                if reason:
                    # certain only against a figure read in its rule: an unverified 较大数额 may be higher
                    certain = thresholds.verified and s.min_amount is not None and s.min_amount >= thresholds.lowest
                    hearing.append((reason, f"{_ART63}第（一）项", certain))
                    if reserve_large_fine:
                        reserved.append(
                            f"{where}规定的罚款可能达到较大数额；本目录将“{LARGE_FINE}”保留由县级部门办理，"
                            f"达到较大数额的案件应移交县级部门。"
                        )
            elif s.kind in _CONFISCATION:
                why = (f"{where}规定{s.kind.value}；没收数额或价值较大时属{_ART63}第（二）项，"
                       f"须按实际数额判断（参照{thresholds.describe()}）。")
                hearing.append((why, f"{_ART63}第（二）项", False))
            elif s.kind in _HEARING_KINDS:
                certain = True
                why = f"{where}规定“{s.kind.value}”，属{_ART63}{_HEARING_KINDS[s.kind]}，拟作出该处罚的，应告知听证权利。"
                hearing.append((why, f"{_ART63}{_HEARING_KINDS[s.kind]}", True))
            if s.kind in PENALTY_KINDS and not certain:
                every_decision_triggers = False
            if s.kind in reserved_kinds:
                reserved.append(f"{where}规定“{s.kind.value}”；本目录将其保留由县级部门办理。")

    hearing_status = Duty.REQUIRED if hearing and every_decision_triggers else Duty.DEPENDS
    seen: set[str] = set()
    out: list[ReviewRequirement] = []
    for reason, rule, _certain in hearing:
        if reason not in seen:
            seen.add(reason)
            out.append(ReviewRequirement(ReviewKind.HEARING, reason, hearing_status, rule))
    if hearing:
        major = sorted({
            s.kind.value for _, chosen in sanctions_by_provision for s in chosen
            if s.kind in _HEARING_KINDS or _is_large_fine(s, thresholds)
        })
        extra = f"；涉及{'、'.join(major)}等较重处罚的，一般也属重大执法决定" if major else ""
        out.append(ReviewRequirement(
            ReviewKind.LEGAL_REVIEW,
            f"本事项可能适用听证程序，经过听证程序的案件在作出决定前须法制审核（{_ART58}第（二）项）{extra}。",
            Duty.DEPENDS, f"{_ART58}第（二）项",
        ))
    out.extend(ReviewRequirement(ReviewKind.COUNTY_RESERVED, r, Duty.DEPENDS) for r in _unique(reserved))
    return tuple(out)


def _unique(reasons: list[str]) -> list[str]:
    return list(dict.fromkeys(reasons))


# --------------------------------------------------------------------------
# duties: what a reviewer reads per item
# --------------------------------------------------------------------------

_ART57 = "《行政处罚法》第五十七条第二款"
_ORDER = {Duty.REQUIRED: 0, Duty.DEPENDS: 1, Duty.UNKNOWN: 2, Duty.NOT_REQUIRED: 3}


@dataclass(frozen=True)
class ReviewRule:
    """A provincial (or sector) rule that adds a review duty (``ontologies/review_rules.yaml``)."""

    id: str
    kind: ReviewKind
    region: str
    document: str
    article: str
    quote: str
    condition: str
    status: Duty
    verified: bool
    valid_from: date | None = None
    note: str = ""

    @property
    def cite(self) -> str:
        return f"《{self.document}》{self.article}"


def parse_review_rules(data: Any, source: str = "review_rules.yaml") -> tuple[ReviewRule, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InvalidInput(f"{source}：缺少 rules 列表", code="REVIEW_RULES_INVALID")
    out = []
    for n, raw in enumerate(data["rules"], 1):
        need = ("id", "kind", "region", "document", "article", "quote", "condition", "status")
        missing = [k for k in need if not isinstance(raw, dict) or not str(raw.get(k) or "").strip()]
        if missing:
            raise InvalidInput(f"{source} 第{n}条：缺少 {'、'.join(missing)}", code="REVIEW_RULES_INVALID")
        try:
            kind = ReviewKind(raw["kind"])
            status = Duty(raw["status"])
            valid_from = raw.get("valid_from")
            valid_from = date.fromisoformat(str(valid_from)) if valid_from else None
        except ValueError as exc:
            raise InvalidInput(f"{source} 第{n}条：{exc}", code="REVIEW_RULES_INVALID") from None
        out.append(ReviewRule(
            id=str(raw["id"]), kind=kind, region=str(raw["region"]), document=str(raw["document"]),
            article=str(raw["article"]), quote=str(raw["quote"]), condition=str(raw["condition"]), status=status,
            verified=bool(raw.get("verified", False)), valid_from=valid_from, note=str(raw.get("note") or ""),
        ))
    return tuple(out)


@cache
def load_review_rules(path: Path = RULES_FILE) -> tuple[ReviewRule, ...]:
    return parse_review_rules(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def _entry_dict(kind_status: Duty, reasons: list[dict[str, Any]]) -> dict[str, Any]:
    return {"status": kind_status.value, "reasons": reasons}


def _reason(text: str, rule: str, status: Duty, **extra: Any) -> dict[str, Any]:
    return {"reason": text, "rule": rule, "status": status.value, **extra}


def _overall(reasons: list[dict[str, Any]]) -> Duty:
    if not reasons:
        return Duty.NOT_REQUIRED
    return min((Duty(r["status"]) for r in reasons), key=lambda d: _ORDER[d])


def threshold_rule(t: HearingThresholds) -> dict[str, Any]:
    """The 较大数额 rule behind a hearing answer: province, document, article, or marked unverified."""
    return {"region": t.region, "individual": t.individual, "organisation": t.organisation,
            "document": t.document or None, "article": t.article or None, "source": t.source,
            "verified": t.verified,
            "warning": None if t.verified else f"较大数额标准未经核实（{t.source}）；作出决定前请核对本省规定"}


def review_duties(
    requirements: Sequence[ReviewRequirement],
    *,
    is_penalty: bool,
    penalty_basis_known: bool,
    region: str | None,
    thresholds: HearingThresholds,
    day: date | None = None,
    rules: Sequence[ReviewRule] | None = None,
) -> dict[str, Any]:
    """Legal review (art. 58), collective decision (art. 57(2)) and hearing (art. 63) of one item.

    Each duty is ``required`` (every decision under the item), ``depends``
    (decisions meeting the listed conditions), ``not_required`` or
    ``unknown`` (the item's 罚则 could not be read), with every reason and the
    rule that sets it.  ``requirements`` are the item-specific reasons of
    :func:`derive_review`; the conditions of arts. 57(2) and 58(1) that turn on
    the facts of a case, and provincial rules for ``region`` in force on
    ``day``, are added here.

    >>> d = review_duties((), is_penalty=True, penalty_basis_known=True, region="浙江省衢州市柯城区",
    ...                   thresholds=DEFAULT_THRESHOLDS, day=date(2024, 1, 1))
    >>> d["legal_review"]["status"], [r["rule"] for r in d["legal_review"]["reasons"]][-1]
    ('depends', '《浙江省综合行政执法条例》第二十条')
    >>> d["hearing"]["status"], d["collective_decision"]["status"]
    ('not_required', 'depends')
    """
    if not is_penalty:
        why = "本事项不是行政处罚事项，《行政处罚法》第五十七条、第五十八条、第六十三条不适用"
        none = _entry_dict(Duty.NOT_REQUIRED, [_reason(why, "", Duty.NOT_REQUIRED)])
        return {"legal_review": none, "collective_decision": none, "hearing": {**none, "threshold": None},
                "county_reserved": []}
    rules = load_review_rules() if rules is None else rules
    by_kind: dict[ReviewKind, list[dict[str, Any]]] = {k: [] for k in ReviewKind}
    for r in requirements:
        by_kind[r.kind].append(_reason(r.reason, r.rule, r.status))
    legal = by_kind[ReviewKind.LEGAL_REVIEW]
    legal += [
        _reason("案件涉及重大公共利益的，作出决定前须法制审核", f"{_ART58}第（一）项", Duty.DEPENDS),
        _reason("案件情况疑难复杂、涉及多个法律关系的，作出决定前须法制审核", f"{_ART58}第（三）项", Duty.DEPENDS),
    ]
    collective = by_kind[ReviewKind.COLLECTIVE_DECISION]
    collective.append(_reason("对情节复杂或者重大违法行为给予行政处罚的，须由行政机关负责人集体讨论决定",
                              _ART57, Duty.DEPENDS))
    for rule in rules:
        if region_covers(rule.region, region) is not True:
            continue
        if day is not None and rule.valid_from is not None and day < rule.valid_from:
            continue
        target = legal if rule.kind is ReviewKind.LEGAL_REVIEW else collective
        target.append(_reason(f"{rule.condition}（原文：“{rule.quote}”）", rule.cite, rule.status,
                              verified=rule.verified, note=rule.note or None))
    hearing = by_kind[ReviewKind.HEARING]
    if not penalty_basis_known:
        unknown = _reason("未能解析本事项的罚则，无法判断处罚种类和数额是否达到听证条件", f"{_ART63}", Duty.UNKNOWN)
        hearing = hearing + [unknown]
        hearing_status = Duty.UNKNOWN if len(hearing) == 1 else _overall(hearing)
    else:
        hearing_status = _overall(hearing)
    return {
        "legal_review": _entry_dict(_overall(legal), legal),
        "collective_decision": _entry_dict(_overall(collective), collective),
        "hearing": {**_entry_dict(hearing_status, hearing), "threshold": threshold_rule(thresholds)},
        "county_reserved": [r["reason"] for r in by_kind[ReviewKind.COUNTY_RESERVED]],
    }
