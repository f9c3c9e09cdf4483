"""Domain questions answered over any ``GraphStore``.

Written once against the protocol, so the embedded and the Neo4j backend
give the same answers.  Results are plain dicts ready for JSON (the API wraps
them in pydantic models, the CLI prints them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kg.authority import decide_statutory, load_statutory_reviews
from kg.authority_check import Candidate, check_authority, find_township, item_review_duties, power_separation
from kg.errors import NotFound
from kg.graph_build import (
    holding_from_edge,
    item_from_props,
)
from kg.lookup import GraphLookup, iso_day, parse_day, parse_provision_id, provision_validity
from kg.model import (
    AuthoritySource,
    Holding,
    PenaltyItem,
    Provision,
    ProvisionId,
    Resolution,
    Statute,
    StatuteVersion,
)
from kg.regions import relevant
from kg.store import GraphStore
from kg.validity import statute_validity, text_for_day, validity_fields, version_validity

__all__ = [
    "Candidate", "GraphLookup", "attach_validity", "check_authority", "find_township", "item_summary", "item_view",
    "items_citing", "items_citing_many", "latest_version", "list_catalogs", "list_departments", "list_items",
    "list_statutes", "list_townships", "parse_day", "parse_provision_id", "power_separation", "provision_summary",
    "provision_validity", "provision_view", "statute_status", "statute_view", "township_items",
]

# -- provisions -----------------------------------------------------------------


def provision_summary(store: GraphStore, key: str) -> dict[str, Any] | None:
    props = store.get("Provision", key)
    if props is None:
        return None
    return {
        "provision_id": key,
        "statute_key": props["statute_key"],
        "article": props["label"],
        "text": props["text"],
        "is_penalty": props.get("is_penalty", False),
    }


def provision_view(store: GraphStore, pid_text: str, as_of: date | None = None) -> dict[str, Any]:
    """Everything an officer or reviewer needs about one provision."""
    pid = parse_provision_id(pid_text)
    lookup = GraphLookup(store)
    statute = lookup.statute(pid.statute)
    if statute is None:
        keys = lookup.statute_keys_for_title(pid.statute)
        statute = lookup.statute(keys[0]) if keys else None
    if statute is None:
        raise NotFound(f"未找到法规「{pid.statute}」", code="STATUTE_NOT_FOUND")
    versions = lookup.versions(statute.key)
    day = as_of or date.today()
    if not versions:
        raise NotFound(f"《{statute.title}》没有任何版本的文本", code="VERSION_NOT_FOUND")
    if pid.version is None:
        shown, law = text_for_day(statute, versions, day)
        if shown is None and as_of is not None:
            raise NotFound(
                f"《{statute.title}》在 {as_of} {law.status.value}：{law.note}（{law.basis}）", code="NOT_IN_FORCE",
                status=law.status.value,
                versions=[{"version": iso_day(v.version), "valid_from": iso_day(v.valid_from),
                           "valid_to": iso_day(v.valid_to)} for v in versions],
            )
        # without a date, a repealed statute is still shown on request, labelled 已废止
        version = shown or latest_version(versions)
    else:
        found = [v for v in versions if v.version == pid.version]
        if not found:
            raise NotFound(f"《{statute.title}》没有 {pid.version} 版本", code="VERSION_NOT_FOUND")
        version = found[0]
    validity = version_validity(statute, version, day)
    full = ProvisionId(statute.key, version.version, pid.article, pid.suffix, pid.paragraph, pid.item, pid.subitem)
    article = lookup.provision(full)
    if article is None:
        raise NotFound(f"《{statute.title}》（{iso_day(version.version) or '未注明版本'}）中没有{full.article_label}",
                       code="ARTICLE_NOT_FOUND")
    text = article.part_text(full)
    if text is None:
        raise NotFound(f"《{statute.title}》{full.article_label}中没有{full.label}", code="PART_NOT_FOUND")
    key = str(full.article_id())
    return {
        "provision_id": str(full),
        "statute": {"key": statute.key, "title": statute.title, "level": statute.level.value,
                    "region": statute.region},
        "article": full.article_label,
        "label": full.label,
        "version": iso_day(version.version),
        **validity_fields(validity),
        "statute_status": statute_status(statute, day),
        "in_force_on": validity.text_in_force,
        "as_of": iso_day(day),
        "heading": list(article.heading),
        "text": text,
        "article_text": article.text,
        "is_penalty": article.is_penalty,
        "sanctions": [
            {"kind": s.kind.value, "text": s.text, "min_amount": s.min_amount, "max_amount": s.max_amount,
             "min_multiple": s.min_multiple, "max_multiple": s.max_multiple, "multiple_base": s.multiple_base,
             "per": s.per, "subject": s.subject, "is_penalty": s.is_penalty}
            for s in article.sanctions
        ],
        "competent_body": article.competent_body,
        "competent_body_source": article.competent_body_source,
        "competent_body_basis": str(article.competent_body_basis) if article.competent_body_basis else None,
        "township_competent": article.township_competent,
        "statutory_power": _statutory_view(article, statute.region),
        "cites": [e.dst for e in store.edges("CITES", src=key)],
        "cited_by": [e.src for e in store.edges("CITES", dst=key)],
        "violated": [_violated_entry(store, e) for e in store.edges("PENALIZES", src=key)],
        "penalized_by": [provision_summary(store, e.src) for e in store.edges("PENALIZES", dst=key)],
        "items": items_citing(store, key),
        "other_versions": [
            {"version": iso_day(v.version), "valid_from": iso_day(v.valid_from), "valid_to": iso_day(v.valid_to),
             "status": version_validity(statute, v, day).status.value}
            for v in sorted(versions, key=lambda v: v.version or date.min)
        ],
    }


def _violated_entry(store: GraphStore, e: Any) -> dict[str, Any] | None:
    """A 违则 of a 罚则: the article, the part cited (违反本条例第十二条第二款), and for an inferred pair
    its confidence and reason."""
    summary = provision_summary(store, e.dst)
    if summary is None:
        return None
    inferred = bool(e.props.get("inferred"))
    summary.update(cited_as=e.key.removeprefix("inferred|") or e.dst, inferred=inferred)
    if inferred:
        summary.update(confidence=e.props.get("confidence"), reason=e.props.get("reason"))
    return summary


def latest_version(versions: Sequence[StatuteVersion]) -> StatuteVersion:
    return max(versions, key=lambda v: (v.valid_from or v.version or date.min, v.source))


def statute_status(statute: Statute, day: date) -> dict[str, Any]:
    """The statute's own 时效性 on ``day`` (first 施行 date to repeal), with the text that decides it."""
    v = statute_validity(statute, day)
    return {"status": v.status.value, "in_force_from": iso_day(statute.in_force_from),
            "in_force_from_basis": statute.in_force_from_basis, "in_force_from_certain": statute.in_force_from_certain,
            "repealed_on": iso_day(statute.repealed_on), "repealed_by": statute.repealed_by,
            "repeal_text": statute.repeal_text, "note": v.note}


def attach_validity(store: GraphStore, hits: Sequence[dict[str, Any]], day: date) -> None:
    """Give every search hit ``status``, ``valid_from``, ``valid_to`` and the text that decides them.

    A provision hit speaks of its own version; an item hit of its 罚则 (else its first cited provision).
    """
    lookup = GraphLookup(store)
    cache: dict[str, dict[str, Any]] = {}

    def of(pid_text: str) -> dict[str, Any]:
        if pid_text not in cache:
            try:
                pid = ProvisionId.parse(pid_text)
            except ValueError:
                pid = None
            cache[pid_text] = provision_validity(lookup, pid, day) if pid is not None else {}
        return cache[pid_text]

    for hit in hits:
        if hit.get("kind") == "item":
            basis = [tuple(b) for b in hit.get("basis") or ()]
            chosen = next((p for r, p in basis if r == "罚则"), None) or next((p for _, p in basis), None)
            fields = dict(of(chosen)) if chosen else {
                "status": None, "valid_from": None, "valid_to": None, "status_basis": "",
                "status_note": "事项没有已定位的法律依据，无法判断时效性"}
            fields["status_provision"] = chosen
        else:
            fields = of(hit["provision_id"])
        hit.update(fields)


def _statutory_view(article: Provision, region: str | None) -> dict[str, Any]:
    """Whether the article gives townships a penalty power by law (法定), with the clause that decides it."""
    decision = decide_statutory(article, load_statutory_reviews())
    return {
        "holds": decision.holds, "reason": decision.reason, "region": region,
        "reviewed": decision.reviewed is not None,
        "note": decision.reviewed.reviewer_note if decision.reviewed else None,
        "clauses": [{"provision_id": str(c.provision), "clause": c.clause, "body": c.body, "kinds": list(c.kinds),
                     "shared_with": list(c.shared_with), "applies_to": sorted(c.body_types)}
                    for c in decision.clauses] if decision.holds else [],
    }


def items_citing(store: GraphStore, provision_key: str) -> list[dict[str, Any]]:
    """The penalty items citing a provision, each with its role and the townships holding it."""
    return items_citing_many(store, [provision_key])[provision_key]


def items_citing_many(store: GraphStore, provision_keys: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """``items_citing`` for several provisions in three reads, whatever their number (a search page)."""
    # suggested links are never basis: they are left out here (planners see them in the unmapped report, as 建议)
    basis = [(src, dst, role) for src, dst, role, status in store.edge_rows_to("BASIS", ("role", "status"), provision_keys)
             if status != Resolution.SUGGESTED.value]
    item_keys = list(dict.fromkeys(src for src, _, _ in basis))
    items = store.get_many("PenaltyItem", item_keys)
    holders: dict[str, list[str]] = {}
    for town, item in store.edge_rows_to("HOLDS", (), item_keys):
        holders.setdefault(item, []).append(town)
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in provision_keys}
    for src, dst, role in basis:
        props = items.get(src)
        if props is None:
            continue
        out[dst].append({"item_key": src, "code": props.get("code"), "name": props["name"], "role": role,
                         "catalog_key": props["catalog_key"], "townships": sorted(set(holders.get(src, ())))})
    return out


# -- statutes -------------------------------------------------------------------


def statute_view(store: GraphStore, key: str) -> dict[str, Any]:
    lookup = GraphLookup(store)
    statute = lookup.statute(key)
    if statute is None:
        statute = lookup.resolve_statute(key)
    versions = sorted(lookup.versions(statute.key), key=lambda v: v.version or date.min)
    out_versions: list[dict[str, Any]] = []
    for v in versions:
        articles = store.find("Provision", version_key=v.key)
        out_versions.append({
            "version": iso_day(v.version), "valid_from": iso_day(v.valid_from), "valid_to": iso_day(v.valid_to),
            "repealed": v.repealed, "source": v.source,
            "events": [{"date": iso_day(e.day), "kind": e.kind, "text": e.text} for e in v.events],
            "articles": [{"provision_id": a["key"], "article": a["label"], "heading": a.get("heading") or [],
                          "is_penalty": a.get("is_penalty", False)}
                         for a in sorted(articles, key=lambda a: (a["article"], a["suffix"]))],
        })
    today = date.today()
    for v, row in zip(versions, out_versions, strict=True):
        row.update(validity_fields(version_validity(statute, v, today)))
    return {"key": statute.key, "title": statute.title, "level": statute.level.value,
            "region": statute.region, "aliases": list(statute.aliases), "versions": out_versions,
            "status": statute_status(statute, today)}


def list_statutes(store: GraphStore, *, level: str | None = None, region: str | None = None,
                  q: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    where = {k: v for k, v in {"level": level}.items() if v}
    rows = store.find("Statute", **where)
    if region:
        rows = [r for r in rows if relevant(r.get("region"), region)]
    if q:
        rows = [r for r in rows if q in r["title"] or any(q in a for a in r.get("aliases") or [])]
    total = len(rows)
    return {"total": total, "statutes": [
        {"key": r["key"], "title": r["title"], "level": r["level"], "region": r.get("region")}
        for r in rows[offset:offset + limit]
    ]}


# -- catalogs, items, holders ---------------------------------------------------------


def item_view(store: GraphStore, key: str, day: date | None = None) -> dict[str, Any]:
    props = store.get("PenaltyItem", key)
    if props is None:
        rows = store.find("PenaltyItem", code=key)
        if len(rows) != 1:
            raise NotFound(f"未找到事项「{key[:60]}」", code="ITEM_NOT_FOUND")
        props = rows[0]
    item = item_from_props(props)
    holdings = [holding_from_edge(e.src, e.dst, e.props) for e in store.edges("HOLDS", dst=item.key)]
    return {
        "key": item.key, "code": item.code, "name": item.name, "power_type": item.power_type.value,
        "domain": item.domain, "department": item.department, "scope_note": item.scope_note,
        "catalog_key": item.catalog_key, "basis_text": item.basis_text,
        "source": {"file": item.source.file, "sheet": item.source.sheet, "row": item.source.row},
        "basis": [{"role": b.role.value, "citation": b.citation, "status": b.status.value, "reason": b.reason,
                   "provision_id": str(b.provision) if b.provision else None, "score": b.score} for b in item.basis
                  if b.status is not Resolution.SUGGESTED],
        # 建议: links a search suggested for a catalog without a basis column; never basis until a person confirms
        "suggested": [{"role": b.role.value, "citation": b.citation, "reason": b.reason, "score": b.score,
                       "provision_id": str(b.provision) if b.provision else None,
                       "label": "建议（检索推荐，未经人工确认，不作为法律依据）"}
                      for b in item.basis if b.status is Resolution.SUGGESTED],
        "holdings": [{"township": h.township, "source": h.source.value, "catalog": h.catalog,
                      "valid_from": iso_day(h.valid_from), "valid_to": iso_day(h.valid_to), "scope_note": h.scope_note,
                      "in_force": h.in_force(day or date.today())} for h in holdings],
        "review": [{"kind": e.dst, "reason": e.props.get("reason")} for e in store.edges("REQUIRES", src=item.key)],
        # required / depends / not_required / unknown with every reason: the authority check's own rule
        **{k: v for k, v in item_review_duties(store, item, (store.get("Catalog", item.catalog_key) or {}).get("region"),
                                               day or date.today()).items()
           if k in ("legal_review", "collective_decision", "hearing")},
        "discretion": [{"group": r.group, "order": r.order, "tier": r.tier, "condition": r.condition,
                        "standard": r.standard, "range": r.range_text} for r in item.discretion],
        "separation": _item_separation(store, item, holdings, day or date.today()),
    }


def _item_separation(store: GraphStore, item: PenaltyItem, holdings: list[Holding], day: date) -> dict[str, Any]:
    """管罚分离 of an item whatever the township: the townships holding it in their own name penalise."""
    own = [h for h in holdings if h.in_force(day) and h.source is not AuthoritySource.ENTRUSTED]
    entrusted = [h for h in holdings if h.in_force(day) and h.source is AuthoritySource.ENTRUSTED]
    chosen = own or entrusted
    if not chosen:
        return power_separation(store, item)
    names = sorted({(store.get("Township", h.township) or {}).get("name") or h.township for h in chosen})
    return power_separation(store, item, holding={"source": chosen[0].source.value}, townships=names)


def item_summary(props: dict[str, Any]) -> dict[str, Any]:
    return {"key": props["key"], "code": props.get("code"), "name": props["name"],
            "power_type": props.get("power_type"), "domain": props.get("domain"),
            "department": props.get("department"), "catalog_key": props.get("catalog_key"),
            "scope_note": props.get("scope_note")}


def list_items(store: GraphStore, *, catalog: str | None = None, department: str | None = None,
               domain: str | None = None, power_type: str | None = None, q: str | None = None,
               limit: int = 100, offset: int = 0) -> dict[str, Any]:
    where = {k: v for k, v in {"catalog_key": catalog, "department": department, "domain": domain,
                               "power_type": power_type}.items() if v}
    rows = store.find("PenaltyItem", **where)
    if q:
        rows = [r for r in rows if q in r["name"] or q == r.get("code")]
    return {"total": len(rows), "items": [item_summary(r) for r in rows[offset:offset + limit]]}


def list_townships(store: GraphStore) -> list[dict[str, Any]]:
    out = []
    for t in store.find("Township"):
        held = store.edges("HOLDS", src=t["key"])
        out.append({"key": t["key"], "name": t["name"], "region": t.get("region"),
                    "items": len({e.dst for e in held})})
    return out


def township_items(store: GraphStore, name: str, day: date | None = None) -> dict[str, Any]:
    town = find_township(store, name)
    day = day or date.today()
    items = []
    for e in store.edges("HOLDS", src=town["key"]):
        h = holding_from_edge(e.src, e.dst, e.props)
        props = store.get("PenaltyItem", e.dst)
        if props is None:
            continue
        items.append({**item_summary(props), "source": h.source.value, "catalog": h.catalog,
                      "valid_from": iso_day(h.valid_from), "valid_to": iso_day(h.valid_to),
                      "scope_note": h.scope_note, "in_force": h.in_force(day)})
    return {"township": {"key": town["key"], "name": town["name"], "region": town.get("region")},
            "date": day.isoformat(), "total": len(items), "items": items}


def list_departments(store: GraphStore) -> list[dict[str, Any]]:
    return [{"key": d["key"], "name": d["name"], "region": d.get("region"),
             "items": len(store.edges("COMPETENT", dst=d["key"]))} for d in store.find("Department")]


def list_catalogs(store: GraphStore) -> list[dict[str, Any]]:
    return [{**{k: c.get(k) for k in ("key", "title", "issuer", "doc_number", "published", "effective",
                                        "valid_to", "region", "authority", "kind", "source")},
             "items": len(store.edges("LISTS", src=c["key"]))} for c in store.find("Catalog")]

