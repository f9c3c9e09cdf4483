"""The domain's vocabularies as enums: levels, sanction kinds, power types, resolutions, verdicts, duties."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """效力级别 — the rank of a piece of legislation."""

    CONSTITUTION = "宪法"
    LAW = "法律"
    ADMIN_REGULATION = "行政法规"
    LOCAL_REGULATION = "地方性法规"
    DEPARTMENT_RULE = "部门规章"
    LOCAL_RULE = "地方政府规章"
    JUDICIAL_INTERPRETATION = "司法解释"
    OTHER = "其他"


class SanctionKind(StrEnum):
    """Kinds of administrative sanction (行政处罚法 art. 9) plus orders that go with them."""

    WARNING = "警告"
    CRITICISM = "通报批评"
    FINE = "罚款"
    CONFISCATE_GAINS = "没收违法所得"
    CONFISCATE_PROPERTY = "没收非法财物"
    SUSPEND_LICENCE = "暂扣许可证件"
    REVOKE_LICENCE = "吊销许可证件"
    LOWER_QUALIFICATION = "降低资质等级"
    RESTRICT_ACTIVITY = "限制开展生产经营活动"
    SUSPEND_BUSINESS = "责令停产停业"
    CLOSE = "责令关闭"
    RESTRICT_PRACTICE = "限制从业"
    DETENTION = "行政拘留"
    DEMOLISH = "责令限期拆除"
    STOP_CONSTRUCTION = "责令停止建设"
    CORRECT = "责令改正"


ORDER_KINDS = frozenset({SanctionKind.CORRECT, SanctionKind.STOP_CONSTRUCTION, SanctionKind.DEMOLISH})
"""Administrative orders (行政处罚法 art. 28, 城乡规划法 art. 64–68): they go with sanctions but are no 行政处罚."""
PENALTY_KINDS = frozenset(SanctionKind) - ORDER_KINDS
"""The kinds of 行政处罚 of art. 9: a provision is a 罚则 when it sets one of them."""


class PowerType(StrEnum):
    """职权类型."""

    PENALTY = "行政处罚"
    COERCION = "行政强制"
    INSPECTION = "行政检查"
    LICENSING = "行政许可"
    COOPERATION = "配合事项"
    OTHER = "其他"


class AuthoritySource(StrEnum):
    """Where a township's power comes from."""

    STATUTORY = "法定"
    DELEGATED = "赋权"
    ENTRUSTED = "委托"


class BasisRole(StrEnum):
    VIOLATED = "违则"
    PENALTY = "罚则"
    SETTING = "设定依据"


class Resolution(StrEnum):
    """How a catalog citation resolved to a provision."""

    RESOLVED = "resolved"
    STATUTE_NOT_FOUND = "statute_not_found"
    ARTICLE_NOT_FOUND = "article_not_found"
    AMBIGUOUS = "ambiguous"
    NOT_IN_FORCE = "not_in_force"
    UNPARSED = "unparsed"
    NO_BASIS = "no_basis"
    SUGGESTED = "suggested"


class ReviewKind(StrEnum):
    LEGAL_REVIEW = "法制审核"
    HEARING = "听证"
    COLLECTIVE_DECISION = "集体讨论"
    COUNTY_RESERVED = "重大案件由县级部门办理"


class Verdict(StrEnum):
    """The answer to "does this township hold this power on this day?" (the authority check).

    ``AMBIGUOUS`` and ``UNKNOWN`` are answers too: when the rules cannot
    decide, the answer says so with its reason, never a guess.

    >>> Verdict.HOLDS_WITHIN_SCOPE == "holds_within_scope", str(Verdict.UNKNOWN)
    (True, 'unknown')
    """

    HOLDS = "holds"
    HOLDS_WITHIN_SCOPE = "holds_within_scope"  # held, limited by a scope note of the catalog
    DOES_NOT_HOLD = "does_not_hold"
    AMBIGUOUS = "ambiguous"  # the evidence points both ways
    UNKNOWN = "unknown"  # nothing in the graph to decide on


class Duty(StrEnum):
    """How a review duty applies to an item: always, on conditions of the case, or not at all."""

    REQUIRED = "required"
    DEPENDS = "depends"
    NOT_REQUIRED = "not_required"
    UNKNOWN = "unknown"
