"""Legal-basis search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import Pinned, day_param
from api.errors import error_responses
from api.models import SearchResponse
from api.service import MAX_QUERY_CHARS
from kg.errors import InvalidInput

router = APIRouter(tags=["检索"])


@router.get("/search", response_model=SearchResponse, summary="检索法律依据",
            responses=error_responses(404, 422, 503))
def search(
    view: Pinned,
    q: Annotated[str, Query(description="违法行为描述", examples=["在人行道上摆摊设点"], max_length=MAX_QUERY_CHARS)],
    as_of: Annotated[str | None, Query(description="只看该日有效的版本", examples=["2024-01-01"])] = None,
    region: Annotated[str | None, Query(description="地区", examples=["浙江省衢州市"])] = None,
    level: Annotated[str | None, Query(description="效力级别", examples=["法律"])] = None,
    statute: Annotated[str | None, Query(description="限定法规", examples=["城乡规划法"])] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="最多返回条数")] = 10,
) -> Any:
    if not q.strip():
        raise InvalidInput("检索内容不能为空", code="EMPTY_QUERY")
    return view.search(q, as_of=day_param(as_of, "as_of"), region=region, level=level, statute=statute, limit=limit)
