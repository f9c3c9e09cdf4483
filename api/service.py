"""The application service shared by the HTTP API and the CLI.

It opens the serving generation of the data directory (graph + index) and
reopens it when an ingest swapped in a new one, so a running server picks up
new data without a restart.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.datadir import DataDir
from kg.errors import BackendUnavailable, InvalidInput, NotFound
from kg.settings import Settings
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.search import SearchIndex

MAX_QUERY_CHARS = 2000


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


class Yiju:
    """Graph store + search index of the serving generation."""

    def __init__(self, settings: Settings, store: GraphStore | None = None, index: SearchIndex | None = None) -> None:
        self.settings = settings
        self.data = DataDir(settings.data_dir, writer_wait=settings.writer_wait or 0.0)
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._store = store
        self._index = index
        self._fixed = store is not None

    # -- opening data ------------------------------------------------------

    def _refresh(self) -> None:
        if self._fixed:
            return
        cur = self.data.current()
        if cur is None:
            raise NotFound("尚无数据：请先运行 yiju ingest laws <目录> 或 yiju demo", code="NO_DATA")
        if cur == self._generation:
            return
        with self._lock:
            if cur == self._generation:
                return
            from kg.analysis import ensure_jieba_ready
            from kg.search import WhooshIndex

            # pin the generation: pruning leaves it alone while this index (or a request still using it) lives
            lease = self.data.pin_current()
            if lease is None:
                raise NotFound("尚无数据：请先运行 yiju ingest laws <目录> 或 yiju demo", code="NO_DATA")
            cur = lease.path
            index = WhooshIndex.open(cur / "index")
            index.lease = lease  # released when the index is dropped (the last request done with it)
            if self.settings.graph_backend == "neo4j":
                store = self._store if self._store is not None else open_neo4j(self.settings)
            else:
                from kg.nx_store import NetworkxStore

                store = NetworkxStore.load(cur / "graph.pickle")
            ensure_jieba_ready()
            index.warm([None])  # load per-document arrays now, not on the first request
            self._store, self._index, self._generation = store, index, cur

    @property
    def store(self) -> GraphStore:
        self._refresh()
        assert self._store is not None
        return self._store

    @property
    def index(self) -> SearchIndex:
        self._refresh()
        assert self._index is not None
        return self._index

    def generation(self) -> str | None:
        cur = self.data.current()
        return cur.name if cur else None

    # -- use cases -----------------------------------------------------------

    def search(self, query: str, *, as_of: date | None = None, region: str | None = None,
               level: str | None = None, statute: str | None = None, limit: int = 10) -> dict[str, Any]:
        if limit < 1 or limit > 100:
            raise InvalidInput("limit 应在 1 到 100 之间", code="INVALID_LIMIT")
        from kg.queries import attach_validity

        day = as_of or date.today()  # as of today unless asked: repealed and not-yet-in-force law is left out
        result = self.index.search(query, as_of=day, region=region, level=level, statute=statute, limit=limit)
        out: dict[str, Any] = result.to_dict() if hasattr(result, "to_dict") else to_jsonable(result)
        self._attach_items(out.get("hits", []))
        attach_validity(self.store, out.get("hits", []), day)
        return out

    def _attach_items(self, hits: list[dict[str, Any]]) -> None:
        """Each provision hit lists the penalty items citing it and who holds them."""
        from kg.queries import items_citing_many

        wanted = [hit["provision_id"] for hit in hits if hit.get("kind") == "provision"]
        citing = items_citing_many(self.store, wanted) if wanted else {}
        for hit in hits:
            if hit.get("kind") == "provision":
                hit["items"] = citing[hit["provision_id"]]

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
                keys.extend(e.src for e in store.edges("BASIS", dst=hit.provision_id))
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
