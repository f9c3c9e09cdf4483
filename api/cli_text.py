"""Text the CLI prints: snippets, import summaries and labels, in Chinese.

Kept apart from ``api.cli`` so the rules are plain functions with doctests
and the command module stays about commands.  The import report's labels are
the API's too (``report_labels``: upload jobs and catalog details carry them
beside their English keys, and the web UI shows them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rich.text import Text

RESOLUTION_LABELS = {
    "resolved": "已解析", "suggested": "建议匹配（待确认）", "statute_not_found": "法规未找到",
    "article_not_found": "条文不存在", "ambiguous": "指向不明确", "not_in_force": "不在有效期内",
    "unparsed": "无法识别", "no_basis": "未填写依据",
}

#: Keys of the catalog import report (ingest.pipeline.ingest_catalog) as people read them.
CATALOG_REPORT_LABELS = {
    "catalog": "目录标识", "title": "目录标题", "file": "文件", "items": "事项", "resolution": "依据解析",
    "rows_read": "读取行数", "rows": "行数", "rows_rejected": "拒收行数", "rows_skipped": "跳过行数",
    "citations_found": "识别的引用", "sheets": "工作表", "townships": "乡镇（街道）", "departments": "部门",
    "holdings": "承接关系", "discretion_rules": "裁量基准条目", "diagnostics": "问题",
    "cells_with_basis": "填写依据的单元格", "cells_parsed": "识别出引用的单元格", "stored_as": "保存为",
    "penalty_provisions": "罚则条文", "neo4j": "同步到 Neo4j",
}

#: The fields of one diagnostic in the import report.
DIAGNOSTIC_LABELS = {"source": "文件", "sheet": "工作表", "line": "行", "code": "代码", "message": "说明",
                     "severity": "级别"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

_EM = re.compile(r"(</?em\s*>)", re.IGNORECASE)


def snippet_text(snippet: str, limit: int = 200, style: str = "yellow") -> Text:
    """A search snippet with ``<em>`` highlights as rich Text, cut at ``limit`` visible characters.

    The cut never falls inside a tag, and brackets in the law text stay text (no markup).

    >>> t = snippet_text("依附于<em>城市道路</em>建设[各种]管线", limit=5)
    >>> t.plain
    '依附于城市…'
    >>> [(t.plain[s.start:s.end], s.style) for s in t.spans]
    [('城市', 'yellow')]
    >>> snippet_text("a &lt;b&gt; [red]x[/red]").plain
    'a <b> [red]x[/red]'
    """
    import html

    out = Text()
    used = 0
    on = False
    for part in _EM.split(snippet or ""):
        if _EM.fullmatch(part):
            on = not part.startswith("</")
            continue
        part = html.unescape(part).replace("\n", " ")
        room = limit - used
        if room <= 0:
            break
        piece = part[:room]
        out.append(piece, style=style if on else None)
        used += len(piece)
        if len(part) > room:
            out.append("…")
            break
    return out


def resolution_summary(counts: Mapping[str, int] | None) -> str:
    """``{'resolved': 56, 'article_not_found': 1}`` → ``已解析 56，条文不存在 1``.

    >>> resolution_summary({"resolved": 56, "article_not_found": 1, "statute_not_found": 2})
    '已解析 56，条文不存在 1，法规未找到 2'
    >>> resolution_summary({})
    '无引用'
    """
    parts = [f"{RESOLUTION_LABELS.get(k, k)} {v}" for k, v in (counts or {}).items() if v]
    return "，".join(parts) or "无引用"


def report_value(key: str, value: Any) -> str:
    """One value of an import report as text (no Python reprs).

    >>> report_value("resolution", {"resolved": 3})
    '已解析 3'
    >>> report_value("sheets", ["目录", "说明"])
    '目录、说明'
    >>> report_value("x", {"a": 1})
    'a：1'
    >>> report_value("x", None)
    '—'
    """
    if key == "resolution" and isinstance(value, Mapping):
        return resolution_summary(value)
    if isinstance(value, Mapping):
        return "，".join(f"{CATALOG_REPORT_LABELS.get(k, k)}：{report_value(k, v)}" for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple)):
        return "、".join(report_value(key, v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def report_label(key: str) -> str:
    return CATALOG_REPORT_LABELS.get(key, key)


def report_labels(report: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """The Chinese labels of an import report's keys, every resolution state and the diagnostics' fields.

    A key without a label keeps its own name (and a test makes sure the ingest produces none).

    >>> labels = report_labels({"rows_read": 3, "resolution": {"resolved": 2}})
    >>> labels["fields"], labels["resolution"]["resolved"], labels["diagnostic"]["line"]
    ({'rows_read': '读取行数', 'resolution': '依据解析'}, '已解析', '行')
    """
    return {"fields": {k: report_label(k) for k in (report or {})}, "resolution": dict(RESOLUTION_LABELS),
            "diagnostic": dict(DIAGNOSTIC_LABELS), "severity": dict(SEVERITY_LABELS)}


def hit_role(hit: Mapping[str, Any]) -> str:
    """The tag a search hit carries: 事项, 罚则, 违则 or 条文 (the search's own role when it has one).

    >>> hit_role({"kind": "provision", "role": "违则", "is_penalty": False})
    '违则'
    >>> hit_role({"kind": "provision", "is_penalty": False, "penalized_by": ["x"]})
    '违则'
    >>> hit_role({"kind": "item"})
    '事项'
    >>> hit_role({"kind": "provision", "is_penalty": False})
    '条文'
    """
    if hit.get("kind") == "item":
        return "事项"
    if hit.get("role"):
        return str(hit["role"])
    if hit.get("is_penalty"):
        return "罚则"
    return "违则" if hit.get("penalized_by") else "条文"


def source_line(source: Mapping[str, Any] | None) -> str:
    """Where a catalog row came from, leaving out what is unknown.

    >>> source_line({"file": "a.xlsx", "sheet": "目录", "row": 7})
    'a.xlsx 目录 第7行'
    >>> source_line({"file": "a.xlsx", "row": None})
    'a.xlsx'
    >>> source_line(None)
    ''
    """
    s = source or {}
    return " ".join(str(x) for x in (s.get("file"), s.get("sheet"), f"第{s['row']}行" if s.get("row") else None) if x)


#: What the search understood of a question (``interpreted``), as the CLI and the web page name it.
UNDERSTOOD_LABELS = (("region", "地区"), ("statutes", "法规"), ("article", "条号"), ("synonyms", "常用说法"),
                     ("thesaurus", "法规用词"), ("associations", "学习联想"), ("asked", "常问指向"))
UNDERSTOOD_SHOWN = 6


def understood_line(interpreted: Mapping[str, Any] | None) -> str | None:
    """One line on how the question was read: its region, statutes, the everyday words mapped to statute words
    and the learned associations the shown hits hold (at most ``UNDERSTOOD_SHOWN`` of each).

    >>> understood_line({"region": "浙江省衢州市", "synonyms": ["电子秤→计量器具"], "associations": []})
    '检索理解：地区 浙江省衢州市；常用说法 电子秤→计量器具'
    >>> understood_line({"as_of": "2026-12-07"}) is None
    True
    """
    parts: list[str] = []
    for key, label in UNDERSTOOD_LABELS:
        value = (interpreted or {}).get(key)
        if not value:
            continue
        values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        more = f" 等{len(values)}项" if len(values) > UNDERSTOOD_SHOWN else ""
        parts.append(f"{label} {'、'.join(values[:UNDERSTOOD_SHOWN])}{more}")
    return "检索理解：" + "；".join(parts) if parts else None
