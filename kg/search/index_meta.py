"""The index's meta file (``yiju_meta.json``), kept beside the whoosh index: statute names, versions, levels
and regions, and the catalogs' validity."""

from __future__ import annotations

import json
from typing import Any

from kg.search.schema import META_FILE
from kg.search.types import SearchDoc


class _IndexMeta:
    """``WhooshIndex``'s meta: read at open, noted for each document written, written at commit."""

    _storage: Any
    _meta: dict[str, Any]

    def _read_meta(self) -> dict[str, Any]:
        try:
            if self._storage.file_exists(META_FILE):
                f = self._storage.open_file(META_FILE)
                try:
                    data: dict[str, Any] = json.loads(f.read().decode("utf-8"))
                finally:
                    f.close()
                return data
        except (OSError, ValueError):
            pass
        return {"statutes": {}, "catalogs": {}}

    def _write_meta(self) -> None:
        blob = json.dumps(self._meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
        f = self._storage.create_file(META_FILE)
        try:
            f.write(blob)
        finally:
            f.close()

    def dictionary_words(self) -> list[str]:
        """Statute keys and short aliases in this index (what a pipeline may pass to ensure_jieba_ready)."""
        words: set[str] = set()
        for key, info in self._meta.get("statutes", {}).items():
            words.add(key)
            words.update(n for n in info.get("names", []) if len(n) <= 30)
        return sorted(words)

    def _note_meta(self, doc: SearchDoc) -> None:
        if doc.kind == "item":
            if doc.catalog_key:
                self._meta.setdefault("catalogs", {})[doc.catalog_key] = {
                    "from": doc.valid_from.isoformat() if doc.valid_from else None,
                    "to": doc.valid_to.isoformat() if doc.valid_to else None,
                }
            return
        if not doc.statute_key:
            return
        info = self._meta.setdefault("statutes", {}).setdefault(doc.statute_key, {
            "title": doc.statute_title or doc.statute_key, "names": [], "level": doc.level, "region": doc.region,
            "versions": {},
        })
        names = dict.fromkeys([*info.get("names", []), doc.statute_key, doc.statute_title or "", *doc.aliases])
        info["names"] = [n for n in names if n]
        info["title"] = doc.statute_title or info.get("title")
        info["level"], info["region"] = doc.level, doc.region
        vkey = doc.version_key or ""
        start = doc.shown_from or doc.valid_from
        span = {
            "from": start.isoformat() if start else None,
            "to": doc.valid_to.isoformat() if doc.valid_to else None,
        }
        if info["versions"].get(vkey) != span:
            info["versions"][vkey] = span
