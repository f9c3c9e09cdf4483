"""Requests pin the generation they read; a new one loads in the background while the old one serves."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,航埠镇\n")
QUERY = "未取得建设工程规划许可证进行建设"


def _service(root: Path) -> Any:
    from api.service import Yiju
    from kg.settings import Settings

    return Yiju(Settings(data_dir=root, upload_token="t"), background_reload=True)


def _new_generation(root: Path, tmp_path: Path, name: str = "绿化.csv") -> Path:
    from ingest.pipeline import ingest_catalog
    from kg.datadir import DataDir

    src = tmp_path / name
    src.write_text(CSV, "utf-8")
    data = DataDir(root)
    ingest_catalog(src, data)
    cur = data.current()
    assert cur is not None
    return cur


def test_a_pinned_view_keeps_answering_after_its_generation_is_removed(writable_data: Path,
                                                                       tmp_path: Path) -> None:
    svc = _service(writable_data)
    view = svc.pin()
    old = view.generation
    assert old is not None
    new = _new_generation(writable_data, tmp_path)
    assert new != old
    svc.view()  # notices the switch, loads in the background
    svc.settle(120)
    assert svc.view().generation == new
    assert view.generation == old  # the pinned request still reads its own generation
    shutil.rmtree(old, ignore_errors=True)  # pruned while the request runs (a process that ignores leases)
    hits = view.search(QUERY, limit=3)["hits"]
    assert hits and view.store.count("PenaltyItem") == svc.view().store.count("PenaltyItem") - 1
    svc.unpin(view)


def test_a_generation_pruned_between_resolve_and_open_is_not_a_500(writable_data: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.datadir import DataDir

    real = DataDir.current
    calls = {"n": 0}

    def racing(self: DataDir) -> Path | None:
        calls["n"] += 1
        if calls["n"] == 1:
            return self.generations / "20000101T000000.000000000-gone"  # what current named, now pruned
        return real(self)

    monkeypatch.setattr(DataDir, "current", racing)
    client = TestClient(create_app(_service(writable_data).settings, _service(writable_data)))
    resp = client.get("/search", params={"q": QUERY})
    assert resp.status_code == 200, resp.text
    assert calls["n"] >= 2


def test_requests_are_answered_from_the_old_generation_while_the_new_one_loads(
        writable_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.service import Yiju

    svc = _service(writable_data)
    client = TestClient(create_app(svc.settings, svc))
    before = client.get("/healthz").json()
    gate, loading = threading.Event(), threading.Event()
    real_load = Yiju._load

    def slow_load(self: Yiju, gen: Path) -> Any:
        loading.set()
        assert gate.wait(120)
        return real_load(self, gen)

    monkeypatch.setattr(Yiju, "_load", slow_load)
    new = _new_generation(writable_data, tmp_path)
    try:
        first = client.get("/healthz").json()  # starts the background load, answers at once
        assert loading.wait(60)
        during = client.get("/healthz").json()
        assert first["generation"] == during["generation"] == before["generation"]
        assert during["loading"] == new.name
        assert client.get("/search", params={"q": QUERY}).status_code == 200
    finally:
        gate.set()
    svc.settle(120)
    after = client.get("/healthz").json()
    assert after["generation"] == new.name and after["loading"] is None
    assert after["items"] == before["items"] + 1


def test_a_generation_that_fails_to_load_leaves_the_old_one_serving(
        writable_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.service import Yiju

    svc = _service(writable_data)
    old = svc.view().generation
    new = _new_generation(writable_data, tmp_path)
    monkeypatch.setattr(Yiju, "_load", lambda self, gen: (_ for _ in ()).throw(OSError("disk")))
    assert svc.view().generation == old
    svc.settle(60)
    assert svc.view().generation == old and new != old
    assert svc.load_error
    health = TestClient(create_app(svc.settings, svc)).get("/healthz").json()
    assert health["generation"] == old.name and health["load_error"], health


def test_a_replaced_generation_is_freed_by_reference_counting(writable_data: Path, tmp_path: Path) -> None:
    """Loaded generations are frozen out of the cyclic collector, so nothing of an old one may hang in a cycle."""
    import gc
    import weakref

    from kg.datadir import DataDir

    svc = _service(writable_data)
    view = svc.pin()
    view.search(QUERY, limit=3)
    view.check("航埠镇", query="在人行道上摆摊设点")
    store = weakref.ref(view.store)
    svc.unpin(view)
    del view
    _new_generation(writable_data, tmp_path)
    was = gc.isenabled()
    gc.disable()
    try:
        svc.view()
        svc.settle(120)
        assert svc.view().generation == DataDir(writable_data).current()
        assert store() is None
    finally:
        if was:
            gc.enable()


def test_a_generation_is_served_from_its_sqlite_graph(writable_data: Path) -> None:
    """Opening a generation reads nothing of its graph: requests read the rows they need from graph.sqlite."""
    from kg.sqlite_store import SqliteStore

    view = _service(writable_data).view()
    assert isinstance(view.store, SqliteStore)
    assert view.search(QUERY, limit=3)["hits"]


def test_a_generation_without_sqlite_graph_is_unpickled(writable_data: Path) -> None:
    from kg.datadir import DataDir
    from kg.nx_store import NetworkxStore
    from kg.sqlite_store import FILE_NAME

    cur = DataDir(writable_data).current()
    assert cur is not None
    (cur / FILE_NAME).unlink()  # a generation written before graph.sqlite existed
    view = _service(writable_data).view()
    assert isinstance(view.store, NetworkxStore)
    assert view.search(QUERY, limit=3)["hits"]


def _new_generation_elsewhere(root: Path, tmp_path: Path, name: str) -> str:
    """A catalog ingested by ``yiju ingest catalog`` in another process, as an operator or an upload does."""
    import os
    import subprocess
    import sys

    from kg.datadir import DataDir

    src = tmp_path / name
    src.write_text(CSV, "utf-8")
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "YIJU_DATA_DIR": str(root), "PYTHONPATH": str(repo)}
    subprocess.run([sys.executable, "-m", "api.cli", "ingest", "catalog", str(src)], env=env, cwd=repo,
                   check=True, capture_output=True)
    cur = DataDir(root).current()
    assert cur is not None
    return cur.name


def test_requests_never_fail_while_generations_switch(writable_data: Path, tmp_path: Path) -> None:
    """Real loads, no stand-ins: every answer during two switches is 200, from the old or a new generation."""
    svc = _service(writable_data)
    client = TestClient(create_app(svc.settings, svc))
    old = client.get("/healthz").json()["generation"]
    stop = threading.Event()
    seen: list[tuple[int, str | None]] = []
    failed: list[str] = []

    def ask() -> None:
        while not stop.is_set():
            try:
                one_round()
            except Exception as exc:  # noqa: BLE001 - the test client raises the server's exceptions
                failed.append(repr(exc))

    def one_round() -> None:
        health = client.get("/healthz")
        seen.append((health.status_code, health.json().get("generation")))
        found = client.get("/search", params={"q": QUERY, "limit": 3})
        seen.append((found.status_code, None))
        answer = client.get("/authority/check", params={"township": "航埠镇", "q": "在人行道上摆摊设点"})
        seen.append((answer.status_code, None))
        failed.extend(f"{r.url.path} {r.status_code} {r.text[:300]}" for r in (health, found, answer)
                      if r.status_code != 200)

    askers = [threading.Thread(target=ask) for _ in range(3)]  # requests in flight at every switch
    for asker in askers:
        asker.start()
    try:
        news = [_new_generation_elsewhere(writable_data, tmp_path, name) for name in ("绿化1.csv", "绿化2.csv")]
        svc.view()  # the last one starts loading at once
        svc.settle(120)
        for _ in range(200):
            if client.get("/healthz").json()["generation"] == news[-1]:
                break
            svc.settle(1)
    finally:
        stop.set()
        for asker in askers:
            asker.join(60)
    assert seen and not failed, failed[:5]
    assert {gen for _, gen in seen if gen} <= {old, *news}
    health = client.get("/healthz").json()
    assert health["generation"] == news[-1], (health, svc.load_error)
