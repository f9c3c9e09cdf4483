"""bench/pairing_signals.py (issue 15, round 12): the word-level BM25 signal tested as a second 违则 signal."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.pairing_signals import WordIndex, main
from kg.model import Provision, ProvisionId


def _p(article: int, text: str) -> Provision:
    return Provision(ProvisionId("放射性污染防治法", None, article), text)


def test_word_index_ranks_the_rule_worded_unlike_its_breach() -> None:
    # 放射性污染防治法 arts. 33 and 29: 不按照规定报告放射源丢失、被盗情况 breaks art. 33 (…必须…报告)
    rules = [
        _p(29, "第二十九条 生产放射性同位素的，应当建立放射性同位素产品台账，并按照国务院环境保护行政主管部门制定的编码规则，"
               "对生产的放射源统一编码。"),
        _p(33, "第三十三条 生产、销售、使用、贮存放射源的单位，应当建立健全安全保卫制度，指定专人负责，落实安全责任制，"
               "制定必要的事故应急措施。发生放射源丢失、被盗和放射性污染事故时，有关单位和个人必须立即采取应急措施，"
               "并向公安部门、卫生行政部门和环境保护行政主管部门报告。"),
    ]
    ranked = WordIndex(rules).rank("不按照规定报告放射源丢失、被盗情况", [r.id for r in rules])
    assert ranked[0][2].article == 33
    assert ranked[0][0] > ranked[1][0]
    assert ranked[0][1] == pytest.approx(1.0)  # 报告, 放射源, 丢失, 被盗 all in art. 33


def test_no_shared_word_scores_nothing() -> None:
    rules = [_p(29, "第二十九条 生产放射性同位素的，应当建立放射性同位素产品台账。")]
    assert WordIndex(rules).rank("擅自占用城市绿化用地", [rules[0].id])[0][:2] == (0.0, 0.0)


def test_held_out_files_are_refused() -> None:
    with pytest.raises(SystemExit, match="held-out"):
        main([str(Path("tests/quality/penalty_heldout9.yaml"))])
