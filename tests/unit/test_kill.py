"""kill -9 of an ingest: the previous generation keeps serving and no parse worker is left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from ingest.pipeline import ingest_laws
from kg.datadir import DataDir
from kg.nx_store import NetworkxStore

REPO = Path(__file__).resolve().parents[2]
GREENING = REPO / "demo" / "laws" / "行政法规" / "城市绿化条例(2017-03-01).md"
FILES = 160  # more than the 50 below which the pipeline parses without a pool


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _poll(cond: object, what: str, proc: subprocess.Popen[bytes] | None = None, limit: float = 300) -> None:
    """Wait for ``cond()`` (a generous bound against hangs, not a timing check)."""
    deadline = time.monotonic() + limit
    while not cond():  # type: ignore[operator]
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"进程在{what}之前已退出（{proc.returncode}）：{proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > deadline:
            pytest.fail(f"等待{what}超时")
        time.sleep(0.05)


def _ingest(src: Path, data: DataDir) -> subprocess.Popen[bytes]:
    env = {**os.environ, "YIJU_DATA_DIR": str(data.root), "YIJU_GRAPH_BACKEND": "networkx"}
    return subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", "laws", str(src), "--workers", "2"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _assert_previous_serves(data: DataDir, before: Path) -> None:
    assert data.current() == before
    store = NetworkxStore.load(before / "graph.pickle")
    assert [s["key"] for s in store.find("Statute")] == ["城市绿化条例"]


@pytest.mark.corpus
def test_kill_9_mid_ingest_keeps_serving_and_leaves_no_workers(tmp_path: Path, shared_dir: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(GREENING, first / GREENING.name)
    data = DataDir(tmp_path / "data")
    ingest_laws([first], data, workers=1)
    before = data.current()
    assert before is not None

    src = tmp_path / "corpus"
    laws = sorted(p for p in (shared_dir / "corpus" / "laws" / "行政法规").rglob("*.md") if p.stat().st_size < 40_000)
    src.mkdir()
    for p in laws[:FILES]:
        shutil.copy(p, src / p.name)

    # 1. killed while its workers parse
    proc = _ingest(src, data)
    parent = psutil.Process(proc.pid)
    _poll(lambda: len(parent.children()) >= 2, "解析进程启动", proc)
    workers = [c.pid for c in parent.children(recursive=True)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    try:
        _poll(lambda: not any(_alive(pid) for pid in workers), "解析进程随父进程退出", limit=60)
    finally:  # a failing run leaves no orphans behind either
        for pid in filter(_alive, workers):
            os.kill(pid, signal.SIGKILL)
    _assert_previous_serves(data, before)

    # 2. killed while it writes the new generation (the parse cache makes this run reach the build)
    proc = _ingest(src, data)
    _poll(lambda: any(data.generations.glob(f".tmp-p{proc.pid}-*")), "新数据代开始写入", proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _assert_previous_serves(data, before)
    assert list(data.generations.glob(f".tmp-p{proc.pid}-*"))  # left behind by the dead writer ...
    ingest_laws([first], data, workers=1, force=True)  # ... and swept by the next one
    assert not list(data.generations.glob(".tmp-*"))
    assert data.current() != before


CHILD_PARENT = """
import multiprocessing as mp, os, sys, time
from kg.children import die_with_parent

def child(parent, armed):
    if armed:
        die_with_parent(parent)
    time.sleep(600)

if __name__ == "__main__":
    p = mp.get_context("fork").Process(target=child, args=(os.getpid(), sys.argv[1] == "armed"), daemon=True)
    p.start()
    print(p.pid, flush=True)
    time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
@pytest.mark.parametrize("armed", [True, False])
def test_a_forked_helper_dies_with_its_killed_parent_only_when_armed(armed: bool) -> None:
    parent = subprocess.Popen([sys.executable, "-c", CHILD_PARENT, "armed" if armed else "plain"], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    try:
        if armed:
            _poll(lambda: not _alive(child), "子进程随父进程退出", limit=60)
        else:  # the control: without it the helper outlives a kill -9 of its parent (what happened before)
            time.sleep(0.5)
            assert _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
