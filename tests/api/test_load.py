"""A bounded load test: readers in parallel with real uploads and generation switches get no errors."""

from __future__ import annotations

import threading
from collections import Counter

from fastapi.testclient import TestClient

CSV = ("序号,事项名称,法律依据,主管部门,承接乡镇\n"
       "{n},对擅自砍伐城市树木的处罚{n},《城市绿化条例》第二十六条,县执法局,航埠镇\n")
READERS = 4
REQUESTS_PER_READER = 60  # bounded: 240 reads in all, and the uploads below
UPLOADS = 3
PATHS = ["/healthz", "/search?q=未取得建设工程规划许可证进行建设", "/statutes", "/items?limit=5",
         "/authority/check?township=航埠镇&item=KC-SR-001", "/reports/ownerless"]


def test_reads_during_uploads_and_switches_never_fail(writable_client: TestClient) -> None:
    client = writable_client
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    before = client.get("/healthz").json()["generation"]

    def reader(k: int) -> None:
        for i in range(REQUESTS_PER_READER):
            path = PATHS[(i + k) % len(PATHS)]
            resp = client.get(path)
            with lock:
                statuses[resp.status_code] += 1
                if resp.status_code != 200:
                    failures.append(f"{path} {resp.status_code} {resp.text[:200]}")

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
    for t in threads:
        t.start()
    jobs = []
    for n in range(UPLOADS):
        resp = client.post("/catalogs", headers={"X-Yiju-Token": "tok-alice"},
                           files={"file": (f"load{n}.csv", CSV.format(n=n).encode(), "text/csv")})
        assert resp.status_code == 202, resp.text
        jobs.append(resp.json()["id"])
    for t in threads:
        t.join(timeout=300)
    done = [client.app.state.jobs.wait(j, timeout=300) for j in jobs]  # type: ignore[attr-defined]

    assert not failures, failures[:5]
    assert sum(statuses.values()) == READERS * REQUESTS_PER_READER
    assert [d["status"] for d in done] == ["done"] * UPLOADS, done
    assert client.get("/healthz").json()["generation"] != before
