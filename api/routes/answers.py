"""What the web UI shows beyond the core API: answer cards, a statute's full text, result exports.

Every route reads the generation its request pinned, like the core routes.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.deps import Pinned, day_param
from api.errors import error_responses
from api.models import Open
from api.service import MAX_QUERY_CHARS, to_jsonable
from kg.errors import InvalidInput

router = APIRouter()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
ERRORS = error_responses(404, 422, 503)

EXPORT_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/answers/provision/{provision_id:path}", tags=["检索"], response_model=Open, responses=ERRORS,
            summary="答案卡：条文的违则、罚则、处罚种类、执法主体、事项与审核要求")
def provision_answer(
    view: Pinned,
    provision_id: Annotated[str, Path(description="条文标识", examples=["城乡规划法@2019-04-23/art_64"])],
    township: Annotated[str | None, Query(description="用户所在乡镇（街道），排在最前", examples=["航埠镇"])] = None,
    as_of: Annotated[str | None, Query(description="条文有效日期")] = None,
    date_: Annotated[str | None, Query(alias="date", description="行为发生日期（判断持有）")] = None,
) -> Any:
    from api.answers import provision_answer as card

    return to_jsonable(card(view.store, provision_id, township=township or None, as_of=day_param(as_of, "as_of"),
                            day=day_param(date_, "date")))


@router.get("/answers/item/{item_key:path}", tags=["检索"], response_model=Open, responses=ERRORS,
            summary="答案卡：目录事项的依据、持有乡镇与审核要求")
def item_answer(
    view: Pinned,
    item_key: Annotated[str, Path(description="事项键", examples=["柯政发〔2022〕示例1号#KC-GH-001"])],
    township: Annotated[str | None, Query(description="用户所在乡镇（街道）")] = None,
    date_: Annotated[str | None, Query(alias="date", description="行为发生日期")] = None,
) -> Any:
    from api.answers import item_answer as card

    return to_jsonable(card(view.store, item_key, township=township or None, day=day_param(date_, "date")))


@router.get("/statutes/{statute_id}/text", tags=["法规"], response_model=Open, responses=ERRORS,
            summary="法规某一版本的全文：目录（编章节）与每一条的文本")
def statute_text(
    view: Pinned,
    statute_id: Annotated[str, Path(description="法规键或标题", examples=["城乡规划法"])],
    version: Annotated[str | None, Query(description="版本日期；默认现行版本", examples=["2019-04-23"])] = None,
) -> Any:
    from api.statute_text import statute_text as text_of

    return text_of(view.store, statute_id, version)


@router.get("/answers/export", tags=["检索"], summary="导出检索结果及答案卡（docx / xlsx）",
            response_class=Response,
            responses={200: {"description": "导出文件", "content": {
                m: {"schema": {"type": "string", "format": "binary"}} for m in EXPORT_MEDIA.values()}}, **ERRORS})
def export_answers(
    view: Pinned,
    q: Annotated[str, Query(description="违法行为描述", max_length=MAX_QUERY_CHARS, examples=["在人行道上摆摊设点"])],
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
    day = day_param(as_of, "as_of")
    result = view.search(q, as_of=day, region=region or None, level=level or None, limit=limit)
    cards = answers_for_hits(view.store, result["hits"], township=township or None, day=day)
    shown = {"地区": region, "效力级别": level, "乡镇（街道）": township, "日期": as_of}
    body = render_answers(_printable(q), {k: _printable(v) if v else v for k, v in shown.items()},
                          result["hits"], to_jsonable(cards), format)
    name = f"检索结果_{q.strip()[:20]}.{format}"
    return Response(body, media_type=EXPORT_MEDIA[format],
                    headers={"Content-Disposition": f"attachment; filename=\"answers.{format}\"; "
                                                    f"filename*=UTF-8''{quote(name)}"})


def _printable(text: str) -> str:
    r"""Text a document can hold: control characters (which docx and xlsx refuse) removed.

    >>> _printable("摆摊\x00\x16设点")
    '摆摊设点'
    """
    return _CONTROL.sub("", text)
