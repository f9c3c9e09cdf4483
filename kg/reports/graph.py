"""The read model: records read from the graph in a few bulk calls, indexed in memory (``_Graph``)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from kg.graph_build import STATUTORY_CATALOG
from kg.model import ProvisionId
from kg.regions import related
from kg.reports.types import CATEGORY_LABELS, DELEGATED, POWER_PENALTY, RESOLVED, UNCLASSIFIED, ReportFilters
from kg.reports.vocabularies import _norm, department_vocabulary, domain_vocabulary
from kg.store import GraphStore, Props
from kg.validity import live

# --------------------------------------------------------------------------
# Reading the graph
# --------------------------------------------------------------------------


# Records read from the graph: NamedTuples, cheap to build by the hundred thousand.


class Link(NamedTuple):
    """One of an item's basis links (``kg.model.BasisLink``) as stored on the item."""

    role: str
    citation: str
    status: str
    provision: str | None
    reason: str
    score: float | None


class Item(NamedTuple):
    """A catalog item as the reports need it."""

    key: str
    code: str | None
    name: str
    catalog: str
    department: str | None
    domain: str | None
    power_type: str
    scope_note: str | None
    file: str | None
    sheet: str | None
    row: int | None
    basis: tuple[Link, ...]


class Hold(NamedTuple):
    """A HOLDS edge: the township holds the item from ``source`` for a period.

    ``catalog`` is None when the holdings were read without catalogs (``_Graph.holds``).
    """

    township: str
    item: str
    source: str
    catalog: str | None
    valid_from: date | None
    valid_to: date | None


# the properties the reports read (``GraphStore.node_rows`` / ``edge_rows``): nothing else leaves the store
ITEM_FIELDS = ("code", "name", "catalog_key", "department", "domain", "power_type", "scope_note", "file", "sheet",
               "row", "basis")
HOLD_FIELDS = ("source", "catalog", "valid_from", "valid_to")
HOLD_FIELDS_NO_CATALOG = ("source", "valid_from", "valid_to")
BASIS_FIELDS = ("role", "citation", "status", "part", "reason", "score")


ArticleKey = tuple[str, int, int]  # statute key, article, suffix: one article across versions


@lru_cache(maxsize=200_000)
def _pid(text: str) -> ProvisionId | None:
    try:
        return ProvisionId.parse(text)
    except ValueError:
        return None


def article_key(provision: str) -> ArticleKey | None:
    """(statute, article, suffix) of a provision id, whatever its version and parts.

    >>> article_key("城乡规划法@2019-04-23/art_64/para_1")
    ('城乡规划法', 64, 0)
    """
    p = _pid(provision)
    return (p.statute, p.article, p.suffix) if p else None


def article_node_key(provision: str) -> str | None:
    """The graph key of the article a (part) provision id is in."""
    p = _pid(provision)
    return str(p.article_id()) if p else None


def _article_label(key: ArticleKey) -> str:
    return ProvisionId(key[0], None, key[1], key[2]).article_label


@lru_cache(maxsize=4096)
def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_EMPTY_LINKS: tuple[Link, ...] = ()


class _Graph:
    """What one report run has read from the store, loaded on first use."""

    def __init__(self, store: GraphStore, filters: ReportFilters, today: date) -> None:
        self.store = store
        self.filters = filters
        self.day = filters.as_of
        self.today = today
        self.notes: list[str] = []
        self.township: Props | None = None
        self._catalogs: dict[str, Props] | None = None
        self._departments: dict[str, Props] | None = None
        self._townships: dict[str, Props] | None = None
        self._items: list[Item] | None = None
        self._holds: list[Hold] | None = None
        self._holds_catalogs = False  # whether ``_holds`` carries catalogs
        self._holds_read: tuple[tuple[str, ...], Future[list[tuple[Any, ...]]]] | None = None
        self._basis_cache: dict[str, tuple[Link, ...]] = {}
        self._edge_basis: dict[str, tuple[Link, ...]] | None = None
        self._catalog_active: dict[str, bool] = {}
        self._periods: dict[tuple[Any, Any], tuple[date | None, date | None, bool]] = {}
        self._domains: dict[str, str] = {}
        self.ever_held: set[str] = set()  # items some township holds at any time (filled by ``holds``)

    # -- small node sets ---------------------------------------------------------

    @property
    def catalogs(self) -> dict[str, Props]:
        if self._catalogs is None:
            self._catalogs = {c["key"]: c for c in self.store.find("Catalog")}
        return self._catalogs

    @property
    def departments(self) -> dict[str, Props]:
        """Departments by key, with the properties reports show (name)."""
        if self._departments is None:
            self._departments = {k: {"key": k, "name": name} for k, name in self.store.node_rows("Department", ("name",))}
        return self._departments

    @property
    def townships(self) -> dict[str, Props]:
        """Townships by key, with the properties reports use (name, region)."""
        if self._townships is None:
            self._townships = {k: {"key": k, "name": name, "region": region}
                               for k, name, region in self.store.node_rows("Township", ("name", "region"))}
        return self._townships

    def department_name(self, key: str | None) -> str | None:
        if key is None:
            return None
        d = self.departments.get(key)
        return str(d.get("name") or key) if d else key

    def catalog_title(self, key: str | None) -> str | None:
        if key is None:
            return None
        c = self.catalogs.get(key)
        return str(c.get("title") or key) if c else key

    def catalog_period(self, key: str) -> tuple[date | None, date | None]:
        c = self.catalogs.get(key) or {}
        return _day(c.get("effective") or c.get("published")), _day(c.get("valid_to"))

    def catalog_active(self, key: str) -> bool:
        active = self._catalog_active.get(key)
        if active is None:
            start, end = self.catalog_period(key)
            active = self._catalog_active[key] = live(start, end, self.day, self.today)
        return active

    # -- items ---------------------------------------------------------------------

    def _links(self, key: str, raw: Any) -> tuple[Link, ...]:
        if raw is None:  # a graph written without the basis property: fall back on BASIS edges
            return self._basis_from_edges().get(key, _EMPTY_LINKS)
        if isinstance(raw, list) and not raw:
            return _EMPTY_LINKS
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        links = self._basis_cache.get(text)
        if links is None:
            links = tuple(
                Link(str(d.get("role") or ""), str(d.get("citation") or ""), str(d.get("status") or ""),
                     d.get("provision") or None, str(d.get("reason") or ""),
                     float(d["score"]) if d.get("score") is not None else None)
                for d in (json.loads(text) if isinstance(raw, str) else raw)
            )
            self._basis_cache[text] = links
        return links

    def _basis_from_edges(self) -> dict[str, tuple[Link, ...]]:
        if self._edge_basis is None:
            out: dict[str, list[Link]] = defaultdict(list)
            for src, dst, role, citation, status, part, reason, score in self.store.edge_rows("BASIS", BASIS_FIELDS):
                out[src].append(Link(str(role or ""), str(citation or ""), str(status or RESOLVED), part or dst,
                                     str(reason or ""), score))
            self._edge_basis = {k: tuple(v) for k, v in out.items()}
        return self._edge_basis

    def _item(self, p: Props) -> Item:
        return self._item_row((p["key"], *map(p.get, ITEM_FIELDS)))

    def _item_row(self, r: Sequence[Any]) -> Item:
        """An item from its ``ITEM_FIELDS`` row (``node_rows``)."""
        key, code, name, catalog, department, domain, power_type, scope_note, file, sheet, row, basis = r
        return Item(
            key=key, code=code or None, name=str(name or ""), catalog=str(catalog or ""),
            department=department or None, domain=domain or None, power_type=str(power_type or POWER_PENALTY),
            scope_note=scope_note or None, file=file or None, sheet=sheet or None,
            row=int(row) if row is not None else None, basis=self._links(key, basis),
        )

    def items(self) -> list[Item]:
        """Items that pass the filters (catalog in force, region, county, domain, department, township)."""
        if self._items is None:
            if self.township is not None:
                keys = sorted({item for _, item, start, end in self.store.edge_rows(
                    "HOLDS", ("valid_from", "valid_to"), src=self.township["key"]) if self._period(start, end)[2]})
                props = self.store.get_many("PenaltyItem", keys)
                items = [self._item(props[k]) for k in keys if k in props]
            else:
                items = [self._item_row(r) for r in self.store.node_rows("PenaltyItem", ITEM_FIELDS)]
            self._items = [i for i in items if self._keep(i)]
        return self._items

    def _keep(self, item: Item) -> bool:
        f = self.filters
        if not self.catalog_active(item.catalog):
            return False
        cat = self.catalogs.get(item.catalog) or {}
        statutory = item.catalog == STATUTORY_CATALOG
        if f.region and not statutory and not related(cat.get("region"), f.region):
            return False
        if f.county and not statutory and not (f.county in (cat.get("region") or "") or f.county in (cat.get("issuer") or "")):
            return False
        if f.domain and not _domain_matches(item, f.domain):
            return False
        return not f.department or self._department_matches(item.department, f.department)

    @lru_cache(maxsize=4096)  # noqa: B019 - one _Graph per run
    def _department_matches(self, dept_key: str | None, wanted: str) -> bool:
        if dept_key is None:
            return False
        w = _norm(wanted)
        name = _norm(self.department_name(dept_key) or dept_key)
        if w in name or w == _norm(dept_key):
            return True
        vocab = department_vocabulary()
        cw = vocab.canonical(wanted)
        return cw is not None and cw == vocab.canonical(name)

    # -- holdings --------------------------------------------------------------------

    def holds(self, *, catalogs: bool = True) -> list[Hold]:
        """Holdings in the report's period, of items that pass the filters, by townships that pass them.

        Ordered by township (then item), in one ``edge_rows`` read.  Without
        ``catalogs`` the catalog of each holding is not read (``Hold.catalog``
        is None): one property fewer per edge for the server to read.
        """
        if self._holds is None or (catalogs and not self._holds_catalogs):
            self.prefetch_holds(catalogs=catalogs)
            wanted = {i.key for i in self.items()}
            fields = HOLD_FIELDS if catalogs else HOLD_FIELDS_NO_CATALOG
            rows = self._prefetched_holds(fields)
            if rows is None and self.township is not None:
                rows = self.store.edge_rows("HOLDS", fields, src=self.township["key"])
            elif rows is None:
                rows = self.store.edge_rows("HOLDS", fields)
            self.ever_held.update([r[1] for r in rows])
            out: list[Hold] = []
            town_ok: dict[str, bool] = {}
            # the span (source, [catalog,] valid_from, valid_to) -> the Hold fields after the item, or None when
            # out of the period: a catalog's holdings share one, so each is worked out once
            spans: dict[tuple[Any, ...], tuple[Any, ...] | None] = {}
            make = tuple.__new__  # NamedTuple's own __new__ is Python code: half the cost of this loop
            for row in rows:
                town, item = row[0], row[1]
                if item not in wanted:
                    continue
                ok = town_ok.get(town)
                if ok is None:
                    ok = town_ok[town] = self._township_ok(town)
                if not ok:
                    continue
                span = row[2:]
                if span in spans:
                    rest = spans[span]
                else:
                    source, catalog, start, end = span if catalogs else (span[0], None, *span[1:])
                    period = self._period(start, end)
                    rest = spans[span] = (source or DELEGATED, catalog or None, period[0], period[1]) if period[2] else None
                if rest is not None:
                    out.append(make(Hold, (town, item, *rest)))
            self._holds, self._holds_catalogs = out, catalogs
        return self._holds

    def prefetch_holds(self, *, catalogs: bool = True) -> None:
        """Start reading every holding now, in a thread, while the report reads and sorts its items.

        Only for a store whose reads run elsewhere and may run at once (``concurrent_reads``: a
        database server works on this read while this process decodes the others); nothing for
        the embedded store, for a township's view (a few rows) or when the holdings are read.
        """
        if (self.township is not None or self._holds_read is not None
                or (self._holds is not None and (self._holds_catalogs or not catalogs))
                or not getattr(self.store, "concurrent_reads", False)):
            return
        fields = HOLD_FIELDS if catalogs else HOLD_FIELDS_NO_CATALOG
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yiju-report-read")
        self._holds_read = (fields, pool.submit(self.store.edge_rows, "HOLDS", fields))
        pool.shutdown(wait=False)

    def _prefetched_holds(self, fields: tuple[str, ...]) -> list[tuple[Any, ...]] | None:
        """The rows ``prefetch_holds`` read for ``fields`` (its errors raised here), or None."""
        if self._holds_read is None or self._holds_read[0] != fields:
            return None
        future = self._holds_read[1]
        self._holds_read = None
        return future.result()

    def _period(self, start: Any, end: Any) -> tuple[date | None, date | None, bool]:
        """Parsed dates of a period and whether it is in the report's window (memoised: few distinct periods)."""
        got = self._periods.get((start, end))
        if got is None:
            s, e = _day(start), _day(end)
            got = self._periods[(start, end)] = (s, e, live(s, e, self.day, self.today))
        return got

    def domain(self, item: Item) -> str:
        d = self._domains.get(item.key)
        if d is None:
            d = self._domains[item.key] = item_domain(item)
        return d

    def _township_ok(self, key: str) -> bool:
        f = self.filters
        if not (f.region or f.county):
            return True
        region = (self.townships.get(key) or {}).get("region") or ""
        if f.region and region and not related(region, f.region):
            return False
        return not (f.county and region) or f.county in region

    def item_entry(self, item: Item, **extra: Any) -> dict[str, Any]:
        return {
            "key": item.key, "code": item.code, "name": item.name, "catalog": item.catalog,
            "catalog_title": self.catalog_title(item.catalog), "department": self.department_name(item.department),
            "domain": item.domain, "power_type": item.power_type,
            "file": item.file, "sheet": item.sheet, "row": item.row, **extra,
        }


def _domain_matches(item: Item, wanted: str) -> bool:
    if item.domain and (wanted in item.domain or item.domain in wanted):
        return True
    vocab = domain_vocabulary()
    cw = vocab.canonical(wanted) or wanted
    return item_domain(item) == cw


def item_domain(item: Item) -> str:
    """The standard domain of an item: its own domain cell, else its 罚则's statute."""
    vocab = domain_vocabulary()
    if item.domain:
        return vocab.canonical(item.domain) or item.domain
    for link in item.basis:
        if link.provision and link.status == RESOLVED:
            key = article_key(link.provision)
            if key:
                d = vocab.of_statute(key[0])
                if d:
                    return d
    return UNCLASSIFIED


def _finding(g: _Graph, category: str, reason: str, items: Sequence[Item], **extra: Any) -> dict[str, Any]:
    """A finding with the fields every report shares."""
    entries = [g.item_entry(i) for i in items]
    return {
        "category": category,
        "category_label": CATEGORY_LABELS.get(category, category),
        "reason": reason,
        "item_codes": [i.code or i.key for i in items],
        "items": entries,
        "rows": [{"file": i.file, "sheet": i.sheet, "row": i.row} for i in items],
        **extra,
    }


def _excerpt(text: str | None, n: int = 120) -> str:
    if not text:
        return ""
    t = re.sub(r"\s+", " ", text).strip()
    return t if len(t) <= n else t[: n - 1] + "…"


