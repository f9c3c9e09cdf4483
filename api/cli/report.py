"""``yiju report``: the planners' reports, as a table or rendered to a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import _day, _service, app, err
from kg.errors import YijuError


@app.command()
def report(
    name: Annotated[str, typer.Argument(help="unmapped | ownerless | overlaps | gaps | negative-list | stale | coverage")],
    fmt: Annotated[str, typer.Option("--format", help="table | json | xlsx | csv | png")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", help="输出文件")] = None,
    region: Annotated[str | None, typer.Option()] = None,
    county: Annotated[str | None, typer.Option()] = None,
    township: Annotated[str | None, typer.Option()] = None,
    domain: Annotated[str | None, typer.Option()] = None,
    department: Annotated[str | None, typer.Option()] = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
) -> None:
    """规划人员报表：未解析依据、无主事项、重叠、空白、负面清单、过时引用、覆盖情况。"""
    from api.exports import render_report
    from kg.reports import ReportFilters, run_report

    filters = ReportFilters(region=region, county=county, township=township, domain=domain,
                            department=department, as_of=_day(as_of))
    result = run_report(_service().store, name, filters)
    data = render_report(result, fmt)
    if out_file:
        out_file.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        err.print(f"已写入 {out_file}")
    elif isinstance(data, bytes):
        raise YijuError("xlsx 格式需要 --out 文件", code="OUTPUT_REQUIRED")
    else:
        sys.stdout.write(data + ("" if data.endswith("\n") else "\n"))
