"""Statutes and their provisions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import Pinned, day_param
from api.errors import error_responses
from api.models import ProvisionDetail, StatuteDetail, StatuteList

router = APIRouter(tags=["法规"])


@router.get("/statutes", response_model=StatuteList, summary="法规列表",
            responses=error_responses(404, 422, 503))
def statutes(
    view: Pinned,
    level: Annotated[str | None, Query(description="效力级别", examples=["法律"])] = None,
    region: Annotated[str | None, Query(description="地区")] = None,
    q: Annotated[str | None, Query(description="标题包含", examples=["城乡规划"])] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    from kg.queries import list_statutes

    return list_statutes(view.store, level=level, region=region, q=q, limit=limit, offset=offset)


@router.get("/statutes/{statute_id}", response_model=StatuteDetail, summary="法规及其各版本",
            responses=error_responses(404, 422, 503))
def statute(view: Pinned,
            statute_id: Annotated[str, Path(description="法规键或标题", examples=["城乡规划法"])]) -> Any:
    from kg.queries import statute_view

    return statute_view(view.store, statute_id)


@router.get("/provisions/{provision_id:path}", response_model=ProvisionDetail,
            summary="条文：文本、版本、有效期、被引用、违则/罚则", responses=error_responses(404, 422, 503))
def provision(
    view: Pinned,
    provision_id: Annotated[str, Path(description="条文标识（可不带版本）",
                                      examples=["城乡规划法@2019-04-23/art_64", "城乡规划法/art_65"])],
    as_of: Annotated[str | None, Query(description="该日有效的版本", examples=["2024-01-01"])] = None,
) -> Any:
    from kg.queries import provision_view

    return provision_view(view.store, provision_id, day_param(as_of, "as_of"))
