"""``WhooshIndex``: the whoosh index put together: its state, constructors and warm-up; ``writing`` and
``answer`` hold its writes and its ``search``."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kg.analysis import ensure_jieba_ready
from kg.search.answer import _Answering
from kg.search.ranker_lookups import lookups as ranker_lookups
from kg.search.ranker_model import load_model
from kg.search.schema import META_FILE, PRELOAD_DF, _schema
from kg.search.state import _State
from kg.search.synonyms import Synonyms
from kg.search.types import SearchDoc
from kg.search.writing import _IndexWriting
from kg.thesaurus import Thesaurus


class WhooshIndex(_IndexWriting, _Answering):
    """``SearchIndex`` over a whoosh index (on disk, or in memory for tests).

    Writes are buffered: ``add`` collects documents, ``commit`` writes them
    with one writer (so a 罚则 can take over the wording of the 违则 it names,
    found in the same batch).  Searching is thread-safe.
    """

    def __init__(self, ix: Any, storage: Any, *, synonyms: Synonyms | None = None) -> None:
        self._ix = ix
        self._storage = storage
        # RamStorage has folder "": an in-memory index keeps no posting arrays (not in the working directory)
        self._path: Path | None = Path(storage.folder) if getattr(storage, "folder", "") else None
        self._lock = threading.RLock()
        self._pending: list[SearchDoc] = []
        self._deletes: list[str] = []
        self._meta = self._read_meta()
        self._state: _State | None = None
        self._searcher: Any = None
        self._synonyms = synonyms
        self._thesaurus: Thesaurus | None = None
        self.use_thesaurus = True  # kg.thesaurus: everyday words to the statutes' conduct wording
        self.ranker_model = load_model()  # kg.search.learned: orders free-text questions; None: hand-set order
        self._title_index: dict[str, list[str]] | None = None
        self._title_by_start: dict[str, list[str]] = {}
        self._region_names: dict[str, str] | None = None
        self._region_state: _State | None = None
        self._region_order: list[str] = []
        self._allowed_cache: dict[str | None, frozenset[str] | None] = {}
        self.last_commit_stats: dict[str, Any] = {}
        # Statute titles are not added to jieba here: query words must be cut as the index's
        # tokens were (the pipeline decides, through ensure_jieba_ready, in every process);
        # titles in queries are recognised by substring, see _understand.
        ensure_jieba_ready()

    # -- constructors
    @classmethod
    def create(cls, path: Path, **kw: Any) -> WhooshIndex:
        from whoosh.filedb.filestore import FileStorage

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(path), supports_mmap=False)  # see open
        ix = storage.create_index(_schema())
        (path / META_FILE).unlink(missing_ok=True)
        return cls(ix, storage, **kw)

    @classmethod
    def open(cls, path: Path, **kw: Any) -> WhooshIndex:
        from whoosh.filedb.filestore import FileStorage

        # no mmap: whoosh copies each segment's mapped posting file into a BytesIO (about 125 MB per
        # statute segment of the full corpus); without it whoosh reads through the file, and searches read
        # the posting arrays anyway
        storage = FileStorage(str(path), supports_mmap=False)
        return cls(storage.open_index(), storage, **kw)

    @classmethod
    def in_memory(cls, **kw: Any) -> WhooshIndex:
        from whoosh.filedb.filestore import RamStorage

        storage = RamStorage()
        return cls(storage.create_index(_schema()), storage, **kw)

    # -- reading
    def doc_count(self) -> int:
        with self._lock:
            return int(self._ix.doc_count())

    def token_texts(self, field_names: Sequence[str] = ("text", "name"), *, distinct: bool = False) -> dict[str, str]:
        """The indexed terms of every document by doc id (see ``_State.token_texts``).

        What a second full-text engine needs to match exactly what this index
        matches (``yiju sync neo4j`` gives them to Neo4j's whitespace index).
        """
        return self._get_state().token_texts(field_names, distinct)

    def warm(self, regions: Iterable[str | None] = (None,), preload_df: int | None = PRELOAD_DF) -> None:
        """Open the searcher, build the common filters and load the long posting lists.

        Posting lists of terms in at least ``preload_df`` articles are the costly ones to
        decode; a server loads them once at start (a few seconds, some tens of MB).
        """
        st = self._get_state()
        today = date.today()  # searches default to as of today: that is the mask to build
        for r in regions:
            st.mask(today, self._allowed_regions(r), None, None)
        self.statute_names()
        self.regions()
        _ = self.synonyms._by_first_word()
        if self.use_thesaurus:
            _ = self.thesaurus.groups
        if st.n:
            st.stored(0)  # opens the stored-fields column (its offsets load once)
        if self.ranker_model is not None:
            ranker_lookups(st)  # article positions and the 法律责任 chapter, for the learned ranker
        if preload_df and not st.all_arrays:
            st.preload(preload_df)


def index_token_texts(path: Path) -> dict[str, str]:
    """The distinct terms per document of the index at ``path`` (``WhooshIndex.token_texts``); ``{}`` if none.

    What Neo4j's full-text index is given, so that it matches what this index
    matches.  Each term once: Yiju ranks with whoosh on both backends, and the
    repeats (102 MB of terms for the shared corpus instead of 63 MB) made the
    full load into Neo4j about a tenth slower (paired loads on fresh servers).
    """
    if not Path(path).is_dir():
        return {}
    index = WhooshIndex.open(path)
    try:
        return index.token_texts(distinct=True)
    finally:
        index.close()
