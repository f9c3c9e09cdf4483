"""The HTTP API (FastAPI) and the web UI.

``create_app(settings)`` builds the app; the store and index come in through
the ``Yiju`` service dependency, so tests build an app over a fixture graph.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Header, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from api import errors
from api.service import MAX_QUERY_CHARS, Yiju
from kg.errors import InvalidInput, NotFound, Unauthorized
from kg.safenames import safe_filename
from kg.settings import Settings

WEB_DIR = Path(__file__).resolve().parent / "web"


# -- response models -------------------------------------------------------------------


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str = Field(examples=["NOT_FOUND"])
    message: str = Field(examples=["未找到法规「城乡规划法」"])
    details: dict[str, Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    generation: str | None = None
    backend: str = Field(examples=["networkx"])
    statutes: int = 0
    provisions: int = 0
    items: int = 0


class HitItem(Open):
    item_key: str
    code: str | None = None
    name: str
    role: str | None = None
    townships: list[str] = []


class Hit(Open):
    provision_id: str = Field(examples=["城乡规划法@2019-04-23/art_64"])
    kind: str = Field(examples=["provision"])
    statute_title: str = Field(examples=["中华人民共和国城乡规划法"])
    article: str = Field(examples=["第六十四条"])
    version: str | None = Field(default=None, examples=["2019-04-23"])
    level: str | None = Field(default=None, examples=["法律"])
    region: str | None = None
    score: float
    snippet: str | None = None
    text: str | None = None
    is_penalty: bool = False
    violated: list[str] = []
    penalized_by: list[str] = []
    items: list[HitItem] = []
    status: str | None = Field(default=None, examples=["现行有效"], description="现行有效 | 已修改 | 已废止 | 尚未生效")
    valid_from: str | None = Field(default=None, description="所示版本自何日施行")
    valid_to: str | None = Field(default=None, description="所示版本至何日止")
    status_basis: str = Field(default="", description="决定时效性的原文")
    status_note: str = Field(default="", description="如所示文本不是该日施行的文本，在此说明")


class SearchResponse(Open):
    query: str = Field(examples=["在人行道上摆摊设点"])
    hits: list[Hit]
    groups: list[Open] = []
    suggestions: list[str] = []
    message: str | None = None
    interpreted: dict[str, Any] = {}


class StatuteSummary(BaseModel):
    key: str = Field(examples=["城乡规划法"])
    title: str = Field(examples=["中华人民共和国城乡规划法"])
    level: str = Field(examples=["法律"])
    region: str | None = None


class StatuteList(BaseModel):
    total: int
    statutes: list[StatuteSummary]


class StatuteDetail(Open):
    key: str
    title: str
    level: str
    region: str | None
    aliases: list[str]
    versions: list[Open]


class ProvisionDetail(Open):
    provision_id: str = Field(examples=["城乡规划法@2019-04-23/art_64"])
    statute: dict[str, Any]
    article: str
    label: str
    version: str | None
    valid_from: str | None = Field(description="该版本自何日施行（本版本自己的施行日期，非公布日期）")
    valid_to: str | None = Field(description="该版本至何日止（被修改或废止之日）")
    status: str | None = Field(default=None, examples=["现行有效"], description="现行有效 | 已修改 | 已废止 | 尚未生效")
    status_basis: str = Field(default="", description="决定时效性的原文（题注、附则或废止条文）")
    in_force_on: bool | None
    text: str
    sanctions: list[Open]
    cites: list[str]
    cited_by: list[str]
    violated: list[Open | None]
    penalized_by: list[Open | None]
    items: list[Open]


class AuthorityAnswer(Open):
    verdict: str = Field(examples=["holds_within_scope"], description="holds | holds_within_scope | does_not_hold | unknown")
    source: str | None = Field(examples=["赋权"], description="法定 | 赋权 | 委托 | null")
    township: dict[str, Any]
    date: str
    message: str | None = None
    evidence: list[Open]


class ItemList(BaseModel):
    total: int
    items: list[Open]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "未找到"},
    422: {"model": ErrorResponse, "description": "输入不正确"},
    503: {"model": ErrorResponse, "description": "后端不可用"},
}


# -- the app --------------------------------------------------------------------------


def get_service(request: Request) -> Yiju:
    service: Yiju = request.app.state.yiju
    return service


Svc = Annotated[Yiju, Depends(get_service)]


def create_app(settings: Settings, service: Yiju | None = None) -> FastAPI:
    app = FastAPI(
        title="依据 Yiju API",
        version="0.1.0",
        description="乡镇综合行政执法法律依据检索与知识图谱：法规条文、违则与罚则、赋权事项、职权核查、规划报表。",
        responses=ERRORS,
    )
    errors.install(app)
    app.state.yiju = service or Yiju(settings)

    def day_param(value: str | None, name: str) -> date | None:
        from kg.queries import parse_day

        return parse_day(value, name)

    @app.get("/healthz", response_model=Health, tags=["运维"])
    def healthz(svc: Svc) -> Health:
        store = svc.store
        return Health(status="ok", generation=svc.generation(), backend=settings.graph_backend,
                      statutes=store.count("Statute"), provisions=store.count("Provision"),
                      items=store.count("PenaltyItem"))

    @app.get("/search", response_model=SearchResponse, tags=["检索"], summary="检索法律依据")
    def search(
        svc: Svc,
        q: Annotated[str, Query(description="违法行为描述", examples=["在人行道上摆摊设点"], max_length=MAX_QUERY_CHARS)],
        as_of: Annotated[str | None, Query(description="只看该日有效的版本", examples=["2024-01-01"])] = None,
        region: Annotated[str | None, Query(description="地区", examples=["浙江省衢州市"])] = None,
        level: Annotated[str | None, Query(description="效力级别", examples=["法律"])] = None,
        statute: Annotated[str | None, Query(description="限定法规", examples=["城乡规划法"])] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> Any:
        if not q.strip():
            raise InvalidInput("检索内容不能为空", code="EMPTY_QUERY")
        return svc.search(q, as_of=day_param(as_of, "as_of"), region=region, level=level, statute=statute,
                          limit=limit)

    @app.get("/statutes", response_model=StatuteList, tags=["法规"])
    def statutes(
        svc: Svc,
        level: str | None = None,
        region: str | None = None,
        q: Annotated[str | None, Query(description="标题包含", examples=["城乡规划"])] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Any:
        from kg.queries import list_statutes

        return list_statutes(svc.store, level=level, region=region, q=q, limit=limit, offset=offset)

    @app.get("/statutes/{statute_id}", response_model=StatuteDetail, tags=["法规"])
    def statute(svc: Svc, statute_id: str) -> Any:
        from kg.queries import statute_view

        return statute_view(svc.store, statute_id)

    @app.get("/provisions/{provision_id:path}", response_model=ProvisionDetail, tags=["法规"],
             summary="条文：文本、版本、有效期、被引用、违则/罚则")
    def provision(svc: Svc, provision_id: str, as_of: str | None = None) -> Any:
        from kg.queries import provision_view

        return provision_view(svc.store, provision_id, day_param(as_of, "as_of"))

    @app.get("/authority/check", response_model=AuthorityAnswer, tags=["职权核查"])
    def authority_check(
        svc: Svc,
        township: Annotated[str, Query(description="乡镇（街道）", examples=["航埠镇"])],
        item: Annotated[str | None, Query(description="事项编码")] = None,
        provision: Annotated[str | None, Query(description="条文标识", examples=["城乡规划法/art_65"])] = None,
        q: Annotated[str | None, Query(description="违法行为描述", max_length=MAX_QUERY_CHARS)] = None,
        date_: Annotated[str | None, Query(alias="date", description="行为发生日期")] = None,
        decision_date: Annotated[str | None, Query(description="作出处罚决定日期（核对从旧兼从轻）")] = None,
    ) -> Any:
        return svc.check(township, item_code=item, provision=provision, query=q, day=day_param(date_, "date"),
                         decision_day=day_param(decision_date, "decision_date"))

    @app.get("/items", response_model=ItemList, tags=["事项"])
    def items(svc: Svc, catalog: str | None = None, department: str | None = None, domain: str | None = None,
              power_type: str | None = None, q: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0)] = 0) -> Any:
        from kg.queries import list_items

        return list_items(svc.store, catalog=catalog, department=department, domain=domain,
                          power_type=power_type, q=q, limit=limit, offset=offset)

    @app.get("/items/{item_id:path}", response_model=Open, tags=["事项"])
    def item(svc: Svc, item_id: str, date_: Annotated[str | None, Query(alias="date")] = None) -> Any:
        from kg.queries import item_view

        return item_view(svc.store, item_id, day_param(date_, "date"))

    @app.get("/townships", response_model=list[Open], tags=["乡镇"])
    def townships(svc: Svc) -> Any:
        from kg.queries import list_townships

        return list_townships(svc.store)

    @app.get("/townships/{township_id}/items", response_model=Open, tags=["乡镇"])
    def township_items(svc: Svc, township_id: str, date_: Annotated[str | None, Query(alias="date")] = None) -> Any:
        from kg.queries import township_items as items_of

        return items_of(svc.store, township_id, day_param(date_, "date"))

    @app.get("/departments", response_model=list[Open], tags=["部门"])
    def departments(svc: Svc) -> Any:
        from kg.queries import list_departments

        return list_departments(svc.store)

    @app.get("/catalogs", response_model=list[Open], tags=["目录"])
    def catalogs(svc: Svc) -> Any:
        from kg.queries import list_catalogs

        return list_catalogs(svc.store)

    @app.get("/catalogs/{catalog_id}", response_model=Open, tags=["目录"], summary="目录及其导入报告")
    def catalog(svc: Svc, catalog_id: str) -> Any:
        props = svc.store.get("Catalog", catalog_id)
        if props is None:
            raise NotFound(f"未找到目录「{catalog_id[:60]}」", code="CATALOG_NOT_FOUND")
        report = json.loads(props["ingest_report"]) if props.get("ingest_report") else None
        return {**{k: v for k, v in props.items() if k != "ingest_report"}, "report": report}

    @app.post("/catalogs", response_model=Open, tags=["目录"], summary="上传赋权目录（需令牌）")
    async def upload_catalog(
        svc: Svc,
        file: Annotated[UploadFile, File(description="xlsx / xls / csv / json")],
        sidecar: Annotated[UploadFile | None, File(description="元数据 YAML")] = None,
        x_yiju_token: Annotated[str | None, Header()] = None,
    ) -> Any:
        if not settings.upload_token or x_yiju_token != settings.upload_token:
            raise Unauthorized("上传需要有效的令牌（请求头 X-Yiju-Token）", code="UPLOAD_TOKEN")
        from ingest.pipeline import ingest_catalog

        name = safe_filename(file.filename or "catalog.xlsx")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(await file.read())
            side = None
            if sidecar is not None:
                side = Path(tmp) / (path.stem + ".meta.yaml")
                side.write_bytes(await sidecar.read())
            return ingest_catalog(path, svc.data, sidecar=side)

    @app.get("/audit", response_model=list[Open], tags=["运维"], summary="审计日志（需令牌）",
             responses={401: {"model": ErrorResponse, "description": "令牌无效"}})
    def audit_log(
        svc: Svc,
        limit: Annotated[int | None, Query(ge=1, le=10000, description="只返回最近 N 条")] = None,
        x_yiju_token: Annotated[str | None, Header()] = None,
    ) -> Any:
        if not settings.upload_token or x_yiju_token != settings.upload_token:
            raise Unauthorized("查看审计日志需要有效的令牌（请求头 X-Yiju-Token）", code="UPLOAD_TOKEN")
        from kg import audit

        return audit.read(svc.data, limit)

    @app.get("/reports/{name}", response_model=Open, tags=["报表"])
    def report(svc: Svc, name: str, region: str | None = None, county: str | None = None,
               township: str | None = None, domain: str | None = None, department: str | None = None,
               as_of: str | None = None) -> Any:
        from kg.reports import ReportFilters, run_report

        filters = ReportFilters(region=region, county=county, township=township, domain=domain,
                                department=department, as_of=day_param(as_of, "as_of"))
        from api.service import to_jsonable

        return to_jsonable(run_report(svc.store, name, filters))

    @app.get("/reports/{name}/export", tags=["报表"], summary="导出报表（xlsx/csv/png）")
    def report_export(svc: Svc, name: str, format: str = "xlsx", region: str | None = None,
                      county: str | None = None, township: str | None = None, domain: str | None = None,
                      department: str | None = None, as_of: str | None = None) -> Response:
        from api.exports import render_report
        from kg.reports import ReportFilters, run_report

        result = run_report(svc.store, name, ReportFilters(region=region, county=county, township=township,
                                                           domain=domain, department=department,
                                                           as_of=day_param(as_of, "as_of")))
        data = render_report(result, format)
        media = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8", "png": "image/png", "json": "application/json"}
        body = data if isinstance(data, bytes) else data.encode("utf-8")
        return Response(body, media_type=media.get(format, "application/octet-stream"),
                        headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'})

    if WEB_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

        @app.get("/", include_in_schema=False)
        def index(_: Request) -> Any:
            page = WEB_DIR / "index.html"
            return FileResponse(page) if page.exists() else HTMLResponse("<h1>依据 Yiju</h1>")

    return app
