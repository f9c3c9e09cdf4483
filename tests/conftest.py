"""Shared fixtures: paths to the shared corpus, a data dir built from the demo data and a small search index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kg.search import WhooshIndex

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEMO = REPO / "demo"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "laws").is_dir():
        pytest.fail(f"共享语料缺失：{SHARED}（测试需要仓库旁的 ../shared）", pytrace=False)
    return SHARED


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the demo statutes and demo catalogs ingested (built once per session)."""
    from ingest.pipeline import ingest_catalog, ingest_laws
    from kg.datadir import DataDir

    root = tmp_path_factory.mktemp("demo-data")
    data = DataDir(root)
    ingest_laws([DEMO / "laws"], data, workers=1)
    for cat in sorted((DEMO / "catalogs").glob("*")):
        if cat.suffix.lower() in (".xlsx", ".xls", ".csv", ".json"):
            ingest_catalog(cat, data)
    return root


@pytest.fixture(scope="session")
def demo_service(demo_data: Path) -> Iterator[object]:
    from api.service import Yiju
    from kg.settings import Settings

    yield Yiju(Settings(data_dir=demo_data, upload_token="test-token"))


@pytest.fixture(scope="module")
def snippet_index() -> WhooshIndex:
    """An in-memory index of the real snippets of tests/unit/search_fixture.py, built once per test module
    (a test that changes it, e.g. its ranker model, puts it back)."""
    from tests.unit.search_fixture import corpus, in_memory_index

    return in_memory_index(corpus())
