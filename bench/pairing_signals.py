"""A second signal for inferred 违则 (issue 15, round 12), measured leave-one-file-out over the tuning files.

The pairing (ingest.pairing) matches a conduct clause against its statute's rule articles by character-bigram
containment, which misses rules worded unlike their breach (未按照规定报告 vs 应当…报告).  This script tests a
second, independent signal on the clauses the pairing leaves unpaired: word-level BM25 (kg.analysis.cut_words,
breach and generic words left out, IDF over the statute's rule articles) over the same candidates the pairing
considers (rule articles up to the penalty's own number, lists of rights left out).  A clause's BM25 leader is
proposed when it is also the bigram leader (no tie); each proposal keeps its features:

- ``cover``: the share of the clause's word IDF mass the rule holds;
- ``lead``: the rule's BM25 over the runner-up's;
- ``bigram``: its weighted bigram share (the pairing's own score, below the pairing's bars by construction);
- ``others``: whether the 罚则 has other 违则 now, ``near``: whether one of them is within 3 articles;

and is judged right when the reader's 违则 list of the file holds it.  A clause counts as paired when its text is
the reason of one of the 罚则's inferred pairs or its bigram leader (from MIN_SCOPED) is among the 罚则's 违则:
an outside view of infer_violated_pairs, close to but not exactly its per-clause bookkeeping.

Two fits, each scored on the file left out after fitting on all the others: thresholds on (cover, lead, bigram)
(the most right pairs at a precision of at least --floor), and a logistic regression on all five features (numpy,
L2) at several probability cuts.  Held-out files are refused.

    python -m bench.pairing_signals tests/quality/penalty_sample.yaml tests/quality/penalty_tuning3.yaml …

Measured 2026-12-07 on main at 82f012d over penalty_sample (both halves), tuning3-9, tuning_extra, tuning6_check and
tuning8_check (11 files; the held-outs never): 145 read 违则 of those files' 罚则 are not found now (14 of them
articles a gate rejects as no rule); of the 130 left, the missing rule is the BM25 leader of one of its 罚则's
clauses for 56, the bigram leader for 49.  But the unpaired clauses include many whose rule is elsewhere or absent:
the proposals (BM25 leader = bigram leader) are 37 right, 60 wrong.  Out of file, thresholds fitted at precision
>= 0.95 add +2 right, +3 wrong (>= 0.8: +3 / +5); the logistic regression adds +14 / +13 at p >= 0.5, +6 / +7 at
0.7, +1 / +3 at 0.8.  The same signal wired inside infer_violated_pairs (not committed) gave 37 right / 59 wrong
wide open.  A verb-object variant tried ad hoc (the one candidate rule holding the clause's duty verb, 报告/备案/设置
…, after 应当/必须/不得, and the word after the verb) was 6 right, 10 wrong in sample.  No variant reaches the
current inferred precision (~91 %) out of file: nothing was changed in ingest.pairing.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.pairing import (
    _BREACH_WORDS,
    _GENERIC_BREACH,
    MIN_SCOPED,
    MIN_SCORE,
    _bigrams,
    _rank,
    conduct_clauses,
    is_rule_article,
    states_rights,
)
from ingest.penalty_eval import _art, _parse, load_sample
from kg.analysis import cut_words
from kg.model import Provision, ProvisionId
from kg.numerals import strip_article_label

_NOISE = frozenset({"违反", "规定", "有关", "本法", "本条例", "本办法", "本规定", "单位", "个人", "行为", "下列", "之一",
                    "情形", "未", "不", "擅自", "按照", "依照", "依法", "拒不", "或者", "应当", "的"})
GRID = list(itertools.product((0.5, 0.6, 0.7, 0.8, 0.9), (1.0, 1.25, 1.5, 2.0, 3.0), (0.3, 0.4, 0.5, 0.6)))
CUTS = (0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Proposal:
    file: str
    penalty: str
    target: str
    clause: str
    cover: float
    lead: float
    bigram: float
    others: bool
    near: bool
    right: bool


def _words(text: str) -> list[str]:
    return [w for w in cut_words(text) if w not in _NOISE and re.search(r"[\u4e00-\u9fff]", w)]


class WordIndex:
    """Word-level BM25 of a clause against one statute version's rule articles."""

    def __init__(self, rules: Sequence[Provision]) -> None:
        self.docs = {p.id: Counter(_words(strip_article_label(p.text))) for p in rules}
        self.df: Counter[str] = Counter()
        for d in self.docs.values():
            self.df.update(d.keys())
        self.avg = sum(sum(d.values()) for d in self.docs.values()) / max(len(self.docs), 1)

    def rank(self, clause: str, candidates: Collection[ProvisionId]) -> list[tuple[float, float, ProvisionId]]:
        """(BM25, share of the clause's word IDF mass the rule holds, rule), best first."""
        words = set(_words(_BREACH_WORDS.sub("", _GENERIC_BREACH.sub("", clause))))
        n = len(self.docs)
        idf = {w: math.log(1 + (n - self.df[w] + 0.5) / (self.df[w] + 0.5)) for w in words}
        mass = sum(idf.values())
        out = []
        for did in candidates:
            d = self.docs[did]
            norm = 1.2 * (0.25 + 0.75 * sum(d.values()) / self.avg) if self.avg else 1.2
            score = sum(idf[w] * d[w] * 2.2 / (d[w] + norm) for w in words if d[w])
            out.append((score, sum(idf[w] for w in words if d[w]) / mass if mass else 0.0, did))
        return sorted(out, key=lambda x: (-x[0], str(x[2])))


def proposals(file: str, entry: dict[str, Any], provisions: Sequence[Provision]) -> list[Proposal]:
    """The second signal's proposals for one annotated 罚则 (see the module docstring)."""
    prov = next((p for p in provisions if str(p.id) == entry["id"]), None)
    if prov is None or not prov.is_penalty:
        return []
    own = prov.id.statute
    gold = {g for g in entry["violated"] if "/" not in g}
    paired = [t for t in (*prov.violated, *prov.violated_inferred) if t.statute == own]
    named = {_art(t) for t in paired}  # (a 违则 of a paragraph, 第三十九条第二款, is its article's)
    reasons = " ".join(n.reason for n in prov.violated_inferred_notes)
    penalty_ids = {p.id for p in provisions if p.sanctions}
    duties = [p for p in provisions if p.id not in penalty_ids and is_rule_article(p)]
    grams = [(_bigrams(strip_article_label(p.text)), p.id) for p in duties]
    df: Counter[str] = Counter()
    for g, _ in grams:
        df.update(g.keys())
    rights = {p.id for p in duties if states_rights(p)}
    candidates = [(g, d) for g, d in grams if d.article <= prov.id.article and d not in rights]
    if not candidates:
        return []
    index: WordIndex | None = None
    out = []
    for clause in conduct_clauses(prov.text):
        why = clause.strip("，,。；; ")
        if "其他" in clause or f"“{why[:60]}”" in reasons:
            continue
        weighted = [(g, 1.0 if df[g] <= max(2, len(grams) // 10) else 0.3) for g in _bigrams(clause)]
        if not sum(w for _, w in weighted):
            continue
        scores, best, _ = _rank(weighted, candidates)
        if best is not None and best[0] < MIN_SCORE:
            bare = [(g, w) for g, w in weighted if g in _bigrams(_BREACH_WORDS.sub("", clause))]
            if sum(w for _, w in bare):
                rescued = _rank(bare, candidates)
                if rescued[1] is not None and rescued[1][0] >= MIN_SCORE:
                    scores, best = rescued[0], rescued[1]
        if best is not None and best[0] >= MIN_SCOPED and _art(best[1]) in named:
            continue
        index = index or WordIndex(duties)
        ranked = index.rank(clause, list(scores))
        if not ranked or ranked[0][0] <= 0:
            continue
        top, cover, did = ranked[0]
        lead_score = max(scores.values())
        if scores[did] < lead_score or sum(1 for x in scores.values() if x == lead_score) > 1 or _art(did) in named:
            continue  # not the bigram leader too, or a tie: none
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        out.append(Proposal(file, entry["id"], _art(did), why, cover, top / runner_up if runner_up else 99.0,
                            scores[did], bool(paired), any(abs(t.article - did.article) <= 3 for t in paired),
                            _art(did) in gold))
    return out


def collect(files: Sequence[Path], laws: Path) -> list[Proposal]:
    out: list[Proposal] = []
    cache: dict[str, Any] = {}
    for f in files:
        for e in load_sample(f):
            if not e.get("is_penalty") or e.get("violated") is None:
                continue
            if e["source"] not in cache:
                cache[e["source"]] = _parse(laws, e["source"])
            ps = cache[e["source"]]
            if ps is not None:
                seen = {(x.penalty, x.target) for x in out}
                out.extend(x for x in proposals(f.name, e, ps.provisions) if (x.penalty, x.target) not in seen)
    return out


def _count(props: Sequence[Proposal]) -> tuple[int, int]:
    right = sum(x.right for x in props)
    return right, len(props) - right


def _passing(props: Sequence[Proposal], th: tuple[float, float, float]) -> list[Proposal]:
    return [x for x in props if x.cover >= th[0] and x.lead >= th[1] and x.bigram >= th[2]]


def fit_thresholds(props: Sequence[Proposal], floor: float) -> tuple[float, float, float] | None:
    best: tuple[int, int, tuple[float, float, float]] | None = None
    for th in GRID:
        tp, fp = _count(_passing(props, th))
        if tp and tp / (tp + fp) >= floor and (best is None or (tp, -fp) > (best[0], -best[1])):
            best = (tp, fp, th)
    return best[2] if best else None


def _matrix(props: Sequence[Proposal]) -> np.ndarray:
    return np.array([[1.0, x.cover, math.log(min(x.lead, 20.0)), 3 * x.bigram, float(x.others), float(x.near)]
                     for x in props])


def fit_logistic(props: Sequence[Proposal], l2: float = 0.001, steps: int = 20000) -> np.ndarray:
    x, y = _matrix(props), np.array([float(p.right) for p in props])
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= 2.0 * (x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]])
    return w


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="leave-one-file-out test of a second 违则 signal (word BM25)")
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--laws", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "laws")
    ap.add_argument("--floor", type=float, nargs="+", default=[0.95, 0.9, 0.8])
    ap.add_argument("--list", action="store_true", help="print every proposal")
    args = ap.parse_args(argv)
    if any("heldout" in f.name for f in args.files):
        raise SystemExit("held-out files are never scored here")
    props = collect(args.files, args.laws)
    right, wrong = _count(props)
    print(f"proposals (unpaired clauses whose BM25 leader is the bigram leader): {right} right, {wrong} wrong")
    if args.list:
        for x in sorted(props, key=lambda x: -x.bigram):
            print(f"{'right' if x.right else 'wrong'} cover {x.cover:.2f} lead {x.lead:.2f} bigram {x.bigram:.2f} "
                  f"others {int(x.others)} near {int(x.near)} {x.penalty} -> {x.target}: {x.clause[:50]}")
    names = sorted({x.file for x in props})
    for floor in args.floor:
        tp = fp = 0
        for name in names:
            th = fit_thresholds([x for x in props if x.file != name], floor)
            got = _count(_passing([x for x in props if x.file == name], th)) if th else (0, 0)
            tp, fp = tp + got[0], fp + got[1]
        th = fit_thresholds(props, floor)
        right, wrong = _count(_passing(props, th)) if th else (0, 0)
        print(f"thresholds fitted at precision >= {floor}: out of file +{tp} right, +{fp} wrong; in sample {th} -> "
              f"{right} right, {wrong} wrong")
    prob = np.zeros(len(props))
    for name in names:
        w = fit_logistic([x for x in props if x.file != name])
        mine = [i for i, x in enumerate(props) if x.file == name]
        prob[mine] = 1 / (1 + np.exp(-_matrix([props[i] for i in mine]) @ w))
    for cut in CUTS:
        kept = [x for x, p in zip(props, prob, strict=True) if p >= cut]
        right, wrong = _count(kept)
        print(f"logistic regression, out of file, p >= {cut}: +{right} right, +{wrong} wrong")
    print("weights on all files (1, cover, log lead, 3*bigram, others, near):", fit_logistic(props).round(2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
