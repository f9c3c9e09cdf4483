"""The ingest pipeline: read -> decode -> parse -> normalize -> resolve -> load.

Only this module touches the file system and the stores.  Each stage is a
function; parsing runs in a small process pool and is cached by content
hash, so re-ingesting unchanged input is cheap.  Every build goes into a new
data generation that replaces the serving one only when complete.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import audit
from kg.children import die_with_parent
from kg.codec import from_props
from kg.datadir import DataDir, generation_id, utc_now
from kg.errors import Conflict, InvalidInput, ParseError
from kg.graph_build import (
    catalog_bundle,
    item_from_props,
    provision_from_props,
    statutes_bundle,
    statutory_items,
)
from kg.model import (
    AmendmentDecision,
    BasisRole,
    Catalog,
    Diagnostic,
    ParsedStatute,
    PenaltyItem,
    RepealMention,
    Resolution,
    Statute,
    StatuteVersion,
    Township,
)
from kg.nx_store import NetworkxStore
from kg.queries import GraphLookup
from kg.safenames import inside, safe_component, safe_filename
from kg.store import GraphBundle, GraphStore

if TYPE_CHECKING:
    from ingest.catalogs import CatalogMeta
    from kg.search import SearchIndex

STATUTE_SUFFIXES = {".md", ".txt", ".docx"}
SKIPPED_NAMES = {"SOURCES.md", "README.md", "LICENSE.md", "CHANGELOG.md"}
CATALOG_SUFFIXES = {".xlsx", ".xls", ".csv", ".json"}
CACHE_FORMAT = 8  # bump when parse output changes
DECISIONS_FILE = Path(__file__).resolve().parents[1] / "ontologies" / "amendment_decisions.yaml"

ProgressFactory = Callable[[int, str], Any]


@dataclass
class IngestReport:
    """What an ingest did, for people and for tests."""

    kind: str
    files: int = 0
    parsed: int = 0
    rejected: int = 0
    skipped: int = 0
    statutes: int = 0
    versions: int = 0
    articles: int = 0
    penalty_provisions: int = 0
    township_competent: int = 0
    history: dict[str, int] = field(default_factory=dict)  # 施行 dates read / presumed, repeal relations
    cached: int = 0
    unchanged: bool = False
    seconds: float = 0.0
    generation: str | None = None
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    catalogs: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _diag(d: Diagnostic) -> dict[str, Any]:
    return {k: v for k, v in asdict(d).items() if v is not None}


# -- stage 1: read ---------------------------------------------------------------


def collect_statute_files(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, root) pairs for every statute file under the given paths."""
    out: list[tuple[Path, Path]] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise InvalidInput(f"路径不存在：{p}", code="PATH_NOT_FOUND")
        if p.is_file():
            out.append((p, p.parent))
            continue
        for f in sorted(p.rglob("*")):
            if f.is_file() and f.suffix.lower() in STATUTE_SUFFIXES:
                out.append((f, p))
    return out


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- stage 2-3: decode + parse (+ tokens for the index), in workers -----------------


@dataclass
class FileResult:
    source: str
    digest: str
    parsed: ParsedStatute | None
    tokens: dict[str, str]  # provision id -> space-joined tokens (one str: lists of str cost ~10x)
    error: Diagnostic | None
    repeal_decision: tuple[str, tuple[RepealMention, ...]] | None = None  # a 废止 decision without articles


def parse_file(path: Path, root: Path, digest: str) -> FileResult:
    """Read, decode, parse and tokenise one statute file (runs in a worker)."""
    from ingest.decode import read_statute_file
    from ingest.statutes import parse_statute
    from kg.analysis import tokenize

    source = path.relative_to(root).as_posix() if path != root else path.name
    try:
        text, source = read_statute_file(path, root)
        parsed = with_inferred_pairs(parse_statute(text, source))
    except ParseError as exc:
        code = exc.code if exc.code != ParseError.code else "STATUTE_REJECTED"
        decision = None
        if code == "STATUTE_NO_ARTICLES" and "废止" in text:
            from ingest.statutes import parse_repeal_decision

            title, repeals = parse_repeal_decision(text, source)
            decision = (title, repeals) if repeals else None
        return FileResult(source, digest, None, {}, Diagnostic(source, exc.line, code, exc.reason), decision)
    except (OSError, UnicodeError, ValueError) as exc:  # never let one file stop the run
        return FileResult(source, digest, None, {}, Diagnostic(source, None, "STATUTE_UNREADABLE",
                                                               f"无法读取：{exc}"))
    statute = parsed.statute
    prefix = " ".join([statute.title, *statute.aliases])
    tokens = {str(p.id): " ".join(tokenize(prefix + " " + " ".join(p.heading) + " " + p.text))
              for p in parsed.provisions}
    return FileResult(source, digest, parsed, tokens, None)


def with_inferred_pairs(parsed: ParsedStatute) -> ParsedStatute:
    """Add wording-matched 违则 to the paragraphs of 罚则 that cite none (see ingest.pairing)."""
    from ingest.pairing import infer_violated_pairs

    targets = {p.id for p in parsed.provisions if p.is_penalty}
    inferred = infer_violated_pairs(parsed.provisions, targets)
    # a paragraph that names its 违则 is not inferred (ingest.pairing); an article named anyway is not repeated
    for p in parsed.provisions:
        if p.id in inferred and p.violated:
            named = {(t.article, t.suffix) for t in p.violated}
            kept = tuple(n for n in inferred[p.id] if (n.target.article, n.target.suffix) not in named)
            if kept:
                inferred[p.id] = kept
            else:
                del inferred[p.id]
    if not inferred:
        return parsed
    provisions = tuple(replace(p, violated_inferred=tuple(n.target for n in inferred[p.id]),
                               violated_inferred_notes=inferred[p.id]) if p.id in inferred else p
                       for p in parsed.provisions)
    return replace(parsed, provisions=provisions)


def _parse_worker(args: tuple[str, str, str, str]) -> bytes:
    """Parse one file into the cache; returns the cached bytes (pickled once, for the cache and the parent)."""
    path, root, digest, cache_dir = args
    cache_file = Path(cache_dir) / f"{digest[:2]}" / f"{digest}-{CACHE_FORMAT}.pickle"
    blob = pickle.dumps(parse_file(Path(path), Path(root), digest), protocol=5)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(blob)
    os.replace(tmp, cache_file)
    return blob


def _worker_init(extra_words: list[str], parent_pid: int | None = None) -> None:
    from kg.analysis import ensure_jieba_ready

    if parent_pid is not None:  # a pool worker, not the parent running the parse itself
        die_with_parent(parent_pid)
    gc.enable()  # a forked worker inherits the build's disabled collector; it handles one file at a time

    ensure_jieba_ready(extra_words)


def parse_files(
    files: Sequence[tuple[Path | None, Path | None, str, str]], cache_dir: Path, workers: int,
    progress: ProgressFactory | None,
) -> tuple[list[FileResult], int]:
    """Parse ``(path, root, digest, source)`` entries with a cache keyed by content hash.

    An entry without a path is a file ingested earlier: it comes from the
    cache alone (or is reported when the cache lost it).  Returns (results,
    cached count).
    """
    results: list[FileResult] = []
    todo: list[tuple[str, str, str, str]] = []
    cached = 0
    for path, root, digest, rel in files:
        cache_file = cache_dir / digest[:2] / f"{digest}-{CACHE_FORMAT}.pickle"
        if cache_file.exists():
            try:
                with open(cache_file, "rb") as fh:
                    res: FileResult = pickle.load(fh)
                # the same content may sit under another name: keep the name of this run
                if res.source != rel:
                    res = _renamed(res, rel)
                results.append(res)
                cached += 1
                continue
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                cache_file.unlink(missing_ok=True)
        if path is None or root is None:
            results.append(FileResult(rel, digest, None, {}, Diagnostic(
                rel, None, "STATUTE_CACHE_MISSING", "此前导入的文件的解析缓存已丢失，请重新导入该文件")))
            continue
        todo.append((str(path), str(root), digest, str(cache_dir)))
    bar = progress(len(todo), "解析法规") if progress and todo else None
    if workers > 1 and len(todo) > 50:
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                 initargs=([], os.getpid())) as pool:
            for blob in pool.map(_parse_worker, todo, chunksize=16):
                results.append(pickle.loads(blob))
                if bar:
                    bar.advance()
    else:
        _worker_init([])
        for args in todo:
            results.append(pickle.loads(_parse_worker(args)))
            if bar:
                bar.advance()
    if bar:
        bar.close()
    return results, cached


def _renamed(res: FileResult, source: str) -> FileResult:
    if res.parsed is None:
        return replace(res, source=source, error=replace(res.error, source=source) if res.error else None)
    version = replace(res.parsed.version, source=source)
    return replace(res, source=source, parsed=replace(res.parsed, version=version))


# -- stage 4-5: normalize + load ----------------------------------------------------


def load_amendment_decisions(path: Path = DECISIONS_FILE) -> list[AmendmentDecision]:
    """The reviewed 施行 dates of amendment decisions not in the corpus (ontologies/amendment_decisions.yaml)."""
    import yaml

    if not path.exists():
        return []
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    out: list[AmendmentDecision] = []
    for i, row in enumerate(raw.get("decisions") or (), 1):
        try:
            out.append(AmendmentDecision(
                statute=str(row["statute"]), amended=_yaml_day(row["amended"]), effective=_yaml_day(row["effective"]),
                decision=str(row["decision"]), quote=str(row["quote"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"{path.name} 第{i}条修改决定记录有误：{exc}", code="DECISIONS_INVALID") from exc
    return out


def _yaml_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def search_docs(
    store: GraphStore, tokens: dict[str, str], catalogs_only: bool = False
) -> Iterable[Any]:
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
                shown_from=shown_from.get(version.key), article_label=props["label"], heading=" ".join(props.get("heading") or ()), text=props["text"],
                token_text=tokens.get(key), is_penalty=props["is_penalty"],
                violated=tuple(violated.get(key, ())), penalized_by=tuple(penalized_by.get(key, ())),
            )
    for props in store.find("PenaltyItem"):
        yield item_search_doc(store, item_from_props(props), statutes)


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


def item_search_doc(store: GraphStore, item: PenaltyItem, statutes: dict[str, Statute]) -> Any:
    from kg.search import SearchDoc

    townships = tuple(sorted({e.src for e in store.edges("HOLDS", dst=item.key)}))
    # suggested links are not basis: they do not make the item a citing item of the suggested article
    cited = [link for link in item.basis if link.provision and link.status is not Resolution.SUGGESTED]
    basis = tuple((link.role.value, str(link.provision)) for link in cited)
    first = cited[0].provision if cited else None
    statute = statutes.get(first.statute) if first else None
    return SearchDoc(
        kind="item", doc_id=item.key, statute_key=statute.key if statute else "",
        statute_title=statute.title if statute else "", aliases=statute.aliases if statute else (),
        level=statute.level.value if statute else "", region=statute.region if statute else None,
        version_key="", valid_from=None, valid_to=None, article_label="", heading=item.domain or "",
        text=item.name, tokens=None, is_penalty=True, violated=(), penalized_by=(),
        catalog_key=item.catalog_key, item_code=item.code, item_name=item.name,
        department=item.department, townships=townships, basis=basis,
        power_type=item.power_type.value, domain=item.domain,
    )


# -- catalogs -----------------------------------------------------------------------


def stored_catalogs(data: DataDir) -> list[Path]:
    """Catalog files kept in the data dir, oldest first (their ingest order)."""
    if not data.catalogs.exists():
        return []
    files = [p for p in data.catalogs.rglob("*") if p.is_file() and p.suffix.lower() in CATALOG_SUFFIXES]
    return sorted(files, key=lambda p: (p.parent.name, p.name))


def apply_catalog(store: GraphStore, path: Path, meta: CatalogMeta | None, index: SearchIndex | None = None) -> dict[str, Any]:
    """Parse one catalog file, resolve its basis against the store, write it.

    Returns the catalog's ingest report.  Nothing is written when the file
    yields no catalog at all; row-level problems are reported and the rest
    loads.
    """
    from ingest.catalogs import DEFAULT_COUNTY_RESERVED, load_sidecar, read_catalog
    from ingest.resolve import resolve_item
    from kg.review import derive_review, load_thresholds

    sidecar = path.with_name(path.stem + ".meta.yaml")
    if meta is None and sidecar.exists():
        meta = load_sidecar(sidecar)
    parsed = read_catalog(path.read_bytes(), path.name, meta)
    catalog = parsed.catalog
    if not parsed.items:
        errors = [d for d in parsed.diagnostics if d.severity == "error"]
        first = errors[0] if errors else None
        where = " ".join(x for x in (path.name, first.sheet if first else None,
                                     f"第{first.line}行" if first and first.line else None) if x)
        raise InvalidInput(f"{where}：{first.message if first else '目录中没有可导入的事项'}",
                           code=first.code if first else "CATALOG_EMPTY")
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
    supersede_earlier_editions(store, catalog)
    store.write(catalog_bundle(catalog, items, parsed.holdings, parsed.departments, parsed.townships,
                               reviews, existing))
    counts: dict[str, int] = {}
    for item in items:
        for link in item.basis:
            counts[link.status.value] = counts.get(link.status.value, 0) + 1
    report = {
        "catalog": catalog.key, "title": catalog.title, "file": path.name, **parsed.stats,
        "items": len(items), "resolution": counts,
        "diagnostics": [_diag(d) for d in parsed.diagnostics],
    }
    props = store.get("Catalog", catalog.key) or {}
    keep = GraphBundle()
    keep.add_node("Catalog", catalog.key, {**props, "ingest_report": json.dumps(report, ensure_ascii=False)})
    store.write(keep)
    return report


SUGGESTIONS = 3


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


def supersede_earlier_editions(store: GraphStore, catalog: Catalog) -> None:
    """A new edition (same title and issuer, later effective date) ends the old one's holdings.

    The old holdings stay, dated: their ``valid_to`` becomes the new edition's
    effective date.
    """
    if catalog.effective is None:
        return
    from kg.graph_build import holding_edge_key, holding_from_edge

    bundle = GraphBundle()
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
    if len(bundle):
        store.write(bundle)


def apply_statutory_powers(store: GraphStore) -> None:
    """Give townships the penalty powers the law gives them directly (法定).

    Every article of a statute's latest version that names a township is
    decided by ``kg.authority.decide_statutory`` (the clause that sets the
    sanction must name the township as deciding body; reviewed entries in
    ``ontologies/statutory_powers.yaml`` confirm or exclude what the rule
    cannot decide).
    """
    from kg.authority import TOWNSHIP, decide_statutory, load_statutory_reviews

    townships = [from_props(Township, t) for t in store.find("Township")]
    if not townships:
        return
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
    catalog, items, holdings = statutory_items(rows, townships)
    existing = {str(link.provision.article_id()) for i in items for link in i.basis if link.provision}
    store.write(catalog_bundle(catalog, items, holdings, [], [], {}, existing))


def _province(region: str | None) -> str | None:
    if not region:
        return None
    for marker in ("省", "自治区", "市"):
        i = region.find(marker)
        if i > 0:
            return region[: i + len(marker)]
    return region


# -- the two entry points -------------------------------------------------------------


def ingest_laws(
    paths: Sequence[Path],
    data: DataDir,
    *,
    workers: int | None = None,
    progress: ProgressFactory | None = None,
    force: bool = False,
    replace_all: bool = False,
    confirm: bool = False,
    actor: str | None = None,
) -> IngestReport:
    """Add the statutes under ``paths`` to the statute layer (or, with ``replace``, make them all of it).

    A file is identified by its path relative to the folder given; a file
    ingested again replaces its earlier version, other earlier files stay
    (from the parse cache).  Stored catalogs are re-resolved against the new
    statutes.  The build goes into a new generation; the serving one is
    untouched until it completes.

    Runs under the data directory's writer lock and writes an audit entry
    (``actor``: who asked, default the OS user).  A replacement that would
    drop more than half of the current statutes raises ``REPLACE_DROPS_MOST``
    unless ``confirm``.
    """
    started = time.perf_counter()
    report = IngestReport(kind="laws")
    with data.writer("ingest_laws " + " ".join(str(p) for p in paths)[:150]):
        data.reconcile_catalogs()  # drop catalog copies a failed or killed build left behind
        files: dict[str, tuple[Path | None, Path | None, str, str]] = {}
        for f, root in collect_statute_files(paths):
            if f.name in SKIPPED_NAMES:
                report.skipped += 1
                continue
            rel = f.relative_to(root).as_posix() if f != root else f.name
            files[rel] = (f, root, file_digest(f), rel)
        before = data.current()
        previous = data.manifest()
        if not replace_all:
            for rel, digest in previous.get("laws", []):
                files.setdefault(rel, (None, None, digest, rel))
        report.files = len(files)
        inputs = sorted([rel, entry[2]] for rel, entry in files.items())
        if (not force and previous.get("laws") == inputs
                and previous.get("catalogs_digest") == _catalogs_digest(data)):
            report.__dict__.update({k: v for k, v in previous.get("laws_report", {}).items()
                                    if k in report.__dict__})
            report.unchanged = True
            report.generation = previous.get("generation")
            report.seconds = time.perf_counter() - started
            return report
        before_inv = audit.load_inventory(before) if before is not None else {}
        guard = None
        if replace_all and not confirm:
            before_statutes = (set(before_inv["Statute"]) if before_inv is not None
                               else None)
            before_count = (len(before_statutes) if before_statutes is not None
                            else int(previous.get("laws_report", {}).get("statutes") or 0))
            # statutes <= files: fewer than half as many files can only drop most of them
            _refuse_dropping_most(before_count, None, len(files), at_most=True)

            def guard(store: GraphStore) -> None:
                keys = {str(r[0]) for r in store.node_rows("Statute", ())}
                _refuse_dropping_most(before_count, None if before_statutes is None else before_statutes - keys,
                                      len(keys))

        with _no_cyclic_gc():
            after_inv = _build_laws(files, data, report, inputs, workers, progress, guard)
        report.seconds = time.perf_counter() - started
        _record(data, "ingest_laws", actor, before, before_inv, after_inv,
                paths=[str(p) for p in paths], replace=replace_all, **_file_changes(previous.get("laws", []), inputs))
    return report


def _refuse_dropping_most(before: int, dropped: set[str] | None, after: int, *, at_most: bool = False) -> None:
    """``REPLACE_DROPS_MOST`` when a replacement removes more than half of ``before`` statutes.

    ``dropped``: the statute keys that would go, when known; else ``before - after``
    (``at_most``: ``after`` is an upper bound, the number of files before parsing).
    """
    if before <= 0:
        return
    n = len(dropped) if dropped is not None else max(0, before - after)
    if n * 2 > before:
        raise Conflict(f"以这些文件替换全部法规将删去现有 {before} 部法规中的{'至少 ' if at_most else ' '}{n} 部"
                       f"（超过一半），替换后{'至多' if at_most else '仅'}余 {after} 部。确认无误请加 --yes 重新运行。",
                       code="REPLACE_DROPS_MOST", before=before, dropped=n, after=after)


MAX_AUDITED_FILES = 200


def _file_changes(previous: list[list[str]], inputs: list[list[str]]) -> dict[str, Any]:
    """Which statute files an ingest added, changed and removed (names and sha256, the first 200)."""
    old: dict[str, str] = {r: d for r, d in previous}
    new: dict[str, str] = {r: d for r, d in inputs}
    changes = ([{"name": r, "sha256": d, "change": "added"} for r, d in new.items() if r not in old]
               + [{"name": r, "sha256": d, "change": "changed"} for r, d in new.items() if r in old and old[r] != d]
               + [{"name": r, "sha256": d, "change": "removed"} for r, d in old.items() if r not in new])
    totals = {k: sum(1 for c in changes if c["change"] == k) for k in ("added", "changed", "removed")}
    inputs_digest = hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {"files": changes[:MAX_AUDITED_FILES], "file_changes": totals, "files_total": len(inputs),
            "inputs_sha256": inputs_digest}


def _record(data: DataDir, kind: str, actor: str | None, before: Path | None,
            before_inv: dict[str, list[str]] | None, after_inv: dict[str, list[str]] | None,
            **what: Any) -> dict[str, Any]:
    after = data.current()
    return audit.record(data, {
        "time": utc_now(), "actor": actor or audit.os_user(), "kind": kind, **what,
        "counts": audit.count_changes(before_inv, after_inv),
        "generation_before": before.name if before is not None else None,
        "generation_after": after.name if after is not None else None,
        "pid": os.getpid(),
    })


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Build without the cyclic garbage collector.

    A build allocates millions of objects that live to its end; the collector's passes over
    them find nothing and cost about an eighth of the CPU time.  Reference counting still
    frees everything that is dropped.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _build_laws(
    files: dict[str, tuple[Path | None, Path | None, str, str]], data: DataDir, report: IngestReport,
    inputs: list[list[str]], workers: int | None, progress: ProgressFactory | None,
    guard: Callable[[GraphStore], None] | None = None,
) -> dict[str, list[str]]:
    results, report.cached = parse_files(list(files.values()), data.cache / "parsed", workers or min(2, os.cpu_count() or 1),
                                         progress)
    parsed: list[ParsedStatute] = []
    tokens: dict[str, str] = {}
    repeal_decisions: list[tuple[str, tuple[RepealMention, ...]]] = []
    for res in sorted(results, key=lambda r: r.source):
        if res.repeal_decision is not None:
            repeal_decisions.append(res.repeal_decision)
        if res.parsed is None:
            report.rejected += 1
            if res.error:
                report.diagnostics.append(_diag(res.error))
            continue
        report.parsed += 1
        parsed.append(res.parsed)
        tokens.update(res.tokens)
        report.diagnostics.extend(_diag(d) for d in res.parsed.diagnostics)
    del results  # the parsed objects are large; the store keeps what it needs
    store = NetworkxStore()
    bundle = statutes_bundle(parsed, load_amendment_decisions(), repeal_decisions)
    report.history = dict(bundle.figures)
    store.write(bundle)
    del parsed, bundle
    if guard is not None:
        guard(store)
    report.statutes = store.count("Statute")
    report.versions = store.count("StatuteVersion")
    report.articles = store.count("Provision")
    penalties = store.find("Provision", is_penalty=True)
    report.penalty_provisions = len(penalties)
    report.township_competent = sum(1 for p in penalties if p.get("township_competent"))

    def add_catalogs(index: SearchIndex) -> None:
        for path in stored_catalogs(data):
            try:
                report.catalogs.append(apply_catalog(store, path, None, index))
            except ParseError as exc:
                report.diagnostics.append({"source": path.name, "code": exc.code, "message": exc.message})

    return _write_generation(data, store, report, inputs, tokens=tokens, before_items=add_catalogs)


def ingest_catalog(
    path: Path, data: DataDir, *, meta: CatalogMeta | None = None, sidecar: Path | None = None, actor: str | None = None,
) -> dict[str, Any]:
    """Add (or replace) one catalog: keep a copy, resolve it, build a new generation.

    Runs under the data directory's writer lock (a second writer waits
    ``data.writer_wait`` seconds, then gets ``WRITER_BUSY``) and writes an
    audit entry (``actor``: who asked, default the OS user).
    """
    from ingest.catalogs import load_sidecar

    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"文件不存在：{path}", code="PATH_NOT_FOUND")
    if path.suffix.lower() not in CATALOG_SUFFIXES:
        raise InvalidInput(f"不支持的目录文件格式：{path.name}（支持 xlsx、xls、csv、json）", code="CATALOG_FORMAT")
    side_path = sidecar
    if sidecar is not None:
        meta = load_sidecar(sidecar)
    elif meta is None and path.with_name(path.stem + ".meta.yaml").exists():
        side_path = path.with_name(path.stem + ".meta.yaml")
        meta = load_sidecar(side_path)
    with data.writer(f"ingest_catalog {path.name}"):
        data.reconcile_catalogs()  # drop catalog copies a failed or killed build left behind
        cur = data.current()
        if cur is None or not (cur / "graph.pickle").exists():
            raise InvalidInput("尚未导入任何法规，请先运行 yiju ingest laws", code="NO_STATUTES")
        store = NetworkxStore.load(cur / "graph.pickle")
        before_inv = audit.load_inventory(cur) or audit.inventory_of(store)
        manifest = data.manifest(cur)
        laws_report = IngestReport(kind="laws")
        laws_report.__dict__.update({k: v for k, v in manifest.get("laws_report", {}).items()
                                     if k in laws_report.__dict__})
        out: dict[str, Any] = {}

        def add_catalog(index: SearchIndex) -> None:
            out.update(apply_catalog(store, path, meta, index))
            # the key and the file name come from user input: both are made safe and checked to stay
            # inside the catalogs folder before anything there is removed or written
            data.catalogs.mkdir(parents=True, exist_ok=True)
            keep = inside(data.catalogs, safe_component(out["catalog"]))
            stored = safe_filename(path.name)
            if keep.exists():
                shutil.rmtree(keep)
            keep.mkdir(parents=True)
            shutil.copy2(path, inside(keep, stored))
            if meta is not None:
                inside(keep, Path(stored).stem + ".meta.yaml").write_text(_meta_yaml(meta), "utf-8")
            out["stored_as"] = f"{keep.name}/{stored}"

        try:
            after_inv = _write_generation(data, store, laws_report, manifest.get("laws", []),
                                          index_from=cur / "index", before_items=add_catalog)
        except BaseException:
            data.reconcile_catalogs()  # the copy made for the failed build goes too
            raise
        files = [{"name": path.name, "sha256": file_digest(path), "stored_as": out.get("stored_as")}]
        if side_path is not None:
            files.append({"name": side_path.name, "sha256": file_digest(side_path)})
        _record(data, "ingest_catalog", actor, cur, before_inv, after_inv, files=files,
                catalog=out.get("catalog"), title=out.get("title"))
    return out


def rollback(data: DataDir, generation: str | None = None, *, actor: str | None = None) -> dict[str, Any]:
    """Make an earlier generation (default: the one before the current one) serve again.

    Its catalog copies come back with it (so a later ``ingest laws`` does not
    bring back a catalog the rollback removed).  Under the writer lock, with an
    audit entry.
    """
    with data.writer("rollback"):
        before = data.current()
        target = data.find_generation(generation)
        if before is not None and target == before:
            raise Conflict(f"数据代 {target.name} 已是当前数据代", code="ALREADY_CURRENT")
        before_inv = audit.load_inventory(before)
        restored = data.activate(target)
        entry = _record(data, "rollback", actor, before, before_inv, audit.load_inventory(target),
                        catalogs_restored=restored)
    return {"generation_before": entry["generation_before"], "generation_after": entry["generation_after"],
            "catalogs_restored": restored, "counts": entry["counts"]}


def _write_generation(
    data: DataDir,
    store: NetworkxStore,
    laws_report: IngestReport,
    inputs: list[list[str]],
    *,
    tokens: dict[str, str] | None = None,
    index_from: Path | None = None,
    before_items: Callable[[Any], None] | None = None,
) -> dict[str, list[str]]:
    """Build a generation: index provisions, add catalogs, index items, save, swap.  Returns its inventory."""
    from kg.analysis import ensure_jieba_ready
    from kg.search import WhooshIndex
    from kg.sqlite_store import FILE_NAME as SQLITE_FILE
    from kg.sqlite_store import write_sqlite

    ensure_jieba_ready()  # the same dictionary as the parse workers: index and query tokens must agree
    with data.new_generation() as gen:
        if index_from is not None:
            shutil.copytree(index_from, gen / "index")
            index = WhooshIndex.open(gen / "index")
            for cat in store.find("Catalog"):
                index.delete_catalog(cat["key"])
        else:
            index = WhooshIndex.create(gen / "index")
            index.add(search_docs(store, tokens or {}))
        index.commit()
        if before_items is not None:
            before_items(index)
        apply_statutory_powers(store)
        for cat in store.find("Catalog"):
            index.delete_catalog(cat["key"])
        index.add(search_docs(store, {}, catalogs_only=True))
        index.commit()
        store.save(gen / "graph.pickle")
        inventory = audit.inventory_of(store)
        audit.save_inventory(gen, inventory)
        write_sqlite(store, gen / SQLITE_FILE)  # what cold CLI reads open instead of the pickle
        manifest: dict[str, Any] = {
            "generation": generation_id(gen),
            "laws": inputs,
            "catalogs_digest": _catalogs_digest(data),
            "laws_report": {k: v for k, v in laws_report.to_dict().items() if k not in ("diagnostics", "catalogs")},
            "built": utc_now(),
            "counts": {name: len(inventory[label]) for label, name in audit.COUNTED.items()},
        }
        laws_report.generation = manifest["generation"]
        (gen / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        (gen / "report.json").write_text(json.dumps(laws_report.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    return inventory


def _meta_yaml(meta: CatalogMeta) -> str:
    import yaml

    raw = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(meta).items()}
    return str(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))


def _catalogs_digest(data: DataDir) -> str:
    h = hashlib.sha256()
    for p in stored_catalogs(data):
        h.update(p.name.encode())
        h.update(file_digest(p).encode())
        side = p.with_name(p.stem + ".meta.yaml")
        if side.exists():
            h.update(file_digest(side).encode())
    return h.hexdigest()
