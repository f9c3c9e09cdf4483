"""``yiju sync``: the current graph loaded into Neo4j."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import _sync_neo4j, app, out
from kg.errors import YijuError


@app.command("sync")
def sync_cmd(target: Annotated[str, typer.Argument(help="neo4j")] = "neo4j") -> None:
    """把当前图谱完整载入 Neo4j（YIJU_NEO4J_URI 等设置）。"""
    if target != "neo4j":
        raise YijuError(f"不支持的同步目标：{target}", code="SYNC_TARGET")
    out.print(f"已载入 Neo4j：{_sync_neo4j()}")

