"""The arrays of an uncompressed ``.npz``, memory-mapped: how the search's saved files are opened."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def _mapped_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed ``.npz`` (what ``np.savez`` writes), memory-mapped instead of read.

    ``np.load`` ignores ``mmap_mode`` for ``.npz`` and copies every array; the members of an
    uncompressed zip are contiguous ``.npy`` files, so each is mapped at its offset.
    A compressed member is read as ``np.load`` would.  A mapped array is handed out as a plain
    ``ndarray`` view of its map (the map stays open as the view's base): the search slices posting
    arrays hundreds of times per query, and ``np.memmap``'s own slicing (``__array_finalize__``,
    ``__getitem__`` in Python) cost about a sixth of a query's CPU time.
    """
    import struct
    import zipfile

    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as f:
        for info in zf.infolist():
            name = info.filename.removesuffix(".npy")
            if info.compress_type != zipfile.ZIP_STORED:
                with zf.open(info) as member:
                    out[name] = np.lib.format.read_array(member)
                continue
            f.seek(info.header_offset)
            local = f.read(30)
            if local[:4] != b"PK\x03\x04":
                raise ValueError(f"{path.name}: bad zip member {info.filename}")
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            f.seek(info.header_offset + 30 + name_len + extra_len)
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            if dtype.hasobject:
                raise ValueError(f"{path.name}: object array {info.filename}")
            count = int(np.prod(shape)) if shape else 1
            if count == 0:
                out[name] = np.zeros(shape, dtype=dtype)
                continue
            mapped = np.memmap(path, dtype=dtype, mode="r", offset=f.tell(), shape=shape,
                               order="F" if fortran else "C")
            out[name] = mapped.view(np.ndarray)
    return out
