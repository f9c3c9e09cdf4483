"""The application service shared by the HTTP API and the CLI.

It opens the serving generation of the data directory (graph + index) and
reopens it when an ingest swapped in a new one, so a running server picks up
new data without a restart.
"""

from __future__ import annotations

import functools
import gc
import logging
import sys
import threading
import time
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.datadir import DataDir, Lease
from kg.errors import BackendUnavailable, InvalidInput, NotFound
from kg.settings import CLI_WRITER_WAIT, Settings
from kg.store import GraphStore

MAX_QUERY_CHARS = 2000
RETRY_FAILED_LOAD = 30.0  # seconds before a generation that failed to load is tried again
LOAD_SWITCH_INTERVAL = 0.0005  # seconds: the GIL switch interval while a generation loads (default 0.005)


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class View:
    """One loaded generation: its graph store and search index, and the use cases over them.

    A request takes one view at its start and reads only from it, so a new generation swapped
    in meanwhile (or an old one pruned) never changes what a request sees halfway.
    """

    def __init__(self, store: GraphStore, index: Any, generation: Path | None) -> None:
        self.store = store
        self.index = index
        self.generation = generation
        self.pins = 0  # requests reading this view (guarded by the service's lock)
        self.retired = False  # replaced and no longer read: lease released, memory given back
        self.lease: Any = None  # the data dir's lease on the generation, when it offers leases

    @property
    def generation_id(self) -> str | None:
        return self.generation.name if self.generation else None

    def search(self, query: str, *, as_of: date | None = None, region: str | None = None,
               level: str | None = None, statute: str | None = None, limit: int = 10) -> dict[str, Any]:
        if limit < 1 or limit > 100:
            raise InvalidInput("limit 应在 1 到 100 之间", code="INVALID_LIMIT")
        from kg.queries import attach_validity

        day = as_of or date.today()  # as of today unless asked: repealed and not-yet-in-force law is left out
        result = self.index.search(query, as_of=day, region=region, level=level, statute=statute, limit=limit)
        out: dict[str, Any] = result.to_dict() if hasattr(result, "to_dict") else to_jsonable(result)
        self._attach_items(out.get("hits", []), region)
        attach_validity(self.store, out.get("hits", []), day)
        return out

    def _attach_items(self, hits: list[dict[str, Any]], region: str | None = None) -> None:
        """Each provision hit lists the penalty items citing it and who holds them.

        With a region, only items of catalogs for that region (or inside it) are listed: another county's
        catalog does not tell this officer who holds the power; how many were left out is said.
        """
        from kg.graph_build import STATUTORY_CATALOG
        from kg.queries import items_citing_many
        from kg.regions import relevant

        wanted = [hit["provision_id"] for hit in hits if hit.get("kind") == "provision"]
        citing = items_citing_many(self.store, wanted) if wanted else {}
        regions = {c["key"]: c.get("region") for c in self.store.find("Catalog")} if region and citing else {}

        def here(item: dict[str, Any]) -> bool:
            key = item["catalog_key"]
            return key == STATUTORY_CATALOG or (bool(regions.get(key)) and relevant(regions.get(key), region))

        for hit in hits:
            if hit.get("kind") == "provision":
                items = citing[hit["provision_id"]]
                kept = [i for i in items if here(i)] if region else items
                hit["items"] = kept
                if len(kept) < len(items):
                    hit["items_other_regions"] = len(items) - len(kept)

    def items_for_query(self, query: str, *, day: date | None, region: str | None) -> list[Any]:
        """Penalty items matching a description: item hits first, then items citing provision hits."""
        from kg.graph_build import item_from_props

        result = self.index.search(query, as_of=day, region=region, limit=10)
        store = self.store
        keys: list[str] = []
        for hit in result.hits:
            if hit.kind == "item":
                keys.append(hit.provision_id)
            else:
                # a suggested link (made for a catalog without a basis column) is never basis
                keys.extend(e.src for e in store.edges("BASIS", dst=hit.provision_id)
                            if e.props.get("status") != "suggested")
            if len(keys) >= 5:
                break
        items = []
        for k in dict.fromkeys(keys):
            props = store.get("PenaltyItem", k)
            if props:
                items.append(item_from_props(props))
        return items[:5]

    def check(self, township: str, *, item_code: str | None = None, provision: str | None = None,
              query: str | None = None, day: date | None = None,
              decision_day: date | None = None) -> dict[str, Any]:
        """Authority check; with an act date (``day``), also 行政处罚法 arts. 36/37 (``time``)."""
        from kg.queries import check_authority
        from kg.time_check import time_answer

        items = None
        if query is not None:
            if not query.strip():
                raise InvalidInput("描述不能为空", code="EMPTY_QUERY")
            town = self.store.get("Township", township) or {}
            # candidates as of the act date (else today): repealed and not-yet-in-force law is left out
            items = self.items_for_query(query[:MAX_QUERY_CHARS], day=day or date.today(), region=town.get("region"))
        answer = check_authority(self.store, township, item_code=item_code, provision=provision, items=items, day=day)
        if decision_day is not None and day is None:
            raise InvalidInput("给出作出决定日期时须同时给出违法行为发生日期（--date）", code="ACT_DATE_REQUIRED")
        if day is not None:
            if decision_day is not None and decision_day < day:
                raise InvalidInput(f"作出决定日期 {decision_day} 早于违法行为发生日期 {day}", code="DECISION_BEFORE_ACT")
            answer["time"] = time_answer(self.store, answer["evidence"], day, decision_day,
                                         [provision] if provision else [])
        return answer


class Yiju:
    """The serving generation of the data directory (graph store + search index).

    The first use opens the current generation.  When ``current`` later points elsewhere (an
    ingest in another process, or an upload's import process), the new generation is opened (with
    ``background_reload``, which the HTTP app sets, in a background thread while requests go on
    being answered from the old one); the switch is one assignment.  The graph is read from the
    generation's ``graph.sqlite`` (see ``_load``), so opening one is the search index's work only.  Each loaded generation holds a lease on its folder
    (pruning leaves it alone) until it is replaced and no request reads it any more.
    """

    def __init__(self, settings: Settings, store: GraphStore | None = None, index: Any | None = None,
                 *, background_reload: bool = False) -> None:
        self.settings = settings
        # the server loads a new generation in a background thread and serves the old one meanwhile;
        # a one-shot user (the CLI, a script) simply loads it when it sees it
        self.background_reload = background_reload
        # an upload job waits for a writer of another process (the CLI) rather than failing at once
        wait = settings.writer_wait if settings.writer_wait is not None else CLI_WRITER_WAIT
        self.data = DataDir(settings.data_dir, writer_wait=wait)
        self._lock = threading.Lock()  # guards _view, pins and _loading
        self._load_lock = threading.Lock()  # one load at a time
        self._view: View | None = View(store, index, None) if store is not None else None
        self._fixed = store is not None
        self._shared_store: GraphStore | None = store  # the Neo4j store outlives generations
        self._loading: Path | None = None
        self._loader: threading.Thread | None = None
        self._failed: tuple[Path, float] | None = None  # the generation that last failed to load, and when
        self.load_error: str | None = None

    # -- opening data ------------------------------------------------------

    def _load(self, gen: Path) -> View:
        """Open a generation: its search index, and its graph as the backend reads it.

        With the embedded backend the graph is read from the generation's ``graph.sqlite``: opening it
        takes no time and no memory, so a new generation serves at once and the old and the new one
        never both sit in memory (nor does the GIL stall requests for seconds while millions of
        objects are unpickled).  Generations written before ``graph.sqlite`` existed are unpickled.
        """
        lease = _lease(self.data, gen)
        # Requests that wait for the GIL (after every SQLite call, which lets go of it) get it back
        # sooner while this thread builds the index's tables: a shorter switch interval meanwhile.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, LOAD_SWITCH_INTERVAL))
        try:
            return self._open(gen, lease)
        finally:
            sys.setswitchinterval(interval)

    def _open(self, gen: Path, lease: Lease) -> View:
        from kg.analysis import ensure_jieba_ready
        from kg.search import WhooshIndex
        from kg.sqlite_store import FILE_NAME as SQLITE_FILE

        neo4j = self.settings.graph_backend == "neo4j"
        unpickle = not neo4j and not (gen / SQLITE_FILE).is_file()
        # Opening creates many objects (the index's tables; an unpickled graph, millions): without the
        # cyclic collector meanwhile, whose full passes over the heap hold the GIL in one stretch and
        # stall every request (tens of ms for the index, seconds for a graph).  Afterwards the loaded
        # objects are frozen, so later passes never walk them again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            index = WhooshIndex.open(gen / "index")
            store: GraphStore
            if neo4j:
                if self._shared_store is None:
                    self._shared_store = open_neo4j(self.settings)
                store = self._shared_store
            elif unpickle:
                from kg.nx_store import NetworkxStore

                store = NetworkxStore.load(gen / "graph.pickle")
            else:
                from kg.sqlite_store import SqliteStore

                store = SqliteStore(gen / SQLITE_FILE)
            ensure_jieba_ready()
            index.warm([None])  # load per-document arrays now, not on the first request
            _warm_store(store)
        except BaseException:
            _release(lease)
            if collecting:
                gc.enable()
            raise
        # frozen before the collector is back: its passes skip the loaded generation from now on
        # (enabled first, the next young collection would walk all the new objects)
        gc.freeze()
        if collecting:
            gc.enable()
        view = View(store, index, gen)
        view.lease = lease
        return view

    def load_current(self) -> View:
        """Load the generation ``current`` points to now (in the calling thread) and serve it."""
        with self._load_lock:
            for _ in range(3):  # the generation may be pruned between reading current and opening it
                cur = self.data.current()
                if cur is None:
                    raise NotFound("尚无数据：请先运行 yiju ingest laws <目录> 或 yiju demo", code="NO_DATA")
                with self._lock:
                    if self._view is not None and self._view.generation == cur:
                        return self._view
                try:
                    view = self._load(cur)
                except (FileNotFoundError, NotADirectoryError, OSError) as exc:
                    if self.data.current() != cur:
                        continue
                    raise BackendUnavailable(f"无法读取数据版本 {cur.name}：{exc.__class__.__name__}",
                                             code="GENERATION_UNREADABLE") from exc
                except Exception as exc:  # whoosh's EmptyIndexError when the folder vanished meanwhile
                    if self.data.current() != cur:
                        continue
                    raise BackendUnavailable(f"无法读取数据版本 {cur.name}", code="GENERATION_UNREADABLE") from exc
                self._swap(view)
                self.load_error = None
                return view
        raise BackendUnavailable("数据版本正在频繁切换，请稍后重试", code="GENERATION_UNSTABLE")

    def _swap(self, view: View) -> None:
        with self._lock:
            old, self._view = self._view, view
            done = old is not None and old.pins == 0 and old is not view and not old.retired
            if done and old is not None:
                old.retired = True
        if done and old is not None:
            self._retire(old)

    def _retire(self, view: View) -> None:
        """A view nobody reads any more: its lease goes, and its memory is given back.

        Its SQLite connections and the index's searcher are closed.  An unpickled graph was frozen
        out of the cyclic collector (see ``_load``), so the reference cycles that would keep it alive
        are broken here (networkx caches views of a graph on the graph); reference counting frees the rest.
        """
        _release(view.lease)
        view.lease = None
        if view.store is self._shared_store:
            return  # the Neo4j store serves every generation
        graph = getattr(view.store, "graph", None)
        if graph is not None:
            for name in list(vars(graph)):
                if isinstance(getattr(type(graph), name, None), functools.cached_property):
                    vars(graph).pop(name, None)
        for part in (view.store, view.index):
            close = getattr(part, "close", None)
            if close is not None:
                close()
        view.store = view.index = None  # type: ignore[assignment]
        _trim_malloc()

    def _load_in_background(self, cur: Path) -> None:
        with self._lock:
            if self._loading is not None:
                return
            failed = self._failed
            if failed is not None and failed[0] == cur and time.monotonic() - failed[1] < RETRY_FAILED_LOAD:
                return  # a generation that failed to load is retried now and then, not on every request
            self._loading = cur

        def run() -> None:
            try:
                self.load_current()
            except Exception as exc:  # noqa: BLE001 - keep serving the old generation; say why on /healthz
                self.load_error = getattr(exc, "message", None) or exc.__class__.__name__
                self._failed = (cur, time.monotonic())
            finally:
                with self._lock:
                    self._loading = None

        self._loader = threading.Thread(target=run, name="yiju-load-generation", daemon=True)
        self._loader.start()

    def settle(self, timeout: float | None = None) -> None:
        """Wait for a background load to end (tests, and a clean shutdown)."""
        loader = self._loader
        if loader is not None:
            loader.join(timeout)

    def view(self) -> View:
        """The view to read from now: the loaded one, a newer one being loaded in the background."""
        if self._fixed:
            assert self._view is not None
            return self._view
        with self._lock:
            view = self._view
        if view is None:
            return self.load_current()
        cur = self.data.current()
        if cur is not None and cur != view.generation:
            if not self.background_reload:
                return self.load_current()
            self._load_in_background(cur)
        return view

    def pin(self) -> View:
        """The current view, held until ``unpin``: it is not released while a request reads it."""
        view = self.view()
        with self._lock:
            if not self._fixed and self._view is not None:
                view = self._view  # a switch between view() and here: never pin a retired view
            view.pins += 1
        return view

    def unpin(self, view: View) -> None:
        with self._lock:
            view.pins -= 1
            done = view.pins == 0 and view is not self._view and not view.retired
            if done:
                view.retired = True
        if done:
            self._retire(view)

    @property
    def loading(self) -> str | None:
        loading = self._loading
        return loading.name if loading is not None else None

    @property
    def store(self) -> GraphStore:
        return self.view().store

    @property
    def index(self) -> Any:
        return self.view().index

    def generation(self) -> str | None:
        if self._fixed:
            cur = self.data.current()
            return cur.name if cur else None
        return self.view().generation_id

    # -- use cases (on the view of the moment; HTTP requests pin theirs) ----------------

    def search(self, query: str, **kw: Any) -> dict[str, Any]:
        if not kw.get("region") and self.settings.region:
            kw["region"] = self.settings.region  # YIJU_REGION: the deployment's region by default
        return self.view().search(query, **kw)

    def items_for_query(self, query: str, *, day: date | None, region: str | None) -> list[Any]:
        return self.view().items_for_query(query, day=day, region=region)

    def check(self, township: str, **kw: Any) -> dict[str, Any]:
        return self.view().check(township, **kw)


def _warm_store(store: GraphStore) -> None:
    """What every request reads, read before the generation serves (statutes, townships, counts…)."""
    from kg.sqlite_store import SqliteStore

    if isinstance(store, SqliteStore):
        store.warm()


def _trim_malloc() -> None:
    """Give the freed generation's memory back to the system (glibc keeps it otherwise; ~300 MB a switch)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name or not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)  # ctypes lets go of the GIL meanwhile


def _lease(data: DataDir, gen: Path) -> Lease:
    """A lease on a generation: pruning leaves it alone while held.

    Raises FileNotFoundError when the generation was pruned before it could be pinned.
    """
    lease = data.pin(gen)
    if lease is None:
        raise FileNotFoundError(gen)
    return lease


def _release(lease: Any) -> None:
    if lease is None:
        return
    release = getattr(lease, "release", None) or getattr(lease, "close", None)
    if release is not None:
        try:
            release()
        except Exception:  # a lease left behind only delays pruning
            logging.getLogger("yiju.service").warning("could not release a generation lease", exc_info=True)


def sync_neo4j(settings: Settings, data: DataDir) -> dict[str, int]:
    """Load the current generation's graph and search terms into Neo4j (``yiju sync neo4j``, and uploads).

    Under the writer lock (re-entrant: an ingest holding it may sync before letting go), on a pinned
    generation: two syncs never interleave, and the last one loads the newest data.
    """
    from kg.nx_store import NetworkxStore
    from kg.search import index_token_texts

    with data.writer("sync neo4j"), data.open_current() as cur:
        source = NetworkxStore.load(cur / "graph.pickle")
        tokens = index_token_texts(cur / "index")
        neo = open_neo4j(settings)
        try:
            counts: dict[str, int] = neo.replace_all(source, tokens=tokens)  # type: ignore[attr-defined]
        finally:
            neo.close()
    return counts


def open_neo4j(settings: Settings) -> GraphStore:
    """A Neo4jStore for the settings, or BackendUnavailable in Chinese."""
    try:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ServiceUnavailable

        from kg.neo4j_store import Neo4jStore
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise BackendUnavailable(f"缺少 Neo4j 支持：{exc}") from exc
    if not settings.neo4j_uri:
        raise BackendUnavailable("未设置 YIJU_NEO4J_URI", code="NEO4J_NOT_CONFIGURED")
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    driver = GraphDatabase.driver(settings.neo4j_uri, auth=auth)
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        raise BackendUnavailable("Neo4j 用户名或密码错误", code="NEO4J_AUTH") from exc
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise BackendUnavailable(f"无法连接 Neo4j：{settings.neo4j_uri}", code="NEO4J_UNAVAILABLE") from exc
    return Neo4jStore(driver, database=settings.neo4j_database)
