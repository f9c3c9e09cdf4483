"""The ingest stages: typed outputs, and only the write stage changes the store."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from ingest.stages.build import build_catalog, statute_figures, statute_layer, statutory_powers_bundle
from ingest.stages.parse import collect_law_files, load_amendment_decisions, parse_catalog, parse_laws
from ingest.stages.resolve import decide_statutory_powers, resolve_catalog
from ingest.stages.write import write_bundle, write_catalog
from kg.nx_store import NetworkxStore

DEMO = Path(__file__).resolve().parents[2] / "demo"
CATALOG = DEMO / "catalogs" / "kecheng_demo_delegation_2022.xlsx"


def _snapshot(store: NetworkxStore) -> bytes:
    return pickle.dumps((list(store.graph.nodes(data=True)), list(store.graph.edges(keys=True, data=True))))


@pytest.fixture(scope="module")
def statutes(tmp_path_factory: pytest.TempPathFactory) -> NetworkxStore:
    found = collect_law_files([DEMO / "laws"])
    laws = parse_laws(list(found.files.values()), tmp_path_factory.mktemp("cache"), 1, None)
    assert found.skipped >= 1 and laws.parsed == len(found.files) and laws.rejected == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        laws.parsed = 0  # type: ignore[misc]
    store = NetworkxStore()
    write_bundle(store, statute_layer(laws, load_amendment_decisions()))
    return store


def test_parsing_again_comes_from_the_cache(tmp_path: Path) -> None:
    found = collect_law_files([DEMO / "laws" / "行政法规"])
    first = parse_laws(list(found.files.values()), tmp_path, 1, None)
    again = parse_laws(list(found.files.values()), tmp_path, 1, None)
    assert (first.cached, again.cached) == (0, len(found.files)) and first.parsed > 0
    assert again.statutes == first.statutes and again.tokens == first.tokens


def test_resolve_and_build_read_the_store_and_write_changes_it(statutes: NetworkxStore) -> None:
    store = NetworkxStore(statutes.graph.copy())
    figures = statute_figures(store)
    assert figures["statutes"] > 0 and figures["articles"] >= figures["penalty_provisions"] > 0
    assert decide_statutory_powers(store) is None  # no township before a catalog names one
    before = _snapshot(store)
    resolved = resolve_catalog(parse_catalog(CATALOG, None), store, None)
    built = build_catalog(resolved, store)
    assert _snapshot(store) == before  # resolve and build only read
    assert built.report["items"] == len(resolved.items) > 0
    assert sum(built.report["resolution"].values()) == sum(len(i.basis) for i in resolved.items)

    report = write_catalog(store, built)
    assert report is built.report
    assert store.count("PenaltyItem") == report["items"]
    assert '"catalog"' in (store.get("Catalog", built.key) or {}).get("ingest_report", "")

    after_catalog = _snapshot(store)
    powers = decide_statutory_powers(store)
    assert powers is not None and {t.name for t in powers.townships} >= {"石梁镇", "航埠镇"}
    assert _snapshot(store) == after_catalog
    write_bundle(store, statutory_powers_bundle(powers))
    assert store.count("Catalog") == 2  # the catalog and the 法定 one


def test_a_parse_cached_by_other_parser_code_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.stages import parse

    found = collect_law_files([DEMO / "laws" / "行政法规"])
    files = list(found.files.values())
    assert parse_laws(files, tmp_path, 1, None).cached == 0
    assert parse_laws(files, tmp_path, 1, None).cached == len(files)
    cached = sorted(tmp_path.glob("*/*.pickle"))
    # another penalty rule, 施行-date reading …: another fingerprint, so every file is parsed again
    monkeypatch.setattr(parse, "parser_fingerprint", lambda: "0" * 64)
    again = parse_laws(files, tmp_path, 1, None)
    assert again.cached == 0 and again.parsed == len(files)
    assert not any(p.exists() for p in cached)  # the stale entries are pruned
    assert len(list(tmp_path.glob("*/*.pickle"))) == len(files)


def test_the_parser_fingerprint_covers_the_rules_the_parse_runs() -> None:
    from ingest.stages.parse import _parser_modules, parser_fingerprint

    modules = _parser_modules()
    for name in ("ingest.statutes", "ingest.penalties", "ingest.pairing", "ingest.citations", "ingest.decode",
                 "kg.analysis", "kg.model", "kg.numerals", "ingest.stages.parse"):
        assert name in modules, name
    assert len(parser_fingerprint()) == 64
