"""Catalog vocabulary: limits, header and label patterns, ``ontologies/catalog_headers.yaml``, power types."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kg.model import (
    BasisRole,
    PowerType,
)

ONTOLOGIES = Path(__file__).resolve().parents[2] / "ontologies"

MAX_CELL_CHARS = 20_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, sum over the members of an .xlsx
MAX_MEMBER_RATIO = 200  # uncompressed / compressed of one member above 1 MiB
HEADER_SEARCH_ROWS = 10
MAX_GRID_CELLS = 20_000_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_COUNTY_RESERVED = ["责令停产停业", "吊销许可证件", "较大数额罚款"]

# fields whose cells hold legal-basis text, and the role their citations get
_BASIS_FIELDS: dict[str, BasisRole] = {
    "violated": BasisRole.VIOLATED,
    "penalty": BasisRole.PENALTY,
    "basis": BasisRole.SETTING,
}
# fields where several columns are joined; for the others the first non-empty column wins
_JOINED_FIELDS = {"basis", "violated", "penalty", "note", "townships", "sanction_text",
                  "discretion_condition", "discretion_standard"}
_DISCRETION_FIELDS = {"discretion_tier", "discretion_condition", "discretion_standard"}

_LABEL_RE = re.compile(
    r"(?:[【\[〔]\s*(违则|罚则|设定依据|实施依据|处罚依据|法律依据|违法依据|处罚条款)\s*[】\]〕]\s*[:：]?"
    r"|(违则|罚则|设定依据|实施依据|处罚依据|法律依据|违法依据|处罚条款)\s*[:：])"
)
_LABEL_ROLE = {
    "违则": BasisRole.VIOLATED, "违法依据": BasisRole.VIOLATED,
    "罚则": BasisRole.PENALTY, "处罚依据": BasisRole.PENALTY, "处罚条款": BasisRole.PENALTY,
    "设定依据": BasisRole.SETTING, "实施依据": BasisRole.SETTING, "法律依据": BasisRole.SETTING,
}
_SECTION_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+(?:部分|类|章))\s*(?P<title>.+)$"
)
_COUNT_SUFFIX_RE = re.compile(r"[（(]\s*(?:共|计)?\s*\d+\s*(?:项|个|条|类)[^（）()]*[）)]\s*$")
# rows above a header that are not its title: 附件1, （2022年版）, 填报单位：…
_NOT_A_TITLE_RE = re.compile(r"^(?:附[件表]\s*[0-9一二三四五六七八九十]*\s*[:：]?|[（(][^（）()]*[）)]|.{0,8}[:：].*)$")
_TITLE_RE = re.compile(r"《[^《》\n]{2,60}》")
_PAREN_RE = re.compile(r"[（(]([^（）()]{1,200})[）)]")
_SPLIT_TOWNSHIPS_RE = re.compile(r"[、，,；;／/\n\s]+")
_GENERIC_TOWNSHIPS_RE = re.compile(r"^(?:全[县区市]?|各|所有|全部)")


# --------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------


def normalize_header(text: str) -> str:
    """A header as compared with the vocabulary.

    >>> normalize_header(" 事项\\n名称： ")
    '事项名称'
    >>> normalize_header("承接乡镇（街道）*")
    '承接乡镇(街道)'
    """
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    return t.strip("*:").strip()


def normalize_name(text: str) -> str:
    """Key of a township or department: NFKC, no whitespace.

    >>> normalize_name(" 龙华 街道办事处 ")
    '龙华街道办事处'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Vocabulary:
    headers: dict[str, str]  # normalised header text -> field
    subtotal_markers: tuple[str, ...]
    scope_markers: tuple[str, ...]
    list_hints: tuple[tuple[str, PowerType], ...]
    keywords: tuple[tuple[PowerType, tuple[str, ...]], ...]

    def field_for(self, header: str) -> str | None:
        h = normalize_header(header)
        if not h or len(h) > 40:
            return None
        if h in self.headers:
            return self.headers[h]
        bare = re.sub(r"\([^()]*\)$", "", h)
        return self.headers.get(bare) if bare and bare != h else None


@cache
def vocabulary(root: Path = ONTOLOGIES) -> Vocabulary:
    heads = yaml.safe_load((root / "catalog_headers.yaml").read_text(encoding="utf-8"))
    types = yaml.safe_load((root / "power_types.yaml").read_text(encoding="utf-8"))
    headers: dict[str, str] = {}
    for fld, names in heads["fields"].items():
        for name in names:
            headers[normalize_header(str(name))] = str(fld)
    return Vocabulary(
        headers=headers,
        subtotal_markers=tuple(heads.get("subtotal_markers", ())),
        scope_markers=tuple(heads.get("scope_markers", ())),
        list_hints=tuple((normalize_header(h["text"]), PowerType(h["type"])) for h in types.get("list_hints", ())),
        keywords=tuple((PowerType(k), tuple(v)) for k, v in types.get("keywords", {}).items()),
    )


def power_type_of_cell(text: str, vocab: Vocabulary | None = None) -> PowerType | None:
    """The power type a 职权类型 cell names (first matching keyword).

    >>> power_type_of_cell("行政处罚"), power_type_of_cell("行政强制措施"), power_type_of_cell("其他")
    (<PowerType.PENALTY: '行政处罚'>, <PowerType.COERCION: '行政强制'>, None)
    """
    vocab = vocab or vocabulary()
    t = normalize_header(text)
    for ptype, words in vocab.keywords:
        if any(w in t for w in words):
            return ptype
    return None


_HINT_STRIP_RE = re.compile(r"(?:清单|目录|事项|类|表|一览表)+$")


def power_type_hint(text: str, vocab: Vocabulary | None = None) -> PowerType | None:
    """The power type a sheet name, sheet title or section title suggests, or None.

    Short keywords (处罚, 监管 …) must be the whole title, so that a domain
    such as 市场监管 is not taken for a power type.

    >>> power_type_hint("配合事项清单"), power_type_hint("二、行政检查事项（12项）")
    (<PowerType.COOPERATION: '配合事项'>, <PowerType.INSPECTION: '行政检查'>)
    >>> power_type_hint("市场监管") is None, power_type_hint("Sheet1") is None
    (True, True)
    """
    vocab = vocab or vocabulary()
    t = normalize_header(text)
    for hint, ptype in vocab.list_hints:
        if hint in t:
            return ptype
    t = _COUNT_SUFFIX_RE.sub("", normalize_header(_section_title(text) or text))
    bare = _HINT_STRIP_RE.sub("", t)
    for ptype, words in vocab.keywords:
        for w in words:
            if bare == w or (len(w) >= 4 and w in t):
                return ptype
    return None


def _section_title(text: str) -> str | None:
    m = _SECTION_RE.match(text.strip())
    return m.group("title").strip() if m else None


