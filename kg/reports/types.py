"""Report constants and the public types: ``ReportFilters`` in, ``ReportResult`` out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kg.model import AuthoritySource, BasisRole, PowerType, Resolution

RESOLVED = Resolution.RESOLVED.value
SUGGESTED = Resolution.SUGGESTED.value
ROLE_PENALTY = BasisRole.PENALTY.value
ROLE_VIOLATED = BasisRole.VIOLATED.value
POWER_PENALTY = PowerType.PENALTY.value
DELEGATED = AuthoritySource.DELEGATED.value
ENTRUSTED = AuthoritySource.ENTRUSTED.value
HANDED_DOWN = frozenset({DELEGATED, ENTRUSTED})

ONTOLOGIES = Path(__file__).resolve().parents[2] / "ontologies"

ART25 = "《行政处罚法》第二十五条"
ART25_RULE = "两个以上行政机关都有管辖权的，由最先立案的行政机关管辖"
EMPTY_GRAPH = "图谱为空：请先导入法规（yiju ingest laws）和赋权目录（yiju ingest catalog）"
NO_ITEMS = "图谱中没有目录事项：请先导入赋权目录（yiju ingest catalog）"
NO_PROVISIONS = "图谱中没有法规条文：请先导入法规（yiju ingest laws）"
UNCLASSIFIED = "未分类"
TABLE_ROW_LIMIT = 200
COVERAGE_LIST_LIMIT = 10  # coverage cells list a few item codes and rows as examples; counts are complete
NAME_SIMILARITY = 0.9
TEXT_UNCHANGED = 0.95
RENUMBER_MIN = 0.5


# --------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    """What to report on.  Every field is optional; ``None`` means "all".

    ``region``: administrative region prefix (浙江省, 浙江省衢州市); ``county``:
    a county name found in a catalog's region or issuer (柯城区);
    ``township``: a township name or key (must exist); ``domain``: a domain
    (领域) name or alias; ``department``: a department name, key or alias;
    ``as_of``: the day the report looks at (catalogs, holdings and statute
    versions in force that day).  Without ``as_of`` the report looks at what
    is current or still to come (superseded editions and ended holdings are
    left out).
    """

    region: str | None = None
    county: str | None = None
    township: str | None = None
    domain: str | None = None
    department: str | None = None
    as_of: date | None = None


@dataclass
class ReportResult:
    """A report's output.

    ``findings`` is the main table; each finding has a ``category`` (stable
    code) and ``category_label`` (Chinese), so a report's findings group by
    kind (xlsx puts each category on its own sheet).  ``sections`` are extra
    tables (per-statute totals, per-rule totals, department × power type),
    never copies of findings.  ``message`` explains an empty result.
    """

    name: str
    title: str
    filters: ReportFilters
    summary: dict[str, int] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    message: str | None = None
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------

SUGGESTED_ONLY = "suggested_only"

CATEGORY_LABELS: dict[str, str] = {
    Resolution.STATUTE_NOT_FOUND.value: "法规未找到",
    Resolution.ARTICLE_NOT_FOUND.value: "条文未找到",
    Resolution.NOT_IN_FORCE.value: "法规不在施行期",
    Resolution.AMBIGUOUS.value: "法规名称有歧义",
    Resolution.UNPARSED.value: "依据无法识别",
    Resolution.NO_BASIS.value: "未列法律依据",
    SUGGESTED_ONLY: "仅有推荐条文",
    "no_department": "无主管部门",
    "unknown_department": "部门名称未知",
    "same_penalty_article": "同一罚则多个事项",
    "similar_names": "事项名称相同或相近",
    "delegated_still_at_county": "已赋权仍由县级部门列管",
    "township_double_holding": "乡镇重复持有",
    "uncovered_penalty_provision": "无事项覆盖的罚则",
    "certain": "命中负面清单",
    "uncertain": "命中负面清单（待核实）",
    "amended": "条文已修改",
    "renumbered": "条文序号调整",
    "removed": "条文已删除",
    "statute_repealed": "法规已废止",
    "township_domain": "乡镇×领域",
}
STATUS_LABELS = {**{k: v for k, v in CATEGORY_LABELS.items() if k in {r.value for r in Resolution}},
                 RESOLVED: "已解析", SUGGESTED: "推荐"}
ROLE_LABELS = {r.value: r.value for r in BasisRole}

SUMMARY_LABELS: dict[str, str] = {
    "items_checked": "检查事项数", "findings": "发现数", "partially_resolved": "部分依据已解析",
    "unknown_department_names": "未知部门名称数", "statutes_in_force": "现行法规数", "penalty_provisions": "罚则条文数",
    "covered": "已覆盖罚则", "domains": "领域数", "delegated_items": "赋权（委托）事项数", "rules": "规则数",
    "cited_articles": "被引条文数", "items_affected": "受影响事项数", "townships": "乡镇（街道）数",
    "holdings": "承接关系数", "items": "事项数", "legal_review_items": "需法制审核事项", "hearing_items": "可能需听证事项",
    **CATEGORY_LABELS,
}
