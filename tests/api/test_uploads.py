"""Uploads: token and size checked before the body, content limits, jobs off the event loop."""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,航埠镇\n")


def _error(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()["error"]
    assert body["code"] == code, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]
    return body


def _finished(client: TestClient, resp: Any) -> dict[str, Any]:
    assert resp.status_code == 202, resp.text
    job_id = resp.json()["id"]
    assert resp.headers["location"] == f"/jobs/{job_id}"
    client.app.state.jobs.wait(job_id, timeout=120)  # type: ignore[attr-defined]
    body: dict[str, Any] = client.get(f"/jobs/{job_id}").json()
    assert body["status"] in ("done", "failed"), body
    return body


class _Body:
    """A request body that counts what the server read of it."""

    def __init__(self, size: int) -> None:
        self.size, self.sent = size, 0

    def __iter__(self) -> Iterator[bytes]:
        chunk = b"x" * 65536
        while self.sent < self.size:
            self.sent += len(chunk)
            yield chunk


def test_uploads_disabled_without_tokens(demo_service: Any) -> None:
    from kg.settings import Settings

    settings = Settings(data_dir=demo_service.settings.data_dir)
    client = TestClient(create_app(settings, demo_service))
    body = _error(client.post("/catalogs", headers={"X-Yiju-Token": "x"},
                              files={"file": ("a.csv", CSV.encode(), "text/csv")}), 401, "UPLOAD_TOKEN")
    assert "未开放上传" in body["message"]


def test_wrong_token_is_refused_before_the_body_is_read(writable_client: TestClient) -> None:
    body = _Body(50 * 1024 * 1024)
    resp = writable_client.post("/catalogs", headers={"X-Yiju-Token": "wrong",
                                                      "Content-Type": "multipart/form-data; boundary=b"},
                                content=body)
    _error(resp, 401, "UPLOAD_TOKEN")
    assert body.sent < 1024 * 1024, body.sent  # at most what the transport buffered, not the 50 MB
    _error(writable_client.post("/catalogs", files={"file": ("a.csv", CSV.encode(), "text/csv")}),
           401, "UPLOAD_TOKEN")


def test_declared_size_over_the_cap_is_413_before_the_body(writable_client: TestClient) -> None:
    cap = writable_client.app.state.settings.upload_max_bytes  # type: ignore[attr-defined]
    body = _Body(cap + 1024 * 1024)
    resp = writable_client.post("/catalogs", content=body, headers={
        "X-Yiju-Token": "t", "Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(body.size)})
    _error(resp, 413, "UPLOAD_TOO_LARGE")
    assert body.sent < 1024 * 1024, body.sent


def test_undeclared_size_over_the_cap_is_stopped_while_streaming(writable_data: Path) -> None:
    from api.service import Yiju
    from kg.settings import Settings

    settings = Settings(data_dir=writable_data, upload_token="t", upload_max_bytes=256 * 1024)
    client = TestClient(create_app(settings, Yiju(settings)))
    body = _Body(4 * 1024 * 1024)  # a generator: sent chunked, no Content-Length
    resp = client.post("/catalogs", content=body, headers={
        "X-Yiju-Token": "t", "Content-Type": "multipart/form-data; boundary=b"})
    _error(resp, 413, "UPLOAD_TOO_LARGE")


def test_the_stream_stops_at_the_cap() -> None:
    import asyncio

    from api.errors import PayloadTooLarge
    from api.uploads import _capped

    pulled = 0

    async def chunks() -> Any:
        nonlocal pulled
        for _ in range(1000):
            pulled += 1
            yield b"x" * 1000

    async def consume() -> None:
        async for _ in _capped(chunks(), 10_500):
            pass

    with pytest.raises(PayloadTooLarge):
        asyncio.run(consume())
    assert pulled == 11


def test_not_multipart_is_415(writable_client: TestClient) -> None:
    _error(writable_client.post("/catalogs", headers={"X-Yiju-Token": "t"}, json={"file": "x"}),
           415, "UNSUPPORTED_MEDIA_TYPE")


def test_missing_file_field_and_bad_suffix(writable_client: TestClient) -> None:
    h = {"X-Yiju-Token": "t"}
    _error(writable_client.post("/catalogs", headers=h, files={"other": ("a.csv", b"x", "text/csv")}),
           422, "UPLOAD_NO_FILE")
    _error(writable_client.post("/catalogs", headers=h, files={"file": ("a.exe", b"MZ", "application/x-msdos")}),
           422, "CATALOG_FORMAT")


def _workbook(sheets: int, sheet_bytes: int) -> bytes:
    """A zip shaped like an .xlsx whose worksheets are long runs of one byte (they compress ~1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(1, sheets + 1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", b"<worksheet>" + b" " * sheet_bytes + b"</worksheet>")
    return buf.getvalue()


def test_a_workbook_of_190_sheets_of_1_mib_is_refused_unopened(writable_client: TestClient) -> None:
    data = _workbook(190, 1024 * 1024)
    assert len(data) < 1024 * 1024  # small on the wire
    resp = writable_client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                                files={"file": ("bomb.xlsx", data, "application/octet-stream")})
    body = _error(resp, 413, "CATALOG_UNPACKED_TOO_LARGE")
    assert "bomb.xlsx" in body["message"]


def test_too_many_sheets_is_refused(writable_data: Path) -> None:
    from api.service import Yiju
    from kg.settings import Settings

    settings = Settings(data_dir=writable_data, upload_token="t", upload_max_sheets=5)
    client = TestClient(create_app(settings, Yiju(settings)))
    resp = client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                       files={"file": ("many.xlsx", _workbook(6, 10), "application/octet-stream")})
    _error(resp, 413, "CATALOG_TOO_MANY_SHEETS")


def test_row_and_cell_limits_fail_the_job_in_chinese(writable_data: Path) -> None:
    from api.service import Yiju
    from kg.settings import Settings

    settings = Settings(data_dir=writable_data, upload_token="t", upload_max_rows=3, upload_max_cell_chars=200_000)
    with TestClient(create_app(settings, Yiju(settings))) as client:
        rows = CSV + "".join(f"{i},对某行为的处罚,《城市绿化条例》第二十六条,县执法局,航埠镇\n" for i in range(2, 6))
        job = _finished(client, client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                                            files={"file": ("rows.csv", rows.encode(), "text/csv")}))
        assert job["status"] == "failed" and job["error"]["code"] == "CATALOG_TOO_MANY_ROWS", job
        assert "rows.csv" in job["error"]["message"]
        # a cell over csv's own field limit (131,072) is a Chinese error, not a traceback
        huge = CSV + "2,对某行为的处罚," + "长" * 140_000 + ",县执法局,航埠镇\n"
        job = _finished(client, client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                                            files={"file": ("huge.csv", huge.encode(), "text/csv")}))
        assert job["status"] == "failed" and job["error"]["code"] == "CATALOG_BAD_CSV", job
        assert "huge.csv 第 3 行" in job["error"]["message"]


def test_cell_limit_names_the_row_and_column(writable_client: TestClient) -> None:
    long_cell = CSV + "2,对某行为的处罚," + "长" * 70_000 + ",县执法局,航埠镇\n"
    job = _finished(writable_client, writable_client.post(
        "/catalogs", headers={"X-Yiju-Token": "t"}, files={"file": ("long.csv", long_cell.encode(), "text/csv")}))
    assert job["status"] == "failed" and job["error"]["code"] == "CATALOG_CELL_TOO_LONG", job
    assert "long.csv 第 3 行第 3 列" in job["error"]["message"]


def test_job_flow_named_token_and_the_new_item_is_served(writable_client: TestClient) -> None:
    client = writable_client
    before = client.get("/healthz").json()
    resp = client.post("/catalogs", headers={"X-Yiju-Token": "tok-bob"},
                       files={"file": ("绿化.csv", CSV.encode("utf-8"), "text/csv")})
    assert resp.json()["status"] in ("queued", "running", "done") and resp.json()["actor"] == "bob"
    job = _finished(client, resp)
    assert job["status"] == "done", job
    assert job["actor"] == "bob" and job["error"] is None and job["started"] and job["finished"]
    report = job["report"]
    assert report["catalog"]
    after = client.get("/healthz").json()
    assert after["generation"] != before["generation"]  # served as soon as the job is done
    assert after["items"] == before["items"] + 1
    listed = client.get("/items", params={"catalog": report["catalog"]}).json()
    assert listed["total"] == 1
    key = listed["items"][0]["key"]
    from urllib.parse import quote

    assert client.get(f"/items/{quote(key)}").json()["key"] == key
    _error(client.get("/jobs/does-not-exist"), 404, "JOB_NOT_FOUND")


def test_healthz_and_search_answer_while_a_job_runs(writable_client: TestClient,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from api.jobs import JobQueue

    started, release = threading.Event(), threading.Event()
    real_run = JobQueue.run

    def slow_run(self: JobQueue, job: Any) -> dict[str, Any]:
        started.set()
        assert release.wait(120)
        return real_run(self, job)

    monkeypatch.setattr(JobQueue, "run", slow_run)
    client = writable_client
    resp = client.post("/catalogs", headers={"X-Yiju-Token": "tok-alice"},
                       files={"file": ("a.csv", CSV.encode(), "text/csv")})
    assert resp.status_code == 202
    job_id = resp.json()["id"]
    assert started.wait(60)
    try:
        assert client.get(f"/jobs/{job_id}").json()["status"] == "running"
        assert client.get("/healthz").status_code == 200
        hits = client.get("/search", params={"q": "未取得建设工程规划许可证进行建设"}).json()["hits"]
        assert hits
        queued = client.post("/catalogs", headers={"X-Yiju-Token": "tok-alice"},
                             files={"file": ("b.csv", CSV.encode(), "text/csv")}).json()
        assert queued["status"] == "queued" and queued["position"] == 0
    finally:
        release.set()
    assert _finished(client, resp)["status"] == "done"
    assert client.app.state.jobs.wait(queued["id"], timeout=120)["status"] == "done"  # type: ignore[attr-defined]


def test_a_full_queue_is_429(writable_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.jobs import JobQueue
    from api.service import Yiju
    from kg.settings import Settings

    release = threading.Event()
    monkeypatch.setattr(JobQueue, "run", lambda self, job: release.wait(120) and {})
    settings = Settings(data_dir=writable_data, upload_token="t", upload_max_queued=1)
    with TestClient(create_app(settings, Yiju(settings))) as client:
        try:
            codes = [client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                                 files={"file": ("a.csv", CSV.encode(), "text/csv")}).status_code for _ in range(3)]
            # one running, one waiting, the third refused (or the first still queued: then the second is refused)
            assert codes[0] == 202 and 429 in codes, codes
            refused = client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                                  files={"file": ("a.csv", CSV.encode(), "text/csv")})
            _error(refused, 429, "UPLOAD_QUEUE_FULL")
            assert refused.headers["retry-after"]
        finally:
            release.set()


def test_the_job_says_what_happened_in_chinese(writable_client: TestClient) -> None:
    job = _finished(writable_client, writable_client.post(
        "/catalogs", headers={"X-Yiju-Token": "t"}, files={"file": ("绿化.csv", CSV.encode(), "text/csv")}))
    assert job["message"].startswith("已导入目录") and "1 个事项" in job["message"], job["message"]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_report_carries_chinese_labels_for_every_key_and_state(writable_client: TestClient) -> None:
    """English keys for programs, a Chinese label for each of them, every resolution state and diagnostic field."""
    from kg.model import Resolution

    workbook = Path(__file__).resolve().parents[2] / "demo" / "catalogs" / "kecheng_demo_delegation_2022.xlsx"
    csv = CSV + "2,对某事项的处罚,《没有这部法》第三条,县执法局,航埠镇\n,,,,\n"
    for name, body in (("绿化.csv", csv.encode()), (workbook.name, workbook.read_bytes())):
        job = _finished(writable_client, writable_client.post(
            "/catalogs", headers={"X-Yiju-Token": "t"}, files={"file": (name, body, "application/octet-stream")}))
        assert job["status"] == "done", job
        report, labels = job["report"], job["labels"]
        assert set(labels["fields"]) == set(report)
        unlabelled = {k: v for k, v in labels["fields"].items() if not _chinese(v)}
        assert not unlabelled, unlabelled
        assert {r.value for r in Resolution} <= set(labels["resolution"])
        assert all(_chinese(v) for v in labels["resolution"].values())
        for diag in report["diagnostics"]:
            assert set(diag) <= set(labels["diagnostic"]), diag
            assert diag.get("severity") in labels["severity"], diag
        detail = writable_client.get(f"/catalogs/{report['catalog']}").json()
        assert detail["labels"]["fields"] and detail["labels"]["fields"].items() <= labels["fields"].items()
    assert set(report["resolution"]) and report["diagnostics"] is not None


def test_the_import_runs_in_a_child_process(writable_client: TestClient, writable_data: Path) -> None:
    """The server's process never loads the whole graph for an upload: the audit entry names another pid."""
    import json
    import os

    job = _finished(writable_client, writable_client.post(
        "/catalogs", headers={"X-Yiju-Token": "t"}, files={"file": ("绿化.csv", CSV.encode(), "text/csv")}))
    assert job["status"] == "done", job
    last = json.loads((writable_data / "audit.log").read_text("utf-8").splitlines()[-1])
    assert last["kind"] == "ingest_catalog" and last["actor"] == "default"
    assert last["pid"] != os.getpid()


# -- the Neo4j backend: an upload reaches Neo4j or is refused ------------------------------


def _neo4j_client(root: Path, **kw: Any) -> TestClient:
    from api.service import Yiju
    from kg.settings import Settings

    settings = Settings(data_dir=root, upload_token="t", graph_backend="neo4j", **kw)
    return TestClient(create_app(settings, Yiju(settings)))


def test_neo4j_backend_not_configured_refuses_the_upload(writable_data: Path) -> None:
    client = _neo4j_client(writable_data, neo4j_uri=None)  # explicit: the test command exports YIJU_NEO4J_URI
    body = _error(client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                              files={"file": ("a.csv", CSV.encode(), "text/csv")}), 503, "NEO4J_NOT_CONFIGURED")
    assert "YIJU_NEO4J_URI" in body["message"]


def test_neo4j_backend_unreachable_refuses_the_upload(writable_data: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = _neo4j_client(writable_data, neo4j_uri=f"bolt://127.0.0.1:{port}")
    _error(client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                       files={"file": ("a.csv", CSV.encode(), "text/csv")}), 503, "NEO4J_UNAVAILABLE")
    assert not any((writable_data / "catalogs").glob("a*"))


def test_another_writer_makes_the_job_fail_with_writer_busy(writable_data: Path) -> None:
    from api.service import Yiju
    from kg.datadir import DataDir
    from kg.settings import Settings

    settings = Settings(data_dir=writable_data, upload_token="t", writer_wait=0.2)
    held, done = threading.Event(), threading.Event()

    def other_writer() -> None:  # e.g. `yiju ingest laws` in another process
        with DataDir(writable_data).writer("ingest laws"):
            held.set()
            done.wait(120)

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        assert held.wait(60)
        with TestClient(create_app(settings, Yiju(settings))) as client:
            before = client.get("/healthz").json()["generation"]
            job = _finished(client, client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                                                files={"file": ("a.csv", CSV.encode(), "text/csv")}))
            assert job["status"] == "failed" and job["error"]["code"] == "WRITER_BUSY", job
            assert "ingest laws" in job["error"]["message"]
            assert client.get("/healthz").json()["generation"] == before
    finally:
        done.set()
        thread.join()


def test_a_sidecar_gives_the_catalog_its_metadata(writable_client: TestClient) -> None:
    meta = "title: 测试乡镇赋权目录\ndoc_number: 测政发〔2024〕1号\nregion: 浙江省衢州市柯城区\nauthority: 赋权\n"
    job = _finished(writable_client, writable_client.post(
        "/catalogs", headers={"X-Yiju-Token": "t"},
        files={"file": ("绿化.csv", CSV.encode(), "text/csv"),
               "sidecar": ("绿化.meta.yaml", meta.encode(), "application/yaml")}))
    assert job["status"] == "done", job
    assert job["report"]["title"] == "测试乡镇赋权目录"
    detail = writable_client.get(f"/catalogs/{job['report']['catalog']}").json()
    assert detail["doc_number"] == "测政发〔2024〕1号" and detail["region"] == "浙江省衢州市柯城区"


def test_a_bad_sidecar_fails_the_job_in_chinese(writable_client: TestClient) -> None:
    job = _finished(writable_client, writable_client.post(
        "/catalogs", headers={"X-Yiju-Token": "t"},
        files={"file": ("绿化.csv", CSV.encode(), "text/csv"),
               "sidecar": ("m.yaml", b"title: [unclosed\n", "application/yaml")}))
    assert job["status"] == "failed", job
    assert any("\u4e00" <= ch <= "\u9fff" for ch in job["error"]["message"]), job["error"]


def test_stopping_the_server_drops_waiting_uploads_with_their_files(writable_data: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from api.jobs import JobQueue
    from api.service import Yiju
    from kg.settings import Settings

    release, started = threading.Event(), threading.Event()

    def blocked_run(self: JobQueue, job: Any) -> dict[str, Any]:
        started.set()
        assert release.wait(120)
        return {}

    monkeypatch.setattr(JobQueue, "run", blocked_run)
    settings = Settings(data_dir=writable_data, upload_token="t")
    app = create_app(settings, Yiju(settings))
    with TestClient(app) as client:
        first = client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                            files={"file": ("a.csv", CSV.encode(), "text/csv")}).json()
        assert started.wait(60)
        waiting = client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                              files={"file": ("b.csv", CSV.encode(), "text/csv")}).json()
        folder = app.state.jobs._jobs[waiting["id"]].folder
        assert folder.is_dir()
    # the app has shut down: the waiting upload is failed and its file gone; the running one ends
    dropped = app.state.jobs.get(waiting["id"])
    assert dropped["status"] == "failed" and dropped["error"]["code"] == "SERVER_STOPPED"
    assert not folder.exists()
    release.set()
    assert app.state.jobs.wait(first["id"], timeout=60)["status"] == "done"


def _real_workbook(rows: int, cols: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "法律依据", "主管部门", "承接乡镇"] + [f"备注{i}" for i in range(cols - 5)])
    for r in range(1, rows + 1):
        ws.append([r, "对擅自砍伐城市树木的处罚", "《城市绿化条例》第二十六条", "县执法局", "航埠镇"]
                  + ["x"] * (cols - 5))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("limits", "code"), [({"upload_max_cells": 50}, "CATALOG_TOO_MANY_CELLS"),
                                              ({"upload_max_rows": 5}, "CATALOG_TOO_MANY_ROWS")])
def test_workbook_row_and_cell_limits(writable_data: Path, limits: dict[str, int], code: str) -> None:
    from api.service import Yiju
    from kg.settings import Settings

    settings = Settings(data_dir=writable_data, upload_token="t", **limits)
    with TestClient(create_app(settings, Yiju(settings))) as client:
        job = _finished(client, client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                                            files={"file": ("wide.xlsx", _real_workbook(10, 8), "application/octet-stream")}))
    assert job["status"] == "failed" and job["error"]["code"] == code, job
    assert "wide.xlsx" in job["error"]["message"]


def test_a_workbook_within_the_limits_is_imported(writable_client: TestClient) -> None:
    job = _finished(writable_client, writable_client.post(
        "/catalogs", headers={"X-Yiju-Token": "t"},
        files={"file": ("ok.xlsx", _real_workbook(3, 6), "application/octet-stream")}))
    assert job["status"] == "done", job
    assert job["report"]["items"] >= 1
