"""The search's answer does not depend on Python's hash seed: words matched or replaced longest first are ordered
by length and then by code point, never by a set's iteration order (which changes with PYTHONHASHSEED)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.analysis import longest_first

REPO = Path(__file__).resolve().parents[2]

# "还有人" holds two noise words of one length, 还有 and 有人: replaced in set order, the text kept differed
_PROBE = """
from kg.search.char_units import _NOISE_WORDS, char_units
text = "禁渔期还有人偷偷下网捕鱼，这个怎么处罚"
for w in _NOISE_WORDS:
    text = text.replace(w, " ")
print(list(_NOISE_WORDS)[:50], sorted(char_units(text)))
"""


def test_longest_first_orders_ties_by_code_point() -> None:
    words = {"有人", "还有", "处罚", "怎么处罚", "罚"}
    assert sorted(words, key=longest_first) == ["怎么处罚", "处罚", "有人", "还有", "罚"]


def test_noise_words_and_query_units_are_the_same_under_any_hash_seed() -> None:
    outs = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True,
                             cwd=REPO)
        outs.add(run.stdout)
    assert len(outs) == 1, outs
