"""``yiju ingest laws`` and ``yiju ingest catalog``: import statutes and catalogs, print the import report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape as esc
from rich.table import Table

from api.cli.common import _data_dir, _print_json, _progress_factory, _sync_if_neo4j, ingest_app, out
from api.cli_text import report_label, report_value, resolution_summary
from kg.errors import YijuError


@ingest_app.command("laws")
def ingest_laws_cmd(
    paths: Annotated[list[Path], typer.Argument(help="法规文件或目录（Markdown、txt、docx）")],
    force: Annotated[bool, typer.Option(help="即使输入未变化也重新构建")] = False,
    replace: Annotated[bool, typer.Option(help="以这些文件替换全部法规（默认为增补）")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="确认 --replace 删去现有法规的一半以上")] = False,
    workers: Annotated[int | None, typer.Option(help="解析进程数（默认 min(2, CPU 数)）", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出报告")] = False,
) -> None:
    """导入法规（增补或更新；已导入的目录随之重新解析）。"""
    from ingest.pipeline import ingest_laws

    report = ingest_laws(paths, _data_dir(), progress=_progress_factory(), force=force,
                         replace_all=replace, confirm=yes, workers=workers)
    _sync_if_neo4j()
    if as_json:
        _print_json(report.to_dict())
        return
    _print_laws_report(report)


def _print_laws_report(report: Any) -> None:
    if report.unchanged:
        out.print(f"法规未变化，沿用现有数据（{report.seconds:.2f} 秒）")
    t = Table(title="法规导入报告", show_header=False)
    for label, value in [("文件", report.files), ("解析成功", report.parsed), ("拒收", report.rejected),
                         ("跳过（说明文件）", report.skipped), ("法规", report.statutes), ("版本", report.versions),
                         ("条文", report.articles), ("罚则条文", report.penalty_provisions),
                         ("直接授权乡镇的罚则", report.township_competent), ("缓存命中", report.cached),
                         ("用时（秒）", f"{report.seconds:.1f}")]:
        t.add_row(label, str(value))
    history = report.history or {}
    for label, key in [("有时效状态的法规", "statutes_with_status"), ("首次施行日期读到", "first_effective_read"),
                       ("首次施行日期为推定", "first_effective_presumed"), ("首次施行日期未能读取", "first_effective_unknown"),
                       ("版本施行日期读到", "versions_effective_read"), ("版本施行日期为推定", "versions_effective_presumed"),
                       ("废止关系", "repeal_relations"), ("已废止的法规", "repealed_statutes"),
                       ("被废止名称未能对应到法规库", "repeal_titles_unresolved")]:
        if key in history:
            t.add_row(label, str(history[key]))
    out.print(t)
    errors = [d for d in report.diagnostics if d.get("severity", "error") == "error"]
    for d in errors[:50]:
        where = d.get("source", "") + (f" 第{d['line']}行" if d.get("line") else "")
        out.print(f"  拒收 [{d.get('code')}] {where}：{d.get('message')}")
    if len(errors) > 50:
        out.print(f"  ……另有 {len(errors) - 50} 条，用 --json 查看全部")
    for c in report.catalogs:
        out.print(f"  目录 {esc(str(c.get('title')))}：{c.get('items')} 项，依据解析：{resolution_summary(c.get('resolution'))}")


@ingest_app.command("catalog")
def ingest_catalog_cmd(
    file: Annotated[Path, typer.Argument(help="赋权目录文件（xlsx、xls、csv、json）")],
    sidecar: Annotated[Path | None, typer.Option(help="元数据 YAML（默认取同名 .meta.yaml）")] = None,
    title: Annotated[str | None, typer.Option(help="目录标题")] = None,
    issuer: Annotated[str | None, typer.Option(help="发布机关")] = None,
    doc_number: Annotated[str | None, typer.Option(help="文号")] = None,
    published: Annotated[str | None, typer.Option(help="发布日期 YYYY-MM-DD")] = None,
    effective: Annotated[str | None, typer.Option(help="施行日期 YYYY-MM-DD")] = None,
    region: Annotated[str | None, typer.Option(help="地区，如 浙江省衢州市柯城区")] = None,
    authority: Annotated[str | None, typer.Option(help="赋权 或 委托")] = None,
    department: Annotated[str | None, typer.Option(help="默认主管部门")] = None,
    township: Annotated[list[str] | None, typer.Option(help="承接乡镇（可多次）")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """导入一份赋权事项目录并打印导入报告。"""
    from ingest.catalogs import CatalogMeta
    from ingest.pipeline import ingest_catalog

    given: dict[str, Any] = {
        "title": title, "issuer": issuer, "doc_number": doc_number, "published": published, "effective": effective,
        "region": region, "authority": authority, "department": department, "townships": township,
    }
    options = {k: v for k, v in given.items() if v}
    meta = None
    if options:
        try:
            meta = CatalogMeta(**options)
        except (TypeError, ValueError) as exc:
            raise YijuError(f"目录元数据不正确：{exc}", code="CATALOG_META_INVALID") from None
    report = ingest_catalog(file, _data_dir(), meta=meta, sidecar=sidecar)
    _sync_if_neo4j()
    if as_json:
        _print_json(report)
        return
    t = Table(title=f"目录导入报告：{report.get('title')}", show_header=False)
    for k, v in report.items():
        if k not in ("diagnostics",):
            t.add_row(report_label(k), esc(report_value(k, v)))
    out.print(t)
    for d in report.get("diagnostics", []):
        where = " ".join(str(x) for x in (d.get("source"), d.get("sheet"), f"第{d['line']}行" if d.get("line") else "")
                         if x)
        out.print(esc(f"  [{d.get('code')}] {where}：{d.get('message')}"))
