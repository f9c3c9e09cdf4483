"""What routes take from the app: the service, the view a request pins, the settings, dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from api.jobs import JobQueue
from api.service import View, Yiju
from kg.settings import Settings


def get_service(request: Request) -> Yiju:
    service: Yiju = request.app.state.yiju
    return service


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_jobs(request: Request) -> JobQueue:
    jobs: JobQueue = request.app.state.jobs
    return jobs


def pinned_view(request: Request) -> Iterator[View]:
    """The generation this request reads, held for the whole request."""
    service = get_service(request)
    view = service.pin()
    try:
        yield view
    finally:
        service.unpin(view)


Svc = Annotated[Yiju, Depends(get_service)]
Cfg = Annotated[Settings, Depends(get_settings)]
Jobs = Annotated[JobQueue, Depends(get_jobs)]
Pinned = Annotated[View, Depends(pinned_view)]


def token_actor(settings: Settings, token: str | None, purpose: str) -> str:
    """The name of the valid token given (constant-time comparison), or 401 in Chinese."""
    from kg.errors import Unauthorized

    if not settings.named_tokens():
        raise Unauthorized(f"本服务未开放{purpose}（未设置 YIJU_UPLOAD_TOKEN 或 YIJU_UPLOAD_TOKENS）",
                           code="UPLOAD_TOKEN")
    actor = settings.token_actor(token)
    if actor is None:
        raise Unauthorized(f"{purpose}需要有效的令牌（请求头 X-Yiju-Token）", code="UPLOAD_TOKEN")
    return actor


def day_param(value: str | None, name: str) -> date | None:
    from kg.queries import parse_day

    return parse_day(value, name)
