"""The canonical provision identifier (``城乡规划法@2019-04-23/art_64/para_1/item_2``) and the statute key."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from kg.numerals import article_label, int_to_cn

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
