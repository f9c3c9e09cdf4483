"""Penalty items (事项), townships and departments."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import Pinned, day_param
from api.errors import error_responses
from api.models import DepartmentSummary, ItemDetail, ItemList, TownshipItems, TownshipSummary

router = APIRouter()
ERRORS = error_responses(404, 422, 503)


@router.get("/items", response_model=ItemList, tags=["事项"], summary="事项列表", responses=ERRORS)
def items(
    view: Pinned,
    catalog: Annotated[str | None, Query(description="目录")] = None,
    department: Annotated[str | None, Query(description="主管部门")] = None,
    domain: Annotated[str | None, Query(description="领域")] = None,
    power_type: Annotated[str | None, Query(description="权力类型", examples=["行政处罚"])] = None,
    q: Annotated[str | None, Query(description="名称包含")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    from kg.queries import list_items

    return list_items(view.store, catalog=catalog, department=department, domain=domain,
                      power_type=power_type, q=q, limit=limit, offset=offset)


@router.get("/items/{item_id:path}", response_model=ItemDetail, tags=["事项"],
            summary="事项：依据、承接乡镇、审核要求", responses=ERRORS)
def item(view: Pinned,
         item_id: Annotated[str, Path(description="事项键（目录#编码）", examples=["柯政发〔2022〕示例1号#KC-GH-001"])],
         date_: Annotated[str | None, Query(alias="date", description="该日的承接情况")] = None) -> Any:
    from kg.queries import item_view

    return item_view(view.store, item_id, day_param(date_, "date"))


@router.get("/townships", response_model=list[TownshipSummary], tags=["乡镇"], summary="乡镇（街道）列表",
            responses=ERRORS)
def townships(view: Pinned) -> Any:
    from kg.queries import list_townships

    return list_townships(view.store)


@router.get("/townships/{township_id}/items", response_model=TownshipItems, tags=["乡镇"],
            summary="乡镇在某日承接的事项", responses=ERRORS)
def township_items(view: Pinned, township_id: Annotated[str, Path(description="乡镇（街道）", examples=["航埠镇"])],
                   date_: Annotated[str | None, Query(alias="date", description="日期")] = None) -> Any:
    from kg.queries import township_items as items_of

    return items_of(view.store, township_id, day_param(date_, "date"))


@router.get("/departments", response_model=list[DepartmentSummary], tags=["部门"], summary="部门列表",
            responses=ERRORS)
def departments(view: Pinned) -> Any:
    from kg.queries import list_departments

    return list_departments(view.store)
