"""Every error in one shape with a Chinese message; the schema documents them; /docs works offline."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app


@pytest.fixture(scope="module")
def client(demo_service: Any) -> TestClient:
    return TestClient(create_app(demo_service.settings, demo_service))


def _chinese_error(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert err["code"] == code, err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err["message"]), err["message"]
    return err


def test_unknown_path_is_a_chinese_404(client: TestClient) -> None:
    err = _chinese_error(client.get("/no-such-page"), 404, "NOT_FOUND")
    assert "/no-such-page" in err["message"] and "Not Found" not in err["message"]


def test_wrong_method_is_a_chinese_405(client: TestClient) -> None:
    err = _chinese_error(client.delete("/search"), 405, "METHOD_NOT_ALLOWED")
    assert "DELETE" in err["message"]


@pytest.mark.parametrize(("params", "field", "problem"), [
    ({}, "查询参数 q", "缺少必填项"),
    ({"q": "摆摊", "limit": "many"}, "查询参数 limit", "应为整数"),
    ({"q": "摆摊", "limit": "0"}, "查询参数 limit", "应不小于 1"),
    ({"q": "摆摊", "limit": "101"}, "查询参数 limit", "应不大于 100"),
    ({"q": "摆" * 2001}, "查询参数 q", "长度超过上限 2000 个字符"),
])
def test_validation_errors_name_the_field_in_chinese(client: TestClient, params: dict[str, str], field: str,
                                                     problem: str) -> None:
    err = _chinese_error(client.get("/search", params=params), 422, "INVALID_REQUEST")
    assert err["details"]["problems"] == [{"field": field, "problem": problem}]
    assert field in err["message"] and problem in err["message"]
    assert "Field required" not in str(err) and "Input should" not in str(err)


def test_openapi_documents_the_error_shapes_of_each_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "ErrorResponse" in spec["components"]["schemas"]
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            statuses = set(op["responses"])
            assert "422" in statuses or path in ("/healthz", "/catalogs") and method == "get", (path, method)
            for status, resp in op["responses"].items():
                if status.startswith(("4", "5")):
                    schema = resp["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, (path, status)
    upload = spec["paths"]["/catalogs"]["post"]
    assert {"202", "401", "413", "415", "422", "429"} <= set(upload["responses"])
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert spec["paths"]["/jobs/{job_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


def test_no_route_answers_with_an_untyped_object(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ok = op["responses"].get("200") or op["responses"].get("202")
            assert ok is not None, (path, method)
            content = ok.get("content", {})
            if "application/json" in content:
                assert content["application/json"]["schema"] != {}, (path, method)


def test_docs_are_served_without_internet(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "http://" not in page.text and "https://" not in page.text
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        resp = client.get(asset)
        assert resp.status_code == 200 and len(resp.content) > 10_000, asset
    assert "/docs-assets/swagger-ui-bundle.js" in page.text
