"""Draw the provisions of the annotated penalty sample (tests/quality/penalty_sample.yaml).

The draw is fixed (seed :data:`SEED`) and stratified by level.  Per level of
法律, 行政法规, 地方性法规 and 规章: :data:`CANDIDATES` articles drawn among
those whose text holds a sanction *word* (a keyword superset, not the
extractor: 罚款, 警告, 没收, 吊销, 责令, 拘留, 处分 …) and :data:`RANDOM`
articles drawn among all; for 司法解释 (negatives) :data:`JUDICIAL` articles
among those with a sanction word.  The articles are parsed with the project's
own parser.  The annotations themselves are written by reading each text.

    python3 -m bench.penalty_sample [--laws ../shared/corpus/laws] > /tmp/sample.txt

prints, per drawn provision, its id, level, source and text, for reading.

A further, independent sample (tests/quality/penalty_heldout2.yaml) was drawn with
``--seed 20261208 --candidates 18 --random 6 --judicial 10 --half held_out --exclude
tests/quality/penalty_sample.yaml tests/quality/*_tuning*.yaml tests/quality/penalty_tuning_extra.yaml``:
the same method, restricted to ids of one half of the frozen split (ingest.penalty_eval ``_half_of``)
and excluding every id already annotated.

The tuning supplement tests/quality/penalty_tuning3.yaml was drawn with ``--seed 20261209 --candidates 22
--random 3 --judicial 6 --half tuning --exclude tests/quality/*.yaml``, then, because the 规章 pool is mostly
procedure rules, 15 more 规章 with ``--levels 规章 --word STRICT_WORD --candidates 15 --random 0`` (see its header).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

from ingest.decode import read_statute_file
from ingest.statutes import parse_statute
from kg.errors import ParseError
from kg.model import Level, ParsedStatute

SEED = 20261207
CANDIDATES = 35
RANDOM = 10
JUDICIAL = 20
SANCTION_WORD = re.compile("罚款|警告|没收|吊销|暂扣|拘留|责令|停业|关闭|处分|资质等级|从业|通报批评")
STRICT_WORD = "处[^。；]{0,40}罚款|给予警告|没收违法所得|吊销[^。；]{0,12}(许可证|执照|证书)"
"""A narrower word (a sanction being set, not only named), for pools where procedure rules dominate."""
STRATA = {
    "法律": (Level.LAW,),
    "行政法规": (Level.ADMIN_REGULATION,),
    "地方性法规": (Level.LOCAL_REGULATION,),
    "规章": (Level.DEPARTMENT_RULE, Level.LOCAL_RULE),
    "司法解释": (Level.JUDICIAL_INTERPRETATION,),
}
DEFAULT_LAWS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "laws"


def parse_corpus(laws: Path) -> dict[str, ParsedStatute]:
    out: dict[str, ParsedStatute] = {}
    for path in sorted(p for p in laws.rglob("*") if p.is_file() and p.name != "SOURCES.md"):
        try:
            text, source = read_statute_file(path, laws)
            out[source] = parse_statute(text, source)
        except ParseError:
            continue
    return out


def half_of(pid: str) -> str:
    """The frozen split of ingest.penalty_eval: held_out when the id's sha256 prefix is odd."""
    return "held_out" if int(hashlib.sha256(pid.encode()).hexdigest()[:8], 16) % 2 else "tuning"


def annotated_ids(samples: Iterable[Path]) -> set[str]:
    """Ids already annotated in the given sample files (``id``, or ``penalty`` in the tuning supplements)."""
    out: set[str] = set()
    for path in samples:
        with path.open(encoding="utf-8") as f:
            out.update(str(e.get("id") or e["penalty"]) for e in yaml.safe_load(f) or [])
    return out


def draw(parsed: dict[str, ParsedStatute], *, seed: int = SEED, candidates: int = CANDIDATES,
         random_n: int = RANDOM, judicial: int = JUDICIAL, half: str | None = None,
         exclude: frozenset[str] = frozenset(), word: re.Pattern[str] = SANCTION_WORD,
         levels: Iterable[str] | None = None, without: re.Pattern[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(stratum, provision id, source, text) of the drawn provisions, in a fixed order.

    ``half`` keeps only ids of that half of the frozen split; ``exclude`` drops ids already annotated;
    ``word`` is the sanction word of the candidates; ``without`` a pattern the candidates must not hold (a
    citation: 第X条); ``levels`` restricts the draw to those strata.
    The defaults are the settings of tests/quality/penalty_sample.yaml (its ids were drawn from the parser
    of that day: today's parse of the corpus yields a partly different draw).
    """
    rng = random.Random(seed)
    pools: dict[str, list[tuple[str, str, str]]] = {s: [] for s in (STRATA if levels is None else levels)}
    for source in sorted(parsed):
        ps = parsed[source]
        for name in pools:
            if ps.statute.level in STRATA[name]:
                pools[name].extend((str(p.id), source, p.text) for p in ps.provisions
                                   if str(p.id) not in exclude and (half is None or half_of(str(p.id)) == half))
    out: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for name, pool in pools.items():
        cands = [x for x in pool if word.search(x[2]) and not (without and without.search(x[2]))]
        picks = rng.sample(cands, min(len(cands), judicial if name == "司法解释" else candidates))
        if name != "司法解释":
            rest = [x for x in pool if x[0] not in {p[0] for p in picks}]
            picks += rng.sample(rest, random_n)
        for pid, source, text in picks:
            if pid not in seen:
                seen.add(pid)
                out.append((name, pid, source, text))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--laws", type=Path, default=DEFAULT_LAWS)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--candidates", type=int, default=CANDIDATES, help="per level, among articles with a sanction word")
    ap.add_argument("--random", type=int, default=RANDOM, help="per level, among all articles")
    ap.add_argument("--judicial", type=int, default=JUDICIAL, help="司法解释 articles with a sanction word")
    ap.add_argument("--half", choices=("held_out", "tuning"), help="only ids of this half of the frozen split")
    ap.add_argument("--exclude", type=Path, nargs="*", default=[], help="samples whose ids are left out")
    ap.add_argument("--word", default=SANCTION_WORD.pattern, help="regex of the candidates' sanction word")
    ap.add_argument("--levels", nargs="*", choices=tuple(STRATA), help="draw only these strata")
    ap.add_argument("--without", help="regex the candidates must not hold (e.g. a citation, 第X条)")
    args = ap.parse_args(argv)
    drawn = draw(parse_corpus(args.laws), seed=args.seed, candidates=args.candidates, random_n=args.random,
                 judicial=args.judicial, half=args.half, exclude=frozenset(annotated_ids(args.exclude)),
                 word=re.compile(args.word), levels=args.levels,
                 without=re.compile(args.without) if args.without else None)
    for name, pid, source, text in drawn:
        sys.stdout.write(f"=== {pid}\n{name} | {source}\n{text}\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
