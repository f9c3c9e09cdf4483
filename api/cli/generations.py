"""``yiju generations``, ``rollback`` and ``audit``: the data dir's generations and what changed them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.cli.common import _data_dir, _print_json, _sync_if_neo4j, app, out


@app.command()
def generations(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """列出数据代：编号、构建时间、数量、当前代与使用中的标记。"""
    gens = _data_dir().list_generations()
    if as_json:
        _print_json(gens)
        return
    if not gens:
        out.print("尚无数据代：请先运行 yiju ingest laws <目录>")
        return
    t = Table(title="数据代（旧 → 新）")
    for col in ("", "编号", "构建时间（UTC）", "法规", "条文", "事项", "目录", "使用中"):
        t.add_column(col, no_wrap=col == "编号")  # the id is what `yiju rollback ID` takes
    for g in gens:
        c = g["counts"] or {}
        t.add_row("当前" if g["current"] else "", g["id"], str(g["built"] or "—"),
                  *(str(c.get(k, "—")) for k in ("statutes", "provisions", "items", "catalogs")),
                  "是" if g["in_use"] else "")
    out.print(t)


@app.command()
def rollback(
    generation: Annotated[str | None, typer.Argument(help="回滚到的数据代编号（默认：当前代的前一代）")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """回滚到前一数据代（或指定的数据代），目录副本随之恢复。"""
    from ingest.pipeline import rollback as do_rollback

    result = do_rollback(_data_dir(), generation)
    _sync_if_neo4j()
    if as_json:
        _print_json(result)
        return
    out.print(f"已回滚：{result['generation_before']} → {result['generation_after']}")
    if not result["catalogs_restored"]:
        out.print("  该数据代构建时未保存目录副本：catalogs/ 保持不变，下次导入法规时仍会使用现有目录")
    for name, label in (("statutes", "法规"), ("provisions", "条文"), ("items", "事项")):
        c = result["counts"][name]
        out.print(f"  {label}：{c['before']} → {c['after']}（增 {c['added']}，减 {c['removed']}）")


@app.command("audit")
def audit_cmd(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: Annotated[int | None, typer.Option(help="只显示最近 N 条", min=1)] = None,
) -> None:
    """查看审计日志：何时、何人、做了什么变更（文件、数量增减、数据代）。"""
    from kg import audit

    entries = audit.read(_data_dir(), limit)
    if as_json:
        _print_json(entries)
        return
    if not entries:
        out.print("审计日志为空")
        return
    kinds = {"ingest_laws": "导入法规", "ingest_catalog": "导入目录", "rollback": "回滚", "unreadable": "无法解析的记录"}
    for e in entries:
        if e.get("kind") == "unreadable":
            out.print(f"[red]审计日志第 {e.get('line')} 行无法解析（可能是写入中断）[/red]")
            continue
        counts = e.get("counts") or {}
        change = "，".join(f"{label} +{c.get('added')}/-{c.get('removed')}"
                          for name, label in (("statutes", "法规"), ("provisions", "条文"), ("items", "事项"))
                          if (c := counts.get(name)) and (c.get("added") or c.get("removed")))
        files = e.get("files") or []
        names = "、".join(str(f.get("name")) for f in files[:3]) + (f" 等 {len(files)} 个文件" if len(files) > 3 else "")
        out.print(f"{e.get('time', '')} {e.get('actor', '')} {kinds.get(e.get('kind', ''), e.get('kind'))} "
                  f"{names} {change or '数量无变化'} "
                  f"{e.get('generation_before') or '—'} → {e.get('generation_after') or '—'}")
