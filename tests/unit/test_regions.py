"""One region rule: search, the statute listing and reports agree (kg.regions)."""

from __future__ import annotations

import pytest

from kg.nx_store import NetworkxStore
from kg.queries import list_statutes
from kg.regions import applies, related, relevant, within
from kg.search import region_applies
from kg.store import GraphBundle

CASES = [
    # legislation region, user region, applies (the legal rule), relevant (what a search or listing shows)
    (None, "浙江省台州市", True, True),
    ("浙江省", "浙江省台州市", True, True),
    ("浙江省台州市", "台州市", True, True),
    ("浙江省台州市", "浙江省台州市黄岩区", True, True),
    ("浙江省台州市", "浙江省", False, True),
    ("浙江省杭州市", "浙江省台州市", False, False),
    ("浙江省", "广东省深圳市", False, False),
    ("广东省深圳市", "深圳市龙华区", True, True),
]


@pytest.mark.parametrize(("legislation", "user", "applies_", "relevant_"), CASES)
def test_the_rule(legislation: str | None, user: str, applies_: bool, relevant_: bool) -> None:
    assert applies(legislation, user) is applies_
    assert relevant(legislation, user) is relevant_
    assert region_applies(legislation, user) is relevant_  # kg.search uses the same rule


def test_within_is_a_partial_order() -> None:
    regions = ["浙江省", "浙江省台州市", "浙江省台州市黄岩区", "浙江省杭州市", "广东省"]
    for a in regions:
        assert within(a, a)
        for b in regions:
            if a != b and within(a, b):
                assert not within(b, a)
            assert related(a, b) == (within(a, b) or within(b, a))


def test_statute_listing_matches_a_region_given_without_its_province() -> None:
    store = NetworkxStore()
    bundle = GraphBundle()
    for key, region in (("台州市城乡规划条例", "浙江省台州市"), ("杭州市市容条例", "浙江省杭州市"), ("城乡规划法", None)):
        bundle.add_node("Statute", key, {"key": key, "title": key, "level": "地方性法规" if region else "法律",
                                         "region": region})
    store.write(bundle)
    listed = {s["key"] for s in list_statutes(store, region="台州市")["statutes"]}
    assert listed == {"台州市城乡规划条例", "城乡规划法"}
