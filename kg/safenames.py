"""Names that are safe to use as one path component, and writes that stay inside a folder.

User input (a catalog's file name, its document number) becomes a folder or
file name in the data directory.  ``..`` there once deleted the whole data
directory, so every such name goes through :func:`safe_component`, and every
path built from one goes through :func:`inside` before anything is written
or removed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from kg.errors import InvalidInput

MAX_COMPONENT = 80  # characters; CJK is 3 bytes in UTF-8, and most file systems allow 255 bytes

# separators, NUL and the other control characters, and characters Windows refuses
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def safe_component(name: str, *, fallback: str = "catalog", max_len: int = MAX_COMPONENT) -> str:
    """One path component derived from ``name``: no separators, never ``.`` or ``..``, bounded length.

    Different unsafe names give different results (a hash of the original is
    appended whenever anything had to change), so two hostile names never
    collide on one folder.

    >>> safe_component("柯政办发〔2022〕15号")
    '柯政办发〔2022〕15号'
    >>> safe_component("..").startswith("catalog-"), safe_component(".") != safe_component("..")
    (True, True)
    >>> "/" in safe_component("a/../b"), safe_component("a/../b").startswith("a_b")
    (False, True)
    >>> len(safe_component("长" * 300)) <= 80
    True
    """
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFKC", name)).strip().strip(".").strip()
    cleaned = re.sub(r"_+", "_", cleaned).replace("_._", "_").strip("_")
    cleaned = re.sub(r"(?:_?\.\.+_?)+", "_", cleaned).strip("_")  # no '..' runs anywhere
    if cleaned == name and 0 < len(cleaned) <= max_len:
        return cleaned
    digest = _short_hash(name)
    if not cleaned:
        return f"{fallback}-{digest}"
    return f"{cleaned[: max_len - len(digest) - 1]}-{digest}"


def safe_filename(name: str, *, fallback: str = "catalog", max_len: int = MAX_COMPONENT) -> str:
    """A safe file name that keeps a short alphanumeric suffix.

    >>> safe_filename("...csv").startswith("catalog-"), safe_filename("...csv").endswith(".csv")
    (True, True)
    >>> safe_filename("目录.xlsx")
    '目录.xlsx'
    >>> safe_filename("../../etc/passwd.csv")
    'passwd.csv'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not (dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,8}", suffix)):
        stem, suffix = base, ""
    safe_stem = safe_component(stem, fallback=fallback, max_len=max_len - len(suffix) - 1 if suffix else max_len)
    return f"{safe_stem}.{suffix}" if suffix else safe_stem


def inside(root: Path, *parts: str) -> Path:
    """``root / parts`` after checking that it resolves to a path strictly inside ``root``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     inside(Path(d), "catalogs", "x").name
    'x'
    >>> with tempfile.TemporaryDirectory() as d:
    ...     inside(Path(d), "..")
    Traceback (most recent call last):
    kg.errors.InvalidInput: 路径不在数据目录内：..
    """
    base = Path(root).resolve()
    target = base.joinpath(*parts).resolve()
    if target == base or base not in target.parents:
        raise InvalidInput(f"路径不在数据目录内：{'/'.join(parts)[:120]}", code="UNSAFE_PATH")
    return base.joinpath(*parts)
