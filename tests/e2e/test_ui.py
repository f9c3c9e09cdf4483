"""The web UI in a real browser over the demo data: the officer, the legal reviewer and the planner.

Screenshots go to artifacts/e2e/ (see conftest) for people to look at.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import UI

pytestmark = pytest.mark.e2e

VERDICTS = {"持有", "在限定范围内持有", "不持有", "无法判断"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def choose_township(page: Any, township: str) -> None:
    """The header's township picker (remembered by the browser)."""
    page.fill("#pref-township", township)
    page.dispatch_event("#pref-township", "change")


def search(page: Any, q: str, township: str | None = None) -> None:
    if township is not None:
        choose_township(page, township)
    page.fill("#search-q", q)
    page.press("#search-q", "Enter")


# -- 执法检索 ----------------------------------------------------------------------------


def test_officer_search_shows_highlighted_results(ui: UI) -> None:
    page = ui.open()
    search(page, "在人行道上摆摊")
    page.wait_for_selector("ol.hits .hit")
    first = page.locator(".hit").first
    assert HAN.search(first.locator("h3").inner_text())
    assert page.locator(".hit .snippet em").count() > 0, "no highlighted terms"
    levels = set(page.locator(".hit .badge.level").all_inner_texts())
    assert levels and levels <= {"法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "宪法", "司法解释", "其他"}
    assert "q=" in page.url and "摆摊" in unquote(page.url)
    # how the question was read: the everyday word and the statute words it was searched with
    understood = page.locator("details.understood")
    understood.locator("summary").click()
    assert re.search(r"常用说法：.*摆摊→", understood.inner_text())
    ui.shot("officer-search")


def test_officer_sees_items_and_townships(ui: UI) -> None:
    page = ui.open()
    search(page, "占用城市道路", township="航埠镇")
    page.wait_for_selector(".hit")
    page.locator(".hit .items li code", has_text="KC-SR-007").first.wait_for()  # the answer cards load after the list
    assert page.locator(".hit .towns mark", has_text="航埠镇").count() > 0  # the chosen township is marked
    assert page.locator(".hit .badge.role-penalty").count() > 0 and page.locator(".hit .badge.role-violated").count() > 0


def test_partner_link_opens_the_provision(ui: UI) -> None:
    page = ui.open("search?q=" + "占用城市道路")
    page.wait_for_selector(".hit")
    page.wait_for_load_state("networkidle")  # the answer cards fill in after the hits: read the link once they have
    link = page.locator(".hit .side-violated a.plink").first
    label = link.inner_text()
    link.click()
    dialog = page.locator("#provision-dialog")
    dialog.locator(".provision").wait_for()
    assert dialog.is_visible()
    body = dialog.locator(".provision").inner_text()
    assert label.split()[-1] in body  # 第二十七条 …
    assert dialog.locator(".law-text").first.inner_text().strip().startswith("第")
    assert "p=" in page.url
    ui.shot("officer-provision-dialog", full_page=False)
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('#provision-dialog').open")
    # The dialog's close event, which drops p from the address, is dispatched
    # in a later task than the one that closes it: wait for the address.
    page.wait_for_function("!new URLSearchParams(location.hash.split('?')[1] || '').has('p')")
    assert "p=" not in page.url


def test_officer_one_click_authority_check(ui: UI) -> None:
    page = ui.open()
    search(page, "占用城市道路", township="航埠镇")
    page.wait_for_selector(".hit .check-btn")
    page.wait_for_load_state("networkidle")  # the answer cards (with the citing items) fill in after the hits
    # the 罚则 the demo catalog's items cite (a 违则 no item cites is rightly answered 无法判断, without duties)
    hit = page.locator('.hit:has(header a[data-pid$="/art_42"])').first
    hit.locator(".check-btn").click()
    verdict = hit.locator(".verdict")
    verdict.wait_for()
    assert verdict.locator(".verdict-label").inner_text() in VERDICTS
    assert "法制审核" in verdict.locator(".flags").inner_text()
    ui.shot("officer-check")


def test_hash_link_restores_the_search(ui: UI) -> None:
    page = ui.open("search?q=" + "占用城市道路" + "&township=" + "航埠镇")
    page.wait_for_selector(".hit")
    assert page.input_value("#search-q") == "占用城市道路"
    assert page.input_value("#pref-township") == "航埠镇"
    assert page.locator(".hit .check-btn").count() > 0
    page.reload()
    page.wait_for_selector(".hit")
    assert page.locator("#tab-search").get_attribute("aria-selected") == "true"


def test_empty_query_asks_for_a_description(ui: UI) -> None:
    page = ui.open()
    page.press("#search-q", "Enter")
    alert = page.locator("#search-alert")
    alert.wait_for()
    assert "请输入违法行为描述" in alert.inner_text()


def test_garbage_query_shows_the_api_message(ui: UI) -> None:
    page = ui.open()
    search(page, "qwxzv 🚧🚧 zzzz")
    notice = page.locator(".notice.empty")
    notice.wait_for()
    assert HAN.search(notice.inner_text()), notice.inner_text()
    assert page.locator(".hit").count() == 0
    ui.shot("officer-no-results")


def test_snippets_allow_only_em(ui: UI) -> None:
    """Whatever the API sends, only <em> becomes markup; the rest is shown as text."""
    evil: dict[str, Any] = {
        "query": "x", "groups": [], "suggestions": [], "message": None, "interpreted": {},
        "hits": [{
            "provision_id": "城乡规划法@2019-04-23/art_64", "kind": "provision", "role": "罚则",
            "statute_title": "<b>中华人民共和国城乡规划法</b>", "article": "第六十四条", "version": "2019-04-23",
            "level": "法律", "region": None, "score": 1.0, "is_penalty": True,
            "snippet": '<img src=x onerror="window.pwned=1"><em>摆摊</em>&lt;script&gt;window.pwned=2&lt;/script&gt;'
                       '<em onclick="x()">设点</em>',
            "text": "<script>window.pwned=3</script>", "violated": ["城乡规划法@2019-04-23/art_40"],
            "penalized_by": [], "items": [{"item_key": "k", "code": "<i>C</i>", "name": "<u>n</u>", "role": "罚则",
                                            "townships": ["<s>t</s>"]}],
        }],
    }
    ui.page.route(re.compile(r".*/search\?.*"), lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(evil, ensure_ascii=False)))
    page = ui.open()
    search(page, "摆摊")
    page.wait_for_selector(".hit")
    results = page.locator("#search-results")
    assert results.locator("img, script, b, i, u, s").count() == 0
    assert results.locator(".snippet em").all_inner_texts() == ["摆摊"]
    snippet = results.locator(".snippet").inner_text()
    assert "<img" in snippet and "<script>" in snippet and "<em onclick" in snippet
    assert "<b>" in results.locator("h3").inner_text()
    assert page.evaluate("window.pwned === undefined")


# -- 法制审核 ----------------------------------------------------------------------------


def review(page: Any, township: str, by: str, target: str, day: str | None = None) -> None:
    page.locator("#tab-review").click()
    page.fill("#review-township", township)
    page.locator(f'#review-form input[name="by"][value="{by}"]').check()
    page.fill("#review-target", target)
    if day:
        page.fill("#review-date", day)
    page.press("#review-target", "Enter")


def test_reviewer_authority_check_with_evidence(ui: UI) -> None:
    page = ui.open()
    review(page, "航埠镇", "item", "KC-SR-006", "2023-01-01")
    verdict = page.locator("#review-result .verdict")
    verdict.wait_for()
    assert verdict.locator(".verdict-label").inner_text() == "在限定范围内持有"
    text = verdict.inner_text()
    assert "赋权" in text and "限于城管职权范围内" in text
    evidence = verdict.locator(".ev").first
    ev_text = evidence.inner_text()
    assert "柯城区乡镇综合行政执法赋权事项目录" in ev_text
    assert "柯政发〔2022〕示例1号" in ev_text and "2022-07-01" in ev_text
    assert evidence.locator("table.data tbody tr").count() >= 2  # 违则 + 罚则
    assert evidence.locator("table.data .flag.ok").count() >= 1  # in force on the date
    assert evidence.locator(".sep").inner_text().count("\n") >= 2
    assert "item=KC-SR-006" in page.url and "date=2023-01-01" in page.url
    ui.shot("reviewer-check")


def test_reviewer_sees_a_township_without_the_power(ui: UI) -> None:
    page = ui.open("review?township=" + "航埠镇" + "&item=KC-SR-014&date=2023-01-01")
    verdict = page.locator("#review-result .verdict")
    verdict.wait_for()
    assert verdict.locator(".verdict-label").inner_text() == "不持有"
    assert "石梁镇" in verdict.inner_text()


def test_reviewer_check_by_description(ui: UI) -> None:
    page = ui.open()
    review(page, "石梁镇", "q", "露天焚烧秸秆")
    verdict = page.locator("#review-result .verdict")
    verdict.wait_for()
    assert verdict.locator(".verdict-label").inner_text() in VERDICTS


def test_reviewer_provision_viewer(ui: UI) -> None:
    page = ui.open()
    page.locator("#tab-review").click()
    page.fill("#provision-id", "城乡规划法/art_65")
    page.fill("#provision-date", "2024-01-01")
    page.press("#provision-id", "Enter")
    view = page.locator("#provision-result .provision")
    view.wait_for()
    text = view.inner_text()
    assert "中华人民共和国城乡规划法" in text and "第六十五条" in text
    assert "2024-01-01 有效" in text
    assert "法定职权" in text  # art. 65 names the township itself
    ui.shot("reviewer-provision")
    # a 罚则's 违则 link opens in the same viewer
    page.fill("#provision-id", "城市道路管理条例@2019-03-24/art_42")
    page.press("#provision-id", "Enter")
    page.wait_for_function("document.querySelector('#provision-result h3').textContent.includes('第四十二条')")
    link = page.locator("#provision-result .provision a.plink", has_text="第二十七条").first
    link.click()
    page.wait_for_function("document.querySelector('#provision-result h3').textContent.includes('第二十七条')")
    assert "art_27" in unquote(page.url)


def test_unknown_township_shows_the_chinese_error(ui: UI) -> None:
    ui.allow_failed_requests = True
    page = ui.open("review?township=" + "不存在镇" + "&item=KC-SR-006")
    alert = page.locator("#review-alert")
    alert.wait_for()
    assert "未找到乡镇" in alert.inner_text()
    page.fill("#provision-id", "城乡规划法@2019-04-23/art_999")
    page.press("#provision-id", "Enter")
    page.locator("#provision-alert").wait_for()
    assert "第九百九十九条" in page.locator("#provision-alert").inner_text()


# -- 规划报表 ----------------------------------------------------------------------------


def test_planner_report_table_and_downloads(ui: UI) -> None:
    page = ui.open()
    page.locator("#tab-plan").click()
    page.select_option("#plan-report", "unmapped")
    page.locator("#plan-form button[type=submit]").click()
    table = page.locator("#plan-result table.report-table")
    table.wait_for()
    body = table.inner_text()
    assert "KC-SR-005" in body and "KC-SR-012" in body
    assert page.locator("#plan-result .tile").count() >= 1
    xlsx = page.locator("#plan-result .downloads a", has_text="xlsx")
    assert "format=xlsx" in (xlsx.get_attribute("href") or "")
    with page.expect_download() as dl:
        xlsx.click()
    assert dl.value.suggested_filename == "未解析依据报表.xlsx"
    with page.expect_download() as dl:
        page.locator("#plan-result .downloads a", has_text="CSV").click()
    assert dl.value.suggested_filename == "未解析依据报表.csv"
    assert "report=unmapped" in page.url
    ui.shot("planner-unmapped")


def test_planner_ownerless_report(ui: UI) -> None:
    page = ui.open("plan?report=ownerless")
    page.locator("#plan-result table.report-table").wait_for()
    assert "KC-SR-013" in page.locator("#plan-result").inner_text()


def test_planner_coverage_heat_map_loads(ui: UI) -> None:
    page = ui.open("plan?report=coverage")
    page.locator("#plan-result .report").wait_for()
    img = page.locator("#plan-result img.heatmap")
    img.wait_for()
    page.wait_for_function("document.querySelector('img.heatmap').complete")
    assert page.evaluate("document.querySelector('img.heatmap').naturalWidth") > 0
    assert "format=png" in (img.get_attribute("src") or "")
    ui.shot("planner-coverage")


# -- the page as a whole -------------------------------------------------------------------


def test_tabs_work_from_the_keyboard(ui: UI) -> None:
    page = ui.open()
    page.locator("#tab-search").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('#tab-review').getAttribute('aria-selected') === 'true'")
    assert page.locator("#panel-review").is_visible() and not page.locator("#panel-search").is_visible()
    assert page.evaluate("document.activeElement.id") == "tab-review"
    page.keyboard.press("End")
    page.wait_for_function("location.hash.startsWith('#plan')")
    # every form control has a label
    unlabeled = page.evaluate("""[...document.querySelectorAll('input:not([type=radio]), select')]
        .filter(el => !el.labels || !el.labels.length).map(el => el.id)""")
    assert unlabeled == []


def test_phone_layout(phone: UI) -> None:
    page = phone.open()
    search(page, "在人行道上摆摊", township="航埠镇")
    page.wait_for_selector(".hit")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on a phone"
    phone.shot("phone-search")
    phone.page.goto(phone.base + "/#review?township=" + "航埠镇" + "&item=KC-SR-006&date=2023-01-01")
    page.locator("#review-result .verdict").wait_for()
    phone.shot("phone-review")


def test_planner_reads_a_catalog_import_report_in_chinese(ui: UI) -> None:
    page = ui.open("plan")
    page.locator("#import-list").click()
    first = page.locator("#import-result .catalog-list button").first
    first.wait_for()
    first.click()
    report = page.locator("#import-result .import-report")
    report.wait_for()
    text = report.inner_text()
    for label in ("读取行数", "事项", "识别的引用", "依据解析", "已解析"):
        assert label in text, text
    for key in ("rows_read", "citations_found", "resolution", "resolved"):
        assert key not in text, text
    ui.shot("planner-import-report")
