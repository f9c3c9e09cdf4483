"""``GraphStore`` over a Neo4j server, with the embedded store's behaviour.

The driver is injected (``Neo4jStore(driver, database)``), never created
here.  Every statement comes from ``kg.cypher``; values only travel as
parameters.

Behaviour matched to ``NetworkxStore`` (the reference):

- Neo4j cannot store nulls, so ``None`` properties are dropped on write and
  read back as absent; ``find(label, prop=None)`` matches nodes without the
  property, as the embedded store does.
- ``find`` is ordered by key and ``edges`` by ``(src, dst, key)``, sorted in
  Python so that the order is Python's code-point order on both backends.
- ``write`` is one transaction (rows sent in batches inside it): deletes,
  then node upserts, then edge upserts; an edge whose endpoint is missing
  rolls everything back and raises ``ValueError``.

Every node belongs to a graph generation and every query reads the serving
one only: ``replace_all`` (bulk load of a whole graph) loads a new generation
in bounded transactions and switches to it in one small transaction, instead
of one giant transaction -- see its docstring and ``kg.cypher``.  Connection
failures become ``BackendUnavailable`` (``NEO4J_UNAVAILABLE`` / ``NEO4J_AUTH``).

For speed install ``neo4j-rust-ext`` (same API, packs parameters ~8x faster):
bulk loads are otherwise bound by the driver's pure-Python encoder.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from neo4j.exceptions import (
    AuthError,
    ClientError,
    DatabaseError,
    DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from kg import cypher
from kg.errors import BackendUnavailable
from kg.neo4j_rows import (
    MAX_QUERY_TERMS,  # noqa: F401 - stays importable from kg.neo4j_store (tests, kg.cypher docs)
    _anchor,
    _check_label,
    _check_type,
    _chunks,
    _clean,
    _edge_row,
    _expand_groups,
    _first,
    _hide,
    _lazy,
    _node_row,
    _prefetched,
    _projected,
    _props,
    _to_edge,
    _value,
    _where,
    _with_tokens,
    ix_value,
    lucene_query,
)
from kg.store import LABELS, SCHEMA, Edge, GraphBundle, GraphStore, Props

log = logging.getLogger(__name__)

WRITE_BATCH = 5_000  # rows per UNWIND inside ``write``'s one transaction
LOAD_BATCH = 5_000  # rows per UNWIND in ``replace_all``
LOAD_TX_ROWS = 5_000  # rows per transaction in ``replace_all`` (see its docstring)
LOAD_WORKERS = 2  # sessions loading nodes (and then edges) at once in ``replace_all``
CLEAR_BATCH = 2_500  # nodes per inner transaction when clearing or pruning (smaller is cheaper: measured)
EDGE_ROWS_BATCH = 100  # source nodes per record of ``edge_rows`` over a whole edge type
LOAD_RETRIES = 10  # attempts of one bulk-load transaction that loses a deadlock to another session
WRITE_RETRIES = 3  # attempts of ``write`` when it loses a deadlock to a concurrent writer



class Neo4jStore:
    """``GraphStore`` over a Neo4j 5 database reached through an injected driver."""

    #: Reads may run at once from several threads (each in its own session), and the
    #: server does the work: a caller may start a big read early and decode meanwhile.
    concurrent_reads = True

    def __init__(self, driver: Any, database: str = "neo4j") -> None:
        self.driver = driver
        self.database = database
        self._schema_ready = False
        #: seconds per phase of the last ``replace_all`` (nodes, edges, switch, prune)
        self.last_load_timings: dict[str, float] = {}

    # -- plumbing --------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver failures -> ``BackendUnavailable`` with a stable code."""
        try:
            yield
        except AuthError as exc:
            raise BackendUnavailable(
                "Neo4j 认证失败：用户名或密码不正确（请检查 YIJU_NEO4J_USER / YIJU_NEO4J_PASSWORD）",
                code="NEO4J_AUTH",
            ) from exc
        except ClientError as exc:
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise BackendUnavailable(f"Neo4j 中没有名为“{self.database}”的数据库（请检查 YIJU_NEO4J_DATABASE）",
                                         code="NEO4J_NO_DATABASE") from exc
            raise
        except DatabaseError as exc:
            if "too large to index" in (exc.message or ""):  # only a > ~8 kB key can get here
                raise ValueError(f"属性值过长，无法建立索引（节点 key 须短于约 8,000 字节）：{exc.message}") from exc
            raise
        except (ServiceUnavailable, SessionExpired, DatabaseUnavailable) as exc:
            raise BackendUnavailable(
                f"无法连接 Neo4j 图数据库（{self.database}）：服务未启动或连接已断开，请稍后重试",
                code="NEO4J_UNAVAILABLE",
                reason=str(exc)[:500],
            ) from exc

    def _session(self) -> Any:
        # notifications off: "label does not exist yet" on an empty graph is not news
        return self.driver.session(database=self.database, fetch_size=-1, notifications_min_severity="OFF")

    def _read(self, statement: str, /, **params: Any) -> list[Any]:
        """An auto-commit read: one round trip, no driver-side retries."""
        with self._errors(), self._session() as session:
            return list(session.run(statement, params))

    def ensure_schema(self) -> None:
        """Create the key constraints and indexes (idempotent) and wait for them."""
        if self._schema_ready:
            return
        with self._errors(), self._session() as session:
            for stmt in (*cypher.LEGACY_DROPS, *cypher.CONSTRAINTS, *cypher.INDEXES):
                try:
                    session.run(stmt).consume()
                except ClientError as exc:  # a concurrent creator got there first
                    if "AlreadyExists" not in (exc.code or ""):
                        raise
            session.run(cypher.AWAIT_INDEXES, seconds=300).consume()
            session.run(cypher.META_INIT).consume()
        self._schema_ready = True

    # -- writes ----------------------------------------------------------------

    def write(self, bundle: GraphBundle) -> None:
        for label, _ in bundle.deletes:
            _check_label(label)
        nodes: list[tuple[str, list[Props]]] = []
        for label, rows in bundle.nodes.items():
            _check_label(label)
            if rows:
                nodes.append((label, [_clean(row) for row in rows]))
        edges: dict[str, list[Props]] = {}
        for e in bundle.edges:
            _check_type(e.type)
            edges.setdefault(e.type, []).append(_edge_row(e))
        if not (nodes or edges or bundle.deletes):
            return
        self.ensure_schema()
        for attempt in range(1, WRITE_RETRIES + 1):
            try:
                with self._errors(), self._session() as session:
                    with session.begin_transaction() as tx:
                        self._write_tx(tx, bundle.deletes, nodes, edges)
                        tx.commit()
                    if any(label in cypher.FULLTEXT_LABELS for label, _ in (*bundle.deletes, *nodes)):
                        session.run(cypher.FULLTEXT_REFRESH).consume()  # full-text reads see this write
                return
            except TransientError as exc:
                if "Deadlock" not in (exc.code or "") or attempt == WRITE_RETRIES:
                    raise
                log.info("Neo4j write retried after transient error: %s", exc.code)
                time.sleep(0.1 * attempt)

    def _write_tx(
        self,
        tx: Any,
        deletes: Sequence[tuple[str, Props]],
        nodes: Sequence[tuple[str, list[Props]]],
        edges: Mapping[str, list[Props]],
    ) -> None:
        # the serving generation; a replace_all switching meanwhile makes this write moot
        gen = tx.run(cypher.META_GEN).single(strict=True)["gen"]
        for label, where in deletes:
            prop = _anchor(label, where)
            if prop is None:
                tx.run(cypher.NODE_DELETE_WHERE[label], gen=gen, where=_where(where)).consume()
            elif prop == "key":
                tx.run(cypher.NODE_DELETE_KEY[label], gen=gen, key=where["key"], where=_where(where)).consume()
            else:
                tx.run(cypher.NODE_DELETE_BY[label][prop], gen=gen, value=ix_value(where[prop]),
                       where=_where(where)).consume()
        for label, rows in nodes:
            for chunk in _chunks(rows, WRITE_BATCH):
                tx.run(cypher.NODE_UPSERT[label], gen=gen, rows=[_node_row(label, r, gen) for r in chunk]).consume()
        for etype, rows in edges.items():
            for chunk in _chunks(rows, WRITE_BATCH):
                matched = tx.run(cypher.EDGE_UPSERT[etype], gen=gen, rows=chunk).single(strict=True)["matched"]
                if matched != len(chunk):
                    raise self._missing_endpoint(tx, etype, chunk, gen)

    @staticmethod
    def _missing_endpoint(tx: Any, etype: str, chunk: list[Props], gen: int) -> ValueError:
        src_label, dst_label = SCHEMA[etype]
        rec = tx.run(cypher.EDGE_MISSING_ENDPOINT[etype], gen=gen, rows=chunk).single()
        if rec is None:  # cannot happen with unique keys; keep a useful message anyway
            return ValueError(f"edge {etype}: {len(chunk)} rows, fewer endpoints matched")
        label, key = (src_label, rec["src"]) if rec["no_src"] else (dst_label, rec["dst"])
        return ValueError(f"edge {etype} {rec['src']} -> {rec['dst']}: no node {label} {key!r}")

    def clear(self) -> None:
        with self._errors(), self._session() as session:
            session.run(cypher.CLEAR_BATCHED, batch=CLEAR_BATCH).consume()

    def replace_all(self, source: GraphStore, *, tokens: Mapping[str, str] | None = None) -> dict[str, int]:
        """Replace the whole graph with ``source``'s; returns counts per label and edge type.

        ``tokens`` (space-joined terms by node key, e.g. ``WhooshIndex.token_texts()``)
        are what the full-text index reads for those Provision and PenaltyItem nodes
        (``cypher.FULLTEXT_PROPERTY``; not returned by reads).

        Atomic by generation, not by one transaction (see ``kg.cypher``).  The
        new graph is written as generation ``serving + 1`` beside the serving
        one, in transactions of up to ``LOAD_TX_ROWS`` rows (``LOAD_BATCH`` per
        UNWIND, ``LOAD_WORKERS`` sessions at once; edges are drawn between the
        element ids the node batches return).  Readers only see the serving
        generation, so nothing of the load is visible until the full-text index
        has taken in the new nodes and one small transaction moves the generation
        pointer; the old generation is then deleted in batches.  If anything
        fails before the switch, the new generation's nodes are deleted and
        the serving graph is untouched; leftovers of a crash are deleted by
        the next load.  (A single transaction holding the corpus -- or even
        relabelling 150k staged nodes in one -- exceeds the transaction memory
        a 1 GB heap allows: measured, ``dbms.memory.transaction.total.max``.
        Small transactions are also cheaper per row: 5,000 rows per
        transaction took about a third less server CPU than 20,000 for the
        corpus, and pruning in transactions of 2,500 nodes half of 10,000.)

        A ``write`` made while a load runs goes to the serving generation and
        is lost at the switch; two concurrent loads: the second to switch fails.
        """
        self.ensure_schema()
        counts: dict[str, int] = {}
        timings = self.last_load_timings = {}
        started = time.perf_counter()

        def lap(phase: str) -> None:
            nonlocal started
            now = time.perf_counter()
            timings[phase] = round(now - started, 2)
            started = now

        with self._errors():
            self._drop_other_generations()
            with self._session() as session:
                old = session.run(cypher.META_GEN).single(strict=True)["gen"]
            new = old + 1
            lap("cleanup")
            try:
                ids: dict[str, dict[str, str]] = {}
                for label in LABELS:
                    nodes: Iterable[Props] = _lazy(source.find, label)
                    if tokens and label in cypher.FULLTEXT_LABELS:
                        nodes = _with_tokens(nodes, tokens)
                    ids[label] = self._load_nodes(label, nodes, new)
                    counts[label] = len(ids[label])
                lap("nodes")
                for etype, (src_label, dst_label) in SCHEMA.items():
                    counts[etype] = self._load_edges(etype, _lazy(source.edges, etype), ids[src_label],
                                                     ids[dst_label])
                del ids
                lap("edges")
                with self._session() as session:
                    session.run(cypher.FULLTEXT_REFRESH).consume()  # the new nodes are searchable when they serve
                    lap("fulltext")
                    if session.run(cypher.META_SWITCH, old=old, new=new).single() is None:
                        raise RuntimeError("另一个图数据加载已先完成切换，本次加载作废")
                lap("switch")
            except BaseException:
                try:
                    self._drop_other_generations()
                except Exception:
                    log.warning("could not remove a failed load's nodes", exc_info=True)
                raise
            self._drop_other_generations()  # the previous graph
            lap("prune")
        log.info("replace_all: %s in %s s", counts, timings)
        return counts

    def _load(self, query: str, rows: Iterable[Any], handle: Any, workers: int = 1) -> None:
        """Run ``query`` over ``rows`` in UNWIND batches, ``LOAD_TX_ROWS`` rows per transaction.

        The rows are prepared in a thread while the server works; with ``workers`` > 1
        that many sessions take batches in turn, so the server works on one batch while
        this process encodes the next.  A transaction that loses a deadlock to another
        session is run again (up to ``LOAD_RETRIES`` times).  ``handle(chunk, records)``
        sees each batch's records once its transaction has committed, from any of the
        sessions.  The first failure stops every session (their open transactions roll
        back) and is raised here.
        """
        chunks = _prefetched(_chunks(rows, LOAD_BATCH))
        lock = threading.Lock()
        stop = threading.Event()
        errors: list[BaseException] = []

        def next_chunk() -> list[Any] | None:
            with lock:
                return None if stop.is_set() else next(chunks, None)

        def commit(session: Any, todo: list[list[Any]]) -> None:
            for attempt in range(1, LOAD_RETRIES + 1):
                tx = session.begin_transaction()
                try:
                    results = [list(tx.run(query, rows=chunk)) for chunk in todo]
                    if stop.is_set():
                        return  # another session failed: this one rolls back
                    tx.commit()
                except TransientError as exc:
                    if "Deadlock" not in (exc.code or "") or attempt == LOAD_RETRIES:
                        raise
                    log.info("Neo4j load: transaction retried after %s", exc.code)
                    time.sleep(0.05 * attempt)
                    continue
                finally:
                    tx.close()  # rolls back unless committed
                for chunk, records in zip(todo, results, strict=True):
                    handle(chunk, records)
                return

        def work() -> None:
            try:
                with self._session() as session:
                    todo: list[list[Any]] = []
                    pending = 0
                    while (chunk := next_chunk()) is not None:
                        todo.append(chunk)
                        pending += len(chunk)
                        if pending >= LOAD_TX_ROWS:
                            commit(session, todo)
                            todo, pending = [], 0
                    if todo and not stop.is_set():
                        commit(session, todo)
            except BaseException as exc:  # noqa: BLE001 - re-raised by the caller
                errors.append(exc)
                stop.set()

        threads = [threading.Thread(target=work, name=f"yiju-neo4j-load-{i}", daemon=True)
                   for i in range(1, max(1, workers))]
        try:
            for t in threads:
                t.start()
            work()
            for t in threads:
                t.join()
        finally:
            stop.set()  # after a normal end every worker has returned already
            for t in threads:
                t.join()
            chunks.close()
        if errors:
            raise errors[0]

    def _load_nodes(self, label: str, nodes: Iterable[Props], gen: int) -> dict[str, str]:
        """Create the nodes of generation ``gen``; their element ids by key."""
        ids: dict[str, str] = {}

        lock = threading.Lock()

        def handle(chunk: list[Props], records: list[Any]) -> None:
            got = records[0]["ids"]
            with lock:
                before = len(ids)
                ids.update(got)
                duplicate = len(ids) != before + len(chunk)
            if duplicate:
                raise ValueError(f"{label}: duplicate node keys in the source graph")

        self._load(cypher.LOAD_NODES[label], (_node_row(label, p, gen) for p in nodes), handle, LOAD_WORKERS)
        return ids

    def _load_edges(self, etype: str, edges: Iterable[Edge], src_ids: dict[str, str], dst_ids: dict[str, str]) -> int:
        src_label, dst_label = SCHEMA[etype]
        count = 0

        def rows() -> Iterator[Props]:
            for e in edges:
                s, d = src_ids.get(e.src), dst_ids.get(e.dst)
                if s is None or d is None:
                    label, key = (src_label, e.src) if s is None else (dst_label, e.dst)
                    raise ValueError(f"edge {etype} {e.src} -> {e.dst}: no node {label} {key!r}")
                yield {"s": s, "d": d, "p": {**_clean(e.props), "key": e.key}}

        def handle(chunk: list[Props], records: list[Any]) -> None:
            nonlocal count
            matched = records[0]["matched"]
            if matched != len(chunk):  # cannot happen: the ids come from this load
                raise ValueError(f"edge {etype}: {len(chunk) - matched} loaded endpoints vanished")
            count += matched

        self._load(cypher.LOAD_EDGES[etype], rows(), handle, LOAD_WORKERS)
        return count

    def _drop_other_generations(self) -> None:
        """Delete every node not of the serving generation (in batches)."""
        with self._session() as session:
            for label in LABELS:
                if session.run(cypher.OTHER_GEN_COUNT[label]).single(strict=True)["n"]:
                    session.run(cypher.OTHER_GEN_DROP[label], batch=CLEAR_BATCH).consume()

    # -- reads -----------------------------------------------------------------

    def get(self, label: str, key: str) -> Props | None:
        _check_label(label)
        rows = self._read(cypher.NODE_GET[label], key=key)
        return _props(rows[0]["p"]) if rows else None

    def get_many(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        _check_label(label)
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        found = {r["p"]["key"]: _props(r["p"]) for r in self._read(cypher.NODE_GET_MANY[label], keys=wanted)}
        return {k: found[k] for k in wanted if k in found}

    def find(self, label: str, **where: Any) -> list[Props]:
        _check_label(label)
        if not where:
            rows = self._read(cypher.NODE_ALL[label])
        else:
            prop = _anchor(label, where)
            if prop == "key":
                rows = self._read(cypher.NODE_GET[label], key=where["key"])
                rows = [r for r in rows if self._matches(r["p"], where)]
            elif prop is not None:
                rows = self._read(cypher.NODE_FIND_BY[label][prop], value=ix_value(where[prop]), where=_where(where))
            else:
                rows = self._read(cypher.NODE_FIND[label], where=_where(where))
        out = [_props(r["p"]) for r in rows]
        out.sort(key=lambda p: p["key"])
        return out

    @staticmethod
    def _matches(props: Mapping[str, Any], where: Mapping[str, Any]) -> bool:
        return all(props.get(k) == _value(v) for k, v in where.items())

    def edges(self, etype: str, *, src: str | None = None, dst: str | None = None) -> list[Edge]:
        _check_type(etype)
        queries = cypher.EDGES[etype]
        if src is not None and dst is not None:
            rows = self._read(queries["both"], src=src, dst=dst)
        elif src is not None:
            rows = self._read(queries["src"], src=src)
        elif dst is not None:
            rows = self._read(queries["dst"], dst=dst)
        else:
            rows = self._read(queries["all"])
        out = [_to_edge(etype, r) for r in rows]
        out.sort(key=lambda e: (e.src, e.dst, e.key))
        return out

    def node_rows(self, label: str, fields: Sequence[str], **where: Any) -> list[tuple[Any, ...]]:
        _check_label(label)
        names, internal = _projected(fields)
        if not where:
            rows = self._rows(cypher.NODE_ROWS_ALL[label], fields=names)
        else:
            prop = _anchor(label, where)
            if prop == "key":
                rows = self._rows(cypher.NODE_ROWS_KEY[label], fields=names, key=where["key"], where=_where(where))
            elif prop is not None:
                rows = self._rows(cypher.NODE_ROWS_BY[label][prop], fields=names, value=ix_value(where[prop]),
                                  where=_where(where))
            else:
                rows = self._rows(cypher.NODE_ROWS_WHERE[label], fields=names, where=_where(where))
        rows.sort(key=_first)
        return [tuple(r) for r in rows] if not internal else [_hide(r, 1, internal) for r in rows]

    def edge_rows(
        self, etype: str, fields: Sequence[str], *, src: str | None = None, dst: str | None = None
    ) -> list[tuple[Any, ...]]:
        _check_type(etype)
        queries = cypher.EDGE_ROWS[etype]
        params: dict[str, Any] = {"fields": [str(f) for f in fields]}
        if src is not None and dst is not None:
            query, params["src"], params["dst"] = queries["both"], src, dst
        elif src is not None:
            query, params["src"] = queries["src"], src
        elif dst is not None:
            query, params["dst"] = queries["dst"], dst
        else:
            query, params["batch"] = queries["all"], EDGE_ROWS_BATCH
        with self._errors(), self._session() as session:
            groups = [g for record in session.run(query, params) for g in record["groups"]]
        return _expand_groups(groups)

    def edge_rows_to(self, etype: str, fields: Sequence[str], dsts: Iterable[str]) -> list[tuple[Any, ...]]:
        _check_type(etype)
        wanted = list(dict.fromkeys(dsts))
        if not wanted:
            return []
        records = self._read(cypher.EDGE_ROWS_TO[etype], fields=[str(f) for f in fields], dsts=wanted)
        by_dst: dict[str, list[list[Any]]] = {}
        for group in (records[0]["groups"] if records else []):
            by_dst.setdefault(group[1][0], []).append(group)
        return [row for d in wanted for row in _expand_groups(by_dst.get(d, []))]

    def _rows(self, statement: str, /, **params: Any) -> list[list[Any]]:
        """The ``rows`` list of a projection query's one record."""
        records = self._read(statement, **params)
        return list(records[0]["rows"]) if records else []

    def count(self, label: str) -> int:
        _check_label(label)
        return int(self._read(cypher.NODE_COUNT[label])[0]["n"])

    def fulltext(self, tokens: list[str], limit: int, *, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Keys and scores of Provision/PenaltyItem nodes whose full-text terms match any token.

        ``tokens`` are literal terms (escaped, never Lucene syntax); ``where``
        keeps only nodes whose properties equal it.  Best score first, ties by key.
        """
        query = lucene_query(tokens)
        if not query or limit <= 0:
            return []
        self.ensure_schema()
        rows = self._read(cypher.FULLTEXT_QUERY, query=query, where=_where(where or {}), limit=int(limit))
        out = [(r["key"], float(r["score"])) for r in rows]
        out.sort(key=lambda kv: (-kv[1], kv[0]))
        return out

    def ping(self) -> bool:
        """True when the server answers (raises ``BackendUnavailable`` otherwise)."""
        return bool(self._read(cypher.PING)[0]["ok"])

    def close(self) -> None:
        """Nothing to release: the driver belongs to whoever injected it."""
