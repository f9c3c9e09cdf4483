"""GET /audit: named tokens only, and an HTTP upload is recorded under its token's name."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,航埠镇\n")


def test_audit_needs_a_named_token(writable_client: TestClient) -> None:
    for headers in ({}, {"X-Yiju-Token": "wrong"}):
        resp = writable_client.get("/audit", headers=headers)
        assert resp.status_code == 401 and resp.json()["error"]["code"] == "UPLOAD_TOKEN"
    assert writable_client.get("/audit", headers={"X-Yiju-Token": "tok-bob"}).status_code == 200


def test_an_upload_is_audited_under_the_token_name(writable_client: TestClient) -> None:
    resp = writable_client.post("/catalogs", headers={"X-Yiju-Token": "tok-alice"},
                                files={"file": ("绿化.csv", CSV.encode(), "text/csv")})
    job: Any = writable_client.app.state.jobs.wait(resp.json()["id"], timeout=120)  # type: ignore[attr-defined]
    assert job["status"] == "done", job
    entries = writable_client.get("/audit", headers={"X-Yiju-Token": "t"}, params={"limit": 1}).json()
    assert entries[-1]["kind"] == "ingest_catalog" and entries[-1]["actor"] == "alice", entries
