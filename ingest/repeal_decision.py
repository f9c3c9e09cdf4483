"""A 废止 decision without articles: its title and the statutes it repeals, on which day."""

from __future__ import annotations

from datetime import date

from ingest.statute_dates import _DATE, _EFFECTIVE, _date, _repeal_titles, _sentence
from ingest.statute_header import _read_header
from ingest.statute_meta import parse_events
from kg.model import RepealMention


def parse_repeal_decision(text: str, source: str) -> tuple[str, tuple[RepealMention, ...]]:
    r"""A 废止 decision without articles ("一、废止《…》（…通过）"): its title and the statutes it repeals.

    The day is the decision's own: "本决定自…起施行", else (自公布之日) its
    公布 date, else its 通过 date, which the quoted text then says is presumed.

    >>> t = ("# 北京市人民代表大会常务委员会关于废止部分地方性法规的决定\n\n2021年9月24日 北京市第十五届人民代表大会常务委员会第三十三次会议通过\n\n"
    ...      "<!-- INFO END -->\n\n一、废止《北京市反不正当竞争条例》（1994年7月22日北京市第十届人民代表大会常务委员会第十一次会议通过）\n\n"
    ...      "本决定自公布之日起施行。")
    >>> title, (m,) = parse_repeal_decision(t, "x.md")
    >>> m.title, m.day, m.provision is None
    ('北京市反不正当竞争条例', datetime.date(2021, 9, 24), True)
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    head = _read_header(lines, source)
    events, _ = parse_events(head.header_lines)
    body = "\n".join(ln.strip() for ln in lines[head.body_start:] if ln.strip())
    m = _EFFECTIVE.search(body)
    day: date | None = None
    how = ""
    if m and m.group("date"):
        dm = _DATE.search(m.group("date"))
        day = _date(dm) if dm else None
        how = _sentence(body, m.start(), m.end())
    else:
        pub = [e for e in events if e.kind == "公布"] or [e for e in events if e.kind in ("通过", "批准")]
        if pub:
            first = min(pub, key=lambda e: e.day)
            day = first.day
            how = (_sentence(body, m.start(), m.end()) if m else "") + f"（按“{first.text}”计）"
    out: list[RepealMention] = []
    for line in body.split("\n"):
        for title in _repeal_titles(line):
            out.append(RepealMention(title, None, day, f"{line}{'；' + how if how else ''}"))
    return head.title, tuple(out)
