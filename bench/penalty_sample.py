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
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from ingest.decode import read_statute_file
from ingest.statutes import parse_statute
from kg.errors import ParseError
from kg.model import Level, ParsedStatute

SEED = 20261207
CANDIDATES = 35
RANDOM = 10
JUDICIAL = 20
SANCTION_WORD = re.compile("罚款|警告|没收|吊销|暂扣|拘留|责令|停业|关闭|处分|资质等级|从业|通报批评")
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


def draw(parsed: dict[str, ParsedStatute]) -> list[tuple[str, str, str, str]]:
    """(stratum, provision id, source, text) of the drawn provisions, in a fixed order."""
    rng = random.Random(SEED)
    pools: dict[str, list[tuple[str, str, str]]] = {s: [] for s in STRATA}
    for source in sorted(parsed):
        ps = parsed[source]
        for name, levels in STRATA.items():
            if ps.statute.level in levels:
                pools[name].extend((str(p.id), source, p.text) for p in ps.provisions)
    out: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for name, pool in pools.items():
        cands = [x for x in pool if SANCTION_WORD.search(x[2])]
        picks = rng.sample(cands, JUDICIAL if name == "司法解释" else CANDIDATES)
        if name != "司法解释":
            rest = [x for x in pool if x[0] not in {p[0] for p in picks}]
            picks += rng.sample(rest, RANDOM)
        for pid, source, text in picks:
            if pid not in seen:
                seen.add(pid)
                out.append((name, pid, source, text))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--laws", type=Path, default=DEFAULT_LAWS)
    args = ap.parse_args(argv)
    for name, pid, source, text in draw(parse_corpus(args.laws)):
        sys.stdout.write(f"=== {pid}\n{name} | {source}\n{text}\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
