"""Stage 3, build: parsed and resolved data -> graph bundles and search documents.

Pure with respect to storage: these functions read the graph built so far
(where a bundle depends on it) and return :class:`~kg.store.GraphBundle` s
or :class:`~kg.search.SearchDoc` s; the write stage applies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ingest.stages.parse import ParsedLaws
from ingest.stages.report import diag
from ingest.stages.resolve import ResolvedCatalog, StatutoryPowers
from kg.codec import from_props
from kg.graph_build import (
    STATUTORY_CATALOG,
    catalog_bundle,
    item_from_props,
    statutes_bundle,
    statutory_items,
)
from kg.model import AmendmentDecision, Catalog, PenaltyItem, Resolution, Statute, StatuteVersion
from kg.regions import UNKNOWN_REGION
from kg.store import GraphBundle, GraphStore

if TYPE_CHECKING:
    from kg.search import SearchDoc


# -- the statute layer ----------------------------------------------------------------------


def statute_layer(laws: ParsedLaws, decisions: Sequence[AmendmentDecision]) -> GraphBundle:
    """Statutes, versions, provisions and their links; ``figures`` holds the 施行/repeal counts."""
    return statutes_bundle(laws.statutes, decisions, laws.repeal_decisions)


def statute_figures(store: GraphStore) -> dict[str, int]:
    """The statute layer's counts for the ingest report."""
    penalties = store.find("Provision", is_penalty=True)
    return {
        "statutes": store.count("Statute"),
        "versions": store.count("StatuteVersion"),
        "articles": store.count("Provision"),
        "penalty_provisions": len(penalties),
        "township_competent": sum(1 for p in penalties if p.get("township_competent")),
    }


# -- catalogs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogBuild:
    """What one catalog adds: the dated end of earlier editions, then the catalog itself, and its report."""

    key: str
    supersede: GraphBundle  # written first (may be empty)
    bundle: GraphBundle
    report: dict[str, Any]


def build_catalog(resolved: ResolvedCatalog, store: GraphStore) -> CatalogBuild:
    """The bundles and the ingest report of one resolved catalog."""
    parsed = resolved.file.parsed
    catalog = resolved.catalog
    supersede = supersession_bundle(store, catalog)
    bundle = catalog_bundle(catalog, resolved.items, parsed.holdings, parsed.departments, parsed.townships,
                            resolved.reviews, set(resolved.existing))
    return CatalogBuild(catalog.key, supersede, bundle, catalog_report(resolved))


def catalog_report(resolved: ResolvedCatalog) -> dict[str, Any]:
    """A catalog's ingest report: its figures, how its basis links resolved, its diagnostics."""
    parsed = resolved.file.parsed
    counts: dict[str, int] = {}
    for item in resolved.items:
        for link in item.basis:
            counts[link.status.value] = counts.get(link.status.value, 0) + 1
    return {
        "catalog": resolved.catalog.key, "title": resolved.catalog.title, "file": resolved.file.name,
        **parsed.stats, "items": len(resolved.items), "resolution": counts,
        "diagnostics": [diag(d) for d in parsed.diagnostics],
    }


def supersession_bundle(store: GraphStore, catalog: Catalog) -> GraphBundle:
    """A new edition (same title and issuer, later effective date) ends the old one's holdings.

    The old holdings stay, dated: their ``valid_to`` becomes the new edition's
    effective date.  Empty when nothing is superseded.
    """
    bundle = GraphBundle()
    if catalog.effective is None:
        return bundle
    from kg.graph_build import holding_edge_key, holding_from_edge

    for props in store.find("Catalog", title=catalog.title):
        if props["key"] == catalog.key or props.get("issuer") != catalog.issuer:
            continue
        old = from_props(Catalog, props)
        if old.effective is None or old.effective >= catalog.effective:
            continue
        bundle.add_node("Catalog", old.key, {**props, "valid_to": catalog.effective.isoformat()})
        for item in store.find("PenaltyItem", catalog_key=old.key):
            for e in store.edges("HOLDS", dst=item["key"]):
                h = holding_from_edge(e.src, e.dst, e.props)
                if h.valid_to is None or h.valid_to > catalog.effective:
                    bundle.add_edge("HOLDS", e.src, e.dst, holding_edge_key(h),
                                    **{**e.props, "valid_to": catalog.effective.isoformat()})
    return bundle


def statutory_powers_bundle(powers: StatutoryPowers) -> GraphBundle:
    """The 法定 catalog: one item per article whose decision holds, held by the townships it covers."""
    catalog, items, holdings = statutory_items(powers.decided, powers.townships)
    existing = {str(link.provision.article_id()) for i in items for link in i.basis if link.provision}
    return catalog_bundle(catalog, items, holdings, [], [], {}, existing)


# -- search documents ---------------------------------------------------------------------------


def search_docs(
    store: GraphStore, tokens: dict[str, str], catalogs_only: bool = False
) -> Iterable[SearchDoc]:
    """Search documents for every provision (with partners) and every catalog item."""
    from kg.search import SearchDoc

    statutes = {s["key"]: from_props(Statute, s) for s in store.find("Statute")}
    versions = {v["key"]: from_props(StatuteVersion, v) for v in store.find("StatuteVersion")}
    shown_from = earliest_text_shown_from(statutes, versions.values())
    if not catalogs_only:
        penalized_by: dict[str, list[str]] = {}
        violated: dict[str, list[str]] = {}
        for e in store.edges("PENALIZES"):
            penalized_by.setdefault(e.dst, []).append(e.src)
            violated.setdefault(e.src, []).append(e.dst)
        for props in store.find("Provision"):
            key = props["key"]
            version = versions[props["version_key"]]
            statute = statutes[props["statute_key"]]
            yield SearchDoc(
                kind="provision", doc_id=key, statute_key=statute.key, statute_title=statute.title,
                aliases=statute.aliases, level=statute.level.value, region=statute.region,
                version_key=version.key, valid_from=version.valid_from, valid_to=version.valid_to,
                shown_from=shown_from.get(version.key), article_label=props["label"],
                heading=" ".join(props.get("heading") or ()), text=props["text"],
                token_text=tokens.get(key), is_penalty=props["is_penalty"],
                violated=tuple(violated.get(key, ())), penalized_by=tuple(penalized_by.get(key, ())),
            )
    catalogs = {c["key"]: from_props(Catalog, c) for c in store.find("Catalog")}
    for props in store.find("PenaltyItem"):
        yield item_search_doc(store, item_from_props(props), statutes, catalogs)


def earliest_text_shown_from(statutes: dict[str, Statute], versions: Iterable[StatuteVersion]) -> dict[str, date]:
    """Version key -> the day its text starts answering as-of searches, where that is before its own 施行 date.

    A statute in force before its earliest held text (城乡规划法 since 2008, only the 2019 text held)
    is still found from its first 施行 date; the hit says the text shown is not the one in force then.
    """
    earliest: dict[str, StatuteVersion] = {}
    for v in versions:
        prev = earliest.get(v.statute_key)
        if v.valid_from is not None and (prev is None or prev.valid_from is None or v.valid_from < prev.valid_from):
            earliest[v.statute_key] = v
    out: dict[str, date] = {}
    for key, v in earliest.items():
        statute = statutes.get(key)
        if statute is not None and statute.in_force_from and v.valid_from and statute.in_force_from < v.valid_from:
            out[v.key] = statute.in_force_from
    return out


def item_search_doc(store: GraphStore, item: PenaltyItem, statutes: dict[str, Statute],
                    catalogs: dict[str, Catalog] | None = None) -> SearchDoc:
    """An item's search document: found in its catalog's region while its catalog is in force.

    The region is the catalog's (given or read from its names, ``ingest.catalogs.region``); a 法定 item
    is of its statute's region; a catalog whose region is unknown gets ``UNKNOWN_REGION``, so that a
    search for a region never offers it as that region's power.
    """
    from kg.search import SearchDoc

    townships = tuple(sorted({e.src for e in store.edges("HOLDS", dst=item.key)}))
    # suggested links are not basis: they do not make the item a citing item of the suggested article
    cited = [link for link in item.basis if link.provision and link.status is not Resolution.SUGGESTED]
    basis = tuple((link.role.value, str(link.provision)) for link in cited)
    first = cited[0].provision if cited else None
    statute = statutes.get(first.statute) if first else None
    catalog = (catalogs or {}).get(item.catalog_key)
    if item.catalog_key == STATUTORY_CATALOG:
        region = statute.region if statute else None
    else:
        region = (catalog.region if catalog else None) or UNKNOWN_REGION
    return SearchDoc(
        kind="item", doc_id=item.key, statute_key=statute.key if statute else "",
        statute_title=statute.title if statute else "", aliases=statute.aliases if statute else (),
        level=statute.level.value if statute else "", region=region,
        version_key="", valid_from=catalog.effective if catalog else None,
        valid_to=catalog.valid_to if catalog else None, article_label="", heading=item.domain or "",
        text=item.name, tokens=None, is_penalty=True, violated=(), penalized_by=(),
        catalog_key=item.catalog_key, item_code=item.code, item_name=item.name,
        department=item.department, townships=townships, basis=basis,
        power_type=item.power_type.value, domain=item.domain,
    )
