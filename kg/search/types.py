"""Search data: documents in, hits and groups out, and the ``SearchIndex`` protocol."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, runtime_checkable

MAX_QUERY_CHARS = 200
MAX_LIMIT = 100

# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SearchDoc:
    """One searchable document: an article of a statute version, or a catalog item."""

    kind: str  # "provision" | "item"
    doc_id: str  # provision id (城乡规划法@2019-04-23/art_64) or item key
    statute_key: str | None = None
    statute_title: str | None = None
    aliases: tuple[str, ...] = ()
    level: str | None = None
    region: str | None = None
    version_key: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    # the earliest held text of a statute in force before that text took effect answers as-of queries from
    # the statute's first 施行 date (labelled as not the text in force then); None: from valid_from
    shown_from: date | None = None
    article_label: str | None = None
    heading: str = ""
    text: str = ""
    tokens: list[str] | None = None  # kg.analysis.tokenize output; None: tokenised here
    token_text: str | None = None  # or the same tokens joined by spaces (compact: what the parse cache keeps)
    is_penalty: bool = False
    violated: tuple[str, ...] = ()  # 违则 this 罚则 names
    penalized_by: tuple[str, ...] = ()  # 罚则 that penalise this article
    # items
    catalog_key: str | None = None
    item_code: str | None = None
    item_name: str | None = None
    department: str | None = None
    townships: tuple[str, ...] = ()
    basis: tuple[tuple[str, str], ...] = ()  # (role, provision id)
    power_type: str | None = None
    domain: str | None = None


@dataclass
class Hit:
    provision_id: str  # provision id, or item key for items
    kind: str
    statute_key: str
    statute_title: str
    article: str  # 第六十四条
    version: str | None
    level: str
    region: str | None
    score: float
    snippet: str
    text: str
    is_penalty: bool
    violated: tuple[str, ...] = ()
    penalized_by: tuple[str, ...] = ()
    item_code: str | None = None
    item_name: str | None = None
    catalog_key: str | None = None
    townships: tuple[str, ...] = ()
    department: str | None = None
    basis: tuple[tuple[str, str], ...] = ()
    why: tuple[str, ...] = ()  # ranking reasons, for people ("罚则", "与罚则配对", "点名条文")

    @property
    def role(self) -> str:
        if self.kind == "item":
            return "事项"
        if self.is_penalty:
            return "罚则"
        # an article that names its 违则 but sets no 行政处罚 only orders (责令改正, 限期拆除 …): a 处理依据
        return "处理依据" if self.violated else ("违则" if self.penalized_by else "条文")

    def to_dict(self) -> dict[str, Any]:
        return {
            "provision_id": self.provision_id, "kind": self.kind, "role": self.role,
            "statute_key": self.statute_key, "statute_title": self.statute_title, "article": self.article,
            "version": self.version, "level": self.level, "region": self.region, "score": round(self.score, 4),
            "snippet": self.snippet, "text": self.text, "is_penalty": self.is_penalty,
            "violated": list(self.violated), "penalized_by": list(self.penalized_by),
            "item_code": self.item_code, "item_name": self.item_name, "catalog_key": self.catalog_key,
            "townships": list(self.townships), "department": self.department,
            "basis": [list(b) for b in self.basis], "why": list(self.why),
        }


@dataclass
class HitGroup:
    """A 违则/罚则 pair (or a catalog item with its basis) found together."""

    title: str  # 城市绿化条例 第二十七条（罚则）
    penalty: Hit | None
    violated: list[Hit]
    items: list[Hit] = field(default_factory=list)
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "score": round(self.score, 4),
            "penalty": self.penalty.to_dict() if self.penalty else None,
            "violated": [h.to_dict() for h in self.violated], "items": [h.to_dict() for h in self.items],
        }


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    groups: list[HitGroup] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    message: str | None = None
    interpreted: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "hits": [h.to_dict() for h in self.hits],
            "groups": [g.to_dict() for g in self.groups], "suggestions": list(self.suggestions),
            "message": self.message, "interpreted": self.interpreted,
        }


@runtime_checkable
class SearchIndex(Protocol):
    def add(self, docs: Iterable[SearchDoc]) -> None: ...

    def delete_catalog(self, catalog_key: str) -> None: ...

    def commit(self) -> None: ...

    def search(
        self,
        query: str,
        *,
        as_of: date | None = None,
        region: str | None = None,
        level: str | None = None,
        statute: str | None = None,
        limit: int = 10,
    ) -> SearchResult: ...

    def doc_count(self) -> int: ...


