"""The audit log (who changed what, when), for holders of a named token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query

from api.deps import Cfg, Svc, token_actor
from api.errors import error_responses
from api.models import AuditEntry

router = APIRouter(tags=["运维"])


@router.get("/audit", response_model=list[AuditEntry], summary="审计日志（需令牌）",
            description="数据目录的每次变更：时间、操作人（令牌名称或系统用户）、内容（文件、sha256、数量增减）、数据代前后。",
            responses=error_responses(401, 422))
def audit_log(
    svc: Svc,
    settings: Cfg,
    limit: Annotated[int | None, Query(ge=1, le=10000, description="只返回最近 N 条")] = None,
    x_yiju_token: Annotated[str | None, Header(description="令牌")] = None,
) -> Any:
    token_actor(settings, x_yiju_token, "查看审计日志")
    from kg import audit

    return audit.read(svc.data, limit)
