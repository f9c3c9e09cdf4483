"""The answer card, the statute browser, long reports and phone width, in a real browser over the demo data.

Screenshots are kept as test artifacts (artifacts/e2e/, see conftest).
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import UI
from tests.e2e.test_ui import choose_township, search

pytestmark = pytest.mark.e2e


# -- answer card ----------------------------------------------------------------------------


def test_answer_card_shows_the_whole_answer(ui: UI) -> None:
    page = ui.open()
    search(page, "占用城市道路", township="航埠镇")
    card = page.locator(".hit", has=page.locator("h3", has_text="第四十二条")).first
    card.locator(".answer-body").wait_for()
    # 违则 and 罚则 side by side, with their citations in the form decisions use
    assert "《城市道路管理条例》第二十七条" in card.locator(".side-violated").inner_text()
    assert "《城市道路管理条例》第四十二条" in card.locator(".side-penalty").inner_text()
    # the fine range, and 责令改正 marked as not a penalty
    sanctions = card.locator("ul.sanctions").inner_text()
    assert "罚款" in sanctions and "2万元以下" in sanctions
    assert card.locator("ul.sanctions li", has_text="责令改正").locator(".badge", has_text="非行政处罚").count() == 1
    assert "市政工程行政主管部门" in card.locator("dl.kv").inner_text()  # the deciding body
    # the items, the user's township first and marked, with since when
    item = card.locator(".items li", has=page.locator("code", has_text="KC-SR-007"))
    towns = item.locator(".towns").inner_text()
    assert towns.index("航埠镇") < towns.index("石梁镇") and "自 2022-07-01 起" in towns
    assert item.locator(".towns mark", has_text="航埠镇").count() == 1
    flags = item.locator("ul.flags").inner_text()
    assert "法制审核" in flags and "听证" in flags and "集体讨论" in flags
    card.scroll_into_view_if_needed()
    ui.shot("answer-card", full_page=False)


def test_copy_citation_in_one_click(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(live_server + "/#search?q=" + "占用城市道路")
        button = page.locator(".hit .cite button.copy").first
        button.wait_for()
        expected = button.get_attribute("data-copy")
        assert expected and expected.startswith("《") and "》第" in expected
        button.click()
        page.wait_for_function("document.querySelector('.hit .cite button.copy').textContent === '已复制'")
        assert page.evaluate("navigator.clipboard.readText()") == expected
    finally:
        context.close()
    assert not errors, errors


def test_results_export_to_docx_and_xlsx(ui: UI) -> None:
    page = ui.open("search?q=" + "占用城市道路")
    page.locator(".hit .answer-body").first.wait_for()
    with page.expect_download() as dl:
        page.locator(".results-head a", has_text="Word").click()
    assert dl.value.suggested_filename == "检索结果_占用城市道路.docx"
    head = Path(dl.value.path()).read_bytes()[:2]
    assert head == b"PK"  # a zip container: docx
    with page.expect_download() as dl:
        page.locator(".results-head a", has_text="Excel").click()
    assert dl.value.suggested_filename.endswith(".xlsx")


def test_township_is_chosen_once_and_remembered(ui: UI) -> None:
    page = ui.open()
    choose_township(page, "航埠镇")
    page.wait_for_function("document.querySelector('#pref-region').value.length > 0")
    region = page.input_value("#pref-region")
    assert region.startswith("浙江省")  # a township's region comes with it
    # the chosen values are readable in the blue header (dark text on the white field)
    assert page.evaluate("getComputedStyle(document.querySelector('#pref-township')).color") != "rgb(255, 255, 255)"
    page.reload()
    page.wait_for_function("document.querySelector('#health').textContent.length > 0")
    assert page.input_value("#pref-township") == "航埠镇" and page.input_value("#pref-region") == region
    search(page, "占用城市道路")
    page.wait_for_selector(".hit .check-btn")  # the remembered township drives the one-click check
    assert "township=" in page.url


def test_level_filter_limits_the_results(ui: UI) -> None:
    page = ui.open()
    page.locator("#search-more > summary").click()
    page.select_option("#search-level", "行政法规")
    search(page, "占用城市道路")
    page.wait_for_selector(".hit")
    levels = set(page.locator(".hit .badge.level").all_inner_texts())
    assert levels == {"行政法规"}, levels
    assert "level=" in page.url


def test_header_shows_when_the_data_was_built_not_the_id(ui: UI) -> None:
    page = ui.open()
    text = page.locator("#health").inner_text()
    assert text.startswith("数据更新于 ") and "T" not in text.split("·")[0]


# -- statute browser ------------------------------------------------------------------------


def test_statute_page_has_toc_versions_and_anchors(ui: UI) -> None:
    page = ui.open("statutes?s=" + "农药管理条例")
    page.locator(".statute .toc").wait_for()
    assert page.locator(".toc li").first.inner_text().startswith("第一章")
    rows = page.locator("table.versions tbody tr")
    assert rows.count() == 2
    assert "2017-03-16" in rows.nth(0).inner_text() and "2022-03-29" in rows.nth(1).inner_text()
    assert "正在查看" in rows.nth(1).inner_text()  # the latest version by default
    # a TOC entry jumps to its first article
    page.locator(".toc a", has_text="法律责任").click()
    target = page.locator(".art.target")
    target.wait_for()
    assert target.get_attribute("id", timeout=5000).startswith("a-农药管理条例@2022-03-29/art_")
    assert page.evaluate("document.querySelector('.art.target').getBoundingClientRect().top") < 300
    ui.shot("statute-page", full_page=False)


def test_every_result_reaches_its_statute(ui: UI) -> None:
    page = ui.open("search?q=" + "占用城市道路")
    link = page.locator(".hit .cite a.slink").first
    link.wait_for()
    link.click()
    page.locator(".art.target").wait_for()
    assert page.locator("#tab-statutes").get_attribute("aria-selected") == "true"
    assert page.locator(".art.target").get_attribute("data-pid").startswith("城市道路管理条例@")


def test_two_versions_side_by_side(ui: UI) -> None:
    page = ui.open("statutes?s=" + "农药管理条例")
    page.locator(".compare-form").wait_for()
    page.locator(".compare-form button").click()
    table = page.locator("table.compare")
    table.wait_for()
    heads = table.locator("thead th").all_inner_texts()
    assert heads[1:] == ["2017-03-16 版", "2022-03-29 版"]
    changed = table.locator("tr.cmp-changed")
    assert changed.count() > 0
    assert changed.first.locator("del, ins").count() > 0  # the changed words are marked
    assert table.locator("tr.cmp-same").first.is_hidden()  # only changes by default
    ui.shot("statute-compare", full_page=False)


def test_unknown_statute_shows_the_chinese_error(ui: UI) -> None:
    ui.allow_failed_requests = True
    page = ui.open("statutes?s=" + "没有这部法")
    alert = page.locator("#statutes-alert")
    alert.wait_for()
    assert "未找到法规" in alert.inner_text()


def test_statute_list_search(ui: UI) -> None:
    page = ui.open()
    page.locator("#tab-statutes").click()
    page.fill("#statutes-q", "城市")
    page.press("#statutes-q", "Enter")
    # the unfiltered list is on the page first: wait for the filtered one to replace it
    page.wait_for_function("() => { const a = [...document.querySelectorAll('ul.statutes li a')];"
                           " return a.length > 0 && a.every(x => x.innerText.includes('城市')); }")
    titles = page.locator("ul.statutes li a").all_inner_texts()
    assert titles and all("城市" in t for t in titles)


# -- long reports ------------------------------------------------------------------------------


def test_report_of_10000_rows_is_paged(ui: UI) -> None:
    """More than 500 findings (the page broke there): served as the API would, ten thousand rows."""
    with urllib.request.urlopen(ui.base + "/reports/gaps") as resp:
        real = json.loads(resp.read())
    base = real["findings"]
    assert base, "the demo data has gaps findings"
    big = {**real, "findings": [{**base[i % len(base)], "reason": f"第 {i + 1} 条发现"} for i in range(10_000)],
           "summary": {**real.get("summary", {}), "findings": 10_000}}
    page = ui.page
    page.route("**/reports/gaps?*", lambda route: route.fulfill(status=200, content_type="application/json",
                                                                 body=json.dumps(big, ensure_ascii=False)))
    page.route("**/reports/gaps", lambda route: route.fulfill(status=200, content_type="application/json",
                                                               body=json.dumps(big, ensure_ascii=False)))
    ui.open("plan?report=gaps")
    table = page.locator("#plan-result table.report-table").first
    table.wait_for()
    assert "[object" not in page.locator("#plan-result").inner_text()
    assert table.locator("tbody tr").count() == 100
    info = page.locator("#plan-result .page-info")
    info = info.first
    assert "共 10000 行" in info.inner_text() and "第 1 / 100 页" in info.inner_text()
    page.locator("#plan-result .page-next").first.click()
    assert table.locator("tbody tr").first.locator("td").first.inner_text() == "101"
    jump = page.locator("#plan-result .page-jump input").first
    jump.fill("100")
    jump.dispatch_event("change")
    assert table.locator("tbody tr").last.locator("td").first.inner_text() == "10000"
    assert page.locator("#plan-result .page-next").first.is_disabled()
    ui.shot("report-10000-rows", full_page=False)


# -- phone width -------------------------------------------------------------------------------


@pytest.fixture
def phone400(browser: Any, live_server: str) -> Any:
    from tests.e2e.conftest import _ui

    yield from _ui(browser, live_server, {"width": 400, "height": 860})


def _no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at 400 px"


def test_phone_answer_card_and_statute(phone400: UI) -> None:
    page = phone400.open()
    search(page, "占用城市道路", township="航埠镇")
    page.locator(".hit .answer-body").first.wait_for()
    _no_sideways_scroll(page)
    page.locator(".hit .answer-body").first.scroll_into_view_if_needed()
    phone400.shot("phone-answer-card", full_page=False)
    page.goto(phone400.base + "/#statutes?s=" + "农药管理条例" + "&a=" + "农药管理条例@2022-03-29/art_52")
    page.locator(".art.target").wait_for()
    _no_sideways_scroll(page)
    phone400.shot("phone-statute", full_page=False)
    page.goto(phone400.base + "/#statutes?s=" + "农药管理条例" + "&v=2017-03-16&cmp=2022-03-29")
    page.locator("table.compare").wait_for()
    _no_sideways_scroll(page)
    phone400.shot("phone-compare", full_page=False)
    page.goto(phone400.base + "/#plan?report=gaps")
    page.locator("#plan-result table.report-table").first.wait_for()
    _no_sideways_scroll(page)
    phone400.shot("phone-report", full_page=False)


def test_citations_in_the_text_are_links(ui: UI) -> None:
    page = ui.open("statutes?s=" + "城市道路管理条例" + "&a=" + "城市道路管理条例@2019-03-24/art_42")
    page.locator(".art.target").wait_for()
    link = page.locator(".art.target a.cite-link", has_text="本条例第二十七条")
    assert link.count() == 1
    link.click()
    page.wait_for_function("document.querySelector('.art.target')?.dataset.art === 'art_27'")
    # a bare 第X条 is left as text: what it refers to is not certain
    bare = page.evaluate("[...document.querySelectorAll('a.cite-link')].filter(a => /^第/.test(a.textContent)).length")
    assert bare == 0


def test_answer_card_shows_time_validity_when_the_api_gives_it(ui: UI) -> None:
    """时效性 fields (status, its deciding text, a note when the text shown is not the one in force) are shown as given."""
    page = ui.page

    def with_status(route: Any) -> None:
        card = route.fetch().json()
        card.update(status="已修改", status_basis="2019年4月23日第二次修正", status_note="该日施行的是另一版本的文本")
        route.fulfill(status=200, content_type="application/json", body=json.dumps(card, ensure_ascii=False))

    page.route("**/answers/provision/**", with_status)
    ui.open("search?q=" + "占用城市道路")
    body = page.locator(".hit .answer-body").first
    body.wait_for()
    badge = body.locator(".badge.status", has_text="已修改").first
    assert badge.get_attribute("title") and "第二次修正" in badge.get_attribute("title")
    assert "该日施行的是另一版本的文本" in body.inner_text()
    assert "时效依据" in body.inner_text()
