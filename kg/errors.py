"""One small error hierarchy with stable codes and Chinese messages.

Every error a person can see carries a stable ``code`` (for scripts and
support) and a Chinese ``message``.  HTTP status mapping lives in
``api/errors.py``; the CLI prints ``[code] message`` and exits non-zero.
"""

from __future__ import annotations

from typing import Any


class YijuError(Exception):
    """Base class: ``code`` is stable, ``message`` is for people (Chinese)."""

    code = "YIJU_ERROR"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **({"details": self.details} if self.details else {})}


class NotFound(YijuError):
    code = "NOT_FOUND"


class InvalidInput(YijuError):
    code = "INVALID_INPUT"


class Conflict(YijuError):
    code = "CONFLICT"


class BackendUnavailable(YijuError):
    code = "BACKEND_UNAVAILABLE"


class Unauthorized(YijuError):
    code = "UNAUTHORIZED"


class ParseError(YijuError):
    """A parser could not read (part of) its input: where, and why."""

    code = "PARSE_ERROR"

    def __init__(self, source: str, line: int | None, reason: str, *, code: str | None = None) -> None:
        where = f"{source}" + (f" 第{line}行" if line else "")
        super().__init__(f"{where}：{reason}", code=code or self.code, source=source, line=line)
        self.source = source
        self.line = line
        self.reason = reason
