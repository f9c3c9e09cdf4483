"""Concurrent writers lose nothing; every change is in the audit log; bad CSV cells are clear errors."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest

from ingest.pipeline import ingest_catalog, ingest_laws, rollback, stored_catalogs
from kg import audit
from kg.datadir import DataDir
from kg.errors import Conflict, InvalidInput
from kg.nx_store import NetworkxStore

REPO = Path(__file__).resolve().parents[2]
DEMO_LAWS = REPO / "demo" / "laws"
GREENING = "行政法规/城市绿化条例(2017-03-01).md"
CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,{town}\n")


@pytest.fixture
def data(tmp_path: Path) -> DataDir:
    laws = tmp_path / "laws" / GREENING
    laws.parent.mkdir(parents=True)
    shutil.copy(DEMO_LAWS / GREENING, laws)
    data = DataDir(tmp_path / "data")
    ingest_laws([tmp_path / "laws"], data, workers=1, actor="tester")
    return data


def _catalog(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "in" / f"{name}.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(CSV.format(town=name), "utf-8")
    (path.parent / f"{name}.meta.yaml").write_text(f'doc_number: "柯政办发〔2022〕{name}号"\n', "utf-8")
    return path


def _catalog_keys(data: DataDir) -> set[str]:
    cur = data.current()
    assert cur is not None
    return {c["key"] for c in NetworkxStore.load(cur / "graph.pickle").find("Catalog")}


def _assert_audit_chain(data: DataDir) -> list[dict[str, object]]:
    """Each change starts from the generation the previous one ended with: no write was lost in between."""
    entries = audit.read(data)
    for prev, entry in pairwise(entries):
        assert entry["generation_before"] == prev["generation_after"], (prev, entry)
    cur = data.current()
    assert cur is not None and entries[-1]["generation_after"] == cur.name
    return entries


def test_two_concurrent_catalog_ingests_both_end_up_stored(tmp_path: Path, data: DataDir) -> None:
    paths = [_catalog(tmp_path, n) for n in ("1", "2")]
    waiting = DataDir(data.root, writer_wait=300)
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda p: ingest_catalog(p, waiting), paths))
    keys = {r["catalog"] for r in reports}
    assert len(keys) == 2 and keys <= _catalog_keys(data)
    assert {p.parent.name for p in stored_catalogs(data)} >= keys
    entries = _assert_audit_chain(data)
    assert [e["kind"] for e in entries] == ["ingest_laws", "ingest_catalog", "ingest_catalog"]


def test_a_writer_that_does_not_wait_gets_writer_busy_and_changes_nothing(tmp_path: Path, data: DataDir) -> None:
    before = data.current()
    with data.writer("ingest_laws big folder"), ThreadPoolExecutor(1) as pool:
        future = pool.submit(ingest_catalog, _catalog(tmp_path, "3"), DataDir(data.root, writer_wait=0))
        with pytest.raises(Conflict) as busy:
            future.result()
    assert busy.value.code == "WRITER_BUSY" and str(os.getpid()) in busy.value.message
    assert "ingest_laws big folder" in busy.value.message
    assert data.current() == before and not stored_catalogs(data)
    assert [e["kind"] for e in audit.read(data)] == ["ingest_laws"]


def test_concurrent_cli_catalog_ingests_are_stored_or_refused_never_lost(tmp_path: Path, data: DataDir) -> None:
    """Two ``yiju ingest catalog`` processes at once, the second not waiting: stored, or WRITER_BUSY."""
    paths = [_catalog(tmp_path, n) for n in ("4", "5")]
    env = {**os.environ, "YIJU_DATA_DIR": str(data.root), "YIJU_WRITER_WAIT": "0", "YIJU_GRAPH_BACKEND": "networkx"}
    procs = [subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", "catalog", str(p), "--json"], cwd=REPO,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in paths]
    outcomes = [(p.wait(300), p.stderr.read() if p.stderr else "") for p in procs]
    stored = _catalog_keys(data)
    ok = 0
    for path, (rc, err) in zip(paths, outcomes, strict=True):
        key = f"柯政办发〔2022〕{path.stem}号"
        if rc == 0:
            ok += 1
            assert key in stored, (key, stored)
        else:
            assert rc == 2 and "WRITER_BUSY" in err, err
            assert key not in stored
    assert ok >= 1
    entries = _assert_audit_chain(data)
    assert sum(1 for e in entries if e["kind"] == "ingest_catalog") == ok


def test_the_audit_log_says_who_changed_what(tmp_path: Path, data: DataDir) -> None:
    path = _catalog(tmp_path, "6")
    out = ingest_catalog(path, data, actor="张三")
    entries = audit.read(data)
    laws, cat = entries
    assert laws["actor"] == "tester" and laws["kind"] == "ingest_laws"
    assert laws["counts"]["statutes"] == {"before": 0, "after": 1, "added": 1, "removed": 0}
    assert laws["generation_before"] is None
    assert laws["files"][0]["name"] == GREENING and laws["files"][0]["change"] == "added"
    assert cat["actor"] == "张三" and cat["catalog"] == out["catalog"]
    assert cat["files"][0] == {"name": "6.csv", "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                               "stored_as": out["stored_as"]}
    assert cat["counts"]["items"]["added"] >= 1 and cat["counts"]["statutes"]["added"] == 0
    assert cat["time"].endswith("Z") and cat["generation_before"] == laws["generation_after"]
    back = rollback(data, actor="李四")
    assert back["generation_after"] == laws["generation_after"] and back["catalogs_restored"]
    assert back["counts"]["items"]["removed"] == cat["counts"]["items"]["added"]
    assert not stored_catalogs(data)  # the rolled-back catalog does not come back with the next ingest
    last = audit.read(data, limit=1)
    assert len(last) == 1 and last[0]["kind"] == "rollback" and last[0]["actor"] == "李四"
    with pytest.raises(Conflict) as err:
        rollback(data, laws["generation_after"])
    assert err.value.code == "ALREADY_CURRENT"


def test_a_torn_audit_line_is_shown_not_hidden(data: DataDir) -> None:
    with open(data.root / audit.LOG, "a", encoding="utf-8") as fh:
        fh.write('{"time": "2026-')  # a write cut short
    entries = audit.read(data)
    assert entries[-1] == {"kind": "unreadable", "line": 2}
    assert entries[0]["kind"] == "ingest_laws"


def test_a_csv_cell_over_the_field_limit_is_a_clear_error(tmp_path: Path, data: DataDir) -> None:
    path = tmp_path / "长单元格.csv"
    path.write_text("序号,事项名称,法律依据\n1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条\n"
                    '2,"未闭合的引号' + "长" * 140_000 + "\n", "utf-8")
    before = data.current()
    with pytest.raises(InvalidInput) as err:
        ingest_catalog(path, data)
    assert err.value.code == "CATALOG_CELL_TOO_LONG"
    assert "长单元格.csv" in err.value.message and "第3行" in err.value.message
    assert data.current() == before


def test_get_audit_needs_the_token(data: DataDir) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from kg.settings import Settings

    client = TestClient(create_app(Settings(data_dir=data.root, upload_token="secret")))
    assert client.get("/audit").status_code == 401
    assert client.get("/audit", headers={"X-Yiju-Token": "wrong"}).status_code == 401
    answer = client.get("/audit", headers={"X-Yiju-Token": "secret"}, params={"limit": 5})
    assert answer.status_code == 200
    assert [e["kind"] for e in answer.json()] == ["ingest_laws"]


def test_a_failed_catalog_build_leaves_no_catalog_copy_behind(tmp_path: Path, data: DataDir,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    kept = ingest_catalog(_catalog(tmp_path, "7"), data)
    before = data.current()

    def boom(*_: object, **__: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the new generation is written

    with monkeypatch.context() as m:
        m.setattr(NetworkxStore, "save", boom)
        with pytest.raises(KeyboardInterrupt):
            ingest_catalog(_catalog(tmp_path, "8"), data)
    assert data.current() == before
    assert {p.parent.name for p in stored_catalogs(data)} == {kept["stored_as"].split("/")[0]}
    # a copy left behind by a killed build (simulated) is dropped by the next writer, not ingested
    ghost = data.catalogs / "ghost" / "ghost.csv"
    ghost.parent.mkdir()
    ghost.write_text(CSV.format(town="幽灵镇"), "utf-8")
    report = ingest_laws([tmp_path / "laws"], data, workers=1, force=True)
    assert not ghost.exists() and len(report.catalogs) == 1


def test_cli_generations_rollback_audit_and_replace_guard(tmp_path: Path, data: DataDir,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app
    from kg.settings import get_settings

    ingest_catalog(_catalog(tmp_path, "9"), data)
    monkeypatch.setenv("YIJU_DATA_DIR", str(data.root))
    monkeypatch.setenv("YIJU_GRAPH_BACKEND", "networkx")
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        gens = json.loads(runner.invoke(app, ["generations", "--json"]).stdout)
        assert [g["current"] for g in gens] == [False, True]
        assert gens[1]["counts"]["items"] > gens[0]["counts"]["items"]
        back = runner.invoke(app, ["rollback", "--json"])
        assert back.exit_code == 0, back.output
        assert json.loads(back.stdout)["generation_after"] == gens[0]["id"]
        (tmp_path / "empty").mkdir()
        refused = runner.invoke(app, ["ingest", "laws", str(tmp_path / "empty"), "--replace"])
        assert refused.exit_code != 0 and getattr(refused.exception, "code", None) == "REPLACE_DROPS_MOST"
        assert data.current() is not None and data.current().name == gens[0]["id"]
        entries = json.loads(runner.invoke(app, ["audit", "--json", "--limit", "2"]).stdout)
        assert [e["kind"] for e in entries] == ["ingest_catalog", "rollback"]
        assert all(e["actor"] == audit.os_user() for e in entries)
        text = runner.invoke(app, ["audit"]).stdout
        assert "回滚" in text and "导入目录" in text
    finally:
        get_settings.cache_clear()


def test_a_generation_a_request_still_reads_is_not_pruned(tmp_path: Path, data: DataDir) -> None:
    """The refresh race: a request holding the old index while new generations replace it."""
    import gc

    from api.service import Yiju
    from kg.datadir import KEEP_GENERATIONS
    from kg.settings import Settings

    svc = Yiju(Settings(data_dir=data.root))
    index = svc.index  # a request in flight on the first generation
    first = data.current()
    assert first is not None
    for n in range(KEEP_GENERATIONS + 1):
        ingest_catalog(_catalog(tmp_path, f"p{n}"), data)
    assert first.is_dir()
    assert index.search("砍伐城市树木", limit=3).hits  # still readable
    svc.search("砍伐城市树木")  # the service moves to the newest generation ...
    del index  # ... and the request is done with the old one
    gc.collect()
    ingest_catalog(_catalog(tmp_path, "last"), data)
    assert not first.exists()
