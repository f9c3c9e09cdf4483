"""Report ``overlaps``: one 罚则 claimed by several items, near-identical item names, a delegated power
still listed by the county, a township holding one power twice (行政处罚法 art. 25).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from kg.graph_build import STATUTORY_CATALOG
from kg.regions import related
from kg.reports.graph import (
    ArticleKey,
    Hold,
    Item,
    Link,
    _article_label,
    _finding,
    _Graph,
    article_key,
    article_node_key,
)
from kg.reports.names import normalize_item_name, similar_name_pairs
from kg.reports.types import (
    ART25,
    ART25_RULE,
    HANDED_DOWN,
    NAME_SIMILARITY,
    POWER_PENALTY,
    RESOLVED,
    ROLE_PENALTY,
    ROLE_VIOLATED,
    ReportResult,
)
from kg.reports.unmapped import _category_rank, _first_row_key
from kg.reports.vocabularies import department_vocabulary
from kg.validity import periods_overlap


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, members: Iterable[str]) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for m in members:
            out[self.find(m)].append(m)
        return [sorted(v) for v in out.values()]


def _penalty_articles(g: _Graph, items: Sequence[Item]) -> dict[str, set[ArticleKey]]:
    """Per item: the 罚则 articles it cites (resolved).

    An item whose catalog gives no 罚则 column but only a general basis
    (设定依据) counts those basis articles that are penalty provisions.
    """
    out: dict[str, set[ArticleKey]] = {}
    setting: dict[str, list[str]] = {}
    memo: dict[tuple[Link, ...], tuple[set[ArticleKey], list[str]]] = {}  # catalogs repeat the same basis
    for item in items:
        got = memo.get(item.basis)
        if got is None:
            arts = {k for lk in item.basis if lk.provision and lk.status == RESOLVED
                    and lk.role == ROLE_PENALTY for k in [article_key(lk.provision)] if k}
            nodes = [] if arts else [n for lk in item.basis if lk.provision and lk.status == RESOLVED
                                     and lk.role != ROLE_VIOLATED for n in [article_node_key(lk.provision)] if n]
            got = memo[item.basis] = (arts, nodes)
        if got[0]:
            out[item.key] = got[0]
        elif got[1]:
            setting[item.key] = got[1]
    if setting:
        wanted = sorted({n for ns in setting.values() for n in ns})
        penal = {k for k, p in g.store.get_many("Provision", wanted).items() if p.get("is_penalty")}
        for key, nodes in setting.items():
            arts = {a for n in nodes if n in penal for a in [article_key(n)] if a}
            if arts:
                out[key] = arts
    return out


def _territories(g: _Graph, items: Sequence[Item]) -> tuple[dict[str, frozenset[str]], dict[str, list[Hold]]]:
    """Townships holding each item in the period (an item nobody holds is exercised county-wide:
    empty set), and the delegated or entrusted holdings of each item — one pass over the holdings."""
    towns: dict[str, set[str]] = defaultdict(set)
    handed: dict[str, list[Hold]] = defaultdict(list)
    for h in g.holds():
        towns[h.item].add(h.township)
        if h.source in HANDED_DOWN:
            handed[h.item].append(h)
    return {i.key: frozenset(towns.get(i.key, ())) for i in items}, handed


def _scope(g: _Graph, item: Item) -> str:
    return str((g.catalogs.get(item.catalog) or {}).get("region") or "")


def _components_by_territory(members: Sequence[Item], terr: dict[str, frozenset[str]]) -> list[list[Item]]:
    """Split items into groups whose territories connect (share a township, or one is county-wide)."""
    spans = [terr[m.key] for m in members]
    if all(spans) and len(frozenset().union(*spans)) == sum(len(t) for t in spans):
        return [[m] for m in members]  # pairwise disjoint (e.g. each township's own catalog): nothing connects
    uf = _UnionFind()
    by_town: dict[str, str] = {}
    wide = [m.key for m in members if not terr[m.key]]
    for m in members:
        uf.find(m.key)
        for t in terr[m.key]:
            if t in by_town:
                uf.union(by_town[t], m.key)
            else:
                by_town[t] = m.key
    if wide:
        for m in members:
            uf.union(wide[0], m.key)
    lookup = {m.key: m for m in members}
    return [[lookup[k] for k in grp] for grp in uf.groups(lookup)]


@dataclass
class _Claims:
    """What the four overlap checks share: the penalty items, their territories, 罚则 and scopes, the findings."""

    items: list[Item]
    terr: dict[str, frozenset[str]]
    hold_periods: dict[str, list[Hold]]
    arts: dict[str, set[ArticleKey]]
    by_key: dict[str, Item]
    scope_of: dict[str, str]
    findings: list[dict[str, Any]] = field(default_factory=list)


def report_overlaps(g: _Graph) -> ReportResult:
    """Powers claimed more than once (行政处罚法 art. 25), in four categories.

    - ``same_penalty_article``: items of two or more catalogs or departments
      cite the same 罚则 article (any version) and apply to the same
      territory (they share a township, or one is held by nobody and so is
      exercised county-wide), within one catalog region;
    - ``similar_names``: items with the same or near-identical normalised
      names (difflib ratio ≥ 0.9, found with :func:`similar_name_pairs`) in
      the same territory, unless already reported as one 罚则;
    - ``delegated_still_at_county``: a 罚则 delegated or entrusted to
      townships while an item of the same (standard) department that no
      township holds lists it too, in overlapping periods;
    - ``township_double_holding``: one township holds the same 罚则 or the
      same item name through two catalogs (including the statutory one) in
      overlapping periods.

    Only 行政处罚 items count: 审批 and 监管 items citing the same article
    are the other two thirds of 管罚分离, not overlaps.
    """
    g.prefetch_holds()  # read beside the items (on a database server)
    items = [i for i in g.items() if i.power_type == POWER_PENALTY]
    terr, hold_periods = _territories(g, items)
    arts = _penalty_articles(g, items)
    by_key = {i.key: i for i in items}
    scope_of = {i.key: _scope(g, i) for i in items}

    claims = _Claims(items, terr, hold_periods, arts, by_key, scope_of)
    in_article_group = _same_penalty_article(g, claims)
    _similar_names(g, claims, in_article_group)
    _delegated_still_at_county(g, claims)
    _township_double_holding(g, claims)
    findings = claims.findings
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f), f["reason"]))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "findings": len(findings),
               **{c: counts.get(c, 0) for c in ("same_penalty_article", "similar_names",
                                                "delegated_still_at_county", "township_double_holding")}}
    return ReportResult("overlaps", "", g.filters, summary, findings)


def _same_penalty_article(g: _Graph, claims: _Claims) -> dict[str, set[int]]:
    """(a) One 罚则 claimed by several items (other catalogs or departments) in the same territory.

    Returns, per item, the findings it is in (so that (b) does not report the same items again).
    """
    items, terr, arts = claims.items, claims.terr, claims.arts
    scope_of, findings = claims.scope_of, claims.findings
    groups: dict[tuple[str, ArticleKey], list[Item]] = defaultdict(list)
    for item in items:
        if item.catalog == STATUTORY_CATALOG:
            continue
        scope = scope_of[item.key]
        for a in arts.get(item.key, ()):
            groups[(scope, a)].append(item)
    in_article_group: dict[str, set[int]] = defaultdict(set)
    for (scope, art), members in sorted(groups.items()):
        if len(members) < 2:
            continue
        for comp in _components_by_territory(members, terr):
            if len(comp) < 2:
                continue
            catalogs = sorted({i.catalog for i in comp})
            depts = sorted({g.department_name(i.department) or "（未填写）" for i in comp})
            if len(catalogs) < 2 and len(depts) < 2:
                continue
            for i in comp:
                in_article_group[i.key].add(len(findings))
            where = "、".join(g.catalog_title(c) or c for c in catalogs)
            findings.append(_finding(
                g, "same_penalty_article",
                f"{len(comp)}个事项引用同一罚则《{art[0]}》{_article_label(art)}"
                f"（涉及目录：{where}；部门：{'、'.join(depts)}），同一违法行为可能由多个主体管辖，"
                f"易重复执法或相互推诿；依{ART25}，{ART25_RULE}，应在目录中明确分工",
                comp, article=f"{art[0]}/{_article_label(art)}", region=scope or None,
                catalogs=catalogs, departments=depts, townships=_town_names(g, comp, terr)))

    return in_article_group


def _similar_names(g: _Graph, claims: _Claims, in_article_group: dict[str, set[int]]) -> None:
    """(b) Near-identical item names in the same territory."""
    items, terr, scope_of, findings = claims.items, claims.terr, claims.scope_of, claims.findings
    by_scope: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        if item.catalog == STATUTORY_CATALOG:
            continue
        n = normalize_item_name(item.name)
        if n:
            by_scope[scope_of[item.key]][n].append(item)
    # one pass over the distinct names of all scopes; pairs then go to the scopes holding both names
    scopes_of: dict[str, set[str]] = defaultdict(set)
    for scope, names in by_scope.items():
        for n in names:
            scopes_of[n].add(scope)
    distinct_all = sorted(scopes_of)
    pairs_in: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for ia, ib, r in similar_name_pairs(distinct_all):
        na, nb = distinct_all[ia], distinct_all[ib]
        for scope in scopes_of[na] & scopes_of[nb]:
            pairs_in[scope].append((na, nb, r))
    for scope, names in sorted(by_scope.items()):
        name_uf = _UnionFind()
        ratio: dict[frozenset[str], float] = {}
        for na, nb, r in pairs_in.get(scope, ()):
            name_uf.union(na, nb)
            ratio[frozenset((na, nb))] = r
        clusters = name_uf.groups({n for pair in ratio for n in pair})
        clusters += [[n] for n, members in names.items() if len(members) > 1 and n not in name_uf.parent]
        for cluster in sorted(clusters):
            members = [m for n in cluster for m in names[n]]
            if len(members) < 2:
                continue
            sims = [r for pair, r in ratio.items() if pair <= set(cluster)]
            for comp in _components_by_territory(members, terr):
                if len(comp) < 2:
                    continue
                if set.intersection(*(in_article_group.get(i.key, set()) for i in comp)):
                    continue  # already reported as one 罚则 claimed by these items
                exact = len({normalize_item_name(i.name) for i in comp}) == 1
                sim = 1.0 if exact else min(sims, default=1.0)
                what = "名称相同" if exact else f"名称几乎相同（相似度≥{NAME_SIMILARITY}）"
                findings.append(_finding(
                    g, "similar_names",
                    f"{len(comp)}个事项{what}：{'／'.join(dict.fromkeys(i.name for i in comp))}；"
                    f"可能是同一违法行为被重复列出或由不同部门分别主张；依{ART25}，{ART25_RULE}，应合并或明确分工",
                    comp, similarity=sim, region=scope or None, catalogs=sorted({i.catalog for i in comp}),
                    departments=sorted({g.department_name(i.department) or "（未填写）" for i in comp}),
                    townships=_town_names(g, comp, terr)))



def _delegated_still_at_county(g: _Graph, claims: _Claims) -> None:
    """(c) Delegated to townships and still listed by the county department."""
    items, hold_periods, arts, by_key = claims.items, claims.hold_periods, claims.arts, claims.by_key
    scope_of, findings = claims.scope_of, claims.findings
    county_items: dict[ArticleKey, list[Item]] = defaultdict(list)
    county_list = _county_listed(g, items)
    arts.update(_penalty_articles(g, [c for c in county_list if c.key not in by_key]))
    for item in county_list:
        by_key.setdefault(item.key, item)
        scope_of.setdefault(item.key, _scope(g, item))
        for a in arts.get(item.key, ()):
            county_items[a].append(item)
    vocab = department_vocabulary()
    county_at: dict[tuple[ArticleKey, str], list[Item]] = defaultdict(list)  # (罚则, county scope) -> county items
    for a, listed in county_items.items():
        for c in listed:
            county_at[(a, scope_of[c.key])].append(c)
    county_scopes = sorted({scope_of[c.key] for c in county_list})
    compatible = {s: [cs for cs in county_scopes if _region_compatible(cs, s)]
                  for s in {scope_of[k] for k in hold_periods if k in scope_of}}
    canonical_dept: dict[str | None, str | None] = {}

    def dept(item: Item) -> str | None:
        if item.department not in canonical_dept:
            canonical_dept[item.department] = vocab.canonical(g.department_name(item.department)) or item.department
        return canonical_dept[item.department]

    pairs: dict[tuple[str, ArticleKey], list[tuple[Item, list[Hold]]]] = defaultdict(list)
    for key, holds in hold_periods.items():
        deleg = by_key.get(key)
        if deleg is None:
            continue
        for a in arts.get(key, ()):
            for cs in compatible[scope_of[key]]:
                for county in county_at.get((a, cs), ()):
                    if county.catalog == deleg.catalog:
                        continue
                    d1, d2 = dept(county), dept(deleg)
                    if d1 and d2 and d1 != d2:
                        continue
                    period = g.catalog_period(county.catalog)
                    live = [h for h in holds if periods_overlap((h.valid_from, h.valid_to), period)]
                    if live:
                        pairs[(county.key, a)].append((deleg, live))
    for (county_key, art), delegated in sorted(pairs.items()):
        county = by_key[county_key]
        deleg_items = sorted({d.key: d for d, _ in delegated}.values(), key=lambda i: i.key)
        towns = sorted({h.township for _, hs in delegated for h in hs})
        town_names = [_town_name(g, t) for t in towns]
        start, end = g.catalog_period(county.catalog)
        findings.append(_finding(
            g, "delegated_still_at_county",
            f"罚则《{art[0]}》{_article_label(art)}已通过{'、'.join(sorted({h.source for _, hs in delegated for h in hs}))}"
            f"交由{_join_limited(town_names)}行使，但{g.department_name(county.department) or '县级部门'}的"
            f"“{g.catalog_title(county.catalog)}”（{_period_text(start, end)}）仍列为本部门事项，期间重叠；"
            f"县乡两级同时具有管辖权（依{ART25}由最先立案的机关管辖），应调整清单或明确分工",
            [county, *deleg_items], article=f"{art[0]}/{_article_label(art)}", county_item=county.key,
            townships=town_names, catalogs=sorted({county.catalog, *(i.catalog for i in deleg_items)})))



def _match_keys(items: Sequence[Item], arts: dict[str, set[ArticleKey]]
                ) -> tuple[list[tuple[str, Any]], dict[str, tuple[int, ...]]]:
    """Match keys of each item (its 罚则 articles, its normalised name) as small ints, and the keys by int."""
    key_of: dict[tuple[str, Any], int] = {}
    key_names: list[tuple[str, Any]] = []
    signature: dict[tuple[str, frozenset[ArticleKey]], tuple[int, ...]] = {}
    match_keys: dict[str, tuple[int, ...]] = {}
    for item in items:
        item_arts = frozenset(arts.get(item.key, ()))
        ids = signature.get((item.name, item_arts))
        if ids is None:
            ks: list[tuple[str, Any]] = [("art", a) for a in sorted(item_arts)]
            n = normalize_item_name(item.name)
            if n:
                ks.append(("name", n))
            for k in ks:
                if k not in key_of:
                    key_of[k] = len(key_names)
                    key_names.append(k)
            ids = signature[(item.name, item_arts)] = tuple(key_of[k] for k in ks)
        match_keys[item.key] = ids
    return key_names, match_keys


def _clash_candidates(g: _Graph, items: Sequence[Item], match_keys: dict[str, tuple[int, ...]],
                      scope_of: dict[str, str]) -> set[str]:
    """Items that may clash: they share a match key with an item of another catalog in their region,
    or with a statutory power."""
    # only keys that items of two catalogs share in one region (or with a statutory power) can clash;
    # counted per catalog with set operations, since a catalog repeats few keys
    kids_of_catalog: dict[str, set[int]] = defaultdict(set)
    for item in items:
        kids_of_catalog[item.catalog].update(match_keys[item.key])
    statutory_keys = kids_of_catalog.pop(STATUTORY_CATALOG, set())
    in_scope: dict[str, Counter[int]] = defaultdict(Counter)
    for cat, kids in kids_of_catalog.items():
        in_scope[str((g.catalogs.get(cat) or {}).get("region") or "")].update(kids)
    shared = {scope: {kid for kid, n in counts.items() if n > 1} for scope, counts in in_scope.items()}
    plain_keys = set().union(*kids_of_catalog.values()) if kids_of_catalog else set()
    candidates: set[str] = set()
    for item in items:
        ids = match_keys[item.key]
        if item.catalog == STATUTORY_CATALOG:
            if not plain_keys.isdisjoint(ids):
                candidates.add(item.key)
        elif not statutory_keys.isdisjoint(ids) or not shared[scope_of[item.key]].isdisjoint(ids):
            candidates.add(item.key)
    return candidates


def _township_double_holding(g: _Graph, claims: _Claims) -> None:
    """(d) One township holding the same power from two catalogs in overlapping periods."""
    items, arts, by_key = claims.items, claims.arts, claims.by_key
    scope_of, findings = claims.scope_of, claims.findings
    key_names, match_keys = _match_keys(items, arts)
    candidates = _clash_candidates(g, items, match_keys, scope_of)
    clashing = [h for h in g.holds() if h.item in candidates]
    per_town = {town: list(hs) for town, hs in groupby(clashing, key=itemgetter(0))}  # holds come by township

    def catalog_of(h: Hold) -> str:
        return h.catalog or by_key[h.item].catalog

    for town in sorted(per_town):
        keyed: dict[int, list[Hold]] = defaultdict(list)
        for h in per_town[town]:
            for kid in match_keys.get(h.item, ()):
                keyed[kid].append(h)
        reported: set[frozenset[tuple[str, str]]] = set()
        for (kind, k), hs in sorted((key_names[kid], hs) for kid, hs in keyed.items() if len(hs) > 1):
            if len({catalog_of(h) for h in hs}) < 2:
                continue
            clash = [h for h in hs if any(
                catalog_of(o) != catalog_of(h) and periods_overlap((h.valid_from, h.valid_to), (o.valid_from, o.valid_to))
                for o in hs)]
            if not clash:
                continue
            ident = frozenset((h.item, h.catalog or "") for h in clash)
            if ident in reported:
                continue
            reported.add(ident)
            its = sorted({h.item: by_key[h.item] for h in clash}.values(), key=lambda i: i.key)
            what = f"同一罚则《{k[0]}》{_article_label(k)}" if kind == "art" else f"同名事项“{its[0].name}”"
            srcs = "；".join(sorted({f"{g.catalog_title(catalog_of(h))}（{h.source}，"
                                     f"{_period_text(h.valid_from, h.valid_to)}）" for h in clash}))
            findings.append(_finding(
                g, "township_double_holding",
                f"{_town_name(g, town)}通过两个以上目录持有{what}，期间重叠：{srcs}；"
                f"应明确以哪个目录为准（法定职权无需再赋权），避免重复执法（{ART25}）",
                its, township=_town_name(g, town), township_key=town,
                basis_key=f"{k[0]}/{_article_label(k)}" if kind == "art" else k, match=kind,
                catalogs=sorted({catalog_of(h) for h in clash}), sources=sorted({h.source for h in clash})))



def _county_listed(g: _Graph, items: Sequence[Item]) -> list[Item]:
    """Penalty items no township holds at any time: the department exercises them itself.

    In a township's view these are not among its items; they are found
    through the articles its items cite.
    """
    if g.township is None:
        g.holds()  # reads every HOLDS edge once and notes the items ever held
        return [i for i in items if i.catalog != STATUTORY_CATALOG and i.key not in g.ever_held]
    mine = {i.key for i in items}
    nodes = sorted({n for i in items for lk in i.basis if lk.provision and lk.status == RESOLVED
                    and lk.role != ROLE_VIOLATED for n in [article_node_key(lk.provision)] if n})
    keys = sorted({r[0] for n in nodes for r in g.store.edge_rows("BASIS", (), dst=n)} - mine)
    region = str(g.township.get("region") or "")
    out = []
    for props in g.store.get_many("PenaltyItem", keys).values():
        c = g._item(props)
        if (c.catalog == STATUTORY_CATALOG or c.power_type != POWER_PENALTY or not g._keep(c)
                or not _region_compatible(_scope(g, c), region)):
            continue
        if not g.store.edge_rows("HOLDS", (), dst=c.key):
            out.append(c)
    return sorted(out, key=lambda i: i.key)


def _region_compatible(a: str, b: str) -> bool:
    return not a or not b or related(a, b)


def _town_name(g: _Graph, key: str) -> str:
    return str((g.townships.get(key) or {}).get("name") or key)


def _town_names(g: _Graph, items: Sequence[Item], terr: dict[str, frozenset[str]]) -> list[str]:
    return sorted({_town_name(g, t) for i in items for t in terr.get(i.key, ())})


def _join_limited(names: Sequence[str], n: int = 8) -> str:
    return "、".join(names[:n]) + (f"等{len(names)}个乡镇（街道）" if len(names) > n else "")


def _period_text(start: date | None, end: date | None) -> str:
    return f"{start.isoformat() if start else '未注明'}起" + (f"至{end.isoformat()}" if end else "")


