"""The one place where domain errors become HTTP answers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from kg.errors import BackendUnavailable, Conflict, InvalidInput, NotFound, Unauthorized, YijuError

STATUS: dict[type[YijuError], int] = {
    NotFound: 404,
    InvalidInput: 422,
    Conflict: 409,
    Unauthorized: 401,
    BackendUnavailable: 503,
}


def status_for(exc: YijuError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def install(app: FastAPI) -> None:
    @app.exception_handler(YijuError)
    async def yiju_error(_: Request, exc: YijuError) -> JSONResponse:
        return JSONResponse(status_code=status_for(exc), content={"error": exc.to_dict()})

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            problems.append({"field": where, "problem": e.get("msg", "")})
        fields = "、".join(p["field"] for p in problems) or "请求"
        return JSONResponse(status_code=422, content={"error": {
            "code": "INVALID_REQUEST", "message": f"请求参数不正确：{fields}", "details": {"problems": problems}}})

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        if _is_neo4j_outage(exc):
            return JSONResponse(status_code=503, content={"error": {
                "code": "BACKEND_UNAVAILABLE", "message": "图数据库暂时不可用，请稍后重试"}})
        return JSONResponse(status_code=500, content={"error": {
            "code": "INTERNAL", "message": "服务内部错误，已记录；请稍后重试或联系管理员"}})


def _is_neo4j_outage(exc: Exception) -> bool:
    try:
        from neo4j.exceptions import ServiceUnavailable, SessionExpired
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, (ServiceUnavailable, SessionExpired, ConnectionError))
