"""The citation grammar: every way Yiju reads "第X条第Y款第（Z）项" lives here.

One module, one grammar, used by the statute parser (citations inside an
article), the penalty analyser (违则 named by a 罚则) and the catalog resolver
(``设定依据`` cells).  What it reads:

- articles, paragraphs, items and sub-items: ``第六十四条``, ``第十八条之一``,
  ``第六十四条第一款第（二）项``, ``第（二）项`` / ``第(二)项`` / ``第二项``,
  ``第1目``; Chinese or Arabic numerals (``第64条``);
- lists and ranges: ``第二十五条、第二十六条``, ``第十八条第二、三款``,
  ``第四十一条第一款、第四款``, ``第三十条至第三十二条``, ``第（一）至（四）项``,
  ``第一至十项`` (the unit named once, at the range's end; ranges of more than
  :data:`MAX_RANGE` numbers keep only their two ends);
- whose provision: ``《城市道路管理条例》第二十七条`` (the title as written,
  without 《》), an unbracketed title ending in 法/条例/规定/… right before the
  article (``依照刑法第二十条``), internal ``本法第十条`` / ``本条例…``, and
  relative ``前款``, ``前两款``, ``前条``, ``本条第二款``; a lone ``第二款``
  means "of this article".  Later members of a list inherit the title:
  ``《城市道路管理条例》第二十七条第（一）项、第四十二条`` gives two citations
  of that regulation.

>>> [(c.title, c.article, c.item) for c in parse_citations("《城市道路管理条例》第二十七条第（一）项、第四十二条")]
[('城市道路管理条例', 27, 1), ('城市道路管理条例', 42, None)]
>>> c = parse_citations("违反本条例第十二条第二款规定的")[0]
>>> c.internal, c.article, c.paragraph, c.raw
(True, 12, 2, '本条例第十二条第二款')
>>> [(c.relative, c.paragraph) for c in parse_citations("违反前款规定的；依照本条第三款")]
[('前款', None), ('本条', 3)]
>>> render_citation(ProvisionId("城乡规划法", None, 64, paragraph=1, item=2), "城乡规划法")
'《城乡规划法》第六十四条第一款第（二）项'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import product

from kg.model import ProvisionId
from kg.model import statute_key as make_statute_key
from kg.numerals import cn_to_int

__all__ = [
    "MAX_RANGE",
    "Citation",
    "parse_citations",
    "render_citation",
    "to_provision_id",
    "to_provision_ids",
]

MAX_RANGE = 50
"""Ranges such as 第一条至第九十条 expand to at most this many numbers."""

INTERNAL_WORDS = ("本实施细则", "本实施办法", "本实施条例", "本条例", "本法", "本规定", "本办法", "本细则",
                  "本决定", "本规则", "本解释", "本准则", "本通则")
TITLE_SUFFIXES = ("法", "法典", "条例", "规定", "办法", "细则", "通则", "准则", "决定", "规则")

# --------------------------------------------------------------------------
# the data
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """One cited provision, with the span of text it was read from.

    ``title`` is the statute title as written (without 《》), or None when the
    citation names no statute: then ``internal`` tells whether it said
    本法/本条例/…, ``relative`` holds 前款 / 前两款 / 前条 / 本条 / 本款 / 前项
    for citations relative to where they stand, and a citation with neither is
    unqualified (in a statute it means the same statute).  ``article`` is None
    for relative citations that do not name one.
    """

    title: str | None
    internal: bool = False
    relative: str | None = None
    article: int | None = None
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None
    start: int = 0
    end: int = 0
    raw: str = ""

    @property
    def is_external(self) -> bool:
        return self.title is not None


# --------------------------------------------------------------------------
# the grammar
# --------------------------------------------------------------------------

_CN = "零〇○一二三四五六七八九十百千两"
_NUM = rf"(?:[0-9０-９]+|[{_CN}]+)"
_INUM = rf"(?:[（(]\s*{_NUM}\s*[）)]|{_NUM})"  # an item number, bracketed or not
_SP = r"[ \t\u3000\xa0]*"  # spaces, never a line break
_RANGE = r"(?:至|到|～|~)"

_UNIT_ART, _UNIT_PARA, _UNIT_ITEM, _UNIT_SUB = "条", "款", "项", "目"
_LEVELS = (_UNIT_ART, _UNIT_PARA, _UNIT_ITEM, _UNIT_SUB)


def _element(unit: str, num: str, first: bool) -> re.Pattern[str]:
    """``第 N[、N…] unit [至 第 N unit]``; 第 is optional for list members after the first."""
    di = r"第\s*" if first else r"(?:第\s*)?"
    suffix = rf"(?:{_SP}之{_SP}(?P<suf>{_NUM}))?" if unit == _UNIT_ART else ""
    hi_suffix = rf"(?:{_SP}之{_SP}{_NUM})?" if unit == _UNIT_ART else ""
    # a range may name its unit once, at its end: 第（一）至（四）项, 第一至十项 (then no 之N)
    return re.compile(
        rf"{di}(?:(?P<lo>{num}){_SP}{_RANGE}{_SP}(?:第\s*)?(?P<top>{num}){_SP}{unit}(?!{_SP}之)"
        rf"|(?P<nums>{num}(?:{_SP}、{_SP}{num})*){_SP}{unit}{suffix}"
        rf"(?:{_SP}{_RANGE}{_SP}(?:第\s*)?(?P<hi>{num}){_SP}{unit}{hi_suffix})?)"
    )


_ELEM_FIRST = {u: _element(u, _INUM if u in (_UNIT_ITEM, _UNIT_SUB) else _NUM, True) for u in _LEVELS}
_ELEM_NEXT = {u: _element(u, _INUM if u in (_UNIT_ITEM, _UNIT_SUB) else _NUM, False) for u in _LEVELS}
_NUM_IN = re.compile(_NUM)
_SP_RE = re.compile(_SP)

_ANCHOR = re.compile(
    r"(?P<title>《(?:[^《》\n]|《[^《》\n]*》){1,100}》)"
    rf"|(?<![基日])(?P<internal>{'|'.join(INTERNAL_WORDS)})"
    r"|(?P<rel>(?<![提事之以目当空超])前(?:[两二三四五六七八九十])?(?:款(?!项)|条(?!件)|项(?!目))"
    r"|本(?:条(?!例)|款(?!项)|项(?!目)))"
    rf"|(?P<ref>第\s*[（(]?\s*(?:[0-9０-９]|[{_CN}]))"
)
_ANCHOR_START = re.compile("[《本前第]")  # a cheap scan before the full anchor (5× faster on the corpus)
# between a title and its first article: spaces and an optional version note, 《…》（2019年修正）第…
_AFTER_TITLE = re.compile(rf"{_SP}(?:[（(][^（）()\n]{{1,20}}[）)]{_SP})?")
_SEP = re.compile(r"[ \t\u3000\xa0]*(?:[、，,；;]|以及|或者|和|及|与|或|\n)[ \t\u3000\xa0\n]*|[ \t\u3000\xa0\n]+")

# unbracketed titles: the run of characters right before 第…条
_TITLE_RUN = re.compile(r"(?<![\u4e00-\u9fff〈〉·])[\u4e00-\u9fff〈〉·]{1,60}$")
_TITLE_LAST_CHARS = frozenset(s[-1] for s in TITLE_SUFFIXES)
# words that end the prose before a title: 依照刑法第…, 人民法院应当依据民事诉讼法第…
_TITLE_MARKERS = re.compile(
    "修正后的|修订后的|修改后的|修正后|修订后|修改后|修正前的|修订前的|修改前的|修正前|修订前|修改前|认定为|发现有|是指|是否|"
    "应当|可以|属于|构成|比照|依照|依据|根据|按照|参照|违反|适用|对照|执行|遵守|符合|实施|行使|触犯|具有|具备|删去|影响|"
    "同时|分别|予以|作为|视为|误认为|认为|视同|规定|以及|或者|对于|有关|不受|结合|承担|产生|采取|超出|达到|从事|要求|确定|认定|"
    "包括|隐瞒|出售|制造|履行|保存|审理|审查|考虑|违背|支付|计入|低于|高于|引进|邮寄|计算|界定|落入|受理|提起|告知|基于|"
    "有(?![线限色机效])|(?<!自)由|无(?!线)|犯(?!罪)|对(?!外)|按(?!比例)|除|将|在|即|并|又|但|且|凡|若|是|以|了|因|的|、|(?:条|款|项|罪)(?:和|及|与)"
)
_TITLE_BAD_START = re.compile(r"^(?:本|该|此|上述|前述|下列|以下|上列|其他|其|各|原|同|这|那|[（）()〈〉·])")
_GENERIC_TITLES = frozenset({"法", "法典", "通则", "准则", "条例", "规定", "办法", "细则", "决定", "规则", "实施条例", "实施办法",
                             "实施细则", "暂行规定", "暂行办法", "暂行条例", "管理办法", "管理规定", "管理条例",
                             "法律", "宪法修正案"})


def _to_int(num: str) -> int:
    return cn_to_int(num.strip().strip("（()）").strip())


def _numbers(m: re.Match[str]) -> list[int]:
    """The numbers of one list/range element, expanded."""
    nums = [_to_int(n) for n in _NUM_IN.findall(m.group("nums") or m.group("lo"))]
    hi = m.group("hi") or m.group("top")
    if hi is None:
        return nums
    lo, top = nums[-1], _to_int(hi)
    if top <= lo:
        return [*nums, top]
    if top - lo + 1 > MAX_RANGE:
        return [*nums, top]
    return [*nums[:-1], *range(lo, top + 1)]


@dataclass
class _Chain:
    """Numbers read at each level of one chain; None where the level is absent."""

    levels: list[list[tuple[int, int]] | None]  # per level: [(number, suffix)]
    start: int
    end: int
    first_level: int


def _read_chain(text: str, pos: int, min_level: int, first: bool) -> _Chain | None:
    """Read ``第X条第Y款第（Z）项第N目`` at ``pos``; the chain may start at ``min_level`` or below."""
    levels: list[list[tuple[int, int]] | None] = [None, None, None, None]
    cur = pos
    first_level = -1
    for lvl in range(min_level, 4):
        if first_level < 0:
            m = (_ELEM_FIRST if first else _ELEM_NEXT)[_LEVELS[lvl]].match(text, pos)
            if not m:
                continue  # a chain may start below its minimum level (第二款 …)
        else:
            m = _ELEM_FIRST[_LEVELS[lvl]].match(text, _SP_RE.match(text, cur).end())  # type: ignore[union-attr]
            if not m:
                continue  # 第二十七条第（一）项: no paragraph
        nums = _numbers(m)
        suffix = _to_int(m.group("suf")) if lvl == 0 and m.group("suf") else 0
        levels[lvl] = [(n, suffix if len(nums) == 1 else 0) for n in nums]
        if first_level < 0:
            first_level = lvl
        cur = m.end()
    if first_level < 0:
        return None
    return _Chain(levels, pos, cur, first_level)


def _unbracketed_title(text: str, at: int) -> tuple[str, int] | None:
    """A statute title written without 《》 right before ``at`` (刑法第二十条), with its start."""
    end = at
    while end > 0 and text[end - 1] in " \t\u3000":
        end -= 1
    if end == 0 or text[end - 1] not in _TITLE_LAST_CHARS:
        return None  # the common case: 依照第十条, ，第十条
    m = _TITLE_RUN.search(text, max(0, end - 60), end)
    if not m:
        return None
    run = m.group()
    if not run.endswith(TITLE_SUFFIXES):
        return None
    # the title starts after the last marker that leaves a real title (依照药品管理法实施条例: not 条例)
    cuts = sorted({0, *(mm.end() for mm in _TITLE_MARKERS.finditer(run))}, reverse=True)
    for cut in cuts:
        cand = run[cut:]
        china = cand.rfind("中华人民共和国")
        if china > 0:
            cut, cand = cut + china, cand[china:]
        if len(cand) < 2 or cand in _GENERIC_TITLES or _TITLE_BAD_START.match(cand):
            continue
        if not cand.endswith(TITLE_SUFFIXES) or _TITLE_MARKERS.match(cand):
            continue
        for conj in ("和", "及", "与"):  # 城乡规划法和土地管理法第…: the last title
            head, sep, tail = cand.rpartition(conj)
            if sep and head.endswith(TITLE_SUFFIXES) and len(tail) >= 2 and tail.endswith(TITLE_SUFFIXES):
                cut, cand = cut + len(head) + 1, tail
        return cand, m.start() + cut
    return None


def _emit(
    out: list[Citation],
    levels: list[list[tuple[int, int]] | None],
    text: str,
    start: int,
    end: int,
    title: str | None,
    internal: bool,
    relative: str | None,
) -> None:
    raw = text[start:end]
    arts: list[tuple[int | None, int]] = list(levels[0]) if levels[0] else [(None, 0)]
    for (art, suf), para, item, sub in product(
        arts,
        [p for p, _ in levels[1]] if levels[1] else [None],
        [i for i, _ in levels[2]] if levels[2] else [None],
        [s for s, _ in levels[3]] if levels[3] else [None],
    ):
        if sub is not None and item is None:
            continue  # a sub-item needs an item
        if any(x is not None and x < 1 for x in (art, para, item, sub)):
            continue  # 第〇条 is no provision
        out.append(Citation(title=title, internal=internal, relative=relative, article=art, suffix=suf,
                            paragraph=para, item=item, subitem=sub, start=start, end=end, raw=raw))


def _relative_parts(word: str) -> int:
    """The level a relative word stands for: 0 for 条, 1 for 款, 2 for 项."""
    return {"条": 0, "款": 1, "项": 2}[word[-1]]


def parse_citations(text: str, *, start: int = 0) -> list[Citation]:
    """Every citation in ``text``, in order, with lists and ranges expanded.

    ``start`` skips a prefix (an article's own label): spans stay relative to ``text``.

    >>> [(c.title, c.article) for c in parse_citations("依照刑法第二百三十四条、第二百三十五条的规定")]
    [('刑法', 234), ('刑法', 235)]
    >>> [(c.article, c.paragraph) for c in parse_citations("第十八条第二、三款")]
    [(18, 2), (18, 3)]
    >>> [c.article for c in parse_citations("本法第三十条至第三十二条")]
    [30, 31, 32]
    >>> parse_citations("第二款")[0].relative
    '本条'
    """
    out: list[Citation] = []
    pos, n = start, len(text)
    while pos < n:
        hit = _ANCHOR_START.search(text, pos)
        if hit is None:
            break
        m = _ANCHOR.match(text, hit.start())
        if m is None:
            pos = hit.start() + 1
            continue
        kind, begin = m.lastgroup, m.start()
        title: str | None = None
        internal = False
        relative: str | None = None
        if kind == "rel":
            relative = m.group()
            min_level = _relative_parts(relative) + 1
            chain = _read_chain(text, m.end(), min_level, first=True) if min_level < 4 else None
            last: list[list[tuple[int, int]] | None] = chain.levels if chain else [None] * 4
            pos = chain.end if chain else m.end()
        else:
            if kind == "title":
                title = m.group()[1:-1].strip()
                chain_at = _AFTER_TITLE.match(text, m.end()).end()  # type: ignore[union-attr]
            elif kind == "internal":
                internal = True
                chain_at = _SP_RE.match(text, m.end()).end()  # type: ignore[union-attr]
            else:
                chain_at = begin
            chain = _read_chain(text, chain_at, 0, first=True) if text.startswith("第", chain_at) else None
            if chain is None or (kind != "ref" and chain.first_level != 0):
                pos = m.end()
                continue
            if kind == "ref":
                if chain.first_level == 0:
                    found = _unbracketed_title(text, begin)
                    if found:
                        title, begin = found
                elif chain.first_level <= 2:
                    relative = "本条"  # a lone 第二款 / 第（三）项 is of this article
                else:
                    pos = chain.end  # a lone 第N目 has no item to hang on
                    continue
            last = chain.levels
            pos = chain.end
        _emit(out, last, text, begin, pos, title, internal, relative)
        # a list goes on: 、第四十二条 / 、第四款 / 、第（二）项 inherit what came before
        while pos < n:
            sep = _SEP.match(text, pos)
            if sep is None:
                break
            nxt = _read_chain(text, sep.end(), 0, first=False)
            if nxt is None or (nxt.first_level == 0 and relative is not None):
                break
            if nxt.first_level > 0 and relative is None and all(x is None for x in last[: nxt.first_level]):
                break  # 第十条、第（二）项: nothing to hang the item on
            last = [last[i] if i < nxt.first_level else nxt.levels[i] for i in range(4)]
            _emit(out, last, text, nxt.start, nxt.end, title, internal, relative)
            pos = nxt.end
    return out


# --------------------------------------------------------------------------
# rendering and identifiers
# --------------------------------------------------------------------------


def render_citation(pid: ProvisionId, title: str | None = None) -> str:
    """Chinese citation text for ``pid``: 《title》第六十四条第一款第（二）项, or the label alone.

    >>> render_citation(ProvisionId("刑法", None, 18, suffix=1), "中华人民共和国刑法")
    '《中华人民共和国刑法》第十八条之一'
    >>> render_citation(ProvisionId("x", None, 3, item=2, subitem=1))
    '第三条第（二）项第1目'
    """
    return f"《{title}》{pid.label}" if title else pid.label


_RELATIVE_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def to_provision_ids(
    c: Citation,
    statute_key: str,
    version: date | None,
    *,
    context: ProvisionId | None = None,
) -> list[ProvisionId]:
    """The provisions a citation denotes.

    ``statute_key``/``version`` name the statute the text belongs to: they are
    used for internal and unqualified citations; a titled citation gets
    ``statute_key(title)`` and no version.  ``context`` is where the citation
    stands (article, and paragraph/item when known); relative citations need
    it.  ``前两款`` gives two ids.  Raises ValueError when a relative citation
    has no context or points before the first paragraph/article.

    >>> here = ProvisionId("城乡规划法", None, 64, paragraph=3)
    >>> [str(p) for p in to_provision_ids(parse_citations("前两款")[0], "城乡规划法", None, context=here)]
    ['城乡规划法/art_64/para_1', '城乡规划法/art_64/para_2']
    """
    if c.title is not None:
        key, ver = make_statute_key(c.title), None
    else:
        key, ver = statute_key, version
    if c.relative is None:
        if c.article is None:
            raise ValueError(f"citation without an article: {c.raw!r}")
        return [ProvisionId(key, ver, c.article, c.suffix, c.paragraph, c.item, c.subitem)]
    if context is None:
        raise ValueError(f"relative citation {c.relative!r} needs a context")
    rel = c.relative
    count = _RELATIVE_COUNT.get(rel[1], 1) if rel.startswith("前") and len(rel) == 3 else 1
    art, suf = context.article, context.suffix
    if rel == "本条":
        return [ProvisionId(key, ver, art, suf, c.paragraph, c.item, c.subitem)]
    if rel == "本款":
        return [ProvisionId(key, ver, art, suf, context.paragraph, c.item, c.subitem)]
    if rel == "本项":
        if context.item is None:
            raise ValueError("本项 outside an item")
        return [ProvisionId(key, ver, art, suf, context.paragraph, context.item, c.subitem)]
    unit = rel[-1]
    if unit == "款":
        here = context.paragraph or 1
        if here - count < 1:
            raise ValueError(f"{rel} in paragraph {here}")
        return [ProvisionId(key, ver, art, suf, p, c.item, c.subitem) for p in range(here - count, here)]
    if unit == "项":
        if context.item is None or context.item - count < 1:
            raise ValueError(f"{rel} outside an item or in the first item")
        return [ProvisionId(key, ver, art, suf, context.paragraph, i, c.subitem)
                for i in range(context.item - count, context.item)]
    # 前条 / 前两条: 第十八条之一's previous article is 第十八条
    out: list[ProvisionId] = []
    a, s = art, suf
    for _ in range(count):
        if s > 0:
            s -= 1
        else:
            a -= 1
        if a < 1:
            raise ValueError(f"{rel} before the first article")
        out.append(ProvisionId(key, ver, a, s, c.paragraph, c.item, c.subitem))
    return out[::-1]


def to_provision_id(
    c: Citation,
    statute_key: str,
    version: date | None,
    *,
    context: ProvisionId | None = None,
) -> ProvisionId:
    """The one provision a citation denotes (see :func:`to_provision_ids`).

    Raises ValueError when it denotes several (前两款) or cannot be placed.

    >>> c = parse_citations("《中华人民共和国城乡规划法》第六十四条")[0]
    >>> str(to_provision_id(c, "浙江省城乡规划条例", date(2020, 9, 24)))
    '城乡规划法/art_64'
    >>> str(to_provision_id(parse_citations("本条例第十条")[0], "浙江省城乡规划条例", date(2020, 9, 24)))
    '浙江省城乡规划条例@2020-09-24/art_10'
    """
    ids = to_provision_ids(c, statute_key, version, context=context)
    if len(ids) != 1:
        raise ValueError(f"{c.raw!r} denotes {len(ids)} provisions")
    return ids[0]
