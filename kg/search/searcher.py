"""The index's searcher and its ``_State``: opened on first use, closed by every commit (and by ``close``)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from kg.search.schema import FIELD_B, K1
from kg.search.state import _State


class _Searcher:
    """``WhooshIndex``'s one searcher (BM25F, for the plain baseline) and the ``_State`` built over it."""

    _ix: Any
    _lock: threading.RLock
    _meta: dict[str, Any]
    _path: Path | None
    _searcher: Any
    _state: _State | None

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._state = None

    def close(self) -> None:
        with self._lock:
            self._close_searcher()

    def _get_state(self) -> _State:
        with self._lock:
            if self._state is None:
                from whoosh import scoring

                self._searcher = self._ix.searcher(weighting=scoring.BM25F(B=FIELD_B["text"], K1=K1))
                self._state = _State(self._searcher, self._meta, self._path)
            return self._state
