"""The penalty sampler's options (bench/penalty_sample.py): each one restricts the draw as it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.penalty_sample import draw, half_of, parse_corpus

DEMO_LAWS = Path(__file__).resolve().parents[2] / "demo" / "laws"


@pytest.fixture(scope="module")
def parsed() -> dict:
    return parse_corpus(DEMO_LAWS)


def test_half_exclude_word_and_levels_restrict_the_draw(parsed: dict) -> None:
    full = draw(parsed, seed=1, candidates=3, random_n=1, judicial=0, levels=["法律", "行政法规"])
    assert full and {name for name, *_ in full} == {"法律", "行政法规"}
    held = draw(parsed, seed=1, candidates=3, random_n=1, judicial=0, half="held_out", levels=["法律"])
    assert held and all(half_of(pid) == "held_out" for _, pid, _, _ in held)
    excluded = frozenset(pid for _, pid, _, _ in full)
    again = draw(parsed, seed=1, candidates=3, random_n=1, judicial=0, exclude=excluded, levels=["法律", "行政法规"])
    assert again and not excluded & {pid for _, pid, _, _ in again}
    strict = re.compile("吊销")
    picks = draw(parsed, seed=2, candidates=2, random_n=0, judicial=0, word=strict, levels=["法律"])
    assert picks and all(strict.search(text) for *_, text in picks)


def test_the_draw_is_fixed_by_its_seed(parsed: dict) -> None:
    args = {"candidates": 3, "random_n": 1, "judicial": 0, "levels": ["法律"]}
    assert draw(parsed, seed=5, **args) == draw(parsed, seed=5, **args)
    assert draw(parsed, seed=5, **args) != draw(parsed, seed=6, **args)
