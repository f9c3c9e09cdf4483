"""Planner reports (规划人员报表) over any ``GraphStore``.

Each report is one function over the store protocol (``find`` / ``get_many``
/ ``node_rows`` / ``edge_rows`` / ``count``), so the embedded and the Neo4j
backend give the same findings.  A report reads what it needs in a few bulk
calls -- items and holdings as projections of only the properties it uses
(``ITEM_FIELDS``, ``HOLD_FIELDS``) -- and works in memory with hash maps;
nothing compares all pairs of a large set.

Reports (``run_report(store, name, filters)``):

- ``unmapped``: items whose legal basis does not resolve, by reason;
- ``ownerless``: items with no competent department or an unknown one;
- ``overlaps``: one 罚则 claimed by several items, near-identical item names,
  a delegated power still listed by the county, a township holding one power
  twice (行政处罚法 art. 25);
- ``gaps``: penalty provisions in force that no catalog item cites;
- ``negative-list``: delegated or entrusted items a negative-list rule says
  should stay with the county;
- ``stale``: items citing an article that a later version changed,
  renumbered or removed;
- ``coverage``: items held per township and domain, by source, with review
  needs; power types per department (管罚分离).

``render_report(result, fmt)`` turns a result into a table, JSON, CSV, XLSX
or PNG.  Findings are plain dicts; every finding carries ``category``,
``reason`` (Chinese), ``item_codes``, ``items`` and ``rows`` (the catalog
rows it comes from: file, sheet, row).
"""

from __future__ import annotations

import csv
import difflib
import gc
import io
import json
import math
import re
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from kg.errors import InvalidInput, NotFound
from kg.graph_build import STATUTORY_CATALOG
from kg.model import AuthoritySource, BasisRole, PowerType, ProvisionId, Resolution
from kg.store import GraphStore, Props

# enum values compared in hot loops, looked up once
RESOLVED = Resolution.RESOLVED.value
SUGGESTED = Resolution.SUGGESTED.value
ROLE_PENALTY = BasisRole.PENALTY.value
ROLE_VIOLATED = BasisRole.VIOLATED.value
POWER_PENALTY = PowerType.PENALTY.value
DELEGATED = AuthoritySource.DELEGATED.value
ENTRUSTED = AuthoritySource.ENTRUSTED.value
HANDED_DOWN = frozenset({DELEGATED, ENTRUSTED})

ONTOLOGIES = Path(__file__).resolve().parents[1] / "ontologies"

ART25 = "《行政处罚法》第二十五条"
ART25_RULE = "两个以上行政机关都有管辖权的，由最先立案的行政机关管辖"
EMPTY_GRAPH = "图谱为空：请先导入法规（yiju ingest laws）和赋权目录（yiju ingest catalog）"
NO_ITEMS = "图谱中没有目录事项：请先导入赋权目录（yiju ingest catalog）"
NO_PROVISIONS = "图谱中没有法规条文：请先导入法规（yiju ingest laws）"
UNCLASSIFIED = "未分类"
TABLE_ROW_LIMIT = 200
COVERAGE_LIST_LIMIT = 10  # coverage cells list a few item codes and rows as examples; counts are complete
NAME_SIMILARITY = 0.9
TEXT_UNCHANGED = 0.95
RENUMBER_MIN = 0.5


# --------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    """What to report on.  Every field is optional; ``None`` means "all".

    ``region``: administrative region prefix (浙江省, 浙江省衢州市); ``county``:
    a county name found in a catalog's region or issuer (柯城区);
    ``township``: a township name or key (must exist); ``domain``: a domain
    (领域) name or alias; ``department``: a department name, key or alias;
    ``as_of``: the day the report looks at (catalogs, holdings and statute
    versions in force that day).  Without ``as_of`` the report looks at what
    is current or still to come (superseded editions and ended holdings are
    left out).
    """

    region: str | None = None
    county: str | None = None
    township: str | None = None
    domain: str | None = None
    department: str | None = None
    as_of: date | None = None


@dataclass
class ReportResult:
    """A report's output.

    ``findings`` is the main table; each finding has a ``category`` (stable
    code) and ``category_label`` (Chinese), so a report's findings group by
    kind (xlsx puts each category on its own sheet).  ``sections`` are extra
    tables (per-statute totals, per-rule totals, department × power type),
    never copies of findings.  ``message`` explains an empty result.
    """

    name: str
    title: str
    filters: ReportFilters
    summary: dict[str, int] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    message: str | None = None
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Vocabularies (ontologies/*.yaml)
# --------------------------------------------------------------------------


def _norm(text: str) -> str:
    """NFKC, no whitespace: the key form of names (as ``ingest.catalogs.normalize_name``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class DepartmentVocabulary:
    names: tuple[str, ...]  # standard names
    aliases: tuple[tuple[str, str], ...]  # (normalised alias or name, standard name), longest first
    domains: dict[str, tuple[str, ...]]

    def canonical(self, name: str | None) -> str | None:
        return _dept_canonical(self, name) if name else None

    def _canonical(self, name: str) -> str | None:
        """The standard name a department cell means, or None.

        >>> v = department_vocabulary()
        >>> v.canonical("深圳市规划和自然资源局龙华管理局"), v.canonical("柯城区市场监管局"), v.canonical("有关部门")
        ('自然资源和规划局', '市场监督管理局', None)
        """
        n = _norm(name)
        for alias, standard in self.aliases:
            if alias in n:
                return standard
        return None

    def all_names(self) -> list[str]:
        return sorted({a for a, _ in self.aliases})


@cache
def department_vocabulary(path: Path = ONTOLOGIES / "departments.yaml") -> DepartmentVocabulary:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    domains: dict[str, tuple[str, ...]] = {}
    names: list[str] = []
    for entry in raw.get("departments", []):
        name = str(entry["name"])
        names.append(name)
        domains[name] = tuple(entry.get("domains") or ())
        for alias in [name, *(entry.get("aliases") or [])]:
            a = _norm(str(alias))
            if len(a) >= 2:
                pairs.append((a, name))
    pairs.sort(key=lambda p: (-len(p[0]), p[0]))
    return DepartmentVocabulary(tuple(names), tuple(pairs), domains)


@dataclass(frozen=True)
class DomainVocabulary:
    names: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...]  # longest first
    statute_keywords: tuple[tuple[str, tuple[str, ...]], ...]  # file order

    def canonical(self, text: str | None) -> str | None:
        return _domain_canonical(self, text) if text else None

    def _canonical(self, text: str) -> str | None:
        """The standard domain a catalog's domain cell means.

        >>> v = domain_vocabulary()
        >>> v.canonical("市容环境卫生"), v.canonical("城乡规划"), v.canonical("其他")
        ('市容环卫', '城乡规划', None)
        """
        n = _norm(text)
        for alias, standard in self.aliases:
            if alias == n:
                return standard
        for alias, standard in self.aliases:
            if alias in n:
                return standard
        return None

    def of_statute(self, title: str) -> str | None:
        """The domain of a statute from its title.

        >>> domain_vocabulary().of_statute("中华人民共和国固体废物污染环境防治法")
        '生态环境'
        """
        t = _norm(title)
        for name, words in self.statute_keywords:
            if any(w in t for w in words):
                return name
        return None


_CANONICAL_CACHE: dict[tuple[int, str], str | None] = {}


def _dept_canonical(vocab: DepartmentVocabulary, name: str) -> str | None:
    key = (id(vocab), name)
    if key not in _CANONICAL_CACHE:
        if len(_CANONICAL_CACHE) > 100_000:
            _CANONICAL_CACHE.clear()
        _CANONICAL_CACHE[key] = vocab._canonical(name)
    return _CANONICAL_CACHE[key]


def _domain_canonical(vocab: DomainVocabulary, text: str) -> str | None:
    key = (id(vocab), "\x00" + text)
    if key not in _CANONICAL_CACHE:
        if len(_CANONICAL_CACHE) > 100_000:
            _CANONICAL_CACHE.clear()
        _CANONICAL_CACHE[key] = vocab._canonical(text)
    return _CANONICAL_CACHE[key]


@cache
def domain_vocabulary(path: Path = ONTOLOGIES / "domains.yaml") -> DomainVocabulary:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    keywords: list[tuple[str, tuple[str, ...]]] = []
    names: list[str] = []
    for entry in raw.get("domains", []):
        name = str(entry["name"])
        names.append(name)
        for alias in [name, *(entry.get("aliases") or [])]:
            a = _norm(str(alias))
            if a:
                pairs.append((a, name))
        keywords.append((name, tuple(_norm(str(w)) for w in entry.get("statute_keywords") or ())))
    pairs.sort(key=lambda p: (-len(p[0]), p[0]))
    return DomainVocabulary(tuple(names), tuple(pairs), tuple(keywords))


@dataclass(frozen=True)
class NegativeRule:
    id: str
    kind: str  # sanction | keyword
    values: tuple[str, ...]
    reason: str
    basis: str
    certain: bool
    note: str = ""


@cache
def negative_rules(path: Path = ONTOLOGIES / "negative_list.yaml") -> tuple[NegativeRule, ...]:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    out = []
    for r in raw.get("rules", []):
        kind = str(r["kind"])
        if kind not in ("sanction", "keyword"):
            raise InvalidInput(f"负面清单规则 {r.get('id')} 的 kind 应为 sanction 或 keyword", code="NEGATIVE_LIST_INVALID")
        values = r.get("sanctions") if kind == "sanction" else r.get("keywords")
        out.append(NegativeRule(str(r["id"]), kind, tuple(str(v) for v in values or ()), str(r["reason"]),
                                str(r.get("basis") or ""), bool(r.get("certain", False)), str(r.get("note") or "")))
    return tuple(out)


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


def _period_active(start: date | None, end: date | None, day: date | None, today: date) -> bool:
    """In force on ``day``; without a day, current or still to come."""
    if day is None:
        return end is None or end > today
    return (start is None or start <= day) and (end is None or day < end)


def _periods_overlap(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    a0, a1 = a[0] or date.min, a[1] or date.max
    b0, b1 = b[0] or date.min, b[1] or date.max
    return a0 < b1 and b0 < a1


def _region_applies(record_region: str | None, wanted: str) -> bool:
    if not record_region:
        return False
    return record_region.startswith(wanted) or wanted.startswith(record_region)


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
            active = self._catalog_active[key] = _period_active(start, end, self.day, self.today)
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
        if f.region and not statutory and not _region_applies(cat.get("region"), f.region):
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
            got = self._periods[(start, end)] = (s, e, _period_active(s, e, self.day, self.today))
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
        if f.region and region and not _region_applies(region, f.region):
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


# --------------------------------------------------------------------------
# Report: unmapped
# --------------------------------------------------------------------------

_UNMAPPED_ORDER = (
    Resolution.STATUTE_NOT_FOUND.value, Resolution.ARTICLE_NOT_FOUND.value, Resolution.NOT_IN_FORCE.value,
    Resolution.AMBIGUOUS.value, Resolution.UNPARSED.value, Resolution.NO_BASIS.value,
)
SUGGESTED_ONLY = "suggested_only"


def report_unmapped(g: _Graph) -> ReportResult:
    """Items whose legal basis does not resolve, one finding per item, grouped by the worst reason.

    Categories (``Resolution`` values): statute_not_found, article_not_found,
    not_in_force, ambiguous, unparsed, no_basis, and ``suggested_only`` (the
    catalog gives no basis; only search suggestions exist).  An item with some
    links resolved and others not is reported too, marked
    ``partially_resolved``.  Suggested provisions (best score first, 罚则
    first) come with their text.
    """
    items = g.items()
    findings: list[dict[str, Any]] = []
    pending: list[tuple[dict[str, Any], list[Link]]] = []
    for item in items:
        links = item.basis
        failing = [lk for lk in links if lk.status in _UNMAPPED_ORDER]
        suggested = [lk for lk in links if lk.status == SUGGESTED]
        resolved = [lk for lk in links if lk.status == RESOLVED]
        if not links:
            category, why = Resolution.NO_BASIS.value, "目录未列出法律依据"
        elif failing:
            first = min(failing, key=lambda lk: _UNMAPPED_ORDER.index(lk.status))
            category = first.status
            why = "；".join(dict.fromkeys(
                f"{ROLE_LABELS.get(lk.role, lk.role)}“{_excerpt(lk.citation, 60) or '（空）'}”：{lk.reason or STATUS_LABELS.get(lk.status, lk.status)}"
                for lk in failing))
        elif suggested and not resolved:
            category, why = SUGGESTED_ONLY, "目录未列出法律依据，仅有检索推荐的条文，需人工确认"
        else:
            continue
        part = "（另有依据已解析）" if resolved else ""
        finding = _finding(
            g, category, f"{CATEGORY_LABELS[category]}{part}：{why}", [item],
            partially_resolved=bool(resolved),
            links=[{"role": lk.role, "citation": lk.citation, "status": lk.status,
                    "status_label": STATUS_LABELS.get(lk.status, lk.status), "reason": lk.reason,
                    "provision_id": lk.provision} for lk in links],
            suggestions=[],
        )
        findings.append(finding)
        if suggested:
            best = sorted(suggested, key=lambda lk: (-(lk.score or 0.0), lk.provision or ""))
            pending.append((finding, [lk for lk in best if lk.role == ROLE_PENALTY][:3] or best[:3]))
    # text of the suggested provisions, in one read
    keys = sorted({k for _, links in pending for lk in links if lk.provision
                   for k in [article_node_key(lk.provision)] if k})
    texts = g.store.get_many("Provision", keys) if keys else {}
    for finding, best_links in pending:
        for lk in best_links:
            node = article_node_key(lk.provision) if lk.provision else None
            props = texts.get(node or "") or {}
            finding["suggestions"].append({
                "provision_id": lk.provision, "citation": lk.citation, "score": lk.score,
                "label": props.get("label"), "text": _excerpt(props.get("text")), "role": lk.role,
            })
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f)))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "findings": len(findings),
               **{c: counts.get(c, 0) for c in (*_UNMAPPED_ORDER, SUGGESTED_ONLY)},
               "partially_resolved": sum(1 for f in findings if f["partially_resolved"])}
    return ReportResult("unmapped", "", g.filters, summary, findings)


def _category_rank(category: str) -> int:
    order = list(CATEGORY_LABELS)
    return order.index(category) if category in order else len(order)


def _first_row_key(f: dict[str, Any]) -> tuple[str, str, int, str]:
    items = f.get("items") or []
    if not items:
        return ("", "", 0, str(f.get("key") or ""))
    i = items[0]
    return (i.get("file") or "", i.get("sheet") or "", i.get("row") or 0, i.get("key") or "")


# --------------------------------------------------------------------------
# Report: ownerless
# --------------------------------------------------------------------------


_PLACE_END = "省市区县州盟旗"


def _closest(name: str, candidates: Sequence[str], n: int = 3, *, cache: dict[str, list[tuple[float, str]]] | None = None
             ) -> list[str]:
    """Known names closest to ``name`` (difflib ratio ≥ 0.5), also trying the name without its place prefix.

    "柯城区城市管里局" is compared as itself and as "城市管里局", "管里局" (the
    parts after 区 / 市 …); each candidate keeps its best score.  ``cache``
    keeps the scores per compared string: the same misspelling recurs with
    every county's prefix.
    """
    target = _norm(name)
    variants = [target] + [target[i + 1:] for i, c in enumerate(target[:-2]) if c in _PLACE_END]
    best: dict[str, float] = {}
    for v in variants:
        scores = cache.get(v) if cache is not None else None
        if scores is None:
            scores = []
            for c in candidates:
                sm = difflib.SequenceMatcher(None, c, v, autojunk=False)
                if sm.real_quick_ratio() >= 0.5 and sm.quick_ratio() >= 0.5:
                    r = sm.ratio()
                    if r >= 0.5:
                        scores.append((round(r, 3), c))
            if cache is not None:
                cache[v] = scores
        for r, c in scores:
            best[c] = max(best.get(c, 0.0), r)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    return [c for c, _ in ranked[:n]]


def _closest_standard(name: str, candidates: Sequence[str], vocab: DepartmentVocabulary, n: int = 3,
                      cache: dict[str, list[tuple[float, str]]] | None = None) -> list[str]:
    """Closest known names, one per standard department, as "alias（standard）"."""
    out: list[str] = []
    seen: set[str] = set()
    for c in _closest(name, candidates, n=n * 4, cache=cache):
        standard = vocab.canonical(c) or c
        if standard in seen:
            continue
        seen.add(standard)
        out.append(c if standard == c else f"{c}（{standard}）")
        if len(out) == n:
            break
    return out


def report_ownerless(g: _Graph) -> ReportResult:
    """Items with no competent department, or one that is not a known department.

    A department name is known when it contains a name or alias of
    ``ontologies/departments.yaml`` ("柯城区市场监管局" → 市场监督管理局) or
    is the issuer of a catalog.  Department nodes are not taken as proof: a
    catalog creates one for whatever its department cell says.  Unknown names
    get the closest vocabulary names (difflib), one per standard department.
    The statutory catalog is left out: the township itself is competent.
    """
    vocab = department_vocabulary()
    issuers = {_norm(str(c.get("issuer"))) for c in g.catalogs.values() if c.get("issuer")}
    # hints come from the vocabulary, not from every place-prefixed department node
    # (those are variants of vocabulary names) nor from issuers (mostly governments)
    candidates = vocab.all_names()
    scores: dict[str, list[tuple[float, str]]] = {}
    verdicts: dict[str, tuple[bool, list[str]]] = {}
    findings = []
    items = [i for i in g.items() if i.catalog != STATUTORY_CATALOG]
    for item in items:
        if item.department is None:
            findings.append(_finding(g, "no_department", "事项未填写主管部门（原实施部门），无法确定由谁审批、监管和执法",
                                     [item], department=None, closest=[]))
            continue
        name = g.department_name(item.department) or item.department
        if name not in verdicts:
            known = vocab.canonical(name) is not None or _norm(name) in issuers
            verdicts[name] = (known, [] if known else _closest_standard(name, candidates, vocab, cache=scores))
        known, close = verdicts[name]
        if known:
            continue
        hint = f"；最接近的已知部门：{'、'.join(close)}" if close else "；没有相近的已知部门"
        findings.append(_finding(
            g, "unknown_department",
            f"主管部门“{name}”不在已知部门名录中（ontologies/departments.yaml 及发布目录的部门）{hint}",
            [item], department=name, closest=close))
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f)))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "findings": len(findings),
               "no_department": counts.get("no_department", 0),
               "unknown_department": counts.get("unknown_department", 0),
               "unknown_department_names": sum(1 for k, v in verdicts.items() if not v[0])}
    return ReportResult("ownerless", "", g.filters, summary, findings)


# --------------------------------------------------------------------------
# Report: overlaps
# --------------------------------------------------------------------------

_NAME_PARENS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NAME_DROP = re.compile(r"[^\w]|_")
_NAME_TAIL = re.compile(r"(?:的)?(?:行政)?处罚$|行为$")


@lru_cache(maxsize=500_000)
def normalize_item_name(name: str) -> str:
    """An item name without punctuation, parentheses and the 对……的处罚 frame.

    >>> normalize_item_name("对未取得建设工程规划许可证进行建设的行政处罚（限于城管职权范围内）")
    '未取得建设工程规划许可证进行建设'
    """
    n = unicodedata.normalize("NFKC", name)
    n = _NAME_PARENS.sub("", n)
    n = _NAME_DROP.sub("", n)
    if n.startswith("对") and len(n) > 3:
        n = n[1:]
    for _ in range(2):
        n = _NAME_TAIL.sub("", n) or n
    return n


def _grams(s: str) -> list[str]:
    if len(s) < 2:
        return [s] if s else []
    return list(dict.fromkeys(s[i:i + 2] for i in range(len(s) - 1)))


def similar_name_pairs(names: Sequence[str], threshold: float = NAME_SIMILARITY) -> list[tuple[int, int, float]]:
    """Pairs (i, j, ratio) of names with difflib ratio ≥ threshold, without comparing all pairs.

    Prefix filtering on character bigrams.  With M matched characters,
    ratio = 2M/(|a|+|b|) ≥ t means the unmatched characters U = |a|+|b|−2M
    are at most (1−t)(|a|+|b|), and |b| ≤ |a|(2−t)/t, so U ≤ 2(1−t)|a|/t.
    A bigram of ``a`` that is missing from ``b`` touches an unmatched
    character of ``a`` or bridges two matching blocks (which needs an
    unmatched character of ``b``), so at most 2U of a's distinct bigrams are
    missing from b.  Ordering bigrams from rare to common, two such names
    share a bigram among the first 2·U_max(a)+1 of a's (and of b's), so
    only names that share a rare bigram are compared.

    >>> similar_name_pairs(["未经批准占用城市道路", "未经批准占用城市道路的", "擅自砍伐树木"])
    [(0, 1, 0.952)]
    """
    grams = [_grams(n) for n in names]
    sets = [frozenset(gs) for gs in grams]
    df: Counter[str] = Counter(g for gs in grams for g in gs)
    index: dict[str, list[int]] = defaultdict(list)
    out: list[tuple[int, int, float]] = []
    slack = 2 * (1 - threshold)
    for i, gs in enumerate(grams):
        la = len(names[i])
        if la == 0:
            continue
        u_max = math.floor(slack * la / threshold + 1e-9)
        prefix = sorted(gs, key=lambda x: (df[x], x))[: 2 * u_max + 1]
        seen: set[int] = set()
        for gram in prefix:
            for j in index[gram]:
                if j in seen:
                    continue
                seen.add(j)
                lb = len(names[j])
                if 2 * min(la, lb) / (la + lb) < threshold:
                    continue
                # count filter: at most 2U bigrams of each name are missing from the other, U ≤ (1−t)(|a|+|b|)
                need = max(len(sets[i]), len(sets[j])) - 2 * math.floor((1 - threshold) * (la + lb) + 1e-9)
                if need > 0 and len(sets[i] & sets[j]) < need:
                    continue
                sm = difflib.SequenceMatcher(None, names[j], names[i], autojunk=False)
                if sm.quick_ratio() < threshold:
                    continue
                r = sm.ratio()
                if r >= threshold:
                    out.append((j, i, round(r, 3)))
            index[gram].append(i)
    out.sort()
    return out


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
    findings: list[dict[str, Any]] = []

    # (a) one 罚则 claimed by several items (other catalogs or departments) in the same territory
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

    # (b) near-identical names in the same territory
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

    # (c) delegated to townships and still listed by the county department
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
                    live = [h for h in holds if _periods_overlap((h.valid_from, h.valid_to), period)]
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

    # (d) one township holding the same power from two catalogs in overlapping periods
    # match keys (罚则 articles, normalised name) as small ints, computed once per (name, articles)
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
                catalog_of(o) != catalog_of(h) and _periods_overlap((h.valid_from, h.valid_to), (o.valid_from, o.valid_to))
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

    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f), f["reason"]))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "findings": len(findings),
               **{c: counts.get(c, 0) for c in ("same_penalty_article", "similar_names",
                                                "delegated_still_at_county", "township_double_holding")}}
    return ReportResult("overlaps", "", g.filters, summary, findings)


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
    return not a or not b or a.startswith(b) or b.startswith(a)


def _town_name(g: _Graph, key: str) -> str:
    return str((g.townships.get(key) or {}).get("name") or key)


def _town_names(g: _Graph, items: Sequence[Item], terr: dict[str, frozenset[str]]) -> list[str]:
    return sorted({_town_name(g, t) for i in items for t in terr.get(i.key, ())})


def _join_limited(names: Sequence[str], n: int = 8) -> str:
    return "、".join(names[:n]) + (f"等{len(names)}个乡镇（街道）" if len(names) > n else "")


def _period_text(start: date | None, end: date | None) -> str:
    return f"{start.isoformat() if start else '未注明'}起" + (f"至{end.isoformat()}" if end else "")


# --------------------------------------------------------------------------
# Report: gaps
# --------------------------------------------------------------------------


def _versions_in_force(g: _Graph) -> tuple[dict[str, Props], dict[str, Props]]:
    """Statutes and their version in force (as_of, else today): statute key -> props, version key -> statute props."""
    statutes = {s["key"]: s for s in g.store.find("Statute")}
    by_statute: dict[str, list[Props]] = defaultdict(list)
    for v in g.store.find("StatuteVersion"):
        by_statute[str(v.get("statute_key"))].append(v)
    day = g.day or g.today
    chosen: dict[str, Props] = {}
    for key, versions in by_statute.items():
        live = [v for v in versions if _period_active(_day(v.get("valid_from") or v.get("version")),
                                                      _day(v.get("valid_to")), day, day)
                and not v.get("repealed")]
        if live:
            best = max(live, key=lambda v: (_day(v.get("valid_from") or v.get("version")) or date.min,
                                            str(v.get("source") or "")))
            if key in statutes:
                chosen[best["key"]] = statutes[key]
    return statutes, chosen


def _scope_regions(g: _Graph) -> list[str] | None:
    """Regions whose local statutes apply: the filter, the township's region, else the catalogs' regions."""
    if g.filters.region:
        return [g.filters.region]
    if g.township is not None and g.township.get("region"):
        return [str(g.township["region"])]
    regions = sorted({str(c["region"]) for c in g.catalogs.values() if c.get("region")})
    if g.filters.county:
        regions = [r for r in regions if g.filters.county in r]
    return regions or None


def report_gaps(g: _Graph) -> ReportResult:
    """Penalty provisions in force that no catalog item cites.

    The version of each statute in force on ``as_of`` (else today) is taken;
    national statutes always count, local ones when their region covers the
    region asked for (the filter, the township's region, else the regions of
    the catalogs).  A provision is covered when an item (among those passing
    the filters) has a resolved link to any version of the same article
    (statute, number, suffix).  Findings are grouped by domain (statute title
    → ``ontologies/domains.yaml``) and statute; ``sections["按法规汇总"]`` has
    the totals per statute.
    """
    _, in_force = _versions_in_force(g)
    regions = _scope_regions(g)
    vocab = domain_vocabulary()
    wanted_domain = (vocab.canonical(g.filters.domain) or g.filters.domain) if g.filters.domain else None
    dept_domains: set[str] | None = None
    if g.filters.department:
        d = department_vocabulary().canonical(g.filters.department)
        dept_domains = set(department_vocabulary().domains.get(d, ())) if d else set()
        if not dept_domains:
            g.notes.append(f"部门“{g.filters.department}”在部门名录中没有对应领域，空白条文无法按部门筛选")

    def applies(statute: Props) -> bool:
        region = statute.get("region")
        if not region:
            return True
        return regions is None or any(_region_applies(str(region), r) for r in regions)

    domain_of: dict[str, str] = {}
    versions = {}
    for vkey, statute in in_force.items():
        if not applies(statute):
            continue
        dom = vocab.of_statute(str(statute.get("title") or statute["key"])) or UNCLASSIFIED
        if wanted_domain and dom != wanted_domain:
            continue
        if dept_domains is not None and dom not in dept_domains:
            continue
        domain_of[str(statute["key"])] = dom
        versions[vkey] = statute
    covered: set[ArticleKey] = set()
    for item in g.items():
        for lk in item.basis:
            if lk.provision and lk.status == RESOLVED:
                k = article_key(lk.provision)
                if k:
                    covered.add(k)
    findings: list[dict[str, Any]] = []
    per_statute: dict[str, dict[str, Any]] = {}
    for p in g.store.find("Provision", is_penalty=True) if versions else []:
        pvkey = str(p.get("version_key"))
        if pvkey not in versions:
            continue
        statute = versions[pvkey]
        skey = str(statute["key"])
        art: ArticleKey = (skey, int(p.get("article") or 0), int(p.get("suffix") or 0))
        row = per_statute.setdefault(skey, {
            "statute": skey, "title": statute.get("title"), "level": statute.get("level"),
            "region": statute.get("region"), "domain": domain_of[skey], "version": pvkey,
            "penalty_provisions": 0, "uncovered": 0, "covered": 0})
        row["penalty_provisions"] += 1
        if art in covered:
            row["covered"] += 1
            continue
        row["uncovered"] += 1
        sanctions = _sanction_kinds(p.get("sanctions"))
        label = str(p.get("label") or _article_label(art))
        body = p.get("competent_body")
        findings.append({
            "category": "uncovered_penalty_provision",
            "category_label": CATEGORY_LABELS["uncovered_penalty_provision"],
            "reason": (f"《{statute.get('title') or skey}》{label}是罚则（可处{'、'.join(sanctions) or '处罚'}），"
                       f"现行版本中未被任何目录事项引用" + (f"；由{body}实施" if body else "")
                       + ("；条文直接规定由乡、镇人民政府实施（法定职权）" if p.get("township_competent") else "")),
            "item_codes": [], "items": [], "rows": [],
            "statute": skey, "statute_title": statute.get("title"), "level": statute.get("level"),
            "region": statute.get("region"), "domain": domain_of[skey], "provision_id": p["key"],
            "article": label, "sanctions": sanctions, "competent_body": body,
            "township_competent": bool(p.get("township_competent")), "text": _excerpt(p.get("text"), 200),
            "_sort": (_domain_rank(domain_of[skey]), skey, art[1], art[2]),
        })
    findings.sort(key=lambda f: f.pop("_sort"))
    statute_rows = sorted(per_statute.values(), key=lambda r: (_domain_rank(r["domain"]), -r["uncovered"], r["statute"]))
    summary = {"statutes_in_force": len(versions),
               "penalty_provisions": sum(r["penalty_provisions"] for r in statute_rows),
               "covered": sum(r["covered"] for r in statute_rows), "findings": len(findings),
               "domains": len({f["domain"] for f in findings})}
    return ReportResult("gaps", "", g.filters, summary, findings, {"按法规汇总": statute_rows})


def _domain_rank(domain: str) -> tuple[int, str]:
    names = domain_vocabulary().names
    return (names.index(domain) if domain in names else len(names), domain)


def _sanction_kinds(raw: Any) -> list[str]:
    if not raw:
        return []
    data = json.loads(raw) if isinstance(raw, str) else raw
    return list(dict.fromkeys(str(s.get("kind")) for s in data if isinstance(s, dict) and s.get("kind")))


# --------------------------------------------------------------------------
# Report: negative list
# --------------------------------------------------------------------------

_SANCTION_WORDS: dict[str, tuple[str, ...]] = {
    "吊销许可证件": ("吊销",),
    "责令停产停业": ("停产停业", "责令停业"),
    "责令关闭": ("责令关闭",),
    "降低资质等级": ("降低资质",),
    "限制从业": ("限制从业",),
    "行政拘留": ("拘留",),
    "限制开展生产经营活动": ("限制开展生产经营活动",),
}


def _negative_matches(item: Item, rules: Sequence[NegativeRule], words_of: dict[str, tuple[tuple[str, str], ...]],
                      kinds: set[str], titles: dict[str, str]) -> tuple[list[tuple[NegativeRule, str]], list[str], list[str]]:
    """Rules an item matches, with the evidence; also its sanction kinds and cited statute titles."""
    cited = sorted({titles.get(k[0], k[0]) for lk in item.basis if lk.provision
                    for k in [article_key(lk.provision)] if k})
    name = _norm(item.name)
    hay = name + "|" + "|".join(_norm(t) for t in cited)
    matched: list[tuple[NegativeRule, str]] = []
    for rule in rules:
        if rule.kind == "sanction":
            hit = [v for v in rule.values if v in kinds]
            if hit:
                matched.append((rule, f"罚则可处{'、'.join(hit)}"))
                continue
            words = [w for v in rule.values for w in _SANCTION_WORDS.get(v, (v,)) if w in item.name]
            if words:
                matched.append((rule, f"事项名称含“{words[0]}”"))
        else:
            found = [(v, nv) for v, nv in words_of[rule.id] if nv in hay]
            if found:
                where = "事项名称" if any(nv in name for _, nv in found) else "所引法规名称"
                matched.append((rule, f"{where}含“{'、'.join(v for v, _ in found)}”"))
    return matched, sorted(kinds), cited


def report_negative_list(g: _Graph) -> ReportResult:
    """Items held by a township through 赋权 or 委托 that a negative-list rule covers.

    Rules (``ontologies/negative_list.yaml``) match the sanction kinds of the
    item's resolved 罚则 / 设定依据 provisions (or the sanction words in its
    name), or keywords in its name and in the titles of the statutes it
    cites.  Category ``certain`` when at least one matching rule follows from
    the statute text, else ``uncertain`` (to be checked).
    """
    rules = negative_rules()
    delegated: dict[str, list[Hold]] = defaultdict(list)
    for h in g.holds(catalogs=False):
        if h.source in HANDED_DOWN:
            delegated[h.item].append(h)
    items = [i for i in g.items() if i.key in delegated]
    nodes_of: dict[str, list[str]] = {}
    for item in items:
        nodes_of[item.key] = [n for lk in item.basis if lk.provision and lk.status == RESOLVED
                              and lk.role != ROLE_VIOLATED
                              for n in [article_node_key(lk.provision)] if n]
    wanted = sorted({n for ns in nodes_of.values() for n in ns})
    provisions = g.store.get_many("Provision", wanted) if wanted else {}
    kinds_of_node = {k: _sanction_kinds(p.get("sanctions")) for k, p in provisions.items()}
    statute_keys = sorted({k[0] for item in items for lk in item.basis if lk.provision
                           for k in [article_key(lk.provision)] if k})
    titles = {k: str(p.get("title") or k) for k, p in g.store.get_many("Statute", statute_keys).items()}
    findings = []
    per_rule: Counter[str] = Counter()
    words_of = {r.id: tuple((v, _norm(v)) for v in r.values) for r in rules}
    memo: dict[tuple[str, tuple[Link, ...]], tuple[list[tuple[NegativeRule, str]], list[str], list[str]]] = {}
    for item in items:
        # the same template recurs in many catalogs: match each (name, basis) once
        got = memo.get((item.name, item.basis))
        if got is None:
            got = memo[(item.name, item.basis)] = _negative_matches(
                item, rules, words_of, {k for n in nodes_of[item.key] for k in kinds_of_node.get(n, ())}, titles)
        matched, kinds_list, cited = got
        if not matched:
            continue
        holds = delegated[item.key]
        towns = sorted({_town_name(g, h.township) for h in holds})
        sources = sorted({h.source for h in holds})
        why = "；".join(f"[{r.id}{'' if r.certain else '，待核实'}] {r.reason}（{ev}；依据：{r.basis}）"
                        for r, ev in matched)
        for r, _ in matched:
            per_rule[r.id] += 1
        findings.append(_finding(
            g, "certain" if any(r.certain for r, _ in matched) else "uncertain",
            f"{'、'.join(sources)}给{_join_limited(towns)}的事项命中负面清单：{why}",
            [item], rules=[{"id": r.id, "reason": r.reason, "basis": r.basis, "certain": r.certain,
                            "note": r.note, "evidence": ev} for r, ev in matched],
            rule_ids=[r.id for r, _ in matched], townships=towns, sources=sources, sanctions=kinds_list,
            statutes=cited))
    findings.sort(key=lambda f: (_category_rank(f["category"]), _first_row_key(f)))
    rule_rows = [{"id": r.id, "kind": "处罚种类" if r.kind == "sanction" else "关键词", "match": "、".join(r.values),
                  "reason": r.reason, "basis": r.basis, "certain": "确定" if r.certain else "待核实",
                  "note": r.note, "items": per_rule.get(r.id, 0)} for r in rules]
    summary = {"delegated_items": len(items), "findings": len(findings),
               "certain": sum(1 for f in findings if f["category"] == "certain"),
               "uncertain": sum(1 for f in findings if f["category"] == "uncertain"),
               "rules": len(rules)}
    return ReportResult("negative-list", "", g.filters, summary, findings, {"按规则汇总": rule_rows})


# --------------------------------------------------------------------------
# Report: stale
# --------------------------------------------------------------------------

_LABEL_RE = re.compile(r"^\s*第[零〇一二三四五六七八九十百千两\d]+条(?:之[一二三四五六七八九十]+)?\s*")
_TEXT_DROP = re.compile(r"[\s\u3000，,。.、；;：:“”\"'‘’（）()《》【】\[\]!！?？]")


def normalize_article_text(text: str) -> str:
    """Article text for comparison: no label, whitespace or punctuation.

    >>> normalize_article_text("第六十四条 未取得建设工程规划许可证的，\\n处罚款。")
    '未取得建设工程规划许可证的处罚款'
    """
    return _TEXT_DROP.sub("", _LABEL_RE.sub("", unicodedata.normalize("NFKC", text or "")))


def text_similarity(a: str, b: str) -> float:
    """difflib ratio of two normalised article texts."""
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


class _ArticleIndex:
    """Articles of one statute version, and where an old article went.

    Candidates are ranked by the cosine of their character-bigram sets
    (through an inverted index, built on first use), then the best are
    re-scored with :func:`text_similarity` so that every similarity shown is
    the same measure.
    """

    def __init__(self, rows: Sequence[Props]) -> None:
        self.rows = sorted(rows, key=lambda r: (int(r.get("article") or 0), int(r.get("suffix") or 0)))
        self.by_number = {(int(r.get("article") or 0), int(r.get("suffix") or 0)): i for i, r in enumerate(self.rows)}
        self.texts = [normalize_article_text(str(r.get("text") or "")) for r in self.rows]
        self._postings: dict[str, list[int]] | None = None
        self._sizes: list[int] = []

    def same_number(self, article: int, suffix: int) -> tuple[Props, str] | None:
        i = self.by_number.get((article, suffix))
        return (self.rows[i], self.texts[i]) if i is not None else None

    def best(self, text: str, n: int = 3) -> list[tuple[float, int]]:
        if self._postings is None:
            self._postings = defaultdict(list)
            for i, t in enumerate(self.texts):
                gs = _grams(t)
                self._sizes.append(len(gs))
                for gram in gs:
                    self._postings[gram].append(i)
        query = _grams(text)
        shared: Counter[int] = Counter()
        for gram in query:
            shared.update(self._postings.get(gram, ()))
        norm = math.sqrt(len(query)) or 1.0
        top = sorted(((c / (norm * (math.sqrt(self._sizes[i]) or 1.0)), i) for i, c in shared.items()),
                     key=lambda s: (-s[0], s[1]))[:n]
        rescored = [(round(text_similarity(text, self.texts[i]), 3), i) for _, i in top]
        rescored.sort(key=lambda s: (-s[0], s[1]))
        return rescored


def report_stale(g: _Graph) -> ReportResult:
    """Items citing an article that a later version changed, renumbered or removed.

    Each cited article (with its version) is compared with the version in
    force on ``as_of`` (else the latest): the same-numbered article's text
    (normalised, difflib ratio < 0.95 means changed) and, through a
    character-bigram index of the later version, the article the old text
    most resembles.  Categories: ``amended`` (same number, new text),
    ``renumbered`` (another article matches better, ratio ≥ 0.5),
    ``removed``, ``statute_repealed``.  One finding per cited article, with
    every item citing it, the old and new texts and the candidates.
    """
    items = g.items()
    citing: dict[str, list[Item]] = defaultdict(list)  # cited article (with its version) -> items
    cited: dict[str, ProvisionId] = {}
    memo: dict[tuple[Link, ...], list[str]] = {}  # catalogs repeat the same basis
    for item in items:
        nodes = memo.get(item.basis)
        if nodes is None:
            nodes = memo[item.basis] = []
            for lk in item.basis:
                if lk.provision and lk.status == RESOLVED:
                    pid = _pid(lk.provision)
                    if pid is None or pid.version is None:
                        continue
                    node = str(pid.article_id())
                    if node not in nodes:
                        nodes.append(node)
                        cited[node] = pid.article_id()
        for node in nodes:
            citing[node].append(item)
    statute_keys = sorted({pid.statute for pid in cited.values()})
    versions: dict[str, list[Props]] = defaultdict(list)
    wanted_statutes = set(statute_keys)
    for v in g.store.find("StatuteVersion"):
        if v.get("statute_key") in wanted_statutes:
            versions[str(v["statute_key"])].append(v)
    titles = {k: str(p.get("title") or k) for k, p in g.store.get_many("Statute", statute_keys).items()}
    target: dict[str, Props | None] = {}
    for key, vs in versions.items():
        target[key] = _target_version(vs, g.day)
    old_props = g.store.get_many("Provision", sorted(citing))
    indexes: dict[str, _ArticleIndex] = {}
    findings = []
    for node in sorted(citing):
        pid = cited[node]
        tv = target.get(pid.statute)
        if tv is None or _day(tv.get("version")) == pid.version:
            continue
        old = old_props.get(node)
        if old is None:
            continue
        old_version = next((v for v in versions[pid.statute] if _day(v.get("version")) == pid.version), None)
        if old_version is not None and (_day(old_version.get("valid_from") or old_version.get("version")) or date.min) >= (
                _day(tv.get("valid_from") or tv.get("version")) or date.min):
            continue  # the cited version is not older than the one we compare with
        tkey = str(tv["key"])
        if tkey not in indexes:
            indexes[tkey] = _ArticleIndex(g.store.find("Provision", version_key=tkey))
        idx = indexes[tkey]
        old_text = normalize_article_text(str(old.get("text") or ""))
        found = idx.same_number(pid.article, pid.suffix)
        same = found[0] if found else None
        same_sim = text_similarity(old_text, found[1]) if found else 0.0
        title = titles.get(pid.statute, pid.statute)
        label = pid.article_label
        new_label = f"《{title}》（{tv.get('version') or tkey}版）"
        if tv.get("repealed"):
            category, why = "statute_repealed", f"{new_label}已废止"
            cands: list[tuple[float, int]] = []
        else:
            if same is not None and same_sim >= TEXT_UNCHANGED:
                continue
            cands = idx.best(old_text)
            best = cands[0] if cands else None
            best_row = idx.rows[best[1]] if best else None
            best_is_same = best_row is not None and same is not None and best_row["key"] == same["key"]
            if best and best[0] >= RENUMBER_MIN and not best_is_same and best[0] > same_sim:
                category = "renumbered"
                why = (f"{new_label}中同号条文{'内容已不同' if same else '不存在'}（相似度{same_sim:.2f}），"
                       f"原条文内容最接近{best_row.get('label') if best_row else ''}（相似度{best[0]:.2f}），疑似条文序号调整")
            elif same is not None:
                category = "amended"
                why = f"{new_label}中{label}内容已修改（相似度{same_sim:.2f}，低于{TEXT_UNCHANGED}）"
            else:
                category = "removed"
                why = f"{new_label}中已无{label}，也没有内容相近的条文"
        cand_rows = [{"provision_id": idx.rows[i]["key"], "article": idx.rows[i].get("label"), "similarity": s,
                      "text": _excerpt(idx.rows[i].get("text"), 300)} for s, i in cands]
        best_cand = cand_rows[0] if cand_rows and category == "renumbered" else None
        findings.append(_finding(
            g, category,
            f"事项引用的《{title}》（{pid.version}版）{label}：{why}；请按现行版本核对并更新依据",
            citing[node], statute=pid.statute, statute_title=title, cited_provision=node, cited_version=str(pid.version),
            current_version=str(tv.get("version") or tkey), article=label,
            old_text=str(old.get("text") or ""), new_text=str(same.get("text") or "") if same else None,
            new_provision=same["key"] if same else None, same_number_similarity=round(same_sim, 3),
            candidate=best_cand, candidates=cand_rows,
        ))
    findings.sort(key=lambda f: (_category_rank(f["category"]), f["cited_provision"]))
    counts = Counter(f["category"] for f in findings)
    summary = {"items_checked": len(items), "cited_articles": len(citing), "findings": len(findings),
               "items_affected": len({k for f in findings for k in (i["key"] for i in f["items"])}),
               **{c: counts.get(c, 0) for c in ("amended", "renumbered", "removed", "statute_repealed")}}
    return ReportResult("stale", "", g.filters, summary, findings)


def _target_version(versions: Sequence[Props], day: date | None) -> Props | None:
    """The version to compare with: in force on ``day``, else the latest."""
    def start(v: Props) -> date:
        return _day(v.get("valid_from") or v.get("version")) or date.min

    if day is None:
        return max(versions, key=lambda v: (start(v), str(v.get("source") or ""))) if versions else None
    live = [v for v in versions if _period_active(start(v), _day(v.get("valid_to")), day, day)]
    return max(live, key=start) if live else None


# --------------------------------------------------------------------------
# Report: coverage
# --------------------------------------------------------------------------

POWER_GROUPS = {
    PowerType.LICENSING.value: "审批", PowerType.INSPECTION.value: "监管", POWER_PENALTY: "执法",
    PowerType.COERCION.value: "执法", PowerType.COOPERATION.value: "配合", PowerType.OTHER.value: "其他",
}


def report_coverage(g: _Graph) -> ReportResult:
    """Powers held per township and domain, by source, with review needs; power types per department.

    One finding per (township, domain): distinct items held in the period,
    how many by 法定 / 赋权 / 委托, how many need 法制审核 or may need 听证
    (REQUIRES edges); ``item_codes`` and ``rows`` list the first
    ``COVERAGE_LIST_LIMIT`` items as examples.  ``sections["部门职权类型"]``
    counts items per department and power type (审批 / 监管 / 执法 / 配合).
    """
    g.prefetch_holds(catalogs=False)  # read beside the items (on a database server)
    items = g.items()
    by_key = {i.key: i for i in items}
    review = {r[0] for r in g.store.edge_rows("REQUIRES", (), dst="法制审核")}
    hearing = {r[0] for r in g.store.edge_rows("REQUIRES", (), dst="听证")}
    bits = {source.value: 1 << n for n, source in enumerate(AuthoritySource)}
    domain_of = {i.key: g.domain(i) for i in items}
    # (township, domain) -> item -> the sources it is held by, as bits
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for h in g.holds(catalogs=False):
        dom = domain_of.get(h.item)
        if dom is None:
            continue
        cell = cells[(h.township, dom)]
        cell[h.item] = cell.get(h.item, 0) | bits.get(h.source, 0)
    findings = []
    names = {t: _town_name(g, t) for t, _ in cells}
    # the example items of a cell are its first by (catalog, row, key): rank every item once
    rank = {i.key: n for n, i in enumerate(sorted(items, key=lambda i: (i.catalog, i.row or 0, i.key)))}
    for (town, dom), held_bits in sorted(cells.items(), key=lambda kv: (names[kv[0][0]], kv[0][0], kv[0][1])):
        listed = [by_key[k] for k in sorted(held_bits, key=rank.__getitem__)[:COVERAGE_LIST_LIMIT]]
        n_review = len(review.intersection(held_bits))
        n_hearing = len(hearing.intersection(held_bits))
        by_bits: Counter[int] = Counter(held_bits.values())
        counts = {source: sum(n for b, n in by_bits.items() if b & bit) for source, bit in bits.items()}
        findings.append({
            "category": "township_domain", "category_label": CATEGORY_LABELS["township_domain"],
            "reason": (f"{names[town]}在“{dom}”领域持有{len(held_bits)}项职权（法定{counts['法定']}、赋权{counts['赋权']}、"
                       f"委托{counts['委托']}），其中需法制审核{n_review}项、可能需听证{n_hearing}项"),
            "item_codes": [i.code or i.key for i in listed],
            "rows": [{"file": i.file, "sheet": i.sheet, "row": i.row} for i in listed],
            "township": names[town], "township_key": town, "region": (g.townships.get(town) or {}).get("region"),
            "domain": dom, "held": len(held_bits), "statutory": counts["法定"], "delegated": counts["赋权"],
            "entrusted": counts["委托"], "legal_review": n_review, "hearing": n_hearing,
            "listed_truncated": len(held_bits) > len(listed),
        })
    vocab = department_vocabulary()
    per_dept: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        if item.catalog == STATUTORY_CATALOG:
            continue
        raw = g.department_name(item.department) or "（未填写）"
        per_dept[raw][POWER_GROUPS.get(item.power_type, "其他")] += 1
    dept_rows = [{"department": d, "standard_name": vocab.canonical(d), **{k: c.get(k, 0) for k in
                  ("审批", "监管", "执法", "配合", "其他")}, "total": sum(c.values())}
                 for d, c in sorted(per_dept.items())]
    towns = {f["township_key"] for f in findings}
    summary = {"townships": len(towns), "domains": len({f["domain"] for f in findings}),
               "holdings": len(g.holds(catalogs=False)), "items": len(items), "findings": len(findings),
               "legal_review_items": len(review & set(by_key)), "hearing_items": len(hearing & set(by_key))}
    return ReportResult("coverage", "", g.filters, summary, findings, {"部门职权类型": dept_rows})


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

ReportFn = Callable[[_Graph], ReportResult]

REPORTS: dict[str, tuple[str, ReportFn]] = {
    "unmapped": ("依据未解析事项", report_unmapped),
    "ownerless": ("无主管部门事项", report_ownerless),
    "overlaps": ("职权重叠", report_overlaps),
    "gaps": ("罚则空白（无事项覆盖的罚则条文）", report_gaps),
    "negative-list": ("负面清单事项（不宜赋权）", report_negative_list),
    "stale": ("依据过时（条文已修改、调整序号或废止）", report_stale),
    "coverage": ("乡镇职权覆盖情况", report_coverage),
}
_ALIASES = {"negative_list": "negative-list", "negativelist": "negative-list", "负面清单": "negative-list",
            "未解析": "unmapped", "无主": "ownerless", "重叠": "overlaps", "空白": "gaps", "过时": "stale",
            "覆盖": "coverage"}
_NEEDS = {"gaps": "provisions"}

CATEGORY_LABELS: dict[str, str] = {
    Resolution.STATUTE_NOT_FOUND.value: "法规未找到",
    Resolution.ARTICLE_NOT_FOUND.value: "条文未找到",
    Resolution.NOT_IN_FORCE.value: "法规不在施行期",
    Resolution.AMBIGUOUS.value: "法规名称有歧义",
    Resolution.UNPARSED.value: "依据无法识别",
    Resolution.NO_BASIS.value: "未列法律依据",
    SUGGESTED_ONLY: "仅有推荐条文",
    "no_department": "无主管部门",
    "unknown_department": "部门名称未知",
    "same_penalty_article": "同一罚则多个事项",
    "similar_names": "事项名称相同或相近",
    "delegated_still_at_county": "已赋权仍由县级部门列管",
    "township_double_holding": "乡镇重复持有",
    "uncovered_penalty_provision": "无事项覆盖的罚则",
    "certain": "命中负面清单",
    "uncertain": "命中负面清单（待核实）",
    "amended": "条文已修改",
    "renumbered": "条文序号调整",
    "removed": "条文已删除",
    "statute_repealed": "法规已废止",
    "township_domain": "乡镇×领域",
}
STATUS_LABELS = {**{k: v for k, v in CATEGORY_LABELS.items() if k in {r.value for r in Resolution}},
                 RESOLVED: "已解析", SUGGESTED: "推荐"}
ROLE_LABELS = {r.value: r.value for r in BasisRole}

SUMMARY_LABELS: dict[str, str] = {
    "items_checked": "检查事项数", "findings": "发现数", "partially_resolved": "部分依据已解析",
    "unknown_department_names": "未知部门名称数", "statutes_in_force": "现行法规数", "penalty_provisions": "罚则条文数",
    "covered": "已覆盖罚则", "domains": "领域数", "delegated_items": "赋权（委托）事项数", "rules": "规则数",
    "cited_articles": "被引条文数", "items_affected": "受影响事项数", "townships": "乡镇（街道）数",
    "holdings": "承接关系数", "items": "事项数", "legal_review_items": "需法制审核事项", "hearing_items": "可能需听证事项",
    **CATEGORY_LABELS,
}


def report_names() -> list[str]:
    return list(REPORTS)


def _resolve_name(name: str) -> str:
    key = (name or "").strip().lower().replace("_", "-")
    key = _ALIASES.get(key, _ALIASES.get(name.strip(), key))
    if key not in REPORTS:
        valid = "、".join(f"{k}（{t.split('（')[0]}）" for k, (t, _) in REPORTS.items())
        raise NotFound(f"没有名为“{name[:40]}”的报表，可用的报表：{valid}", code="REPORT_NOT_FOUND",
                       valid=list(REPORTS))
    return key


def _earliest_date(store: GraphStore) -> date | None:
    days = []
    for c in store.find("Catalog"):
        d = _day(c.get("effective") or c.get("published"))
        if d:
            days.append(d)
    for v in store.find("StatuteVersion"):
        d = _day(v.get("valid_from") or v.get("version"))
        if d:
            days.append(d)
    return min(days) if days else None


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report runs.

    A report allocates hundreds of thousands of small records; each
    allocation burst triggers collections that walk every object of the
    process (an embedded graph is millions of them), which cost more than
    the report itself.  Reports create no reference cycles worth collecting
    mid-run; the collector is restored (and catches up) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_report(store: GraphStore, name: str, filters: ReportFilters | None = None,
               *, today: date | None = None) -> ReportResult:
    """Run one report over any store.

    Raises ``NotFound`` (REPORT_NOT_FOUND, TOWNSHIP_NOT_FOUND) for an unknown
    report or township; an empty graph or a date before all data gives an
    empty result with a ``message``.
    """
    key = _resolve_name(name)
    title, fn = REPORTS[key]
    filters = filters or ReportFilters()
    if isinstance(filters.as_of, str):  # tolerate ISO strings from loose callers
        from kg.queries import parse_day

        filters = ReportFilters(**{**asdict(filters), "as_of": parse_day(filters.as_of, "as_of")})
    empty = ReportResult(key, title, filters)
    items, provisions = store.count("PenaltyItem"), store.count("Provision")
    if items == 0 and provisions == 0:
        empty.message = EMPTY_GRAPH
        return empty
    if _NEEDS.get(key) == "provisions" and provisions == 0:
        empty.message = NO_PROVISIONS
        return empty
    if _NEEDS.get(key) != "provisions" and items == 0:
        empty.message = NO_ITEMS
        return empty
    g = _Graph(store, filters, today or date.today())
    if filters.township:
        from kg.queries import find_township

        g.township = find_township(store, filters.township)
    if filters.as_of is not None:
        first = _earliest_date(store)
        if first is not None and filters.as_of < first:
            empty.message = f"该日期（{filters.as_of.isoformat()}）早于所有数据（最早为 {first.isoformat()}），没有可报告的内容"
            return empty
    with _no_gc_pauses():
        result = fn(g)
    result.name, result.title, result.filters = key, title, filters
    result.notes.extend(g.notes)
    if g.township is not None:
        result.notes.append(f"乡镇：{g.township.get('name')}（{g.township['key']}）")
    if not result.findings and result.message is None:
        if key != "gaps" and g._items is not None and not g._items:
            when = f"在 {filters.as_of.isoformat()} " if filters.as_of else ""
            result.message = f"{when}没有符合筛选条件的目录事项（生效的目录、地区、领域、部门或乡镇）"
        else:
            result.message = "未发现问题" if key != "coverage" else "没有符合条件的承接关系"
    return result


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

Column = tuple[str, Callable[[dict[str, Any], dict[str, Any] | None], Any]]


def _f(key: str) -> Callable[[dict[str, Any], dict[str, Any] | None], Any]:
    return lambda finding, item: _cell(finding.get(key))


def _i(key: str) -> Callable[[dict[str, Any], dict[str, Any] | None], Any]:
    return lambda finding, item: _cell(item.get(key)) if item else None


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "；".join(_cell_text(v) for v in value)
    if isinstance(value, dict):
        return _cell_text(value)
    return value


def _cell_text(v: Any) -> str:
    if isinstance(v, dict):
        if "file" in v and "row" in v:
            return _row_text(v)
        if "similarity" in v:
            return f"{v.get('article')}（{v.get('similarity')}）"
        if "score" in v:
            return f"{v.get('label') or v.get('provision_id')}（{v.get('score')}）"
        if "id" in v:
            return str(v["id"])
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _row_text(r: dict[str, Any]) -> str:
    parts = [str(r.get("file") or "")]
    if r.get("sheet"):
        parts.append(f"「{r['sheet']}」")
    if r.get("row") is not None:
        parts.append(f"第{r['row']}行")
    return "".join(parts)


_ITEM_COLUMNS: list[Column] = [
    ("事项编码", lambda f, i: (i.get("code") or i.get("key")) if i else None),
    ("事项名称", _i("name")), ("目录", _i("catalog_title")), ("部门", _i("department")), ("领域", _i("domain")),
    ("来源文件", _i("file")), ("工作表", _i("sheet")), ("行号", _i("row")),
]
_HEAD: list[Column] = [("序号", _f("_n")), ("类别", _f("category_label"))]

COLUMNS: dict[str, list[Column]] = {
    "unmapped": [*_HEAD, *_ITEM_COLUMNS, ("原因", _f("reason")),
                 ("依据", lambda f, i: "；".join(f"{lk['role']}：{lk['citation']}（{lk['status_label']}）"
                                              for lk in f.get("links", []))),
                 ("推荐条文", _f("suggestions"))],
    "ownerless": [*_HEAD, *_ITEM_COLUMNS, ("填写的部门", _f("department")), ("最接近的已知部门", _f("closest")),
                  ("原因", _f("reason"))],
    "overlaps": [*_HEAD, *_ITEM_COLUMNS, ("罚则", _f("article")), ("乡镇", _f("township")),
                 ("涉及乡镇", _f("townships")), ("原因", _f("reason"))],
    "gaps": [*_HEAD, ("领域", _f("domain")), ("法规", _f("statute_title")), ("效力级别", _f("level")),
             ("地区", _f("region")), ("条文", _f("article")), ("处罚种类", _f("sanctions")),
             ("实施主体", _f("competent_body")), ("乡镇法定职权", _f("township_competent")), ("条文摘录", _f("text")),
             ("条文标识", _f("provision_id"))],
    "negative-list": [*_HEAD, *_ITEM_COLUMNS, ("规则", _f("rule_ids")), ("承接乡镇", _f("townships")),
                      ("方式", _f("sources")), ("处罚种类", _f("sanctions")), ("原因", _f("reason"))],
    "stale": [*_HEAD, *_ITEM_COLUMNS, ("法规", _f("statute_title")), ("引用版本", _f("cited_version")),
              ("现行版本", _f("current_version")), ("条文", _f("article")), ("原条文", _f("old_text")),
              ("现行同号条文", _f("new_text")), ("同号相似度", _f("same_number_similarity")),
              ("候选新条文", lambda f, i: _cell_text(f["candidate"]) if f.get("candidate") else None),
              ("候选条文内容", lambda f, i: f["candidate"]["text"] if f.get("candidate") else None),
              ("原因", _f("reason"))],
    "coverage": [*_HEAD, ("乡镇（街道）", _f("township")), ("地区", _f("region")), ("领域", _f("domain")),
                 ("事项数", _f("held")), ("法定", _f("statutory")), ("赋权", _f("delegated")), ("委托", _f("entrusted")),
                 ("需法制审核", _f("legal_review")), ("可能需听证", _f("hearing")),
                 ("事项编码", lambda f, i: _cell(f.get("item_codes")) + ("…" if f.get("listed_truncated") else ""))],
}
# reports whose findings are aggregates: one table row per finding, not one per item
_AGGREGATE = {"gaps", "coverage"}

SECTION_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "按法规汇总": [("领域", "domain"), ("法规", "title"), ("效力级别", "level"), ("地区", "region"),
                 ("现行版本", "version"), ("罚则条文数", "penalty_provisions"), ("已覆盖", "covered"),
                 ("未覆盖", "uncovered")],
    "按规则汇总": [("规则", "id"), ("类型", "kind"), ("匹配", "match"), ("原因", "reason"), ("来源", "basis"),
                 ("确定性", "certain"), ("说明", "note"), ("命中事项数", "items")],
    "部门职权类型": [("部门", "department"), ("标准名称", "standard_name"), ("审批", "审批"), ("监管", "监管"),
                 ("执法", "执法"), ("配合", "配合"), ("其他", "其他"), ("合计", "total")],
}


def _table_rows(result: ReportResult, findings: Sequence[dict[str, Any]] | None = None
                ) -> tuple[list[str], Iterator[list[Any]]]:
    cols = COLUMNS[result.name]
    explode = result.name not in _AGGREGATE

    def rows() -> Iterator[list[Any]]:
        for n, f in enumerate(findings if findings is not None else result.findings, start=1):
            f = {**f, "_n": f.get("_n", n)}
            items = f.get("items") if explode else None
            for item in (items or [None]):
                yield [fn(f, item) for _, fn in cols]

    return [h for h, _ in cols], rows()


def _summary_rows(result: ReportResult) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [("报表", f"{result.title}（{result.name}）")]
    flt = {k: v for k, v in asdict(result.filters).items() if v is not None}
    names = {"region": "地区", "county": "县（区）", "township": "乡镇", "domain": "领域", "department": "部门",
             "as_of": "日期"}
    out.extend((f"筛选：{names[k]}", v.isoformat() if isinstance(v, date) else v) for k, v in flt.items())
    out.extend((SUMMARY_LABELS.get(k, k), v) for k, v in result.summary.items())
    if result.message:
        out.append(("说明", result.message))
    out.extend(("备注", n) for n in result.notes)
    return out


def render_report(result: ReportResult, fmt: str) -> str | bytes:
    """Render as ``table`` (text), ``json``, ``csv`` (str) or ``xlsx``, ``png`` (bytes)."""
    fmt = (fmt or "").lower()
    if fmt in ("table", "text"):
        return _render_table(result)
    if fmt == "json":
        return _render_json(result)
    if fmt == "csv":
        return _render_csv(result)
    if fmt == "xlsx":
        return _render_xlsx(result)
    if fmt == "png":
        return _render_png(result)
    raise InvalidInput(f"不支持的报表格式“{fmt}”，可用：table、json、csv、xlsx、png", code="REPORT_FORMAT")


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def report_to_dict(result: ReportResult) -> dict[str, Any]:
    out: dict[str, Any] = _jsonable({
        "name": result.name, "title": result.title, "filters": asdict(result.filters), "summary": result.summary,
        "message": result.message, "notes": result.notes, "findings": result.findings, "sections": result.sections})
    return out


def _render_json(result: ReportResult) -> str:
    return json.dumps(report_to_dict(result), ensure_ascii=False, indent=1)


def _render_csv(result: ReportResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    header, rows = _table_rows(result)
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 CSV correctly


def _render_table(result: ReportResult) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    console.print(f"{result.title}（{result.name}）")
    summary = Table(box=box.SIMPLE, show_header=False)
    for k, v in _summary_rows(result)[1:]:
        summary.add_row(str(k), str(v))
    console.print(summary)
    if result.findings:
        shown = result.findings[:TABLE_ROW_LIMIT]
        t = Table(box=box.SIMPLE_HEAD, show_lines=False)
        if result.name in _AGGREGATE:
            header, rows = _table_rows(result, shown)
            keep = [i for i, h in enumerate(header) if h not in _TABLE_SKIP]
            for i in keep:
                t.add_column(header[i], overflow="fold", max_width=60)
            for r in rows:
                t.add_row(*["" if r[i] is None else _excerpt(str(r[i]), 160) for i in keep])
        else:
            for h in ("序号", "类别", "事项编码", "事项名称", "来源行", "原因"):
                t.add_column(h, overflow="fold", max_width=70 if h == "原因" else 36)
            for n, f in enumerate(shown, start=1):
                t.add_row(str(n), f.get("category_label") or "", _first_and_more(f.get("item_codes") or []),
                          _first_and_more([i.get("name") or "" for i in f.get("items") or []]),
                          _first_and_more([_row_text(r) for r in f.get("rows") or []]),
                          _excerpt(f.get("reason"), 200))
        console.print(t)
        if len(result.findings) > TABLE_ROW_LIMIT:
            console.print(f"（仅显示前 {TABLE_ROW_LIMIT} 条，共 {len(result.findings)} 条；完整结果请导出 xlsx、csv 或 json）")
    for name, rows_ in result.sections.items():
        cols = SECTION_COLUMNS.get(name) or [(k, k) for k in (rows_[0] if rows_ else {})]
        t = Table(title=name, box=box.SIMPLE_HEAD)
        for h, _ in cols:
            t.add_column(h, overflow="fold", max_width=40)
        for srow in rows_[:TABLE_ROW_LIMIT]:
            t.add_row(*["" if srow.get(k) is None else _excerpt(str(_cell(srow.get(k))), 80) for _, k in cols])
        console.print(t)
    return console.export_text()


_TABLE_SKIP = {"目录", "工作表", "条文标识", "原条文", "现行同号条文", "候选条文内容", "依据", "事项编码", "条文摘录"}


def _first_and_more(values: Sequence[str], n: int = 2) -> str:
    values = [v for v in values if v]
    return "；".join(values[:n]) + (f" 等{len(values)}项" if len(values) > n else "")


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name)[:28] or "Sheet"
    title, n = base, 2
    while title in used:
        title = f"{base[:26]}{n}"
        n += 1
    used.add(title)
    return title


_XLSX_CELL_MAX = 32000


def _xlsx_value(v: Any) -> Any:
    if isinstance(v, str):
        v = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", v)
        return v if len(v) <= _XLSX_CELL_MAX else v[: _XLSX_CELL_MAX - 20] + "…（已截断）"
    return v


def _render_xlsx(result: ReportResult) -> bytes:
    """One sheet for the summary, one per finding category, one per extra section.

    Written in openpyxl's write-only mode (rows streamed, a fraction of the
    memory and time of the normal mode on large reports): each sheet's rows
    are computed first so that column widths can be set before they are
    written.
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    used: set[str] = set()
    _write_sheet(wb, _sheet_title("汇总", used), ["项目", "数值"],
                 [[k, _xlsx_value(v)] for k, v in _summary_rows(result)], fixed_widths=[16, 80])
    by_cat: dict[str, list[dict[str, Any]]] = {}
    for n, f in enumerate(result.findings, start=1):
        by_cat.setdefault(f.get("category_label") or "明细", []).append({**f, "_n": n})
    if not by_cat:
        by_cat["明细"] = []
    for label, findings in by_cat.items():
        header, rows = _table_rows(result, findings)
        _write_sheet(wb, _sheet_title(label, used), header, [[_xlsx_value(v) for v in r] for r in rows])
    for name, section_rows in result.sections.items():
        cols = SECTION_COLUMNS.get(name) or [(k, k) for k in (section_rows[0] if section_rows else {})]
        _write_sheet(wb, _sheet_title(name, used), [h for h, _ in cols],
                     [[_xlsx_value(_cell(srow.get(k))) for _, k in cols] for srow in section_rows])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s[:60])


def _write_sheet(wb: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 fixed_widths: Sequence[int] | None = None) -> None:
    """A sheet with a bold, frozen, filterable header row and column widths fitted to the content."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    widths = list(fixed_widths or [max(6, min(50, _display_width(h) + 2)) for h in header])
    if fixed_widths is None:
        for r in rows[:5000]:  # a sample is enough to fit the widths
            for i, v in enumerate(r[: len(widths)]):
                if v is not None and widths[i] < 50:
                    widths[i] = max(widths[i], min(50, _display_width(str(v)) + 2))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(header)))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    bold, middle = Font(bold=True), Alignment(vertical="center", wrap_text=True)
    cells = []
    for h in header:
        c = WriteOnlyCell(ws, value=h)
        c.font, c.alignment = bold, middle
        cells.append(c)
    ws.append(cells)
    for r in rows:
        ws.append(list(r))


_CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
              "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN", "Droid Sans Fallback")


@cache
def cjk_font() -> str | None:
    """A font family that can draw Chinese, if one is installed (fonts-noto-cjk on Debian/Ubuntu)."""
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in available:
            return name
    for f in font_manager.fontManager.ttflist:
        if "CJK" in f.name or "Hei" in f.name or "Han" in f.name:
            return str(f.name)
    return None


HEATMAP_MAX_TOWNSHIPS = 60


def _render_png(result: ReportResult) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    rc: dict[str, Any] = {"axes.unicode_minus": False}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    # without a Chinese font the labels come out as boxes: say so in ASCII, which any font draws
    note = "" if font else "\n[no CJK font installed - apt-get install fonts-noto-cjk]"
    with plt.rc_context(rc), warnings.catch_warnings():  # type: ignore[arg-type]
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        if result.name == "coverage":
            fig = _coverage_heatmap(plt, result, note)
        else:
            fig = _category_bars(plt, result, note)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
        plt.close(fig)
    return buf.getvalue()


def _coverage_heatmap(plt: Any, result: ReportResult, note: str) -> Any:
    totals: Counter[str] = Counter()
    cells: dict[tuple[str, str], int] = {}
    for f in result.findings:
        totals[f["township"]] += f["held"]
        cells[(f["township"], f["domain"])] = f["held"]
    towns = [t for t, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:HEATMAP_MAX_TOWNSHIPS]]
    towns.sort()
    domains = sorted({d for _, d in cells})
    title = f"{result.title}：乡镇×领域事项数"
    if len(totals) > len(towns):
        title += f"（仅显示事项最多的 {len(towns)} 个乡镇，共 {len(totals)} 个）"
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(domains) + 3), max(3.0, 0.32 * len(towns) + 2)))
    if not towns:
        ax.text(0.5, 0.5, result.message or "没有数据", ha="center", va="center")
        ax.axis("off")
    else:
        grid = [[cells.get((t, d), 0) for d in domains] for t in towns]
        im = ax.imshow(grid, cmap="YlGnBu", aspect="auto")
        ax.set_xticks(range(len(domains)), labels=domains, rotation=45, ha="right")
        ax.set_yticks(range(len(towns)), labels=towns)
        if len(towns) * len(domains) <= 900:
            top = max(max(r) for r in grid) or 1
            for y, r in enumerate(grid):
                for x, v in enumerate(r):
                    if v:
                        ax.text(x, y, str(v), ha="center", va="center", fontsize=7,
                                color="white" if v > top * 0.6 else "black")
        fig.colorbar(im, ax=ax, label="事项数")
    ax.set_title(title + note, fontsize=10)
    return fig


def _category_bars(plt: Any, result: ReportResult, note: str) -> Any:
    counts = Counter(f.get("category_label") or f.get("category") for f in result.findings)
    labels = [k for k, _ in counts.most_common()]
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.45 * len(labels) + 1.5)))
    if labels:
        ax.barh(labels[::-1], [counts[k] for k in labels[::-1]], color="#4C72B0")
        ax.set_xlabel("发现数")
    else:
        ax.text(0.5, 0.5, result.message or "未发现问题", ha="center", va="center")
        ax.axis("off")
    ax.set_title(f"{result.title}{note}", fontsize=10)
    return fig
