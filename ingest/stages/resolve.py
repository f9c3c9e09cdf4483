"""Stage 2, resolve: a parsed catalog against the graph built so far -> :class:`ResolvedCatalog`.

Each item's legal-basis citations are resolved to provisions
(:func:`ingest.resolve.resolve_item`); an item without any basis gets
ranked *suggested* 罚则 from search (:func:`suggest_basis`, never counted as
resolved); each item gets its review requirements (:func:`kg.review.derive_review`).
The 法定 township powers are decided here too (:func:`decide_statutory_powers`).
The graph and the index are only read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ingest.stages.parse import CatalogFile
from kg.codec import from_props
from kg.graph_build import provision_from_props
from kg.model import (
    BasisRole,
    Catalog,
    PenaltyItem,
    Provision,
    Resolution,
    ReviewRequirement,
    Statute,
    StatuteVersion,
    Township,
)
from kg.queries import GraphLookup
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.authority import StatutoryDecision
    from kg.search import SearchIndex

SUGGESTIONS = 3


@dataclass(frozen=True)
class ResolvedCatalog:
    """A catalog whose items' basis is resolved, with what the build stage needs besides."""

    file: CatalogFile
    items: tuple[PenaltyItem, ...]
    reviews: dict[str, tuple[ReviewRequirement, ...]]  # item key -> what deciding it requires
    existing: frozenset[str]  # article ids cited that the graph holds

    @property
    def catalog(self) -> Catalog:
        return self.file.parsed.catalog


def resolve_catalog(catalog_file: CatalogFile, store: GraphStore, index: SearchIndex | None) -> ResolvedCatalog:
    """Resolve every item of a parsed catalog against the graph (and, with an index, suggest basis)."""
    from ingest.catalogs import DEFAULT_COUNTY_RESERVED
    from ingest.resolve import resolve_item
    from kg.review import derive_review, load_thresholds

    parsed, meta = catalog_file.parsed, catalog_file.meta
    catalog = parsed.catalog
    lookup = GraphLookup(store)
    day = catalog.effective or catalog.published
    items = [resolve_item(i, lookup, day) for i in parsed.items]
    if index is not None:
        items = [suggest_basis(index, i, day, catalog.region) for i in items]
    thresholds = load_thresholds(_province(catalog.region))
    reserved = meta.county_reserved if meta is not None else DEFAULT_COUNTY_RESERVED
    reviews = {}
    for item in items:
        cited = [link.provision for link in item.basis
                 if link.provision is not None and link.status is Resolution.RESOLVED
                 and link.role in (BasisRole.PENALTY, BasisRole.SETTING)]
        provs = [lookup.provision(pid) for pid in cited]
        pairs = [(p, pid) for p, pid in zip(provs, cited, strict=True) if p is not None and p.is_penalty]
        reviews[item.key] = derive_review([p for p, _ in pairs], thresholds, reserved, cited=[c for _, c in pairs])
    existing = {str(link.provision.article_id()) for i in items for link in i.basis if link.provision}
    existing = {k for k in existing if store.get("Provision", k) is not None}
    return ResolvedCatalog(catalog_file, tuple(items), reviews, frozenset(existing))


def suggest_basis(index: SearchIndex, item: PenaltyItem, day: date | None, region: str | None) -> PenaltyItem:
    """An item with no basis at all gets ranked *suggested* 罚则 (and their 违则) from search.

    Suggestions are marked ``Resolution.SUGGESTED`` with their score and are
    never counted as resolved.
    """
    from kg.authority import region_covers
    from kg.model import BasisLink, BasisRole, ProvisionId, Resolution

    if any(link.status is not Resolution.NO_BASIS for link in item.basis):
        return item
    # as of the catalog's date, else today: repealed or not-yet-in-force law is never suggested
    result = index.search(item.name, as_of=day or date.today(), region=region, limit=10)
    links: list[BasisLink] = []
    for hit in result.hits:
        if hit.kind != "provision" or not hit.is_penalty:
            continue
        # never across regions: local law only for a catalog of its region; national law for one of unknown region
        if region_covers(hit.region, region) is not True:
            continue
        rank = len([x for x in links if x.role is BasisRole.PENALTY]) + 1
        links.append(BasisLink(BasisRole.PENALTY, f"{hit.statute_title}{hit.article}", Resolution.SUGGESTED,
                               ProvisionId.parse(hit.provision_id), f"检索推荐第{rank}位", round(hit.score, 3)))
        for v in hit.violated[:2]:
            links.append(BasisLink(BasisRole.VIOLATED, v, Resolution.SUGGESTED, ProvisionId.parse(v),
                                   f"推荐罚则所指违则（第{rank}位）", round(hit.score, 3)))
        if rank >= SUGGESTIONS:
            break
    if not links:
        return item
    kept = tuple(link for link in item.basis if link.status is not Resolution.NO_BASIS)
    return replace(item, basis=kept + tuple(links))


def _province(region: str | None) -> str | None:
    if not region:
        return None
    for marker in ("省", "自治区", "市"):
        i = region.find(marker)
        if i > 0:
            return region[: i + len(marker)]
    return region


# -- the 法定 township powers ------------------------------------------------------------------


@dataclass(frozen=True)
class StatutoryPowers:
    """The townships and, for every article that may give them a penalty power, the decision on it."""

    townships: tuple[Township, ...]
    decided: tuple[tuple[Provision, StatuteVersion, Statute, StatutoryDecision], ...]


def decide_statutory_powers(store: GraphStore) -> StatutoryPowers | None:
    """Decide the penalty powers the law gives townships directly (法定); None when there is no township.

    Every article of a statute's latest version that names a township is
    decided by ``kg.authority.decide_statutory`` (the clause that sets the
    sanction must name the township as deciding body; reviewed entries in
    ``ontologies/statutory_powers.yaml`` confirm or exclude what the rule
    cannot decide).
    """
    from kg.authority import TOWNSHIP, decide_statutory, load_statutory_reviews

    townships = [from_props(Township, t) for t in store.find("Township")]
    if not townships:
        return None
    statutes = {s["key"]: from_props(Statute, s) for s in store.find("Statute")}
    versions = {v["key"]: from_props(StatuteVersion, v) for v in store.find("StatuteVersion")}
    reviews = load_statutory_reviews()
    confirmed = {(r.statute, r.article) for r in reviews if r.decision == "confirm"}
    rows = []
    # 罚则, township-competent articles (城乡规划法 art. 65 only orders: 责令停止建设, 限期改正, 拆除, no
    # 行政处罚 of art. 9, yet the power is the township's by law) and confirmed reviews
    for props in store.find("Provision"):
        if not (props.get("is_penalty") or props.get("township_competent")
                or (props["statute_key"], props["label"]) in confirmed):
            continue
        if not TOWNSHIP.search(props["text"]):
            continue
        version = versions[props["version_key"]]
        if version.valid_to is not None:  # latest version only; earlier ones ended
            continue
        prov = provision_from_props(props)
        rows.append((prov, version, statutes[props["statute_key"]], decide_statutory(prov, reviews)))
    return StatutoryPowers(tuple(townships), tuple(rows))
