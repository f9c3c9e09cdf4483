"""The ``yiju`` command line.

Errors a person can cause print ``错误 [CODE] message`` on stderr and exit
with status 2 (bad input, not found) or 3 (backend unavailable); no
tracebacks.
"""

from __future__ import annotations

import sys

from api.cli.common import app, err
from kg.errors import BackendUnavailable, YijuError

# isort: off
# the command modules register on ``app`` when imported: this order is the order of ``yiju --help``
from api.cli import generations, lookups, evaluation, check, report, serving, sync, ingest_commands  # noqa: F401
# isort: on

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except BackendUnavailable as exc:
        sys.stderr.write(f"错误 [{exc.code}] {exc.message}\n")
        sys.exit(3)
    except YijuError as exc:
        sys.stderr.write(f"错误 [{exc.code}] {exc.message}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("已中断；现有数据未受影响")
        sys.exit(130)
