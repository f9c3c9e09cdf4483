"""Catalog uploads on the Neo4j backend, against a real server (never a stand-in).

An upload is ``done`` only once the new generation is loaded into Neo4j; when the load fails, the job fails
with the remedy (``yiju sync neo4j``) and the server keeps serving.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.service import Yiju
from kg.settings import Settings

CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,航埠镇\n")


def _client(demo_data: Path, tmp_path: Path, uri: str, **kw: Any) -> TestClient:
    root = tmp_path / "data"
    shutil.copytree(demo_data, root, symlinks=True)
    settings = Settings(data_dir=root, upload_token="t", graph_backend="neo4j", neo4j_uri=uri,
                        neo4j_user=os.environ.get("YIJU_NEO4J_USER", "neo4j"),
                        neo4j_password=os.environ.get("YIJU_NEO4J_PASSWORD") or None, **kw)
    return TestClient(create_app(settings, Yiju(settings)))


def _upload(client: TestClient) -> dict[str, Any]:
    resp = client.post("/catalogs", headers={"X-Yiju-Token": "t"}, files={"file": ("a.csv", CSV.encode(), "text/csv")})
    assert resp.status_code == 202, resp.text
    job_id = resp.json()["id"]
    client.app.state.jobs.wait(job_id, timeout=300)  # type: ignore[attr-defined]
    body: dict[str, Any] = client.get(f"/jobs/{job_id}").json()
    assert body["status"] in ("done", "failed"), body
    return body


def test_an_upload_is_done_once_neo4j_holds_it(demo_data: Path, tmp_path: Path, neo4j_uri: str,
                                               neo4j_store: Any) -> None:
    with _client(demo_data, tmp_path, neo4j_uri) as client:
        job = _upload(client)
    assert job["status"] == "done", job
    assert job["report"]["neo4j"]["PenaltyItem"] >= 1, job["report"]["neo4j"]
    names = {p["name"] for p in neo4j_store.find("PenaltyItem")}
    assert "对擅自砍伐城市树木的处罚" in names


def test_a_failed_neo4j_load_fails_the_job_with_the_remedy(demo_data: Path, tmp_path: Path, neo4j_uri: str,
                                                           neo4j_store: Any) -> None:
    # the server is reachable, but the configured database does not exist: the load itself fails
    with _client(demo_data, tmp_path, neo4j_uri, neo4j_database="yijumissing") as client:
        job = _upload(client)
        assert client.get("/healthz").status_code in (200, 503)
    assert job["status"] == "failed" and job["error"]["code"] == "NEO4J_SYNC_FAILED", job
    assert "yiju sync neo4j" in job["error"]["message"] and "yijumissing" in job["error"]["message"]
    assert not neo4j_store.find("PenaltyItem")
