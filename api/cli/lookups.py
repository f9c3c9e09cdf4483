"""``yiju search`` and ``yiju show``: legal bases for a described conduct, and one provision in full."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape as esc
from rich.text import Text

from api.cli.common import _day, _print_json, _reader, app, out
from api.cli_text import hit_role, snippet_text, understood_line
from kg.errors import InvalidInput


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
    if line := understood_line(result.get("interpreted")):
        out.print(esc(line))
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
