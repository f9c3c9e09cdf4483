"""Import jobs: the status and report of an upload."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import Jobs
from api.errors import error_responses
from api.models import Job
from kg.errors import NotFound

router = APIRouter(tags=["目录"])


@router.get("/jobs/{job_id}", response_model=Job, summary="导入任务的状态与报告",
            responses=error_responses(404, 422))
def job(jobs: Jobs, job_id: str) -> Any:
    found = jobs.get(job_id)
    if found is None:
        raise NotFound(f"未找到导入任务「{job_id[:40]}」（任务只保留在本次服务运行期间）", code="JOB_NOT_FOUND")
    return found
