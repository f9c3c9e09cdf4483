"""Domain objects -> graph writes (``GraphBundle``), and back.

This is the one place that knows how domain dataclasses are laid out as
nodes and edges, so both backends store the same shape:

- ``Statute``  --HAS_VERSION-->  ``StatuteVersion``  --CONTAINS-->  ``Provision`` (article)
- ``Provision`` --CITES--> ``Provision``; 罚则 --PENALIZES--> 违则
- ``Catalog`` --LISTS--> ``PenaltyItem`` --BASIS{role,status}--> ``Provision``
- ``PenaltyItem`` --COMPETENT--> ``Department``; --IN_DOMAIN--> ``Domain``;
  --REQUIRES--> ``ReviewRequirement``; ``Township`` --HOLDS{source,dates}--> ``PenaltyItem``
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from kg.authority import StatutoryDecision, region_covers
from kg.codec import from_props, to_props
from kg.history import with_history
from kg.model import (
    AmendmentDecision,
    AuthoritySource,
    BasisLink,
    BasisRole,
    Catalog,
    Department,
    Holding,
    Item,
    Paragraph,
    ParsedStatute,
    PenaltyItem,
    Provision,
    RepealMention,
    Resolution,
    ReviewRequirement,
    Statute,
    StatuteVersion,
    Township,
)
from kg.store import GraphBundle, Props

STATUTORY_CATALOG = "法定"


# -- statutes -----------------------------------------------------------------


def merge_statutes(statutes: Iterable[Statute]) -> dict[str, Statute]:
    """One Statute per key; aliases are the union over all versions' files."""
    merged: dict[str, Statute] = {}
    for s in statutes:
        prev = merged.get(s.key)
        if prev is None:
            merged[s.key] = s
        else:
            aliases = tuple(dict.fromkeys(prev.aliases + s.aliases))
            merged[s.key] = replace(prev, aliases=aliases, region=prev.region or s.region)
    return merged


_PROVISION_OWN_ENCODING = frozenset({"id", "paragraphs"})  # the key, and ``parts`` below


def provision_props(p: Provision, version_key: str) -> Props:
    props = to_props(p, _PROVISION_OWN_ENCODING)
    props.update(
        statute_key=p.id.statute,
        version_key=version_key,
        article=p.id.article,
        suffix=p.id.suffix,
        label=p.label,
        is_penalty=p.is_penalty,
        parts=encode_parts(p.text, p.paragraphs),
    )
    return props


def provision_from_props(props: Props) -> Provision:
    prov = from_props(Provision, {**props, "id": props["key"]})
    if props.get("parts"):
        prov = replace(prov, paragraphs=decode_parts(prov.text, props["parts"]))
    return prov


# Paragraphs (款), items (项) and sub-items (目) repeat the article's text: stored whole they
# tripled the size of every Provision node.  ``parts`` keeps them as spans of the text that
# holds them — [start, length], or the literal text where a part is not found in order.


def _spans(parent: str, parts: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    cursor = 0
    for part in parts:
        i = parent.find(part, cursor)
        if i < 0:
            out.append(part)
        else:
            out.append([i, len(part)])
            cursor = i + len(part)
    return out


def _unspan(parent: str, span: Any) -> str:
    return span if isinstance(span, str) else parent[span[0]: span[0] + span[1]]


def encode_parts(text: str, paragraphs: Sequence[Paragraph]) -> str:
    r"""The paragraphs of an article as spans of its text (a JSON string; "" when there are none).

    >>> from kg.model import Item
    >>> paras = (Paragraph("甲款"), Paragraph("乙款\n(一)一项", (Item(1, "(一)一项"),)))
    >>> encode_parts("第一条 甲款\n乙款\n(一)一项", paras)
    '[[[4,2]],[[7,8],[[1,[3,5],[]]]]]'
    >>> decode_parts("第一条 甲款\n乙款\n(一)一项", _) == paras
    True
    """
    if not paragraphs:
        return ""
    out: list[Any] = []
    for para, pspan in zip(paragraphs, _spans(text, [p.text for p in paragraphs]), strict=True):
        entry: list[Any] = [pspan]
        if para.items:
            items = []
            for item, ispan in zip(para.items, _spans(para.text, [i.text for i in para.items]), strict=True):
                items.append([item.number, ispan, _spans(item.text, item.subitems)])
            entry.append(items)
        out.append(entry)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def decode_parts(text: str, raw: str) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    for entry in json.loads(raw):
        ptext = _unspan(text, entry[0])
        items: list[Item] = []
        for number, ispan, subs in entry[1] if len(entry) > 1 else ():
            itext = _unspan(ptext, ispan)
            items.append(Item(number, itext, tuple(_unspan(itext, s) for s in subs)))
        paragraphs.append(Paragraph(ptext, tuple(items)))
    return tuple(paragraphs)


def statutes_bundle(
    parsed: Sequence[ParsedStatute], decisions: Sequence[AmendmentDecision] = (),
    repeal_decisions: Sequence[tuple[str, Sequence[RepealMention]]] = (),
) -> GraphBundle:
    """The statute layer of the graph from parsed files (all versions of all statutes).

    Statutes carry their first 施行 date and repeal, versions their periods
    (``kg.history``); each resolved repeal is a REPEALS edge from the
    repealing article to the repealed statute.  ``bundle.figures`` keeps the
    counts for the ingest report.  ``repeal_decisions`` are 废止 decisions
    without articles (title, repeals): they repeal, with no edge to draw.
    """
    bundle = GraphBundle()
    merged = merge_statutes(p.statute for p in parsed)
    by_statute: dict[str, list[ParsedStatute]] = defaultdict(list)
    for p in parsed:
        by_statute[p.statute.key].append(p)
    statutes, versions, relations, unresolved = with_history(
        merged, {k: [p.version for p in files] for k, files in by_statute.items()}, decisions, repeal_decisions)
    article_keys: set[str] = set()
    for key, statute in statutes.items():
        bundle.add_node("Statute", key, to_props(statute))
        files = by_statute[key]
        linked = {v.source: v for v in versions[key]}
        seen_versions: set[str] = set()
        for p in files:
            version = linked[p.version.source]
            if version.key in seen_versions:  # two files of the same version: the first wins
                continue
            seen_versions.add(version.key)
            bundle.add_node("StatuteVersion", version.key, to_props(version))
            bundle.add_edge("HAS_VERSION", key, version.key)
            own_keys = {str(pr.id) for pr in p.provisions}
            article_keys |= own_keys
            for pr in p.provisions:
                pid = str(pr.id)
                bundle.add_node("Provision", pid, provision_props(pr, version.key))
                bundle.add_edge("CONTAINS", version.key, pid)
                for target in pr.violated:
                    t = str(target.article_id())
                    # 违反本条第二款: a paragraph of the 罚则's own article is its 违则 (a self-loop)
                    if t in own_keys and (t != pid or not target.is_article):
                        bundle.add_edge("PENALIZES", pid, t, str(target), inferred=False)
                notes = {n.target: n for n in pr.violated_inferred_notes}
                for target in pr.violated_inferred:
                    t = str(target.article_id())
                    if t in own_keys and t != pid:
                        note = notes.get(target)
                        extra = {"confidence": note.confidence, "reason": note.reason} if note else {}
                        bundle.add_edge("PENALIZES", pid, t, f"inferred|{target}", inferred=True, **extra)
                for target in pr.cites:
                    t = str(target.article_id())
                    if t in own_keys and t != pid:
                        bundle.add_edge("CITES", pid, t, str(target))
    for rel in relations:
        if rel.by is not None and str(rel.by) in article_keys:
            bundle.add_edge("REPEALS", str(rel.by), rel.repealed, rel.repealed,
                            day=rel.day.isoformat() if rel.day else None, text=rel.text, title=rel.title)
    bundle.figures = {
        "statutes_with_status": sum(1 for s in statutes.values() if s.in_force_from or s.repealed_on),
        "first_effective_read": sum(1 for s in statutes.values() if s.in_force_from_certain),
        "first_effective_presumed": sum(1 for s in statutes.values()
                                        if s.in_force_from and not s.in_force_from_certain),
        "first_effective_unknown": sum(1 for s in statutes.values() if s.in_force_from is None),
        "versions_effective_read": sum(1 for vs in versions.values() for v in vs if v.valid_from_certain),
        "versions_effective_presumed": sum(1 for vs in versions.values() for v in vs if not v.valid_from_certain),
        "repeal_relations": len(relations),
        "repealed_statutes": sum(1 for s in statutes.values() if s.repealed_on),
        "repeal_titles_unresolved": len(unresolved),
    }
    return bundle


def version_in_force(versions: Sequence[StatuteVersion], day: date | None) -> StatuteVersion | None:
    """The version in force on ``day``; without a day, the latest version."""
    if not versions:
        return None
    if day is None:
        return max(versions, key=lambda v: (v.valid_from or v.version or date.min, v.source))
    live = [v for v in versions if v.in_force(day)]
    return max(live, key=lambda v: v.valid_from or date.min) if live else None


# -- catalogs -----------------------------------------------------------------


def item_props(item: PenaltyItem) -> Props:
    props = to_props(item)
    props["source"] = json.dumps(to_props(item.source), ensure_ascii=False)
    props["row"] = item.source.row
    props["sheet"] = item.source.sheet
    props["file"] = item.source.file
    return props


def item_from_props(props: Props) -> PenaltyItem:
    return from_props(PenaltyItem, props)


def holding_edge_key(h: Holding) -> str:
    return f"{h.source.value}|{h.catalog or ''}"


def holding_from_edge(township: str, item: str, props: Props) -> Holding:
    return from_props(Holding, {**props, "township": township, "item": item})


def catalog_bundle(
    catalog: Catalog,
    items: Sequence[PenaltyItem],
    holdings: Sequence[Holding],
    departments: Sequence[Department],
    townships: Sequence[Township],
    reviews: dict[str, tuple[ReviewRequirement, ...]],
    existing_provisions: set[str] | None = None,
) -> GraphBundle:
    """The catalog layer for one catalog; replaces that catalog's previous items.

    ``existing_provisions`` are the provision keys present in the graph: a
    BASIS edge is drawn only to a provision that exists (resolved links);
    every link, resolved or not, stays on the item node itself.
    """
    bundle = GraphBundle()
    bundle.deletes.append(("PenaltyItem", {"catalog_key": catalog.key}))
    bundle.add_node("Catalog", catalog.key, to_props(catalog))
    for d in departments:
        bundle.add_node("Department", d.key, to_props(d))
    for t in townships:
        bundle.add_node("Township", t.key, to_props(t))
    dept_keys = {d.key for d in departments}
    for item in items:
        bundle.add_node("PenaltyItem", item.key, item_props(item))
        bundle.add_edge("LISTS", catalog.key, item.key)
        if item.department and item.department in dept_keys:
            bundle.add_edge("COMPETENT", item.key, item.department)
        if item.domain:
            bundle.add_node("Domain", item.domain, {"name": item.domain})
            bundle.add_edge("IN_DOMAIN", item.key, item.domain)
        for i, link in enumerate(item.basis):
            if link.provision is None:
                continue
            target = str(link.provision.article_id())
            if existing_provisions is not None and target not in existing_provisions:
                continue
            bundle.add_edge(
                "BASIS", item.key, target, f"{link.role.value}|{i}",
                role=link.role.value, status=link.status.value, part=str(link.provision),
                reason=link.reason, citation=link.citation, score=link.score,
            )
        # one edge per reason: an item keeps every reason of each kind (keyed by kind alone, all but one were lost)
        for n, req in enumerate(reviews.get(item.key, ())):
            bundle.add_node("ReviewRequirement", req.kind.value, {"kind": req.kind.value})
            bundle.add_edge("REQUIRES", item.key, req.kind.value, f"{req.kind.value}|{n}", reason=req.reason,
                            status=req.status.value, rule=req.rule)
    for h in holdings:
        bundle.add_edge("HOLDS", h.township, h.item, holding_edge_key(h), **_holding_props(h))
    return bundle


def _holding_props(h: Holding) -> Props:
    props = to_props(h)
    props.pop("township")
    props.pop("item")
    if h.provenance is not None:
        props["provenance"] = json.dumps(to_props(h.provenance), ensure_ascii=False)
    return props


def statutory_items(
    decided: Iterable[tuple[Provision, StatuteVersion, Statute, StatutoryDecision]],
    townships: Iterable[Township],
) -> tuple[Catalog, list[PenaltyItem], list[Holding]]:
    """Powers the law gives townships directly (e.g. 城乡规划法 art. 65).

    One item per article whose decision holds (``kg.authority.decide_statutory``),
    its basis the clauses that name the township, each quoted; held by every
    township the statute's region covers (``kg.authority.region_covers``: a
    township of unknown region gets national law only), with source 法定 and
    the version's period.
    """
    catalog = Catalog(key=STATUTORY_CATALOG, title="法律、法规直接规定的乡镇职权", authority=AuthoritySource.STATUTORY,
                      kind="法定职权")
    items: list[PenaltyItem] = []
    holdings: list[Holding] = []
    towns = list(townships)
    for prov, version, statute, decision in decided:
        if not decision.holds:
            continue
        article = prov.id.article_id()
        key = f"{STATUTORY_CATALOG}#{article.statute}/{article.article_label}"
        kinds = list(dict.fromkeys(k for c in decision.clauses for k in c.kinds))
        shared = list(dict.fromkeys(b for c in decision.clauses for b in c.shared_with))
        bodies = list(dict.fromkeys(b for c in decision.clauses for b in (c.bodies or (c.body,))))
        basis = tuple(
            BasisLink(role=BasisRole.PENALTY, citation=f"《{statute.title}》{c.provision.label}",
                      status=Resolution.RESOLVED, provision=c.provision, reason=c.clause)
            for c in decision.clauses
        )
        note = decision.reviewed.reviewer_note if decision.reviewed else ""
        items.append(PenaltyItem(
            key=key, catalog_key=STATUTORY_CATALOG,
            name=f"{statute.title}{prov.label}规定由{'、'.join(bodies)}决定的处罚（{'、'.join(kinds)}）",
            basis=basis, scope_note=f"本条同时规定{'、'.join(shared)}可以决定" if shared else None,
            basis_text="".join(x if x.endswith("。") else f"{x}。" for x in (decision.reason, note) if x),
        ))
        quote = "\n".join(c.clause for c in decision.clauses)
        for t in towns:
            # local law binds only inside its region; a law naming 乡、镇人民政府 does not name a 街道办事处
            if region_covers(statute.region, t.region) is not True or not decision.applies_to(t.name):
                continue
            holdings.append(Holding(
                township=t.key, item=key, source=AuthoritySource.STATUTORY, catalog=STATUTORY_CATALOG,
                valid_from=version.valid_from, valid_to=version.valid_to, clause=quote,
            ))
    return catalog, items, holdings
