"""Browser fixtures: the API over the demo data on a free port, and Debian's Chromium via Playwright.

Chromium comes from the distribution (``apt-get install -y chromium``), never
from ``playwright install``; CJK glyphs need ``fonts-noto-cjk``.  Each test
gets a fresh page whose console errors, uncaught exceptions and requests to
other hosts fail the test.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Screenshots are test artifacts: artifacts/e2e/ at the repo root (gitignored), or $YIJU_E2E_SHOTS.
SHOTS = Path(os.environ.get("YIJU_E2E_SHOTS") or Path(__file__).resolve().parents[2] / "artifacts" / "e2e")
# Chromium logs every 4xx/5xx response as a console error; tests that provoke one on purpose allow it.
FAILED_RESOURCE = "Failed to load resource"


@pytest.fixture(scope="session")
def live_server(demo_data: Path) -> Iterator[str]:
    """The real app (``create_app``) over the demo data dir, served by uvicorn in a thread."""
    import uvicorn

    from api.app import create_app
    from api.routes_ui import register
    from kg.settings import Settings

    app = create_app(Settings(data_dir=demo_data))
    register(app)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as resp:
                health = json.loads(resp.read())
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("测试服务器未能启动", pytrace=False)
            time.sleep(0.1)
    assert health["items"] > 0, health
    yield base
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # scripts/install.sh --test installs both; a missing browser is a failure, never a silent skip
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("需要 playwright（bash scripts/install.sh --test）", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(f"未找到 {CHROMIUM}：请运行 apt-get install -y chromium fonts-noto-cjk", pytrace=False)
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@dataclass
class UI:
    """A page on the live server, with what went wrong in it."""

    page: Any
    base: str
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    allow_failed_requests: bool = False

    def open(self, hash_: str = "") -> Any:
        self.page.goto(self.base + "/" + (f"#{hash_}" if hash_ else ""))
        self.page.wait_for_function("document.querySelector('#health').textContent.length > 0")
        return self.page

    def shot(self, name: str, full_page: bool = True) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def problems(self) -> list[str]:
        errors = [e for e in self.errors if not (self.allow_failed_requests and FAILED_RESOURCE in e)]
        return errors + [f"request to another host: {u}" for u in self.foreign]


def _ui(browser: Any, base: str, viewport: dict[str, int]) -> Iterator[UI]:
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                  accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    ui = UI(page, base)
    page.on("console", lambda m: ui.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: ui.errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else ui.foreign.append(r.url))
    yield ui
    context.close()
    assert not ui.problems(), ui.problems()


@pytest.fixture
def ui(browser: Any, live_server: str) -> Iterator[UI]:
    yield from _ui(browser, live_server, {"width": 1280, "height": 900})


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[UI]:
    yield from _ui(browser, live_server, {"width": 390, "height": 844})
