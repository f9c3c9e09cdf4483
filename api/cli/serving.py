"""``yiju serve``, ``demo`` and ``bench``: run the web service, the bundled demo, the benchmarks."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape as esc

from api.cli.common import DEMO_DIR, REPO_ROOT, _data_dir, _progress_factory, app, out
from api.cli_text import resolution_summary
from kg.errors import YijuError


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址")] = None,
    port: Annotated[int | None, typer.Option(help="端口")] = None,
) -> None:
    """启动 HTTP API 与网页界面。"""
    _serve(host, port, log_level="info")


def _serve(host: str | None, port: int | None, *, log_level: str) -> None:
    import uvicorn

    from api.app import create_app
    from api.routes_ui import register
    from kg.settings import get_settings

    settings = get_settings()
    web = create_app(settings)
    register(web)  # the UI's answer cards, statute text and exports (idempotent if create_app already did)
    out.print(f"依据 Yiju 服务：http://{host or settings.host}:{port or settings.port}/ （API 文档 /docs；按 Ctrl+C 停止）")
    uvicorn.run(web, host=host or settings.host, port=port or settings.port, log_level=log_level)


@app.command()
def demo(
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve", help="导入后启动服务")] = True,
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
) -> None:
    """导入随仓库附带的演示数据（法规与赋权目录），然后启动服务。"""
    from ingest.pipeline import ingest_catalog, ingest_laws

    laws = DEMO_DIR / "laws"
    if not laws.is_dir():
        raise YijuError(f"缺少演示数据目录 {laws}", code="DEMO_MISSING")
    data = _data_dir()
    report_ = ingest_laws([laws], data, progress=_progress_factory())
    out.print(f"法规：{report_.files} 个文件，导入 {report_.statutes} 部法规（{report_.versions} 个版本），"
              f"条文 {report_.articles} 条，其中罚则 {report_.penalty_provisions} 条"
              + (f"；拒收 {report_.rejected} 个文件" if report_.rejected else "")
              + ("（未变化，沿用现有数据）" if report_.unchanged else ""))
    for cat in sorted((DEMO_DIR / "catalogs").glob("*")):
        if cat.suffix.lower() in (".xlsx", ".xls", ".csv", ".json"):
            r = ingest_catalog(cat, data)
            out.print(esc(f"目录：{r.get('title')}，{r.get('items')} 项；依据解析：{resolution_summary(r.get('resolution'))}"))
    out.print(f"数据目录：{data.root}")
    if serve_after:
        _serve(host, port, log_level="warning")  # the demo's log stays a Chinese summary


@app.command()
def bench(
    suite: Annotated[str, typer.Argument(
        help="ingest | search | authority | neo4j | neo4j-load | reports | all（以上全部）"
             " | cli | switch | sqlite-build（读当前数据目录）")] = "all",
    laws: Annotated[Path | None, typer.Option(help="法规目录，默认 ../shared/corpus/laws")] = None,
) -> None:
    """运行基准测试（结果为同一次运行内相对基线的比值）。"""
    import runpy

    scripts = {"ingest": "ingest_bench.py", "search": "search_bench.py", "authority": "authority_bench.py",
               "neo4j": "neo4j_bench.py", "neo4j-load": "neo4j_load_bench.py", "reports": "reports_bench.py"}
    # these read the data dir's current generation (cold CLI, generation switch, graph.sqlite build)
    on_data = {"cli": "cli_bench.py", "switch": "switch_bench.py", "sqlite-build": "sqlite_build_bench.py"}
    chosen = scripts if suite == "all" else {suite: scripts.get(suite) or on_data.get(suite, "")}
    for name, script in chosen.items():
        path = REPO_ROOT / "bench" / script
        if not script or not path.exists():
            raise YijuError(f"没有名为 {name} 的基准测试", code="BENCH_NOT_FOUND")
        if laws:
            os.environ["YIJU_BENCH_LAWS"] = str(laws)
        out.print(f"== {name} ==")
        sys.argv = [str(path), "--data", str(_data_dir().root)] if name in on_data else [str(path)]
        runpy.run_path(str(path), run_name="__main__")
