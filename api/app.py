"""The HTTP API (FastAPI) and the web UI.

``create_app(settings)`` builds the app; the store and index come in through the ``Yiju``
service, so tests build an app over a fixture graph.  Routes live in ``api/routes`` (one module
per resource), response models in ``api/models.py``, errors in ``api/errors.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import errors
from api.jobs import JobQueue
from api.routes import ROUTERS
from api.service import Yiju
from kg.settings import Settings

WEB_DIR = Path(__file__).resolve().parent / "web"


def swagger_assets() -> Path | None:
    """Swagger UI's files from the swagger-ui-bundle package, so /docs works without internet."""
    try:
        import swagger_ui_bundle
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    path = Path(swagger_ui_bundle.swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def create_app(settings: Settings, service: Yiju | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.close()  # the running import ends on its own; waiting ones are dropped

    app = FastAPI(
        lifespan=lifespan,
        title="依据 Yiju API",
        version="0.1.0",
        description="乡镇综合行政执法法律依据检索与知识图谱：法规条文、违则与罚则、赋权事项、职权核查、规划报表。"
                    "所有错误的形式为 {\"error\": {\"code\", \"message\"}}，message 为中文说明。",
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    app.state.settings = settings
    app.state.yiju = service or Yiju(settings)
    app.state.yiju.background_reload = True  # never make requests wait for a new generation to load
    app.state.jobs = JobQueue(app.state.yiju, max_queued=settings.upload_max_queued)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.state.ui_routes = True  # api.routes_ui.register(app) has nothing left to add
    _docs(app)
    _web(app)
    return app


def _docs(app: FastAPI) -> None:
    assets = swagger_assets()
    if assets is None:
        return
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="依据 Yiju API 文档",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")


def _web(app: FastAPI) -> None:
    if not WEB_DIR.is_dir():
        return
    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index(_: Request) -> Any:
        page = WEB_DIR / "index.html"
        return FileResponse(page) if page.exists() else HTMLResponse("<h1>依据 Yiju</h1>")
