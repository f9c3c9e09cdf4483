"""The UI's own routes over the demo data: answer cards, a statute's text, result exports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes_ui import register


@pytest.fixture(scope="module")
def client(demo_service: Any) -> TestClient:
    app = create_app(demo_service.settings, demo_service)
    register(app)
    register(app)  # idempotent
    return TestClient(app)


def test_violated_article_card_brings_its_penalty_and_sanctions(client: TestClient) -> None:
    card = client.get("/answers/provision/城市道路管理条例/art_27", params={"township": "航埠镇"}).json()
    assert card["role"] == "违则"
    assert card["citation"] == "《城市道路管理条例》第二十七条"
    [penalty] = card["penalties"]
    assert penalty["citation"] == "《城市道路管理条例》第四十二条" and "罚款" in penalty["text"]
    fine = next(s for s in penalty["sanctions"] if s["kind"] == "罚款")
    assert fine["range"] == "2万元以下" and fine["is_penalty"]
    order = next(s for s in penalty["sanctions"] if s["kind"] == "责令改正")
    assert order["is_penalty"] is False  # an order is not a 行政处罚 (art. 28)
    assert penalty["competent_body"] == "市政工程行政主管部门或者其他有关部门"
    item = next(i for i in card["items"] if i["code"] == "KC-SR-007")
    first = item["holdings"][0]
    assert first["township_name"] == "航埠镇" and first["mine"] and first["valid_from"] == "2022-07-01"
    assert set(item["review"]) >= {"legal_review", "hearing", "collective_decision"}


def test_citation_carries_paragraph_and_item(client: TestClient) -> None:
    card = client.get("/answers/provision/城市道路管理条例@2019-03-24/art_42/item_3").json()
    assert card["citation"] == "《城市道路管理条例》第四十二条第（三）项"


def test_item_card_splits_its_basis(client: TestClient) -> None:
    card = client.get("/answers/item/柯政发〔2022〕示例1号%23KC-SR-007").json()
    assert card["kind"] == "item" and card["code"] == "KC-SR-007"
    assert [v["citation"] for v in card["violated"]] == ["《城市道路管理条例》第二十七条第（一）项"]
    assert [p["citation"] for p in card["penalties"]] == ["《城市道路管理条例》第四十二条"]
    # review duties as the authority check states them: never a bare yes/no (行政处罚法 arts. 57, 58, 63)
    review = card["items"][0]["review"]
    for key in ("legal_review", "hearing", "collective_decision"):
        assert review[key]["status"] in ("required", "depends", "not_required", "unknown"), review[key]
        assert review[key]["reasons"], review[key]
    assert review["legal_review"]["status"] == "depends"  # 浙江省综合行政执法条例 art. 20 and art. 58's conditions


def test_unknown_provision_card_is_a_chinese_404(client: TestClient) -> None:
    resp = client.get("/answers/provision/没有这部法/art_1")
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "STATUTE_NOT_FOUND"


def test_statute_text_has_toc_anchors_and_versions(client: TestClient) -> None:
    body = client.get("/statutes/农药管理条例/text").json()
    assert [v["version"] for v in body["versions"]] == ["2017-03-16", "2022-03-29"]
    assert body["version"]["version"] == "2022-03-29"  # the latest by default
    assert body["toc"] and body["toc"][0]["title"].startswith("第一章")
    assert body["toc"][0]["first"] == body["articles"][0]["provision_id"]
    assert body["articles"][0]["text"].startswith("第一条")
    old = client.get("/statutes/农药管理条例/text", params={"version": "2017-03-16"}).json()
    assert old["version"]["version"] == "2017-03-16"
    assert old["articles"][0]["provision_id"].startswith("农药管理条例@2017-03-16/")


def test_statute_text_unknown_version(client: TestClient) -> None:
    resp = client.get("/statutes/农药管理条例/text", params={"version": "1999-01-01"})
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "VERSION_NOT_FOUND"


def test_export_docx_and_xlsx(client: TestClient) -> None:
    from docx import Document
    from openpyxl import load_workbook

    resp = client.get("/answers/export", params={"q": "占用城市道路", "format": "docx", "township": "航埠镇"})
    assert resp.status_code == 200
    assert "filename*=UTF-8''" in resp.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "《城市道路管理条例》第四十二条" in text and "航埠镇（赋权，自 2022-07-01 起）" in text
    resp = client.get("/answers/export", params={"q": "占用城市道路", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(resp.content)).active
    head = [c.value for c in ws[3]]
    assert head[:3] == ["序号", "类型", "引用"] and "处罚种类" in head
    assert ws.max_row >= 4


def test_export_rejects_other_formats(client: TestClient) -> None:
    resp = client.get("/answers/export", params={"q": "占用城市道路", "format": "pdf"})
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "EXPORT_FORMAT"


def test_each_partner_once(client: TestClient) -> None:
    """广告法 art. 58 penalises art. 38 through several paragraphs: the card names art. 38 once."""
    card = client.get("/answers/provision/广告法@2021-04-29/art_58").json()
    ids = [v["provision_id"] for v in card["violated"]]
    assert "广告法@2021-04-29/art_38" in ids
    assert len(ids) == len(set(ids))
    card = client.get("/answers/provision/广告法@2021-04-29/art_38").json()
    assert card["penalized_by"].count("广告法@2021-04-29/art_58") == 1
