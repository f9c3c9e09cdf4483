"""Delegation catalogs (赋权目录): list, detail with import report, upload as a job."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from api import uploads
from api.deps import Cfg, Jobs, Pinned, Svc, token_actor
from api.errors import error_responses
from api.models import CatalogDetail, CatalogSummary, Job
from kg.errors import InvalidInput, NotFound
from kg.safenames import safe_filename

router = APIRouter(tags=["目录"])

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary", "description": "目录文件：xlsx、xls、csv 或 json"},
                "sidecar": {"type": "string", "format": "binary", "description": "可选：元数据 YAML（标题、文号、地区等）"},
            },
        }}},
    },
}


@router.get("/catalogs", response_model=list[CatalogSummary], summary="已导入的目录",
            responses=error_responses(404, 503))
def catalogs(view: Pinned) -> Any:
    from kg.queries import list_catalogs

    return list_catalogs(view.store)


@router.get("/catalogs/{catalog_id}", response_model=CatalogDetail, summary="目录及其导入报告",
            responses=error_responses(404, 422, 503))
def catalog(view: Pinned,
            catalog_id: Annotated[str, Path(description="目录键（文号）", examples=["柯政发〔2022〕示例1号"])]) -> Any:
    props = view.store.get("Catalog", catalog_id)
    if props is None:
        raise NotFound(f"未找到目录「{catalog_id[:60]}」", code="CATALOG_NOT_FOUND")
    from api.cli_text import report_labels

    report = json.loads(props["ingest_report"]) if props.get("ingest_report") else None
    return {**{k: v for k, v in props.items() if k != "ingest_report"}, "report": report,
            "labels": report_labels(report) if report is not None else None}


@router.post(
    "/catalogs", status_code=202, response_model=Job,
    summary="上传赋权目录（需令牌；返回导入任务，用 GET /jobs/{id} 查看进度与报告）",
    description="请求头 X-Yiju-Token 在读取请求体之前核对；请求体上限见设置 YIJU_UPLOAD_MAX_BYTES。"
                "导入在后台逐个进行，期间检索照常使用现有数据。",
    responses={202: {"description": "已接受：导入任务已排队", "headers": {"Location": {
                   "description": "任务地址 /jobs/{id}", "schema": {"type": "string"}}}},
               **error_responses(401, 413, 415, 422, 429, 503)},
    openapi_extra=UPLOAD_BODY,
)
async def upload_catalog(
    request: Request,
    response: Response,
    svc: Svc,
    settings: Cfg,
    jobs: Jobs,
    x_yiju_token: Annotated[str | None, Header(description="上传令牌")] = None,
) -> Any:
    # headers first: nothing of the body is read for a wrong token or a declared size over the cap
    actor = token_actor(settings, x_yiju_token, "上传")
    uploads.check_headers(request, settings)
    if settings.graph_backend == "neo4j":
        await run_in_threadpool(_neo4j_reachable, settings)
    file, sidecar = await uploads.read_form(request, settings)
    try:
        from ingest.pipeline import CATALOG_SUFFIXES

        name = safe_filename(file.filename or "catalog.xlsx")
        if not any(name.lower().endswith(s) for s in CATALOG_SUFFIXES):
            raise InvalidInput(f"不支持的目录文件格式：{name[:80]}（支持 xlsx、xls、csv、json）", code="CATALOG_FORMAT")
        job = jobs.new_job(name, actor)
        try:
            await run_in_threadpool(uploads.save, file, job.path)
            if sidecar is not None:
                job.sidecar = job.folder / "sidecar.meta.yaml"
                await run_in_threadpool(uploads.save, sidecar, job.sidecar)
            await run_in_threadpool(uploads.check_zip, job.path, settings)
            jobs.submit(job)
        except BaseException:
            import shutil

            shutil.rmtree(job.folder, ignore_errors=True)
            raise
    finally:
        await file.close()
        if sidecar is not None:
            await sidecar.close()
    response.headers["Location"] = f"/jobs/{job.id}"
    return jobs.get(job.id)


def _neo4j_reachable(settings: Any) -> None:
    """With the Neo4j backend an upload must reach Neo4j: refuse it now if Neo4j cannot be reached."""
    from api.service import open_neo4j

    store = open_neo4j(settings)  # BackendUnavailable (503) in Chinese when it cannot
    store.close()
