"""Planning reports (规划报表) and their exports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from api.deps import Pinned, day_param
from api.errors import error_responses
from api.models import Report

router = APIRouter(tags=["报表"])
ReportName = Annotated[str, Path(description="报表：unmapped、ownerless、overlaps、gaps、negative-list、stale、coverage",
                                  examples=["gaps", "coverage", "overlaps"])]

MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8", "png": "image/png", "json": "application/json"}


def _filters(region: str | None, county: str | None, township: str | None, domain: str | None,
             department: str | None, as_of: str | None) -> Any:
    from kg.reports import ReportFilters

    return ReportFilters(region=region, county=county, township=township, domain=domain,
                         department=department, as_of=day_param(as_of, "as_of"))


@router.get("/reports/{name}", response_model=Report, summary="运行报表", responses=error_responses(404, 422, 503))
def report(view: Pinned, name: ReportName, region: str | None = None, county: str | None = None,
           township: str | None = None, domain: str | None = None, department: str | None = None,
           as_of: Annotated[str | None, Query(examples=["2024-01-01"])] = None) -> Any:
    from api.service import to_jsonable
    from kg.reports import run_report

    return to_jsonable(run_report(view.store, name, _filters(region, county, township, domain, department, as_of)))


@router.get(
    "/reports/{name}/export", summary="导出报表（xlsx/csv/png/json）",
    response_class=Response,
    responses={200: {"description": "报表文件", "content": {
        MEDIA["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        "text/csv": {"schema": {"type": "string"}},
        "image/png": {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
               **error_responses(404, 422, 503)},
)
def report_export(view: Pinned, name: ReportName,
                  format: Annotated[str, Query(description="xlsx | csv | png | json")] = "xlsx",
                  region: str | None = None, county: str | None = None, township: str | None = None,
                  domain: str | None = None, department: str | None = None,
                  as_of: Annotated[str | None, Query(examples=["2024-01-01"])] = None) -> Response:
    from urllib.parse import quote

    from api.exports import render_report
    from kg.errors import InvalidInput
    from kg.reports import run_report

    fmt = format.lower()
    if fmt not in MEDIA:
        raise InvalidInput(f"不支持的导出格式“{format[:20]}”，可用：xlsx、csv、png、json", code="REPORT_FORMAT")
    result = run_report(view.store, name, _filters(region, county, township, domain, department, as_of))
    data = render_report(result, fmt)
    body = data if isinstance(data, bytes) else data.encode("utf-8")
    filename = f"{result.name}.{fmt}"
    return Response(body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f"attachment; filename=\"report.{fmt}\"; "
                                                    f"filename*=UTF-8''{quote(filename)}"})
