"""jieba's prefix dictionary as sorted arrays in memory-mapped files: what lets a query process start fast.

``jieba.Tokenizer.initialize`` unmarshals about 500k words into a dict, and
``kg.analysis`` then adds the legal terms and computes a log probability per
word: seconds on a loaded machine and about 100 MB, for a query of ten words.
Here the dictionary with the legal terms in it is written once per machine
(beside jieba's own cache, keyed by jieba's dictionary and the legal terms)
as two ``.npy`` files; a process maps them and looks words up by binary
search, remembering what it looked up.  Words added later (statute titles)
go to a small dict on top.  The values are the very integers of the full
dictionary, so cutting is word for word the same (``tests/unit/test_compact_dictionary.py``).

A process that cuts a lot (the pipeline) outgrows the lookups:
``CompactFreq.misses`` tells ``kg.analysis`` when to build the ordinary dict.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = 1
_ABSENT = object()


class CompactFreq:
    """A ``dict[str, int]`` look-alike over sorted byte strings (what jieba's ``Tokenizer.FREQ`` is used as)."""

    def __init__(self, words: np.ndarray, freqs: np.ndarray) -> None:
        self._words = words
        self._freqs = freqs
        self._n = len(words)
        self._width = words.dtype.itemsize
        self._memo: dict[str, int | None] = {}
        self._added: dict[str, int] = {}
        self.misses = 0

    def _base(self, key: str) -> int | None:
        got = self._memo.get(key, _ABSENT)
        if got is not _ABSENT:
            return got  # type: ignore[return-value]
        self.misses += 1
        raw = key.encode("utf-8")
        value: int | None = None
        if raw and len(raw) <= self._width and b"\0" not in raw:
            i = int(np.searchsorted(self._words, raw))
            if i < self._n and self._words[i] == raw:
                value = int(self._freqs[i])
        self._memo[key] = value
        return value

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._added:
            return self._added[key]
        value = self._base(key)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self._added or self._base(key) is not None)

    def __getitem__(self, key: str) -> int:
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return int(value)

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = value

    def __len__(self) -> int:
        return self._n + sum(1 for k in self._added if self._base(k) is None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def items(self) -> Iterable[tuple[str, int]]:
        return self.to_dict().items()

    def to_dict(self) -> dict[str, int]:
        """The ordinary dict: the base words, then the added ones (the same pairs as jieba's own)."""
        out = dict(zip((w.decode("utf-8") for w in self._words.tolist()), self._freqs.tolist(), strict=True))
        out.update(self._added)
        return out


class CompactLogProbs:
    """``kg.analysis``'s word -> log probability table, computed per word on demand (the same floats)."""

    def __init__(self, freq: CompactFreq, logtotal: float) -> None:
        self._freq = freq
        self._logtotal = logtotal
        self._memo: dict[str, float | None] = {}

    def get(self, key: str, default: Any = None) -> Any:
        got = self._memo.get(key, _ABSENT)
        if got is _ABSENT:
            f = self._freq.get(key, _ABSENT)
            if f is _ABSENT:
                return default
            got = self._memo[key] = math.log(f) - self._logtotal if f else None
        return got


def cache_key(words: Iterable[tuple[str, int]]) -> str:
    """The key of a compact dictionary: this format, jieba's version and dictionary, the words added to it."""
    import jieba

    h = hashlib.sha1(f"{FORMAT}|{getattr(jieba, '__version__', '')}".encode())
    dict_file = Path(jieba.__file__).parent / "dict.txt"
    if dict_file.exists():
        st = dict_file.stat()
        h.update(f"|{st.st_size}|{st.st_mtime_ns}".encode())
    for word, freq in words:
        h.update(f"\n{word}\t{freq}".encode())
    return h.hexdigest()[:20]


def cache_dir(key: str) -> Path:
    return Path(tempfile.gettempdir()) / f"yiju-jieba-{key}"


def load(key: str) -> tuple[CompactFreq, int] | None:
    """The compact dictionary of ``key`` (memory-mapped) and jieba's ``total``, or None when not written yet."""
    folder = cache_dir(key)
    try:
        words = np.load(folder / "words.npy", mmap_mode="r")
        freqs = np.load(folder / "freqs.npy", mmap_mode="r")
        total = int((folder / "total").read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None
    if len(words) != len(freqs) or words.dtype.kind != "S":
        return None
    return CompactFreq(words, freqs), total


def save(key: str, freq: dict[str, int], total: int) -> bool:
    """Write the compact form of a full dictionary (atomically; False when it cannot be written)."""
    folder = cache_dir(key)
    if folder.exists():
        return True
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    try:
        items = sorted((w.encode("utf-8"), f) for w, f in freq.items() if w and "\0" not in w)
        if len(items) != len(freq):
            return False
        tmp.mkdir(parents=True, exist_ok=True)
        words = np.array([w for w, _ in items], dtype=f"S{max((len(w) for w, _ in items), default=1)}")
        np.save(tmp / "words.npy", words)
        np.save(tmp / "freqs.npy", np.array([f for _, f in items], dtype=np.int64))
        (tmp / "total").write_text(str(int(total)), encoding="ascii")
        tmp.rename(folder)
        return True
    except OSError:
        return False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
