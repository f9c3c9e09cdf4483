"""Does a township hold the power for a matter (职权核查)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import Pinned, day_param
from api.errors import error_responses
from api.models import AuthorityAnswer
from api.service import MAX_QUERY_CHARS

router = APIRouter(tags=["职权核查"])


@router.get("/authority/check", response_model=AuthorityAnswer, summary="乡镇是否有权处理该事项",
            responses=error_responses(404, 422, 503))
def authority_check(
    view: Pinned,
    township: Annotated[str, Query(description="乡镇（街道）", examples=["航埠镇"])],
    item: Annotated[str | None, Query(description="事项编码")] = None,
    provision: Annotated[str | None, Query(description="条文标识", examples=["城乡规划法/art_65"])] = None,
    q: Annotated[str | None, Query(description="违法行为描述", max_length=MAX_QUERY_CHARS)] = None,
    date_: Annotated[str | None, Query(alias="date", description="行为发生日期")] = None,
    decision_date: Annotated[str | None, Query(description="作出处罚决定日期（核对从旧兼从轻）")] = None,
) -> Any:
    return view.check(township, item_code=item, provision=provision, query=q, day=day_param(date_, "date"),
                      decision_day=day_param(decision_date, "decision_date"))
