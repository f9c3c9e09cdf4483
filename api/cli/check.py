"""``yiju check``: does a township hold a sanctioning power on a day, with its evidence chain and time limits."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape as esc

from api.cli.common import _day, _print_json, _reader, app, out
from api.cli_text import source_line


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
