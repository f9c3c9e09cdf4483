"""The CLI's read path: a generation's SQLite graph and a search index opened only when a command searches.

``yiju show`` reads a few rows and never opens the index; ``yiju search``
opens the index and reads the items of its hits from SQLite.  Neither
unpickles the whole graph, which is what made them take seconds and over a
gigabyte on the full corpus.  Generations written before ``graph.sqlite``
existed, and the Neo4j backend, use the ordinary service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.settings import Settings


class LazyIndex:
    """The generation's search index, opened on first use."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._index: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._index is None:
            from kg.search import WhooshIndex

            self._index = WhooshIndex.open(self._path)
        return getattr(self._index, name)


def reader_service(settings: Settings) -> Any:
    """A ``Yiju`` service for read-only commands, on the SQLite graph when the generation has one."""
    from api.service import Yiju
    from kg.datadir import DataDir
    from kg.sqlite_store import FILE_NAME, SqliteStore

    if settings.graph_backend != "networkx":
        return Yiju(settings)
    # pin the generation for the life of the command: pruning leaves it alone meanwhile
    lease = DataDir(settings.data_dir).pin_current()
    if lease is None or not (lease.path / FILE_NAME).exists():
        if lease is not None:
            lease.release()
        return Yiju(settings)  # raises NO_DATA in Chinese on use, or reads the pickle of an older generation
    store = SqliteStore(lease.path / FILE_NAME)
    store.lease = lease  # type: ignore[attr-defined]  # released with the store (at exit)
    return Yiju(settings, store=store, index=LazyIndex(lease.path / "index"))
