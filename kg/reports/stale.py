"""Report ``stale``: items citing an article that a later version changed, renumbered or removed."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from kg.model import ProvisionId
from kg.numerals import strip_article_label
from kg.reports.graph import Item, Link, _day, _excerpt, _finding, _Graph, _pid
from kg.reports.names import _grams
from kg.reports.types import RENUMBER_MIN, RESOLVED, TEXT_UNCHANGED, ReportResult
from kg.reports.unmapped import _category_rank
from kg.store import Props
from kg.validity import in_force

# --------------------------------------------------------------------------
# Report: stale
# --------------------------------------------------------------------------

_TEXT_DROP = re.compile(r"[\s\u3000，,。.、；;：:“”\"'‘’（）()《》【】\[\]!！?？]")


def normalize_article_text(text: str) -> str:
    """Article text for comparison: no label, whitespace or punctuation.

    >>> normalize_article_text("第六十四条 未取得建设工程规划许可证的，\\n处罚款。")
    '未取得建设工程规划许可证的处罚款'
    """
    return _TEXT_DROP.sub("", strip_article_label(unicodedata.normalize("NFKC", text or "")))


def text_similarity(a: str, b: str) -> float:
    """difflib ratio of two normalised article texts."""
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


class _ArticleIndex:
    """Articles of one statute version, and where an old article went.

    Candidates are ranked by the cosine of their character-bigram sets
    (through an inverted index, built on first use), then the best are
    re-scored with :func:`text_similarity` so that every similarity shown is
    the same measure.
    """

    def __init__(self, rows: Sequence[Props]) -> None:
        self.rows = sorted(rows, key=lambda r: (int(r.get("article") or 0), int(r.get("suffix") or 0)))
        self.by_number = {(int(r.get("article") or 0), int(r.get("suffix") or 0)): i for i, r in enumerate(self.rows)}
        self.texts = [normalize_article_text(str(r.get("text") or "")) for r in self.rows]
        self._postings: dict[str, list[int]] | None = None
        self._sizes: list[int] = []

    def same_number(self, article: int, suffix: int) -> tuple[Props, str] | None:
        i = self.by_number.get((article, suffix))
        return (self.rows[i], self.texts[i]) if i is not None else None

    def best(self, text: str, n: int = 3) -> list[tuple[float, int]]:
        if self._postings is None:
            self._postings = defaultdict(list)
            for i, t in enumerate(self.texts):
                gs = _grams(t)
                self._sizes.append(len(gs))
                for gram in gs:
                    self._postings[gram].append(i)
        query = _grams(text)
        shared: Counter[int] = Counter()
        for gram in query:
            shared.update(self._postings.get(gram, ()))
        norm = math.sqrt(len(query)) or 1.0
        top = sorted(((c / (norm * (math.sqrt(self._sizes[i]) or 1.0)), i) for i, c in shared.items()),
                     key=lambda s: (-s[0], s[1]))[:n]
        rescored = [(round(text_similarity(text, self.texts[i]), 3), i) for _, i in top]
        rescored.sort(key=lambda s: (-s[0], s[1]))
        return rescored


def report_stale(g: _Graph) -> ReportResult:
    """Items citing an article that a later version changed, renumbered or removed.

    Each cited article (with its version) is compared with the version in
    force on ``as_of`` (else the latest): the same-numbered article's text
    (normalised, difflib ratio < 0.95 means changed) and, through a
    character-bigram index of the later version, the article the old text
    most resembles.  Categories: ``amended`` (same number, new text),
    ``renumbered`` (another article matches better, ratio ≥ 0.5),
    ``removed``, ``statute_repealed``.  One finding per cited article, with
    every item citing it, the old and new texts and the candidates.
    """
    items = g.items()
    citing, cited = _cited_articles(items)
    statute_keys = sorted({pid.statute for pid in cited.values()})
    versions: dict[str, list[Props]] = defaultdict(list)
    wanted_statutes = set(statute_keys)
    for v in g.store.find("StatuteVersion"):
        if v.get("statute_key") in wanted_statutes:
            versions[str(v["statute_key"])].append(v)
    statutes = g.store.get_many("Statute", statute_keys)
    titles = {k: str(p.get("title") or k) for k, p in statutes.items()}
    day = g.day or g.today  # the report's date
    target: dict[str, Props | None] = {}
    for key, vs in versions.items():
        target[key] = _target_version(vs, day)
    successors = _successors(g, statutes, day)
    old_props = g.store.get_many("Provision", sorted(citing))
    indexes: dict[str, _ArticleIndex] = {}
    findings = []
    for node in sorted(citing):
        pid = cited[node]
        repeal = statutes.get(pid.statute, {})
        repealed_on = _day(repeal.get("repealed_on"))
        if repealed_on is not None and repealed_on <= day:
            old = old_props.get(node)
            if old is not None:
                findings.append(_repeal_finding(g, node, pid, old, repeal, successors.get(pid.statute), indexes,
                                                citing[node]))
            continue
        tv = target.get(pid.statute)
        if tv is None or _day(tv.get("version")) == pid.version:
            continue
        old = old_props.get(node)
        if old is None:
            continue
        old_version = next((v for v in versions[pid.statute] if _day(v.get("version")) == pid.version), None)
        if old_version is not None and (_day(old_version.get("valid_from") or old_version.get("version")) or date.min) >= (
                _day(tv.get("valid_from") or tv.get("version")) or date.min):
            continue  # the cited version is not older than the one we compare with
        tkey = str(tv["key"])
        if tkey not in indexes:
            indexes[tkey] = _ArticleIndex(g.store.find("Provision", version_key=tkey))
        idx = indexes[tkey]
        old_text = normalize_article_text(str(old.get("text") or ""))
        found = idx.same_number(pid.article, pid.suffix)
        same = found[0] if found else None
        same_sim = text_similarity(old_text, found[1]) if found else 0.0
        title = titles.get(pid.statute, pid.statute)
        label = pid.article_label
        new_label = f"《{title}》（{tv.get('version') or tkey}版）"
        repealed = bool(tv.get("repealed")) and _day(tv.get("valid_to")) is None  # repealed, date not known
        verdict = _classify(idx, old_text, same, same_sim, repealed=repealed, new_label=new_label, label=label)
        if verdict is None:
            continue
        category, why, cands = verdict
        cand_rows = [{"provision_id": idx.rows[i]["key"], "article": idx.rows[i].get("label"), "similarity": s,
                      "text": _excerpt(idx.rows[i].get("text"), 300)} for s, i in cands]
        best_cand = cand_rows[0] if cand_rows and category == "renumbered" else None
        findings.append(_finding(
            g, category,
            f"事项引用的《{title}》（{pid.version}版）{label}：{why}；请按现行版本核对并更新依据",
            citing[node], statute=pid.statute, statute_title=title, cited_provision=node, cited_version=str(pid.version),
            current_version=str(tv.get("version") or tkey), article=label,
            old_text=str(old.get("text") or ""), new_text=str(same.get("text") or "") if same else None,
            new_provision=same["key"] if same else None, same_number_similarity=round(same_sim, 3),
            candidate=best_cand, candidates=cand_rows,
        ))
    findings.sort(key=lambda f: (_category_rank(f["category"]), f["cited_provision"]))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "cited_articles": len(citing), "findings": len(findings),
               "items_affected": len({k for f in findings for k in (i["key"] for i in f["items"])}),
               **{c: counts.get(c, 0) for c in ("amended", "renumbered", "removed", "statute_repealed")}}
    return ReportResult("stale", "", g.filters, summary, findings)


def _cited_articles(items: Sequence[Item]) -> tuple[dict[str, list[Item]], dict[str, ProvisionId]]:
    """Resolved, versioned articles the items cite: article node -> items citing it, and -> its id."""
    citing: dict[str, list[Item]] = defaultdict(list)  # cited article (with its version) -> items
    cited: dict[str, ProvisionId] = {}
    memo: dict[tuple[Link, ...], list[str]] = {}  # catalogs repeat the same basis
    for item in items:
        nodes = memo.get(item.basis)
        if nodes is None:
            nodes = memo[item.basis] = []
            for lk in item.basis:
                if lk.provision and lk.status == RESOLVED:
                    pid = _pid(lk.provision)
                    if pid is None or pid.version is None:
                        continue
                    node = str(pid.article_id())
                    if node not in nodes:
                        nodes.append(node)
                        cited[node] = pid.article_id()
        for node in nodes:
            citing[node].append(item)
    return citing, cited


def _classify(idx: _ArticleIndex, old_text: str, same: Props | None, same_sim: float, *, repealed: bool,
              new_label: str, label: str) -> tuple[str, str, list[tuple[float, int]]] | None:
    """(category, reason, candidates) for a cited article against the later version; None when unchanged."""
    if repealed:
        return "statute_repealed", f"{new_label}已废止", []
    if same is not None and same_sim >= TEXT_UNCHANGED:
        return None
    cands = idx.best(old_text)
    best = cands[0] if cands else None
    best_row = idx.rows[best[1]] if best else None
    best_is_same = best_row is not None and same is not None and best_row["key"] == same["key"]
    if best and best[0] >= RENUMBER_MIN and not best_is_same and best[0] > same_sim:
        why = (f"{new_label}中同号条文{'内容已不同' if same else '不存在'}（相似度{same_sim:.2f}），"
               f"原条文内容最接近{best_row.get('label') if best_row else ''}（相似度{best[0]:.2f}），疑似条文序号调整")
        return "renumbered", why, cands
    if same is not None:
        return "amended", f"{new_label}中{label}内容已修改（相似度{same_sim:.2f}，低于{TEXT_UNCHANGED}）", cands
    return "removed", f"{new_label}中已无{label}，也没有内容相近的条文", cands


def _successors(g: _Graph, statutes: dict[str, Props], day: date) -> dict[str, tuple[str, Props]]:
    """Repealed statute -> (repealing provision, the repealing statute's version in force on ``day``)."""
    out: dict[str, tuple[str, Props]] = {}
    repealed = [k for k, p in statutes.items() if p.get("repealed_on")]
    if not repealed:
        return out
    for src, dst in g.store.edge_rows_to("REPEALS", (), repealed):
        by = g.store.get("Provision", src)
        if by is None:
            continue
        vs = g.store.find("StatuteVersion", statute_key=by["statute_key"])
        tv = _target_version(vs, day)
        if tv is not None:
            out[dst] = (src, tv)
    return out


def _repeal_finding(
    g: _Graph, node: str, pid: ProvisionId, old: Props, statute: Props, successor: tuple[str, Props] | None,
    indexes: dict[str, _ArticleIndex], items: Sequence[Item],
) -> dict[str, Any]:
    """A cited statute repealed by the report date; the successor's closest articles as *suggested* replacements.

    The successor is the statute whose article repealed it (``REPEALS``); its
    articles are ranked by how closely their wording matches the old
    article's (character-bigram cosine, re-scored by difflib), among penalty
    articles when the old one is a penalty.  Every candidate stays
    ``suggested`` until a person confirms it.
    """
    title = str(statute.get("title") or pid.statute)
    repeal_text = str(statute.get("repeal_text") or "")
    cand_rows: list[dict[str, Any]] = []
    by_key = None
    if successor is not None:
        by_key, tv = successor
        penalty = bool(old.get("is_penalty"))
        ikey = f"{tv['key']}|{'penalty' if penalty else 'all'}"
        if ikey not in indexes:
            rows = g.store.find("Provision", version_key=str(tv["key"]))
            indexes[ikey] = _ArticleIndex([r for r in rows if r.get("is_penalty")] if penalty else rows)
        idx = indexes[ikey]
        cands = idx.best(normalize_article_text(str(old.get("text") or "")))
        cand_rows = [{"provision_id": idx.rows[i]["key"], "article": idx.rows[i].get("label"), "similarity": sim,
                      "text": _excerpt(idx.rows[i].get("text"), 300), "status": "suggested", "confirmed": False}
                     for sim, i in cands if sim > 0]
    best = cand_rows[0] if cand_rows else None
    hint = (f"；取代它的规定中措辞最接近的是{best['provision_id']}（相似度{best['similarity']:.2f}，建议，待人工确认）"
            if best else "；未找到可建议的替代条文")
    return _finding(
        g, "statute_repealed",
        f"事项引用的《{title}》{pid.article_label}：该法规已于{statute.get('repealed_on')}废止（{repeal_text}）{hint}",
        items, statute=pid.statute, statute_title=title, cited_provision=node, cited_version=str(pid.version),
        current_version=None, article=pid.article_label, old_text=str(old.get("text") or ""), new_text=None,
        new_provision=None, same_number_similarity=None, repealed_on=statute.get("repealed_on"),
        repealed_by=statute.get("repealed_by") or by_key, repeal_text=repeal_text,
        candidate=best, candidates=cand_rows,
    )


def _target_version(versions: Sequence[Props], day: date | None) -> Props | None:
    """The version to compare with: in force on ``day``, else the latest."""
    def start(v: Props) -> date:
        return _day(v.get("valid_from") or v.get("version")) or date.min

    if day is None:
        return max(versions, key=lambda v: (start(v), str(v.get("source") or ""))) if versions else None
    live = [v for v in versions if in_force(start(v), _day(v.get("valid_to")), day)]
    return max(live, key=start) if live else None


