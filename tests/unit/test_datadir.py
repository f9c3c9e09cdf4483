"""Generations swap atomically; a failed build leaves the old one serving."""

from pathlib import Path

import pytest

from kg.datadir import DataDir


def test_new_generation_becomes_current(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    assert data.current() is None
    with data.new_generation() as gen:
        (gen / "manifest.json").write_text('{"n": 1}')
    assert data.manifest() == {"n": 1}


def test_failed_build_keeps_previous_generation(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    with data.new_generation() as gen:
        (gen / "manifest.json").write_text('{"n": 1}')
    first = data.current()
    with pytest.raises(KeyboardInterrupt), data.new_generation() as gen:
        (gen / "manifest.json").write_text('{"n": 2}')
        raise KeyboardInterrupt
    assert data.current() == first
    assert data.manifest() == {"n": 1}
    assert not list(data.generations.glob(".tmp-*"))


def test_old_generations_are_pruned(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    for n in range(4):
        with data.new_generation() as gen:
            (gen / "manifest.json").write_text(f'{{"n": {n}}}')
    kept = [p for p in data.generations.iterdir() if not p.name.startswith(".")]
    assert len(kept) == 2
    assert data.manifest() == {"n": 3}
