"""What an ingest reports: :class:`IngestReport` (for people and for tests) and diagnostics as dicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kg.model import Diagnostic


@dataclass
class IngestReport:
    """What an ingest did, for people and for tests."""

    kind: str
    files: int = 0
    parsed: int = 0
    rejected: int = 0
    skipped: int = 0
    statutes: int = 0
    versions: int = 0
    articles: int = 0
    penalty_provisions: int = 0
    township_competent: int = 0
    history: dict[str, int] = field(default_factory=dict)  # 施行 dates read / presumed, repeal relations
    cached: int = 0
    unchanged: bool = False
    seconds: float = 0.0
    generation: str | None = None
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    catalogs: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def restore(self, saved: dict[str, Any]) -> None:
        """Take the figures a manifest kept (``laws_report``); unknown keys are ignored."""
        self.__dict__.update({k: v for k, v in saved.items() if k in self.__dict__})


def diag(d: Diagnostic) -> dict[str, Any]:
    """A diagnostic as a dict without its empty fields."""
    return {k: v for k, v in asdict(d).items() if v is not None}
