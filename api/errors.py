"""The one place where errors become HTTP answers.

Every answer that is not a success has the shape ``{"error": {"code", "message"[, "details"]}}``
with a Chinese message: the domain's ``YijuError``s, the framework's own 404/405/413/…, request
validation (422, naming each field in Chinese) and anything unexpected (500, without internals).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import BackendUnavailable, Conflict, InvalidInput, NotFound, Unauthorized, YijuError

log = logging.getLogger("yiju.api")


class PayloadTooLarge(InvalidInput):
    """The request body (or what it unpacks to) is over a configured limit."""

    code = "UPLOAD_TOO_LARGE"


class UnsupportedMedia(InvalidInput):
    code = "UNSUPPORTED_MEDIA_TYPE"


class Busy(YijuError):
    """Too much work queued: retry later."""

    code = "BUSY"


STATUS: dict[type[YijuError], int] = {
    PayloadTooLarge: 413,
    UnsupportedMedia: 415,
    Busy: 429,
    NotFound: 404,
    InvalidInput: 422,
    Conflict: 409,
    Unauthorized: 401,
    BackendUnavailable: 503,
}

# the framework's own errors (routing, methods, body size) in Chinese
HTTP_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("BAD_REQUEST", "请求格式不正确"),
    401: ("UNAUTHORIZED", "需要有效的令牌"),
    403: ("FORBIDDEN", "无权访问"),
    404: ("NOT_FOUND", "未找到该地址：{path}"),
    405: ("METHOD_NOT_ALLOWED", "该地址不支持 {method} 请求"),
    406: ("NOT_ACCEPTABLE", "无法提供所要求的内容格式"),
    413: ("UPLOAD_TOO_LARGE", "请求内容过大"),
    415: ("UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型"),
    429: ("BUSY", "请求过多，请稍后重试"),
}

# pydantic error types -> a Chinese description (ctx values filled in)
PROBLEMS: dict[str, str] = {
    "missing": "缺少必填项",
    "string_too_long": "长度超过上限 {max_length} 个字符",
    "string_too_short": "长度不足 {min_length} 个字符",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
    "less_than": "应小于 {lt}",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "string_type": "应为文本",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "json_invalid": "不是有效的 JSON",
    "value_error": "取值不正确",
}

PLACES = {"query": "查询参数", "path": "路径参数", "header": "请求头", "body": "请求体", "cookie": "Cookie"}


class ErrorBody(BaseModel):
    code: str = Field(examples=["NOT_FOUND"], description="稳定的错误代码，供脚本判断")
    message: str = Field(examples=["未找到法规「城乡规划法」"], description="中文说明")
    details: dict[str, Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


DESCRIPTIONS: dict[int, str] = {
    400: "请求不正确",
    401: "缺少或无效的令牌",
    404: "未找到",
    405: "该地址不支持此请求方法",
    409: "与正在进行的写入冲突",
    413: "上传内容超过上限",
    415: "不支持的内容类型",
    422: "输入不正确（details.problems 逐项说明字段与问题）",
    429: "上传队列已满，请稍后重试",
    500: "服务内部错误",
    503: "后端不可用",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status with the error shape and a Chinese description."""
    out: dict[int | str, dict[str, Any]] = {}
    for s in statuses:
        out[s] = {"model": ErrorResponse, "description": DESCRIPTIONS.get(s, "错误")}
        if s == 429:
            out[s]["headers"] = {"Retry-After": {"description": "建议等待的秒数", "schema": {"type": "integer"}}}
    return out


def status_for(exc: YijuError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def error_json(status: int, code: str, message: str, details: dict[str, Any] | None = None,
               headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse(status_code=status, content={"error": body}, headers=headers)


def describe_problem(error: dict[str, Any]) -> tuple[str, str]:
    """(field in Chinese, problem in Chinese) for one pydantic validation error.

    >>> describe_problem({"type": "missing", "loc": ("query", "q"), "msg": "Field required"})
    ('查询参数 q', '缺少必填项')
    >>> describe_problem({"type": "less_than_equal", "loc": ("query", "limit"), "ctx": {"le": 100}})
    ('查询参数 limit', '应不大于 100')
    """
    loc = [str(x) for x in error.get("loc", ())]
    place = PLACES.get(loc[0], "") if loc else ""
    name = ".".join(loc[1:] if place else loc) or "请求"
    field = f"{place} {name}".strip() if place else name
    template = PROBLEMS.get(str(error.get("type", "")), "取值不正确")
    ctx = {k: v for k, v in (error.get("ctx") or {}).items()}
    try:
        problem = template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        problem = "取值不正确"
    return field, problem


def install(app: FastAPI) -> None:
    @app.exception_handler(YijuError)
    async def yiju_error(_: Request, exc: YijuError) -> JSONResponse:
        status = status_for(exc)
        headers = {"Retry-After": "5"} if status == 429 else None
        return JSONResponse(status_code=status, content={"error": exc.to_dict()}, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, template = HTTP_MESSAGES.get(exc.status_code, ("HTTP_ERROR", "请求未能完成（HTTP {status}）"))
        message = template.format(path=request.url.path[:200], method=request.method, status=exc.status_code)
        return error_json(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            field, problem = describe_problem(dict(e))
            problems.append({"field": field, "problem": problem})
        fields = "；".join(f"{p['field']}：{p['problem']}" for p in problems[:5]) or "请求"
        return error_json(422, "INVALID_REQUEST", f"请求参数不正确——{fields}", {"problems": problems})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        if _is_neo4j_outage(exc):
            return error_json(503, "BACKEND_UNAVAILABLE", "图数据库暂时不可用，请稍后重试")
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_json(500, "INTERNAL", "服务内部错误，已记录；请稍后重试或联系管理员")


def _is_neo4j_outage(exc: Exception) -> bool:
    try:
        from neo4j.exceptions import ServiceUnavailable, SessionExpired
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, (ServiceUnavailable, SessionExpired, ConnectionError))


def all_statuses(extra: Sequence[int] = ()) -> tuple[int, ...]:
    """The statuses every route can answer besides its own: bad parameters and an unavailable backend."""
    return (422, 503, *extra)
