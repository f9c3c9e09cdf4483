"""The HTTP API over the demo data: answers, shapes and Chinese errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app


@pytest.fixture(scope="module")
def client(demo_service: Any) -> TestClient:
    return TestClient(create_app(demo_service.settings, demo_service))


def _error(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()["error"]
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]
    return body


def test_healthz_counts_the_demo_graph(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["statutes"] >= 10 and body["provisions"] > 500 and body["items"] > 0
    assert body["divisions"].startswith("GB/T 2260") and "变更补至" in body["divisions"]  # how current regions are


def test_search_finds_the_penalty_article_with_its_partner(client: TestClient) -> None:
    body = client.get("/search", params={"q": "未取得建设工程规划许可证进行建设", "limit": 5}).json()
    ids = [h["provision_id"] for h in body["hits"]]
    assert any(i.startswith("城乡规划法@2019-04-23/art_64") for i in ids), ids
    hit = next(h for h in body["hits"] if h["provision_id"].startswith("城乡规划法@2019-04-23/art_64"))
    assert hit["article"] == "第六十四条" and hit["is_penalty"]
    assert hit["statute_title"] == "中华人民共和国城乡规划法"
    assert any("art_40" in v for v in hit["violated"])


def test_search_as_of_hides_versions_not_yet_in_force(client: TestClient) -> None:
    old = client.get("/search", params={"q": "野生动物", "as_of": "2020-01-01", "statute": "野生动物保护法"}).json()
    versions = {h["version"] for h in old["hits"] if h["kind"] == "provision"}
    assert versions == {"2018-10-26"}, versions


@pytest.mark.parametrize("q", ["AND OR NOT", "*:*", '"未批先建', "第（", "🚧🚧", "建设 AND (规划"])
def test_search_treats_query_syntax_as_text(client: TestClient, q: str) -> None:
    resp = client.get("/search", params={"q": q})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["hits"] or body["message"]


def test_search_bad_input_gets_chinese_errors(client: TestClient) -> None:
    _error(client.get("/search", params={"q": "  "}), 422, "EMPTY_QUERY")
    _error(client.get("/search", params={"q": "摆摊" * 1001}), 422, "INVALID_REQUEST")
    _error(client.get("/search", params={"q": "摆摊", "as_of": "2024-13-45"}), 422, "INVALID_DATE")
    ok = client.get("/search", params={"q": "摆" * 2000})
    assert ok.status_code == 200


def test_provision_view(client: TestClient) -> None:
    body = client.get("/provisions/城乡规划法@2019-04-23/art_64").json()
    assert body["article"] == "第六十四条" and body["text"].startswith("第六十四条")
    assert body["statute"]["level"] == "法律"
    assert body["valid_from"] is not None
    assert any(v and v["provision_id"].endswith("art_40") for v in body["violated"])
    unversioned = client.get("/provisions/城乡规划法/art_65", params={"as_of": "2024-01-01"}).json()
    assert unversioned["provision_id"] == "城乡规划法@2019-04-23/art_65"
    assert unversioned["township_competent"] is True


def test_provision_errors(client: TestClient) -> None:
    _error(client.get("/provisions/城乡规划法@2019-04-23/art_999"), 404, "ARTICLE_NOT_FOUND")
    _error(client.get("/provisions/不存在的法/art_1"), 404, "STATUTE_NOT_FOUND")
    _error(client.get("/provisions/not-an-id"), 422, "INVALID_PROVISION_ID")
    _error(client.get("/provisions/城乡规划法/art_64", params={"as_of": "1990-01-01"}), 404, "NOT_IN_FORCE")


def test_statutes_list_and_detail(client: TestClient) -> None:
    listing = client.get("/statutes", params={"q": "野生动物"}).json()
    assert [s["key"] for s in listing["statutes"]] == ["野生动物保护法"]
    detail = client.get("/statutes/野生动物保护法").json()
    versions = [v["version"] for v in detail["versions"]]
    assert versions == ["2018-10-26", "2022-12-30"]
    assert detail["versions"][0]["valid_to"] == detail["versions"][1]["valid_from"]
    _error(client.get("/statutes/不存在的法"), 404, "STATUTE_NOT_FOUND")


def test_openapi_has_chinese_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/search" in spec["paths"] and "/authority/check" in spec["paths"]
    assert "在人行道上摆摊设点" in str(spec)


@pytest.mark.parametrize("name", ["..", ".", "a/..", "...csv", "长" * 300 + ".csv", "../../x.csv"])
def test_upload_with_hostile_names_never_500s_nor_escapes(writable_client: TestClient, tmp_path: Any,
                                                          name: str) -> None:
    client = writable_client
    root = client.app.state.settings.data_dir  # type: ignore[attr-defined]
    csv = "序号,事项名称,法律依据,主管部门,承接乡镇\n1,对擅自砍伐城市树木的处罚,《城市绿化条例》第二十六条,县执法局,航埠镇\n"
    for _ in range(2):
        resp = client.post("/catalogs", headers={"X-Yiju-Token": "t"},
                           files={"file": (name, csv.encode(), "text/csv")})
        assert resp.status_code in (202, 422), resp.text
        if resp.status_code == 202:
            job = client.app.state.jobs.wait(resp.json()["id"], timeout=120)  # type: ignore[attr-defined]
            assert job["status"] in ("done", "failed"), job
            assert job["report"] or job["error"]["message"]
        else:
            assert resp.json()["error"]["message"]
    assert client.get("/healthz").status_code == 200
    assert (root / "catalogs").is_dir() and any((root / "catalogs").iterdir())
    assert not (tmp_path / "x.csv").exists()


def test_every_report_is_served(client: TestClient) -> None:
    from kg.reports import REPORTS

    for name in REPORTS:
        assert client.get(f"/reports/{name}").status_code == 200, name
