"""The officer's answer card: everything that decides one search result, in one read.

A card gathers, for a provision (or a catalog item): the 违则 and 罚则 with
their text, the sanctions the 罚则 allows (fine ranges as the text states
them), the deciding body, the version's 时效性 when the data carries it, the
items citing it with the townships holding them and since when (the user's
township first), the review duties (法制审核 / 听证 / 集体讨论) and the
discretion standard's rules where a catalog loaded one.

Nothing here decides law: every value comes from ``kg.queries`` views; the
review duties are the authority check's own (kg.authority_check), never a
bare yes/no.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from kg.errors import NotFound
from kg.queries import item_view, parse_provision_id, provision_view
from kg.store import GraphStore

#: Measures that go with a sanction but are not 行政处罚 (行政处罚法 arts. 9 and 28).
NOT_PENALTIES = frozenset({"责令改正", "责令限期拆除", "责令停止建设"})

#: The review duties a card shows: the item view's field and the kind of its REQUIRES edges.
REVIEW_KINDS = (("legal_review", "法制审核"), ("hearing", "听证"), ("collective_decision", "集体讨论"))

#: 时效性 fields a view may carry (added by the time-validity work); copied when present.
STATUS_FIELDS = ("status", "status_label", "status_date", "status_basis", "status_note", "valid_from", "valid_to",
                 "effective", "repealed", "in_force_on")


def citation(statute_title: str, label: str) -> str:
    """The citation as decisions write it.

    >>> citation("中华人民共和国城乡规划法", "第六十四条第一款第（二）项")
    '《中华人民共和国城乡规划法》第六十四条第一款第（二）项'
    """
    return f"《{statute_title}》{label}"


def _status(view: dict[str, Any]) -> dict[str, Any]:
    return {k: view[k] for k in STATUS_FIELDS if k in view}


def _partner(store: GraphStore, pid: str, as_of: date | None) -> dict[str, Any]:
    """A 违则 or 罚则 of the card, with its text, sanctions and deciding body."""
    try:
        v = provision_view(store, pid, as_of if parse_provision_id(pid).version is None else None)
    except NotFound as exc:
        return {"provision_id": pid, "citation": pid, "missing": exc.message}
    return {
        "provision_id": v["provision_id"], "citation": citation(v["statute"]["title"], v["label"]),
        "statute_key": v["statute"]["key"], "text": v["text"], "version": v["version"], **_status(v),
        "sanctions": [_sanction(s) for s in v["sanctions"]],
        "competent_body": v.get("competent_body"), "township_competent": v.get("township_competent", False),
    }


def _sanction(s: dict[str, Any]) -> dict[str, Any]:
    return {**s, "is_penalty": s.get("kind") not in NOT_PENALTIES, "range": fine_range(s)}


def fine_range(s: dict[str, Any]) -> str | None:
    """The fine range a sanction states, in words (None when the text states no amount or multiple).

    >>> fine_range({"min_amount": 50.0, "max_amount": 20000.0})
    '50元以上2万元以下'
    >>> fine_range({"max_amount": 500.0})
    '500元以下'
    >>> fine_range({"min_multiple": 1.0, "max_multiple": 3.0, "multiple_base": "违法所得"})
    '违法所得1倍以上3倍以下'
    >>> fine_range({"kind": "警告"}) is None
    True
    """
    def yuan(n: float) -> str:
        return f"{n / 10000:g}万元" if n >= 10000 else f"{n:g}元"

    lo, hi = s.get("min_amount"), s.get("max_amount")
    if lo is not None or hi is not None:
        return (f"{yuan(lo)}以上" if lo is not None else "") + (f"{yuan(hi)}以下" if hi is not None else "")
    mlo, mhi = s.get("min_multiple"), s.get("max_multiple")
    if mlo is not None or mhi is not None:
        base = s.get("multiple_base") or ""
        return base + (f"{mlo:g}倍以上" if mlo is not None else "") + (f"{mhi:g}倍以下" if mhi is not None else "")
    return None


def _review(view: dict[str, Any]) -> dict[str, Any]:
    """法制审核 / 听证 / 集体讨论 of an item as the item view states them (required, depends, not_required or
    unknown, with every reason), and any other requirement recorded for it."""
    out: dict[str, Any] = {field: {**view[field], "kind": kind} for field, kind in REVIEW_KINDS}
    known = {kind for _, kind in REVIEW_KINDS}
    out["other"] = [r for r in view.get("review") or [] if r.get("kind") not in known]
    return out


def _item_card(store: GraphStore, key: str, township: str | None, day: date | None) -> dict[str, Any]:
    v = item_view(store, key, day)
    holdings = sorted(v["holdings"], key=lambda h: (not _same_township(store, h["township"], township),
                                                    not h.get("in_force"), h["township"]))
    names = {h["township"]: (store.get("Township", h["township"]) or {}).get("name", h["township"]) for h in holdings}
    catalog = store.get("Catalog", v["catalog_key"]) or {}
    return {
        "key": v["key"], "code": v["code"], "name": v["name"], "power_type": v["power_type"], "domain": v["domain"],
        "department": v["department"], "scope_note": v["scope_note"],
        "catalog": {"key": v["catalog_key"], "title": catalog.get("title"), "doc_number": catalog.get("doc_number"),
                    "effective": catalog.get("effective"), "authority": catalog.get("authority")},
        "basis": v["basis"],
        "holdings": [{**h, "township_name": names[h["township"]],
                      "mine": _same_township(store, h["township"], township)} for h in holdings],
        "review": _review(v),
        "discretion": v.get("discretion") or [],
    }


def _same_township(store: GraphStore, key: str, chosen: str | None) -> bool:
    if not chosen:
        return False
    if key == chosen:
        return True
    return bool((store.get("Township", key) or {}).get("name") == chosen)


def _items(store: GraphStore, keys: Iterable[str], township: str | None, day: date | None) -> list[dict[str, Any]]:
    cards = [_item_card(store, k, township, day) for k in dict.fromkeys(keys)]
    # the items the user's township holds come first
    return sorted(cards, key=lambda c: not any(h["mine"] and h.get("in_force") for h in c["holdings"]))


def provision_answer(store: GraphStore, pid: str, *, township: str | None = None, as_of: date | None = None,
                     day: date | None = None) -> dict[str, Any]:
    """The card of one provision: its text, its 违则/罚则 pairs, sanctions, deciding body, items and duties."""
    v = provision_view(store, pid, as_of)
    me = _partner(store, v["provision_id"], None)
    # paragraph-level PENALIZES edges can name one article several times: each partner once
    violated = [_partner(store, k, None) for k in dict.fromkeys(p["provision_id"] for p in v["violated"] if p)]
    penalized_by = [_partner(store, k, None) for k in dict.fromkeys(p["provision_id"] for p in v["penalized_by"] if p)]
    if v["sanctions"]:  # a 罚则, or a 处理依据 that only orders (责令停止建设, 限期拆除 …): no 行政处罚
        role, penalties = ("罚则" if v["is_penalty"] else "处理依据"), [me]
    elif penalized_by:
        role, penalties = "违则", penalized_by
    else:
        role, penalties = "条文", []
    item_keys = [it["item_key"] for it in v["items"]]
    for p in penalized_by:  # a 违则's items are usually listed under its 罚则
        item_keys.extend(it["item_key"] for it in provision_view(store, p["provision_id"], None)["items"])
    return {
        "kind": "provision", "provision_id": v["provision_id"], "role": role,
        "citation": citation(v["statute"]["title"], v["label"]),
        "statute": v["statute"], "article": v["article"], "label": v["label"], "heading": v.get("heading", []),
        "version": v["version"], **_status(v), "text": v["text"],
        "violated": violated, "penalized_by": [p["provision_id"] for p in penalized_by], "penalties": penalties,
        "items": _items(store, item_keys, township, day),
        "other_versions": v.get("other_versions", []),
    }


def item_answer(store: GraphStore, key: str, *, township: str | None = None,
                day: date | None = None) -> dict[str, Any]:
    """The card of one catalog item: its basis provisions as 违则/罚则 and the item's holdings and duties."""
    item = _item_card(store, key, township, day)
    violated: list[dict[str, Any]] = []
    penalties: list[dict[str, Any]] = []
    for b in item["basis"]:
        if not b.get("provision_id") or b.get("status") not in ("resolved", "suggested"):
            continue
        partner = {**_partner(store, b["provision_id"], None), "basis_status": b["status"]}
        (penalties if b.get("role") in ("罚则", "设定") or partner.get("sanctions") else violated).append(partner)
    return {
        "kind": "item", "key": item["key"], "role": "事项", "citation": penalties[0]["citation"] if penalties else None,
        "name": item["name"], "code": item["code"],
        "violated": violated, "penalized_by": [p["provision_id"] for p in penalties], "penalties": penalties,
        "items": [item],
    }


def answers_for_hits(store: GraphStore, hits: Sequence[dict[str, Any]], *, township: str | None,
                     day: date | None) -> list[dict[str, Any]]:
    """Cards for the hits of a search page, in its order (a hit whose card cannot be built says why)."""
    out = []
    for hit in hits:
        try:
            if hit.get("kind") == "item":
                out.append(item_answer(store, hit["provision_id"], township=township, day=day))
            else:
                out.append(provision_answer(store, hit["provision_id"], township=township, day=day))
        except NotFound as exc:
            out.append({"kind": hit.get("kind"), "provision_id": hit["provision_id"], "missing": exc.message})
    return out
