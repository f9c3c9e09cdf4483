"""Search quality as data: gold cases in YAML, recall@k and MRR over any ``SearchIndex``.

The case format is the one of ``shared/eval/dev.yaml``::

    cases:
    - id: lh-046
      query: 对擅自占用城市绿地……的行政处罚
      region: 广东省深圳市            # optional
      expected:
      - law: 城市绿化条例              # full title (or an alias / short title)
        article: 27                   # integer; suffix: 1 for 第…条之一
        role: penalty                 # or violated
        evidence: 第二十七条 未经同意…  # first characters of the provision, verbatim
      reasoning: why these provisions  # optional, for hand-written sets

A case is a hit at rank *r* when any expected provision (its statute, by
title or alias, and its article number with suffix) is the *r*-th
provision among the results; catalog items in the results are skipped.
Recall@k counts cases hit within the top ``k``; MRR averages ``1/r`` of the
first hit within the top ``max(k, 20)`` results (0 when absent).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.analysis import normalize
from kg.errors import InvalidInput
from kg.model import ProvisionId, statute_key

if TYPE_CHECKING:
    from kg.search import SearchIndex

__all__ = ["CaseResult", "EvalCase", "EvalReport", "Expected", "evaluate", "format_report", "load_cases"]


@dataclass(frozen=True)
class Expected:
    law: str
    article: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    role: str | None = None
    version: str | None = None
    file: str | None = None
    evidence: str | None = None

    @property
    def label(self) -> str:
        from kg.numerals import article_label

        return f"{self.law}{article_label(self.article, self.suffix)}"


@dataclass(frozen=True)
class EvalCase:
    id: str
    query: str
    expected: tuple[Expected, ...]
    region: str | None = None
    as_of: date | None = None
    reasoning: str | None = None
    domain: str | None = None


@dataclass
class CaseResult:
    case: EvalCase
    rank: int | None  # 1-based rank of the first expected provision, None when absent
    top: list[str]  # "statute 第X条" of the top results (provisions only)
    seconds: float
    message: str | None = None

    def hit_at(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.case.id, "query": self.case.query, "region": self.case.region, "rank": self.rank,
            "expected": [e.label for e in self.case.expected], "top": self.top,
            "ms": round(self.seconds * 1000, 2), "message": self.message,
        }


@dataclass
class EvalReport:
    k: int
    cases: int
    recall_at_k: float
    mrr: float
    p50_ms: float
    p99_ms: float
    details: list[CaseResult] = field(default_factory=list)

    @property
    def misses(self) -> list[CaseResult]:
        return [d for d in self.details if not d.hit_at(self.k)]

    def to_dict(self, verbose: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "k": self.k, "cases": self.cases, f"recall@{self.k}": round(self.recall_at_k, 4),
            "mrr": round(self.mrr, 4), "p50_ms": round(self.p50_ms, 2), "p99_ms": round(self.p99_ms, 2),
        }
        if verbose:
            out["details"] = [d.to_dict() for d in self.details]
        return out


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def _bad(path: Path | str, where: str, reason: str) -> InvalidInput:
    return InvalidInput(f"评测文件 {Path(path).name} {where}：{reason}", code="EVAL_FILE_INVALID",
                        file=str(path))


def _opt_int(value: Any, path: Path | str, where: str, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _bad(path, where, f"{name} 应为整数，实际是「{value!r}」")
    try:
        return int(value)
    except ValueError:
        raise _bad(path, where, f"{name} 应为整数，实际是「{value}」") from None


def load_cases(path: Path | str) -> list[EvalCase]:
    """Read a YAML case file; raises ``InvalidInput`` with a Chinese message for bad files."""
    import yaml

    p = Path(path)
    try:
        raw_text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"找不到评测文件：{p}", code="EVAL_FILE_NOT_FOUND", file=str(p)) from None
    except UnicodeDecodeError:
        raise _bad(p, "", "不是 UTF-8 编码的文本") from None
    try:
        raw = yaml.safe_load(raw_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        raise _bad(p, where, f"不是有效的 YAML（{getattr(exc, 'problem', None) or exc}）") from None
    except ValueError as exc:  # e.g. an impossible date that YAML reads as a timestamp
        raise _bad(p, "", f"含有无法解析的值（{exc}）") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cases"), list):
        raise _bad(p, "", "顶层应为映射，并包含 cases 列表")
    cases: list[EvalCase] = []
    seen: set[str] = set()
    for n, c in enumerate(raw["cases"], 1):
        where = f"第{n}个用例"
        if not isinstance(c, dict):
            raise _bad(p, where, "应为映射（id/query/expected …）")
        cid = str(c.get("id") or f"case-{n}")
        where = f"用例「{cid}」"
        if cid in seen:
            raise _bad(p, where, "id 重复")
        seen.add(cid)
        query = c.get("query")
        if not isinstance(query, str) or not query.strip():
            raise _bad(p, where, "缺少 query（查询文字）")
        exp_raw = c.get("expected")
        if not isinstance(exp_raw, list) or not exp_raw:
            raise _bad(p, where, "缺少 expected（至少一条期望条文）")
        expected: list[Expected] = []
        for m, e in enumerate(exp_raw, 1):
            ewhere = f"{where} 第{m}条期望"
            if not isinstance(e, dict):
                raise _bad(p, ewhere, "应为映射（law/article …）")
            law = e.get("law")
            if not isinstance(law, str) or not law.strip():
                raise _bad(p, ewhere, "缺少 law（法规名称）")
            article = _opt_int(e.get("article"), p, ewhere, "article")
            if article is None or article < 1:
                raise _bad(p, ewhere, "缺少 article（条号，正整数）")
            version = e.get("version")
            expected.append(Expected(
                law=law.strip(), article=article, suffix=_opt_int(e.get("suffix"), p, ewhere, "suffix") or 0,
                paragraph=_opt_int(e.get("paragraph"), p, ewhere, "paragraph"),
                item=_opt_int(e.get("item"), p, ewhere, "item"), role=e.get("role"),
                version=str(version) if version is not None else None, file=e.get("file"),
                evidence=e.get("evidence"),
            ))
        as_of = c.get("as_of")
        if as_of is not None and not isinstance(as_of, date):
            try:
                as_of = date.fromisoformat(str(as_of))
            except ValueError:
                raise _bad(p, where, f"as_of 应为 YYYY-MM-DD，实际是「{as_of}」") from None
        region = c.get("region")
        cases.append(EvalCase(
            id=cid, query=query, expected=tuple(expected), region=str(region) if region else None,
            as_of=as_of, reasoning=c.get("reasoning"), domain=c.get("domain"),
        ))
    if not cases:
        raise _bad(p, "", "cases 列表为空")
    return cases


# --------------------------------------------------------------------------
# Evaluating
# --------------------------------------------------------------------------


def _key(name: str) -> str:
    return normalize(statute_key(name)).replace(" ", "")


def _statute_matcher(index: SearchIndex) -> Callable[[str], set[str]]:
    """law name -> set of acceptable statute keys (normalised), via the index's aliases when it has them."""
    names: dict[str, list[str]] = {}
    getter = getattr(index, "statute_names", None)
    if callable(getter):
        try:
            names = getter()
        except Exception:  # noqa: BLE001 - aliases are a convenience
            names = {}

    def match(law: str) -> set[str]:
        k = _key(law)
        out = {k}
        for form in (normalize(law).replace(" ", ""), k):
            out.update(_key(x) for x in names.get(form, ()))
        return out

    return match


def _hit_article(hit: Any) -> tuple[str, int, int] | None:
    if getattr(hit, "kind", "provision") != "provision":
        return None
    try:
        pid = ProvisionId.parse(hit.provision_id)
    except ValueError:
        return None
    statute = getattr(hit, "statute_key", None) or pid.statute
    return _key(statute), pid.article, pid.suffix


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    pos = min(len(s) - 1, max(0, round(q * (len(s) - 1))))
    return s[pos]


def evaluate(
    index: SearchIndex, cases: Iterable[EvalCase], k: int = 5, *, search: Callable[..., Any] | None = None,
    top_n: int = 10,
) -> EvalReport:
    """Search every case (with its region and date) and score recall@k and MRR.

    ``search`` replaces ``index.search`` (e.g. a baseline with extra flags);
    it is called as ``search(query, region=…, as_of=…, limit=…)``.
    """
    limit = max(k, 20)
    run = search or index.search
    match = _statute_matcher(index)
    details: list[CaseResult] = []
    for case in cases:
        wanted = {(s, e.article, e.suffix) for e in case.expected for s in match(e.law)}
        started = time.perf_counter()
        result = run(case.query, region=case.region, as_of=case.as_of, limit=limit)
        elapsed = time.perf_counter() - started
        rank: int | None = None
        top: list[str] = []
        r = 0
        for hit in result.hits:
            art = _hit_article(hit)
            if art is None:
                continue
            r += 1
            if len(top) < top_n:
                top.append(f"{hit.statute_title or art[0]}{hit.article}")
            if rank is None and art in wanted:
                rank = r
        details.append(CaseResult(case, rank, top, elapsed, getattr(result, "message", None)))
    n = len(details)
    recall = sum(d.hit_at(k) for d in details) / n if n else 0.0
    mrr = sum(1.0 / d.rank for d in details if d.rank is not None and d.rank <= limit) / n if n else 0.0
    times = [d.seconds * 1000 for d in details]
    return EvalReport(
        k=k, cases=n, recall_at_k=recall, mrr=mrr,
        p50_ms=statistics.median(times) if times else 0.0, p99_ms=_percentile(times, 0.99), details=details,
    )


def format_report(report: EvalReport, *, title: str = "", verbose: bool = False) -> str:
    """A short Chinese/plain summary; with ``verbose`` the rank and top results of each case."""
    lines = [
        (f"{title}用例 {report.cases} 个：recall@{report.k} = {report.recall_at_k:.3f}，MRR = {report.mrr:.3f}，"
        f"延迟 p50 = {report.p50_ms:.1f} ms，p99 = {report.p99_ms:.1f} ms")
    ]
    if verbose:
        for d in report.details:
            mark = "✓" if d.hit_at(report.k) else "✗"
            rank = d.rank if d.rank is not None else "-"
            lines.append(f"{mark} [{d.case.id}] 名次 {rank}  {d.case.query[:60]}")
            lines.append(f"    期望：{'；'.join(e.label for e in d.case.expected)}")
            lines.append(f"    结果：{'；'.join(d.top[:5])}")
            if d.message:
                lines.append(f"    提示：{d.message}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.evaluation INDEX_DIR CASES.yaml [-k 5] [--verbose]``."""
    import argparse

    from kg.search import WhooshIndex

    ap = argparse.ArgumentParser(description="检索评测：recall@k 与 MRR")
    ap.add_argument("index", type=Path)
    ap.add_argument("cases", type=Path)
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    try:
        cases = load_cases(args.cases)
    except InvalidInput as exc:
        print(f"[{exc.code}] {exc.message}")
        return 2
    index = WhooshIndex.open(args.index)
    report = evaluate(index, cases, k=args.k)
    print(format_report(report, verbose=args.verbose))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
