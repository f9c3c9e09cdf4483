"""The audit log: one JSON line per change of the data directory, append-only.

``DATA/audit.log`` gets a line for every ingest and rollback: when (ISO UTC),
who (``actor``: the OS user for the CLI, the token's name over HTTP), what
(``kind``, the files with their sha256, node counts before/after with how many
were added and removed) and the generation before and after.  Lines are
written under the writer lock, appended with ``O_APPEND`` and fsync'd before
the change is reported as done; nothing in the code base rewrites or
truncates the file.
"""

from __future__ import annotations

import getpass
import gzip
import json
import os
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.datadir import DataDir, fsync_dir, utc_now

LOG = "audit.log"
INVENTORY = "inventory.json.gz"
# what an entry counts: label in the graph -> name in the entry
COUNTED = {"Statute": "statutes", "Provision": "provisions", "PenaltyItem": "items", "Catalog": "catalogs"}


def os_user() -> str:
    """The OS user running this process (``uid:N`` when it has no name)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def record(data: DataDir, entry: dict[str, Any]) -> dict[str, Any]:
    """Append one entry (``time`` is added when missing) and fsync it; returns the entry as written."""
    line = {"time": utc_now(), **entry}
    line.setdefault("actor", os_user())
    text = json.dumps(line, ensure_ascii=False, sort_keys=False, default=str) + "\n"
    with data.writer(f"audit {line.get('kind', '')}"):
        new = not (data.root / LOG).exists()
        fd = os.open(data.root / LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)
        try:
            view = memoryview(text.encode("utf-8"))
            while view:  # one write in practice; the lock keeps other appenders out meanwhile
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(data.root)
    return line


def read(data: DataDir, limit: int | None = None) -> list[dict[str, Any]]:
    """The entries, oldest first (with ``limit``: the last ``limit`` of them).

    A line that does not parse (a write cut short by a crash) comes back as
    ``{"kind": "unreadable", "line": N}`` rather than being hidden.
    """
    path = data.root / LOG
    if not path.exists():
        return []
    out: deque[dict[str, Any]] = deque(maxlen=limit if limit and limit > 0 else None)
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
            except ValueError:
                entry = None
            out.append(entry if isinstance(entry, dict) else {"kind": "unreadable", "line": n})
    return list(out)


# -- counts -------------------------------------------------------------------------------


def inventory_of(store: Any) -> dict[str, list[str]]:
    """The keys of the counted nodes of a store (``node_rows`` with no fields: keys only)."""
    return {label: sorted(str(row[0]) for row in store.node_rows(label, ())) for label in COUNTED}


def save_inventory(gen: Path, inventory: dict[str, list[str]]) -> None:
    with gzip.open(gen / INVENTORY, "wt", encoding="utf-8", compresslevel=5) as fh:
        json.dump(inventory, fh, ensure_ascii=False, separators=(",", ":"))


def load_inventory(gen: Path | None) -> dict[str, list[str]] | None:
    """A generation's inventory, or None (no generation, or built before inventories were kept)."""
    if gen is None:
        return None
    try:
        with gzip.open(gen / INVENTORY, "rt", encoding="utf-8") as fh:
            data: dict[str, list[str]] = json.load(fh)
    except (OSError, ValueError, EOFError):
        return None
    return data


def count_changes(before: Mapping[str, Iterable[str]] | None,
                  after: Mapping[str, Iterable[str]] | None) -> dict[str, dict[str, int | None]]:
    """Per counted label: before, after, added, removed (None where a side is unknown).

    >>> count_changes({"Statute": ["a", "b"]}, {"Statute": ["b", "c", "d"]})["statutes"]
    {'before': 2, 'after': 3, 'added': 2, 'removed': 1}
    >>> count_changes(None, {"Statute": ["a"]})["statutes"]
    {'before': None, 'after': 1, 'added': None, 'removed': None}
    """
    out: dict[str, dict[str, int | None]] = {}
    for label, name in COUNTED.items():
        b = set(before.get(label, ())) if before is not None else None
        a = set(after.get(label, ())) if after is not None else None
        out[name] = {
            "before": len(b) if b is not None else None,
            "after": len(a) if a is not None else None,
            "added": len(a - b) if a is not None and b is not None else None,
            "removed": len(b - a) if a is not None and b is not None else None,
        }
    return out
