"""Search-quality floor: recall@5 and MRR on the demo data may not drop.

The cases are the gold sets whose expected statutes are all in ``demo/laws``
(their ``file`` fields name the statute file): the officer-style phrasing of
``tests/eval/colloquial.yaml`` and the catalog-style cases of
``../shared/eval/dev.yaml``.  The index is the demo data dir built by the
``demo_data`` fixture, as ``yiju demo`` builds it.

Floors are today's figures minus 0.02, measured on 2026-12-07 (before and after
the split of kg/search into a package: identical).  Raise them when search gets
better; a change that lowers them must say why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.datadir import DataDir
from kg.evaluation import EvalCase, EvalReport, evaluate, load_cases
from kg.search import WhooshIndex

REPO = Path(__file__).resolve().parents[2]
DEMO_LAWS = REPO / "demo" / "laws"
MARGIN = 0.02


def _in_demo(cases: list[EvalCase]) -> list[EvalCase]:
    return [c for c in cases if all(e.file and (DEMO_LAWS / e.file).is_file() for e in c.expected)]


@pytest.fixture(scope="module")
def index(demo_data: Path) -> Iterator[WhooshIndex]:
    current = DataDir(demo_data).current()
    assert current is not None
    idx = WhooshIndex.open(current / "index")
    yield idx
    idx.close()


def _check(report: EvalReport, cases: int, recall: float, mrr: float) -> None:
    misses = [d.case.id for d in report.misses]
    assert report.cases == cases, "the selection of cases changed: re-measure and update the floors"
    assert report.recall_at_k >= recall - MARGIN, f"recall@5 {report.recall_at_k:.4f} < {recall} - {MARGIN}; misses {misses}"
    assert report.mrr >= mrr - MARGIN, f"MRR {report.mrr:.4f} < {mrr} - {MARGIN}"


def test_colloquial_cases_on_the_demo_data(index: WhooshIndex) -> None:
    cases = _in_demo(load_cases(REPO / "tests" / "eval" / "colloquial.yaml"))
    # measured: 36 cases, recall@5 0.8889 (misses cq-010, cq-014, cq-028, cq-029), MRR 0.7985
    _check(evaluate(index, cases, k=5), cases=36, recall=0.8889, mrr=0.7985)


@pytest.mark.corpus
def test_dev_cases_on_the_demo_data(index: WhooshIndex, shared_dir: Path) -> None:
    cases = _in_demo(load_cases(shared_dir / "eval" / "dev.yaml"))
    # measured: 11 cases, recall@5 1.0, MRR 0.9318 (0.9545 before the learned ranker, kg.search.learned: one
    # case moved from rank 1 to 2; on the full corpus dev.yaml stays above its goal, see test_search_quality_corpus)
    _check(evaluate(index, cases, k=5), cases=11, recall=1.0, mrr=0.9318)
