"""Every planner report gives identical findings on every GraphStore backend.

The reports are written once over the protocol; this checks that nothing in
them leans on one backend's habits (ordering, missing null properties, list
types).  The reference answer comes from the embedded store.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from api.exports import render_report
from kg.nx_store import NetworkxStore
from kg.reports import REPORTS, ReportFilters, run_report
from kg.store import GraphStore
from tests.unit.reports_fixture import build

TODAY = date(2025, 6, 1)
CASES = [
    (name, filters)
    for name in REPORTS
    for filters in (ReportFilters(), ReportFilters(township="航埠镇"), ReportFilters(as_of=date(2024, 1, 1)))
]


@pytest.fixture(scope="module")
def reference() -> NetworkxStore:
    return build(NetworkxStore())  # type: ignore[return-value]


def _answer(store: GraphStore, name: str, filters: ReportFilters) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_report(run_report(store, name, filters, today=TODAY), "json"))
    return data


def test_every_report_gives_identical_findings_on_both_backends(store: GraphStore, reference: NetworkxStore) -> None:
    build(store)
    for name, filters in CASES:
        got, want = _answer(store, name, filters), _answer(reference, name, filters)
        assert got["findings"] == want["findings"], f"{name} {filters}"
        assert got["summary"] == want["summary"], f"{name} {filters}"
        assert got["sections"] == want["sections"], f"{name} {filters}"
        assert got["message"] == want["message"], f"{name} {filters}"


def test_empty_graph_and_unknown_names_behave_the_same(store: GraphStore) -> None:
    for name in REPORTS:
        result = run_report(store, name, today=TODAY)
        assert result.findings == [] and result.message
    from kg.errors import NotFound

    with pytest.raises(NotFound):
        run_report(store, "no-such-report")


def test_stale_after_a_repeal_is_the_same_on_both_backends(store: GraphStore) -> None:
    from tests.unit.test_time_validity import build_stale_fixture

    build_stale_fixture(store)
    ref = build_stale_fixture(NetworkxStore())
    for filters in (ReportFilters(), ReportFilters(as_of=date(2022, 6, 4))):
        answer = _answer(store, "stale", filters)
        assert answer == _answer(ref, "stale", filters)
    assert _answer(store, "stale", ReportFilters())["findings"][0]["candidate"]["status"] == "suggested"
