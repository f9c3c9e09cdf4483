"""Catalog imports as background jobs: one worker thread, one job at a time, off the event loop.

``POST /catalogs`` saves the upload in a private temporary folder and queues a :class:`Job`;
the worker runs the ingest (the same as ``yiju ingest catalog``, then the Neo4j sync when that is
the backend), loads the new generation into the service and only then marks the job done, so a
client that saw ``done`` finds the new items.  Meanwhile requests are answered from the old
generation.

With the embedded backend the ingest runs in a child process (``python -m api.jobs``): it
unpickles, resolves and writes a whole graph, which in the server's own process would double
its memory and, holding the GIL for seconds at a time, stall every request.  The child takes the
writer lock itself and hands back the report or the error as JSON.  (With Neo4j the ingest and
the sync stay in the worker thread, under one writer lock.)
"""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.cli_text import report_labels
from api.errors import Busy
from kg.errors import BackendUnavailable, YijuError

log = logging.getLogger("yiju.jobs")

KEEP_FINISHED = 200  # finished jobs kept for GET /jobs/{id}
IMPORT_NICENESS = 10  # the import process's scheduling priority below the server's
INTERNAL_ERROR = {"code": "INTERNAL", "message": "导入时发生内部错误，已记录；现有数据未受影响"}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class Job:
    id: str
    file: str
    actor: str
    folder: Path  # private temporary folder holding the upload; removed when the job ends
    path: Path
    sidecar: Path | None = None
    kind: str = "catalog"
    status: str = "queued"
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None
    error: dict[str, Any] | None = None
    report: dict[str, Any] | None = None
    ended: threading.Event = field(default_factory=threading.Event, repr=False)

    def to_dict(self, position: int | None = None) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "status": self.status, "file": self.file, "actor": self.actor,
                "created": self.created, "started": self.started, "finished": self.finished,
                "position": position, "message": self.message(position), "error": self.error,
                "report": self.report, "labels": report_labels(self.report) if self.report is not None else None}

    def message(self, position: int | None = None) -> str:
        """What happened, in Chinese, for people."""
        if self.status == "queued":
            return f"排队中（前面还有 {position} 个任务）" if position else "排队中，即将开始导入"
        if self.status == "running":
            return f"正在导入「{self.file}」，期间检索照常使用现有数据"
        if self.status == "failed":
            return f"导入失败：{(self.error or {}).get('message', '未知原因')}"
        r = self.report or {}
        resolution = r.get("resolution") or {}
        resolved = resolution.get("resolved", 0)
        cited = r.get("citations_found", 0)
        rejected = r.get("rows_rejected", 0)
        text = (f"已导入目录「{r.get('title') or self.file}」：读取 {r.get('rows_read', 0)} 行，"
                f"{r.get('items', 0)} 个事项；法律依据引用 {cited} 处，解析到条文 {resolved} 处")
        if rejected:
            text += f"；{rejected} 行未导入，原因见 diagnostics"
        return text


class JobQueue:
    """A bounded queue of catalog imports and the one thread that runs them in order."""

    def __init__(self, service: Any, *, max_queued: int = 4) -> None:
        self.service = service
        self.max_queued = max_queued
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._waiting: list[str] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # -- the HTTP side -------------------------------------------------------------

    def submit(self, job: Job) -> Job:
        with self._lock:
            if len(self._waiting) >= self.max_queued:
                raise Busy(f"已有 {len(self._waiting)} 个导入任务在排队，请稍后重试", code="UPLOAD_QUEUE_FULL")
            self._jobs[job.id] = job
            self._waiting.append(job.id)
            self._trim()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="yiju-import-worker", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            position = self._waiting.index(job_id) if job_id in self._waiting else None
            return job.to_dict(position)

    def wait(self, job_id: str, timeout: float | None = None) -> dict[str, Any] | None:
        """The job once it has ended (or as it is after ``timeout`` seconds)."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            return None
        job.ended.wait(timeout)
        return self.get(job_id)

    def running(self) -> bool:
        with self._lock:
            return any(j.status == "running" for j in self._jobs.values())

    def new_job(self, file: str, actor: str) -> Job:
        from tempfile import mkdtemp

        folder = Path(mkdtemp(prefix="yiju-upload-"))
        return Job(id=uuid.uuid4().hex, file=file, actor=actor, folder=folder, path=folder / file)

    def _trim(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.status in ("done", "failed")]
        for k in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[k]

    # -- the worker ------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            with self._lock:
                if job.id in self._waiting:
                    self._waiting.remove(job.id)
                job.status, job.started = "running", _now()
            report: dict[str, Any] | None = None
            error: dict[str, Any] | None = None
            try:
                report = self.run(job)
            except YijuError as exc:
                error = exc.to_dict()
            except Exception:  # a failed job is reported, the worker goes on
                log.exception("catalog import %s failed", job.id)
                error = dict(INTERNAL_ERROR)
            finally:
                shutil.rmtree(job.folder, ignore_errors=True)
            self._finish(job, report=report, error=error)

    def _finish(self, job: Job, *, report: dict[str, Any] | None = None, error: dict[str, Any] | None = None) -> None:
        with self._lock:
            job.report, job.error = report, error
            job.status = "failed" if error is not None else "done"
            job.finished = _now()
        job.ended.set()

    def run(self, job: Job) -> dict[str, Any]:
        """Check the file's content limits, ingest it, sync Neo4j if configured, serve the new data."""
        settings = self.service.settings
        if settings.graph_backend == "neo4j":
            report = import_catalog(settings, self.service.data, job.path, sidecar=job.sidecar, actor=job.actor,
                                    file=job.file)
        else:
            report = import_in_child(settings, job)
        self.service.load_current()
        return report

    def close(self) -> None:
        """Stop after the running job; the uploads still waiting are dropped with their temporary files."""
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                shutil.rmtree(job.folder, ignore_errors=True)
                self._finish(job, error={"code": "SERVER_STOPPED", "message": "服务已停止，该导入任务未执行，请重新上传"})
        self._queue.put(None)


def import_catalog(settings: Any, data: Any, path: Path, *, sidecar: Path | None, actor: str,
                   file: str) -> dict[str, Any]:
    """One upload's import: content limits, the ingest, the Neo4j sync when that is the backend."""
    from api.uploads import check_catalog_content
    from ingest.pipeline import ingest_catalog

    check_catalog_content(path, settings)
    # one writer lock over the ingest and the Neo4j sync: no other writer comes in between
    with data.writer(f"upload catalog {file} ({actor})"):
        report: dict[str, Any] = ingest_catalog(path, data, sidecar=sidecar, actor=actor)
        if settings.graph_backend == "neo4j":
            from api.service import sync_neo4j

            try:
                report["neo4j"] = sync_neo4j(settings, data)
            except BackendUnavailable as exc:
                raise BackendUnavailable(
                    f"目录已写入本地数据，但未能同步到 Neo4j（{exc.message}）；请修复后运行 yiju sync neo4j",
                    code="NEO4J_SYNC_FAILED") from exc
    return report


def import_in_child(settings: Any, job: Job) -> dict[str, Any]:
    """``import_catalog`` in a child process (``python -m api.jobs``); its error raised here as a ``YijuError``."""
    result = job.folder / "result.json"
    request = {"settings": settings.model_dump(mode="json"), "path": str(job.path), "file": job.file,
               "sidecar": str(job.sidecar) if job.sidecar else None, "actor": job.actor, "result": str(result)}
    root = str(Path(__file__).resolve().parent.parent)  # the checkout or site-packages holding api/
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    done = subprocess.run([sys.executable, "-m", "api.jobs"], input=json.dumps(request), text=True, env=env,
                          capture_output=True, check=False)
    try:
        answer: dict[str, Any] = json.loads(result.read_text("utf-8"))
    except (OSError, ValueError):
        log.error("catalog import %s: the import process ended with %s without a result:\n%s",
                  job.id, done.returncode, done.stderr[-4000:])
        raise _JobFailed(dict(INTERNAL_ERROR)) from None
    if "error" in answer:
        raise _JobFailed(answer["error"])
    report: dict[str, Any] = answer["report"]
    return report


class _JobFailed(YijuError):
    """An error the import process reported, as it reported it."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(str(error.get("message") or INTERNAL_ERROR["message"]), code=str(error.get("code") or "INTERNAL"))
        self.error = error

    def to_dict(self) -> dict[str, Any]:
        return self.error


def _child_main() -> None:
    """The import process: a request as JSON on stdin, the report or the error as JSON in its result file."""
    from api.service import to_jsonable
    from kg.datadir import DataDir
    from kg.settings import CLI_WRITER_WAIT, Settings

    logging.basicConfig(level=logging.WARNING)
    if hasattr(os, "nice"):
        os.nice(IMPORT_NICENESS)  # a background job: requests to the server come first for the CPU
    request = json.loads(sys.stdin.read())
    settings = Settings(**request["settings"])
    wait = settings.writer_wait if settings.writer_wait is not None else CLI_WRITER_WAIT
    answer: dict[str, Any]
    try:
        report = import_catalog(settings, DataDir(settings.data_dir, writer_wait=wait), Path(request["path"]),
                                sidecar=Path(request["sidecar"]) if request["sidecar"] else None,
                                actor=request["actor"], file=request["file"])
        answer = {"report": to_jsonable(report)}
    except YijuError as exc:
        answer = {"error": to_jsonable(exc.to_dict())}
    except Exception:  # noqa: BLE001 - reported to the server as an internal error, the trace on stderr
        log.exception("catalog import failed")
        answer = {"error": dict(INTERNAL_ERROR)}
    out = Path(request["result"])
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(answer, ensure_ascii=False, default=str), "utf-8")
    tmp.replace(out)


if __name__ == "__main__":
    _child_main()
