"""What every command of the ``yiju`` command line shares: the apps, the consoles, the service and data dir."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help="依据 Yiju — 乡镇综合行政执法法律依据检索与知识图谱")
ingest_app = typer.Typer(no_args_is_help=True, help="导入法规与赋权目录")
app.add_typer(ingest_app, name="ingest")
out = Console(soft_wrap=True)
err = Console(stderr=True)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO_ROOT / "demo"


def _service() -> Any:
    from api.service import Yiju
    from kg.settings import get_settings

    return Yiju(get_settings())


def _reader() -> Any:
    """The service for read-only lookups (search, show, check): no whole-graph load when avoidable."""
    from api.cli_store import reader_service
    from kg.settings import get_settings

    return reader_service(get_settings())


def _data_dir() -> Any:
    from kg.datadir import DataDir, describe_holder
    from kg.settings import CLI_WRITER_WAIT, get_settings

    def waiting(holder: dict[str, Any], seconds: float) -> None:
        err.print(f"数据目录正由另一写入任务使用：{describe_holder(holder)}；最多等待 {seconds:g} 秒……")

    settings = get_settings()
    wait = settings.writer_wait if settings.writer_wait is not None else CLI_WRITER_WAIT
    return DataDir(settings.data_dir, writer_wait=wait, on_wait=waiting)


def _day(text: str | None, name: str = "--as-of") -> date | None:
    from kg.queries import parse_day

    return parse_day(text, name)


def _print_json(value: Any) -> None:
    from api.service import to_jsonable

    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=1) + "\n")


class _Progress:
    """A rich progress bar in the shape the pipeline expects."""

    def __init__(self, total: int, label: str) -> None:
        from rich.progress import Progress

        self._p = Progress(console=err, transient=True)
        self._p.start()
        self._task = self._p.add_task(label, total=total)

    def advance(self) -> None:
        self._p.advance(self._task)

    def close(self) -> None:
        self._p.stop()


def _progress_factory() -> Any:
    return _Progress if sys.stderr.isatty() else None


def _sync_neo4j() -> dict[str, int]:
    from api.service import sync_neo4j
    from kg.settings import get_settings

    return sync_neo4j(get_settings(), _data_dir())


def _sync_if_neo4j() -> None:
    """With the Neo4j backend, every ingest ends by loading the new graph into Neo4j."""
    from kg.settings import get_settings

    if get_settings().graph_backend == "neo4j":
        err.print(f"已同步到 Neo4j：{_sync_neo4j()}")
