"""Generations swap atomically; a failed build leaves the old one serving; one writer at a time."""

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.datadir import KEEP_GENERATIONS, DataDir, generation_id
from kg.errors import Conflict, NotFound

REPO = Path(__file__).resolve().parents[2]


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
    for n in range(KEEP_GENERATIONS + 2):
        with data.new_generation() as gen:
            (gen / "manifest.json").write_text(f'{{"n": {n}}}')
    kept = [p for p in data.generations.iterdir() if not p.name.startswith(".")]
    assert len(kept) == KEEP_GENERATIONS
    assert data.manifest() == {"n": KEEP_GENERATIONS + 1}


# -- one writer at a time -------------------------------------------------------------------


def _in_thread(fn: Callable[[], object]) -> object:
    """Run ``fn`` in another thread (the writer lock is re-entrant per thread); its result or its exception."""
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(fn)
        try:
            return future.result()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            return exc


def _take_writer(data: DataDir) -> str:
    with data.writer("second"):
        return "got it"


def test_a_second_writer_gets_writer_busy_naming_the_holder(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    with data.writer("ingest_catalog a.csv"):
        with data.writer("nested"):  # re-entrant in the same thread
            assert data.holds_writer()
        holder = data.writer_holder()
        assert holder is not None and holder["pid"] == os.getpid() and holder["action"] == "ingest_catalog a.csv"
        busy = _in_thread(lambda: _take_writer(DataDir(tmp_path, writer_wait=0)))
        assert isinstance(busy, Conflict) and busy.code == "WRITER_BUSY"
        assert str(os.getpid()) in busy.message and "ingest_catalog a.csv" in busy.message
        assert holder["since"] in busy.message
    assert not data.holds_writer()
    assert _in_thread(lambda: _take_writer(DataDir(tmp_path))) == "got it"  # released on exit
    assert data.writer_holder() is None  # the lock file is emptied on release


def test_a_waiting_writer_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    started, release, waiting = threading.Event(), threading.Event(), threading.Event()
    order: list[str] = []
    told: list[dict[str, object]] = []

    def first() -> None:
        with data.writer("first"):
            started.set()
            release.wait(60)
            order.append("first done")

    def on_wait(holder: dict[str, object], seconds: float) -> None:
        told.append(holder)
        waiting.set()

    def second() -> None:
        with DataDir(tmp_path, writer_wait=120, on_wait=on_wait).writer("second"):
            order.append("second in")

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(first)
        assert started.wait(60)
        b = pool.submit(second)
        assert waiting.wait(60)  # the second writer is blocked on the lock ...
        release.set()  # ... until the first one finishes
        a.result(), b.result()
    assert order == ["first done", "second in"]
    assert len(told) == 1 and told[0]["action"] == "first" and told[0]["pid"] == os.getpid()


def test_the_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    code = ("import sys, time; from pathlib import Path; from kg.datadir import DataDir\n"
            "with DataDir(Path(sys.argv[1])).writer('held by a child'):\n"
            "    print('held', flush=True); time.sleep(600)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        busy = _in_thread(lambda: _take_writer(DataDir(tmp_path, writer_wait=0)))
        assert isinstance(busy, Conflict) and str(child.pid) in busy.message and "held by a child" in busy.message
    finally:
        child.kill()
        child.wait()
    assert _in_thread(lambda: _take_writer(DataDir(tmp_path, writer_wait=30))) == "got it"


def test_a_build_sweeps_only_its_own_and_dead_processes_temporary_folders(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    data.generations.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        mine = data.generations / f".tmp-p{os.getpid()}-20200101T000000.1-aaaa"
        of_dead = data.generations / f".tmp-p{dead.pid}-20200101T000000.2-bbbb"
        of_live = data.generations / f".tmp-p{live.pid}-20200101T000000.3-cccc"
        legacy_fresh = data.generations / ".tmp-20200101T000000.4-dddd"  # no pid, just written
        legacy_old = data.generations / ".tmp-20200101T000000.5-eeee"
        for p in (mine, of_dead, of_live, legacy_fresh, legacy_old):
            p.mkdir()
            (p / "graph.pickle").write_bytes(b"half written")
        os.utime(legacy_old, (time.time() - 2 * 3600, time.time() - 2 * 3600))
        with data.new_generation() as gen:
            (gen / "manifest.json").write_text("{}")
        left = {p.name for p in data.generations.glob(".tmp-*")}
        assert left == {of_live.name, legacy_fresh.name}
        assert (of_live / "graph.pickle").read_bytes() == b"half written"  # untouched
    finally:
        live.kill()
        live.wait()


def test_generation_ids_of_temporary_folders() -> None:
    assert generation_id(Path("/x/.tmp-p123-20261207T024108.418022140-4ae5")) == "20261207T024108.418022140-4ae5"
    assert generation_id(Path("/x/.tmp-20261207T024108.418022140-4ae5")) == "20261207T024108.418022140-4ae5"
    assert generation_id(Path("/x/20261207T024108.418022140-4ae5")) == "20261207T024108.418022140-4ae5"


# -- readers pin, pruning skips, rollback ---------------------------------------------------


def _build(data: DataDir, n: int) -> Path:
    with data.new_generation() as gen:
        (gen / "manifest.json").write_text(f'{{"n": {n}}}')
        (gen / "graph.pickle").write_bytes(b"g")
        (gen / "index").mkdir()
    cur = data.current()
    assert cur is not None
    return cur


def test_a_pinned_generation_is_never_pruned(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    _build(data, 0)
    with data.open_current() as pinned:
        assert data.in_use(pinned)
        for n in range(1, KEEP_GENERATIONS + 3):
            _build(data, n)
        assert pinned.is_dir() and json.loads((pinned / "manifest.json").read_text()) == {"n": 0}
        listed = {g["id"]: g for g in data.list_generations()}
        assert listed[pinned.name]["in_use"] and not listed[pinned.name]["current"]
    assert not data.in_use(pinned)
    _build(data, 99)  # released: the next build prunes it
    assert not pinned.exists()
    assert len(data.generation_dirs()) == KEEP_GENERATIONS
    assert not list(data.generations.glob(".trash-*"))


def test_a_lease_held_with_an_object_lasts_as_long_as_the_object(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    first = _build(data, 0)

    class Index:
        lease: object = None

    index = Index()
    index.lease = data.pin_current()
    for n in range(1, KEEP_GENERATIONS + 2):
        _build(data, n)
    assert first.is_dir()
    del index  # the service dropped the old index and no request uses it any more
    _build(data, 50)
    assert not first.exists()


def test_open_current_without_data_is_no_data(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as err, DataDir(tmp_path).open_current():
        pass
    assert err.value.code == "NO_DATA"


def test_activate_restores_the_generations_catalog_copies(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    first = _build(data, 1)  # built without catalogs
    (data.catalogs / "k").mkdir(parents=True)
    (data.catalogs / "k" / "a.csv").write_text("x")
    second = _build(data, 2)
    assert (second / "catalogs" / "k" / "a.csv").exists()
    assert data.find_generation(None) == first
    assert data.activate(first) is True
    assert data.current() == first and not list(data.catalogs.iterdir())
    assert data.find_generation(second.name[:20]) == second
    data.activate(second)
    assert (data.catalogs / "k" / "a.csv").read_text() == "x"
    with pytest.raises(NotFound) as err:
        data.find_generation("nope")
    assert err.value.code == "GENERATION_NOT_FOUND"


def test_pinning_a_generation_moved_away_meanwhile_gives_none(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    gen = _build(data, 1)
    moved = data.generations / ".trash-p1-x"
    lease = data.pin(gen)
    assert lease is not None and lease.pinned
    lease.release()
    os.rename(gen, moved)  # what a pruner does before deleting
    assert data.pin(gen) is None
    assert data.pin_current() is None  # `current` points nowhere now: no data, not an error
