"""One version filed twice in the corpus (the same law under two branches of law, 经济法/ and 行政法/, one copy
with a line more in its 题注) is one version in force, not a version that ends on the day it starts: the
as-of-today filter hid 广告法, 民法典, 职业病防治法 … while they were in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.statutes import parse_statute
from kg.graph_build import statutes_bundle

LAWS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "laws"
TWINS = ("经济法/广告法(2021-04-29).md", "行政法/广告法(2021-04-29).md")


@pytest.mark.corpus
@pytest.mark.parametrize("order", [TWINS, TWINS[::-1]])
def test_a_version_filed_twice_stays_in_force(order: tuple[str, str]) -> None:
    if not all((LAWS / rel).is_file() for rel in order):
        pytest.skip("shared corpus not present")
    parsed = [parse_statute((LAWS / rel).read_text("utf-8"), rel) for rel in order]
    bundle = statutes_bundle(parsed)
    versions = {props["key"]: props for props in bundle.nodes["StatuteVersion"]}
    assert list(versions) == ["广告法@2021-04-29"]
    props = versions["广告法@2021-04-29"]
    assert props.get("valid_to") in (None, ""), props.get("valid_to")
    assert date.fromisoformat(str(props["valid_from"])) <= date(2026, 12, 7)
