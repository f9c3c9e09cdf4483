"""The ingest pipeline on small real files: bad input is reported, nothing is lost."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest_laws
from kg.datadir import DataDir
from kg.errors import Conflict
from kg.nx_store import NetworkxStore

DEMO_LAWS = Path(__file__).resolve().parents[2] / "demo" / "laws"
GREENING = "行政法规/城市绿化条例(2017-03-01).md"
ROADS = "行政法规/城市道路管理条例(2019-03-24).md"


def _store(data: DataDir) -> NetworkxStore:
    cur = data.current()
    assert cur is not None
    return NetworkxStore.load(cur / "graph.pickle")


def _copy(rel: str, dest: Path) -> Path:
    target = dest / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEMO_LAWS / rel, target)
    return target


@pytest.fixture
def data(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


def test_bad_files_are_rejected_with_reasons_and_the_rest_loads(tmp_path: Path, data: DataDir) -> None:
    first = tmp_path / "first"
    _copy(GREENING, first)
    report = ingest_laws([first], data, workers=1)
    assert (report.parsed, report.rejected, report.statutes) == (1, 0, 1)

    second = tmp_path / "second"
    gbk = _copy(ROADS, second)
    gbk.write_bytes(gbk.read_text("utf-8").encode("gbk"))  # published GBK text still reads
    (second / "binary.md").write_bytes(bytes(range(256)) * 40)
    docx = io.BytesIO()
    import docx as python_docx

    doc = python_docx.Document()
    doc.add_paragraph("某某条例")
    doc.add_paragraph("第一条 为了测试，制定本条例。")
    doc.save(docx)
    (second / "truncated.docx").write_bytes(docx.getvalue()[:700])
    report = ingest_laws([second], data, workers=1)

    codes = {d["source"]: d["code"] for d in report.diagnostics if d.get("severity", "error") == "error"}
    assert set(codes) == {"binary.md", "truncated.docx"}, report.diagnostics
    assert all(codes.values())
    assert all(any("\u4e00" <= c <= "\u9fff" for c in d["message"]) for d in report.diagnostics)
    assert report.rejected == 2
    store = _store(data)
    # the earlier statute is still there, the GBK one was added
    assert {s["key"] for s in store.find("Statute")} == {"城市绿化条例", "城市道路管理条例"}


def test_unchanged_input_is_detected_without_rebuilding(tmp_path: Path, data: DataDir) -> None:
    src = tmp_path / "src"
    _copy(GREENING, src)
    ingest_laws([src], data, workers=1)
    generation = data.current()
    again = ingest_laws([src], data, workers=1)
    assert again.unchanged and data.current() == generation
    assert again.statutes == 1


def test_a_parser_upgrade_rebuilds_unchanged_input(tmp_path: Path, data: DataDir,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.stages import parse

    src = tmp_path / "src"
    _copy(GREENING, src)
    ingest_laws([src], data, workers=1)
    generation = data.current()
    monkeypatch.setattr(parse, "parser_fingerprint", lambda: "0" * 64)
    monkeypatch.setattr("ingest.pipeline.parser_fingerprint", parse.parser_fingerprint)
    monkeypatch.setattr("ingest.stages.write.parser_fingerprint", parse.parser_fingerprint)
    upgraded = ingest_laws([src], data, workers=1)
    assert not upgraded.unchanged and upgraded.cached == 0 and data.current() != generation
    assert data.manifest()["parser"] == "0" * 64
    assert ingest_laws([src], data, workers=1).unchanged


def test_replace_all_drops_earlier_statutes(tmp_path: Path, data: DataDir) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _copy(GREENING, a)
    _copy(ROADS, b)
    ingest_laws([a], data, workers=1)
    before = data.current()
    with pytest.raises(Conflict) as refused:  # it would drop the only statute: needs confirmation
        ingest_laws([b], data, workers=1, replace_all=True)
    assert refused.value.code == "REPLACE_DROPS_MOST"
    assert data.current() == before
    ingest_laws([b], data, workers=1, replace_all=True, confirm=True)
    assert [s["key"] for s in _store(data).find("Statute")] == ["城市道路管理条例"]


def test_replace_with_an_empty_folder_is_refused_before_parsing(tmp_path: Path, data: DataDir) -> None:
    a, empty = tmp_path / "a", tmp_path / "empty"
    _copy(GREENING, a)
    _copy(ROADS, a)
    empty.mkdir()
    ingest_laws([a], data, workers=1)
    before = data.current()
    with pytest.raises(Conflict) as refused:
        ingest_laws([empty], data, workers=1, replace_all=True)
    assert refused.value.code == "REPLACE_DROPS_MOST" and "--yes" in refused.value.message
    assert data.current() == before
    # adding to the statutes (no --replace) never needs a confirmation
    assert ingest_laws([empty], data, workers=1).statutes == 2


def test_replace_into_an_empty_data_dir_needs_no_confirmation(tmp_path: Path, data: DataDir) -> None:
    src = tmp_path / "src"
    _copy(GREENING, src)
    # nothing is served yet, so nothing can be dropped (this used to fail with KeyError 'Statute')
    report = ingest_laws([src], data, workers=1, replace_all=True)
    assert report.statutes == 1
    assert [s["key"] for s in _store(data).find("Statute")] == ["城市绿化条例"]


def test_a_failing_build_keeps_the_serving_generation(tmp_path: Path, data: DataDir,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    _copy(GREENING, src)
    ingest_laws([src], data, workers=1)
    before = data.current()
    _copy(ROADS, src)

    def boom(*_: object, **__: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing the new generation

    monkeypatch.setattr(NetworkxStore, "save", boom)
    with pytest.raises(KeyboardInterrupt):
        ingest_laws([src], data, workers=1)
    assert data.current() == before
    assert [s["key"] for s in _store(data).find("Statute")] == ["城市绿化条例"]
