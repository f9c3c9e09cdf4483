"""Filter masks of one searcher: the version in force on a day, catalogs in force, region, level, statute."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np

from kg.search.schema import NATIONAL
from kg.validity import in_force


class _Filters:
    """``_State``'s boolean masks over the documents, built once per filter and cached."""

    meta: dict[str, Any]
    live: np.ndarray
    is_item: np.ndarray
    statute_code: np.ndarray
    statute_names: list[str]
    version_code: np.ndarray
    version_names: list[str]
    region_code: np.ndarray
    region_names: list[str]
    level_code: np.ndarray
    level_names: list[str]
    catalog_code: np.ndarray
    catalog_names: list[str]
    lock: threading.Lock
    _masks: OrderedDict[tuple[Any, ...], np.ndarray]
    _sets: OrderedDict[tuple[Any, ...], set[int]]

    def _versions_allowed(self, as_of: date | None) -> set[str]:
        allowed: set[str] = set()
        for info in self.meta.get("statutes", {}).values():
            versions: dict[str, dict[str, str | None]] = info.get("versions", {})
            if not versions:
                continue
            if as_of is None:
                allowed.add(max(versions.items(), key=lambda kv: _version_order(kv[0], kv[1]))[0])
                continue
            d = as_of.isoformat()
            for vkey, span in versions.items():
                if in_force(span.get("from"), span.get("to"), d):
                    allowed.add(vkey)
        return allowed

    def _catalogs_allowed(self, as_of: date | None) -> set[str]:
        out: set[str] = {""}
        for key, span in self.meta.get("catalogs", {}).items():
            if as_of is None:
                out.add(key)
                continue
            d = as_of.isoformat()
            if in_force(span.get("from"), span.get("to"), d):
                out.add(key)
        return out

    def _code_mask(self, codes: np.ndarray, names: list[str], allowed: Iterable[str]) -> np.ndarray:
        wanted = set(allowed)
        table = np.fromiter((nm in wanted for nm in names), dtype=bool, count=len(names))
        return table[codes] if len(names) else np.zeros(len(codes), dtype=bool)

    def mask(
        self, as_of: date | None, regions: frozenset[str] | None, levels: frozenset[str] | None,
        statutes: frozenset[str] | None,
    ) -> np.ndarray:
        key = (as_of, regions, levels, statutes)
        with self.lock:
            cached = self._masks.get(key)
            if cached is not None:
                self._masks.move_to_end(key)
                return cached
        m = self.live.copy()
        versions = self._code_mask(self.version_code, self.version_names, self._versions_allowed(as_of))
        catalogs = self._code_mask(self.catalog_code, self.catalog_names, self._catalogs_allowed(as_of))
        m &= np.where(self.is_item, catalogs, versions)
        if regions is not None:
            m &= self._code_mask(self.region_code, self.region_names, set(regions) | {NATIONAL})
        if levels is not None:
            m &= self._code_mask(self.level_code, self.level_names, levels)
        if statutes is not None:
            m &= self._code_mask(self.statute_code, self.statute_names, statutes)
        m.setflags(write=False)
        with self.lock:
            self._masks[key] = m
            if len(self._masks) > 128:
                self._masks.popitem(last=False)
        return m

    def doc_set(self, mask: np.ndarray) -> set[int]:
        """The mask as a set of docnums (whoosh's searcher takes sets as filters); cached."""
        key = (id(mask),)
        with self.lock:
            if key in self._sets:
                return self._sets[key]
        s = set(np.flatnonzero(mask).tolist())
        with self.lock:
            self._sets[key] = s
            if len(self._sets) > 16:
                self._sets.popitem(last=False)
        return s


def _version_order(vkey: str, span: dict[str, str | None]) -> tuple[str, str]:
    return (span.get("from") or "", vkey.rpartition("@")[2] if "@" in vkey else "")
