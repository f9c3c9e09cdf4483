"""The data directory: generations of graph + index, swapped atomically.

Layout under ``YIJU_DATA_DIR``::

    current -> generations/<id>     symlink, replaced atomically on success
    generations/<id>/graph.pickle   the embedded graph
    generations/<id>/index/         the whoosh index
    generations/<id>/manifest.json  inputs (paths, content hashes) and counts
    catalogs/                       copies of ingested catalog files (+ sidecars)
    cache/                          parse results by content hash

A build writes into ``generations/.tmp-<id>``; only a complete build is
renamed and pointed to by ``current``.  A crash or Ctrl-C leaves the previous
generation serving and the temporary folder is removed (or swept on the next
build).
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

KEEP_GENERATIONS = 2


class DataDir:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def generations(self) -> Path:
        return self.root / "generations"

    @property
    def catalogs(self) -> Path:
        return self.root / "catalogs"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def current(self) -> Path | None:
        link = self.root / "current"
        if not link.is_symlink() and not link.exists():
            return None
        target = link.resolve()
        return target if target.is_dir() else None

    def manifest(self) -> dict[str, Any]:
        cur = self.current()
        if cur is None or not (cur / "manifest.json").exists():
            return {}
        data: dict[str, Any] = json.loads((cur / "manifest.json").read_text("utf-8"))
        return data

    @contextmanager
    def new_generation(self) -> Iterator[Path]:
        """Yield an empty folder; on normal exit it becomes ``current``."""
        self.generations.mkdir(parents=True, exist_ok=True)
        self._sweep()
        now = time.time_ns()  # sortable ids: pruning keeps the newest
        gen_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}-{uuid.uuid4().hex[:4]}"
        tmp = self.generations / f".tmp-{gen_id}"
        tmp.mkdir()
        try:
            yield tmp
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        final = self.generations / gen_id
        os.replace(tmp, final)
        link_tmp = self.root / f".current-{gen_id}"
        os.symlink(Path("generations") / gen_id, link_tmp)
        os.replace(link_tmp, self.root / "current")
        self._prune()

    def _sweep(self) -> None:
        for p in self.generations.glob(".tmp-*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in self.root.glob(".current-*"):
            p.unlink(missing_ok=True)

    def _prune(self) -> None:
        cur = self.current()
        gens = sorted(p for p in self.generations.iterdir() if p.is_dir() and not p.name.startswith("."))
        for old in gens[:-KEEP_GENERATIONS]:
            if old != cur:
                shutil.rmtree(old, ignore_errors=True)
