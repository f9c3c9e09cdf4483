"""An article of a statute version: its paragraphs, items, sanctions and the 违则 it names."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model.provision_id import ProvisionId
from kg.model.vocabulary import PENALTY_KINDS, SanctionKind


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
