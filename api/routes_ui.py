"""Routes the web UI needs beyond the core API: answer cards, a statute's full text, result exports.

``register(app)`` adds them to an app made by ``api.app.create_app`` (it is
idempotent, so calling it twice is harmless).  They read the same ``Yiju``
service as every other route.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response

from api.service import MAX_QUERY_CHARS, Yiju, to_jsonable
from kg.errors import InvalidInput

router = APIRouter()

EXPORT_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _svc(request: Request) -> Yiju:
    service: Yiju = request.app.state.yiju
    return service


def _day(value: str | None, name: str) -> date | None:
    from kg.queries import parse_day

    return parse_day(value, name)


@router.get("/answers/provision/{provision_id:path}", tags=["检索"], summary="答案卡：条文的违则、罚则、处罚种类、执法主体、事项与审核要求")
def provision_answer(
    request: Request, provision_id: str,
    township: Annotated[str | None, Query(description="用户所在乡镇（街道），排在最前", examples=["航埠镇"])] = None,
    as_of: Annotated[str | None, Query(description="条文有效日期")] = None,
    date_: Annotated[str | None, Query(alias="date", description="行为发生日期（判断持有）")] = None,
) -> Any:
    from api.answers import provision_answer as card

    svc = _svc(request)
    return to_jsonable(card(svc.store, provision_id, township=township or None, as_of=_day(as_of, "as_of"),
                            day=_day(date_, "date")))


@router.get("/answers/item/{item_key:path}", tags=["检索"], summary="答案卡：目录事项的依据、持有乡镇与审核要求")
def item_answer(
    request: Request, item_key: str,
    township: Annotated[str | None, Query(description="用户所在乡镇（街道）")] = None,
    date_: Annotated[str | None, Query(alias="date", description="行为发生日期")] = None,
) -> Any:
    from api.answers import item_answer as card

    return to_jsonable(card(_svc(request).store, item_key, township=township or None, day=_day(date_, "date")))


@router.get("/statutes/{statute_id}/text", tags=["法规"], summary="法规某一版本的全文：目录（编章节）与每一条的文本")
def statute_text(
    request: Request, statute_id: str,
    version: Annotated[str | None, Query(description="版本日期；默认现行版本", examples=["2019-04-23"])] = None,
) -> Any:
    from api.statute_text import statute_text as text_of

    return text_of(_svc(request).store, statute_id, version)


@router.get("/answers/export", tags=["检索"], summary="导出检索结果及答案卡（docx / xlsx）")
def export_answers(
    request: Request,
    q: Annotated[str, Query(description="违法行为描述", max_length=MAX_QUERY_CHARS)],
    format: Annotated[str, Query(description="docx 或 xlsx")] = "docx",
    region: str | None = None, level: str | None = None, township: str | None = None,
    as_of: str | None = None, limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    from api.answer_export import render_answers
    from api.answers import answers_for_hits

    if format not in EXPORT_MEDIA:
        raise InvalidInput(f"不支持的导出格式「{format[:20]}」：可选 docx 或 xlsx", code="EXPORT_FORMAT")
    if not q.strip():
        raise InvalidInput("检索内容不能为空", code="EMPTY_QUERY")
    svc = _svc(request)
    day = _day(as_of, "as_of")
    result = svc.search(q, as_of=day, region=region or None, level=level or None, limit=limit)
    cards = answers_for_hits(svc.store, result["hits"], township=township or None, day=day)
    body = render_answers(q, {"地区": region, "效力级别": level, "乡镇（街道）": township, "日期": as_of},
                          result["hits"], to_jsonable(cards), format)
    name = f"检索结果_{q.strip()[:20]}.{format}"
    return Response(body, media_type=EXPORT_MEDIA[format],
                    headers={"Content-Disposition": f"attachment; filename=\"answers.{format}\"; "
                                                    f"filename*=UTF-8''{quote(name)}"})


def register(app: FastAPI) -> None:
    """Add the UI routes to ``app`` once."""
    if getattr(app.state, "ui_routes", False):
        return
    app.state.ui_routes = True
    app.include_router(router)



