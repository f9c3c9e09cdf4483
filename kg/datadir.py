"""The data directory: generations of graph + index, swapped atomically, one writer at a time.

Layout under ``YIJU_DATA_DIR``::

    current -> generations/<id>     symlink, replaced atomically on success
    generations/<id>/graph.pickle   the embedded graph
    generations/<id>/index/         the whoosh index
    generations/<id>/manifest.json  inputs (paths, content hashes) and counts
    generations/<id>/inventory.json.gz  node keys (statutes, provisions, items, catalogs): audit counts
    generations/<id>/catalogs/      the catalog copies this generation was built from (for rollback)
    generations/<id>/.lease         readers hold a shared flock on it while they use the generation
    catalogs/                       copies of ingested catalog files (+ sidecars)
    cache/                          parse results by content hash and parser code (ingest.stages.parse)
    audit.log                       one JSON line per change (kg.audit)
    .writer.lock                    the writer lock; holds who has it (pid, command, since)

**One writer.**  Everything that changes the data directory (ingests, rollback)
runs inside :meth:`DataDir.writer`: an exclusive ``flock`` on ``.writer.lock``,
shared by the CLI and the server.  A second writer waits up to
``writer_wait`` seconds, then gets :class:`~kg.errors.Conflict` ``WRITER_BUSY``
naming the holder.  The lock is re-entrant within one thread.  The kernel
drops it when the holder dies, even on ``kill -9``.

**Builds.**  A build writes into ``generations/.tmp-p<pid>-<id>``; only a
complete build is renamed and pointed to by ``current``.  A crash or Ctrl-C
leaves the previous generation serving.  A writer sweeps only its own
temporary folders and those of dead processes, never a live one's.

**Readers pin.**  :meth:`DataDir.open_current` (or :meth:`DataDir.pin_current`)
holds a shared ``flock`` on the generation's ``.lease``; pruning takes the lease
exclusively (without waiting) before it moves a generation away, so a
generation in use is never removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from kg.errors import Conflict, InvalidInput, NotFound

KEEP_GENERATIONS = 3  # the newest ones kept (plus the current one and any in use): two steps of rollback
WRITER_LOCK = ".writer.lock"
LEASE = ".lease"
LEGACY_TMP_AGE = 3600.0  # seconds: a temporary folder without an owner pid is swept only when this old

_held = threading.local()  # root -> depth of the writer lock held by this thread


def utc_now() -> str:
    """ISO 8601 UTC time to the second, with a ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fsync_dir(path: Path) -> None:
    """Flush a directory's entries (a rename or a new file in it) to disk; best effort."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _holder(fd: int) -> dict[str, Any]:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def describe_holder(info: dict[str, Any]) -> str:
    """The writer lock's holder in Chinese: pid, command, since when, doing what."""
    return (f"进程 {info.get('pid', '未知')}（{info.get('command') or '未知命令'}）"
            f"自 {info.get('since', '未知时间')} 起执行“{info.get('action', '未知操作')}”")


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _owner(name: str) -> int | None:
    """The pid in ``.tmp-p<pid>-...`` / ``.trash-p<pid>-...`` / ``.current-p<pid>-...`` (None: no pid)."""
    rest = name.split("-", 1)[1] if "-" in name else ""
    head = rest.split("-", 1)[0]
    if head.startswith("p") and head[1:].isdigit():
        return int(head[1:])
    return None


def generation_id(path: Path) -> str:
    """The id of a generation folder, final or temporary (``.tmp-p<pid>-<id>``)."""
    name = path.name
    if name.startswith(".tmp-"):
        name = name.removeprefix(".tmp-")
        if _owner(".tmp-" + name) is not None:
            name = name.split("-", 1)[1]
    return name


class Lease:
    """A shared flock on one generation's ``.lease``: pruning leaves the generation alone while held.

    Released by :meth:`release`, by leaving the ``with`` block, or when the
    object is garbage collected (so a lease kept alongside an open index lasts
    exactly as long as something uses that index).
    """

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    @property
    def pinned(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the last descriptor drops the flock

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter exit the descriptor goes anyway
            self.release()


class DataDir:
    def __init__(self, root: Path, *, writer_wait: float = 0.0,
                 on_wait: Callable[[dict[str, Any], float], None] | None = None) -> None:
        self.root = Path(root)
        self.writer_wait = writer_wait  # seconds a writer waits for another one to finish
        self.on_wait = on_wait  # told once (holder, seconds) when a writer starts waiting: e.g. the CLI says so

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

    def manifest(self, generation: Path | None = None) -> dict[str, Any]:
        gen = generation if generation is not None else self.current()
        if gen is None or not (gen / "manifest.json").exists():
            return {}
        try:
            data: dict[str, Any] = json.loads((gen / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data

    # -- one writer at a time ------------------------------------------------------------

    def _lock_key(self) -> str:
        return str(self.root.resolve())

    def holds_writer(self) -> bool:
        """Whether this thread holds the writer lock of this data directory."""
        roots: dict[str, int] = getattr(_held, "roots", {})
        return roots.get(self._lock_key(), 0) > 0

    @contextmanager
    def writer(self, action: str, *, wait: float | None = None) -> Iterator[None]:
        """Hold the data directory's writer lock (exclusive flock on ``.writer.lock``) for the block.

        Re-entrant in one thread.  Waits up to ``wait`` (default ``writer_wait``)
        seconds for another writer; then :class:`Conflict` ``WRITER_BUSY`` names it.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        key = self._lock_key()
        roots: dict[str, int] = getattr(_held, "roots", None) or {}
        _held.roots = roots
        if roots.get(key, 0) > 0:
            roots[key] += 1
            try:
                yield
            finally:
                roots[key] -= 1
            return
        fd = os.open(self.root / WRITER_LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            self._acquire(fd, action, self.writer_wait if wait is None else wait)
        except BaseException:
            os.close(fd)
            raise
        roots[key] = 1
        try:
            yield
        finally:
            roots[key] = 0
            try:
                os.ftruncate(fd, 0)  # before unlocking: the next holder writes its own line
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)

    def _acquire(self, fd: int, action: str, wait: float) -> None:
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._busy(fd, wait) from None
                if not told and self.on_wait is not None:
                    told = True
                    self.on_wait(_holder(fd), wait)
                time.sleep(min(0.1, left))
        info = {"pid": os.getpid(), "command": " ".join(sys.argv)[:300], "action": action[:200],
                "since": utc_now(), "thread": threading.current_thread().name}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"), 0)

    def writer_holder(self) -> dict[str, Any] | None:
        """Who holds the writer lock now, as written in the lock file (None: nobody, or unknown)."""
        try:
            raw = (self.root / WRITER_LOCK).read_bytes()
        except OSError:
            return None
        try:
            info: dict[str, Any] = json.loads(raw.decode("utf-8"))
        except ValueError:
            return None
        return info

    def _busy(self, fd: int, wait: float) -> Conflict:
        info = _holder(fd)
        who = describe_holder(info)
        waited = f"已等待 {wait:g} 秒；" if wait > 0 else ""
        return Conflict(f"数据目录正由另一写入任务使用：{who}。{waited}请待其完成后重试"
                        "（CLI 可设置 YIJU_WRITER_WAIT 延长等待秒数）。",
                        code="WRITER_BUSY", holder=info)

    # -- building a generation -------------------------------------------------------------

    @contextmanager
    def new_generation(self) -> Iterator[Path]:
        """Yield an empty folder; on normal exit it becomes ``current``.  Holds the writer lock."""
        with self.writer("build generation"):
            self.generations.mkdir(parents=True, exist_ok=True)
            self._sweep()
            now = time.time_ns()  # sortable ids: pruning keeps the newest
            gen_id = (time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
                      + f".{now % 10**9:09d}-{uuid.uuid4().hex[:4]}")
            tmp = self.generations / f".tmp-p{os.getpid()}-{gen_id}"
            tmp.mkdir()
            (tmp / LEASE).touch()
            try:
                yield tmp
                # the catalog copies this generation was built from, restored by a rollback
                if self.catalogs.is_dir():
                    shutil.copytree(self.catalogs, tmp / "catalogs")
                else:
                    (tmp / "catalogs").mkdir()
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            final = self.generations / gen_id
            os.replace(tmp, final)
            self._point_current(final)
            self._prune()

    def _point_current(self, gen: Path) -> None:
        link_tmp = self.root / f".current-p{os.getpid()}-{gen.name}"
        link_tmp.unlink(missing_ok=True)
        os.symlink(Path("generations") / gen.name, link_tmp)
        os.replace(link_tmp, self.root / "current")
        fsync_dir(self.root)  # the switch is on disk before it is reported (and audited)

    def _mine_or_dead(self, p: Path) -> bool:
        owner = _owner(p.name)
        if owner is None:  # written before folders carried their pid: only when clearly abandoned
            try:
                return time.time() - p.lstat().st_mtime > LEGACY_TMP_AGE
            except OSError:
                return False
        return owner == os.getpid() or not pid_alive(owner)

    def _sweep(self) -> None:
        """Remove temporary builds, trash and link files of this process or of dead ones, never a live one's."""
        for pattern in (".tmp-*", ".trash-*"):
            for p in self.generations.glob(pattern):
                if self._mine_or_dead(p):
                    shutil.rmtree(p, ignore_errors=True)
        for p in [*self.root.glob(".current-*"), *self.root.glob(".catalogs-*")]:
            if self._mine_or_dead(p):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)

    def generation_dirs(self) -> list[Path]:
        """Complete generations, oldest first."""
        if not self.generations.is_dir():
            return []
        return sorted(p for p in self.generations.iterdir() if p.is_dir() and not p.name.startswith("."))

    def _prune(self) -> None:
        cur = self.current()
        for old in self.generation_dirs()[:-KEEP_GENERATIONS]:
            if old != cur:
                self._remove_unleased(old)

    def _remove_unleased(self, gen: Path) -> bool:
        """Move a generation away and delete it, unless a reader holds its lease."""
        try:
            fd = os.open(gen / LEASE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            return False
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # in use: the next build tries again
            trash = self.generations / f".trash-p{os.getpid()}-{gen.name}"
            os.rename(gen, trash)  # readers that resolved it before see it gone and re-resolve
        finally:
            os.close(fd)
        shutil.rmtree(trash, ignore_errors=True)
        return True

    # -- readers ---------------------------------------------------------------------------

    def pin_current(self) -> Lease | None:
        """A lease on the serving generation (None: no data yet).

        If the data directory is read-only the lease is not pinned
        (``lease.pinned`` is false) and the generation is used all the same.
        """
        for _ in range(20):
            cur = self.current()
            if cur is None:
                return None
            lease = self.pin(cur)
            if lease is not None:
                return lease
        raise Conflict("数据正在频繁切换，暂时无法读取，请稍后重试", code="GENERATION_MOVING")

    def pin(self, gen: Path) -> Lease | None:
        """A lease on one generation, or None when it was pruned meanwhile."""
        try:
            fd = os.open(gen / LEASE, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:
            return None  # moved away: the caller resolves again
        except OSError:
            return Lease(gen, None)
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a pruner moves it away
        if gen.is_dir():  # still there: a pruner renames a generation away before deleting it
            return Lease(gen, fd)
        os.close(fd)
        return None

    @contextmanager
    def open_current(self) -> Iterator[Path]:
        """The serving generation, pinned for the block: it is never pruned while in use."""
        lease = self.pin_current()
        if lease is None:
            raise NotFound("尚无数据：请先运行 yiju ingest laws <目录> 或 yiju demo", code="NO_DATA")
        with lease:
            yield lease.path

    def in_use(self, gen: Path) -> bool:
        """Whether some reader holds the generation's lease (a snapshot: it may change right after)."""
        try:
            fd = os.open(gen / LEASE, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    # -- listing and rollback ------------------------------------------------------------

    def list_generations(self) -> list[dict[str, Any]]:
        """Every complete generation, oldest first: id, built time, counts, current and in-use markers."""
        cur = self.current()
        out = []
        for gen in self.generation_dirs():
            m = self.manifest(gen)
            counts = m.get("counts")
            if counts is None:  # built before counts were kept
                report = m.get("laws_report", {})
                counts = {"statutes": report.get("statutes"), "provisions": report.get("articles")}
            out.append({"id": gen.name, "built": m.get("built"), "counts": counts, "current": gen == cur,
                        "in_use": self.in_use(gen), "catalogs_kept": (gen / "catalogs").is_dir(),
                        "complete": (gen / "graph.pickle").exists() and (gen / "index").is_dir()})
        return out

    def find_generation(self, gen_id: str | None) -> Path:
        """The generation ``gen_id`` (a unique prefix will do), or the one before the current one."""
        gens = self.generation_dirs()
        cur = self.current()
        if gen_id is None:
            older = [g for g in gens if cur is None or g.name < cur.name]
            if not older:
                raise NotFound("没有比当前更早的数据代可供回滚（用 yiju generations 查看）",
                               code="NO_PREVIOUS_GENERATION")
            return older[-1]
        found = [g for g in gens if g.name == gen_id] or [g for g in gens if g.name.startswith(gen_id)]
        if len(found) != 1:
            what = "不唯一" if found else "不存在"
            raise NotFound(f"数据代“{gen_id[:80]}”{what}（用 yiju generations 查看）", code="GENERATION_NOT_FOUND")
        return found[0]

    def activate(self, gen: Path) -> bool:
        """Make a complete earlier generation ``current`` again, its catalog copies with it (writer lock).

        Returns whether the catalog copies were restored (generations built
        before they were kept leave ``catalogs/`` as it is).
        """
        with self.writer(f"rollback {gen.name}"):
            if not ((gen / "graph.pickle").exists() and (gen / "index").is_dir()
                    and (gen / "manifest.json").exists()):
                raise InvalidInput(f"数据代 {gen.name} 不完整，无法回滚到它", code="GENERATION_INCOMPLETE")
            lease = self.pin(gen)
            if lease is None:
                raise NotFound(f"数据代 {gen.name} 已被清理", code="GENERATION_NOT_FOUND")
            with lease:  # nobody prunes it while it becomes current
                restored = self._restore_catalogs(gen)
                self._point_current(gen)
            return restored

    def reconcile_catalogs(self) -> bool:
        """Make ``catalogs/`` the copies the serving generation was built from (writer lock).

        A build that failed or was killed after it copied a new catalog in
        leaves that copy behind; the next writer drops it here, so a later
        ``ingest laws`` never brings in a catalog that never served.  Returns
        whether anything changed.
        """
        with self.writer("reconcile catalogs"):
            cur = self.current()
            if cur is None or not (cur / "catalogs").is_dir():
                return False
            if _tree_state(cur / "catalogs") == _tree_state(self.catalogs):
                return False
            return self._restore_catalogs(cur)

    def _restore_catalogs(self, gen: Path) -> bool:
        kept = gen / "catalogs"
        if not kept.is_dir():
            return False
        fresh = self.root / f".catalogs-p{os.getpid()}-new"
        old = self.root / f".catalogs-p{os.getpid()}-old"
        for p in (fresh, old):
            shutil.rmtree(p, ignore_errors=True)
        shutil.copytree(kept, fresh)
        if self.catalogs.exists():
            os.rename(self.catalogs, old)
        os.rename(fresh, self.catalogs)
        shutil.rmtree(old, ignore_errors=True)
        return True


def _tree_state(root: Path) -> dict[str, tuple[int, bytes]]:
    """Relative path -> (size, content) of every file under ``root`` (catalog copies are small)."""
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.read_bytes())
            for p in root.rglob("*") if p.is_file()}
