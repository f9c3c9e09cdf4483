"""Hostile catalog names never reach outside the data directory or delete other data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.pipeline import ingest_catalog, ingest_laws, stored_catalogs
from kg.datadir import DataDir
from kg.errors import InvalidInput
from kg.safenames import inside, safe_component, safe_filename

DEMO_LAWS = Path(__file__).resolve().parents[2] / "demo" / "laws"
GREENING = "行政法规/城市绿化条例(2017-03-01).md"
CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,甲镇\n")

HOSTILE = ["..", ".", "a/..", "../x", "..\\..", "/", "\x00", "长" * 300, "..." , " .. ", "a/../../b"]


@given(st.text(min_size=1, max_size=400))
def test_a_safe_component_is_one_harmless_path_component(name: str) -> None:
    safe = safe_component(name)
    assert safe not in ("", ".", "..")
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe and ".." not in safe
    assert len(safe) <= 80


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_inside(tmp_path: Path, name: str) -> None:
    for made in (safe_component(name), safe_filename(name + ".csv")):
        path = inside(tmp_path, made)
        assert tmp_path.resolve() in path.resolve().parents


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    for parts in ((".."), ("a", "..", ".."), ("/etc",), (".",)):
        with pytest.raises(InvalidInput) as err:
            inside(tmp_path, *parts)
        assert err.value.code == "UNSAFE_PATH"


@pytest.fixture
def data(tmp_path: Path) -> DataDir:
    laws = tmp_path / "laws" / GREENING
    laws.parent.mkdir(parents=True)
    shutil.copy(DEMO_LAWS / GREENING, laws)
    data = DataDir(tmp_path / "data")
    ingest_laws([tmp_path / "laws"], data, workers=1)
    return data


def _catalog(tmp_path: Path, name: str, doc_number: str | None = None) -> Path:
    folder = tmp_path / f"in-{abs(hash((name, doc_number)))}"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(CSV, "utf-8")
    if doc_number is not None:
        (folder / (path.stem + ".meta.yaml")).write_text(f'doc_number: "{doc_number}"\n', "utf-8")
    return path


@pytest.mark.parametrize(("name", "doc_number"), [("...csv", None), ("..csv", None), ("a.csv", ".."),
                                                   ("b.csv", "."), ("c.csv", "a/.."), ("d.csv", "长" * 300)])
def test_hostile_catalog_keys_twice_lose_nothing(tmp_path: Path, data: DataDir, name: str,
                                                 doc_number: str | None) -> None:
    other = ingest_catalog(_catalog(tmp_path, "other.csv", "柯政办发〔2022〕1号"), data)
    for _ in range(2):  # the second ingest is the one that removed the old copy
        out = ingest_catalog(_catalog(tmp_path, name, doc_number), data)
        assert out["catalog"] not in (".", "..")
        assert data.current() is not None and (data.current() / "graph.pickle").exists()
    kept = stored_catalogs(data)
    assert len(kept) == 2, kept
    assert all(data.catalogs.resolve() in p.resolve().parents for p in kept)
    assert {p.parent.name for p in kept} >= {other["catalog"]}
    assert (tmp_path / "laws" / GREENING).exists()
