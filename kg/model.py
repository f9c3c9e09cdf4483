"""The domain model of Yiju: statutes, provisions, catalogs, items, holdings.

Pure data, no IO and no storage library: frozen dataclasses with dates as
``datetime.date`` and periods as ``valid_from`` / ``valid_to`` (``None`` means
open).  The canonical provision identifier is :class:`ProvisionId`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from kg.numerals import article_label, int_to_cn
from kg.validity import in_force

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Provision identifier
# --------------------------------------------------------------------------

_ID_RE = re.compile(
    r"^(?P<statute>[^@/]+)(?:@(?P<version>\d{4}-\d{2}-\d{2}))?"
    r"/art_(?P<article>[1-9]\d*)(?:-(?P<suffix>[1-9]\d*))?"
    r"(?:/para_(?P<paragraph>[1-9]\d*))?(?:/item_(?P<item>[1-9]\d*))?(?:/sub_(?P<subitem>[1-9]\d*))?$"
)


@dataclass(frozen=True, order=True)
class ProvisionId:
    """Canonical identifier of an article, paragraph (款), item (项) or sub-item (目).

    ``城乡规划法@2019-04-23/art_64/para_1/item_2``; the version part is
    omitted when a citation does not name one.  ``第十八条之一`` is
    ``art_18-1``.

    >>> pid = ProvisionId.parse("城乡规划法@2019-04-23/art_64/para_1/item_2")
    >>> pid.article, pid.paragraph, pid.item, pid.version
    (64, 1, 2, datetime.date(2019, 4, 23))
    >>> str(pid)
    '城乡规划法@2019-04-23/art_64/para_1/item_2'
    >>> pid.label
    '第六十四条第一款第（二）项'
    >>> str(ProvisionId("刑法", None, 18, suffix=1))
    '刑法/art_18-1'
    """

    statute: str
    version: date | None
    article: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None

    def __post_init__(self) -> None:
        if not self.statute or "/" in self.statute or "@" in self.statute:
            raise ValueError(f"invalid statute key: {self.statute!r}")
        if self.article < 1 or self.suffix < 0:
            raise ValueError(f"invalid article number: {self.article}-{self.suffix}")
        if self.subitem is not None and self.item is None:
            raise ValueError("a sub-item needs an item")

    @classmethod
    def parse(cls, text: str) -> ProvisionId:
        m = _ID_RE.match(text.strip())
        if not m:
            raise ValueError(f"not a provision id: {text!r}")
        g = m.groupdict()

        def opt(k: str) -> int | None:
            return int(g[k]) if g[k] else None

        return cls(
            statute=g["statute"],
            version=date.fromisoformat(g["version"]) if g["version"] else None,
            article=int(g["article"]),
            suffix=int(g["suffix"] or 0),
            paragraph=opt("paragraph"),
            item=opt("item"),
            subitem=opt("subitem"),
        )

    def __str__(self) -> str:
        out = [self.statute]
        if self.version:
            out.append(f"@{self.version.isoformat()}")
        out.append(f"/art_{self.article}")
        if self.suffix:
            out.append(f"-{self.suffix}")
        if self.paragraph is not None:
            out.append(f"/para_{self.paragraph}")
        if self.item is not None:
            out.append(f"/item_{self.item}")
        if self.subitem is not None:
            out.append(f"/sub_{self.subitem}")
        return "".join(out)

    @property
    def article_label(self) -> str:
        return article_label(self.article, self.suffix)

    @property
    def label(self) -> str:
        out = self.article_label
        if self.paragraph is not None:
            out += f"第{int_to_cn(self.paragraph)}款"
        if self.item is not None:
            out += f"第（{int_to_cn(self.item)}）项"
        if self.subitem is not None:
            out += f"第{self.subitem}目"
        return out

    def article_id(self) -> ProvisionId:
        """The enclosing article."""
        return ProvisionId(self.statute, self.version, self.article, self.suffix)

    def with_version(self, version: date | None) -> ProvisionId:
        return replace(self, version=version)

    @property
    def is_article(self) -> bool:
        return self.paragraph is None and self.item is None


def statute_key(title: str) -> str:
    """The key of a statute: its title without the national prefix.

    >>> statute_key("中华人民共和国城乡规划法")
    '城乡规划法'
    >>> statute_key("《浙江省城乡规划条例》")
    '浙江省城乡规划条例'
    """
    t = title.strip().strip("《》").strip()
    for prefix in ("中华人民共和国", "中華人民共和國"):
        if t.startswith(prefix) and len(t) > len(prefix) + 1:
            t = t[len(prefix):]
    return t.replace("/", "／").replace("@", "＠")


# --------------------------------------------------------------------------
# Statutes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionEvent:
    """One line of a statute's history: 通过, 公布, 施行, 修正, 修订, 批准, 废止."""

    day: date
    kind: str
    text: str


@dataclass(frozen=True)
class RepealMention:
    """A sentence in one statute that repeals another: ``《…》同时废止``, ``废止《…》``.

    ``title`` is the repealed title as written; ``day`` the repealing text's
    施行 date (None when it cannot be read); ``text`` the sentence quoted.
    """

    title: str
    provision: ProvisionId | None
    day: date | None
    text: str


@dataclass(frozen=True)
class Statute:
    """A statute across its versions.

    ``in_force_from`` is its first 施行 date (from the 题注 or the final
    articles of any held version), even when only a later version's text is
    held; ``repealed_on`` / ``repealed_by`` / ``repeal_text`` record a repeal
    found in another statute of the corpus (or a 废止 note in its own file).
    """

    key: str
    title: str
    level: Level
    region: str | None = None  # e.g. 浙江省, 浙江省台州市; None for national
    aliases: tuple[str, ...] = ()
    in_force_from: date | None = None
    in_force_from_basis: str = ""
    in_force_from_certain: bool = False
    repealed_on: date | None = None
    repealed_by: str | None = None  # the repealing provision id, or a title when it has no article
    repeal_text: str = ""


@dataclass(frozen=True)
class StatuteVersion:
    statute_key: str
    version: date | None  # version date: the file-name date, else the last event
    source: str  # file the version came from, relative to the ingest root
    events: tuple[VersionEvent, ...] = ()
    promulgated: date | None = None
    effective: date | None = None
    valid_from: date | None = None  # this version's own 施行 date (see valid_from_basis)
    valid_to: date | None = None  # set when a later version or repeal ends it
    repealed: bool = False
    content_hash: str = ""
    valid_from_basis: str = ""  # the text that decides valid_from, quoted, or why it is presumed
    valid_from_certain: bool = False  # False: presumed (e.g. the amendment decision is not held)
    valid_to_basis: str = ""
    first_effective: date | None = None  # the statute's first 施行 date as this file records it
    first_effective_basis: str = ""
    first_effective_certain: bool = False
    repeals: tuple[RepealMention, ...] = ()  # other statutes this text repeals

    @property
    def key(self) -> str:
        return f"{self.statute_key}@{self.version.isoformat()}" if self.version else self.statute_key

    def in_force(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class AmendmentDecision:
    """The 施行 date of an amendment decision that is not in the corpus (reviewed data)."""

    statute: str
    amended: date
    effective: date
    decision: str
    quote: str


@dataclass(frozen=True)
class RepealRelation:
    """Statute ``repealed`` ends on ``day`` by ``by`` (the repealing article) — ``text`` decides it."""

    repealed: str  # statute key
    by_statute: str  # statute key of the repealing text
    by: ProvisionId | None
    day: date | None
    text: str
    title: str  # the repealed title as the repealing text writes it


@dataclass(frozen=True)
class Sanction:
    """A sanction a penalty provision allows, with its range when it has one.

    Amounts are in yuan.  Multiples (违法所得一倍以上三倍以下) carry their base;
    percentages (工程造价百分之五以上百分之十以下) are given as multiples 0.05–0.1.
    """

    kind: SanctionKind
    text: str
    min_amount: float | None = None
    max_amount: float | None = None
    min_multiple: float | None = None
    max_multiple: float | None = None
    multiple_base: str | None = None  # 违法所得, 货值金额, 工程造价 …
    per: str | None = None  # the unit a per-unit fine counts: 每人, 每日, 每平方米, 每辆 …
    subject: str | None = None  # whom the clause names: 单位, 个人, 责任人员 (直接负责的主管人员…)

    @property
    def is_penalty(self) -> bool:
        """Whether this is a 行政处罚 of art. 9 (not an order such as 责令改正)."""
        return self.kind in PENALTY_KINDS


@dataclass(frozen=True)
class InferredPair:
    """A 违则 matched by wording (ingest.pairing), with how sure the match is and why."""

    target: ProvisionId
    confidence: float  # 0–1: weighted share of the conduct's words found in the rule
    reason: str  # the conduct clause that matched, in Chinese


@dataclass(frozen=True)
class Item:
    """A 项 ("（一）…") inside a paragraph, with its 目 ("1. …")."""

    number: int
    text: str
    subitems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    text: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Provision:
    """An article of one statute version, with its paragraphs and items.

    Paragraphs and items are addressed through the article: the graph keeps
    one node per article, and ``ProvisionId`` paths below the article are
    resolved in ``paragraphs``.
    """

    id: ProvisionId
    text: str
    paragraphs: tuple[Paragraph, ...] = ()
    heading: tuple[str, ...] = ()  # 编 / 章 / 节 path
    line: int = 0  # line in the source file
    sanctions: tuple[Sanction, ...] = ()
    competent_body: str | None = None
    # how competent_body was found: "clause" (named where the sanction is set) or "inferred" (from the
    # statute's general enforcement article, competent_body_basis)
    competent_body_source: str | None = None
    competent_body_basis: ProvisionId | None = None
    township_competent: bool = False  # 罚则 names 乡、镇人民政府 itself
    violated: tuple[ProvisionId, ...] = ()  # 违则 this 罚则 names
    violated_inferred: tuple[ProvisionId, ...] = ()  # 违则 matched by wording (ingest.pairing)
    violated_inferred_notes: tuple[InferredPair, ...] = ()  # confidence and reason of each inferred 违则
    cites: tuple[ProvisionId, ...] = ()  # internal and external citations

    @property
    def label(self) -> str:
        return self.id.article_label

    @property
    def is_penalty(self) -> bool:
        """A 罚则: it sets a 行政处罚 of art. 9; an article that only orders (责令改正, 限期拆除 …) is not."""
        return any(s.kind in PENALTY_KINDS for s in self.sanctions)

    def part_text(self, pid: ProvisionId) -> str | None:
        """Text of a paragraph/item of this article, or None when it does not exist."""
        if pid.paragraph is None and pid.item is None:
            return self.text
        paragraphs = self.paragraphs or (Paragraph(self.text),)
        para_no = pid.paragraph or 1
        if para_no > len(paragraphs):
            return None
        para = paragraphs[para_no - 1]
        if pid.item is None:
            return para.text
        # "第（二）项" without a paragraph: the first paragraph that has items
        if pid.paragraph is None:
            para = next((p for p in paragraphs if p.items), para)
        item = next((i for i in para.items if i.number == pid.item), None)
        if item is None:
            return None
        if pid.subitem is None:
            return item.text
        return item.subitems[pid.subitem - 1] if pid.subitem <= len(item.subitems) else None


@dataclass(frozen=True)
class Diagnostic:
    """A problem found while reading input: where, and why, in Chinese."""

    source: str
    line: int | None
    code: str
    message: str
    severity: str = "error"  # error: record rejected; warning: kept with a caveat
    sheet: str | None = None


@dataclass(frozen=True)
class ParsedStatute:
    """What the statute parser returns for one file."""

    statute: Statute
    version: StatuteVersion
    provisions: tuple[Provision, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


# --------------------------------------------------------------------------
# Catalogs, items, holders
# --------------------------------------------------------------------------


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
