"""One version of a statute as a reader wants it: a table of contents (编章节) and every article's text.

The statute browser reads it; comparing two versions is two of these side
by side, aligned by article id (the browser does the alignment).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kg.errors import NotFound
from kg.graph_build import version_in_force
from kg.queries import GraphLookup, statute_view
from kg.store import GraphStore


def toc(headings: list[list[str]], ids: list[str]) -> list[dict[str, Any]]:
    """A nested table of contents from each article's heading path (编 › 章 › 节), in article order.

    Each entry names the first article under it, so the browser can link to its anchor.

    >>> toc([["第一章 总则"], ["第一章 总则"], ["第二章 规划", "第一节 一般规定"]], ["a1", "a2", "a3"])
    [{'title': '第一章 总则', 'first': 'a1', 'children': []}, {'title': '第二章 规划', 'first': 'a3', \
'children': [{'title': '第一节 一般规定', 'first': 'a3', 'children': []}]}]
    >>> toc([[], []], ["a1", "a2"])
    []
    """
    root: list[dict[str, Any]] = []
    for path, pid in zip(headings, ids, strict=True):
        level = root
        for title in path:
            if not level or level[-1]["title"] != title:
                level.append({"title": title, "first": pid, "children": []})
            level = level[-1]["children"]
    return root


def statute_text(store: GraphStore, statute_id: str, version: str | None = None) -> dict[str, Any]:
    """The full text of one version (the latest when ``version`` is None), with its TOC and all versions."""
    view = statute_view(store, statute_id)
    versions = view["versions"]
    if not versions:
        raise NotFound(f"《{view['title']}》没有任何版本", code="VERSION_NOT_FOUND")
    if version:
        chosen = next((v for v in versions if v["version"] == version), None)
        if chosen is None:
            raise NotFound(f"《{view['title']}》没有 {version[:20]} 版本", code="VERSION_NOT_FOUND")
    else:
        latest = version_in_force(GraphLookup(store).versions(view["key"]), None)
        wanted = latest.version.isoformat() if latest and isinstance(latest.version, date) else None
        chosen = next((v for v in versions if v["version"] == wanted), versions[-1])
    ids = [a["provision_id"] for a in chosen["articles"]]
    props = store.get_many("Provision", ids)
    articles = [{**a, "text": (props.get(a["provision_id"]) or {}).get("text", "")} for a in chosen["articles"]]
    return {
        "key": view["key"], "title": view["title"], "level": view["level"], "region": view["region"],
        "aliases": view["aliases"],
        "version": {k: v for k, v in chosen.items() if k != "articles"},
        "versions": [{k: v for k, v in ver.items() if k != "articles"} | {"articles": len(ver["articles"])}
                     for ver in versions],
        "toc": toc([a.get("heading") or [] for a in articles], ids),
        "articles": articles,
    }
