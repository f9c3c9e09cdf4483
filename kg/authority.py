"""Who may decide: statutory township powers (法定) and the region rule.

One home for two rules every answer obeys (docs/DOMAIN.md, "Who may decide"):

- 法定: a township holds a penalty power by law only where the clause that
  *sets the sanction* names 乡、镇人民政府 / 街道办事处 as the body that
  decides, and only for 行政处罚 (行政处罚法 art. 9).  Orders (责令改正,
  责令停止建设, 限期拆除), duty sentences ("镇人民政府应当…"), discipline of
  the township itself and orders to village committees or parents are not.
- Local legislation binds only townships inside its region.

Everything here is pure except :func:`load_statutory_reviews`, which reads
``ontologies/statutory_powers.yaml``: reviewed confirmations and exclusions
that no rule catches, each with its reason and the quoted text.

The sanctions come from the penalty extraction (``Provision.sanctions``); the
deciding body of each sanction is read here from the article text, clause by
clause, because the extraction gives one body per article.

>>> from kg.model import Provision, ProvisionId, Sanction, SanctionKind
>>> text = ("违反本条例规定，乱堆粪便、垃圾的，由村民委员会批评教育，责令改正；"
...         "拒不改正的，乡（镇）人民政府可以处五百元以下罚款。")
>>> p = Provision(ProvisionId("重庆市村镇规划建设管理条例", None, 50), text,
...               sanctions=(Sanction(SanctionKind.CORRECT, "责令改正"),
...                          Sanction(SanctionKind.FINE, "处五百元以下罚款", max_amount=500.0)))
>>> [(c.body, c.kinds) for c in statutory_clauses(p)]
[('乡（镇）人民政府', ('罚款',))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InvalidInput
from kg.model import Provision, ProvisionId, SanctionKind
from kg.regions import within

REVIEWS_FILE = Path(__file__).resolve().parents[1] / "ontologies" / "statutory_powers.yaml"

#: 行政处罚法 (2021) art. 9: the kinds of 行政处罚.  Orders and enforcement measures are not among them.
PENALTY_KINDS: frozenset[SanctionKind] = frozenset({
    SanctionKind.WARNING, SanctionKind.CRITICISM, SanctionKind.FINE, SanctionKind.CONFISCATE_GAINS,
    SanctionKind.CONFISCATE_PROPERTY, SanctionKind.SUSPEND_LICENCE, SanctionKind.REVOKE_LICENCE,
    SanctionKind.LOWER_QUALIFICATION, SanctionKind.RESTRICT_ACTIVITY, SanctionKind.SUSPEND_BUSINESS,
    SanctionKind.CLOSE, SanctionKind.RESTRICT_PRACTICE, SanctionKind.DETENTION,
})

_KIND_WORDS: dict[SanctionKind, str] = {
    SanctionKind.WARNING: "警告", SanctionKind.CRITICISM: "通报批评", SanctionKind.FINE: "罚款",
    SanctionKind.CONFISCATE_GAINS: "没收", SanctionKind.CONFISCATE_PROPERTY: "没收",
    SanctionKind.SUSPEND_LICENCE: "暂扣", SanctionKind.REVOKE_LICENCE: "吊销",
    SanctionKind.LOWER_QUALIFICATION: "降低资质", SanctionKind.RESTRICT_ACTIVITY: "限制开展",
    SanctionKind.SUSPEND_BUSINESS: "停产停业", SanctionKind.CLOSE: "责令关闭",
    SanctionKind.RESTRICT_PRACTICE: "限制从业", SanctionKind.DETENTION: "拘留",
}

# 乡、镇人民政府 / 乡（镇）人民政府 / 乡镇人民政府（街道办事处） / 镇人民政府 / 街道办事处
TOWNSHIP = re.compile(
    r"(?<![城县市区省村])(?:乡、(?:民族乡、)?镇|乡（镇）|乡\(镇\)|镇（乡）|乡镇|乡级|乡|镇)(?:的)?人民政府|街道办事处|街道办(?!理)"
)
_BODY_END = "人民政府|办事处|主管部门|部门|机关|机构|委员会|管理局|执法局|局|所|站|队|中心"
# one body: a short run without clause punctuation ending in an institution word
_BODY_UNIT = re.compile(rf"[^，。；：,;:\n由对向报经]{{0,40}}?(?:{_BODY_END})(?:（[^（）]{{1,12}}）|\([^()]{{1,12}}\))?")
_JOINER = re.compile(r"、|或者|或|和|以及|及|会同|按照职责|依照职责|根据职责|依据职责")
# verbs that follow a deciding body in subject position ("…，乡（镇）人民政府可以处五百元以下罚款")
_SUBJECT_VERB = re.compile(r"可以|可|处|给予|予以|责令|对|依法|没收|吊销|暂扣|并处|按照职责|依照职责|根据职责|决定")
_CLAUSE_START = "，；。：,;:\n"
# words that end a body's name: what follows is what the body does ("乡镇人民政府责令村民委员会…")
_ACTION = re.compile(
    r"依照|依据|根据|按照|依法|会同|对|在|予以|给予|责令|处|没收|吊销|暂扣|并|可以|可|决定|采取|组织|实施|追缴|查封|"
    r"扣押|进行|作出|报|提请|撤销|注销|公告|罚|限期|禁止|通报|警告|应当|负责|指导|代为|有权|批评|确定|协助|配合"
)
_DISCIPLINE = re.compile(r"处分|问责|诫勉")
# a township that sanctions a village committee supervises it; it does not punish a party
_VILLAGE_OFFENDER = re.compile(r"(?:村民委员会|居民委员会|村委会|居委会|村民小组)(?:及其成员|成员)?(?:违反|不依照|不履行|未)")
_VILLAGE_OBJECT = re.compile(r"对(?:该)?(?:村民委员会|居民委员会|村委会|居委会|村民小组|村集体经济组织)")


@dataclass(frozen=True)
class BodyMention:
    """A deciding body named in subject position: "由X…", or "…，X可以处…"."""

    start: int  # where the body list starts in the article text
    end: int
    units: tuple[str, ...]  # the bodies of the list ("城管执法部门", "镇人民政府", "街道办事处")

    @property
    def text(self) -> str:
        return "、".join(self.units)

    @property
    def township_units(self) -> tuple[str, ...]:
        return tuple(u for u in self.units if TOWNSHIP.search(u))


@dataclass(frozen=True)
class StatutoryClause:
    """A clause that sets a 行政处罚 and names a township as the deciding body."""

    provision: ProvisionId  # the article, with the paragraph when the article has several
    clause: str  # the quoted sentence(s): from the naming of the body to the end of the sanction's sentence
    body: str  # the township body as the text names it
    kinds: tuple[str, ...]  # the art. 9 sanction kinds set in the clause
    shared_with: tuple[str, ...] = ()  # other bodies named as alternatives ("城管执法部门或者镇人民政府")
    bodies: tuple[str, ...] = ()  # every township body the clause names ("街道办事处", "乡镇人民政府")

    @property
    def body_types(self) -> frozenset[str]:
        """Which kinds of township the clause names: 乡镇 (乡、镇人民政府) and / or 街道 (街道办事处)."""
        return frozenset(body_type(b) for b in (self.bodies or (self.body,)) for b in body_parts(b))


SUBDISTRICT = "街道"
TOWN = "乡镇"


def body_parts(body: str) -> list[str]:
    """The township bodies named in a text ("乡镇人民政府（街道办事处）" names both)."""
    return [m.group() for m in TOWNSHIP.finditer(body)]


def body_type(body: str) -> str:
    """街道 for a 街道办事处, else 乡镇: a 街道办事处 is not a 乡、镇人民政府, nor the reverse.

    >>> body_type("街道办事处"), body_type("乡、镇人民政府"), body_type("龙华街道办事处"), body_type("石梁镇")
    ('街道', '乡镇', '街道', '乡镇')
    """
    return SUBDISTRICT if "街道" in body else TOWN


def body_mentions(text: str) -> list[BodyMention]:
    """Deciding bodies named in subject position, in text order.

    >>> [m.units for m in body_mentions("由城管执法部门或者镇人民政府、街道办事处按照职责责令改正")]
    [('城管执法部门', '镇人民政府', '街道办事处')]
    >>> [m.units for m in body_mentions("应当告知乡（镇）人民政府而不告知的，由区县民政部门追回")]
    [('区县民政部门',)]
    >>> [m.units for m in body_mentions("拒不改正的，乡（镇）人民政府可以处五百元以下罚款")]
    [('乡（镇）人民政府',)]
    >>> body_mentions("镇人民政府应当设置公共厕所")
    []
    """
    out: list[BodyMention] = []
    pos = 0
    while pos < len(text):
        by = text.find("由", pos)
        start = by + 1 if by >= 0 else -1
        mention = _body_list(text, start) if start > 0 else None
        if mention is not None:
            out.append(mention)
            pos = mention.end
        else:
            pos = by + 1 if by >= 0 else len(text)
    # subject position: right after a clause boundary, followed by a deciding verb
    for m in TOWNSHIP.finditer(text):
        k = m.start()
        while k > 0 and text[k - 1] not in _CLAUSE_START:
            k -= 1
        if any(mm.start <= m.start() < mm.end for mm in out):
            continue
        mention = _body_list(text, k)
        if mention is None or mention.start != k or not (m.start() < mention.end):
            continue
        if _SUBJECT_VERB.match(text, mention.end):
            out.append(mention)
    return sorted(out, key=lambda mm: mm.start)


def _body_list(text: str, start: int) -> BodyMention | None:
    """The list of bodies starting exactly at ``start`` ("X、Y或者Z"), or None."""
    units: list[str] = []
    pos = start
    end = start
    while True:
        m = _BODY_UNIT.match(text, pos)
        if m is None or not m.group().strip():
            break
        unit = m.group()
        end = m.end()
        # "县级人民政府" + "农业农村主管部门": a name goes on while no action word intervenes
        while (more := _BODY_UNIT.match(text, end)) is not None and more.group() and not _ACTION.search(more.group()):
            unit += more.group()
            end = more.end()
        units.extend(split_bodies(unit))
        j = _JOINER.match(text, end)
        if j is None:
            break
        nxt = _BODY_UNIT.match(text, j.end())
        if nxt is None:
            if j.group().endswith("职责"):
                end = j.end()
            break
        pos = j.end()
    if not units:
        return None
    return BodyMention(start, end, tuple(u.strip("、") for u in units if u.strip("、")))


_BODY_TAIL = re.compile(rf"(?:{_BODY_END})(?:（[^（）]*）|\([^()]*\))?$")


def split_bodies(text: str) -> list[str]:
    """A run of bodies split at 、 / 或者 / 或 / 以及 / 会同 outside brackets; "乡、镇人民政府" stays one.

    >>> split_bodies("街道办事处、乡镇人民政府")
    ['街道办事处', '乡镇人民政府']
    >>> split_bodies("乡、民族乡、镇人民政府")
    ['乡、民族乡、镇人民政府']
    >>> split_bodies("乡（镇）人民政府或市、县（市、区）农业行政管理部门")
    ['乡（镇）人民政府', '市、县（市、区）农业行政管理部门']
    """
    pieces: list[tuple[str, str]] = []  # (piece, the joiner before it)
    depth, cur, joiner, i = 0, "", "", 0
    while i < len(text):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0:
            j = re.match(r"、|或者|或|以及|会同", text[i:])
            if j:
                pieces.append((cur, joiner))
                cur, joiner = "", j.group()
                i += len(j.group())
                continue
        cur += ch
        i += 1
    pieces.append((cur, joiner))
    out: list[str] = []
    pending = ""
    for piece, join in pieces:
        if not piece:
            continue
        pending = f"{pending}{join if pending else ''}{piece}"
        if _BODY_TAIL.search(pending):
            out.append(pending)
            pending = ""
    if pending:
        if out:
            out[-1] += "、" + pending
        else:
            out.append(pending)
    return out


def _bounds(text: str, pos: int, stops: str) -> tuple[int, int]:
    lo = max(text.rfind(c, 0, pos) for c in stops) + 1
    ends = [i for i in (text.find(c, pos) for c in stops) if i >= 0]
    hi = min(ends) + 1 if ends else len(text)
    return lo, hi


def _positions(text: str, phrase: str) -> list[int]:
    out, i = [], text.find(phrase)
    while i >= 0 and phrase:
        out.append(i)
        i = text.find(phrase, i + 1)
    return out


def _paragraph_no(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def statutory_clauses(provision: Provision) -> tuple[StatutoryClause, ...]:
    """The clauses of a penalty article in which a township decides a 行政处罚.

    For each art. 9 sanction the extraction found, the deciding body is the
    nearest body named in subject position before it in the same paragraph
    (款).  A sanction whose paragraph names no body is decided by the body of
    the statute's general enforcement article: not a township power here.
    Warnings and 通报批评 in a sentence about 处分 are discipline, and a
    township that sanctions a village committee supervises it: both are left
    out.
    """
    text = provision.text
    if not TOWNSHIP.search(text):
        return ()
    found: dict[tuple[int, int], tuple[BodyMention, set[str]]] = {}
    mentions = body_mentions(text)
    for s in provision.sanctions:
        if s.kind not in PENALTY_KINDS:
            continue
        places = _positions(text, s.text) or _positions(text, _KIND_WORDS[s.kind])
        for p in places:
            para_lo, _ = _bounds(text, p, "\n")
            before = [m for m in mentions if para_lo <= m.start and m.end <= p]
            if not before:
                continue
            decider = before[-1]
            if not decider.township_units:
                continue
            sent_lo, _ = _bounds(text, decider.start, "。\n")
            _, sent_hi = _bounds(text, p, "。\n")
            span = text[decider.start:p]
            if _VILLAGE_OBJECT.search(span) or _VILLAGE_OFFENDER.search(text, sent_lo, decider.start):
                continue
            if s.kind in (SanctionKind.WARNING, SanctionKind.CRITICISM) and _DISCIPLINE.search(text[sent_lo:sent_hi]):
                continue
            key = (sent_lo, sent_hi)
            entry = found.setdefault(key, (decider, set()))
            entry[1].add(s.kind.value)
    out = []
    several = text.count("\n") > 0
    for (lo, hi), (decider, kinds) in sorted(found.items()):
        pid = provision.id.article_id()
        if several:
            pid = ProvisionId(pid.statute, pid.version, pid.article, pid.suffix, paragraph=_paragraph_no(text, lo))
        town = decider.township_units
        out.append(StatutoryClause(
            provision=pid, clause=text[lo:hi].strip(), body=town[0],
            kinds=tuple(sorted(kinds, key=_kind_order)),
            shared_with=tuple(u for u in decider.units if u not in town), bodies=town,
        ))
    return tuple(out)


_ORDER = {k.value: n for n, k in enumerate(SanctionKind)}


def _kind_order(kind: str) -> int:
    return _ORDER.get(kind, 99)


# --------------------------------------------------------------------------
# regions
# --------------------------------------------------------------------------


def region_covers(law_region: str | None, township_region: str | None) -> bool | None:
    """Whether legislation of ``law_region`` binds a township in ``township_region`` (``kg.regions.within``).

    National law (no region) binds everywhere; local legislation only inside
    its region.  Unlike ``kg.regions.applies`` (a search without a region is
    not restricted), a township of unknown region is not known to be bound by
    local law: ``None``, nobody can tell.

    >>> region_covers(None, "浙江省衢州市柯城区"), region_covers("浙江省", "浙江省衢州市柯城区")
    (True, True)
    >>> region_covers("广东省深圳市", "浙江省衢州市柯城区"), region_covers("浙江省", None)
    (False, None)
    """
    if not law_region:
        return True
    if not township_region:
        return None
    return within(township_region, law_region)


# --------------------------------------------------------------------------
# reviewed confirmations and exclusions (ontologies/statutory_powers.yaml)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class StatutoryReview:
    """A person's decision on one article: ``confirm`` a power no rule finds, or ``exclude`` a false one."""

    statute: str  # statute key (kg.model.statute_key)
    article: str  # 第六十五条
    decision: str  # confirm | exclude
    reason: str
    quote: str  # text of the article that decides it; the entry applies only where the article holds it
    kinds: tuple[str, ...] = ()
    reviewer_note: str = ""


@dataclass(frozen=True)
class StatutoryDecision:
    """Whether an article gives townships a penalty power by law, and why."""

    holds: bool
    clauses: tuple[StatutoryClause, ...]
    reason: str
    reviewed: StatutoryReview | None = None

    def applies_to(self, township_name: str) -> bool:
        """Whether the power is this township's: the law names its kind (乡镇 or 街道) as deciding body."""
        return self.holds and any(body_type(township_name) in c.body_types for c in self.clauses)


def parse_statutory_reviews(data: Any, source: str = "statutory_powers.yaml") -> tuple[StatutoryReview, ...]:
    """Validate the reviewed entries; a malformed entry is an InvalidInput naming it."""
    if not isinstance(data, dict) or not isinstance(data.get("reviewed"), list):
        raise InvalidInput(f"{source}：缺少 reviewed 列表", code="STATUTORY_REVIEWS_INVALID")
    out = []
    for n, raw in enumerate(data["reviewed"], 1):
        if not isinstance(raw, dict):
            raise InvalidInput(f"{source} 第{n}条：应为映射", code="STATUTORY_REVIEWS_INVALID")
        missing = [k for k in ("statute", "article", "decision", "reason", "quote") if not str(raw.get(k) or "").strip()]
        if missing:
            raise InvalidInput(f"{source} 第{n}条：缺少 {'、'.join(missing)}", code="STATUTORY_REVIEWS_INVALID")
        if raw["decision"] not in ("confirm", "exclude"):
            raise InvalidInput(f"{source} 第{n}条：decision 应为 confirm 或 exclude，实为“{raw['decision']}”",
                               code="STATUTORY_REVIEWS_INVALID")
        out.append(StatutoryReview(
            statute=str(raw["statute"]).strip(), article=str(raw["article"]).strip(), decision=raw["decision"],
            reason=_squash(str(raw["reason"])), quote=str(raw["quote"]).strip(),
            kinds=tuple(str(k) for k in raw.get("kinds") or ()), reviewer_note=_squash(str(raw.get("note") or "")),
        ))
    return tuple(out)


@cache
def _reviews_yaml(path: Path) -> tuple[StatutoryReview, ...]:
    return parse_statutory_reviews(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def load_statutory_reviews(path: Path = REVIEWS_FILE) -> tuple[StatutoryReview, ...]:
    return _reviews_yaml(path)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def decide_statutory(provision: Provision, reviews: Sequence[StatutoryReview] = ()) -> StatutoryDecision:
    """The rule's answer for one article, overridden by a reviewed entry whose quote the article holds.

    >>> from kg.model import Provision, ProvisionId, Sanction, SanctionKind
    >>> duty = Provision(ProvisionId("浙江省城市市容和环境卫生管理条例", None, 16),
    ...     "镇人民政府应当按照规定设置公共厕所。违反本条例规定的，由市容环境卫生主管部门处二百元罚款。",
    ...     sanctions=(Sanction(SanctionKind.FINE, "处二百元罚款", max_amount=200.0),))
    >>> decide_statutory(duty).holds
    False
    """
    label = provision.id.article_label
    body = _squash(provision.text)
    mine = [r for r in reviews if r.statute == provision.id.statute and r.article == label]
    applicable = [r for r in mine if _squash(r.quote) in body]
    clauses = statutory_clauses(provision)
    for r in applicable:
        if r.decision == "exclude":
            return StatutoryDecision(False, clauses, f"经人工审查排除：{r.reason}", r)
        clause = StatutoryClause(provision.id.article_id(), r.quote, _first_township(r.quote) or "乡镇人民政府",
                                 r.kinds, bodies=tuple(body_parts(r.quote)))
        return StatutoryDecision(True, clauses or (clause,), f"经人工审查确认：{r.reason}", r)
    if clauses:
        return StatutoryDecision(True, clauses, "设定处罚的条款规定由乡镇人民政府（街道办事处）决定")
    return StatutoryDecision(False, (), "设定处罚的条款未规定由乡镇人民政府（街道办事处）决定")


def _first_township(text: str) -> str | None:
    m = TOWNSHIP.search(text)
    return m.group() if m else None


def statutory_candidates(provisions: Iterable[Provision]) -> Iterable[Provision]:
    """Articles worth deciding: those that name a township at all."""
    return (p for p in provisions if TOWNSHIP.search(p.text))
