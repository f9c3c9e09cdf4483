"""Liveness and what is being served."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Cfg, Pinned, Svc
from api.errors import error_responses
from api.models import Health
from kg.gazetteer import gazetteer

router = APIRouter(tags=["运维"])


@router.get("/healthz", response_model=Health, summary="服务状态与数据规模",
            responses=error_responses(404, 503))
def healthz(view: Pinned, svc: Svc, settings: Cfg) -> Health:
    store = view.store
    return Health(status="ok", generation=view.generation_id or svc.generation(), backend=settings.graph_backend,
                  statutes=store.count("Statute"), provisions=store.count("Provision"),
                  items=store.count("PenaltyItem"), loading=svc.loading, load_error=svc.load_error,
                  divisions=gazetteer().edition)
