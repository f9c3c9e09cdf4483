"""The ``yiju`` command line.

Errors a person can cause print ``错误 [CODE] message`` on stderr and exit
with status 2 (bad input, not found) or 3 (backend unavailable); no
tracebacks.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape as esc
from rich.table import Table
from rich.text import Text

from api.cli_text import hit_role, report_label, report_value, resolution_summary, snippet_text, source_line
from kg.errors import BackendUnavailable, InvalidInput, YijuError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="依据 Yiju — 乡镇综合行政执法法律依据检索与知识图谱")
ingest_app = typer.Typer(no_args_is_help=True, help="导入法规与赋权目录")
app.add_typer(ingest_app, name="ingest")
out = Console(soft_wrap=True)
err = Console(stderr=True)

REPO_ROOT = Path(__file__).resolve().parent.parent
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


# -- ingest ----------------------------------------------------------------------


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


# -- generations, rollback, audit --------------------------------------------------


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


# -- search and lookups -------------------------------------------------------------


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="违法行为描述，如：在人行道上摆摊设点")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="只看该日有效的法规 YYYY-MM-DD，默认今天")] = None,
    region: Annotated[str | None, typer.Option(help="地区，如 浙江省衢州市")] = None,
    level: Annotated[str | None, typer.Option(help="效力级别，如 法律、行政法规")] = None,
    statute: Annotated[str | None, typer.Option(help="限定法规")] = None,
    limit: Annotated[int, typer.Option(help="返回条数")] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """检索法律依据。"""
    if not text.strip():
        raise InvalidInput("检索内容不能为空：请描述违法行为，如：在人行道上摆摊设点", code="EMPTY_QUERY")
    result = _reader().search(text, as_of=_day(as_of), region=region, level=level, statute=statute, limit=limit)
    if as_json:
        _print_json(result["hits"])
        return
    if result.get("message"):
        out.print(result["message"])
    for i, hit in enumerate(result["hits"], 1):
        title = hit.get("item_name") if hit.get("kind") == "item" and hit.get("item_name") else hit["statute_title"]
        out.print(f"[bold]{i}. {esc(str(title))} {esc(hit.get('article') or '')}[/bold] "
                  f"（{esc(hit.get('level') or '')}{'，' + esc(hit['region']) if hit.get('region') else ''}，"
                  f"版本 {hit.get('version') or '—'}）{esc('[' + hit_role(hit) + ']')} {hit['score']:.2f}")
        out.print(esc(f"   {hit['provision_id']}  {hit.get('status') or '时效不明'}"
                      f"（{hit.get('valid_from') or '—'} 至 {hit.get('valid_to') or '今'}）"))
        if hit.get("status_note"):
            out.print(esc(f"   {hit['status_note']}"))
        out.print(Text("   ").append_text(snippet_text(hit.get("snippet") or hit.get("text") or "")))
        for v in dict.fromkeys(hit.get("violated") or []):
            out.print(f"   违则 → {esc(v)}")
        for p in dict.fromkeys(hit.get("penalized_by") or []):
            out.print(f"   罚则或处理依据 ← {esc(p)}")  # a partner that only orders is a 处理依据
    if result.get("suggestions"):
        out.print(esc("您是否要找：" + "、".join(result["suggestions"])))


@app.command()
def show(
    provision_id: Annotated[str, typer.Argument(help="条文标识，如 城乡规划法@2019-04-23/art_64")],
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """显示一个条文：文本、版本、有效期、引用与被引用、违则/罚则。"""
    from kg.queries import provision_view

    view = provision_view(_reader().store, provision_id, _day(as_of))
    if as_json:
        _print_json(view)
        return
    out.print(f"[bold]{esc(view['statute']['title'])} {esc(view['label'])}[/bold]（{esc(view['statute']['level'])}）")
    status = f"，{view.get('status_date') or ''} {view['status']}" if view.get("status") else ""
    out.print(f"版本 {view['version'] or '—'}，有效期 {view['valid_from'] or '—'} 至 {view['valid_to'] or '今'}{esc(status)}")
    if view.get("status_note"):
        out.print(esc(f"  {view['status_note']}"))
    if view.get("status_basis"):
        out.print(esc(f"  依据：{view['status_basis']}"))
    out.print(Text(view["text"]))
    out.print("  罚则：是" if view.get("is_penalty") else "  罚则：否（未设定行政处罚）")
    for s in view["sanctions"]:
        extra = "".join(f"，{x}" for x in (s.get("subject"), s.get("per")) if x)
        out.print(esc(f"  {'处罚' if s.get('is_penalty') else '命令'}：{s['kind']} {s['text']}{extra}"))
    if view.get("competent_body"):
        how = f"（由总则推定：{view.get('competent_body_basis')}）" if view.get("competent_body_source") == "inferred" else ""
        out.print(esc(f"  执法主体：{view['competent_body']}{how}"))
    for v in {x.get("cited_as") or x["provision_id"]: x for x in view["violated"] if x}.values():
        if v:
            how = f"（推定，{v.get('reason')}）" if v.get("inferred") else ""
            out.print(esc(f"  违则：{v.get('cited_as') or v['provision_id']} {v['text'][:80]}{how}"))
    for p in {x["provision_id"]: x for x in view["penalized_by"] if x}.values():
        if p:
            out.print(esc(f"  罚则：{p['provision_id']} {p['text'][:80]}"))
    for it in view["items"]:
        out.print(esc(f"  事项：{it['code'] or ''} {it['name']}（{it['role']}）乡镇：{'、'.join(it['townships']) or '无'}"))


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="评测集 YAML（dev.yaml 格式）")],
    k: Annotated[int, typer.Option("--k", help="recall@k")] = 5,
    split: Annotated[str, typer.Option("--split", help="评测子集：all、tuning（调参）或 held-out（留出）")] = "all",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="逐条显示未命中及排名")] = False,
) -> None:
    """评测检索质量：recall@k 与 MRR。"""
    from kg.evaluation import evaluate, load_cases, split_cases

    report = evaluate(_service().index, split_cases(load_cases(gold), split), k=k)
    summary: dict[str, Any] = {"cases": report.cases, f"recall_at_{k}": report.recall_at_k, "mrr": report.mrr}
    if as_json:
        if verbose:
            summary["details"] = [d.to_dict() for d in report.details]
        _print_json(summary)
        return
    out.print(f"用例 {report.cases}，recall@{k} = {report.recall_at_k:.3f}，MRR = {report.mrr:.3f}")
    if verbose:
        for d in report.details:
            dd = d.to_dict()
            rank = dd["rank"]
            mark = "✓" if rank and rank <= k else "✗"
            region = f"［{dd['region']}］" if dd["region"] else ""
            out.print(f" {mark} {dd['id']} 排名 {rank or '未找到'}：{dd['query'][:50]}{region}", markup=False)
            out.print(f"    期望：{'；'.join(dd['expected'])}", markup=False)
            out.print(f"    结果：{'；'.join(dd['top'][:5]) or '（无）'}", markup=False)


@app.command("eval-penalties")
def eval_penalties_cmd(
    laws: Annotated[Path, typer.Option("--laws", help="法规语料目录（默认为仓库旁的 shared/corpus/laws）")] = Path(),
    half: Annotated[str, typer.Option("--half", help="tuning（调参集）、held_out（留出集）或 all")] = "held_out",
    sample_file: Annotated[Path | None, typer.Option(
        "--sample", help="标注样本（默认：留出集为 penalty_heldout2.yaml，其余为 penalty_sample.yaml）")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """评测罚则要素抽取：各字段的准确率与召回率（tests/quality/ 下的标注样本）。"""
    from ingest.penalty_eval import evaluate

    repo = Path(__file__).resolve().parents[1]
    quality = repo / "tests" / "quality"
    # the first sample's held-out half was spent on 2026-12-07: the held-out sample is penalty_heldout2.yaml
    sample = sample_file or quality / ("penalty_heldout2.yaml" if half == "held_out" else "penalty_sample.yaml")
    extra = quality / "penalty_tuning_extra.yaml"
    corpus = laws if str(laws) not in ("", ".") else repo.parent / "shared" / "corpus" / "laws"
    if half not in ("tuning", "held_out", "all"):
        raise typer.BadParameter("--half 只能是 tuning、held_out 或 all")
    if not sample.is_file() or not corpus.is_dir():
        out.print(f"[red]找不到标注样本或法规语料：{sample}、{corpus}[/red]")
        raise typer.Exit(2)
    report = evaluate(sample, corpus, half, [extra] if extra.is_file() and half == "tuning" else [])
    if as_json:
        _print_json({"half": half, "provisions": report.provisions, "by_level": report.by_level,
                     "fields": {k: {"precision": v.precision, "recall": v.recall, "tp": v.tp, "fp": v.fp, "fn": v.fn}
                                for k, v in report.scores.items()}})
        return
    out.print(report.table())


@app.command()
def check(
    township: Annotated[str, typer.Option("--township", help="乡镇（街道）名称")],
    item: Annotated[str | None, typer.Option("--item", help="事项编码")] = None,
    provision: Annotated[str | None, typer.Option("--provision", help="条文标识")] = None,
    query: Annotated[str | None, typer.Option("--query", help="违法行为描述")] = None,
    day: Annotated[str | None, typer.Option("--date", help="行为发生日期 YYYY-MM-DD，默认今天")] = None,
    decision_day: Annotated[str | None, typer.Option("--decision-date",
                                                     help="作出处罚决定日期 YYYY-MM-DD（核对从旧兼从轻）")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """职权核查：该乡镇在该日是否持有该项处罚权，附证据链；给出行为日期时核对时效（第三十六、三十七条）。"""
    answer = _reader().check(township, item_code=item, provision=provision, query=query, day=_day(day, "--date"),
                             decision_day=_day(decision_day, "--decision-date"))
    if as_json:
        _print_json(answer)
        return
    from kg.model import Verdict

    verdicts = {Verdict.HOLDS: "持有", Verdict.HOLDS_WITHIN_SCOPE: "在限定范围内持有", Verdict.DOES_NOT_HOLD: "不持有",
                Verdict.AMBIGUOUS: "结论不一致（请选择具体事项）", Verdict.UNKNOWN: "无法判断"}
    duty = {"required": "必须", "depends": "视案情而定", "not_required": "不需要", "unknown": "无法判断"}
    out.print(f"[bold]{verdicts[answer['verdict']]}[/bold]：{esc(answer.get('message') or '')}")
    if answer.get("verdict") == Verdict.AMBIGUOUS:
        for c in answer.get("candidates", []):
            out.print(esc(f"  · {c['code'] or c['item_key']} {c['name']}：{verdicts[c['verdict']]}（{c['reason']}）"))
    for ev in answer["evidence"][:3]:
        it = ev["item"]
        out.print(esc(f"  事项 {it['code'] or it['key']} {it['name']}（{it['department'] or '无主管部门'}）"
                      f"：{verdicts[ev['verdict']]}"))
        cat = ev["catalog"]
        if cat.get("title"):
            where = source_line(it.get("source"))
            out.print(esc(f"  目录 {cat['title']} {cat.get('doc_number') or ''} 施行 {cat.get('effective') or '—'}"
                          + (f"，来源 {where}" if where else "")))
        if ev.get("holding") and ev["holding"].get("clause"):
            out.print(esc(f"  法律规定：{ev['holding']['clause']}"))
            if it.get("basis_text"):
                out.print(esc(f"  判定：{it['basis_text']}"))
        if ev.get("entrustment"):
            en = ev["entrustment"]
            out.print(esc(f"  委托：以{en['decides_in_name_of']}名义实施，后果由{en['responsible']}承担；期限 {en['term']}；"
                          f"范围 {en['scope']}；委托事项 {en['item_count']} 项"))
        for b in ev["basis"]:
            validity = b.get("validity") or {}
            force = validity.get("status") or "—"
            note = f"；{validity['status_note']}" if validity.get("status_note") else ""
            out.print(esc(f"  {b['role']} {b['citation']} → {b['provision_id'] or b['status']}（{force}{note}）"))
        for sg in ev.get("suggested", []):
            out.print(esc(f"  建议（未确认，不作依据）{sg['citation']} → {sg['provision_id']}"))
        sep = ev["separation"]
        out.print(esc(f"  管罚分离：执法 {'、'.join(sep['执法']) or '—'}；审批 {'、'.join(sep['审批']) or '—'}；"
                      f"监管 {'、'.join(sep['监管']) or '—'}"))
        for key, label in (("legal_review", "法制审核"), ("collective_decision", "集体讨论"), ("hearing", "听证")):
            d = ev.get(key) or {}
            rules = "、".join(dict.fromkeys(r["rule"] for r in d.get("reasons", []) if r.get("rule")))
            out.print(esc(f"  {label}：{duty.get(d.get('status', ''), '—')}" + (f"（{rules}）" if rules else "")))
        threshold = (ev.get("hearing") or {}).get("threshold")
        if threshold and threshold.get("warning"):
            out.print(esc(f"  注意：{threshold['warning']}"))
        if ev.get("province_list", {}).get("status") in ("not_checked", "not_listed"):
            out.print(esc(f"  省级目录：{ev['province_list']['reason']}"))
    time = answer.get("time")
    if time:
        out.print(f"[bold]时效[/bold]（行为日 {time['act_date']}，决定日 {time['decision_date'] or '未给出'}）")
        for r in time["applicable"]:
            out.print(esc(f"  {r['provision_id']}：{r['message']}"))
        lim = time["limitation"]
        out.print(esc(f"  {lim['rule']}：{lim['message']}"))


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


# -- running -------------------------------------------------------------------------


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


@app.command("sync")
def sync_cmd(target: Annotated[str, typer.Argument(help="neo4j")] = "neo4j") -> None:
    """把当前图谱完整载入 Neo4j（YIJU_NEO4J_URI 等设置）。"""
    if target != "neo4j":
        raise YijuError(f"不支持的同步目标：{target}", code="SYNC_TARGET")
    out.print(f"已载入 Neo4j：{_sync_neo4j()}")


def _sync_neo4j() -> dict[str, int]:
    from api.service import sync_neo4j
    from kg.settings import get_settings

    return sync_neo4j(get_settings(), _data_dir())


def _sync_if_neo4j() -> None:
    """With the Neo4j backend, every ingest ends by loading the new graph into Neo4j."""
    from kg.settings import get_settings

    if get_settings().graph_backend == "neo4j":
        err.print(f"已同步到 Neo4j：{_sync_neo4j()}")


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


if __name__ == "__main__":
    main()
